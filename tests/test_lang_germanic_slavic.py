"""German, Dutch, Swedish, Russian and Turkish (#15): decimal conventions, words, dates, sentences,
language id, translation.

The first tests hold the issue's bar: a number that the wrong decimal convention would read a thousand times
off gives the right value in its language, or no figure at all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from sora_meta.extract.dates import find_dates
from sora_meta.extract.figures import find_figures
from sora_meta.lang import registry
from sora_meta.language import detect
from sora_meta.models import Options
from sora_meta.segment import split_sentences
from sora_meta.translate import Settings, translate_rows
from tests.translate_servers import english, serve

LANGS = ("de", "nl", "sv", "ru", "tr")
NB = "\u00a0"
NNB = "\u202f"


def figures(text: str, lang: str) -> list[tuple[float | None, str]]:
    return [(f.value, f.unit) for f in find_figures(text, lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_each_folder_loads_and_follows_the_schema(lang: str) -> None:
    fresh = registry.Registry(registry.REGISTRY.root, "sora_meta.lang")
    for kind in ("figures", "dates", "metrics", "companies", "text"):
        assert fresh.table(kind, lang)
    fmt = fresh.table("figures", lang)["number_format"]
    assert (fmt["decimal"], fmt["group"]) == (",", ".")


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        ("de", "Der Umsatz stieg auf 2,1 Milliarden Euro.", [(2.1e9, "EUR")]),
        ("de", "Der Konzern beschäftigt 1.500 Mitarbeiter.", [(1500.0, "employees")]),
        ("de", "Die Marge lag bei 12,5 %.", [(12.5, "%")]),
        ("de", "Die Uhr kostet 1'234.5 Franken.", [(1234.5, "CHF")]),
        ("de", "Die Uhr kostet 1’234.50 Franken.", [(1234.5, "CHF")]),
        ("de", "Der Gewinn betrug 3,4 Mrd. €.", [(3.4e9, "EUR")]),
        ("nl", "De omzet steeg naar 2,1 miljard euro.", [(2.1e9, "EUR")]),
        ("nl", "Het bedrijf heeft 1.500 werknemers.", [(1500.0, "employees")]),
        ("sv", f"Priset var 1{NB}234,5 kronor.", [(1234.5, "SEK")]),
        ("sv", f"Priset var 1{NNB}234,5 kronor.", [(1234.5, "SEK")]),
        ("sv", "Vinsten blev 3,2 miljarder kronor.", [(3.2e9, "SEK")]),
        ("sv", "Rörelseresultatet blev 512 mkr.", [(512e6, "SEK")]),
        ("ru", "Выручка составила 2,1 млрд рублей.", [(2.1e9, "RUB")]),
        ("ru", f"Зарплата составила 78{NB}400,5 рубля.", [(78400.5, "RUB")]),
        ("ru", "Инфляция замедлилась до 7,7 процента.", [(7.7, "%")]),
        ("tr", "Gelir 2,1 milyar TL oldu.", [(2.1e9, "TRY")]),
        ("tr", "Şirkette 1.500 çalışan var.", [(1500.0, "employees")]),
        # Swedish and Russian group thousands with a space, and web text often types a plain one
        ("sv", "Priset var 1 234,5 kronor.", [(1234.5, "SEK")]),
        ("ru", "Зарплата составила 78 400 рублей.", [(78400.0, "RUB")]),
    ],
)
def test_the_language_decimal_convention_gives_the_right_value(
    lang: str, text: str, want: list[tuple[float, str]]
) -> None:
    assert figures(text, lang) == want


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Die Uhr kostet 1 234,5 Franken."),  # German groups with dots: maybe two numbers
        ("sv", "År 2022 200 nya butiker öppnades."),  # a year, then a count: not 2,022,200
        ("de", "Die Uhr kostet 1'23 Franken."),  # not a group of three: no part of it is read
    ],
)
def test_an_ambiguous_number_gives_no_figure(lang: str, text: str) -> None:
    assert figures(text, lang) == []


def test_english_reads_the_same_digits_otherwise() -> None:
    # what the convention decides: the same characters, a thousand times apart
    assert figures("It has 1.500 staff.", "en") == [(1.5, "employees")]
    assert figures("Es hat 1.500 Mitarbeiter.", "de") == [(1500.0, "employees")]


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        ("de", "Das Unternehmen hat zweihundertfünfzig Mitarbeiter.", [(250.0, "employees")]),
        ("de", "Der Konzern streicht dreitausend Stellen.", [(3000.0, "jobs")]),
        ("de", "Die Bank hat knapp zwei Millionen Kunden.", [(2e6, "customers")]),
        ("nl", "Het bedrijf opende vijfentwintig vestigingen.", [(25.0, "branches")]),
        ("sv", "Kedjan stänger tjugofem butiker.", [(25.0, "stores")]),
        ("sv", "Fabriken har tvåhundrafemtio anställda.", [(250.0, "employees")]),
        ("ru", "Компания продала двадцать пять тысяч автомобилей.", [(25000.0, "vehicles")]),
        ("tr", "Şirket iki yüz elli çalışan alacak.", [(250.0, "employees")]),
    ],
)
def test_number_words_and_compounds(lang: str, text: str, want: list[tuple[float, str]]) -> None:
    assert figures(text, lang) == want


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        ("de", "Die Quote stieg um 1,5 Prozentpunkte.", [(1.5, "pp")]),
        ("de", "Die EZB erhöhte um 25 Basispunkte.", [(0.25, "pp")]),
        ("nl", "De marge steeg 1,4 procentpunt.", [(1.4, "pp")]),
        ("sv", "Marginalen steg 1,3 procentenheter.", [(1.3, "pp")]),
        ("ru", "Ставка выросла на 2 процентных пункта.", [(2.0, "pp")]),
        ("tr", "Gelir yüzde 20 arttı.", [(20.0, "%")]),
        ("tr", "Enflasyon %69,8 oldu.", [(69.8, "%")]),
        ("tr", "Faiz 500 baz puan arttı.", [(5.0, "pp")]),
        ("tr", "BIST 100 endeksi 120 puan yükseldi.", []),  # index points, not percentage points
    ],
)
def test_percent_and_points(lang: str, text: str, want: list[tuple[float, str]]) -> None:
    assert figures(text, lang) == want


def test_ranges_and_qualifiers() -> None:
    [f] = find_figures("Der Gewinn soll zwischen 3 und 3,5 Milliarden Euro liegen.", "de")
    assert (f.value, f.value_max, f.unit) == (3e9, 3.5e9, "EUR")
    [f] = find_figures("Het concern telt ruim 42.000 werknemers.", "nl")
    assert (f.value, f.qualifier) == (42000.0, "more_than")
    [f] = find_figures("Bolaget har drygt 500 anställda.", "sv")
    assert f.qualifier == "more_than"
    [f] = find_figures("Yatırım 3 milyar dolardan fazla oldu.", "tr")
    assert (f.value, f.unit, f.qualifier) == (3e9, "USD", "more_than")


def test_clock_times_are_no_figures() -> None:
    assert figures("Die Sitzung endete um 14.30 Uhr.", "de") == []
    assert figures("De vergadering begon om 10.30 uur.", "nl") == []


def dates(text: str, lang: str, published: str) -> list[str]:
    return [d.value for d in find_dates(text, lang, published=published)]


@pytest.mark.parametrize(
    ("lang", "text", "published", "want"),
    [
        ("de", "Die Hauptversammlung findet am 3. März 2024 statt.", "2024-02-01", ["2024-03-03"]),
        ("de", "Im dritten Quartal stieg der Umsatz.", "2023-11-08", ["2023-Q3"]),
        ("de", "Heute Morgen fiel die Aktie.", "2024-03-12", ["2024-03-12"]),
        ("nl", "De vergadering is op 3 maart 2024.", "2024-02-01", ["2024-03-03"]),
        ("nl", "In het derde kwartaal van 2023 groeide de omzet.", "2024-02-01", ["2023-Q3"]),
        ("sv", "Stämman hålls den 3 mars.", "2024-02-20", ["2024-03-03"]),
        ("sv", "I fjol gjorde bolaget förlust.", "2024-02-20", ["2023"]),
        ("ru", "Собрание пройдет 3 марта 2024 года.", "2024-02-01", ["2024-03-03"]),
        ("ru", "В третьем квартале 2023 года выручка выросла.", "2024-02-01", ["2023-Q3"]),
        ("tr", "Genel kurul 3 Mart 2024 tarihinde yapılacak.", "2024-02-01", ["2024-03-03"]),
        ("tr", "2023'ün üçüncü çeyreğinde gelir arttı.", "2024-02-01", ["2023-Q3"]),
    ],
)
def test_dates(lang: str, text: str, published: str, want: list[str]) -> None:
    assert dates(text, lang, published) == want


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Der Gewinn war im Vorjahreszeitraum höher."),
        ("de", "Das Wachstum lag im gleichen Zeitraum des vergangenen Jahres bei null."),
        ("nl", "De omzet was hoger dan in dezelfde periode vorig jaar."),
        ("sv", "Resultatet förbättrades jämfört med samma period i fjol."),
        ("ru", "Выручка выросла по сравнению с прошлым годом."),
        ("ru", "Продажи превысили показатель аналогичного периода прошлого года."),
        ("tr", "Gelirler geçen yılın aynı dönemine göre arttı."),
        ("tr", "Bugüne kadar üç fabrika kuruldu."),
    ],
)
def test_comparisons_are_no_dates(lang: str, text: str) -> None:
    assert dates(text, lang, "2024-03-12") == []


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def test_german_ordinal_dots_and_abbreviations_end_no_sentence() -> None:
    text = (
        "Am 3. März legte der Konzern Zahlen vor. Der Umsatz stieg z. B. in Asien auf 2,1 Mrd. Euro "
        "bzw. 4 Mio. Stück. Nr. 1 bleibt Europa."
    )
    assert sentences(text, "de") == [
        "Am 3. März legte der Konzern Zahlen vor.",
        "Der Umsatz stieg z. B. in Asien auf 2,1 Mrd. Euro bzw. 4 Mio. Stück.",
        "Nr. 1 bleibt Europa.",
    ]


def test_russian_and_turkish_abbreviations_end_no_sentence() -> None:
    assert sentences(
        "Выручка составила 5 млн. Руб. не хватило, т.е. Банк помог. Компания выросла.", "ru"
    ) == [
        "Выручка составила 5 млн. Руб. не хватило, т.е. Банк помог.",
        "Компания выросла.",
    ]
    assert sentences("Şirket 3. Çeyrek sonuçlarını açıkladı.", "tr") == [
        "Şirket 3. Çeyrek sonuçlarını açıkladı."
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Aktien steg med fem procent på Stockholmsbörsen.", "sv"),
        ("Bolaget varslar drygt tusen anställda i Sverige.", "sv"),
        ("Försäljningen minskade jämfört med i fjol.", "sv"),
        ("Aksjen steg med fem prosent på Oslo Børs.", "no"),
        ("Regjeringen vil øke avgiften på bensin neste år.", "no"),
        ("Nationalbanken hævede renten i går.", "da"),
        ("Aktien steg med fem procent på børsen i København.", "da"),
    ],
)
def test_swedish_norwegian_danish_on_short_paragraphs(text: str, want: str) -> None:
    assert detect(text) == want


SENTENCES = {
    "de": "Der Umsatz stieg um 10 Prozent.",
    "nl": "De omzet steeg met 10 procent.",
    "sv": "Omsättningen ökade med 10 procent.",
    "ru": "Выручка выросла на 10%.",
    "tr": "Gelir yüzde 10 arttı.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_one_translation_call_per_language(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the Google-format stub: its language table has all five (deep-translator's LibreTranslate
    table lacks `nl` and `sv`, which then go as `auto`)."""
    from deep_translator import constants

    fast = Settings(connect_timeout=0.5, read_timeout=0.5, backoff=0.02, backoff_max=0.1)
    with serve("google") as server:
        monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", server.url)
        claims: list[dict[str, Any]] = [{"lang": lang, "sentence": SENTENCES[lang]}]
        documents: list[dict[str, Any]] = [{"status": "ok", "lang": lang, "title": ""}]
        report = translate_rows(
            claims, documents, Options(translator="google", cache_dir=str(tmp_path)), settings=fast
        )
        assert server.count == 1 and report.failed == 0
        assert claims[0]["sentence_en"] == english(SENTENCES[lang]) and claims[0]["translator"] == "google"
        assert server.requests[0]["sl"] == lang and server.requests[0]["tl"] == "en"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
