"""The HTML report: the corpus view as one self-contained page with charts, tables and claims in context.

`build_report` returns the page as a string. Nothing on it is fetched: styles and the small
sorting/filtering script are inline, charts are inline SVG drawn here (so they show without
JavaScript), and a Content-Security-Policy forbids every network request. Every piece of
corpus text goes through `esc` (`html.escape`, quotes included, after control characters are
shown escaped); the page carries no inline data, so `</script>` in a title is only text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import __version__
from .display import clean_controls
from .render import human_number
from .table import records

if TYPE_CHECKING:
    from .pipeline import Analysis

TOP_COMPANIES = 15
SNIPPET_WIDTH = 180
KIND_COLOURS = {"money": "#2563eb", "percent": "#d97706", "quantity": "#059669", "event": "#7c3aed"}
KIND_TEXT = {"money": "#1d4ed8", "percent": "#b45309", "quantity": "#047857", "event": "#6d28d9"}
METRIC_COLOURS = {"documents": "#2563eb", "mentions": "#0891b2", "figures": "#d97706"}
TIMELINE_WIDTH = 960
TIMELINE_NARROW = 640
LABEL_SIZE = 13
TICK_SIZE = 12
QUALIFIERS = {"approx": "about", "more_than": "more than", "less_than": "less than", "up_to": "up to"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def esc(value: Any) -> str:
    """Text for HTML: None becomes empty, everything else is escaped (quotes too), and control
    characters are shown as `\\x1b` (`display.clean_controls`): a page `cat` to a terminal
    or read by a tool holds none."""
    return "" if value is None else html.escape(clean_controls(str(value), keep_newlines=True), quote=True)


# ---------------------------------------------------------------------------------------------
# Numbers and dates for people


def _fraction(day: date) -> float:
    """A day as a fractional year (2024-07-02 → about 2024.5)."""
    first = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - first).days
    return day.year + (day - first).days / length


def date_span(value: str) -> tuple[float, float] | None:
    """The period an ISO date of any precision covers, as fractional years; None when it has no year.

    `2024` is the whole year, `2024-02` the month, `2023-Q3` the quarter, `2023-H1` the half,
    `2020-W16` the ISO week, `2024-02-16` the day, `2023-09/2023-11` from the first to the last.
    """
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = date_span(first), date_span(last)
        return (a[0], b[1]) if a and b else None
    try:
        if m := re.fullmatch(r"(\d{4})", value):
            y = int(m[1])
            return float(y), float(y + 1)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            nxt = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            return _fraction(date(y, mo, 1)), _fraction(nxt)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return _fraction(day), _fraction(day + timedelta(days=1))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            return y + (q - 1) / 4, y + q / 4
        if m := re.fullmatch(r"(\d{4})-H([12])", value):
            y, h = int(m[1]), int(m[2])
            return y + (h - 1) / 2, y + h / 2
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return _fraction(monday), _fraction(monday + timedelta(days=7))
    except ValueError:
        return None
    return None


def date_label(value: str) -> str:
    """An ISO date of any precision in words: `Mar 2021`, `Q3 2023`, `19 Feb (year not stated)`."""
    if "/" in value:
        first, _, last = value.partition("/")
        return f"{date_label(first)} – {date_label(last)}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{_MONTHS[int(m[2]) - 1]} {m[1]}" if 1 <= int(m[2]) <= 12 else value
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return f"{int(m[3])} {_MONTHS[int(m[2]) - 1]} {m[1]}" if 1 <= int(m[2]) <= 12 else value
    if m := re.fullmatch(r"(\d{4})-([QH][1-4])", value):
        return f"{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return f"week {int(m[2])}, {m[1]}"
    if (m := re.fullmatch(r"--(\d{2})-(\d{2})", value)) and 1 <= int(m[1]) <= 12:
        return f"{int(m[2])} {_MONTHS[int(m[1]) - 1]} (year not stated)"
    return value


# ---------------------------------------------------------------------------------------------
# Sentences with their figure marked


def _span_in(sentence: str, part: str, hint: int | None) -> tuple[int, int] | None:
    """Where `part` sits in `sentence`: at `hint` when the text is there, else its first occurrence."""
    if not part:
        return None
    if hint is not None and hint >= 0 and sentence[hint : hint + len(part)] == part:
        return hint, hint + len(part)
    at = sentence.find(part)
    return (at, at + len(part)) if at >= 0 else None


def claim_spans(claim: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The figure (and the date, if written apart from it) as (start, end, css class) in the sentence."""
    sentence = claim.get("sentence") or ""
    spans: list[tuple[int, int, str]] = []
    start, fstart = claim.get("start"), claim.get("figure_start")
    hint = fstart - start if isinstance(start, int) and isinstance(fstart, int) else None
    fig = _span_in(sentence, claim.get("figure") or "", hint)
    if fig:
        spans.append((fig[0], fig[1], "fig"))
    when = _span_in(sentence, claim.get("date_text") or "", None)
    if when and not (fig and when[0] < fig[1] and fig[0] < when[1]):
        spans.append((when[0], when[1], "date"))
    return sorted(spans)


def marked(text: str, spans: Sequence[tuple[int, int, str]], width: int | None = None) -> str:
    """`text` escaped, with `spans` in <mark>; cut to about `width` characters around the first span."""
    lo, hi = 0, len(text)
    if width and len(text) > width:
        anchor = spans[0][0] if spans else 0
        lo = max(0, min(anchor - width // 3, len(text) - width))
        hi = lo + width
    out: list[str] = ["…" if lo else ""]
    at = lo
    for s, e, cls in spans:
        if s < at or e > hi:
            continue
        out.append(esc(text[at:s]))
        out.append(f'<mark class="{cls}">{esc(text[s:e])}</mark>')
        at = e
    out.append(esc(text[at:hi]))
    out.append("…" if hi < len(text) else "")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Charts (inline SVG)


def text_width(text: str, size: float) -> float:
    """A conservative estimate of how wide `text` is drawn at font `size` (in the same units).

    Wide glyphs (CJK, kana, hangul, fullwidth forms) take a whole em; Latin letters and digits
    are given the widths of a wide sans-serif (DejaVu Sans) so that a real font is narrower.
    """
    em = 0.0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F") or ch in "…—mwMW@%":
            em += 1.0
        elif ch in " .,:;'|!il()[]":
            em += 0.4
        elif ch.isupper():
            em += 0.8
        else:
            em += 0.66
    return em * size


def fit_text(text: str, size: float, room: float) -> str:
    """`text` cut (with an ellipsis) so that `text_width` of it is at most `room`."""
    if text_width(text, size) <= room:
        return text
    cut = text
    while cut and text_width(cut + "…", size) > room:
        cut = cut[:-1]
    cut = cut.rstrip(" ,;·")
    return cut + "…" if cut else ""


def _ticks(lo: float, hi: float, plot_w: float = 440.0, size: float = TICK_SIZE) -> list[tuple[float, str]]:
    """Axis ticks between two whole years, thinned so that no two labels touch at `plot_w` units.

    Months (every 1, 2, 3 or 6) for spans up to three years, then years (every 1, 2, 5, 10, …):
    the finest spacing whose labels keep a gap between them.
    """
    span = hi - lo
    candidates: list[list[tuple[float, str]]] = []
    if span <= 3.01:
        for step in (1, 2, 3, 6):
            candidates.append(
                [
                    (lo + m / 12, f"{_MONTHS[m % 12]} {math.floor(lo) + m // 12}")
                    for m in range(0, round(span * 12) + 1, step)
                ]
            )
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        first = math.ceil(lo / step) * step
        candidates.append([(float(y), str(y)) for y in range(int(first), int(hi) + 1, step)])
    scale = plot_w / span if span else plot_w
    for ticks in candidates:
        if len(ticks) < 2:
            return ticks
        widest = max(text_width(label, size) for _, label in ticks)
        if min(b - a for (a, _), (b, _) in itertools.pairwise(ticks)) * scale >= widest + 12:
            return ticks
    return candidates[-1][:1]


def _row_label(items: list[dict[str, Any]]) -> tuple[str, str]:
    """The figures of a timeline row in a few words, and in full for its tooltip."""
    figures = [
        str(it.get("figure") or it.get("subject") or ", ".join((it.get("companies") or [])[:2]) or it["kind"])
        for it in items
    ]
    unique = list(dict.fromkeys(figures))
    text = ", ".join(unique)
    return text, "; ".join(figures)


def _short_date(value: str) -> str:
    """A date in words for the chart, where year-less dates sit under a heading that says so."""
    if (m := re.fullmatch(r"--(\d{2})-(\d{2})", value)) and 1 <= int(m[1]) <= 12:
        return f"{int(m[2])} {_MONTHS[int(m[1]) - 1]} (no year)"
    return date_label(value)


def _date_order(value: str) -> tuple[int, float, float, str]:
    """Sort key of a date: placeable ones by their start (the wider period first), then year-less ones."""
    span = date_span(value)
    if span:
        return (0, span[0], span[0] - span[1], value)
    return (1, 0.0, 0.0, value)


def timeline_chart(timeline: list[dict[str, Any]], width: int = TIMELINE_WIDTH) -> str:
    """Dated claims on a time axis: one row per date and kind in time order, a dot for a day, a bar
    for a period, coloured by kind; each row's label sits after its mark and is cut to fit, so no
    label overlaps another or leaves the picture. `width` is the drawing's width in its own units:
    the page has a wide and a narrow drawing, so that text stays readable on a small screen."""
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in timeline:
        rows.setdefault((str(item["date"]), str(item["kind"])), []).append(item)
    if not rows:
        return ""
    kind_rank = {k: i for i, k in enumerate(KIND_COLOURS)}
    order = sorted(rows, key=lambda dk: (_date_order(dk[0]), kind_rank.get(dk[1], 99), dk[1]))
    spans = {d: date_span(d) for d, _ in order}
    placed = [dk for dk in order if spans[dk[0]]]
    unplaced = [dk for dk in order if not spans[dk[0]]]
    if placed:
        lo = math.floor(min((spans[d] or (0.0, 0.0))[0] for d, _ in placed))
        hi = math.ceil(max((spans[d] or (0.0, 0.0))[1] for d, _ in placed) - 1e-9)
        hi = max(hi, lo + 1)
    else:
        lo, hi = 0, 1
    left, plot_w = (200, 430) if width >= TIMELINE_WIDTH else (150, min(270, width - 370))
    row_h, top, pad = 22, 30, 6
    gap = 24 if unplaced else 0
    height = top + row_h * len(order) + gap + 8

    def x(t: float) -> float:
        return left + (t - lo) / (hi - lo) * plot_w

    size = "wide" if width >= TIMELINE_WIDTH else "narrow"
    parts = [
        f'<svg class="chart timeline-chart tl-{size}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="tl-title-{size}">',
        f'<title id="tl-title-{size}">Timeline: {len(timeline)} dated claims on {len({d for d, _ in order})} '
        "dates</title>",
    ]
    bottom = top + row_h * len(placed)
    for t, label in _ticks(lo, hi, plot_w) if placed else []:
        parts.append(
            f'<line class="grid" x1="{x(t):.1f}" y1="{top - 6}" x2="{x(t):.1f}" y2="{bottom}"/>'
            f'<text class="tick" x="{x(t):.1f}" y="{top - 12}" font-size="{TICK_SIZE}" '
            f'text-anchor="middle">{esc(label)}</text>'
        )
    previous, band = "", -1
    for i, (d, kind) in enumerate(order):
        items = rows[(d, kind)]
        y = top + i * row_h + (gap if (d, kind) in unplaced else 0)
        cy = y + row_h / 2
        colour = KIND_COLOURS.get(kind, "#475569")
        summary, tip = _row_label(items)
        ids = " ".join(dict.fromkeys(str(it["claim_id"]) for it in items))
        parts.append(f'<a href="#claim-{esc(items[0]["claim_id"])}" class="tl-row" data-claims="{esc(ids)}">')
        parts.append(f"<title>{esc(f'{date_label(d)} · {kind}: {tip}')}</title>")
        if d != previous:
            band += 1
        if band % 2 == 0:
            parts.append(f'<rect class="band" x="0" y="{y}" width="{width}" height="{row_h}"/>')
        if d != previous:
            parts.append(
                f'<text class="tl-label" x="{left - 10}" y="{cy + 4.5:.1f}" font-size="{LABEL_SIZE}" '
                f'text-anchor="end">{esc(fit_text(_short_date(d), LABEL_SIZE, left - 10 - pad))}</text>'
            )
        previous = d
        span = spans[d]
        end: float = left + 8
        if span:
            x0, x1 = x(span[0]), x(span[1])
            if d.count("-") == 2 and "/" not in d and "W" not in d:  # a day: a dot
                mid = (x0 + x1) / 2
                end = mid + 6
                parts.append(
                    f'<circle class="mark day" data-date="{esc(d)}" cx="{mid:.1f}" cy="{cy:.1f}" '
                    f'r="5.5" fill="{colour}"/>'
                )
            else:  # a period: a bar over the span it covers, at least wide enough to see
                if x1 - x0 < 8:
                    x0, x1 = (x0 + x1) / 2 - 4, (x0 + x1) / 2 + 4
                end = x1
                parts.append(
                    f'<rect class="mark period" data-date="{esc(d)}" x="{x0:.1f}" y="{cy - 6:.1f}" '
                    f'width="{x1 - x0:.1f}" height="12" rx="4" fill="{colour}" fill-opacity="0.3" '
                    f'stroke="{colour}" stroke-width="1.5"/>'
                )
        else:
            parts.append(
                f'<rect class="mark none" x="{left}" y="{cy - 5:.1f}" width="10" height="10" rx="2" '
                f'fill="{colour}"/>'
            )
            end = left + 10
        count = f" ×{len(items)}" if len(items) > 1 else ""
        label_x = end + 7
        room = width - pad - label_x - text_width(count, LABEL_SIZE)
        parts.append(
            f'<text class="tl-text" x="{label_x:.1f}" y="{cy + 4.5:.1f}" font-size="{LABEL_SIZE}" '
            f'fill="{KIND_TEXT.get(kind, "#334155")}">'
            f"{esc(fit_text(summary, LABEL_SIZE, room))}{esc(count)}</text>"
        )
        parts.append("</a>")
    if gap:
        parts.append(
            f'<line class="sep" x1="0" y1="{bottom + 4}" x2="{width}" y2="{bottom + 4}"/>'
            f'<text class="unplaced" x="{left}" y="{bottom + gap - 7}" font-size="{TICK_SIZE}">'
            "cannot be placed on the axis: no year in the text</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def company_chart(
    companies: list[dict[str, Any]],
    top: int = TOP_COMPANIES,
    width: int = 1000,
    facets: Facets | None = None,
) -> str:
    """Documents, mentions and figures per company: three small bar charts side by side, one row each
    (a wide and a narrow drawing, as for the timeline; names cut to fit). With `facets`, each row is a
    group the filter bar dims when the company, its languages or its documents are filtered out."""
    shown = companies[:top]
    if not shown:
        return ""
    metrics = (("documents", "documents"), ("mentions", "claims"), ("figures", "figures"))
    left, gap, row_h, top_y = (170, 30, 24, 30) if width >= 1000 else (130, 20, 24, 30)
    panel_w = (width - left - 2 * gap - 10) // 3
    height = top_y + row_h * len(shown) + 8
    size = "wide" if width >= 1000 else "narrow"
    parts = [
        f'<svg class="chart company-chart co-{size}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="co-title-{size}">',
        f'<title id="co-title-{size}">Top {len(shown)} companies by documents, mentions and figures</title>',
    ]
    panels = []
    for p, (label, key) in enumerate(metrics):
        x0 = left + p * (panel_w + gap)
        peak = max(1, *(int(c[key]) for c in shown))
        panels.append((label, key, x0, peak))
        parts.append(f'<text class="panel-title" x="{x0}" y="{top_y - 10}">{esc(label)}</text>')
        parts.append(f'<line class="axis" x1="{x0}" y1="{top_y - 4}" x2="{x0}" y2="{height - 8}"/>')
    for i, c in enumerate(shown):
        y = top_y + i * row_h
        data = (
            facets.attrs(co=[c["name"]], lang=c.get("languages") or [], doc=c.get("doc_ids") or [])
            if facets is not None
            else ""
        )
        row = [f'<g class="co-row"{data}>']
        if i % 2 == 0:
            row.append(f'<rect class="band" x="0" y="{y}" width="{width}" height="{row_h}"/>')
        row.append(
            f'<text class="co-label" x="{left - 10}" y="{y + row_h / 2 + 4:.1f}" font-size="{LABEL_SIZE}" '
            f'text-anchor="end">{esc(fit_text(str(c["name"]), LABEL_SIZE, left - 16))}</text>'
        )
        for label, key, x0, peak in panels:
            value = int(c[key])
            w = value / peak * (panel_w - 34)
            yb = y + 5
            row.append(
                f'<rect class="bar bar-{label}" x="{x0}" y="{yb}" width="{w:.1f}" height="{row_h - 10}" '
                f'rx="2" fill="{METRIC_COLOURS[label]}"><title>{esc(c["name"])}: {value} {esc(label)}</title>'
                f'</rect><text class="bar-value" x="{x0 + w + 5:.1f}" y="{yb + row_h / 2:.1f}">{value}</text>'
            )
        row.append("</g>")
        parts.append("".join(row))
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Filters and links


FACETS = (("lang", "languages"), ("co", "companies"), ("kind", "kinds"), ("doc", "documents"))


class Facets:
    """The values the page can be filtered by (language, company, kind, document), each numbered,
    and the data attributes that say which of them an element belongs to (numbers, never text)."""

    def __init__(self, claims: list[dict[str, Any]], doc_order: list[str], companies: list[str]) -> None:
        langs = Counter(str(c.get("lang") or "") for c in claims)
        kinds = Counter(str(c.get("kind") or "") for c in claims)
        names = list(dict.fromkeys(companies))
        names += sorted({str(n) for c in claims for n in c.get("companies") or []} - set(names))
        counted = Counter(str(n) for c in claims for n in c.get("companies") or [])
        docs = Counter(str(c.get("doc_id")) for c in claims)
        rank = {k: i for i, k in enumerate(KIND_COLOURS)}
        self.values: dict[str, list[tuple[str, int]]] = {
            "lang": [(k, langs[k]) for k in sorted(langs, key=lambda k: (-langs[k], k)) if k],
            "co": [(n, counted[n]) for n in names],
            "kind": [(k, kinds[k]) for k in sorted(kinds, key=lambda k: (rank.get(k, 99), k)) if k],
            "doc": [(d, docs[d]) for d in doc_order],
        }
        self.number = {f: {v: i for i, (v, _) in enumerate(vals)} for f, vals in self.values.items()}

    def attrs(self, **facets: Iterable[Any]) -> str:
        """` data-facets data-lang="0" data-co="2 5"…` for an element with these values."""
        out = [" data-facets"]
        for facet, values in facets.items():
            numbers = sorted({self.number[facet][str(v)] for v in values if str(v) in self.number[facet]})
            out.append(f' data-{facet}="{" ".join(map(str, numbers))}"')
        return "".join(out)

    def bar(self) -> str:
        """The filter bar: hidden until the script shows it, so that without JavaScript the page
        shows everything and offers nothing that does not work."""
        selects = []
        for facet, label in FACETS:
            options = "".join(
                f'<option value="{i}">{esc(v)} ({n})</option>' for i, (v, n) in enumerate(self.values[facet])
            )
            selects.append(
                f"<label>{esc(label.rstrip('s') if facet != 'co' else 'company')} "
                f'<select name="{facet}" data-facet="{facet}"><option value="">all {esc(label)}</option>'
                f"{options}</select></label>"
            )
        return (
            '<div class="filters" id="filters" hidden><div class="wrap">'
            + "".join(selects)
            + '<button type="button" class="reset">show all</button>'
            + '<span class="count" aria-live="polite"></span></div></div>'
        )


def safe_url(value: Any) -> str:
    """`value` when it is an absolute http(s) URL without spaces or control characters, else ''."""
    url = str(value or "").strip()
    if not url or len(url) > 2000 or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def source_link(url: Any, text: str = "") -> str:
    """A link to an article's address (http or https only; anything else gives no link)."""
    href = safe_url(url)
    if not href:
        return ""
    shown = text or (urlsplit(href).hostname or href)
    return (
        f'<a class="source" href="{esc(href)}" rel="noopener noreferrer" target="_blank">{esc(shown)} ↗</a>'
    )


def date_sort(value: Any) -> str:
    """A number that sorts dates of mixed precision by their start; year-less ones after all others."""
    text = str(value or "")
    span = date_span(text)
    if span:
        return f"{span[0]:.6f}"
    if m := re.fullmatch(r"--(\d{2})-(\d{2})", text):
        return f"{10000 + int(m[1]) / 13 + int(m[2]) / 500:.6f}"
    return ""


# ---------------------------------------------------------------------------------------------
# HTML pieces


def _doc_cell(doc_id: Any, docs: dict[str, str]) -> str:
    """A document in a table: its short id (the whole id on hover) linked to its claims."""
    return docs.get(str(doc_id)) or esc(doc_id)


def _claim_link(claim_id: Any, text: str, known: set[str]) -> str:
    """`text` (already HTML) linked to the claim's anchor, when the page has one."""
    cid = str(claim_id or "")
    if cid in known:
        return f'<a href="#claim-{esc(cid)}">{text}</a>'
    return text


def _table(
    header: Sequence[tuple[str, str]],
    rows: Iterable[Sequence[str]],
    cls: str = "",
    row_attrs: Sequence[str] = (),
) -> str:
    """A sortable, filterable table; header is (label, type) with type `num` or `text`; cells are HTML;
    `row_attrs` are the attributes of each row (already HTML)."""
    head = "".join(f'<th scope="col" data-type="{t}">{esc(h)}</th>' for h, t in header)
    rows = list(rows)
    attrs = list(row_attrs) + [""] * (len(rows) - len(row_attrs))
    body = "".join(
        f"<tr{attr}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
        for row, attr in zip(rows, attrs, strict=True)
    )
    return (
        f'<div class="table-wrap"><table class="data {cls}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _num(value: Any, shown: str) -> str:
    """A number cell: what people read, with the raw value for sorting."""
    raw = "" if value is None or (isinstance(value, float) and math.isnan(value)) else repr(float(value))
    return f'<span class="num" data-sort="{esc(raw)}">{esc(shown)}</span>'


def _section(sid: str, title: str, body: str, lead: str = "") -> str:
    lead_html = f'<p class="lead">{lead}</p>' if lead else ""
    return f'<section id="{sid}"><h2>{esc(title)}</h2>{lead_html}{body}</section>'


def _note(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


def _published(documents: list[dict[str, Any]]) -> tuple[str, str]:
    """The publication dates for a card: the earliest placeable one, then the range and what has no year."""
    dates = [str(d["published"]) for d in documents if d.get("published") and d.get("status") == "ok"]
    placed = sorted((d for d in dates if date_span(d)), key=lambda d: (date_span(d) or (0.0, 0.0), d))
    yearless = len(dates) - len(placed)
    note = f"to {date_label(placed[-1])}" if len(placed) > 1 and placed[-1] != placed[0] else ""
    if yearless:
        note += ("; " if note else "") + f"{yearless} without a year"
    return (date_label(placed[0]) if placed else "unknown"), note


def overview_section(ov: dict[str, Any], companies: int, documents: list[dict[str, Any]]) -> str:
    first, published_note = _published(documents)
    kinds = ", ".join(f"{n} {k}" for k, n in ov.get("claims_by_kind", {}).items())
    statuses = ", ".join(f"{n} {s}" for s, n in ov.get("statuses", {}).items())
    cards = [
        ("documents", str(ov["documents"]), statuses),
        ("claims", str(ov["claims"]), kinds),
        ("companies", str(companies), "named in the documents"),
        (
            "languages",
            str(len(ov.get("languages", {}))),
            ", ".join(f"{k} {n}" for k, n in ov["languages"].items()),
        ),
        ("sentences", f"{ov['sentences']:,}", f"{ov['chars']:,} characters"),
        ("published", first, published_note),
    ]
    html_cards = "".join(
        f'<div class="card"><div class="card-label">{esc(label)}</div>'
        f'<div class="card-value">{esc(value)}</div>'
        f'<div class="card-note">{esc(note)}</div></div>'
        for label, value, note in cards
    )
    sources = ", ".join(ov.get("sources", [])) or "unknown"
    extra = (
        f'<p class="meta">{ov["paragraphs"]:,} paragraphs ({ov["duplicate_paragraphs"]:,} repeated within a '
        f"document and counted once) · sources: {esc(sources)}</p>"
    )
    return _section("overview", "Overview", f'<div class="cards">{html_cards}</div>{extra}')


def timeline_section(timeline: list[dict[str, Any]], known: set[str], docs: dict[str, str]) -> str:
    if not timeline:
        return _section("timeline", "Timeline", _note("No claim in these documents carries a date."))
    kinds = Counter(str(t["kind"]) for t in timeline)
    legend = "".join(
        f'<span class="key"><span class="swatch" data-kind="{k}"></span>{esc(k)} ({kinds[k]})</span>'
        for k in KIND_COLOURS
        if kinds[k]
    )
    lead = (
        "Each row is a date the documents give; a dot is a day, a bar the period a partial date covers "
        "(a year, a month, a quarter), in time order; a date with claims of several kinds has a row per "
        "kind. "
        "Colour is the kind of claim; click a row for its sentence."
    )
    rows = [
        [
            f'<span data-sort="{i}">{esc(date_label(str(t["date"])))}</span>',
            esc(t["kind"]),
            _claim_link(t["claim_id"], esc(t["figure"] or "(event)"), known),
            esc(t["subject"] or ", ".join(t.get("companies") or [])),
            _doc_cell(t["doc_id"], docs),
            '<div class="sent">'
            + marked(
                t["sentence_en"] or t["sentence"],
                claim_spans(t) if not t["sentence_en"] or t["sentence_en"] == t["sentence"] else [],
                SNIPPET_WIDTH,
            )
            + "</div>",
        ]
        for i, t in enumerate(timeline)
    ]
    table = _table(
        [
            ("date", "num"),
            ("kind", "text"),
            ("figure", "text"),
            ("who", "text"),
            ("doc", "text"),
            ("sentence", "text"),
        ],
        rows,
        "filterable",
        [f' data-claims="{esc(t["claim_id"])}"' for t in timeline],
    )
    body = (
        f'<div class="legend">{legend}</div><figure class="chart-box">{timeline_chart(timeline)}'
        f"{timeline_chart(timeline, TIMELINE_NARROW)}</figure>"
        f"<details><summary>All {len(timeline)} dated claims as a table</summary>{table}</details>"
    )
    return _section("timeline", "Timeline", body, esc(lead))


def companies_section(companies: list[dict[str, Any]], facets: Facets) -> str:
    if not companies:
        return _section("companies", "Companies", _note("No company was recognised in these documents."))
    shown = min(len(companies), TOP_COMPANIES)
    lead = (
        f"The {shown} companies named by the most documents"
        + (f" (of {len(companies)})" if len(companies) > shown else "")
        + ": documents naming them, mentions in claim sentences, and figures about them."
    )
    rows = [
        [
            esc(c["name"]),
            _num(c["documents"], str(c["documents"])),
            _num(c["claims"], str(c["claims"])),
            _num(c["figures"], str(c["figures"])),
            esc(" ".join(c["languages"])),
        ]
        for c in companies
    ]
    table = _table(
        [
            ("company", "text"),
            ("documents", "num"),
            ("mentions", "num"),
            ("figures", "num"),
            ("languages", "text"),
        ],
        rows,
        "filterable",
        [
            facets.attrs(co=[c["name"]], lang=c.get("languages") or [], doc=c.get("doc_ids") or [])
            for c in companies
        ],
    )
    body = (
        f'<figure class="chart-box">{company_chart(companies, facets=facets)}'
        f"{company_chart(companies, width=640, facets=facets)}</figure>"
        f"<details><summary>All {len(companies)} companies as a table</summary>{table}</details>"
    )
    return _section("companies", "Companies", body, esc(lead))


def figures_section(
    figures: list[dict[str, Any]], known: set[str], spans_of: dict[str, Any], docs: dict[str, str]
) -> str:
    if not figures:
        return _section("figures", "Key figures", _note("No money figure in these documents."))
    rows = []
    for f in figures:
        value = human_number(f["value"]) + (f"–{human_number(f['value_max'])}" if f.get("value_max") else "")
        english = f["sentence_en"] and f["sentence_en"] != f["sentence"]
        sentence = marked(f["sentence"], spans_of.get(str(f["claim_id"]), claim_spans(f)), SNIPPET_WIDTH)
        if english:
            sentence += f'<div class="en" lang="en">{esc(f["sentence_en"])}</div>'
        rows.append(
            [
                _num(f["value"], value),
                esc(f["unit"]),
                _claim_link(f["claim_id"], f'<span class="fig-cell">{esc(f["figure"])}</span>', known),
                esc(QUALIFIERS.get(f["qualifier"], f["qualifier"])),
                esc(f["subject"]),
                f'<span data-sort="{date_sort(f["date"])}">'
                f"{esc(date_label(f['date']) if f['date'] else '')}</span>",
                _doc_cell(f["doc_id"], docs),
                f'<div class="sent" lang="{esc(f["lang"])}">{sentence}</div>',
            ]
        )
    table = _table(
        [
            ("value", "num"),
            ("unit", "text"),
            ("as written", "text"),
            ("qualifier", "text"),
            ("about", "text"),
            ("date", "num"),
            ("doc", "text"),
            ("sentence", "text"),
        ],
        rows,
        "filterable",
        [f' data-claims="{esc(f["claim_id"])}"' for f in figures],
    )
    lead = (
        "Money figures, the most cited currency first and the largest first within a currency. "
        "Click a column heading to sort (the value column sorts by number)."
    )
    return _section("figures", "Key figures", table, esc(lead))


def _group_value(entry: dict[str, Any]) -> str:
    """The value a group agrees on, or the range its values span."""
    if entry.get("min") is not None and entry.get("max") is not None:
        return f"{human_number(entry['min'])} – {human_number(entry['max'])}"
    return human_number(entry.get("value"))


def _group_html(
    entry: dict[str, Any], known: set[str], spans_of: dict[str, Any], docs: dict[str, str]
) -> str:
    claims = entry.get("claims") or []
    in_docs = sorted({str(c.get("doc_id", "")) for c in claims})
    head = (
        f'<h3><span class="subject">{esc(entry.get("subject") or "(no subject)")}</span> · '
        f"{esc(entry.get('metric') or '')}"
        + (f' <span class="unit">{esc(entry.get("unit"))}</span>' if entry.get("unit") else "")
        + (f' <span class="range">{esc(_group_value(entry))}</span>' if _group_value(entry) else "")
        + (f' <span class="period">{esc(entry.get("period"))}</span>' if entry.get("period") else "")
        + f'<span class="group-meta">{len(claims)} claims in {len(in_docs)} '
        + ("document" if len(in_docs) == 1 else "documents")
        + "</span></h3>"
    )
    notes = []
    if entry.get("spread"):
        notes.append(f'<span class="spread">{esc(entry["spread"])}</span>')
    elif entry.get("approximate"):
        notes.append('<span class="spread">approximately: the values agree after rounding</span>')
    if entry.get("why"):
        notes.append(f'<span class="why">{esc(entry["why"])}</span>')
    if notes:
        head += '<p class="group-why">' + " · ".join(notes) + "</p>"

    rows = []
    for c in claims:
        cid = str(c.get("claim_id", ""))
        sentence = marked(c.get("sentence") or "", spans_of.get(cid, claim_spans(c)), SNIPPET_WIDTH)
        if c.get("sentence_en") and c.get("sentence_en") != c.get("sentence"):
            sentence += f'<div class="en" lang="en">{esc(c["sentence_en"])}</div>'
        rows.append(
            [
                _num(c.get("value"), human_number(c.get("value"))),
                esc(c.get("unit")),
                _claim_link(cid, f'<span class="fig-cell">{esc(c.get("figure"))}</span>', known),
                esc(QUALIFIERS.get(c.get("qualifier") or "", c.get("qualifier"))),
                f'<span data-sort="{date_sort(c.get("date"))}">'
                f"{esc(date_label(c['date']) if c.get('date') else '')}</span>",
                _doc_cell(c.get("doc_id"), docs),
                f'<div class="sent" lang="{esc(c.get("lang"))}">{sentence}</div>',
            ]
        )
    table = _table(
        [
            ("value", "num"),
            ("unit", "text"),
            ("as written", "text"),
            ("qualifier", "text"),
            ("date", "num"),
            ("doc", "text"),
            ("sentence", "text"),
        ],
        rows,
        row_attrs=[f' data-claims="{esc(c.get("claim_id"))}"' for c in claims],
    )
    return f'<article class="group">{head}{table}</article>'


def groups_section(
    sid: str,
    title: str,
    entries: list[dict[str, Any]] | None,
    lead: str,
    known: set[str],
    spans_of: dict[str, Any],
    docs: dict[str, str],
) -> str:
    if entries is None:
        return _section(sid, title, _note("Not in this analysis: the corpus view has no such section."))
    if not entries:
        return _section(sid, title, _note("None found."), esc(lead))
    return _section(sid, title, "".join(_group_html(e, known, spans_of, docs) for e in entries), esc(lead))


def _status(doc: dict[str, Any]) -> str:
    status = str(doc.get("status") or "")
    reason = f' <span class="reason">{esc(doc["reason"])}</span>' if doc.get("reason") else ""
    return f'<span class="status status-{esc(status)}">{esc(status)}</span>{reason}'


def documents_section(
    documents: list[dict[str, Any]], anchors: dict[str, str], facets: Facets, kinds: dict[str, set[str]]
) -> str:
    if not documents:
        return _section("documents", "Documents", _note("No documents."))
    rows = []
    for d in documents:
        doc_id = str(d["doc_id"])
        name = esc(doc_id)
        if doc_id in anchors:
            name = f'<a href="#{anchors[doc_id]}">{name}</a>'
        langs = " ".join(f"{k} {v:.0%}" for k, v in (d.get("langs") or {}).items())
        rows.append(
            [
                name,
                esc(d.get("title")),
                esc(d.get("lang")),
                esc(langs),
                f'<span data-sort="{date_sort(d.get("published"))}">'
                f"{esc(date_label(d['published']) if d.get('published') else '')}</span>",
                (esc(d.get("source")) + " " + source_link(d.get("url"), "link")).strip(),
                _num(d.get("claims"), str(d.get("claims", ""))),
                _status(d),
            ]
        )
    table = _table(
        [
            ("doc", "text"),
            ("title", "text"),
            ("lang", "text"),
            ("languages", "text"),
            ("published", "num"),
            ("source", "text"),
            ("claims", "num"),
            ("status", "text"),
        ],
        rows,
        "filterable",
        [
            facets.attrs(
                doc=[d["doc_id"]],
                lang=[d.get("lang")],
                co=d.get("companies") or [],
                kind=kinds.get(str(d["doc_id"]), set()),
            )
            for d in documents
        ],
    )
    return _section("documents", "Documents", table)


PARAGRAPH_WIDTH = 1200  # characters of a long paragraph shown around the claim's sentence


def in_paragraph(c: dict[str, Any], para_start: int, paragraph: str) -> str | None:
    """The paragraph with the claim's sentence set off and its figure and date marked (None: no fit)."""
    start, end = c.get("start"), c.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    s0, s1 = start - para_start, end - para_start
    if not 0 <= s0 <= s1 <= len(paragraph):
        return None
    sentence = paragraph[s0:s1]
    spans: list[tuple[int, int, str]] = []
    fstart, fend = c.get("figure_start"), c.get("figure_end")
    if isinstance(fstart, int) and isinstance(fend, int) and start <= fstart <= fend <= end:
        spans.append((fstart - start, fend - start, "fig"))
    when = _span_in(sentence, c.get("date_text") or "", None)
    if when and not any(when[0] < e and s < when[1] for s, e, _ in spans):
        spans.append((when[0], when[1], "date"))
    lo = max(0, min(s0 - PARAGRAPH_WIDTH // 3, len(paragraph) - PARAGRAPH_WIDTH))
    hi = max(s1, lo + PARAGRAPH_WIDTH)
    return (
        ("…" if lo else "")
        + esc(paragraph[lo:s0])
        + f'<span class="this-sentence">{marked(sentence, sorted(spans))}</span>'
        + esc(paragraph[s1:hi])
        + ("…" if hi < len(paragraph) else "")
    )


def _claim_html(
    c: dict[str, Any], facets: Facets, url: str = "", paragraph: tuple[int, str] | None = None
) -> str:
    """A claim card: what it states, its paragraph with the sentence set off and the figure marked,
    the English, where it is."""
    kind = str(c.get("kind") or "")
    spans = claim_spans(c)
    value = ""
    if c.get("value") is not None and not (isinstance(c["value"], float) and math.isnan(c["value"])):
        value = human_number(c["value"])
        if c.get("value_max") is not None and not (
            isinstance(c["value_max"], float) and math.isnan(c["value_max"])
        ):
            value += f"–{human_number(c['value_max'])}"
        value += f" {c.get('unit') or ''}"
    facts = [f'<span class="kind" data-kind="{esc(kind)}">{esc(kind)}</span>']
    if c.get("figure"):
        facts.append(f'<strong class="figure">{esc(c["figure"])}</strong>')
    if value.strip():
        facts.append(f'<span class="value">= {esc(value.strip())}</span>')
    if c.get("qualifier") and c["qualifier"] != "exact":
        facts.append(f'<span class="qualifier">{esc(QUALIFIERS.get(c["qualifier"], c["qualifier"]))}</span>')
    if c.get("date"):
        facts.append(
            f'<span class="when">{esc(date_label(c["date"]))}'
            + (f' <span class="muted">({esc(c.get("date_source"))})</span>' if c.get("date_source") else "")
            + "</span>"
        )
    who = c.get("subject") or ", ".join(c.get("companies") or [])
    if who:
        facts.append(f'<span class="who">{esc(who)}</span>')
    lang = esc(c.get("lang"))
    shown = in_paragraph(c, *paragraph) if paragraph else None
    if shown is None:
        shown = marked(c.get("sentence") or "", spans)
    body = f'<blockquote lang="{lang}"><span class="lang-tag">{lang}</span>{shown}</blockquote>'
    english = c.get("sentence_en") or ""
    if english and english != c.get("sentence"):
        body += (
            f'<blockquote class="en" lang="en"><span class="lang-tag">en</span>{esc(english)}</blockquote>'
        )
    where = f"{esc(c.get('doc_id'))} · sentence chars {esc(c.get('start'))}–{esc(c.get('end'))}"
    if c.get("figure_start") is not None:
        where += f" · figure chars {esc(c.get('figure_start'))}–{esc(c.get('figure_end'))}"
    if link := source_link(url):
        where += f" · {link}"
    cid = esc(c.get("claim_id"))
    data = facets.attrs(
        lang=[c.get("lang")], co=c.get("companies") or [], kind=[c.get("kind")], doc=[c.get("doc_id")]
    )
    return (
        f'<article class="claim" id="claim-{cid}"{data}><div class="facts">{" ".join(facts)}</div>{body}'
        f'<div class="where">{where} · claim <code>{cid}</code> <a class="up" href="#top">top</a></div>'
        "</article>"
    )


def context_section(
    claims: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    anchors: dict[str, str],
    facets: Facets,
    paragraphs: dict[str, tuple[int, str]] | None = None,
) -> str:
    if not claims:
        return _section("claims", "Claims in context", _note("No claims."))
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        by_doc.setdefault(str(c["doc_id"]), []).append(c)
    titles = {str(d["doc_id"]): str(d.get("title") or "") for d in documents}
    english = {str(d["doc_id"]): str(d.get("title_en") or "") for d in documents}
    urls = {str(d["doc_id"]): safe_url(d.get("url")) for d in documents}
    blocks = []
    for doc_id, items in by_doc.items():
        title = titles.get(doc_id, "")
        title_en = english.get(doc_id, "")
        url = urls.get(doc_id, "")
        untranslated = sum(1 for c in items if not c.get("sentence_en") and c.get("lang") != "en")
        note = (
            f'<p class="muted small">{untranslated} sentence{"s" if untranslated != 1 else ""} '
            "without an English "
            "translation (run with a translator).</p>"
            if untranslated
            else ""
        )
        blocks.append(
            f'<div class="doc-claims" id="{anchors[doc_id]}"><h3>{esc(doc_id)}'
            + (f' <span class="doc-title">{esc(title)}</span>' if title else "")
            + (
                f' <span class="doc-title" lang="en">(en: {esc(title_en)})</span>'
                if title_en and title_en != title
                else ""
            )
            + (f" {source_link(url)}" if url else "")
            + f'<span class="group-meta">{len(items)} claims</span></h3>'
            + note
            + "".join(
                _claim_html(c, facets, url, (paragraphs or {}).get(str(c.get("claim_id")))) for c in items
            )
            + "</div>"
        )
    lead = (
        "Every claim in the paragraph it comes from: its sentence set off, the figure marked, the date "
        "underlined; "
        "the original language first, then English; offsets are character positions in the decoded document; "
        "a link to the article when the input gives its address."
    )
    return _section("claims", "Claims in context", "".join(blocks), esc(lead))


# ---------------------------------------------------------------------------------------------
# The page


CSS = """
:root{--ink:#1e293b;--muted:#64748b;--line:#e2e8f0;--zebra:#f8fafc;--accent:#2563eb;--bg:#fff;--soft:#f1f5f9}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
header.top{background:#0f172a;color:#f8fafc;padding:22px 0 0}
header.top h1{margin:0;font-size:26px;letter-spacing:-.01em}
header.top p{margin:4px 0 14px;color:#cbd5e1}
nav{display:flex;flex-wrap:wrap;gap:2px 18px;padding:8px 0 12px}
nav a{color:#bfdbfe;text-decoration:none;font-size:14px}
nav a:hover{text-decoration:underline}
.wrap{max-width:1200px;margin:0 auto;padding:0 24px}
main section{padding:26px 0 8px;border-bottom:1px solid var(--line)}
h2{font-size:21px;margin:0 0 6px}
h3{font-size:16px;margin:18px 0 8px}
.lead{color:var(--muted);margin:0 0 14px;max-width:80ch}
.empty{color:var(--muted);font-style:italic}
.meta,.muted{color:var(--muted)}
.small{font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:var(--zebra)}
.card-label{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.card-value{font-size:26px;font-weight:650;line-height:1.25}
.card-note{font-size:13px;color:var(--muted)}
.chart-box{margin:8px 0 12px;border:1px solid var(--line);border-radius:10px;padding:10px;background:#fff}
svg.chart{display:block;width:100%;height:auto;font-family:inherit}
svg .band{fill:#f8fafc}
svg .grid{stroke:#e2e8f0;stroke-width:1}
svg .axis,svg .sep{stroke:#94a3b8;stroke-width:1}
svg .sep{stroke-dasharray:4 3}
svg .tick{fill:#64748b}
svg .tl-label{fill:#1e293b}
svg .co-label{fill:#1e293b}
svg .unplaced{fill:#64748b;font-style:italic}
svg .mark.none{opacity:.5}
svg a.tl-row.dim{opacity:.15}
svg g.co-row.dim{opacity:.2}
svg.tl-narrow,svg.co-narrow{display:none}
@media (max-width:900px){svg.tl-wide,svg.co-wide{display:none}svg.tl-narrow,svg.co-narrow{display:block}}
svg .panel-title{font-size:13px;font-weight:600;fill:#334155}
svg .bar-value{font-size:12px;fill:#334155;dominant-baseline:middle}
svg a.tl-row:hover .tl-text,svg a.tl-row:focus .tl-text{fill:#2563eb;text-decoration:underline}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;color:var(--muted)}
.key{display:inline-flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}
.swatch[data-kind=money],.kind[data-kind=money]{background:#2563eb}
.swatch[data-kind=percent],.kind[data-kind=percent]{background:#d97706}
.swatch[data-kind=quantity],.kind[data-kind=quantity]{background:#059669}
.swatch[data-kind=event],.kind[data-kind=event]{background:#7c3aed}
details{margin:6px 0 14px}
summary{cursor:pointer;color:var(--accent)}
.table-wrap{overflow-x:auto;margin:8px 0 14px;border:1px solid var(--line);border-radius:10px}
table.data{border-collapse:collapse;width:100%;font-size:14px}
table.data th{position:sticky;top:0;background:#f1f5f9;text-align:left;font-weight:600;padding:8px 10px;
border-bottom:1px solid var(--line);white-space:nowrap}
table.data td{padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
table.data tbody tr:nth-child(even){background:var(--zebra)}
table.data tbody tr:last-child td{border-bottom:0}
table.data td .num{font-variant-numeric:tabular-nums;white-space:nowrap}
table.data td:first-child{white-space:nowrap}
.js table.data th{cursor:pointer}
.js table.data th[aria-sort=ascending]::after{content:" ▲";font-size:10px}
.js table.data th[aria-sort=descending]::after{content:" ▼";font-size:10px}
.filters{position:sticky;top:0;z-index:5;background:#f1f5f9;border-bottom:1px solid var(--line);
padding:8px 0;font-size:14px}
.filters .wrap{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.filters label{display:inline-flex;gap:6px;align-items:center;color:var(--muted)}
.filters select,.filters button{font:inherit;font-size:14px;padding:3px 6px;border:1px solid #cbd5e1;
border-radius:6px;background:#fff;max-width:13em}
.filters button{cursor:pointer;color:var(--accent)}
.filters .count{color:var(--muted)}
.off{display:none!important}
a.source{white-space:nowrap}
.doc-claims h3 a.source{font-size:13px;font-weight:400}
input.filter{font:inherit;font-size:14px;padding:6px 10px;border:1px solid #cbd5e1;border-radius:8px;
width:min(320px,100%);margin:4px 0 0}
.fig-cell{display:inline-block;min-width:8em}
.sent{min-width:14em}
@media (max-width:900px){#figures th:nth-child(4),#figures td:nth-child(4){display:none}}
mark{background:#fde68a;color:inherit;padding:0 2px;border-radius:3px}
mark.date{background:none;border-bottom:2px solid #7c3aed;padding:0}
.en{color:#475569;margin-top:4px}
a{color:var(--accent)}
.status{display:inline-block;font-size:12px;padding:1px 8px;border-radius:999px;background:#e2e8f0}
.status-ok{background:#dcfce7;color:#166534}
.status-skipped,.status-empty{background:#fef9c3;color:#854d0e}
.status-error{background:#fee2e2;color:#991b1b}
.reason{color:var(--muted);font-size:13px}
.group{border:1px solid var(--line);border-radius:10px;padding:2px 14px;margin:12px 0}
.group h3{display:flex;flex-wrap:wrap;gap:6px;align-items:baseline}
.group .table-wrap{border:0}
.unit,.range,.period{font-size:13px;color:var(--muted)}
.range,.period{font-weight:400}
.group-why{margin:2px 0 6px;font-size:13px;color:var(--muted)}
.spread{font-weight:600;color:var(--ink)}
.group-meta{margin-left:auto;font-size:13px;font-weight:400;color:var(--muted);padding-left:10px}
.doc-claims h3{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline;border-bottom:2px solid var(--line);
padding-bottom:4px;margin-top:26px}
.doc-title{font-weight:400;color:var(--muted)}
.claim{padding:10px 14px;margin:10px 0;border-left:4px solid var(--line);background:var(--zebra);
border-radius:0 8px 8px 0}
.claim:target{border-left-color:var(--accent);background:#eff6ff;outline:2px solid #bfdbfe}
.facts{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline;font-size:14px}
.kind{color:#fff;font-size:11px;padding:1px 7px;border-radius:999px;text-transform:uppercase;
letter-spacing:.04em;
background:#475569}
.value{font-variant-numeric:tabular-nums}
.qualifier,.who,.when{color:#334155}
blockquote{margin:8px 0 0;padding:0;font-size:15px}
.this-sentence{background:#eff6ff;box-shadow:inset 0 -1px #93c5fd}
blockquote:has(.this-sentence){color:var(--muted)}
blockquote .this-sentence{color:var(--ink)}
.lang-tag{display:inline-block;font-size:11px;color:var(--muted);border:1px solid #cbd5e1;border-radius:4px;
padding:0 4px;margin-right:8px;vertical-align:1px}
.where{font-size:12.5px;color:var(--muted);margin-top:6px}
.where code{font-size:12px}
.up{margin-left:6px}
footer{color:var(--muted);font-size:13px;padding:22px 0 40px}
@media (max-width:700px){
 body{font-size:14px}.wrap{padding:0 14px}header.top h1{font-size:21px}
 .cards{grid-template-columns:repeat(2,1fr)}.card-value{font-size:21px}
 table.data{font-size:13px}table.data td,table.data th{padding:6px 7px}
 .chart-box{padding:6px}
}
@media print{
 header.top{background:none;color:#000;padding:0}header.top p{color:#333}
 nav,input.filter,.up,.filters{display:none}
 body{font-size:11pt}.wrap{max-width:none;padding:0}a{color:inherit;text-decoration:none}
 details>*{display:block}main section{break-inside:auto}.claim,.group,figure,tr{break-inside:avoid}
 table.data th{position:static}.chart-box{border:0}
}
"""

JS = """
(function(){
document.documentElement.classList.add('js');
function show(el){el.classList.toggle('off',!!(el._ff||el._fq));}
function key(td){var s=td.querySelector('[data-sort]');
 return s?s.getAttribute('data-sort'):td.textContent.trim();}
document.querySelectorAll('table.data').forEach(function(table){
 var ths=table.tHead.rows[0].cells;
 Array.prototype.forEach.call(ths,function(th,i){
  th.tabIndex=0;
  function sort(){
   var asc=th.getAttribute('aria-sort')!=='ascending';
   Array.prototype.forEach.call(ths,function(o){o.removeAttribute('aria-sort');});
   th.setAttribute('aria-sort',asc?'ascending':'descending');
   var num=th.getAttribute('data-type')==='num',body=table.tBodies[0];
   var rows=Array.prototype.slice.call(body.rows);
   rows.sort(function(a,b){
    var x=key(a.cells[i]),y=key(b.cells[i]),r;
    if(num){x=parseFloat(x);y=parseFloat(y);x=isNaN(x)?-Infinity:x;y=isNaN(y)?-Infinity:y;
     r=x===y?0:(x<y?-1:1);}
    else{r=x.localeCompare(y);}
    return asc?r:-r;});
   rows.forEach(function(r){body.appendChild(r);});
  }
  th.addEventListener('click',sort);
  th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});
 });
 if(table.classList.contains('filterable')){
  var input=document.createElement('input');
  input.type='search';input.className='filter';input.placeholder='Filter rows…';
  input.setAttribute('aria-label','Filter rows');
  input.addEventListener('input',function(){
   var q=input.value.toLowerCase();
   Array.prototype.forEach.call(table.tBodies[0].rows,function(r){
    r._fq=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;show(r);});
  });
  var wrap=table.parentNode;wrap.parentNode.insertBefore(input,wrap);
 }
});
var bar=document.getElementById('filters');
if(bar){
 var sels=bar.querySelectorAll('select'),count=bar.querySelector('.count');
 function apply(){
  var want={},on={},n=0,total=0;
  sels.forEach(function(s){if(s.value!==''){want[s.getAttribute('data-facet')]=s.value;}});
  document.querySelectorAll('[data-facets]').forEach(function(el){
   var ok=true;
   for(var f in want){var a=el.getAttribute('data-'+f);
    if(a!==null&&(' '+a+' ').indexOf(' '+want[f]+' ')<0){ok=false;}}
   if(el instanceof SVGElement){el.classList.toggle('dim',!ok);}else{el._ff=!ok;show(el);}
   if(el.classList.contains('claim')){total++;if(ok){n++;on[el.id.slice(6)]=1;}}
  });
  document.querySelectorAll('[data-claims]').forEach(function(el){
   var ok=el.getAttribute('data-claims').split(' ').some(function(c){return on[c];});
   if(el instanceof SVGElement){el.classList.toggle('dim',!ok);}else{el._ff=!ok;show(el);}
  });
  document.querySelectorAll('.doc-claims,article.group').forEach(function(box){
   box.classList.toggle('off',!box.querySelector('[data-facets]:not(.off),[data-claims]:not(.off)'));
  });
  count.textContent=n===total?'all '+total+' claims':n+' of '+total+' claims';
 }
 sels.forEach(function(s){s.addEventListener('change',apply);});
 bar.querySelector('.reset').addEventListener('click',function(){
  sels.forEach(function(s){s.value='';});apply();});
 bar.hidden=false;apply();
}
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def build_report(
    analysis: Analysis,
    view: dict[str, Any] | None = None,
    paragraphs: dict[str, tuple[int, str]] | None = None,
) -> str:
    """The corpus as one self-contained HTML page (no network resources), as a string.

    `paragraphs` (claim_id -> (start, text), from `show.paragraphs_of`) puts each claim card's
    sentence in its paragraph; without it a card shows the sentence alone.
    """
    if view is None:
        from .analysis import corpus_view

        view = corpus_view(analysis)
    claims = records(analysis.claims)
    known = {str(c["claim_id"]) for c in claims}
    spans_of = {str(c["claim_id"]): claim_spans(c) for c in claims}
    documents = view.get("documents", [])
    doc_order = [str(d["doc_id"]) for d in documents]
    for c in claims:  # claims of documents the view does not list still get a section
        if str(c["doc_id"]) not in doc_order:
            doc_order.append(str(c["doc_id"]))
    with_claims = {str(c["doc_id"]) for c in claims}
    anchors = {doc_id: f"doc-{i + 1}" for i, doc_id in enumerate(d for d in doc_order if d in with_claims)}
    position = {doc_id: i for i, doc_id in enumerate(doc_order)}
    claims.sort(key=lambda c: position[str(c["doc_id"])])  # stable: keeps table order within a document

    facets = Facets(claims, doc_order, [str(c["name"]) for c in view.get("companies", [])])
    kinds: dict[str, set[str]] = {}
    for c in claims:
        kinds.setdefault(str(c["doc_id"]), set()).add(str(c["kind"]))
    short = view.get("short_doc_ids") or {}
    docs = {
        doc_id: (
            f'<a href="#{anchors[doc_id]}" title="{esc(doc_id)}">'
            if doc_id in anchors
            else f'<span title="{esc(doc_id)}">'
        )
        + esc(short.get(doc_id, doc_id))
        + ("</a>" if doc_id in anchors else "</span>")
        for doc_id in doc_order
    }
    ov = view["overview"]
    sections = [
        overview_section(ov, len(view.get("companies", [])), view.get("documents", [])),
        timeline_section(view.get("timeline", []), known, docs),
        companies_section(view.get("companies", []), facets),
        figures_section(view.get("figures", []), known, spans_of, docs),
        groups_section(
            "corroborated",
            "Corroborated",
            view.get("corroborated"),
            "The same figure about the same subject and metric, reported by more than one document.",
            known,
            spans_of,
            docs,
        ),
        groups_section(
            "conflicts",
            "Conflicts",
            view.get("conflicts"),
            "The same subject and metric with different values: check the sentences.",
            known,
            spans_of,
            docs,
        ),
        documents_section(documents, anchors, facets, kinds),
        context_section(claims, documents, anchors, facets, paragraphs),
    ]
    nav_items = [
        ("overview", "Overview"),
        ("timeline", "Timeline"),
        ("companies", "Companies"),
        ("figures", "Key figures"),
        ("corroborated", "Corroborated"),
        ("conflicts", "Conflicts"),
        ("documents", "Documents"),
        ("claims", "Claims in context"),
    ]
    nav = "".join(f'<a href="#{sid}">{esc(label)}</a>' for sid, label in nav_items)
    style, script = CSS.strip(), JS.strip()
    csp = (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    subtitle = f"{ov['documents']} documents · {ov['claims']} claims · " + (
        ", ".join(ov.get("languages", {})) or "no languages"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<meta name="generator" content="sora-meta {esc(__version__)}">'
        f"<title>sora-meta report · {esc(subtitle)}</title>"
        f"<style>{style}</style></head>\n"
        f'<body id="top"><header class="top"><div class="wrap"><h1>sora-meta report</h1>'
        f"<p>{esc(subtitle)}</p><nav>{nav}</nav></div></header>\n"
        f"{facets.bar()}\n"
        f'<main class="wrap">{"".join(sections)}</main>\n'
        f'<footer class="wrap">Made by sora-meta {esc(__version__)} '
        f"(summary format {esc(view.get('version'))}). "
        "This page is self-contained: it loads nothing from the network.</footer>\n"
        f"<script>{script}</script></body></html>\n"
    )


def write_report(page: str, path: str | os.PathLike[str]) -> None:
    """Write the page to `path` atomically: a temporary file beside it, then a rename."""
    from .export import write_text

    write_text(path, page)
