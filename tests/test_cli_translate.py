"""`sora-meta translate` and `--translator` through CliRunner, against local fake servers only."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sora_meta.cli import cli
from tests.translate_servers import FakeServer, refused_url, serve

NON_ENGLISH = ("001_66a28538b23c5c85.txt", "003_66e70a8fc942254b.txt")  # id, zh


@pytest.fixture(autouse=True)
def fast_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SORA_META_TRANSLATE_TIMEOUT", "0.5")
    monkeypatch.setenv("SORA_META_TRANSLATE_BACKOFF", "0.02")
    for var in ("SORA_META_TRANSLATOR", "SORA_META_TRANSLATOR_URL", "SORA_META_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture()
def libre() -> Iterator[FakeServer]:
    with serve("libre") as server:
        yield server


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_translate_writes_one_english_file_per_non_english_document(
    seeds: Path, libre: FakeServer, tmp_path: Path
) -> None:
    out = tmp_path / "english"
    cache = str(tmp_path / "cache")
    args = ("translate", str(seeds), "-o", str(out), "--translator", "libre")
    code, _, err = run(*args, "--translator-url", libre.url, "--cache-dir", cache)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [f"{name}.en.txt" for name in NON_ENGLISH]
    assert "already English, skipped" in err
    text = (out / f"{NON_ENGLISH[0]}.en.txt").read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    assert "machine translation by libre" in header
    assert body.count("EN[") >= 5 and "[untranslated]" not in body
    # Repeated paragraphs are dropped: 001 holds its article twice, each paragraph is written once.
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    assert not list(out.glob(".*.tmp"))  # written atomically, nothing left behind
    libre.reset()
    code, _, _ = run(*args, "--translator-url", libre.url, "--cache-dir", cache)
    assert code == 0
    assert libre.count == 0  # the second run comes from the cache


def test_translate_with_the_provider_down_writes_nothing_and_warns_once(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "english"
    started = time.monotonic()
    code, _, err = run(
        "translate", str(seeds), "-o", str(out), "--translator", "libre",
        "--translator-url", refused_url(), "--cache-dir", str(tmp_path / "c"),
    )  # fmt: skip
    assert time.monotonic() - started < 10
    assert code == 1  # nothing written: a CI job must not pass on empty output (#16)
    assert err.count("warning: translation:") == 1 and "connection refused" in err
    assert list(out.iterdir()) == []  # no file of untranslated text overwrites a good one
    code, _, _ = run(
        "translate", str(seeds), "-o", str(out), "--translator", "libre",
        "--translator-url", refused_url(), "--cache-dir", str(tmp_path / "c"), "--strict",
    )  # fmt: skip
    assert code == 1


def test_translate_needs_a_translator(seeds: Path, tmp_path: Path) -> None:
    code, _, err = run("translate", str(seeds), "-o", str(tmp_path), "--translator", "none")
    assert code == 2 and "needs a translator" in err


def test_unknown_translator_is_a_usage_error_listing_the_choices(seeds: Path) -> None:
    code, _, err = run("claims", str(seeds), "--translator", "klingon")
    assert code == 2
    assert "klingon" in err and "google" in err and "libre" in err and "none" in err


def test_libre_without_url_and_missing_key_are_usage_errors(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run("translate", str(seeds), "-o", str(tmp_path), "--translator", "libre")
    assert code == 2 and "--translator-url" in err
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    code, _, err = run("translate", str(seeds), "-o", str(tmp_path), "--translator", "deepl")
    assert code == 2 and "DEEPL_API_KEY" in err
    assert len(err.strip().splitlines()) == 1


def test_default_translator_is_google(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SORA_META_TRANSLATOR", raising=False)  # tests set it to none
    result = CliRunner().invoke(cli, ["claims", "--help"])
    assert "[default: google]" in " ".join(result.output.split())


def _pipeline_wired() -> bool:
    """Whether `sora-meta claims` calls `translate_rows` yet (in the pipeline or the command)."""
    import inspect

    from sora_meta import pipeline
    from sora_meta.commands import claims

    return any("translate_rows" in inspect.getsource(m) for m in (pipeline, claims))


# Runs for real once the claims path calls translate_rows; until then an expected failure.
wiring = pytest.mark.xfail(not _pipeline_wired(), reason="pipeline wiring pending", strict=False)


@wiring
def test_claims_with_libre_fill_sentence_en_and_rerun_makes_no_requests(
    seeds: Path, libre: FakeServer, tmp_path: Path
) -> None:
    args = ["claims", str(seeds), "--format", "jsonl", "--translator", "libre"]
    args += ["--translator-url", libre.url, "--cache-dir", str(tmp_path / "cache")]
    code, out, err = run(*args)
    assert code == 0, err
    table = pd.read_json(io.StringIO(out), lines=True)
    foreign = table[table["lang"] != "en"]
    assert len(foreign) > 0
    assert (foreign["translator"] == "libre").all()
    assert foreign["sentence_en"].str.startswith("EN[").all()
    english = table[table["lang"] == "en"]
    assert (english["translator"] == "source").all()
    assert (english["sentence_en"] == english["sentence"]).all()
    assert libre.count > 0
    libre.reset()
    code, out2, _ = run(*args)
    assert code == 0
    assert libre.count == 0
    assert out2 == out


@wiring
def test_claims_with_google_unreachable_exits_0_with_one_warning(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deep_translator import constants

    monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", refused_url("/m"))
    started = time.monotonic()
    code, _, _ = run("claims", str(seeds), "--translator", "none", "--cache-dir", str(tmp_path))
    none_time = time.monotonic() - started
    started = time.monotonic()
    code, out, err = run(
        "claims", str(seeds), "--format", "jsonl", "--translator", "google", "--cache-dir", str(tmp_path)
    )
    google_time = time.monotonic() - started
    assert code == 0
    assert google_time < none_time + 5
    assert err.count("warning: translation:") == 1
    table = pd.read_json(io.StringIO(out), lines=True)
    assert set(table.loc[table["lang"] != "en", "translator"]) == {"none"}


@wiring
def test_claims_strict_fails_when_translation_failed(seeds: Path, tmp_path: Path) -> None:
    args = ["claims", str(seeds), "--translator", "libre", "--translator-url", refused_url()]
    code, _, _ = run(*args, "--cache-dir", str(tmp_path), "--strict")
    assert code == 1


def test_summarize_shows_english_for_non_english_claims(
    seeds: Path, libre: FakeServer, tmp_path: Path
) -> None:
    args = ["summarize", str(seeds), "--format", "json", "--translator", "libre"]
    code, out, err = run(*args, "--translator-url", libre.url, "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    view = json.loads(out)
    foreign = [f for f in view["figures"] if f["lang"] != "en"]
    assert foreign and all(f["sentence_en"].startswith("EN[") for f in foreign)
    docs = {d["doc_id"]: d for d in view["documents"]}
    assert docs["003_66e70a8fc942254b.txt"]["title_en"].startswith("EN[")
    assert view["overview"]["translation"]["translated"] == view["overview"]["translation"]["non_english"]
