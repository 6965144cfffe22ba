"""The persistent translation cache: one SQLite file shared by every run and process.

`<cache_dir>/translations.sqlite3`, where `cache_dir` is `--cache-dir`, else
`$SORA_META_CACHE_DIR`, else the user cache directory (`platformdirs.user_cache_dir("sora-meta")`,
e.g. `~/.cache/sora-meta`). One row per translated piece, keyed by provider, source
language, target language and the exact text sent. WAL mode and a busy timeout let
several processes read and write at once; rows are only ever added with
`INSERT OR IGNORE`, so two processes translating the same text do not conflict. A file
SQLite cannot read is renamed to `translations.sqlite3.corrupt-<timestamp>` and a new one
is started; any other trouble (a read-only directory, a full disk) turns the cache off for
the run with one warning, and translation goes on without it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..cachedir import default_cache_dir

CACHE_FILE = "translations.sqlite3"
SCHEMA_VERSION = "1"
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's lock
_BATCH = 400  # host parameters per SELECT ... IN (...)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    provider    TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    text        TEXT NOT NULL,
    translation TEXT NOT NULL,
    created     TEXT NOT NULL,
    PRIMARY KEY (provider, source, target, text)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def cache_path(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the translation cache file lives."""
    return Path(cache_dir or default_cache_dir()) / CACHE_FILE


def _is_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return True
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


class TranslationCache:
    """Get and put translations; never raises for cache trouble (it warns once and stops caching)."""

    def __init__(
        self, cache_dir: str | os.PathLike[str] | None = None, warn: Callable[[str], None] | None = None
    ) -> None:
        self.path = cache_path(cache_dir)
        self._warn = warn or (lambda message: None)
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._rebuilt = False

    # -- opening -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._open()
        except sqlite3.Error as exc:
            if _is_corrupt(exc) and not self._rebuilt:
                self._quarantine()
                return self._connect()
            self._disable(exc)
        except OSError as exc:
            self._disable(exc)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
            conn.execute("SELECT count(*) FROM translations WHERE provider = ''").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _quarantine(self) -> None:
        """Set a corrupt file aside (with its -wal and -shm) so a fresh one can be made."""
        self._rebuilt = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(f"{self.path}{suffix}")
            try:
                if suffix:
                    src.unlink()
                else:
                    os.replace(src, aside)
            except FileNotFoundError:
                pass  # another process moved it first
            except OSError as exc:
                self._disable(exc)
                return
        self._warn(f"translation cache {self.path} was unreadable; moved it to {aside.name} and started anew")

    def _disable(self, exc: BaseException) -> None:
        if not self._disabled:
            self._disabled = True
            self._warn(f"translation cache {self.path} is not usable ({exc}); going on without it")
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _trouble(self, exc: sqlite3.Error) -> None:
        if _is_corrupt(exc) and not self._rebuilt:
            self._quarantine()
        else:
            self._disable(exc)

    # -- use -----------------------------------------------------------------------------------

    def get_many(self, provider: str, source: str, target: str, texts: Iterable[str]) -> dict[str, str]:
        """The cached translations of those of `texts` that have one."""
        wanted = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        for attempt in range(2):
            conn = self._connect()
            if conn is None:
                return found
            try:
                for i in range(0, len(wanted), _BATCH):
                    batch = wanted[i : i + _BATCH]
                    marks = ",".join("?" * len(batch))
                    rows = conn.execute(
                        "SELECT text, translation FROM translations "
                        f"WHERE provider = ? AND source = ? AND target = ? AND text IN ({marks})",
                        (provider, source, target, *batch),
                    )
                    found.update(rows.fetchall())
                return found
            except sqlite3.Error as exc:
                self._trouble(exc)
                if attempt:
                    return found
        return found

    def put_many(self, provider: str, source: str, target: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Add translations (an existing entry is kept)."""
        rows = [(provider, source, target, text, tr, _now()) for text, tr in pairs if tr]
        if not rows:
            return
        for attempt in range(2):
            conn = self._connect()
            if conn is None:
                return
            try:
                with _transaction(conn):
                    conn.executemany(
                        "INSERT OR IGNORE INTO translations "
                        "(provider, source, target, text, translation, created) VALUES (?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                return
            except sqlite3.Error as exc:
                self._trouble(exc)
                if attempt:
                    return

    def info(self) -> dict[str, object]:
        """Path, size on disk and entries per provider (nothing is created when there is no file)."""
        files = [Path(f"{self.path}{s}") for s in ("", "-wal", "-shm")]
        size = sum(f.stat().st_size for f in files if f.exists())
        info: dict[str, object] = {"path": str(self.path), "exists": self.path.exists(), "bytes": size}
        providers: dict[str, int] = {}
        if self.path.exists():
            conn = self._connect()
            if conn is not None:
                try:
                    rows = conn.execute(
                        "SELECT provider, count(*) FROM translations GROUP BY provider ORDER BY provider"
                    )
                    providers = {name: count for name, count in rows}
                except sqlite3.Error as exc:
                    self._trouble(exc)
        info["entries"] = sum(providers.values())
        info["providers"] = providers
        return info

    def clear(self, provider: str | None = None) -> int:
        """Remove the entries (of one provider, or all, deleting the file); the number removed."""
        if not self.path.exists():
            return 0
        conn = self._connect()
        if conn is None:
            return 0
        try:
            if provider:
                with _transaction(conn):
                    removed = conn.execute(
                        "DELETE FROM translations WHERE provider = ?", (provider,)
                    ).rowcount
                return removed
            removed = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
        except sqlite3.Error as exc:
            self._trouble(exc)
            removed = 0
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()
        return int(removed)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
