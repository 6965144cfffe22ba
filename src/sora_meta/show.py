"""One claim in its context: the sentence in its paragraph, the figure and date marked, every field.

`claim_context` returns plain data (what `sora-meta show --format json` prints);
`render_claim` lays it out for a terminal (rich styles) or as plain text, where the
figure is marked `[[…]]`, the date `{{…}}` and the sentence `»…«`. Everything shown from
the corpus goes through `display.safe_text` (one line each, no control characters, no CI
command markers); `NO_COLOR` gives the plain layout.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from typing import IO, Any

import pandas as pd

from .corroborate import annotate
from .display import json_for_log, safe_join, safe_text
from .errors import UsageError
from .ingest import discover, read_corpus, read_file
from .models import Document
from .pipeline import Analysis

MIN_PREFIX = 6  # a claim id may be shortened to a unique prefix this long
PLAIN_MARKS = {"sentence": ("»", "«"), "figure": ("[[", "]]"), "date": ("{{", "}}")}
STYLES = {"sentence": "underline", "figure": "bold black on yellow", "date": "bold cyan"}


def _clean(value: Any) -> Any:
    if isinstance(value, list):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def find_claim(claims: pd.DataFrame, claim_id: str) -> dict[str, Any]:
    """The claim row with this id (or a unique prefix of at least 6 characters); UsageError if none."""
    wanted = claim_id.strip().lower()
    exact = claims[claims["claim_id"] == wanted]
    if exact.empty and len(wanted) >= MIN_PREFIX:
        exact = claims[claims["claim_id"].str.startswith(wanted)]
    if exact.empty:
        raise UsageError(f"no claim with id {claim_id!r} in these inputs (see `sora-meta claims`)")
    if len(exact) > 1:
        ids = ", ".join(sorted(exact["claim_id"]))
        raise UsageError(f"claim id {claim_id!r} is ambiguous: {ids}")
    same_doc = claims[claims["doc_id"] == exact["doc_id"].iloc[0]]  # a subject may come from before
    row = annotate(same_doc).loc[exact.index[0]].to_dict()
    return {str(k): _clean(v) for k, v in row.items()}


def _document(paths: Iterable[str | os.PathLike[str]], doc_id: str) -> Document | None:
    for doc in read_corpus(paths):
        if doc.doc_id == doc_id:
            return doc
    return None


def _paragraph_of(document: Document, start: int, end: int) -> tuple[int, int]:
    """The span of the paragraph that holds the sentence start:end (the sentence's own if none does)."""
    for para in document.paragraphs:
        if para.start <= start and end <= para.end:
            return para.start, para.end
    return start, end


def paragraphs_of(
    claims: pd.DataFrame, paths: Iterable[str | os.PathLike[str]]
) -> dict[str, tuple[int, str]]:
    """Each claim's paragraph, read again from the corpus: claim_id -> (its start, its text).

    Only the ingest stage runs (decoding, cleaning, paragraphs), and only for the documents that
    have claims (the run read them within its time budget); a claim whose document is gone or
    changed since the run is left out, and is shown with its sentence alone.
    """
    wanted: dict[str, list[tuple[str, int, int, str]]] = {}
    columns = ["claim_id", "doc_id", "start", "end", "sentence"]
    for claim_id, doc_id, start, end, sentence in claims[columns].itertuples(index=False, name=None):
        wanted.setdefault(str(doc_id), []).append((str(claim_id), int(start), int(end), str(sentence)))
    out: dict[str, tuple[int, str]] = {}
    if not wanted:
        return out
    records = {doc_id.split("#", 1)[0] for doc_id in wanted}  # `news.jsonl#7` is read from `news.jsonl`
    for entry in discover(paths):
        if entry.doc_id not in wanted and entry.doc_id not in records:
            continue  # a document without claims is not read again
        for document in read_file(entry):
            for claim_id, start, end, sentence in wanted.pop(document.doc_id, []):
                if document.text[start:end].split() != sentence.split():
                    continue  # not the text the claim was read from
                para_start, para_end = _paragraph_of(document, start, end)
                out[claim_id] = (para_start, document.text[para_start:para_end])
        if not wanted:
            break
    return out


def claim_context(
    analysis: Analysis, claim_id: str, paths: Iterable[str | os.PathLike[str]]
) -> dict[str, Any]:
    """The claim, its document's metadata, its paragraph and the marked spans (document offsets)."""
    claim = find_claim(analysis.claims, claim_id)
    docs = analysis.documents[analysis.documents["doc_id"] == claim["doc_id"]]
    doc_row = {str(k): _clean(v) for k, v in docs.iloc[0].to_dict().items()} if len(docs) else {}
    document = _document(paths, claim["doc_id"])
    start, end = int(claim["start"]), int(claim["end"])
    para_start, para_end, paragraph = start, end, claim["sentence"]
    raw_sentence = claim["sentence"]
    marks: list[dict[str, Any]] = [{"kind": "sentence", "start": start, "end": end}]
    if document is not None:
        text = document.text
        raw_sentence = text[start:end]
        para_start, para_end = _paragraph_of(document, start, end)
        paragraph = text[para_start:para_end]
        if claim["figure_start"] is not None:
            marks.append({"kind": "figure", "start": claim["figure_start"], "end": claim["figure_end"]})
        if claim["date_text"]:
            at = raw_sentence.find(claim["date_text"])
            if at >= 0:
                marks.append(
                    {"kind": "date", "start": start + at, "end": start + at + len(claim["date_text"])}
                )
        for mark in marks:
            mark["text"] = text[mark["start"] : mark["end"]]
    return {
        "claim": claim,
        "document": {
            key: doc_row.get(key, "")
            for key in ("doc_id", "path", "title", "source", "published", "lang", "status")
        },
        "paragraph": {"start": para_start, "end": para_end, "text": paragraph},
        "sentence": raw_sentence,
        "sentence_en": claim["sentence_en"],
        "marks": marks,
    }


def marked_plain(context: dict[str, Any]) -> str:
    """The paragraph with the sentence, figure and date marked by plain characters."""
    para = context["paragraph"]
    inserts: list[tuple[int, int, str]] = []
    for order, mark in enumerate(context["marks"]):
        opener, closer = PLAIN_MARKS[mark["kind"]]
        inserts.append((mark["start"] - para["start"], order, opener))
        inserts.append((mark["end"] - para["start"], -order, closer))
    text: str = para["text"]
    # Insert from the end so earlier offsets stay valid; an outer mark opens first and closes last.
    for at, _, token in sorted(inserts, key=lambda i: (i[0], i[1]), reverse=True):
        if 0 <= at <= len(text):
            text = text[:at] + token + text[at:]
    return text


FIELD_ORDER = (
    "claim_id",
    "kind",
    "figure",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "metric",
    "topic",
    "topic_kind",
    "subject",
    "companies",
    "date",
    "date_text",
    "date_source",
    "lang",
    "translator",
    "doc_id",
    "doc_title",
    "doc_lang",
    "published",
    "start",
    "end",
    "figure_start",
    "figure_end",
)


def marked_pieces(context: dict[str, Any]) -> list[tuple[str, str]]:
    """The paragraph cut at every mark's edges: (text, rich style of the marks covering it)."""
    para = context["paragraph"]
    text: str = para["text"]
    marks = [
        (mark["start"] - para["start"], mark["end"] - para["start"], STYLES[mark["kind"]])
        for mark in context["marks"]
    ]
    edges = sorted({0, len(text), *(max(0, min(len(text), at)) for s, e, _ in marks for at in (s, e))})
    pieces = []
    for lo, hi in itertools.pairwise(edges):
        style = " ".join(st for s, e, st in marks if s <= lo and hi <= e)
        pieces.append((text[lo:hi], style))
    return pieces


def _fields(claim: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key in FIELD_ORDER:
        value = claim.get(key)
        if isinstance(value, list):
            value = "; ".join(value)
        rows.append((key, "" if value is None else str(value)))
    return rows


def render_claim(context: dict[str, Any], fmt: str, stream: IO[str], is_terminal: bool) -> None:
    """Write a claim's context as JSON, plain text, or rich text on a terminal."""
    if fmt == "json":
        stream.write(json_for_log(json.dumps(context, ensure_ascii=False, indent=2)))
        stream.write("\n")
        return
    from rich.table import Table
    from rich.text import Text

    from .render import console_for, is_plain

    plain = is_plain(fmt, is_terminal)
    console = console_for(stream, fmt, is_terminal, 110)
    claim, doc, para = context["claim"], context["document"], context["paragraph"]
    console.print(
        Text(
            f"claim {safe_text(claim['claim_id'])} · {safe_text(doc['doc_id'])}",
            style="" if plain else "bold",
        )
    )
    console.print(
        Text(
            f"title: {safe_text(doc['title'])} ({safe_text(doc['lang'])}, "
            f"published {safe_text(doc['published'] or 'unknown')})"
        )
    )
    console.print(
        Text(
            f"offsets: paragraph {para['start']}–{para['end']}, sentence {claim['start']}–{claim['end']}"
            + (
                f", figure {claim['figure_start']}–{claim['figure_end']}"
                if claim["figure_start"] is not None
                else ""
            )
        )
    )
    console.print()
    if plain:
        console.print(Text("In its paragraph (»sentence«, [[figure]], {{date}}):"))
        console.print(Text(safe_text(marked_plain(context))))
    else:
        console.print(Text("In its paragraph:", style="bold"))
        pieces = marked_pieces(context)
        body = Text()
        for text, (_, style) in zip(safe_join([t for t, _ in pieces]), pieces, strict=True):
            body.append(text, style=style or None)
        console.print(body)
    console.print()
    console.print(Text(f"original ({safe_text(claim['lang'])}): {safe_text(context['sentence'])}"))
    english = safe_text(context["sentence_en"]) or "(no translation)"
    console.print(Text(f"English: {english}"))
    console.print()
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("field", style="" if plain else "bold")
    table.add_column("value", overflow="fold")
    for key, value in _fields(claim):
        table.add_row(Text(key), Text(safe_text(value)))
    console.print(table)
