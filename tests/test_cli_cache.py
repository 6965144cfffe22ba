"""`sora-meta cache info` and `sora-meta cache clear` through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.translate.cache import CACHE_FILE, TranslationCache


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def filled(tmp_path: Path) -> Path:
    with TranslationCache(tmp_path) as store:
        store.put_many("google", "id", "en", [("halo", "hello"), ("dunia", "world")])
        store.put_many("libre", "zh", "en", [("你好", "hello")])
    return tmp_path


def test_info_on_an_empty_folder_creates_nothing(tmp_path: Path) -> None:
    code, out, _ = run("cache", "info", "--cache-dir", str(tmp_path))
    assert code == 0
    assert str(tmp_path / CACHE_FILE) in out and "not created yet" in out
    assert "entries: 0" in out
    assert not (tmp_path / CACHE_FILE).exists()


def test_info_lists_entries_per_provider(filled: Path) -> None:
    code, out, _ = run("cache", "info", "--cache-dir", str(filled))
    assert code == 0
    assert "entries: 3" in out and "google: 2" in out and "libre: 1" in out
    code, out, _ = run("cache", "info", "--cache-dir", str(filled), "--json")
    facts = json.loads(out)
    assert facts["providers"] == {"google": 2, "libre": 1}
    assert facts["bytes"] > 0 and facts["path"] == str(filled / CACHE_FILE)


def test_info_reads_the_cache_dir_from_the_environment(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SORA_META_CACHE_DIR", str(filled))
    code, out, _ = run("cache", "info")
    assert code == 0 and "entries: 3" in out


def test_clear_one_provider_then_all(filled: Path) -> None:
    (filled / "results.sqlite3").write_text("not ours")
    code, out, _ = run("cache", "clear", "--cache-dir", str(filled), "--provider", "libre")
    assert code == 0 and "removed 1 libre translations" in out
    code, out, _ = run("cache", "info", "--cache-dir", str(filled), "--json")
    assert json.loads(out)["providers"] == {"google": 2}
    code, out, _ = run("cache", "clear", "--cache-dir", str(filled))
    assert code == 0 and "removed 2 translations" in out
    assert not (filled / CACHE_FILE).exists()
    assert (filled / "results.sqlite3").exists()


def test_corrupt_cache_is_reported_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"junk" * 1000)
    code, out, err = run("cache", "info", "--cache-dir", str(tmp_path))
    assert code == 0
    assert "entries: 0" in out
    assert err.count("warning:") == 1 and "corrupt-" in err
