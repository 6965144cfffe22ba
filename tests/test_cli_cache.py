"""`sora-meta cache info` and `sora-meta cache clear` through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta import regexcache
from sora_meta.cli import cli
from sora_meta.resultcache import FILE_NAME
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
    assert f"translations: 0 entries, {tmp_path / CACHE_FILE} (not created yet)" in out
    assert f"results:      0 entries, {tmp_path / FILE_NAME} (not created yet)" in out
    assert f"patterns:     0 files, {tmp_path / 'patterns'} (not created yet)" in out
    assert "total:        0 B" in out
    assert list(tmp_path.iterdir()) == []


def test_info_lists_entries_per_provider_and_server(filled: Path) -> None:
    with TranslationCache(filled) as store:
        store.put_many("libre", "id", "en", [("halo", "hello")], server="http://10.0.0.7:5000/")
    code, out, _ = run("cache", "info", "--cache-dir", str(filled))
    assert code == 0
    assert (
        "translations: 4 entries" in out and "  google: 2\n  libre: 2\n    http://10.0.0.7:5000/: 1\n" in out
    )
    code, out, _ = run("cache", "info", "--cache-dir", str(filled), "--json")
    facts = json.loads(out)["translations"]
    assert facts["providers"] == {"google": 2, "libre": 2}
    assert facts["servers"] == {"libre": {"http://10.0.0.7:5000/": 1}}
    assert facts["bytes"] > 0 and facts["path"] == str(filled / CACHE_FILE)


def test_info_reads_the_cache_dir_from_the_environment(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SORA_META_CACHE_DIR", str(filled))
    code, out, _ = run("cache", "info")
    assert code == 0 and "translations: 3 entries" in out


@pytest.fixture()
def every_cache(filled: Path, seeds: Path) -> Path:
    """A cache folder with translations, the results of the seed corpus and compiled patterns."""
    code, _, err = run(
        "claims", str(seeds), "-q", "-j", "1", "--translator", "none", "--cache-dir", str(filled)
    )
    assert code == 0, err
    with regexcache.using(filled):  # this process may have compiled the extractors' patterns already
        regexcache.compile(r"(?P<amount>\d+(?:,\d+)?) (?:juta|miliar|triliun)")
        regexcache.compile(r"\b(?:rose|fell|climbed) (?:by )?\d+(?:\.\d+)?%")
    (filled / f"{FILE_NAME}.corrupt-20240516T093000").write_bytes(b"set aside by an earlier run")
    return filled


def test_info_counts_every_cache_with_its_size(every_cache: Path) -> None:
    code, out, _ = run("cache", "info", "--cache-dir", str(every_cache), "--json")
    assert code == 0
    facts = json.loads(out)
    assert facts["translations"]["entries"] == 3
    assert facts["results"]["entries"] == 5  # one per seed file
    # compiled patterns (`.sre`) and what start-up makes from the tables (`.json`), however many this
    # process had already made before the run (the extractors keep theirs in memory)
    stored = [p for p in (every_cache / "patterns").rglob("*") if p.suffix in (".sre", ".json")]
    assert facts["patterns"]["entries"] == len(stored) >= 2
    for name in ("translations", "results", "patterns"):
        assert facts[name]["bytes"] > 0
    assert facts["bytes"] == sum(facts[name]["bytes"] for name in ("translations", "results", "patterns"))
    code, out, _ = run("cache", "info", "--cache-dir", str(every_cache))
    assert (
        "results:      5 entries, " in out and f"patterns:     {facts['patterns']['entries']} files, " in out
    )


@pytest.mark.parametrize(
    ("what", "left"),
    [
        (["results"], {"translations", "patterns"}),
        (["patterns"], {"translations", "results"}),
        (["translations", "results"], {"patterns"}),
        (["all"], set()),
        ([], set()),
    ],
)
def test_clear_each_cache_alone_or_all(every_cache: Path, what: list[str], left: set[str]) -> None:
    code, out, _ = run("cache", "clear", *what, "--cache-dir", str(every_cache))
    assert code == 0
    if "results" not in left:
        assert f"removed 5 results from {every_cache / FILE_NAME}" in out
    code, out, _ = run("cache", "info", "--cache-dir", str(every_cache), "--json")
    facts = json.loads(out)
    assert {name for name in ("translations", "results", "patterns") if facts[name]["entries"]} == left
    assert (every_cache / f"{FILE_NAME}.corrupt-20240516T093000").exists()  # never ours to delete


def test_clear_one_provider_then_the_translations(filled: Path) -> None:
    (filled / FILE_NAME).write_text("not a translation")
    code, out, _ = run("cache", "clear", "--cache-dir", str(filled), "--provider", "libre")
    assert code == 0 and out == f"removed 1 libre translations from {filled / CACHE_FILE}\n"
    code, out, _ = run("cache", "info", "--cache-dir", str(filled), "--json")
    assert json.loads(out)["translations"]["providers"] == {"google": 2}
    code, out, _ = run("cache", "clear", "translations", "--cache-dir", str(filled))
    assert code == 0 and "removed 2 translations" in out
    assert not (filled / CACHE_FILE).exists()
    assert (filled / FILE_NAME).exists()


@pytest.mark.parametrize(
    "args",
    [["--provider", "gogle"], ["--provider", ""], ["results", "--provider", "google"], ["everything"]],
)
def test_an_unknown_provider_or_cache_is_a_usage_error(filled: Path, args: list[str]) -> None:
    code, out, err = run("cache", "clear", "--cache-dir", str(filled), *args)
    assert code == 2 and out == ""
    assert "removed" not in err
    with TranslationCache(filled) as store:
        assert store.info()["entries"] == 3  # nothing was removed


def test_corrupt_cache_is_reported_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"junk" * 1000)
    code, out, err = run("cache", "info", "--cache-dir", str(tmp_path))
    assert code == 0
    assert "translations: 0 entries" in out
    assert err.count("warning:") == 1 and "corrupt-" in err


def test_a_corrupt_results_cache_is_reported_and_left_for_the_next_run(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"junk" * 1000)
    code, out, _ = run("cache", "info", "--cache-dir", str(tmp_path))
    assert code == 0
    assert "results:      0 entries, 3.9 KiB" in out and "unreadable (file is not a database)" in out
    assert (tmp_path / FILE_NAME).read_bytes() == b"junk" * 1000
