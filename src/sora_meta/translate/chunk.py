"""Cut a text into pieces a provider accepts, at sentence boundaries, and put the answers back together.

A text within the limit is one piece. A longer one is split with
`sora_meta.segment.split_sentences` and the sentences are packed greedily, in order, into
pieces within the limit; a single sentence that is still too long is cut at clause marks,
then at spaces, and as a last resort anywhere. The cut is deterministic, so the same text
gives the same pieces, and the cache (keyed by piece) serves a re-run whole.

Sizes must be additive (`size(a + b) == size(a) + size(b)`, true of characters, UTF-8
bytes and URL-encoded length), so each piece is measured once: linear time even for a
megabyte without a full stop.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..segment import split_sentences

_CLAUSE = re.compile(r"(?<=[,;:，；：、])")
_SPACE = re.compile(r"(?<=\s)")
_CJK = frozenset({"zh", "ja", "ko"})


def chunk(text: str, lang: str, limit: int, size: Callable[[str], int] = len) -> list[str]:
    """Pieces of `text`, in order, each within `limit` as measured by `size`."""
    text = text.strip()
    if not text:
        return []
    if size(text) <= limit:
        return [text]
    pieces: list[str] = []
    for start, end in _sentence_spans(text, lang):
        pieces.extend(_split_long(text[start:end], limit, size))
    return _pack(pieces, limit, size, "" if lang in _CJK else " ")


def join(pieces: list[str]) -> str:
    """The English translations of a text's pieces as one text."""
    return " ".join(p.strip() for p in pieces if p and p.strip())


def _sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        spans.extend((offset + s, offset + e) for s, e in split_sentences(line, lang))
        offset += len(line)
    return spans


def _split_long(sentence: str, limit: int, size: Callable[[str], int]) -> list[str]:
    if size(sentence) <= limit:
        return [sentence]
    for pattern in (_CLAUSE, _SPACE):
        parts = [p for p in pattern.split(sentence) if p.strip()]
        if len(parts) > 1:
            out: list[str] = []
            for part in parts:
                out.extend(_split_long(part, limit, size))
            return _pack(out, limit, size, "")
    return _hard_split(sentence, limit, size)


def _hard_split(text: str, limit: int, size: Callable[[str], int]) -> list[str]:
    out: list[str] = []
    start = used = 0
    for i, char in enumerate(text):
        n = size(char)
        if used and used + n > limit:
            out.append(text[start:i])
            start, used = i, 0
        used += n
    if start < len(text):
        out.append(text[start:])
    return out


def _pack(pieces: list[str], limit: int, size: Callable[[str], int], sep: str) -> list[str]:
    """Consecutive pieces joined while the result stays within the limit."""
    out: list[str] = []
    current: list[str] = []
    used = 0
    gap = size(sep) if sep else 0
    for piece in pieces:
        piece = piece.strip() if sep else piece
        if not piece.strip():
            continue
        n = size(piece)
        if current and used + gap + n > limit:
            out.append(sep.join(current).strip())
            current, used = [], 0
        used += (gap if current else 0) + n
        current.append(piece)
    if current and sep.join(current).strip():
        out.append(sep.join(current).strip())
    return out
