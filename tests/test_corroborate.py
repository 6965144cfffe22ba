"""Metric, topic and the matching rules of sora_meta.corroborate, on plain inputs."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

import sora_meta
from sora_meta.corroborate import agree, annotate, disagree, find_matches, metric_of, topic_of
from sora_meta.table import claims_frame

_ids = itertools.count()


def row(doc: str, sentence: str, figure: str, value: float, unit: str, **fields: Any) -> dict[str, Any]:
    """A claim row as the pipeline makes it (offsets computed from the sentence)."""
    at = sentence.index(figure)
    base: dict[str, Any] = {
        "claim_id": f"c{next(_ids):04d}",
        "doc_id": doc,
        "doc_title": "",
        "doc_lang": fields.get("lang", "en"),
        "published": "",
        "lang": "en",
        "sentence": sentence,
        "sentence_en": "",
        "translator": "none",
        "start": 0,
        "end": len(sentence),
        "kind": "percent" if unit == "%" else ("money" if unit in ("USD", "CNY", "IDR") else "quantity"),
        "figure": figure,
        "figure_start": at,
        "figure_end": at + len(figure),
        "value": value,
        "value_max": None,
        "unit": unit,
        "qualifier": "exact",
        "companies": [],
        "subject": "",
        "date": "",
        "date_text": "",
        "date_source": "",
    }
    base.update(fields)
    if base["lang"] == "en":
        base["sentence_en"] = sentence
    return base


def matches(*rows: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return find_matches(claims_frame(list(rows)))


def metric(sentence: str, figure: str, lang: str = "en", kind: str = "money", unit: str = "USD") -> str:
    at = sentence.index(figure)
    return metric_of(sentence, lang, kind, unit, at, at + len(figure))[0]


@pytest.mark.parametrize(
    ("sentence", "figure", "lang", "kind", "unit", "expected"),
    [
        (
            "GPT-3's training cost was about $4.6 million.",
            "about $4.6 million",
            "en",
            "money",
            "USD",
            "training cost",
        ),
        (
            "Biaya pelatihan GPT-3 sekitar 1,4 juta dolar AS.",
            "sekitar 1,4 juta dolar AS",
            "id",
            "money",
            "USD",
            "training cost",
        ),
        ("GPT-3的训练成本约为140万美元。", "约为140万美元", "zh", "money", "USD", "training cost"),
        (
            "Alibaba reported revenue of 236.5 billion yuan.",
            "236.5 billion yuan",
            "en",
            "money",
            "CNY",
            "revenue",
        ),
        (
            "Pendapatan Alibaba mencapai 236,5 miliar yuan.",
            "236,5 miliar yuan",
            "id",
            "money",
            "CNY",
            "revenue",
        ),
        ("阿里巴巴营收为2365亿元。", "2365亿元", "zh", "money", "CNY", "revenue"),
        ("Meta's net loss was $13.7 billion.", "$13.7 billion", "en", "money", "USD", "net loss"),
        ("腾讯净利润为500亿元。", "500亿元", "zh", "money", "CNY", "net profit"),
        ("Kapitalisasi pasar Apple US$3 triliun.", "US$3 triliun", "id", "money", "USD", "market value"),
        ("OpenAI raised $6.6 billion in new funding.", "$6.6 billion", "en", "money", "USD", "funding"),
        ("字节跳动估值达到3000亿美元。", "3000亿美元", "zh", "money", "USD", "valuation"),
        (
            "The stock price plummeted by more than 7%.",
            "more than 7%",
            "en",
            "percent",
            "%",
            "share price fall",
        ),
        ("Harga saham Adobe turun 7%.", "7%", "id", "percent", "%", "share price fall"),
        ("腾讯营收同比增长10%。", "10%", "zh", "percent", "%", "revenue rise"),
        (
            "the market value evaporated by more than $70 million",
            "more than $70 million",
            "en",
            "money",
            "USD",
            "market value fall",
        ),
        ("Revenue rose to $35.1 billion.", "$35.1 billion", "en", "money", "USD", "revenue"),
        ("Its market share reached 30%.", "30%", "en", "percent", "%", "market share"),
        (
            "GPT-3 melibatkan 175 miliar parameter.",
            "175 miliar parameter",
            "id",
            "quantity",
            "parameters",
            "parameters",
        ),
        ("What is the concept of $7 trillion?", "$7 trillion", "en", "money", "USD", ""),
        ("The sky is blue and costs nothing; 5% of people agree.", "5%", "en", "percent", "%", ""),
    ],
)
def test_metric_in_three_languages(
    sentence: str, figure: str, lang: str, kind: str, unit: str, expected: str
) -> None:
    assert metric(sentence, figure, lang, kind, unit) == expected


def test_metric_stays_in_its_clause() -> None:
    # The revenue word is beyond a semicolon: not this figure's metric.
    assert (
        metric("Revenue was flat; the company said 3,000 people attended.", "3,000", kind="quantity", unit="")
        == ""
    )


@pytest.mark.parametrize(
    ("sentence", "lang", "subject", "keyword", "expected"),
    [
        ("GPT-3's training cost was about $4.6 million.", "en", "", "training cost", "GPT-3"),
        ("The training cost of GPT-3 was about $4.6 million.", "en", "", "training cost", "GPT-3"),
        (
            "Menurut laporan Guosheng Securities, biaya pelatihan GPT-3 sekitar 1,4 juta dolar AS.",
            "id",
            "Guosheng Securities",
            "biaya pelatihan",
            "GPT-3",
        ),
        ("GPT-3的训练成本约为140万美元。", "zh", "", "训练成本", "GPT-3"),
        ("Sora训练成本约为1亿美元。", "zh", "", "训练成本", "Sora"),
        ("OpenAI's training cost for GPT-4 was $100 million.", "en", "OpenAI", "training cost", "GPT-4"),
        ("Apple's revenue was $90 billion.", "en", "Apple", "revenue", "Apple"),
        (
            "Menurut perkiraan industri, GPT-3 melibatkan 175 miliar parameter, "
            "dan biaya pelatihannya sekitar 12 juta dolar AS.",
            "id",
            "",
            "biaya pelatihannya",
            "GPT-3",
        ),
        ("Revenue was $5 billion, the company said.", "en", "", "Revenue", ""),
    ],
)
def test_topic_is_the_named_model_or_the_company(
    sentence: str, lang: str, subject: str, keyword: str, expected: str
) -> None:
    k = sentence.index(keyword)
    digits = [i for i, ch in enumerate(sentence) if ch.isdigit() and i > k]
    fig = digits[0] if digits else len(sentence)
    companies = [subject] if subject else []
    assert topic_of(sentence, lang, subject, companies, k, k + len(keyword), fig)[0] == expected


def test_paraphrases_in_three_languages_corroborate() -> None:
    corroborated, conflicts = matches(
        row(
            "a.txt",
            "Nvidia reported revenue of $35.1 billion.",
            "$35.1 billion",
            35.1e9,
            "USD",
            subject="NVIDIA",
            companies=["NVIDIA"],
        ),
        row(
            "b.txt",
            "Pendapatan Nvidia mencapai US$35,1 miliar.",
            "US$35,1 miliar",
            35.1e9,
            "USD",
            subject="NVIDIA",
            companies=["NVIDIA"],
            lang="id",
        ),
        row(
            "c.txt",
            "英伟达营收达到351亿美元。",
            "351亿美元",
            35.1e9,
            "USD",
            subject="NVIDIA",
            companies=["NVIDIA"],
            lang="zh",
        ),
    )
    assert conflicts == []
    [group] = corroborated
    assert (group["subject"], group["metric"], group["unit"]) == ("NVIDIA", "revenue", "USD")
    assert group["documents"] == ["a.txt", "b.txt", "c.txt"]
    assert [c["lang"] for c in group["claims"]] == ["en", "id", "zh"]
    assert {
        "claim_id",
        "doc_id",
        "value",
        "unit",
        "figure",
        "sentence",
        "sentence_en",
        "qualifier",
        "date",
        "lang",
    } <= set(group["claims"][0])


def test_different_subjects_do_not_match() -> None:
    corroborated, conflicts = matches(
        row(
            "a.txt",
            "Nvidia reported revenue of $35.1 billion.",
            "$35.1 billion",
            35.1e9,
            "USD",
            subject="NVIDIA",
        ),
        row("b.txt", "AMD reported revenue of $35.1 billion.", "$35.1 billion", 35.1e9, "USD", subject="AMD"),
        row("c.txt", "AMD reported revenue of $6.8 billion.", "$6.8 billion", 6.8e9, "USD", subject="AMD"),
    )
    assert corroborated == []
    assert [(c["subject"], c["min"], c["max"]) for c in conflicts] == [("AMD", 6.8e9, 35.1e9)]


def test_different_metrics_do_not_match() -> None:
    corroborated, conflicts = matches(
        row(
            "a.txt",
            "Nvidia reported revenue of $35.1 billion.",
            "$35.1 billion",
            35.1e9,
            "USD",
            subject="NVIDIA",
        ),
        row(
            "b.txt",
            "Nvidia reported a net profit of $19.3 billion.",
            "$19.3 billion",
            19.3e9,
            "USD",
            subject="NVIDIA",
        ),
        row(
            "c.txt",
            "Nvidia's net profit was $35.1 billion.",
            "$35.1 billion",
            35.1e9,
            "USD",
            subject="NVIDIA",
        ),
    )
    assert corroborated == []
    assert [(c["metric"], c["min"], c["max"]) for c in conflicts] == [("net profit", 19.3e9, 35.1e9)]


def test_a_figure_inside_a_range_is_no_conflict() -> None:
    corroborated, conflicts = matches(
        row(
            "a.txt",
            "Tencent's price is 5,000 to 10,000 yuan.",
            "5,000 to 10,000 yuan",
            5000,
            "CNY",
            value_max=10000.0,
            subject="Tencent",
        ),
        row("b.txt", "Tencent's price is 8,000 yuan.", "8,000 yuan", 8000, "CNY", subject="Tencent"),
    )
    assert (corroborated, conflicts) == ([], [])
    # ... but outside the range it is one.
    _, conflicts = matches(
        row(
            "a.txt",
            "Tencent's price is 5,000 to 10,000 yuan.",
            "5,000 to 10,000 yuan",
            5000,
            "CNY",
            value_max=10000.0,
            subject="Tencent",
        ),
        row("b.txt", "Tencent's price is 20,000 yuan.", "20,000 yuan", 20000, "CNY", subject="Tencent"),
    )
    assert [(c["min"], c["max"]) for c in conflicts] == [(5000, 20000)]


def test_bounds_and_approximations() -> None:
    exact = {"value": 100.0, "value_max": None, "qualifier": "exact"}
    assert agree(exact, exact | {"value": 101.5})
    assert not agree(exact, exact | {"value": 103.0})
    assert agree(exact, exact | {"value": 105.0, "qualifier": "approx"})
    assert not disagree(exact | {"qualifier": "more_than"}, exact | {"value": 500.0})
    assert disagree(exact | {"qualifier": "more_than"}, exact | {"value": 50.0})
    assert not disagree(exact | {"qualifier": "up_to"}, exact | {"value": 50.0})
    assert not disagree(exact, exact | {"value": 80.0, "value_max": 120.0})


def test_a_percentage_and_money_never_match() -> None:
    corroborated, conflicts = matches(
        row("a.txt", "Adobe's share price fell 7%.", "7%", 7.0, "%", subject="Adobe"),
        row("b.txt", "Adobe's share price fell $7.", "$7", 7.0, "USD", subject="Adobe"),
    )
    assert (corroborated, conflicts) == ([], [])


def test_one_document_repeating_a_figure_is_not_corroboration() -> None:
    corroborated, conflicts = matches(
        row("a.txt", "OpenAI raised $6.6 billion.", "$6.6 billion", 6.6e9, "USD", subject="OpenAI"),
        row("a.txt", "Again: OpenAI raised $6.6 billion.", "$6.6 billion", 6.6e9, "USD", subject="OpenAI"),
    )
    assert (corroborated, conflicts) == ([], [])


def test_an_unlabelled_repeat_joins_its_group_as_an_echo_only_in_the_same_document() -> None:
    rows = [
        row("a.txt", "OpenAI raised $7 trillion.", "$7 trillion", 7e12, "USD", subject="OpenAI"),
        row(
            "b.txt",
            "OpenAI would raise 7 trillion US dollars.",
            "7 trillion US dollars",
            7e12,
            "USD",
            subject="OpenAI",
        ),
        row("b.txt", "What is the concept of $7 trillion?", "$7 trillion", 7e12, "USD"),
        row("c.txt", "What is the concept of $7 trillion?", "$7 trillion", 7e12, "USD"),
    ]
    [group], _ = matches(*rows)
    assert group["documents"] == ["a.txt", "b.txt"]
    assert [(c["doc_id"], c["match"]) for c in group["claims"]] == [
        ("a.txt", "direct"),
        ("b.txt", "direct"),
        ("b.txt", "echo"),
    ]
    # Echoes alone never make a corroboration.
    assert matches(rows[0], rows[3]) == ([], [])


def test_claims_of_different_periods_are_not_compared() -> None:
    corroborated, conflicts = matches(
        row(
            "a.txt",
            "Meta's revenue was $117 billion in 2022.",
            "$117 billion",
            117e9,
            "USD",
            subject="Meta",
            date="2022",
        ),
        row(
            "b.txt",
            "Meta's revenue was $135 billion in 2023.",
            "$135 billion",
            135e9,
            "USD",
            subject="Meta",
            date="2023",
        ),
        row(
            "c.txt",
            "Meta's revenue was $116.6 billion in 2022.",
            "$116.6 billion",
            116.6e9,
            "USD",
            subject="Meta",
            date="2022",
        ),
    )
    assert conflicts == []
    assert [(g["documents"], g["value"]) for g in corroborated] == [(["a.txt", "c.txt"], 116.6e9)]


def test_annotate_adds_columns_and_keeps_rows() -> None:
    frame = claims_frame(
        [row("a.txt", "GPT-3's training cost was $4.6 million.", "$4.6 million", 4.6e6, "USD")]
    )
    out = annotate(frame)
    assert list(out[["metric", "topic", "topic_kind"]].iloc[0]) == ["training cost", "GPT-3", "name"]
    assert "metric" not in frame.columns


def test_constructed_corpus_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(
        "Nvidia results\n\nNvidia reported revenue of $35.1 billion, the company said.\n\n"
        "OpenAI's training cost for GPT-4 was more than $100 million, analysts said.\n",
        encoding="utf-8",
    )
    (tmp_path / "id.txt").write_text(
        "Hasil Nvidia\n\nPendapatan Nvidia mencapai US$35,1 miliar, kata perusahaan itu.\n\n"
        "Biaya pelatihan GPT-4 sekitar US$60 juta menurut analis.\n",
        encoding="utf-8",
    )
    (tmp_path / "zh.txt").write_text(
        "英伟达业绩\n\n英伟达营收达到351亿美元。\n\n阿里巴巴营收为2365亿元人民币。\n\n据估计，GPT-4的训练成本约为1亿美元。\n",
        encoding="utf-8",
    )
    corroborated, conflicts = find_matches(sora_meta.analyze(tmp_path).claims)
    assert [(g["subject"], g["metric"], g["documents"]) for g in corroborated] == [
        ("NVIDIA", "revenue", ["en.txt", "id.txt", "zh.txt"]),
        ("GPT-4", "training cost", ["en.txt", "zh.txt"]),
    ]
    [conflict] = conflicts
    assert (conflict["subject"], conflict["metric"], conflict["min"], conflict["max"]) == (
        "GPT-4",
        "training cost",
        60e6,
        100e6,
    )
