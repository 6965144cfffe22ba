"""Figures as news writes them (issue 14 C): currency after the amount, ISO codes in any case, the
dollars of a country, minor units and composite amounts, signs, fractions of magnitudes, Indian
grouping, Chinese tenths (成, 折) and per-mille, spaced Chinese numbers, durations that are no figure.

Each positive form has negatives beside it: a wrong value is worse than a missing one.
"""

from __future__ import annotations

import pytest

from sora_meta.extract.figures import find_figures


def found(text: str, lang: str) -> list[tuple[str, float | None, str]]:
    return [(f.text, f.value, f.unit) for f in find_figures(text, lang)]


def approx(got: list[tuple[str, float | None, str]], want: list[tuple[str, float, str]]) -> bool:
    return len(got) == len(want) and all(
        g[0] == w[0] and g[2] == w[2] and g[1] is not None and abs(g[1] - w[1]) <= 1e-9 * max(1.0, abs(w[1]))
        for g, w in zip(got, want, strict=True)
    )


POSITIVE = [
    # a currency symbol after the amount
    ("en", "Tickets cost 12 € at the door.", [("12 €", 12, "EUR")]),
    ("en", "It sold for 99 $ in Montreal.", [("99 $", 99, "USD")]),
    ("en", "The bike cost 100₾ in Tbilisi.", [("100₾", 100, "GEL")]),
    ("en", "The prize was 100,000 ₭.", [("100,000 ₭", 100000, "LAK")]),
    ("id", "Harga tiket 12 € per orang.", [("12 €", 12, "EUR")]),
    # ISO codes in any case, glued or spaced, before or after
    ("en", "The bank set aside USD 20 million.", [("USD 20 million", 20e6, "USD")]),
    ("en", "A dividend of 20 usd per share.", [("20 usd", 20, "USD")]),
    ("en", "Orders of EUR1.2bn arrived.", [("EUR1.2bn", 1.2e9, "EUR")]),
    ("en", "Orders of eur 5 million arrived.", [("eur 5 million", 5e6, "EUR")]),
    ("en", "It paid 40 rmb for lunch.", [("40 rmb", 40, "CNY")]),
    # MUSD-style codes
    ("en", "Order intake was MEUR 250.", [("MEUR 250", 250e6, "EUR")]),
    ("en", "Sales reached 1,200 MSEK.", [("1,200 MSEK", 1.2e9, "SEK")]),
    # the dollars of a country, also spaced and in lower case
    ("en", "A loss of C$340 million.", [("C$340 million", 340e6, "CAD")]),
    ("en", "Shares closed at C $ 20.15.", [("C $ 20.15", 20.15, "CAD")]),
    ("en", "Exports fell to hk $ 10.05 billion.", [("hk $ 10.05 billion", 10.05e9, "HKD")]),
    ("en", "A us $ 150 million loan.", [("us $ 150 million", 150e6, "USD")]),
    ("en", "Profit of A$1.25 billion.", [("A$1.25 billion", 1.25e9, "AUD")]),
    ("en", "It will invest NT$300 billion.", [("NT$300 billion", 300e9, "TWD")]),
    ("en", "Spending of R$ 23.7 billion.", [("R$ 23.7 billion", 23.7e9, "BRL")]),
    ("en", "Kaspi earned ₸250 billion.", [("₸250 billion", 250e9, "KZT")]),
    # minor units and composite amounts
    ("en", "The shares rose 82 cents.", [("82 cents", 0.82, "USD")]),
    ("en", "Vodafone fell 45 pence.", [("45 pence", 0.45, "GBP")]),
    ("en", "A 12-cent dividend.", [("12-cent", 0.12, "USD")]),
    ("en", "It only cost 3 dollars 50 cents.", [("3 dollars 50 cents", 3.5, "USD")]),
    ("en", "It costs 10 € 30 cents.", [("10 € 30 cents", 10.3, "EUR")]),
    ("zh", "这个手机壳五元三毛。", [("五元三毛", 5.3, "CNY")]),
    ("zh", "这台电脑两美元。", [("两美元", 2, "USD")]),
    ("zh", "股价上涨82美分。", [("82美分", 0.82, "USD")]),
    # Indian numbering
    ("en", "The fund holds Rs 12,34,567.89 in cash.", [("Rs 12,34,567.89", 1234567.89, "INR")]),
    ("en", "The unit was valued at Rs 4,500 crore.", [("Rs 4,500 crore", 4.5e10, "INR")]),
    # spaced money-only suffixes after a currency
    ("id", "Nilai kontrak Rp 5 M untuk proyek itu.", [("Rp 5 M", 5e9, "IDR")]),
    ("id", "Biaya proyek Rp 2,3 T.", [("Rp 2,3 T", 2.3e12, "IDR")]),
    # fractions of magnitudes
    ("en", "It costs half a million dollars.", [("half a million dollars", 5e5, "USD")]),
    (
        "en",
        "A plant worth a quarter of a billion dollars.",
        [("a quarter of a billion dollars", 2.5e8, "USD")],
    ),
    ("en", "It will raise 1½ billion euros.", [("1½ billion euros", 1.5e9, "EUR")]),
    # signs
    ("en", "A loss of -$5 billion.", [("-$5 billion", -5e9, "USD")]),
    ("en", "Output fell −4.5% on the year.", [("−4.5%", -4.5, "%")]),
    ("en", "Margin was (-3%) in the half.", [("-3%", -3, "%")]),
    ("en", "Growth slowed to minus 1.2 percent.", [("minus 1.2 percent", -1.2, "%")]),
    ("id", "Rugi Rp-1,2 triliun pada kuartal itu.", [("Rp-1,2 triliun", -1.2e12, "IDR")]),
    ("id", "Ekspor tumbuh minus 2 persen.", [("minus 2 persen", -2, "%")]),
    ("zh", "净利润同比增长负3.5%。", [("负3.5%", -3.5, "%")]),
    ("zh", "该公司亏损-5亿元。", [("-5亿元", -5e8, "CNY")]),
    # figures in another script inside a sentence
    ("en", "Hey, the cost is 100元 a day.", [("100元", 100, "CNY")]),
    ("en", "Profit was 5亿元 last year.", [("5亿元", 5e8, "CNY")]),
    ("zh", "苹果公司市值达到$3 trillion。", [("达到$3 trillion", 3e12, "USD")]),
    # Chinese tenths, per-mille, traditional forms
    ("zh", "七成受访者表示支持。", [("七成", 70, "%")]),
    ("zh", "持股比例升至三成半。", [("三成半", 35, "%")]),
    ("zh", "近三成五的用户满意。", [("三成五", 35, "%")]),  # a tenth's digit after 成
    ("zh", "占比一成一。", [("一成一", 11, "%")]),
    ("zh", "该计划三成五年内完成。", []),  # 成 then `五年`: no reading is sure, so no figure
    ("zh", "增长三成，五家公司亏损。", [("三成", 30, "%")]),
    ("zh", "9.5成的用户满意。", [("9.5成", 95, "%")]),
    ("zh", "全场八折。", [("八折", 80, "%")]),
    ("zh", "会员享八五折。", [("八五折", 85, "%")]),
    ("zh", "会员享75折。", [("75折", 75, "%")]),
    ("zh", "价格三点一折。", [("三点一折", 31, "%")]),
    ("zh", "部分商品打对折。", [("对折", 50, "%")]),
    ("zh", "手续费为千分之五。", [("千分之五", 0.5, "%")]),
    ("zh", "佣金为万分之三。", [("万分之三", 0.03, "%")]),
    ("zh", "增速为百分之２．５。", [("百分之２．５", 2.5, "%")]),
    ("zh", "利率百分之一百二十点五。", [("百分之一百二十点五", 120.5, "%")]),
    ("zh", "失业率下降了六个百分点。", [("六个百分点", 6, "pp")]),
    ("zh", "四點五個百分點", [("四點五個百分點", 4.5, "pp")]),
    ("zh", "該公司投資5萬億元。", [("5萬億元", 5e12, "CNY")]),
    ("zh", "市值突破1兆新台币。", [("突破1兆新台币", 1e12, "TWD")]),
    # spaced Chinese numbers (Pangu spacing, tokenised text)
    ("zh", "六 点 五 成", [("六 点 五 成", 65, "%")]),
    ("zh", "毛利率提升 2.3 个百分点", [("2.3 个百分点", 2.3, "pp")]),
    ("zh", "百 分之 2", [("百 分之 2", 2, "%")]),
    # number words with their noun
    ("en", "The retailer will close nine stores.", [("nine stores", 9, "stores")]),
    ("id", "Empat perusahaan ikut lelang.", [("Empat perusahaan", 4, "companies")]),
]


@pytest.mark.parametrize(("lang", "text", "want"), POSITIVE)
def test_forms_news_writes(lang: str, text: str, want: list[tuple[str, float, str]]) -> None:
    got = found(text, lang)
    assert approx(got, want), got


NEGATIVE = [
    ("en", "Visit https://example.com/search?q=30%25%2020% now."),  # URL encoding
    ("en", "The A $5 billion deal closed."),  # `A $` is an article, never AUD (checked below: USD)
    ("en", "Let us $wait and see."),
    ("en", "The cost of 1 $10 bill."),  # `$` before a glued number is that number's
    ("en", "In the first 20 days of the month output held."),
    ("en", "It will double in the next 4-5 years."),
    ("en", "PTT will invest over five years."),
    ("en", "One company and one person spoke."),
    ("en", "Two people familiar with the matter said so."),
    ("en", "Windows 11 users get it."),
    ("en", "The year-5% rule, Q3-5% and 2023-5% are codes."),
    ("id", "Dalam 10 tahun ke depan."),
    ("zh", "一成不变的策略。"),
    ("zh", "这款三折叠手机备受关注。"),
    ("zh", "对折的纸张。"),
    ("zh", "工厂生产半成品。"),
    ("zh", "十折不是折扣。"),
    ("zh", "三元锂电池需求旺盛。"),
    ("zh", "百分之二三十的人不知道。"),
    ("zh", "二三十个百分点的差距。"),
    ("zh", "前20天销量平稳。"),
    ("zh", "未来十年加大投资。"),
    ("zh", "这个手机壳三毛。"),  # a minor unit alone, only after its major unit
    ("zh", "百分之15K"),
    ("zh", "他得了90分。"),
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVE)
def test_not_these_figures(lang: str, text: str) -> None:
    got = found(text, lang)
    if text.startswith("The A $5") or text.startswith("The cost of 1 $10"):
        assert [u for _, _, u in got] == ["USD"], got  # USD: the `$` prefix, never AUD / `1 $`
        return
    if text.startswith("The year-5%"):
        assert all(v is not None and v > 0 for _, v, _ in got), got  # a hyphen after a word is no sign
        return
    assert got == [], got


def test_symbol_after_amount_is_general_for_every_table_language() -> None:
    # read from the base's currency symbols: a language table adds nothing for it
    for lang in ("en", "id", "zh", "xx"):
        assert [(f.value, f.unit) for f in find_figures("Prix : 12 € HT", lang)] == [(12.0, "EUR")]


def test_offsets_point_at_the_text_as_written_in_a_spaced_chinese_number() -> None:
    text = "利润率提升 六 个百分点，营收增长 2.3 个百分点"
    for f in find_figures(text, "zh"):
        assert text[f.start : f.end] == f.text
    assert [f.text for f in find_figures(text, "zh")] == ["六 个百分点", "2.3 个百分点"]
