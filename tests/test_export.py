"""Writers: whole tables and chunk-by-chunk streams give the same files, written atomically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.cli import cli
from sora_meta.commands import claims as claims_command
from sora_meta.errors import OutputError, UsageError
from sora_meta.export import TableWriter, remove_temporary_files, write_stream, write_table
from sora_meta.models import Options
from sora_meta.pipeline import iter_results
from sora_meta.table import claims_frame, column_types, documents_frame


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


_TEXT = st.text(alphabet=st.sampled_from(list(",\"\n\r\t =+-@'aZ9é中;")), max_size=8)
_CELLS = {
    "text": st.one_of(st.none(), _TEXT),
    "int": st.one_of(st.none(), st.integers(-(10**12), 10**12)),
    "float": st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-(10**6), 10**6)),
    "list": st.lists(_TEXT, max_size=3),
    "dict": st.dictionaries(st.sampled_from(["en", "id", "zh"]), st.floats(0, 1), max_size=3),
}


def _rows_of(kind: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({c: _CELLS[t] for c, t in column_types(kind)}), max_size=4)


@settings(max_examples=150, deadline=None)
@given(claims=_rows_of("claims"), documents=_rows_of("documents"), safe=st.booleans())
def test_streamed_csv_writes_the_cells_pandas_writes(
    claims: list[dict[str, Any]], documents: list[dict[str, Any]], safe: bool
) -> None:
    # The writer skips the DataFrame: its bytes must still be those of pandas' to_csv on the table.
    for kind, table, frame in (
        ("claims", claims, claims_frame(claims)),
        ("documents", documents, documents_frame(documents)),
    ):
        whole = io.StringIO()
        write_stream(frame, whole, "csv", safe=safe)
        streamed = io.StringIO()
        with TableWriter(kind, fmt="csv", stream=streamed, safe=safe) as writer:
            for chunk in _chunks(table, 2):
                writer.write(chunk)
        assert streamed.getvalue() == whole.getvalue(), kind


def test_csv_cells_a_spreadsheet_would_run_get_a_quote_lists_included() -> None:
    row = {"claim_id": "=1+1", "companies": ["=HYPERLINK(1)", "B"], "figure": "-5%", "value": -5.0}
    out = io.StringIO()
    with TableWriter("claims", fmt="csv", stream=out) as writer:
        writer.write([row])
    cells = next(iter(pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False).to_dict("records")))
    assert (cells["claim_id"], cells["companies"], cells["figure"]) == ("'=1+1", "'=HYPERLINK(1); B", "-5%")
    assert cells["value"] == -5.0  # numbers stay numbers


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


# -- Parquet datasets: a folder of part files ----------------------------------------------------------


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_folder_gets_a_dataset_of_part_files_that_reads_back_as_the_whole_table(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    claims = rows[1]
    write_table(claims_frame(claims), tmp_path / "whole.parquet")
    with TableWriter("claims", f"{tmp_path}/dataset/") as writer:
        writer.PARQUET_ROW_GROUP = 10
        for chunk in _chunks(claims, 3):
            writer.write(chunk)
    folder = tmp_path / "dataset"
    names = _parts(folder)
    assert names == [f"part-{i:06d}.parquet" for i in range(len(names))] and len(names) > 1
    counts = [pq.ParquetFile(folder / n).metadata.num_rows for n in names]  # each part a complete file
    assert sum(counts) == len(claims) and min(counts[:-1]) >= 10  # a part is written once 10 rows wait
    whole, back = pd.read_parquet(tmp_path / "whole.parquet"), pd.read_parquet(folder)
    assert back.dtypes.equals(whole.dtypes)
    assert back.astype(str).equals(whole.astype(str))  # every row, in order
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "whole.parquet"]  # no temporary folder


def test_an_empty_dataset_still_has_the_columns(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    with TableWriter("claims", f"{tmp_path}/empty/"):
        pass
    back = pd.read_parquet(tmp_path / "empty")
    assert len(back) == 0 and list(back.columns) == list(claims_frame([]).columns)


def test_a_dataset_replaces_an_earlier_one_whole(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    claims = rows[1]
    folder = tmp_path / "out"
    folder.mkdir()  # an existing (empty) folder needs no trailing slash
    with TableWriter("claims", folder) as writer:
        writer.PARQUET_ROW_GROUP = 5
        for chunk in _chunks(claims, 5):
            writer.write(chunk)
    assert len(_parts(folder)) > 2
    with TableWriter("claims", folder) as writer:  # a smaller run leaves no part of the earlier one
        writer.write(claims[:3])
    assert _parts(folder) == ["part-000000.parquet"]
    assert pd.read_parquet(folder)["claim_id"].tolist() == [c["claim_id"] for c in claims[:3]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes: cannot write .*todo\.txt; refusing to replace it"):
        TableWriter("claims", folder)
    assert _parts(folder) == ["todo.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_an_error_while_writing_a_dataset_keeps_the_earlier_one(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    claims = rows[1]
    folder = tmp_path / "out"
    with TableWriter("claims", f"{folder}/") as writer:
        writer.write(claims[:2])
    before = (folder / "part-000000.parquet").read_bytes()
    with pytest.raises(RuntimeError), TableWriter("claims", folder) as writer:
        writer.PARQUET_ROW_GROUP = 1
        for chunk in _chunks(claims, 5):
            writer.write(chunk)
        assert len([p for p in tmp_path.iterdir() if p.name.startswith(".out.")]) == 1  # parts on disk
        raise RuntimeError("boom")
    assert _parts(folder) == ["part-000000.parquet"]
    assert (folder / "part-000000.parquet").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_cli_writes_both_tables_as_datasets(seeds: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    runner = CliRunner()
    args = ["claims", str(seeds), "--translator", "none", "--no-cache", "-q"]
    files = runner.invoke(
        cli, [*args, "-o", str(tmp_path / "c.parquet"), "--documents", str(tmp_path / "d.parquet")]
    )
    folders = runner.invoke(cli, [*args, "-o", f"{tmp_path}/claims/", "--documents", f"{tmp_path}/docs/"])
    assert files.exit_code == folders.exit_code == 0, folders.stderr
    for file, folder in (("c.parquet", "claims"), ("d.parquet", "docs")):
        a, b = pd.read_parquet(tmp_path / file), pd.read_parquet(tmp_path / folder)
        assert len(b) > 0 and b.astype(str).equals(a.astype(str)), folder


def test_cli_a_folder_takes_no_other_format(seeds: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["claims", str(seeds), "-o", f"{tmp_path}/out/", "--format", "csv", "-q"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"sora-meta: error: {tmp_path}/out/: a folder is written only as a Parquet dataset; "
        "give a file name for csv"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_second_ctrl_c_removes_a_dataset_being_written(
    rows: tuple[list[dict[str, Any]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    writer = TableWriter("claims", f"{tmp_path}/out/")
    writer.PARQUET_ROW_GROUP = 1
    writer.write(rows[1][:3])
    assert len(list(tmp_path.iterdir())) == 1  # the temporary folder, with its parts
    remove_temporary_files()  # what the CLI does when a second Ctrl-C stops it at once
    assert list(tmp_path.iterdir()) == []
