"""Vietnamese hooks: a month before a relative year word is no month of the publication's year.

`tháng 6 năm ngoái` is June of last year, but a digit before `năm ngoái` keeps that relative word from
being read, and a month alone (`vào tháng 6`) takes the publication's year: `extend` adds each month
form of `months` before each relative year word of `relative` to `not_dates`, so neither gives a wrong
value (a list of some hundred phrases a person could not keep complete).
"""

from __future__ import annotations

from typing import Any


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    if kind != "dates":
        return table
    years = [w for w, (unit, _) in table.get("relative", {}).items() if unit == "year" and " " in w]
    months = {m.lower() for m in table.get("months", {})}
    extra = [f"{m} {y}" for m in sorted(months) for y in sorted(years)]
    return {**table, "not_dates": [*table.get("not_dates", []), *extra]}
