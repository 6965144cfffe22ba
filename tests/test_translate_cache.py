"""The SQLite translation cache: round trip, several processes at once, a corrupt file, no access."""

from __future__ import annotations

import json
import os
import shutil
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


def test_two_libretranslate_servers_never_share_answers(tmp_path: Path) -> None:
    from sora_meta.models import Options
    from sora_meta.translate.engine import Settings, Translator
    from tests.translate_servers import english, serve

    fast = Settings(connect_timeout=0.5, read_timeout=0.5, backoff=0.02, backoff_max=0.1)
    texts = [("id", "Ekspor nikel naik 12 persen pada April."), ("id", "Harga beras turun tipis.")]
    with serve("libre") as first, serve("libre") as second:
        answers = {}
        for server in (first, second, first):
            options = Options(translator="libre", translator_url=server.url, cache_dir=str(tmp_path))
            with Translator(options, settings=fast) as translator:
                answers[server.url] = translator.translate_many(texts)
        assert first.count == 2  # asked once: its second run came from the cache
        assert second.count == 2  # asked too: the first server's answers were not its own
        assert answers[second.url] == {item: english(item[1]) for item in texts}
    with TranslationCache(tmp_path) as store:
        facts = store.info()
    assert facts["providers"] == {"libre": 4}
    assert facts["servers"] == {"libre": {first.url: 2, second.url: 2}}


def test_the_server_key_is_the_address_without_credentials() -> None:
    from sora_meta.translate.cache import server_key

    assert server_key("http://user:secret@LibreTranslate.Example:5000/lt/?k=1#x") == (
        "http://libretranslate.example:5000/lt/"
    )
    assert server_key("https://libretranslate.com") == "https://libretranslate.com/"
    assert server_key(None) == ""


def test_a_schema_1_file_keeps_its_rows_but_not_libretranslates(tmp_path: Path) -> None:
    """Rows from before the server column: a LibreTranslate row's server is unknown, so it goes."""
    conn = sqlite3.connect(cache_path(tmp_path))
    conn.executescript(
        """
        CREATE TABLE translations (provider TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
            text TEXT NOT NULL, translation TEXT NOT NULL, created TEXT NOT NULL,
            PRIMARY KEY (provider, source, target, text));
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema', '1');
        INSERT INTO translations VALUES ('google', 'id', 'en', 'halo', 'hello', '2024-01-01T00:00:00Z');
        INSERT INTO translations VALUES ('libre', 'id', 'en', 'halo', 'hi there', '2024-01-01T00:00:00Z');
        """
    )
    conn.commit()
    conn.close()
    with TranslationCache(tmp_path) as store:
        assert store.get_many("google", "id", "en", ["halo"]) == {"halo": "hello"}
        assert store.get_many("libre", "id", "en", ["halo"], server="http://127.0.0.1:5000/") == {}
        assert store.info()["providers"] == {"google": 1}


def test_a_text_that_cannot_be_stored_is_not_stored(tmp_path: Path) -> None:
    warnings: list[str] = []
    with TranslationCache(tmp_path, warn=warnings.append) as store:
        store.put_many("google", "id", "en", [("Harga \udc80 naik", "Prices rise"), ("halo", "hello")])
        store.put_many("google", "id", "en", [("dunia", "world \udc80")])
        assert store.get_many("google", "id", "en", ["Harga \udc80 naik", "halo", "dunia"]) == {
            "halo": "hello"
        }
        assert store.info()["entries"] == 1
    assert warnings == []


_READ_CACHE = """
import json, sys
from sora_meta.translate.cache import TranslationCache
warnings = []
with TranslationCache(sys.argv[1], warn=warnings.append) as store:
    found = store.get_many("google", "id", "en", ["halo", "dunia"])
    store.put_many("google", "id", "en", [("baru", "new")])
print(json.dumps({"found": found, "warnings": warnings}))
"""


def test_a_read_only_cache_is_still_read(tmp_path: Path) -> None:
    with TranslationCache(tmp_path) as store:
        store.put_many("google", "id", "en", [("halo", "hello"), ("dunia", "world")])
    before = cache_path(tmp_path).read_bytes()
    cache_path(tmp_path).chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        command = [sys.executable, "-c", _READ_CACHE, str(tmp_path)]
        if os.geteuid() == 0:  # root writes anywhere: drop the capabilities that let it
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv")
            command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    finally:
        tmp_path.chmod(0o755)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["found"] == {"halo": "hello", "dunia": "world"}
    assert len(out["warnings"]) == 1 and "read-only" in out["warnings"][0]
    assert cache_path(tmp_path).read_bytes() == before
