"""Counted relative dates for languages that glue count, unit and direction (`3日前`, `两周后`, `3일 전`).

The shared `relative_counted` table reads a count only with a space before its unit; Chinese, Japanese
and Korean write `3天前` as one word. Their hooks generate every such form for small counts instead, a
list a person could not keep complete, and `with_counts` puts it under the `relative` table of dates
(entries the table writes itself win). Weeks give a day, seven each, as `in 3 days` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any


def counted(
    units: Mapping[str, tuple[str, int]],
    signs: Mapping[str, int],
    spellings: Callable[[int], Iterable[str]],
    gaps: Iterable[str] = ("",),
) -> dict[str, list[Any]]:
    """`relative` entries: unit word -> (unit, largest count), direction word -> sign, count -> its forms.

    `gaps` are what may stand between the unit and the direction word (`3일 전`, `3일전`).
    """
    out: dict[str, list[Any]] = {}
    gaps = tuple(gaps)
    for word, (unit, top) in units.items():
        for n in range(1, top + 1):
            for spelled in spellings(n):
                for sign_word, sign in signs.items():
                    k = sign * n * (7 if unit == "week" else 1)
                    for gap in gaps:
                        out[f"{spelled}{word}{gap}{sign_word}"] = ["day" if unit == "week" else unit, k]
    return out


def with_counts(
    kind: str, table: dict[str, Any], counts: Callable[[], dict[str, list[Any]]]
) -> dict[str, Any]:
    """The dates table with the generated `counts` added to `relative` (other tables unchanged)."""
    if kind != "dates":
        return table
    relative = counts()
    relative.update(table.get("relative", {}))
    return {**table, "relative": relative}
