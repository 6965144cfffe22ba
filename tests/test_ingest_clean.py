"""Paragraphs, page furniture and repeated paragraphs."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.ingest.clean import (
    _INNER_SENTENCE_END,
    STRIP_CHARS,
    _furniture_kind,
    _keyword_lines,
    _rules,
    carries_claim,
    clean,
    furniture_kind,
    is_tail,
    normalise,
    split_paragraphs,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_paragraph_offsets_strip_edges() -> None:
    text = "  Title  \n\n\t\nBody line one.\u3000\n \u200b \nlast"
    got = [text[p.start : p.end] for p in split_paragraphs(text)]
    assert got == ["Title", "Body line one.", "last"]
    assert [(p.start, p.end) for p in split_paragraphs(text)] == [(2, 7), (13, 27), (33, 37)]


@given(st.text(alphabet=st.sampled_from("ab 字\t\n\u3000\u200b\xa0*#.")))
def test_paragraph_offsets_always_valid(text: str) -> None:
    previous_end = 0
    for p in clean(text):
        piece = text[p.start : p.end]
        assert 0 <= previous_end <= p.start < p.end <= len(text)
        assert piece.strip() == piece
        assert piece.strip("\u200b") == piece
        assert "\n" not in piece
        previous_end = p.end


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("share_log", "line"),
        ("Share", "line"),
        ("Bagikan", "line"),
        ("分享", "line"),
        ("Write a comment", "line"),
        ("Tulis komentar", "line"),
        ("写评论", "line"),
        ("12 comments", "line"),
        ("Advertisement", "line"),
        ("Read more", "line"),
        ("Baca juga: Harga Bitcoin naik lagi", "line"),
        ("© 2024 Example Media. All rights reserved.", "line"),
        ("版权所有 © 数科星球", "line"),
        ("Lihat Asli", "line"),
        ("* * *", "line"),
        ("Source: SORA", "credit"),
        ("(Sumber: CoinGecko)", "credit"),
        ("图片来源：视觉中国", "credit"),
        ("Photo: Reuters/Jane Doe", "credit"),
        ("Editor/Corrine", "credit"),
        ("首页 > 科技快讯 > Sora “拯救”元宇宙,世界模型的潜力才刚释放", "breadcrumb"),
        ("Home > Tech > AI", "breadcrumb"),
        ("Related Articles", "tail"),
        ("**Artikel Terkait**", "tail"),
        ("相关推荐", "tail"),
        ("相关阅读：", "tail"),
        ("推荐阅读", "tail"),
        ("The above content does not constitute any investment advice related to Futu.", "phrase"),
        ("Konten ini hanya untuk referensi, bukan ajakan atau tawaran.", "phrase"),
        ("以上内容仅供参考，不构成投资建议。", "phrase"),
        ("免责声明：本文不代表本站观点。", "phrase"),
        # not furniture
        ("Source: x Although everyone soon found out that this was just Will Smith playing a meme.", ""),
        ("The company said its revenue rose 5%, according to Source: Reuters data.", ""),
        ("Mondo Technology Updated on 2024-03-07", ""),
        ("By Jane Doe, Reuters", ""),
        ("1. What is Sora?", ""),
        ("Sharing economy firms raised $3 billion.", ""),
        ("Sora的第一波受害者出现了", ""),
    ],
)
def test_furniture_kind(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind


def _flags(text: str) -> list[tuple[str, bool, bool]]:
    return [(text[p.start : p.end], p.furniture, p.duplicate) for p in clean(text)]


def test_recommendation_list_to_the_end_is_furniture() -> None:
    text = "Title\n\nBody sentence one is here.\n\n相关推荐\n\nOther story one\nOther story two\n"
    assert _flags(text) == [
        ("Title", False, False),
        ("Body sentence one is here.", False, False),
        ("相关推荐", True, False),
        ("Other story one", True, False),
        ("Other story two", True, False),
    ]


def test_related_header_mid_article_only_takes_its_short_list() -> None:
    body = "A long paragraph of the article that goes on and on about the topic at hand. " * 3
    text = f"Title\n{body}\nRelated\nShort link one\nShort link two\n{body}x\n{body}y\n"
    flags = [f for _, f, _ in _flags(text)]
    assert flags == [False, False, True, True, True, False, False]


def test_repeats_are_found_after_normalisation() -> None:
    text = (
        "**Karena pabrikan besar dalam dan luar negeri sudah menarik perhatian AIGC. **\n"
        "Isi paragraf.\n"
        "Karena pabrikan besar dalam dan luar negeri sudah menarik perhatian AIGC.\n"
        "1.\n1.\n"
        "Sumber: CoinGecko\nSumber: CoinGecko\n"
    )
    assert [d for _, _, d in _flags(text)] == [False, False, True, False, False, False, True]


def test_near_duplicate_long_paragraph() -> None:
    a = "OpenAI released Sora, a model that generates one minute of high fidelity video from text prompts."
    b = "OpenAI released Sora, a model which generates one minute of high-fidelity video from text prompts!"
    c = "Something else entirely, about the metaverse and the price of virtual land in Decentraland today."
    assert [d for _, _, d in _flags(f"{a}\n{c}\n{b}")] == [False, False, True]


def test_normalise() -> None:
    assert normalise("**Ｈｅｌｌｏ,  World!** ") == "hello world"
    assert normalise("Sora “拯救”元宇宙,世界模型") == "sora 拯救 元宇宙 世界模型"


@pytest.mark.parametrize(
    ("name", "paragraphs", "furniture", "duplicates"),
    [
        ("000_260d7667f8a8cf0d.txt", 26, 1, 0),
        ("001_66a28538b23c5c85.txt", 98, 4, 46),
        ("002_4ddec3063587c633.txt", 85, 11, 5),
        ("003_66e70a8fc942254b.txt", 67, 16, 1),
        ("004_9a5a30214b84ac3c.txt", 43, 6, 0),
    ],
)
def test_seed_counts(name: str, paragraphs: int, furniture: int, duplicates: int) -> None:
    text = (SEEDS / name).read_text("utf-8")
    got = clean(text)
    assert (len(got), sum(p.furniture for p in got), sum(p.duplicate for p in got)) == (
        paragraphs,
        furniture,
        duplicates,
    )


def test_seed_001_second_copy_is_all_duplicate() -> None:
    text = (SEEDS / "001_66a28538b23c5c85.txt").read_text("utf-8")
    got = clean(text)
    assert [p.duplicate for p in got[52:]] == [True] * 46
    assert not any(p.duplicate for p in got[:52])


# The prefilters in front of the furniture patterns must agree with the patterns alone. Lines are
# built from the table's own keywords and words its patterns read, in three cases, with breadcrumb
# marks, decoration and characters whose lowercase is longer or depends on context.
_WORDS = sorted(
    set(_rules().phrase_keywords)
    | {"share", "related articles", "相关推荐", "source:", "sumber：", "home", "首页", "免责声明", "© 2024"}
    | {"constitute investment advice", "for informational purposes only", "bukan ajakan", "不构成投资建议"}
)
_PIECES = [
    *_WORDS,
    *(w.upper() for w in _WORDS),
    *(w.title() for w in _WORDS),
    *" >›»/|*#【】:：.。-",
    *("x", "Kompas", "2024", "İ", "Σ", "ß", "\u200b", "\u3000", "字", "a" * 70),
]
_LINE = st.lists(st.sampled_from(_PIECES), max_size=8).map(lambda p: "".join(p).strip(STRIP_CHARS))


def _furniture_kind_unfiltered(line: str) -> str:
    """`furniture_kind` as it reads without a prefilter: each pattern tried in turn."""
    rules = _rules()
    n = len(line)
    if n <= rules.line_max:
        if rules.tail.fullmatch(line):
            return "tail"
        if rules.line.fullmatch(line):
            return "line"
    if n <= rules.credit_max and rules.credit.fullmatch(line):
        return "credit"
    if n <= rules.breadcrumb_max and rules.breadcrumb.fullmatch(line):
        return "breadcrumb"
    if rules.phrase is not None:
        low = line.lower()
        m = rules.phrase.search(line)
        if any(k in low for k in rules.phrase_keywords) and m:
            return "" if _INNER_SENTENCE_END.search(line[: m.start()]) else "phrase"
    return ""


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE.filter(bool), max_size=8))
def test_furniture_prefilters_agree_with_the_patterns(lines: list[str]) -> None:
    keyword_lines = _keyword_lines(lines)
    for i, line in enumerate(lines):
        expected = _furniture_kind_unfiltered(line)
        if expected not in ("", "tail") and carries_claim(line):
            expected = ""
        assert furniture_kind(line) == expected
        assert _furniture_kind(line, may_hold_phrase=i in keyword_lines) == expected
        assert is_tail(line) == (expected == "tail")


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=8))
def test_keyword_lines_miss_no_line_with_a_keyword(lines: list[str]) -> None:
    keywords = _rules().phrase_keywords
    holding = {i for i, line in enumerate(lines) if any(k in line.lower() for k in keywords)}
    assert holding <= _keyword_lines(lines)


def test_disclaimer_lines_among_others_are_furniture() -> None:
    text = (
        "Title\nBody line.\n字 Σ İ\nTHIS DOES NOT CONSTITUTE INVESTMENT ADVICE.\n"
        "以上内容仅供参考，不构成投资建议。\nEnd."
    )
    assert [line for line, furniture, _ in _flags(text) if furniture] == [
        "THIS DOES NOT CONSTITUTE INVESTMENT ADVICE.",
        "以上内容仅供参考，不构成投资建议。",
    ]


@functools.cache
def _blanks_by_definition() -> dict[int, str]:
    return {c: " " for c in range(0x10000) if unicodedata.category(chr(c))[0] in "PSZC" or c == 0x5F}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09 _.,!*-\t\x1c\xa0ÀßİΣσ字，。“”\u3000\u200bＨｅ①\U0001f600")))
def test_normalise_matches_its_definition(line: str) -> None:
    folded = unicodedata.normalize("NFKC", line).casefold()
    assert normalise(line) == " ".join(folded.translate(_blanks_by_definition()).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09 _.,!*-\t\x0b\x1c\x7f"), max_size=40))
def test_normalise_ascii_matches_its_definition(line: str) -> None:
    """ASCII lines take their own path: runs of up to 40 blanks collapse to one space."""
    folded = unicodedata.normalize("NFKC", line).casefold()
    assert normalise(line) == " ".join(folded.translate(_blanks_by_definition()).split())


def test_numbers_only_lines_are_not_repeats() -> None:
    text = "1 2 3 4 5\n1 2 3 4 5\n１２３４５６\n１２３４５６\na 1 2 3 4\na 1 2 3 4\n"
    assert [d for _, _, d in _flags(text)] == [False, False, False, False, False, True]
