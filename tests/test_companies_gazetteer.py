"""The generated gazetteer, company rules read from the language tables, and context rules (#14 A, C; #15)."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from sora_meta import lang as languages
from sora_meta.extract import companies
from sora_meta.extract.companies import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "scripts" / "gazetteer" / "build_gazetteer.py"
CSV = ROOT / "src" / "sora_meta" / "lang" / "_base" / "companies.csv"


def _build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_gazetteer", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_gazetteer", module)
    spec.loader.exec_module(module)
    return module


def names(text: str, lang: str = "en") -> list[str]:
    return [m.name for m in Gazetteer.default().find(text, lang)]


# -- the generated file -------------------------------------------------------------------------------


def test_committed_gazetteer_is_what_the_sources_give() -> None:
    assert _build_module().build() == CSV.read_text(encoding="utf-8")


def test_build_rejects_an_alias_of_two_companies(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "name,aliases,tickers,country,parent\nAcme,Acme Corp,,US,\nBeta,Acme Corp,,US,\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="names both"):
        _build_module().build(tmp_path)


def test_build_rejects_an_unknown_parent(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "name,aliases,tickers,country,parent\nAcme,,,US,Nobody\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="parent"):
        _build_module().build(tmp_path)


def test_gazetteer_scale_and_columns() -> None:
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    assert len(rows) >= 1500
    assert set(rows[0]) == {"name", "aliases", "tickers", "country", "parent"}
    known = {r["name"] for r in rows}
    assert all(r["parent"] in known for r in rows if r["parent"])


def test_brands_keep_their_name_with_the_parent() -> None:
    g = Gazetteer.default()
    assert g.companies["Tokopedia"].parent == "GoTo"
    assert g.companies["Instagram"].parent == "Meta"
    assert names("Tokopedia dan Gojek milik GoTo.", "id") == ["Tokopedia", "Gojek", "GoTo"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Bursa Efek Indonesia mencatat rekor.", "id", ["Indonesia Stock Exchange"]),
        ("深圳证券交易所发布新规。", "zh", ["Shenzhen Stock Exchange"]),
        ("東京証券取引所の売買代金が増えた。", "ja", ["Tokyo Stock Exchange"]),
        ("Сбербанк и Газпром отчитались о прибыли.", "ru", ["Sberbank", "Gazprom"]),
        ("삼성전자와 현대자동차가 투자를 늘렸다.", "ko", ["Samsung", "Hyundai"]),
        ("أرامكو السعودية رفعت الأسعار.", "ar", ["Saudi Aramco"]),
        ("Vietcombank và Hòa Phát tăng giá.", "vi", ["Vietcombank", "Hoa Phat Group"]),
    ],
)
def test_local_scripts_give_english_names(text: str, lang: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Nasdaq Composite rose 1% and the Nasdaq-100 gained.",
        "纳斯达克指数和标普500指数均收涨。",
        "日经指数下跌。",
        "Antara lain, pemerintah memberi insentif.",
        "Antara Metaverse dan AIGC, ini bukan permainan.",
        "The United Arab Emirates said on Monday.",
        "Leonardo da Vinci painted it.",
        "这是一个巨大的挑战，需要统一思想。",
        "The RTX 4090 is fast.",
        "Our goal (COP) is clear.",
    ],
)
def test_ambiguous_words_name_no_company(text: str) -> None:
    assert names(text, "zh" if not text.isascii() and "Antara" not in text else "en") == []


# -- rules from the language tables ---------------------------------------------------------------


def test_no_legal_form_list_left_in_the_code() -> None:
    source = Path(companies.__file__).read_text(encoding="utf-8")
    for word in (
        '"Corp."',
        '"有限公司"',
        '"Tbk"',
        '"Persero"',
        '"Holdings"',
        '"宣布"',
        '"World Bank"',
        '"owned"',
    ):
        assert word not in source


def test_legal_forms_come_from_the_tables() -> None:
    base = languages.table("companies", "")
    assert "Corp." in base["legal_forms"]
    assert "PT" in languages.table("companies", "id")["prefix_forms"]
    # a language without a folder gets the base forms only: no `PT`, no Chinese suffixes
    assert names("Acme Corp. and PT Sumber Makmur Tbk rose.", "xx") == ["Acme"]
    assert names("星辰科技宣布", "xx") == []
    assert names("星辰科技宣布", "zh") == ["星辰科技"]


def test_rules_are_compiled_once_per_table() -> None:
    assert companies._rules("zh-TW") is companies._rules("zh")
    assert companies._rules("pt-BR") is companies._rules(languages.table_code("pt-BR") or "")


# -- context rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Saham TLKM naik, emiten BBRI turun.", "id", ["Telkom Indonesia", "Bank Rakyat Indonesia"]),
        ("Kode saham BBCA paling aktif.", "id", ["Bank Central Asia"]),
        ("Saham ABCD naik tajam.", "id", []),  # an unknown ticker names no one
        ("SAHAM dan obligasi", "id", []),
        ("Nasdaq-listed Acme Robotics said on Tuesday it would cut jobs.", "en", ["Acme Robotics"]),
        ("US-listed shares fell; US-listed Chinese firms too.", "en", []),
        ("TOKYO, May 3 (Kyodo) - Exports rose.", "en", ["Kyodo News"]),
        ("KUALA LUMPUR, 3 Mei (Bernama) -- Harga naik.", "id", ["Bernama"]),
        ("WASHINGTON (AP) — The Senate voted.", "en", ["Associated Press"]),
        ("Jakarta (ANTARA) - Harga naik.", "id", ["Antara News Agency"]),
        ("【财新网讯】央行降准。", "zh", ["Caixin"]),
        ("Kompas.com - Harga beras naik.", "id", ["Kompas"]),
        ("The index (Nikkei) - fell sharply.", "en", []),
        ("He said (Monday) - nothing new.", "en", []),
        ("Nvidia (NASDAQ: NVDA) and the NYSE said.", "en", ["NVIDIA", "New York Stock Exchange"]),
        ("3M said it would cut jobs; 7-Eleven opened stores.", "en", ["3M", "7-Eleven"]),
        ("Chinese startup 01.AI said it would raise money.", "en", ["01.AI"]),
        ("4Paradigm said revenue rose 20%.", "en", ["4Paradigm"]),
        ("Shares of 2U fell after the filing.", "en", ["2U"]),
        ("Q3 said little; 5G said more; GPT-4 said hello; FY2024 reported gains.", "en", []),
        ("The 10th said nothing, and 50km reported less.", "en", []),
    ],
)
def test_context_rules(text: str, lang: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


def test_schema_lists_the_new_keys() -> None:
    from sora_meta.lang.schema import COMPANIES

    assert not COMPANIES["ticker_cues"].required
    assert not COMPANIES["listing_words"].required
    data = json.loads((ROOT / "src/sora_meta/lang/id/companies.json").read_text(encoding="utf-8"))
    assert data["ticker_cues"]["saham"] == "JK"
