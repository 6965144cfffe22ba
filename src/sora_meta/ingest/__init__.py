"""Ingest: find input files, decode them, read their formats, mark furniture and repeats."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from sora_meta.ingest.discover import STDIN, Entry, discover
from sora_meta.ingest.formats import format_of, read_bytes, sniff_format
from sora_meta.models import Document, Status

__all__ = ["read_corpus", "read_file"]


def read_file(entry: Entry, *, stdin: BinaryIO | None = None) -> Iterator[Document]:
    """The documents of one discovered input (several for a JSON / JSON Lines file)."""
    if entry.status is not Status.OK:
        yield Document(entry.doc_id, entry.path, status=entry.status, reason=entry.reason)
        return
    try:
        if entry.path == STDIN and not entry.real:
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            fmt = sniff_format(data)
        else:
            with open(entry.opened, "rb") as f:
                data = f.read()
            fmt = format_of(entry.path)
    except PermissionError:
        yield Document(entry.doc_id, entry.path, status=Status.ERROR, reason="permission denied")
        return
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        yield Document(entry.doc_id, entry.path, status=Status.ERROR, reason=reason)
        return
    yield from read_bytes(data, entry.doc_id, entry.path, fmt)


def read_corpus(
    paths: Iterable[str | os.PathLike[str]], *, stdin: BinaryIO | None = None
) -> Iterator[Document]:
    """Every document under `paths` (files, folders, globs, `-` for stdin), each with a status."""
    for entry in discover(paths):
        yield from read_file(entry, stdin=stdin)
