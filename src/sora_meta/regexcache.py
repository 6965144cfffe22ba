"""Large regular expressions compiled once per installation instead of at every start.

The extractors build big patterns from their tables: the gazetteer's trie of 3,000 spellings and
the per-language figure and date grammars. `re` parses and compiles a pattern in pure Python, and
for these that takes about half a second, which every command and every spawned worker would pay
again (more than reading a small corpus takes). This module keeps `re`'s compiled form on disk,
the way Python keeps `.pyc` files, and rebuilds the pattern from it with `_sre.compile`: the very
call `re.compile` ends with, given the same arguments.

- Files live in `<cache_dir>/patterns/<interpreter>/`, one per pattern, named by a hash of the
  pattern, its flags and the exact interpreter build; the cache folder is the one translations
  and results use (`--cache-dir`, `$SORA_META_CACHE_DIR`, else the user cache directory).
- A name proves nothing (a file can be copied over another's name): each file holds the pattern
  text, the flags and the interpreter build it was made from, and a SHA-256 over all of it and the
  code. A file is used only when all of these equal what is asked for; `_sre` validates the code
  itself as well. Anything else (another pattern, another Python, a damaged or unreadable file, an
  unwritable folder, an interpreter without `_sre`) means `re.compile`, without a word: the cache
  can only save time, never change a match.
- The folder is per thread and per run (`using(path)`), not a setting that outlives the run.
- A pattern made by code from data (the gazetteer's trie) can be asked for by what it is made from
  (`compile_built`): the file is then named by a hash of those inputs and also holds that hash, and
  the pattern text comes from the file, so the code that writes the pattern does not run at all.
  Other values made at start-up from data (the gazetteer's spellings) are kept the same way as JSON
  (`memo_json`), never as pickles: a file in the cache folder is data, not code.
"""

from __future__ import annotations

import array
import contextlib
import contextvars
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .cachedir import default_cache_dir

__all__ = [
    "cache_info",
    "clear",
    "compile",
    "compile_built",
    "memo_json",
    "memo_source",
    "source_fingerprint",
    "use_directory",
    "using",
]

_FORMAT = 2
# The cache folder of the run this thread works for; None: the default folder.
_directory: contextvars.ContextVar[Path | None] = contextvars.ContextVar("regexcache_directory", default=None)


def use_directory(path: str | os.PathLike[str] | None) -> None:
    """Keep compiled patterns under `path` from now on in this thread; None: the default folder."""
    _directory.set(Path(path) if path else None)


@contextlib.contextmanager
def using(path: str | os.PathLike[str] | None) -> Iterator[None]:
    """Keep compiled patterns under `path` inside the block (a run's cache folder); None: the default."""
    token = _directory.set(Path(path) if path else None)
    try:
        yield
    finally:
        _directory.reset(token)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, read from the on-disk cache when this interpreter compiled it before."""
    try:
        folder = _folder()
        if folder is not None:
            return _cached(folder, pattern, int(flags))
    except Exception:  # an internal API changed or the disk misbehaved: plain re
        pass
    return re.compile(pattern, flags)


def compile_built(inputs: str, build: Callable[[], str], flags: int = 0) -> re.Pattern[str]:
    """`compile(build(), flags)` for a pattern that `inputs` determine, without calling `build` when the
    cache holds it: the pattern text is read back from the file made for the same `inputs`.

    `inputs` must determine the pattern: the data it is made from and a fingerprint of the code that
    makes it (`source_fingerprint`). A trie of thousands of names takes longer to write out in Python
    than to read back compiled.
    """
    try:
        folder = _folder()
        if folder is not None:
            digest = hashlib.sha256(inputs.encode("utf-8", "surrogatepass")).hexdigest()
            path = folder / f"{_key('built:' + digest, flags)}.sre"
            try:
                return _load(None, flags, path.read_bytes(), built=digest)
            except Exception:  # missing, damaged, or made from something else: build it
                pass
            pattern = build()
            compiled, parts = _compile_parts(pattern, flags)
            _store(path, pattern, flags, parts, built=digest)
            return compiled
    except Exception:  # an internal API changed or the disk misbehaved: plain re
        pass
    return re.compile(build(), flags)


class Deferred:
    """A pattern compiled (through the cache folder, as `compile`) when first asked for: for patterns
    that only some texts need, which a cold start would otherwise compile at once."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source, self.flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compile(self.source, self.flags)
        return self._compiled


def memo_json(inputs: str, build: Callable[[], Any]) -> Any:
    """`build()`'s value as JSON gives it back (tuples as lists), read from the cache folder when a run
    made it before from the same `inputs`; `inputs` must determine the value, as for `compile_built`.

    A file that is missing, damaged or made from other inputs, or a folder that cannot be written, only
    means `build()` runs.
    """
    digest = hashlib.sha256(f"{_FORMAT}\0memo\0{_build()}\0".encode())
    digest.update(inputs.encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    try:
        folder = _folder()
    except Exception:  # an internal API changed: no folder
        folder = None
    path = folder / f"{key[:40]}.json" if folder is not None else None
    if path is not None:
        try:
            line, _, body = path.read_bytes().partition(b"\n")
            if json.loads(line) == {
                "format": _FORMAT,
                "inputs": key,
                "sha256": hashlib.sha256(body).hexdigest(),
            }:
                return json.loads(body)
        except (OSError, ValueError):
            pass
    body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    if path is not None:
        head = {"format": _FORMAT, "inputs": key, "sha256": hashlib.sha256(body).hexdigest()}
        _write(path, json.dumps(head).encode() + b"\n" + body)
    return json.loads(body)


def memo_source(module: str, key: Any, build: Callable[[], str]) -> str:
    """The regex source `build()` writes in `module` from the data `key` (JSON-ready), kept by both:
    `memo_json` with the key and a hash of the module's source as inputs."""
    inputs = json.dumps([module, source_fingerprint(module), key], ensure_ascii=False)
    source = memo_json(inputs, build)
    if not isinstance(source, str):  # pragma: no cover - a file of the right digest holds what was stored
        raise TypeError("a memo of a regex source holds no string")
    return source


@functools.cache
def source_fingerprint(*modules: str) -> str:
    """A hash of the source files of `modules` (`sora_meta.extract.companies`), for `compile_built`."""
    import importlib.util

    digest = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        digest.update(name.encode() + b"\0")
        if origin:
            digest.update(Path(origin).read_bytes())
    return digest.hexdigest()


def _folder() -> Path | None:
    import _sre

    if sys.implementation.name != "cpython":
        return None
    base = _directory.get()
    if base is None:
        base = Path(default_cache_dir())
    return base / "patterns" / f"{sys.implementation.cache_tag}-{_sre.MAGIC}"


def _build() -> str:
    """The interpreter build a compiled form belongs to (its code words mean nothing to another)."""
    import _sre

    return f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.byteorder}"


def _key(pattern: str, flags: int) -> str:
    digest = hashlib.sha256(f"{_FORMAT}\0{_build()}\0{flags}\0".encode())
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
            return _load(pattern, flags, data)
        except Exception:  # damaged, or made from something else: compile again and replace it
            pass
    compiled, parts = _compile_parts(pattern, flags)
    _store(path, pattern, flags, parts)
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


def _checksum(head: dict[str, Any], body: bytes) -> str:
    digest = hashlib.sha256(json.dumps(head, sort_keys=True).encode())
    digest.update(b"\n")
    digest.update(body)
    return digest.hexdigest()


def _load(pattern: str | None, flags: int, data: bytes, built: str = "") -> re.Pattern[str]:
    """The pattern read back from `data`; ValueError unless made from this pattern, flags and build.

    `pattern=None`: a pattern asked for by the digest of its inputs (`built`), whatever its text.
    """
    import _sre

    line, _, body = data.partition(b"\n")
    head = json.loads(line)
    if not isinstance(head, dict) or head.pop("sha256", None) != _checksum(head, body):
        raise ValueError("damaged")
    if pattern is None:
        pattern = head.get("pattern")
        if not isinstance(pattern, str) or head.get("built") != built:
            raise ValueError("made from other inputs")
    if (head.get("format"), head.get("pattern"), head.get("requested"), head.get("build")) != (
        _FORMAT,
        pattern,
        flags,
        _build(),
    ):
        raise ValueError("made from another pattern, other flags or another Python")
    code = array.array(_typecode())
    code.frombytes(body)
    return _sre.compile(
        pattern,
        head["flags"],
        code.tolist(),
        head["groups"],
        head["groupindex"],
        tuple(head["indexgroup"]),
    )


def _store(path: Path, pattern: str, flags: int, parts: dict[str, Any], built: str = "") -> None:
    """Write atomically (a temporary file renamed); skip quietly when the folder is not writable."""
    body = array.array(_typecode(), parts["code"]).tobytes()
    head: dict[str, Any] = {"format": _FORMAT, "pattern": pattern, "requested": flags, "build": _build()}
    if built:
        head["built"] = built
    head.update({k: parts[k] for k in ("flags", "groups", "groupindex", "indexgroup")})
    head["sha256"] = _checksum(head, body)
    _write(path, json.dumps(head).encode() + b"\n" + body)


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a temporary file renamed); skip quietly when the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def _files(directory: str | os.PathLike[str]) -> tuple[Path, list[Path]]:
    root = Path(directory) / "patterns"
    if not root.is_dir():
        return root, []
    return root, sorted(
        p for p in root.glob("*/*") if p.is_file() and p.name.endswith((".sre", ".json", ".tmp"))
    )


def cache_info(directory: str | os.PathLike[str]) -> dict[str, object]:
    """Where the compiled patterns of `directory` are, their files and size, files per interpreter."""
    root, files = _files(directory)
    builds: dict[str, int] = {}
    for path in files:
        builds[path.parent.name] = builds.get(path.parent.name, 0) + 1
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    return {
        "path": str(root),
        "exists": root.is_dir(),
        "bytes": size,
        "entries": len(files),
        "builds": builds,
    }


def clear(directory: str | os.PathLike[str]) -> int:
    """Delete the compiled patterns of `directory` (every interpreter's); the files removed.

    Files other than pattern files are left alone. OSError when one cannot be deleted.
    """
    root, files = _files(directory)
    removed = 0
    for path in files:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    for folder in sorted({p.parent for p in files}):
        with contextlib.suppress(OSError):  # not empty: something else lives there
            folder.rmdir()
    if root.is_dir():
        with contextlib.suppress(OSError):
            root.rmdir()
    return removed
