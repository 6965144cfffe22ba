"""Text from the corpus never drives a terminal, a CI log or a page.

A hostile corpus, built in tmp_path: escape sequences (clear screen, OSC 8 links, OSC 52
clipboard writes, BEL, the C1 CSI U+009B), line breaks of every kind followed by GitHub
Actions workflow commands (`::error::`, `::add-mask::`, `##[group]`), rich markup, Markdown
and HTML, in titles, sources, sentences, a company name (from --companies) and file names.
Every command and format is run on it: no control character reaches the output, no line
starts with a workflow command, the Markdown renders the text as text, the HTML escapes it,
and the data (`claims`, `--format json`) keeps it as it was.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sora_meta.cli import Env, cli
from sora_meta.ingest.metadata import short_title

CLEAR = "\x1b[2J"
OSC8 = "\x1b]8;;https://evil.example/\x07click here\x1b]8;;\x07"
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
C1_CSI = "\u009b31m"
ESCAPES = CLEAR + OSC8 + OSC52 + "\x07" + C1_CSI
MARKUP = "[bold red]LOUD[/] [link=https://evil.example]offer[/link]"
MARKDOWN = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [prize](https://evil.example) "
    "![pixel](https://evil.example/p.png) | extra | cell `tick` **loud** _lean_ &lt;b&gt; "
    "https://evil.example/path www.evil.example desk@evil.example $x^2$"
)

TITLE = f"Zorblax closes seed round {ESCAPES} {MARKUP} {MARKDOWN}"  # cut at 200 characters
ARTICLE = (
    f"{TITLE}\n\n"
    "Zorblax raised $5 million in a seed round led by Northwind Ventures, the company said on "
    f"Monday.\r##[group]pwned {ESCAPES} The start-up also said revenue rose 40% in 2023."
    "\u2028::add-mask::hunter2 "
    f"{MARKDOWN}\n\n"
    "Chief executive Ada Marsh said the money would pay for 30 engineers.\n::error::pwned\n"
)
RECORD = {
    "title": "Zorblax expands \u2028::error::title\x85##[error]title\r::warning::title",
    "source": f"Daily\n::add-mask::source Wire\x0b::notice::src {MARKDOWN}",
    "date": "2024-03-01",
    "text": "Zorblax said it raised $5 million from investors in March 2024.\n\n"
    "::warning::body Zorblax expects sales of $9 million this year.\x0c##[error]body",
}
COMPANIES = 'name,aliases\n"Zorb\x1b[2J\n::error::company [bold]x[/] <b>co</b>",Zorblax\n'

# What must never be printed: C0 controls but tab and newline, DEL, C1, other line breaks.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture()
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """The corpus folder and a companies CSV, every field hostile."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / f"wire\n::error::file{CLEAR}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (folder / "blob\r##[group]binary.bin").write_bytes(bytes(range(256)) * 4)  # skipped: a warning
    os.symlink(folder / "missing.txt", folder / "gone\n::error::link\u2028::warning::x.txt")  # an error
    companies = tmp_path / "companies.csv"
    companies.write_text(COMPANIES, encoding="utf-8")
    return folder, companies


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def assert_safe(output: str) -> None:
    """No control character but newline and tab; no line a CI runner reads as a command."""
    assert not FORBIDDEN.findall(output)
    for line in output.split("\n"):
        assert not line.lstrip().startswith("::"), line  # the runner trims leading spaces first
        assert "##[" not in line, line  # the legacy form is read anywhere in a line
        assert "##vso[" not in line.lower(), line


def assert_stderr_lines(err: str) -> None:
    assert_safe(err)
    for line in err.splitlines():
        assert line.startswith("sora-meta: "), line


def claim_of(folder: Path, companies: Path, kind: str) -> dict[str, Any]:
    code, out, _ = run("claims", str(folder), "--companies", str(companies), "--format", "jsonl", "-q")
    assert code == 1  # the broken link
    rows = [json.loads(line) for line in out.splitlines()]
    return next(r for r in rows if r["kind"] == kind and r["doc_id"].startswith("wire"))


@pytest.mark.parametrize("fmt", ["auto", "text", "table", "markdown", "json"])
def test_summarize_prints_nothing_a_terminal_or_a_ci_runner_would_act_on(
    hostile: tuple[Path, Path], fmt: str
) -> None:
    folder, companies = hostile
    code, out, err = run(
        "summarize", str(folder), "--companies", str(companies), "--format", fmt, env={"COLUMNS": "400"}
    )  # wide: titles uncut
    assert code == 1  # the broken link is an error row
    assert_safe(out)
    assert_stderr_lines(err)
    assert "broken symbolic link" in err and "skipped" in err
    assert "\x1b" not in out
    if fmt == "json":  # the data as it was: JSON escapes, parsing gives every character back
        view = json.loads(out)
        titles = {d["doc_id"]: d["title"] for d in view["documents"]}
        assert titles[f"wire\n::error::file{CLEAR}.txt"] == short_title(TITLE)
        assert {d["source"] for d in view["documents"]} >= {RECORD["source"]}
        assert "\\u009b" in out and "##\\u005b" in out
    elif fmt != "markdown":  # shown, escaped, on one line: nothing dropped silently
        assert "\\x1b[2J" in out and "\\x9b31m" in out
        assert "company [bold]x[/] <b>co</b>" in out  # rich markup printed as written
        assert ": :error: :" in out  # `::` shown broken
        assert "Daily : :add-mask: :source Wire : :notice: :src" in out


def test_markdown_summary_renders_corpus_text_as_text(hostile: tuple[Path, Path]) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    folder, companies = hostile
    code, out, _ = run("summarize", str(folder), "--companies", str(companies), "--format", "markdown")
    assert code == 1
    assert "<" not in out  # no tag, no autolink in angle brackets
    assert not re.search(r"(?<!\\)\]\(", out)  # no link or image
    assert "https\\://evil" in out and "www\\.evil" in out and "desk@\u2060evil" in out  # no autolinks
    page = markdown_it.MarkdownIt("commonmark").enable("table").render(out)
    tags = set(re.findall(r"<(\w+)", page))
    assert tags <= {"h1", "h2", "ul", "li", "strong", "em", "p", "table", "thead", "tbody", "tr", "th", "td"}
    assert "<em>" not in page.replace("<p><em>none</em></p>", "")  # `_lean_` is not emphasis
    assert "<strong>loud</strong>" not in page
    for table in re.findall(r"<table>.*?</table>", page, re.S):  # `|` in the text adds no column
        header = len(re.findall("<th>", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert len(re.findall("<td>", row)) == header
    # What a reader sees is the text itself.
    assert (
        "company [bold]x[/] &lt;b&gt;co&lt;/b&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )
    assert "[prize](https://evil.example)" in page and "&amp;lt;b&amp;gt;" in page
    assert "\\x1b[2J" in page


def test_show_in_every_format(hostile: tuple[Path, Path]) -> None:
    folder, companies = hostile
    claim = claim_of(folder, companies, "percent")  # the sentence carrying the escapes
    assert CLEAR in claim["sentence"]  # the data keeps the text
    for fmt in ("auto", "text", "json"):
        code, out, err = run(
            "show", claim["claim_id"], str(folder), "--companies", str(companies), "--format", fmt
        )
        assert code == 1
        assert_safe(out)
        assert_stderr_lines(err)
        assert "\x1b" not in out
        if fmt == "json":
            assert json.loads(out)["sentence"] == claim["sentence"]
        else:
            assert "[[40%]]" in out and "{{2023}}" in out
            assert "# #[group]pwned \\x1b[2J" in out
            assert "title: Zorblax closes seed round \\x1b[2J\\x1b]8;;https" in out


def test_claims_warnings_and_error_lines_start_with_the_tool(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, companies = hostile
    out_file = tmp_path / "claims.jsonl"
    code, out, err = run("claims", str(folder), "--companies", str(companies), "-o", str(out_file))
    assert code == 1
    assert out == ""
    assert_stderr_lines(err)
    assert err.count("\n") == 2  # one line per bad file
    assert "sora-meta: warning: skipped" in err and "# #[group]binary.bin" in err
    assert "gone : :error: :link : :warning: :x.txt: broken symbolic link" in err
    # The table keeps the text as written: only what is displayed is escaped.
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert any(ESCAPES in r["sentence"] for r in rows)
    assert any(r["subject"].startswith("Zorb\x1b[2J\n::error::company") for r in rows)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_only_the_tools_own_styles_are_sent(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sora_meta import Options, analyze
    from sora_meta.analysis import corpus_view
    from sora_meta.render import render
    from sora_meta.show import claim_context, render_claim

    folder, companies = hostile
    monkeypatch.delenv("NO_COLOR", raising=False)
    analysis = analyze([folder], Options(companies_file=str(companies), use_cache=False, jobs=1))
    view = corpus_view(analysis)
    claim = analysis.claims[analysis.claims["kind"] == "percent"].iloc[0]["claim_id"]
    context = claim_context(analysis, claim, [folder])
    screen = _Terminal()
    render(view, "auto", screen, is_terminal=True)
    render_claim(context, "auto", screen, is_terminal=True)
    shown = screen.getvalue()
    assert SGR.search(shown)  # bold titles, the highlighted figure: the tool's styles
    assert_safe(SGR.sub("", shown))  # and nothing else: no OSC, no clear screen, no BEL
    assert "[bold red]LOUD[/]" in shown

    monkeypatch.setenv("NO_COLOR", "1")  # NO_COLOR: plain text, as in a pipe
    plain = _Terminal()
    render(view, "auto", plain, is_terminal=True)
    render_claim(context, "auto", plain, is_terminal=True)
    assert "\x1b" not in plain.getvalue()
    assert "[[40%]]" in plain.getvalue()


def test_stderr_messages_are_one_safe_line_coloured_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    env = Env()
    env.stderr = _Terminal()
    env.error(f"wire\n::error::file{CLEAR}.txt: broken symbolic link")
    env.warn(f"skipped blob\r##[group]x{OSC52}.bin")
    shown = env.stderr.getvalue()
    assert SGR.search(shown)
    assert_stderr_lines(SGR.sub("", shown))
    assert len(shown.splitlines()) == 2
    monkeypatch.setenv("NO_COLOR", "1")
    env.stderr = _Terminal()
    env.error(f"wire\n::error::file{CLEAR}.txt")
    assert env.stderr.getvalue() == "sora-meta: error: wire : :error: :file\\x1b[2J.txt\n"


def test_html_report_escapes_every_field(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    folder, companies = hostile
    page_file = tmp_path / "report.html"
    code, _, err = run("report", str(folder), "--companies", str(companies), "-o", str(page_file))
    assert code == 1
    assert_stderr_lines(err)
    page = page_file.read_text(encoding="utf-8")
    assert not FORBIDDEN.findall(page) and "\x1b" not in page
    assert page.count("<script") == 1 and page.count("</script>") == 1  # the page's own script only
    assert "evil.example" in page  # shown as text …
    assert (
        'href="https://evil' not in page
        and "<img" not in page
        and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")
    )  # … never as a link, an image or an attribute
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
