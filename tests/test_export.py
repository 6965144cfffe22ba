"""Writers: whole tables and chunk-by-chunk streams give the same files, written atomically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.commands import claims as claims_command
from sora_meta.errors import UsageError
from sora_meta.export import TableWriter, write_stream, write_table
from sora_meta.models import Options
from sora_meta.pipeline import iter_results
from sora_meta.table import claims_frame, documents_frame


@pytest.fixture(scope="module")
def rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    documents: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for result in iter_results([seeds], Options(jobs=1, use_cache=False)):
        documents.append(result.document)
        claims.extend(result.claims)
    return documents, claims


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    out = [rows[i : i + size] for i in range(0, len(rows), size)]
    return [[], *out[:1], [], *out[1:]]  # empty chunks change nothing


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
@pytest.mark.parametrize("size", [1, 7, 1000])
def test_streamed_text_formats_match_whole_tables(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], fmt: str, size: int
) -> None:
    documents, claims = rows
    for kind, table, frame in (
        ("claims", claims, claims_frame(claims)),
        ("documents", documents, documents_frame(documents)),
    ):
        whole = io.StringIO()
        write_stream(frame, whole, fmt)
        streamed = io.StringIO()
        with TableWriter(kind, fmt=fmt, stream=streamed) as writer:
            for chunk in _chunks(table, size):
                writer.write(chunk)
        assert streamed.getvalue() == whole.getvalue(), (kind, fmt, size)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_empty_tables(fmt: str, tmp_path: Path) -> None:
    whole = io.StringIO()
    write_stream(claims_frame([]), whole, fmt)
    target = tmp_path / f"empty.{fmt}"
    with TableWriter("claims", target, fmt):
        pass
    assert target.read_text(encoding="utf-8") == whole.getvalue()


def test_parquet_in_row_groups_reads_back_as_the_whole_table(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    documents, claims = rows
    write_table(claims_frame(claims), tmp_path / "whole.parquet")
    write_table(documents_frame(documents), tmp_path / "whole_docs.parquet")
    with TableWriter("claims", tmp_path / "streamed.parquet") as writer:
        writer.PARQUET_ROW_GROUP = 10
        for chunk in _chunks(claims, 3):
            writer.write(chunk)
    with TableWriter("documents", tmp_path / "streamed_docs.parquet") as writer:
        for chunk in _chunks(documents, 2):
            writer.write(chunk)
    assert pq.ParquetFile(tmp_path / "streamed.parquet").num_row_groups > 1
    for whole, streamed in (("whole", "streamed"), ("whole_docs", "streamed_docs")):
        a = pd.read_parquet(tmp_path / f"{whole}.parquet")
        b = pd.read_parquet(tmp_path / f"{streamed}.parquet")
        assert a.dtypes.equals(b.dtypes)
        assert a.astype(str).equals(b.astype(str))


def test_parquet_first_chunk_without_values_still_types_columns(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    base = rows[1][0]
    row = {**base, "companies": [], "value_max": None}
    later = {**base, "companies": ["Meta"], "value_max": 2.0}
    with TableWriter("claims", tmp_path / "t.parquet") as writer:
        writer.PARQUET_ROW_GROUP = 1
        writer.write([row])
        writer.write([later])
    back = pd.read_parquet(tmp_path / "t.parquet")
    assert list(back["companies"].map(list)) == [[], ["Meta"]]
    assert back["value_max"].tolist()[1] == 2.0


def test_an_error_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), TableWriter("claims", target) as writer:
        writer.write([])
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_parquet_cannot_go_to_a_stream() -> None:
    with pytest.raises(UsageError):
        TableWriter("claims", fmt="parquet", stream=io.StringIO())


@pytest.mark.parametrize("ext", ["csv", "jsonl", "json", "parquet"])
def test_cli_output_does_not_depend_on_the_chunk_size(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ext: str
) -> None:
    args = ["claims", str(seeds), "--translator", "none", "--no-cache", "-q"]
    runner = CliRunner()
    runner.invoke(cli, [*args, "-o", str(tmp_path / f"a.{ext}"), "--documents", str(tmp_path / f"da.{ext}")])
    monkeypatch.setattr(claims_command, "CHUNK_DOCUMENTS", 1)
    monkeypatch.setattr(claims_command, "CHUNK_CLAIMS", 3)
    result = runner.invoke(
        cli, [*args, "-o", str(tmp_path / f"b.{ext}"), "--documents", str(tmp_path / f"db.{ext}")]
    )
    assert result.exit_code == 0, result.stderr
    for a, b in ((f"a.{ext}", f"b.{ext}"), (f"da.{ext}", f"db.{ext}")):
        if ext == "parquet":
            assert pd.read_parquet(tmp_path / a).astype(str).equals(pd.read_parquet(tmp_path / b).astype(str))
        else:
            assert (tmp_path / a).read_bytes() == (tmp_path / b).read_bytes()
