"""Chinese hooks: counted relative dates, generated (`3天前`, `两周后`, `三个月後`, `五年之后`).

`extend` adds to the `relative` table of dates every such form for small counts, written with digits or
Chinese numerals (simplified and traditional): a list a person could not keep complete. The counts stay
small (days up to 31, weeks up to 12, months up to 24, years up to 20); a longer numeral that ends in one of
them (`三十五天前`, `二〇二三年前`) is held back by the numerals in `relative_blockers`, and a run of digits
(`2015年后`) by the rule that a digit before a relative word blocks it. Weeks give a day, as days do.
`N日前` is left out: news writes it for a deadline (`本月10日前` = before the 10th), not for days ago.
"""

from __future__ import annotations

from typing import Any

from ..counted_dates import counted, with_counts

_DIGITS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}

# unit words after the count -> (unit of `relative`, largest count)
_UNITS: dict[str, tuple[str, int]] = {
    "天": ("day", 31),
    "周": ("week", 12),
    "週": ("week", 12),
    "星期": ("week", 12),
    "个星期": ("week", 12),
    "個星期": ("week", 12),
    "礼拜": ("week", 12),
    "禮拜": ("week", 12),
    "个礼拜": ("week", 12),
    "個禮拜": ("week", 12),
    "个月": ("month", 24),
    "個月": ("month", 24),
    "年": ("year", 20),
}
_SIGNS = {
    "前": -1,
    "之前": -1,
    "后": 1,
    "後": 1,
    "之后": 1,
    "之後": 1,
}


def _chinese(n: int) -> list[str]:
    """`n` (1–99) in Chinese numerals; 2 alone also as 两/兩."""
    if n < 10:
        return [_DIGITS[n], "两", "兩"] if n == 2 else [_DIGITS[n]]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return [head + (_DIGITS[ones] if ones else "")]


def _spellings(n: int) -> list[str]:
    return [str(n), *_chinese(n)]


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    return with_counts(kind, table, lambda: counted(_UNITS, _SIGNS, _spellings))
