"""The claim, documents and mentions tables as pandas DataFrames with the columns of SCHEMA.md."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Any

import pandas as pd

from .claims import CLAIM_COLUMNS, MENTION_COLUMNS

DOCUMENT_COLUMNS = (
    "doc_id",
    "path",
    "format",
    "encoding",
    "title",
    "title_en",
    "source",
    "url",
    "published",
    "lang",
    "langs",
    "chars",
    "paragraphs",
    "duplicate_paragraphs",
    "furniture_lines",
    "sentences",
    "companies",
    "claims",
    "status",
    "reason",
)

_CLAIM_INTS = ("start", "end", "figure_start", "figure_end")
_CLAIM_FLOATS = ("value", "value_max")
_MENTION_INTS = ("start", "end", "sentence_start", "sentence_end")
_LIST_COLUMNS = ("companies", "claim_ids")
_DOC_INTS = ("chars", "paragraphs", "duplicate_paragraphs", "furniture_lines", "sentences", "claims")


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Rows as plain dicts of Python values; NaN and NA become None.

    Column by column (`Series.tolist` converts numbers in C): several times faster than
    `DataFrame.to_dict("records")`, which boxes every cell on its own — 18 of 38 seconds of a
    summary of 120,000 claims.
    """
    names = list(frame.columns if columns is None else columns)
    values: list[list[Any]] = []
    for name in names:
        column = frame[name]
        cells = column.tolist()
        if column.hasnans:
            cells = [None if missing(v) else v for v in cells]
        values.append(cells)
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def missing(value: Any) -> bool:
    """Whether a cell is empty: None, pandas' NA or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _frame(rows: Sequence[dict[str, Any]], kind: str) -> pd.DataFrame:
    types = column_types(kind)
    frame = pd.DataFrame.from_records(list(rows), columns=[col for col, _ in types])
    for col, t in types:
        if t == "int":
            frame[col] = frame[col].astype("Int64")
        elif t == "float":
            frame[col] = frame[col].astype("float64")
        elif t == "text":
            frame[col] = frame[col].fillna("").astype(object)
    return frame


@cache
def column_types(kind: str) -> tuple[tuple[str, str], ...]:
    """The columns of table `kind` (claims, documents, mentions), each with its type."""
    columns: Sequence[str]
    ints: Sequence[str]
    floats: Sequence[str]
    if kind == "claims":
        columns, ints, floats = CLAIM_COLUMNS, _CLAIM_INTS, _CLAIM_FLOATS
    elif kind == "documents":
        columns, ints, floats = DOCUMENT_COLUMNS, _DOC_INTS, ()
    elif kind == "mentions":
        columns, ints, floats = MENTION_COLUMNS, _MENTION_INTS, _CLAIM_FLOATS
    else:
        raise ValueError(f"unknown table {kind!r}")

    def kind_of(col: str) -> str:
        if col in ints:
            return "int"
        if col in floats:
            return "float"
        if col in _LIST_COLUMNS:
            return "list"
        return "dict" if col == "langs" else "text"

    return tuple((col, kind_of(col)) for col in columns)


def claims_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The claim table: one row per claim, columns in SCHEMA.md order."""
    return _frame(rows, "claims")


def documents_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The documents table: one row per input document, columns in SCHEMA.md order."""
    return _frame(rows, "documents")


def mentions_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The mentions table: one row per company, figure and date mention, columns in SCHEMA.md order."""
    return _frame(rows, "mentions")
