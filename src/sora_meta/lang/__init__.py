"""Languages: a language is a folder `lang/<code>/` of tables checked against a schema (docs/languages.md).

`supported()` lists the languages with tables; `table(kind, lang)` gives a language's table of one
kind (figures, dates, metrics, companies, text), composed with the language-neutral base and read
on first use; `hooks(lang)` its optional hooks module. A language without a folder gets the base
alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any

from .registry import REGISTRY, Registry, base_code, describe_missing
from .schema import TABLES, LanguageTableError

__all__ = [
    "TABLES",
    "LanguageTableError",
    "Registry",
    "base_code",
    "describe_missing",
    "has_tables",
    "hooks",
    "missing",
    "supported",
    "table",
    "table_code",
]


def supported() -> tuple[str, ...]:
    """The languages with tables (the folders present, each checked), sorted."""
    return REGISTRY.supported()


def has_tables(lang: str) -> bool:
    """Whether a language tag has tables (`pt-BR`: whether `pt` has); reads no table."""
    return REGISTRY.has_tables(lang)


def table_code(lang: str) -> str:
    """The folder a tag's tables come from (`zh-TW` → `zh`), or `` for the language-neutral base alone."""
    return REGISTRY.table_code(lang)


def table(kind: str, lang: str) -> Mapping[str, Any]:
    """The `kind` table of a language tag, composed with the base; read and checked on first use."""
    return REGISTRY.table(kind, lang)


def hooks(lang: str) -> ModuleType | None:
    """The hooks module of a language tag, or None."""
    return REGISTRY.hooks(lang)


def missing(langs: Iterable[str]) -> list[str]:
    """The languages of `langs` without tables (base codes, sorted, each once)."""
    return REGISTRY.missing(langs)
