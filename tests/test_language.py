"""Language identification: documents, paragraphs, writing systems, close neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest

from sora_meta.errors import UsageError
from sora_meta.language import Scripts, detect, label_parts, ranker

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_LANGS = {"000": "en", "001": "id", "002": "en", "003": "zh", "004": "en"}


def seed_lines(prefix: str) -> list[str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("熟悉的配方、熟悉的操作。", "zh"),  # fastText alone says Japanese
        ("2024 主旋律:与 Sora 贴身肉搏", "zh"),
        ("相关推荐", "zh"),
        ("東京証券取引所で株価が上昇した。", "ja"),
        ("삼성전자가 3분기 실적을 발표했다.", "ko"),
        ("Harga saham perusahaan teknologi itu naik tajam setelah laporan keuangan dirilis.", "id"),
        ("The company said revenue rose sharply in the third quarter of the year.", "en"),
        ("Le chiffre d'affaires de la société a fortement augmenté au troisième trimestre.", "fr"),
        ("Der Umsatz des Unternehmens stieg im dritten Quartal deutlich an.", "de"),
    ],
)
def test_detect_paragraphs(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_scripts_han_only_is_chinese_never_japanese_or_korean() -> None:
    assert Scripts.of("元宇宙概念").language == "zh"
    assert Scripts.of("Apple and Google").language == ""


@pytest.mark.parametrize("prefix", sorted(SEED_LANGS))
def test_every_seed_paragraph_labelled_with_the_document_language(prefix: str) -> None:
    lines = seed_lines(prefix)
    labels, main, shares = label_parts(lines)
    assert main == SEED_LANGS[prefix]
    wrong = [(label, line) for label, line in zip(labels, lines, strict=True) if label != main]
    if prefix == "004":
        # The Chinese title above the English body.
        assert wrong == [("zh", "Sora的第一波受害者出现了")]
        assert shares["en"] > 0.95 and shares["zh"] > 0
    else:
        assert wrong == []


def test_indonesian_document_is_not_malay() -> None:
    labels, main, _ = label_parts(seed_lines("001"))
    assert main == "id"
    assert "ms" not in labels


def test_short_lines_take_the_document_language() -> None:
    lines = ["Text VR Gyro.", "The company reported revenue of five billion dollars in the last quarter."]
    labels, main, _ = label_parts(lines)
    assert (labels, main) == (["en", "en"], "en")


def test_langdetect_is_selectable_and_deterministic() -> None:
    text = "Menurut survei oleh CoinGecko, harga tanah virtual baru-baru ini menurun."
    first = [detect(text, "langdetect") for _ in range(3)]
    assert first == ["id", "id", "id"]


def test_unknown_detector_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown language detector"):
        ranker("cld9")


def test_fasttext_reads_a_short_prefix_and_looks_again_only_when_unsure() -> None:
    from sora_meta.language import FASTTEXT_SURE, MIN_CONFIDENCE, _rank_fasttext

    assert MIN_CONFIDENCE <= FASTTEXT_SURE  # runners-up are only needed below FASTTEXT_SURE
    sure = _rank_fasttext("The company said its quarterly revenue rose sharply. " * 10)
    assert [code for code, _ in sure] == ["en"] and sure[0][1] >= FASTTEXT_SURE
    unsure = _rank_fasttext("Ok ya, data 2023")
    assert unsure[0][1] < FASTTEXT_SURE and len(unsure) == 3


@pytest.mark.parametrize(
    "text",
    [
        "Ok ya, data 2023",
        "Harga saham naik tajam hari ini.",
        "Revenue rose 12% in the quarter.",
        "Die Umsätze stiegen im Quartal deutlich.",
        "Penjualan mobil listrik",
        "x" * 100,
    ],
)
def test_short_paragraph_one_call_gives_what_two_looks_give(text: str) -> None:
    """A paragraph no longer than the first look is read once, with the same answer as the two looks."""
    from sora_meta.language import (
        FASTTEXT_CHARS,
        FASTTEXT_FIRST_CHARS,
        FASTTEXT_SURE,
        _fasttext_model,
        _rank_fasttext,
    )
    from sora_meta.language import _predict_fasttext as predict

    assert len(text) <= FASTTEXT_FIRST_CHARS
    model = _fasttext_model()
    two_looks = predict(model, text[:FASTTEXT_FIRST_CHARS], 1)
    if two_looks[0][1] < FASTTEXT_SURE:
        two_looks = predict(model, text[:FASTTEXT_CHARS], 3)
    assert _rank_fasttext(text) == two_looks
