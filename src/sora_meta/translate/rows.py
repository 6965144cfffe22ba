"""Fill `sentence_en`/`translator` of claim rows and `title_en` of document rows, in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models import Options
from .engine import Settings, TranslationReport, Translator
from .registry import check_configuration


def translate_rows(
    claims: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    options: Options,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
    settings: Settings | None = None,
    translator: Translator | None = None,
) -> TranslationReport:
    """English for every non-English claim sentence and document title, through `options.translator`.

    English rows get `sentence_en = sentence` and `translator = "source"` (documents:
    `title_en = title`). Others get the provider's translation and its name, or `""` and
    `none` when none could be had. Identical texts are translated once. Never raises for
    network trouble; raises `UsageError` for a configuration that cannot work. Answers are
    bounded and cleaned by the translator (`providers.checked_answer`), and `title_en` keeps
    the bound of titles (`metadata.short_title`, 200 characters).

    A caller that translates a corpus in several batches passes one `translator` (a
    `Translator` it closes itself) so that the breaker, the counts and the one warning span
    the run; the report returned is then that translator's, cumulative.
    """
    for row in claims:
        if row.get("lang") == "en":
            row["sentence_en"] = row.get("sentence", "")
            row["translator"] = "source"
        else:
            row["sentence_en"] = ""
            row["translator"] = "none"
    for doc in documents:
        if doc.get("status", "ok") != "ok":
            doc.setdefault("title_en", "")
            continue
        doc["title_en"] = doc.get("title", "") if doc.get("lang") == "en" else ""
    spec = check_configuration(options)
    if spec is None:
        return TranslationReport(provider="none")
    foreign = [r for r in claims if r.get("lang") != "en" and str(r.get("sentence") or "").strip()]
    titled = [
        d
        for d in documents
        if d.get("status", "ok") == "ok" and d.get("lang") != "en" and str(d.get("title") or "").strip()
    ]
    items = [(str(r.get("lang") or ""), str(r["sentence"])) for r in foreign]
    items += [(str(d.get("lang") or ""), str(d["title"])) for d in titled]
    if translator is None:
        with Translator(options, warn=warn, settings=settings) as active:
            english = active.translate_many(items, on_progress) if items else {}
    else:
        active = translator
        english = active.translate_many(items, on_progress) if items else {}
    for row in foreign:
        text = english.get((str(row.get("lang") or ""), str(row["sentence"]).strip()))
        if text:
            row["sentence_en"] = text
            row["translator"] = spec.name
    from ..ingest.metadata import short_title

    for doc in titled:
        title_en = english.get((str(doc.get("lang") or ""), str(doc["title"]).strip())) or ""
        doc["title_en"] = short_title(title_en) if title_en else ""
    return active.report
