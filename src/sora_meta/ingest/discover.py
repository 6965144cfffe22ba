"""Discover: turn path arguments (files, folders, globs, `-`) into an ordered list of inputs.

Each argument gives its inputs sorted by `doc_id` (the path relative to the argument's root,
'/'-separated). Folders are walked recursively, hidden entries skipped, symlinked folders
followed once (their real paths are remembered, so loops end). Nothing is opened here: an
input is only named, with a status when it cannot be read at all.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sora_meta.models import Status

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Entry:
    """One input: a regular file to read, stdin, or something that cannot be read (status + reason)."""

    doc_id: str
    path: str
    status: Status = Status.OK
    reason: str = ""
    real: str = ""  # real path of a regular file, to read it once


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def _entry(doc_id: str, path: str, listed: os.DirEntry[str] | None = None, real_dir: str = "") -> Entry:
    """Stat `path` (following symlinks) and say what it is, without opening it.

    `listed`: its entry in the listing of folder `real_dir` (a real path): a file there that is no
    symbolic link has the real path `real_dir/name`, and its listing may hold its stat already.
    """
    try:
        st = os.stat(path) if listed is None else listed.stat()
    except FileNotFoundError:
        if os.path.islink(path):
            return Entry(doc_id, path, Status.ERROR, "broken symbolic link")
        return Entry(doc_id, path, Status.ERROR, "no such file or directory")
    except PermissionError:
        return Entry(doc_id, path, Status.ERROR, "permission denied")
    except OSError as exc:
        if os.path.islink(path):
            return Entry(doc_id, path, Status.ERROR, "broken symbolic link")
        return Entry(doc_id, path, Status.ERROR, exc.strerror.lower() if exc.strerror else str(exc))
    if stat.S_ISREG(st.st_mode):
        if listed is not None and not listed.is_symlink():
            return Entry(doc_id, path, real=os.path.join(real_dir, listed.name))
        return Entry(doc_id, path, real=os.path.realpath(path))
    return Entry(doc_id, path, Status.SKIPPED, f"not a regular file ({_kind(st.st_mode)})")


def _walk(root: str, prefix: str, seen_dirs: set[str]) -> Iterator[Entry]:
    """Every non-hidden entry under folder `root`, doc_id = `prefix` + path relative to `root`."""
    real = os.path.realpath(root)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        with os.scandir(root) as it:  # entries keep what the listing told (type, stat) after it closes
            children = sorted(((e.name, e) for e in it if not e.name.startswith(".")), key=lambda ne: ne[0])
    except PermissionError:
        yield Entry(
            prefix.rstrip("/") or os.path.basename(root.rstrip("/\\")) or root,
            root,
            Status.ERROR,
            "permission denied",
        )
        return
    except OSError as exc:
        yield Entry(prefix.rstrip("/") or root, root, Status.ERROR, str(exc.strerror or exc).lower())
        return
    for name, listed in children:
        doc_id = prefix + name
        if _is_dir(listed):  # follows symlinks; loops end at seen_dirs
            yield from _walk(listed.path, doc_id + "/", seen_dirs)
        else:
            yield _entry(doc_id, listed.path, listed, real)


def _is_dir(listed: os.DirEntry[str]) -> bool:
    """`os.path.isdir` of a listed entry: its type from the listing, a stat only for a symbolic link."""
    try:
        return listed.is_dir()
    except OSError:
        return False


def _magic(path: str) -> bool:
    return glob.has_magic(path)


def _glob_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard (`seeds/*.txt` → `seeds`)."""
    parts = pattern.replace(os.sep, "/").split("/")
    base: list[str] = []
    for part in parts[:-1]:
        if _magic(part):
            break
        base.append(part)
    if not base:
        return ""
    joined = "/".join(base)
    return joined or "/"


def expand(arg: str, seen_dirs: set[str]) -> list[Entry]:
    """The inputs one argument names, sorted by doc_id."""
    if arg == STDIN:
        return [Entry("<stdin>", STDIN)]
    if os.path.lexists(arg):
        if os.path.isdir(arg):
            entries = list(_walk(arg, "", seen_dirs))
        else:
            entries = [_entry(os.path.basename(arg.rstrip("/\\")) or arg, arg)]
    elif _magic(arg):
        base = _glob_base(arg)
        entries = []
        for match in glob.glob(arg, recursive=True):
            rel = os.path.relpath(match, base or ".").replace(os.sep, "/")
            if os.path.isdir(match):
                entries.extend(_walk(match, rel + "/" if rel != "." else "", seen_dirs))
            else:
                entries.append(_entry(rel, match))
        if not entries:
            return [Entry(arg, arg, Status.ERROR, "no files match")]
    else:
        return [Entry(arg, arg, Status.ERROR, "no such file or directory")]
    entries.sort(key=lambda e: e.doc_id)
    return entries


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Entry]:
    """Inputs of every argument in order; a regular file reached twice is given once."""
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for raw in paths:
        arg = os.fspath(raw)
        for entry in expand(arg, seen_dirs):
            if entry.real:
                if entry.real in seen_files:
                    continue
                seen_files.add(entry.real)
            yield entry
