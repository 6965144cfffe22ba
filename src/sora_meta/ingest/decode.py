"""Decode: turn a file's bytes into text and name the encoding, or say why it cannot be done.

Order of tests: byte-order marks, BOM-less UTF-16/32 (the NUL pattern of mostly-Latin text, or a
strict decoding whose characters are those East Asian text uses), NUL bytes in text otherwise
(removed, and said so in the reason), binary content, strict UTF-8 (a multibyte character cut at
the very end is replaced, not fatal), then charset-normalizer. Nothing is decoded with a guess
that charset-normalizer is not confident about: such a file is an error, never garbled text.
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
# Control bytes no text file holds (tab, line breaks, form feed and escape excepted)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


def _controls(data: bytes) -> int:
    """How many bytes of `data` are controls (`_CONTROL_BYTES`), counted in one pass in C."""
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


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

# BOM-less UTF-16 of East Asian text has NULs only where a character is ASCII (digits, line
# breaks) or ends in 00 (一, U+3000): too few for the Latin pattern. It is recognised by a strict
# decoding whose non-ASCII characters a national character set holds: real Chinese, Japanese or
# Korean text is ~100% in GB2312, JIS X 0208, Big5 or KS X 1001 (all common characters), while
# legacy bytes (GB18030, Big5, Shift_JIS) or binary read as UTF-16 give lone surrogates, private-use
# code points and rare ideographs (at most ~60% in Big5, the widest of them).
_WIDE_SAMPLE = 65536
_EAST_ASIAN_SETS = ("gb2312", "shift_jis", "big5", "euc_kr")
_MIN_EAST_ASIAN_SHARE = 0.9
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# A text file with a stray NUL (a bad byte, zero padding after a crash) has few runs of NULs and no
# other control bytes; a binary file has NULs all over and control bytes besides.
_NUL_RUN = re.compile(rb"\x00+")
_MAX_NUL_RUNS = 8
_NUL_RUNS_PER_BYTE = 1 / 2048
_MAX_CONTROL_SHARE_WITH_NUL = 0.01


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
            return _without_nul(_strict(data, encoding))
    if b"\x00" in data:
        wide = _utf16_or_32(data[:_SAMPLE]) or _east_asian_utf16(data)
        if wide:
            return _without_nul(_strict(data, wide))
        return _nul_removed(data, declared)
    return _decode_plain(data, declared)


def _decode_plain(data: bytes, declared: str) -> Decoded:
    """Bytes without NULs or a BOM: binary, UTF-8, the declared charset, or charset-normalizer's guess."""
    sample = data[:_SAMPLE]
    if _controls(sample) > _MAX_CONTROL_SHARE * len(sample):
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


def _nul_removed(data: bytes, declared: str) -> Decoded:
    """Text with stray NUL bytes: decoded without them (the reason counts them); else binary."""
    binary = Decoded("", "", Status.SKIPPED, "binary file (NUL bytes)")
    runs = sum(1 for _ in _NUL_RUN.finditer(data))
    if runs > max(_MAX_NUL_RUNS, len(data) * _NUL_RUNS_PER_BYTE):
        return binary
    rest = data.replace(b"\x00", b"")
    sample = rest[:_SAMPLE]
    if not rest.strip() or _controls(sample) > _MAX_CONTROL_SHARE_WITH_NUL * len(sample):
        return binary
    decoded = _decode_plain(rest, declared)
    if decoded.status is not Status.OK:
        return binary
    return _with_reason(decoded, _nul_reason(len(data) - len(rest)))


def _nul_reason(count: int) -> str:
    return f"{count} NUL byte{'s' if count != 1 else ''} removed"


def _with_reason(decoded: Decoded, reason: str) -> Decoded:
    joined = f"{decoded.reason}; {reason}" if decoded.reason else reason
    return Decoded(decoded.text, decoded.encoding, decoded.status, joined)


def _without_nul(decoded: Decoded) -> Decoded:
    """A wide or BOM-marked decoding without its U+0000 characters (removed, as NUL bytes are)."""
    if "\x00" not in decoded.text:
        return decoded
    count = decoded.text.count("\x00")
    text = decoded.text.replace("\x00", "")
    return _with_reason(Decoded(text, decoded.encoding, decoded.status, decoded.reason), _nul_reason(count))


def _east_asian_utf16(data: bytes) -> str:
    """`utf-16-le`/`-be` when the bytes decode strictly to characters East Asian text uses."""
    if len(data) % 2:
        return ""
    best, best_share = "", _MIN_EAST_ASIAN_SHARE
    for encoding in ("utf-16-le", "utf-16-be"):
        try:  # incremental: the sample may end inside a surrogate pair
            text = codecs.getincrementaldecoder(encoding)().decode(data[:_WIDE_SAMPLE], final=False)
        except UnicodeDecodeError:
            continue
        share = _east_asian_share(text)
        if share > best_share:
            best, best_share = encoding, share
    if best:  # charset-normalizer's language model must agree (it tells GB18030 + a NUL from Hangul)
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None or codec_name(guess.encoding) != best:
            return ""
    return best


def _east_asian_share(text: str) -> float:
    """Share of the non-ASCII characters that the national character set suiting them best holds."""
    if not text or len(_TEXT_CONTROL.findall(text)) > 0.01 * len(text):
        return 0.0
    wide = len(text) - len(text.encode("ascii", errors="ignore"))
    if not wide:
        return 0.0
    questions = text.count("?")
    missing = min(text.encode(name, errors="replace").count(b"?") - questions for name in _EAST_ASIAN_SETS)
    return 1 - missing / wide


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
    bad = text.count("\ufffd") + _controls(text.encode("utf-8", errors="replace"))
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
