"""Export: write the claim and documents tables as CSV, JSON Lines, JSON or Parquet, atomically.

A file is written to a temporary file beside the target and renamed over it, so a reader
never sees half a file. In CSV, list columns are joined with `; ` and dict columns are
JSON; in JSON and JSON Lines they stay lists and objects.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO

import pandas as pd

from .errors import OutputError, UsageError

FORMATS = ("csv", "jsonl", "json", "parquet")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet"}


def format_for(path: str | os.PathLike[str], explicit: str | None = None) -> str:
    """The output format: the one asked for, else the one the file extension names."""
    if explicit:
        return explicit
    suffix = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        raise UsageError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension; use --format "
            f"({', '.join(FORMATS)})"
        ) from None


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with '; ' and dicts as JSON, for formats without nested values."""
    flat = frame.copy()
    for col in flat.columns:
        sample = next((v for v in flat[col] if isinstance(v, list | dict)), None)
        if isinstance(sample, list):
            flat[col] = [("; ".join(map(str, v)) if isinstance(v, list) else "") for v in flat[col]]
        elif isinstance(sample, dict):
            flat[col] = [
                json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, dict) else ""
                for v in flat[col]
            ]
    return flat


def write_stream(frame: pd.DataFrame, stream: IO[str], fmt: str) -> None:
    """Write a table to an open text stream (stdout) in a text format."""
    if fmt == "csv":
        _flatten(frame).to_csv(stream, index=False, lineterminator="\n")
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
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    try:
        if fmt == "parquet":
            os.close(fd)
            frame.to_parquet(tmp, index=False)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                write_stream(frame, handle, fmt)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
