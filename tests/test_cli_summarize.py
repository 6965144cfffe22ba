"""`sora-meta summarize` through CliRunner: exit codes and what a user reads."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sora_meta.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_summarize_seeds_json(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "--format", "json")
    assert code == 0
    view = json.loads(out)
    assert view["version"] == 1
    docs = {d["doc_id"][:3]: d for d in view["documents"]}
    assert [docs[k]["lang"] for k in sorted(docs)] == ["en", "id", "en", "zh", "en"]
    assert docs["002"]["published"] == "2024-03-07"
    assert docs["004"]["published"] == "--02-19"
    # 001 holds its article twice: the whole second copy is reported as repeated.
    assert docs["001"]["duplicate_paragraphs"] >= 45
    assert all(d["status"] == "ok" for d in docs.values())
    names = [c["name"] for c in view["companies"]]
    assert "OpenAI" in names[:3]
    assert {"overview", "documents", "companies", "figures", "timeline"} <= set(view)
    usd = [f for f in view["figures"] if f["unit"] == "USD"]
    assert usd[0]["value"] == 7e12  # $7 trillion, the largest dollar figure


def test_summarize_plain_text_when_piped(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds))
    assert code == 0
    assert "\x1b[" not in out  # no colour codes in a pipe
    for section in ("Overview", "Documents", "Top companies", "Key figures", "Timeline"):
        assert section in out
    assert "001_66a28538b23c5c85.txt" in out


def test_summarize_markdown(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "--format", "markdown")
    assert code == 0
    assert out.startswith("# sora-meta summary")
    assert "| doc | lang |" in out
    assert "- **documents**: 5 (5 ok)" in out


def test_mixed_folder_statuses_and_exit_codes(mixed_folder: Path) -> None:
    code, out, err = run("summarize", str(mixed_folder), "--format", "json")
    assert code == 0, err
    docs = {d["doc_id"]: d for d in json.loads(out)["documents"]}
    assert {k: (v["status"], v["reason"]) for k, v in docs.items()} == {
        "cp1252.txt": ("ok", ""),
        "empty.txt": ("empty", "empty file"),
        "feed.jsonl#1": ("ok", ""),
        "feed.jsonl#2": ("skipped", "line 2: invalid JSON (Expecting value at column 29)"),
        "feed.jsonl#3": ("ok", ""),
        "gbk.txt": ("ok", ""),
        "image.png": ("skipped", "unsupported format .png"),
        "utf16.txt": ("ok", ""),
    }
    assert docs["gbk.txt"]["encoding"] == "gb18030"
    assert docs["gbk.txt"]["lang"] == "zh"
    assert docs["utf16.txt"]["encoding"] == "utf-16"
    assert docs["cp1252.txt"]["encoding"] == "cp1252"
    assert "image.png: unsupported format .png" in err
    strict_code, _, _ = run("summarize", str(mixed_folder), "--strict", "--format", "json")
    assert strict_code == 1


def test_missing_path_fails_with_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = run("summarize", str(tmp_path / "nope.txt"), "--format", "json")
    assert code == 2 and out == ""  # a usage error (#16), not an empty summary
    assert err.strip().splitlines() == [
        f"sora-meta: error: {tmp_path / 'nope.txt'}: no such file or directory"
    ]
    assert "Traceback" not in err


def test_usage_error_exit_2() -> None:
    code, _, _ = run("summarize", "--format", "xml", "seeds")
    assert code == 2
    code, _, _ = run("summarize")
    assert code == 2


def test_every_command_has_help_with_an_example() -> None:
    for name, command in cli.commands.items():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, name
        assert command.help


def test_every_command_has_a_docs_page() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    for name in cli.commands:
        page = docs / f"{name}.md"
        assert page.exists(), f"docs/{name}.md is missing"
        assert f"sora-meta {name}" in page.read_text(encoding="utf-8")


def test_translation_progress_bar_only_on_a_terminal() -> None:
    import io

    from sora_meta.cli import Env, translation_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    env = Env()
    env.stderr = io.StringIO()
    with translation_progress(env, quiet=False) as callback:
        assert callback is None  # piped: no bar
    env.stderr = Terminal()
    with translation_progress(env, quiet=True) as callback:
        assert callback is None  # --quiet: no bar
    with translation_progress(env, quiet=False) as callback:
        assert callback is not None
        callback(3, 10)
        callback(10, 10)
    assert "translating" in env.stderr.getvalue()
