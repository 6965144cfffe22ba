"""Spanish, Portuguese, French and Italian: the decimal comma, language id of short paragraphs, translation.

The development sets (`tests/corpus/{es,pt,fr,it}/`) cover the phenomena case by case; this module
holds what a corpus case cannot say: a number that the wrong decimal convention reads 1,000x off gives
the right value or none, the language id of short Spanish and Portuguese paragraphs, and one call per
language to a local translation server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sora_meta import lang as languages
from sora_meta.extract.figures import find_figures
from sora_meta.language import detect
from sora_meta.models import Options
from sora_meta.translate import Settings, translate_rows
from tests.translate_servers import serve

ROMANCE = ("es", "pt", "fr", "it")


def values(text: str, lang: str) -> list[tuple[float | None, str]]:
    return [(f.value, f.unit) for f in find_figures(text, lang)]


@pytest.mark.parametrize("lang", ROMANCE)
def test_tables_load_and_use_the_decimal_comma(lang: str) -> None:
    assert lang in languages.supported()
    fmt = languages.table("figures", lang)["number_format"]
    assert (fmt["decimal"], fmt["group"]) == (",", ".")
    assert fmt.get("space_groups", False) == (lang == "fr")  # `20 000 euros`


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("La empresa facturó 10.000 euros.", "es", [(10000.0, "EUR")]),
        ("Las ventas subieron un 2,5 %.", "es", [(2.5, "%")]),
        ("El lucro foi de R$ 23,7 bilhões.", "pt", [(23.7e9, "BRL")]),
        ("A loja faturou 10.000 reais.", "pt", [(10000.0, "BRL")]),
        ("Le prix atteint 1\u202f234,5 €.", "fr", [(1234.5, "EUR")]),
        ("Le prix atteint 1\u00a0234,5 €.", "fr", [(1234.5, "EUR")]),
        ("Les recettes ont atteint 10.000 euros.", "fr", [(10000.0, "EUR")]),
        ("Il negozio ha incassato 10.000 euro.", "it", [(10000.0, "EUR")]),
        ("Ricavi per 2,5 miliardi di euro.", "it", [(2.5e9, "EUR")]),
    ],
)
def test_a_number_is_read_by_its_language(text: str, lang: str, want: list[tuple[float, str]]) -> None:
    assert values(text, lang) == want


@pytest.mark.parametrize("lang", ROMANCE)
def test_a_space_that_may_group_gives_the_right_value_or_none(lang: str) -> None:
    # an ordinary space between `1` and `234,5` may or may not group: never 1 or 234.5
    got = values("Il prezzo 1 234,5 €.", lang)
    assert got in ([], [(1234.5, "EUR")])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("La empresa facturó 10.000 euros.", "en"),  # read as English: ten, or nothing, is wrong
        ("A loja faturou 10.000 reais.", "en"),
    ],
)
def test_the_wrong_convention_is_not_what_romance_tables_give(text: str, lang: str) -> None:
    romance = values(text, "es" if "euros" in text else "pt")
    assert romance and romance[0][0] == 10000.0
    assert values(text, lang) != romance or not romance  # the language decides, not a guess


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("El Gobierno aprobó ayer la nueva ley de vivienda con el apoyo de sus socios.", "es"),
        ("O governo aprovou ontem a nova lei de habitação com o apoio dos seus aliados.", "pt"),
        ("La empresa anunció que cerrará dos fábricas y despedirá a cientos de trabajadores.", "es"),
        ("A empresa anunciou que vai fechar duas fábricas e demitir centenas de trabalhadores.", "pt"),
        ("Las acciones del banco cayeron tras la publicación de los resultados.", "es"),
        ("As ações do banco caíram após a divulgação dos resultados.", "pt"),
    ],
)
def test_spanish_and_portuguese_short_paragraphs(text: str, want: str) -> None:
    assert detect(text) == want


SENTENCES = {
    "es": "Los ingresos subieron un 10 por ciento.",
    "pt": "A receita subiu 10 por cento.",
    "fr": "Le chiffre d'affaires a progressé de 10 %.",
    "it": "Il fatturato è cresciuto del 10 per cento.",
}


@pytest.mark.parametrize("lang", ROMANCE)
def test_one_translation_call_per_language(lang: str, tmp_path: Path) -> None:
    claims = [{"lang": lang, "sentence": SENTENCES[lang]}]
    documents = [{"status": "ok", "lang": lang, "title": ""}]
    warnings: list[str] = []
    settings = Settings(connect_timeout=0.5, read_timeout=0.5, backoff=0.02, backoff_max=0.1)
    with serve("libre") as server:
        options = Options(translator="libre", translator_url=server.url, cache_dir=str(tmp_path / "cache"))
        translate_rows(claims, documents, options, warn=warnings.append, settings=settings)
        assert server.requests and server.requests[0]["source"] == lang
    assert not warnings
    assert claims[0]["sentence_en"]
