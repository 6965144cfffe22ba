"""The mentions table: every company, figure and date in counted text, linked to the claim rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sora_meta import Options, analyze
from sora_meta.claims import MENTION_COLUMNS
from sora_meta.cli import cli

ARTICLE = (
    "Volvo Cars opens new plant\n\n"
    "Published: 12 March 2024\n\n"
    "Volvo Cars said on Tuesday that revenue rose 8% to $14.2 billion in 2023.\n\n"
    "The plant in Ghent opens on 3 June 2024.\n\n"
    "Analysts at Morgan Stanley were not surprised.\n"
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "volvo.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_every_figure_date_and_company_is_a_mention_with_offsets_into_the_text(corpus: Path) -> None:
    result = analyze(corpus)
    text = (corpus / "volvo.txt").read_text(encoding="utf-8")
    mentions = result.mentions
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    for row in mentions.itertuples():
        assert text[row.start : row.end] == row.text
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
    figures = mentions[mentions["kind"] == "figure"]
    assert set(figures["text"]) >= {"8%", "$14.2 billion"}
    dollars = figures[figures["text"] == "$14.2 billion"].iloc[0]
    assert dollars["value"] == 14.2e9 and dollars["unit"] == "USD"
    companies = mentions[mentions["kind"] == "company"]
    assert {"Volvo Cars", "Morgan Stanley"} <= set(companies["name"])


def test_a_sentence_with_only_a_date_gives_a_date_mention_and_no_claim(corpus: Path) -> None:
    result = analyze(corpus)
    dates = result.mentions[result.mentions["kind"] == "date"]
    june = dates[dates["text"] == "3 June 2024"]
    assert list(june["date"]) == ["2024-06-03"]
    assert list(june["date_source"]) == ["explicit"]
    assert list(june["claim_ids"]) == [[]]
    assert not result.claims["sentence"].str.contains("Ghent").any()


def test_claim_ids_link_each_figure_to_its_row_and_each_company_to_its_sentence(corpus: Path) -> None:
    result = analyze(corpus)
    claims = result.claims.set_index("claim_id")
    mentions = result.mentions
    for row in mentions[mentions["kind"] == "figure"].itertuples():
        assert len(row.claim_ids) == 1
        claim = claims.loc[row.claim_ids[0]]
        assert (claim["figure_start"], claim["figure_end"]) == (row.start, row.end)
    volvo = mentions[(mentions["kind"] == "company") & (mentions["start"] > 40)].iloc[0]
    assert volvo["name"] == "Volvo Cars"
    linked = claims.loc[volvo["claim_ids"]]
    assert set(linked["figure"]) == {"8%", "$14.2 billion"}
    assert all("Volvo Cars" in names for names in linked["companies"])
    # every claim's date comes from a date mention that lists it
    for claim_id, claim in claims.iterrows():
        if claim["date"]:
            users = mentions[(mentions["kind"] == "date") & (mentions["text"] == claim["date_text"])]
            assert any(claim_id in ids for ids in users["claim_ids"])


def test_furniture_and_repeated_paragraphs_give_no_mentions(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    body = "Siemens said orders rose 8% to €22 billion in the quarter."
    (folder / "a.txt").write_text(f"Siemens orders\n\n{body}\n\n{body}\n", encoding="utf-8")
    result = analyze(folder)
    figures = result.mentions[result.mentions["kind"] == "figure"]
    assert sorted(figures["text"]) == ["8%", "€22 billion"]


def test_mentions_are_the_same_from_the_result_cache(corpus: Path, tmp_path: Path) -> None:
    options = Options(cache_dir=str(tmp_path / "cache"))
    first = analyze(corpus, options)
    again = analyze(corpus, options)
    pd.testing.assert_frame_equal(first.mentions, again.mentions)
    assert len(first.mentions) > 5


@pytest.mark.parametrize("ext", ["csv", "jsonl", "json", "parquet"])
def test_claims_writes_the_mentions_table_in_every_format(corpus: Path, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"mentions.{ext}"
    result = CliRunner().invoke(
        cli, ["claims", str(corpus), "-o", str(tmp_path / "claims.csv"), "--mentions", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    expected = analyze(corpus).mentions
    if ext == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert list(rows[0]) == list(MENTION_COLUMNS)
        assert [r["text"] for r in rows] == list(expected["text"])
        joined = ["; ".join(ids) for ids in expected["claim_ids"]]
        assert [r["claim_ids"] for r in rows] == joined
    elif ext == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["claim_ids"] for r in rows] == list(expected["claim_ids"])
    elif ext == "json":
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert [r["mention_id"] for r in rows] == list(expected["mention_id"])
    else:
        frame = pd.read_parquet(out)
        assert list(frame["mention_id"]) == list(expected["mention_id"])
        assert [list(ids) for ids in frame["claim_ids"]] == list(expected["claim_ids"])
