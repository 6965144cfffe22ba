"""`sora-meta show` through CliRunner: a claim in its context."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sora_meta.cli import cli

GPT3_COST = "bcebd73e9909ada6"  # 001: "biaya pelatihan GPT-3 sekitar 1,4 juta dolar AS"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_plain_marks_sentence_figure_and_fields(seeds: Path) -> None:
    code, out, _ = run("show", GPT3_COST, str(seeds), "-q")
    assert code == 0
    assert out.startswith(f"claim {GPT3_COST} · 001_66a28538b23c5c85.txt")
    assert "»Menurut laporan Guosheng Securities, biaya pelatihan GPT-3 [[sekitar 1,4 juta dolar AS]]" in out
    assert "offsets: paragraph" in out
    assert "original (id): Menurut laporan" in out
    for field in ("metric", "training cost", "topic", "GPT-3", "figure_start", "qualifier"):
        assert field in out
    assert "\x1b[" not in out


def test_show_marks_the_date(seeds: Path) -> None:
    code, out, _ = run("claims", str(seeds), "--format", "jsonl", "-q")
    rows = [json.loads(line) for line in out.splitlines()]
    dated = next(r for r in rows if r["kind"] == "money" and r["date_text"])
    code, out, _ = run("show", dated["claim_id"], str(seeds), "-q")
    assert code == 0
    assert "{{" + dated["date_text"] + "}}" in out
    assert "[[" + dated["figure"] + "]]" in out


def test_show_json_with_a_prefix(seeds: Path) -> None:
    code, out, _ = run("show", GPT3_COST[:8], str(seeds), "--format", "json", "-q")
    assert code == 0
    ctx = json.loads(out)
    assert ctx["claim"]["claim_id"] == GPT3_COST
    assert ctx["claim"]["metric"] == "training cost"
    assert ctx["document"]["doc_id"] == "001_66a28538b23c5c85.txt"
    marks = {m["kind"]: m for m in ctx["marks"]}
    assert marks["figure"]["text"] == "sekitar 1,4 juta dolar AS"
    assert marks["sentence"]["text"] == ctx["sentence"]
    assert (
        ctx["paragraph"]["start"]
        <= marks["sentence"]["start"]
        < marks["sentence"]["end"]
        <= ctx["paragraph"]["end"]
    )


def test_unknown_claim_is_a_usage_error(seeds: Path) -> None:
    code, out, err = run("show", "0000000000000000", str(seeds), "-q")
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        "sora-meta: error: no claim with id '0000000000000000' in these inputs (see `sora-meta claims`)"
    ]
