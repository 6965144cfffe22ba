"""The report's layout and interaction: timeline labels that never overlap (from the SVG's own
coordinates, and measured by Chromium when it is installed), time order, kind colours, the
filters' data attributes, numeric sorting, and claim cards with links, highlights and English."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sora_meta.analysis import corpus_view
from sora_meta.models import Options
from sora_meta.pipeline import Analysis, analyze
from sora_meta.report import (
    KIND_COLOURS,
    TIMELINE_NARROW,
    TIMELINE_WIDTH,
    build_report,
    date_span,
    fit_text,
    safe_url,
    text_width,
    timeline_chart,
)

from .test_cli_report import chromium, run_chromium

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SVG = "{http://www.w3.org/2000/svg}"
WIDTHS = (TIMELINE_WIDTH, TIMELINE_NARROW)

Box = tuple[float, float, float, float]  # left, top, right, bottom


def crowded_timeline() -> list[dict[str, Any]]:
    """Many claims on close dates, of every kind and precision, with long and CJK labels."""
    figures = [
        "US$13,717 miliar",
        "约三十亿元人民币的融资总额",
        "超过百分之八十的市场份额和用户增长",
        "more than ten billion dollars in the quarter",
        "34,57%",
        "1.000 GPU",
        "１２３，４５６台",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        "삼성전자 매출 300조 원",
        "",
    ]
    dates = [f"2024-02-{d:02d}" for d in range(1, 21)] + [
        "2024-02",
        "2024-Q1",
        "2024",
        "2024-W07",
        "2023-09/2023-11",
        "2024-H1",
        "--02-19",
        "--02-15",
        "--12-31",
    ]
    kinds = ["money", "percent", "quantity", "event"]
    items = []
    for i, (day, kind) in enumerate(itertools.product(dates, kinds)):
        if (i * 7) % 3 == 0:
            continue
        figure = figures[i % len(figures)]
        items.append(
            {
                "claim_id": f"{i:016x}",
                "date": day,
                "kind": kind,
                "figure": "" if kind == "event" else figure,
                "subject": "阿里巴巴集团控股有限公司" if kind == "event" else "",
                "companies": ["Alibaba"],
                "doc_id": f"d{i % 3}",
            }
        )
    return items


def text_boxes(svg: str) -> tuple[list[tuple[str, Box]], Box]:
    """Every <text> of a drawing with the box it covers, estimated from its own x, y, font-size and
    anchor (wide glyphs a whole em, as `text_width`); and the drawing's viewBox."""
    root = ET.fromstring(svg)
    vx, vy, vw, vh = (float(v) for v in root.attrib["viewBox"].split())
    boxes = []
    for el in root.iter(f"{SVG}text"):
        text = "".join(el.itertext())
        size = float(el.attrib["font-size"])
        x, y = float(el.attrib["x"]), float(el.attrib["y"])
        w = text_width(text, size)
        anchor = el.attrib.get("text-anchor", "start")
        left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        boxes.append((text, (left, y - size, left + w, y + 0.3 * size)))
    return boxes, (vx, vy, vx + vw, vy + vh)


def intersect(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: Box, frame: Box) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_timeline_label_overlaps_another_or_leaves_the_drawing(width: int) -> None:
    svg = timeline_chart(crowded_timeline(), width)
    boxes, frame = text_boxes(svg)
    assert len(boxes) > 60
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t, _ in boxes)  # CJK labels are among them
    for text, box in boxes:
        assert inside(box, frame), f"{text!r} leaves the drawing: {box} not in {frame}"
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        assert not intersect(b1, b2), f"{t1!r} {b1} overlaps {t2!r} {b2}"


def test_long_labels_are_cut_with_an_ellipsis_not_clipped() -> None:
    svg = timeline_chart(crowded_timeline(), TIMELINE_NARROW)
    labels = [t for t, _ in text_boxes(svg)[0]]
    assert any(t.startswith("WWWW") and "…" in t for t in labels)
    assert fit_text("约三十亿元人民币", 10, 45) == "约三十…"
    assert fit_text("short", 10, 1000) == "short"
    assert text_width("三十亿", 10) == 30  # a CJK glyph is a whole em
    assert text_width("WW", 10) >= text_width("ii", 10) * 2


def test_ticks_are_thinned_to_the_width() -> None:
    items = [
        {"claim_id": f"{m:016x}", "date": f"2024-{m:02d}", "kind": "money", "figure": "$1", "doc_id": "d"}
        for m in range(1, 13)
    ]
    wide = re.findall(r'class="tick"[^>]*>([^<]*)<', timeline_chart(items, TIMELINE_WIDTH))
    narrow = re.findall(r'class="tick"[^>]*>([^<]*)<', timeline_chart(items, TIMELINE_NARROW))
    assert wide[0] == "Jan 2024" and wide[-1] == "Jan 2025"
    assert 2 <= len(narrow) < len(wide) <= 13  # fewer ticks where there is less room
    for width in WIDTHS:  # and none overlaps (the whole drawing is checked above)
        ticks = [b for t, b in text_boxes(timeline_chart(items, width))[0] if t in wide + narrow]
        assert all(not intersect(a, b) for a, b in itertools.combinations(ticks, 2))


def test_rows_are_in_time_order_and_coloured_by_kind() -> None:
    svg = timeline_chart(crowded_timeline(), TIMELINE_WIDTH)
    root = ET.fromstring(svg)
    marks = [el for el in root.iter() if "mark" in el.attrib.get("class", "").split()]
    dated = [el.attrib["data-date"] for el in marks if "data-date" in el.attrib]
    starts = [(date_span(d) or (0.0, 0.0))[0] for d in dated]
    assert starts == sorted(starts)  # mixed precision, by the start of the period
    assert dated.index("2023-09/2023-11") == 0 and dated.index("2024") < dated.index("2024-02-01")
    # Year-less rows come last, under their heading.
    assert svg.index("cannot be placed") > svg.index('data-date="2024-02-20"')
    # Each row is one kind, drawn in that kind's colour; its label says which claims it holds.
    for row in root.iter(f"{SVG}a"):
        title = "".join(next(row.iter(f"{SVG}title")).itertext())
        kind = title.split(" · ")[1].split(":")[0]
        mark = next(el for el in row.iter() if "mark" in el.attrib.get("class", "").split())
        assert mark.attrib["fill"] == KIND_COLOURS[kind]
    legend_kinds = set(KIND_COLOURS)
    assert {"money", "percent", "quantity", "event"} == legend_kinds


# ---------------------------------------------------------------------------------------------
# The page: filters, sorting, claim cards


@pytest.fixture(scope="module")
def seeds_analysis() -> Analysis:
    return analyze([str(SEEDS)], Options(use_cache=False))


@pytest.fixture(scope="module")
def page(seeds_analysis: Analysis) -> str:
    return build_report(seeds_analysis)


def options(page: str, facet: str) -> list[str]:
    select = re.search(rf'<select name="{facet}" data-facet="{facet}">(.*?)</select>', page, re.S)
    assert select
    found = re.findall(r'<option value="(\d*)">([^<]*?)(?: \(\d+\))?</option>', select.group(1))
    assert [v for v, _ in found[1:]] == [str(i) for i in range(len(found) - 1)]
    return [label for _, label in found[1:]]


def test_filter_bar_lists_every_language_company_kind_and_document(
    page: str, seeds_analysis: Analysis
) -> None:
    claims = seeds_analysis.claims
    assert '<div class="filters" id="filters" hidden>' in page  # shown by the script only
    assert options(page, "lang") == ["id", "en", "zh"]  # the language with the most claims first
    assert set(options(page, "kind")) == set(claims["kind"])
    assert options(page, "doc") == sorted(seeds_analysis.documents["doc_id"])
    named = {n for names in claims["companies"] for n in names}
    assert named <= set(options(page, "co"))


def test_every_claim_card_says_what_it_can_be_filtered_by(page: str, seeds_analysis: Analysis) -> None:
    facets = {f: options(page, f) for f in ("lang", "co", "kind", "doc")}
    cards = re.findall(
        r'<article class="claim" id="claim-([0-9a-f]+)" data-facets data-lang="([\d ]*)" '
        r'data-co="([\d ]*)" data-kind="([\d ]*)" data-doc="([\d ]*)">',
        page,
    )
    claims = seeds_analysis.claims.set_index("claim_id")
    assert len(cards) == len(claims)
    for cid, lang, co, kind, doc in cards:
        row = claims.loc[cid]

        def named(facet: str, numbers: str) -> list[str]:
            return [facets[facet][int(n)] for n in numbers.split()]

        assert named("lang", lang) == [row["lang"]]
        assert named("kind", kind) == [row["kind"]]
        assert named("doc", doc) == [row["doc_id"]]
        assert sorted(named("co", co)) == sorted(row["companies"])


def test_tables_and_timeline_rows_follow_the_claim_cards(page: str, seeds_analysis: Analysis) -> None:
    claim_ids = set(seeds_analysis.claims["claim_id"])
    referenced = re.findall(r'data-claims="([0-9a-f ]+)"', page)
    assert referenced and {c for ids in referenced for c in ids.split()} <= claim_ids
    figures = re.search(r'<section id="figures">.*?</section>', page, re.S)
    assert figures
    rows = re.findall(r'<tr data-claims="([0-9a-f]+)">', figures.group(0))
    assert len(rows) == (seeds_analysis.claims["kind"] == "money").sum()
    # Documents and companies carry their own values.
    documents = re.search(r'<section id="documents">.*?</section>', page, re.S)
    assert documents and len(re.findall(r"<tr data-facets ", documents.group(0))) == 5


def test_key_figures_sort_by_number_and_dates_by_time(page: str, seeds_analysis: Analysis) -> None:
    figures = re.search(r'<section id="figures">.*?</section>', page, re.S)
    assert figures
    heads = re.findall(r'<th scope="col" data-type="(\w+)">([^<]+)</th>', figures.group(0))
    assert ("num", "value") in heads and ("num", "date") in heads
    keys = [float(k) for k in re.findall(r'<span class="num" data-sort="([^"]+)">', figures.group(0))]
    money = seeds_analysis.claims[seeds_analysis.claims["kind"] == "money"]
    assert sorted(keys) == sorted(float(v) for v in money["value"])
    timeline = re.search(r'<section id="timeline">.*?</section>', page, re.S)
    assert timeline
    order = [int(k) for k in re.findall(r'<span data-sort="(\d+)">', timeline.group(0))]
    assert order == list(range(len(order))) and order  # the time order, as a number
    # The script compares numbers as numbers, not as text.
    assert "parseFloat(x)" in page and "localeCompare" in page


def test_csp_still_matches_with_the_filter_script(page: str) -> None:
    from .test_report import test_csp_hashes_match_the_inline_style_and_script

    test_csp_hashes_match_the_inline_style_and_script(page)


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, str]:
    """Articles from JSON Lines with addresses: http, https, javascript:, data: and a quoted one."""
    folder = tmp_path_factory.mktemp("linked")
    text = (
        "OpenAI said on Monday that revenue rose to $5 billion in 2023, a record for the company.\n\n"
        "Microsoft said its cloud revenue grew 20% in the quarter."
    )
    urls = [
        "https://news.example.com/a?x=1&y=2",
        "javascript:alert(1)",
        'http://example.org/b"><script>alert(2)</script>',
        "data:text/html,<script>alert(3)</script>",
        "",
    ]
    records = [
        {
            "title": f"Story {i}",
            "text": text.replace("$5", f"${i + 5}"),
            "url": url,
            "published": "2024-03-07",
        }
        for i, url in enumerate(urls)
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    analysis = analyze([str(folder)], Options(use_cache=False))
    assert list(analysis.documents["url"]) == urls
    claims = analysis.claims.copy()
    first = claims.index[0]
    claims.loc[first, "lang"] = "id"  # pretend the first sentence was Indonesian, then translated
    claims.loc[first, "sentence_en"] = "English: OpenAI said revenue rose."
    analysis = Analysis(analysis.documents, claims)
    return analysis, build_report(analysis, corpus_view(analysis))


def links_of(analysis: Analysis) -> list[str]:
    return [u if u.startswith("http") else "" for u in analysis.documents["url"]]


def test_claim_cards_link_to_http_sources_only(linked: tuple[Analysis, str]) -> None:
    analysis, page = linked
    links = re.findall(r'<a class="source" href="([^"]*)" rel="noopener noreferrer" target="_blank">', page)
    assert sorted(set(links)) == [  # escaped: a quote in an address cannot end the attribute
        "http://example.org/b&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
        "https://news.example.com/a?x=1&amp;y=2",
    ]
    assert "javascript:" not in page.replace("javascript:alert(1)", "")  # only as text, never a link
    assert not re.search(r'href="(?:javascript|data):', page)
    assert "<script>alert" not in page
    cards = re.findall(r'<article class="claim" id="claim-[0-9a-f]+"[^>]*>.*?</article>', page, re.S)
    first_doc = str(analysis.documents["doc_id"].iloc[0])
    with_links = {str(d) for d, u in zip(analysis.documents["doc_id"], links_of(analysis), strict=True) if u}
    assert with_links == {first_doc, str(analysis.documents["doc_id"].iloc[2])}
    for card in cards:
        doc = re.search(r'<div class="where">(\S+) · ', card)
        assert doc and ('class="source"' in card) == (doc.group(1) in with_links)
    # Every href on the page stays on the page except those source links.
    others = [h for h in re.findall(r'href="([^"]*)"', page) if not h.startswith("#")]
    assert others == links


def test_claim_card_marks_the_figure_and_shows_the_english(linked: tuple[Analysis, str]) -> None:
    analysis, page = linked
    first = analysis.claims.iloc[0]
    card = re.search(rf'<article class="claim" id="claim-{first["claim_id"]}"[^>]*>.*?</article>', page, re.S)
    assert card
    assert f'<mark class="fig">{first["figure"]}</mark>' in card.group(0)
    assert (
        '<blockquote class="en" lang="en"><span class="lang-tag">en</span>English: OpenAI said'
        in card.group(0)
    )
    other = analysis.claims.iloc[1]
    card = re.search(rf'<article class="claim" id="claim-{other["claim_id"]}"[^>]*>.*?</article>', page, re.S)
    assert card and 'class="en"' not in card.group(0)  # English already: no second copy


def test_only_absolute_http_urls_are_safe() -> None:
    assert safe_url("https://example.com/x") == "https://example.com/x"
    assert safe_url("HTTP://example.com") == "HTTP://example.com"
    for bad in (
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//example.com/x",
        "/relative",
        "https://",
        "https://exa mple.com",
        "https://example.com/\x00",
        "http://[::1",
        None,
        "",
    ):
        assert safe_url(bad) == "", bad


# ---------------------------------------------------------------------------------------------
# Measured by a browser: the estimate above is conservative for the fonts Chromium really uses.


@pytest.mark.parametrize("width", WIDTHS)
def test_chromium_measures_no_overlap_in_the_crowded_timeline(tmp_path: Path, width: int) -> None:
    binary = chromium()
    svg = timeline_chart(crowded_timeline(), width)
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        'body{margin:0;font:15px system-ui,"Noto Sans","Noto Sans CJK SC",sans-serif}'
        f"svg{{width:{width}px}}</style></head><body>{svg}<pre id=out></pre><script>"
        "var out=[];document.querySelectorAll('svg text').forEach(function(t){"
        "var b=t.getBBox();out.push([t.textContent,b.x,b.y,b.x+b.width,b.y+b.height]);});"
        "var v=document.querySelector('svg').viewBox.baseVal;"
        "document.getElementById('out').textContent=JSON.stringify({frame:[v.x,v.y,v.x+v.width,v.y+v.height],"
        "boxes:out});</script></body></html>",
        encoding="utf-8",
    )
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom", probe.as_uri())
    found = re.search(r"<pre id=\"out\">(.*?)</pre>", result.stdout, re.S)
    assert found, result.stderr[-2000:]
    data = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    frame = tuple(data["frame"])
    boxes = [(t, (a, b, c, d)) for t, a, b, c, d in data["boxes"]]
    assert len(boxes) > 60
    for text, box in boxes:
        assert inside(box, frame), f"{text!r} leaves the drawing: {box}"
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        assert not intersect(b1, b2), f"{t1!r} {b1} overlaps {t2!r} {b2}"
    # The estimate is never narrower than the real text.
    estimated = dict(text_boxes(svg)[0])
    for text, box in boxes:
        assert box[2] - box[0] <= estimated[text][2] - estimated[text][0] + 0.5, text
