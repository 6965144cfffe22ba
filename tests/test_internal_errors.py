"""A bug met on one document costs that document only: an `error` row, one line, the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta import claims as claims_module
from sora_meta.cli import cli
from sora_meta.ingest import formats

MARK = "TRIGGER-THE-BUG"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Nvidia said revenue rose 12% to $26 billion.\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Apple said sales fell 5%. {MARK}\n", encoding="utf-8")
    (folder / "c.txt").write_text("Intel cut 15,000 jobs in August 2024.\n", encoding="utf-8")
    return folder


def _buggy(real):  # type: ignore[no-untyped-def]
    def find(text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if MARK in text:
            raise KeyError("digit")
        return real(text, *args, **kwargs)

    return find


def _run(corpus: Path, tmp_path: Path, *extra: str) -> tuple[int, str, list[dict[str, object]]]:
    documents = tmp_path / "documents.jsonl"
    out = str(tmp_path / "c.csv")
    args = ["claims", str(corpus), "--translator", "none", "--no-cache", "-j", "1", "-o", out]
    result = CliRunner().invoke(cli, [*args, "--documents", str(documents), *extra])
    rows = [json.loads(line) for line in documents.read_text().splitlines()] if documents.exists() else []
    return result.exit_code, result.stderr, rows


@pytest.mark.parametrize("where", ["extract", "ingest"])
def test_a_bug_on_one_document_is_an_error_row_and_the_run_goes_on(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "extract":
        monkeypatch.setattr(
            claims_module, "find_figures_normalized", _buggy(claims_module.find_figures_normalized)
        )
    else:
        monkeypatch.setattr(formats, "find_metadata", _buggy(formats.find_metadata))
    code, err, rows = _run(corpus, tmp_path)
    assert code == 1  # an input failed
    by_id = {r["doc_id"]: r for r in rows}
    assert [r["doc_id"] for r in rows] == ["a.txt", "b.txt", "c.txt"]
    assert by_id["b.txt"]["status"] == "error"
    assert by_id["b.txt"]["reason"] == "internal error: KeyError: 'digit' (a bug; --debug shows where)"
    assert by_id["a.txt"]["status"] == by_id["c.txt"]["status"] == "ok"
    assert by_id["a.txt"]["claims"] >= 1 and by_id["c.txt"]["claims"] >= 1
    lines = [line for line in err.splitlines() if "b.txt" in line]
    assert len(lines) == 1 and "internal error: KeyError" in lines[0]
    assert "Traceback" not in err


def test_debug_stops_at_the_bug_with_its_traceback(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        claims_module, "find_figures_normalized", _buggy(claims_module.find_figures_normalized)
    )
    code, err, _ = _run(corpus, tmp_path, "--debug")
    assert code != 0
    assert "Traceback" in err and "KeyError: 'digit'" in err
