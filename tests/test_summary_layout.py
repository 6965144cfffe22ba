"""The summary's layout (#16): time order, every currency, ids, and 80 columns piped."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rich.cells import cell_len

from sora_meta.analysis import date_key, short_ids
from sora_meta.cli import cli


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_dates_of_mixed_precision_sort_by_start_and_yearless_last() -> None:
    dates = ["2024-03", "--02-19", "2024", "2023-Q3", "2024-W16", "2024-01-05", "2023-09/2023-11", "2022"]
    assert sorted(dates, key=date_key) == [
        "2022", "2023-Q3", "2023-09/2023-11", "2024", "2024-01-05", "2024-03", "2024-W16", "--02-19",
    ]  # fmt: skip


def test_shortest_unique_prefix() -> None:
    ids = ["000_260d7667.txt", "000_26ff.txt", "001_66.txt", "b"]
    short = short_ids(ids)
    assert short == {
        "000_260d7667.txt": "000_260",
        "000_26ff.txt": "000_26f",
        "001_66.txt": "001_66",
        "b": "b",
    }


def test_seeds_at_80_columns_piped(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "-q", "--translator", "none", env={"COLUMNS": "80"})
    assert code == 0
    lines = out.splitlines()
    assert len(lines) <= 200
    assert max(cell_len(line) for line in lines) <= 80
    assert not [line for line in lines if line != line.rstrip()]
    code, wide, _ = run("summarize", str(seeds), "-q", "--translator", "none", env={"COLUMNS": "120"})
    assert max(cell_len(line) for line in wide.splitlines()) > 80  # COLUMNS is honoured


def test_timeline_in_time_order_with_ids_and_more_lines(seeds: Path) -> None:
    _, out, _ = run("summarize", str(seeds), "-q", "--translator", "none", "--format", "json")
    view = json.loads(out)
    keys = [date_key(t["date"]) for t in view["timeline"]]
    assert keys == sorted(keys)
    assert view["overview"]["published"] == {"first": "2024-03-07", "last": "2024-03-07"}
    assert view["overview"]["published_without_year"] == ["--02-19"]
    _, text, _ = run("summarize", str(seeds), "-q", "--translator", "none", env={"COLUMNS": "80"})
    assert "published           2024-03-07; without a year: --02-19" in text
    timeline = text[text.index("\nTimeline") :]
    for t in view["timeline"][:3]:
        assert view["short_claim_ids"][t["claim_id"]] in timeline  # `show ID` is one copy away
    assert "more companies" in text  # a cut list says how much is hidden
    assert "000_260d7667f8a8cf0d.txt" in text  # document ids whole in the documents list


def test_key_figures_show_every_currency(seeds: Path) -> None:
    _, out, _ = run("summarize", str(seeds), "-q", "--translator", "none", "--format", "json")
    currencies = {f["unit"] for f in json.loads(out)["figures"]}
    _, text, _ = run("summarize", str(seeds), "-q", "--translator", "none", env={"COLUMNS": "80"})
    section = text[text.index("Key figures") : text.index("\nTimeline")]
    for unit in currencies:
        assert f" {unit} " in section, unit


def test_no_claims_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Nothing here to count at all, only words.\n", encoding="utf-8")
    code, out, _ = run("summarize", str(tmp_path), "-q", "--translator", "none")
    assert code == 0
    assert "none: no figure or dated event was found" in out
    assert "Timeline" not in out and "Key figures" not in out


def test_english_titles_beside_the_originals_and_cut_lists_say_so(seeds: Path) -> None:
    import io

    from sora_meta.analysis import corpus_view
    from sora_meta.models import Options
    from sora_meta.pipeline import analyze
    from sora_meta.render import render_text

    view = corpus_view(analyze([str(seeds)], Options(translator="none", use_cache=False)))
    zh = next(d for d in view["documents"] if d["lang"] == "zh")
    zh["title_en"] = "Sora saves the metaverse"
    view["timeline"] = view["timeline"] * 3  # more than the terminal shows
    out = io.StringIO()
    render_text(view, out, 100)
    text = out.getvalue()
    assert "(en: Sora saves the metaverse)" in text
    hidden = len(view["timeline"]) - 20
    assert f"… {hidden} more dated claims (all in --format json)" in text
