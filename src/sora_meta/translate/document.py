"""A whole document in English, paragraph by paragraph, for `sora-meta translate`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import __version__
from ..models import Document, Options
from ..segment import segment
from .engine import Settings, Translator

UNTRANSLATED = "[untranslated] "


@dataclass(slots=True)
class DocumentTranslation:
    """The English text of a document and how much of it the provider translated."""

    text: str
    provider: str
    paragraphs: int  # paragraphs written (furniture and repeats left out)
    translated: int  # of those, translated by the provider (or from the cache)
    untranslated: int  # of those, kept in the original because translation failed


def output_name(doc_id: str) -> str:
    """The file `sora-meta translate` writes for a document: `a/b.txt` → `a__b.txt.en.txt`."""
    safe = doc_id.replace("/", "__").replace("\\", "__").replace("\x00", "")
    return f"{safe.lstrip('.') or 'document'}.en.txt"


def counted_paragraphs(doc: Document) -> list[tuple[str, str]]:
    """(language, text) of the paragraphs a reader wants: no page furniture, no repeats."""
    out: list[tuple[str, str]] = []
    for para in doc.paragraphs:
        if para.furniture or para.duplicate:
            continue
        text = doc.text[para.start : para.end].strip()
        if text:
            out.append((para.lang or doc.lang, text))
    return out


def translate_document_parts(
    doc: Document,
    options: Options,
    *,
    translator: Translator | None = None,
    warn: Callable[[str], None] | None = None,
    settings: Settings | None = None,
) -> DocumentTranslation:
    """Translate a read document (segmenting it first if needed) and count what was translated."""
    if doc.text and not doc.lang:
        segment(doc, options.lang_detector)
    own = translator is None
    active = translator or Translator(options, warn=warn, settings=settings)
    try:
        paragraphs = counted_paragraphs(doc)
        items = [(lang, text) for lang, text in paragraphs if lang != "en"]
        if doc.title and doc.lang != "en":
            items.append((doc.lang, doc.title))
        english = active.translate_many(items)
    finally:
        if own:
            active.close()
    name = active.spec.name
    body: list[str] = []
    translated = untranslated = 0
    for lang, text in paragraphs:
        if lang == "en":
            body.append(text)
            continue
        result = english.get((lang, text.strip()))
        if result:
            body.append(result)
            translated += 1
        else:
            body.append(UNTRANSLATED + text)
            untranslated += 1
    title_en = doc.title if doc.lang == "en" else english.get((doc.lang, doc.title.strip())) or ""
    header = [f"Title: {title_en or doc.title}"]
    if doc.title and title_en and title_en != doc.title:
        header.append(f"Original title: {doc.title}")
    if doc.source:
        header.append(f"Source: {doc.source}")
    if doc.published:
        header.append(f"Published: {doc.published}")
    header.append(f"Original: {doc.doc_id} ({doc.lang or 'unknown language'})")
    header.append(
        f"Translation: machine translation by {name} through sora-meta {__version__}; "
        f"{translated} of {translated + untranslated} non-English paragraphs translated"
    )
    text = "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"
    return DocumentTranslation(text, name, len(paragraphs), translated, untranslated)


def translate_document(
    doc: Document,
    options: Options,
    *,
    translator: Translator | None = None,
    warn: Callable[[str], None] | None = None,
    settings: Settings | None = None,
) -> str:
    """The English text of a document, paragraph by paragraph, under a header naming the provider."""
    return translate_document_parts(doc, options, translator=translator, warn=warn, settings=settings).text
