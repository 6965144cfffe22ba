"""`sora-meta summarize`: the corroborated and conflicts sections, and --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sora_meta.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_has_corroborated_and_conflicts(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "--format", "json", "-q")
    assert code == 0
    view = json.loads(out)
    assert {"documents", "companies", "figures", "timeline", "corroborated", "conflicts"} <= set(view)
    [agreed] = [g for g in view["corroborated"] if g["subject"] == "OpenAI"]
    assert [d[:3] for d in agreed["documents"]] == ["002", "004"]
    [conflict] = [c for c in view["conflicts"] if c["subject"] == "GPT-3"]
    assert sorted(c["value"] for c in conflict["claims"]) == [1.4e6, 12e6]


def test_text_sections_come_after_the_timeline(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "-q")
    assert code == 0
    at = [out.index(s) for s in ("Timeline", "Corroborated", "Conflicts")]
    assert at == sorted(at)
    section = out[out.index("Conflicts") :]
    assert "GPT-3 · training cost" in section
    assert "sekitar 1,4 juta dolar AS" in section and "sekitar 12 juta dolar AS" in section
    assert "[id]" in section  # untranslated sentences say which language they are in
    corroborated = out[out.index("Corroborated") : out.index("Conflicts")]
    assert "OpenAI · funding" in corroborated
    assert len(corroborated.splitlines()) < 40  # one screen
    assert "translation" in out


def test_markdown_sections(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "--format", "markdown", "-q")
    assert code == 0
    assert "\n## Corroborated" in out and "\n## Conflicts" in out
    # Why the claims are comparable (subject, metric, period) and how far apart they are.
    assert "| GPT-3 · training cost · undated | 1.4 vs 12 million USD, ×8.57 |" in out


def test_fail_on_conflicts_exits_3(seeds: Path) -> None:
    code, out, err = run("summarize", str(seeds), "--format", "json", "-q", "--fail-on", "conflicts")
    assert code == 3
    assert json.loads(out)["conflicts"]  # the summary is still printed
    assert err.strip().splitlines() == [
        "sora-meta: error: --fail-on conflicts: 1 conflicting claim group(s): GPT-3 · training cost"
    ]


def test_fail_on_untranslated_and_errors(seeds: Path, mixed_folder: Path) -> None:
    code, _, err = run("summarize", str(seeds), "--format", "json", "-q", "--fail-on", "untranslated")
    assert code == 4  # UNTRANSLATED
    assert "non-English claim sentences untranslated" in err
    code, _, _ = run("summarize", str(seeds), "--format", "json", "-q", "--fail-on", "errors")
    assert code == 0
    code, _, err = run("summarize", str(mixed_folder), "--format", "json", "-q", "--fail-on", "errors")
    assert code == 1
    assert "--fail-on errors: 3 document(s) not read" in err
    # errors (1) wins over conflicts (3) when both are asked for and found.
    code, _, _ = run(
        "summarize",
        str(mixed_folder),
        "--format",
        "json",
        "-q",
        "--fail-on",
        "errors",
        "--fail-on",
        "untranslated",
    )
    assert code == 1


def test_fail_on_rejects_unknown_checks(seeds: Path) -> None:
    code, _, _ = run("summarize", str(seeds), "--fail-on", "typos")
    assert code == 2
