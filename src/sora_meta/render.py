"""Render the corpus view: rich tables on a terminal, plain text when piped, Markdown, or JSON.

Every piece of corpus text is shown through `display` (`safe_text` in tables and text,
`markdown_text` in Markdown, `json_for_log` over the JSON): nothing from a title, source,
sentence, company or file name can move the cursor, start a line, open a link or become a CI
command. `NO_COLOR` makes `auto` plain text, as a pipe does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .display import json_for_log, markdown_text, no_color, safe_text

RENDER_FORMATS = ("auto", "table", "text", "markdown", "json")
SENTENCE_WIDTH = 90
MATCH_GROUPS = 8  # corroborated / conflicting groups shown on a terminal (all are in the JSON)


def _short(text: str, width: int = SENTENCE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _around(text: str, part: str, width: int = SENTENCE_WIDTH) -> str:
    """`text` cut to `width` characters with `part` (a figure) in view."""
    at = text.find(part) if part else -1
    if len(text) <= width or at < 0:
        return _short(text, width)
    start = max(0, min(at - width // 3, len(text) - width))
    snippet = text[start : start + width]
    return ("…" if start else "") + snippet.strip() + ("…" if start + width < len(text) else "")


def human_number(value: Any) -> str:
    """A figure's value for people: 13.7 billion, 1.4 million, 91."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{v / size:,.3g} {word}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _langs(shares: dict[str, float] | None) -> str:
    if not shares:
        return ""
    return " ".join(f"{k} {v:.0%}" for k, v in shares.items())


def _value(claim: dict[str, Any]) -> str:
    """`USD 1.4 million`, `more than 7 %`, `5,000–10,000 CNY`: a claim's value for people."""
    text = human_number(claim["value"])
    if claim.get("value_max") is not None:
        text += f"–{human_number(claim['value_max'])}"
    prefix = {"approx": "~", "more_than": ">", "less_than": "<", "up_to": "≤"}.get(
        claim.get("qualifier") or "", ""
    )
    unit = claim.get("unit") or ""
    return f"{prefix}{text} {unit}".strip()


def _sentence(claim: dict[str, Any]) -> str:
    """The English sentence where there is one, else the original marked with its language."""
    if claim.get("sentence_en"):
        return _around(claim["sentence_en"], claim["figure"])
    return f"[{claim['lang']}] " + _around(claim["sentence"], claim["figure"], SENTENCE_WIDTH - 5)


def _match_rows(entries: list[dict[str, Any]], conflicts: bool) -> list[list[str]]:
    rows: list[list[str]] = []
    for entry in entries[:MATCH_GROUPS]:
        about = f"{entry['subject']} · {entry['metric']}"
        if conflicts:
            spread = entry["max"] / entry["min"] if entry["min"] else 0
            detail = f"{human_number(entry['min'])} … {human_number(entry['max'])} {entry['unit']}"
            detail += f" (×{spread:.3g})" if spread else ""
        else:
            detail = f"{len(entry['documents'])} documents"
        for i, claim in enumerate(entry["claims"]):
            rows.append(
                [
                    about if i == 0 else "",
                    detail if i == 0 else "",
                    _value(claim) + (" (echo)" if claim.get("match") == "echo" else ""),
                    claim["figure"],
                    claim["doc_id"][:12],
                    _sentence(claim),
                ]
            )
    return rows


def _coverage(ov: dict[str, Any]) -> str:
    tr = ov.get("translation") or {}
    if not tr.get("non_english"):
        return "every claim sentence is English"
    return (
        f"{tr['translated']} of {tr['non_english']} non-English claim sentences have an English "
        f"translation ({tr['coverage']:.0%})"
    )


def sections(view: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The summary as titled tables of strings: (title, header, rows)."""
    ov = view["overview"]
    published = ov["published"]
    overview_rows = [
        ["documents", f"{ov['documents']} ({', '.join(f'{n} {s}' for s, n in ov['statuses'].items())})"],
        ["languages", ", ".join(f"{lang} {n}" for lang, n in ov["languages"].items())],
        [
            "size",
            f"{ov['chars']:,} characters, {ov['paragraphs']:,} paragraphs "
            f"({ov['duplicate_paragraphs']:,} repeated), {ov['sentences']:,} sentences",
        ],
        ["published", f"{published['first']} … {published['last']}" if published else "unknown"],
        ["sources", ", ".join(ov["sources"]) or "unknown"],
        [
            "claims",
            f"{ov['claims']} (" + ", ".join(f"{n} {k}" for k, n in ov["claims_by_kind"].items()) + ")",
        ],
    ]
    if ov.get("claims_by_lang"):
        overview_rows.append(
            ["claims by language", ", ".join(f"{lang} {n}" for lang, n in ov["claims_by_lang"].items())]
        )
    if "translation" in ov:
        overview_rows.append(["translation", _coverage(ov)])
    if "problems" in view:
        problems = view["problems"]
        overview_rows.append(
            [
                "problems",
                "; ".join(f"{p['doc_id']}: {p['status']} ({p['reason']})" for p in problems[:5])
                + (f"; … {len(problems) - 5} more" if len(problems) > 5 else "")
                or "none",
            ]
        )
    if "corroborated" in view:
        overview_rows.append(
            ["agreement", f"{len(view['corroborated'])} corroborated, {len(view['conflicts'])} conflicting"]
        )
    documents = [
        [
            d["doc_id"],
            d["lang"],
            _langs(d["langs"]),
            d["published"] or "",
            d["source"] or "",
            _short(d["title"] or "", 48),
            str(d["claims"]),
            d["status"] + (f": {d['reason']}" if d["reason"] else ""),
        ]
        for d in view["documents"]
    ]
    companies = [
        [c["name"], str(c["documents"]), str(c["claims"]), str(c["figures"]), " ".join(c["languages"])]
        for c in view["companies"][:15]
    ]
    conversion = view.get("conversion")
    figures = [
        [
            f"{human_number(f['value'])}" + (f"–{human_number(f['value_max'])}" if f["value_max"] else ""),
            f["unit"],
            *(
                [
                    human_number(f["converted_value"])
                    + (f"–{human_number(f['converted_value_max'])}" if f["converted_value_max"] else ""),
                    f["rate_date"],
                ]
                if conversion
                else []
            ),
            f["figure"],
            f["subject"] or "",
            f["date"] or "",
            f["doc_id"][:12],
            _around(f["sentence_en"] or f["sentence"], f["figure"]),
        ]
        for f in view["figures"][:15]
    ]
    timeline = [
        [
            t["date"],
            t["figure"] or t["kind"],
            t["subject"] or ", ".join(t["companies"][:3]),
            t["doc_id"][:12],
            _around(t["sentence_en"] or t["sentence"], t["figure"] or t["date_text"]),
        ]
        for t in view["timeline"][:20]
    ]
    return [
        ("Overview", ["", ""], overview_rows),
        (
            "Documents",
            ["doc", "lang", "languages", "published", "source", "title", "claims", "status"],
            documents,
        ),
        ("Top companies", ["company", "documents", "mentions", "figures", "languages"], companies),
        (
            "Key figures (money, largest first per currency)"
            + (f"; in {conversion['currency']} at {conversion['rates']}" if conversion else ""),
            [
                "value",
                "unit",
                *([f"in {conversion['currency']}", "rate of"] if conversion else []),
                "as written",
                "about",
                "date",
                "doc",
                "sentence",
            ],
            figures,
        ),
        ("Timeline", ["date", "figure", "who", "doc", "sentence"], timeline),
    ] + [
        (
            title,
            [
                "about",
                "agreement" if key == "corroborated" else "spread",
                "value",
                "as written",
                "doc",
                "sentence",
            ],
            _match_rows(view[key], conflicts=key == "conflicts"),
        )
        for key, title in (
            ("corroborated", "Corroborated (the same figure in two or more documents)"),
            ("conflicts", "Conflicts (the same thing measured differently)"),
        )
        if key in view
    ]


def render_json(view: dict[str, Any], stream: IO[str]) -> None:
    stream.write(json_for_log(json.dumps(view, ensure_ascii=False, indent=2)))
    stream.write("\n")


def render_markdown(view: dict[str, Any], stream: IO[str]) -> None:
    stream.write("# sora-meta summary\n")
    for title, header, rows in sections(view):
        stream.write(f"\n## {title}\n\n")
        if not rows:
            stream.write("_none_\n")
            continue
        if title == "Overview":
            for key, value in rows:
                stream.write(f"- **{key}**: {markdown_text(value)}\n")
            continue
        stream.write("| " + " | ".join(header) + " |\n")
        stream.write("|" + "---|" * len(header) + "\n")
        for row in rows:
            stream.write("| " + " | ".join(markdown_text(cell) for cell in row) + " |\n")


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], plain: bool) -> Table:
    table = Table(
        title=Text(safe_text(title)),
        title_justify="left",
        box=box.SIMPLE if plain else box.ROUNDED,
        show_header=bool(any(header)),
        header_style="" if plain else "bold",
        title_style="bold" if not plain else "",
    )
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(safe_text(cell)) for cell in row))  # cells are data, never rich markup
    return table


def render_tables(view: dict[str, Any], console: Console, plain: bool = False) -> None:
    """The summary as tables: coloured on a terminal, plain when piped."""
    for title, header, rows in sections(view):
        if rows:
            console.print(_table(title, header, rows, plain))
        else:
            console.print(Text(f"{safe_text(title)}: none\n"))


def render(view: dict[str, Any], fmt: str, stream: IO[str], is_terminal: bool) -> None:
    """Write the corpus view to `stream` in the format asked for (`auto`: tables or text)."""
    if fmt == "json":
        render_json(view, stream)
    elif fmt == "markdown":
        render_markdown(view, stream)
    else:
        render_tables(view, console_for(stream, fmt, is_terminal, 160), plain=is_plain(fmt, is_terminal))


def is_plain(fmt: str, is_terminal: bool) -> bool:
    """Plain text: asked for, or `auto` when the output is not a terminal or `NO_COLOR` is set."""
    return fmt == "text" or (fmt == "auto" and (not is_terminal or no_color()))


def console_for(stream: IO[str], fmt: str, is_terminal: bool, width: int) -> Console:
    """A rich console on `stream`: styles only on a terminal without `NO_COLOR`; never markup,
    highlighting or emoji codes read from the text."""
    styled = is_terminal and not is_plain(fmt, is_terminal) and not no_color()
    return Console(
        file=stream,
        width=None if is_terminal else width,
        color_system="auto" if styled else None,
        force_terminal=styled,
        no_color=not styled,
        highlight=False,
        emoji=False,
        markup=False,
    )
