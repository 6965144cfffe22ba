"""Dates stage: find date expressions in original-language text and normalise them to ISO 8601.

What is found (per language, from `lang/<code>/dates.json`; a language without a folder gets the
language-neutral patterns only: ISO dates, year spans and bare years):

- explicit dates: `February 18, 2024`, `18 February 2024`, `Feb. 18`, `Maret 2021`, `Senin (12/6/2023)`,
  `2024-03-07`, `2024年2月18日`, `二〇二四年`, full-width digits;
- years (`in 2021`, `tahun 2023`), year spans (`2024–2025`, `2023/24` → `2023/2024`), month and day
  spans (`September to November 2023` → `2023-09/2023-11`);
- quarters and half-years (`Q3 2023`, `kuartal III 2023`, `2023年第三季度` → `2023-Q3`; `上半年` → `2024-H1`);
- relative dates (`yesterday`, `last Friday`, `pekan lalu`, `去年`), resolved against the publication date.

Rules worth knowing:

- Values carry only the precision written. A date without a year takes the year of the publication date
  (the one of last, this or next year closest to it when the full publication date is known) or else
  `context_year`, with source `inferred`; with neither it stays `--MM-DD` with source `explicit`.
- Numeric dates: `id` reads d/m/y, `en` reads m/d/y unless the first number is over 12 (then d/m/y).
  A numeric date needs a four-digit year, or a weekday next to it (`Jumat (16/2)`): a bare `3/4`
  is a fraction.
- A month name alone (`May`, `Maret`) is never a date; month and weekday names match only in Title case
  or upper case, so verbs such as `may` or `march` are left alone. Weekday abbreviations (`Sun`, `Sat`)
  are read only in front of a date.
- A bare four-digit number 1900–2100 is a year unless it belongs to a larger number (`2,021`, `1.2021`),
  follows a currency sign, precedes `%` or a unit word, or follows a quantity word (`more than`). In
  languages that write thousands without grouping (`en`, `zh`) it also needs a year cue before it
  (`in`, `since`, `tahun`, `在`), punctuation or a line end after it, or a year-like word after it.
- Relative expressions are returned only when the publication date has the precision they need
  (`last week` needs a full date, `last year` only a year); otherwise they are skipped.

Every pattern is built from bounded pieces so matching stays linear in the length of the text.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

import ahocorasick_rs

from sora_meta import lang as languages
from sora_meta import regexcache
from sora_meta.extract.numbers import _has_ascii_digit
from sora_meta.models import DateMention

__all__ = ["context_year", "context_year_of", "find_dates", "find_dates_deferred", "parse_date"]

_SP = r"[ \t\u00a0\u202f\u3000]"
_S0 = _SP + "{0,3}"
_S1 = _SP + "{1,3}"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_FULLWIDTH_RE = re.compile("[\uff10-\uff19]")
_SENTENCE_END = re.compile(r"[.!?。！？\n।؟]")
_PUNCT_AFTER = re.compile(_S0 + r"(?:$|[\n.,;:!?)\]}\"'”’»》」』、，。；：！？（(]|[-–—](?!\d))")
# Marks inside a word (Devanagari vowel signs, Arabic harakat) are no `\w`: taken too (`में`).
_WORD_AFTER = re.compile(_S0 + r"([^\W\d_][\w\u0900-\u0963\u064b-\u065f'-]*)")
_CONTEXT = 40
_DIGITS = re.compile(r"\d\d*")  # not \d+: a leading set lets `re` skip ahead in C
# The same on ASCII text: its bytes with each digit made `0` and all else a space, then runs of `0`. A
# pattern that starts with a literal lets `re` jump to it in C, where one that starts with a set tests
# every character (about half the cost of the scan, translation included).
_DIGIT_TO_ZERO = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))
_ZERO_RUNS = re.compile(b"00*")
_CLOSE = re.compile(_S0 + r"\)")
# ASCII characters that `\w` does not match made spaces (see `_word_anchors`): a table for
# `bytes.translate`, several times faster than `str.translate`.
_NONWORD_TO_SPACE = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))

# Parts of a year (`period_parts`): first and last month (13, 14 are January, February of the next year).
_PART_MONTHS = {
    "start": (1, 1),
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "end": (12, 12),
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "winter": (12, 14),
}
_SEASONS = frozenset({"spring", "summer", "autumn", "winter"})
# Values of mentions resolved once all are chosen: the date just mentioned (`当天`), a day of it (`16日`).
_SAME_DAY = "@same"
_DAYS_FROM = "@from:"  # `次日`, `the next day`: days counted from the date just mentioned
_DAY_OF = "@day:"

# Candidate: (-length, rank, start, end, value, source): sorting puts the preferred ones first.
_Cand = tuple[int, int, int, int, str, str]


# ---------------------------------------------------------------------------- tables and patterns


def _load(lang: str) -> dict[str, Any]:
    """The date table of a language folder (`lang/<code>/dates.json`); empty for `` (no tables)."""
    return dict(languages.table("dates", lang))


def _is_latin(ch: str) -> bool:
    return ch.isalnum() and ord(ch) < 0x2E80


def _variants(word: str, names: bool) -> list[str]:
    """Case forms of a table word: names (Title case) as written and UPPER; phrases lower/Cap/UPPER.

    Sorted: a pattern written from them is the same text in every process (the pattern cache's key).
    """
    if names:
        return sorted({word, word.upper()})
    return sorted({word, word[:1].upper() + word[1:], word.upper()})


_TRIE_FROM = 64  # words from which `_alt` builds a trie


def _alt(words: Iterable[str], *, names: bool = False, left: bool = True) -> str:
    """A regex alternation of literal words, longest first, with word boundaries at Latin ends.

    With `left=False` the left boundary is left to the caller (`_lead_ok`): a lookbehind in front of
    every alternative stops `re` from skipping ahead by first character, which costs 50x in speed.
    With `left=True` one lookbehind goes in front of all the words that start with a Latin character:
    `re` then skips the others by their first character, where a lookbehind each made it try them one
    by one. The same words are tried in the same order: two words can match at one place only if they
    start with the same character, and so sit in the same group.
    """
    forms: set[str] = set()
    for w in words:
        forms.update(_variants(w, names))
    if len(forms) > _TRIE_FROM:
        # a long list (Chinese `3天前`, `三个月后`; English not-dates): a trie, longest first as well, that
        # `re` branches per character where it would try the words one by one
        lead = [w for w in forms if left and _is_latin(w[0])]
        rest = [w for w in forms if not (left and _is_latin(w[0]))]
        tries = ([r"(?<!\w)(?:" + _trie(lead, bounded=True) + ")"] if lead else []) + (
            [_trie(rest, bounded=True)] if rest else []
        )
        return "(?:" + "|".join(tries) + ")"
    parts: list[str] = []
    latin: list[str] = []
    for w in sorted(forms, key=lambda s: (-len(s), s)):
        p = re.escape(w)
        if _is_latin(w[-1]):
            p = p + r"(?!\w)"
        (latin if left and _is_latin(w[0]) else parts).append(p)
    if latin:
        parts.insert(0, r"(?<!\w)(?:" + "|".join(latin) + ")")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


_TRIE_FROM = 64  # words from which `_alt` builds a trie


def _link(parts: Iterable[str]) -> str:
    """Literal joiners where a written space stands for 0–3 (or 1–3) spaces."""
    out = []
    for p in sorted(set(parts), key=lambda s: (-len(s), s)):
        chunks = [re.escape(c) for c in p.split(" ")]
        out.append(_S1.join(chunks) if p.strip() else (_S1 if p else ""))
    out = [o.replace(_S1 + _S1, _S1) for o in out]
    return "(?:" + "|".join(out) + ")" if out else "(?!x)x"


def _trie(words: Iterable[str], *, bounded: bool = False) -> str:
    r"""A regex matching any of `words`, built as a character trie so `re` branches per character.

    Longer words are tried first, as in an alternation sorted longest first. With `bounded`, a word
    that ends in a Latin letter or digit ends only where no word character follows (`(?!\w)`). A long
    list's trie is read back from the cache folder by its words (`regexcache.memo_json`): writing it
    out is most of a language's start-up.
    """
    found = sorted(set(words))
    if len(found) < _MEMO_FROM:
        return _trie_source(found, bounded)
    return regexcache.memo_source(__name__, ["trie", bounded, found], lambda: _trie_source(found, bounded))


_MEMO_FROM = 64  # words from which a trie is kept in the cache folder (every trie `_alt` makes)


def _trie_source(words: Iterable[str], bounded: bool) -> str:
    """`_trie`'s regex, written out."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], last: str) -> str:
        alts = [re.escape(ch) + build(node[ch], ch) for ch in sorted(k for k in node if k)]
        if "" in node and bounded and _is_latin(last):
            alts.append(r"(?!\w)")
        elif not alts:
            return ""
        elif "" in node:
            body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]
            return body + "?" if body.startswith("(?:") else "(?:" + body + ")?"
        return "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]

    return build(root, "") if root else "(?!x)x"


_GROUP_NAME = re.compile(r"\(\?P([<=])(\w+)")


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches at a place exactly when one of `patterns` does, or None.

    Most anchors match no pattern: one try of all of them costs a single call into `re` where trying
    each costs one call per pattern. Group names get a suffix per pattern so they stay distinct; when
    the group count then disagrees (a pattern written in a way this rename misreads), there is no gate.
    """
    parts = [_GROUP_NAME.sub(r"(?P\g<1>\g<2>_" + str(i), p.pattern) for i, p in enumerate(patterns)]
    if any(p.flags & ~re.UNICODE for p in patterns):
        return None
    try:
        gate = regexcache.compile("(?:" + "|".join(parts) + ")")
    except re.error:  # e.g. a global inline flag, allowed only at the start of a pattern
        return None
    return gate if gate.groups == sum(p.groups for p in patterns) else None


@dataclass(slots=True)
class _Lang:
    """The compiled patterns and lookup tables of one language."""

    table: dict[str, Any]
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    relative: dict[str, tuple[str, int]] = field(default_factory=dict)
    rel_weekdays: dict[str, int] = field(default_factory=dict)
    wd_before: dict[str, str] = field(default_factory=dict)
    wd_after: dict[str, str] = field(default_factory=dict)
    period_words: dict[str, tuple[str, int]] = field(default_factory=dict)
    period_codes: dict[str, str] = field(default_factory=dict)
    period_standalone: frozenset[str] = frozenset()
    cjk_digits: dict[str, int] = field(default_factory=dict)
    cjk_ten: str = ""
    cjk_eras: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, list[tuple[re.Pattern[str], Callable[..., tuple[str, str] | None], int, bool]]] = (
        field(default_factory=dict)
    )
    # Per kind of anchor with several patterns: all of them as one alternation, tried first (see `_any_of`).
    kind_gates: dict[str, re.Pattern[str]] = field(default_factory=dict)
    word_anchor: re.Pattern[str] | None = None
    # Set when only lead patterns start at words (see `_word_anchors`). The gate runs on the text made
    # `_NONWORD_TO_SPACE` (`?` for a non-ASCII character) with a space in front; the cover matches where
    # an anchor word written across a non-word character (`last week`) goes on.
    word_gate: Any = None  # an ahocorasick_rs.AhoCorasick of the anchor words with a space in front
    word_cover: re.Pattern[str] | None = None
    ascii_anchor_words: bool = False  # then the gate serves for any text
    cjk_anchor: re.Pattern[str] | None = None
    cjk_ascii: bool = False  # whether a CJK numeral is an ASCII character (`cjk_anchor` can match ASCII text)
    wd_prefix: re.Pattern[str] | None = None
    not_dates: re.Pattern[str] | None = None
    year_cues: tuple[str, ...] = ()
    year_followers: frozenset[str] = frozenset()
    qty_cues: tuple[str, ...] = ()
    units: frozenset[str] = frozenset()
    blockers: tuple[str, ...] = ()
    grouped: bool = False
    projection_cues: tuple[str, ...] = ()
    future_cues: re.Pattern[str] | None = None
    forward_cues: re.Pattern[str] | None = None
    reporting: re.Pattern[str] | None = None  # `reporting_verbs`: `…, it said on Monday` is when it was said
    fronted_cues: re.Pattern[str] | None = None  # `In December, the bank will`: see `_fronted_forward`
    wd_bare_cues: tuple[str, ...] = ()
    month_cues: tuple[str, ...] = ()
    numeric_day_cues: tuple[str, ...] = ()  # `am` of `am 14.6.`: a year-less numeric date after it
    period_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    season_rel: dict[str, int] = field(default_factory=dict)
    period_word_links: tuple[str, ...] = ()  # ` of ` of `first half of 2023`, when it is a word
    year_nouns: tuple[str, ...] = ()
    period_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # `relative_counted` (`in 3 days`, `two weeks ago`): unit words, number words, direction words.
    counted_units: dict[str, tuple[str, int]] = field(default_factory=dict)
    counted_numbers: dict[str, int] = field(default_factory=dict)
    counted_dirs: dict[str, int] = field(default_factory=dict)
    counted_not_before: tuple[str, ...] = ()
    counted_not_endings: tuple[str, ...] = ()  # `-dan` of `not_before`: a word ending so (`anlaşmadan`)
    forward_after: bool = False  # `forward_cues_after`: the cues may follow the date (verb-final languages)
    tensed: dict[str, int] = field(default_factory=dict)  # `relative_by_tense`: `कल` → 1
    days_from_last: dict[str, int] = field(default_factory=dict)  # `次日`, `the next day` → 1
    past_cues: re.Pattern[str] | None = None
    counted_after: re.Pattern[str] | None = None  # the `after` words of `relative_counted`
    counted_back: re.Pattern[str] | None = None  # a count and unit ending where an `after` word starts
    # `forward_only` word, count, unit (`in 3 days`): each pattern with the literal it starts with
    counted_lead: tuple[tuple[str, re.Pattern[str]], ...] = ()
    fiscal_after: re.Pattern[str] | None = None  # `FY`, `fiscal` right after a quarter or half
    fiscal_near: re.Pattern[str] | None = None  # `fiscal`, `财年`, `年度` near a quarter or half
    forward_right: re.Pattern[str] | None = None  # `prochain` right after a date: it looks ahead
    day_alone: re.Pattern[str] | None = None  # after a day alone (`5日`): what makes it no date (`間`)
    counted_probe: tuple[str, ...] = ()  # lower-case units: a text with none of them has no counted date
    counted_after_probe: tuple[str, ...] = ()  # lower-case `after` words: none in the text, no scan for them
    counted_forward: frozenset[str] = frozenset()  # `before` words read only in a forward sentence (`in`)
    holidays: dict[str, tuple[int, int]] = field(default_factory=dict)  # `christmas day` → (12, 25)
    day_words: dict[str, int] = field(default_factory=dict)  # `first` → 1 (`March first`, `the third of May`)
    day_links: tuple[str, ...] = ()  # `of` of `the third of May`, longest first


def _lower_keys(d: dict[str, Any]) -> dict[str, Any]:
    return {k.lower(): v for k, v in d.items()}


@cache
def _compiled(lang: str) -> _Lang:
    t = _load(lang)
    L = _Lang(table=t)
    L.months = _lower_keys(t.get("months", {}))
    wd_full = t.get("weekdays", {})
    wd_all = {**wd_full, **t.get("weekday_abbreviations", {})}
    L.weekdays = _lower_keys(wd_all)
    L.relative = {k.lower(): (v[0], int(v[1])) for k, v in t.get("relative", {}).items()}
    L.rel_weekdays = _lower_keys(t.get("relative_weekdays", wd_full))
    L.wd_before = _lower_keys(t.get("weekday_relative_before", {}))
    L.wd_after = _lower_keys(t.get("weekday_relative_after", {}))
    cjk = t.get("cjk", {})
    L.cjk_digits = cjk.get("digits", {})
    L.cjk_ten = cjk.get("ten", "")
    L.year_cues = tuple(sorted({c.lower() for c in t.get("year_cues_before", [])}, key=len, reverse=True))
    L.year_followers = frozenset(w.lower() for w in t.get("year_cues_after", []))
    L.qty_cues = tuple(sorted({c.lower() for c in t.get("quantity_cues", [])}, key=len, reverse=True))
    L.units = frozenset(w.lower() for w in t.get("unit_words", []))
    L.blockers = tuple(sorted({c.lower() for c in t.get("relative_blockers", [])}, key=len, reverse=True))
    L.grouped = bool(t.get("thousands_grouped", False))
    L.projection_cues = tuple(
        sorted({c.lower() for c in t.get("projection_cues_before", [])}, key=len, reverse=True)
    )
    if t.get("future_cues"):
        L.future_cues = regexcache.compile(_alt(t["future_cues"]))
    if t.get("not_dates"):
        L.not_dates = regexcache.compile(_alt(t["not_dates"]))
    if "day_alone_not_after" in t.get("cjk", {}):
        alts = "|".join(re.escape(w) for w in sorted(t["cjk"]["day_alone_not_after"], key=len, reverse=True))
        L.day_alone = regexcache.compile(r"[ \u00a0]?(?:" + (alts or "(?!x)x") + ")")
    if t.get("forward_right_after"):
        ahead = "|".join(re.escape(w) for w in sorted(t["forward_right_after"], key=len, reverse=True))
        L.forward_right = regexcache.compile(r"[ \u00a0]+(?i:" + ahead + r")(?!\w)")
    if t.get("fiscal_after"):
        fiscal = "|".join(re.escape(w) for w in sorted(t["fiscal_after"], key=len, reverse=True))
        L.fiscal_after = regexcache.compile(r"[ \u00a0]*(?i:" + fiscal + r")(?![^\W\d_])")
    if t.get("fiscal_cues"):
        # A Latin cue starts a word (`FY` of `FY25`, not of `WIFY`); any may run on (`Geschäftsjahres`).
        cues = sorted({v for w in t["fiscal_cues"] for v in _variants(w, False)}, key=lambda w: (-len(w), w))
        L.fiscal_near = regexcache.compile(
            "|".join(("(?<!\\w)" if _is_latin(w[0]) else "") + re.escape(w) for w in cues)
        )
    fwd = t.get("forward_cues", t.get("future_cues", []))
    if fwd:
        L.forward_cues = regexcache.compile(_alt(fwd))
    if t.get("reporting_verbs"):
        L.reporting = regexcache.compile(_alt(t["reporting_verbs"]))
    if t.get("fronted_forward_cues"):
        L.fronted_cues = regexcache.compile(_alt(t["fronted_forward_cues"]))
    L.wd_bare_cues = tuple(sorted({c.lower() for c in t.get("weekday_bare_cues", [])}, key=len, reverse=True))
    L.forward_after = bool(t.get("forward_cues_after", False))
    L.month_cues = tuple(sorted({c.lower() for c in t.get("month_alone_cues", [])}, key=len, reverse=True))
    L.numeric_day_cues = tuple(
        sorted({c.lower() for c in t.get("numeric_day_cues", [])}, key=len, reverse=True)
    )

    months = _alt(t.get("months", {}), names=True)
    lead_months = _alt(t.get("months", {}), names=True, left=False)
    suf = "(?:" + "|".join(map(re.escape, t.get("day_suffixes", []))) + ")?" if t.get("day_suffixes") else ""
    rng = r"(?:" + _S0 + r"[-–—]" + _S0 + "|" + _S1 + _alt(t.get("range_words", [])) + _S1 + ")"
    rel_year_words = _alt([k for k, v in t.get("relative", {}).items() if v[0] == "year"])
    # (pattern, handler, rank, kinds of anchor it starts at; see below).
    pats: list[tuple[str, Callable[..., tuple[str, str] | None], int, str]] = []

    # Language-neutral: ISO dates, year spans, bare years.
    pats.append(
        (
            r"(?<![\d.\-/])(?P<y>" + _YEAR + r")(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
            r"(?!\d|[-/.:]\d)",
            _h_iso,
            0,
            "y",
        )
    )
    range_marks = ["-", "–", "—", "/", "~"] + [m for m in cjk.get("range_marks", []) if len(m) == 1]
    ymark = re.escape(cjk["year_marker"]) if cjk else ""
    pats.append(
        (
            r"(?<![\d.,$€£¥\-/])(?P<y1>"
            + _YEAR
            + r")"
            + (f"(?:{_S0}{ymark})?" if ymark else "")
            + _S0
            + "(?P<sep>["
            + re.escape("".join(dict.fromkeys(range_marks)))
            + "])"
            + _S0
            + r"(?P<y2>"
            + _YEAR
            + r"|\d\d)(?!\d|[.,]\d|"
            + _S0
            + r"%)"
            + (f"(?:{_S0}{ymark})?" if ymark else ""),
            _h_year_range,
            1,
            "y",
        )
    )
    pats.append(
        (r"(?<![\w$€£¥₹#])(?<!\d[.,:/\-])(?P<y>" + _YEAR + r")(?![\w%‰°]|[.,:/\-]\d)", _h_bare_year, 9, "y")
    )

    if L.months:
        link_dm = _link(t.get("day_month_links", []))
        link_my = _link(t.get("month_year_links", []))
        orders = t.get("textual_orders", [])
        if "month_day" in orders:
            pats.append(
                (
                    r"(?P<mon>"
                    + lead_months
                    + ")"
                    + _S1
                    + r"(?P<d>"
                    + _DAY
                    + ")"
                    + suf
                    + r"(?!\w|[.,]\d|"
                    + _S0
                    + r"[%:])(?:(?:,"
                    + _S0
                    + "|"
                    + _S1
                    + r")(?P<y>"
                    + _YEAR
                    + r")(?!\d|[.,]\d))?",
                    _h_text_date,
                    2,
                    "W",
                )
            )
            pats.append(
                (
                    r"(?P<mon>"
                    + lead_months
                    + ")"
                    + _S1
                    + r"(?P<d1>"
                    + _DAY
                    + ")"
                    + suf
                    + rng
                    + r"(?P<d2>"
                    + _DAY
                    + ")"
                    + suf
                    + r"(?!\w|[.,]\d)(?:,?"
                    + _S1
                    + r"(?P<y>"
                    + _YEAR
                    + r")(?!\d))?",
                    _h_day_range,
                    2,
                    "W",
                )
            )
        if "day_month" in orders:
            pats.append(
                (
                    r"(?<![\d.,])(?P<d>"
                    + _DAY
                    + ")"
                    + suf
                    + r"(?:"
                    + _S1
                    + link_dm
                    + ")?"
                    + _S1
                    + r"(?P<mon>"
                    + months
                    + r")(?:(?:,?"
                    + _S1
                    + "|"
                    + _S1
                    + link_my
                    + _S1
                    + r")(?P<y>"
                    + _YEAR
                    + r")(?!\d|[.,]\d))?",
                    _h_text_date,
                    2,
                    "d",
                )
            )
            pats.append(
                (
                    r"(?<![\d.,])(?P<d1>"
                    + _DAY
                    + ")"
                    + suf
                    + rng
                    + r"(?P<d2>"
                    + _DAY
                    + ")"
                    + suf
                    + r"(?:"
                    + _S1
                    + link_dm
                    + ")?"
                    + _S1
                    + r"(?P<mon>"
                    + months
                    + r")(?:(?:,?"
                    + _S1
                    + "|"
                    + _S1
                    + link_my
                    + _S1
                    + r")(?P<y>"
                    + _YEAR
                    + r")(?!\d))?",
                    _h_day_range,
                    2,
                    "d",
                )
            )
        pats.append(
            (
                r"(?P<mon>"
                + lead_months
                + r")(?:"
                + _S1
                + link_my
                + r"|"
                + link_my
                + r")?"
                + _S1
                + r"(?P<y>"
                + _YEAR
                + r")(?!\d|[.,]\d|"
                + _S0
                + "%)",
                _h_month_year,
                3,
                "W",
            )
        )
        pats.append(
            (
                r"(?P<m1>"
                + lead_months
                + ")"
                + rng
                + r"(?P<m2>"
                + months
                + r"),?"
                + _S1
                + r"(?P<y>"
                + _YEAR
                + r")(?!\d)",
                _h_month_range,
                2,
                "W",
            )
        )
    seps = t.get("numeric_separators", [])
    if seps:
        sep_cls = "[" + re.escape("".join(seps)) + "]"
        pats.append(
            (
                r"(?<![\d/.:\-])(?P<a>\d{1,2})(?P<sep>" + sep_cls + r")(?P<b>\d{1,2})"
                r"(?:(?P=sep)(?P<y>\d{4}|\d\d))?(?!\d|[/.:\-]\d)",
                _h_numeric,
                2,
                "d",
            )
        )
    if wd_all:
        L.wd_prefix = regexcache.compile(
            r"(?P<wd>" + _alt(wd_all, names=True) + r")(?P<sep>,?" + _S1 + "|,|" + _S0 + r"\(" + _S0 + r")\Z"
        )

    if cjk:
        dig = "".join(L.cjk_digits) + L.cjk_ten
        num = r"(?:\d{1,2}|[" + dig + r"]{1,3})"
        zyear = r"(?:" + _YEAR + r"|[" + "".join(k for k, v in L.cjk_digits.items() if v < 10) + r"]{4})"
        dmark = "[" + "".join(map(re.escape, cjk["day_markers"])) + "]"
        mmark = re.escape(cjk["month_marker"])
        ysuf = "(?:" + "|".join(map(re.escape, cjk.get("year_suffixes", []))) + ")?"
        msuf = "(?:" + "|".join(map(re.escape, cjk.get("month_suffixes", []))) + ")?"
        nb = r"(?<![\d" + dig + r"])"
        ypre = r"(?<!\d)(?P<y>" + zyear + ")" + _S0 + ymark + _S0
        md = (
            r"(?P<m>"
            + num
            + ")"
            + _S0
            + mmark
            + r"(?:"
            + _S0
            + r"(?P<d>"
            + num
            + ")"
            + _S0
            + dmark
            + "|"
            + msuf
            + ")"
        )
        pats.append((ypre + md, _h_cjk_date, 2, "yc"))
        pats.append((nb + md, _h_cjk_date, 2, "dc"))
        rmarks = "(?:" + "|".join(map(re.escape, cjk.get("range_marks", []))) + ")"
        mr = (
            r"(?P<m1>"
            + num
            + r")"
            + _S0
            + "(?:"
            + mmark
            + _S0
            + ")?"
            + rmarks
            + _S0
            + r"(?P<m2>"
            + num
            + ")"
            + _S0
            + mmark
        )
        pats.append((ypre + mr, _h_cjk_month_range, 2, "yc"))
        dr = (
            r"(?P<m>"
            + num
            + ")"
            + _S0
            + mmark
            + _S0
            + r"(?P<d>"
            + num
            + ")"
            + _S0
            + dmark
            + "?"
            + _S0
            + rmarks
            + _S0
            + r"(?P<d2>"
            + num
            + ")"
            + _S0
            + dmark
        )
        pats.append((ypre + dr, _h_cjk_day_range, 1, "yc"))
        pats.append((nb + dr, _h_cjk_day_range, 1, "dc"))
        pats.append((nb + mr, _h_cjk_month_range, 2, "dc"))
        pats.append((r"(?<!\d)(?P<y>" + zyear + ")" + _S0 + ymark + ysuf, _h_cjk_year, 3, "yc"))
        eras = cjk.get("eras", {})
        if eras:
            # an era year (令和6年5月3日, 平成31年): read at its digits, the era name right before them
            L.cjk_eras = dict(eras)
            era = "(?:" + "|".join(f"(?<={re.escape(e)})" for e in sorted(eras, key=len, reverse=True)) + ")"
            epre = era + r"(?P<ey>\d{1,2})(?!\d)" + _S0 + ymark + _S0
            pats.append((epre + md, _h_cjk_era_date, 2, "d"))
            pats.append((era + r"(?P<ey>\d{1,2})(?!\d)" + _S0 + ymark + ysuf, _h_cjk_era_year, 3, "d"))

    per = t.get("periods", {})
    period_forms: list[str] = []
    if per:
        words: dict[str, tuple[str, int]] = {}
        for noun, kind in per.get("nouns", {}).items():
            for o, n in per.get("ordinals", {}).items():
                if kind == "H" and n > 2:
                    continue
                for j in per.get("joiners", [" "]):
                    w = f"{o}{j}{noun}" if per.get("order") == "ordinal_noun" else f"{noun}{j}{o}"
                    words[w.lower()] = (kind, n)
                    period_forms.append(w)
        for w, code in per.get("fixed", {}).items():
            words[w.lower()] = (code[0], int(code[1:]))
            period_forms.append(w)
        for w, (a, b) in per.get("spans", {}).items():
            L.period_spans[w.lower()] = (int(a), int(b))
            period_forms.append(w)
        L.period_words = words
        L.period_codes = dict(per.get("codes", {}))
        L.period_standalone = frozenset(per.get("standalone", []))
        L.period_word_links = tuple(
            lk.lower() for lk in per.get("year_links_after", []) if lk.strip().isalpha() and lk != lk.strip()
        )
        L.period_cues = {
            k: tuple(sorted({w.lower() for w in v}, key=len, reverse=True))
            for k, v in per.get("standalone_cues", {}).items()
        }
        L.year_nouns = tuple(n.lower() for n in t.get("period_parts", {}).get("year_nouns", []))
        codes = per.get("codes", {})
        qh = "".join(codes)
        code_pat = "|".join(
            f"{re.escape(k)}[{'1234' if v == 'Q' else '12'}]|[{'1234' if v == 'Q' else '12'}]{re.escape(k)}"
            for k, v in codes.items()
        )
        core = r"(?P<core>" + _alt(period_forms, left=False) + ("|" + code_pat if code_pat else "") + ")"
        after = ""
        if per.get("year_links_after"):
            after = (
                r"(?:"
                + _link(per["year_links_after"])
                + r"(?:(?P<ya>"
                + _YEAR
                + r")(?!\d|[.,]\d)|(?P<ra>"
                + rel_year_words
                + r"))|(?P<yy>'\d\d|(?<=["
                + re.escape(qh)
                + r"])\d\d))?"
            )
        pats.append((core + after + r"(?![A-Za-z0-9])", _h_period, 2, "Wdc"))
        if per.get("year_links_before"):
            before = (
                r"(?:(?<!\d)(?P<yb>"
                + _YEAR
                + ")"
                + _S0
                + _link(per["year_links_before"])
                + _S0
                + "|(?P<rb>"
                + rel_year_words
                + r")"
                + _S0
                + ")"
            )
            # Lead-checked (`W`) where words are Latin: the word gate needs every word pattern to be.
            pats.append((before + core + after + r"(?![A-Za-z0-9])", _h_period, 2, "yw" if cjk else "yW"))

    if L.relative:
        pats.append((_alt(t.get("relative", {}), left=False), _h_relative, 4, "W"))
    joiner = _S0 if t.get("weekday_joiner", " ") == "" else _S1
    if L.wd_before:
        rel_wds = _alt(L.rel_weekdays if t.get("relative_weekdays") else wd_full, names=True)
        pats.append(
            (
                r"(?P<pre>" + _alt(L.wd_before, left=False) + ")" + joiner + r"(?P<wd>" + rel_wds + ")",
                _h_rel_weekday,
                3,
                "W",
            )
        )
    if L.wd_after:
        pats.append(
            (
                r"(?P<wd>"
                + _alt(wd_full, names=True, left=False)
                + ")"
                + joiner
                + r"(?P<post>"
                + _alt([*L.wd_after, *t.get("weekday_relative_after", {})])  # and as written: `nächste Woche`
                + ")",
                _h_rel_weekday,
                5,
                "W",
            )
        )

    extra_anchors: list[str] = []
    if t.get("weekday_bare") and wd_full:
        pats.append((r"(?P<wd>" + _alt(wd_full, names=True, left=False) + ")", _h_bare_weekday, 6, "W"))
        extra_anchors += [v for w in wd_full for v in _variants(w, True)]
    if t.get("weekday_alone_after") and wd_full:
        # `Salı günü` (on Tuesday): a weekday before one of these words, whatever stands before it
        wd_after = "(?=" + _S0 + _alt(t["weekday_alone_after"]) + ")"
        pats.append(
            (r"(?P<wd>" + _alt(wd_full, names=True, left=False) + ")" + wd_after, _h_weekday_after, 6, "W")
        )
        extra_anchors += [v for w in wd_full for v in _variants(w, True)]
    if t.get("month_alone_cues") and L.months:
        pats.append((r"(?P<mon>" + lead_months + r")(?!" + _S0 + r"[\d'’])", _h_month_alone, 8, "W"))
        # `from January to March`: a span of months without a year (with one: `_h_month_range`)
        no_year = r"(?!" + _S0 + r"[\d'’]|,?" + _S1 + _YEAR + r"(?!\d))"
        pats.append(
            (
                "(?P<m1>" + lead_months + ")" + rng + "(?P<m2>" + months + ")" + no_year,
                _h_months_alone,
                8,
                "W",
            )
        )
    if t.get("month_alone_after") and L.months:
        after_month = "(?=" + _S0 + _alt(t["month_alone_after"]) + ")"
        pats.append((r"(?P<mon>" + lead_months + ")" + after_month, _h_month_after, 8, "W"))
    if t.get("relative_by_tense") and t.get("past_cues"):
        L.tensed = _lower_keys(t["relative_by_tense"])
        L.past_cues = regexcache.compile(_alt(t["past_cues"]))
        pats.append((_alt(t["relative_by_tense"], left=False), _h_tensed, 4, "W"))
        extra_anchors += [v for w in t["relative_by_tense"] for v in _variants(w, False)]
    if t.get("same_day"):
        pats.append((_alt(t["same_day"], left=False), _h_same_day, 4, "W"))
        extra_anchors += [v for w in t["same_day"] for v in _variants(w, False)]
    if t.get("days_from_last"):
        L.days_from_last = _lower_keys(t["days_from_last"])
        pats.append((_alt(t["days_from_last"], left=False), _h_days_from_last, 4, "W"))
        extra_anchors += [v for w in t["days_from_last"] for v in _variants(w, False)]
    if t.get("day_words") and L.months:
        L.day_words = _lower_keys(t["day_words"])
        dw = "(?P<dw>" + _alt(t["day_words"]) + r")(?![-‐])"
        my = _S1 + _link(t["month_year_links"]) + _S1 + "|" if t.get("month_year_links") else ""  # `de 2023`
        year = r"(?:(?:," + _S0 + "|" + my + _S1 + r")(?P<y>" + _YEAR + r")(?!\d|[.,]\d))?"
        L.day_links = tuple(
            sorted({w.lower() for w in t.get("day_month_links", []) if w.strip()}, key=len, reverse=True)
        )
        if "month_day" in t.get("textual_orders", []):  # `March first`, not `March second-quarter`
            no_period = "(?!" + _S1 + _alt(t.get("periods", {}).get("nouns", {})) + ")"
            pats.append(("(?P<mon>" + lead_months + ")" + _S1 + dw + no_period + year, _h_day_word, 2, "W"))
        if "day_month" in t.get("textual_orders", []):
            # `the first of March`: read at the month (day words are too common to start at), the day behind
            behind = [rf"(?<=\w {re.escape(v)} )" for w in L.day_links if w for v in _variants(w, False)]
            look = "(?:" + "|".join(behind) + ")" if behind else r"(?<=\w )"
            pats.append((look + "(?P<mon>" + months + ")" + year, _h_day_word, 2, "W"))
    if t.get("holidays"):
        L.holidays = {" ".join(k.lower().split()): (int(v[0]), int(v[1])) for k, v in t["holidays"].items()}
        hol = "(?P<hol>" + _alt(t["holidays"], names=True, left=False) + ")"
        pats.append((hol + "(?:" + _S1 + r"(?P<y>" + _YEAR + r")(?!\d|[.,]\d))?", _h_holiday, 4, "W"))
        # anchored at the ASCII head of a name (`New Year` of `New Year’s Day`): keeps the fast scan
        heads = {re.split(r"[^\x00-\x7f]", w, maxsplit=1)[0].rstrip() or w for w in t["holidays"]}
        extra_anchors += [v for w in heads for v in _variants(w, True)]
    rc = t.get("relative_counted", {})
    if rc.get("units") and (rc.get("before") or rc.get("after")):
        L.counted_units = {k.lower(): (v[0], int(v[1])) for k, v in rc["units"].items()}
        L.counted_numbers = _lower_keys(rc.get("numbers", {}))
        L.counted_dirs = _lower_keys({**rc.get("before", {}), **rc.get("after", {})})
        rc_not = {w.lower() for w in rc.get("not_before", [])}
        L.counted_not_before = tuple(
            sorted({w for w in rc_not if not w.startswith("-")}, key=len, reverse=True)
        )
        L.counted_not_endings = tuple(sorted({w[1:] for w in rc_not if w.startswith("-") and w[1:]}))
        L.counted_forward = frozenset(w.lower() for w in rc.get("forward_only", []))
        count = r"(?:(?P<n>\d{1,3}(?!\d)|" + _alt(rc.get("numbers", {})) + ")" + _S1 + ")?"
        units = {f for w in rc["units"] for f in (w.lower(), w.upper().lower())}  # YIL.lower() is yil
        # a unit that holds another (`weeks`, `a week`) is found by looking for that one
        L.counted_probe = tuple(sorted(u for u in units if not any(v != u and v in u for v in units)))
        unit = "(?P<u>" + _alt(rc["units"]) + ")"
        stop = "(?!" + _S1 + _alt(rc["not_after"]) + ")" if rc.get("not_after") else ""
        lead_words = [w for w in rc.get("before", {}) if w.lower() not in L.counted_forward]
        if lead_words:
            lead = "(?P<dir>" + _alt(lead_words, left=False) + ")" + _S1
            pats.append((lead + count + unit + stop, _h_counted, 4, "W"))
            extra_anchors += [v for w in lead_words for v in _variants(w, False)]
        behind = [
            v for w in rc.get("before", {}) if w.lower() in L.counted_forward for v in _variants(w, False)
        ]
        if behind:
            # a `forward_only` word is too common to start at (`in`): one scan finds it before a count and
            # unit (`counted_lead`), the count starts the anchor, the word stands behind
            look = "(?:" + "|".join(rf"(?<=(?<!\w){re.escape(v)} )" for v in sorted(behind)) + ")"
            pats.append((look + count + unit + stop, _h_counted, 4, "k"))
            # one pattern a form: a literal start lets `re` search fast (an alternation of them does not)
            ahead = " (?=" + count + unit + ")"
            L.counted_lead = tuple(
                (v + " ", regexcache.compile(re.escape(v) + ahead)) for v in sorted(behind)
            )
        if rc.get("after"):
            lead_count = (
                r"(?:(?P<n>\d{1,3}(?!\d)|" + _alt(rc.get("numbers", {}), left=False) + ")" + _S1 + ")?"
            )
            body = lead_count + "(?P<u>" + _alt(rc["units"], left=False) + ")" + _S1
            pats.append((body + "(?P<dir>" + _alt(rc["after"]) + ")" + stop, _h_counted, 4, "k"))
            # Tried only where an `after` word stands: the count and unit right before it start the anchor
            # (number words such as `bir`, `on` are too common to anchor at).
            # no lookbehind in front (`re` then skips by first character); `counted_back` wants a space before
            L.counted_after = regexcache.compile(_alt(rc["after"], left=False))
            afters = {f for w in rc["after"] for f in (w.lower(), w.upper().lower())}
            L.counted_after_probe = tuple(
                sorted(w for w in afters if not any(v != w and v in w for v in afters))
            )
            L.counted_back = regexcache.compile(body + "$")
    pp = t.get("period_parts", {})
    if pp:
        L.parts = {k.lower(): v for k, v in {**pp.get("before", {}), **pp.get("after", {})}.items()}
        L.season_rel = _lower_keys(pp.get("season_relative", {}))
        rel_month_words = _alt([k for k, v in t.get("relative", {}).items() if v[0] == "month"])
        nouns_y = _alt(pp.get("year_nouns", []))
        nouns_m = _alt(pp.get("month_nouns", []))
        if pp.get("before"):
            link = "(?:" + _S0 + _link(pp["links"]) + ")?" if pp.get("links") else ""
            target = (
                r"(?:(?P<y>" + _YEAR + r")(?!\d|[.,]\d|" + _S0 + "%)"
                "|(?P<ry>" + rel_year_words + ")"
                "|(?P<rm>" + rel_month_words + ")"
                "|(?P<yn>" + nouns_y + r")(?:" + _S1 + r"(?P<y2>" + _YEAR + r")(?!\d|[.,]\d))?"
                "|(?P<mn>" + nouns_m + ")"
                "|(?P<mon>" + months + "))"
            )
            before_alt = _alt(pp["before"], left=False)
            pats.append(("(?P<part>" + before_alt + ")" + link + _S0 + target, _h_part, 1, "W"))
            extra_anchors += [v for w in pp["before"] for v in _variants(w, False)]
            seasons = [w for w, v in pp["before"].items() if v in _SEASONS]
            if L.season_rel and seasons:
                pats.append(
                    (
                        "(?P<rel>"
                        + _alt(L.season_rel, left=False)
                        + ")"
                        + _S1
                        + "(?P<part>"
                        + _alt(seasons)
                        + ")",
                        _h_season_rel,
                        3,
                        "W",
                    )
                )
                extra_anchors += [v for w in L.season_rel for v in _variants(w, False)]
        if pp.get("after"):
            after_alt = _alt(pp["after"])
            ynum = _YEAR
            if cjk:
                cjk_units = "".join(k for k, v in L.cjk_digits.items() if v < 10)
                ynum = r"(?:" + _YEAR + r"|[" + cjk_units + r"]{4})"
            not_num = r"(?<![\d" + "".join(L.cjk_digits) + L.cjk_ten + r"每])"
            target = (
                r"(?:(?<!\d)(?P<y>"
                + ynum
                + ")"
                + (_S0 + ymark if ymark else _S1)
                + "|(?P<ry>"
                + rel_year_words
                + ")"
                + (f"(?:{ymark})?" if ymark else "")
                + "|(?P<rm>"
                + rel_month_words
                + ")"
                + "|"
                + not_num
                + "(?P<yn>"
                + nouns_y
                + ")"
                + "|"
                + not_num
                + "(?P<mn>"
                + nouns_m
                + "))"
            )
            pats.append((target + _S0 + "(?P<part>" + after_alt + ")", _h_part, 1, "ycw"))
            nouns = [*pp.get("year_nouns", []), *pp.get("month_nouns", [])]
            seps = ("",) if cjk else ("", " ")  # `年底`; `साल के अंत`
            extra_anchors += [n + sep + a for n in nouns for a in pp["after"] for sep in seps]
    if cjk:
        pats.append(
            (
                r"(?<![\d"
                + dig
                + r"])(?P<d>"
                + num
                + ")"
                + _S0
                + re.escape(cjk["day_markers"][0])
                + r"(?![内间均])",
                _h_cjk_day,
                5,
                "dc",
            )
        )

    # Patterns are tried only where they can start (kinds: y = a run of 4 digits, d = of 1 or 2 digits,
    # c = of CJK numerals, w = a table word; W = a table word that must start a word, checked in Python).
    for p, h, r, kinds in pats:
        entry = (regexcache.compile(p), h, r, "W" in kinds)
        kind_names = (
            ("y", "year"),
            ("d", "digit"),
            ("c", "cjk"),
            ("w", "word"),
            ("W", "word"),
            ("k", "counted"),
        )
        for k, name in kind_names:
            if k in kinds:
                L.by_kind.setdefault(name, []).append(entry)
    # No gate in front of the year patterns: a run of four digits is mostly a year one of them reads, and
    # the gate would only add a try.
    for name, entries in L.by_kind.items():
        gate = _any_of([e[0] for e in entries]) if len(entries) > 1 and name != "year" else None
        if gate is not None:
            L.kind_gates[name] = gate
    anchor_words: list[str] = []
    for w in [*t.get("months", {})]:
        anchor_words += _variants(w, True)
    for w in [*t.get("relative", {}), *period_forms, *t.get("weekday_relative_before", {})]:
        anchor_words += _variants(w, False)
    if L.wd_after:
        for w in wd_full:
            anchor_words += _variants(w, True)
    anchor_words += extra_anchors
    for k, v in per.get("codes", {}).items() if per else ():
        anchor_words += [f"{k}{n}" for n in ("1234" if v == "Q" else "12")]
    L.word_anchor = regexcache.compile(_trie(anchor_words)) if anchor_words else None
    if anchor_words and all(lead for _, _, _, lead in L.by_kind.get("word", ())):
        gate_words = {w.encode().translate(_NONWORD_TO_SPACE).decode() for w in anchor_words if w.isascii()}
        # Every place where a space stands before one of them, found in one pass in compiled code
        # (Aho-Corasick): a regex would try the trie's first branches one by one at every word.
        L.word_gate = ahocorasick_rs.AhoCorasick(sorted(" " + w for w in gate_words))
        cover = {
            re.escape(w[k + 1 :]) + "(?<=" + re.escape(w) + ")"
            for w in anchor_words
            for k in range(len(w) - 1)
            if not (w[k].isalnum() or w[k] == "_")
        }
        L.word_cover = regexcache.compile("|".join(sorted(cover)) if cover else "(?!x)x")
        L.ascii_anchor_words = all(w.isascii() for w in anchor_words)
    if cjk:
        L.cjk_ascii = any(ch.isascii() for ch in [*L.cjk_digits, L.cjk_ten] if ch)
        cjk_set = "[" + "".join(L.cjk_digits) + L.cjk_ten + "]"
        L.cjk_anchor = regexcache.compile(cjk_set + cjk_set + "*")
    _fold_upper_forms(L)
    return L


def _fold_upper_forms(L: _Lang) -> None:
    """Give every word-keyed lookup the key an upper-case match lowers to (`YIL`.lower() is `yil`).

    The patterns match each word also in capitals (`_variants`), and the handlers look the match up
    lower-cased: for a word with a dotless ı (Turkish `yıl`), the capitals lower to another word.
    """
    for name in L.__slots__:
        value = getattr(L, name, None)
        if not isinstance(value, dict):
            continue
        for key in [k for k in value if isinstance(k, str)]:
            folded = key.upper().lower()
            if folded != key and folded not in value:
                value[folded] = value[key]


# ---------------------------------------------------------------------------- resolution context


_CONTEXT_FIELDS = frozenset({"year", "month", "day", "md", "pub_has_year"})


class _Ctx:
    """The publication date and fallback year that year-less and relative expressions resolve against.

    With `deferred` (the document's context year is not known yet), the date fields are filled on
    first use, as if there were no context year, and `touched` records that the result depends on it.
    """

    __slots__ = ("_published", "day", "lang", "md", "month", "pub_has_year", "text", "touched", "year")

    lang: _Lang
    text: str
    year: int | None  # publication year, or context year
    month: int | None
    day: date | None  # full publication date (year possibly from context_year)
    md: tuple[int, int] | None  # publication month/day when no year is known at all
    pub_has_year: bool

    def __init__(self, lang: _Lang, text: str, published: str, ctx_year: int | None, deferred: bool) -> None:
        self.lang, self.text, self.touched, self._published = lang, text, False, published
        if not deferred or _published_year(published) is not None:
            self._settle(ctx_year)

    def __getattr__(self, name: str) -> Any:  # only called for a date field not filled yet
        if name not in _CONTEXT_FIELDS:
            raise AttributeError(name)
        self.touched = True
        self._settle(None)
        return getattr(self, name)

    def _settle(self, ctx_year: int | None) -> None:
        self.year = self.month = self.day = self.md = None
        self.pub_has_year = False
        m = _published_match(self._published)
        if m:
            if m.group(1):
                self.year, self.pub_has_year = int(m.group(1)), True
                if m.group(2):
                    self.month = int(m.group(2))
                    if m.group(3):
                        self.day = _safe_date(self.year, self.month, int(m.group(3)))
            else:
                mm, dd = int(m.group(4)), int(m.group(5))
                if ctx_year:
                    self.year, self.month, self.day = ctx_year, mm, _safe_date(ctx_year, mm, dd)
                    self.pub_has_year = (
                        True  # the caller vouches for the year of a year-less publication date
                    )
                else:
                    self.md = (mm, dd)
        if self.year is None and ctx_year:
            self.year = ctx_year


_PUB = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$")


@lru_cache(maxsize=64)  # a document's publication date, asked for again at each of its blocks
def _published_match(published: str) -> re.Match[str] | None:
    return _PUB.match(published.strip())


def _published_year(published: str) -> int | None:
    m = _published_match(published)
    return int(m.group(1)) if m and m.group(1) else None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _valid_md(m: int, d: int, y: int | None = None) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    return d <= calendar.monthrange(y if y else 2000, m)[1]


def _year_for(c: _Ctx, m: int, d: int = 15, forward: bool = False) -> int | None:
    """The year of a year-less month/day: the candidate nearest the publication date, else its year.

    With `forward` (an announced event: `will report on May 16`) the first on or after the publication date.
    """
    if forward and c.day is not None:
        for y in (c.day.year, c.day.year + 1):
            dt = _safe_date(y, m, d)
            if dt is not None and dt >= c.day:
                return y
    if c.day is not None:
        best: tuple[int, int] | None = None
        for y in (c.day.year - 1, c.day.year, c.day.year + 1):
            dt = _safe_date(y, m, d)
            if dt is not None:
                gap = abs((dt - c.day).days)
                if best is None or gap < best[0]:
                    best = (gap, y)
        return best[1] if best else None
    return c.year


def _md_value(c: _Ctx, m: int, d: int, forward: bool = False) -> tuple[str, str] | None:
    if not _valid_md(m, d):
        return None
    y = _year_for(c, m, d, forward)
    if y is not None and _valid_md(m, d, y):
        return f"{y:04d}-{m:02d}-{d:02d}", "inferred"
    return f"--{m:02d}-{d:02d}", "explicit"


# ---------------------------------------------------------------------------- handlers


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group, or None when the pattern has no such group."""
    return m.group(name) if name in m.re.groupindex else None


def _year4(s: str) -> int | None:
    y = int(s) if s.isdigit() else 0
    return y if 1900 <= y <= 2100 else None


def _h_iso(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_md(mo, d, y):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}", "explicit"


def _h_year_range(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    y1, raw = int(m["y1"]), m["y2"]
    if len(raw) == 2:
        if m["sep"] not in "-–—/":
            return None
        y2 = y1 // 100 * 100 + int(raw)
    else:
        y2 = int(raw)
    if not y1 < y2 <= y1 + 50:
        return None
    return f"{y1}/{y2}", "explicit"


def _prev_text(c: _Ctx, start: int) -> str:
    return c.text[max(0, start - _CONTEXT) : start].lower().rstrip(" \t\u00a0\u3000")


def _ends_with_cue(before: str, cues: tuple[str, ...]) -> bool:
    if not cues or not before.endswith(cues):
        return False
    for cue in cues:
        if before.endswith(cue):
            k = len(before) - len(cue)
            if k == 0 or not _is_latin(cue[0]) or not before[k - 1].isalnum():
                return True
    return False


def _h_bare_year(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    L, s, e = c.lang, m.start(), m.end()
    before = _prev_text(c, s)
    if L.qty_cues and _ends_with_cue(before, L.qty_cues):
        return None
    nxt = _WORD_AFTER.match(c.text, e, min(len(c.text), e + _CONTEXT))
    next_word = nxt.group(1).lower() if nxt else ""
    if next_word in L.units or c.text[e : e + 1] in ("%", "％"):
        return None
    if c.text[e : e + 2].lstrip().startswith(("%", "％")):
        return None
    value = (str(int(m["y"])), "explicit")
    if L.grouped or not L.table:
        return value if L.table or _PUNCT_AFTER.match(c.text, e) else None
    if _ends_with_cue(before, L.year_cues) or (
        before and not before[-1].isalnum() and before[-1] in "(\"“'‘"
    ):
        return value
    if _PUNCT_AFTER.match(c.text, e):
        return value
    if nxt and next_word in L.year_followers:
        return value
    return None


def _month(c: _Ctx, word: str) -> int:
    return c.lang.months.get(word.lower(), 0)


def _weekday_before(c: _Ctx, start: int) -> re.Match[str] | None:
    """A weekday name written right before a date (`Senin, `, `Monday `, `Jumat (`)."""
    pat = c.lang.wd_prefix
    if pat is None:
        return None
    m = pat.search(c.text, max(0, start - 16), start)
    if m is None or (m.start() > 0 and c.text[m.start() - 1].isalnum()):
        return None
    return m


def _h_text_date(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    mo, d = _month(c, m["mon"]), int(m["d"])
    if m["y"]:
        y = int(m["y"])
        if not _valid_md(mo, d, y):
            return None
        return f"{y:04d}-{mo:02d}-{d:02d}", "explicit"
    return _md_value(c, mo, d, _forward(c, m.start(), m.end()))


def _h_day_range(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    mo, d1, d2 = _month(c, m["mon"]), int(m["d1"]), int(m["d2"])
    if not d1 < d2:
        return None
    if _unpaired(c.lang, _gap(c.text, m.end("d1"), m.start("d2")), _prev_text(c, m.start())):
        return None  # `on 3 and 7 June` are two days; `between 3 and 7 June` is a span
    if m["y"]:
        y = int(m["y"])
        if not _valid_md(mo, d2, y):
            return None
        return f"{y:04d}-{mo:02d}-{d1:02d}/{y:04d}-{mo:02d}-{d2:02d}", "explicit"
    fwd = _forward(c, m.start(), m.end())
    a, b = _md_value(c, mo, d1, fwd), _md_value(c, mo, d2, fwd)
    if a is None or b is None:
        return None
    return f"{a[0]}/{b[0]}", a[1]


def _gap(text: str, start: int, end: int) -> str:
    """The range word between two parts of a date (`and` of `3 and 7 June`), lowercased."""
    return text[start:end].strip(" \t\u00a0").lower()


def _unpaired(lang: _Lang, gap: str, before: str) -> bool:
    """Whether `gap` is a range word that joins only after one of its leads (`and` after `between`:
    `range_words_paired`) and `before`, the lowercased text before the range, ends with none."""
    paired = lang.table.get("range_words_paired", {})
    return gap in paired and not _ends_with_cue(before, tuple(paired[gap]))


def _h_month_year(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    return f"{int(m['y']):04d}-{_month(c, m['mon']):02d}", "explicit"


def _h_month_range(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    m1, m2, y = _month(c, m["m1"]), _month(c, m["m2"]), int(m["y"])
    if m1 == m2:
        return None
    y1 = y if m1 < m2 else y - 1
    return f"{y1:04d}-{m1:02d}/{y:04d}-{m2:02d}", "explicit"


def _h_numeric(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    has_wd = _weekday_before(c, m.start()) is not None
    if (
        (not ys or len(ys) == 2)
        and not has_wd
        and c.lang.numeric_day_cues
        and (ys or m["sep"] != "." or c.text[m.end() : m.end() + 1] == ".")
    ):
        # `am 14.6.` (with its closing dot, so `am 3.5 Prozent` stays a number), `den 14/6`
        has_wd = _ends_with_cue(_prev_text(c, m.start()), c.lang.numeric_day_cues)
    if (not ys or len(ys) == 2) and not has_wd:
        return None
    if c.lang.table.get("numeric_order") == "mdy" and a <= 12:
        mo, d = a, b
    else:
        d, mo = a, b
    if ys:
        y = int(ys) if len(ys) == 4 else 2000 + int(ys)
        if not _valid_md(mo, d, y) or not 1900 <= y <= 2100:
            return None
        value: tuple[str, str] | None = (f"{y:04d}-{mo:02d}-{d:02d}", "explicit")
    else:
        value = _md_value(c, mo, d, _forward(c, m.start(), m.end()))
    return value


def _cjk_int(c: _Ctx, s: str) -> int | None:
    if s.isdigit():
        return int(s)
    ten, dig = c.lang.cjk_ten, c.lang.cjk_digits
    if ten and ten in s:
        left, _, right = s.partition(ten)
        if ten in right or len(left) > 1 or len(right) > 1:
            return None
        hi = dig.get(left, -1) if left else 1
        lo = dig.get(right, -1) if right else 0
        return None if hi < 1 or lo < 0 else hi * 10 + lo
    if len(s) == 1:
        return dig.get(s)
    return None


def _cjk_year(c: _Ctx, s: str) -> int | None:
    if s.isdigit():
        return int(s)
    digits = [c.lang.cjk_digits.get(ch) for ch in s]
    if any(x is None for x in digits):
        return None
    y = int("".join(str(x) for x in digits))
    return y if 1900 <= y <= 2100 else None


def _h_cjk_date(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    mo = _cjk_int(c, m["m"])
    if mo is None or not 1 <= mo <= 12:
        return None
    ys = _g(m, "y")
    y = _cjk_year(c, ys) if ys else None
    if ys and y is None:
        return None
    if m["d"]:
        d = _cjk_int(c, m["d"])
        if d is None:
            return None
        if y is not None:
            return (f"{y:04d}-{mo:02d}-{d:02d}", "explicit") if _valid_md(mo, d, y) else None
        return _md_value(c, mo, d, _forward(c, m.start(), m.end()))
    if y is not None:
        return f"{y:04d}-{mo:02d}", "explicit"
    yy = _year_for(c, mo)
    return (f"{yy:04d}-{mo:02d}", "inferred") if yy is not None else None


def _h_cjk_day_range(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """`6月3日至7日` → 2024-06-03/2024-06-07."""
    d2 = _cjk_int(c, m["d2"])
    first = _h_cjk_date(c, m)
    if first is None or d2 is None or len(first[0]) != 10 or not int(first[0][8:]) < d2:
        return None
    if not _valid_md(int(first[0][5:7]), d2, int(first[0][:4])):
        return None
    return f"{first[0]}/{first[0][:8]}{d2:02d}", first[1]


def _h_cjk_month_range(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    m1, m2 = _cjk_int(c, m["m1"]), _cjk_int(c, m["m2"])
    if m1 is None or m2 is None or not 1 <= m1 < m2 <= 12:
        return None
    ys = _g(m, "y")
    if ys:
        y = _cjk_year(c, ys)
        src = "explicit"
    else:
        y, src = _year_for(c, m1), "inferred"
    if y is None:
        return None
    return f"{y:04d}-{m1:02d}/{y:04d}-{m2:02d}", src


def _era_year(c: _Ctx, m: re.Match[str]) -> int | None:
    """The Gregorian year of an era year (`令和6` → 2024) from the era name right before group `ey`."""
    start = m.start("ey")
    for name, first in c.lang.cjk_eras.items():
        if m.string.startswith(name, start - len(name)):
            return first + int(m["ey"]) - 1 if int(m["ey"]) >= 1 else None
    return None


def _h_cjk_era_date(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    y, mo = _era_year(c, m), _cjk_int(c, m["m"])
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    if not m["d"]:
        return f"{y:04d}-{mo:02d}", "explicit"
    d = _cjk_int(c, m["d"])
    if d is None or not _valid_md(mo, d, y):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}", "explicit"


def _h_cjk_era_year(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    y = _era_year(c, m)
    return (str(y), "explicit") if y is not None else None


def _h_cjk_year(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    y = _cjk_year(c, m["y"])
    return (str(y), "explicit") if y is not None else None


def _h_period(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    names = m.re.groupindex
    g = {k: m.group(k) for k in ("yb", "rb", "ya", "ra", "yy") if k in names}
    core = m["core"]
    span = c.lang.period_spans.get(core.lower())
    if span is not None:
        return _period_span(c, span, g)
    word = c.lang.period_words.get(core.lower())
    is_code = word is None
    if word is None:
        letter = core[1] if core[0].isdigit() else core[0]
        kind = c.lang.period_codes.get(letter, "Q")
        n = int(core[0] if core[0].isdigit() else core[1])
    else:
        kind, n = word
    year: int | None = None
    source = "explicit"
    rel = g.get("rb") or g.get("ra")
    if g.get("yb") or g.get("ya"):
        year = _year4(g.get("yb") or g.get("ya") or "")
        if year is None:
            return None
    elif g.get("yy"):
        year = 2000 + int((g["yy"] or "").strip(" '"))
    elif rel:
        unit_off = c.lang.relative.get(rel.lower())
        if not c.pub_has_year or c.year is None or unit_off is None:
            return None
        year, source = c.year + unit_off[1], "relative"
    else:
        if is_code and kind == "H":
            return None  # a bare "H1" is more often a heading or a visa class than a half-year
        if kind not in c.lang.period_standalone:
            return None  # "the second half" of a video is not a half-year
        if c.year is None or _period_of_something(c, m.end()):
            return None
        cues = c.lang.period_cues.get(kind)
        if cues and "-" not in core and not _ends_with_cue(_prev_text(c, m.start()), cues):
            return None  # `the second half was cut`: a half-year takes `in the`, `for the` or `first-half`
        year, source = c.year, "inferred"
        if c.month is not None and c.pub_has_year:
            # The latest such period that has begun by the publication date (`the fourth quarter` in
            # January is last year's), or the next one not yet over when the sentence looks forward.
            size = 3 if kind == "Q" else 6
            first, last = size * (n - 1) + 1, size * n
            if _forward(c, m.start(), m.end()):
                year = c.year if last >= c.month else c.year + 1
            else:
                year = c.year if first <= c.month else c.year - 1
    return f"{year:04d}-{kind}{n}", source


def _period_of_something(c: _Ctx, end: int) -> bool:
    """`the second half of the match`: a period word linked (`of`, `in`) to something that is no year."""
    links, nouns = c.lang.period_word_links, c.lang.year_nouns
    if not links:
        return False
    after = c.text[end : end + 40].lower()
    for link in links:
        if after.startswith(link):
            rest = after[len(link) :]
            return not rest.startswith(nouns) if nouns else True
    return False


def _period_span(c: _Ctx, span: tuple[int, int], g: dict[str, str | None]) -> tuple[str, str] | None:
    """Months of a year (`前三季度` → 2023-01/2023-09): the latest such span ended, unless a year is given."""
    m1, m2 = span
    yw = g.get("yb") or g.get("ya")
    rel = g.get("rb") or g.get("ra")
    if yw:
        year, source = _year4(yw), "explicit"
        if year is None:
            return None
    elif rel:
        unit_off = c.lang.relative.get(rel.lower())
        if not c.pub_has_year or c.year is None or unit_off is None:
            return None
        year, source = c.year + unit_off[1], "relative"
    else:
        if c.year is None or c.month is None or not c.pub_has_year:
            return None
        year, source = (c.year if m2 <= c.month else c.year - 1), "inferred"
    return f"{year:04d}-{m1:02d}/{year:04d}-{m2:02d}", source


def _blocked(c: _Ctx, start: int) -> bool:
    before = _prev_text(c, start)
    if before[-1:].isdigit():
        return True
    return bool(c.lang.blockers) and _ends_with_cue(before, c.lang.blockers)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _year_or_month_moved(c: _Ctx, unit: str, k: int) -> tuple[str, str] | None:
    """The publication year or month moved by `k` (none without a publication year)."""
    if not c.pub_has_year or c.year is None:
        return None
    if unit == "year":
        return f"{c.year + k:04d}", "relative"
    if c.month is None:
        return None
    y, mo = _shift_month(c.year, c.month, k)
    return f"{y:04d}-{mo:02d}", "relative"


def _h_relative(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    unit, k = c.lang.relative[m.group(0).lower()]
    if _blocked(c, m.start()):
        return None
    if unit in ("year", "month"):
        return _year_or_month_moved(c, unit, k)
    if unit in ("quarter", "half"):
        if not c.pub_has_year or c.year is None or c.month is None:
            return None
        size = 3 if unit == "quarter" else 6
        idx = c.year * (12 // size) + (c.month - 1) // size + k
        y, n = divmod(idx, 12 // size)
        return f"{y:04d}-{'Q' if unit == 'quarter' else 'H'}{n + 1}", "relative"
    if unit == "week":
        return (_week(c.day + timedelta(weeks=k)), "relative") if c.day is not None else None
    if c.day is not None:
        return (c.day + timedelta(days=k)).isoformat(), "relative"
    if c.md is not None:
        # No year known: the day is still certain unless leap years disagree.
        outs = set()
        for y in (2023, 2024):
            base = _safe_date(y, *c.md)
            if base is None:
                return None
            outs.add((base + timedelta(days=k)).strftime("--%m-%d"))
        return (outs.pop(), "relative") if len(outs) == 1 else None
    return None


def _h_counted(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """`in 3 days`, `two weeks ago`, `через месяц`: the publication date moved by a counted unit."""
    L = c.lang
    unit, n = L.counted_units[m.group("u").lower()]
    num = m.group("n")
    if num:
        n = int(num) if num.isdigit() else L.counted_numbers.get(num.lower(), 0)
    if not 1 <= n <= 100 or _blocked(c, m.start()):
        return None
    before = _prev_text(c, m.start())
    if L.counted_not_before and _ends_with_cue(before, L.counted_not_before):
        return None
    if L.counted_not_endings and before.endswith(L.counted_not_endings):
        return None
    lead = m.groupdict().get("dir")
    if lead is None:  # a `forward_only` word behind the count
        lead = next(
            (w for w in sorted(L.counted_forward, key=len, reverse=True) if _ends_with_cue(before, (w,))), ""
        )
    if not lead or (lead.lower() in L.counted_forward and not _forward(c, m.start(), m.end())):
        return None  # `in 3 days` of `will report in 3 days`, not of `rose 5% in 3 days`
    if _ends_with_cue(before, tuple(L.counted_numbers)):
        return None  # `iki gün` read from `gün`, `семьдесят пять лет`: a number word the pattern did not take
    k = n * L.counted_dirs[lead.lower()]
    if unit in ("year", "month"):
        return _year_or_month_moved(c, unit, k)
    if c.day is None:
        return None
    return (c.day + timedelta(days=k * 7 if unit == "week" else k)).isoformat(), "relative"


def _h_rel_weekday(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    if c.day is None:
        return None
    L = c.lang
    wd = L.rel_weekdays.get(m["wd"].lower())
    if wd is None:
        return None
    pre = m.group("pre") if "pre" in m.re.groupindex else None
    mode = L.wd_before[pre.lower()] if pre else L.wd_after[m.group("post").lower()]
    pub = c.day
    if mode == "nearest":
        if _blocked(c, m.start()):
            return None
        return _nearest_weekday(c, wd, m.start(), m.end())
    if mode == "previous":
        delta = (pub.weekday() - wd) % 7 or 7
        target = pub - timedelta(days=delta)
    elif mode == "next":
        delta = (wd - pub.weekday()) % 7 or 7
        target = pub + timedelta(days=delta)
    else:
        week = {"prev_week": -1, "this_week": 0, "next_week": 1}[mode]
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=week)
        target = monday + timedelta(days=wd)
    return target.isoformat(), "relative"


def _forward(c: _Ctx, start: int, end: int | None = None) -> bool:
    """Whether the sentence looks forward before `start` (`will report on`, `akan`, `将于`), or the
    date ending at `end` is followed by a word that points ahead (`le 10 janvier prochain`), or opens
    the sentence before a main clause that does (`In December, the bank will`: `_fronted_forward`)."""
    if end is not None and c.lang.forward_right is not None and c.lang.forward_right.match(c.text, end):
        return True
    pat = c.lang.forward_cues
    if pat is None:
        return False
    left = c.text[max(0, start - 60) : start]
    cut = [x.end() for x in _SENTENCE_END.finditer(left)]
    cues = list(pat.finditer(left, cut[-1] if cut else 0))
    if cues and not _said_then(c, left[cues[-1].end() :], start if end is None else end):
        return True
    fronted = c.lang.fronted_cues
    if (
        end is not None
        and fronted is not None
        and _fronted_forward(c, fronted, start, end, left[cut[-1] :] if cut else left)
    ):
        return True
    if not c.lang.forward_after:
        return False
    right = c.text[start : start + 80]
    stop = _SENTENCE_END.search(right)
    return pat.search(right, 0, stop.start() if stop else len(right)) is not None


_CLAUSE_END = re.compile(r"[,，;；.。!！?？\n]")


def _said_then(c: _Ctx, between: str, end: int) -> bool:
    """Whether the date ending at `end` stands in a clause of its own with a verb of saying, after the
    forward cue that ends `between` characters before it: `The bank will raise rates, it said on Friday`,
    `…，该公司周一表示`. The date is then when it was said."""
    if c.lang.reporting is None:
        return False
    comma = max(between.rfind(","), between.rfind("，"))
    if comma < 0:
        return False
    after = c.text[end : end + 30]
    stop = _CLAUSE_END.search(after)
    clause = between[comma + 1 :] + " " + (after[: stop.start()] if stop else after)
    return c.lang.reporting.search(clause) is not None


_OPENING_WORDS = 4  # at most this many words before a date in a sentence's opening phrase (`By the end of`)
# After the opening phrase's comma, the words before the main clause's forward cue: its subject (`the
# bank will`, `Apple will`, `perusahaan akan`); a third word is often a reporting verb whose tense
# is the date's (`In December, Apple said it will`), and the date then stays in the past.
_SUBJECT_WORDS = 2
_SUBJECT_CHARS = 3  # in text written without spaces (`公司将`, `该公司将`)
_FRONTED_COMMA = re.compile(r"[ \t\u00a0]*[,，、][ \t\u00a0]*")


def _fronted_forward(c: _Ctx, pat: re.Pattern[str], start: int, end: int, head: str) -> bool:
    """Whether the date at `start`..`end` stands in the sentence's opening phrase (`head`, the sentence's
    text before it, is a few words: `In`, `Starting in`, `Pada`) set off by a comma, and the main clause
    after it looks forward within its first words: `In December, the company will open a store`,
    `Pada Desember, perusahaan akan`, `12月，公司将`. A fronted date belongs to the main clause's verb.
    `pat` holds the language's `fronted_forward_cues`: future auxiliaries only, since a word such as
    `plans` or `expects` there may follow a verb in the past (`In March, Tesla unveiled plans to`)."""
    if len(head) == 60 or len(head.split()) > _OPENING_WORDS:  # the sentence starts further back
        return False
    comma = _FRONTED_COMMA.match(c.text, end)
    if comma is None:
        return False
    clause = c.text[comma.end() : comma.end() + 60]
    stop = _SENTENCE_END.search(clause)
    cue = pat.search(clause, 0, stop.start() if stop else len(clause))
    if cue is None:
        return False
    if not any(ch.isspace() for ch in clause[: cue.end()]):  # written without spaces (`该公司将`)
        return cue.start() <= _SUBJECT_CHARS
    return len(clause[: cue.start()].split()) <= _SUBJECT_WORDS


def _in_sentence(c: _Ctx, start: int, pat: re.Pattern[str]) -> bool:
    """Whether `pat` matches in the sentence around `start` (60 characters before, 80 after)."""
    left = c.text[max(0, start - 60) : start]
    cut = [x.end() for x in _SENTENCE_END.finditer(left)]
    if pat.search(left, cut[-1] if cut else 0) is not None:
        return True
    right = c.text[start : start + 80]
    stop = _SENTENCE_END.search(right)
    return pat.search(right, 0, stop.start() if stop else len(right)) is not None


def _h_tensed(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """A day word whose direction is the sentence's tense (`कल`: tomorrow or yesterday); none when unclear."""
    k = c.lang.tensed[m.group(0).lower()]
    if c.day is None or c.lang.past_cues is None or _blocked(c, m.start()):
        return None
    ahead = c.lang.forward_cues is not None and _in_sentence(c, m.start(), c.lang.forward_cues)
    back = _in_sentence(c, m.start(), c.lang.past_cues)
    if ahead == back:
        return None
    return (c.day + timedelta(days=k if ahead else -k)).isoformat(), "relative"


def _nearest_weekday(c: _Ctx, wd: int, start: int, end: int | None = None) -> tuple[str, str] | None:
    """A weekday alone: the latest such day on or before publication, or the next on or after it."""
    pub = c.day
    if pub is None:
        return None
    if _forward(c, start, end):
        target = pub + timedelta(days=(wd - pub.weekday()) % 7)
    else:
        target = pub - timedelta(days=(pub.weekday() - wd) % 7)
    return target.isoformat(), "relative"


def _h_weekday_after(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """A weekday before a `weekday_alone_after` word (`Salı günü`): as a bare weekday."""
    wd = c.lang.weekdays.get(m["wd"].lower())
    return None if wd is None else _nearest_weekday(c, wd, m.start(), m.end())


def _h_bare_weekday(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    L = c.lang
    before = _prev_text(c, m.start())
    if L.wd_bare_cues and not _ends_with_cue(before, L.wd_bare_cues):
        return None
    if L.blockers and _ends_with_cue(before, L.blockers):
        return None
    wd = L.weekdays.get(m["wd"].lower())
    return None if wd is None else _nearest_weekday(c, wd, m.start(), m.end())


def _h_month_alone(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """A month name after a cue (`in November`): the latest such month, or the next after a forward cue."""
    if not _ends_with_cue(_prev_text(c, m.start()), c.lang.month_cues):
        return None
    return _latest_month(c, _month(c, m["mon"]), m.start(), m.end())


def _h_months_alone(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """Two months joined by a range word after a month cue (`from January to March`, `between May and
    July`; `and` only after the words `range_words_paired` gives it): the span ending in the latest
    such second month, or the next after a forward cue, as `_h_month_alone` reads a month."""
    m1, m2 = _month(c, m["m1"]), _month(c, m["m2"])
    before = _prev_text(c, m.start())
    if m1 == m2 or not _ends_with_cue(before, c.lang.month_cues):
        return None
    if _unpaired(c.lang, _gap(c.text, m.end("m1"), m.start("m2")), before):
        return None  # `in March and May` are two months
    last = _latest_month(c, m2, m.start(), m.end())
    if last is None:
        return None
    y2 = int(last[0][:4])
    return f"{y2 if m1 < m2 else y2 - 1:04d}-{m1:02d}/{last[0]}", last[1]


def _h_month_after(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """A month name before a `month_alone_after` word (`Mart ayında`, `मार्च में`): as `_h_month_alone`."""
    return _latest_month(c, _month(c, m["mon"]), m.start(), m.end())


def _latest_month(c: _Ctx, mo: int, start: int, end: int | None = None) -> tuple[str, str] | None:
    """A month without a year: the latest such month by publication, or the next after a forward cue."""
    if c.year is None or c.month is None or not c.pub_has_year or not 1 <= mo <= 12:
        return None
    if _forward(c, start, end):
        y = c.year if mo >= c.month else c.year + 1
    else:
        y = c.year if mo <= c.month else c.year - 1
    return f"{y:04d}-{mo:02d}", "inferred"


def _h_day_word(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """`March first`, `the third of May, 2024`: a day written as an ordinal word."""
    L = c.lang
    word = m.groupdict().get("dw")
    if word is None:  # the day word behind the month and its link
        before = _prev_text(c, m.start())
        link = next((w for w in L.day_links if _ends_with_cue(before, (w,))), "")
        before = before[: len(before) - len(link)].rstrip()
        word = next(
            (w for w in sorted(L.day_words, key=len, reverse=True) if _ends_with_cue(before, (w,))), ""
        )
    mo, d = _month(c, m["mon"]), L.day_words.get(word.lower(), 0)
    if not d:
        return None
    if m["y"]:
        y = int(m["y"])
        return (f"{y:04d}-{mo:02d}-{d:02d}", "explicit") if _valid_md(mo, d, y) else None
    return _md_value(c, mo, d, _forward(c, m.start(), m.end()))


def _h_holiday(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """A holiday on a fixed day (`Christmas Day`, `Hari Natal`): that day of the nearest year."""
    md = c.lang.holidays.get(" ".join(m["hol"].lower().split()))
    if md is None:
        return None
    if m["y"]:  # `Christmas 2023`
        return (f"{m['y']}-{md[0]:02d}-{md[1]:02d}", "explicit") if _valid_md(*md, int(m["y"])) else None
    return _md_value(c, *md, _forward(c, m.start(), m.end()))


def _h_same_day(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    return _SAME_DAY, "relative"


def _h_days_from_last(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """`次日`, `the next day`: resolved from the date just mentioned (`_resolve_refs`)."""
    n = c.lang.days_from_last.get(m.group(0).lower())
    return None if n is None else (f"{_DAYS_FROM}{n}", "relative")


# before a day number: a count or a limit (`近5日`, `第5日`), or a day of every month (`每月5日`)
_NOT_BEFORE_A_DAY = ("前", "近", "每", "逾", "第", "共", "约", "至", "到", "-", "~", "每月", "毎月", "매월")


def _h_cjk_day(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    d = _cjk_int(c, m["d"])
    if d is None or not 1 <= d <= 31:
        return None
    before = c.text[max(0, m.start() - 2) : m.start()]
    if before.endswith(_NOT_BEFORE_A_DAY):
        return None
    return f"{_DAY_OF}{d}", "inferred"


def _part_value(y: int, part: str) -> str:
    a, b = _PART_MONTHS[part]
    if a == b:
        return f"{y:04d}-{a:02d}"
    y2, b2 = (y + 1, b - 12) if b > 12 else (y, b)
    return f"{y:04d}-{a:02d}/{y2:04d}-{b2:02d}"


def _h_part(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """A part of a year or month (`the end of 2024`, `early next year`, `akhir bulan lalu`, `年底`)."""
    part = c.lang.parts.get(m["part"].lower().strip())
    if part is None:
        return None
    g = m.groupdict()
    ys = g.get("y") or g.get("y2")
    if ys:
        y = _cjk_year(c, ys) if c.lang.cjk_digits else _year4(ys)
        return (_part_value(y, part), "explicit") if y is not None else None
    if part in _SEASONS:
        return None  # `prices could fall next year`: a season takes a written year
    if g.get("mon"):
        return _latest_month(c, _month(c, g["mon"]), m.start(), m.end())  # `early December`, `akhir Desember`
    if g.get("ry") or g.get("yn"):
        if g.get("ry") and _blocked(c, m.start()):
            return None
        if not c.pub_has_year or c.year is None:
            return None
        off = c.lang.relative[g["ry"].lower()][1] if g.get("ry") else 0
        return _part_value(c.year + off, part), "relative"
    if not c.pub_has_year or c.year is None or c.month is None:
        return None
    off = c.lang.relative[g["rm"].lower()][1] if g.get("rm") else 0
    y, mo = _shift_month(c.year, c.month, off)
    return f"{y:04d}-{mo:02d}", "relative"


def _h_season_rel(c: _Ctx, m: re.Match[str]) -> tuple[str, str] | None:
    """`last spring`, `this summer`, `next winter`, against the publication month."""
    if not c.pub_has_year or c.year is None or c.month is None:
        return None
    k = c.lang.season_rel[m["rel"].lower()]
    part = c.lang.parts.get(m["part"].lower())
    if part not in _SEASONS:
        return None
    a, b = _PART_MONTHS[part]
    pub = c.year * 12 + c.month - 1
    y = c.year
    if k < 0:
        while y * 12 + b - 1 >= pub:
            y -= 1
    elif k > 0:
        while y * 12 + a - 1 <= pub:
            y += 1
    elif b > 12 and c.month <= b - 12:
        y -= 1
    return _part_value(y, part), "relative"


def _resolve_refs(c: _Ctx | None, kept: list[_Cand]) -> list[_Cand]:
    """Give `当天` the date just mentioned and `16日` the month just mentioned; drop those with none."""
    out: list[_Cand] = []
    last: tuple[int, str] | None = None  # end and value of the latest date with a month
    for cand in kept:
        neg, rank, s, e, value, src = cand
        if value.startswith("@") and c is not None:
            near = last is not None and s - last[0] <= 120
            if value == _SAME_DAY:
                if not (near and last is not None and len(last[1]) == 10):
                    continue
                value = last[1]
            elif value.startswith(_DAYS_FROM):
                if not (near and last is not None and len(last[1]) == 10 and last[1][:1].isdigit()):
                    continue
                day = date.fromisoformat(last[1]) + timedelta(days=int(value[len(_DAYS_FROM) :]))
                value = day.isoformat()
            else:
                d = int(value[len(_DAY_OF) :])
                if out and last is not None and out[-1][3] == s and len(last[1]) == 7:
                    # `上月28日`: the month and its day are one date
                    y, mo = int(last[1][:4]), int(last[1][5:7])
                    if _valid_md(mo, d, y):
                        p = out.pop()
                        value = f"{y:04d}-{mo:02d}-{d:02d}"
                        cand = (p[0] + neg, min(p[1], rank), p[2], e, value, p[5])
                        last = (e, value)
                        out.append(cand)
                    continue
                if c.text[max(0, s - 1) : s] in ("(", "（") and c.day is not None:
                    back = 0 if d <= c.day.day else -1
                    y, mo = _shift_month(c.day.year, c.day.month, back)
                elif near and last is not None and re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", last[1]):
                    y, mo = int(last[1][:4]), int(last[1][5:7])
                elif (
                    c.lang.day_alone is not None
                    and c.day is not None
                    and not c.lang.day_alone.match(c.text, e)
                ):
                    # `同社は5日、発表した`, `지난 10일 열렸다`: a day of the publication month, or of the one
                    # before when it is later than the publication day (of the one after when looking ahead)
                    ahead = _forward(c, s, e)
                    shift = (0 if d >= c.day.day else 1) if ahead else (0 if d <= c.day.day else -1)
                    y, mo = _shift_month(c.day.year, c.day.month, shift)
                else:
                    continue
                if not _valid_md(mo, d, y):
                    continue
                value = f"{y:04d}-{mo:02d}-{d:02d}"
            cand = (neg, rank, s, e, value, src)
        if re.match(r"\d{4}-\d\d(?:-\d\d)?$", value):
            last = (e, value)
        out.append(cand)
    return out


_YEAR_ONLY = re.compile(r"\d{4}")
_YEARLESS = re.compile(r"(\d{4})(-\d\d(?:-\d\d)?)(?:/(\d{4})(-\d\d(?:-\d\d)?))?")
_YEAR_GAP = re.compile(r"[ \t\u00a0,，的]{0,3}")


def _merge_year_words(scan: str, kept: list[_Cand]) -> list[_Cand]:
    """A year word next to a date without a year gives it its year: `去年5月`, `May last year`.

    The date took the year nearest the publication date (`inferred`); the relative year word (`去年`,
    `last year`, `tahun lalu`) written right before or after it says which year it is.
    """
    out: list[_Cand] = []
    i = 0
    while i < len(kept):
        cur = kept[i]
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        if nxt is not None and _YEAR_GAP.fullmatch(scan, cur[3], nxt[2]):
            pair = (cur, nxt) if cur[5] == "relative" else (nxt, cur)
            year, date_ = pair
            m = _YEARLESS.fullmatch(date_[4])
            if (
                year[5] == "relative"
                and _YEAR_ONLY.fullmatch(year[4])
                and date_[5] == "inferred"
                and m is not None
                and (m.group(3) is None or m.group(3) == m.group(1))
            ):
                y = year[4]
                value = y + m.group(2) + (f"/{y}{m.group(4)}" if m.group(3) else "")
                if _YEARLESS.fullmatch(value) and _valid_value(value):
                    s, e = cur[2], nxt[3]
                    out.append((s - e, min(cur[1], nxt[1]), s, e, value, "relative"))
                    i += 2
                    continue
        out.append(cur)
        i += 1
    return out


def _valid_value(value: str) -> bool:
    """Whether every full date of `value` exists (`2023-02-29` does not)."""
    for part in value.split("/"):
        if len(part) == 10 and _safe_date(int(part[:4]), int(part[5:7]), int(part[8:])) is None:
            return False
    return True


# ---------------------------------------------------------------------------- the stage


def _join_spans(text: str, found: list[DateMention], lang: _Lang) -> list[DateMention]:
    """Join two explicit dates of the same precision separated only by a range word (`2020 to 2023`)."""
    if len(found) < 2:
        return found
    words = [w.lower() for w in lang.table.get("range_words", [])]
    out: list[DateMention] = []
    for d in found:
        if out and d.start - out[-1].end <= 12:
            p = out[-1]
            gap = text[p.end : d.start].strip().lower()
            if (
                not gap
                or not (gap in ("-", "–", "—", "~") or gap in words)
                # `in 2020 and 2023` are two years; `between 2020 and 2023` is a span
                or _unpaired(lang, gap, text[max(0, p.start - _CONTEXT) : p.start].lower().rstrip())
            ):
                out.append(d)
                continue
            if p.source == "inferred" and d.source == "explicit" and len(p.value) == len(d.value) == 10:
                # `3 Juli hingga 5 Juli 2023`: the first end takes the year written at the second
                p = DateMention(p.start, p.end, p.text, d.value[:4] + p.value[4:], "explicit")
            same = (
                "/" not in p.value
                and "/" not in d.value
                and not p.value.startswith("--")
                and len(p.value) == len(d.value)
                and p.value[4:5] in ("", "-")
                and "Q" not in p.value + d.value
                and "H" not in p.value + d.value
                and "W" not in p.value + d.value
            )
            if same and p.value < d.value:
                src = "explicit" if p.source == d.source == "explicit" else p.source
                out[-1] = DateMention(p.start, d.end, text[p.start : d.end], f"{p.value}/{d.value}", src)
                continue
        out.append(d)
    return out


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of `spans` (sorted, non-overlapping)."""
    i = bisect.bisect_left(spans, (e, -1))
    return i > 0 and spans[i - 1][1] > s


def _extend_weekday(
    c: _Ctx, s: int, e: int, value: str, source: str, dropped: set[tuple[int, int]]
) -> tuple[int, int, str]:
    """Take a weekday written before the date into its span (`Senin (12/6/2023)`) when it agrees.

    A date whose year was inferred (`Monday, March 3`, published in June 2024, when 3 March 2024 was
    a Sunday) takes the year next to it in which the weekday agrees (2025), the nearer one to the
    publication date first; when neither does, the weekday is taken in and the value kept, so that
    it is not read as a date of its own. A weekday that disagrees with a written year stays out of
    the span and is added to `dropped`: no date of its own either.
    """
    m = _weekday_before(c, s)
    if m is None:
        return s, e, value
    wd = c.lang.weekdays.get(m["wd"].lower())
    if len(value) == 10 and value[4] == "-" and date.fromisoformat(value).weekday() != wd:
        if source != "inferred" or c.day is None:
            dropped.add(m.span("wd"))
            return s, e, value
        day, pub = date.fromisoformat(value), c.day
        others = [_safe_date(day.year + k, day.month, day.day) for k in (-1, 1)]
        fits = [d for d in others if d is not None and d.weekday() == wd]
        if fits:
            value = min(fits, key=lambda d: abs((d - pub).days)).isoformat()
    if "(" in m["sep"]:
        close = _CLOSE.match(c.text, e)
        if close is None:
            return s, e, value
        e = close.end()
    return m.start(), e, value


_PART_VALUE = re.compile(r"\d{4}-[QH]\d")


def _is_part(value: str) -> bool:
    """Whether a date value is a quarter or a half (`2024-Q3`, `2024-H1`)."""
    return _PART_VALUE.match(value) is not None


_FISCAL_WINDOW = 40  # characters on each side of a quarter where a fiscal cue makes it a fiscal one


def _fiscal_near(pat: re.Pattern[str], scan: str, s: int, e: int) -> bool:
    """Whether a fiscal-year cue stands near the quarter or half at [s, e), in its sentence.

    `fiscal 2025 first quarter`, `FY25 Q1`, `the first quarter of its 2025 fiscal year`, `2024财年第三季度`,
    `2024年度第3四半期`, `drittes Quartal des Geschäftsjahres`: a company's fiscal quarter is no calendar
    quarter (Apple's first fiscal quarter is October–December), and which one it is the text does not say.
    """
    lo, hi = max(0, s - _FISCAL_WINDOW), min(len(scan), e + _FISCAL_WINDOW)
    for end in _SENTENCE_END.finditer(scan, lo, s):
        lo = end.end()
    stop = _SENTENCE_END.search(scan, e, hi)
    return pat.search(scan, lo, stop.start() if stop else hi) is not None


def _not_a_date(pat: re.Pattern[str], scan: str, s: int, e: int) -> bool:
    """Whether a not-a-date phrase (`same quarter last year`, `Black Friday`) overlaps [s, e).

    Only a window around the candidate is searched: most texts have few candidates, and a long list
    of phrases costs a scan of the whole text each time.
    """
    for b in pat.finditer(scan, max(0, s - _CONTEXT), min(len(scan), e + _CONTEXT)):
        if b.start() < e and b.end() > s:
            return True
    return False


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidates first, then rank; keep those that do not overlap a kept one."""
    kept: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(cands):
        s, e = cand[2], cand[3]
        if taken and _overlaps(taken, s, e):
            continue
        kept.append(cand)
        bisect.insort(taken, (s, e))
    kept.sort(key=lambda x: x[2])
    return kept


def find_dates(
    text: str, lang: str, *, published: str = "", context_year: int | None = None
) -> list[DateMention]:
    """Date expressions in `text`, normalised to ISO 8601 reduced precision, sorted and non-overlapping."""
    return _find(text, lang, published, context_year, deferred=False)[0]


def find_dates_deferred(text: str, lang: str, *, published: str = "") -> tuple[list[DateMention], bool]:
    """`find_dates` before the document's context year is known, and whether the result depends on it.

    When it does not (`False`), the dates are final whatever the context year; when it does, call
    `find_dates` again with the year (`context_year_of` gives it from the dates found this way).
    """
    return _find(text, lang, published, None, deferred=True)


@cache
def _tables(lang: str) -> _Lang:
    """The tables of a language tag (`en-US`: `en`); language-neutral patterns only for one without tables."""
    return _compiled(languages.table_code(lang))


def _prepared(text: str, lang: str) -> tuple[_Lang, str]:
    """The tables of `lang`, and `text` with full-width digits and letters made ASCII for matching."""
    L = _tables(lang)
    if text.isascii():
        return L, text  # nothing full-width
    return L, text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def _word_anchors(L: _Lang, scan: str, ascii_text: bool) -> list[int]:
    """Where anchor words start, as far as `_find` can use them.

    The anchor scan finds, left to right, each start of an anchor word that no earlier find covers.
    When only lead patterns start at words (the gate is set then), `_find` skips every match below
    U+2E80 that starts right after a word character, so only finds at the text's start or right after
    a non-word character matter. The gate finds all such starts, in the text encoded one byte a
    character with each non-word character made a space, the words mapped the same way. That takes
    ASCII text, or any text when every anchor word is ASCII: non-ASCII characters are made spaces too,
    which can only add places after a word character, places `_find` skips anyway. The anchor pattern
    checks each place. One right after a non-word character is a find of the scan unless an earlier
    anchor word covers it, which takes one written across that character: `word_cover` tells, and then
    the scan decides (`this past week`: `this past` covers `past week`).
    """
    assert L.word_anchor is not None
    if L.word_gate is not None and L.word_cover is not None and (ascii_text or L.ascii_anchor_words):
        found = []
        spaced = " " + scan.encode("ascii", "replace").translate(_NONWORD_TO_SPACE).decode("ascii")
        for pos in sorted({s for _, s, _ in L.word_gate.find_matches_as_indexes(spaced, overlapping=True)}):
            # `pos`, the place of the space in front of the word in `spaced`, is the word's in `scan`
            if L.word_anchor.match(scan, pos) is None:
                continue
            if L.word_cover.match(scan, pos) is not None:
                break
            found.append(pos)
        else:
            return found
    return [m.start() for m in L.word_anchor.finditer(scan)]


def _find(
    text: str, lang: str, published: str, context_year: int | None, deferred: bool
) -> tuple[list[DateMention], bool]:
    if not text:
        return [], False
    L, scan = _prepared(text, lang)
    ascii_text = scan.isascii()  # then `\d` can only match 0-9
    spans: Iterable[tuple[int, int]] = ()
    if not ascii_text:
        spans = map(re.Match.span, _DIGITS.finditer(scan))
    elif _has_ascii_digit(scan):
        spans = map(re.Match.span, _ZERO_RUNS.finditer(scan.encode().translate(_DIGIT_TO_ZERO)))
    anchors = {(s, "year" if e - s == 4 else "digit") for s, e in spans if e - s in (1, 2, 4)}
    words = _word_anchors(L, scan, ascii_text) if L.word_anchor is not None else ()
    if words:
        anchors.update((pos, "word") for pos in words)
    if L.cjk_anchor is not None and (L.cjk_ascii or not ascii_text):
        anchors.update((m.start(), "cjk") for m in L.cjk_anchor.finditer(scan))
    low = scan.lower() if L.counted_probe else ""
    counted = any(map(low.__contains__, L.counted_probe))  # a unit word (`day`, `weeks`, `天`) is written
    if counted and L.counted_after is not None and L.counted_back is not None:
        if not any(map(low.__contains__, L.counted_after_probe)):
            counted_after: Iterable[re.Match[str]] = ()
        else:
            counted_after = L.counted_after.finditer(scan)
        for w in counted_after:
            b = L.counted_back.search(scan, max(0, w.start() - 48), w.start())
            if b is None:
                continue
            before = scan[b.start() - 1] if b.start() else " "
            if not (before.isalnum() or before == "_"):
                anchors.add((b.start(), "counted"))
    for literal, lead_pat in L.counted_lead if counted else ():
        if literal not in scan:  # what every match starts with: most texts have no `in ` before a count
            continue
        for w in lead_pat.finditer(scan):
            if not w.start() or not (scan[w.start() - 1].isalnum() or scan[w.start() - 1] == "_"):
                anchors.add((w.end(), "counted"))
    if not anchors:
        return [], False
    # The context and the not-a-date spans are made on first need: most anchors match no pattern.
    c: _Ctx | None = None
    cands: list[_Cand] = []
    dropped: set[tuple[int, int]] = set()  # weekdays that disagree with the date they stand before
    gates = L.kind_gates
    for pos, kind in anchors:
        gate = gates.get(kind)
        if gate is not None and gate.match(scan, pos) is None:
            continue
        for pat, handler, rank, lead in L.by_kind.get(kind, ()):
            m = pat.match(scan, pos)
            if m is None:
                continue
            s, e = m.span()
            # a Han, kana or Hangul character before a digit or Latin letter joins no word (`は3日前`)
            prev = scan[s - 1] if s else ""
            if (
                lead
                and s
                and ord(scan[s]) < 0x2E80
                and ((prev.isalnum() and ord(prev) < 0x2E80) or prev == "_")
            ):
                continue
            if L.not_dates is not None and _not_a_date(L.not_dates, scan, s, e):
                continue
            if c is None:
                c = _Ctx(L, scan, published, context_year, deferred)
            res = handler(c, m)
            if res is None:
                continue
            if handler in (_h_text_date, _h_numeric):
                s, e, value = _extend_weekday(c, s, e, res[0], res[1], dropped)
                res = (value, res[1])
            elif _is_part(res[0]) and (
                (L.fiscal_after is not None and L.fiscal_after.match(scan, e))
                or (L.fiscal_near is not None and _fiscal_near(L.fiscal_near, scan, s, e))
            ):
                continue  # `Q3 FY24`, `fiscal 2025 first quarter`: a fiscal quarter, not a calendar one
            cands.append((s - e, rank, s, e, res[0], res[1]))
    if dropped:
        cands = [cand for cand in cands if (cand[2], cand[3]) not in dropped]
    if not cands:
        return [], c is not None and c.touched
    kept = _select(cands)
    if any(k[4].startswith("@") for k in kept):
        kept = _resolve_refs(c, kept)
    if len(kept) > 1:
        kept = _merge_year_words(scan, kept)
    chosen = [DateMention(s, e, text[s:e], v, src) for _, _, s, e, v, src in kept]
    return _join_spans(text, chosen, L), c is not None and c.touched


# ---------------------------------------------------------------------------- document year


def _is_projection(c: _Ctx, d: DateMention) -> bool:
    """A year in a forecast (`by 2031`, `pada tahun 2031 … akan`, `到2030年`): not evidence of the present."""
    L = c.lang
    before = _prev_text(c, d.start)
    if L.projection_cues and _ends_with_cue(before, L.projection_cues):
        return True
    if L.future_cues is None:
        return False
    left = c.text[max(0, d.start - 60) : d.start]
    cut = [m.end() for m in _SENTENCE_END.finditer(left)]
    left = left[cut[-1] :] if cut else left
    right = c.text[d.end : d.end + 80]
    stop = _SENTENCE_END.search(right)
    right = right[: stop.start()] if stop else right
    return bool(L.future_cues.search(left) or L.future_cues.search(right))


_LEADING_YEAR = re.compile(r"(\d{4})")
_FULL_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def context_year(text: str, lang: str, published: str = "") -> int | None:
    """The year a year-less date in this document most plausibly belongs to, or None.

    The published year when there is one. Otherwise, among the explicit dates of the document that are
    not forecasts (a projection cue such as `by`/`hingga`/`到` right before, or a future word such as
    `will`/`akan`/`将` in the same sentence): the year of the latest full date (year-month-day) if any,
    else the latest year mentioned, a span counting by its first year. News reports the present and
    looks back; the latest non-forecast year is the best guess for "now".
    """
    year = _published_year(published)
    if year is not None:
        return year
    return context_year_of([(text, lang, find_dates(text, lang))])


def context_year_of(parts: Iterable[tuple[str, str, list[DateMention]]]) -> int | None:
    """`context_year` of a document given as parts (its sentences): each part's text, language and dates."""
    full: list[tuple[int, int, int]] = []
    years: list[tuple[int, int, int]] = []
    found: list[tuple[str, str, list[DateMention]]] = []
    for text, lang, dates in parts:
        for k, d in enumerate(dates):
            y = _LEADING_YEAR.match(d.value)
            if d.source != "explicit" or not y:
                continue
            (full if _FULL_DATE.fullmatch(d.value) else years).append((int(y.group(1)), len(found), k))
        found.append((text, lang, dates))
    contexts: dict[int, _Ctx] = {}
    # Latest first, then earliest in the text; the first one that is not a forecast decides.
    for group in (full, full + years):
        for year, part, k in sorted(group, key=lambda x: (-x[0], x[1], found[x[1]][2][x[2]].start)):
            if part not in contexts:
                text, lang = found[part][0], found[part][1]
                contexts[part] = _Ctx(*_prepared(text, lang), "", None, deferred=False)
            if not _is_projection(contexts[part], found[part][2][k]):
                return year
    return None


def parse_date(text: str, lang: str) -> str:
    """The ISO value of the first explicit date in `text` (a dateline such as `Feb 19 07:07`), else ''."""
    for d in find_dates(text, lang):
        if d.source == "explicit":
            return d.value
    return ""
