"""Translate: English for non-English claim sentences, titles and whole documents, through deep-translator.

Providers are called with timeouts, bounded threads, a rate limit, retries with backoff
and a circuit breaker, behind a persistent SQLite cache (docs/translation.md). Names are
imported on first use, so importing this package (as `cli.py` does) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "translate_rows": "sora_meta.translate.rows",
    "translate_document": "sora_meta.translate.document",
    "translate_document_parts": "sora_meta.translate.document",
    "DocumentTranslation": "sora_meta.translate.document",
    "output_name": "sora_meta.translate.document",
    "Translator": "sora_meta.translate.engine",
    "TranslationReport": "sora_meta.translate.engine",
    "Settings": "sora_meta.translate.engine",
    "TranslationCache": "sora_meta.translate.cache",
    "cache_path": "sora_meta.translate.cache",
    "PROVIDERS": "sora_meta.translate.registry",
    "PROVIDER_NAMES": "sora_meta.translate.registry",
    "TRANSLATOR_CHOICES": "sora_meta.translate.registry",
    "check_configuration": "sora_meta.translate.registry",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sora_meta.translate' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
