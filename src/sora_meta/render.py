"""Render the corpus view: rich tables on a terminal, plain text when piped, Markdown, or JSON.

Every piece of corpus text is shown through `display` (`safe_text` in tables and text,
`markdown_text` in Markdown, `json_for_log` over the JSON): nothing from a title, source,
sentence, company or file name can move the cursor, start a line, open a link or become a CI
command. `NO_COLOR` makes `auto` plain text, as a pipe does.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from typing import IO, Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .display import color_forced, json_for_log, markdown_text, no_color, safe_text

RENDER_FORMATS = ("auto", "table", "text", "markdown", "json")
SENTENCE_WIDTH = 90
MATCH_GROUPS = 8  # corroborated / conflicting groups shown on a terminal (all are in the JSON)
DOCUMENT_ROWS = 30
COMPANY_ROWS = 15
TIMELINE_ROWS = 20
DEFAULT_WIDTH = 80  # piped output without COLUMNS
TABLE_WIDTH = 160  # `auto` on a terminal narrower than this: the text layout, styled
COLUMN_CAP = 28  # cells of a short column in plain text, beyond which it is cut with …


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


class Section(NamedTuple):
    """One part of the summary: a title, column names, rows of strings, and what was left out.

    `more` is the line saying how much is hidden (`… 9 more in USD`), empty when nothing is; a
    row may also be a `more` line of its own within a group (`Section.note_rows`). The last
    column (`long`) is the long text (a sentence or a title), cut with an ellipsis to fit.
    """

    title: str
    header: list[str]
    rows: list[list[str]]
    more: str = ""
    note_rows: frozenset[int] = frozenset()
    group: int = 0  # leading columns that name a group (filled on its first row only)
    long: bool = True  # whether the last column is long text (plain text puts it on its own line)
    ids_below: bool = True  # plain text: the doc and claim ids lead the long text's line


def _more(hidden: int, what: str) -> str:
    return f"… {hidden:,} more {what} (all in --format json)" if hidden > 0 else ""


def _match_rows(
    entries: list[dict[str, Any]], conflicts: bool, doc: Callable[[str], str], claim: Callable[[str], str]
) -> list[list[str]]:
    rows: list[list[str]] = []
    for entry in entries[:MATCH_GROUPS]:
        about = f"{entry['subject']} · {entry['metric']}"
        if entry.get("segment"):
            about += f" ({entry['segment']})"  # a part of the metric: `revenue (cloud)`
        period = entry.get("period") or ""
        if conflicts:
            about += f" · {period}" if period else ""  # why the claims are comparable
            detail = entry.get("spread") or (
                f"{human_number(entry['min'])} … {human_number(entry['max'])} {entry['unit']}"
            )
        else:
            about += f" · {period}" if period and period != "undated" else ""
            detail = f"{len(entry['documents'])} documents"
            detail += " (≈ approximate)" if entry.get("approximate") else ""
        for i, row in enumerate(entry["claims"]):
            rows.append(
                [
                    about if i == 0 else "",
                    detail if i == 0 else "",
                    _value(row) + (" (echo)" if row.get("match") == "echo" else ""),
                    row["figure"],
                    doc(row["doc_id"]),
                    claim(row.get("claim_id") or ""),
                    _sentence(row),
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


def _published(ov: dict[str, Any]) -> str:
    """`2024-02-16 … 2024-03-07`, year-less dates apart: `…; without a year: --02-19`."""
    published = ov["published"]
    text = ""
    if published:
        first, last = published["first"], published["last"]
        text = first if first == last else f"{first} … {last}"
    yearless = ov.get("published_without_year") or []
    if yearless:
        text += ("; " if text else "") + "without a year: " + ", ".join(yearless[:5])
        text += f" and {len(yearless) - 5} more" if len(yearless) > 5 else ""
    return text or "unknown"


def _per_currency(currencies: int) -> int:
    """Key figures shown per currency: fewer each as there are more currencies, at least 2."""
    return 5 if currencies <= 3 else 3 if currencies <= 6 else 2


def _ids(view: dict[str, Any], key: str) -> Callable[[str], str]:
    short = view.get(key) or {}
    return lambda full: str(short.get(full, full))


def sections(view: dict[str, Any]) -> list[Section]:
    """The summary as titled tables of strings, each with what it leaves out."""
    ov = view["overview"]
    doc, claim = _ids(view, "short_doc_ids"), _ids(view, "short_claim_ids")
    overview_rows = [
        ["documents", f"{ov['documents']} ({', '.join(f'{n} {s}' for s, n in ov['statuses'].items())})"],
        ["languages", ", ".join(f"{lang} {n}" for lang, n in ov["languages"].items())],
        [
            "size",
            f"{ov['chars']:,} characters, {ov['paragraphs']:,} paragraphs "
            f"({ov['duplicate_paragraphs']:,} repeated), {ov['sentences']:,} sentences",
        ],
        ["published", _published(ov)],
        ["sources", ", ".join(ov["sources"]) or "unknown"],
        [
            "claims",
            f"{ov['claims']} (" + ", ".join(f"{n} {k}" for k, n in ov["claims_by_kind"].items()) + ")"
            if ov["claims"]
            else "none: no figure or dated event was found",
        ],
    ]
    if ov.get("claims_by_lang"):
        overview_rows.append(
            ["claims by language", ", ".join(f"{lang} {n}" for lang, n in ov["claims_by_lang"].items())]
        )
    if "translation" in ov and ov["claims"]:
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
    if "corroborated" in view and ov["claims"]:
        overview_rows.append(
            ["agreement", f"{len(view['corroborated'])} corroborated, {len(view['conflicts'])} conflicting"]
        )
    result = [Section("Overview", ["", ""], overview_rows)]
    documents = view["documents"]
    result.append(
        Section(
            "Documents",
            ["doc", "lang", "claims", "published", "status", "source", "languages", "title"],
            [
                [
                    d["doc_id"],
                    d["lang"],
                    str(d["claims"]),
                    d["published"] or "",
                    d["status"],  # the reason is in the overview's `problems`
                    d["source"] or "",
                    _langs(d["langs"]),
                    (d["title"] or "")
                    + (
                        f" (en: {d['title_en']})" if d.get("title_en") and d["title_en"] != d["title"] else ""
                    ),
                ]
                for d in documents[:DOCUMENT_ROWS]
            ],
            _more(len(documents) - DOCUMENT_ROWS, "documents"),
            ids_below=False,
        )
    )
    if not ov["claims"]:
        return result  # a corpus without claims: the overview says so in one line
    companies = view["companies"]
    result.append(
        Section(
            "Top companies",
            ["company", "documents", "mentions", "figures", "languages"],
            [
                [
                    c["name"],
                    str(c["documents"]),
                    str(c["claims"]),
                    str(c["figures"]),
                    " ".join(c["languages"]),
                ]
                for c in companies[:COMPANY_ROWS]
            ],
            _more(len(companies) - COMPANY_ROWS, "companies"),
            long=False,
        )
    )
    result.append(_key_figures(view, doc, claim))
    timeline = view["timeline"]
    result.append(
        Section(
            "Timeline",
            ["date", "figure", "who", "doc", "claim", "sentence"],
            [
                [
                    t["date"],
                    t["figure"] or t["kind"],
                    t["subject"] or ", ".join(t["companies"][:3]),
                    doc(t["doc_id"]),
                    claim(t["claim_id"]),
                    _around(t["sentence_en"] or t["sentence"], t["figure"] or t["date_text"]),
                ]
                for t in timeline[:TIMELINE_ROWS]
            ],
            _more(len(timeline) - TIMELINE_ROWS, "dated claims"),
        )
    )
    for key, title in (
        ("corroborated", "Corroborated (the same figure in two or more documents)"),
        ("conflicts", "Conflicts (the same thing measured differently)"),
    ):
        if key in view:
            header = ["about", "agreement" if key == "corroborated" else "spread", "value", "as written"]
            result.append(
                Section(
                    title,
                    [*header, "doc", "claim", "sentence"],
                    _match_rows(view[key], key == "conflicts", doc, claim),
                    _more(len(view[key]) - MATCH_GROUPS, "groups"),
                    group=2,
                )
            )
    return result


def _key_figures(view: dict[str, Any], doc: Callable[[str], str], claim: Callable[[str], str]) -> Section:
    """Money figures grouped by currency (most cited first), each group cut with a `more` line."""
    conversion = view.get("conversion")
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for f in view["figures"]:
        by_unit.setdefault(str(f["unit"]), []).append(f)
    per = _per_currency(len(by_unit))
    rows: list[list[str]] = []
    notes: set[int] = set()
    columns = 10 if conversion else 8
    for unit, figures in by_unit.items():
        for f in figures[:per]:
            rows.append(
                [
                    human_number(f["value"]) + (f"–{human_number(f['value_max'])}" if f["value_max"] else ""),
                    f["unit"],
                    *(
                        [
                            human_number(f["converted_value"])
                            + (
                                f"–{human_number(f['converted_value_max'])}"
                                if f["converted_value_max"]
                                else ""
                            ),
                            f["rate_date"],
                        ]
                        if conversion
                        else []
                    ),
                    f["figure"],
                    f["subject"] or "",
                    f["date"] or "",
                    doc(f["doc_id"]),
                    claim(f["claim_id"]),
                    _around(f["sentence_en"] or f["sentence"], f["figure"]),
                ]
            )
        if len(figures) > per:
            notes.add(len(rows))
            rows.append([f"… {len(figures) - per} more in {unit}"] + [""] * (columns - 1))
    title = "Key figures (money, largest first, by currency: " + ", ".join(
        f"{n} {u}" for u, n in ((u, len(fs)) for u, fs in by_unit.items())
    )
    title += ")" + (f"; in {conversion['currency']} at {conversion['rates']}" if conversion else "")
    header = [
        "value",
        "unit",
        *([f"in {conversion['currency']}", "rate of"] if conversion else []),
        "as written",
        "about",
        "date",
        "doc",
        "claim",
        "sentence",
    ]
    hidden = sum(max(0, len(fs) - per) for fs in by_unit.values())
    del hidden  # each currency's group says what it leaves out
    return Section(title, header, rows, "", frozenset(notes))


def render_json(view: dict[str, Any], stream: IO[str]) -> None:
    stream.write(json_for_log(json.dumps(view, ensure_ascii=False, indent=2)))
    stream.write("\n")


def render_markdown(view: dict[str, Any], stream: IO[str]) -> None:
    stream.write("# sora-meta summary\n")
    for section in sections(view):
        stream.write(f"\n## {markdown_text(section.title)}\n\n")
        if not section.rows:
            stream.write("_none_\n")
            continue
        if section.title == "Overview":
            for key, value in section.rows:
                stream.write(f"- **{key}**: {markdown_text(value)}\n")
            continue
        stream.write("| " + " | ".join(section.header) + " |\n")
        stream.write("|" + "---|" * len(section.header) + "\n")
        for row in section.rows:
            stream.write("| " + " | ".join(markdown_text(cell) for cell in row) + " |\n")
        if section.more:
            stream.write(f"\n_{markdown_text(section.more)}_\n")


def _table(section: Section, plain: bool, width: int) -> Table:
    """A rich table one line per row within `width` cells: short cells cut at `COLUMN_CAP`, the
    long text (a sentence, a title) cut with `…` to the room left."""
    table = Table(
        title=Text(safe_text(section.title)),
        title_justify="left",
        box=box.SIMPLE if plain else box.ROUNDED,
        show_header=bool(any(section.header)),
        header_style="" if plain else "bold",
        title_style="bold" if not plain else "",
        caption=Text(safe_text(section.more)) if section.more else None,
        caption_justify="left",
    )
    overview = section.title == "Overview"
    last = len(section.header) - 1
    long = section.long or overview
    cap = width if overview else max(COLUMN_CAP, width // 5)  # wide terminals cut less
    rows = [[safe_text(cell) for cell in row] for row in section.rows]
    cut = [[fit(cell, cap) if i < last or not long else cell for i, cell in enumerate(row)] for row in rows]
    widths = [
        max([cell_len(name)] + [cell_len(row[i]) for row in cut]) for i, name in enumerate(section.header)
    ]
    if long:
        room = max(20, width - sum(widths[:last]) - 3 * len(widths) - 1)
        for n, row in enumerate(cut):
            if n not in section.note_rows:
                row[last] = fit(row[last], room)
    for name in section.header:
        table.add_column(name, no_wrap=True, overflow="ellipsis")
    for row in cut:
        table.add_row(*(Text(cell) for cell in row))  # cells are data, never rich markup
    return table


def render_tables(view: dict[str, Any], console: Console, plain: bool = False) -> None:
    """The summary as tables (on a terminal, or with `--color always`)."""
    for section in sections(view):
        if section.rows:
            console.print(_table(section, plain, console.width))
        else:
            console.print(Text(f"{safe_text(section.title)}: none\n"))


def fit(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells (a CJK character takes two), cut with `…`."""
    text = text.rstrip()
    if cell_len(text) <= width:
        return text
    out, used = [], 1
    for char in text:
        used += cell_len(char)
        if used > width:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """`text` wrapped at spaces into lines of at most `width` cells, the later ones indented."""
    import textwrap

    lines = textwrap.wrap(text, width=width, subsequent_indent=indent, break_long_words=False) or [""]
    return [fit(line, width) for line in lines]


ID_COLUMNS = ("claim", "doc")


def render_text(view: dict[str, Any], stream: IO[str], width: int = DEFAULT_WIDTH) -> None:
    """The summary as plain text for a pipe or a log, every line within `width` cells (`text_lines`)."""
    lines, _ = text_lines(view, width)
    stream.write("\n".join(lines) + "\n")


def text_lines(view: dict[str, Any], width: int = DEFAULT_WIDTH) -> tuple[list[str], dict[int, str]]:
    """The summary's lines in at most `width` cells each, and the kind of the titles and headers
    among them (line number → `title` or `header`, for styles on a terminal).

    A section is its title, a header and one line per row. The long text of a row (its
    sentence or title) goes on a line of its own below, after the claim and document ids, cut
    with `…`; a group (an agreement, a conflict) gets a line of its own above its rows. Cut
    lists end with a line saying how much is hidden. No line ends in a space.
    """
    width = max(width, 40)
    lines: list[str] = []
    kinds: dict[int, str] = {}
    for section in sections(view):
        if lines:
            lines.append("")
        if not section.rows:
            kinds[len(lines)] = "title"
            lines.append(fit(f"{section.title}: none", width))
            continue
        kinds[len(lines)] = "title"
        lines += _wrap(section.title, width, "  ")
        if section.title == "Overview":
            pad = max(cell_len(key) for key, _ in section.rows) + 4
            for key, value in section.rows:
                lines += _wrap(f"  {_pad(key, pad - 2)}{safe_text(value)}", width, " " * pad)
            continue
        header = section.header
        last = len(header) - 1 if section.long else len(header)
        ids = [
            i
            for i, name in enumerate(header[:last])
            if section.ids_below and section.long and name in ID_COLUMNS
        ]
        columns = [i for i in range(section.group, last) if i not in ids]
        cells = [[fit(safe_text(row[i]), COLUMN_CAP) for i in columns] for row in section.rows]
        widths = [
            max(
                [cell_len(header[i])]
                + [cell_len(r[k]) for n, r in enumerate(cells) if n not in section.note_rows]
            )
            for k, i in enumerate(columns)
        ]

        indent = "    " if section.group else "  "

        def line(parts: Sequence[str], indent: str = indent, widths: list[int] = widths) -> str:
            """The cells padded to their column; a column that does not fit whole is left out."""
            text = indent
            for k, (part, w) in enumerate(zip(parts, widths, strict=True)):
                cell = part if k == len(parts) - 1 else _pad(part, w)
                if cell_len(text + cell.rstrip()) > width:
                    break
                text += cell + "  "
            return text.rstrip()

        id_widths = {i: max(cell_len(header[i]), *(cell_len(row[i]) for row in section.rows)) for i in ids}

        def lead(parts: Sequence[str], ids: list[int] = ids, id_widths: dict[int, int] = id_widths) -> str:
            return "  ".join(_pad(parts[i], id_widths[i]) for i in ids)

        kinds[len(lines)] = "header"
        lines.append(line([header[i] for i in columns]))
        if section.long:  # the names of what the line below each row holds
            kinds[len(lines)] = "header"
            names = f"{lead(header)}  {header[-1]}" if ids else header[-1]
            lines.append(fit(f"{indent}    {names}", width))
        for n, (row, cut) in enumerate(zip(section.rows, cells, strict=True)):
            if n in section.note_rows:
                lines.append(fit("  " + safe_text(row[0]), width))
                continue
            if section.group and any(row[: section.group]):
                lines.append(fit("  " + safe_text(": ".join(c for c in row[: section.group] if c)), width))
            lines.append(line(cut))
            if section.long and row[-1]:
                ids_text = lead([safe_text(cell) for cell in row])
                below = f"{ids_text}  {safe_text(row[-1])}" if ids else safe_text(row[-1])
                lines.append(fit(indent + "    " + below, width))
        if section.more:
            lines.append(fit("  " + section.more, width))
    return [line.rstrip() for line in lines], kinds


def render_styled_text(view: dict[str, Any], console: Console) -> None:
    """The text layout on a terminal too narrow for tables: titles bold, headers dim."""
    lines, kinds = text_lines(view, console.width)
    styles = {"title": "bold", "header": "dim"}
    for n, line in enumerate(lines):
        console.print(Text(line, style=styles.get(kinds.get(n, ""), "")), overflow="ignore", crop=False)


def terminal_width(default: int = DEFAULT_WIDTH) -> int:
    """The width for output that is not a terminal: `COLUMNS` when it is a number, else `default`."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return default
    return columns if columns > 0 else default


def render(view: dict[str, Any], fmt: str, stream: IO[str], is_terminal: bool) -> None:
    """Write the corpus view to `stream` in the format asked for (`auto`: tables or text)."""
    if fmt == "json":
        render_json(view, stream)
    elif fmt == "markdown":
        render_markdown(view, stream)
    elif is_plain(fmt, is_terminal):
        render_text(view, stream, terminal_width() if not is_terminal else _console_width(stream))
    else:
        console = console_for(stream, fmt, is_terminal, terminal_width())
        if fmt == "auto" and console.width < TABLE_WIDTH:
            render_styled_text(view, console)  # tables of eight columns at 80 cells wrap a word a line
        else:
            render_tables(view, console, plain=False)


def _console_width(stream: IO[str]) -> int:
    return Console(file=stream).width


def is_plain(fmt: str, is_terminal: bool) -> bool:
    """Plain text: asked for, or `auto` when the output is not a terminal (unless `--color
    always`) or colour is off (`NO_COLOR`, `--color never`)."""
    return fmt == "text" or (fmt == "auto" and ((not is_terminal and not color_forced()) or no_color()))


def console_for(stream: IO[str], fmt: str, is_terminal: bool, width: int) -> Console:
    """A rich console on `stream`: styles only on a terminal without `NO_COLOR`; never markup,
    highlighting or emoji codes read from the text."""
    styled = (is_terminal or color_forced()) and not is_plain(fmt, is_terminal) and not no_color()
    return Console(
        file=stream,
        width=None if is_terminal else terminal_width(width) if color_forced() else width,
        color_system="auto" if styled else None,
        force_terminal=styled,
        no_color=not styled,
        highlight=False,
        emoji=False,
        markup=False,
    )
