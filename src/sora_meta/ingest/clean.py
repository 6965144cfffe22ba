"""Clean: split a document into paragraphs, mark page furniture and paragraphs repeated within it.

Nothing is removed from the text: furniture and repeats are flags on `Paragraph`, so every
offset stays valid. Furniture patterns live in `data/furniture.json`, per language plus
language-neutral ones; all languages are applied to every document (the language is not
known yet at this stage, and a page often mixes them).
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from sora_meta import regexcache
from sora_meta.models import Paragraph

# Characters stripped from the edges of a line: Unicode whitespace plus zero-width characters.
STRIP_CHARS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u200b\u200c\u200d\u2060\ufeff"

_DECOR_BEFORE = r"[\s#*>_\[【〖「『(（•·|~=-]*"
_DECOR_AFTER = r"[\s*_\]】〗」』)）:：.。!！?？>»›…|~=-]*"
_BREADCRUMB = (
    r"(?:home|beranda|首页|主页|网站首页|当前位置[:：]?|you are here[:：]?|startseite|accueil|inicio)"
    r"\s*[>›»/|]"
    r"|[^>›»\n]{1,30}(?:[>›»][^>›»\n]{1,60}){2,8}"
)
# Every `_BREADCRUMB` match holds one of these characters (its first branch ends in one, the second
# has at least two of `>›»`), none of which has another case: a line without one needs no regex.
_BREADCRUMB_MARK = re.compile(r"[>›»/|]")
_TAIL_LIST_LINE = 100  # a "related" header takes a list of lines this short: headlines, not paragraphs
_DUP_MIN_CHARS = 5  # shorter normalised lines ("1.", "总结") never count as repeats
_NEAR_MIN_CHARS = 40
_NEAR_RATIO = 0.8  # share of word pairs (character triples) in common
_QUICK_RATIO = 0.9  # share of characters in common (as multisets): a cheap test first
_NEAR_MAX_CHARS = 2000  # longer paragraphs count as repeats only when equal: the comparison is quadratic
_NEAR_KEY = 12
_NEAR_CANDIDATES = 3
_NEAR_BUCKET = 32  # earlier paragraphs kept per start, end or text: their marks are read to pick candidates
_NEAR_MIN_WORDS = 6  # paragraphs of fewer words are compared by character triples
# What a repeat must state exactly as the earlier paragraph: its numbers (digits with their separators),
# currency signs and percent signs, in order. `normalise` drops signs and reads `4.6` as `4 6`.
_FIGURE_MARKS = regex.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d+)*|[\p{Sc}%‰％]")
# ... and, for a near repeat, its capitalised words (names): `Acme` and `Globex` results are two claims.
_NAME_MARKS = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*")


# The whole-line patterns are `re` patterns through the pattern cache (`regexcache`): compiled once per
# machine, not at every start (the `regex` module compiles in Python, about 0.03 s for these). `claim`
# needs the `regex` module's `\p{...}` classes.
@dataclass(frozen=True, slots=True)
class _Rules:
    line: re.Pattern[str]
    credit: re.Pattern[str]
    tail: re.Pattern[str]
    phrase: re.Pattern[str] | None
    phrase_keywords: tuple[str, ...]
    claim: regex.Pattern[str]
    breadcrumb: re.Pattern[str]
    line_max: int
    credit_max: int
    breadcrumb_max: int


def _whole(patterns: list[str]) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns) or r"(?!)"
    return regexcache.compile(rf"{_DECOR_BEFORE}(?:{body}){_DECOR_AFTER}", re.IGNORECASE)


@cache
def _rules() -> _Rules:
    data = json.loads(resources.files("sora_meta.ingest").joinpath("data/furniture.json").read_text("utf-8"))
    limits = data["limits"]
    groups: dict[str, list[str]] = {
        "line": [],
        "credit": [],
        "tail": [],
        "phrase": [],
        "phrase_keywords": [],
        "claim": [],
    }
    for lang, table in data.items():
        if lang.startswith("_") or lang == "limits":
            continue
        for key, patterns in table.items():
            groups[key].extend(patterns)
    phrase = "|".join(f"(?:{p})" for p in groups["phrase"])
    return _Rules(
        line=_whole(groups["line"]),
        credit=_whole(groups["credit"]),
        tail=_whole(groups["tail"]),
        phrase=regexcache.compile(phrase, re.IGNORECASE) if phrase else None,
        phrase_keywords=tuple(k.lower() for k in groups["phrase_keywords"]),
        claim=regex.compile("|".join(f"(?:{p})" for p in groups["claim"]) or r"(?!)", regex.IGNORECASE),
        breadcrumb=regexcache.compile(rf"{_DECOR_BEFORE}(?:{_BREADCRUMB})[^\n]*", re.IGNORECASE),
        line_max=int(limits["line_max_chars"]),
        credit_max=int(limits["credit_max_chars"]),
        breadcrumb_max=int(limits["breadcrumb_max_chars"]),
    )


def split_paragraphs(text: str) -> list[Paragraph]:
    """One `Paragraph` per non-blank line: `text[p.start:p.end]` is the line without edge whitespace."""
    paragraphs: list[Paragraph] = []
    append = paragraphs.append
    strip = STRIP_CHARS
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        stripped = line.strip(strip)
        if stripped:
            start = pos + (n - len(line.lstrip(strip)))
            append(Paragraph(start, start + len(stripped)))
        pos += n + 1
    return paragraphs


def furniture_kind(line: str) -> str:
    """The furniture kind of a stripped line: `line`, `credit`, `breadcrumb`, `tail`, `phrase`, or ''."""
    return _furniture_kind(line, may_hold_phrase=True)


def _furniture_kind(line: str, *, may_hold_phrase: bool) -> str:
    """`furniture_kind`; `may_hold_phrase=False` when the line is known to hold no phrase keyword.

    A line that carries a claim (a figure: currency, percent, amount) is never furniture but for a
    recommendation header (`tail`): `Source: Nvidia said revenue rose 94%` is a sentence.
    """
    kind = _pattern_kind(line, may_hold_phrase=may_hold_phrase)
    if kind and kind != "tail" and carries_claim(line):
        return ""
    return kind


def carries_claim(line: str) -> bool:
    """Whether a line states a figure of its own (a currency or percent sign, an amount)."""
    return _rules().claim.search(line) is not None


# A sentence's end inside a line: a disclaimer phrase after one is inside a paragraph of content.
_INNER_SENTENCE_END = regex.compile(r"[.!?。！？](?:\s+|(?=[^\s.!?。！？\d\p{Pe}\p{Pf}\"'」』]))")


def _pattern_kind(line: str, *, may_hold_phrase: bool) -> str:
    rules = _rules()
    n = len(line)
    if n <= rules.line_max:
        if rules.tail.fullmatch(line):
            return "tail"
        if rules.line.fullmatch(line):
            return "line"
    if n <= rules.credit_max and rules.credit.fullmatch(line):
        return "credit"
    if n <= rules.breadcrumb_max and _BREADCRUMB_MARK.search(line) and rules.breadcrumb.fullmatch(line):
        return "breadcrumb"
    if may_hold_phrase and rules.phrase is not None:
        low = line.lower()
        m = rules.phrase.search(line) if any(map(low.__contains__, rules.phrase_keywords)) else None
        if m:
            # a disclaimer paragraph opens with its phrase: one later in a paragraph never drops it
            end = _INNER_SENTENCE_END.search(line, 0, m.start())
            return "" if end else "phrase"
    return ""


def is_tail(line: str) -> bool:
    """Whether a stripped line heads a recommendation list: `furniture_kind(line) == "tail"`, at less cost."""
    rules = _rules()
    return len(line) <= rules.line_max and rules.tail.fullmatch(line) is not None


def mark_furniture(text: str, paragraphs: list[Paragraph]) -> None:
    """Set `furniture` on page-furniture paragraphs, and on a recommendation list after its header."""
    lines = [text[p.start : p.end] for p in paragraphs]
    keyword_lines = _keyword_lines(lines)
    tail_at = -1
    body_before = False
    for i, (p, line) in enumerate(zip(paragraphs, lines, strict=True)):
        kind = _furniture_kind(line, may_hold_phrase=i in keyword_lines)
        if kind:
            p.furniture = True
            if kind == "tail" and tail_at < 0 and body_before:
                tail_at = i
        else:
            body_before = True
    if tail_at < 0:
        return
    rest = paragraphs[tail_at + 1 :]
    if all(p.furniture or _headline(text[p.start : p.end]) for p in rest):
        for p in rest:  # a list of headlines to the end: the block is furniture
            p.furniture = True
        return
    for p in rest:  # a header in mid-article: only the headlines right after it, never a sentence
        line = text[p.start : p.end]
        if not _headline(line) or carries_claim(line):
            break
        p.furniture = True


def _headline(line: str) -> bool:
    """Whether a line may be a headline of a list of links: short, and not ended as a sentence is."""
    return len(line) <= _TAIL_LIST_LINE and _SENTENCE_LAST.search(line) is None


# How a sentence ends (a headline does not): after a header in mid-article, such a line is content.
_SENTENCE_LAST = regex.compile(r"[.!。！]\W*$")


def _keyword_lines(lines: list[str]) -> set[int]:
    """Indices of the lines whose lowercase form may hold a phrase keyword (all that do, maybe a few more)."""
    found: set[int] = set()
    keywords = _rules().phrase_keywords
    if not keywords:
        return found
    # One search per keyword in the joined lines instead of one per line. ASCII lines are joined
    # apart: there a non-ASCII keyword is ruled out at once, and the search runs a byte per character.
    groups: tuple[list[int], list[int]] = ([], [])  # non-ASCII lines, ASCII lines
    for i, line in enumerate(lines):
        groups[line.isascii()].append(i)
    for group in filter(None, groups):
        # a paragraph holds no line break, nor does lowercasing make one: the row is the count of them
        joined = "\n".join([lines[i].lower() for i in group])
        for keyword in keywords:
            at = joined.find(keyword)
            row = counted = 0
            while at >= 0:  # a keyword across a line break adds a line too many, never misses one
                row += joined.count("\n", counted, at)
                counted = at
                found.add(group[row])
                at = joined.find(keyword, at + 1)
    return found


@cache
def _blanks() -> dict[int, str]:
    """Translation table: punctuation, symbols, separators, controls and `_` of the BMP become spaces."""
    return {c: " " for c in range(0x10000) if unicodedata.category(chr(c))[0] in "PSZC" or c == 0x5F}


@cache
def _words_re() -> re.Pattern[str]:
    """Runs of characters not in `_blanks`: on non-ASCII text a regex beats `str.translate` (no fast path)."""

    def build() -> str:
        ranges: list[list[int]] = []
        for c in sorted(_blanks()):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
        body = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
        return f"[^{body}]+"

    # A function of the Unicode database and this code: read back from the pattern cache by those, the
    # 65,536 characters are not looked up again at each start.
    inputs = f"words {unicodedata.unidata_version}\n{regexcache.source_fingerprint(__name__)}"
    return regexcache.compile_built(inputs, build)


@cache
def _ascii_blanks() -> bytes:
    """`_blanks` and `str.lower` for ASCII text as a `bytes.translate` table (a lookup per byte, in C)."""
    blank = [unicodedata.category(chr(c))[0] in "PSZC" or c == 0x5F for c in range(256)]  # as `_blanks`
    return bytes(0x20 if blank[c] else c + 0x20 if 0x41 <= c <= 0x5A else c for c in range(256))


def normalise(line: str) -> str:
    """A line's comparison form: NFKC, casefolded, punctuation/symbols/markup dropped, spaces collapsed."""
    # Both paths join with single spaces the runs of characters not in `_blanks`, which holds every
    # character `str.split` splits on. On ASCII the only blank left is the space: runs of them are
    # halved in C until single, which makes no string per word as `split` and `join` do.
    if line.isascii():
        folded = line.encode("ascii").translate(_ascii_blanks())
        while b"  " in folded:
            folded = folded.replace(b"  ", b" ")
        return folded.strip(b" ").decode("ascii")
    return " ".join(_words_re().findall(unicodedata.normalize("NFKC", line).casefold()))


def figure_marks(line: str) -> str:
    """The numbers, currency and percent signs of a line, in order (`$4.6 billion, 9%` → `$ 4.6 9 %`)."""
    return " ".join(_FIGURE_MARKS.findall(line)) if _HAS_MARK.search(line) else ""


_HAS_MARK = regex.compile(r"[\d\p{Sc}%‰％]")


def mark_duplicates(text: str, paragraphs: list[Paragraph]) -> None:
    """Set `duplicate` on a paragraph equal (or, when long, nearly equal) to an earlier one.

    A repeat states the same figures: its numbers, currency and percent signs are those of the earlier
    paragraph, in the same order (two quarters' results written alike are not repeats), and a near
    repeat also names the same capitalised words. Those marks are read only for a paragraph whose
    text shares its start or end with an earlier one. Each paragraph is compared with at most
    `_NEAR_CANDIDATES` earlier ones of the same marks, among at most `_NEAR_BUCKET` that share its
    start or end, and only up to `_NEAR_MAX_CHARS` characters: the cost is linear in the document.
    """
    seen: dict[str, list[_Earlier]] = {}
    by_prefix: dict[str, list[_Earlier]] = {}
    by_suffix: dict[str, list[_Earlier]] = {}
    for p in paragraphs:
        line = text[p.start : p.end]
        norm = normalise(line)
        # `norm` starts with no space: a first character that is no digit settles the second test
        if len(norm) < _DUP_MIN_CHARS or (norm[0].isdigit() and norm.replace(" ", "").isdigit()):
            continue
        same = seen.get(norm)
        # the same text states the same figures: marks are read only for lines written differently
        if same is not None and any(e.line == line for e in same):
            p.duplicate = True
            continue
        entry = _Earlier(norm, line)
        if same is not None:
            if any(e.figures() == entry.figures() for e in same):
                p.duplicate = True
                continue
            if len(same) < _NEAR_BUCKET:
                same.append(entry)
        else:
            seen[sys.intern(norm) if len(norm) < 64 else norm] = [entry]
        if not _NEAR_MIN_CHARS <= len(norm) <= _NEAR_MAX_CHARS:
            continue
        head, tail = norm[:_NEAR_KEY], norm[-_NEAR_KEY:]
        same_head, same_tail = by_prefix.setdefault(head, []), by_suffix.setdefault(tail, [])
        # most long lines share neither key with an earlier one: no candidates, no marks, no call
        if (same_head or same_tail) and _near(entry, same_head, same_tail):
            p.duplicate = True
        for group in (same_head, same_tail):
            if len(group) < _NEAR_BUCKET:
                group.append(entry)


class _Earlier:
    """A paragraph kept for repeat tests, with its marks and counts made once (on first use)."""

    __slots__ = ("_figures", "_marks", "chars", "line", "norm", "shingles")

    def __init__(self, norm: str, line: str) -> None:
        self.norm = norm
        self.line = line
        self.chars: Counter[str] | None = None
        self.shingles: Counter[str] | None = None
        self._figures: str | None = None
        self._marks: str | None = None

    def figures(self) -> str:
        """Its numbers, currency and percent signs (`figure_marks`)."""
        if self._figures is None:
            self._figures = figure_marks(self.line)
        return self._figures

    def marks(self) -> str:
        """What a near repeat must state as it does: its figures and its capitalised words."""
        if self._marks is None:
            self._marks = self.figures() + "\x00" + " ".join(_NAME_MARKS.findall(self.line))
        return self._marks


def _near(entry: _Earlier, *groups: Iterable[_Earlier]) -> bool:
    norm = entry.norm
    checked = 0
    counts: Counter[str] | None = None
    mine: Counter[str] | None = None
    for group in groups:
        for earlier in group:
            if checked >= _NEAR_CANDIDATES:
                return False
            if earlier.marks() != entry.marks():
                continue
            checked += 1
            if norm in earlier.norm:
                return True
            total = len(norm) + len(earlier.norm)
            if 2 * min(len(norm), len(earlier.norm)) < _QUICK_RATIO * total:  # lengths alike
                continue
            # characters in common (as multisets), counted in C by Counter
            counts = counts if counts is not None else Counter(norm)
            if earlier.chars is None:
                earlier.chars = Counter(earlier.norm)
            if 2 * (counts & earlier.chars).total() < _QUICK_RATIO * total:
                continue
            mine = mine if mine is not None else _shingles(norm)
            if earlier.shingles is None:
                earlier.shingles = _shingles(earlier.norm)
            theirs = earlier.shingles
            if 2 * (mine & theirs).total() >= _NEAR_RATIO * (mine.total() + theirs.total()):
                return True
    return False


def _shingles(norm: str) -> Counter[str]:
    """Word pairs of a paragraph (character triples for text written without spaces, such as Chinese).

    Two paragraphs are near repeats when most of their shingles are shared (Dice coefficient). Counted
    in C, this is linear in their length; difflib's matcher is quadratic (milliseconds per pair).
    """
    words = norm.split(" ")
    if len(words) >= _NEAR_MIN_WORDS:
        return Counter(map(" ".join, itertools.pairwise(words)))
    return Counter(map("".join, zip(norm, norm[1:], norm[2:], strict=False)))


def clean(text: str) -> list[Paragraph]:
    """Paragraphs of `text` with furniture and repeats marked."""
    paragraphs = split_paragraphs(text)
    mark_furniture(text, paragraphs)
    mark_duplicates(text, paragraphs)
    return paragraphs
