"""Outputs never damage inputs or feed back into them (#13 2): a CI job that writes its tables into
the folder it reads gets the same tables on every run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sora_meta.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--translator", "none"])
    return result.exit_code, result.stderr


@pytest.fixture()
def news(seeds: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(seeds, folder)
    return folder


def _claims(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False).sort_values("claim_id").reset_index(drop=True)


def test_tables_written_into_the_corpus_are_the_same_on_every_run(news: Path) -> None:
    out, docs = news / "claims.csv", news / "documents.csv"
    assert run("claims", str(news), "-o", str(out), "--documents", str(docs))[0] == 0
    first, first_docs = _claims(out), pd.read_csv(docs, keep_default_na=False)
    assert run("report", str(news), "-o", str(news / "report.html"))[0] == 0
    for _ in range(2):  # the CI job of the next days
        code, err = run("claims", str(news), "-o", str(out), "--documents", str(docs))
        assert code == 0
        pd.testing.assert_frame_equal(_claims(out), first)
        documents = pd.read_csv(docs, keep_default_na=False).set_index("doc_id")
        assert len(documents) == len(first_docs) + 3  # the three outputs, accounted for
        for name, kind in [
            ("claims.csv", "claims table"),
            ("documents.csv", "documents table"),
            ("report.html", "report"),
        ]:
            assert documents.loc[name, "status"] == "skipped"
            assert documents.loc[name, "reason"] == f"an output of sora-meta ({kind})"
        assert "skipped" in err and "claims.csv" in err


def test_an_earlier_output_is_recognised_by_its_content_not_its_name(news: Path, tmp_path: Path) -> None:
    assert run("claims", str(news), "-o", str(tmp_path / "elsewhere.csv"))[0] == 0
    shutil.copy(tmp_path / "elsewhere.csv", news / "renamed_notes.csv")
    code, _ = run(
        "claims", str(news), "-o", str(tmp_path / "again.csv"), "--documents", str(tmp_path / "d.csv")
    )
    assert code == 0
    documents = pd.read_csv(tmp_path / "d.csv", keep_default_na=False).set_index("doc_id")
    assert documents.loc["renamed_notes.csv", "status"] == "skipped"
    pd.testing.assert_frame_equal(_claims(tmp_path / "again.csv"), _claims(tmp_path / "elsewhere.csv"))


@pytest.mark.parametrize("how", ["file", "folder", "glob"])
def test_an_input_is_never_overwritten_however_it_was_given(
    news: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = sorted(news.glob("*.txt"))[0]
    before = target.read_bytes()
    monkeypatch.chdir(news)
    given = {"file": target.name, "folder": ".", "glob": "*.txt"}[how]
    for option in ("-o", "--documents"):
        extra = ["-o", "claims.csv"] if option == "--documents" else []
        code, err = run("claims", given, *extra, option, target.name)
        assert code == 2
        assert err.count("\n") == 1 and "refusing to overwrite an input file" in err
        assert target.read_bytes() == before


def test_the_claims_and_documents_tables_cannot_share_a_file(news: Path, tmp_path: Path) -> None:
    same = tmp_path / "t.csv"
    code, err = run("claims", str(news), "-o", str(same), "--documents", str(same))
    assert code == 2
    assert "name the same file" in err
    assert not same.exists()
