"""The language registry: which languages have tables, and their tables and hooks, loaded on first use.

A language is a folder `lang/<code>/` (its ISO 639 code in lower case) holding one JSON file per
kind of table (`schema.TABLES`: figures, dates, metrics, companies, text) and, when a table cannot
say something, a `hooks.py`. `lang/_base/` holds the language-neutral part (currency symbols, ISO
codes, the percent sign, international legal forms, common abbreviations) that each language's
table is composed with. A language without a folder gets the base alone: language-neutral rules,
never another language's. A tag is looked up by its base code (`zh-TW`, `zh_Hant` → `zh`).

Nothing is read before it is needed: a corpus in one language reads that language's files only.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.abc import Traversable
from types import MappingProxyType, ModuleType
from typing import Any

from .schema import HOOKS, TABLES, LanguageTableError, check_composed, compose, validate

__all__ = ["BASE", "REGISTRY", "Registry", "base_code", "describe_missing"]

BASE = "_base"
_CODE = re.compile(r"[a-z]{2,3}")


def base_code(lang: str) -> str:
    """The base language code of a tag: `zh-TW`, `zh_Hant`, `ZH` → `zh`; `` → ``."""
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


class Registry:
    """The language folders under `root`, read lazily and checked against the schema when read."""

    def __init__(self, root: Traversable, package: str | None = None, label: str | None = None) -> None:
        self.root = root
        self.package = package  # where hooks modules are imported from (None: by file path)
        self.label = label or ("lang" if package else str(root))
        self._codes: frozenset[str] | None = None
        self._base: dict[str, Mapping[str, Any]] = {}
        self._tables: dict[tuple[str, str], Mapping[str, Any]] = {}
        self._hooks: dict[str, ModuleType | None] = {}
        self._table_codes: dict[str, str] = {}  # tag -> its folder: asked once per text by each extractor
        self.read: list[str] = []  # the files read so far, in order (what a run has paid for)

    # -- which languages -------------------------------------------------------------------------

    def codes(self) -> frozenset[str]:
        """The language folders present (not checked: see `supported`)."""
        if self._codes is None:
            found = set()
            for entry in self.root.iterdir():
                name = entry.name
                if not entry.is_dir() or name.startswith(("_", ".")):
                    continue
                if not _CODE.fullmatch(name):
                    raise LanguageTableError(
                        f"{self.label}/{name}: a language folder is named by its ISO 639 code in lower case "
                        f"(`{base_code(name)}`); variants share their base language's folder"
                    )
                found.add(name)
            self._codes = frozenset(found)
        return self._codes

    def supported(self) -> tuple[str, ...]:
        """The languages with tables, sorted: every folder present, each checked (loads them all)."""
        for code in sorted(self.codes()):
            for kind in TABLES:
                self.table(kind, code)
            self.hooks(code)
        return tuple(sorted(self.codes()))

    def has_tables(self, lang: str) -> bool:
        """Whether a language tag has a folder of tables (`pt-BR`: whether `pt` has)."""
        return base_code(lang) in self.codes()

    def table_code(self, lang: str) -> str:
        """The folder a tag's tables come from: its base code, or `` (the base alone) when it has none."""
        found = self._table_codes.get(lang)
        if found is None:
            code = base_code(lang)
            found = self._table_codes[lang] = code if code in self.codes() else ""
        return found

    def missing(self, langs: Iterable[str]) -> list[str]:
        """The languages of `langs` that have no tables, by base code, sorted, each once."""
        return sorted({base_code(x) for x in langs if x and not self.has_tables(x)})

    # -- tables ----------------------------------------------------------------------------------

    def table(self, kind: str, lang: str) -> Mapping[str, Any]:
        """The `kind` table of a language tag: its folder's file composed with the base; the base alone
        for a language without a folder. Read and checked on first use, then kept."""
        code = self.table_code(lang)
        key = (kind, code)
        found = self._tables.get(key)
        if found is None:
            base = self.base(kind)
            if code:
                source = f"{self.label}/{code}/{kind}.json"
                own = self._own(kind, code, source)
                table = compose(base, own)
                check_composed(kind, table, source)
            else:
                table = dict(base)
            found = self._tables[key] = MappingProxyType(table)
        return found

    def base(self, kind: str) -> Mapping[str, Any]:
        """The language-neutral part of the `kind` table (empty when there is none)."""
        if kind not in TABLES:
            raise KeyError(f"no table kind {kind!r} (kinds: {', '.join(TABLES)})")
        found = self._base.get(kind)
        if found is None:
            node = self.root.joinpath(BASE, f"{kind}.json")
            data: dict[str, Any] = {}
            if node.is_file():
                source = f"{self.label}/{BASE}/{kind}.json"
                data = self._read(node, source)
                validate(kind, data, source, base=True)
            found = self._base[kind] = MappingProxyType(
                {k: v for k, v in data.items() if not k.startswith("_")}
            )
        return found

    def _own(self, kind: str, code: str, source: str) -> dict[str, Any]:
        node = self.root.joinpath(code, f"{kind}.json")
        if not node.is_file():
            files = ", ".join(f"{k}.json" for k in TABLES)
            raise LanguageTableError(f"{source}: missing (every language folder holds {files})")
        data = self._read(node, source)
        validate(kind, data, source)
        hooks = self.hooks(code)
        extend = getattr(hooks, "extend", None) if hooks is not None else None
        if extend is not None:
            data = extend(kind, copy.deepcopy(data))
            validate(kind, data, f"{source} (as hooks.extend returned it)")
        return data

    def _read(self, node: Traversable, source: str) -> dict[str, Any]:
        self.read.append(source)
        try:
            data: dict[str, Any] = json.loads(
                node.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicates
            )
        except (ValueError, UnicodeDecodeError) as exc:
            raise LanguageTableError(f"{source}: not a valid JSON table: {exc}") from None
        return data

    # -- hooks -----------------------------------------------------------------------------------

    def hooks(self, lang: str) -> ModuleType | None:
        """The hooks module of a language tag (`lang/<code>/hooks.py`), or None when it has none."""
        code = self.table_code(lang)
        if not code:
            return None
        if code not in self._hooks:
            self._hooks[code] = self._import_hooks(code)
        return self._hooks[code]

    def _import_hooks(self, code: str) -> ModuleType | None:
        node = self.root.joinpath(code, "hooks.py")
        if not node.is_file():
            return None
        source = f"{self.label}/{code}/hooks.py"
        self.read.append(source)
        if self.package is not None:
            module = importlib.import_module(f"{self.package}.{code}.hooks")
        else:
            spec = importlib.util.spec_from_file_location(
                f"_sora_meta_lang_{id(self):x}_{code}_hooks", str(node)
            )
            if spec is None or spec.loader is None:
                raise LanguageTableError(f"{source}: cannot be imported")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        for name, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == module.__name__
            if not name.startswith("_") and callable(value) and defined_here and name not in HOOKS:
                raise LanguageTableError(
                    f"{source}: unknown hook {name!r} (hooks: {', '.join(HOOKS)}; "
                    "a helper's name starts with _)"
                )
        return module


def describe_missing(documents: Mapping[str, int]) -> str:
    """The warning for languages without tables, from their document counts (most documents first)."""
    parts = [
        f"{code} ({n} document{'s' if n != 1 else ''})"
        for code, n in sorted(documents.items(), key=lambda item: (-item[1], item[0]))
    ]
    return (
        f"no extraction tables for: {', '.join(parts)}; only language-neutral figures, dates and "
        "companies were read in those languages (docs/languages.md)"
    )


REGISTRY = Registry(resources.files("sora_meta.lang"), "sora_meta.lang")
