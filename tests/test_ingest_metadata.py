"""Datelines, bylines, source lines and dates of reduced precision."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.ingest import metadata
from sora_meta.ingest.clean import clean
from sora_meta.ingest.metadata import (
    Dateline,
    _grammar,
    _name,
    date_value,
    find_metadata,
    parse_date,
    read_dateline,
    source_line,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("line", "source", "published"),
    [
        ("Mondo Technology Updated on 2024-03-07", "Mondo Technology", "2024-03-07"),
        ("Gelonghui Finance ·\xa0 Feb 19 07:07", "Gelonghui Finance", "--02-19"),
        ("Published on March 5, 2024", "", "2024-03-05"),
        ("Updated: Mar 7, 2024 at 3:15 p.m. EST", "", "2024-03-07"),
        ("Posted 5th March 2024", "", "2024-03-05"),
        ("March 2024", "", "2024-03"),
        ("12 Maret 2024 | Kompas.com", "Kompas.com", "2024-03-12"),
        ("Diterbitkan 12 Maret 2024", "", "2024-03-12"),
        ("Senin, 12 Juni 2023 10:15 WIB", "", "2023-06-12"),
        ("Kompas.com - 05/03/2024, 14:30 WIB", "Kompas.com", ""),  # 5 March or 3 May: no answer
        ("JAKARTA, Kompas.com — Senin, 12 Juni 2023", "Kompas.com", "2023-06-12"),
        ("Jumat, 1 Desember 2023", "", "2023-12-01"),
        ("发布时间：2024年2月18日 10:00", "", "2024-02-18"),
        ("2024年3月", "", "2024-03"),
        ("2月19日 07:07", "", "--02-19"),
        ("2024-02-18 10:00 来源：新华社", "新华社", "2024-02-18"),
        ("2024-02-19 07:07", "", "2024-02-19"),
        ("2024/2/9", "", "2024-02-09"),
        ("Reuters | 2024-02-30", "", ""),
    ],
)
def test_datelines(line: str, source: str, published: str) -> None:
    got = read_dateline(line)
    assert (got.source, got.published) == (source, published)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("来源:数科星球", Dateline("数科星球", "", "source")),
        ("来源：数科星球", Dateline("数科星球", "", "source")),
        ("Sumber: Relativitas Cerdas", Dateline("Relativitas Cerdas", "", "source")),
        ("Sumber: Relativitas Cerdas, Pengarang: Qingyue", Dateline("Relativitas Cerdas", "", "source")),
        ("来源：新华社 作者：张三", Dateline("新华社", "", "source")),
        ("By Jane Doe, Reuters", Dateline("Reuters", "", "byline")),
        ("Oleh: Budi Santoso", Dateline("", "", "byline")),
        ("(Sumber: CoinGecko)", Dateline()),
        ("He was born on March 5, 2024.", Dateline()),
        ("On February 15, Open AI released the first Wensheng video model, Sora.", Dateline()),
        ("Let’s turn the clock back 3 years to 2021", Dateline()),
        ("1. What is Sora?", Dateline()),
    ],
)
def test_source_and_bylines(line: str, expected: Dateline) -> None:
    assert read_dateline(line) == expected


@pytest.mark.parametrize(
    ("span", "iso"),
    [
        ("16 February", "--02-16"),
        ("Feb 30", ""),
        ("pada 16 Maret 2023", "2023-03-16"),
        ("2023年第三季度", ""),
        ("2023年9月", "2023-09"),
        ("May", ""),
        ("13/25/2024", ""),
        ("25/12/2024", "2024-12-25"),
        ("12/25/2024", "2024-12-25"),
    ],
)
def test_parse_date(span: str, iso: str) -> None:
    assert parse_date(span) == iso


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-07T10:00:00Z", "2024-03-07"),
        ("2024-03-07", "2024-03-07"),
        ("2024", "2024"),
        ("2024-03", "2024-03"),
        ("March 5, 2024", "2024-03-05"),
        (1709769600, "2024-03-07"),
        (1709769600000, "2024-03-07"),
        (None, ""),
        ("soon", ""),
    ],
)
def test_date_value(value: object, iso: str) -> None:
    assert date_value(value) == iso


def _meta(text: str) -> tuple[str, str, str]:
    m = find_metadata(text, clean(text))
    return m.title, m.source, m.published


def test_title_skips_furniture_and_datelines() -> None:
    text = "share_log\n\nPublished on March 5, 2024\n\n# Real Title\n\nBody text here."
    assert _meta(text) == ("Real Title", "", "2024-03-05")


def test_caption_credit_repeated_is_not_the_source() -> None:
    text = "Title\nBody.\nSource: SORA\nMore body.\nSource: SORA\n"
    assert _meta(text) == ("Title", "", "")


def test_source_line_under_dateline_without_outlet() -> None:
    text = "Title\n2024-02-19 07:07\nSource: Gelonghui\nBody."
    assert _meta(text) == ("Title", "Gelonghui", "2024-02-19")


@pytest.mark.parametrize(
    ("name", "title", "source", "published"),
    [
        (
            "000_260d7667f8a8cf0d.txt",
            "Sora, Vision Pro and AIGC developments may boost metaverse concept popping off the charts",
            "",
            "",
        ),
        (
            "001_66a28538b23c5c85.txt",
            'Metaverse yang muncul dari novel fiksi ilmiah "Longsor" kini menampilkan '
            '"longsoran harga tanah".',
            "Relativitas Cerdas",
            "",
        ),
        (
            "002_4ddec3063587c633.txt",
            "After the Sora cooling off period, we are more concerned about what the combination "
            "of AI XR can bri",
            "Mondo Technology",
            "2024-03-07",
        ),
        ("003_66e70a8fc942254b.txt", "Sora “拯救”元宇宙,世界模型的潜力才刚释放", "数科星球", ""),
        ("004_9a5a30214b84ac3c.txt", "Sora的第一波受害者出现了", "Gelonghui Finance", "--02-19"),
    ],
)
def test_seed_metadata(name: str, title: str, source: str, published: str) -> None:
    assert _meta((SEEDS / name).read_text("utf-8")) == (title, source, published)


def test_titles_are_bounded() -> None:
    from sora_meta.ingest.metadata import short_title

    assert short_title("Nvidia beats estimates") == "Nvidia beats estimates"
    long = "word " * 200
    cut = short_title(long)
    assert len(cut) <= 200 and cut.endswith("…") and not cut.endswith(" …")
    assert short_title("x" * 500) == "x" * 199 + "…"


def test_attribution_deep_in_the_body() -> None:
    body = [
        f"Paragraph {word} of the article, long enough to read as body text." for word in "abcdefghijklmnop"
    ]
    text = "\n".join(["Title", *body, "Sumber: Relativitas Cerdas, Pengarang: Qingyue", *body, "x" * 300])
    assert _meta(text) == ("Title", "Relativitas Cerdas", "")


# The prefilters in front of the dateline patterns must agree with the patterns alone. Lines are
# built from the grammar's own words, with digits of several scripts, colons and brackets.
_METADATA = json.loads(resources.files("sora_meta.ingest").joinpath("data/metadata.json").read_text("utf-8"))
_WORDS = sorted(
    {w for key in ("source_labels", "author_labels", "zones") for w in _METADATA[key]}
    | {"june", "juni", "march", "maret", "feb", "agustus"}
    | {"published on", "updated", "diterbitkan", "发布时间", "senin", "星期一", "kompas.com", "jakarta"}
)
_PIECES = [
    *_WORDS,
    *(w.upper() for w in _WORDS),
    *" :：,，|·-/.()（）【】年月日",
    *("7", "12", "2024", "٣", "２", "०", "Jane Doe", "Reuters", "新华社", "字"),
]
_WORDS_LINE = st.lists(st.sampled_from(_PIECES), max_size=10).map(" ".join)
_LINE = st.one_of(
    _WORDS_LINE,
    st.lists(st.sampled_from(_PIECES), max_size=10).map("".join),
    st.tuples(  # shaped like a source line: `(Sumber: X)`, `来源：X 作者：Y`
        st.sampled_from(["", "(", "【", " "]),
        st.sampled_from([*_METADATA["source_labels"], "SOURCE", "Sumber"]),
        st.sampled_from(["", " ", ":", "：", " : "]),
        _WORDS_LINE,
        st.sampled_from(["", ")", "】", "。", " "]),
    ).map("".join),
)


def _source_line_unfiltered(line: str) -> tuple[str, bool]:
    """`source_line` as it reads without a prefilter."""
    grammar = _grammar()
    m = grammar.source_line.fullmatch(line)
    if not m:
        return "", False
    name = m.group("name")
    cut = grammar.author_cut.search(name)
    if cut:
        name = name[: cut.start()]
    return _name(name), bool(m.group("paren"))


@settings(max_examples=500, deadline=None)
@given(_LINE)
def test_dateline_prefilters_agree_with_the_patterns(line: str) -> None:
    grammar = _grammar()
    assert source_line(line) == _source_line_unfiltered(line)
    if ":" not in line and "：" not in line:  # _attribution skips the line
        assert grammar.author_cut.search(line) is None


def _date_table_pieces() -> list[str]:
    """Every word and phrase of the English and Indonesian date tables, in three cases."""
    root = Path(__file__).resolve().parents[1] / "src/sora_meta/lang"
    pieces: set[str] = set()
    for code in ("en", "id"):
        table = json.loads((root / code / "dates.json").read_text(encoding="utf-8"))
        for key, value in table.items():
            if key.startswith("_"):
                continue
            found = list(value) if isinstance(value, dict | list) else []
            if key == "period_parts":
                found = [w for side in value.values() if isinstance(side, dict) for w in side]
            for w in found:
                if isinstance(w, str):
                    pieces |= {w, w.upper(), w.title()}
    return sorted(pieces)


_PIECES = _date_table_pieces()


def _every_line_read(line: str) -> object:
    """`_line_date` without its prefilter."""
    from unittest.mock import patch

    import regex

    with (
        patch.object(metadata, "_may_date", lambda *codes: regex.compile("")),
        patch.object(metadata, "_may_date_cjk", lambda: regex.compile("")),
    ):
        return metadata._line_date(line)


def _lines(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Lines made of up to `max_size` of `pieces`."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


_SEPARATORS = ["/", "-", ".", " ", "3/4"]


@settings(max_examples=600, deadline=None)
@given(
    _lines(
        [*_PIECES, *"0123456789", "14", "2023", "2024", *_SEPARATORS, " ", "  ", ", ", "–", "x", "said"], 14
    )
)
def test_the_dateline_prefilter_keeps_every_line_with_a_date(line: str) -> None:
    """A line the prefilter sets aside is one the date grammar finds no day or month in."""
    line = line[: metadata.DATELINE_MAX_CHARS]
    assert metadata._line_date(line) == _every_line_read(line)


def _chinese_date_pieces() -> list[str]:
    """Every word of the Chinese date table, its markers and numerals, and a few words around dates."""
    root = Path(__file__).resolve().parents[1] / "src/sora_meta/lang"
    table = json.loads((root / "zh" / "dates.json").read_text(encoding="utf-8"))
    pieces: set[str] = set()
    for key, value in table.items():
        if key.startswith("_"):
            continue
        if key == "cjk":
            for v in value.values():
                pieces |= set(v) if isinstance(v, dict | list) else {v}
        elif key == "period_parts":
            pieces |= {w for side in value.values() if isinstance(side, dict) for w in side}
            pieces |= {w for w in value.get("year_nouns", [])}
        elif isinstance(value, dict | list):
            pieces |= {w for w in value if isinstance(w, str)}
    return sorted(pieces | {"消息", "公司", "发布", "营收", "本报讯", "今年", "去年", "第", "季度"})


@settings(max_examples=600, deadline=None)
@given(_lines([*_chinese_date_pieces(), *"0123456789", "１４", "2024", *_SEPARATORS, "，", "：", "x"], 12))
def test_the_chinese_dateline_prefilter_keeps_every_line_with_a_date(line: str) -> None:
    """A line with CJK characters (read with the Chinese tables) that the prefilter sets aside is one
    the date grammar finds no day or month in."""
    line = "公司" + line[: metadata.DATELINE_MAX_CHARS - 2]  # CJK, whatever the pieces drawn
    assert metadata._line_date(line) == _every_line_read(line)


def test_the_dateline_prefilter_on_the_development_sentences() -> None:
    root = Path(__file__).resolve().parent / "corpus"
    for path in sorted(root.glob("*/*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(raw)["text"] if raw.strip() else ""
            for line in text.splitlines():
                line = line.strip()[: metadata.DATELINE_MAX_CHARS]
                assert metadata._line_date(line) == _every_line_read(line), line
