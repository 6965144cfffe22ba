"""Export: write the claim and documents tables as CSV, JSON Lines, JSON or Parquet, atomically.

A file is written to a temporary file beside the target and renamed over it, so a reader
never sees half a file, and an interrupted or failed write leaves the previous file (or none).
A target that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written
directly: it cannot be replaced by a rename, and must not be. In CSV, list columns are joined
with `; ` and dict columns are JSON; in JSON and JSON Lines they stay lists and objects.

`TableWriter` writes a table a chunk of rows at a time, so a large corpus never sits in memory:
the bytes are the same as writing the whole table at once. Its CSV goes straight from the row
dicts to the `csv` module, the writer pandas' `to_csv` uses, with the cells pandas would give
(no DataFrame is built per chunk). Parquet is one file whose row groups
are written as rows come (a single file is easier to hand around, and any Parquet reader reads
it); given a folder (`-o claims/`), Parquet is a dataset instead: a folder of part files of up
to 50,000 rows each, every one complete once written, which dataset readers (pyarrow, DuckDB,
Spark, Polars, `pandas.read_parquet`) read as one table. The documents table, one small row per
document, is written at the end.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pandas as pd

from .errors import OutputError, UsageError
from .table import claims_frame, column_types, documents_frame, mentions_frame, missing

FORMATS = ("csv", "jsonl", "json", "parquet")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet"}


def is_folder_target(path: str | os.PathLike[str]) -> bool:
    """Whether `path` names a folder (an existing one, or a name ending in `/`): a Parquet dataset."""
    text = os.fspath(path)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def format_for(path: str | os.PathLike[str], explicit: str | None = None) -> str:
    """The output format: the one asked for, else the one the file extension names (a folder: Parquet)."""
    if is_folder_target(path):
        if explicit not in (None, "parquet"):
            raise UsageError(
                f"{os.fspath(path)}: a folder is written only as a Parquet dataset; give a file name for "
                f"{explicit}"
            )
        return "parquet"
    if explicit:
        return explicit
    suffix = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        if _is_special(Path(path)):  # /dev/stdout, a pipe: CSV, as on standard output
            return "csv"
        raise UsageError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension; use --format "
            f"({', '.join(FORMATS)})"
        ) from None


# CSV injection (OWASP's advice). A spreadsheet reads a cell as a formula when it starts with `=`,
# `+`, `-` or `@` (`-2+3+cmd|' /C calc'!A0`, `@SUM(1+1)`, `=HYPERLINK(...)`), and an import that trims
# white space (a tab, a carriage return, spaces) or folds full-width forms (`＝`) to ASCII can bring
# such a sign to the front. So a text cell whose first character after leading quotes and white space
# is one of those signs, in any width, gets a `'` first, unless the rest holds nothing a formula could
# act with: only digits, signs, `.`, `,`, `%`, `:` and spaces (`-5%`, `--06-14`, `+1.5`) are at most
# arithmetic on the numbers written, with no function, reference or link. Cells that
# start with `'` and would need it once their leading quotes are removed get one more `'`, so that
# `unquote_cell` gives back every value exactly.
_FORMULA_SIGNS = frozenset(
    chr(c)
    for block in (range(0x20, 0x7F), range(0x2070, 0x20A0), range(0xFE50, 0xFE70), range(0xFF00, 0xFFF0))
    for c in block
    if unicodedata.normalize("NFKC", chr(c))[:1] in ("=", "+", "-", "@")
)
_ONLY_NUMBERS = re.compile(r"[-+0-9.,%: ]+")  # ASCII only: a full-width sign is folded by some imports
_QUOTE_FIRST = _FORMULA_SIGNS | {"'"}  # with white space: the first characters worth a closer look


def needs_quote(cell: str) -> bool:
    """Whether a spreadsheet could run this CSV text cell as a harmful formula (see above)."""
    text = cell.lstrip("'").lstrip()
    return bool(text) and text[0] in _FORMULA_SIGNS and _ONLY_NUMBERS.fullmatch(text) is None


def quote_cell(cell: str) -> str:
    """The cell as the excel-safe CSV writes it: a `'` first when `needs_quote`, else unchanged."""
    return (
        "'" + cell if cell and (cell[0] in _QUOTE_FIRST or cell[0].isspace()) and needs_quote(cell) else cell
    )


def unquote_cell(cell: str) -> str:
    """The value an excel-safe CSV cell was written from (`quote_cell` undone): exact for every value."""
    return cell[1:] if cell.startswith("'") and needs_quote(cell) else cell


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet could run as a harmful formula, prefixed with `'` (`quote_cell`).

    Only text columns change; numbers (`-5.0` in `value`) stay numbers. A column is only
    rebuilt when one of its cells needs it (setting a column is the expensive part).
    """
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype != object and not pd.api.types.is_string_dtype(safe[col].dtype):
            continue  # numbers (pandas 3 gives joined lists a `str` dtype: those are text)
        cells = safe[col].tolist()
        quoted = [quote_cell(v) if isinstance(v, str) else v for v in cells]
        if quoted != cells:
            safe[col] = quoted
    return safe


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with '; ' and dicts as JSON, for formats without nested values."""
    flat = frame.copy()
    for col in flat.columns:
        if flat[col].dtype != object:  # numbers: nothing nested
            continue
        cells = flat[col].tolist()
        sample = next((v for v in cells if isinstance(v, list | dict)), None)
        if isinstance(sample, list):
            flat[col] = [("; ".join(map(str, v)) if isinstance(v, list) else "") for v in cells]
        elif isinstance(sample, dict):
            flat[col] = [
                json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, dict) else ""
                for v in cells
            ]
    return flat


@functools.cache
def _csv_layout(kind: str) -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The column names of table `kind` and the positions of each type of column."""
    columns = column_types(kind)
    positions: dict[str, tuple[int, ...]] = {}
    for t in ("text", "int", "float", "list", "dict"):
        positions[t] = tuple(i for i, (_, kind_of) in enumerate(columns) if kind_of == t)
    return tuple(name for name, _ in columns), positions


def _csv_cells(row: dict[str, Any], kind: str, safe: bool) -> list[Any]:
    """One row's CSV cells, as `write_stream` writes them from a frame of the table.

    Empty cells (None, NaN) are blank, whole numbers are integers, `value` is Python's float repr
    (numpy's `astype(str)`, which pandas uses, prints the same), lists are joined with `; ` and
    dicts are JSON; with `safe`, text that a spreadsheet would run as a formula gets a `'` first.
    The `csv` module writes None as a blank cell and a float as its repr.
    """
    names, at = _csv_layout(kind)
    cells = list(map(row.get, names))
    for i in at["list"]:
        v = cells[i]
        cells[i] = "; ".join(map(str, v)) if isinstance(v, list) else ""
    for i in at["dict"]:
        v = cells[i]
        cells[i] = json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, dict) else ""
    for i in at["text"]:
        v = cells[i]
        if type(v) is not str and v is not None and missing(v):
            cells[i] = None
    for i in at["int"]:
        v = cells[i]
        if type(v) is not int and v is not None:
            cells[i] = None if missing(v) else int(v)
    for i in at["float"]:
        v = cells[i]
        if v is not None and (type(v) is not float or v != v):  # NaN: blank; an int: written as a float
            cells[i] = None if missing(v) else float(v)
    if safe:
        for i in at["text"] + at["list"]:
            v = cells[i]
            if type(v) is str and v and (v[0] in _QUOTE_FIRST or v[0].isspace()) and needs_quote(v):
                cells[i] = "'" + v
    return cells


def write_stream(frame: pd.DataFrame, stream: IO[str], fmt: str, *, safe: bool = True) -> None:
    """Write a table to an open text stream (stdout) in a text format (CSV cells made excel-safe)."""
    if fmt == "csv":
        flat = _flatten(frame)
        (excel_safe(flat) if safe else flat).to_csv(stream, index=False, lineterminator="\n")
    elif fmt == "jsonl":
        if len(frame):
            text = frame.to_json(orient="records", lines=True, force_ascii=False)
            stream.write(text if text.endswith("\n") else text + "\n")
    elif fmt == "json":
        stream.write(frame.to_json(orient="records", force_ascii=False, indent=2))
        stream.write("\n")
    else:
        raise UsageError(f"{fmt} cannot be written to standard output; give a file with -o")


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str], fmt: str | None = None) -> None:
    """Write a table to `path` atomically, in `fmt` or the format its extension names."""
    target = Path(path)
    fmt = format_for(target, fmt)
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UsageError("Parquet output needs pyarrow: pip install 'sora-meta[parquet]'") from None
    with atomic_output(target) as (fd, tmp):
        if fmt == "parquet":
            os.close(fd)
            frame.to_parquet(tmp, index=False)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                write_stream(frame, handle, fmt)


def _cannot_write(target: Path, exc: OSError) -> OutputError:
    """`out/claims.csv: cannot write (no such folder: out)`: one line naming the file and the reason."""
    directory = target.parent if str(target.parent) else Path(".")
    if isinstance(exc, FileNotFoundError) and not directory.is_dir():
        reason = f"no such folder: {directory}"
    elif isinstance(exc, NotADirectoryError):
        reason = f"{directory} is not a folder"
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"{target}: cannot write ({reason})")


# Names of open descriptors: written where they are even when they lead to a regular file
# (`-o /dev/stdout > file`), since a temporary file cannot be made beside them.
_DESCRIPTOR_NAMES = ("/dev/stdout", "/dev/stderr")
_DESCRIPTOR_ROOTS = ("/dev/fd/", "/proc/")


def _is_special(target: Path) -> bool:
    """An existing target that is not a regular file (a device, a pipe), or the name of a descriptor."""
    try:
        st = os.stat(target)
    except OSError:
        return False
    name = os.path.abspath(target)
    return not stat.S_ISREG(st.st_mode) or name in _DESCRIPTOR_NAMES or name.startswith(_DESCRIPTOR_ROOTS)


def is_special_target(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is written directly rather than replaced: a device, a pipe, `/dev/stdout`."""
    return _is_special(Path(path))


# Temporary files being written, for `remove_temporary_files`.
_TEMPORARY: set[str] = set()


def remove_temporary_files() -> None:
    """Remove every temporary output file still being written (a run stopped at once by a second Ctrl-C)."""
    for name in list(_TEMPORARY):
        _drop(name)


def _drop(tmp: str) -> None:
    if os.path.isdir(tmp) and not os.path.islink(tmp):
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        Path(tmp).unlink(missing_ok=True)
    _TEMPORARY.discard(tmp)


_PART = re.compile(r"part-\d{6}\.parquet")


def _part_name(n: int) -> str:
    return f"part-{n:06d}.parquet"


def _open_folder(target: Path) -> str:
    """A new temporary folder beside `target` to write a dataset into, to be swapped in at the end.

    An existing `target` is replaced only when it is empty or holds nothing but part files (an
    earlier dataset): any other folder is refused before the run starts.
    """
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: cannot write a Parquet dataset (a file of that name exists)")
    if target.is_dir():
        others = [p.name for p in target.iterdir() if not _PART.fullmatch(p.name)]
        if others:
            raise OutputError(
                f"{target}: cannot write (the folder holds other files than a dataset's part files, "
                f"such as {sorted(others)[0]}; refusing to replace it)"
            )
    directory = target.parent if str(target.parent) else Path(".")
    try:
        tmp = tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    _TEMPORARY.add(tmp)
    return tmp


def _publish_folder(tmp: str, target: Path) -> None:
    """Move a finished dataset folder into place; an earlier one is moved aside, then removed."""
    os.chmod(tmp, 0o755)
    old = None
    if target.is_dir() and any(target.iterdir()):
        old = tmp + ".old"
        os.replace(target, old)
    os.replace(tmp, target)  # an empty folder is replaced by the rename itself
    _TEMPORARY.discard(tmp)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _open_output(target: Path) -> tuple[int, str | None]:
    """An open descriptor to write `target` through, and the temporary file's name (None: direct).

    A regular file (or a new one) is written to a temporary file beside it, to be renamed over it;
    anything else that exists (a device, a named pipe) is opened and written directly.
    """
    if target.is_dir():
        raise OutputError(f"{target}: cannot write (it is a folder)")
    try:
        if _is_special(target):
            return os.open(target, os.O_WRONLY | os.O_TRUNC), None
        directory = target.parent if str(target.parent) else Path(".")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        _TEMPORARY.add(tmp)
        return fd, tmp
    except OSError as exc:
        raise _cannot_write(target, exc) from exc


def check_output_folder(path: str | os.PathLike[str]) -> None:
    """Fail now, not at the end of a long run, when the folder `path` would be written in is missing."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        error = NotADirectoryError if directory.exists() else FileNotFoundError
        raise _cannot_write(target, error(str(directory)))


def _publish(tmp: str, target: Path) -> None:
    """Move a finished temporary file into place (mkstemp makes it private; outputs are ordinary files)."""
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    _TEMPORARY.discard(tmp)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    """A temporary file beside `path` (an open descriptor and its name), renamed over `path` at the end.

    On any error the temporary file is removed and an existing `path` is left as it was; an
    OSError becomes an OutputError naming the file. When `path` is not a regular file (a device,
    a named pipe) the descriptor is `path` itself, opened for writing, and the name is `path`.
    """
    target = Path(path)
    fd, tmp = _open_output(target)
    try:
        yield fd, tmp if tmp is not None else str(target)
        if tmp is not None:
            _publish(tmp, target)
    except OSError as exc:
        if tmp is not None:
            _drop(tmp)
        raise _cannot_write(target, exc) from exc
    except BaseException:
        if tmp is not None:
            _drop(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` atomically (UTF-8)."""
    with atomic_output(path) as (fd, _), os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


_FRAMES = {"claims": claims_frame, "documents": documents_frame, "mentions": mentions_frame}
_ROW_NAMES = {"claims": "claim", "documents": "document", "mentions": "mention"}


def _frame_of(kind: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return _FRAMES[kind](rows)


class TableWriter:
    """Write a table (`claims`, `documents` or `mentions`) chunk by chunk to a file, atomically, or a stream.

    Use as a context manager: the file appears under its name when the block ends without an
    error; on an error (or Ctrl-C) the temporary file is removed and an existing target is left
    alone. A target that is not a regular file (a device, a named pipe) is written directly.
    """

    PARQUET_ROW_GROUP = 50_000

    def __init__(
        self,
        kind: str,
        path: str | os.PathLike[str] | None = None,
        fmt: str | None = None,
        stream: IO[str] | None = None,
        *,
        safe: bool = True,
    ) -> None:
        self.safe = safe  # CSV: neutralise cells a spreadsheet would run as formulas
        if kind not in _FRAMES:
            raise ValueError(f"unknown table {kind!r}")
        if (path is None) == (stream is None):
            raise ValueError("give a path or a stream")
        self.kind = kind
        self.target = Path(path) if path is not None else None
        self.fmt = format_for(path, fmt) if path is not None else (fmt or "csv")
        if self.fmt not in FORMATS:
            raise UsageError(f"unknown format {self.fmt!r}; choose one of {', '.join(FORMATS)}")
        if self.target is None and self.fmt == "parquet":
            raise UsageError("parquet cannot be written to standard output; give a file with -o")
        self.rows_written = 0
        self.finished = False  # the table is complete (and, for a file, in place)
        self._started = False
        self._direct = False  # writing to the target itself (not a regular file)
        self._tmp: str | None = None
        self._handle: IO[str] | None = stream
        self._binary: IO[bytes] | None = None  # Parquet's sink
        self._parquet: Any = None  # pyarrow.parquet.ParquetWriter
        self._schema: Any = None
        self._buffer: list[dict[str, Any]] = []
        # Parquet to a folder: a dataset of part files (`_tmp` is then the temporary folder)
        self._folder = path is not None and self.fmt == "parquet" and is_folder_target(path)
        self._parts = 0
        if self.target is not None:
            self._open()

    def _open(self) -> None:
        assert self.target is not None
        if self.fmt == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise UsageError("Parquet output needs pyarrow: pip install 'sora-meta[parquet]'") from None
        if self._folder:
            self._tmp = _open_folder(self.target)
            return
        fd, self._tmp = _open_output(self.target)
        self._direct = self._tmp is None
        if self.fmt == "parquet":
            self._binary = os.fdopen(fd, "wb")
        else:
            self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def describe(self) -> str:
        """What became of the output, for the line an interrupted run prints."""
        rows = f"{self.rows_written:,} {_ROW_NAMES[self.kind]} rows"
        if self.target is None:
            return f"{rows} written to standard output"
        if self.finished:
            return f"{self.target} written"
        if self._direct:
            return f"{rows} written to {self.target}"
        if self.target.exists():
            what = "dataset" if self._folder else "file"
            return f"{self.target} not written (the previous {what} is unchanged)"
        return f"{self.target} not written"

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Append rows (dicts with the table's columns)."""
        try:
            if self.fmt == "parquet":
                self._buffer.extend(rows)
                if self.kind != "documents" and len(self._buffer) >= self.PARQUET_ROW_GROUP:
                    self._flush_parquet()
            elif self.fmt == "csv":
                self._write_csv(rows)
            elif rows:
                self._write_text(_frame_of(self.kind, rows))
            self.rows_written += len(rows)
        except OSError as exc:
            error = self._error(exc)
            if error is exc:
                raise
            raise error from exc

    def _error(self, exc: OSError) -> OSError | OutputError:
        if self.target is None:
            if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): the CLI stops quietly
                return exc
            return OutputError(f"standard output: cannot write ({exc.strerror or exc})")
        return _cannot_write(self.target, exc)

    def _write_csv(self, rows: list[dict[str, Any]]) -> None:
        assert self._handle is not None
        writer = csv.writer(self._handle, lineterminator="\n")
        if not self._started:
            self._started = True
            writer.writerow(_csv_layout(self.kind)[0])
        writer.writerows([_csv_cells(row, self.kind, self.safe) for row in rows])

    def _write_text(self, frame: pd.DataFrame) -> None:
        handle = self._handle
        assert handle is not None
        first = not self._started
        self._started = True
        if self.fmt == "csv":
            flat = _flatten(frame)
            (excel_safe(flat) if self.safe else flat).to_csv(
                handle, index=False, lineterminator="\n", header=first
            )
        elif self.fmt == "jsonl":
            if len(frame):
                text = frame.to_json(orient="records", lines=True, force_ascii=False)
                handle.write(text if text.endswith("\n") else text + "\n")
        else:  # json: one array, written a chunk of records at a time
            if first:
                handle.write("[\n")
            if len(frame):
                body = frame.to_json(orient="records", force_ascii=False, indent=2)[2:-2]
                handle.write(body if first else ",\n" + body)

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows, self._buffer = self._buffer, []
        if not rows and (self._parquet is not None or self._parts):
            return
        frame = _frame_of(self.kind, rows)
        if self._schema is None:
            schema = pa.Schema.from_pandas(frame, preserve_index=False)
            for i, field in enumerate(schema):  # a first chunk without values types nothing
                if pa.types.is_null(field.type):
                    schema = schema.set(i, field.with_type(pa.string()))
                elif pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
                    schema = schema.set(i, field.with_type(pa.list_(pa.string())))
            self._schema = schema
        table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        if self._folder:
            assert self._tmp is not None
            pq.write_table(table, os.path.join(self._tmp, _part_name(self._parts)))
            self._parts += 1
            return
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._binary, self._schema)
        self._parquet.write_table(table)

    def close(self) -> None:
        """Finish the table and move it into place."""
        try:
            if self.fmt == "parquet":
                if self.kind == "documents":  # a struct column whose keys are known only at the end
                    rows, self._buffer = self._buffer, []
                    folder = self._tmp if self._folder else None
                    sink = os.path.join(folder, _part_name(0)) if folder else self._binary
                    _frame_of(self.kind, rows).to_parquet(sink, index=False)
                else:
                    self._flush_parquet()
                    if self._parquet is not None:
                        self._parquet.close()
                        self._parquet = None
            elif self.fmt == "csv":
                if not self._started:
                    self._write_csv([])
            elif not self._started:
                self._write_text(_frame_of(self.kind, []))
            if self.fmt == "json":
                assert self._handle is not None
                self._handle.write("\n]\n")
            if self.target is not None:
                for handle in (self._handle, self._binary):
                    if handle is not None:
                        handle.close()
                self._handle = self._binary = None
                if self._tmp is not None:
                    (_publish_folder if self._folder else _publish)(self._tmp, self.target)
                    self._tmp = None
            elif self._handle is not None:
                self._handle.flush()
            self.finished = True
        except OSError as exc:
            self.abort()
            error = self._error(exc)
            if error is exc:
                raise
            raise error from exc
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop what was written to a file (the target is left as it was)."""
        if self._parquet is not None:
            with contextlib.suppress(Exception):
                self._parquet.close()
            self._parquet = None
        if self.target is not None:
            for handle in (self._handle, self._binary):
                if handle is not None:
                    with contextlib.suppress(OSError):
                        handle.close()
            self._handle = self._binary = None
        if self._tmp is not None:
            _drop(self._tmp)
            self._tmp = None
