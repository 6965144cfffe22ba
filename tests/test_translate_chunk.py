"""Cutting texts within a provider's limit, and the provider tables (codes, keys, URLs, settings)."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from sora_meta.errors import UsageError
from sora_meta.models import Options
from sora_meta.translate.chunk import chunk, join
from sora_meta.translate.engine import Settings
from sora_meta.translate.providers import measure, provider_code
from sora_meta.translate.registry import PROVIDERS, check_configuration, libre_url


def test_short_text_is_one_piece() -> None:
    assert chunk("  Halo dunia.  ", "id", 100) == ["Halo dunia."]
    assert chunk("   ", "id", 100) == []


def test_sentences_are_packed_in_order_within_the_limit() -> None:
    text = "Satu dua tiga. Empat lima enam. Tujuh delapan sembilan. Sepuluh."
    pieces = chunk(text, "id", 35)
    assert pieces == ["Satu dua tiga. Empat lima enam.", "Tujuh delapan sembilan. Sepuluh."]
    assert " ".join(pieces) == text


def test_chinese_sentences_join_without_spaces() -> None:
    text = "营收增长10%。利润下降5%。" * 5
    pieces = chunk(text, "zh", 30)
    assert "".join(pieces) == text
    assert all(len(p) <= 30 and p.endswith("。") for p in pieces)


def test_a_sentence_longer_than_the_limit_is_cut_at_commas_then_spaces() -> None:
    text = "Pendapatan naik, laba turun, saham stabil, dan investor senang sekali hari ini"
    pieces = chunk(text, "id", 20)
    assert all(len(p) <= 20 for p in pieces)
    assert " ".join(pieces) == text
    assert pieces[0] == "Pendapatan naik,"
    assert chunk("x" * 25, "id", 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_limits_measured_as_the_provider_counts() -> None:
    text = "营收" * 200  # 400 characters, 1,200 UTF-8 bytes
    assert measure(PROVIDERS["google"], text) == 400
    assert measure(PROVIDERS["mymemory"], text) == 1200
    assert measure(PROVIDERS["libre"], text) == len(quote_plus(text))
    pieces = chunk("。".join([text[:100]] * 8) + "。", "zh", 450, lambda t: measure(PROVIDERS["mymemory"], t))
    assert all(len(p.encode()) <= 450 for p in pieces)


def test_join_drops_empty_answers() -> None:
    assert join(["Revenue rose. ", "", " Profit fell."]) == "Revenue rose. Profit fell."


@pytest.mark.parametrize(
    ("provider", "lang", "code"),
    [
        ("google", "zh", "zh-CN"),
        ("google", "id", "id"),
        ("google", "he", "iw"),
        ("google", "", "auto"),
        ("mymemory", "zh", "zh-CN"),
        ("mymemory", "id", "id-ID"),
        ("mymemory", "en", "en-GB"),
        ("libre", "zh", "zh"),
        ("libre", "xx", "auto"),
        ("deepl", "id", "id"),
        ("deepl", "xx", None),
        ("baidu", "ja", "jp"),
        ("microsoft", "zh", "zh-hans"),
    ],
)
def test_language_codes_per_provider(provider: str, lang: str, code: str | None) -> None:
    assert provider_code(PROVIDERS[provider], lang) == code


def test_libre_url_needs_a_trailing_slash_and_no_endpoint() -> None:
    assert libre_url("http://127.0.0.1:5000") == "http://127.0.0.1:5000/"
    assert libre_url("http://127.0.0.1:5000/translate") == "http://127.0.0.1:5000/"
    assert libre_url("https://lt.example.org/api/") == "https://lt.example.org/api/"
    with pytest.raises(UsageError):
        libre_url("ftp://x/")


def test_keys_come_from_the_environment_and_are_named_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAIDU_APPID", raising=False)
    monkeypatch.delenv("BAIDU_APPKEY", raising=False)
    with pytest.raises(UsageError, match="BAIDU_APPID and BAIDU_APPKEY"):
        check_configuration(Options(translator="baidu"))
    monkeypatch.setenv("MICROSOFT_API_KEY", "k-123456")
    assert check_configuration(Options(translator="microsoft")) is PROVIDERS["microsoft"]
    assert check_configuration(Options(translator="none")) is None


def test_settings_from_environment() -> None:
    s = Settings.from_env({"SORA_META_TRANSLATE_TIMEOUT": "0.5", "SORA_META_TRANSLATE_TRIES": "2"})
    assert (s.connect_timeout, s.read_timeout, s.tries) == (0.5, 0.5, 2)
    s = Settings.from_env({"SORA_META_TRANSLATE_TIMEOUT": "2,10", "SORA_META_TRANSLATE_RATE": "0"})
    assert (s.connect_timeout, s.read_timeout, s.rate) == (2.0, 10.0, 0.0)
    with pytest.raises(UsageError, match="SORA_META_TRANSLATE_WORKERS"):
        Settings.from_env({"SORA_META_TRANSLATE_WORKERS": "many"})


def test_a_megabyte_without_a_break_is_cut_in_linear_time() -> None:
    import time

    text = "营" * 1_000_000
    started = time.monotonic()
    pieces = chunk(text, "zh", 4500)
    assert time.monotonic() - started < 5
    assert "".join(pieces) == text and max(map(len, pieces)) <= 4500
    commas = "," * 200_000
    started = time.monotonic()
    assert "".join(chunk(commas, "id", 450, lambda t: len(t.encode()))) == commas
    assert time.monotonic() - started < 5
