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
    kind: str = ""  # dateline | byline | source


@dataclass(frozen=True, slots=True)
class _Grammar:
    months: dict[str, int]
    date: regex.Pattern[str]
    time: regex.Pattern[str]
    before_junk: regex.Pattern[str]
    source_line: regex.Pattern[str]
    author_cut: regex.Pattern[str]
    byline: regex.Pattern[str]
    marker: regex.Pattern[str]
    month_head: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _grammar() -> _Grammar:
    data = json.loads(resources.files("sora_meta.ingest").joinpath("data/metadata.json").read_text("utf-8"))
    months: dict[str, int] = {}
    for table in data["months"].values():
        months.update(table)
    mon = rf"(?P<mn>{_alt(list(months))})(?![^\W\d_])\.?"
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
    year = r"(?P<y>(?:19|20|21)\d\d)(?!\d)"
    date = "|".join(
        [
            rf"(?<!\d){year}\s*[-/.]\s*(?P<m>\d{{1,2}})\s*[-/.]\s*(?P<d>\d{{1,2}})(?!\d)",
            rf"(?<![\d/.])(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.]{year}",
            rf"(?:(?<!\d){year}\s*年\s*)?(?<!\d)(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*[日号])?",
            rf"(?<![\d\w]){day}\.?\s+(?:of\s+)?{mon}(?:,?\s+{year})?",
            rf"(?<![^\W\d_]){mon}\s+{day}(?:,?\s+{year})?",
            rf"(?<![^\W\d_]){mon},?\s+{year}",
            rf"(?<!\d){year}-(?P<m>\d\d)(?![-\d])",
        ]
    )
    # Matched against the casefolded line, where `ſ` and the Kelvin sign, which the case-insensitive
    # pattern reads as `s` and `k`, are `s` and `k` too, and `İ` (read as `i`) is `i` and a combining dot.
    heads = sorted({name[:3].casefold() for name in months})
    month_head = re.compile("|".join(re.escape(h).replace("i", "i\u0307?") for h in heads))
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
        months=months,
        date=regex.compile(date, regex.IGNORECASE),
        time=regex.compile(time, regex.IGNORECASE),
        before_junk=regex.compile(
            rf"(?:{seps}+|(?<![^\W\d_])(?:{labels}|{weekdays}|on|at|pada)(?![^\W\d_])\.?)$", regex.IGNORECASE
        ),
        source_line=regex.compile(
            rf"(?P<paren>[(（\[【])?\s*(?:{sources})\s*[:：]\s*(?P<name>[^()（）\[\]【】\n]{{1,80}}?)\s*[)）\]】]?\s*[.。]?",
            regex.IGNORECASE,
        ),
        author_cut=regex.compile(rf"\s*[,，;；|/·]?\s*(?:{authors})\s*[:：]", regex.IGNORECASE),
        marker=regex.compile(
            rf"[|·•・,，;；:：/\\\-–—~]|(?<![^\W\d_])(?:{labels})(?![^\W\d_])", regex.IGNORECASE
        ),
        byline=regex.compile(
            rf"(?:{authors})\s*[:：]?\s+(?P<author>[^,，|·•\n]{{1,40}}?)"
            rf"(?:\s*[,，|·•/–—-]\s*(?P<src>[^,，|·•\n]{{2,40}}?))?\s*",
            regex.IGNORECASE,
        ),
        month_head=month_head,
    )


def parse_date(span: str) -> str:
    """The first date written in a short span, as ISO 8601 with the precision written ('' if none)."""
    grammar = _grammar()
    for m in grammar.date.finditer(span):
        iso = _iso(m, grammar)
        if iso:
            return iso
    return ""


def _iso(m: regex.Match[str], grammar: _Grammar) -> str:
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else 0
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)  # day first unless that cannot be
    else:
        month = grammar.months[g["mn"].lower()] if g.get("mn") else int(g["m"]) if g.get("m") else 0
        day = int(g["d"]) if g.get("d") else 0
    if not 1 <= month <= 12 or day > 31:
        return ""
    if y and day:
        try:
            return dt.date(y, month, day).isoformat()
        except ValueError:
            return ""
    if y:
        return f"{y:04d}-{month:02d}"
    if day:
        try:
            dt.date(2000, month, day)  # a leap year: 29 February without a year is a date
        except ValueError:
            return ""
        return f"--{month:02d}-{day:02d}"
    return ""


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
    """Read one short line as a dateline (source and/or date), a byline, or a source line."""
    line = line.strip()
    if not line or len(line) > DATELINE_MAX_CHARS:
        return Dateline()
    grammar = _grammar()
    for m in grammar.date.finditer(line) if _DIGIT.search(line) and _may_hold_date(line, grammar) else ():
        published = _iso(m, grammar)
        if not published:
            continue
        after = line[m.end() :]
        t = grammar.time.match(after)
        if t:
            after = after[t.end() :]
        before = line[: m.start()]
        head = _strip_junk(before, grammar)
        source = ""
        if head.strip():
            source = _side_source(head, grammar)
            if not source or (not grammar.marker.search(before[len(head) :]) and source != "-"):
                return Dateline()  # words before the date that are not an outlet: a sentence
        tail = after.strip()
        if tail and not _AFTER_DATE.fullmatch(tail):
            tail_source = _side_source(tail, grammar)
            if not tail_source:
                return Dateline()
            source = source or tail_source
        return Dateline("" if source == "-" else source, published, "dateline")
    name, bracketed = source_line(line)
    if name and not bracketed:
        return Dateline(name, "", "source")
    b = grammar.byline.fullmatch(line)
    if b and _name(b.group("author")):
        return Dateline(_name(b.group("src") or ""), "", "byline")
    return Dateline()


def _may_hold_date(line: str, grammar: _Grammar) -> bool:
    """Whether `grammar.date` may find a date in `line`: False only when it surely finds none."""
    # Every branch of the date pattern holds `月`, a month name (three letters at least), or a year
    # beside a `-`, `/` or `.`. A line with a digit rarely holds a date, and the pattern, led by
    # lookbehinds, is tried at every position of it.
    if "月" in line:
        return True
    if ("19" in line or "20" in line or "21" in line) and ("-" in line or "/" in line or "." in line):
        return True
    return grammar.month_head.search(line.casefold()) is not None


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
    b = grammar.byline.fullmatch(text.strip(" |·•,，;；-–—"))
    if b and _name(b.group("author")):
        return _name(b.group("src") or "") or "-"
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

    tail_at = next((i for i, p in enumerate(paragraphs) if p.furniture and is_tail(line(i))), len(paragraphs))
    title_at = -1
    title = ""
    for i, p in enumerate(paragraphs[:HEAD_LINES]):
        if p.furniture or dateline(i).kind:
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
        found = dateline(i)
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
