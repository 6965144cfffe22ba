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

from ..counted_dates import counted, with_counts

# unit word after the count -> (unit of `relative`, largest count)
_UNITS: dict[str, tuple[str, int]] = {
    "일": ("day", 31),
    "주": ("week", 12),
    "주일": ("week", 12),
    "개월": ("month", 12),
    "달": ("month", 12),
    "년": ("year", 10),
}
_SIGNS = {"전": -1, "후": 1, "뒤": 1}


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    return with_counts(kind, table, lambda: counted(_UNITS, _SIGNS, lambda n: [str(n)], gaps=(" ", "")))
