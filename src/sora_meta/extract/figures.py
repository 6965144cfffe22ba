"""Find money amounts, percentages and counts in a string of one language.

One regular expression per language is built from that language's table (qualifiers,
currency symbols and names, magnitudes, number words, percent words, range connectors,
counted nouns) and run once over the text; each match is then checked and normalised:

- a number with no marker (currency, percent, magnitude or counted noun) is not a figure:
  years, dates, times, list numbers, stock codes and phone numbers fall out this way;
- a number glued to letters (`GPT-4`, `5G`, `COVID-19`), after an ordinal prefix (`第三`)
  or inside a title (`《长安三万里》`) is not a figure;
- a count marked only by its noun is dropped after a name-like token (`Windows 11 users`),
  after a year preposition when it looks like a year (`in 2023 companies`), or when spelled
  with a small number word (`two companies`) or a small Chinese numeral (`一家`).

Every pattern is linear-time: gaps are bounded, digit runs possessive, and a number can only
start where no digit run or letter precedes it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import ahocorasick_rs

from sora_meta import regexcache
from sora_meta.extract.normalize import view_of
from sora_meta.extract.numbers import (
    _has_ascii_digit,
    _table_lang,
    language_table,
    parse_chinese_numeral,
    parse_number,
    parse_number_words,
)
from sora_meta.models import Figure

__all__ = ["find_figures"]

_GAP = "[ \u00a0\u202f\u2009\u3000]{0,2}"
_ENTRY_SPACES = " \u00a0\u202f"  # what a space inside a table entry matches
_WS_IN_ENTRY = f"[{_ENTRY_SPACES}]{{1,3}}"
_LATIN = "A-Za-z\u00c0-\u024f"
# One atomic group, not `\d++(?:[.,]\d++)*+` (the same matches): before Python 3.11.5 (gh-106052,
# gh-100061) a possessive repeat of a group could keep a failed partial pass (`US$10.000,` took the comma).
# A power or scientific notation (`10^12`, `2**64`, `5×10^9`) is one number: read as digits before `^` it
# gave `$10` for `$10^12` and `6 users` for `10^6 users`.
_NUM = r"(?>\d+(?:[.,]\d+|['’]\d{3}(?!\d))*[½¼¾]?(?:(?:[ ]?[×xX·*][ ]?10)?(?:\^|\*\*)[+-]?\d+)?)"
_NUM_START = (
    rf"(?<![{_LATIN}\u0370-\u03ff\u0400-\u04ff])(?<![A-Za-z][-\u2010])(?<![\d:/#^×])(?<!\d[.,'’])"
    r"(?<!\d\*\*)(?<!\d[xX*·])(?<!\d [xX*·] )"
)
_SPACES = " \u00a0\u202f\u2009\u3000"
# `\d+` on ASCII text made `_DIGITS_ZERO`: a pattern starting with a literal lets `re` skip to it in C,
# where a character set costs a set lookup per character.
_ASCII_DIGITS = re.compile(b"00*")
_DIGITS_ZERO = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))  # 0-9 -> `0`, the rest a space
# ASCII letters made lower case and every other character a space, for `bytes.translate` (several times
# faster than `str.translate`).
_LETTERS_LOWER = bytes(c | 32 if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))
_LOWERS_TO_ASCII = "\u212a"  # the only non-ASCII character that `lower()` makes one ASCII letter: KELVIN SIGN
_TRAIL_PUNCT = ".,;:!?)]}\"'”’»"


@dataclass(frozen=True)
class _Entry:
    literal: str
    value: Any
    case_sensitive: bool
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    only_before: tuple[str, ...] = ()  # counts only before one of these, a non-word character or the end


def _norm(s: str) -> str:
    return " ".join(s.split())


def _entries(
    raw: Mapping[str, Any] | Iterable[str], case_sensitive: bool, value_key: str = ""
) -> list[_Entry]:
    """Table entries: `{literal: value}` or `{literal: {value_key: value, not_before: [...], ...}}`."""
    out = []
    items = raw.items() if isinstance(raw, Mapping) else ((k, True) for k in raw)
    for literal, spec in items:
        if isinstance(spec, dict):
            out.append(
                _Entry(
                    literal,
                    spec.get(value_key),
                    case_sensitive,
                    tuple(spec.get("not_before", ())),
                    tuple(spec.get("not_after", ())),
                    tuple(spec.get("only_before", ())),
                )
            )
        else:
            out.append(_Entry(literal, spec, case_sensitive))
    return out


def _piece(e: _Entry) -> str:
    body = _WS_IN_ENTRY.join(re.escape(part) for part in e.literal.split(" "))
    if not e.case_sensitive and any(c.isalpha() for c in e.literal):
        body = f"(?i:{body})"
    if e.literal[0].isascii() and e.literal[0].isalpha():
        body = f"(?<![{_LATIN}])" + body
    if e.literal[-1].isascii() and e.literal[-1].isalpha():
        body += f"(?![{_LATIN}])"
    if e.not_before:
        body += "(?!" + "|".join(re.escape(x) for x in e.not_before) + ")"
    if e.only_before:
        body += _only_before(e.only_before)
    for x in e.not_after:
        body = f"(?<!{re.escape(x)})" + body
    return body


def _only_before(words: Iterable[str]) -> str:
    """A lookahead: one of `words`, a non-word character or the end (`块` of `一百块。`, not of `三块地`)."""
    return "(?=" + "".join(f"{re.escape(x)}|" for x in words) + r"\W|$)"


def _trie(entries: Iterable[_Entry], fold: bool) -> str:
    """One alternation as a character trie (the engine never retries a shared prefix); longest first.

    A long list's trie is read back from the cache folder by its entries (`regexcache.memo_json`):
    writing it out is most of a language's start-up.
    """
    entries = list(entries)
    if len(entries) < _MEMO_FROM:
        return _trie_source(entries, fold)
    key = [[e.literal, list(e.not_before), list(e.only_before)] for e in entries]
    return regexcache.memo_source(__name__, ["trie", fold, key], lambda: _trie_source(entries, fold))


_MEMO_FROM = 200  # entries from which a trie is kept in the cache folder


def _trie_source(entries: Iterable[_Entry], fold: bool) -> str:
    root: dict[str, Any] = {}
    for e in entries:
        node = root
        for ch in e.literal.lower() if fold else e.literal:
            node = node.setdefault(ch, {})
        node.setdefault("", e)
    body, guarded = _trie_node(root)
    return body + _END_GUARD if guarded else body


_END_GUARD = f"(?![{_LATIN}])"  # after an entry that ends with a Latin letter: not inside a longer word


def _trie_node(node: Mapping[str, Any]) -> tuple[str, bool]:
    """The regex of a trie node, and whether every entry under it ends with a Latin letter.

    For such a node the caller writes the end guard once after the node instead of once per entry:
    `(?:a|b)G` tries exactly what `(?:aG|bG)` does, in the same order, and compiling hundreds of
    copies of the guard's character class was most of the tables' start-up time.
    """
    alts: list[tuple[str, bool]] = []
    for ch in sorted(k for k in node if k):
        head = _WS_IN_ENTRY if ch == " " else re.escape(ch)
        body, guarded = _trie_node(node[ch])
        alts.append((head + body, guarded))
    if "" in node:
        e: _Entry = node[""]
        tail = ""
        if e.not_before:
            tail += "(?!" + "|".join(re.escape(x) for x in e.not_before) + ")"
        if e.only_before:
            tail += _only_before(e.only_before)
        alts.append((tail, e.literal[-1].isascii() and e.literal[-1].isalpha()))
    if all(guarded for _, guarded in alts):
        bodies = [body for body, _ in alts]
        return (bodies[0] if len(bodies) == 1 else "(?:" + "|".join(bodies) + ")"), True
    bodies = [body + _END_GUARD if guarded else body for body, guarded in alts]
    return (bodies[0] if len(bodies) == 1 else "(?:" + "|".join(bodies) + ")"), False


def _guard(entries: Iterable[_Entry]) -> str:
    """A lookahead for the characters the entries' regexes can start with.

    Each entry's regex (a `_piece` or a branch of a `_trie`) consumes first its first character, or one of
    `_ENTRY_SPACES` for a leading space, case-folded exactly when the entry is; the lookahead folds the
    same characters the same way (`re` itself reads `(?i:a|b)` as `(?i:[ab])`). So it holds wherever an
    entry can match, and spares `re` entering the branches one by one (it skips a case-folded branch
    only by trying it) where none can start.
    """
    first: dict[bool, set[str]] = {False: set(), True: set()}
    for e in entries:
        fold = not e.case_sensitive and any(c.isalpha() for c in e.literal)
        chars = {e.literal[0], e.literal.lower()[0]}  # a folded trie branches on the lower-cased literal
        first[fold] |= set(_ENTRY_SPACES) if " " in chars else chars
    sets = []
    for fold, chars in first.items():
        if chars:
            cls = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
            sets.append(f"(?i:{cls})" if fold else cls)
    return "(?=" + "|".join(sets) + ")"


def _gap(follow: Iterable[str]) -> str:
    """`_GAP`, possessive (`{0,2}+`) when no character that can follow a gap (`follow`) is a gap character.

    Each gap is followed by a part that must start with one of `follow`; if none is a gap character,
    giving back gap characters can only make that part fail, so the gap need not (and `re` does not
    retry at every space).
    """
    return _GAP + "+" if set(follow).isdisjoint(_SPACES) else _GAP


def _opt(body: str) -> str:
    """`(?:body)?` written `(?:body|)`: the same tries in the same order, but `re` runs an optional group
    holding capture groups as a repeat, which copies every capture mark at each try, and a branch does not.
    """
    return f"(?:{body}|)"


def _alt(entries: Iterable[_Entry]) -> str:
    """A regex matching any of the entries, with their word boundaries and lookarounds (see `_guard`)."""
    unique = list({e.literal: e for e in entries if e.literal}.values())
    parts = [_piece(e) for e in unique if e.not_after]
    groups: dict[tuple[bool, bool], list[_Entry]] = {}
    for e in unique:
        if e.not_after:
            continue
        fold = not e.case_sensitive and any(c.isalpha() for c in e.literal)
        latin_start = e.literal[0].isascii() and e.literal[0].isalpha()
        groups.setdefault((fold, latin_start), []).append(e)
    ordered = sorted(groups.items())
    if len(ordered) > 1:
        # longest first across groups too: `%ポイント` (case-folded) before `%` (not)
        def _extends(group: list[_Entry]) -> bool:
            mine = {e.literal.lower() for e in group}
            others = lits - mine
            return any(o[:n] in others for o in mine for n in range(1, len(o)))

        lits = {e.literal.lower() for e in unique if not e.not_after}
        ordered.sort(key=lambda item: not _extends(item[1]))
    for (fold, latin_start), group in ordered:
        body = _trie(group, fold)
        if fold:
            body = f"(?i:{body})"
        if latin_start:
            body = f"(?<![{_LATIN}]){body}"
        parts.append(body)
    if not parts:
        return "(?!)"
    return _guard(unique) + (parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")")


class _Lookup:
    """Find the table value of a matched literal (exact for case-sensitive entries, else case-folded)."""

    __slots__ = ("ci", "cs", "seen")

    def __init__(self, entries: Iterable[_Entry]) -> None:
        self.cs: dict[str, Any] = {}
        self.ci: dict[str, Any] = {}
        self.seen: dict[str, Any] = {}  # answers by the literal as matched: the same few come again and again
        for e in entries:
            if e.case_sensitive:
                self.cs[_norm(e.literal)] = e.value
            else:
                self.ci[_norm(e.literal).lower()] = e.value

    def get(self, s: str | None) -> Any:
        if s is None:
            return None
        if s in self.seen:
            return self.seen[s]
        key = _norm(s)
        value = self.cs[key] if key in self.cs else self.ci.get(key.lower())
        if len(self.seen) < 4096:
            self.seen[s] = value
        return value

    def __contains__(self, s: str) -> bool:
        return self.get(s) is not None


class _Prefixes:
    """Literals that may end right before a number, looked up by length (longest first)."""

    __slots__ = ("cands", "rules")

    def __init__(self, entries: Iterable[_Entry]) -> None:
        by_len: dict[int, tuple[set[str], set[str]]] = {}
        self.rules: dict[str, _Entry] = {}
        for e in entries:
            cs, ci = by_len.setdefault(len(e.literal), (set(), set()))
            (cs if e.case_sensitive else ci).add(e.literal if e.case_sensitive else e.literal.lower())
        lengths: dict[str, set[int]] = {}
        for length, sets in by_len.items():
            for group in sets:
                for w in group:
                    for c in (w[-1], w[-1].upper()):
                        lengths.setdefault(c, set()).add(length)
        self.cands = {c: [(n, *by_len[n]) for n in sorted(ls, reverse=True)] for c, ls in lengths.items()}

    def start_before(self, text: str, end: int, floor: int) -> int | None:
        """Start of the longest literal ending at `end` (after at most two spaces), not before `floor`."""
        e = end
        if e > floor and text[e - 1] in _SPACES:
            e -= 1
            if e > floor and text[e - 1] in _SPACES:
                e -= 1
        if e <= floor:
            return None
        for length, cs, ci in self.cands.get(text[e - 1], ()):
            s = e - length
            if s < floor:
                continue
            cand = text[s:e].replace("\u00a0", " ")
            # `nt $` ending `atteint $5`: a literal starts on a word boundary (a Han character ends one)
            joined = s and text[s - 1].isalpha() and text[s - 1] < "\u2e80"
            if cand[0].isascii() and cand[0].isalpha() and joined:
                continue
            if cand in cs or (ci and cand.lower() in ci):
                return s
        return None


@dataclass(frozen=True, slots=True)
class _Lang:
    pattern: re.Pattern[str]
    lang: str
    qualifiers: _Lookup
    currencies: _Lookup  # prefix and suffix: literal -> ISO code
    magnitudes: _Lookup  # words and suffixes: literal -> multiplier
    money_suffixes: _Lookup
    post: _Lookup  # literal -> ("cur", code) | ("pct"|"pp"|"bp", unit) | ("unit", name, max)
    cn_units: str  # characters that make a Chinese numeral more than a single digit
    year_words: frozenset[str]
    capitalised_ok: frozenset[str]
    title_brackets: tuple[tuple[str, str], ...]
    anchors: re.Pattern[str]  # digit runs and Chinese numeral runs: where a figure's number can start
    cn_chars: frozenset[str]
    cn_big: frozenset[str]
    words: tuple[str, ...]  # lower-case number words that can start a figure
    article_targets: tuple[str, ...]  # lower-case words an article (`a million`) may precede
    articles: frozenset[str]
    prefixes: tuple[_Prefixes, _Prefixes]  # currency symbols, then qualifiers, that may precede a number
    # Where a number word or an article target may start (one C scan instead of a find per word), and
    # the words starting with each character: (word, True for a number word, False for a target only).
    word_starts: re.Pattern[str] | None = None
    by_first: Mapping[str, tuple[tuple[str, bool], ...]] | None = None
    # The same on the text made `_LETTERS_LOWER` with a space in front (see `_word_starts`), and whether
    # every word is ASCII (else that serves for ASCII text only).
    ascii_word_starts: Any = None  # an ahocorasick_rs.AhoCorasick of the ASCII words, a space in front
    ascii_words: bool = False
    ascii_numerals: bool = False  # whether a Chinese numeral character is ASCII (`anchors` can then match it)
    neutral: bool = False  # no tables for the language (the base alone): its words are unknown
    minor: _Lookup | None = None  # minor currency units: literal -> (factor, composite_only)
    tenths: re.Pattern[str] | None = None  # `七成`, `八五折`: a number of tenths that is a percent
    tenth_rules: Mapping[str, Any] | None = None  # the `percent_tenths` and `percent_fixed` entries
    tenth_chars: str = ""  # the first characters of those words (no match without one of them)
    negatives: Mapping[str, tuple[str, ...]] | None = None  # `minus`, `负` -> what must not precede them
    code_factors: Mapping[str, float] | None = None  # `MUSD` -> 1e6
    halves: tuple[str, ...] = ()  # `y medio` after a magnitude: the number and a half (`2 millones y medio`)
    fractions: Mapping[str, float] | None = None  # `half` (a million) -> 0.5
    duration_cues: tuple[str, ...] = ()  # `first` (20 days): a duration, no figure
    pct_scales: Mapping[str, float] | None = None  # `千分之` -> 0.1
    paired: Mapping[str, tuple[str, ...]] | None = None  # `and` -> (`between`,): after a lead only
    # `pattern` without the paired connectors; without ranges (`5% to 3%` is no range): compiled on first
    # need (each is as large as `pattern`, and few texts need one)
    plain_pattern: regexcache.Deferred | None = None
    single_pattern: regexcache.Deferred | None = None
    # `块` of `3块5`: a single digit after such an amount counts `factor` more; its followers, digit values
    implied_minor: Mapping[str, tuple[float, re.Pattern[str]]] | None = None
    minor_words: re.Pattern[str] | None = None  # any `currency_minor` word (`毛` of `三块五毛`)
    implied_digits: Mapping[str, int] | None = None
    vague: re.Pattern[str] | None = None  # `数`, `hàng`, `何` right before a bare magnitude: no figure
    vague_multipliers: frozenset[str] = frozenset()  # `centaines`, `centinaia`: alone, no figure
    verb_first: bool = False  # a sentence may open with its verb: a Title-case first word is no name
    rough_multipliers: frozenset[str] = frozenset()  # `centaine`, `decina`: the count is approximate


def _vague(words: Sequence[str]) -> re.Pattern[str] | None:
    """What, right before a figure that starts with a word, makes it a vague amount (`vague_before`)."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    # a Latin word starts a word and ends at a space; a CJK one is written against the number
    latin = "|".join(re.escape(w) for w in ordered if ord(w[0]) < 0x2E80)
    other = "|".join(re.escape(w) for w in ordered if ord(w[0]) >= 0x2E80)
    parts = ([r"(?<!\w)(?i:" + latin + r")[ \u00a0]+"] if latin else []) + (
        ["(?:" + other + ")"] if other else []
    )
    return re.compile("(?:" + "|".join(parts) + r")\Z")


def _is_vague(vague: re.Pattern[str], text: str, fig: Figure) -> bool:
    """`数百元`, `hàng trăm tỷ đồng`, `何百万人`: hundreds (of billions), not 100 (billion).

    Only a figure written with words: `数` before `百分之五` or before a digit is another word's end.
    """
    if fig.kind == "percent" or fig.qualifier != "exact" or fig.text[:1].isdigit():
        return False  # `用户数突破千万`: the 数 of 用户数 before the qualifier 突破
    return vague.search(text, max(0, fig.start - 12), fig.start) is not None


def _word_starts(
    words: Iterable[str], targets: Iterable[str]
) -> tuple[re.Pattern[str] | None, dict[str, Any], Any]:
    """Patterns for where a number word or an article target may start, and the words by first character.

    A number word must follow a non-letter and a target must follow `a `/`an `, so a candidate follows
    a character outside a-z. The pattern matches that character (run it on the text with a space in
    front: a match's start is then the word's position in the text); it starts with a character set, so
    `re` skips in C from one candidate to the next. Candidates are checked exactly in `_anchors`.

    The second (an Aho-Corasick automaton: every place at once, in compiled code) does the same on the
    text encoded with `?` for a non-ASCII character and made `_LETTERS_LOWER`, where every character
    before a candidate is a space. The ASCII words are mapped the same way, so it finds every
    candidate of an ASCII word that the first pattern finds (and maybe more), as long as no non-ASCII
    character is an a-z letter once lower-cased: none is but `_LOWERS_TO_ASCII`.
    """
    numbers = set(words)
    by_first: dict[str, list[tuple[str, bool]]] = {}
    for w in sorted(numbers | set(targets)):
        if w:
            by_first.setdefault(w[0], []).append((w, w in numbers))
    if not by_first:
        return None, {}, None

    def emit(words: Iterable[str]) -> str:
        trie: dict[str, Any] = {}
        for w in sorted(words):
            node = trie
            for ch in w:
                node = node.setdefault(ch, {})
            node[""] = {}
        return emit_node(trie)

    def emit_node(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a word ends here: what follows does not matter
        alts = [re.escape(ch) + emit_node(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    every = numbers | set(targets)
    ascii_words = {w.encode().translate(_LETTERS_LOWER).decode() for w in every if w.isascii()}
    return (
        regexcache.compile("[^a-z](?=" + emit(every) + ")"),
        {ch: tuple(g) for ch, g in by_first.items()},
        ahocorasick_rs.AhoCorasick(sorted(" " + w for w in ascii_words)) if ascii_words else None,
    )


@cache  # one per language folder, and `` for the base alone
def _compiled(table_lang: str) -> _Lang:
    t = language_table(table_lang)
    qpre = _entries(t.get("qualifiers_before", {}), False, "q")
    qinf = _entries(t.get("qualifiers_infix", {}), True, "q")
    qpost = _entries(t.get("qualifiers_after", {}), False, "q")
    upper_only = frozenset(t.get("currency_codes_upper_only", ()))
    curpre = _any_case_currencies(_entries(t.get("currency_prefix", {}), True, "code"), upper_only)
    aliases = t.get("currency_code_aliases", {})
    codes = [_Entry(c, aliases.get(c, c), c in upper_only) for c in t.get("currency_suffix_codes", [])]
    cursuf = _entries(t.get("currency_suffix", {}), False, "code") + codes
    code_factors: dict[str, float] = {}
    for letters, factor in t.get("currency_code_multipliers", {}).items():
        for c in t.get("currency_suffix_codes", []):  # MUSD 20, 20 MEUR
            code_factors[letters + c] = float(factor)
            curpre.append(_Entry(letters + c, aliases.get(c, c), True))
            cursuf.append(_Entry(letters + c, aliases.get(c, c), True))
    mag_table = dict(t.get("magnitudes", {}))
    for k, v in list(mag_table.items()):
        for half in t.get("magnitude_halves", ()):
            mag_table[f"{k} {half}"] = v  # `2 millones y medio`: see `_Lang.halves`
    mags = _entries(mag_table, False, "value")
    msuf = _entries(t.get("magnitude_suffixes", {}), True, "value")
    mmon = _entries(t.get("money_magnitude_suffixes", {}), True, "value")
    pct = [_Entry(e.literal, ("pct", "%"), e.case_sensitive) for e in _entries(t.get("percent", []), False)]
    pp = [
        _Entry(e.literal, ("pp", "pp"), e.case_sensitive)
        for e in _entries(t.get("percentage_points", []), False)
    ]
    bp = [
        _Entry(e.literal, ("bp", "pp"), e.case_sensitive) for e in _entries(t.get("basis_points", []), False)
    ]
    limits = t.get("counted_noun_limits", {})
    units = []
    for literal, spec in t.get("counted_nouns", {}).items():
        if isinstance(spec, dict):
            value = ("unit", spec.get("unit", ""), spec.get("max"))
            guards = tuple(spec.get("not_before", ())), tuple(spec.get("not_after", ()))
            units.append(_Entry(literal, value, False, *guards))
        else:
            units.append(_Entry(literal, ("unit", spec, limits.get(literal)), False))
    cur_post = [
        _Entry(e.literal, ("cur", e.value), e.case_sensitive, e.not_before, e.not_after, e.only_before)
        for e in cursuf
    ]
    # a currency symbol after the amount (`12 €`, `99 $`, `100 ₭`), not glued to a following number (`1 $10`)
    symbols = [
        _Entry(e.literal, ("cur", e.value), True, tuple("0123456789"))
        for e in curpre
        if not any(ch.isascii() and ch.isalnum() for ch in e.literal)
    ]
    minor_raw = t.get("currency_minor", {})
    minor = [
        _Entry(k, ("cur", v["code"]), False, tuple(v.get("not_before", ())), tuple(v.get("not_after", ())))
        for k, v in minor_raw.items()
    ]
    post_entries = cur_post + symbols + minor + pct + pp + bp + units
    words = _entries(t.get("number_words", {}), False)
    mults = _entries(t.get("number_multipliers", {}), False)
    arts = _entries(t.get("number_articles", []), False)
    cn = t.get("chinese_numerals")
    pctpre = [] if cn else _entries(t.get("percent_prefix", []), True)

    # what a gap can be followed by: a table entry (via `_alt`), a digit or a Chinese numeral
    after_gap = [*qpre, *qinf, *qpost, *curpre, *mags, *msuf, *mmon, *post_entries, *words, *mults, *arts]
    paired_raw = t.get("range_connectors_paired", {})
    after_gap += _entries([*t.get("range_connectors", []), *paired_raw], False)
    after_gap += _entries(t.get("percent_prefix", []), True)
    starts = {e.literal[0] for e in after_gap if e.literal}
    if cn:
        starts |= set(cn["digits"]) | set(cn["units"]) | set(cn["big_units"])
    g = _gap(starts)
    num_start = _NUM_START
    if cn:
        num_start += "".join(f"(?<!{re.escape(p)})" for p in cn.get("ordinal_prefix", []))
    magw = _alt(mags)
    msuf_alt, mmon_alt = _alt(msuf), _alt(mmon)

    def mag(i: int) -> str:
        # a money-only suffix may follow a space when a word of its own (`Rp 5 M`; not `5 T-shirt`)
        spaced = f"(?:[ ](?={mmon_alt}(?![-\\w]))|)"
        # `a $5-billion deal`, `ein 5-Milliarden-Paket`: a hyphen before a magnitude word joins it
        return _opt(f"(?P<ms{i}>{msuf_alt})|{spaced}(?P<mm{i}>{mmon_alt})|(?:{g}|-)(?P<m{i}>{magw})")

    core_alts = [rf"(?P<cp>{_alt(curpre)}){g}(?P<sg>[{_SIGNS}]|)(?P<n>{_NUM})"]
    range_alts = [f"(?P<rn>{_NUM})"]
    cn_units = ""
    cn_chars: set[str] = set()
    range_lead = ""
    pct_digits = ""  # the percent-before-number alternative of `core_alts`, if any
    if cn:
        cn_chars = set(cn["digits"]) | set(cn["units"]) | set(cn["big_units"])
        digits = "".join(cn["digits"])
        cn_units = "".join(cn["units"]) + "".join(cn["big_units"])
        small = "".join(u for u in cn["units"] if cn["units"][u] < 1000)
        thousands = "".join(u for u in cn["units"] if cn["units"][u] >= 100)
        bigs = "".join(cn["big_units"])
        point = (
            "[" + re.escape(cn.get("decimal_point", "点") + "".join(cn.get("other_decimal_points", ()))) + "]"
        )
        nonzero = "".join(d for d in cn["digits"] if cn["digits"][d] != 0)
        zeros = "".join(d for d in cn["digits"] if cn["digits"][d] == 0)
        cn_core = (
            f"(?<![{digits}{cn_units}])(?:[{nonzero}{small}][{digits}{cn_units}]{{0,14}}"
            f"(?:{point}[{digits}]{{1,6}}[{bigs}]{{0,2}})?|[{thousands}][{bigs}]{{1,2}}"
            f"|[{zeros}]{point}[{digits}]{{1,6}})"  # 零点五
        )
        if cn.get("unit_required"):
            # Korean 일, 이, 사 are words too (사원, 이건): a numeral holds a unit and follows no letter
            # (오천, 이십삼만); a unit alone (만, 천, 백, 십) counts only before a currency (만원, 천 달러).
            # Sections in order, each unit once (이천칠백삼십오만), no 억 or 조 (구조조정, 조원), and a unit
            # word right after (a currency, percent or counted noun).
            lone = "".join(u for u, v in {**cn["units"], **cn["big_units"]}.items() if v <= 10000)
            units_desc = sorted(cn["units"], key=lambda u: -cn["units"][u])
            sec = "".join(f"(?:[{nonzero}]?{re.escape(u)})?" for u in units_desc) + f"[{nonzero}]?"
            small_bigs = "".join(b for b, v in cn["big_units"].items() if v <= 10000)
            body = f"(?:(?=[{nonzero}{cn_units}]){sec}[{small_bigs}])?{sec}"
            cn_core = (
                f"(?<!\\w)(?:(?<![{cn_units}][ ])(?=[{nonzero}]?[{cn_units}])(?=[{digits}{cn_units}]{{2}})"
                f"{body}(?![{digits}{cn_units}])(?=[ ]?{_alt(post_entries)})"
                f"|[{lone}](?![{digits}{cn_units}])(?=[ ]?{_alt(cur_post)}))"
            )
        cn_pattern = "".join(f"(?<!{re.escape(p)})" for p in cn.get("ordinal_prefix", [])) + cn_core
        pct_pre = _alt(_entries([*t.get("percent_prefix", []), *t.get("percent_prefix_scaled", {})], True))
        core_alts.append(f"(?P<pp>{pct_pre})(?:(?P<pcn>{cn_core})|(?P<pn>{_NUM}))")
        core_alts.append(f"(?P<c>{cn_pattern})")
        range_alts.append(f"(?P<rc>{cn_core})")
        # the percent word again before the second end (百分之五十至百分之六十), not read as a numeral (百)
        range_lead = f"(?P<pp2>{pct_pre})?"
    elif pctpre:
        # percent written before the number (Turkish `%20`, `yüzde 20`); `_match_at` extends left over it
        pct_digits = f"(?P<pp>{_alt(pctpre)}){g}(?P<pn>{_NUM})"
        core_alts.append(pct_digits)
    core_alts.insert(1, f"{num_start}(?P<n2>{_NUM})")
    if cn:
        # digits with numeral units between them (3兆5000億, 1億2000万, 3조 5천억, 7천5백만): one number, read
        # before a bare number could take `3兆` alone; a single section (5千億) is a number and a magnitude
        seg = rf"\d{{1,4}}[{cn_units}]{{1,2}}"
        # the digits after the last unit: as many as the unit leaves room for (`2천345`, `1万2000`), never
        # fewer (`1万2` is 12,000 when spoken, 10,002 when read digit by digit: no figure rather than a guess)
        rest = "|".join(
            f"(?<={re.escape(u)})[ ]?\\d{{{len(str(int(v))) - 1}}}"
            for u, v in {**cn["units"], **cn["big_units"]}.items()
            if v in (10, 100, 1000, 10000)
        )
        core_alts.insert(1, rf"{num_start}(?P<cm>{seg}(?:(?:[ ]?{seg})*(?:{rest})|(?:[ ]?{seg})+)(?![\d.,]))")
    if words:
        w = _alt(words + mults)
        art = _alt(arts)
        wordnum = rf"(?:{art}[ ])?{w}(?:[ -](?:(?i:and)[ ])?{w}){{0,5}}"
        if arts:
            wordnum = f"(?:{wordnum}|{art}(?=[ ]{magw}))"
        core_alts.append(f"(?P<w>{wordnum})")
        range_alts.append(f"(?P<rw>{wordnum})")
        if pct_digits:
            # a number word after the percent word too (Turkish `yüzde yirmi` = 20%)
            core_alts[core_alts.index(pct_digits)] = (
                f"(?P<pp>{_alt(pctpre)}){g}(?:(?P<pn>{_NUM})|(?P<pw>{wordnum}))"
            )
    infix = _alt(qinf)
    conn_alt = _alt(_entries([*t.get("range_connectors", []), *paired_raw], False))
    head = (
        _opt(f"(?P<q>{_alt(qpre)}){g}")
        + f"(?:{'|'.join(core_alts)})"
        + _opt(f"{g}(?P<i1>{infix})")
        + mag(1)
        + _opt(f"{g}(?P<i2>{infix})")
    )
    adjectives = _entries(t.get("count_adjectives", []), False)
    # a word such as `new` between a count and its noun (`1,500 new jobs`), only right before one
    between = (
        # not after a currency (`$5 new shares` is $5)
        f"(?(cp)|{_opt(f'{g}(?P<adj>{_alt(adjectives)})(?=[ ]{{1,2}}{_alt(units)})')})"
        if adjectives and units
        else ""
    )
    # `a 10-million-dollar fine`, `a 20-percent stake`, `a 500-MW plant`: a hyphen before the word after
    tail = between + _opt(f"(?:{g}|-)(?P<post>{_alt(post_entries)})") + _opt(f"{g}(?P<q2>{_alt(qpost)})")
    # one number alone, for `5% to 3%` (a change, not a range) read as its first end
    single_pattern = head + tail if pct else None
    pattern = (
        head
        + _opt(
            (_opt(f"{g}(?P<pm>{_alt(pct)})") if pct else "")  # `3% to 5%`: the percent on both ends
            + f"{g}(?P<r>{conn_alt}){g}"
            + _opt(f"(?P<cp2>{_alt(curpre)}){g}")
            + range_lead
            + f"(?:{'|'.join(range_alts)})"
            + _opt(f"{g}(?P<i3>{infix})")
            + mag(2)
            + (f"(?(pm){g}(?={_alt(pct)}))" if pct else "")  # then a percent after the second end too
        )
        + tail
    )
    plain = f"(?P<r>{_alt(_entries(t.get('range_connectors', []), False))})"
    plain_pattern = pattern.replace(f"(?P<r>{conn_alt})", plain, 1) if paired_raw else None
    word_list = tuple(sorted({e.literal.lower() for e in words + mults}))
    # with articles, every magnitude may follow one (`một tỷ`, `un millón`); else only ASCII ones are kept
    target_list = tuple(sorted({e.literal.lower() for e in mags + mults if e.literal.isascii() or arts}))
    word_starts, by_first, ascii_word_starts = _word_starts(word_list, target_list)
    return _Lang(
        pattern=regexcache.compile(pattern),
        lang=table_lang,
        qualifiers=_Lookup(qpre + qinf + qpost),
        currencies=_Lookup(curpre + cursuf),
        magnitudes=_Lookup(mags + msuf),
        money_suffixes=_Lookup(mmon),
        post=_Lookup(post_entries),
        cn_units=cn_units,
        year_words=frozenset(w.lower() for w in t.get("year_words", [])),
        capitalised_ok=frozenset(w.lower() for w in t.get("capitalised_ok", [])),
        title_brackets=tuple((a, b) for a, b in t.get("title_brackets", [])),
        anchors=re.compile(
            f"[\\d{re.escape(''.join(cn_chars))}]*[\\d{re.escape(cn_units)}][\\d{re.escape(''.join(cn_chars))}]*"
            if cn and cn.get("unit_required")
            else f"[\\d{re.escape(''.join(cn_chars))}][\\d{re.escape(''.join(cn_chars))}]*"
        ),
        cn_chars=frozenset(cn_chars),
        cn_big=frozenset(cn["big_units"]) if cn else frozenset(),
        words=word_list,
        article_targets=target_list,
        articles=frozenset(e.literal.lower() for e in arts),
        vague_multipliers=frozenset(w.lower() for w in t.get("vague_multipliers", [])),
        verb_first=bool(t.get("verb_first", False)),
        rough_multipliers=frozenset(w.lower() for w in t.get("rough_multipliers", [])),
        prefixes=(_Prefixes(curpre + pctpre), _Prefixes(qpre)),
        word_starts=word_starts,
        by_first=by_first,
        ascii_word_starts=ascii_word_starts,
        ascii_words=all(w.isascii() for w in word_list + target_list),
        ascii_numerals=any(ch.isascii() for ch in cn_chars),
        neutral="number_format" not in t,
        minor=_Lookup(
            _Entry(k, (float(v["factor"]), bool(v.get("composite_only", False))), False)
            for k, v in minor_raw.items()
        )
        if minor_raw
        else None,
        **_tenths(t),
        negatives={w.lower(): tuple(v.get("not_after", ())) for w, v in t.get("negative_words", {}).items()}
        or None,
        code_factors=code_factors or None,
        fractions={k.lower(): float(v) for k, v in t.get("magnitude_fractions", {}).items()} or None,
        halves=tuple(h.lower() for h in t.get("magnitude_halves", ())),
        vague=_vague(t.get("vague_before", [])),
        implied_minor={
            k: (float(v["factor"]), regexcache.compile(_only_before(v.get("only_before", ()))))
            for k, v in t.get("currency_minor_implied", {}).items()
        }
        or None,
        minor_words=regexcache.compile("|".join(re.escape(k) for k in minor_raw)) if minor_raw else None,
        implied_digits={
            **{str(i): i for i in range(1, 10)},
            **{k: v for k, v in (cn or {}).get("digits", {}).items() if 1 <= v <= 9},
        },
        duration_cues=tuple(w.lower() for w in t.get("duration_cues", ())),
        pct_scales={k: float(v) for k, v in t.get("percent_prefix_scaled", {}).items()} or None,
        paired={k.lower(): tuple(w.lower() for w in v) for k, v in paired_raw.items()} or None,
        plain_pattern=regexcache.Deferred(plain_pattern) if plain_pattern else None,
        single_pattern=regexcache.Deferred(single_pattern) if single_pattern else None,
    )


def _title_spans(text: str, brackets: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """Spans of text inside title brackets (《…》), paired within a line, in one linear pass."""
    spans: list[tuple[int, int]] = []
    for open_b, close_b in brackets:
        if open_b not in text:
            continue
        start: int | None = None
        for m in re.finditer(f"[{re.escape(open_b)}{re.escape(close_b)}\n]", text):
            ch = m.group()
            if ch == open_b:
                start = m.start()
            elif ch == close_b and start is not None:
                spans.append((start, m.end()))
                start = None
            else:
                start = None
    return spans


def _prev_token(text: str, start: int) -> str:
    r"""The token (at most 40 non-space characters) before `start` and one or two spaces, else "".

    What `re.search(r"(\S{1,40})[  ]{1,2}\Z", text, start - 43, start)` finds (`str.split` and `\S`
    know the same spaces), without the search's retries at each of the 43 positions.
    """
    lo = max(0, start - 43)
    end = start
    for _ in range(2):
        if end > lo and text[end - 1] in " \u00a0":
            end -= 1
    if end in (start, lo) or text[end - 1].isspace():
        return ""
    return text[max(lo, end - 40) : end].rsplit(None, 1)[-1]


_MAGNITUDE_GROUPS = {1: ("m1", "ms1", "mm1"), 2: ("m2", "ms2", "mm2")}


def _magnitude(L: _Lang, d: Mapping[str, str | None], i: int) -> tuple[float | None, bool]:
    """The multiplier of magnitude group `i` and whether it is a money-only suffix."""
    word_group, suffix_group, money_group = _MAGNITUDE_GROUPS[i]
    word = d.get(word_group) or d.get(suffix_group)
    if word:
        return float(L.magnitudes.get(word)), False
    money = d.get(money_group)
    if money:
        return float(L.money_suffixes.get(money)), True
    return None, False


def _value(L: _Lang, num: str | None, words: str | None, cn: str | None) -> float | None:
    if num is not None:
        return parse_number(num, L.lang)
    if words is not None:
        return parse_number_words(words, L.lang)
    if cn is not None:
        return parse_chinese_numeral(cn, L.lang or "zh")
    return None


_CORES = ("w", "c", "cm")
_MARKERS = ("post", "cp", "cp2", "pp", "m1", "ms1", "mm1", "m2", "ms2", "mm2", "c", "cm", "w")


def _build(L: _Lang, text: str, m: re.Match[str]) -> Figure | None:
    last = m.lastgroup
    if last == "n2":
        return None  # a bare number: a year, a date, a list number, a code
    if last == "c" and not any(ch in L.cn_units for ch in m.group("c")):
        return None  # 一家, 两年, 三星: a bare small Chinese numeral (the check below, without groupdict)
    if last == "w":
        # a spelled number with nothing after it is a figure only from a thousand up (`seribu`, below)
        value = parse_number_words(m.group("w"), L.lang)
        if value is None or value < 1000:
            return None
    d = m.groupdict()
    if not any(map(d.get, _MARKERS)):
        return None  # a bare number: a year, a date, a list number, a code
    num = d.get("n") or d.get("n2")
    cn = d.get("c") or d.get("cm")
    if cn and not any(ch in L.cn_units for ch in cn) and not _marks_small_numeral(L, d):
        return None  # 一家, 两年, 三星: a bare small Chinese numeral (两美元, 六个百分点 count)
    post_text = d.get("post")
    if post_text in _PERCENT_SIGNS:
        after = text[m.end("post") : m.end("post") + 1]
        if after.isascii() and after.isalnum():
            return None  # `30%25`: URL encoding, not a percent
    if m.start() and text[m.start() - 1] in _PERCENT_SIGNS:
        return None  # `%2020`
    if m.start() and text[m.start() - 1] == "." and text[m.start()].isdigit():
        lead = text[m.start() - 2] if m.start() > 1 else " "
        if not (lead.isascii() and lead.isalnum()):
            return None  # `增长.77%`: the digits after a bare decimal point, not a number of their own
    if _pct_prefix_glued(d, text, m):
        return None  # `百分之15K`: a number glued to a letter after a percent word is no plain percent
    if d.get("pm") and (L.paired is None or (d.get("r") or "").lower() not in L.paired):
        return (
            None  # `rose from 3% to 5%` is a change: a percent on both ends is a range after `between` only
        )
    pct_prefix = d.get("pp")
    if d.get("pp2") and d.get("pp2") != pct_prefix:
        return None  # 五十至百分之六十: a percent word before the second end only
    scale = L.pct_scales.get(pct_prefix) if pct_prefix and L.pct_scales else None
    if pct_prefix:
        num, cn = d.get("pn"), d.get("pcn")
    words = d.get("w") or d.get("pw")
    if words and words.split(maxsplit=1)[0].lower() in L.vague_multipliers:
        return None  # `des centaines de salariés`: hundreds, not 100 (`une centaine`, `deux douzaines` count)
    if _one_group_of_many(text, m, "pn" if pct_prefix else "n" if d.get("n") else "n2") or (
        d.get("rn") and _one_group_of_many(text, m, "rn")
    ):
        return None
    lo = _value(L, num, words, cn)
    if lo is None:
        return None
    mag1, money_only1 = _magnitude(L, d, 1)
    mag2, money_only2 = _magnitude(L, d, 2)
    hi: float | None = None
    if d.get("r"):
        hi = _value(L, d.get("rn"), d.get("rw"), d.get("rc"))
        if hi is None:
            return None
        if mag1 is None and mag2 is not None and lo < hi:
            lo *= mag2  # $5-10 million: the magnitude applies to both ends
        if mag2 is not None:
            hi *= mag2
        elif mag1 is not None:
            hi *= mag1
    if mag1 is not None:
        if (
            L.halves
            and hi is None
            and lo == int(lo)
            and " ".join((d.get("m1") or "").lower().split()).endswith(L.halves)
        ):
            lo += 0.5  # `2 millones y medio` = 2.5 millions
        lo *= mag1
    finite = math.isfinite(lo) and (hi is None or math.isfinite(hi))
    if hi is not None and finite and not lo < hi:
        return None

    post = L.post.get(d.get("post"))
    if post is not None and post[0] == "unit" and post[1] in _DURATIONS and text[m.start("post") - 1] == "-":
        return None  # `a 10-year bond`, `a 12-month high`: a length that describes, not a figure
    if L.minor is not None and post_text:
        minor = L.minor.get(post_text)
        if minor is not None:  # 82 cents = 0.82 USD
            lo *= minor[0]
            hi = hi * minor[0] if hi is not None else None
    if d.get("sg"):
        lo, hi = (-lo, None) if hi is None else (lo, hi)  # `Rp-1,2 triliun`
    if scale is not None:  # 千分之五 = 0.5%
        lo *= scale
        hi = hi * scale if hi is not None else None
    if L.code_factors is not None:
        factor = L.code_factors.get(d.get("cp") or "") or L.code_factors.get(post_text or "")
        if factor:  # MUSD 20
            lo *= factor
            hi = hi * factor if hi is not None else None
    currency = L.currencies.get(d.get("cp")) or L.currencies.get(d.get("cp2"))
    if not currency and (d.get("m1") or d.get("m2")):
        # a magnitude that is also a currency word names both (Swedish `mkr`, `MSEK`: million kronor)
        currency = L.currencies.get(d.get("m2") or d.get("m1"))
    if post and post[0] == "cur" and (not currency or d.get("cp") in ("$", "¥")):
        currency = post[1]  # ¥5 billion yuan, $5 Singapore dollars: the name is more specific
    percent = bool(pct_prefix) or (post is not None and post[0] in ("pct", "pp", "bp"))
    unit_name: str | None = post[1] if post and post[0] == "unit" else None
    has_mag = mag1 is not None or mag2 is not None
    if words and not has_mag and lo >= 1000:
        has_mag = True  # seribu, sejuta
    if cn and not pct_prefix and any(ch in cn for ch in L.cn_big):
        has_mag = True
    if (money_only1 or money_only2) and not currency and unit_name is None:
        return None  # 4K, 5m: a single-letter magnitude needs a currency or a counted noun

    if currency:
        if L.neutral and d.get("cp") and not d.get("post") and _word_follows(text, m.end()):
            return None  # `R$ 23,7 bilhões`: maybe a magnitude word, which only the language's tables know
        kind, unit = "money", str(currency)
    elif percent:
        kind = "percent"
        unit = "pp" if post and post[0] in ("pp", "bp") else "%"  # `yüzde 2 puan` is points
        if post and post[0] == "bp":
            lo /= 100.0
            hi = hi / 100.0 if hi is not None else None
    elif unit_name is not None:
        kind, unit = "quantity", unit_name
        limit = post[2] if post else None
        if limit is not None and not has_mag and lo > float(limit):
            return None  # 2024年 is a date, not 2024 years
        if not has_mag and unit_name in _DURATIONS and _after_duration_cue(L, text, m):
            return None  # the first 20 days, over five years: a duration
        if not has_mag and not d.get("q") and not _plausible_count(L, text, m, num, words, lo, unit_name):
            return None
    elif has_mag:
        kind, unit = "quantity", ""
    else:
        return None

    qualifier = "exact"
    for name in ("q", "i1", "i2", "i3", "q2"):
        q = d.get(name)
        if q is None:
            continue
        q = L.qualifiers.get(q)
        if q and q != "exact":
            qualifier = str(q)
            break
    if qualifier == "exact" and words and not L.rough_multipliers.isdisjoint(words.lower().split()):
        qualifier = "approx"  # `une centaine de salariés`: about a hundred
    if not finite:
        # a number no float holds (400 nines, `10^400`): a row with an empty value and the reason
        small = math.isnan(lo) or (hi is not None and math.isnan(hi))
        return Figure(
            m.start(),
            m.end(),
            m.group(0),
            kind,
            None,
            None,
            unit,
            qualifier,
            _TOO_SMALL if small else _TOO_LARGE,
        )
    return Figure(
        start=m.start(),
        end=m.end(),
        text=m.group(0),
        kind=kind,
        value=float(lo),
        value_max=float(hi) if hi is not None else None,
        unit=unit,
        qualifier=qualifier,
    )


_TOO_LARGE = "value not representable: larger than a 64-bit float holds"
_TOO_SMALL = "value not representable: smaller than a 64-bit float holds, but not zero"
_ASCII_DIGITS_STR = "0123456789"
_GROUP_SPACES = "\u00a0\u202f\u2009\u2007"


def _one_group_of_many(text: str, m: re.Match[str], group: str) -> bool:
    """Whether number `group` of `m` may be one group of a number written with spaces (`1 234`).

    `normalize.view_of` has joined the runs that are certainly one number (`1\u202f234`). What is left
    is ambiguous, and a wrong value is worse than none: a number next to another digit group across a
    no-break, narrow or thin space (`2023\u00a01\u00a0234`, `1\u00a023`), or across an ordinary space
    where the two could be groups of one number (`1 234 euros`, `$1 234 million`: 1–3 digits, then
    exactly three) gives no figure. `In 2023 500 euros` keeps its 500.
    """
    start, end = m.span(group)
    if start < 0 or start == end:
        return False
    num = text[start:end]
    if start >= 2 and text[start - 2] in _ASCII_DIGITS_STR:
        sep = text[start - 1]
        if sep in _GROUP_SPACES:
            return True
        if sep == " " and len(num) >= 3 and num[:3].isdigit() and (len(num) == 3 or not num[3].isdigit()):
            k = start - 2
            while k >= 0 and k > start - 6 and text[k] in _ASCII_DIGITS_STR:
                k -= 1
            if start - 2 - k <= 3 and (k < 0 or text[k] not in ".,"):
                return True
    if end + 1 < len(text) and text[end + 1] in _ASCII_DIGITS_STR:
        sep = text[end]
        if sep in _GROUP_SPACES:
            return True
        if sep == " " and num.isdigit() and len(num) <= 3:
            after = text[end + 1 : end + 5]
            if len(after) >= 3 and after[:3].isdigit() and (len(after) == 3 or not after[3].isdigit()):
                return True
    return False


def _word_follows(text: str, end: int) -> bool:
    """Whether a word starts at `end`, after at most two spaces."""
    for _ in range(3):
        if end >= len(text):
            return False
        if text[end] not in _SPACES:
            return text[end].isalpha()
        end += 1
    return False


_RANGE_START = re.compile(r"[\d.,]+ ?[-\u2013~] ?$")
_DURATIONS = frozenset(("years", "months", "weeks", "days", "hours", "minutes", "seconds"))


def _after_duration_cue(L: _Lang, text: str, m: re.Match[str]) -> bool:
    """Whether a duration cue (`first`, `over`, `前`) stands right before the figure or is its qualifier."""
    if not L.duration_cues:
        return False
    q = (m.group("q") or "").lower() if "q" in m.re.groupindex else ""
    start = m.start("q") if q else m.start()
    before = text[max(0, start - 24) : start].rstrip(" ").lower()
    before = _RANGE_START.sub("", before).rstrip(" ")  # the end of a range: `next 4-` before `5 years`
    for cue in L.duration_cues:
        if q == cue:
            return True
        if before.endswith(cue):
            k = len(before) - len(cue)
            if not cue[0].isascii() or k == 0 or not before[k - 1].isalnum():
                return True
    return False


def _plausible_count(
    L: _Lang,
    text: str,
    m: re.Match[str],
    num: str | None,
    words: str | None,
    lo: float,
    unit: str = "",
) -> bool:
    """Whether a number marked only by a counted noun is a count (not a model name, a year or `one`)."""
    if words is not None:
        return lo >= 10 or (lo >= 2 and unit not in _DURATIONS)  # nine stores; not `two years`
    prev = _prev_token(text, m.start())
    looks_like_year = num is not None and num.isdecimal() and len(num) == 4 and 1800 <= lo <= 2199
    glued = m.start() > 0 and not text[m.start() - 1].isascii() and text[m.start() - 1].isalpha()
    if looks_like_year and not glued and (not prev or prev.lower().strip(_TRAIL_PUNCT) in L.year_words):
        return False  # in 2023 companies …
    name_like = any(c.isupper() or c.isdigit() for c in prev if c.isascii())
    if name_like and L.verb_first and prev.istitle() and _starts_sentence(text, m.start(), prev):
        name_like = False  # `Apriranno 30 negozi`: a verb opens the sentence (Italian, Spanish, Portuguese)
    # Windows 11 users, Meizu 21 units: a count right after a name-like token is a version
    return not (name_like and prev[-1] not in _TRAIL_PUNCT and prev.lower() not in L.capitalised_ok)


def _starts_sentence(text: str, start: int, prev: str) -> bool:
    """Whether the token `prev`, right before `start`, opens its sentence or the text."""
    at = text.rfind(prev, 0, start)
    head = text[:at].rstrip()
    return not head or head[-1] in ".!?;:\n\"'«»“”„"


def _lowered(text: str) -> str:
    """`text` lower-cased, a character that lower-cases to several kept as it is (offsets stay)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _anchors(L: _Lang, text: str) -> list[int]:
    """Positions where a figure's number may start: digit runs, Chinese numeral runs, number words."""
    if text.isascii() and not L.ascii_numerals:
        # only ASCII digit runs (no numeral character is ASCII), one anchor each; most texts have none
        out = (
            [m.start() for m in _ASCII_DIGITS.finditer(text.encode("ascii").translate(_DIGITS_ZERO))]
            if _has_ascii_digit(text)
            else []
        )
        runs: Iterable[re.Match[str]] = ()
    else:
        out, runs = [], L.anchors.finditer(text)
    for m in runs:
        run, pos = m.group(), m.start()
        if L.cn_chars.isdisjoint(run):
            out.append(pos)  # digits only: one anchor (the loop below would find just this one)
            continue
        prev_digit: bool | None = None
        for i, ch in enumerate(run):
            is_digit = ch not in L.cn_chars
            if is_digit != prev_digit:
                out.append(pos + i)
                prev_digit = is_digit
    if L.words and L.word_starts is not None and L.by_first is not None:
        found = False
        # a candidate's start is the word's start in `low` (the patterns match the character before it)
        starts: Iterator[int]
        if L.ascii_word_starts is not None and (
            text.isascii() or (L.ascii_words and _LOWERS_TO_ASCII not in text)
        ):
            letters = " " + text.encode("ascii", "replace").translate(_LETTERS_LOWER).decode("ascii")
            found_at = L.ascii_word_starts.find_matches_as_indexes(letters, overlapping=True)
            starts = iter(sorted({s for _, s, _ in found_at}))
            low = ""  # made at the first candidate: most texts have none
        else:
            low = _lowered(text)
            starts = (m.start() for m in L.word_starts.finditer(" " + low))
        for i in starts:
            low = low or _lowered(text)
            for word, is_number in L.by_first.get(low[i], ()):
                if not low.startswith(word, i):
                    continue
                if is_number:
                    # a number word on word boundaries, and an article right before it (`a hundred`)
                    if (i == 0 or not low[i - 1].isalpha()) and not low[
                        i + len(word) : i + len(word) + 1
                    ].isalpha():
                        out.append(i)
                        found = True
                        for art in L.articles:
                            if low[max(0, i - len(art) - 1) : i] == art + " " and (
                                i - len(art) - 1 == 0 or not low[i - len(art) - 2].isalpha()
                            ):
                                out.append(i - len(art) - 1)
                    continue
                for art in L.articles:  # a magnitude after an article (`a million`)
                    a = i - len(art) - 1
                    if a >= 0 and low[a:i] == art + " " and (a == 0 or not low[a - 1].isalpha()):
                        out.append(a)
                        found = True
        if found:
            out.sort()
    return out


def _match_at(L: _Lang, text: str, p: int, floor: int) -> re.Match[str] | None:
    """The figure pattern matched at `p`, extended left over a currency symbol and a qualifier."""
    currencies, qualifiers = L.prefixes
    # `Rp-1,2 triliun`, `US$-5`: a sign between the currency and the number
    ps = p - 1 if p > floor and text[p - 1] in _SIGNS else p
    # the character a prefix of `p` would end with (as `start_before` finds it): most end no prefix
    e = ps
    if e > floor and text[e - 1] in _SPACES:
        e -= 1
        if e > floor and text[e - 1] in _SPACES:
            e -= 1
    last = text[e - 1] if e > floor else ""
    c = currencies.start_before(text, ps, floor) if last in currencies.cands else None
    for base in (c, p) if c is not None else (p,):
        q = qualifiers.start_before(text, base, floor) if base != p or last in qualifiers.cands else None
        for s in (q, base) if q is not None else (base,):
            m = L.pattern.match(text, s)
            if m is not None and m.end() > p:
                return m
    return None


def find_figures(text: str, lang: str) -> list[Figure]:
    """Money amounts, percentages and counts in `text` (offsets relative to it), sorted, non-overlapping.

    Found in the text's normalised view (`normalize.view_of`: `１２．５％`, `1\u202f234`, a zero-width
    space inside `$1\u200b0 billion`); offsets and `text` are the original's.
    """
    view = view_of(text, lang)
    if view is None:
        return find_figures_normalized(text, lang)
    return view.restore(find_figures_normalized(view.text, lang))


_BY_TAG: dict[str, _Lang] = {}  # a language tag's compiled tables (`_compiled` of its folder)


def find_figures_normalized(text: str, lang: str) -> list[Figure]:
    """`find_figures` on a text that is its own normalised view (`view_of` gave None, or it is one)."""
    if not text:
        return []
    L = _BY_TAG.get(lang) or _BY_TAG.setdefault(lang, _compiled(_table_lang(lang)))
    out: list[Figure] = []
    last_end = 0
    last_anchor = -1
    skip_until = 0
    for p in _anchors(L, text):
        if p < last_end or p < skip_until or p == last_anchor:
            continue
        last_anchor = p
        m = _match_at(L, text, p, last_end)
        if m is None:
            continue
        if (
            L.paired is not None
            and L.plain_pattern is not None
            and m.group("r")
            and not _paired_ok(L, text, m)
        ):
            m = L.plain_pattern.get().match(
                text, m.start()
            )  # `10 and 20 dollars` without `between`: no range
            if m is None:
                continue
        fig = _build(L, text, m)
        if fig is None and L.single_pattern is not None and m.group("pm"):
            one = L.single_pattern.get().match(text, m.start())  # `from 5% to 3%`: two figures, not a range
            if one is not None:
                m, fig = one, _build(L, text, one)
        if fig is not None:
            fig = _signed(text, fig, L.negatives)
            post = m.group("post") if "post" in m.re.groupindex else None
            minor = L.minor.get(post) if L.minor is not None and post else None
            if minor is not None and out and _adds_to(text, out[-1], fig):
                prev = out[-1]  # 3 dollars 50 cents, 五元三毛
                value = (prev.value or 0.0) + (fig.value or 0.0)
                out[-1] = replace(prev, end=fig.end, text=text[prev.start : fig.end], value=value)
                if L.implied_minor is not None and post is not None and post in L.implied_minor:
                    implied = _implied_minor(L, text, out[-1], post)  # 五块七毛八
                    if implied is None:
                        out.pop()
                    else:
                        out[-1] = implied
                last_end = out[-1].end if out else fig.end
                continue
            if minor is not None and minor[1]:
                continue  # 三毛 alone: a minor unit that counts only after its major unit
            if L.vague is not None and _is_vague(L.vague, text, fig):
                last_end = fig.end
                continue
            if L.fractions is not None:
                fig = _fraction_of(L, text, fig)
            if L.implied_minor is not None and post is not None and post in L.implied_minor:
                implied = _implied_minor(L, text, fig, post)
                if implied is None:
                    last_end = fig.end
                    continue
                fig = implied
            out.append(fig)
            last_end = fig.end
        else:
            # later anchors inside the rejected number itself would fail the same way
            for core in _CORES:
                if core in m.re.groupindex and m.start(core) >= 0:
                    skip_until = m.end(core)
                    break
    if L.tenths is not None and any(ch in text for ch in L.tenth_chars):
        out = _with_tenths(L, text, out)
    if out and L.title_brackets:
        spans = _title_spans(text, L.title_brackets)
        if spans:
            out = [f for f in out if not any(a < f.end and f.start < b for a, b in spans)]
    return [_tidy(f) for f in out]


def _decimal(x: float | None) -> float | None:
    """`x` without the binary noise of a product: 4.1 × 10⁹ is 4099999999.9999995 in floats, 4.1e9 here.

    The shortest decimal of at most twelve significant digits within four units in the last place
    of `x`, if there is one; else `x` as it is (`2**64`, a long number written out in full).
    """
    if x is None or not math.isfinite(x) or x == 0:
        return x
    short = float(f"{x:.12g}")
    return short if abs(short - x) <= 4 * math.ulp(x) else x


def _tidy(fig: Figure) -> Figure:
    value, high = _decimal(fig.value), _decimal(fig.value_max)
    if value == fig.value and high == fig.value_max:
        return fig
    return replace(fig, value=value, value_max=high)


_SIGNS = "-\u2212\uff0d"  # hyphen-minus, minus sign, full-width hyphen-minus
_PERCENT_SIGNS = ("%", "\uff05")
_DOLLAR_OF_COUNTRY = re.compile(r"[A-Z][A-Z.]+ ?\$|C ?\$")  # US$, HK$, NT$, U.S.$, C$, US $


def _any_case_currencies(entries: list[_Entry], upper_only: frozenset[str]) -> list[_Entry]:
    """Currency prefixes as news writes them in any case: ISO codes (`usd 20`, `Eur1.2bn`) but those that
    are words in lower case (`upper_only`), and the dollars of a country, also with a space (`hk $ 10`,
    `C $ 20`); `A$`, `S$`, `R$` stay as written (`a $5 deal` is no Australian dollar)."""
    out = []
    for e in entries:
        lit = e.literal
        if len(lit) == 3 and lit.isascii() and lit.isalpha() and lit.isupper() and lit not in upper_only:
            out.append(replace(e, case_sensitive=False))
        elif _DOLLAR_OF_COUNTRY.fullmatch(lit):
            out.append(replace(e, case_sensitive=False))
            if " " not in lit:
                out.append(_Entry(lit[:-1] + " $", e.value, False, e.not_before, e.not_after))
        else:
            out.append(e)
    return out


def _pct_prefix_glued(d: Mapping[str, str | None], text: str, m: re.Match[str]) -> bool:
    """Whether a figure with a percent word before it is glued to a Latin letter after it."""
    if not d.get("pp"):
        return False
    after = text[m.end() : m.end() + 1]
    return after.isascii() and after.isalpha()


def _marks_small_numeral(L: _Lang, d: Mapping[str, str | None]) -> bool:
    """Whether a small Chinese numeral (一, 两, 六) is an amount: currency, percent or magnitude."""
    if d.get("m1") or d.get("ms1") or d.get("pp"):
        return True
    post = L.post.get(d.get("post"))
    return bool(post) and post[0] in ("cur", "pct", "pp", "bp")


def _signed(text: str, fig: Figure, words: Mapping[str, tuple[str, ...]] | None = None) -> Figure:
    """`fig` with a sign glued before it (`-$5 billion`, `−4.5%`, `(-3%)`), not a hyphen inside a word or
    a range (`2023-5%`, `Q3-5%`), or after a negative word (`minus 2 persen`, `负3%`)."""
    s = fig.start
    if words and fig.value is not None and fig.value_max is None and fig.value > 0:
        for w, not_after in words.items():
            latin = w[0].isascii()
            a = s - len(w) - (1 if latin else 0)
            if a < 0 or text[a : a + len(w)].lower() != w or (latin and text[a + len(w)] != " "):
                continue
            if latin and a and text[a - 1].isalnum():
                continue
            if any(text.endswith(x, 0, a) for x in not_after):
                continue
            return replace(fig, start=a, text=text[a : fig.end], value=-fig.value)
    if (
        s
        and text[s - 1] in _SIGNS
        and fig.value is not None
        and fig.value_max is None
        and fig.value > 0
        and (
            s == 1
            or not ((text[s - 2].isascii() and text[s - 2].isalnum()) or text[s - 2] in _SIGNS + ".,_/")
        )
    ):
        return replace(fig, start=s - 1, text=text[s - 1 : fig.end], value=-fig.value)
    return fig


_COMPOSITE_GAPS = frozenset(
    ("", "and", "又", "零", "&", "и", "ve", "و", "और", "und", "en", "och", "y", "e", "et", "con")
)  # and: ru, tr, ar, hi, de, nl, sv, es, pt/it, fr; es `3 euros con 50 céntimos`


def _paired_ok(L: _Lang, text: str, m: re.Match[str]) -> bool:
    """Whether a range's connector may join its ends: any, or a paired one after its lead (`between`)."""
    assert L.paired is not None
    leads = L.paired.get(m.group("r").lower())
    if leads is None:
        return True
    end = m.end("q") if m.group("q") else m.start()
    before = text[max(0, end - 30) : end].lower().rstrip()
    return any(
        before.endswith(w) and (len(before) == len(w) or not before[-len(w) - 1].isalnum()) for w in leads
    )


def _implied_minor(L: _Lang, text: str, fig: Figure, post: str) -> Figure | None:
    """`3块5` = 3.5, `一块二` = 1.2: a single digit right after an amount in `currency_minor_implied`.

    None when a digit follows but not as such a closing digit (`五块六到`, `三块零四`): the amount is unsure.
    """
    factor, follow = L.implied_minor[post] if L.implied_minor else (0.0, None)
    digit = (L.implied_digits or {}).get(text[fig.end : fig.end + 1])
    closing = follow is not None and follow.match(text, fig.end + 1) is not None
    if digit is not None and fig.kind == "money" and follow is not None and not closing:
        if L.minor_words is not None and L.minor_words.match(text, fig.end + 1):
            return fig  # 三块五毛: the minor unit is written, and adds to the amount
        return None
    if (
        follow is None
        or digit is None
        or fig.kind != "money"
        or fig.value is None
        or fig.value_max is not None
        or not _whole_in(fig.value, factor * 10)
        or not text.endswith(post, fig.start, fig.end)
        or not closing
    ):
        return fig
    end = fig.end + 1
    return replace(fig, end=end, text=text[fig.start : end], value=fig.value + digit * factor)


def _whole_in(value: float, unit: float) -> bool:
    """Whether `value` is a whole number of `unit`s."""
    return abs(value / unit - round(value / unit)) < 1e-9


def _adds_to(text: str, prev: Figure, fig: Figure) -> bool:
    """Whether minor-unit amount `fig` completes money amount `prev` (`3 dollars 50 cents`, `五元三毛`)."""
    return (
        prev.kind == "money"
        and fig.kind == "money"
        and prev.value is not None
        and fig.value is not None
        and prev.value_max is None
        and fig.value_max is None
        and 0 < fig.value < 1
        and prev.value >= 1
        and _whole_in(prev.value, 0.1 if fig.value < 0.1 else 1.0)  # 五元三毛八分: 5.3 takes cents
        and text[prev.end : fig.start].strip().lower() in _COMPOSITE_GAPS
    )


def _tenths(t: Mapping[str, Any]) -> dict[str, Any]:
    """The `_Lang` fields of the `percent_tenths`/`percent_fixed` pass (七成 = 70%, 八五折 = 85%)."""
    rules = t.get("percent_tenths") or {}
    fixed = t.get("percent_fixed") or {}
    cn = t.get("chinese_numerals")
    if not rules and not fixed:
        return {}
    digits = "".join(cn["digits"]) if cn else ""
    tens = "".join(u for u, v in cn["units"].items() if v == 10) if cn else ""
    points = "." + (cn.get("decimal_point", "") + "".join(cn.get("other_decimal_points", ())) if cn else "")
    numerals = digits + "".join(cn["units"]) + "".join(cn["big_units"]) if cn else ""
    lead = f"(?<![0-9.{re.escape(numerals)}])(?<![0-9] )"
    if cn:
        lead += "".join(f"(?<!{re.escape(p)})" for p in cn.get("ordinal_prefix", []))
    num = (
        f"(?P<n>[0-9]{{1,2}}|[{re.escape(digits)}]{{1,2}}|[{re.escape(tens)}])"
        if digits
        else "(?P<n>[0-9]{1,2})"
    )
    frac = f"(?:[{re.escape(points)}](?P<f>[0-9{re.escape(digits)}]))?"
    words = "|".join(re.escape(w) for w in sorted(rules, key=len, reverse=True))
    halves = "|".join(re.escape(str(v["half"])) for v in rules.values() if v.get("half"))
    alts = []
    if words:
        alts.append(f"{lead}{num}{frac}(?P<w>{words})" + (f"(?P<h>{halves})?" if halves else ""))
    if fixed:
        alts.append("(?P<x>" + "|".join(re.escape(w) for w in sorted(fixed, key=len, reverse=True)) + ")")
    return {
        "tenths": regexcache.compile("|".join(alts)),
        "tenth_rules": {**rules, **{k: {"fixed": v} for k, v in fixed.items()}},
        "tenth_chars": "".join(sorted({w[0] for w in [*rules, *fixed]})),
    }


def _tenth_value(L: _Lang, m: re.Match[str]) -> float | None:
    """The percent of a `_tenths` match, None when it is not one (十折, 二三成)."""
    assert L.tenth_rules is not None
    word = m.group("w")
    rule = L.tenth_rules[word]
    n = normalize_cn_digits(m.group("n"))
    if n is None:
        return None
    if len(n) == 2:
        if m.group("f") is not None or (n == "10" and rule.get("pairs")):
            return None
        value = float(n) if rule.get("pairs") else float(n) * 10
    else:
        value = float(n) * 10
    if m.group("f") is not None:
        f = normalize_cn_digits(m.group("f"))
        if f is None:
            return None
        value += float(f)
    if m.groupdict().get("h"):
        value += 5
    if not 0 < value <= 100 or (rule.get("pairs") and value >= 100):
        return None
    return value


def normalize_cn_digits(s: str) -> str | None:
    """`八五` → `85`, `十` → `10`, `7` → `7`: the digits of a numeral of one or two digits."""
    out = []
    for ch in s:
        if ch.isdigit():
            out.append(ch)
            continue
        value = parse_chinese_numeral(ch)
        if value is None:
            return None
        out.append(str(int(value)))
    return "".join(out)


def _with_tenths(L: _Lang, text: str, out: list[Figure]) -> list[Figure]:
    """`out` with the percents written in tenths (七成, 八五折, 打对折) that overlap none of its figures."""
    assert L.tenths is not None and L.tenth_rules is not None
    found: list[Figure] = []
    for m in L.tenths.finditer(text):
        key = m.groupdict().get("x") or m.group("w")
        rule = L.tenth_rules[key]
        end = m.end()
        if any(text.startswith(x, end) for x in rule.get("not_before", ())):
            continue
        if any(text.endswith(x, 0, m.start()) for x in rule.get("not_after", ())):
            continue
        fixed = rule.get("fixed")
        needs = (fixed or rule).get("needs_before", ())
        if needs and not any(text.endswith(x, 0, m.start()) for x in needs):
            continue
        if fixed is not None:
            if any(text.startswith(x, end) for x in fixed.get("not_before", ())):
                continue
            value: float | None = float(fixed["value"])
        else:
            value = _tenth_value(L, m)
            if value is not None and rule.get("digit_after") and not m.groupdict().get("h"):
                extra = _digit_after(text, end, rule.get("digit_after_ok", ()))
                if extra is None:
                    continue  # `三成五年`: not a percent we can read
                value, end = value + extra[0], extra[1]
        if value is None:
            continue
        fig = Figure(m.start(), end, text[m.start() : end], "percent", value, None, "%")
        if not any(f.start < fig.end and fig.start < f.end for f in out):
            found.append(fig)
    return sorted(out + found, key=lambda f: f.start) if found else out


def _digit_after(text: str, end: int, ok: Iterable[str]) -> tuple[float, int] | None:
    """(0, `end`) when no digit follows `end`; (the digit, the end after it) for `三成五` (35%) when what
    follows the digit ends the number (punctuation, a space, the end, or one of `ok`: 的, 左右); None when
    anything else does (`三成五年`, `一成二三`): no figure, as no reading is sure."""
    if end >= len(text):
        return 0.0, end
    digit = parse_chinese_numeral(text[end]) if text[end] not in "0.．" else None
    if digit is None or digit not in (1, 2, 3, 4, 5, 6, 7, 8, 9):
        return 0.0, end
    after = end + 1
    if (
        after < len(text)
        and (text[after].isalnum() or text[after] in "．.")
        and not any(text.startswith(w, after) for w in ok)
    ):
        return None
    return digit, after


def _fraction_of(L: _Lang, text: str, fig: Figure) -> Figure:
    """`a million dollars` after `half` or `a quarter of`: that part of it (`half a million` = 500,000)."""
    assert L.fractions is not None
    head = fig.text.split(" ", 1)[0].lower()
    if head not in L.articles or fig.value is None or fig.value_max is not None:
        return fig
    before = text[max(0, fig.start - 24) : fig.start].lower()
    for phrase, share in L.fractions.items():
        k = len(before) - len(phrase) - 1
        if before.endswith(phrase + " ") and (k == 0 or (k > 0 and not before[k - 1].isalnum())):
            start = fig.start - len(phrase) - 1
            return replace(fig, start=start, text=text[start : fig.end], value=fig.value * share)
    return fig
