"""Language identification: documents, paragraphs, writing systems, close neighbours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.errors import UsageError
from sora_meta.language import (
    CONFUSABLE,
    Scripts,
    _cluster_pick,
    _fasttext_model,
    _predict_fasttext,
    detect,
    label_parts,
    ranker,
)

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


# -- the fast paths give what the plain ones give ----------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA_CHAR = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL_CHAR = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# ASCII, Latin-1, CJK punctuation and numerals, kana (with its punctuation ・), Hangul, Han at and
# around the edges of its ranges, a digit that is not decimal (², which counts as a letter).
_MIXED = (
    "aZ1 _.,é²½\u00a0“”—、。「」ー・あカ한국\u1100漢字一\u3400\u4dbf\u4dc0\uf900\ufa6e\U00020000\U0002fa1f"
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=_MIXED, max_size=40) | st.text(max_size=40))
def test_scripts_counts_what_a_character_by_character_count_gives(text: str) -> None:
    """`Scripts.of` (ASCII counted in bytes, regexes over the non-ASCII rest) counts every character once."""
    scripts = Scripts.of(text)

    def count(pattern: re.Pattern[str]) -> int:
        return sum(1 for c in text if pattern.fullmatch(c))

    assert (scripts.han, scripts.kana, scripts.hangul, scripts.letters) == (
        count(_HAN_CHAR),
        count(_KANA_CHAR),
        count(_HANGUL_CHAR),
        count(_LETTER),
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.text(alphabet="ab Harg saml\nThe qu.,ñé漢ё", max_size=120) | st.text(max_size=60),
    st.sampled_from([1, 3]),
)
def test_fasttext_direct_call_gives_what_the_wrapper_gives(text: str, k: int) -> None:
    """`_predict_fasttext` skips the wrapper's checks: same labels, same probabilities (as floats)."""
    model = _fasttext_model()
    labels, probs = model.predict(text.replace("\n", " "), k=k)
    expected = [(label.removeprefix("__label__"), float(p)) for label, p in zip(labels, probs, strict=True)]
    got = _predict_fasttext(model, text, k)
    assert got == expected
    assert all(type(p) is float for _, p in got)


def test_close_neighbours_pick_the_document_language_as_the_plain_loop_does() -> None:
    codes = sorted({code for group in CONFUSABLE for code in group} | {"en", "fr", ""})

    def plain(lang: str, doc_lang: str) -> str:
        for group in CONFUSABLE:
            if lang in group and doc_lang in group:
                return doc_lang
        return lang

    assert sum(map(len, CONFUSABLE)) == len(set().union(*CONFUSABLE))  # no code in two groups
    assert all(_cluster_pick(a, b) == plain(a, b) for a in codes for b in codes)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("DER AUTOBAUER STEIGERT SEINEN UMSATZ IM DRITTEN QUARTAL UM ACHT PROZENT", "de"),
        ("LA EMPRESA ANUNCIÓ QUE CERRARÁ TRES FÁBRICAS EN EL NORTE DEL PAÍS", "es"),
        ("LE GROUPE PRÉVOIT DE SUPPRIMER DEUX MILLE POSTES D'ICI LA FIN DE L'ANNÉE", "fr"),
        ("PEMERINTAH AKAN MENAIKKAN HARGA BAHAN BAKAR MINYAK BULAN DEPAN", "id"),
        ("THE CENTRAL BANK LEFT INTEREST RATES UNCHANGED ON THURSDAY", "en"),
    ],
)
def test_a_paragraph_in_capitals_is_read_as_its_language(text: str, lang: str) -> None:
    assert detect(text) == lang
