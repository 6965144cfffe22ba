"""Decode: turn a file's bytes into text and name the encoding, or say why it cannot be done.

Order of tests: byte-order marks, the NUL pattern of BOM-less UTF-16/32, binary content,
strict UTF-8 (a multibyte character cut at the very end is replaced, not fatal), then
charset-normalizer. Nothing is decoded with a guess that charset-normalizer is not
confident about: such a file is an error, never silently garbled text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from sora_meta.models import Status

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.1

# Codec families: what charset-normalizer (or a <meta charset>) may call an encoding, and the
# Python codec that decodes the whole family (a superset, so nothing is lost).
_FAMILY = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "cp1252": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "utf-8",
    "utf_8": "utf-8",
    "shift_jis": "cp932",
    "cp932": "cp932",
    "euc_jp": "euc_jp",
    "euc_kr": "cp949",
    "cp949": "cp949",
}
# When charset-normalizer scores several encodings the same, the first of these wins.
_PREFERRED = ("utf-8", "cp1252", "gb18030", "big5", "cp932", "cp949")
# Single-byte Latin code pages: report cp1252 when it decodes the bytes to the same text.
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125[0-8]|iso8859_\d+|latin_\d|mac_\w+|cp8\d\d|cp437)$")
# DOS and Mac code pages: rare in news files, yet charset-normalizer picks them for short
# Windows-encoded text (`Café` as cp775). A Windows page that reads as text wins over them.
_DOS_OR_MAC = re.compile(r"^(cp437|cp7\d\d|cp8\d\d|mac_\w+)$")
_TIE = 1e-6
# Western and Central/Eastern European Windows code pages, most common first: a short text in
# one of them often gets a DOS or Mac code page from charset-normalizer (`Café` as cp775).
_LATIN_CANDIDATES = ("cp1252", "cp1250", "cp1257", "cp1254")
# Non-letters that legacy Latin text really contains.
_LATIN_PUNCTUATION = frozenset("–—‘’‚“”„…•·°±×÷€£¥¢§©®™«»¿¡¼½¾ªº\u00a0")

TRUNCATED_UTF8 = "truncated UTF-8 character at end of file replaced"


@dataclass(frozen=True, slots=True)
class Decoded:
    """The outcome of decoding: text and encoding, or a status and reason saying why not."""

    text: str
    encoding: str
    status: Status = Status.OK
    reason: str = ""


def normalise_newlines(text: str) -> str:
    """Replace `\\r\\n` and lone `\\r` with `\\n`: every offset refers to the result."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def codec_name(name: str) -> str:
    """The Python codec that decodes the encoding family `name` (`GBK` → `gb18030`)."""
    try:
        canonical = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return ""
    return _FAMILY.get(canonical, canonical.replace("_", "-") if canonical.startswith("utf") else canonical)


def decode_bytes(data: bytes, declared: str = "") -> Decoded:
    """Decode a file's bytes; `declared` is an encoding the file names itself (HTML `<meta charset>`)."""
    if not data:
        return Decoded("", "", Status.EMPTY, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    sample = data[:_SAMPLE]
    if b"\x00" in sample or b"\x00" in data:
        wide = _utf16_or_32(sample)
        if wide:
            return _strict(data, wide)
        return Decoded("", "", Status.SKIPPED, "binary file (NUL bytes)")
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        return Decoded("", "", Status.SKIPPED, "binary file (control bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data) and len(data) - exc.start < 4:
            return Decoded(data.decode("utf-8", errors="replace"), "utf-8", Status.OK, TRUNCATED_UTF8)
    if declared:
        codec = codec_name(declared)
        if codec and codec != "utf-8":
            try:
                return Decoded(data.decode(codec), codec)
            except (UnicodeDecodeError, LookupError):
                pass
    return _detect(data)


def _strict(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        return Decoded("", encoding, Status.ERROR, f"cannot decode as {encoding} at byte {exc.start}")


def _utf16_or_32(sample: bytes) -> str:
    """`utf-16-le`/`-be` or `utf-32-le`/`-be` when NULs fall where wide-encoded text puts them."""
    n = len(sample) - len(sample) % 4
    if n < 4:
        n = len(sample) - len(sample) % 2
        if n < 2:
            return ""
    sample = sample[:n]
    even = sample[0::2].count(0) / (n / 2)
    odd = sample[1::2].count(0) / (n / 2)
    if n % 4 == 0:
        quads = [sample[i::4].count(0) / (n / 4) for i in range(4)]
        if quads[2] > 0.9 and quads[3] > 0.9 and quads[0] < 0.5:
            return _try_wide(sample, "utf-32-le")
        if quads[0] > 0.9 and quads[1] > 0.9 and quads[3] < 0.5:
            return _try_wide(sample, "utf-32-be")
    if odd > 0.3 and even < 0.05:
        return _try_wide(sample, "utf-16-le")
    if even > 0.3 and odd < 0.05:
        return _try_wide(sample, "utf-16-be")
    return ""


def _try_wide(sample: bytes, encoding: str) -> str:
    text = sample.decode(encoding, errors="replace")
    bad = text.count("\ufffd") + len(_CONTROL.findall(text.encode("utf-8", errors="replace")))
    return encoding if bad <= 0.02 * max(len(text), 1) + 1 else ""


def _detect(data: bytes) -> Decoded:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        return Decoded("", "", Status.ERROR, "cannot determine text encoding")
    ties = [
        r for r in results if abs(r.chaos - best.chaos) < _TIE and abs(r.coherence - best.coherence) < _TIE
    ]
    codecs_found = [codec_name(r.encoding) for r in ties] or [codec_name(best.encoding)]
    chosen = next((c for c in _PREFERRED if c in codecs_found), codecs_found[0])
    if not chosen:
        return Decoded("", "", Status.ERROR, "cannot determine text encoding")
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError):
        return Decoded("", "", Status.ERROR, "cannot determine text encoding")
    if _DOS_OR_MAC.match(chosen):
        chosen, text = _best_latin(data, chosen, text)
    elif chosen != "cp1252" and _LATIN_SINGLE_BYTE.match(chosen):
        try:
            if data.decode("cp1252") == text:
                chosen = "cp1252"
        except UnicodeDecodeError:
            pass
    return Decoded(text, chosen)


def _latin_score(text: str) -> float:
    """Share of non-ASCII characters that are letters or punctuation legacy Latin text uses."""
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return 1.0
    return sum(ch.isalpha() or ch in _LATIN_PUNCTUATION for ch in high) / len(high)


def _best_latin(data: bytes, chosen: str, text: str) -> tuple[str, str]:
    """Among the Windows Latin code pages and `chosen`, the decoding whose non-ASCII reads as text."""
    best = (_latin_score(text), -len(_LATIN_CANDIDATES), chosen, text)
    for rank, codec in enumerate(_LATIN_CANDIDATES):
        try:
            candidate = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # Ties go to the earlier (more common) code page, and any Windows page beats `chosen`.
        best = max(best, (_latin_score(candidate), -rank, codec, candidate), key=lambda b: (b[0], b[1]))
    return best[2], best[3]
