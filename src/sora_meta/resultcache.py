"""The result cache: what each input file gave last time, so an unchanged corpus re-runs in a moment.

One SQLite file, `<cache_dir>/results.sqlite3` (WAL), beside the translation cache. The
cache directory is `--cache-dir`, else `$SORA_META_CACHE_DIR`, else the user cache directory
(`platformdirs.user_cache_dir("sora-meta")`). A key is a hash of:

- the file's bytes (SHA-256), its `doc_id`, path and format (they are in the rows);
- `extractor_version()`: `EXTRACTOR_REVISION`, the package version and a hash of the code and
  data tables of every stage that shapes a result (ingest, segment, language, extract, claims),
  so an upgrade or an edited table never serves stale rows;
- the options that change results: the language detector and the content of `--companies`.

A value is the file's documents-table rows and claim rows as compressed JSON (never pickle:
a cache file is data, not code). Anything wrong with the cache (unwritable directory, a
corrupt file, a locked database) is one warning and a run without it, never a failure.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .cachedir import default_cache_dir
from .models import Options

__all__ = ["EXTRACTOR_REVISION", "ResultCache", "cache_directory", "extractor_version", "result_key"]

FILE_NAME = "results.sqlite3"
# Bumped by hand when results change for a reason the hashed files do not show (a dependency upgrade).
EXTRACTOR_REVISION = 1
# Modules and data whose change changes results (relative to the package root).
_SOURCES = ("ingest", "extract", "data", "segment.py", "language.py", "claims.py", "pipeline.py", "models.py")


def cache_directory(options: Options | None = None) -> Path:
    """`options.cache_dir`, else `$SORA_META_CACHE_DIR`, else the user cache directory."""
    if options is not None and options.cache_dir:
        return Path(options.cache_dir)
    return Path(default_cache_dir())


@functools.cache
def extractor_version() -> str:
    """The package version and a hash of the code and tables that shape results."""
    digest = hashlib.sha256()
    root = resources.files("sora_meta")
    for name in _SOURCES:
        node = root.joinpath(name)
        for path in sorted(_files(Path(str(node)))):
            if path.suffix in (".py", ".json", ".csv", ".txt"):
                digest.update(path.relative_to(Path(str(root))).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{EXTRACTOR_REVISION}:{__version__}+{digest.hexdigest()[:16]}"


def _files(path: Path) -> Iterable[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return []


def options_fingerprint(options: Options) -> str:
    """The options that change results, as one string."""
    companies = ""
    if options.companies_file:
        try:
            companies = hashlib.sha256(Path(options.companies_file).read_bytes()).hexdigest()
        except OSError:
            companies = "unreadable"  # the run reports the error itself
    return json.dumps({"lang_detector": options.lang_detector, "companies": companies}, sort_keys=True)


def result_key(fingerprint: str, doc_id: str, path: str, fmt: str, data: bytes) -> str:
    """The cache key of one input file's bytes read as `fmt` under `doc_id`/`path`."""
    digest = hashlib.sha256()
    for part in (extractor_version(), fingerprint, doc_id, path, fmt):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


# documents rows, claim rows per document, mention rows per document
Entry = tuple[list[dict[str, Any]], list[list[dict[str, Any]]], list[list[dict[str, Any]]]]


class ResultCache:
    """Results by key in `<directory>/results.sqlite3`; warns once and turns itself off on trouble."""

    def __init__(self, directory: str | os.PathLike[str], warn: Callable[[str], None] | None = None) -> None:
        self.path = Path(directory) / FILE_NAME
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []
        self.hits = 0
        self.misses = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _fail(self, exc: BaseException) -> None:
        if self._warn is not None:
            self._warn(f"result cache disabled ({self.path}: {exc})")
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._pending.clear()

    def get(self, key: str) -> Entry | None:
        """The cached rows of `key`, or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None:
            self.misses += 1
            return None
        try:
            documents, claims, mentions = json.loads(zlib.decompress(row[0]))
        except (zlib.error, ValueError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return documents, claims, mentions

    def put(
        self,
        key: str,
        documents: list[dict[str, Any]],
        claims: list[list[dict[str, Any]]],
        mentions: list[list[dict[str, Any]]],
    ) -> None:
        """Remember the rows of `key` (written in batches; `flush` or `close` writes the rest)."""
        if self._db is None:
            return
        entry = [documents, claims, mentions]
        value = zlib.compress(json.dumps(entry, ensure_ascii=False).encode("utf-8"), 1)
        self._pending.append((key, value))
        if len(self._pending) >= 200:
            self.flush()

    def flush(self) -> None:
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", self._pending)
        except sqlite3.Error as exc:
            self._fail(exc)
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None
