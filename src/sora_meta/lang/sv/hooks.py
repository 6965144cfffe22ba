"""Swedish hooks: compound number words, generated (`tjugofem`, `tvåhundrafemtio`, `tretusen`).

Swedish writes a number below a million as one word. `extend` adds every such word from 21 to 999 and
the thousands of 1 to 999 without a remainder (`tvåtusen`, `femhundratusen`) to `number_words`.
"""

from __future__ import annotations

from typing import Any

from sora_meta.lang.compound_numbers import add_number_words, compound_words

_UNITS = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio"}
_SMALL = {
    10: "tio",
    11: "elva",
    12: "tolv",
    13: "tretton",
    14: "fjorton",
    15: "femton",
    16: "sexton",
    17: "sjutton",
    18: "arton",
    19: "nitton",
}
_TENS = {
    2: "tjugo",
    3: "trettio",
    4: "fyrtio",
    5: "femtio",
    6: "sextio",
    7: "sjuttio",
    8: "åttio",
    9: "nittio",
}


def _below_hundred(n: int) -> list[str]:
    if n < 10:
        return [_UNITS[n]]
    if n < 20:
        return [_SMALL[n]]
    tens, unit = divmod(n, 10)
    if not unit:
        return [_TENS[tens]]
    if unit == 1:
        return [_TENS[tens] + "ett", _TENS[tens] + "en"]
    return [_TENS[tens] + _UNITS[unit]]


def _below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tails = _below_hundred(rest) if rest else [""]
    if not hundreds:
        return tails
    heads = ["hundra", "etthundra"] if hundreds == 1 else [_UNITS[hundreds] + "hundra"]
    return [h + t for h in heads for t in tails]


def _compounds() -> dict[str, int]:
    return compound_words(_below_thousand, "tusen")


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    return add_number_words(kind, table, _compounds)
