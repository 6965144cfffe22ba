"""Numerals per language: digit grouping and decimal marks, number words and Chinese numerals.

The knowledge (which mark is decimal, which words are numbers) lives in the language tables
`lang/<code>/figures.json`, composed with `lang/_base/figures.json`. A language without a
folder gets the language-neutral base alone: no number words, and no decimal mark (below).

Digit strings follow one documented rule (`parse_number`):

- when both `.` and `,` occur, the one that occurs last is the decimal mark
  (`1,234.5` and `1.234,5` both read 1234.5, whatever the language);
- when only the language's grouping mark occurs, it groups if every group after the
  first has exactly three digits (`1.000` in `id`, `1,000` in `en`); a single mark
  followed by 1–2 or 4+ digits is a decimal mark written the other way
  (`US$1.5 billion` inside Indonesian text, `1,5` inside English text);
- when only the language's decimal mark occurs once, it is the decimal mark
  (`34,57` in `id`, `1.5` in `en`); repeated, it groups when the groups are valid
  (`1,234,567` inside Indonesian text);
- the Indian grouping reads too (`12,34,567.89`: one or two digits, pairs, then three);
- anything else (`1.2.3`, `1,23,4`) is not a number.

A language without tables has no decimal mark: a single mark followed by exactly three digits
(`10.000`, `1,500`) is ten thousand or ten as the language writes it, and gives None; the other
forms read the same in every convention (`1.234,5`, `1.000.000`, `23,7`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sora_meta import lang as languages

__all__ = [
    "language_table",
    "normalize_digits",
    "parse_chinese_numeral",
    "parse_number",
    "parse_number_words",
]


def _table_lang(lang: str) -> str:
    """The folder of a language tag's tables (`zh-TW` → `zh`), `` for a language without one."""
    return languages.table_code(lang)


def language_table(lang: str) -> Mapping[str, Any]:
    """The figure table of a language (`lang/<code>/figures.json` composed with `lang/_base/`'s).

    A language without tables gets the language-neutral base alone: no words and no `number_format`.
    """
    return languages.table("figures", lang)


def normalize_digits(s: str) -> str:
    """Replace every Unicode decimal digit (full-width `１２３`, Arabic-Indic, …) by its ASCII digit."""
    if s.isascii():
        return s
    out = []
    for ch in s:
        if ch.isdecimal():
            try:
                out.append(str(unicodedata.decimal(ch)))
                continue
            except ValueError:
                pass
        out.append({"．": ".", "，": ","}.get(ch, ch))
    return "".join(out)


_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}


def _has_ascii_digit(s: str) -> bool:
    """Whether `s` holds a digit 0-9: ten substring tests in C, several times faster than a regex scan.

    For an ASCII `s` (`str.isascii` costs nothing) this says whether `\\d` can match anywhere in it.
    """
    return (
        "0" in s
        or "1" in s
        or "2" in s
        or "3" in s
        or "4" in s
        or "5" in s
        or "6" in s
        or "7" in s
        or "8" in s
        or "9" in s
    )


def _valid_groups(parts: Sequence[str]) -> bool:
    """Groups of three (`1,234,567`), or the Indian lakh and crore groups (`12,34,567`: twos, then three)."""
    if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return True
    return (
        len(parts) >= 3
        and 1 <= len(parts[0]) <= 2
        and all(len(p) == 2 for p in parts[1:-1])
        and len(parts[-1]) == 3
    )


# A power of a number (`10^12`, `2**64`) or a number in scientific notation (`5×10^9`, `1.5 x 10^-3`).
_POWER = re.compile(r"(?P<m>.+?)(?:[ ]?[×xX·*][ ]?(?P<b>10))?(?:\^|\*\*)(?P<e>[+-]?\d+)")
_MAX_EXPONENT_DIGITS = 6  # past this `int()` may refuse the digits; the power over- or underflows anyway


def _power(s: str, lang: str) -> float | None:
    """The value of `s` if it is a power or scientific notation (`inf`/`nan` if no float holds it)."""
    m = _POWER.fullmatch(s)
    if m is None:
        return None
    mantissa = parse_number(m.group("m"), lang)
    if mantissa is None:
        return None
    digits = m.group("e").lstrip("+-")
    negative = m.group("e").startswith("-")
    exponent = int(digits) if len(digits) <= _MAX_EXPONENT_DIGITS else 10**_MAX_EXPONENT_DIGITS
    exponent = -exponent if negative else exponent
    base, factor = (10.0, mantissa) if m.group("b") else (mantissa, 1.0)
    try:
        value = factor * base**exponent
    except OverflowError:
        return math.inf
    except ZeroDivisionError:
        return None  # 0^-1
    if value == 0.0 and factor != 0.0 and base != 0.0:
        return math.nan  # 10^-400 is not zero, but no float is nearer
    return value


def parse_number(s: str, lang: str = "en") -> float | None:
    """Parse a digit string written by `lang`'s conventions (`1.234,5` in `id`); None if not a number.

    Powers (`10^12`, `2**64`) and scientific notation (`5×10^9`) are read too. A number too large for a
    float is `inf` (`float()` gives that for 400 nines too) and a non-zero one too small for it is `nan`:
    a value the text does not state is never returned for them.
    """
    if s.isascii() and s.isdigit():
        return float(s)  # plain ASCII digits (most numbers): no mark to read, whatever the language
    if "^" in s or "**" in s:
        return _power(s, lang)
    if s[-1:] in _VULGAR and len(s) > 1:  # 1½ billion
        whole = parse_number(s[:-1], lang)
        return None if whole is None else whole + _VULGAR[s[-1]]
    s = normalize_digits(s).replace("\u00a0", "").replace("\u202f", "").replace("'", "").replace("’", "")
    if (
        not s
        or not s[0].isdecimal()
        or not s[-1].isdecimal()
        or not all(c.isdecimal() or c in ".," for c in s)
    ):
        return None
    fmt = language_table(lang).get("number_format")
    group = fmt["group"] if fmt else ""  # no format: a language without tables
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        intpart, _, frac = s.rpartition(dec)
        if dec in intpart or grp in frac or not _valid_groups(intpart.split(grp)):
            return None
        return float(intpart.replace(grp, "") + "." + frac)
    if not has_dot and not has_comma:
        return float(s)
    mark = "." if has_dot else ","
    parts = s.split(mark)
    if fmt is None and len(parts) == 2 and len(parts[1]) == 3 and _valid_groups(parts):
        return None  # `10.000` is ten thousand or ten as the language writes it: unknown without its tables
    if mark == group:
        if len(parts) > 2 or len(parts[1]) == 3:
            return float("".join(parts)) if _valid_groups(parts) else None
        return float(parts[0] + "." + parts[1])
    # the language's own decimal mark (or, without tables, any mark the rule above leaves)
    if len(parts) == 2:
        return float(parts[0] + "." + parts[1])
    return float("".join(parts)) if _valid_groups(parts) else None


def parse_chinese_numeral(s: str, lang: str = "zh") -> float | None:
    """Parse a Chinese numeral, digits allowed: `三十亿`, `两千`, `3.5万亿`, `一万五千`; None if invalid.

    `lang`'s `chinese_numerals` table is used (Japanese `三兆五千億`, Korean `3조5천억`), else Chinese's.
    """
    cn = language_table(lang).get("chinese_numerals") or language_table("zh")["chinese_numerals"]
    digits: Mapping[str, float] = cn["digits"]
    units: Mapping[str, float] = cn["units"]
    big: Mapping[str, float] = cn["big_units"]
    points: str = cn.get("decimal_point", "点") + "".join(cn.get("other_decimal_points", ()))
    s = normalize_digits(s.strip()).replace(" ", "")  # Korean writes sections apart: `1억 2천만`
    if not s:
        return None
    total = 0.0  # completed part above the last 亿
    section = 0.0  # completed part below it
    top = 0.0  # the largest section unit so far (3兆5千億: 億 after 兆 adds, 3万亿: 亿 after 万 multiplies)
    number: float | None = None  # pending digit value
    i, n = 0, len(s)
    seen = False
    while i < n:
        ch = s[i]
        if ch.isdecimal():
            j = i
            while j < n and (s[j].isdecimal() or (s[j] in ".," and j + 1 < n and s[j + 1].isdecimal())):
                j += 1
            value = parse_number(s[i:j], lang)
            if value is None:
                return None
            number, i, seen = value, j, True
            continue
        if ch in digits:
            if ch in "零〇" and number is None and seen:
                i += 1  # 一百零五: 零 only marks a gap
                continue
            if number is not None:
                return None  # 二三十: "twenty or thirty", no one number
            number = float(digits[ch])
            seen = True
        elif ch in points and (number is not None or section):
            j = i + 1
            frac = ""
            while j < n and s[j] in digits:
                frac += str(int(digits[s[j]]))
                j += 1
            if not frac:
                return None
            if number is None:  # 一百二十点五: the point follows a unit
                number, section = section, 0.0
            number = float(f"{int(number)}.{frac}")
            i = j
            continue
        elif ch in units:
            section += (number if number is not None else 1.0) * units[ch]
            number, seen = None, True
        elif ch in big:
            unit = big[ch]
            if unit >= 1e8 and total and unit < top:
                part = section + (number or 0.0)
                total += (part or 1.0) * unit  # 三兆五千億: a lower section after a higher one
                section = 0.0
            elif unit >= 1e8:
                total = (total + section + (number or 0.0)) * unit
                section = 0.0
                if total == 0:
                    total = unit
                top = max(top, unit)
            else:
                section = (section + (number or 0.0)) * unit
                if section == 0:
                    section = unit
            number, seen = None, True
        else:
            return None
        i += 1
    if not seen:
        return None
    return total + section + (number or 0.0)


@lru_cache(maxsize=16)
def _word_maps(
    lang: str,
) -> tuple[dict[str, float], dict[str, float], dict[str, float], frozenset[str]]:
    table = language_table(lang)
    words = {k.lower(): float(v) for k, v in table.get("number_words", {}).items()}
    mults = {k.lower(): float(v) for k, v in table.get("number_multipliers", {}).items()}
    mags: dict[str, float] = {}
    for k, v in table.get("magnitudes", {}).items():
        mags[k.lower()] = float(v["value"] if isinstance(v, dict) else v)
    articles = frozenset(a.lower() for a in table.get("number_articles", []))
    return words, mults, mags, articles


@lru_cache(maxsize=4096)  # the same few words over and over
def parse_number_words(s: str, lang: str = "en") -> float | None:
    """Parse spelled-out numbers: `ten billion`, `two hundred fifty`, `dua puluh lima`, `a dozen`."""
    words, mults, mags, articles = _word_maps(lang)
    tokens = [t for t in s.lower().replace("-", " ").replace("\u00a0", " ").split(" ") if t and t != "and"]
    if not tokens:
        return None
    total = section = 0.0
    number: float | None = None
    i = 0
    seen = False
    while i < len(tokens):
        # longest multi-word key first (`dua belas`)
        for width in (3, 2, 1):
            key = " ".join(tokens[i : i + width])
            if width > 1 and i + width > len(tokens):
                continue
            if key in words:
                number = (number or 0.0) + words[key]
                break
            if width == 1 and key in articles:
                # an article before a number word is no one (`un veinte por ciento` = 20, not 21)
                if i + 1 < len(tokens) and (
                    tokens[i + 1] in words or " ".join(tokens[i + 1 : i + 3]) in words
                ):
                    break
                number = (number or 0.0) + 1.0
                break
            if width == 1 and key in mults:
                section += (number if number is not None else 1.0) * mults[key]
                number = None
                break
            if width == 1 and key in mags:
                total += (section + (number if number is not None else (0.0 if section else 1.0))) * mags[key]
                section, number = 0.0, None
                break
        else:
            return None
        seen = True
        i += width
    if not seen:
        return None
    return total + section + (number or 0.0)
