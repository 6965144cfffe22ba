"""One odd record or file name never sinks a run (#13 1.5): one row with its reason; the rest is read."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.ingest.formats import visible_text


def _run(folder: Path, tmp_path: Path) -> tuple[int, str, pd.DataFrame, pd.DataFrame]:
    out, docs = tmp_path / "c.csv", tmp_path / "d.csv"
    result = CliRunner().invoke(
        cli, ["claims", str(folder), "-o", str(out), "--documents", str(docs), "--translator", "none"]
    )
    claims = pd.read_csv(out, keep_default_na=False)
    documents = pd.read_csv(docs, keep_default_na=False).set_index("doc_id")
    return result.exit_code, result.stderr, claims, documents


def test_bad_records_are_error_rows_with_their_line_and_the_others_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(
        '{"text": "Apple said revenue rose 5% to $90 billion."}\n'
        + "[" * 100_000
        + "]" * 100_000
        + "\n"
        + '{"text": "x", "n": '
        + "9" * 5_000
        + "}\n"
        + '{"text": "A lone \\udc80 surrogate; Nvidia revenue rose 9%."}\n'
        + '{"text": "Tesla said deliveries rose 3% to 400,000 cars."}\n',
        encoding="utf-8",
    )
    code, err, claims, documents = _run(folder, tmp_path)
    assert code == 1
    assert documents.loc["feed.jsonl#2", "reason"] == "line 2: JSON nested too deeply to read"
    assert documents.loc["feed.jsonl#3", "reason"] == "line 3: a number with too many digits to read"
    assert documents.loc["feed.jsonl#4", "reason"].startswith("line 4: a lone surrogate escape")
    assert set(documents.loc[["feed.jsonl#2", "feed.jsonl#3", "feed.jsonl#4"], "status"]) == {"error"}
    assert sorted(claims["figure"]) == ["$90 billion", "3%", "400,000 cars", "5%"]
    assert "Traceback" not in err and err.count("\n") == 3


def test_a_file_name_that_is_not_utf8_is_read_and_shown_with_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as f:
        f.write(b"Ford said sales rose 4% in May.\n")
    code, err, claims, documents = _run(folder, tmp_path)
    assert code == 0, err
    assert list(documents.index) == ["caf\\xe9.txt"]
    assert documents.loc["caf\\xe9.txt", "status"] == "ok"
    assert list(claims["figure"]) == ["4%"]


def test_html_nested_past_the_parser_limit_keeps_its_text() -> None:
    page = (
        "<html><body>"
        + "<div>" * 300
        + "<p>Siemens said orders rose 8%.</p>"
        + "</div>" * 300
        + "</body></html>"
    )
    assert " ".join(visible_text(page).split()) == "Siemens said orders rose 8%."
    deeper = "<html><body><script>var a;</script>" + "<div>" * 100_000 + "<p>Orders &amp; sales rose 8%.</p>"
    assert " ".join(visible_text(deeper).split()) == "Orders & sales rose 8%."
