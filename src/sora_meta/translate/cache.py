"""The persistent translation cache: one SQLite file shared by every run and process.

`<cache_dir>/translations.sqlite3`, where `cache_dir` is `--cache-dir`, else
`$SORA_META_CACHE_DIR`, else the user cache directory (`platformdirs.user_cache_dir("sora-meta")`,
e.g. `~/.cache/sora-meta`). One row per translated piece, keyed by provider, server address
(a LibreTranslate server's; empty for providers with one public endpoint), source language,
target language and the exact text sent: two servers never share answers. WAL mode and a busy
timeout let several processes read and write at once; rows are only ever added with
`INSERT OR IGNORE`, so two processes translating the same text do not conflict. A file
SQLite cannot read is renamed to `translations.sqlite3.corrupt-<timestamp>` and a new one
is started; a file this process may not write is read (one warning) and nothing new is stored;
a text that cannot be stored (a lone surrogate) is not; any other trouble (a full disk) turns
the cache off for the run with one warning, and translation goes on without it.

Schema 2 added the `server` column. A schema-1 file is converted when first opened for writing:
its rows keep their provider with an empty server, except LibreTranslate rows, whose server
is unknown and which are dropped (a wrong translation is worse than asking again).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

from ..cachedir import default_cache_dir, is_corrupt, open_read_only, set_aside, sqlite_files

CACHE_FILE = "translations.sqlite3"
SCHEMA_VERSION = "2"
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's lock
_BATCH = 400  # host parameters per SELECT ... IN (...)

_TABLE = """
CREATE TABLE IF NOT EXISTS translations (
    provider    TEXT NOT NULL,
    server      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    text        TEXT NOT NULL,
    translation TEXT NOT NULL,
    created     TEXT NOT NULL,
    PRIMARY KEY (provider, server, source, target, text)
)"""
_SCHEMA = (
    _TABLE
    + """;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
)
# `server` has a default so that an older sora-meta writing here stores its rows under '' (where a
# LibreTranslate row is never read: this version always looks one up under its server's address).


def cache_path(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the translation cache file lives."""
    return Path(cache_dir or default_cache_dir()) / CACHE_FILE


def server_key(url: str | None) -> str:
    """The server part of a cache key: a server address without credentials, query or fragment."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{host}{port}{path}/"


def _storable(text: str) -> bool:
    """Whether SQLite can hold `text` (a lone surrogate cannot be UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_is_corrupt = is_corrupt


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
        self.read_only = False
        self._has_server = True  # False: a schema-1 file read read-only

    # -- opening -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            if self.path.is_file() and not _writable(self.path):
                raise sqlite3.OperationalError("attempt to write a readonly database")  # as SQLite says
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._open()
        except sqlite3.Error as exc:
            if _is_corrupt(exc) and not self._rebuilt:
                self._quarantine()
                return self._connect()
            self._read_only_or_disable(exc)
        except OSError as exc:
            self._read_only_or_disable(exc)
        return self._conn

    def _read_only_or_disable(self, exc: BaseException) -> None:
        """Read a file this process cannot write; when even that fails, go on without a cache."""
        if self.path.is_file():
            try:
                self._conn = open_read_only(self.path, _probe)
            except sqlite3.Error:
                pass
            else:
                self.read_only = True
                self._has_server = _has_server(self._conn)
                self._warn(
                    f"translation cache {self.path} is read-only ({exc}); using it, storing nothing new"
                )
                return
        self._disable(exc)

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a damaged file says so here
            if not _has_server(conn):
                _upgrade(conn)
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
            _probe(conn)
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
        try:
            aside = set_aside(self.path)
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
        elif "readonly" in str(exc).lower() and not self.read_only and self._conn is not None:
            self.read_only = True
            self._warn(f"translation cache {self.path} is read-only ({exc}); using it, storing nothing new")
        else:
            self._disable(exc)

    # -- use -----------------------------------------------------------------------------------

    def get_many(
        self, provider: str, source: str, target: str, texts: Iterable[str], server: str = ""
    ) -> dict[str, str]:
        """The cached translations of those of `texts` that have one, from `provider` at `server`.

        `server`: `server_key()` of the provider's address when it has one to choose (LibreTranslate).
        """
        wanted = [t for t in dict.fromkeys(texts) if _storable(t)]
        found: dict[str, str] = {}
        for attempt in range(2):
            conn = self._connect()
            if conn is None:
                return found
            if not self._has_server and server:
                return found  # a schema-1 file read-only: it knows no server
            where = "provider = ? AND server = ?" if self._has_server else "provider = ?"
            key = (provider, server) if self._has_server else (provider,)
            try:
                for i in range(0, len(wanted), _BATCH):
                    batch = wanted[i : i + _BATCH]
                    marks = ",".join("?" * len(batch))
                    rows = conn.execute(
                        "SELECT text, translation FROM translations "
                        f"WHERE {where} AND source = ? AND target = ? AND text IN ({marks})",
                        (*key, source, target, *batch),
                    )
                    found.update(rows.fetchall())
                return found
            except sqlite3.Error as exc:
                self._trouble(exc)
                if attempt:
                    return found
        return found

    def put_many(
        self, provider: str, source: str, target: str, pairs: Iterable[tuple[str, str]], server: str = ""
    ) -> None:
        """Add translations from `provider` at `server` (an existing entry is kept).

        A pair that cannot be stored (a lone surrogate in either text) is left out.
        """
        now = _now()
        rows = [
            (provider, server, source, target, text, tr, now)
            for text, tr in pairs
            if tr and _storable(text) and _storable(tr)
        ]
        if not rows or not _storable(provider + server + source + target):
            return
        for attempt in range(2):
            conn = self._connect()
            if conn is None or self.read_only:
                return
            try:
                with _transaction(conn):
                    conn.executemany(
                        "INSERT OR IGNORE INTO translations (provider, server, source, target, text, "
                        "translation, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                return
            except sqlite3.Error as exc:
                self._trouble(exc)
                if attempt:
                    return

    def info(self) -> dict[str, object]:
        """Path, size on disk, entries per provider and server (no file is created when there is none)."""
        size = sum(f.stat().st_size for f in sqlite_files(self.path) if f.exists())
        info: dict[str, object] = {"path": str(self.path), "exists": self.path.exists(), "bytes": size}
        providers: dict[str, int] = {}
        servers: dict[str, dict[str, int]] = {}
        if self.path.exists():
            conn = self._connect()
            if conn is not None:
                column = "server" if self._has_server else "''"
                try:
                    rows = conn.execute(
                        f"SELECT provider, {column}, count(*) FROM translations "
                        f"GROUP BY provider, {column} ORDER BY provider, {column}"
                    ).fetchall()
                except sqlite3.Error as exc:
                    self._trouble(exc)
                    rows = []
                for name, server, count in rows:
                    providers[name] = providers.get(name, 0) + count
                    if server:
                        servers.setdefault(name, {})[server] = count
        info["entries"] = sum(providers.values())
        info["providers"] = providers
        info["servers"] = servers
        return info

    def clear(self, provider: str | None = None) -> int:
        """Remove the entries (of one provider at every server, or all, deleting the file); how many.

        OSError when they cannot be removed (a read-only folder).
        """
        if not self.path.exists():
            return 0
        conn = self._connect()
        removed = 0
        if conn is not None:
            try:
                if provider:
                    if self.read_only:
                        raise OSError(f"{self.path} is read-only")
                    with _transaction(conn):
                        removed = conn.execute(
                            "DELETE FROM translations WHERE provider = ?", (provider,)
                        ).rowcount
                    return int(removed)
                removed = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
            except sqlite3.Error as exc:
                if provider:
                    raise OSError(f"{self.path}: {exc}") from None
                removed = 0
        self.close()
        for path in sqlite_files(self.path):
            with suppress(FileNotFoundError):
                path.unlink()
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


def _writable(path: Path) -> bool:
    """Whether this process may write the database and make files beside it (SQLite's -wal, -shm)."""
    return all(os.access(p, os.W_OK) for p in (path, path.parent, *sqlite_files(path)[1:]) if p.exists())


def _has_server(conn: sqlite3.Connection) -> bool:
    """Whether the file has schema 2 (a `server` column), or no table yet."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(translations)")]
    return not columns or "server" in columns


def _probe(conn: sqlite3.Connection) -> None:
    conn.execute("SELECT count(*) FROM translations WHERE provider = ''").fetchone()


def _upgrade(conn: sqlite3.Connection) -> None:
    """Schema 1 to 2: rows keep their provider under server '', except LibreTranslate's (server unknown)."""
    with _transaction(conn):
        if _has_server(conn):  # another process did it first
            return
        conn.execute("ALTER TABLE translations RENAME TO translations_v1")
        conn.execute(_TABLE)
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute(
            "INSERT OR IGNORE INTO translations "
            "(provider, server, source, target, text, translation, created) "
            "SELECT provider, '', source, target, text, translation, created FROM translations_v1 "
            "WHERE provider != 'libre'"
        )
        conn.execute("DROP TABLE translations_v1")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
