"""Corpus text made safe to show: on a terminal, in a CI log, in Markdown, in JSON printed to a log.

Titles, sentences, sources, company and file names come from the corpus (or a translator) and
may hold anything. Whatever the tool prints goes through one of these functions; the data
(the claim and document tables, the files `claims` writes) keeps the text as it was.

- `safe_text`: one line for a terminal, standard error or a CI log. Control characters (C0,
  DEL, C1 such as U+009B, bidirectional overrides, lone surrogates) are shown escaped
  (`\\x1b`, `\\x9b`, `\\u202e`), so no escape sequence (CSI, OSC 8 links, OSC 52 clipboard)
  reaches the terminal; line breaks of every kind (`\\n`, `\\r`, VT, FF, U+0085, U+2028,
  U+2029, …) and tabs become one space, so a field never starts a line; and the markers
  of CI workflow commands are broken: `::` is shown `: :` (GitHub Actions reads a line
  starting with `::name::` as a command, after any leading spaces, and a table or a
  paragraph may wrap anywhere) and `##[` / `##vso[` `# #[` (read anywhere in a line).
- `markdown_text`: `safe_text`'s cleaning, then Markdown escaping, for table cells and list
  items: no HTML, no link, image, autolink, emphasis, code or table structure from the text.
- `json_for_log`: a JSON document with the characters a terminal or a log would act on
  escaped as `\\uXXXX` (parsing it gives the same data).
- `clean_controls`: only the control-character escaping (line breaks kept on request), for
  the HTML report.
"""

from __future__ import annotations

import os
import re
from typing import Any

# Line breaks of every kind (str.splitlines' set) and tab: one space for a run of them.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[{_BREAKS}\t]+")
# Characters shown escaped: C0 and C1 controls and DEL (less the breaks above, when they are
# turned into spaces first), bidirectional embeddings, overrides and isolates, lone surrogates
# (an undecodable file name), which no terminal or log should act on.
_CONTROL_CLASS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")
_ONE_BREAK = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# CI workflow-command markers: `::` (GitHub Actions), `##[` and `##vso[` (Actions' legacy form, Azure).
_CI_MARK = re.compile(r"::|##(?:\[|vso\[)", re.IGNORECASE)
_UNSAFE = re.compile(f"[{_CONTROL_CLASS}\u2028\u2029]|::|##")

ELLIPSIS = "…"


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _break_mark(match: re.Match[str]) -> str:
    text = match.group()
    return text[0] + " " + text[1:]


def clean_controls(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control characters shown escaped; line breaks and tabs one space unless kept.

    With `keep_newlines`, `\\n` and tab stay and every other line break becomes `\\n`, for text
    shown as a block (the HTML report).
    """
    if keep_newlines:
        text = _ONE_BREAK.sub("\n", text)
        return _CONTROL_BUT_NEWLINE.sub(_escape_char, text)
    text = _BREAK_RUN.sub(" ", text)
    return _CONTROL.sub(_escape_char, text)


def defang_ci(text: str) -> str:
    """`text` with `::` shown `: :` and `##[` / `##vso[` as `# #[`: no CI runner reads it as a command."""
    while True:
        out = _CI_MARK.sub(_break_mark, text)
        if out == text:
            return out
        text = out  # `:::` needs a second pass


def safe_text(value: Any) -> str:
    """`value` as one line that cannot drive a terminal, start a line, or be read as a CI command."""
    text = "" if value is None else str(value)
    if _UNSAFE.search(text) is None:  # nearly always: nothing to do
        return text
    return defang_ci(clean_controls(text))


def safe_join(parts: list[str]) -> list[str]:
    """Each part made `safe_text`, and a space put where two neighbours would form a CI marker.

    For text shown in styled pieces (a paragraph with its figure marked) whose joined form
    must be as safe as one `safe_text`.
    """
    out: list[str] = []
    for part in parts:
        part = safe_text(part)
        if out and part and _CI_MARK.search(out[-1][-6:] + part[:6]):
            part = " " + part
        out.append(part)
    return out


# Markdown: what corpus text must not do in a table cell or a list item of the CI summary.
_MD_ESCAPE = re.compile(r"[\\`*_~\[\]|!$]")
_MD_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_ENTITIES = re.compile("[&<>]")
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=www)(\.)")  # `https://…` and `www.…` autolinks
_MD_AT = "@\u2060"  # a word joiner after `@`: neither an e-mail autolink nor an @-mention


def markdown_text(value: Any) -> str:
    """`value` as inline Markdown that renders as the same text: one line, nothing interpreted."""
    text = clean_controls("" if value is None else str(value))
    text = _MD_ESCAPE.sub(r"\\\g<0>", text)
    text = _MD_ENTITIES.sub(lambda m: _MD_ENTITY[m.group()], text)
    text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), text)
    if "@" in text:
        text = text.replace("@", _MD_AT)
    if text.startswith(("#", "+", "-", "=")):  # a heading, list or rule when a cell starts a line
        text = "\\" + text
    return text


# JSON printed to a terminal or a log: ensure_ascii=False leaves these raw.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_JSON_CI = re.compile(r"##(\[|vso\[)", re.IGNORECASE)


def json_for_log(dumped: str) -> str:
    """`dumped` (JSON) with DEL, C1 controls, line separators, bidi overrides, lone surrogates and
    the `[` of `##[` written `\\uXXXX`: the same data, nothing a terminal or a CI log acts on.

    `json.dumps` already escapes C0 controls; `::` needs nothing, as every line of indented JSON
    starts with a quote, a bracket or a brace.
    """
    if _JSON_RAW.search(dumped):
        dumped = _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
    if "##" in dumped:
        dumped = _JSON_CI.sub(lambda m: "##" + m.group(1)[:-1] + "\\u005b", dumped)
    return dumped


# `--color auto|always|never` of the running command (sora_meta.cli sets it per invocation).
COLOR = {"mode": "auto"}


def no_color() -> bool:
    """Whether output goes without colour or styles: `--color never`, or `NO_COLOR` (set and not
    empty) unless `--color always`."""
    mode = COLOR["mode"]
    return mode == "never" or (mode != "always" and bool(os.environ.get("NO_COLOR")))


def color_forced() -> bool:
    """Whether `--color always` asks for colour even where output is not a terminal."""
    return COLOR["mode"] == "always"
