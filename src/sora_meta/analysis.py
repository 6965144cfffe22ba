"""The corpus view: what a summary shows, as plain data (the renderer only lays it out).

`corpus_view` turns the documents and claim tables into a dict with stable keys:
`version`, `overview`, `documents`, `companies`, `figures` and `timeline`.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .corroborate import find_matches
from .pipeline import Analysis
from .table import records

SUMMARY_VERSION = 1
TOP_COMPANIES = 15
TOP_FIGURES = 15
TIMELINE_ROWS = 20


def _clean(value: Any) -> Any:
    """JSON-friendly scalars: NaN/NA become None, numpy numbers become Python numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def overview(documents: pd.DataFrame, claims: pd.DataFrame) -> dict[str, Any]:
    """Counts over the corpus: documents by status and language, sizes, dates, sources."""
    ok = documents[documents["status"] == "ok"]
    dates = [str(p) for p in ok["published"] if p]
    published = sorted((p for p in dates if not p.startswith("--")), key=date_key)
    yearless = sorted({p for p in dates if p.startswith("--")})
    return {
        "documents": len(documents),
        "statuses": dict(sorted(Counter(documents["status"]).items())),
        "languages": dict(sorted(Counter(ok["lang"]).items(), key=lambda kv: (-kv[1], kv[0]))),
        "chars": int(ok["chars"].sum()) if len(ok) else 0,
        "paragraphs": int(ok["paragraphs"].sum()) if len(ok) else 0,
        "duplicate_paragraphs": int(ok["duplicate_paragraphs"].sum()) if len(ok) else 0,
        "sentences": int(ok["sentences"].sum()) if len(ok) else 0,
        "published": {"first": published[0], "last": published[-1]} if published else None,
        "published_without_year": yearless,
        "sources": sorted({s for s in ok["source"] if s}),
        "claims": len(claims),
        "claims_by_kind": dict(sorted(Counter(claims["kind"]).items())) if len(claims) else {},
        "claims_by_lang": _by_count(Counter(claims["lang"])) if len(claims) else {},
        "translation": translation_coverage(claims),
    }


def _by_count(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def translation_coverage(claims: pd.DataFrame) -> dict[str, Any]:
    """How many non-English claim rows have an English sentence: counts, share, by language."""
    rows = [
        (str(c["lang"]), bool(c["sentence_en"]))
        for c in records(claims, ["lang", "sentence_en"])
        if c["lang"] != "en"
    ]
    total = Counter(lang for lang, _ in rows)
    done = Counter(lang for lang, translated in rows if translated)
    translated = sum(done.values())
    return {
        "non_english": len(rows),
        "translated": translated,
        "untranslated": len(rows) - translated,
        "coverage": round(translated / len(rows), 4) if rows else None,
        "by_lang": {lang: {"claims": n, "translated": done[lang]} for lang, n in _by_count(total).items()},
    }


def problems(documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Documents that were not read as articles (status other than `ok`), with the reason."""
    bad = documents[documents["status"] != "ok"]
    return records(bad.sort_values("doc_id", kind="stable"), ["doc_id", "path", "status", "reason"])


def companies(documents: pd.DataFrame, claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Companies by documents naming them, then claims; with languages and figure counts."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc in records(documents, ["doc_id", "companies"]):
        for name in doc["companies"] or []:
            docs_of[name].add(str(doc["doc_id"]))
    langs_of: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    figures: Counter[str] = Counter()
    for claim in records(claims, ["companies", "lang", "subject", "kind"]):
        for name in claim["companies"] or []:
            mentions[name] += 1
            langs_of[name].add(str(claim["lang"]))
        if claim["subject"] and claim["kind"] != "event":
            figures[str(claim["subject"])] += 1
    ranked = sorted(docs_of, key=lambda n: (-len(docs_of[n]), -mentions[n], n))
    return [
        {
            "name": name,
            "documents": len(docs_of[name]),
            "claims": mentions[name],
            "figures": figures[name],
            "languages": sorted(langs_of[name]),
            "doc_ids": sorted(docs_of[name]),
        }
        for name in ranked
    ]


def key_figures(claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Money figures, largest first within each currency; the most cited currency first."""
    money = claims[claims["kind"] == "money"]
    if money.empty:
        return []
    cited = money["unit"].map(money["unit"].value_counts())
    money = money.assign(_cited=cited).sort_values(
        ["_cited", "unit", "value", "doc_id", "figure_start"],
        ascending=[False, True, False, True, True],
        kind="stable",
    )
    columns = [
        "claim_id",
        "doc_id",
        "figure",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "subject",
        "date",
        "lang",
        "sentence",
        "sentence_en",
    ]
    return records(money, columns)


_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PART = re.compile(r"(\d{4})-([QHW])(\d{1,2})$")


def date_key(date: str) -> tuple[int, str, int]:
    """Sort key of an ISO 8601 date of any precision (schema: `2024`, `2024-03`, `2024-03-07`,
    `2023-Q3`, `2023-H1`, `2020-W16`, spans `2024/2025`): by the day it starts, then the wider
    first (`2024` before `2024-01-01`); year-less dates (`--02-19`) after every dated one, by
    month and day; anything unreadable last, as text."""
    first = date.split("/", 1)[0].strip()
    if first.startswith("--"):
        return (1, first[2:], 0)
    day = _DAY.match(first)
    if day:
        year, month, dom = day.group(1), day.group(2) or "01", day.group(3) or "01"
        return (0, f"{year}-{month}-{dom}", 2 * sum(g is not None for g in day.groups()))
    part = _PART.match(first)
    if part:
        year, kind, n = int(part.group(1)), part.group(2), int(part.group(3))
        if kind == "W":
            with contextlib.suppress(ValueError):
                return (0, datetime.date.fromisocalendar(year, n, 1).isoformat(), 5)
        elif 1 <= n <= (4 if kind == "Q" else 2):
            month = (n - 1) * (3 if kind == "Q" else 6) + 1
            return (0, f"{year:04d}-{month:02d}-01", 3)
    return (2, date, 0)


def timeline(claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Dated claims in time order (`date_key`: mixed precision by start, year-less dates last)."""
    dated = claims[claims["date"] != ""]
    if dated.empty:
        return []
    keys = [
        (date_key(str(date)), str(doc), int(start))  # within a date, by document and position
        for date, doc, start in zip(dated["date"], dated["doc_id"], dated["start"], strict=True)
    ]
    dated = dated.iloc[sorted(range(len(keys)), key=keys.__getitem__)]
    columns = [
        "claim_id",
        "doc_id",
        "date",
        "date_text",
        "kind",
        "figure",
        "value",
        "unit",
        "subject",
        "companies",
        "lang",
        "sentence",
        "sentence_en",
    ]
    return records(dated, columns)


def short_ids(ids: Iterable[str], minimum: int = 6) -> dict[str, str]:
    """Each id's shortest prefix (at least `minimum` characters, or the whole id) that no other id
    shares, so that a summary can show ids compactly without making two look the same."""
    unique = sorted(set(ids))
    short: dict[str, str] = {}
    for i, name in enumerate(unique):
        longest = 0
        for other in unique[max(0, i - 1) : i] + unique[i + 1 : i + 2]:  # neighbours share the most
            common = 0
            for a, b in zip(name, other, strict=False):
                if a != b:
                    break
                common += 1
            longest = max(longest, common)
        short[name] = name[: max(minimum, longest + 1)]
    return short


def convert_figures(figures: list[dict[str, Any]], target: str, published: dict[str, str]) -> dict[str, Any]:
    """Add `converted_value`/`converted_value_max`/`converted_unit`/`rate_date` to money figures in place.

    Returns the `conversion` entry of the view: the currency and the rate table's label.
    """
    from .fx import check_currency, convert, table_label

    target = check_currency(target)
    for figure in figures:
        done = convert(
            float(figure["value"]),
            figure["value_max"],
            str(figure["unit"]),
            target,
            str(figure["date"] or ""),
            published.get(str(figure["doc_id"]), ""),
        )
        figure["converted_value"] = done.value if done else None
        figure["converted_value_max"] = done.value_max if done else None
        figure["converted_unit"] = target if done else ""
        figure["rate_date"] = done.rate_date if done else ""
    return {"currency": target, "rates": table_label()}


def corpus_view(analysis: Analysis, convert_to: str | None = None) -> dict[str, Any]:
    """Everything `sora-meta summarize` shows, as JSON-ready data with stable keys.

    With `convert_to` (an ISO 4217 code), money figures also get their value in that currency
    at a dated ECB rate, and the view gets a `conversion` entry naming the rate table.
    """
    documents, claims = analysis.documents, analysis.claims
    doc_columns = [c for c in documents.columns if c != "path"] + ["path"]
    corroborated, conflicts = find_matches(claims, analysis.mentions)
    figures = key_figures(claims)
    conversion = None
    if convert_to:
        published = dict(zip(documents["doc_id"], documents["published"], strict=True))
        conversion = convert_figures(figures, convert_to, published)
    view = {
        "version": SUMMARY_VERSION,
        "overview": overview(documents, claims),
        "documents": records(documents, doc_columns),
        "problems": problems(documents),
        "companies": companies(documents, claims),
        "figures": figures,
        "timeline": timeline(claims),
        "corroborated": corroborated,
        "conflicts": conflicts,
        "short_doc_ids": short_ids(str(d) for d in documents["doc_id"]),
    }
    shown = {str(c["claim_id"]) for c in view["figures"] + view["timeline"]}  # type: ignore[operator]
    shown |= {str(c.get("claim_id")) for group in corroborated + conflicts for c in group["claims"]}
    every = short_ids((str(c) for c in claims["claim_id"]), minimum=8) if len(claims) else {}
    view["short_claim_ids"] = {c: every[c] for c in sorted(shown) if c in every}
    if conversion:
        view["conversion"] = conversion
    return view


FAIL_ON = ("conflicts", "errors", "untranslated")


def gate(view: dict[str, Any], checks: Iterable[str]) -> dict[str, str]:
    """For `summarize --fail-on`: each asked-for check that the corpus view fails, with one line why."""
    found: dict[str, str] = {}
    for check in sorted(set(checks)):
        if check == "conflicts" and view["conflicts"]:
            about = ", ".join(f"{c['subject']} · {c['metric']}" for c in view["conflicts"][:3])
            more = "…" if len(view["conflicts"]) > 3 else ""
            found[check] = f"{len(view['conflicts'])} conflicting claim group(s): {about}{more}"
        elif check == "errors" and view["problems"]:
            found[check] = f"{len(view['problems'])} document(s) not read: " + ", ".join(
                f"{p['doc_id']} ({p['status']})" for p in view["problems"][:3]
            )
        elif check == "untranslated" and view["overview"]["translation"]["untranslated"]:
            tr = view["overview"]["translation"]
            found[check] = (
                f"{tr['untranslated']} of {tr['non_english']} non-English claim sentences untranslated"
            )
        elif check not in FAIL_ON:
            raise ValueError(f"unknown check {check!r}; expected one of {', '.join(FAIL_ON)}")
    return found
