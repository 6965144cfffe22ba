"""Translation through the real deep-translator code against local LibreTranslate and Google servers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from sora_meta.errors import UsageError
from sora_meta.models import Options
from sora_meta.translate import Settings, TranslationReport, translate_rows
from sora_meta.translate.chunk import chunk
from sora_meta.translate.engine import Translator
from tests.translate_servers import FakeServer, english, refused_url, serve

FAST = Settings(connect_timeout=0.5, read_timeout=0.5, backoff=0.02, backoff_max=0.1)


@pytest.fixture()
def libre() -> Iterator[FakeServer]:
    with serve("libre") as server:
        yield server


@pytest.fixture()
def google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    """A Google-format server; deep-translator's GoogleTranslator reads its base URL from this table."""
    from deep_translator import constants

    with serve("google") as server:
        monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", server.url)
        yield server


def rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    claims = [
        {"lang": "id", "sentence": "Pendapatan naik 10 persen."},
        {"lang": "en", "sentence": "Revenue rose 10%."},
        {"lang": "zh", "sentence": "营收增长10%。"},
        {"lang": "id", "sentence": "Pendapatan naik 10 persen."},  # the same text again
    ]
    documents = [
        {"status": "ok", "lang": "id", "title": "Judul berita"},
        {"status": "ok", "lang": "en", "title": "A headline"},
        {"status": "error", "lang": "", "title": ""},
    ]
    return claims, documents


def run(
    options: Options, settings: Settings = FAST, claims: list[dict[str, Any]] | None = None
) -> tuple[TranslationReport, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    warnings: list[str] = []
    c, d = rows()
    if claims is not None:
        c = claims
    report = translate_rows(c, d, options, warn=warnings.append, settings=settings)
    return report, c, d, warnings


def libre_options(url: str, tmp_path: Path) -> Options:
    return Options(translator="libre", translator_url=url, cache_dir=str(tmp_path / "cache"))


def test_libre_success_fills_rows_and_titles(libre: FakeServer, tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    c, d = rows()
    report = translate_rows(
        c, d, libre_options(libre.url, tmp_path), on_progress=lambda *a: progress.append(a), settings=FAST
    )
    assert [r["translator"] for r in c] == ["libre", "source", "libre", "libre"]
    assert c[0]["sentence_en"] == english("Pendapatan naik 10 persen.") == c[3]["sentence_en"]
    assert c[1]["sentence_en"] == "Revenue rose 10%."
    assert c[2]["sentence_en"] == english("营收增长10%。")
    assert [x["title_en"] for x in d] == [english("Judul berita"), "A headline", ""]
    # Identical texts are sent once: 2 distinct sentences + 1 title.
    assert libre.count == 3
    assert (report.requested, report.translated, report.failed, report.from_cache) == (3, 3, 0, 0)
    assert not report.breaker_open and report.warning == ""
    assert progress[-1] == (3, 3)
    sent = {r["q"]: r for r in libre.requests}
    assert sent["营收增长10%。"]["source"] == "zh" and sent["营收增长10%。"]["target"] == "en"
    assert all(r["_method"] == "POST" and r["_path"] == "/translate" and r["api_key"] for r in libre.requests)


def test_second_run_is_served_from_the_cache(libre: FakeServer, tmp_path: Path) -> None:
    options = libre_options(libre.url, tmp_path)
    run(options)
    c1 = rows()[0]
    translate_rows(c1, [], options, settings=FAST)
    libre.reset()
    second, c2, d2, warnings = run(options)
    assert libre.count == 0
    assert second.from_cache == 3 and second.calls == 0 and second.translated == 0
    assert [r["sentence_en"] for r in c2] == [r["sentence_en"] for r in c1]
    assert d2[0]["title_en"] == english("Judul berita")
    assert warnings == []


def test_google_page_format_and_zh_cn_code(google: FakeServer, tmp_path: Path) -> None:
    options = Options(translator="google", cache_dir=str(tmp_path))
    report, c, _, warnings = run(options)
    assert report.failed == 0 and warnings == []
    assert c[2]["sentence_en"] == english("营收增长10%。") and c[2]["translator"] == "google"
    codes = {r["q"]: r["sl"] for r in google.requests}
    assert codes["营收增长10%。"] == "zh-CN"  # Google wants zh-CN, not zh
    assert codes["Pendapatan naik 10 persen."] == "id"
    assert all(r["tl"] == "en" for r in google.requests)


def test_429_then_success_is_retried(libre: FakeServer, tmp_path: Path) -> None:
    libre.plan = ["429"]
    claims = [{"lang": "id", "sentence": "Satu kalimat saja."}]
    report, c, _, warnings = run(libre_options(libre.url, tmp_path), claims=claims)
    assert c[0]["translator"] == "libre" and c[0]["sentence_en"] == english("Satu kalimat saja.")
    assert report.failed == 0 and warnings == []
    assert libre.count == 3  # 429, the retry, and the title


def test_google_429_then_success(google: FakeServer, tmp_path: Path) -> None:
    google.plan = ["429", "429"]
    claims = [{"lang": "id", "sentence": "Satu kalimat saja."}]
    report, c, _, _ = run(Options(translator="google", cache_dir=str(tmp_path)), claims=claims)
    assert c[0]["translator"] == "google"
    assert report.failed == 0


def many(n: int = 40) -> list[dict[str, Any]]:
    return [{"lang": "id", "sentence": f"Kalimat nomor {i}."} for i in range(n)] + [
        {"lang": "en", "sentence": "Already English."}
    ]


def assert_gave_up(report: TranslationReport, c: list[dict[str, Any]], warnings: list[str], why: str) -> None:
    assert report.breaker_open
    assert len(warnings) == 1 and why in warnings[0] and "translator=none" in warnings[0]
    assert report.warning == warnings[0]
    assert all(r["translator"] == "none" and r["sentence_en"] == "" for r in c if r["lang"] != "en")
    assert c[-1]["translator"] == "source"
    assert report.failed == report.requested


def test_repeated_500s_open_the_breaker(tmp_path: Path) -> None:
    with serve("libre", mode="500") as server:
        started = time.monotonic()
        report, c, _, warnings = run(libre_options(server.url, tmp_path), claims=many())
        elapsed = time.monotonic() - started
        # A few calls, not 41 × 3: the breaker stops the provider after 3 failures in a row.
        assert server.count <= FAST.breaker_threshold + FAST.workers
    assert_gave_up(report, c, warnings, "HTTP 500")
    assert elapsed < 2


def test_server_slower_than_the_timeout(tmp_path: Path) -> None:
    with serve("libre", mode="slow", delay=3.0) as server:
        started = time.monotonic()
        report, c, _, warnings = run(libre_options(server.url, tmp_path), claims=many())
        elapsed = time.monotonic() - started
        assert server.count <= FAST.breaker_threshold + FAST.workers
    assert_gave_up(report, c, warnings, "timed out")
    assert elapsed < 2.5  # bounded by the read timeout (0.5 s), not the server's 3 s


def test_server_dripping_bytes_is_cut_off_by_the_hard_deadline(tmp_path: Path) -> None:
    # Each byte comes within the read timeout, so only the per-attempt deadline
    # (connect + read + 1 s = 2 s here) stops it.
    with serve("libre", mode="drip", delay=8.0) as server:
        started = time.monotonic()
        report, c, _, warnings = run(libre_options(server.url, tmp_path), claims=many(6))
        elapsed = time.monotonic() - started
    assert_gave_up(report, c, warnings, "timed out")
    assert elapsed < 5


def test_connection_refused(tmp_path: Path) -> None:
    started = time.monotonic()
    report, c, _, warnings = run(libre_options(refused_url(), tmp_path), claims=many())
    assert time.monotonic() - started < 1.5
    assert_gave_up(report, c, warnings, "connection refused")


def test_google_unreachable_is_one_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from deep_translator import constants

    monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", refused_url("/m"))
    report, c, d, warnings = run(Options(translator="google", cache_dir=str(tmp_path)), claims=many())
    assert_gave_up(report, c, warnings, "google")
    assert d[0]["title_en"] == "" and d[1]["title_en"] == "A headline"


def test_long_text_is_chunked_and_reassembled_in_order(libre: FakeServer, tmp_path: Path) -> None:
    sentences = [f"Kalimat nomor {i} tentang pendapatan perusahaan yang naik tajam." for i in range(120)]
    text = " ".join(sentences)
    assert len(text) > 3000  # libre's limit (characters once URL-encoded)
    report, c, _, _ = run(libre_options(libre.url, tmp_path), claims=[{"lang": "id", "sentence": text}])
    pieces = chunk(text, "id", 3000, lambda t: len(quote_plus(t)))
    assert len(pieces) >= 3
    assert " ".join(pieces) == text  # cut at sentence boundaries, nothing lost
    assert all(p.endswith("tajam.") for p in pieces)
    sent = [r["q"] for r in libre.requests if r["q"] != "Judul berita"]
    assert sorted(sent) == sorted(pieces)  # each piece sent once (in parallel), none over the limit
    assert c[0]["sentence_en"] == " ".join(english(p) for p in pieces)  # answers joined in order
    assert report.translated == 2 and report.failed == 0


def test_google_long_chinese_text_is_chunked_under_5000(google: FakeServer, tmp_path: Path) -> None:
    text = "".join(f"第{i}句话说营收增长了百分之十。" for i in range(600))
    assert len(text) > 5000
    _, c, _, _ = run(
        Options(translator="google", cache_dir=str(tmp_path)), claims=[{"lang": "zh", "sentence": text}]
    )
    pieces = chunk(text, "zh", 4500)
    assert len(pieces) >= 2 and all(len(p) < 5000 and p.endswith("。") for p in pieces)
    assert "".join(pieces) == text
    assert sorted(r["q"] for r in google.requests if r["q"] != "Judul berita") == sorted(pieces)
    assert c[0]["sentence_en"] == " ".join(english(p) for p in pieces)


def test_translator_none_fills_only_english_rows() -> None:
    c, d = rows()
    report = translate_rows(c, d, Options(translator="none"))
    assert report.provider == "none" and report.requested == 0
    assert [r["translator"] for r in c] == ["none", "source", "none", "none"]
    assert [r["sentence_en"] for r in c] == ["", "Revenue rose 10%.", "", ""]
    assert [x["title_en"] for x in d] == ["", "A headline", ""]


def test_bad_configuration_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    c, d = rows()
    with pytest.raises(UsageError, match="google, mymemory, libre"):
        translate_rows(c, d, Options(translator="klingon"))
    with pytest.raises(UsageError, match="--translator-url"):
        translate_rows(c, d, Options(translator="libre"))
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    with pytest.raises(UsageError, match="DEEPL_API_KEY"):
        translate_rows(c, d, Options(translator="deepl"))


def test_api_key_never_appears_in_warnings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = "sekret-key-123456"
    monkeypatch.setenv("LIBRE_API_KEY", secret)
    with serve("libre", mode="500") as server:
        report, _, _, warnings = run(libre_options(server.url, tmp_path), claims=many(5))
        assert server.requests[0]["api_key"] == secret  # it is sent to the server ...
    assert warnings and all(secret not in w for w in warnings)  # ... and shown nowhere
    assert secret not in repr(report)


def test_translator_counts_calls_and_skips_after_breaker(tmp_path: Path) -> None:
    with (
        serve("libre", mode="500") as server,
        Translator(libre_options(server.url, tmp_path), settings=FAST) as tr,
    ):
        tr.translate_many([("id", f"teks {i}") for i in range(10)])
        before = server.count
        again = tr.translate_many([("id", "teks baru")])
        assert again == {("id", "teks baru"): None}
        assert server.count == before  # an open breaker stays open for the run


def test_one_translator_across_batches_warns_once(tmp_path: Path) -> None:
    warnings: list[str] = []
    options = libre_options(refused_url(), tmp_path)
    with Translator(options, warn=warnings.append, settings=FAST) as tr:
        for batch in range(3):
            c = [{"lang": "id", "sentence": f"Kalimat {batch}-{i}."} for i in range(5)]
            report = translate_rows(c, [], options, translator=tr)
            assert all(r["translator"] == "none" for r in c)
        assert warnings == []  # the warning comes once, when the run's translator closes
    assert len(warnings) == 1 and report.failed == 15
    assert report.calls <= FAST.breaker_threshold + FAST.workers  # not 15 × 3


# -- answers are bounded and cleaned ----------------------------------------------------------------

ZH_SENTENCE = "腾讯第三季度营收增长10%。"
ID_TITLE = "Pendapatan Tokopedia naik tajam pada kuartal ketiga"


def answering(monkeypatch: pytest.MonkeyPatch, answers: dict[str, str]) -> None:
    """The fake servers answer these texts as given (the others as usual)."""
    from tests import translate_servers

    usual = translate_servers.english
    monkeypatch.setattr(translate_servers, "english", lambda text: answers.get(text, usual(text)))


def test_an_answer_far_longer_than_its_text_is_refused(
    libre: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 14 characters of Chinese: up to 4 × 14 + 200 = 256 characters of English are taken.
    answering(monkeypatch, {ZH_SENTENCE: "Tencent's revenue grew 10% in the third quarter. " * 40})
    claims = [
        {"lang": "zh", "sentence": ZH_SENTENCE},
        {"lang": "id", "sentence": "Pendapatan naik 10 persen."},
    ]
    report, c, _, warnings = run(libre_options(libre.url, tmp_path), claims=claims)
    assert (c[0]["sentence_en"], c[0]["translator"]) == ("", "none")  # left untranslated
    assert (c[1]["sentence_en"], c[1]["translator"]) == (english("Pendapatan naik 10 persen."), "libre")
    assert report.failed == 1 and report.translated == 2  # the other sentence and the title
    assert len(warnings) == 1 and "answer far longer than the text" in warnings[0]
    assert sum(r["q"] == ZH_SENTENCE for r in libre.requests) == 1  # garbage is not retried
    # Nothing was cached for it: a server that now answers sensibly is asked again.
    monkeypatch.undo()
    report, c, _, warnings = run(libre_options(libre.url, tmp_path), claims=claims[:1])
    assert c[0]["sentence_en"] == english(ZH_SENTENCE) and warnings == []


def test_an_answer_within_the_bound_is_kept(
    libre: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = "Tencent said its revenue for the third quarter grew by 10% from a year earlier. " * 3  # 243
    answering(monkeypatch, {ZH_SENTENCE: answer})
    _, c, _, warnings = run(
        libre_options(libre.url, tmp_path), claims=[{"lang": "zh", "sentence": ZH_SENTENCE}]
    )
    assert c[0]["sentence_en"] == answer.strip() and warnings == []


def test_control_characters_in_an_answer_are_cleaned(
    libre: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answering(
        monkeypatch,
        {
            ZH_SENTENCE: "Tencent\x1b[2J revenue\x1b]8;;https://evil.example/\x07 grew\x1b]8;;\x07 10%"
            "\u009b31m in\x07 the third\r\n::error::pwned quarter.\x1b]52;c;cm0=\x07"
        },
    )
    _, c, _, warnings = run(
        libre_options(libre.url, tmp_path), claims=[{"lang": "zh", "sentence": ZH_SENTENCE}]
    )
    assert c[0]["sentence_en"] == "Tencent revenue grew 10% in the third ::error::pwned quarter."
    assert c[0]["translator"] == "libre" and warnings == []


def test_title_en_keeps_the_bound_of_titles(
    libre: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_title = "Tokopedia revenue rises sharply in the third quarter as shoppers return " * 4  # 292
    answering(monkeypatch, {ID_TITLE: long_title})
    documents = [{"status": "ok", "lang": "id", "title": ID_TITLE}]
    translate_rows([], documents, libre_options(libre.url, tmp_path), settings=FAST)
    assert len(documents[0]["title_en"]) <= 200 and documents[0]["title_en"].endswith("…")
    assert documents[0]["title_en"].startswith("Tokopedia revenue rises sharply")


def test_a_garbage_answer_in_the_cache_is_not_used(libre: FakeServer, tmp_path: Path) -> None:
    from sora_meta.translate.cache import TranslationCache

    options = libre_options(libre.url, tmp_path)
    with TranslationCache(options.cache_dir) as store:  # written by an older version, or by hand
        store.put_many("libre", "zh", "en", [(ZH_SENTENCE, "spam " * 500)])
    _, c, _, _ = run(options, claims=[{"lang": "zh", "sentence": ZH_SENTENCE}])
    assert c[0]["sentence_en"] == english(ZH_SENTENCE)
    assert any(r["q"] == ZH_SENTENCE for r in libre.requests)
