"""Segment: sentences with character offsets, and the language of every paragraph and sentence.

A sentence never crosses a paragraph (a non-empty line). The rule is the language's
(`sentence_end` in `lang/<code>/text.json`): `latin` ends a sentence at `.`, `!` or `?`
(with any closing quotes) followed by space and a capital, digit or opening quote, except
after an abbreviation (`U.S.`, `Inc.`, `Rp.`) or an initial, and at `。！？`, the Arabic question
mark `؟` and the Devanagari danda `।`/`॥` anywhere;
`cjk` (Chinese) ends one at `。！？；` (and their ASCII forms, which CJK text often uses)
with any closing quotes. A language without tables gets `latin` with the common
abbreviations. A decimal point (`1.4`) never ends a sentence.
"""

from __future__ import annotations

import re
from functools import cache

from . import lang as languages
from .language import label_parts
from .models import Document, Sentence

_CLOSERS = "\"'”’»)]」』）》】"
# A CJK terminator ends a sentence wherever it stands, with any closing marks after it.
# `[x][x]*` rather than `[x]+`: a pattern that starts with a character set lets `re` skip in C to where
# a match can start (same matches).
_CJK_END = re.compile(rf"[。！？；!?;…][。！？；!?;…]*[{re.escape(_CLOSERS)}]*")
# A Latin terminator ends one only before space and a capital (checked in _latin_boundaries).
# No lookahead for the space: on a run of 200,000 dots a failing lookahead makes every start
# position rescan the run (quadratic); the space is checked in Python instead.
# One leading set for both kinds of terminator (an alternation of sets would make `re` try every
# position); the lookbehind keeps a run to the kind it started with.
_LATIN_END = re.compile(
    rf"[.!?…。！？؟।॥](?:(?<=[.!?…])[.!?…]*|(?<=[。！？؟।॥])[。！？؟।॥]*)[{re.escape(_CLOSERS)}]*"
)
# The same runs in text whose only terminator is the full stop (most paragraphs): a pattern that
# starts with a literal lets `re` jump from one "." to the next instead of testing every
# character against a set (about 2.5x faster).
_FULL_STOP_END = re.compile(rf"\.\.*[{re.escape(_CLOSERS)}]*")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_MAX_ABBREVIATION = 12
# Longer "sentences" (text without sentence punctuation) are cut at spaces into pieces this long.
MAX_SENTENCE_CHARS = 1000  # longer words before a dot are never abbreviations


@cache
def abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations that end with a full stop without ending a sentence in `lang` (its `text.json`)."""
    return frozenset(languages.table("text", lang)["abbreviations"])


@cache
def _cjk_sentences(lang: str) -> bool:
    """Whether `lang` ends sentences at CJK terminators wherever they stand (`sentence_end: cjk`)."""
    return languages.table("text", lang).get("sentence_end") == "cjk"


def _is_abbreviation(text: str, dot: int, lang: str) -> bool:
    """Whether the full stop at `text[dot]` closes an abbreviation or an initial."""
    # Only the word right before the dot matters: look at a short window, never the whole
    # text (a megabyte-long line with many dots would make this quadratic).
    match = _WORD_BEFORE.search(text, max(0, dot - _MAX_ABBREVIATION), dot)
    if not match:
        return False
    word = match.group(1).lstrip("(\"'“‘[").lower()
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "A. Rahman"
        return True
    return word in abbreviations(lang)


def _latin_boundaries(text: str, lang: str) -> list[int]:
    ends: list[int] = []
    # `in` finds a character in C, far cheaper than the set test `_LATIN_END` makes on every one.
    others = "!" in text or "?" in text or (not text.isascii() and any(c in text for c in "…。！？؟।॥"))
    for m in (_LATIN_END if others else _FULL_STOP_END).finditer(text):
        end = m.end()
        if text[m.start()] in "。！？؟।॥":
            ends.append(end)
            continue
        if end == len(text) or not text[end].isspace():
            continue
        following = _NEXT_CHAR.match(text, end)
        if not following or following.group(1).islower():
            continue
        if (
            text[m.start()] == "."
            and m.group().rstrip(_CLOSERS) == "."
            and _is_abbreviation(text, m.start(), lang)
        ):
            continue
        ends.append(end)
    return ends


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentences of one paragraph as (start, end) offsets into `text`, whitespace trimmed."""
    if _cjk_sentences(lang):
        ends = [m.end() for m in _CJK_END.finditer(text)]
    else:
        ends = _latin_boundaries(text, lang)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*ends, len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            s = start + (len(piece) - len(piece.lstrip()))
            if len(stripped) > MAX_SENTENCE_CHARS:
                spans.extend(_cut_long(text, s, s + len(stripped)))
            else:
                spans.append((s, s + len(stripped)))
        start = end
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run-on "sentence" (a page without punctuation) cut at spaces into pieces of bounded size.

    Every claim row repeats its sentence, so an unbounded one would make output grow with the
    square of a line's length.
    """
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = cut if cut > start else limit
        piece = text[start:cut].rstrip()
        if piece:
            pieces.append((start, start + len(piece)))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def segment(doc: Document, detector: str = "fasttext") -> Document:
    """Label the paragraphs' languages, set the document's language and shares, and split sentences."""
    paragraphs = doc.paragraphs
    counted = [p for p in paragraphs if not p.furniture and not p.duplicate] or paragraphs
    labels, main, shares = label_parts([doc.text[p.start : p.end] for p in counted], detector)
    by_id = {id(p): lang for p, lang in zip(counted, labels, strict=True)}
    doc.lang, doc.langs = main, shares
    sentences: list[Sentence] = []
    text = doc.text
    for index, para in enumerate(paragraphs):
        lang = para.lang = by_id.get(id(para), main)
        offset = para.start
        for start, end in split_sentences(text[offset : para.end], lang):
            sentences.append(Sentence(offset + start, offset + end, lang, index))
    doc.sentences = sentences
    return doc
