"""Assemble: one claim row per figure (or per company + date event) of every counted sentence.

A sentence is counted when its paragraph is neither page furniture nor a repeat of an
earlier paragraph. Each row carries the sentence's companies, the company the figure is
about (`subject`) and the date nearest to the figure in the sentence.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from . import lang as languages
from .extract.companies import Gazetteer
from .extract.dates import context_year_of, find_dates, find_dates_deferred
from .extract.figures import find_figures_normalized
from .extract.normalize import view_of
from .models import CompanyMention, DateMention, Document, Figure, Sentence

# A clause boundary between a company and a figure means the figure is not about that company.
_CLAUSE_BREAK = re.compile(r"[;；]")

CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "doc_title",
    "doc_lang",
    "published",
    "lang",
    "sentence",
    "sentence_en",
    "translator",
    "start",
    "end",
    "kind",
    "figure",
    "figure_start",
    "figure_end",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "companies",
    "subject",
    "date",
    "date_text",
    "date_source",
)


@dataclass(slots=True)
class Mentions:
    """What the extractors found in one sentence (offsets relative to the sentence)."""

    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    companies: list[CompanyMention] = field(default_factory=list)


def claim_id(doc_id: str, start: int, end: int, kind: str) -> str:
    """A stable id: the same document, span and kind give the same id on every run and machine."""
    return hashlib.sha1(f"{doc_id}\x00{start}\x00{end}\x00{kind}".encode()).hexdigest()[:16]


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed."""
    # str.split() and the regex \s agree on what is whitespace (both use Py_UNICODE_ISSPACE).
    return " ".join(text.split())


def unique_names(mentions: Iterable[CompanyMention]) -> list[str]:
    """Canonical names in order of first mention, each once."""
    return list(dict.fromkeys(m.name for m in mentions))


def subject_of(figure: Figure, sentence: str, companies: Sequence[CompanyMention], lang: str = "") -> str:
    """The company a figure is about: the nearest one named before it in the same clause.

    A company marked as the owner (`'s`, `的`: the metric table's `topic_before_links`) wins over
    one named after it: in "Nvidia's price target from Morgan Stanley is $275" the figure is about
    Nvidia. A company the sentence cites as its source (`According to Counterpoint, …`: the
    metric table's `source_cues`) is never the subject. When no company precedes the figure, the
    only company the sentence names (if exactly one).
    """
    cues = _cues(lang)
    if cues.cites is not None or cues.cited is not None:
        companies = [c for c in companies if not cues.is_source(sentence, c)]
    before = [
        c
        for c in companies
        if c.end <= figure.start and not _CLAUSE_BREAK.search(sentence, c.end, figure.start)
    ]
    owners = [c for c in before if sentence.startswith(cues.possessives, c.end)]
    if owners:
        return owners[-1].name
    if before:
        return before[-1].name
    names = unique_names(companies)
    return names[0] if len(names) == 1 else ""


_CITE_GAP = r"(?:[^\W\d]+[\s\u00a0]+){0,3}"  # up to three words between a citing cue and the name


@dataclass(frozen=True)
class _SubjectCues:
    """A language's possessive links and source cues, compiled."""

    possessives: tuple[str, ...] = ()
    cites: re.Pattern[str] | None = None  # a cue that ends where a cited name starts
    cited: re.Pattern[str] | None = None  # a cue right after a cited name

    def is_source(self, sentence: str, c: CompanyMention) -> bool:
        """Whether the sentence cites the company `c` as its source."""
        if self.cites is not None and self.cites.search(sentence[max(0, c.start - 80) : c.start]):
            return True
        return self.cited is not None and self.cited.match(sentence, c.end) is not None


def _words(phrases: Iterable[str]) -> str:
    return "|".join(
        re.escape(p).replace(r"\ ", r"[\s\u00a0]+") for p in sorted(phrases, key=len, reverse=True)
    )


@functools.cache
def _cues(lang: str) -> _SubjectCues:
    """The subject cues of a language (none without tables)."""
    if not languages.has_tables(lang):
        return _SubjectCues()
    metrics = languages.table("metrics", lang)
    source = metrics.get("source_cues") or {}
    cjk = not metrics.get("word_boundaries", True)  # zh, ja, ko: a cue is written against the name
    edge = "" if cjk else r"(?<!\w)"
    parts = []
    if source.get("before"):
        parts.append(
            edge + "(?:" + _words(source["before"]) + ")" + ("" if cjk else r"[\s\u00a0]+" + _CITE_GAP)
        )
    if source.get("right_before"):
        parts.append(edge + "(?:" + _words(source["right_before"]) + ")" + ("" if cjk else r"[\s\u00a0]+"))
    cites = re.compile("(?i:" + "|".join(parts) + r")\Z") if parts else None
    after = source.get("after") or []
    cited = (
        re.compile(r"[\s\u00a0]*(?i:" + _words(after) + ")" + ("" if cjk else r"(?!\w)")) if after else None
    )
    possessives = tuple(p for p in metrics.get("topic_before_links", []) if p)
    return _SubjectCues(possessives, cites, cited)


def nearest_date(
    start: int, end: int, dates: Sequence[DateMention], sentence: str = ""
) -> DateMention | None:
    """The date a figure is about: the closest in the same clause (ties: the earlier one).

    A reported period (a quarter, a half, a span of months) in the clause wins over a day: in
    `said on Wednesday that third-quarter revenue rose 5%` the figure is about the quarter, the day
    is when it was said.
    """
    near: list[tuple[int, int, DateMention]] = []
    for k, d in enumerate(dates):
        if not d.value:
            continue
        lo, hi = (end, d.start) if d.start >= end else (d.end, start)
        if sentence and _CLAUSE_BREAK.search(sentence, min(lo, hi), max(lo, hi)):
            continue
        near.append((max(0, hi - lo), k, d))
    if any(_is_period(d.value) for _, _, d in near):
        near = [x for x in near if _precision(x[2].value) != 3] or near
    return min(near, key=lambda x: (x[0], x[1]))[2] if near else None


def _is_period(value: str) -> bool:
    """A quarter, half-year or span of months (`2023-Q3`, `2024-H1`, `2023-01/2023-09`)."""
    if "/" in value:
        a, _, b = value.partition("/")
        return len(a) == len(b) == 7
    return value[5:6] in ("Q", "H")


_SOURCE_RANK = {"explicit": 0, "inferred": 1, "relative": 2}


def _precision(value: str) -> int:
    """How finely a date value places its date: day 3, week/month 2, quarter/half 1, year or span 0."""
    if "/" in value:
        return 0
    digits = value.lstrip("-").split("-")
    if len(digits) >= 3 or (value.startswith("--") and len(digits) == 2):
        return 3
    if len(digits) == 2:
        return 1 if digits[1][:1] in "QH" else 2
    return 0


def event_date(dates: Sequence[DateMention]) -> DateMention | None:
    """The date an event sentence is about: the most precise, then explicit over relative, then first."""
    dated = [d for d in dates if d.value]
    if not dated:
        return None
    return min(dated, key=lambda d: (-_precision(d.value), _SOURCE_RANK.get(d.source, 3), d.start))


_M = TypeVar("_M", Figure, DateMention, CompanyMention)


def _per_sentence(found: Sequence[_M], bounds: Sequence[tuple[int, int]]) -> list[list[_M]]:
    """Mentions found in a paragraph, split by sentence with offsets relative to the sentence.

    A mention that crosses a sentence boundary is dropped, as reading sentence by sentence would.
    """
    if not found:
        return [[] for _ in bounds]
    if len(bounds) == 1 and bounds[0][0] == 0:  # a block of one sentence: offsets are already its own
        return [[m for m in found if m.end <= bounds[0][1]]]
    out: list[list[_M]] = [[] for _ in bounds]
    starts = [a for a, _ in bounds]
    for m in found:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= bounds[i][1]:
            a = bounds[i][0]
            out[i].append(_shifted(m, a) if a else m)
    return out


# The fields of each kind of mention after its first two, `start` and `end`.
_OTHER_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))[2:] for cls in (Figure, DateMention, CompanyMention)
}


def _shifted(m: _M, by: int) -> _M:
    """`m` with its offsets `by` characters earlier (`dataclasses.replace`, without its generality)."""
    return type(m)(m.start - by, m.end - by, *[getattr(m, name) for name in _OTHER_FIELDS[type(m)]])


# Sentences are read together, up to this many characters of one paragraph: fewer calls, the same
# mentions (none crosses a sentence), and no quadratic cost on a megabyte-long paragraph.
BLOCK_CHARS = 4000


def _blocks(sentences: Sequence[Sentence]) -> list[list[int]]:
    """Indexes of consecutive sentences of one paragraph, each group spanning at most BLOCK_CHARS."""
    blocks: list[list[int]] = []
    for i, s in enumerate(sentences):
        if blocks:
            first = sentences[blocks[-1][0]]
            if first.paragraph == s.paragraph and s.end - first.start <= BLOCK_CHARS:
                blocks[-1].append(i)
                continue
        blocks.append([i])
    return blocks


def _outside_dates(figures: list[Figure], dates: Sequence[DateMention]) -> list[Figure]:
    """The figures not inside a date (`2024` of `16 Feb 2024` is the date's); dates are sorted, disjoint."""
    starts = [d.start for d in dates]
    out = []
    for f in figures:
        i = bisect.bisect_right(starts, f.start) - 1
        if i < 0 or f.end > dates[i].end:
            out.append(f)
    return out


class Extraction:
    """One segmented document's extraction, in steps (`STEPS`, then `result`).

    Each extractor runs once per block of sentences. A chunk of documents can run each step over all
    of them in turn (`pipeline.process_tasks`): an extractor's large compiled patterns then stay in
    the processor's caches while it works, where one document after the other would have them evict
    each other. `document_claims` runs every step of one document.
    """

    STEPS = ("dates", "figures", "companies")

    def __init__(
        self, doc: Document, gazetteer: Gazetteer, sentences: Sequence[Sentence] | None = None
    ) -> None:
        self.doc, self.gazetteer = doc, gazetteer
        self.sentences = counted_sentences(doc) if sentences is None else sentences
        self.blocks = _blocks(self.sentences)
        self.spans = [(self.sentences[b[0]].start, self.sentences[b[-1]].end) for b in self.blocks]
        self.langs = [self.sentences[b[0]].lang for b in self.blocks]
        # The extractors read each block's normalised view (format characters out, digits ASCII, ...)
        # when it has one, and what they find is put back on the block's own text.
        self.views = [
            view_of(doc.text[a:z], lang) for (a, z), lang in zip(self.spans, self.langs, strict=True)
        ]
        self.texts = [
            v.text if v is not None else doc.text[a:z]
            for v, (a, z) in zip(self.views, self.spans, strict=True)
        ]
        self.found_dates: list[list[DateMention]] = []
        self.found_figures: list[list[Figure]] = []
        self.found_companies: list[list[CompanyMention]] = []

    def dates(self) -> None:
        """One pass finds the dates; only the blocks whose dates depend on the context year (a year-less
        `16 Maret` in an undated document) are read again once the year is known."""
        texts, langs, published = self.texts, self.langs, self.doc.published
        first = [
            find_dates_deferred(t, lang, published=published) for t, lang in zip(texts, langs, strict=True)
        ]
        dates = [found for found, _ in first]
        if any(touched for _, touched in first):
            year = context_year_of(zip(texts, langs, dates, strict=True))
            # without a context year the first reading is already the answer (it assumed none)
            for k, (_, touched) in enumerate(first):
                if touched and year is not None:
                    dates[k] = find_dates(texts[k], langs[k], published=published, context_year=year)
        self.found_dates = dates

    def figures(self) -> None:
        self.found_figures = [
            find_figures_normalized(t, lang) for t, lang in zip(self.texts, self.langs, strict=True)
        ]

    def companies(self) -> None:
        find = self.gazetteer.find
        self.found_companies = [find(t, lang) for t, lang in zip(self.texts, self.langs, strict=True)]

    def mentions(self) -> list[Mentions]:
        """Figures, dates and companies of each counted sentence, offsets relative to the sentence."""
        sentences = self.sentences
        out: list[Mentions] = []  # blocks are runs of consecutive sentences, in order
        for block, (a, _), view, figures, block_dates, companies in zip(
            self.blocks,
            self.spans,
            self.views,
            self.found_figures,
            self.found_dates,
            self.found_companies,
            strict=True,
        ):
            bounds = [(sentences[i].start - a, sentences[i].end - a) for i in block]
            if figures and block_dates:
                figures = _outside_dates(figures, block_dates)
            if view is not None:
                figures, block_dates, companies = (
                    view.restore(figures),
                    view.restore(block_dates),
                    view.restore(companies),
                )
            out.extend(
                map(
                    Mentions,
                    _per_sentence(figures, bounds),
                    _per_sentence(block_dates, bounds),
                    _per_sentence(companies, bounds),
                )
            )
        return out

    def result(self, mentions: bool = True) -> Extracted:
        """Claim rows and mention rows of the document, and every company mention it counts.

        `mentions=False`: no mention rows (`Extracted.mentions` is empty); the claim rows are the same.
        """
        doc = self.doc
        rows: list[dict[str, Any]] = []
        mention_rows: list[dict[str, Any]] = []
        all_companies: list[CompanyMention] = []
        for sent, found in zip(self.sentences, self.mentions(), strict=True):
            if not (found.figures or found.dates or found.companies):
                continue
            raw = doc.text[sent.start : sent.end]
            all_companies.extend(found.companies)
            claimed = _sentence_claims(doc, sent, raw, found)
            rows.extend(row for row, _, _ in claimed)
            if mentions:
                mention_rows.extend(_mention_rows(doc, sent, found, claimed))
        return Extracted(rows, all_companies, mention_rows)


def block_mentions(doc: Document, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> list[Mentions]:
    """Figures, dates and companies of each of `sentences` (a document's counted sentences)."""
    extraction = Extraction(doc, gazetteer, sentences)
    for step in Extraction.STEPS:
        getattr(extraction, step)()
    return extraction.mentions()


def counted_sentences(doc: Document) -> list[Sentence]:
    """Sentences outside page furniture and repeated paragraphs."""
    paragraphs = doc.paragraphs
    return [
        s
        for s in doc.sentences
        if not (paragraphs[s.paragraph].furniture or paragraphs[s.paragraph].duplicate)
    ]


MENTION_COLUMNS = (
    "mention_id",
    "doc_id",
    "lang",
    "kind",
    "text",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "name",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "date",
    "date_source",
    "claim_ids",
)


@dataclass(slots=True)
class Extracted:
    """What one document gives the tables: claim rows, mention rows, and every company mention."""

    claims: list[dict[str, Any]]
    companies: list[CompanyMention]
    mentions: list[dict[str, Any]] = field(default_factory=list)


def mention_id(doc_id: str, start: int, end: int, kind: str) -> str:
    """A stable id for a mention (a different space from claim ids: `kind` is prefixed)."""
    return claim_id(doc_id, start, end, f"mention:{kind}")


def document_claims(doc: Document, gazetteer: Gazetteer) -> Extracted:
    """Claim rows and mention rows of one segmented document, and every company mention it counts."""
    extraction = Extraction(doc, gazetteer)
    for step in Extraction.STEPS:
        getattr(extraction, step)()
    return extraction.result()


def _sentence_claims(
    doc: Document, sent: Sentence, raw: str, found: Mentions
) -> list[tuple[dict[str, Any], Figure | None, DateMention | None]]:
    """The claim rows of one sentence, each with the figure and the date mention it was built from."""
    if not found.figures and not (found.companies and any(d.value for d in found.dates)):
        return []
    base = _sentence_fields(doc, sent, raw, found)
    if not found.figures:
        date = event_date(found.dates)
        row = (
            base
            | _date_fields(date)
            | {
                "claim_id": claim_id(doc.doc_id, sent.start, sent.end, "event"),
                "kind": "event",
                "figure": "",
                "figure_start": None,
                "figure_end": None,
                "value": None,
                "value_max": None,
                "unit": "",
                "qualifier": "",
                "subject": found.companies[0].name,
            }
        )
        return [(row, None, date)]
    out: list[tuple[dict[str, Any], Figure | None, DateMention | None]] = []
    for fig in found.figures:
        date = nearest_date(fig.start, fig.end, found.dates, raw)
        row = (
            base
            | _date_fields(date)
            | {
                "claim_id": claim_id(doc.doc_id, sent.start + fig.start, sent.start + fig.end, fig.kind),
                "kind": fig.kind,
                "figure": fig.text,
                "figure_start": sent.start + fig.start,
                "figure_end": sent.start + fig.end,
                "value": fig.value,
                "value_max": fig.value_max,
                "unit": fig.unit,
                "qualifier": fig.qualifier,
                "subject": subject_of(fig, raw, found.companies, sent.lang),
            }
        )
        out.append((row, fig, date))
    return out


_EMPTY_MENTION = dict.fromkeys(MENTION_COLUMNS, "") | {"value": None, "value_max": None}


def _mention_rows(
    doc: Document,
    sent: Sentence,
    found: Mentions,
    claimed: Sequence[tuple[dict[str, Any], Figure | None, DateMention | None]],
) -> list[dict[str, Any]]:
    """One row per company, figure and date mention of a sentence, linked to the claim rows using it."""
    every_claim = [row["claim_id"] for row, _, _ in claimed]
    by_figure = {id(fig): row["claim_id"] for row, fig, _ in claimed if fig is not None}
    by_date: dict[int, list[str]] = {}
    for row, _, date in claimed:
        if date is not None:
            by_date.setdefault(id(date), []).append(row["claim_id"])
    a = sent.start
    common = {"doc_id": doc.doc_id, "lang": sent.lang, "sentence_start": a, "sentence_end": sent.end}
    out: list[dict[str, Any]] = []

    def add(
        kind: str, m: Figure | DateMention | CompanyMention, fields: dict[str, Any], ids: list[str]
    ) -> None:
        start, end = a + m.start, a + m.end
        out.append(
            _EMPTY_MENTION
            | common
            | fields
            | {
                "mention_id": mention_id(doc.doc_id, start, end, kind),
                "kind": kind,
                "text": m.text,
                "start": start,
                "end": end,
                "claim_ids": ids,
            }
        )

    for c in found.companies:
        add("company", c, {"name": c.name}, every_claim)
    for f in found.figures:
        fields = {"value": f.value, "value_max": f.value_max, "unit": f.unit, "qualifier": f.qualifier}
        add("figure", f, fields, [by_figure[id(f)]] if id(f) in by_figure else [])
    for d in found.dates:
        add("date", d, {"date": d.value, "date_source": d.source if d.value else ""}, by_date.get(id(d), []))
    out.sort(key=lambda row: (row["start"], row["end"], row["kind"]))
    return out


def _sentence_fields(doc: Document, sent: Sentence, raw: str, found: Mentions) -> dict[str, Any]:
    english = sent.lang == "en"
    sentence = collapse(raw)
    return {
        "doc_id": doc.doc_id,
        "doc_title": doc.title,
        "doc_lang": doc.lang,
        "published": doc.published,
        "lang": sent.lang,
        "sentence": sentence,
        "sentence_en": sentence if english else "",
        "translator": "source" if english else "none",
        "start": sent.start,
        "end": sent.end,
        "companies": unique_names(found.companies),
    }


def _date_fields(date: DateMention | None) -> dict[str, Any]:
    if date is None:
        return {"date": "", "date_text": "", "date_source": ""}
    return {"date": date.value, "date_text": date.text, "date_source": date.source}
