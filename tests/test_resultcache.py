"""The result cache: unchanged files come from it, changed ones are redone, options and code key it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta import pipeline
from sora_meta.cli import cli
from sora_meta.models import Options
from sora_meta.pipeline import analyze
from sora_meta.resultcache import FILE_NAME, ResultCache, cache_directory, extractor_version


@pytest.fixture()
def corpus(seeds: Path, tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(seeds, root)
    return root


@pytest.fixture()
def processed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The doc_ids of the files actually processed (not served from the cache)."""
    seen: list[str] = []
    real = pipeline.process_task

    def spy(task: pipeline.Task, *args: object, **kwargs: object) -> list[pipeline.DocResult]:
        seen.append(task.doc_id)
        return real(task, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "process_task", spy)
    return seen


def _options(tmp_path: Path, **kw: object) -> Options:
    return Options(jobs=1, cache_dir=str(tmp_path / "cache"), **kw)  # type: ignore[arg-type]


def test_unchanged_files_come_from_the_cache(corpus: Path, tmp_path: Path, processed: list[str]) -> None:
    first = analyze(corpus, _options(tmp_path))
    assert len(processed) == 5
    again = analyze(corpus, _options(tmp_path))
    assert len(processed) == 5  # nothing redone
    assert again.claims.equals(first.claims)
    assert again.documents.equals(first.documents)
    assert (tmp_path / "cache" / FILE_NAME).is_file()


def test_a_changed_file_is_redone_alone(corpus: Path, tmp_path: Path, processed: list[str]) -> None:
    analyze(corpus, _options(tmp_path))
    target = corpus / "000_260d7667f8a8cf0d.txt"
    text = target.read_text(encoding="utf-8")
    assert "by more than 80%" in text
    target.write_text(text.replace("by more than 80%", "by more than 81%"), encoding="utf-8")
    processed.clear()
    changed = analyze(corpus, _options(tmp_path))
    assert processed == ["000_260d7667f8a8cf0d.txt"]
    fresh = analyze(corpus, _options(tmp_path, use_cache=False))
    assert changed.claims.equals(fresh.claims)
    assert "more than 81%" in set(changed.claims["figure"])


def test_options_that_change_results_are_part_of_the_key(
    corpus: Path, tmp_path: Path, processed: list[str]
) -> None:
    analyze(corpus, _options(tmp_path))
    processed.clear()
    analyze(corpus, _options(tmp_path, lang_detector="langdetect"))
    assert len(processed) == 5
    companies = tmp_path / "extra.csv"
    companies.write_text("name,aliases\nAcme Widgets,Acme\n", encoding="utf-8")
    processed.clear()
    analyze(corpus, _options(tmp_path, companies_file=str(companies)))
    assert len(processed) == 5
    processed.clear()
    analyze(corpus, _options(tmp_path, companies_file=str(companies)))
    assert processed == []
    companies.write_text("name,aliases\nAcme Widgets,Acme|Widgets\n", encoding="utf-8")
    analyze(corpus, _options(tmp_path, companies_file=str(companies)))
    assert len(processed) == 5  # new content, new key


def test_the_same_bytes_under_another_name_are_another_document(
    corpus: Path, tmp_path: Path, processed: list[str]
) -> None:
    analyze(corpus, _options(tmp_path))
    shutil.copy(corpus / "000_260d7667f8a8cf0d.txt", corpus / "copy.txt")
    processed.clear()
    result = analyze(corpus, _options(tmp_path))
    assert processed == ["copy.txt"]
    assert set(result.claims["doc_id"]) >= {"copy.txt", "000_260d7667f8a8cf0d.txt"}


def test_no_cache_neither_reads_nor_writes(corpus: Path, tmp_path: Path) -> None:
    analyze(corpus, _options(tmp_path, use_cache=False))
    assert not (tmp_path / "cache").exists()


def test_cli_no_cache_and_cache_dir(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["claims", str(corpus), "--format", "jsonl", "--translator", "none", "-q"]
    cached = runner.invoke(cli, [*args, "--cache-dir", str(tmp_path / "c1")])
    again = runner.invoke(cli, [*args, "--cache-dir", str(tmp_path / "c1")])
    bypass = runner.invoke(cli, [*args, "--cache-dir", str(tmp_path / "c2"), "--no-cache"])
    assert cached.exit_code == again.exit_code == bypass.exit_code == 0
    assert cached.stdout == again.stdout == bypass.stdout
    assert (tmp_path / "c1" / FILE_NAME).is_file()
    assert not (tmp_path / "c2").exists()


def test_default_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SORA_META_CACHE_DIR", str(tmp_path / "env"))
    assert cache_directory(Options()) == tmp_path / "env"
    assert cache_directory(Options(cache_dir=str(tmp_path / "opt"))) == tmp_path / "opt"


def test_a_corrupt_cache_file_is_a_warning_not_a_failure(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / FILE_NAME).write_bytes(b"this is not a database" * 100)
    warnings: list[str] = []
    result = analyze(corpus, _options(tmp_path), warn=warnings.append)
    assert len(result.claims) > 40
    assert warnings and "result cache disabled" in warnings[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_directory_is_a_warning(corpus: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    warnings: list[str] = []
    result = analyze(corpus, Options(jobs=1, cache_dir=str(locked / "sub")), warn=warnings.append)
    assert len(result.claims) > 40
    assert warnings


def test_cache_round_trip_keeps_values(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    documents = [{"doc_id": "a", "langs": {"en": 1.0}, "companies": ["Meta"], "chars": 3}]
    claims = [[{"value": 13717000000.0, "value_max": None, "figure_start": 4, "companies": []}]]
    mentions = [[{"kind": "date", "date": "2024-03", "claim_ids": ["abc"], "value": None}]]
    cache.put("k", documents, claims, mentions)
    cache.close()
    again = ResultCache(tmp_path)
    assert again.get("k") == (documents, claims, mentions)
    assert again.get("missing") is None
    again.close()


def test_extractor_version_names_the_package_version() -> None:
    from sora_meta import __version__

    assert __version__ in extractor_version()
