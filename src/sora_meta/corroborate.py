"""Corroboration and conflicts: which claims of the table state the same thing, and which disagree.

Three steps, each a function of the claim table:

1. **metric** — what a figure measures (`training cost`, `revenue`, `share price fall`, …),
   from per-language keyword tables (`lang/<code>/metrics.json`, `lang/_base/metrics.json`):
   the nearest metric word to the figure in its clause, within a window of characters.
   A counted noun that names a metric (`175 billion parameters`) is the metric itself.
   A percentage with a rise/fall word is a change (`share price fall`); a money figure is
   one only when it follows such a word (`evaporated by $70 million`). Unknown: `""`.
2. **topic** — what the figure is about: a product or model name joined to the metric word
   (`GPT-3's training cost`, `biaya pelatihan GPT-3`, `GPT-3的训练成本`); else the row's
   company `subject`; else the nearest model-like name (`GPT-3`, `H100`) before the
   figure in its sentence. Names are compared without case, spaces or hyphens.
3. **matching** — claims with the same topic, metric and unit (and compatible dates) are
   compared by value. *Corroborated*: values within tolerance, from two or more documents.
   *Conflicts*: two values that cannot both hold (their tolerance intervals, ranges and
   bounds do not overlap), in different sentences, and only between claims that are surely
   about the same quantity: the same period (both undated, or dates that fit), the same
   `segment` (`data-center` revenue is not revenue), each the current value of its sentence
   (not the `from` value, not the part after its whole), with the company named in the
   sentence itself (a `context` subject from an earlier sentence may agree, never conflict).

Rules that keep precision high (docs/summary.md):
- A claim with no metric or no topic never starts a group. It may join a corroborated group
  as an `echo` when it is in one of the group's documents, has the same unit and exactly the
  same value, and no other group fits; an echo never adds a document to the count.
- Tolerance: 1% each side for `exact` figures, 5% for `approx` ones (so two exact figures
  agree within about 2%). `more_than` / `less_than` / `up_to` are open-ended bounds;
  ranges are intervals: a figure inside another's range is no conflict.
- Dates: claims with different dates (neither a prefix of the other: `2022` fits `2022-03`,
  `2022` does not fit `2023`) are different periods and never compared; when a group holds
  incompatible dates, undated claims are compared only with each other.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from . import lang as languages
from .table import records

EXACT_TOLERANCE = 0.01  # each side: two exact figures agree within about 2%
APPROX_TOLERANCE = 0.05  # `approx` widens it a little
_HARD_BREAK = re.compile(r"[;；。！？!?:：]")
_SOFT_BREAK = re.compile(r"[,，、]")
_SPACE = re.compile(r"\s+")
# A model-like name: letters with a digit (GPT-3, GPT-4o, H100, Llama-2), not a quarter (Q3, H1).
_MODEL = re.compile(r"(?<![\w$€£¥])[A-Za-z]*[A-Z][A-Za-z]*-?\d[\w.]*(?:-[\w]+)?(?![\w$])")
_NOT_MODEL = re.compile(r"^(?:[QH][1-4]|FY\d+|US\d.*|[A-Z]{1,3}\$.*)$")
_CAPITALISED = r"(?<![\w-])[A-Z][\w.&+-]*+(?![$€£¥])(?:[ ][A-Z0-9][\w.&+-]*+(?![$€£¥])){0,2}"
_NAME_BEFORE = re.compile(rf"(?:{_CAPITALISED}|{_MODEL.pattern})$")
_NAME_AFTER = re.compile(rf"^(?:{_MODEL.pattern}|{_CAPITALISED})")
_STOP_NAMES = frozenset({"the", "its", "this", "that", "their", "his", "her", "our", "a", "an", "it", "they"})

CLAIM_FIELDS = (
    "claim_id",
    "doc_id",
    "figure",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "subject",
    "topic",
    "topic_source",
    "metric",
    "segment",
    "date",
    "lang",
    "sentence",
    "sentence_en",
)


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Keyword:
    pattern: re.Pattern[str]
    name: str  # a metric, or "rise" / "fall"
    literal: str  # its first word, lower-cased: a cheap test before the regex


@dataclass(frozen=True, slots=True)
class MetricTable:
    """One language's metric words and the rules that go with them."""

    keywords: tuple[_Keyword, ...]
    window: int
    comma_penalty: int
    change_links: frozenset[str]
    topic_before_links: tuple[str, ...]
    topic_after_links: tuple[str, ...]
    bare_names_before: bool
    bare_names_after: bool
    word_boundaries: bool = True


def _base() -> Mapping[str, Any]:
    """The language-neutral metrics table (`lang/_base/metrics.json`)."""
    return languages.table("metrics", "")


@cache
def metric_kinds() -> dict[str, frozenset[str]]:
    """Each metric and the figure kinds it takes directly."""
    return {name: frozenset(spec["kinds"]) for name, spec in _base()["metric_kinds"].items()}


@cache
def unit_metrics() -> dict[str, str]:
    """Counted nouns (claim `unit`) that name a metric."""
    return dict(_base()["unit_metrics"])


def _compile(word: str, boundaries: bool) -> re.Pattern[str]:
    open_end = word.endswith("*")
    # A `*` inside a phrase opens the end of its word too (`operative* Gewinn*`).
    body = re.escape(word.rstrip("*")).replace(r"\*", r"\w*").replace(r"\ ", r"\s+")
    if boundaries:
        tail = r"\w*" if open_end else ""
        return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.IGNORECASE)
    return re.compile(body, re.IGNORECASE)


def _literal(word: str) -> str:
    return word.split()[0].rstrip("*").casefold()


@cache
def metric_table(lang: str) -> MetricTable | None:
    """The metric table of a language (`lang/<code>/metrics.json`), or None when it has no tables."""
    if not languages.has_tables(lang):
        return None
    data = languages.table("metrics", lang)
    boundaries = bool(data.get("word_boundaries", True))
    known = metric_kinds()
    keywords = [
        _Keyword(_compile(word, boundaries), metric, _literal(word))
        for metric, words in data["metrics"].items()
        if metric in known
        for word in words
    ]
    for change in ("rise", "fall"):
        keywords += [_Keyword(_compile(w, boundaries), change, _literal(w)) for w in data.get(change, [])]
    return MetricTable(
        keywords=tuple(keywords),
        window=int(data.get("window", 60)),
        comma_penalty=int(data.get("comma_penalty", 20)),
        change_links=frozenset(_SPACE.sub(" ", s).strip().casefold() for s in data.get("change_links", [""])),
        topic_before_links=tuple(data.get("topic_before_links", [])),
        topic_after_links=tuple(data.get("topic_after_links", [])),
        bare_names_before=bool(data.get("bare_names_before", False)),
        bare_names_after=bool(data.get("bare_names_after", False)),
        word_boundaries=boundaries,
    )


# --- metric and topic of one claim -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    name: str
    distance: int


@lru_cache(maxsize=64)
def _keyword_spans(sentence: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """Every metric keyword match in `sentence`: read once for all the figures of a sentence."""
    table = metric_table(lang)
    if table is None:
        return ()
    found: list[tuple[int, int, str]] = []
    folded = sentence.casefold()
    for kw in table.keywords:
        if kw.literal in folded:
            found.extend((m.start(), m.end(), kw.name) for m in kw.pattern.finditer(sentence))
    return tuple(found)


def _hits(sentence: str, lang: str, table: MetricTable, fig_start: int, fig_end: int) -> list[_Hit]:
    """Keyword matches in the figure's clause and window, nearest first (longer matches win overlaps)."""
    found = [  # not inside the figure itself
        (s, e, name) for s, e, name in _keyword_spans(sentence, lang) if not (e > fig_start and s < fig_end)
    ]
    # The longest match wins where matches overlap (`training cost` over `cost`).
    found.sort(key=lambda h: (-(h[1] - h[0]), h[0], h[2]))
    kept: list[tuple[int, int, str]] = []
    for start, end, name in found:
        if any(start < e and s < end and not (s == start and e == end) for s, e, _ in kept):
            continue
        kept.append((start, end, name))
    hits: list[_Hit] = []
    for start, end, name in kept:
        lo, hi = (end, fig_start) if end <= fig_start else (fig_end, start)
        between = sentence[lo:hi]
        if _HARD_BREAK.search(between):
            continue
        distance = len(between) + table.comma_penalty * len(_SOFT_BREAK.findall(between))
        if start >= fig_end:
            distance += 2  # a word before the figure reads as its label more often than one after
        if distance <= table.window:
            hits.append(_Hit(start, end, name, distance))
    hits.sort(key=lambda h: (h.distance, h.start, h.name))
    return hits


def _figure_span(sentence: str, figure: str, near: int) -> tuple[int, int] | None:
    """Where `figure` stands in the (whitespace-collapsed) sentence: the occurrence nearest `near`."""
    figure = _SPACE.sub(" ", figure).strip()
    if not figure:
        return None
    spots = [m.start() for m in re.finditer(re.escape(figure), sentence)]
    if not spots:
        return None
    at = min(spots, key=lambda s: (abs(s - near), s))
    return at, at + len(figure)


def _is_change(sentence: str, hit: _Hit, fig_start: int, table: MetricTable) -> bool:
    """A money or count figure is a change only right after a rise/fall word and a link (`by`)."""
    if hit.end > fig_start:
        return False
    link = _SPACE.sub(" ", sentence[hit.end : fig_start]).strip().casefold()
    return link in table.change_links


def metric_of(
    sentence: str, lang: str, kind: str, unit: str, fig_start: int, fig_end: int
) -> tuple[str, int, int]:
    """The metric of a figure at [fig_start, fig_end) of `sentence`, and the span of its keyword."""
    if kind == "event":
        return "", -1, -1
    from_unit = unit_metrics().get(unit) if kind == "quantity" else None
    table = metric_table(lang)
    if from_unit:
        return from_unit, fig_start, fig_end
    if table is None:
        return "", -1, -1
    hits = _hits(sentence, lang, table, fig_start, fig_end)
    kinds = metric_kinds()
    bases = [h for h in hits if h.name not in ("rise", "fall")]
    changes = [h for h in hits if h.name in ("rise", "fall")]
    if kind == "percent":
        base = next((h for h in bases if "percent" in kinds[h.name]), None)
        if base is not None:
            # `market share rose 3%` is a change of the share, not a share of 3%.
            moved = next((h for h in changes if _is_change(sentence, h, fig_start, table)), None)
            if moved is not None:
                return f"{base.name} {moved.name}", base.start, base.end
            return base.name, base.start, base.end
        if changes:
            change = changes[0]
            of = bases[0] if bases else None
            if of is not None:
                return f"{of.name} {change.name}", of.start, of.end
            return change.name, change.start, change.end
        return "", -1, -1
    base = next((h for h in bases if kind in kinds[h.name]), None)
    if base is None:
        return "", -1, -1
    moved = next((h for h in changes if _is_change(sentence, h, fig_start, table)), None)
    if moved is not None:
        return f"{base.name} {moved.name}", base.start, base.end
    return base.name, base.start, base.end


def _name_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


def _canonical(name: str, companies: Sequence[str]) -> str:
    key = _name_key(name)
    for company in companies:
        if _name_key(company) == key:
            return company
    return name


def _attached_names(sentence: str, start: int, end: int, table: MetricTable) -> list[str]:
    """Names joined to the metric word at [start, end): the one before it, then the one after it."""
    found: list[str] = []
    before = sentence[:start].rstrip()
    for link in (*table.topic_before_links, ""):
        if link and not before.endswith(link):
            continue
        head = before[: len(before) - len(link)] if link else before
        m = _NAME_BEFORE.search(head.rstrip() if link[:1].isalpha() else head)
        if m is None:
            continue
        name = m.group(0).strip()
        if not link and not (table.bare_names_before or _MODEL.fullmatch(name)):
            continue
        if name.casefold() not in _STOP_NAMES and not _NOT_MODEL.match(name):
            found.append(name)
            break
    after = sentence[end:].lstrip()
    for link in (*table.topic_after_links, ""):
        tail = after
        if link:
            if not re.match(rf"{re.escape(link)}\s", tail):
                continue
            tail = re.sub(r"^(?:the|an?)\s+", "", tail[len(link) :].lstrip())
        m = _NAME_AFTER.match(tail)
        if m is None:
            continue
        name = m.group(0).strip()
        if not link and not (table.bare_names_after or _MODEL.fullmatch(name)):
            continue
        if name.casefold() not in _STOP_NAMES and not _NOT_MODEL.match(name):
            found.append(name)
            break
    return found


def _attached_name(sentence: str, start: int, end: int, table: MetricTable) -> str:
    """The product or model a metric word names; a model-like name wins (`OpenAI's cost for GPT-4`)."""
    names = _attached_names(sentence, start, end, table)
    models = [n for n in names if _MODEL.fullmatch(n)]
    return (models or names or [""])[0]


def topic_of(
    sentence: str,
    lang: str,
    subject: str,
    companies: Sequence[str],
    key_start: int,
    key_end: int,
    fig_start: int,
) -> tuple[str, str]:
    """What a figure is about, and whether that is a `company` or a `name` (product, model)."""
    table = metric_table(lang)
    if table is not None and key_start >= 0:
        attached = _attached_name(sentence, key_start, key_end, table)
        if attached:
            canonical = _canonical(attached, companies)
            return canonical, "company" if canonical in companies else "name"
    if subject:
        return subject, "company"
    if fig_start < 0:
        return "", ""
    clause_start = max((m.end() for m in _HARD_BREAK.finditer(sentence, 0, fig_start)), default=0)
    models = [
        m.group(0)
        for m in _MODEL.finditer(sentence, clause_start, fig_start)
        if not _NOT_MODEL.match(m.group(0))
    ]
    if models:
        return models[-1], "name"
    return "", ""


_LINK_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SEGMENT_GAP = 24  # characters: a modifier longer than this is not one noun phrase with its metric


def _surfaces(sentence: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the given company spellings in `sentence` (every occurrence)."""
    spans: list[tuple[int, int]] = []
    folded = sentence.casefold()
    for name in {n for n in names if n}:
        at = folded.find(name.casefold())
        while at >= 0:
            spans.append((at, at + len(name)))
            at = folded.find(name.casefold(), at + 1)
    return sorted(spans)


def _strip_links(gap: str, links: Iterable[str]) -> str:
    """`gap` without joining words (`'s`, `de`, `von`, `的`) at either end, nor punctuation or spaces."""
    ordered = sorted((link for link in links if link), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        gap = _LINK_EDGE.sub("", gap.strip())
        for link in ordered:
            word = link.strip().casefold()
            lead = gap.casefold()
            if lead.startswith(word) and (
                not word[-1:].isalpha() or not lead[len(word) : len(word) + 1].isalpha()
            ):
                gap, changed = gap[len(word) :], True
                break
            if lead.endswith(word) and (not word[:1].isalpha() or not lead[: -len(word)][-1:].isalpha()):
                gap, changed = gap[: -len(word)], True
                break
    return gap.strip()


def segment_of(
    sentence: str, lang: str, key_start: int, key_end: int, names: Sequence[tuple[int, int]]
) -> str:
    """The words that narrow a metric to a part of it (`data-center` revenue, `云`收入, `de la nube`).

    Read between the metric word and the name it belongs to (`Nvidia's data-center revenue`,
    `Pendapatan cloud Microsoft`, `英伟达数据中心收入`), or from a word hyphenated to it
    (`Cloud-Umsatz`). Empty when the metric stands alone. Two claims with different segments
    are never called a conflict (a total and a part of it).
    """
    table = metric_table(lang)
    if table is None or key_start < 0:
        return ""
    boundaries = table.word_boundaries
    found = ""
    # A hyphenated word right before the metric word: `data-center revenue`, `Cloud-Umsatz`.
    hyphened = re.search(r"(?<![\w-])(\w+(?:-\w+)*)(-?)\s*$", sentence[max(0, key_start - 30) : key_start])
    if hyphened and ("-" in hyphened.group(1) or hyphened.group(2)):
        found = hyphened.group(1)
    # A name (or possessive) before the metric word: what stands between is the segment.
    before = [(s, e) for s, e in names if e <= key_start and key_start - e <= _SEGMENT_GAP]
    possessive = None
    for link in table.topic_before_links:
        at = sentence.rfind(link, max(0, key_start - _SEGMENT_GAP), key_start)
        if at >= 0 and link[:1] in "'’s":
            possessive = (at, at + len(link))
    anchors = before[-1:] + ([possessive] if possessive else [])
    for _, end in sorted(anchors, key=lambda a: -a[1])[:1]:
        gap = sentence[end:key_start]
        words_ok = boundaries and (possessive is not None and end == possessive[1])
        cjk_ok = not boundaries
        if (words_ok or cjk_ok or gap.strip() == "") and not re.search(r"[\d,.;:，。；：]", gap):
            found = found or _strip_links(gap, table.topic_before_links)
    # A name after the metric word (`Pendapatan cloud Microsoft`, `ingresos de la nube de Nvidia`).
    if table.bare_names_after or table.topic_after_links:
        after = [(s, e) for s, e in names if s >= key_end and s - key_end <= _SEGMENT_GAP]
        if after:
            gap = sentence[key_end : after[0][0]]
            joined = not table.topic_after_links or any(
                re.search(rf"(?<!\w){re.escape(link)}\s*$", gap, re.IGNORECASE)
                for link in table.topic_after_links
            )
            if (table.bare_names_after or joined) and not re.search(r"[\d,.;:，。；：]", gap):
                found = found or _strip_links(gap, table.topic_after_links)
    if boundaries:
        words = found.split()
        stops = _stop_words(lang)
        while words and words[0].casefold() in stops:
            words.pop(0)
        while words and words[-1].casefold() in stops:
            words.pop()
        found = " ".join(words) or _after_a_stop_word(sentence[:key_start], lang)
    pattern = _period_pattern(lang)
    if found and pattern is not None and pattern.search(found):
        return ""  # `third-quarter revenue`, `第三季度营收`: a period, which the date already says
    # as written, in lower case (`data center`); claims are compared by `_name_key` (`data-center` too)
    return " ".join(found.replace("-", " ").split()).casefold() if _name_key(found) else ""


@cache
def _stop_words(lang: str) -> frozenset[str]:
    """Words that open a phrase rather than name a thing (`the`, `its`, `while`): the language's
    `leading_stop_words` (lang/<code>/companies.json), and the verbs and adjectives that stand before
    a metric word without narrowing it (`said`, `reported`, `record`, `total`: metrics `segment_stops`)."""
    if not languages.has_tables(lang):
        return frozenset()
    words = [
        *(languages.table("companies", lang).get("leading_stop_words") or []),
        *(languages.table("metrics", lang).get("segment_stops") or []),
    ]
    return frozenset(str(w).casefold() for w in words)


_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")


@cache
def _reads_verbs(lang: str) -> bool:
    """Whether the metrics table lists the verbs that stand between a name and a metric word."""
    return languages.has_tables(lang) and bool(languages.table("metrics", lang).get("segment_stops"))


def _after_a_stop_word(before: str, lang: str) -> str:
    """Lower-case words between a determiner, conjunction, verb or name and the metric word: `its
    cloud` revenue, `while cloud` revenue, `said data center` revenue, `Nvidia data center` revenue;
    empty when a number or punctuation comes first, or more than three words."""
    stops = _stop_words(lang)
    words: list[str] = []
    for token in reversed(_TOKEN.findall(before)[-4:]):
        if token.casefold() in stops:
            return " ".join(words)
        if token[:1].isalpha() and not token[:1].islower():
            # a name (`Nvidia data center revenue`), where the verbs between are known (`said`)
            return " ".join(words) if _reads_verbs(lang) else ""
        if not token[:1].isalpha():
            return ""
        words.insert(0, token)
    return ""


def _context_companies(
    claims: pd.DataFrame, mentions: pd.DataFrame | None
) -> dict[str, list[tuple[int, list[str]]]]:
    """Per document, each sentence start with the companies that sentence names, in order."""
    named: dict[str, dict[int, list[str]]] = defaultdict(dict)
    if mentions is not None and len(mentions):
        companies = mentions[mentions["kind"] == "company"]
        for doc, start, name in zip(
            companies["doc_id"], companies["sentence_start"], companies["name"], strict=True
        ):
            names = named[str(doc)].setdefault(int(start), [])
            if name and name not in names:
                names.append(str(name))
    for doc, start, names in zip(claims["doc_id"], claims["start"], claims["companies"], strict=True):
        named[str(doc)].setdefault(int(start), list(names or []))
    return {doc: sorted(by_start.items()) for doc, by_start in named.items()}


def _company_before(context: Mapping[str, list[tuple[int, list[str]]]], doc: str, start: int) -> str:
    """The one company the nearest earlier sentence naming any (same document) names; else empty."""
    sentences = context.get(doc, [])
    at = bisect.bisect_left(sentences, (start,)) - 1
    while at >= 0:
        names = sentences[at][1]
        if names:
            return names[0] if len(names) == 1 else ""
        at -= 1
    return ""


def _surface_names(row: dict[str, Any], mentions: Mapping[tuple[str, int], list[str]]) -> list[str]:
    """How the sentence spells its companies: from the mentions table, else their canonical names."""
    return mentions.get((str(row["doc_id"]), int(row["start"])), []) + list(row["companies"] or [])


def annotate(claims: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claim table with `metric`, `topic`, `topic_kind`, `topic_source` and `segment` added (a copy).

    With the mentions table, a figure whose sentence names no company and no product takes the
    company of the nearest earlier sentence of its document when that sentence names exactly one
    (`topic_source` `context`: "The company's cloud revenue was $26.3 billion." after "Microsoft
    reported on Tuesday.").
    """
    metrics: list[str] = []
    topics: list[str] = []
    topic_kinds: list[str] = []
    sources: list[str] = []
    segments: list[str] = []
    context = _context_companies(claims, mentions)
    spellings: dict[tuple[str, int], list[str]] = defaultdict(list)
    if mentions is not None and len(mentions):
        companies_only = mentions[mentions["kind"] == "company"]
        for doc, start, text in zip(
            companies_only["doc_id"], companies_only["sentence_start"], companies_only["text"], strict=True
        ):
            spellings[(str(doc), int(start))].append(_SPACE.sub(" ", str(text)).strip())
    for row in records(claims):
        sentence = str(row["sentence"])
        fig_start = fig_end = -1
        if row["kind"] != "event":
            near = int(row["figure_start"]) - int(row["start"]) if pd.notna(row["figure_start"]) else 0
            span = _figure_span(sentence, str(row["figure"]), near)
            if span is not None:
                fig_start, fig_end = span
        lang = str(row["lang"])
        metric, k_start, k_end = ("", -1, -1)
        if fig_start >= 0:
            metric, k_start, k_end = metric_of(
                sentence, lang, str(row["kind"]), str(row["unit"]), fig_start, fig_end
            )
        companies = list(row["companies"] or [])
        topic, topic_kind = topic_of(
            sentence, lang, str(row["subject"] or ""), companies, k_start, k_end, fig_start
        )
        source = "sentence" if topic else ""
        if not topic and not companies and metric and row["kind"] != "event":
            topic = _company_before(context, str(row["doc_id"]), int(row["start"]))
            topic_kind, source = ("company", "context") if topic else ("", "")
        segment = ""
        if metric and k_start >= 0 and k_start != fig_start:
            names = _surfaces(sentence, _surface_names(row, spellings) + ([topic] if topic else []))
            segment = segment_of(sentence, lang, k_start, k_end, names)
        metrics.append(metric)
        topics.append(topic)
        topic_kinds.append(topic_kind)
        sources.append(source)
        segments.append(segment)
    return claims.assign(
        metric=metrics, topic=topics, topic_kind=topic_kinds, topic_source=sources, segment=segments
    )


# --- matching --------------------------------------------------------------------------------


def _tolerance(claim: dict[str, Any]) -> float:
    return APPROX_TOLERANCE if claim["qualifier"] == "approx" else EXACT_TOLERANCE


def _high(claim: dict[str, Any]) -> float:
    vmax = claim["value_max"]
    return float(vmax) if vmax is not None and not pd.isna(vmax) else float(claim["value"])


def _ranged(claim: dict[str, Any]) -> bool:
    vmax = claim["value_max"]
    return vmax is not None and not pd.isna(vmax)


def interval(claim: dict[str, Any]) -> tuple[float, float]:
    """The values a claim allows: its value (or range) widened by its tolerance; bounds are open."""
    t = _tolerance(claim)
    lo, hi = float(claim["value"]), _high(claim)
    lo, hi = min(lo, hi), max(lo, hi)
    low, high = lo - t * abs(lo), hi + t * abs(hi)
    qualifier = claim["qualifier"]
    if qualifier == "more_than":
        high = float("inf")
    elif qualifier in ("less_than", "up_to"):
        low = float("-inf") if lo < 0 else 0.0
    return low, high


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two claims state the same value: within tolerance (both ends for ranges)."""
    if _ranged(a) != _ranged(b):
        return False
    t = _tolerance(a) + _tolerance(b)
    return _close(float(a["value"]), float(b["value"]), t) and _close(_high(a), _high(b), t)


def disagree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two claims cannot both hold: their intervals do not overlap."""
    (a_lo, a_hi), (b_lo, b_hi) = interval(a), interval(b)
    return a_hi < b_lo or b_hi < a_lo


def _any_disagree(members: Sequence[dict[str, Any]]) -> bool:
    """Whether two members disagree, in linear time.

    Intervals on a line overlap pairwise exactly when the largest lower bound does not pass
    the smallest upper bound; the pair (smallest upper, largest lower) is then the one that
    disagrees. Comparing every pair would be quadratic in a group's size.
    """
    bounds = [interval(m) for m in members]
    return min(hi for _, hi in bounds) < max(lo for lo, _ in bounds) if len(bounds) > 1 else False


def _periods(members: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Members split into sets that may be compared: one set unless dates are incompatible."""
    dates = {str(m["date"]) for m in members if m["date"]}
    # Dates fit pairwise exactly when each is a prefix of the most precise one (linear, not pairs).
    longest = max(dates, key=len, default="")
    if all(longest.startswith(d) for d in dates):
        return [members]
    buckets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        buckets[str(m["date"])].append(m)
    return [buckets[d] for d in sorted(buckets)]


def _order(claim: dict[str, Any]) -> tuple[Any, ...]:
    return (
        claim["doc_id"],
        claim["figure_start"] if claim["figure_start"] is not None else -1,
        claim["claim_id"],
    )


def _value_order(claim: dict[str, Any]) -> tuple[Any, ...]:
    return (float(claim["value"]), _high(claim), *_order(claim))


def _clusters(members: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Members grouped by agreeing values, smallest first; each agrees with its first member."""
    clusters: list[list[dict[str, Any]]] = []
    for claim in sorted(members, key=_value_order):
        if clusters and agree(clusters[-1][0], claim):
            clusters[-1].append(claim)
        else:
            clusters.append([claim])
    return clusters


def _records(claims: pd.DataFrame) -> list[dict[str, Any]]:
    return [row | {"companies": list(row["companies"] or [])} for row in records(claims)]


def _claim_out(claim: dict[str, Any], match: str) -> dict[str, Any]:
    out = {field: claim[field] for field in CLAIM_FIELDS}
    out["match"] = match
    return out


def _display(members: Iterable[dict[str, Any]]) -> tuple[str, str]:
    """The topic as shown: a company's canonical name, else the first spelling in reading order."""
    ordered = sorted(members, key=_order)
    for m in ordered:
        if m["topic_kind"] == "company":
            return str(m["topic"]), "company"
    return str(ordered[0]["topic"]), str(ordered[0]["topic_kind"])


def _conflict_ready(rows: list[dict[str, Any]]) -> None:
    """Mark which claims may be called part of a conflict (`_firm`).

    Not a claim whose company came from an earlier sentence (it may agree, never conflict), nor
    a second figure of one sentence for the same subject, metric and unit: `raised its target to
    $250 from $200`, `sold 3 million cars, of which 240,000 abroad`, `total revenue was $46.7
    billion, data-center revenue $41.1 billion` state an old and a new value, a whole and its
    part, not two claims of one quantity. The first such figure of the sentence stays.
    """
    siblings: dict[tuple[str, int, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(rows, key=_order):
        key = (
            str(r["doc_id"]),
            int(r["start"]),
            _name_key(str(r["topic"])),
            str(r["metric"]),
            str(r["unit"]),
        )
        siblings[key].append(r)
        r["_yearless"] = "" if r["date"] else yearless_period(str(r["sentence"]), str(r["lang"]))
        r["_firm"] = r.get("topic_source") != "context" and r["_yearless"] != "?"
    for group in siblings.values():
        if len(group) < 2:
            continue
        kept = _current_value(group)
        for r in group:
            r["_firm"] = r["_firm"] and r is kept


def _current_value(group: list[dict[str, Any]]) -> dict[str, Any]:
    """Of the figures one sentence states for one quantity, the one that is its current value.

    With only a rise word in the sentence the larger one (`raised ... to $250 from $200`), with
    only a fall word the smaller one; otherwise the first (`to $250 from $200`, a whole before
    its part).
    """
    first = group[0]
    moves = {name for _, _, name in _keyword_spans(str(first["sentence"]), str(first["lang"]))}
    moves &= {"rise", "fall"}
    if moves == {"rise"}:
        return max(group, key=lambda r: (_high(r), -group.index(r)))
    if moves == {"fall"}:
        return min(group, key=lambda r: (float(r["value"]), group.index(r)))
    return first


@cache
def _period_pattern(lang: str) -> re.Pattern[str] | None:
    """Words that name a part of a year (`quarter`, `kuartal`, `季度`, `上半年`) or its code (`Q2`)."""
    words = [r"(?<![\w])[QH][1-4](?!\w)"]
    if languages.has_tables(lang):
        periods = languages.table("dates", lang).get("periods") or {}
        names = [*(periods.get("nouns") or {}), *(periods.get("fixed") or {})]
        words += [re.escape(n) for n in sorted(names, key=len, reverse=True) if n]
    return re.compile("|".join(words), re.IGNORECASE)


_SOME_YEAR = 1900  # stands in for a year the text does not give


@lru_cache(maxsize=4096)
def yearless_period(sentence: str, lang: str) -> str:
    """The part of a year an undated sentence names without its year (`in the first quarter` → `Q1`).

    Read by the date grammar with a stand-in year; empty when the sentence names none, `?` when
    it names several.
    """
    pattern = _period_pattern(lang)
    if pattern is None or not pattern.search(sentence):
        return ""
    from .extract.dates import find_dates

    parts = {
        d.value.split("-", 1)[1]
        for d in find_dates(sentence, lang, context_year=_SOME_YEAR)
        if d.value.startswith(f"{_SOME_YEAR}-") and "/" not in d.value
    }
    return parts.pop() if len(parts) == 1 else ("?" if parts else "")


def period_of(members: Iterable[dict[str, Any]]) -> str:
    """The period claims are about: their most precise date, a part of an unnamed year, or `undated`."""
    members = list(members)
    dates = [str(m["date"]) for m in members if m["date"]]
    if dates:
        return max(dates, key=lambda d: (len(d), d))
    parts = sorted({str(m.get("_yearless") or "") for m in members} - {""})
    return f"{parts[0]}, year not given" if len(parts) == 1 else "undated"


def spread_text(low: float, high: float, unit: str) -> tuple[str, float]:
    """`4.1 vs 4.6 billion USD, 12% apart` (or `×8.57`) and the gap as a percentage of the lower value."""
    from .render import human_number  # the renderer's own number words

    pct = (high - low) / abs(low) * 100 if low else float("inf")
    # 12% apart; a gap of 100% or more as the multiple: ×8.57
    apart = f"{pct:.0f}% apart" if pct < 100 else f"×{high / low:.3g}" if low else "apart"
    a, b = human_number(low), human_number(high)
    if a.split(" ")[-1:] == b.split(" ")[-1:] and " " in a:
        a = a.rsplit(" ", 1)[0]  # `5.2 vs 6.1 billion`
    return f"{a} vs {b} {unit}, {apart}".replace("  ", " "), round(pct, 1)


def _why(subject: str, metric: str, period: str, unit: str, segment: str) -> str:
    part = f", segment {segment}" if segment else ""
    return f"same subject ({subject}), metric ({metric}{part}), period ({period}), unit ({unit})"


def find_matches(
    claims: pd.DataFrame, mentions: pd.DataFrame | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`corroborated` and `conflicts` of a claim table (annotated or not), in a stable order.

    Claims are bucketed by (subject, metric, unit) and split by period before any comparison,
    so the work grows with the size of a bucket, not with the square of the table.
    """
    if claims.empty:
        return [], []
    annotated = claims if "metric" in claims.columns else annotate(claims, mentions)
    rows = [r for r in _records(annotated) if r["kind"] != "event" and r["value"] is not None]
    for r in rows:
        r.setdefault("topic_source", "sentence" if r["topic"] else "")
        r.setdefault("segment", "")
    _conflict_ready(rows)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    loose: list[dict[str, Any]] = []
    for r in rows:
        key = _name_key(str(r["topic"]))
        if key and r["metric"]:
            groups[(key, str(r["metric"]), str(r["unit"]))].append(r)
        else:
            loose.append(r)

    corroborated: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    for (key, metric, unit), members in sorted(groups.items()):
        for period in _periods(members):
            subject, subject_kind = _display(period)
            for cluster in _clusters(period):
                docs = sorted({c["doc_id"] for c in cluster})
                if len(docs) >= 2:
                    values = {(float(c["value"]), _high(c)) for c in cluster}
                    corroborated.append(
                        {
                            "subject": subject,
                            "subject_kind": subject_kind,
                            "metric": metric,
                            "unit": unit,
                            "period": period_of(cluster),
                            "value": cluster[0]["value"],
                            "value_max": cluster[0]["value_max"],
                            "approximate": len(values) > 1,
                            "documents": docs,
                            "_key": key,
                            "_members": cluster,
                        }
                    )
            # A conflict needs one period: two dated claims that fit, or two undated ones that
            # name the same part of a year (`Q1` without a year) or none.
            comparable: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for c in period:
                if c["_firm"]:
                    when = "dated" if c["date"] else f"undated {c['_yearless']}"
                    comparable[(_name_key(str(c["segment"])), when)].append(c)
            for _, firm in sorted(comparable.items()):
                if not _any_disagree(firm):
                    continue
                segment = str(sorted(firm, key=_order)[0]["segment"])  # as the first claim writes it
                ordered = sorted(firm, key=_value_order)
                low = min(float(c["value"]) for c in firm)
                high = max(_high(c) for c in firm)
                when = period_of(firm)
                spread, pct = spread_text(low, high, unit)
                conflicts.append(
                    {
                        "subject": subject,
                        "subject_kind": subject_kind,
                        "metric": metric,
                        "segment": segment,
                        "unit": unit,
                        "period": when,
                        "min": low,
                        "max": high,
                        "spread": spread,
                        "spread_percent": pct,
                        "why": _why(subject, metric, when, unit, segment),
                        "documents": sorted({c["doc_id"] for c in firm}),
                        "claims": [_claim_out(c, "direct") for c in ordered],
                    }
                )

    _attach_echoes(corroborated, loose)
    for entry in corroborated:
        members = sorted(entry.pop("_members"), key=_order)
        echoes = sorted(entry.pop("_echoes", []), key=_order)
        entry.pop("_key")
        segments = {_name_key(str(c["segment"])) for c in members}
        segment = str(members[0]["segment"]) if len(segments) == 1 else ""  # named alike everywhere
        entry["why"] = _why(entry["subject"], entry["metric"], entry["period"], entry["unit"], segment)
        entry["claims"] = [_claim_out(c, "direct") for c in members] + [_claim_out(c, "echo") for c in echoes]
    corroborated.sort(
        key=lambda e: (-len(e["documents"]), e["subject"].casefold(), e["metric"], e["unit"], e["value"])
    )
    conflicts.sort(key=lambda e: (e["subject"].casefold(), e["metric"], e["unit"], e["period"], e["min"]))
    return corroborated, conflicts


def _attach_echoes(corroborated: list[dict[str, Any]], loose: list[dict[str, Any]]) -> None:
    """A claim without metric or topic joins the one group it repeats in one of its documents."""
    for claim in sorted(loose, key=_order):
        fits = []
        for entry in corroborated:
            first = entry["_members"][0]
            if claim["doc_id"] not in entry["documents"] or claim["unit"] != entry["unit"]:
                continue
            if claim["metric"] and claim["metric"] != entry["metric"]:
                continue
            if claim["topic"] and _name_key(str(claim["topic"])) != entry["_key"]:
                continue
            same_value = float(claim["value"]) == float(first["value"]) and _high(claim) == _high(first)
            if same_value and _ranged(claim) == _ranged(first):
                fits.append(entry)
        if len(fits) == 1:
            fits[0].setdefault("_echoes", []).append(claim)
