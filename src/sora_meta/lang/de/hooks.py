"""German hooks: compound number words, generated (`zweihundertfünfzig`, `fünfundzwanzig`, `dreitausend`).

German writes a number below a million as one word. `extend` adds every such word from 21 to 999 and
the thousands of 1 to 999 without a remainder (`zweitausend`, `zweihundertfünfzigtausend`) to
`number_words`: a list a person could not keep complete, which the figure reader then takes as it
takes `zwei`.
"""

from __future__ import annotations

from typing import Any

from sora_meta.lang.compound_numbers import add_number_words, compound_words

_UNITS = {1: "ein", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun"}
_TEENS = {
    10: "zehn",
    11: "elf",
    12: "zwölf",
    13: "dreizehn",
    14: "vierzehn",
    15: "fünfzehn",
    16: "sechzehn",
    17: "siebzehn",
    18: "achtzehn",
    19: "neunzehn",
}
_TENS = {
    2: "zwanzig",
    3: "dreißig",
    4: "vierzig",
    5: "fünfzig",
    6: "sechzig",
    7: "siebzig",
    8: "achtzig",
    9: "neunzig",
}


def _below_hundred(n: int) -> str:
    if n < 10:
        return "eins" if n == 1 else _UNITS[n]
    if n < 20:
        return _TEENS[n]
    tens, unit = divmod(n, 10)
    return (f"{_UNITS[unit]}und" if unit else "") + _TENS[tens]


def _below_thousand(n: int) -> list[str]:
    """The spellings of 1–999 (`hundert` and `einhundert` both)."""
    hundreds, rest = divmod(n, 100)
    tail = _below_hundred(rest) if rest else ""
    if not hundreds:
        return [tail]
    heads = ["hundert", "einhundert"] if hundreds == 1 else [_UNITS[hundreds] + "hundert"]
    return [head + tail for head in heads]


def _compounds() -> dict[str, int]:
    # eintausend, einundzwanzigtausend
    return compound_words(
        _below_thousand, "tausend", thousands_from=1, stem=lambda w: w[:-1] if w.endswith("eins") else w
    )


_DAY_PARTS = ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")


def _weekday_parts(table: dict[str, Any]) -> None:
    """A weekday with a part of the day glued on (`Montagabend`) is that weekday (the time is dropped).

    Full month and weekday names are also read in lower case (`15. februar`, `nächsten dienstag`): text
    typed in lower case writes them so, and no German word is spelled like one of them.
    """
    weekdays = table["weekdays"]
    for name, wd in list(weekdays.items()):
        for part in _DAY_PARTS:
            weekdays.setdefault(name + part, wd)
    for key in ("months", "weekdays"):
        names = table[key]
        for name, value in list(names.items()):
            if not name.endswith("."):
                names.setdefault(name.lower(), value)


def extend(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    if kind == "dates":
        _weekday_parts(table)
    return add_number_words(kind, table, _compounds)
