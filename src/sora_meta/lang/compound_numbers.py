"""Number words written as one word (`zweihundertfünfzig`, `tweehonderdvijftig`, `tvåhundrafemtio`).

German, Dutch and Swedish write a number below a million as one word: a list a person could not keep
complete. A language's `hooks.py` spells 1–999 its own way; `compound_words` makes every such word
from 21 to 999 and the thousands without a remainder, and `add_number_words` adds them to the
`number_words` of its figures table, which the figure reader then takes as it takes `zwei`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def compound_words(
    below_thousand: Callable[[int], Iterable[str]],
    thousand: str,
    *,
    thousands_from: int = 2,
    stem: Callable[[str], str] = str,
) -> dict[str, int]:
    """Every spelling of 21–999, then of `n` thousand for `thousands_from` ≤ n ≤ 999.

    `below_thousand(n)`: the language's spellings of n; `stem`: the form of a spelling before the
    word for thousand (German `eins` → `ein`: `eintausend`).
    """
    words: dict[str, int] = {}
    for n in range(21, 1000):
        for word in below_thousand(n):
            words[word] = n
    for n in range(thousands_from, 1000):
        for word in below_thousand(n):
            words[stem(word) + thousand] = n * 1000
    return words


def add_number_words(kind: str, table: dict[str, Any], words: Callable[[], dict[str, int]]) -> dict[str, Any]:
    """The figures table with `words()` added to its `number_words` (an entry written in the table wins)."""
    if kind == "figures":
        number_words = table["number_words"]
        for word, value in words().items():
            number_words.setdefault(word, value)
    return table
