"""Formats: read one file's bytes as plain text, Markdown, HTML, JSON or JSON Lines into `Document`s.

Every reader decodes through `decode.decode_bytes`, normalises line breaks to `\\n` (all offsets
refer to that text), splits paragraphs, marks furniture and repeats, and reads metadata.
A JSON / JSON Lines file gives one document per record; a bad record is one `error` document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from sora_meta.ingest.clean import clean
from sora_meta.ingest.decode import Decoded, decode_bytes, normalise_newlines
from sora_meta.ingest.discover import output_kind, output_reason, record_id
from sora_meta.ingest.metadata import date_value, find_metadata, short_title
from sora_meta.models import Document, Status

TEXT_FIELDS = ("text", "content", "body", "article", "maintext")
HTML_FIELDS = ("html", "raw_html")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = (
    "published",
    "date",
    "published_at",
    "pubdate",
    "date_publish",
    "publish_date",
    "datePublished",
)
URL_FIELDS = ("url", "link", "source_url")
SOURCE_FIELDS = ("source", "site", "sitename", "site_name", "publisher", "outlet", "source_domain")

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_HTML_SNIFF = re.compile(
    r"\s*(?:<!doctype html|<html|<head|<body|<meta|<!--|<p[\s>]|<div[\s>]|<article)", re.I
)


@cache
def _extensions() -> dict[str, str]:
    data = json.loads(resources.files("sora_meta.ingest").joinpath("data/formats.json").read_text("utf-8"))
    return {ext: fmt for fmt, exts in data.items() for ext in exts}


def format_of(name: str) -> str:
    """The reader a file name calls for: text, markdown, html, json, jsonl, binary, or '' (unknown)."""
    base = name.rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base.lstrip(".") else ""
    return _extensions().get(ext, "")


def sniff_format(data: bytes) -> str:
    """The format of bytes with no file name (stdin): jsonl, json, html or text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") and b"\n" in head.strip() else "json"
    if _HTML_SNIFF.match(head.decode("latin-1")):
        return "html"
    return "text"


def read_bytes(data: bytes, doc_id: str, path: str, fmt: str) -> Iterator[Document]:
    """The documents in one file's bytes, read as `fmt` ('' means unknown: text if it decodes cleanly)."""
    kind = output_kind(data)  # a table, report or translation sora-meta wrote: never an article
    if kind:
        yield Document(doc_id, path, format=fmt, status=Status.SKIPPED, reason=output_reason(kind))
        return
    if fmt == "binary":
        ext = doc_id.rsplit(".", 1)[-1].lower()
        yield Document(doc_id, path, status=Status.SKIPPED, reason=f"unsupported format .{ext}")
        return
    declared = ""
    if fmt == "html":
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii") if m else ""
    decoded = decode_bytes(data, declared)
    if decoded.status is not Status.OK:
        status, reason = decoded.status, decoded.reason
        if not fmt and status is Status.ERROR:  # unknown extension and not text: not ours to read
            ext = doc_id.rsplit(".", 1)[-1].lower() if "." in doc_id else ""
            status, reason = Status.SKIPPED, f"unsupported format .{ext} (not text)" if ext else reason
        yield Document(doc_id, path, format=fmt, encoding=decoded.encoding, status=status, reason=reason)
        return
    text = normalise_newlines(decoded.text)
    if fmt == "html":
        yield read_html(text, doc_id, path, decoded)
    elif fmt in ("json", "jsonl"):
        yield from read_json(text, doc_id, path, decoded, lines=fmt == "jsonl")
    else:
        yield read_text(text, doc_id, path, decoded, "markdown" if fmt == "markdown" else "text")


def _finish(doc: Document, *, empty_reason: str = "empty file") -> Document:
    """Paragraphs, furniture, repeats and missing metadata; status `empty` when there is no text."""
    if not doc.text.strip():
        doc.status, doc.reason = Status.EMPTY, empty_reason
        return doc
    doc.paragraphs = clean(doc.text)
    meta = find_metadata(doc.text, doc.paragraphs)
    doc.title = short_title(doc.title or meta.title)
    doc.source = doc.source or meta.source
    doc.published = doc.published or meta.published
    for index in meta.datelines:  # read for metadata; as claims they would only repeat it
        doc.paragraphs[index].furniture = True
    if not any(not p.furniture for p in doc.paragraphs):
        doc.reason = doc.reason or "only page furniture"
    return doc


def read_text(text: str, doc_id: str, path: str, decoded: Decoded, fmt: str = "text") -> Document:
    """A plain-text or Markdown document: the decoded text as it is."""
    doc = Document(doc_id, path, format=fmt, encoding=decoded.encoding, text=text, reason=decoded.reason)
    return _finish(doc)


# Size policy: a page longer than this is read as its visible text (linear in its size) instead of
# with trafilatura, whose time grows faster than the page (about 1.7 s for 2 MB, 6 s for 4 MB).
HTML_EXTRACT_MAX_CHARS = 5_000_000


def read_html(html: str, doc_id: str, path: str, decoded: Decoded) -> Document:
    """An HTML page: trafilatura's main text and metadata, else the visible text of the page."""
    doc = Document(doc_id, path, format="html", encoding=decoded.encoding, reason=decoded.reason)
    text: str = ""
    meta: dict[str, Any] = {}
    if len(html) > HTML_EXTRACT_MAX_CHARS:  # trafilatura's time grows faster than the page: visible text
        doc.reason = (
            doc.reason or f"page over {HTML_EXTRACT_MAX_CHARS // 1_000_000} M characters: visible text"
        )
    else:
        text, meta = _trafilatura(html)
    if not text.strip():
        text = visible_text(html)
    doc.text = normalise_newlines(text)
    doc.title = _str(meta.get("title"))
    doc.source = _str(meta.get("sitename"))
    doc.published = date_value(meta.get("date")) if meta.get("date") else ""
    doc.url = _str(meta.get("url"))
    return _finish(doc, empty_reason="no text in HTML page")


def _trafilatura(html: str) -> tuple[str, dict[str, Any]]:
    import trafilatura  # slow to import: only when a page is read

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
        )
    except Exception:  # trafilatura raises assorted errors on broken markup; fall back to visible text
        return "", {}
    if result is None:
        return "", {}
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return _str(meta.get("text")), meta


def visible_text(html: str) -> str:
    """The text a browser would show, one block per line, without scripts and styles."""
    import lxml.html

    try:
        # huge_tree: libxml2's nesting limit (256) would drop a deeply nested page's text
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception:  # lxml refuses some inputs (empty, only comments)
        return _tags_stripped(html)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for block in root.xpath(
        "//p|//div|//br|//li|//h1|//h2|//h3|//h4|//h5|//h6|//tr|//title|//article|//section"
    ):
        block.tail = "\n" + (block.tail or "")
    text = str(root.text_content())
    return text if text.strip() else _tags_stripped(html)


def _tags_stripped(html: str) -> str:
    """The last resort for a page no parser reads (nested past any limit): tags out, entities read.

    Linear: scripts, styles and comments are cut from their start to their end (found with `str.find`,
    once each), then every tag with a pattern that cannot backtrack.
    """
    import html as html_lib

    kept: list[str] = []
    at = 0
    lower = html.lower()
    for m in _HIDDEN_OPEN.finditer(lower):
        if m.start() < at:
            continue  # inside a block already cut
        kept.append(html[at : m.start()])
        close = "-->" if m.group() == "<!--" else f"</{m.group(1)}"
        end = lower.find(close, m.end())
        if end < 0:
            at = len(html)  # never closed: the rest is hidden
            break
        gt = lower.find(">", end)
        at = gt + 1 if gt >= 0 else len(html)
    kept.append(html[at:])
    text = _BLOCK_TAG.sub("\n", " ".join(kept))
    text = _ANY_TAG.sub("", text)
    return html_lib.unescape(text)


_HIDDEN_OPEN = re.compile(r"<(script|style|noscript|template)\b|<!--")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|title|article|section)\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")  # no `<` inside: a flood of `<` fails fast at each


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _field(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def read_record(record: object, doc_id: str, path: str, decoded: Decoded) -> Document:
    """One article record of a JSON / JSON Lines file."""
    doc = Document(doc_id, path, format="json", encoding=decoded.encoding)
    if not isinstance(record, dict):
        doc.status, doc.reason = Status.SKIPPED, f"record is a JSON {type(record).__name__}, not an object"
        return doc
    text = _field(record, TEXT_FIELDS)
    if text is None and isinstance(html := _field(record, HTML_FIELDS), str):
        page = read_html(normalise_newlines(html), doc_id, path, decoded)
        text, doc.title, doc.source, doc.published = page.text, page.title, page.source, page.published
    if isinstance(text, list):
        text = "\n".join(str(t) for t in text)
    if not isinstance(text, str):
        doc.status, doc.reason = Status.EMPTY, "record has no text field"
        return doc
    doc.text = normalise_newlines(text)
    doc.title = _str(_field(record, TITLE_FIELDS)) or doc.title
    doc.published = date_value(_field(record, DATE_FIELDS)) or doc.published
    doc.url = _str(_field(record, URL_FIELDS))
    source = _field(record, SOURCE_FIELDS)
    if isinstance(source, dict):
        source = source.get("name") or source.get("title")
    doc.source = _str(source) or doc.source
    return _finish(doc, empty_reason="record has no text field")


def _unread(doc_id: str, path: str, decoded: Decoded, status: Status, reason: str) -> Document:
    """A JSON document (or record) that gives no article, with its status and reason."""
    return Document(doc_id, path, format="json", encoding=decoded.encoding, status=status, reason=reason)


def _unloadable(exc: Exception) -> str:
    """Why valid JSON could not be loaded: nested deeper than Python's stack, or an integer too long."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read"
    return "a number with too many digits to read"


def _lone_surrogate(value: object) -> bool:
    """Whether a loaded JSON value holds a lone surrogate (`"\\udc80"` decodes to no character)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_json(text: str, doc_id: str, path: str, decoded: Decoded, *, lines: bool) -> Iterator[Document]:
    """Records of a JSON file (an object, or a list of objects) or of a JSON Lines file."""
    if not text.strip():
        yield _unread(doc_id, path, decoded, Status.EMPTY, "empty file")
        return
    used: set[str] = set()  # record doc ids given so far (record_id keeps them unique)
    if lines:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                # The file was read; one broken record is set aside, not a failed input.
                reason = f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
                yield _unread(record_id(doc_id, None, number, used), path, decoded, Status.SKIPPED, reason)
                continue
            except (RecursionError, ValueError) as exc:  # valid JSON that Python cannot hold
                reason = f"line {number}: {_unloadable(exc)}"
                yield _unread(record_id(doc_id, None, number, used), path, decoded, Status.ERROR, reason)
                continue
            if "\\ud" in line.lower() and _lone_surrogate(record):
                reason = f"line {number}: a lone surrogate escape (\\udXXX), which is no character"
                yield _unread(record_id(doc_id, None, number, used), path, decoded, Status.ERROR, reason)
                continue
            yield read_record(record, record_id(doc_id, record, number, used), path, decoded)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"line {exc.lineno}: invalid JSON ({exc.msg} at column {exc.colno})"
        yield _unread(doc_id, path, decoded, Status.ERROR, reason)
        return
    except (RecursionError, ValueError) as exc:
        yield _unread(doc_id, path, decoded, Status.ERROR, _unloadable(exc))
        return
    if "\\ud" in text.lower() and _lone_surrogate(data):
        yield _unread(
            doc_id, path, decoded, Status.ERROR, "a lone surrogate escape (\\udXXX), which is no character"
        )
        return
    if isinstance(data, list):
        for index, record in enumerate(data):
            yield read_record(record, record_id(doc_id, record, index, used), path, decoded)
        if not data:
            yield _unread(doc_id, path, decoded, Status.EMPTY, "empty JSON list")
        return
    yield read_record(data, doc_id, path, decoded)
