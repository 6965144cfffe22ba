"""The Aho-Corasick name search finds exactly what the regex alternation it replaced found.

The reference is the regex the gazetteer used to run: `[^<alnum>]` and then every name (longest
first), a separator standing for a run of spaces or one hyphen, a name that ends in a letter or
digit ending only where none follows; `finditer` over the text with a space in front. Names and
texts are drawn from a small alphabet so that names overlap, nest, run into each other and sit
inside words, with punctuation, hyphens, runs of spaces, non-ASCII letters and non-ASCII punctuation
(which a name may hold) around them.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.extract.companies import _ALNUM, _ALNUM_CLASS, _SEP, _BoundedNames


def _reference(keys: list[str], low: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for group in (
        [k for k in keys if k[0].isascii()],
        [k for k in keys if not k[0].isascii()],
    ):
        if not group:
            continue
        branches = []
        for k in sorted(set(group), key=lambda k: (-len(k), k)):
            body = "".join("(?: +|-)" if ch == _SEP else re.escape(ch) for ch in k)
            branches.append(body + (f"(?![{_ALNUM_CLASS}])" if _ALNUM.fullmatch(k[-1]) else ""))
        pattern = re.compile(f"[^{_ALNUM_CLASS}](?:" + "|".join(branches) + ")")
        spans += [(m.start(), m.end() - 1) for m in pattern.finditer(" " + low)]
    return sorted(spans, key=lambda se: (se[0], -se[1]))


_KEY = st.text(alphabet="ab1é.&д’" + _SEP, min_size=1, max_size=6).filter(
    # Two separators in a row (`Foo - Bar`) match hyphens and single spaces, not a run of spaces cut in
    # parts as the regex did (`foo   bar`): test_a_name_with_a_spaced_hyphen
    lambda k: k[0] in "ab1éд" and k[-1] != _SEP and _SEP + _SEP not in k
)
# `中`, `—` and `’` are no letters: text with them and no other non-ASCII character is read by the word
# scan unless a name holds one (`’`)
_TEXT = st.text(alphabet="ab1é.&д -x中—’", max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(_KEY, min_size=1, max_size=8), st.lists(_TEXT, min_size=1, max_size=5))
def test_the_same_places_as_the_regex_alternation(keys: list[str], texts: list[str]) -> None:
    names = _BoundedNames(keys)
    for low in texts:
        assert names.spans(low) == _reference(keys, low)


def test_known_cases() -> None:
    keys = ["nvidia", f"nvidia{_SEP}corp", "at&t", "apple", f"apple{_SEP}inc.", "e.on", "северсталь"]
    names = _BoundedNames(keys)
    cases = {
        "nvidia corp said": [(0, 11)],  # the longest name
        "nvidia  corp said": [(0, 12)],  # a run of spaces is one separator
        "nvidia-corp": [(0, 11)],  # so is one hyphen
        "nvidia - corp": [(0, 6)],  # but not both
        "nvidias and at&t": [(12, 16)],  # a name ends at a word end
        "xnvidia": [],  # and starts at one
        "apple inc.1 e.on": [(0, 10), (12, 16)],  # a name ending in `.` needs no word end
        "(apple)": [(1, 6)],
        "акции северсталь, nvidia": [(6, 16), (18, 24)],
    }
    for low, want in cases.items():
        assert names.spans(low) == want == _reference(keys, low), low


def test_a_name_with_a_spaced_hyphen() -> None:
    names = _BoundedNames([f"foo{_SEP}{_SEP}{_SEP}bar"])  # `Foo - Bar`
    assert names.spans("foo - bar") == [(0, 9)]
    assert names.spans("said  foo - bar") == [(6, 15)]  # with a run of spaces elsewhere
    assert names.spans("foo bar") == names.spans("foo-bar") == []


def test_a_lone_surrogate_is_no_character_and_hides_no_name() -> None:
    """Text from the Python API may hold one (`"\\udc80"`); the automaton reads UTF-8, which cannot."""
    names = _BoundedNames(["nvidia", "tencent", "腾讯"])
    assert (
        names.spans("nvidia \udc80 tencent é") == names.spans("nvidia \ufffd tencent é") == [(0, 6), (9, 16)]
    )


def test_curly_quotes_and_dashes_are_read_by_the_word_scan_unless_a_name_holds_one() -> None:
    keys = ["apple", "nvidia", "macy’s", f"société{_SEP}générale"]
    names = _BoundedNames(keys)
    low = "“apple” rivals — nvidia…"
    assert names.spans(low) == _reference(keys, low) == [(1, 6), (17, 23)]
    assert names._any is None  # the automaton of every name was not needed
    for low, want in {
        "macy’s and apple": [(0, 6), (11, 16)],  # `’` is in a name: every name is searched
        "société générale — apple": [(0, 16), (19, 24)],  # letters that are not ASCII
        "xapple— apple—nvidia": [(8, 13), (14, 20)],
    }.items():
        assert names.spans(low) == _reference(keys, low) == want, low
    assert names._any is not None
