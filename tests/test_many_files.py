"""Many tiny files: every one is accounted for, and each gives its one claim row.

A scaled-down version of the 100,000-file run in docs/scaling.md: 3,000 one-sentence files in
30 folders, through the command (`claims -o … --documents …`) with one job and with a pool.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta.cli import cli

FILES = 3000
PER_FOLDER = 100


def sentence(i: int) -> str:
    return f"Nvidia said revenue rose {i % 90 + 1}% in the quarter.\n"


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many") / "notes"
    for i in range(FILES):
        folder = root / f"part{i // PER_FOLDER:03d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"note{i:06d}.txt").write_text(sentence(i), encoding="utf-8")
    return root


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_one_of_3000_tiny_files_is_accounted_for(many: Path, tmp_path: Path, jobs: str) -> None:
    claims_csv, documents_csv = tmp_path / "claims.csv", tmp_path / "documents.csv"
    result = CliRunner().invoke(
        cli,
        [
            *("claims", str(many), "-o", str(claims_csv), "--documents", str(documents_csv)),
            *("--translator", "none", "--no-cache", "-j", jobs),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""

    expected = [f"part{i // PER_FOLDER:03d}/note{i:06d}.txt" for i in range(FILES)]
    documents = read_csv(documents_csv)
    assert [d["doc_id"] for d in documents] == expected  # each once, in input order
    assert {d["status"] for d in documents} == {"ok"}
    assert {d["claims"] for d in documents} == {"1"}

    claims = read_csv(claims_csv)
    assert len(claims) == FILES
    assert [c["doc_id"] for c in claims] == expected
    assert [c["figure"] for c in claims] == [f"{i % 90 + 1}%" for i in range(FILES)]
    assert {c["kind"] for c in claims} == {"percent"}
    assert len({c["claim_id"] for c in claims}) == FILES
