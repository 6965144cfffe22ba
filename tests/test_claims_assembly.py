"""Claim assembly: subjects, nearest dates, stable ids."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from sora_meta.claims import (
    _OTHER_FIELDS,
    BLOCK_CHARS,
    _blocks,
    _shifted,
    block_mentions,
    claim_id,
    collapse,
    counted_sentences,
    event_date,
    nearest_date,
    subject_of,
    unique_names,
)
from sora_meta.extract.companies import Gazetteer
from sora_meta.extract.dates import context_year_of, find_dates
from sora_meta.extract.figures import find_figures
from sora_meta.ingest.formats import read_bytes
from sora_meta.models import CompanyMention, DateMention, Document, Figure, Paragraph, Sentence
from sora_meta.segment import segment


def company(text: str, sentence: str, name: str | None = None, occurrence: int = 0) -> CompanyMention:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(text, start + 1)
    return CompanyMention(start, start + len(text), text, name or text)


def figure(text: str, sentence: str) -> Figure:
    start = sentence.index(text)
    return Figure(start, start + len(text), text, "percent", 7.0, unit="%")


def test_subject_is_the_nearest_company_before_the_figure() -> None:
    s = "Adobe (ADBE.US) fell more than 7%, and Shutterstock fell more than 5% last Friday."
    companies = [company("Adobe", s), company("Shutterstock", s)]
    assert subject_of(figure("more than 7%", s), s, companies) == "Adobe"
    assert subject_of(figure("more than 5%", s), s, companies) == "Shutterstock"


def test_subject_stops_at_a_clause_break() -> None:
    s = "Meta lost US$13,717 miliar; Roblox lost US$60 miliar; the market fell 5%."
    companies = [company("Meta", s), company("Roblox", s)]
    assert subject_of(figure("US$13,717 miliar", s), s, companies) == "Meta"
    assert subject_of(figure("US$60 miliar", s), s, companies) == "Roblox"
    assert subject_of(figure("5%", s), s, companies) == ""


def test_subject_after_the_figure_only_when_it_is_the_only_company() -> None:
    s = "A loss of 5% hit Meta."
    assert subject_of(figure("5%", s), s, [company("Meta", s)]) == "Meta"
    s2 = "A loss of 5% hit Meta and Google."
    assert subject_of(figure("5%", s2), s2, [company("Meta", s2), company("Google", s2)]) == ""


# (lang, sentence, the figure, its subject): a company the sentence cites as its source is not the
# subject; a company after the citation, or one that is only the sentence's actor, still is.
SOURCES = [
    ("en", "According to Canalys, tablet shipments fell 4% in the quarter.", "4%", ""),
    ("en", "According to a survey by Deloitte, budgets will grow 6% next year.", "6%", ""),
    ("en", "According to IDC, Lenovo kept a 24% share of the PC market.", "24%", "Lenovo"),
    ("en", "Lenovo said its PC revenue rose 9% in the quarter.", "9%", "Lenovo"),
    ("en", "Canalys data show tablet shipments fell 4% in the quarter.", "4%", ""),
    ("id", "Menurut data Canalys, pengiriman tablet turun 4% pada kuartal itu.", "4%", ""),
    ("id", "Lenovo mencatat pendapatan naik 9% pada kuartal itu.", "9%", "Lenovo"),
    ("zh", "据Canalys统计，平板出货量下降4%。", "4%", ""),
    ("zh", "Canalys数据显示，联想的份额达到24%。", "24%", "Lenovo"),
    ("zh", "据报道联想营收增长9%。", "9%", "Lenovo"),
    ("de", "Laut Canalys sanken die Auslieferungen von Tablets um 4 Prozent.", "4 Prozent", ""),
    ("de", "Canalys zufolge sanken die Auslieferungen um 4 Prozent.", "4 Prozent", ""),
    ("fr", "Selon Canalys, les livraisons de tablettes ont reculé de 4 %.", "4 %", ""),
    ("es", "Según Canalys, los envíos de tabletas cayeron un 4 %.", "4 %", ""),
    ("pt", "Segundo a Canalys, as entregas de tablets caíram 4%.", "4%", ""),
    ("pt", "No segundo trimestre a Lenovo teve alta de 9% na receita.", "9%", "Lenovo"),
    ("it", "Secondo Canalys le consegne di tablet sono calate del 4%.", "4%", ""),
    ("it", "Nel secondo trimestre Lenovo ha aumentato i ricavi del 9%.", "9%", "Lenovo"),
    ("nl", "Volgens Canalys daalden de leveringen van tablets met 4 procent.", "4 procent", ""),
    ("sv", "Enligt Canalys minskade leveranserna av surfplattor med 4 procent.", "4 procent", ""),
    ("ru", "По данным Canalys, поставки планшетов снизились на 4%.", "4%", ""),
    ("tr", "Canalys verilerine göre tablet sevkiyatları yüzde 4 düştü.", "yüzde 4", ""),
    ("ja", "Canalysによると、タブレットの出荷台数は4%減少した。", "4%", ""),
    ("ko", "Canalys에 따르면 태블릿 출하량은 4% 감소했다.", "4%", ""),
    ("vi", "Theo Canalys, lượng máy tính bảng xuất xưởng giảm 4%.", "4%", ""),
    ("hi", "Canalys के अनुसार टैबलेट की बिक्री 4% घटी।", "4%", ""),
]


@pytest.mark.parametrize(("lang", "sentence", "fig", "subject"), SOURCES)
def test_a_cited_source_is_not_the_subject(lang: str, sentence: str, fig: str, subject: str) -> None:
    names = {"Canalys": "Canalys", "Deloitte": "Deloitte", "IDC": "IDC", "Lenovo": "Lenovo", "联想": "Lenovo"}
    companies = [company(text, sentence, name) for text, name in names.items() if text in sentence]
    assert subject_of(figure(fig, sentence), sentence, companies, lang) == subject


def test_nearest_date_prefers_the_closest_mention() -> None:
    s = "In 2022 the loss was US$13,717 miliar, up 34,57% from 2021."
    d2022 = DateMention(s.index("2022"), s.index("2022") + 4, "2022", "2022")
    d2021 = DateMention(s.index("2021"), s.index("2021") + 4, "2021", "2021")
    loss = figure("US$13,717 miliar", s)
    growth = figure("34,57%", s)
    assert nearest_date(loss.start, loss.end, [d2022, d2021]) == d2022
    assert nearest_date(growth.start, growth.end, [d2022, d2021]) == d2021
    assert nearest_date(0, 1, []) is None


def test_nearest_date_stays_in_the_clause() -> None:
    s = "Meta lost more in 2022; Roblox lost US$60 miliar of market value."
    d2022 = DateMention(s.index("2022"), s.index("2022") + 4, "2022", "2022")
    loss = figure("US$60 miliar", s)
    assert nearest_date(loss.start, loss.end, [d2022], s) is None
    assert nearest_date(loss.start, loss.end, [d2022]) == d2022


def test_claim_ids_are_stable_and_distinct() -> None:
    assert claim_id("a.txt", 10, 20, "money") == claim_id("a.txt", 10, 20, "money")
    assert (
        len(
            {
                claim_id("a.txt", 10, 20, "money"),
                claim_id("a.txt", 10, 21, "money"),
                claim_id("b.txt", 10, 20, "money"),
                claim_id("a.txt", 10, 20, "percent"),
            }
        )
        == 4
    )
    # Pinned: ids must not change between versions, machines or runs.
    assert claim_id("a.txt", 10, 20, "money") == "0f63bd2d79a28421"


def test_helpers() -> None:
    assert collapse("  a \n b\t c ") == "a b c"
    s = "Meta and Facebook and Google"
    assert unique_names([company("Meta", s), company("Facebook", s, "Meta"), company("Google", s)]) == [
        "Meta",
        "Google",
    ]


def test_event_date_prefers_precise_then_explicit() -> None:
    s = "Last year, Meizu released glasses; XR will matter to Meizu in 2025, says a 2024-03-07 memo."
    last_year = DateMention(0, 9, "Last year", "2023", "relative")
    y2025 = DateMention(s.index("2025"), s.index("2025") + 4, "2025", "2025")
    day = DateMention(s.index("2024-03-07"), s.index("2024-03-07") + 10, "2024-03-07", "2024-03-07")
    assert event_date([last_year, y2025]) == y2025
    assert event_date([last_year, y2025, day]) == day
    assert (
        event_date([DateMention(0, 2, "Q3", "2023-Q3"), DateMention(5, 9, "2023", "2023")]).value == "2023-Q3"
    )
    assert event_date([]) is None


# ---------------------------------------------------------------------------- blocks of sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _segmented(path: Path) -> Document:
    doc = next(read_bytes(path.read_bytes(), path.name, str(path), "text"))
    return segment(doc)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_blocks_of_sentences_find_what_sentence_by_sentence_reading_finds(path: Path) -> None:
    """Extractors run once per block of sentences; each sentence gets exactly its own mentions."""
    doc = _segmented(path)
    gazetteer = Gazetteer.default()
    sentences = counted_sentences(doc)
    by_block = block_mentions(doc, sentences, gazetteer)
    year = context_year_of(
        (doc.text[s.start : s.end], s.lang, find_dates(doc.text[s.start : s.end], s.lang)) for s in sentences
    )
    for sent, found in zip(sentences, by_block, strict=True):
        raw = doc.text[sent.start : sent.end]
        dates = find_dates(raw, sent.lang, published=doc.published, context_year=year)
        assert found.dates == dates
        assert found.companies == gazetteer.find(raw, sent.lang)
        inside = [
            f
            for f in find_figures(raw, sent.lang)
            if any(d.start <= f.start and f.end <= d.end for d in dates)
        ]
        assert found.figures == [f for f in find_figures(raw, sent.lang) if f not in inside]
        for m in (*found.figures, *found.dates, *found.companies):
            assert raw[m.start : m.end] == m.text


def test_a_mention_across_a_sentence_boundary_belongs_to_no_sentence() -> None:
    doc = Document("d.txt", "d.txt", text="Revenue hit $5. 2 billion units shipped.", lang="en")
    doc.paragraphs = [Paragraph(0, len(doc.text), lang="en")]
    doc.sentences = [Sentence(0, 15, "en", 0), Sentence(16, len(doc.text), "en", 0)]
    found = block_mentions(doc, doc.sentences, Gazetteer.default())
    assert [f.text for f in found[0].figures] == ["$5"]
    assert [f.text for f in found[1].figures] == ["2 billion units"]


def test_blocks_stay_within_a_paragraph_and_a_size() -> None:
    sentences = [Sentence(i * 1000, i * 1000 + 990, "en", 0) for i in range(9)] + [
        Sentence(9000, 9100, "en", 1)
    ]
    blocks = _blocks(sentences)
    assert [i for b in blocks for i in b] == list(range(10))
    for b in blocks:
        assert len({sentences[i].paragraph for i in b}) == 1
        assert sentences[b[-1]].end - sentences[b[0]].start <= BLOCK_CHARS
    assert blocks[-1] == [9]


def test_shifted_mentions_are_dataclasses_replace() -> None:
    for cls in (Figure, DateMention, CompanyMention):
        assert [f.name for f in fields(cls)][:2] == ["start", "end"]
    mentions = [
        Figure(10, 14, "5,5%", "percent", 5.5, None, "%", "approx"),
        DateMention(20, 30, "16 Feb", "2024-02-16", "inferred"),
        CompanyMention(3, 9, "Nvidia", "NVIDIA"),
    ]
    for m in mentions:
        assert _shifted(m, 3) == replace(m, start=m.start - 3, end=m.end - 3)
    assert set(_OTHER_FIELDS) == {Figure, DateMention, CompanyMention}
