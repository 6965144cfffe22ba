"""Lead sentences that open with a date (or a place and a date) are content, not datelines."""

from __future__ import annotations

import pytest

from sora_meta.ingest.clean import clean
from sora_meta.ingest.metadata import Dateline, find_metadata, parse_date, read_dateline


def _doc(text: str) -> tuple[str, str, list[str]]:
    """Source, publication date and the content paragraphs (not furniture) of a text."""
    paragraphs = clean(text)
    meta = find_metadata(text, paragraphs)
    for i in meta.datelines:
        paragraphs[i].furniture = True
    return meta.source, meta.published, [text[p.start : p.end] for p in paragraphs if not p.furniture]


@pytest.mark.parametrize(
    ("lead", "published"),
    [
        ("June 3, 2022 — Volvo Cars said its deliveries rose 12% to 51,000 cars.", "2022-06-03"),
        ("OSLO, June 3, 2022 – Equinor said output climbed 4% to 2.1 million barrels a day.", "2022-06-03"),
        ("Updated 3 June 2022: Equinor said output climbed 4% to 2.1 million barrels a day.", "2022-06-03"),
        ("On 3 June 2022, Volvo Cars said its deliveries rose 12% to 51,000 cars.", ""),
        ("MEDAN, 9 Agustus 2022 - PT Bank Sumut membukukan laba Rp 500 miliar, naik 7%.", "2022-08-09"),
        ("Pada 9 Agustus 2022, PT Bank Sumut membukukan laba Rp 500 miliar.", ""),
        ("8月9日消息，比亚迪今日公布，上半年净利润增长35%。", "--08-09"),
        ("8月9日晚间消息，比亚迪公布上半年营收1500亿元。", "--08-09"),
        ("2022年8月9日电 比亚迪公布上半年营收1500亿元。", "2022-08-09"),
    ],
)
def test_lead_sentence_stays_content_and_is_never_a_source(lead: str, published: str) -> None:
    text = f"A headline about results\n\n{lead}\n\nA second paragraph of the story goes on here.\n"
    source, got_published, content = _doc(text)
    assert lead in content
    assert source == ""
    assert got_published == published


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("LONDON, May 2 (Reuters) -", Dateline("Reuters", "--05-02", "dateline")),
        ("LONDON, May 2 (Reuters) - BP said profit fell 15%.", Dateline("Reuters", "--05-02", "lead")),
        ("MEDAN, Kompas.com — Selasa, 9 Agustus 2022", Dateline("Kompas.com", "2022-08-09", "dateline")),
        ("9 Agustus 2022 | Kompas.com", Dateline("Kompas.com", "2022-08-09", "dateline")),
        ("2022-08-09 09:30 来源：财联社", Dateline("财联社", "2022-08-09", "dateline")),
        ("By Ana Lima, Bloomberg", Dateline("Bloomberg", "", "byline")),
        # not datelines, not bylines
        ("By June, Volvo expects deliveries to rise 5%", Dateline()),
        ("By March the plant will make 300 cars a day", Dateline()),
        ("She joined the board on May 2, 2022.", Dateline()),
    ],
)
def test_real_datelines_keep_their_source(line: str, expected: Dateline) -> None:
    assert read_dateline(line) == expected


def test_reuters_dateline_lead_gives_the_outlet_and_keeps_the_sentence() -> None:
    lead = "LONDON, May 2 (Reuters) - BP said quarterly profit fell 15% to $5 billion."
    source, published, content = _doc(f"BP profit falls\n\n{lead}\n")
    assert (source, published) == ("Reuters", "--05-02")
    assert lead in content


def test_place_before_a_date_is_not_a_source() -> None:
    source, published, _ = _doc("Title here\n\nOSLO, June 3, 2022\n\nEquinor said output rose 4%.\n")
    assert (source, published) == ("", "2022-06-03")


@pytest.mark.parametrize(
    ("span", "iso"),
    [
        ("5/7/2022", ""),  # 7 May in English, 5 July in Indonesian: no answer rather than a wrong one
        ("5/27/2022", "2022-05-27"),
        ("27/5/2022", "2022-05-27"),
        ("9 Agustus 2022", "2022-08-09"),
        ("August 9, 2022", "2022-08-09"),
        ("2022年8月", "2022-08"),
        ("2022", ""),
        ("2022年第二季度", ""),
    ],
)
def test_dateline_dates_use_the_extractor_grammar(span: str, iso: str) -> None:
    assert parse_date(span) == iso


def test_no_month_table_of_its_own() -> None:
    import json
    from importlib import resources

    data = json.loads(resources.files("sora_meta.ingest").joinpath("data/metadata.json").read_text("utf-8"))
    assert "months" not in data
