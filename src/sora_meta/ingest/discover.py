"""Discover: turn path arguments (files, folders, globs, `-`) into an ordered list of inputs.

Each argument gives its inputs sorted by `doc_id` (the path relative to the argument's root,
'/'-separated). Folders are walked recursively, hidden entries skipped, symlinked folders
followed once (their real paths are remembered, so loops end). Nothing is opened here: an
input is only named, with a status when it cannot be read at all.

Doc ids are unique: when two inputs would get the same one (`a/x.txt` and `b/x.txt` given as
two arguments), each takes as many more folders of its path as it needs to differ (`a/x.txt`,
`b/x.txt`); see `unique_ids`. Records of a JSON (Lines) file get `file#<id>` (`record_id`).

What sora-meta itself wrote is never read back as an article: the outputs of the running
command are known by path (`discover(paths, outputs)`), and files written by an earlier run are
known by their first bytes when read (`output_kind`): a table's header, a report's generator
tag, a translation's header. Both become `skipped` rows whose reason starts with
`OUTPUT_REASON`.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sora_meta.models import Status

STDIN = "-"
# The reason of a `skipped` row for a file sora-meta wrote: `an output of sora-meta (claims table)`.
OUTPUT_REASON = "an output of sora-meta"


def output_reason(what: str) -> str:
    """The documents-table reason for an output of sora-meta found among the inputs."""
    return f"{OUTPUT_REASON} ({what})"


def is_output_reason(reason: str) -> bool:
    """Whether a row's reason says the file is an output of sora-meta (not a lost input)."""
    return reason.startswith(OUTPUT_REASON)


@dataclass(frozen=True, slots=True)
class Entry:
    """One input: a regular file to read, stdin, or something that cannot be read (status + reason)."""

    doc_id: str
    path: str
    status: Status = Status.OK
    reason: str = ""
    real: str = ""  # real path of a regular file, to read it once
    os_path: str = ""  # the path to open when `path` had to be made printable (a name not in UTF-8)

    @property
    def opened(self) -> str:
        """The path to open."""
        return self.os_path or self.path


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


def _walk(root: str, prefix: str, seen_dirs: set[str], outputs: Mapping[str, str]) -> Iterator[Entry]:
    """Every non-hidden entry under folder `root`, doc_id = `prefix` + path relative to `root`.

    A folder that is an output of this run (a Parquet dataset) is one `skipped` entry, not walked.
    """
    real = os.path.realpath(root)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    if real in outputs:
        name = prefix.rstrip("/") or os.path.basename(root.rstrip("/\\")) or root
        yield Entry(name, root, Status.SKIPPED, output_reason(outputs[real]))
        return
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
            yield from _walk(listed.path, doc_id + "/", seen_dirs, outputs)
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


def expand(arg: str, seen_dirs: set[str], outputs: Mapping[str, str] | None = None) -> list[Entry]:
    """The inputs one argument names, sorted by doc_id.

    `outputs`: real path → what it holds, for the files (and dataset folders) this run writes:
    those are `skipped` entries, never inputs.
    """
    outputs = outputs or {}
    if arg == STDIN:
        return [Entry("<stdin>", STDIN)]
    if os.path.lexists(arg):
        if os.path.isdir(arg):
            entries = list(_walk(arg, "", seen_dirs, outputs))
        else:
            entries = [_entry(os.path.basename(arg.rstrip("/\\")) or arg, arg)]
    elif _magic(arg):
        base = _glob_base(arg)
        entries = []
        for match in glob.glob(arg, recursive=True):
            rel = os.path.relpath(match, base or ".").replace(os.sep, "/")
            if os.path.isdir(match):
                entries.extend(_walk(match, rel + "/" if rel != "." else "", seen_dirs, outputs))
            else:
                entries.append(_entry(rel, match))
        if not entries:
            return [Entry(arg, arg, Status.ERROR, "no files match")]
    else:
        return [Entry(arg, arg, Status.ERROR, "no such file or directory")]
    entries.sort(key=lambda e: e.doc_id)
    if outputs:
        entries = [
            Entry(e.doc_id, e.path, Status.SKIPPED, output_reason(outputs[e.real]), e.real)
            if e.real in outputs
            else e
            for e in entries
        ]
    return entries


def discover(
    paths: Iterable[str | os.PathLike[str]], outputs: Iterable[tuple[str, str]] = ()
) -> Iterator[Entry]:
    """Inputs of every argument in order, with unique doc ids; a regular file reached twice is given once.

    `outputs`: (path, what it holds) of each file or folder the running command writes, e.g.
    `("news/claims.csv", "claims table")`: found among the inputs, it is a `skipped` entry.
    Every argument is expanded before the first entry is given, since a later argument can
    make an earlier doc id ambiguous.
    """
    marked = {os.path.realpath(path): what for path, what in outputs}
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    entries: list[Entry] = []
    for raw in paths:
        arg = os.fspath(raw)
        for entry in expand(arg, seen_dirs, marked):
            if entry.real:
                if entry.real in seen_files:
                    continue
                seen_files.add(entry.real)
            entries.append(printable(entry))
    yield from unique_ids(entries)


def printable(entry: Entry) -> Entry:
    """The entry with a file name that is not valid UTF-8 written with escapes (`caf\\xe9.txt`).

    Such a name reaches Python with surrogate escapes, which no table, cache or terminal can hold; the
    doc id and path show the bytes as `\\xNN`, and `opened` keeps the name the file system knows.
    """
    if not (_has_surrogate(entry.doc_id) or _has_surrogate(entry.path)):
        return entry
    return dataclasses.replace(
        entry, doc_id=_escaped(entry.doc_id), path=_escaped(entry.path), os_path=entry.os_path or entry.path
    )


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _escaped(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_SURROGATE = re.compile("[\ud800-\udfff]")


# -- unique doc ids -----------------------------------------------------------------------------


def _components(path: str) -> list[str]:
    """The '/'-separated parts of `path` as given, normalised (`./a/../b/x.txt` → `b`, `x.txt`)."""
    if path == STDIN:
        return []
    return os.path.normpath(path).replace(os.sep, "/").split("/")


def _longer(entry: Entry, current: str) -> str | None:
    """`current` (a suffix of the entry's path) with one more folder of the path; None at its start."""
    parts = _components(entry.path)
    n = current.count("/") + 1
    if n >= len(parts) or "/".join(parts[-n:]) != current:
        return None
    return "/".join(parts[-n - 1 :])


def unique_ids(entries: list[Entry]) -> list[Entry]:
    """The entries with unique doc ids: the shortest suffix of each path that no other input shares.

    Two inputs with the same doc id each take one more folder of their path (as given, normalised)
    until they differ: `a/x.txt` and `b/x.txt` given as files, or `x.txt` in folders `2023/` and
    `2024/`, become `a/x.txt`, `b/x.txt` and `2023/x.txt`, `2024/x.txt`; inputs whose doc id is
    unique keep it. Ids depend only on the arguments (their order included), never on the machine.
    Inputs whose whole paths are the same (`-` twice) get `~2`, `~3`, … in input order.
    """
    ids = [e.doc_id for e in entries]
    if len(set(ids)) == len(ids):
        return entries
    while True:
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for i, doc_id in enumerate(ids):
            groups[doc_id].append(i)
        changed = False
        for members in groups.values():
            if len(members) < 2:
                continue
            for i in members:
                longer = _longer(entries[i], ids[i])
                if longer is not None:
                    ids[i] = longer
                    changed = True
        if not changed:
            break
    used = set(ids)
    count: Counter[str] = Counter()
    for i, doc_id in enumerate(ids):
        count[doc_id] += 1
        if count[doc_id] > 1:
            n = count[doc_id]
            while f"{doc_id}~{n}" in used:
                n += 1
            ids[i] = f"{doc_id}~{n}"
            used.add(ids[i])
    return [
        e if e.doc_id == d else dataclasses.replace(e, doc_id=d) for e, d in zip(entries, ids, strict=True)
    ]


# Characters of a record's own id escaped in its doc id (`%XX`, UTF-8): `#` and `/` would read as
# the record or path separator, `~` as the mark of a repeated id, `%` as an escape; spaces and
# control characters would not survive a copy from a terminal.
_ID_ESCAPE = re.compile(r"[%#/\\~\s\x00-\x1f\x7f-\x9f]")
MAX_RECORD_ID = 200


def _escape_id(own: str) -> str:
    escaped = _ID_ESCAPE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), own)
    if len(escaped) > MAX_RECORD_ID:  # bounded; the digest keeps long ids apart
        digest = hashlib.sha1(own.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        escaped = f"{escaped[: MAX_RECORD_ID - 13]}~{digest}"
    return escaped


def record_id(doc_id: str, record: object, position: int, used: set[str]) -> str:
    """The doc id of one record of a JSON (Lines) file: `file#<id>` from the record's own `id`, else
    `file#<position>` (the line number, or the index in a JSON list).

    The record's `id` (a non-empty string or an integer) keeps the doc id, and so the claim ids,
    the same when the file's records are reordered. A doc id already given in this file (`used`,
    updated here) gets `~2`, `~3`, … so duplicate ids still give unique doc ids.
    """
    own = record.get("id") if isinstance(record, dict) else None
    if isinstance(own, bool) or not isinstance(own, str | int) or not str(own).strip():
        rid = f"{doc_id}#{position}"
    else:
        rid = f"{doc_id}#{_escape_id(str(own).strip())}"
    if rid in used:
        n = 2
        while f"{rid}~{n}" in used:
            n += 1
        rid = f"{rid}~{n}"
    used.add(rid)
    return rid


# -- outputs of earlier runs, known by their first bytes ----------------------------------------

# The first columns of each table sora-meta writes (SCHEMA.md; a test checks them against
# `table.column_types`), as a CSV header starts and as the first keys of a JSON (Lines) record.
TABLE_HEADS = (
    ("claims table", ("claim_id", "doc_id", "doc_title", "doc_lang")),
    ("mentions table", ("mention_id", "doc_id", "lang", "kind")),
    ("documents table", ("doc_id", "path", "format", "encoding")),
)
# Column names only these tables have, as a Parquet footer names them.
_PARQUET_MARKS = (
    ("claims table", (b"claim_id", b"figure_start", b"date_source")),
    ("mentions table", (b"mention_id", b"sentence_start", b"claim_ids")),
    ("documents table", (b"furniture_lines", b"duplicate_paragraphs", b"title_en")),
)
_HEAD = 16384  # bytes looked at
_JSON_VALUE = rb'(?:"(?:[^"\\\n]|\\.){0,4000}"|null|-?[0-9][0-9.eE+-]{0,30})'
_JSON_HEADS = tuple(
    (
        what,
        re.compile(
            rb"\A\s*\[?\s*\{\s*"
            + rb"\s*,\s*".join(rb'"' + c.encode() + rb'"\s*:\s*' + _JSON_VALUE for c in cols[:-1])
            + rb'\s*,\s*"'
            + cols[-1].encode()
            + rb'"\s*:'
        ),
    )
    for what, cols in TABLE_HEADS
)
_CSV_HEADS = tuple((what, ",".join(cols).encode() + b",") for what, cols in TABLE_HEADS)
_GENERATOR = re.compile(rb"""<meta\s+name=["']?generator["']?\s+content=["']sora-meta[\s"']""", re.I)
_BODY = re.compile(rb"<body[\s>]", re.I)
_TRANSLATION_LINE = re.compile(
    rb"^Translation: machine translation by .{1,200} through sora-meta \S{1,40}; "
    rb"[0-9]+ of [0-9]+ non-English paragraphs translated$",
    re.M,
)


def output_kind(data: bytes) -> str:
    """What sora-meta output these bytes (a whole file) are, or '' for anything else.

    Only a mark sora-meta writes counts, at the place it writes it: the header of a claims,
    mentions or documents table (CSV: the first line starts with its first columns; JSON and
    JSON Lines: the first record starts with them, in order; Parquet: the footer names columns
    only these tables have), the `<meta name="generator" content="sora-meta …">` tag in the
    `<head>` of a report, and the header block of a translation (`Title: …` first, then an
    `Original: …` line and the `Translation: machine translation by … through sora-meta …` line,
    before the first blank line). An article that merely quotes such text elsewhere is read.
    """
    head = data[:_HEAD]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    for what, start in _CSV_HEADS:
        if head.startswith(start):
            return what
    first = head.lstrip()[:1]
    if first in (b"{", b"["):
        for what, pattern in _JSON_HEADS:
            if pattern.match(head):
                return what
        return ""
    if head.startswith(b"PAR1") and data.endswith(b"PAR1"):
        return parquet_kind(data[-8:], data)
    if head.startswith(b"Title: "):
        header = head.split(b"\n\n", 1)[0]
        if _TRANSLATION_LINE.search(header) and re.search(rb"^Original: ", header, re.M):
            return "translation"
        return ""
    if b"<" in head[:1024]:
        body = _BODY.search(head)
        if _GENERATOR.search(head, 0, body.start() if body else len(head)):
            return "report"
    return ""


def parquet_kind(tail: bytes, data: bytes) -> str:
    """The table a Parquet file holds, from its footer (`tail`: the file's last 8 bytes; `data`:
    bytes ending where the file ends, holding at least the footer)."""
    size = int.from_bytes(tail[:4], "little")
    footer = data[-8 - size : -8] if 0 < size <= len(data) - 8 else b""
    for what, marks in _PARQUET_MARKS:
        if all(mark in footer for mark in marks):
            return what
    return ""


def file_output_kind(path: str | os.PathLike[str]) -> str:
    """`output_kind` of the file at `path` (its first bytes, and a Parquet file's footer); '' when
    it cannot be read."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD)
            if not (head.startswith(b"PAR1") and len(head) >= 12):
                return output_kind(head)
            f.seek(-8, os.SEEK_END)
            tail = f.read(8)
            if tail[4:] != b"PAR1":
                return ""
            size = int.from_bytes(tail[:4], "little")
            f.seek(-8 - min(size, 1 << 24), os.SEEK_END)
            return parquet_kind(tail, f.read())
    except OSError:
        return ""
