"""Writing systems settle Japanese and Korean even where Han characters are the most; Malay and
Indonesian are told apart by the words only one of them uses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta import language
from sora_meta.language import Scripts, detect


@pytest.mark.parametrize(
    "text",
    [
        "日本銀行は金融政策決定会合で短期金利の誘導目標を引き上げると決定した。",
        "東京証券取引所第一部上場企業の連結決算発表が本格化した。",  # kanji almost only, two kana
        "トヨタ自動車株式会社代表取締役社長記者会見",
    ],
)
def test_kana_makes_japanese_even_when_han_dominates(text: str) -> None:
    assert Scripts.of(text).language == "ja"
    assert detect(text) == "ja"


@pytest.mark.parametrize(
    "text",
    [
        "삼성전자의 영업이익이 늘었다.",
        "韓國銀行 基準金利 引上 決定 金融通貨委員會 會議 開催 했다",  # hanja with Hangul endings
    ],
)
def test_hangul_makes_korean_even_when_han_dominates(text: str) -> None:
    assert Scripts.of(text).language == "ko"
    assert detect(text) == "ko"


def test_han_only_stays_chinese_and_a_korean_name_in_chinese_does_not_make_it_korean() -> None:
    assert Scripts.of("日本央行决定上调短期利率目标。").language == "zh"
    text = "三星电子今天在首尔发布了新款手机，" * 4 + "品牌名삼성在当地很常见。"
    assert Scripts.of(text).language == "zh"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Syarikat itu mencatat keuntungan bersih RM2.5 bilion pada suku kedua tahun ini.", "ms"),
        ("Kerajaan akan memperuntukkan RM500 juta bagi membantu peniaga kecil, kata menteri itu.", "ms"),
        ("Perusahaan itu mencatat laba bersih Rp2,5 triliun pada kuartal kedua tahun ini.", "id"),
        ("Pemerintah mengalokasikan Rp500 miliar untuk pedagang kecil, kata menteri kemarin.", "id"),
    ],
)
def test_malay_and_indonesian_by_their_words(text: str, lang: str) -> None:
    assert detect(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ارتفعت أرباح الشركة بنسبة 12.5 في المئة خلال الربع الثالث.", "ar"),
        ("कंपनी का मुनाफा 12.5 प्रतिशत बढ़कर 5,000 करोड़ रुपये हो गया।", "hi"),
        ("Doanh thu của công ty tăng 12,5% so với cùng kỳ năm trước.", "vi"),
    ],
)
def test_other_scripts(text: str, lang: str) -> None:
    assert detect(text) == lang


_LIST_WORDS = sorted(language._MALAY_WORDS | language._INDONESIAN_WORDS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*_LIST_WORDS, "x", "ringgitx", "xpersen", " ", "  ", ",", "é", "2", "RM", "Persen", "-"]
        ),
        max_size=30,
    ).map("".join)
)
def test_the_two_word_lists_are_counted_word_by_word(text: str) -> None:
    """The Malay and Indonesian words found in one scan are those of the text's `[a-z]+` words."""
    assert not language._MALAY_WORDS & language._INDONESIAN_WORDS
    words = re.findall(r"[a-z]+", text.lower())
    want = [w for w in words if w in language._MALAY_WORDS or w in language._INDONESIAN_WORDS]
    assert language._EITHER.findall(text.lower()) == want
