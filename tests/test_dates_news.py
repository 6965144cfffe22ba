"""Dates as news writes them, resolved against the publication date (issue 14, part C).

Weekdays alone, quarters and halves relative to publication, parts and seasons of a year, spans, days
and months without a year looking back or forward, `当天` and `16日`; and what is no date: comparisons,
durations, fiscal quarters, holidays named after a weekday.
"""

from __future__ import annotations

import pytest

from sora_meta.extract.dates import find_dates

THU = "2024-01-18"  # a Thursday
WED = "2023-11-15"  # a Wednesday
MAR = "2024-03-07"  # a Thursday


def values(text: str, lang: str, published: str) -> list[str]:
    return [d.value for d in find_dates(text, lang, published=published)]


POSITIVE = [
    # weekdays alone: the latest such day on or before publication, or the next after a forward word
    ("en", "The bank said on Wednesday that it would hold rates.", THU, ["2024-01-17"]),
    ("en", "Shares fell Thursday.", THU, ["2024-01-18"]),
    ("en", "The board will meet on Friday to vote.", THU, ["2024-01-19"]),
    ("en", "Talks are due to resume on Monday.", WED, ["2023-11-20"]),
    ("id", "Rupiah melemah pada Selasa.", WED, ["2023-11-14"]),
    ("id", "Direksi akan menggelar paparan publik pada Jumat.", THU, ["2024-01-19"]),
    ("zh", "央行周三宣布降息。", THU, ["2024-01-17"]),
    ("zh", "公司将于星期五召开股东大会。", THU, ["2024-01-19"]),
    ("zh", "上周五股价大涨。", THU, ["2024-01-12"]),
    # quarters and halves relative to publication
    ("en", "Fourth-quarter revenue rose 12%.", THU, ["2023-Q4"]),
    ("en", "Revenue rose in the third quarter.", WED, ["2023-Q3"]),
    ("en", "The group expects a recovery in the third quarter.", MAR, ["2024-Q3"]),
    ("en", "Sales in the first quarter are tracking ahead.", MAR, ["2024-Q1"]),
    ("en", "Profit fell last quarter.", THU, ["2023-Q4"]),
    ("en", "It guided for growth next quarter.", WED, ["2024-Q1"]),
    ("en", "Its 2022 third-quarter results were restated.", THU, ["2022-Q3"]),
    ("en", "Exports rose in the July-September quarter.", WED, ["2023-Q3"]),
    ("en", "Output fell in the September quarter.", WED, ["2023-Q3"]),
    ("en", "Sales in the first nine months of 2023 rose.", THU, ["2023-01/2023-09"]),
    ("en", "Sales in the first half rose 9%.", "2023-08-02", ["2023-H1"]),
    ("en", "First-half profit jumped 20%.", "2023-08-02", ["2023-H1"]),
    ("en", "Shares slid past Monday.", THU, ["2024-01-15"]),
    ("en", "The firm had warned in early December.", THU, ["2023-12"]),
    ("id", "Realisasi hingga akhir Desember naik.", THU, ["2023-12"]),
    ("zh", "该公司上月28日宣布裁员。", MAR, ["2024-02-28"]),
    # a year word next to a date without a year gives its year
    ("zh", "公司去年12月15日上市。", MAR, ["2023-12-15"]),
    ("zh", "工厂明年四月完工。", MAR, ["2025-04"]),
    ("en", "Sales peaked in May last year.", MAR, ["2023-05"]),
    ("id", "Harga naik pada Desember tahun lalu.", MAR, ["2023-12"]),
    ("id", "Laba triwulan IV naik.", THU, ["2023-Q4"]),
    ("id", "Ekspor kuartal ini diperkirakan naik.", WED, ["2023-Q4"]),
    ("zh", "公司第三季营收增长。", WED, ["2023-Q3"]),
    ("zh", "台积电上季营收创新高。", THU, ["2023-Q4"]),
    ("zh", "本季毛利率回升。", WED, ["2023-Q4"]),
    ("zh", "末季出货下滑。", THU, ["2023-Q4"]),
    ("zh", "公司预期次季营收持平。", MAR, ["2024-Q2"]),
    ("zh", "前三季度营收增长9%。", WED, ["2023-01/2023-09"]),
    ("zh", "前三季度营收增长9%。", THU, ["2023-01/2023-09"]),
    ("zh", "2023年前三季度净利润增长。", MAR, ["2023-01/2023-09"]),
    # parts and seasons
    ("en", "Prices peaked at the end of 2022.", THU, ["2022-12"]),
    ("en", "The plant opens in early 2025.", THU, ["2025-01/2025-04"]),
    ("en", "Output starts in mid-2024.", THU, ["2024-05/2024-08"]),
    ("en", "Rates were cut in late 2023.", MAR, ["2023-09/2023-12"]),
    ("en", "The deal should close by the end of the year.", MAR, ["2024-12"]),
    ("en", "Inflation eased at the end of last year.", MAR, ["2023-12"]),
    ("en", "The company listed last spring.", THU, ["2023-03/2023-05"]),
    ("en", "The model goes on sale this summer.", MAR, ["2024-06/2024-08"]),
    ("en", "Sales slowed in the winter of 2022.", THU, ["2022-12/2023-02"]),
    ("en", "Prices could fall next month.", THU, ["2024-02"]),  # `fall` the verb is no season
    ("id", "Pabrik beroperasi pada akhir tahun ini.", MAR, ["2024-12"]),
    ("id", "Proyek rampung pada akhir 2022.", THU, ["2022-12"]),
    ("id", "Harga naik sejak pertengahan tahun lalu.", MAR, ["2023-05/2023-08"]),
    ("id", "Penjualan naik pada akhir bulan lalu.", MAR, ["2024-02"]),
    ("zh", "工程预计年底完工。", MAR, ["2024-12"]),
    ("zh", "年初以来股价上涨30%。", MAR, ["2024-01"]),
    ("zh", "去年年底公司完成融资。", MAR, ["2023-12"]),
    ("zh", "2023年底现金为80亿元。", MAR, ["2023-12"]),
    # spans
    ("en", "The fair runs between 3 and 7 June.", MAR, ["2024-06-03/2024-06-07"]),
    ("id", "Pameran berlangsung 3-7 Juni.", MAR, ["2024-06-03/2024-06-07"]),
    ("id", "Penawaran dibuka 3 Juli hingga 5 Juli 2023.", MAR, ["2023-07-03/2023-07-05"]),
    ("zh", "展会6月3日至7日举行。", MAR, ["2024-06-03/2024-06-07"]),
    # days and months without a year
    ("en", "The company will report results on May 16.", MAR, ["2024-05-16"]),
    ("en", "The recall began on Dec. 5.", THU, ["2023-12-05"]),
    ("en", "The deadline is set to fall on Jan. 10.", THU, ["2025-01-10"]),
    ("en", "Sales fell in November.", THU, ["2023-11"]),
    ("zh", "公司5月发布新品，16日正式开售。", "2024-06-12", ["2024-05", "2024-05-16"]),
    ("zh", "美联储（2日）宣布加息。", WED, ["2023-11-02"]),
    ("zh", "公司3月5日发布公告，当天股价上涨。", MAR, ["2024-03-05", "2024-03-05"]),
    ("zh", "6月3日公司宣布回购，同日股价大涨。", "2024-06-12", ["2024-06-03", "2024-06-03"]),
]


@pytest.mark.parametrize(("lang", "text", "published", "expected"), POSITIVE)
def test_news_dates(lang: str, text: str, published: str, expected: list[str]) -> None:
    assert values(text, lang, published) == expected


NEGATIVE = [
    ("en", "Revenue rose 8% from the same quarter last year."),
    ("en", "Sales were flat compared with the same period last year."),
    ("en", "Fiscal third-quarter revenue rose 4%."),
    ("en", "Its fiscal Q2 margin improved."),
    ("en", "Black Friday sales hit a record."),
    ("en", "The store opens every Monday."),
    ("en", "The second half of the match was goalless."),
    ("en", "The second half was cut from the film."),
    ("en", "The 54-year-old chief executive will step down."),
    ("en", "On 3 and 7 June the index fell."),
    ("id", "Laba naik dibandingkan periode yang sama tahun lalu."),
    ("id", "Harga naik selama tiga tahun terakhir."),
    ("id", "Minggu lalu harga turun."),
    ("zh", "营收同比增长8%。"),
    ("zh", "销量较上年同期增长3%。"),
    ("zh", "与去年同期相比，利润翻倍。"),
    ("zh", "增速较上季度放缓。"),
    ("zh", "门店每周三休息。"),
    ("zh", "公司逾三年未分红。"),
    ("zh", "公司表示，当日成交额达50亿元。"),
    ("zh", "资金须在30日内到账。"),
    ("zh", "5日均线向上。"),
    ("zh", "2023年中国经济增长5.2%。"),
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVE)
def test_not_news_dates(lang: str, text: str) -> None:
    found = values(text, lang, THU)
    if lang == "id" and text.startswith("Minggu lalu"):
        assert found == ["2024-W02"]  # `Minggu lalu` is last week, not last Sunday
    elif lang == "en" and text.startswith("On 3 and 7"):
        assert "2024-06-03/2024-06-07" not in found
    elif lang == "zh" and text.startswith("2023年中国"):
        assert found == ["2023"]
    else:
        assert found == []


def test_a_weekday_needs_a_full_publication_date() -> None:
    assert values("The bank said on Wednesday it would hold.", "en", "2024") == []
    assert values("The bank said on Wednesday it would hold.", "en", "") == []


def test_a_quarter_takes_the_publication_year_when_only_the_year_is_known() -> None:
    assert values("Fourth-quarter revenue rose 12%.", "en", "2024") == ["2024-Q4"]


def test_a_figure_is_about_the_reported_period_not_the_day_it_was_said() -> None:
    from sora_meta.claims import nearest_date

    text = "The company said on Wednesday that third-quarter revenue rose 5%."
    found = find_dates(text, "en", published=THU)
    fig = text.index("5%")
    assert nearest_date(fig, fig + 2, found, text).value == "2023-Q3"
    text = "Shares rose 5% on Wednesday after the results for 2023."
    found = find_dates(text, "en", published=THU)
    fig = text.index("5%")
    assert nearest_date(fig, fig + 2, found, text).value == "2024-01-17"  # no period: the nearest
