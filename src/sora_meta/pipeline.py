"""Per-document processing (a pure map: document in, rows out) and the corpus run over it."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .claims import document_claims
from .extract.companies import Gazetteer
from .ingest import read_corpus
from .models import Document, Options, Status
from .segment import segment
from .table import claims_frame, documents_frame


@dataclass(slots=True)
class DocResult:
    """What one document gives: its documents-table row and its claim rows."""

    document: dict[str, Any]
    claims: list[dict[str, Any]]


@dataclass(slots=True)
class Analysis:
    """The documents table and the claim table of a corpus."""

    documents: pd.DataFrame
    claims: pd.DataFrame

    @property
    def failed(self) -> pd.DataFrame:
        """Documents whose status is `error`."""
        return self.documents[self.documents["status"] == Status.ERROR.value]


def document_row(doc: Document, companies: list[str], claims: int) -> dict[str, Any]:
    """The documents-table row of a document (SCHEMA.md)."""
    return {
        "doc_id": doc.doc_id,
        "path": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "title": doc.title,
        "title_en": doc.title if doc.lang == "en" else "",
        "source": doc.source,
        "published": doc.published,
        "lang": doc.lang,
        "langs": dict(doc.langs),
        "chars": len(doc.text),
        "paragraphs": len(doc.paragraphs),
        "duplicate_paragraphs": doc.duplicate_paragraphs,
        "furniture_lines": doc.furniture_lines,
        "sentences": len(doc.sentences),
        "companies": companies,
        "claims": claims,
        "status": str(doc.status),
        "reason": doc.reason,
    }


def process_document(doc: Document, options: Options, gazetteer: Gazetteer | None = None) -> DocResult:
    """Segment one read document, extract its claims and build its rows."""
    if doc.status != Status.OK:
        return DocResult(document_row(doc, [], 0), [])
    gazetteer = gazetteer or Gazetteer.load(options.companies_file)
    segment(doc, options.lang_detector)
    rows, mentions = document_claims(doc, gazetteer)
    counts = Counter(m.name for m in mentions)
    companies = sorted(counts, key=lambda name: (-counts[name], name))
    return DocResult(document_row(doc, companies, len(rows)), rows)


def iter_results(
    paths: Iterable[str | os.PathLike[str]],
    options: Options | None = None,
    on_document: Callable[[DocResult], None] | None = None,
) -> Iterator[DocResult]:
    """Read the inputs and process each document in order."""
    options = options or Options()
    gazetteer = Gazetteer.load(options.companies_file)
    for doc in read_corpus(paths):
        result = process_document(doc, options, gazetteer)
        if on_document is not None:
            on_document(result)
        yield result


def analyze(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    options: Options | None = None,
    on_document: Callable[[DocResult], None] | None = None,
) -> Analysis:
    """Read, segment and extract a corpus: the documents table and the claim table."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    documents: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for result in iter_results(paths, options, on_document):
        documents.append(result.document)
        claims.extend(result.claims)
    return Analysis(documents_frame(documents), claims_frame(claims))
