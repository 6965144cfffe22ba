"""The SQLite translation cache: round trip, several processes at once, a corrupt file, no access."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sora_meta.translate.cache import CACHE_FILE, TranslationCache, cache_path

WRITER = """
import sys
from sora_meta.translate.cache import TranslationCache
cache_dir, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for batch in range(n):
    with TranslationCache(cache_dir) as store:
        pairs = [(f"teks {worker}-{batch}-{i}", f"text {worker}-{batch}-{i}") for i in range(20)]
        pairs.append(("shared text", "the same for all"))
        store.put_many("libre", "id", "en", pairs)
        assert store.get_many("libre", "id", "en", [p[0] for p in pairs]) == dict(pairs)
print("ok")
"""


def test_round_trip_and_insert_or_ignore(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as store:
        assert store.get_many("google", "id", "en", ["halo"]) == {}
        store.put_many("google", "id", "en", [("halo", "hello"), ("dunia", "world")])
        store.put_many("google", "id", "en", [("halo", "hi")])  # an existing entry is kept
        assert store.get_many("google", "id", "en", ["halo", "dunia", "lain"]) == {
            "halo": "hello",
            "dunia": "world",
        }
        assert store.get_many("libre", "id", "en", ["halo"]) == {}  # keyed by provider
        assert store.get_many("google", "ms", "en", ["halo"]) == {}  # and by source language
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(w), "15"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in range(3)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    with TranslationCache(tmp_path) as store:
        facts = store.info()
        assert facts["providers"] == {"libre": 3 * 15 * 20 + 1}
        assert store.get_many("libre", "id", "en", ["teks 2-14-19"]) == {"teks 2-14-19": "text 2-14-19"}


def test_corrupt_file_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    path = cache_path(tmp_path)
    path.write_bytes(b"this is not a database, just junk " * 200)
    warnings: list[str] = []
    with TranslationCache(tmp_path, warn=warnings.append) as store:
        store.put_many("google", "id", "en", [("halo", "hello")])
        assert store.get_many("google", "id", "en", ["halo"]) == {"halo": "hello"}
    assert len(warnings) == 1 and "corrupt-" in warnings[0]
    aside = list(tmp_path.glob(f"{CACHE_FILE}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")


def test_unusable_cache_dir_warns_once_and_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    warnings: list[str] = []
    with TranslationCache(blocker, warn=warnings.append) as store:
        assert store.get_many("google", "id", "en", ["halo"]) == {}
        store.put_many("google", "id", "en", [("halo", "hello")])
        assert store.get_many("google", "id", "en", ["halo"]) == {}
    assert len(warnings) == 1 and "going on without it" in warnings[0]


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SORA_META_CACHE_DIR", str(tmp_path))
    assert cache_path() == tmp_path / CACHE_FILE
    monkeypatch.delenv("SORA_META_CACHE_DIR")
    import platformdirs

    assert cache_path() == Path(platformdirs.user_cache_dir("sora-meta")) / CACHE_FILE


def test_clear_all_or_one_provider(tmp_path: Path) -> None:
    (tmp_path / "results.sqlite3").write_text("another helper's file")
    with TranslationCache(tmp_path) as store:
        store.put_many("google", "id", "en", [("a", "A"), ("b", "B")])
        store.put_many("libre", "id", "en", [("a", "A")])
        assert store.clear("libre") == 1
        assert store.info()["providers"] == {"google": 2}
        assert store.clear() == 2
    assert not cache_path(tmp_path).exists()
    assert (tmp_path / "results.sqlite3").exists()  # only the translation cache is ours to clear
