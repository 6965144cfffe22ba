"""Japanese hooks: counted relative dates, generated (`3日前`, `2週間前`, `3カ月後`, `5年前`, `三日前`).

`extend` adds to the `relative` table of dates every such form for small counts, written with digits
or kanji numerals: a list a person could not keep complete. The counts stay small (days up to 31,
weeks and months up to 12, years up to 10) so that a two-digit year (`24年前半`) is never one, and the
words written right after them that make another word (`前場`, `前後`, `後場`) are in `not_dates`.
"""

from __future__ import annotations

from typing import Any

from ..counted_dates import counted, with_counts

_KANJI = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}

# unit word after the count -> (unit of `relative`, largest count)
_UNITS: dict[str, tuple[str, int]] = {
    "日": ("day", 31),
    "週間": ("week", 12),
    "週": ("week", 12),
    "カ月": ("month", 12),
    "か月": ("month", 12),
    "ヶ月": ("month", 12),
    "ヵ月": ("month", 12),
    "ケ月": ("month", 12),
    "年": ("year", 10),
}
_SIGNS = {"前": -1, "後": 1}


def _spellings(n: int) -> list[str]:
    out = [str(n)]
    if n <= 10:
        out.append(_KANJI[n])
    elif n < 20:
        out.append("十" + _KANJI[n - 10])
    return out


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    return with_counts(kind, table, lambda: counted(_UNITS, _SIGNS, _spellings))
