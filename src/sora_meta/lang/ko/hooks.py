"""Korean hooks: counted relative dates, generated (`3일 전`, `7일전`, `2주 전`, `3개월 후`, `2년 뒤`).

`extend` adds to the `relative` table of dates every such form for small counts written with digits,
with and without the space before `전`/`후`/`뒤`: a list a person could not keep complete (the shared
`relative_counted` reads a count only with a space before its unit, and Korean glues them). Weeks give
a day, as `in 3 days` does. The counts stay small (days up to 31, weeks and months up to 12, years up
to 10) so that a two-digit year (`24년 전망`) is never one; the words glued to `전`, `후`, `뒤` that
make another word (`전했다`, `전망`, `후보`, `뒤늦게`) are in `not_dates`.
"""

from __future__ import annotations

from typing import Any

# unit word after the count -> (unit of `relative`, days in one (0: the unit itself), largest count)
_UNITS: dict[str, tuple[str, int, int]] = {
    "일": ("day", 1, 31),
    "주": ("day", 7, 12),
    "주일": ("day", 7, 12),
    "개월": ("month", 0, 12),
    "달": ("month", 0, 12),
    "년": ("year", 0, 10),
}
_SIGNS = {"전": -1, "후": 1, "뒤": 1}


def _relative_counts() -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for word, (unit, days, top) in _UNITS.items():
        for n in range(1, top + 1):
            for sign_word, sign in _SIGNS.items():
                k = sign * n * (days or 1)
                for gap in (" ", ""):
                    out[f"{n}{word}{gap}{sign_word}"] = [unit, k]
    return out


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    if kind == "dates":
        rel = _relative_counts()
        rel.update(table.get("relative", {}))
        table = {**table, "relative": rel}
    return table
