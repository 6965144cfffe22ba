"""`sora-meta claims` through CliRunner: files written, formats, exit codes, the seed gold."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sora_meta.cli import cli

from .conftest import SHARED


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_claims_csv_to_stdout_has_the_schema_columns(seeds: Path) -> None:
    code, out, _ = run("claims", str(seeds), "--translator", "none")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "claim_id",
        "doc_id",
        "doc_title",
        "doc_lang",
        "published",
        "lang",
        "sentence",
        "sentence_en",
        "translator",
        "start",
        "end",
        "kind",
        "figure",
        "figure_start",
        "figure_end",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "companies",
        "subject",
        "date",
        "date_text",
        "date_source",
    ]
    trillion = [r for r in rows if r["figure"] == "$7 trillion"]
    assert trillion and trillion[0]["unit"] == "USD" and float(trillion[0]["value"]) == 7e12
    for r in rows:
        if r["lang"] == "en":
            assert (r["translator"], r["sentence_en"]) == ("source", r["sentence"])
        else:
            assert (r["translator"], r["sentence_en"]) == ("none", "")


@pytest.mark.parametrize("ext", ["csv", "jsonl", "json", "parquet"])
def test_claims_formats_round_trip_offsets(seeds: Path, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"claims.{ext}"
    docs_out = tmp_path / "documents.jsonl"
    code, _, err = run("claims", str(seeds), "-o", str(out), "--documents", str(docs_out))
    assert code == 0, err
    frame = {
        "csv": lambda p: pd.read_csv(p, keep_default_na=False),
        "jsonl": lambda p: pd.read_json(p, lines=True),
        "json": pd.read_json,
        "parquet": pd.read_parquet,
    }[ext](out)
    assert len(frame) > 50
    texts = {p.name: p.read_text(encoding="utf-8") for p in seeds.iterdir()}
    for row in frame.itertuples():
        text = texts[row.doc_id]
        if row.kind != "event":
            assert text[int(row.figure_start) : int(row.figure_end)] == row.figure
        assert " ".join(text[int(row.start) : int(row.end)].split()) == row.sentence
    docs = [json.loads(line) for line in docs_out.read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"][:3] for d in docs] == ["000", "001", "002", "003", "004"]
    assert sum(d["claims"] for d in docs) == len(frame)


def test_claims_are_deterministic(seeds: Path) -> None:
    first = run("claims", str(seeds), "--format", "jsonl")[1]
    second = run("claims", str(seeds), "--format", "jsonl")[1]
    assert first == second


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nvidia revenue rose 94% to $35.1 billion.\n", encoding="utf-8")
    code, _, err = run("claims", str(article), "-o", str(article))
    assert code == 2
    assert "refusing to overwrite an input file" in err
    assert article.read_text(encoding="utf-8").startswith("Nvidia")


def test_unknown_output_extension_is_a_usage_error(seeds: Path, tmp_path: Path) -> None:
    code, _, err = run("claims", str(seeds), "-o", str(tmp_path / "claims.xlsx"))
    assert code == 2
    assert "cannot tell the format" in err


@pytest.mark.skipif(
    not (SHARED / "tools" / "score_claims.py").exists(), reason="../shared is not beside the project"
)
def test_seed_gold_score(seeds: Path, tmp_path: Path) -> None:
    """The quality floor: recall >= 0.95 per kind, money/percent precision >= 0.95, no not-figure."""
    claims, docs = tmp_path / "claims.jsonl", tmp_path / "documents.jsonl"
    code, _, err = run(
        "claims", str(seeds), "--translator", "none", "-o", str(claims), "--documents", str(docs)
    )
    assert code == 0, err
    score = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_claims.py"),
            "--gold",
            str(SHARED / "gold" / "seeds.jsonl"),
            "--corpus",
            str(seeds),
            "--claims",
            str(claims),
            "--documents",
            str(docs),
            "--min-recall",
            "0.95",
            "--min-precision",
            "0.95",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    last = score.stdout.strip().splitlines()[-1]
    assert score.returncode == 0, score.stdout
    assert last.endswith("PASS"), last


def test_repeated_article_counted_once(seeds: Path) -> None:
    """Seed 001 holds its article twice: each figure of it gives one row, not two."""
    path = next(seeds.glob("001_*.txt"))
    text = path.read_text(encoding="utf-8")
    second_copy = text.find(text.splitlines()[0], 1)
    assert second_copy > 10000
    _, out, _ = run("claims", str(path), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    keys = [(r["sentence"], r["figure"]) for r in rows]
    assert len(rows) > 20
    assert len(keys) == len(set(keys))
    assert max(r["start"] for r in rows) < second_copy


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text('=HYPERLINK("http://x") Nvidia revenue rose 94% to $35.1 billion.\n', encoding="utf-8")
    code, out, _ = run("claims", str(article))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["sentence"].startswith("'=HYPERLINK") for r in rows)
    assert rows[0]["doc_title"].startswith("'=")
    code, raw, _ = run("claims", str(article), "--no-excel-safe")
    assert next(csv.DictReader(io.StringIO(raw)))["sentence"].startswith("=HYPERLINK")
    code, jsonl, _ = run("claims", str(article), "--format", "jsonl")  # only CSV is touched
    assert json.loads(jsonl.splitlines()[0])["sentence"].startswith("=HYPERLINK")


def test_mentions_after_a_cached_run_without_them_are_the_full_table(seeds: Path, tmp_path: Path) -> None:
    """`claims` without `--mentions` makes no mention rows (and caches none); a later `--mentions` run
    on the same cache writes the same table as a run without the cache, and the same claims."""
    cache = str(tmp_path / "cache")
    common = [str(seeds), "-q", "-j", "1", "--translator", "none"]
    code, _, err = run(
        "claims",
        *common,
        "--no-cache",
        "-o",
        str(tmp_path / "ref.csv"),
        "--mentions",
        str(tmp_path / "ref_m.csv"),
    )
    assert code == 0, err
    code, _, err = run("claims", *common, "--cache-dir", cache, "-o", str(tmp_path / "lean.csv"))
    assert code == 0, err
    code, _, err = run(
        "claims",
        *common,
        "--cache-dir",
        cache,
        "-o",
        str(tmp_path / "full.csv"),
        "--mentions",
        str(tmp_path / "full_m.csv"),
    )
    assert code == 0, err
    reference = (tmp_path / "ref_m.csv").read_text(encoding="utf-8")
    assert reference.count("\n") > 50
    assert (tmp_path / "full_m.csv").read_text(encoding="utf-8") == reference
    claims = (tmp_path / "ref.csv").read_text(encoding="utf-8")
    assert (tmp_path / "lean.csv").read_text(encoding="utf-8") == claims
    assert (tmp_path / "full.csv").read_text(encoding="utf-8") == claims
