"""The corpus view of the seeds: corroboration, conflicts, coverage and problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sora_meta
from sora_meta.analysis import corpus_view, gate


@pytest.fixture(scope="module")
def view() -> dict[str, Any]:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    return corpus_view(sora_meta.analyze(seeds))


def test_openai_seven_trillion_is_corroborated_by_002_and_004(view: dict[str, Any]) -> None:
    groups = [g for g in view["corroborated"] if g["subject"] == "OpenAI" and g["value"] == 7e12]
    [group] = groups
    assert group["metric"] == "funding"
    assert group["unit"] == "USD"
    assert [d[:3] for d in group["documents"]] == ["002", "004"]
    written = [(c["doc_id"][:3], c["figure"], c["match"]) for c in group["claims"]]
    assert written == [
        ("002", "$7 trillion", "direct"),
        ("004", "7 trillion US dollars", "direct"),
        ("004", "$7 trillion", "echo"),  # "What is the concept of $7 trillion?"
    ]


def test_gpt3_training_cost_conflict_in_001(view: dict[str, Any]) -> None:
    [conflict] = [c for c in view["conflicts"] if c["subject"] == "GPT-3"]
    assert conflict["metric"] == "training cost"
    assert (conflict["unit"], conflict["min"], conflict["max"]) == ("USD", 1.4e6, 12e6)
    assert [c["figure"] for c in conflict["claims"]] == [
        "sekitar 1,4 juta dolar AS",
        "sekitar 12 juta dolar AS",
    ]
    assert {c["doc_id"][:3] for c in conflict["claims"]} == {"001"}
    for claim in conflict["claims"]:
        assert {"claim_id", "doc_id", "value", "unit", "figure", "sentence", "sentence_en"} <= set(claim)


def test_view_keys_and_order_are_stable(view: dict[str, Any]) -> None:
    assert list(view) == [
        "version",
        "overview",
        "documents",
        "problems",
        "companies",
        "figures",
        "timeline",
        "corroborated",
        "conflicts",
        "short_doc_ids",
        "short_claim_ids",
    ]
    assert view["version"] == 1
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert corpus_view(sora_meta.analyze(seeds)) == view


def test_languages_and_translation_coverage(view: dict[str, Any]) -> None:
    ov = view["overview"]
    assert ov["claims_by_lang"] == {"id": 29, "en": 25, "zh": 1}  # "in the next 4-5 years" is a duration
    tr = ov["translation"]
    assert tr["non_english"] == 30
    assert tr["translated"] + tr["untranslated"] == 30
    assert set(tr["by_lang"]) == {"id", "zh"}
    assert view["problems"] == []


def test_problems_list_documents_not_read(mixed_folder: Path) -> None:
    v = corpus_view(sora_meta.analyze(mixed_folder))
    assert [(p["doc_id"], p["status"]) for p in v["problems"]] == [
        ("empty.txt", "empty"),
        ("feed.jsonl#2", "skipped"),
        ("image.png", "skipped"),
    ]
    assert "errors" in gate(v, ["errors"])


def test_gate(view: dict[str, Any]) -> None:
    found = gate(view, ["conflicts", "errors"])
    assert list(found) == ["conflicts"]
    assert "GPT-3 · training cost" in found["conflicts"]
    with pytest.raises(ValueError):
        gate(view, ["nonsense"])
