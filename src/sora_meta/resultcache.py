"""The result cache: what each input file gave last time, so an unchanged corpus re-runs in a moment.

One SQLite file, `<cache_dir>/results.sqlite3` (WAL), beside the translation cache. The
cache directory is `--cache-dir`, else `$SORA_META_CACHE_DIR`, else the user cache directory
(`platformdirs.user_cache_dir("sora-meta")`). A key is a hash of:

- the file's bytes (SHA-256), its `doc_id`, path and format (they are in the rows);
- `extractor_version()`: `EXTRACTOR_REVISION`, the package version and a hash of the code and
  data tables of every stage that shapes a result (ingest, segment, language, extract, claims),
  so an upgrade or an edited table never serves stale rows;
- the options that change results: the language detector and the content of `--companies`.

A value is its own key and the file's documents-table, claim and mention rows as compressed
JSON (never pickle: a cache file is data, not code); a value is served only when it holds its
key and every row has its table's columns with values of their types. The cache never fails a
run: a damaged file is set aside and rebuilt, a read-only one is read, an entry that cannot be
stored is not, and other trouble (a folder that cannot be made, a full disk) is one warning and
a run without the cache.
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
from .cachedir import default_cache_dir, is_corrupt, open_read_only, set_aside, sqlite_files
from .models import Options

__all__ = [
    "EXTRACTOR_REVISION",
    "ResultCache",
    "cache_directory",
    "cache_info",
    "clear",
    "extractor_version",
    "result_key",
]

FILE_NAME = "results.sqlite3"
# Bumped by hand when results change for a reason the hashed files do not show (a dependency upgrade).
EXTRACTOR_REVISION = 1
# Modules and data whose change changes results (relative to the package root).
_SOURCES = ("ingest", "extract", "lang", "segment.py", "language.py", "claims.py", "pipeline.py", "models.py")


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


def options_fingerprint(options: Options, companies_sha256: str | None = None) -> str:
    """The options that change results, as one string.

    `companies_sha256`: the hash of the `--companies` content the run works with (`pipeline.Resources`);
    without it the file is read now.
    """
    companies = companies_sha256 or ""
    if options.companies_file and not companies:
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
# documents, claims and mentions rows per document; mentions None: stored by a run that made none
Entry = tuple[list[dict[str, Any]], list[list[dict[str, Any]]], list[list[dict[str, Any]]] | None]
_FORMAT = 2  # what a value holds: [format, key, documents, claims, mentions]
_BATCH = 200  # entries written per transaction


class ResultCache:
    """Results by key in `<directory>/results.sqlite3`; never raises, whatever the file or the entries.

    - a damaged file is set aside (`results.sqlite3.corrupt-<time>`, one warning) and a new one made;
    - a file this process cannot write is read (one warning) and nothing new is stored;
    - an entry that is not exactly what `put` stores for its key (a damaged value, the wrong shape or
      types, another key's rows) is a miss; an entry that cannot be stored (a lone surrogate in a
      string, a value JSON cannot hold) is not stored;
    - any other trouble (a folder that cannot be made, a full disk) is one warning and no cache.
    """

    def __init__(self, directory: str | os.PathLike[str], warn: Callable[[str], None] | None = None) -> None:
        self.path = Path(directory) / FILE_NAME
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []
        self._rebuilt = False
        self.read_only = False
        self.hits = 0
        self.misses = 0
        self.unstorable = 0  # entries `put` could not store
        self._open()

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # -- opening -----------------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not self.path.is_file():
                self._fail(exc)
                return
        error: BaseException | None = None
        db = None
        try:
            if self.path.is_file() and not _writable(self.path):
                raise sqlite3.OperationalError("attempt to write a readonly database")  # as SQLite would say
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            _probe(db)
            self._db = db
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            error = exc
            if is_corrupt(exc):
                self._rebuild()
                return
        else:
            return
        if self.path.is_file():
            try:
                self._db = open_read_only(self.path, _probe)
            except sqlite3.Error as exc:
                error = exc
            else:
                self._read_only(error)
                return
        self._fail(error or sqlite3.OperationalError("cannot open"))

    def _read_only(self, exc: BaseException) -> None:
        if not self.read_only:
            self.read_only = True
            self._say(f"result cache {self.path} is read-only ({exc}): reading it, storing nothing new")
        self._pending.clear()

    def _rebuild(self) -> None:
        """Set the damaged file aside and start a new one (once per run; after that, no cache)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        self._pending.clear()
        if self._rebuilt:
            self._fail(sqlite3.DatabaseError("damaged again"))
            return
        self._rebuilt = True
        try:
            aside = set_aside(self.path)
        except OSError as exc:
            self._fail(exc)
            return
        self._say(f"result cache {self.path} was damaged; moved it to {aside.name} and started a new one")
        self._open()

    def _say(self, message: str) -> None:
        if self._warn is not None:
            self._warn(message)

    def _fail(self, exc: BaseException) -> None:
        self._say(f"result cache disabled ({self.path}: {exc})")
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._pending.clear()

    def _trouble(self, exc: sqlite3.Error) -> None:
        if is_corrupt(exc):
            self._rebuild()
        elif "readonly" in str(exc).lower() and not self.read_only:
            self._read_only(exc)
        else:
            self._fail(exc)

    # -- use ---------------------------------------------------------------------------------------

    def get(self, key: str, mentions: bool = True) -> Entry | None:
        """The cached rows of `key`, or None.

        `mentions`: the run needs mention rows; an entry stored without them is then a miss (the run
        makes them and the entry is replaced). An entry with them serves every run.
        """
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._trouble(exc)
            return None
        entry = None
        if row is not None:
            try:
                entry = _entry(key, row[0])
            except Exception:  # a damaged or foreign value, whatever it holds, is no result
                entry = None
        if entry is None or (mentions and entry[2] is None):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(
        self,
        key: str,
        documents: list[dict[str, Any]],
        claims: list[list[dict[str, Any]]],
        mentions: list[list[dict[str, Any]]] | None,
    ) -> None:
        """Remember the rows of `key` (written in batches; `flush` or `close` writes the rest).

        `mentions` None: the run made no mention rows; the entry serves only runs that need none.
        """
        if self._db is None or self.read_only:
            return
        try:
            entry = [_FORMAT, key, documents, claims, mentions]
            value = zlib.compress(json.dumps(entry, ensure_ascii=False).encode("utf-8"), 1)
        except (ValueError, TypeError, RecursionError):  # a lone surrogate, a value JSON cannot hold
            self.unstorable += 1
            return
        self._pending.append((key, value))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", self._pending)
        except sqlite3.Error as exc:
            self._pending.clear()
            self._trouble(exc)
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _writable(path: Path) -> bool:
    """Whether this process may write the database and make files beside it (SQLite's -wal, -shm)."""
    return all(os.access(p, os.W_OK) for p in (path, path.parent, *sqlite_files(path)[1:]) if p.exists())


def _probe(db: sqlite3.Connection) -> None:
    db.execute("SELECT key, value FROM results LIMIT 1").fetchall()


def _entry(key: str, value: object) -> Entry | None:
    """The rows a stored value holds, when it is exactly what `put` stores for `key`; else None."""
    if not isinstance(value, bytes):
        return None
    data = json.loads(zlib.decompress(value))
    if not (isinstance(data, list) and len(data) == 5 and data[0] == _FORMAT and data[1] == key):
        return None
    documents, claims, mentions = data[2:]
    if not (isinstance(documents, list) and isinstance(claims, list)):
        return None
    if not (mentions is None or (isinstance(mentions, list) and len(mentions) == len(documents))):
        return None
    if len(documents) != len(claims):
        return None
    kinds = _column_kinds()
    if not all(_row_ok(d, kinds["documents"]) for d in documents):
        return None
    for table, per_document in (("claims", claims), ("mentions", mentions or [])):
        for rows in per_document:
            if not isinstance(rows, list) or not all(_row_ok(r, kinds[table]) for r in rows):
                return None
    return documents, claims, mentions


@functools.cache
def _column_kinds() -> dict[str, tuple[tuple[str, str], ...]]:
    from .table import column_types

    return {table: column_types(table) for table in ("documents", "claims", "mentions")}


def _row_ok(row: object, columns: tuple[tuple[str, str], ...]) -> bool:
    """Whether `row` has every column of its table, each with a value of the column's type."""
    if not isinstance(row, dict):
        return False
    for column, kind in columns:
        if column not in row:
            return False
        v = row[column]
        if v is None:
            continue
        if kind == "text":
            ok = isinstance(v, str)
        elif kind == "int":
            ok = isinstance(v, int) and not isinstance(v, bool)
        elif kind == "float":
            ok = isinstance(v, float | int) and not isinstance(v, bool)
        elif kind == "list":
            ok = isinstance(v, list) and all(isinstance(x, str) for x in v)
        else:  # dict: a document's languages and their shares
            ok = isinstance(v, dict) and all(
                isinstance(x, float | int) and not isinstance(x, bool) for x in v.values()
            )
        if not ok:
            return False
    return True


def cache_info(directory: str | os.PathLike[str]) -> dict[str, object]:
    """Path, size on disk (with -wal, -shm) and entries of the result cache in `directory`; read-only.

    `problem` says why the entries could not be counted (a damaged file: the next run sets it aside).
    """
    path = Path(directory) / FILE_NAME
    size = sum(f.stat().st_size for f in sqlite_files(path) if f.exists())
    facts: dict[str, object] = {"path": str(path), "exists": path.exists(), "bytes": size, "entries": 0}
    if path.exists():
        db = None
        try:
            if _writable(path):  # a writer's connection leaves no -shm file behind when it closes
                db = sqlite3.connect(path, timeout=10, isolation_level=None)
            else:
                db = open_read_only(path, _probe)
            facts["entries"] = db.execute("SELECT count(*) FROM results").fetchone()[0]
        except sqlite3.Error as exc:
            facts["problem"] = str(exc)
        finally:
            if db is not None:
                db.close()
    return facts


def clear(directory: str | os.PathLike[str]) -> int:
    """Delete the result cache in `directory` (with its -wal and -shm); the entries it held.

    OSError when it cannot be deleted. A process using it finishes with what it had.
    """
    facts = cache_info(directory)
    for path in sqlite_files(Path(directory) / FILE_NAME):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return int(facts["entries"])  # type: ignore[call-overload]
