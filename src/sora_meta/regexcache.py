"""Large regular expressions compiled once per installation instead of at every start.

The extractors build big patterns from their tables: the gazetteer's trie of 3,000 spellings and
the per-language figure and date grammars. `re` parses and compiles a pattern in pure Python, and
for these that takes about half a second, which every command and every spawned worker would pay
again (more than reading a small corpus takes). This module keeps `re`'s compiled form on disk,
the way Python keeps `.pyc` files, and rebuilds the pattern from it with `_sre.compile`: the very
call `re.compile` ends with, given the same arguments.

- Files live in `<cache_dir>/patterns/<interpreter>/`, one per pattern, named by a hash of the
  pattern, its flags and the exact interpreter build; the cache folder is the one translations
  and results use (`--cache-dir`, `$SORA_META_CACHE_DIR`, else the user cache directory). Tables
  that change make new names; nothing is ever served for another pattern or another Python.
- A file holds the code with its SHA-256; `_sre` validates code itself as well. A damaged or
  unreadable file, an unwritable folder or an interpreter without `_sre` (not CPython) falls back
  to `re.compile` without a word: the cache can only save time, never change a match.
"""

from __future__ import annotations

import array
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from .cachedir import default_cache_dir

__all__ = ["compile", "use_directory"]

_FORMAT = 1
_directory: Path | None = None


def use_directory(path: str | os.PathLike[str] | None) -> None:
    """Keep compiled patterns under `path` (the run's cache folder); None: the default folder."""
    global _directory
    _directory = Path(path) if path else None


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, read from the on-disk cache when this interpreter compiled it before."""
    try:
        folder = _folder()
        if folder is not None:
            return _cached(folder, pattern, int(flags))
    except Exception:  # an internal API changed or the disk misbehaved: plain re
        pass
    return re.compile(pattern, flags)


def _folder() -> Path | None:
    import _sre

    if sys.implementation.name != "cpython":
        return None
    base = _directory if _directory is not None else Path(default_cache_dir())
    return base / "patterns" / f"{sys.implementation.cache_tag}-{_sre.MAGIC}"


def _key(pattern: str, flags: int) -> str:
    digest = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0{flags}\0".encode())
    digest.update(pattern.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


def _cached(folder: Path, pattern: str, flags: int) -> re.Pattern[str]:
    path = folder / f"{_key(pattern, flags)}.sre"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if data:
        try:
            return _load(pattern, data)
        except Exception:  # a damaged file: compile again and replace it
            pass
    compiled, parts = _compile_parts(pattern, flags)
    _store(path, parts)
    return compiled


def _typecode() -> str:
    import _sre

    return next(t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE)


def _compile_parts(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any]]:
    """What `re._compiler.compile` does, keeping the arguments of its final `_sre.compile` call."""
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    parts = {
        "flags": flags | parsed.state.flags,
        "code": code,
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }
    compiled = _sre.compile(pattern, parts["flags"], code, parts["groups"], groupindex, tuple(indexgroup))
    return compiled, parts


def _load(pattern: str, data: bytes) -> re.Pattern[str]:
    import _sre

    head, _, body = data.partition(b"\n")
    meta = json.loads(head)
    if meta["format"] != _FORMAT or hashlib.sha256(body).hexdigest() != meta["sha256"]:
        raise ValueError("not this format, or damaged")
    code = array.array(_typecode())
    code.frombytes(body)
    return _sre.compile(
        pattern,
        meta["flags"],
        code.tolist(),
        meta["groups"],
        meta["groupindex"],
        tuple(meta["indexgroup"]),
    )


def _store(path: Path, parts: dict[str, Any]) -> None:
    """Write atomically (a temporary file renamed); skip quietly when the folder is not writable."""
    body = array.array(_typecode(), parts["code"]).tobytes()
    meta = {k: parts[k] for k in ("flags", "groups", "groupindex", "indexgroup")}
    head = json.dumps({"format": _FORMAT, "sha256": hashlib.sha256(body).hexdigest(), **meta})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(head.encode() + b"\n" + body)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
