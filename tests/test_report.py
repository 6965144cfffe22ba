"""The HTML report as a string: sections, anchors, links, charts, no network resources, escaping."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from sora_meta.analysis import corpus_view
from sora_meta.models import Options
from sora_meta.pipeline import Analysis, analyze
from sora_meta.report import (
    build_report,
    claim_spans,
    company_chart,
    date_label,
    date_span,
    marked,
    timeline_chart,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SECTIONS = (
    "overview",
    "timeline",
    "companies",
    "figures",
    "corroborated",
    "conflicts",
    "documents",
    "claims",
)


@pytest.fixture(scope="module")
def seeds_analysis() -> Analysis:
    return analyze([str(SEEDS)], Options(use_cache=False))


@pytest.fixture(scope="module")
def seeds_view(seeds_analysis: Analysis) -> dict[str, Any]:
    return corpus_view(seeds_analysis)


@pytest.fixture(scope="module")
def page(seeds_analysis: Analysis, seeds_view: dict[str, Any]) -> str:
    return build_report(seeds_analysis, seeds_view)


def ids(page: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', page)


def test_every_section_is_there_in_order(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    positions = [page.index(f'<section id="{sid}">') for sid in SECTIONS]
    assert positions == sorted(positions)
    for title in ("Timeline", "Companies", "Key figures", "Corroborated", "Conflicts", "Claims in context"):
        assert f"<h2>{title}</h2>" in page


def test_one_anchor_per_claim_and_ids_are_unique(page: str, seeds_analysis: Analysis) -> None:
    claim_ids = set(seeds_analysis.claims["claim_id"])
    anchors = [i.removeprefix("claim-") for i in ids(page) if i.startswith("claim-")]
    assert sorted(anchors) == sorted(claim_ids)
    assert len(ids(page)) == len(set(ids(page)))


def test_every_link_points_at_an_anchor_on_the_page(page: str, seeds_view: dict[str, Any]) -> None:
    targets = set(ids(page))
    links = re.findall(r'href="([^"]*)"', page)
    assert links and all(link.startswith("#") for link in links)
    assert {link[1:] for link in links} <= targets
    # Key figures link each figure to its sentence in context.
    for f in seeds_view["figures"]:
        assert f'href="#claim-{f["claim_id"]}"' in page


def test_no_network_resources(page: str) -> None:
    assert not re.search(r"<[^>]*\ssrc=", page)  # no images, scripts or frames fetched from anywhere
    assert not re.search(r"<(link|iframe|object|embed|img|image|use|base)\b", page)
    assert not re.search(r'\s(href|action|xlink:href|poster|srcset)="(?!#)', page)  # links stay on the page
    inline = "".join(re.findall(r"<(?:style|script)>(.*?)</(?:style|script)>", page, re.S))
    assert inline and "@import" not in inline and "url(" not in inline and "http" not in inline
    assert "fetch(" not in inline and "XMLHttpRequest" not in inline
    assert "default-src &#x27;none&#x27;" in page  # and the browser enforces it (a CSP meta)


def test_csp_hashes_match_the_inline_style_and_script(page: str) -> None:
    """The page forbids everything but its own style and script; the browser must still accept those two."""

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style and script
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp
    policy = csp.group(1).replace("&#x27;", "'")
    assert f"style-src {digest(style.group(1))}" in policy
    assert f"script-src {digest(script.group(1))}" in policy


def test_company_chart_has_three_bars_per_company_for_the_top_15(
    page: str, seeds_view: dict[str, Any]
) -> None:
    shown = min(15, len(seeds_view["companies"]))
    assert shown == 15  # the seeds name more than 15 companies
    chart = re.search(r'<svg class="chart company-chart co-wide".*?</svg>', page, re.S)
    narrow = re.search(r'<svg class="chart company-chart co-narrow".*?</svg>', page, re.S)
    assert chart and narrow
    svg = chart.group(0)
    assert narrow.group(0).count('class="bar bar-') == 3 * shown
    assert svg.count('class="bar bar-') == 3 * shown
    for metric in ("documents", "mentions", "figures"):
        assert svg.count(f'class="bar bar-{metric}"') == shown
    names = re.findall(r'<text class="co-label"[^>]*>([^<]*)</text>', svg)
    assert names == [c["name"] for c in seeds_view["companies"][:15]]
    assert names[:2] == ["Meta", "OpenAI"]


def test_timeline_chart_places_every_dated_claim(page: str, seeds_view: dict[str, Any]) -> None:
    for size in ("wide", "narrow"):
        chart = re.search(rf'<svg class="chart timeline-chart tl-{size}".*?</svg>', page, re.S)
        assert chart
        svg = chart.group(0)
        dates = {t["date"] for t in seeds_view["timeline"]}
        placed = {d for d in dates if date_span(d)}
        assert set(re.findall(r'class="mark [a-z]+" data-date="([^"]+)"', svg)) == placed
        assert {"2021", "2021-03", "2024-02-16", "2031"} <= placed
        # Year-less dates are listed under a heading, not placed on the axis.
        assert "19 Feb (no year)" in svg and "cannot be placed" in svg
        # One row per date and kind, each linking to a claim of that date and listing all of them.
        rows = re.findall(r'<a href="#claim-([0-9a-f]+)" class="tl-row" data-claims="([0-9a-f ]+)">', svg)
        assert len(rows) == len({(t["date"], t["kind"]) for t in seeds_view["timeline"]})
        assert sorted(c for _, ids in rows for c in ids.split()) == sorted(
            t["claim_id"] for t in seeds_view["timeline"]
        )


def test_partial_dates_cover_their_period() -> None:
    assert date_span("2024") == (2024.0, 2025.0)
    assert date_span("2023-Q3") == (2023.5, 2023.75)
    assert date_span("2023-H1") == (2023.0, 2023.5)
    start, end = date_span("2024-02") or (0, 0)
    assert 2024.08 < start < end < 2024.17
    day = date_span("2024-02-16") or (0, 0)
    assert start < day[0] < day[1] < end
    week = date_span("2020-W16") or (0, 0)
    assert 2020.28 < week[0] < week[1] < 2020.31
    assert date_span("2023-09/2023-11") == (
        (date_span("2023-09") or (0, 0))[0],
        (date_span("2023-11") or (0, 0))[1],
    )
    assert date_span("--02-19") is None
    assert date_span("2024-13") is None
    assert date_span("") is None


def test_dates_in_words() -> None:
    assert date_label("2021-03") == "Mar 2021"
    assert date_label("2024-02-16") == "16 Feb 2024"
    assert date_label("2023-Q3") == "Q3 2023"
    assert date_label("2020-W16") == "week 16, 2020"
    assert date_label("--02-19") == "19 Feb (year not stated)"
    assert date_label("2024/2025") == "2024 – 2025"
    assert date_label("2024") == "2024"


def test_a_timeline_within_one_year_gets_month_ticks() -> None:
    svg = timeline_chart(
        [
            {"claim_id": "a", "date": "2024-03", "kind": "money", "figure": "$1", "doc_id": "d"},
            {"claim_id": "b", "date": "2024-Q3", "kind": "percent", "figure": "5%", "doc_id": "d"},
        ]
    )
    assert ">Mar 2024</text>" in svg and ">Jan 2025</text>" in svg
    assert svg.count('class="mark period"') == 2
    assert timeline_chart([]) == ""


def test_company_chart_counts_zero_bars_too() -> None:
    companies = [{"name": f"C{i}", "documents": 2, "claims": i % 2, "figures": 0} for i in range(20)]
    svg = company_chart(companies)
    assert svg.count('class="bar bar-') == 45
    assert svg.count('width="0.0"') == 15 + 8  # every figure bar, and the mentions bars of even companies


def test_figure_is_marked_in_its_sentence(page: str, seeds_analysis: Analysis) -> None:
    row = seeds_analysis.claims.set_index("claim_id").loc["ee5de790bdf7a79e"]
    assert row["figure"] == "7 trillion US dollars"
    block = re.search(r'<article class="claim" id="claim-ee5de790bdf7a79e"[^>]*>.*?</article>', page, re.S)
    assert block
    assert '<mark class="fig">7 trillion US dollars</mark>' in block.group(0)
    assert "004_9a5a30214b84ac3c.txt · sentence chars 5261–5463 · figure chars 5385–5406" in block.group(0)
    # An Indonesian claim: the figure marked in the original sentence.
    assert '<mark class="fig">sekitar 12 juta dolar AS</mark>' in page


def test_claim_spans_use_offsets_and_mark_dates() -> None:
    claim = {
        "sentence": "Revenue of $5 was $5 in 2023.",
        "figure": "$5",
        "start": 100,
        "figure_start": 118,
        "date_text": "2023",
    }
    assert claim_spans(claim) == [(18, 20, "fig"), (24, 28, "date")]
    assert marked(claim["sentence"], claim_spans(claim)) == (
        'Revenue of $5 was <mark class="fig">$5</mark> in <mark class="date">2023</mark>.'
    )
    assert marked("a" * 50 + "<b>" + "c" * 50, [(50, 53, "fig")], width=20).startswith("…")


def test_corroborated_and_conflicts_link_their_claims(
    seeds_analysis: Analysis, seeds_view: dict[str, Any]
) -> None:
    claims = seeds_analysis.claims.set_index("claim_id")
    group = ["9571dac21919c17d", "ee5de790bdf7a79e"]
    entry = {
        "subject": "OpenAI",
        "metric": "funding",
        "unit": "USD",
        "claims": [
            {
                "claim_id": cid,
                **{k: claims.loc[cid, k] for k in ("doc_id", "value", "unit", "figure", "sentence")},
            }
            | {"sentence_en": "", "qualifier": "exact", "date": "", "lang": "en"}
            for cid in group
        ],
    }
    view = copy.deepcopy(seeds_view) | {"corroborated": [entry], "conflicts": []}
    page = build_report(seeds_analysis, view)
    section = re.search(r'<section id="corroborated">.*?</section>', page, re.S)
    assert section
    assert "OpenAI" in section.group(0) and "funding" in section.group(0)
    assert "2 claims in 2 documents" in section.group(0)
    for cid in group:
        assert f'href="#claim-{cid}"' in section.group(0)
    conflicts = re.search(r'<section id="conflicts">.*?</section>', page, re.S)
    assert conflicts and "None found." in conflicts.group(0)


def test_a_conflict_says_why_its_claims_compare_and_how_far_apart(
    seeds_analysis: Analysis, seeds_view: dict[str, Any]
) -> None:
    # The seeds' one conflict: two estimates of GPT-3's training cost in article 001.
    page = build_report(seeds_analysis, seeds_view)
    section = re.search(r'<section id="conflicts">.*?</section>', page, re.S)
    assert section
    text = section.group(0)
    assert '<span class="period">undated</span>' in text
    assert '<span class="spread">1.4 vs 12 million USD, ×8.57</span>' in text
    assert "same subject (GPT-3), metric (training cost), period (undated), unit (USD)" in text


def test_sections_the_view_lacks_say_so(seeds_analysis: Analysis, seeds_view: dict[str, Any]) -> None:
    view = {k: v for k, v in seeds_view.items() if k not in ("corroborated", "conflicts")}
    page = build_report(seeds_analysis, view)
    for sid in ("corroborated", "conflicts"):
        section = re.search(rf'<section id="{sid}">.*?</section>', page, re.S)
        assert section and "Not in this analysis" in section.group(0)


def test_corpus_text_is_escaped_everywhere(tmp_path: Path) -> None:
    doc = tmp_path / "evil.txt"
    doc.write_text(
        'OpenAI "quoted" results <script>alert(1)</script> and more\n\n'
        'OpenAI said on Monday that revenue rose to $5 billion in 2023, a "record" <script>alert(1)</script> '
        "for the company.\n\n"
        "Microsoft, which backs OpenAI, said its cloud revenue grew 20% in the quarter, "
        'analysts said "<b>bold</b>".\n',
        encoding="utf-8",
    )
    analysis = analyze([str(doc)], Options(use_cache=False))
    assert (analysis.claims["sentence"].str.contains("<script>", regex=False)).any()
    view = corpus_view(analysis)
    view["companies"] = [
        {
            "name": '"><img src=x onerror=alert(2)>',
            "documents": 1,
            "claims": 1,
            "figures": 1,
            "languages": ["en"],
            "doc_ids": ["evil.txt"],
        }
    ]
    view["documents"][0]["url"] = "javascript:alert(3)"
    page = build_report(analysis, view)
    assert "javascript:" not in page  # an address that is not http(s) is neither a link nor shown
    view["documents"][0]["url"] = 'https://example.com/"onmouseover="alert(4)'
    quoted = build_report(analysis, view)
    assert 'href="https://example.com/&quot;onmouseover=&quot;alert(4)"' in quoted
    assert 'onmouseover="' not in quoted
    assert page.count("<script>") == 1  # the page's own
    assert "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;" in page
    assert "<img" not in page and "<b>bold" not in page
    assert not re.search(r"<[^>]*\ssrc=", page)  # src= only as escaped text
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "results &lt;script&gt;" in page  # the title, in the documents table and claims in context
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page


def test_same_input_same_page(seeds_analysis: Analysis, page: str) -> None:
    assert build_report(seeds_analysis) == page


def test_a_corpus_without_claims_still_gives_a_page(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "plain.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    analysis = analyze([str(tmp_path)], Options(use_cache=False))
    page = build_report(analysis)
    for sid in SECTIONS:
        assert f'<section id="{sid}">' in page
    assert "No claim in these documents carries a date." in page
    assert "status-empty" in page
