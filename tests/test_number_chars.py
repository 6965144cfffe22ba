"""Characters inside numbers, and numbers a float cannot hold.

Format characters, combining marks, full-width digits and points, no-break and thin spaces between
digit groups, Arabic-Indic and Devanagari digits: each inside a figure gives the value the text states,
with offsets into the text as written. A number too large or too small for a float is a row with an
empty value, in every output format, and the JSON outputs stay standard JSON.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import unicodedata
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.cli import cli
from sora_meta.extract.figures import find_figures
from sora_meta.extract.normalize import view_of
from sora_meta.models import Options
from sora_meta.pipeline import analyze

FORMAT_CHARS = [
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200d",  # zero width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u2060",  # word joiner
    "\ufeff",  # zero width no-break space (BOM)
    "\u202a",  # left-to-right embedding
    "\u202b",
    "\u202c",  # pop directional formatting
    "\u202d",
    "\u202e",  # right-to-left override
    "\u00ad",  # soft hyphen
]


def figures(text: str, lang: str) -> list[tuple[str, float | None, str]]:
    """(figure as written, value, unit) of every figure, after checking its offsets against the text."""
    found = find_figures(text, lang)
    for f in found:
        assert text[f.start : f.end] == f.text
    return [(f.text, f.value, f.unit) for f in found]


# ------------------------------------------------------------------------- format characters in a number


@pytest.mark.parametrize("ch", FORMAT_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_format_character_inside_a_number_keeps_one_figure(ch: str) -> None:
    text = f"Analysts said Nvidia's data-centre revenue rose to $1{ch}0 billion in the quarter."
    assert figures(text, "en") == [(f"$1{ch}0 billion", 1e10, "USD")]


@pytest.mark.parametrize("ch", FORMAT_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_format_character_inside_an_indonesian_number(ch: str) -> None:
    text = f"Pendapatan perseroan naik menjadi Rp1{ch}2,5 triliun pada kuartal ketiga."
    assert figures(text, "id") == [(f"Rp1{ch}2,5 triliun", 12.5e12, "IDR")]


def test_format_characters_around_marks_and_words() -> None:
    text = "Meta said Reality Labs lost US$\u200b4.\u200b6 bil\u00adlion\u200e in the first quarter."
    assert figures(text, "en") == [("US$\u200b4.\u200b6 bil\u00adlion", 4.6e9, "USD")]
    text = "腾讯第三季度营收达到１\u200b５４６亿元\u200f，同比增长１０\u2060％。"
    assert figures(text, "zh") == [("达到１\u200b５４６亿元", 1546e8, "CNY"), ("１０\u2060％", 10.0, "%")]


def test_a_format_character_between_two_numbers_does_not_join_them() -> None:
    text = "Shares rose 5%\u200b 10 million users signed up in a week."
    assert figures(text, "en") == [("5%", 5.0, "%"), ("10 million users", 1e7, "users")]
    text = "In 2023,\u200b 1,500 workers left the company."
    assert figures(text, "en") == [("1,500 workers", 1500.0, "workers")]
    text = "Saham naik 3%\u200b, 200 ribu pengguna baru bergabung."
    assert [v for _, v, _ in figures(text, "id")] == [3.0, 200_000.0]


# ------------------------------------------------------------------------------ combining marks on digits


@pytest.mark.parametrize("mark", ["\u0301", "\u0336", "\u20e3", "\ufe0f\u20e3"], ids=repr)
def test_a_combining_mark_on_a_digit_is_not_a_break(mark: str) -> None:
    text = f"The startup raised $1{mark}2 million from investors."
    assert figures(text, "en") == [(f"$1{mark}2 million", 12e6, "USD")]
    text = f"Perusahaan itu mengumpulkan Rp1{mark}2 miliar dari investor."
    assert figures(text, "id") == [(f"Rp1{mark}2 miliar", 12e9, "IDR")]


def test_combining_marks_in_words_are_left_alone() -> None:
    # a mark on a letter is not after a digit: the text needs no view at all
    assert view_of("Cafe\u0301 owners in Zu\u0308rich paid more.", "en") is None


# ------------------------------------------------------------------------ full-width digits and points


def test_full_width_digits_and_points() -> None:
    assert figures("Sora's share of sign-ups reached １２．５％ in March.", "en") == [
        ("１２．５％", 12.5, "%")
    ]
    assert figures("该公司毛利率提升至１２．５％。", "zh") == [("１２．５％", 12.5, "%")]
    assert figures("该公司营收达到１，２３４亿元。", "zh") == [("达到１，２３４亿元", 1234e8, "CNY")]
    assert figures("Pangsa pasar naik menjadi １２．５ persen.", "id") == [("１２．５ persen", 12.5, "%")]


def test_a_full_width_comma_between_digits_of_a_list_is_not_a_number() -> None:
    # 第1，2季度: the first and second quarters, never 1.2 or 12
    assert figures("公司第1，2季度营收3亿元。", "zh") == [("3亿元", 3e8, "CNY")]
    assert figures("公司第１，２季度营收３亿元。", "zh") == [("３亿元", 3e8, "CNY")]


# -------------------------------------------------------------------- spaces between groups of digits


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u2007"], ids=lambda c: f"U+{ord(c):04X}")
def test_no_break_and_thin_spaces_group_thousands(space: str) -> None:
    text = f"The fund paid 1{space}234{space}567 euros to its members."
    assert figures(text, "en") == [(f"1{space}234{space}567 euros", 1234567.0, "EUR")]
    text = f"Laba bersih naik menjadi Rp12{space}500,5 juta."
    assert figures(text, "id") == [(f"Rp12{space}500,5 juta", 12500.5e6, "IDR")]
    text = f"该项目投资1{space}234万元。"
    assert figures(text, "zh") == [(f"1{space}234万元", 1234e4, "CNY")]


def test_a_decimal_after_space_groups_is_read_in_the_languages_terms() -> None:
    assert figures("The deal was worth 1\u202f234.5 million dollars.", "en")[0][1] == 1234.5e6
    assert figures("Nilainya Rp1\u202f234,5 juta.", "id")[0][1] == 1234.5e6


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The charity raised 1\u00a023 euros in the raffle.", "en"),  # a two-digit group
        ("The charity raised 12\u202f34 euros in the raffle.", "en"),
        ("In 2023\u00a01\u00a0234 euros went missing from the account.", "en"),  # a year in front
        ("Dana yang hilang 1\u00a023 juta rupiah.", "id"),
    ],
)
def test_spaced_digits_that_are_not_groups_give_no_figure(text: str, lang: str) -> None:
    # neither the joined number nor its last piece: the text does not say which
    assert figures(text, lang) == []


@pytest.mark.parametrize(
    "text",
    [
        "It paid 1 234 euros for the licence.",  # an ordinary space: 1,234 or 1 and 234?
        "On May 1 200 workers walked out.",  # 200 workers on May 1, not 1,200
        "The company booked $1 234 million in one-off costs.",
    ],
)
def test_an_ordinary_space_never_joins_digits_and_the_pieces_give_no_figure(text: str) -> None:
    assert figures(text, "en") == []


def test_a_year_then_a_figure_with_an_ordinary_space_keeps_the_figure() -> None:
    assert figures("In 2023 500 euros went missing from the account.", "en") == [("500 euros", 500.0, "EUR")]


@given(
    st.integers(1_000, 10**12),
    st.sampled_from(["\u00a0", "\u202f", "\u2009"]),
    st.sampled_from([("en", "{} euros", "EUR"), ("id", "Rp{} juta", "IDR"), ("zh", "{}元", "CNY")]),
)
def test_space_grouped_amounts_roundtrip(n: int, space: str, case: tuple[str, str, str]) -> None:
    lang, template, unit = case
    number = f"{n:,}".replace(",", space)
    scale = 1e6 if "juta" in template else 1.0
    [(text, value, found_unit)] = figures("Total: " + template.format(number) + ".", lang)
    assert (value, found_unit) == (n * scale, unit)
    assert number in text


# ------------------------------------------------------------------- Arabic-Indic and Devanagari digits


def test_arabic_indic_digits_and_marks() -> None:
    # ١٢٫٥ with the Arabic decimal mark U+066B, ١٬٢٣٤ with the Arabic thousands mark U+066C
    assert figures("Users grew \u0661\u0662\u066b\u0665% last year.", "en") == [("١٢٫٥%", 12.5, "%")]
    assert figures("Pengguna naik \u0661\u0662\u066b\u0665 persen.", "id") == [("١٢٫٥ persen", 12.5, "%")]
    text = "The fund paid \u0661\u066c\u0662\u0663\u0664 euros."
    assert figures(text, "en") == [("١٬٢٣٤ euros", 1234.0, "EUR")]
    assert figures("Nilainya Rp\u0661\u066c\u0662\u0663\u0664 juta.", "id")[0][1] == 1234e6
    # Extended Arabic-Indic (Persian, Urdu)
    assert figures("It raised $\u06f1\u06f2 million.", "en") == [("$۱۲ million", 12e6, "USD")]


def test_devanagari_and_other_decimal_digits() -> None:
    assert figures("The platform reached \u0967\u0968 million users.", "en") == [
        ("\u0967\u0968 million users", 12e6, "users")
    ]
    assert figures("Platform itu mencapai \u0967\u0968 juta pengguna.", "id")[0][1] == 12e6
    # Bengali and mathematical bold digits: every Unicode decimal digit reads as its value
    assert figures("It raised $\u09e7\u09e8 million.", "en")[0][1] == 12e6
    assert figures("It raised $\U0001d7cf\U0001d7d0 million.", "en")[0][1] == 12e6


def test_the_digit_table_read_back_from_the_cache_folder_is_the_one_scanned(tmp_path: Path) -> None:
    from sora_meta import regexcache
    from sora_meta.extract import normalize

    scanned = normalize._scan_digits()
    with regexcache.using(tmp_path):
        normalize._digits.cache_clear()
        try:
            made = normalize._digits()  # scanned and stored
            assert list((tmp_path / "patterns").rglob("*.json"))
            normalize._digits.cache_clear()
            with mock.patch.object(normalize, "_scan_digits", side_effect=AssertionError("scanned again")):
                read = normalize._digits()  # read back
        finally:
            normalize._digits.cache_clear()
    assert made == read == (dict(scanned[0]), scanned[1])
    assert read[0][0x0669] == "9" and read[0][0x1D7CF] == "1"  # Arabic-Indic nine, mathematical bold one
    assert "\u0660-\u0669" in read[1] and "0" not in read[1]


def test_every_decimal_digit_lies_in_the_scanned_planes() -> None:
    # normalize._digits scans U+0080..U+1FFFF only
    assert not any(chr(c).isdecimal() for c in range(0x20000, sys.maxunicode + 1, 1))


# ------------------------------------------------------------------------- the property, and the pipeline

SENTENCES = [
    ("en", "Meta said Reality Labs lost $4.6 billion, about 12.5% more, and hired 1,200 engineers."),
    ("id", "Laba bersih naik 34,57% menjadi Rp13.717 miliar, dengan 1.200 karyawan baru."),
    ("zh", "腾讯第三季度营收达到1546亿元，同比增长10%，新增员工3000人。"),
]


@given(st.sampled_from(SENTENCES), st.data())
@settings(max_examples=200, deadline=None)
def test_format_characters_anywhere_change_no_value(case: tuple[str, str], data: st.DataObject) -> None:
    lang, clean = case
    chars = list(clean)
    inserts = data.draw(
        st.lists(st.tuples(st.integers(0, len(clean)), st.sampled_from(FORMAT_CHARS)), max_size=12)
    )
    for pos, ch in sorted(inserts, reverse=True):
        chars.insert(pos, ch)
    text = "".join(chars)
    expected = find_figures(clean, lang)
    found = find_figures(text, lang)
    assert [(f.value, f.value_max, f.unit, f.kind, f.qualifier) for f in found] == [
        (f.value, f.value_max, f.unit, f.kind, f.qualifier) for f in expected
    ]
    for f, e in zip(found, expected, strict=True):
        assert text[f.start : f.end] == f.text
        assert "".join(c for c in f.text if c not in FORMAT_CHARS) == e.text
        assert f.text[0] not in FORMAT_CHARS and f.text[-1] not in FORMAT_CHARS


def _analyze(folder: Path) -> pd.DataFrame:
    return analyze(folder, Options(jobs=1, use_cache=False, translator="none")).claims


def test_claims_offsets_point_at_the_figure_as_written(tmp_path: Path) -> None:
    body = (
        "Open\u200bAI said its revenue reached $1\u200b0 billion in 2024, up 12\u202f500 users.\n\n"
        "The fund paid 1\u202f234\u202f567 euros to Meta on 16\u00a0February\u00a02024.\n"
    )
    zh = "２０２４年３月，腾讯营收达到１２．５亿元，同比增长１０％。\n"
    (tmp_path / "en.txt").write_text("Sora revenue\n\n" + body, encoding="utf-8")
    (tmp_path / "zh.txt").write_text("腾讯业绩\n\n" + zh, encoding="utf-8")
    claims = _analyze(tmp_path)
    texts = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    got = []
    for row in claims.itertuples():
        if row.kind == "event":
            continue
        text = texts[row.doc_id]
        assert text[int(row.figure_start) : int(row.figure_end)] == row.figure
        assert text[int(row.start) : int(row.end)].startswith(row.sentence[:5])
        got.append((row.figure, row.value, row.unit))
    assert ("$1\u200b0 billion", 1e10, "USD") in got
    assert ("1\u202f234\u202f567 euros", 1234567.0, "EUR") in got
    assert ("达到１２．５亿元", 12.5e8, "CNY") in got
    assert ("１０％", 10.0, "%") in got
    assert not any(value in (1.0, 0.0, 234.0, 567.0) for _, value, _ in got)
    by_figure = claims.set_index("figure")
    assert "OpenAI" in by_figure.loc["$1\u200b0 billion", "companies"]
    assert by_figure.loc["达到１２．５亿元", "date"] == "2024-03"
    assert by_figure.loc["达到１２．５亿元", "date_text"] == "２０２４年３月"


# -------------------------------------------------------------------------- numbers no float can hold

NINES = "9" * 400


@pytest.mark.parametrize(
    ("text", "figure", "unit", "note"),
    [
        (f"Acme claimed a market of ${NINES} trillion.", f"${NINES} trillion", "USD", "larger"),
        ("The model was trained on 10^400 parameters.", "10^400 parameters", "parameters", "larger"),
        ("The model was trained on 10^-400 parameters.", "10^-400 parameters", "parameters", "smaller"),
        (f"Ukuran pasar: Rp{NINES} triliun.", f"Rp{NINES} triliun", "IDR", "larger"),
    ],
)
def test_a_number_no_float_holds_is_a_figure_with_an_empty_value(
    text: str, figure: str, unit: str, note: str
) -> None:
    lang = "id" if "Rp" in text else "en"
    [f] = find_figures(text, lang)
    assert (f.text, f.value, f.value_max, f.unit) == (figure, None, None, unit)
    assert note in f.note


def test_a_range_with_an_end_no_float_holds_has_no_value_at_all() -> None:
    [f] = find_figures(f"Estimates ran from $5 to ${NINES} trillion.", "en")
    assert (f.value, f.value_max) == (None, None) and f.note


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        ("Revenue could reach $10^12 within a decade.", "$10^12", 1e12, "USD"),
        ("The model has 10^6 users already.", "10^6 users", 1e6, "users"),
        ("The model has 5×10^9 parameters.", "5×10^9 parameters", 5e9, "parameters"),
        ("The model has 1.5 x 10^9 parameters.", "1.5 x 10^9 parameters", 1.5e9, "parameters"),
        ("There are 2**64 parameters.", "2**64 parameters", 2.0**64, "parameters"),
    ],
)
def test_powers_are_one_number(text: str, figure: str, value: float, unit: str) -> None:
    # before: `$10` from `$10^12`, `6 users` from `10^6 users`
    assert figures(text, "en") == [(figure, value, unit)]


def _corpus_with_huge_numbers(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Market sizing\n\n"
        f"Acme sized the market at ${NINES} trillion. Acme also said revenue rose 5% to $2 billion.\n\n"
        "Acme said its model saw 10^400 parameters.\n",
        encoding="utf-8",
    )
    return folder


def _strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"not standard JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "parquet"])
def test_every_format_writes_an_empty_value_and_standard_json(tmp_path: Path, fmt: str) -> None:
    folder = _corpus_with_huge_numbers(tmp_path)
    out, mentions = tmp_path / f"claims.{fmt}", tmp_path / f"mentions.{fmt}"
    result = CliRunner().invoke(
        cli, ["claims", str(folder), "-o", str(out), "--mentions", str(mentions), "--translator", "none"]
    )
    assert result.exit_code == 0, result.output
    for path in (out, mentions):
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as f:
                rows = [dict(r) for r in csv.DictReader(f)]
            values = {r.get("figure", r.get("text")): r["value"] for r in rows}
            empty = ""
        elif fmt == "jsonl":
            rows = [_strict_json(line) for line in path.read_text(encoding="utf-8").splitlines()]  # type: ignore[misc]
            values = {r.get("figure", r.get("text")): r["value"] for r in rows}
            empty = None
        elif fmt == "json":
            rows = _strict_json(path.read_text(encoding="utf-8"))  # type: ignore[assignment]
            values = {r.get("figure", r.get("text")): r["value"] for r in rows}
            empty = None
        else:
            frame = pd.read_parquet(path)
            col = "figure" if "figure" in frame.columns else "text"
            values = {k: (None if pd.isna(v) else v) for k, v in zip(frame[col], frame["value"], strict=True)}
            empty = None
        assert values[f"${NINES} trillion"] == empty
        assert values["10^400 parameters"] == empty
        assert float(values["$2 billion"]) == 2e9  # type: ignore[arg-type]
        assert not any(isinstance(v, float) and math.isinf(v) for v in values.values())
        if fmt != "parquet":
            assert "Infinity" not in path.read_text(encoding="utf-8")
            assert "inf" not in {str(v).lower() for v in values.values()}


def test_the_digit_table_covers_every_decimal_digit() -> None:
    from sora_meta.extract.normalize import _digits

    table, _ = _digits()
    want = {c: str(unicodedata.decimal(chr(c))) for c in range(0x80, 0x20000) if chr(c).isdecimal()}
    assert table == want
