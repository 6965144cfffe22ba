"""A normalised view of a text for the extractors, with the way back to the text's own offsets.

Numbers are written with characters the grammars do not read: zero-width and bidi format characters,
combining marks after a digit, full-width digits and points (`１２．５％`), Arabic-Indic, Devanagari
and the other Unicode decimal digits, the Arabic decimal and thousands marks, and no-break, narrow
no-break, thin or figure spaces between groups of three digits (`1 234 567`). Each of these once split
one figure into two wrong ones (`$1` and `0 billion`) or kept its last group only (`234`).

`view_of` makes, for one block of text of one language, a view in which:

- format characters (U+00AD, U+061C, U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+206F,
  U+FEFF) are removed, and so are combining marks and variation selectors right after a digit;
- every Unicode decimal digit is its ASCII digit (`unicodedata.decimal`);
- a full-width point `．` between digits is `.`; a full-width comma `，` is the language's grouping mark
  only between full-width digits with exactly three after it (`１，２３４`), never between ASCII digits
  (`1，2季度` lists two quarters);
- the Arabic decimal mark U+066B and thousands mark U+066C are the language's own marks;
- in a language written with Chinese numerals, spaces between the characters of a number or its marker
  (`六 点 五 成`, `２．４ 个百分点`, `百 分之 2`) are removed, never between two digits (`7 2`);
- a no-break, narrow no-break, thin or figure space inside a run of digit groups is the language's
  grouping mark when the run is `d{1,3}` then groups of exactly three (`1 234 567`, `12 500,5`), the
  mark after the run, if any, then being the decimal mark; any other run (`2023 1 234`, `1 23`) is left
  as it is. An ordinary space groups only in a language whose `number_format` says `space_groups`
  (French, Swedish, Russian: `20 000 euros`); elsewhere `On May 1 200 workers` is not 1,200 workers.

Every change replaces one character by one, or removes characters, so the view maps back: `span` gives
the text's offsets of a view span, covering any removed character inside it but none around it, and
`restore` puts mentions found in the view back on the text, with their text as written there.
Text without any of these characters (all ASCII text, most other text) has no view (`None`): one
`isascii` call or one regular-expression search decides.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import TypeVar

from sora_meta import regexcache
from sora_meta.extract.numbers import language_table

__all__ = ["View", "view_of"]

_FORMAT = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
# Combining marks and selectors that can sit on a digit: diacritics, their supplements and extensions,
# marks for symbols (the keycap U+20E3, the enclosing circle), half marks, variation selectors.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
_GROUP_SPACES = "\u00a0\u202f\u2009\u2007"
_FW_DIGIT = "\uff10-\uff19"


@cache
def _digits() -> tuple[dict[int, str], str]:
    """Every non-ASCII decimal digit mapped to its ASCII digit, and a character class of them.

    No decimal digit lies beyond U+1FFFF (a test checks it). Read back from the cache folder
    (`regexcache.memo_json`, by this module's source; the interpreter's build, and so its Unicode
    database, is part of every memo's key): scanning the planes took 15 ms at every start.
    """
    inputs = "\n".join(["digits", regexcache.source_fingerprint(__name__), unicodedata.unidata_version])
    pairs, cls = regexcache.memo_json(inputs, _scan_digits)
    return {int(code): digit for code, digit in pairs}, cls


def _scan_digits() -> tuple[list[tuple[int, str]], str]:
    """`_digits` as made: (code point, ASCII digit) pairs in code point order, and the class."""
    # `\d` on a str pattern is a decimal digit (Unicode Nd, what `str.isdecimal` tests): `re` finds them
    # all in C, where testing each character in Python took 20 ms at every start.
    every = "".join(map(chr, range(0x80, 0x20000)))
    pairs = [(ord(ch), str(unicodedata.decimal(ch))) for ch in re.findall(r"\d", every)]
    runs: list[list[int]] = []
    for c, _ in pairs:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    cls = "".join(f"{chr(a)}-{chr(b)}" if b > a else chr(a) for a, b in runs)
    return pairs, cls


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The characters that may call for a view, and the characters the view removes.

    One character class: `re` scans for it without trying alternatives at each position (a third faster
    than `\\d(?:...)` alternatives); `_needs_view` checks the context of the few it finds.
    """
    _, nonascii = _digits()
    trigger = regexcache.compile(f"[{_FORMAT}{nonascii}\u066b\u066c{_MARKS}{_GROUP_SPACES}\uff0e]")
    removed = regexcache.compile(f"(?<=\\d)[{_FORMAT}{_MARKS}]+|[{_FORMAT}]+")
    return trigger, removed


_IN_CONTEXT = frozenset(_GROUP_SPACES + "\uff0e")  # only between two digits
_AFTER_DIGIT = re.compile(f"[{_MARKS}]")  # only after a digit


def _needs_view(text: str, trigger: re.Pattern[str]) -> bool:
    """Whether `text` holds a character the view changes, in the context where it changes it."""
    for m in trigger.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in _IN_CONTEXT:
            if 0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal():
                return True
        elif _AFTER_DIGIT.match(ch):
            if i > 0 and text[i - 1].isdecimal():
                return True
        else:
            return True
    return False


def _chain(spaces: str) -> re.Pattern[str]:
    """A run of digit groups split by one of `spaces`: `d{1,3}` then groups of exactly three."""
    return re.compile(
        rf"(?<![\d.,])(?<!\d[{spaces}])\d{{1,3}}(?:[{spaces}]\d{{3}})+(?!\d)(?![{spaces}]\d)"
        r"(?:[.,](?=\d+(?![.,]?\d)))?"
    )


_CHAIN = _chain(_GROUP_SPACES)
_SPACED_DIGITS = re.compile(r"\d \d{3}(?!\d)")  # a plain space between digit groups, maybe
_FW_COMMA = re.compile(f"(?<=[{_FW_DIGIT}])\uff0c(?=[{_FW_DIGIT}]{{3}}(?![{_FW_DIGIT}\\d]))")
_FW_POINT = re.compile("(?<=\\d)\uff0e(?=\\d)")


@cache
def _marks(lang: str) -> tuple[str, str]:
    """The language's decimal and grouping marks."""
    # a language without tables has no number format: canonical marks, which `parse_number` then reads
    # only where they are unambiguous (`1,234` alone gives no number there)
    fmt = language_table(lang).get("number_format") or {"decimal": ".", "group": ","}
    decimal = str(fmt.get("decimal", "."))
    return decimal, str(fmt.get("group", "," if decimal == "." else "."))


_M = TypeVar("_M")


@dataclasses.dataclass(frozen=True, slots=True)
class View:
    """A normalised copy of `original` (see the module docstring) and the way back to its offsets."""

    original: str
    text: str
    # Removed characters: `cuts[k]` is the view offset they stood before, `shifts[k]` how many characters
    # were removed up to there (cumulative).
    cuts: Sequence[int]
    shifts: Sequence[int]

    def offset(self, i: int) -> int:
        """The original offset of the character at view offset `i`."""
        k = bisect.bisect_right(self.cuts, i)
        return i + (self.shifts[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of view span [start, end): from its first character to its last."""
        if end <= start:
            a = self.offset(start)
            return a, a
        return self.offset(start), self.offset(end - 1) + 1

    def restore(self, mentions: Sequence[_M]) -> list[_M]:
        """Mentions found in the view (with `start`, `end`, `text`) moved onto the original text."""
        out = []
        for m in mentions:
            a, b = self.span(m.start, m.end)  # type: ignore[attr-defined]
            out.append(dataclasses.replace(m, start=a, end=b, text=self.original[a:b]))  # type: ignore[type-var]
        return out


def view_of(text: str, lang: str) -> View | None:
    """The normalised view of `text` written in `lang`, or None when the text needs none."""
    plain = _plain_chain(lang)
    spaced = plain is not None and _SPACED_DIGITS.search(text) is not None
    if text.isascii() and not spaced:
        return None
    trigger, removed = _patterns()
    spaces = _cjk_spaces(lang)
    if spaces is not None and " " in text and spaces.search(text) is not None:
        removed = _removed_with_spaces(lang)
    elif not spaced and not _needs_view(text, trigger):
        return None
    decimal, group = _marks(lang)
    t = text
    if "\uff0c" in t:
        t = _FW_COMMA.sub(group, t)
    t = t.translate(_digits()[0])
    cuts: list[int] = []
    shifts: list[int] = []
    if removed.search(t) is not None:
        parts = []
        last = gone = 0
        for m in removed.finditer(t):
            parts.append(t[last : m.start()])
            gone += m.end() - m.start()
            cuts.append(m.end() - gone)
            shifts.append(gone)
            last = m.end()
        parts.append(t[last:])
        t = "".join(parts)
    if "\uff0e" in t:
        t = _FW_POINT.sub(".", t)
    if "\u066b" in t or "\u066c" in t:
        t = t.replace("\u066b", decimal).replace("\u066c", group)
    if spaced or any(s in t for s in _GROUP_SPACES):
        t = (plain or _CHAIN).sub(lambda m: _grouped(m.group(), decimal, group), t)
    if t == text:
        return None
    return View(text, t, cuts, shifts)


@cache
def _cjk_chars(lang: str) -> str:
    """The characters of Chinese numerals and their percent markers in `lang` (`` for other languages)."""
    table = language_table(lang)
    cn = table.get("chinese_numerals")
    if not cn:
        return ""
    chars = set(cn["units"]) | set(cn["big_units"])
    if not cn.get("unit_required"):  # Korean 이, 사 are words too: `가격이 만원` is no `이만`
        chars |= set(cn["digits"])
    chars |= set(cn.get("decimal_point", "")) | set("".join(cn.get("other_decimal_points", ())))
    for key in ("percent_prefix", "percentage_points", "percent_tenths"):
        chars |= set("".join(table.get(key, ())))
    return "".join(sorted(c for c in chars if not c.isascii()))


@cache
def _cjk_spaces(lang: str) -> re.Pattern[str] | None:
    """Spaces between two characters of a Chinese number or its marker, or a digit and one of them."""
    chars = _cjk_chars(lang)
    if not chars:
        return None
    cls = "[" + re.escape(chars) + "]"
    return re.compile(f"(?<={cls}) +(?={cls}|\\d)|(?<=\\d) +(?={cls})")


@cache
def _removed_with_spaces(lang: str) -> re.Pattern[str]:
    spaces = _cjk_spaces(lang)
    assert spaces is not None
    return re.compile(f"{_patterns()[1].pattern}|{spaces.pattern}")


@cache
def _plain_chain(lang: str) -> re.Pattern[str] | None:
    """Runs of digit groups split by spaces, plain ones too, in a language whose `number_format` says
    `space_groups` (`20 000 euros` in French); None in the others, where a plain space never groups."""
    fmt = language_table(lang).get("number_format") or {}
    return _chain(" " + _GROUP_SPACES) if fmt.get("space_groups") else None


def _grouped(run: str, decimal: str, group: str) -> str:
    """A run of digit groups with its spaces made the grouping mark and a trailing mark the decimal one."""
    body = re.sub(f"[ {_GROUP_SPACES}]", group, run)
    if body[-1] in ".,":
        body = body[:-1] + decimal
    return body
