"""Metadata: a document's title, source (outlet) and publication date, read from its first lines.

A small dateline parser, driven by `data/metadata.json` (month and weekday names, labels in
English, Indonesian and Chinese), reads lines such as `Mondo Technology Updated on 2024-03-07`,
`Gelonghui Finance · Feb 19 07:07`, `Senin, 12 Juni 2023 10:15 WIB`, `发布时间：2024年2月18日`,
`By Jane Doe, Reuters` or `来源：数科星球`. Dates keep the precision written: `2024-03-07`,
`2024-03`, or `--02-19` when no year is given. Only short lines are read, never the whole text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from sora_meta import regexcache
from sora_meta.ingest.clean import is_tail
from sora_meta.models import Paragraph

HEAD_LINES = 12  # metadata is looked for in this many first paragraphs ...
END_LINES = 8  # ... and in this many last paragraphs before a recommendation list
DATELINE_MAX_CHARS = 120
_NAME_MAX_CHARS = 60
_NAME_MAX_WORDS = 8


MAX_TITLE_CHARS = 200

# Every branch of the date pattern needs a `\d` (a day, month number or year): no digit, no date.
_DIGIT = regex.compile(r"\d")
# Compiled once: `regex.search(pattern, ...)` looks its pattern up again on every call, which costs
# more than the match on a short line.
_SENTENCE_END = regex.compile(r"[.!?。！？](?:\s|$)")
_LETTER = regex.compile(r"[^\W\d_]")
_AFTER_DATE = regex.compile(r"[\s)）\]】.。,，]*")
_COMMA = regex.compile(r"[,，]")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the first lines of a document say about it."""

    title: str = ""
    source: str = ""
    published: str = ""
    datelines: tuple[int, ...] = ()  # paragraphs that are datelines or bylines: metadata, not claims


@dataclass(frozen=True, slots=True)
class Dateline:
    """A line read as a dateline, byline or source line."""

    source: str = ""
    published: str = ""
    kind: str = ""  # dateline | byline | source | lead (a sentence that opens with a date: content)


# `re` patterns through the pattern cache: compiled once per machine, not at every start.
@dataclass(frozen=True, slots=True)
class _Grammar:
    time: re.Pattern[str]
    before_junk: re.Pattern[str]
    source_line: re.Pattern[str]
    author_cut: re.Pattern[str]
    byline: re.Pattern[str]
    marker: re.Pattern[str]
    lead_cue: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _grammar() -> _Grammar:
    data = json.loads(resources.files("sora_meta.ingest").joinpath("data/metadata.json").read_text("utf-8"))
    zones = _alt(data["zones"])
    time = (
        r"\s*,?\s*(?:at\s+|pukul\s+|jam\s+)?\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?"
        rf"(?:\s*(?:{zones}))?(?![\w])|\s*(?:{zones})(?![\w])"
    )
    labels = _alt(data["date_labels"])
    weekdays = _alt(data["weekdays"])
    sources = _alt(data["source_labels"])
    authors = _alt(data["author_labels"])
    seps = r"[\s|·•・,，;；:：/\\\-–—~]"
    return _Grammar(
        time=regexcache.compile(time, re.IGNORECASE),
        before_junk=regexcache.compile(
            rf"(?:{seps}+|(?<![^\W\d_])(?:{labels}|{weekdays}|on|at|pada)(?![^\W\d_])\.?)$", re.IGNORECASE
        ),
        source_line=regexcache.compile(
            rf"(?P<paren>[(（\[【])?\s*(?:{sources})\s*[:：]\s*(?P<name>[^()（）\[\]【】\n]{{1,80}}?)\s*[)）\]】]?\s*[.。]?",
            re.IGNORECASE,
        ),
        author_cut=regexcache.compile(rf"\s*[,，;；|/·]?\s*(?:{authors})\s*[:：]", re.IGNORECASE),
        marker=regexcache.compile(
            rf"[|·•・,，;；:：/\\\-–—~]|(?<![^\W\d_])(?:{labels})(?![^\W\d_])", re.IGNORECASE
        ),
        byline=regexcache.compile(
            rf"(?:{authors})\s*[:：]?\s+(?P<author>[^,，|·•\n]{{1,40}}?)"
            rf"(?:\s*[,，|·•/–—-]\s*(?P<src>[^,，|·•\n]{{2,40}}?))?\s*",
            re.IGNORECASE,
        ),
        lead_cue=regexcache.compile(_alt(data["lead_cues"]), re.IGNORECASE),
    )


def _line_date(line: str) -> tuple[int, int, str] | None:
    """The first day or month date written in a short line: its span and ISO value.

    Read with the extractor's own date grammar (`sora_meta.extract.dates`), in the languages whose
    script the line is written in: Chinese for a line with CJK characters, else English and Indonesian
    (the language of the document is not known yet). When they read the same span as two dates
    (`3/4/2024`: 4 March in English, 3 April in Indonesian), the value is '' (a date, but no answer).
    """
    from sora_meta.extract.dates import find_dates

    cjk = _CJK.search(line) is not None
    if (_may_date_cjk() if cjk else _may_date()).search(line) is None:
        return None  # no month, holiday, part of a year or numeric date: no day or month is written
    # Indonesian is read only where one of its own date words or a numeric date is written: an English
    # corpus then never compiles the Indonesian tables (nor reads each line twice).
    langs = ("zh",) if cjk else ("en", "id") if _may_date(("id",)).search(line) else ("en",)
    found: list[tuple[int, int, str]] = []
    for lang in langs:
        for d in find_dates(line, lang):
            if d.source == "explicit" and _DAY_OR_MONTH.fullmatch(d.value):
                found.append((d.start, d.end, d.value))
                break
    if not found:
        return None
    start, end, value = min(found, key=lambda f: (f[0], f[0] - f[1]))
    for s, e, v in found:
        if s < end and start < e and v != value:
            return start, max(end, e), ""
    return start, end, value


@cache
def _may_date(codes: tuple[str, ...] = ("en", "id")) -> re.Pattern[str]:
    """What every day or month date of the `codes` languages' tables holds, found in one scan.

    The date grammar gives an explicit day or month only with a month name (`14 June`, `Juni 2023`,
    `early December`), a holiday (`Christmas Day 2023`), a part of a year (`the end of 2024`) or a
    numeric date (`3/4/2024`, `2024-03-07`). A line with none of them for English and Indonesian is not
    read with the grammar; one with none for Indonesian is read in English only. A test checks this
    against the grammar (both languages, every line) on generated lines and development sentences.
    """
    from sora_meta import lang as languages

    def longest_word(phrase: str) -> str:  # in the text whatever the spaces between the phrase's words
        words = [w for w in phrase.split() if w.lower() not in ("the", "of")] or phrase.split()
        return max(words, key=len).strip(".-").lower()

    words: set[str] = set()
    for code in codes:
        table = languages.table("dates", code)
        parts = table.get("period_parts", {})
        phrases = [*table.get("months", {}), *table.get("holidays", {})]
        phrases += [w for side in ("before", "after") for w in parts.get(side, {})]
        words |= {longest_word(p) for p in phrases if p.strip(" .-")}
    alt = "|".join(re.escape(w) for w in sorted(words - {""}, key=lambda w: (-len(w), w)))
    return regexcache.compile(rf"\d\s*[/.\-–]\s*\d|(?<![^\W\d_])(?:{alt})(?![^\W\d_])", re.IGNORECASE)


@cache
def _may_date_cjk() -> re.Pattern[str]:
    """What every Chinese day or month date holds (`_may_date` for a line read with the Chinese tables).

    A month or day marker (`6月14日`, `16号`), a year with a part of it (`2024年底`), a fixed-day
    holiday (`国庆节`, `双十一`) or a numeric date (`2024-06-14`); a test checks this against the
    grammar on generated lines and on every development sentence.
    """
    from sora_meta import lang as languages

    table = languages.table("dates", "zh")
    cjk = table["cjk"]
    markers = [cjk["month_marker"], *cjk["day_markers"]]
    parts = [*cjk.get("year_suffixes", []), *table.get("period_parts", {}).get("after", {})]
    words = [*table.get("holidays", {}), *(cjk["year_marker"] + part for part in parts)]
    alt = "|".join(re.escape(w) for w in sorted(set(markers + words), key=lambda w: (-len(w), w)))
    return regexcache.compile(rf"\d\s*[/.\-–]\s*\d|{alt}")


# A day (`2024-03-07`, `--02-19`) or a month (`2024-03`): years, quarters and spans date no article.
_DAY_OR_MONTH = regex.compile(r"\d{4}-\d\d(?:-\d\d)?|--\d\d-\d\d")
_CJK = regex.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def parse_date(span: str) -> str:
    """The first day or month date written in a short span, as ISO 8601 with the precision written."""
    found = _line_date(span[:DATELINE_MAX_CHARS])
    return found[2] if found else ""


def date_value(value: object) -> str:
    """A date field of a JSON record (ISO string, free text, or a Unix timestamp) as reduced ISO 8601."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return ""
    if not isinstance(value, str):
        return ""
    text = value.strip()[:DATELINE_MAX_CHARS]
    if regex.fullmatch(r"(?:19|20|21)\d\d", text):
        return text
    if regex.fullmatch(r"(?:19|20|21)\d\d-(?:0[1-9]|1[0-2])", text):  # a month, which ISO readers refuse
        return text
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return parse_date(text)


def _name(text: str) -> str:
    name = text.strip(" \t|·•・,，;；:：/\\-–—~()（）[]【】.。")
    if not name or len(name) > _NAME_MAX_CHARS or len(name.split()) > _NAME_MAX_WORDS:
        return ""
    if _SENTENCE_END.search(name) or not _LETTER.search(name):
        return ""
    return name


def source_line(line: str) -> tuple[str, bool]:
    """The outlet a `Source: X` / `Sumber: X` / `来源：X` line names, and whether it was in brackets."""
    if ":" not in line and "：" not in line:  # the pattern's `[:：]` after the label (no other case)
        return "", False
    grammar = _grammar()
    m = grammar.source_line.fullmatch(line)
    if not m:
        return "", False
    name = m.group("name")
    cut = grammar.author_cut.search(name)
    if cut:
        name = name[: cut.start()]
    return _name(name), bool(m.group("paren"))


def read_dateline(line: str) -> Dateline:
    """Read one line as a dateline (source and/or date), a byline, a source line, or a lead.

    A lead (`kind="lead"`) is a paragraph that opens with a date, or a place and a date, and goes on
    as a sentence (`MUNICH, June 14, 2023 – Siemens said ...`, `6月14日消息，...`): its date may date
    the document, an outlet named in brackets (`(Reuters) -`) may be its source, and it stays content.
    A place before the date (`MUNICH,`) is never a source.
    """
    line = line.strip()
    if not line:
        return Dateline()
    lead_only = len(line) > DATELINE_MAX_CHARS
    if lead_only:  # a long paragraph: only its opening words can make it a lead
        line = line[:DATELINE_MAX_CHARS]
    grammar = _grammar()
    found = _line_date(line) if _DIGIT.search(line) else None
    if found:
        start, end, published = found
        after = line[end:]
        t = grammar.time.match(after)
        if t:
            after = after[t.end() :]
        before = line[:start]
        head = _strip_junk(before, grammar)
        source = ""
        if head.strip():
            if _PLACE_COMMA.fullmatch(before[len(head) :]) and not _COMMA.search(head):
                source = "-"  # `MUNICH, June 14`: a place, not an outlet
            else:
                source = _side_source(head, grammar)
                if not source or (not grammar.marker.search(before[len(head) :]) and source != "-"):
                    return Dateline()  # words before the date that are not an outlet: a sentence
        tail = after.strip()
        kind = "dateline"
        if tail and not _AFTER_DATE.fullmatch(tail):
            bracket = _BRACKETED_OUTLET.match(tail)
            if bracket and _name(bracket.group(1)):
                source = source if source not in ("", "-") else _name(bracket.group(1))
                if bracket.group(2).strip():
                    kind = "lead"
            else:
                tail_source = _tail_source(tail, grammar)
                if tail_source:
                    source = source if source not in ("", "-") else tail_source
                else:
                    kind = "lead"  # the date opens a sentence
        if lead_only and kind != "lead":
            return Dateline()
        source = "" if source == "-" else source
        if kind == "lead":
            # The date dates the document only when written as a dateline, apart from the sentence:
            # after a place or a label, or before a dash, colon or `消息`. `On 15 June, X said` is an event.
            labelled = bool(head.strip()) or grammar.marker.search(before) is not None
            if not (labelled or _LEAD_MARK.match(tail) or grammar.lead_cue.match(tail)):
                published = ""
            if not (published or source):
                return Dateline()
        return Dateline(source, published, kind)
    if lead_only:
        return Dateline()
    name, bracketed = source_line(line)
    if name and not bracketed:
        return Dateline(name, "", "source")
    b = _byline(line, grammar)
    if b is not None:
        return Dateline(b, "", "byline")
    return Dateline()


# What may stand between a place and its date (`MUNICH, June 14`): a comma.
_PLACE_COMMA = regex.compile(r"\s*[,，]\s*")
# An outlet in brackets right after a date, before the text: `March 3 (Reuters) - China's ...`.
_BRACKETED_OUTLET = regex.compile(r"[(（]([^()（）\d]{2,40})[)）]\s*[-–—:：]?(.*)", regex.DOTALL)
# What an outlet's name written after a date never holds: a digit, a comma or a sentence's punctuation.
_NOT_OUTLET = regex.compile(r"[\d,，、;；%。！？!?]")
_OUTLET_MAX_WORDS = 4
# A dateline's date, set apart from the sentence it opens: `June 14, 2023 — Siemens`, `... : Siemens`.
_LEAD_MARK = regex.compile(r"[-–—:：|]")


def _tail_source(tail: str, grammar: _Grammar) -> str:
    """An outlet named after a date (`| Kompas.com`, `来源：新华社`), or '' for anything else."""
    text = tail.strip(" |·•,，;；-–—")
    name, bracketed = source_line(text)
    if name:
        return "" if bracketed else name
    b = _byline(text, grammar)
    if b is not None:
        return b or "-"
    if _NOT_OUTLET.search(text) or len(text.split()) > _OUTLET_MAX_WORDS:
        return ""
    return _name(text)


def _byline(line: str, grammar: _Grammar) -> str | None:
    """The outlet of a byline (`By Jane Doe, Reuters`: `Reuters`; '' when none), None if no byline.

    `By June, Ford expects ...` is a sentence: the author is no date, the outlet a short name.
    """
    b = grammar.byline.fullmatch(line)
    if not b or not _name(b.group("author")):
        return None
    author = b.group("author")
    if not _DIGIT.search(author) and parse_date(f"{author} 1, 2000"):  # `By June`: a month
        return None
    src = b.group("src") or ""
    if src and (_NOT_OUTLET.search(src) or len(src.split()) > _OUTLET_MAX_WORDS or not _name(src)):
        return None
    return _name(src)


def _strip_junk(text: str, grammar: _Grammar) -> str:
    """`text` without trailing separators, date labels and weekday names (`X Updated on` → `X`)."""
    while text:
        m = grammar.before_junk.search(text)
        if not m or m.start() == len(text):
            break
        text = text[: m.start()]
    return text


def _side_source(text: str, grammar: _Grammar) -> str:
    """An outlet named beside a date: `Mondo Technology`, `| Kompas.com`, `来源：新华社`, `By X, Reuters`."""
    name, bracketed = source_line(text.strip(" |·•,，;；-–—"))
    if name:
        return "" if bracketed else name
    b = _byline(text.strip(" |·•,，;；-–—"), grammar)
    if b is not None:
        return b or "-"
    parts = _COMMA.split(text)  # `JAKARTA, Kompas.com`: a city, then the outlet
    return _name(parts[-1]) if _name(text) else ""


def short_title(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """`title` cut at a word boundary to at most `limit` characters, with `…` when cut.

    A file whose first line is a whole article (or a megabyte-long line) would otherwise put
    that line into every claim row's `doc_title`.
    """
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def _clean_title(line: str) -> str:
    title = line.lstrip("#").strip()
    if len(title) > 4 and title.startswith(("**", "__")) and title.endswith(("**", "__")):
        title = title[2:-2].strip()
    return title


def find_metadata(text: str, paragraphs: list[Paragraph]) -> Metadata:
    """Title, source and publication date of a plain-text document from its first and last lines."""
    datelines_read: dict[int, Dateline] = {}

    def line(i: int) -> str:  # only the lines read are sliced out of the text
        return text[paragraphs[i].start : paragraphs[i].end]

    def dateline(i: int) -> Dateline:  # the head lines are read twice: for the title, then as a zone
        if i not in datelines_read:
            datelines_read[i] = read_dateline(line(i))
        return datelines_read[i]

    def lead_only(i: int) -> bool:  # a long paragraph reads as a lead or as nothing (`read_dateline`)
        p = paragraphs[i]
        return p.end - p.start > DATELINE_MAX_CHARS and len(line(i).strip()) > DATELINE_MAX_CHARS

    tail_at = next((i for i, p in enumerate(paragraphs) if p.furniture and is_tail(line(i))), len(paragraphs))
    title_at = -1
    title = ""
    for i, p in enumerate(paragraphs[:HEAD_LINES]):
        if p.furniture or (not lead_only(i) and dateline(i).kind not in ("", "lead")):
            continue
        title_at, title = i, _clean_title(line(i))
        break
    credits: Counter[str] | None = None  # how often each `Source: X` names X: counted when first needed
    published = dateline_source = labelled = byline = ""
    datelines: list[int] = []
    zones = list(range(min(HEAD_LINES, len(paragraphs)))) + list(
        range(max(HEAD_LINES, tail_at - END_LINES), tail_at)
    )
    for i in zones:
        if i == title_at:
            continue
        if (i >= HEAD_LINES or (published and dateline_source)) and lead_only(i):
            continue  # at most a lead, whose date and outlet count only in the head, and while missing
        found = dateline(i)
        if found.kind == "lead":  # a sentence that opens with a date: its date and outlet; it stays content
            if i < HEAD_LINES:
                published = published or found.published
                dateline_source = dateline_source or found.source
            continue
        if found.kind in ("dateline", "byline"):
            datelines.append(i)
        if found.kind == "dateline":
            published = published or found.published
            dateline_source = dateline_source or found.source
        elif found.kind == "source" and not labelled:
            if credits is None:
                short = _short_lines(text, paragraphs, _NAME_MAX_CHARS + 12)
                credits = Counter(source_line(s)[0] for s in short)
            if credits[found.source] < 2:
                labelled = found.source
        elif found.kind == "byline" and not byline:
            byline = found.source
    attribution = "" if labelled or dateline_source or byline else _attribution(text, paragraphs)
    source = dateline_source or byline or labelled or attribution
    return Metadata(title, source, published, tuple(datelines))


def _short_lines(text: str, paragraphs: list[Paragraph], limit: int) -> Iterator[str]:
    """The paragraphs of at most `limit` characters; the longer ones are not sliced out of `text`."""
    return (text[p.start : p.end] for p in paragraphs if p.end - p.start <= limit)


def _attribution(text: str, paragraphs: list[Paragraph]) -> str:
    """A `Sumber: X, Pengarang: Y` / `来源：X 作者：Y` line anywhere: an attribution, not a caption."""
    grammar = _grammar()
    for line in _short_lines(text, paragraphs, DATELINE_MAX_CHARS):
        # author_cut and source_line both need a colon: no line without one is read with them. The
        # source line, anchored at the start, is read first: author_cut is tried at every position.
        if ":" in line or "：" in line:
            name, bracketed = source_line(line)
            if name and not bracketed and grammar.author_cut.search(line):
                return name
    return ""
