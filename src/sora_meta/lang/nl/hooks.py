"""Dutch hooks: compound number words, generated (`vijfentwintig`, `tweeëntwintig`, `tweehonderdvijftig`).

Dutch writes a number below a million as one word. `extend` adds every such word from 21 to 999 and the
thousands of 1 to 999 without a remainder (`tweeduizend`, `vijfhonderdduizend`) to `number_words`.
"""

from __future__ import annotations

from typing import Any

from sora_meta.lang.compound_numbers import add_number_words, compound_words

_UNITS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen"}
_SMALL = {
    10: "tien",
    11: "elf",
    12: "twaalf",
    13: "dertien",
    14: "veertien",
    15: "vijftien",
    16: "zestien",
    17: "zeventien",
    18: "achttien",
    19: "negentien",
}
_TENS = {
    2: "twintig",
    3: "dertig",
    4: "veertig",
    5: "vijftig",
    6: "zestig",
    7: "zeventig",
    8: "tachtig",
    9: "negentig",
}


def _below_hundred(n: int) -> str:
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _SMALL[n]
    tens, unit = divmod(n, 10)
    if not unit:
        return _TENS[tens]
    word = _UNITS[unit]
    return word + ("ën" if word.endswith("e") else "en") + _TENS[tens]


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    head = "" if not hundreds else ("honderd" if hundreds == 1 else _UNITS[hundreds] + "honderd")
    return head + (_below_hundred(rest) if rest else "")


def _compounds() -> dict[str, int]:
    return compound_words(lambda n: [_below_thousand(n)], "duizend")


_DAY_PARTS = ("ochtend", "morgen", "middag", "avond", "nacht")


def _weekday_parts(table: dict[str, Any]) -> None:
    """A weekday with a part of the day glued on (`maandagavond`) is that weekday (the time is dropped)."""
    weekdays = table["weekdays"]
    for name, wd in list(weekdays.items()):
        for part in _DAY_PARTS:
            weekdays.setdefault(name + part, wd)


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    if kind == "dates":
        _weekday_parts(table)
    return add_number_words(kind, table, _compounds)
