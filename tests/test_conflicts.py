"""Agreement and conflict on an invented corpus in six languages, through the real pipeline.

Each document is made up for this test. Real conflicts and agreements must be found, and no
look-alike (a part and its whole, an old and a new value, a target and a price, a total and a
segment, two periods, two metrics, a change and a level) may be called a conflict.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sora_meta
from sora_meta.analysis import corpus_view
from sora_meta.cli import cli
from sora_meta.models import Options

CORPUS = {
    # English: an anaphoric segment figure, look-alikes in one sentence, a quoted analyst firm.
    "en_results.txt": (
        "Quarterly roundup\n\n"
        "Microsoft presented its quarterly numbers to investors on Tuesday.\n\n"
        "The company's cloud revenue was $31.8 billion.\n\n"
        "Samsung Electronics posted an operating profit of $5.2 billion.\n\n"
        "Morgan Stanley raised its price target on Nvidia to $275 from $220.\n\n"
        "Toyota sold 4 million cars, of which 310,000 abroad.\n\n"
        "Nvidia's total revenue was $52.3 billion, while data-center revenue reached $45.9 billion.\n\n"
        "According to Counterpoint, Xiaomi shipped 43 million smartphones.\n\n"
        "Huawei's market value reached $30 billion.\n\n"
        "Alibaba's market share rose 3%.\n"
    ),
    # Indonesian: the same cloud figure, the rounded market value, a share price (not a target).
    "id_ringkasan.txt": (
        "Ringkasan pasar\n\n"
        "Pendapatan cloud Microsoft mencapai US$31,8 miliar.\n\n"
        "Nilai pasar Huawei mencapai US$30,04 miliar.\n\n"
        "Harga saham Nvidia ditutup pada US$190.\n\n"
        "Pendapatan Nvidia mencapai US$52,3 miliar.\n"
    ),
    # Chinese: the cloud figure again, a segment of Nvidia's revenue, a conflicting profit.
    "zh_kuaixun.txt": (
        "科技快讯\n\n微软云收入为318亿美元。\n\n英伟达数据中心收入为459亿美元。\n\n三星电子营业利润为61亿美元。\n"
    ),
    # German: the conflicting Samsung profit again; Nvidia revenue of another quarter.
    "de_bericht.txt": (
        "Wochenbericht\n\n"
        "Samsung Electronics meldete einen operativen Gewinn von 6,1 Milliarden Dollar.\n\n"
        "Der Umsatz von Nvidia lag im ersten Quartal 2025 bei 44,1 Milliarden Dollar.\n\n"
        "Alibaba kam auf einen Marktanteil von 21 Prozent.\n"
    ),
    # Spanish: Nvidia revenue (agrees), a second quarter figure, and a conflicting Tesla figure.
    "es_informe.txt": (
        "Informe semanal\n\n"
        "Los ingresos de Nvidia fueron de 52.300 millones de dólares.\n\n"
        "Los ingresos de Nvidia en el segundo trimestre de 2025 fueron de 46.700 millones de dólares.\n\n"
        "Los ingresos de Tesla fueron de 25.500 millones de dólares.\n"
    ),
    # French: revenue agrees, net profit is another metric, a target is not a price; Tesla differs.
    "fr_bilan.txt": (
        "Bilan de la semaine\n\n"
        "Le chiffre d'affaires de Nvidia a atteint 52,3 milliards de dollars.\n\n"
        "Le bénéfice net de Nvidia s'est élevé à 29,1 milliards de dollars.\n\n"
        "Goldman Sachs a relevé son objectif de cours sur Nvidia à 275 dollars.\n\n"
        "Le chiffre d'affaires de Tesla a atteint 21,9 milliards de dollars.\n"
    ),
}


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("invented")
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return corpus_view(sora_meta.analyze(folder, Options(use_cache=False)))


def _about(entry: dict[str, Any]) -> tuple[str, str, str]:
    return entry["subject"], entry["metric"], entry["unit"]


def _figures(entry: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["doc_id"], c["figure"]) for c in entry["claims"]]


def test_real_conflicts_are_found_with_why_and_spread(view: dict[str, Any]) -> None:
    conflicts = {_about(c): c for c in view["conflicts"]}
    samsung = conflicts[("Samsung", "operating profit", "USD")]
    assert _figures(samsung) == [
        ("en_results.txt", "$5.2 billion"),
        ("de_bericht.txt", "6,1 Milliarden Dollar"),
        ("zh_kuaixun.txt", "61亿美元"),
    ]
    assert samsung["period"] == "undated"
    assert samsung["why"] == (
        "same subject (Samsung), metric (operating profit), period (undated), unit (USD)"
    )
    assert samsung["spread"] == "5.2 vs 6.1 billion USD, 17% apart"
    tesla = conflicts[("Tesla", "revenue", "USD")]
    assert _figures(tesla) == [
        ("fr_bilan.txt", "21,9 milliards de dollars"),
        ("es_informe.txt", "25.500 millones de dólares"),
    ]
    assert tesla["spread"] == "21.9 vs 25.5 billion USD, 16% apart"


def test_no_look_alike_is_called_a_conflict(view: dict[str, Any]) -> None:
    # Exactly the two real conflicts: not the target's old value ($220 against $275), not the
    # target against the share price ($275 against $190), not total revenue against data-center
    # revenue, not Q1 or Q2 against the undated figure, not revenue against net profit, not a
    # part against its whole (310,000 of 4 million cars), not a rise of 3% against a share of 21%.
    assert [_about(c) for c in view["conflicts"]] == [
        ("Samsung", "operating profit", "USD"),
        ("Tesla", "revenue", "USD"),
    ]


def test_agreements_across_languages_anaphora_and_rounding(view: dict[str, Any]) -> None:
    agreed = {(*_about(g), g["value"]): g for g in view["corroborated"]}
    # Named in an earlier sentence ("The company's cloud revenue"), in English, Indonesian, Chinese.
    cloud = agreed[("Microsoft", "revenue", "USD", 31.8e9)]
    assert _figures(cloud) == [
        ("en_results.txt", "$31.8 billion"),
        ("id_ringkasan.txt", "mencapai US$31,8 miliar"),
        ("zh_kuaixun.txt", "318亿美元"),
    ]
    assert [c["topic_source"] for c in cloud["claims"]] == ["context", "sentence", "sentence"]
    assert cloud["approximate"] is False
    # The same revenue in four languages.
    nvidia = agreed[("NVIDIA", "revenue", "USD", 52.3e9)]
    assert nvidia["documents"] == [
        "en_results.txt",
        "es_informe.txt",
        "fr_bilan.txt",
        "id_ringkasan.txt",
    ]
    # $30 billion and US$30,04 miliar agree, reported as approximate.
    huawei = agreed[("Huawei", "market value", "USD", 30e9)]
    assert huawei["approximate"] is True
    assert huawei["documents"] == ["en_results.txt", "id_ringkasan.txt"]
    # A target agrees with a target (the `from` value is not part of it).
    target = agreed[("NVIDIA", "price target", "USD", 275.0)]
    assert _figures(target) == [("en_results.txt", "$275"), ("fr_bilan.txt", "275 dollars")]
    # Samsung's profit of 6.1 billion agrees in German and Chinese (and conflicts with English).
    assert agreed[("Samsung", "operating profit", "USD", 6.1e9)]["documents"] == [
        "de_bericht.txt",
        "zh_kuaixun.txt",
    ]


def test_quoted_firm_is_not_the_subject(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Phones\n\nAccording to Counterpoint, Xiaomi shipped 43 million smartphones.\n\n"
        "Nvidia's price target from Morgan Stanley is $275.\n",
        encoding="utf-8",
    )
    claims = sora_meta.analyze(tmp_path, Options(use_cache=False)).claims
    subjects = dict(zip(claims["figure"], claims["subject"], strict=True))
    assert subjects["43 million smartphones"] == "Xiaomi"
    assert subjects["$275"] == "NVIDIA"
    from sora_meta.corroborate import annotate

    topics = dict(zip(claims["figure"], annotate(claims)["topic"], strict=True))
    assert topics["$275"] == "NVIDIA"


def test_order_is_stable(view: dict[str, Any], tmp_path: Path) -> None:
    for name, text in reversed(list(CORPUS.items())):
        (tmp_path / name).write_text(text, encoding="utf-8")
    again = corpus_view(sora_meta.analyze(tmp_path, Options(use_cache=False)))
    assert again["conflicts"] == view["conflicts"]
    assert again["corroborated"] == view["corroborated"]


def test_summary_text_and_json_say_why_and_how_far_apart(tmp_path: Path) -> None:
    for name in ("en_results.txt", "de_bericht.txt", "zh_kuaixun.txt", "id_ringkasan.txt"):
        (tmp_path / name).write_text(CORPUS[name], encoding="utf-8")
    text = CliRunner().invoke(
        cli, ["summarize", str(tmp_path), "--format", "text", "--no-cache", "--translator", "none"]
    )
    assert text.exit_code == 0, text.output
    assert "Samsung · operating profit · undated: 5.2 vs 6.1 billion USD, 17% apart" in text.output
    assert "≈" in text.output  # the approximate agreement of $30 billion and US$30,04 miliar
    markdown = CliRunner().invoke(
        cli, ["summarize", str(tmp_path), "--format", "markdown", "--no-cache", "--translator", "none"]
    )
    assert "5.2 vs 6.1 billion USD, 17% apart" in markdown.output
    data = json.loads(
        CliRunner()
        .invoke(cli, ["summarize", str(tmp_path), "--format", "json", "--no-cache", "--translator", "none"])
        .output
    )
    [conflict] = data["conflicts"]
    assert conflict["why"].startswith("same subject (Samsung), metric (operating profit)")
    assert conflict["spread_percent"] == 17.3


MOVES = {
    # Old and new values in one sentence, in five languages; a part and its whole; two lines'
    # growth; quarters without a year; and one real conflict (Tesla's revenue growth).
    "en_notes.txt": (
        "Notes\n\n"
        "UBS lifted Nvidia's price target from $220 to $275.\n\n"
        "BYD's shipments reached 4.3 million units, of which 1.1 million overseas.\n\n"
        "Microsoft's cloud revenue grew 39%, and its advertising revenue grew 12%.\n\n"
        "Tesla's revenue rose 12% to $25.5 billion.\n\n"
        "Apple's revenue in the first quarter was $95 billion.\n"
    ),
    "id_catatan.txt": (
        "Catatan\n\n"
        "UBS menaikkan target harga saham Nvidia menjadi US$275 dari US$220.\n\n"
        "Pengiriman BYD mencapai 4,3 juta unit.\n\n"
        "Pendapatan iklan Microsoft tumbuh 12%.\n\n"
        "Pendapatan Apple pada kuartal kedua mencapai US$90 miliar.\n"
    ),
    "zh_biji.txt": (
        "笔记\n\n瑞银将英伟达目标价从220美元上调至275美元。\n\n微软智能云收入增长39%。\n\n特斯拉营收增长12%。\n"
    ),
    "de_notizen.txt": (
        "Notizen\n\n"
        "Die UBS hob das Kursziel für Nvidia von 220 auf 275 Dollar an.\n\n"
        "Der Umsatz von Tesla stieg um 15 Prozent.\n"
    ),
    "es_notas.txt": (
        "Notas\n\n"
        "UBS elevó el precio objetivo de Nvidia de 220 a 275 dólares.\n\n"
        "Los ingresos de Tesla crecieron un 12% hasta 25.500 millones de dólares.\n"
    ),
}


def test_old_and_new_values_parts_and_unknown_quarters_are_no_conflict(tmp_path: Path) -> None:
    for name, text in MOVES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    view = corpus_view(sora_meta.analyze(tmp_path, Options(use_cache=False)))
    [conflict] = view["conflicts"]
    assert _about(conflict) == ("Tesla", "revenue rise", "%")
    assert conflict["spread"] == "12 vs 15 %, 25% apart"
    assert [c["doc_id"] for c in conflict["claims"]][-1] == "de_notizen.txt"
    agreed = {(*_about(g), g["value"]): g["documents"] for g in view["corroborated"]}
    # The new target agrees in Indonesian, Chinese and German (each also states the old one).
    assert agreed[("NVIDIA", "price target", "USD", 275.0)] == [
        "de_notizen.txt",
        "id_catatan.txt",
        "zh_biji.txt",
    ]
    assert agreed[("BYD", "shipments", "units", 4.3e6)] == ["en_notes.txt", "id_catatan.txt"]
    assert agreed[("Microsoft", "revenue rise", "%", 39.0)] == ["en_notes.txt", "zh_biji.txt"]
    assert agreed[("Tesla", "revenue", "USD", 25.5e9)] == ["en_notes.txt", "es_notas.txt"]


def test_a_quarter_without_its_year_is_compared_only_with_the_same_quarter(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(
        "Chips\n\nSamsung's third-quarter operating profit was $5.2 billion.\n\n"
        "Apple's revenue in the first quarter was $95 billion.\n",
        encoding="utf-8",
    )
    (tmp_path / "zh.txt").write_text(
        "芯片\n\n三星电子第三季度营业利润为61亿美元。\n\n苹果第二季度营收为900亿美元。\n", encoding="utf-8"
    )
    view = corpus_view(sora_meta.analyze(tmp_path, Options(use_cache=False)))
    [conflict] = view["conflicts"]  # not Apple's first quarter against its second
    assert _about(conflict) == ("Samsung", "operating profit", "USD")
    assert conflict["period"] == "Q3, year not given"
    assert _figures(conflict) == [("en.txt", "$5.2 billion"), ("zh.txt", "61亿美元")]


def test_growth_of_two_lines_is_no_conflict_but_one_line_stated_twice_is(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Software\n\nMicrosoft said its cloud revenue grew 39%.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Ads\n\nMicrosoft said its advertising revenue grew 12%.\n", encoding="utf-8"
    )
    (tmp_path / "c.txt").write_text(
        "Cloud\n\nMicrosoft's cloud revenue grew 35%, analysts at Jefferies said.\n", encoding="utf-8"
    )
    view = corpus_view(sora_meta.analyze(tmp_path, Options(use_cache=False)))
    [conflict] = view["conflicts"]
    assert (conflict["subject"], conflict["metric"], conflict["segment"]) == (
        "Microsoft",
        "revenue rise",
        "cloud",
    )
    assert _figures(conflict) == [("c.txt", "35%"), ("a.txt", "39%")]
    assert (
        conflict["why"]
        == "same subject (Microsoft), metric (revenue rise, segment cloud), period (undated), unit (%)"
    )


def test_a_segment_after_a_verb_or_a_name_is_no_conflict_with_the_total(tmp_path: Path) -> None:
    (tmp_path / "total.txt").write_text(
        "Results\n\nFeb 21, 2024 - Nvidia said revenue was $22.1 billion in the fourth quarter.\n",
        encoding="utf-8",
    )
    (tmp_path / "segment.txt").write_text(
        "Data centers\n\nFeb 22, 2024 - Nvidia said data center revenue was $18.4 billion in the fourth "
        "quarter.\n",
        encoding="utf-8",
    )
    (tmp_path / "segments.txt").write_text(
        "Segments\n\nFeb 22, 2024 - Nvidia data center revenue reached $18.4 billion in the fourth quarter, "
        "while gaming revenue was $2.9 billion.\n",
        encoding="utf-8",
    )
    view = corpus_view(sora_meta.analyze(tmp_path, Options(use_cache=False)))
    assert view["conflicts"] == []  # the total, the data-center part and the gaming part differ
    [agreement] = view["corroborated"]
    assert _figures(agreement) == [("segment.txt", "$18.4 billion"), ("segments.txt", "$18.4 billion")]
    assert "segment data center" in agreement["why"]


def test_deliveries_rounded_differently_agree_and_production_is_another_metric(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Deliveries\n\nJan 25, 2024 - Tesla delivered 484,507 vehicles in the fourth quarter. "
        "Tesla produced 494,989 vehicles in the fourth quarter.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Deliveries\n\nJan 26, 2024 - Tesla delivered 484,500 vehicles in the fourth quarter, "
        "up from 435,059 in the third quarter.\n",
        encoding="utf-8",
    )
    view = corpus_view(sora_meta.analyze(tmp_path, Options(use_cache=False)))
    assert view["conflicts"] == []
    [agreement] = view["corroborated"]
    assert (agreement["subject"], agreement["metric"], agreement["period"]) == (
        "Tesla",
        "deliveries",
        "2023-Q4",
    )
    assert agreement["approximate"] is True
    assert _figures(agreement) == [("a.txt", "484,507 vehicles"), ("b.txt", "484,500 vehicles")]
