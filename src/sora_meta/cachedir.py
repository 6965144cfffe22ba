"""The cache folder every cache of sora-meta lives in (translations, results, compiled patterns).

Also what the two SQLite caches share: telling a damaged file from a passing trouble, setting a
damaged file aside, and opening a cache read-only when it cannot be written.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path


def default_cache_dir() -> str:
    """`$SORA_META_CACHE_DIR`, else the user cache directory for sora-meta (`~/.cache/sora-meta` on Linux)."""
    env = os.environ.get("SORA_META_CACHE_DIR")
    if env:
        return env
    import platformdirs

    return platformdirs.user_cache_dir("sora-meta")


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file itself is damaged or no database (not a lock, full disk, permission)."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return True
    return type(exc) is sqlite3.DatabaseError  # SQLITE_CORRUPT, SQLITE_NOTADB; not its subclasses


def sqlite_files(path: Path) -> list[Path]:
    """The database file and SQLite's `-wal` and `-shm` files beside it."""
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]


def set_aside(path: Path) -> Path:
    """Rename a damaged database to `<name>.corrupt-<time>` (its -wal and -shm are removed); the new path.

    OSError when it cannot be moved; a file another process moved first is no error.
    """
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    with suppress(FileNotFoundError):
        os.replace(path, aside)
    for extra in sqlite_files(path)[1:]:
        with suppress(FileNotFoundError):
            extra.unlink()
    return aside


def open_read_only(path: Path, probe: Callable[[sqlite3.Connection], object]) -> sqlite3.Connection:
    """A read-only connection to an existing database that this process cannot write.

    `mode=ro` first; when SQLite cannot even make its shared-memory file (a read-only folder) and no
    writer is at work (no `-wal` file), `immutable=1`. `probe` runs a query to prove the file is
    readable; sqlite3.Error when it is not.
    """
    uri = path.absolute().as_uri()
    attempts = [f"{uri}?mode=ro"]
    if not Path(f"{path}-wal").exists():
        attempts.append(f"{uri}?immutable=1")
    error: sqlite3.Error | None = None
    for address in attempts:
        conn = None
        try:
            conn = sqlite3.connect(address, uri=True, isolation_level=None, check_same_thread=False)
            probe(conn)
            return conn
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            if is_corrupt(exc):
                raise
            error = exc
    assert error is not None
    raise error
