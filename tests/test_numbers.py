"""Numerals per language: grouping and decimal marks, Chinese numerals, number words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sora_meta.extract.numbers import (
    _has_ascii_digit,
    language_table,
    normalize_digits,
    parse_chinese_numeral,
    parse_number,
    parse_number_words,
)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,234.5", "en", 1234.5),
        ("1,234,567", "en", 1234567.0),
        ("1.5", "en", 1.5),
        ("1,000", "en", 1000.0),
        ("0.25", "en", 0.25),
        ("1.234,5", "id", 1234.5),
        ("123.000", "id", 123000.0),
        ("10.000", "id", 10000.0),
        ("1.234.567,89", "id", 1234567.89),
        ("13,717", "id", 13.717),
        ("34,57", "id", 34.57),
        ("1,4", "id", 1.4),
        ("1.5", "id", 1.5),  # a lone '.' before 1-2 digits: English-style decimal in Indonesian text
        ("10.15", "id", 10.15),
        ("1,234,567", "id", 1234567.0),  # repeated ',' with valid groups: English grouping
        ("1,234.5", "id", 1234.5),  # both marks: the last one is decimal
        ("１２３", "zh", 123.0),
        ("36.57", "zh", 36.57),
        ("2024", "xx", 2024.0),
    ],
)
def test_parse_number(text: str, lang: str, value: float) -> None:
    assert parse_number(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.2.3", "1,23,4", "", "abc", "1.", ".5", "1,234.5.6", "12,34.567"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text, "en") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三十亿", 3e9),
        ("两千", 2000.0),
        ("3.5万亿", 3.5e12),
        ("1000万", 1e7),
        ("36.57亿", 3.657e9),
        ("一万五千", 15000.0),
        ("十二亿三千万", 1.23e9),
        ("一百零五", 105.0),
        ("三千五百万", 3.5e7),
        ("十", 10.0),
        ("十万", 1e5),
        ("万亿", 1e12),
        ("三十五点五", 35.5),
        ("一亿", 1e8),
        ("５亿", 5e8),
        ("贰拾", 20.0),
    ],
)
def test_parse_chinese_numeral(text: str, value: float) -> None:
    assert parse_chinese_numeral(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "一些", "元", "点五"])
def test_parse_chinese_numeral_rejects(text: str) -> None:
    assert parse_chinese_numeral(text) is None


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("ten billion", "en", 1e10),
        ("two hundred fifty million", "en", 2.5e8),
        ("twenty-five", "en", 25.0),
        ("a dozen", "en", 12.0),
        ("a million", "en", 1e6),
        ("one hundred and five", "en", 105.0),
        ("dua puluh lima", "id", 25.0),
        ("seratus ribu", "id", 1e5),
        ("sejuta", "id", 1e6),
        ("seribu", "id", 1000.0),
        ("sepuluh", "id", 10.0),
        ("dua belas", "id", 12.0),
        ("dua ratus lima puluh ribu", "id", 250000.0),
        ("satu juta", "id", 1e6),
        ("lima miliar", "id", 5e9),
    ],
)
def test_parse_number_words(text: str, lang: str, value: float) -> None:
    assert parse_number_words(text, lang) == pytest.approx(value)


def test_parse_number_words_rejects_other_words() -> None:
    assert parse_number_words("ten apples", "en") is None


def test_normalize_digits() -> None:
    assert normalize_digits("１２３，４５６．７") == "123,456.7"
    assert normalize_digits("٣٤") == "34"


def test_a_language_without_tables_gets_the_neutral_table_only() -> None:
    assert "number_format" not in language_table("xx")  # no decimal mark: never English's
    # no word of any language's script but the Chinese-script ones every text may quote (`5亿`)
    assert all(not w.isascii() for w in language_table("xx").get("magnitudes", {}))
    assert language_table("xx")["currency_prefix"]["€"] == "EUR"


def _format(value: int, frac: int | None, group: str, decimal: str) -> str:
    body = f"{value:,}".replace(",", group)
    return body if frac is None else f"{body}{decimal}{frac:02d}"


@given(st.integers(min_value=0, max_value=10**15), st.one_of(st.none(), st.integers(0, 99)))
def test_roundtrip_en(value: int, frac: int | None) -> None:
    text = _format(value, frac, ",", ".")
    expected = value + (frac / 100 if frac is not None else 0)
    assert parse_number(text, "en") == pytest.approx(expected)


@given(st.integers(min_value=0, max_value=10**15), st.one_of(st.none(), st.integers(0, 99)))
def test_roundtrip_id(value: int, frac: int | None) -> None:
    text = _format(value, frac, ".", ",")
    expected = value + (frac / 100 if frac is not None else 0)
    assert parse_number(text, "id") == pytest.approx(expected)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_roundtrip_chinese_digits_with_wan(value: int) -> None:
    assert parse_chinese_numeral(f"{value}万") == pytest.approx(value * 1e4)


@given(st.text(max_size=40))
def test_parsers_never_raise(text: str) -> None:
    parse_number(text, "id")
    parse_chinese_numeral(text)
    parse_number_words(text, "en")


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_has_ascii_digit_on_ascii_text(text: str) -> None:
    assert _has_ascii_digit(text) == any(c.isdigit() for c in text)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20), st.sampled_from(["en", "id", "zh", "xx"]))
def test_plain_digits_read_the_same_in_every_language(digits: str, lang: str) -> None:
    assert parse_number(digits, lang) == float(int(digits))
    assert parse_number(digits, lang) == parse_number("\uff10" + digits, lang)  # the full path (full-width 0)
