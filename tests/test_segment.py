"""Sentence segmentation with offsets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta import segment as seg
from sora_meta.segment import split_sentences


def sentences(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "The U.S. economy grew 1.4% in Q3. Apple Inc. said revenue rose.",
            "en",
            ["The U.S. economy grew 1.4% in Q3.", "Apple Inc. said revenue rose."],
        ),
        (
            'Mr. Smith agreed! "Yes," he said. J. Doe left?  Then 3 more came.',
            "en",
            ["Mr. Smith agreed!", '"Yes," he said.', "J. Doe left?", "Then 3 more came."],
        ),
        (
            "Revenue hit $1.2bn. Analysts cheered. Growth was 2.5 percent. e.g. one more.",
            "en",
            ["Revenue hit $1.2bn.", "Analysts cheered.", "Growth was 2.5 percent. e.g. one more."],
        ),
        (
            'Harga Rp. 5.000 naik. PT Astra Tbk. melaporkan laba. Ia berkata: "Bagus." Lalu pergi.',
            "id",
            [
                "Harga Rp. 5.000 naik.",
                "PT Astra Tbk. melaporkan laba.",
                'Ia berkata: "Bagus."',
                "Lalu pergi.",
            ],
        ),
        (
            "Kerugian US$13,717 miliar. Meningkat 34,57% dari 2021.",
            "id",
            ["Kerugian US$13,717 miliar.", "Meningkat 34,57% dari 2021."],
        ),
        (
            "OpenAI又爆了!首个视频生成模型Sora惊艳亮相,视频行业被颠覆?",
            "zh",
            ["OpenAI又爆了!", "首个视频生成模型Sora惊艳亮相,视频行业被颠覆?"],
        ),
        ("他说：“好。”然后走了；营收增长1.5%。", "zh", ["他说：“好。”", "然后走了；", "营收增长1.5%。"]),
    ],
)
def test_split_sentences(text: str, lang: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


@given(st.text(max_size=300), st.sampled_from(["en", "id", "zh", "fr"]))
def test_offsets_are_valid_and_trimmed(text: str, lang: str) -> None:
    previous_end = 0
    for start, end in split_sentences(text, lang):
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        previous_end = end


def test_run_on_text_is_cut_into_bounded_pieces() -> None:
    text = "revenue rose 5% and " * 3000  # 60,000 characters, no sentence punctuation
    spans = split_sentences(text, "en")
    assert all(0 < end - start <= 1000 for start, end in spans)
    assert "".join(text[s:e] + " " for s, e in spans).split() == text.split()
    assert not any(text[s].isspace() or text[e - 1].isspace() for s, e in spans)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab1 \n.!?…。！？\"'”’»)]」』）》】", max_size=60))
def test_terminator_pattern_matches_the_plain_alternation(text: str) -> None:
    """`_LATIN_END` (one leading set, for speed) finds exactly the runs of the plain alternation."""
    closers = re.escape(seg._CLOSERS)
    plain = re.compile(rf"[.!?…][.!?…]*[{closers}]*|[。！？][。！？]*[{closers}]*")
    assert [m.span() for m in seg._LATIN_END.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _latin_boundaries_plain(text: str, lang: str) -> list[int]:
    """`_latin_boundaries` as it was before the full-stop shortcut: `_LATIN_END` on every text."""
    ends: list[int] = []
    for m in seg._LATIN_END.finditer(text):
        end = m.end()
        if text[m.start()] in "。！？":
            ends.append(end)
            continue
        if end == len(text) or not text[end].isspace():
            continue
        following = seg._NEXT_CHAR.match(text, end)
        if not following or following.group(1).islower():
            continue
        if (
            text[m.start()] == "."
            and m.group().rstrip(seg._CLOSERS) == "."
            and seg._is_abbreviation(text, m.start(), lang)
        ):
            continue
        ends.append(end)
    return ends


_WORDS = ["The", "he", "Inc", "U.S", "J", "1.4", "é", "漢", ""]
_CLOSING = ["", "", *"\"'”’»)]」』）》】"]
# Full stops alone, with each other terminator, and with all of them.
_TERMINATORS = [[".", "..", ""], *([".", other, ""] for other in "!?…。！？"), [".", "..", "", *"!?…。！？"]]


def _sentences(ends: list[str]) -> st.SearchStrategy[str]:
    piece = st.tuples(
        st.sampled_from(_WORDS),
        st.sampled_from(ends),
        st.sampled_from(_CLOSING),
        st.sampled_from([" ", "  ", "\t", ""]),
    )
    return st.lists(piece, max_size=12).map(lambda pieces: "".join("".join(p) for p in pieces))


@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.sampled_from(_TERMINATORS).flatmap(_sentences), st.sampled_from(["en", "id"]))
def test_latin_boundaries_with_the_full_stop_pattern_are_the_plain_ones(text: str, lang: str) -> None:
    """Text with full stops only is searched with `_FULL_STOP_END`: the same sentence ends."""
    assert seg._latin_boundaries(text, lang) == _latin_boundaries_plain(text, lang)
