"""sora-meta: find who, how much and when in a multilingual news corpus.

>>> import sora_meta
>>> result = sora_meta.analyze("seeds/")          # doctest: +SKIP
>>> result.claims[["doc_id", "figure", "value", "unit"]]   # doctest: +SKIP

Attributes are imported on first use, so `import sora_meta` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "sora_meta.pipeline",
    "Analysis": "sora_meta.pipeline",
    "process_document": "sora_meta.pipeline",
    "read_corpus": "sora_meta.ingest",
    "segment": "sora_meta.segment",
    "corpus_view": "sora_meta.analysis",
    "find_figures": "sora_meta.extract.figures",
    "find_dates": "sora_meta.extract.dates",
    "Gazetteer": "sora_meta.extract.companies",
    "write_table": "sora_meta.export",
    "Options": "sora_meta.models",
    "Document": "sora_meta.models",
    "Figure": "sora_meta.models",
    "DateMention": "sora_meta.models",
    "CompanyMention": "sora_meta.models",
    "SoraMetaError": "sora_meta.errors",
    "ExitStatus": "sora_meta.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sora_meta' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
