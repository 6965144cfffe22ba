"""Japanese, Korean, Arabic, Hindi, Vietnamese and Malay: values read in each language's own number
format and never a thousand times off, the language's magnitudes, currencies and percent words, its
dates, sentence ends, and one translation call per language through the local stub server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sora_meta import lang as languages
from sora_meta.extract.dates import find_dates
from sora_meta.extract.figures import find_figures
from sora_meta.lang.schema import TABLES
from sora_meta.models import Options
from sora_meta.segment import split_sentences
from sora_meta.translate import Settings, translate_rows
from tests.translate_servers import FakeServer, english, serve

LANGS = ("ja", "ko", "ar", "hi", "vi", "ms")


def figures(text: str, lang: str) -> list[tuple[str, float | None, str]]:
    return [(f.kind, f.value, f.unit) for f in find_figures(text, lang)]


def one(text: str, lang: str) -> tuple[str, float | None, str]:
    found = figures(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("code", LANGS)
def test_every_table_of_the_language_loads_against_the_schema(code: str) -> None:
    assert languages.REGISTRY.has_tables(code)
    for kind in TABLES:
        assert languages.REGISTRY.table(kind, code)


# -- never a thousand times off ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Arabic-Indic digits, the Arabic decimal mark ٫ and percent sign ٪
        ("ارتفعت الأرباح بنسبة ١٢٫٥٪ هذا العام.", "ar", ("percent", 12.5, "%")),
        ("بلغت الإيرادات ٢٫٥ مليار دولار.", "ar", ("money", 2.5e9, "USD")),
        ("ارتفع الدين إلى ١٬٢٠٠ مليون جنيه.", "ar", ("money", 1.2e9, "EGP")),
        ("بلغت الإيرادات 50 مليار ريال.", "ar", ("money", 5e10, "SAR")),
        # Indian grouping, करोड़ and लाख, Devanagari digits
        ("सरकार ने 12,34,567 रुपये का जुर्माना लगाया।", "hi", ("money", 1234567.0, "INR")),
        ("शुद्ध लाभ 5,000 करोड़ रुपये रहा।", "hi", ("money", 5e10, "INR")),
        ("कंपनी में 2 लाख कर्मचारी हैं।", "hi", ("quantity", 2e5, "employees")),
        ("राजस्व 1.2 लाख करोड़ रुपये रहा।", "hi", ("money", 1.2e12, "INR")),
        ("बिक्री में १२.५ प्रतिशत की बढ़त हुई।", "hi", ("percent", 12.5, "%")),
        # Vietnamese: decimal comma, dot grouping
        ("Doanh thu đạt 1.234,5 tỷ đồng.", "vi", ("money", 1.2345e12, "VND")),
        ("Giá cổ phiếu là 25.000 đồng.", "vi", ("money", 25000.0, "VND")),
        ("Lạm phát ở mức 3,25%.", "vi", ("percent", 3.25, "%")),
        # Malaysian Malay: decimal dot, comma grouping (unlike Indonesian)
        ("Syarikat itu mempunyai 12,500 pekerja.", "ms", ("quantity", 12500.0, "workers")),
        ("Keuntungan bersih RM2.5 bilion.", "ms", ("money", 2.5e9, "MYR")),
        # Korean: units inside the number
        ("이 회사는 7천5백만 원을 투자했다.", "ko", ("money", 7.5e7, "KRW")),
        ("약 3조5천억 원 규모의 투자.", "ko", ("money", 3.5e12, "KRW")),
        ("매출은 1억 2천만 달러였다.", "ko", ("money", 1.2e8, "USD")),
        ("합의 가격은 1만 2천 345 달러부터다.", "ko", ("money", 12345.0, "USD")),
        ("계약금 4천 820만 캐나다 달러를 냈다.", "ko", ("money", 4.82e7, "CAD")),
        ("환율은 1,350원 20전이다.", "ko", ("money", 1350.2, "KRW")),
        ("日経平均は2222円13銭で終えた。", "ja", ("money", 2222.13, "JPY")),
        ("कीमत 2 रुपये 50 पैसे बढ़ी।", "hi", ("money", 2.5, "INR")),
        # Japanese: full-width digits and kanji numerals with 兆/億
        ("営業利益率は１２．５％に改善した。", "ja", ("percent", 12.5, "%")),
        ("同社は三兆五千億円を投資する。", "ja", ("money", 3.5e12, "JPY")),
        ("純利益は3兆5000億円だった。", "ja", ("money", 3.5e12, "JPY")),
        ("訪日客は1億2000万人に達した。", "ja", ("quantity", 1.2e8, "people")),
        ("株価は3,450円で取引を終えた。", "ja", ("money", 3450.0, "JPY")),
    ],
)
def test_values_in_the_language_own_number_format(text: str, lang: str, expected: tuple) -> None:
    kind, value, unit = one(text, lang)
    assert (kind, unit) == (expected[0], expected[2])
    assert value == pytest.approx(expected[1])


def test_the_same_digits_read_by_each_convention() -> None:
    # `12.500` is twelve thousand five hundred in Vietnamese and twelve and a half in Malay
    assert one("Có 12.500 nhân viên.", "vi")[1] == pytest.approx(12500)
    assert one("Kadar faedah 12.500 peratus.", "ms")[1] == pytest.approx(12.5)
    assert one("Có 12,5 nghìn nhân viên.", "vi")[1] == pytest.approx(12500)
    assert one("Seramai 12,500 pekerja.", "ms")[1] == pytest.approx(12500)


# -- percent forms -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("利用者の3割が20代だった。", "ja", 30.0, "%"),
        ("女子学生は七割半を占める。", "ja", 75.0, "%"),
        ("全品2割引で販売する。", "ja", 20.0, "%"),
        ("金利は0.25%ポイント上昇した。", "ja", 0.25, "pp"),
        ("실업률은 0.3%p 올랐다.", "ko", 0.3, "pp"),
        ("기준금리를 0.25%포인트 인하했다.", "ko", 0.25, "pp"),
        ("ارتفع التضخم إلى 3.2 في المئة.", "ar", 3.2, "%"),
        ("خفض البنك الفائدة 25 نقطة أساس.", "ar", 0.25, "pp"),
        ("महंगाई 4.8 फीसदी रही।", "hi", 4.8, "%"),
        ("Lãi suất giảm 0,5 điểm phần trăm.", "vi", 0.5, "pp"),
        ("Kadar dinaikkan 0.25 mata peratusan.", "ms", 0.25, "pp"),
        ("Hai mươi phần trăm khách hàng.", "vi", 20.0, "%"),
        ("Dua puluh peratus pengguna.", "ms", 20.0, "%"),
        ("عشرين بالمئة من الأسهم.", "ar", 20.0, "%"),
        ("बीस प्रतिशत लोगों ने कहा।", "hi", 20.0, "%"),
    ],
)
def test_percent_words(text: str, lang: str, value: float, unit: str) -> None:
    kind, got, got_unit = one(text, lang)
    assert (kind, got_unit) == ("percent", unit)
    assert got == pytest.approx(value)


# -- what is no figure -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("打率は3割5分だった。", "ja"),  # 割 and 分 together: not read rather than read as 30%
        ("第3位の自動車メーカー。", "ja"),
        ("令和6年能登半島地震の影響が続く。", "ja"),
        ("20대 소비자가 늘었다.", "ko"),  # an age group, not 20 vehicles
        ("5대 은행의 대출이 늘었다.", "ko"),
        ("백화점 매출이 회복됐다.", "ko"),
        ("تأسست الشركة عام 1933.", "ar"),
        ("कंपनी की स्थापना 1868 में हुई थी।", "hi"),
        ("Công ty thành lập năm 1976.", "vi"),
        ("Syarikat itu ditubuhkan pada 1974.", "ms"),
    ],
)
def test_no_figure(text: str, lang: str) -> None:
    assert figures(text, lang) == []


def test_malay_minor_unit_is_a_hundredth() -> None:
    assert one("Harga naik 50 sen sekilogram.", "ms")[1:] == (pytest.approx(0.5), "MYR")


# -- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "published", "value"),
    [
        ("同社は2024年5月3日に決算を発表した。", "ja", "2024-05-10", "2024-05-03"),
        ("4～6月期の実質GDPはプラスだった。", "ja", "2024-08-15", "2024-Q2"),
        ("第3四半期の純利益は増加した。", "ja", "2023-11-10", "2023-Q3"),
        ("令和6年5月3日に発表した。", "ja", "2024-06-01", "2024-05-03"),  # era years
        ("同社は平成31年4月に上場した。", "ja", "2024-06-01", "2019-04"),
        ("平成31年に設立された。", "ja", "2024-06-01", "2019"),
        ("삼성전자는 2024년 5월 3일 실적을 발표했다.", "ko", "2024-05-10", "2024-05-03"),
        ("상반기 판매량은 역대 최대였다.", "ko", "2024-07-15", "2024-H1"),
        ("أعلنت الشركة نتائجها في 3 مايو 2024.", "ar", "2024-05-10", "2024-05-03"),
        ("عقد الاجتماع في 15 آذار 2024.", "ar", "2024-03-20", "2024-03-15"),
        ("ارتفعت الأرباح في الربع الثالث.", "ar", "2024-11-05", "2024-Q3"),
        ("कंपनी ने 3 मई 2024 को नतीजे घोषित किए।", "hi", "2024-05-10", "2024-05-03"),
        ("Công ty công bố kết quả vào ngày 3 tháng 5 năm 2024.", "vi", "2024-05-10", "2024-05-03"),
        ("Lợi nhuận quý III tăng mạnh.", "vi", "2024-11-05", "2024-Q3"),
        ("Perjanjian itu ditandatangani pada 15 Ogos 2023.", "ms", "2024-05-10", "2023-08-15"),
        ("Keuntungan suku kedua meningkat.", "ms", "2024-08-20", "2024-Q2"),
    ],
)
def test_dates(text: str, lang: str, published: str, value: str) -> None:
    assert [d.value for d in find_dates(text, lang, published=published)] == [value]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("売上高は前年同期比で10%増えた。", "ja"),
        ("매출은 전년 동기 대비 10% 늘었다.", "ko"),
        ("ارتفعت الأرباح مقارنة بالفترة نفسها من العام الماضي.", "ar"),
        ("मुनाफा पिछले साल की इसी अवधि के मुकाबले बढ़ा।", "hi"),
        ("कल बाजार में तेजी रही।", "hi"),  # कल: yesterday or tomorrow
        ("Doanh thu tăng 10% so với cùng kỳ năm trước.", "vi"),
        ("Keuntungan naik berbanding tempoh sama tahun lalu.", "ms"),
    ],
)
def test_comparisons_are_no_dates(text: str, lang: str) -> None:
    assert find_dates(text, lang, published="2024-05-10") == []


# -- sentences ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("トヨタは発表した。売上高は45兆円だった。", "ja", 2),
        ("هل ترتفع الأسعار؟ ارتفع التضخم إلى 4.5٪ في أبريل. وقال الوزير إن النمو قوي.", "ar", 3),
        ("कंपनी का मुनाफा 12.5 प्रतिशत बढ़ा। सरकार ने नई नीति घोषित की।", "hi", 2),
        ("Doanh thu tăng 12,5%. Lợi nhuận giảm.", "vi", 2),
    ],
)
def test_sentence_ends(text: str, lang: str, count: int) -> None:
    assert len(split_sentences(text, lang)) == count


# -- translation: one provider call per language -----------------------------------------------------


@pytest.fixture()
def libre() -> Iterator[FakeServer]:
    with serve("libre") as server:
        yield server


SENTENCES = {
    "ja": "純利益は3兆5000億円だった。",
    "ko": "매출은 1억 2천만 달러였다.",
    "ar": "بلغت الإيرادات ٢٫٥ مليار دولار.",
    "hi": "शुद्ध लाभ 5,000 करोड़ रुपये रहा।",
    "vi": "Doanh thu đạt 1.234,5 tỷ đồng.",
    "ms": "Keuntungan bersih RM2.5 bilion.",
}


def test_one_translation_call_per_language(libre: FakeServer, tmp_path: Path) -> None:
    claims = [{"lang": code, "sentence": text} for code, text in SENTENCES.items()]
    options = Options(translator="libre", translator_url=libre.url, cache_dir=str(tmp_path / "cache"))
    settings = Settings(connect_timeout=0.5, read_timeout=0.5, backoff=0.02, backoff_max=0.1)
    report = translate_rows(claims, [], options, settings=settings)
    assert report.failed == 0
    assert libre.count == len(SENTENCES)
    for row in claims:
        assert row["sentence_en"] == english(row["sentence"]) and row["translator"] == "libre"
    sent = {r["q"]: r["source"] for r in libre.requests}
    # each in its own language, or `auto` where the provider has no code for it (LibreTranslate: Malay)
    assert all(sent[text] in (code, "auto") for code, text in SENTENCES.items())
    assert sum(sent[text] == code for code, text in SENTENCES.items()) >= len(SENTENCES) - 1
