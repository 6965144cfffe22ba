"""Segment: sentences with character offsets, and the language of every paragraph and sentence.

A sentence never crosses a paragraph (a non-empty line). Latin-script languages end a
sentence at `.`, `!` or `?` (with any closing quotes) followed by space and a capital,
digit or opening quote, except after an abbreviation (`U.S.`, `Inc.`, `Rp.`) or an
initial; Chinese and Japanese end one at `。！？；` (and their ASCII forms, which CJK
text often uses) with any closing quotes. A decimal point (`1.4`) never ends a sentence.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

from .language import label_parts
from .models import Document, Sentence

_CJK_LANGS = frozenset({"zh", "ja", "ko"})
_CLOSERS = "\"'”’»)]」』）》】"
# A CJK terminator ends a sentence wherever it stands, with any closing marks after it.
_CJK_END = re.compile(rf"[。！？；!?;…]+[{re.escape(_CLOSERS)}]*")
# A Latin terminator ends one only before space (checked further in _latin_boundaries).
_LATIN_END = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)|[。！？]+[{re.escape(_CLOSERS)}]*")
_WORD_BEFORE = re.compile(r"(\S+)$")


@cache
def abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations that end with a full stop without ending a sentence in `lang`."""
    data = json.loads(files("sora_meta").joinpath("data/abbreviations.json").read_text(encoding="utf-8"))
    return frozenset(data["common"]) | frozenset(data.get(lang, ()))


def _is_abbreviation(text: str, dot: int, lang: str) -> bool:
    """Whether the full stop at `text[dot]` closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, 0, dot)
    if not match:
        return False
    word = match.group(1).lstrip("(\"'“‘[").lower()
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "A. Rahman"
        return True
    return word in abbreviations(lang)


def _latin_boundaries(text: str, lang: str) -> list[int]:
    ends: list[int] = []
    for m in _LATIN_END.finditer(text):
        end = m.end()
        if text[m.start()] in "。！？":
            ends.append(end)
            continue
        rest = text[end:].lstrip()
        if not rest:
            continue
        nxt = rest[0]
        if nxt.islower():
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
    ends = [m.end() for m in _CJK_END.finditer(text)] if lang in _CJK_LANGS else _latin_boundaries(text, lang)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*ends, len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            s = start + (len(piece) - len(piece.lstrip()))
            spans.append((s, s + len(stripped)))
        start = end
    return spans


def segment(doc: Document, detector: str = "fasttext") -> Document:
    """Label the paragraphs' languages, set the document's language and shares, and split sentences."""
    paragraphs = doc.paragraphs
    counted = [p for p in paragraphs if not p.furniture and not p.duplicate] or paragraphs
    labels, main, shares = label_parts([doc.text[p.start : p.end] for p in counted], detector)
    by_id = {id(p): lang for p, lang in zip(counted, labels, strict=True)}
    doc.lang, doc.langs = main, shares
    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs):
        para.lang = by_id.get(id(para), main)
        for start, end in split_sentences(doc.text[para.start : para.end], para.lang):
            sentences.append(Sentence(para.start + start, para.start + end, para.lang, index))
    doc.sentences = sentences
    return doc
