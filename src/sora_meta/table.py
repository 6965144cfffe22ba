"""The claim table and the documents table as pandas DataFrames with the columns of SCHEMA.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from .claims import CLAIM_COLUMNS

DOCUMENT_COLUMNS = (
    "doc_id",
    "path",
    "format",
    "encoding",
    "title",
    "title_en",
    "source",
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
_LIST_COLUMNS = ("companies",)
_DOC_INTS = ("chars", "paragraphs", "duplicate_paragraphs", "furniture_lines", "sentences", "claims")


def _frame(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], ints: Sequence[str], floats: Sequence[str] = ()
) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for col in columns:
        if col in ints:
            frame[col] = frame[col].astype("Int64")
        elif col in floats:
            frame[col] = frame[col].astype("float64")
        elif col not in _LIST_COLUMNS and col != "langs":
            frame[col] = frame[col].fillna("").astype(object)
    return frame


def claims_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The claim table: one row per claim, columns in SCHEMA.md order."""
    return _frame(rows, CLAIM_COLUMNS, _CLAIM_INTS, _CLAIM_FLOATS)


def documents_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The documents table: one row per input document, columns in SCHEMA.md order."""
    return _frame(rows, DOCUMENT_COLUMNS, _DOC_INTS)
