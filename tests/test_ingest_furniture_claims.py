"""Furniture is a whole line that is only furniture: lines that carry a claim are content."""

from __future__ import annotations

import pytest

from sora_meta.ingest.clean import clean, furniture_kind


@pytest.mark.parametrize(
    "line",
    [
        "Source: Shell said refining margins rose 30% in the quarter.",
        "Chart: Exports doubled to $12 billion in 2022.",
        "Photo: Toyota sold 2.4 million cars in the half.",
        "Copyright holders at Warner earned $1.5 billion from the catalogue",
        "Sign up numbers at the app rose 40% to 3 million users",
        "Baca juga: Laba Bank Mandiri naik 18% menjadi Rp 20 triliun",
        "Sumber: BPS mencatat inflasi 3,2 persen",
        "图片来源：公司公告显示营收增长15%",
        "The company reported sales of $3 billion. This does not constitute investment advice.",
        "Penjualan naik 9%. Konten ini bukan ajakan atau tawaran.",
        "Analysts were upbeat. The note does not constitute investment advice, the bank said.",
        "公司营收达到120亿元。以上内容仅供参考，不构成投资建议。",
    ],
)
def test_a_line_with_a_claim_or_a_phrase_inside_is_content(line: str) -> None:
    assert furniture_kind(line) == ""


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our newsletter",
        "Subscribe now",
        "Baca juga: Cara mengurus paspor secara online",
        "Source: Reuters",
        "Sumber: CNBC Indonesia",
        "Copyright 2022 Example News",
        "© 2022 Contoh Media. All rights reserved.",
        "This article does not constitute investment advice.",
        "Artikel ini bukan ajakan atau tawaran. Hubungi penasihat Anda.",
        "免责声明：本文仅供参考，不构成投资建议。",
    ],
)
def test_real_furniture_is_still_furniture(line: str) -> None:
    assert furniture_kind(line) != ""


def _content(text: str) -> list[str]:
    return [text[p.start : p.end] for p in clean(text) if not p.furniture]


def test_related_subheading_mid_article_keeps_what_follows() -> None:
    body = "Shell said refining margins rose in the quarter as demand for diesel stayed strong in Europe."
    after = [
        "Trending",
        "Its chief executive said the company would keep buying back shares this year.",
        "Net income came to $6 billion, up 8% from a year earlier.",
        "Analysts had expected a smaller rise.",
    ]
    text = "\n".join(["Shell results", body, *after]) + "\n"
    assert _content(text) == ["Shell results", body, *after[1:]]


def test_related_header_with_short_sentences_after_it_keeps_them() -> None:
    text = "Title\nA first paragraph of the article.\nRelated\nProfit rose 5%.\nSales fell.\n"
    assert _content(text) == ["Title", "A first paragraph of the article.", "Profit rose 5%.", "Sales fell."]


def test_terminal_list_of_headlines_is_dropped_as_a_block() -> None:
    body = "比亚迪公布上半年营收1500亿元，同比增长35%，海外销量继续增长。"
    text = (
        f"比亚迪上半年业绩\n{body}\n相关推荐\n宁德时代发布新电池\n蔚来汽车交付量创新高\n理想汽车营收增长20%\n"
    )
    assert _content(text) == ["比亚迪上半年业绩", body]


def test_mid_article_header_still_takes_its_link_list() -> None:
    body = "A long paragraph of the story that goes on about the quarter and the outlook of the firm."
    text = f"Title\n{body}\nRelated\nOther story one\nOther story two\n{body} More.\n"
    assert _content(text) == ["Title", body, f"{body} More."]
