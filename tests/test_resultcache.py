"""The result cache: unchanged files come from it, changed ones are redone, options and code key it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

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
    real = pipeline.process_tasks

    def spy(tasks: list[pipeline.Task], *args: object, **kwargs: object) -> list[list[pipeline.DocResult]]:
        seen.extend(task.doc_id for task in tasks)
        return real(tasks, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "process_tasks", spy)
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


def test_a_corrupt_cache_file_is_set_aside_and_rebuilt(
    corpus: Path, tmp_path: Path, processed: list[str]
) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / FILE_NAME).write_bytes(b"this is not a database" * 100)
    warnings: list[str] = []
    first = analyze(corpus, _options(tmp_path), warn=warnings.append)
    assert len(first.claims) > 40
    assert len(warnings) == 1 and "damaged" in warnings[0] and ".corrupt-" in warnings[0]
    (aside,) = (tmp_path / "cache").glob(f"{FILE_NAME}.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")
    processed.clear()
    warnings.clear()
    again = analyze(corpus, _options(tmp_path), warn=warnings.append)
    assert processed == [] and warnings == []  # the new cache serves the second run
    assert again.claims.equals(first.claims)


def test_a_cache_damaged_during_a_run_is_rebuilt(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.close()
    (tmp_path / FILE_NAME).write_bytes(b"\x00garbage" * 2000)
    warnings: list[str] = []
    cache = ResultCache(tmp_path, warn=warnings.append)
    assert cache.enabled and cache.get("k") is None
    cache.put("k", *_one_entry())
    cache.close()
    assert ResultCache(tmp_path).get("k") == _one_entry()
    assert len(warnings) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_directory_is_a_warning(corpus: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    warnings: list[str] = []
    result = analyze(corpus, Options(jobs=1, cache_dir=str(locked / "sub")), warn=warnings.append)
    assert len(result.claims) > 40
    assert warnings


def test_cache_round_trip_keeps_values(tmp_path: Path) -> None:
    text = "Meta said on Tuesday that Reality Labs lost $13.717 billion in 2023, more than a year earlier.\n"
    task = pipeline.Task("meta.txt", "meta.txt", "text", text.encode())
    (result,) = pipeline.process_task(task, Options(jobs=1, lang_detector="langdetect"))
    assert result.claims and result.mentions
    entry = ([result.document], [result.claims], [result.mentions])
    cache = ResultCache(tmp_path)
    cache.put("k", *entry)
    cache.close()
    again = ResultCache(tmp_path)
    assert again.get("k") == entry
    assert 13717000000.0 in [row["value"] for row in again.get("k")[1][0]]  # type: ignore[index]
    assert again.get("missing") is None
    again.close()


def test_extractor_version_names_the_package_version() -> None:
    from sora_meta import __version__

    assert __version__ in extractor_version()


def _one_entry(doc_id: str = "feed.jsonl#1") -> tuple[list[Any], list[Any], list[Any]]:
    """A documents row, its claim rows and its mention rows, as the pipeline makes them."""
    documents = [
        {
            "doc_id": doc_id,
            "path": "feed.jsonl",
            "format": "jsonl",
            "encoding": "utf-8",
            "title": "Pabrik baterai baru di Karawang",
            "title_en": "",
            "source": "",
            "url": "",
            "published": "2024-05-16",
            "lang": "id",
            "langs": {"id": 1.0},
            "chars": 61,
            "paragraphs": 1,
            "duplicate_paragraphs": 0,
            "furniture_lines": 0,
            "sentences": 1,
            "companies": ["Hyundai"],
            "claims": 0,
            "status": "ok",
            "reason": "",
        }
    ]
    return documents, [[]], [[]]


def _raw(tmp_path: Path, rows: list[tuple[str, object]]) -> None:
    """Write values straight into the cache file, as a damaged disk or another program might."""
    ResultCache(tmp_path).close()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)
    db.commit()
    db.close()


def _packed(value: object) -> bytes:
    return zlib.compress(json.dumps(value).encode())


def _bad_values() -> dict[str, object]:
    documents, claims, mentions = _one_entry()
    no_title = [{k: v for k, v in documents[0].items() if k != "title"}]
    text_chars = [{**documents[0], "chars": "61"}]
    return {
        "text": "not a blob",
        "number": 42,
        "null blob": b"",
        "not zlib": b"\x78\x9c not really",
        "not json": zlib.compress(b"{oops"),
        "a dict": _packed({"documents": documents}),
        "old format": _packed([documents, claims, mentions]),
        "another key": _packed([2, "another key's", documents, claims, mentions]),
        "too few claim lists": _packed([2, "too few claim lists", documents, [], mentions]),
        "a missing column": _packed([2, "a missing column", no_title, claims, mentions]),
        "a text for a number": _packed([2, "a text for a number", text_chars, claims, mentions]),
        "a number for a row": _packed([2, "a number for a row", [7], claims, mentions]),
        "nested nonsense": _packed([2, "nested nonsense", documents, [[[[]]]], mentions]),
    }


@pytest.mark.parametrize("name", sorted(_bad_values()))
def test_an_entry_of_the_wrong_shape_or_type_is_a_miss(tmp_path: Path, name: str) -> None:
    _raw(tmp_path, [(name, _bad_values()[name])])
    warnings: list[str] = []
    cache = ResultCache(tmp_path, warn=warnings.append)
    assert cache.get(name) is None
    assert cache.misses == 1 and warnings == [] and cache.enabled
    cache.put(name, *_one_entry())  # and it is replaced by a good one
    cache.close()
    assert ResultCache(tmp_path).get(name) == _one_entry()


def test_rows_stored_under_another_files_key_are_never_served(
    corpus: Path, tmp_path: Path, processed: list[str]
) -> None:
    """Swap two files' cached values: each file is processed again, never given the other's rows."""
    fresh = analyze(corpus, _options(tmp_path))
    db = sqlite3.connect(tmp_path / "cache" / FILE_NAME)
    rows = db.execute("SELECT key, value FROM results ORDER BY key").fetchall()
    assert len(rows) == 5
    swapped = [(rows[0][0], rows[1][1]), (rows[1][0], rows[0][1])]
    db.executemany("UPDATE results SET value = ? WHERE key = ?", [(v, k) for k, v in swapped])
    db.commit()
    db.close()
    processed.clear()
    again = analyze(corpus, _options(tmp_path))
    assert len(processed) == 2
    assert again.claims.equals(fresh.claims) and again.documents.equals(fresh.documents)


def test_malformed_entries_in_a_run_are_redone_not_an_error(
    corpus: Path, tmp_path: Path, processed: list[str]
) -> None:
    fresh = analyze(corpus, _options(tmp_path))
    db = sqlite3.connect(tmp_path / "cache" / FILE_NAME)
    keys = [k for (k,) in db.execute("SELECT key FROM results ORDER BY key")]
    bad = [[{"doc_id": 7}], [], []], [[], [[]], [[]]], {"documents": []}, "rows", [[None], [None], [None]]
    db.executemany(
        "UPDATE results SET value = ? WHERE key = ?",
        [(_packed(b), k) for b, k in zip(bad, keys, strict=False)],
    )
    db.commit()
    db.close()
    processed.clear()
    again = analyze(corpus, _options(tmp_path))
    assert len(processed) == 5
    assert again.claims.equals(fresh.claims) and again.documents.equals(fresh.documents)


def test_an_entry_that_cannot_be_stored_is_not_stored(tmp_path: Path) -> None:
    documents, claims, mentions = _one_entry()
    lone = [{**documents[0], "title": "Laba bersih naik \udc80 persen"}]
    warnings: list[str] = []
    cache = ResultCache(tmp_path, warn=warnings.append)
    cache.put("lone surrogate", lone, claims, mentions)
    cache.put("a set", [{**documents[0], "companies": {"Hyundai"}}], claims, mentions)
    cache.put("good", documents, claims, mentions)
    cache.close()
    assert cache.unstorable == 2 and warnings == []
    again = ResultCache(tmp_path)
    assert again.get("lone surrogate") is None and again.get("a set") is None
    assert again.get("good") == (documents, claims, mentions)


def test_a_lone_surrogate_in_a_record_does_not_stop_the_run(tmp_path: Path) -> None:
    """A JSON Lines record with an escaped lone surrogate is an error row; the run goes on, the same twice."""
    corpus = tmp_path / "feed"
    corpus.mkdir()
    records = [
        '{"title": "Chip sales \\udc80", "text": "Nvidia said on Wednesday that revenue rose 94% '
        'to $35.1 billion in the quarter \\udc80.", "date": "2024-11-20"}',
        '{"title": "Kilang baru", "text": "Samsung said operating profit rose 274% to 10.4 trillion won.", '
        '"date": "2024-10-08"}',
    ]
    (corpus / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    options = _options(tmp_path, lang_detector="langdetect")
    first = list(pipeline.iter_results([corpus], options))  # rows, before any table or writer
    again = list(pipeline.iter_results([corpus], options))
    # the record is one error row with its line number (#13 1.5); the next record is read
    assert [r.document["status"] for r in first] == ["error", "ok"]
    assert first[0].document["reason"].startswith("line 1: a lone surrogate escape")
    assert {c["figure"] for r in first for c in r.claims} >= {"10.4 trillion won"}
    assert again == first


_READ_ONLY_RUN = """
import json, sys
from sora_meta import pipeline
from sora_meta.models import Options
seen = []
real = pipeline.process_tasks
pipeline.process_tasks = lambda tasks, *a, **k: seen.extend(t.doc_id for t in tasks) or real(tasks, *a, **k)
warnings = []
result = pipeline.analyze(sys.argv[1], Options(jobs=1, cache_dir=sys.argv[2]), warn=warnings.append)
print(json.dumps({"processed": seen, "warnings": warnings, "claims": result.claims["claim_id"].tolist()}))
"""


def _as_a_user_who_cannot_write(args: list[str]) -> list[str]:
    """Root writes anywhere: drop the capabilities that let it (setpriv), or skip."""
    if os.geteuid() != 0:
        return args
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *args]


@pytest.mark.parametrize("wal_left", [False, True])
def test_a_read_only_cache_is_still_read(corpus: Path, tmp_path: Path, wal_left: bool) -> None:
    fresh = analyze(corpus, _options(tmp_path))
    folder = tmp_path / "cache"
    if wal_left:  # another process's WAL and shared-memory files are there, holding the last entries
        db = sqlite3.connect(folder / FILE_NAME)
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.execute("INSERT INTO results VALUES ('made by another process', x'00')")
        db.commit()
        keep_open = db
    files = sorted(folder.glob(f"{FILE_NAME}*"))
    before = {p.name: p.read_bytes() for p in files}
    for path in files:
        path.chmod(0o444)
    folder.chmod(0o555)
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        command = _as_a_user_who_cannot_write(
            [sys.executable, "-c", _READ_ONLY_RUN, str(corpus), str(folder)]
        )
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    finally:
        folder.chmod(0o755)
        if wal_left:
            keep_open.close()
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["processed"] == [], out["warnings"]  # every file served from the cache
    assert out["claims"] == fresh.claims["claim_id"].tolist()
    assert len(out["warnings"]) == 1 and "read-only" in out["warnings"][0]
    if not wal_left:
        assert {p.name: p.read_bytes() for p in sorted(folder.glob(f"{FILE_NAME}*"))} == before


def test_a_run_without_mentions_stores_no_mentions_and_a_later_run_that_needs_them_redoes_the_files(
    corpus: Path, tmp_path: Path, processed: list[str]
) -> None:
    """`claims` without `--mentions` makes no mention rows; its cache entries never serve a run that
    needs them (a `--mentions` run or `summarize`), and an entry with them serves both."""
    fresh = analyze(corpus, Options(jobs=1, use_cache=False))
    assert len(fresh.mentions) > 50
    processed.clear()

    lean = analyze(corpus, _options(tmp_path, mentions=False))
    assert len(processed) == 5 and lean.mentions.empty
    assert lean.claims.equals(fresh.claims)  # the claim rows do not depend on the mention rows
    again = analyze(corpus, _options(tmp_path, mentions=False))
    assert len(processed) == 5 and again.mentions.empty and again.claims.equals(fresh.claims)

    full = analyze(corpus, _options(tmp_path))
    assert len(processed) == 10  # the entries without mentions were misses: every file redone
    assert full.mentions.equals(fresh.mentions) and full.claims.equals(fresh.claims)
    served = analyze(corpus, _options(tmp_path, mentions=False))
    assert len(processed) == 10  # entries with mentions serve a run that needs none
    assert served.claims.equals(fresh.claims) and served.mentions.empty
