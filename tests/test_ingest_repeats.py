"""Repeated paragraphs: a repeat states the same figures; finding repeats is linear in the text's size."""

from __future__ import annotations

import random
import time

from sora_meta.ingest.clean import clean, mark_duplicates, split_paragraphs


def _duplicates(text: str) -> list[bool]:
    return [p.duplicate for p in clean(text)]


def test_paragraphs_that_differ_in_their_figures_are_not_repeats() -> None:
    lines = [
        "Revenue in the first quarter was $3.2 billion, up 7% from a year earlier, the company said.",
        "Revenue in the second quarter was $3.5 billion, up 9% from a year earlier, the company said.",
        "Revenue in the second quarter was €3.5 billion, up 9% from a year earlier, the company said.",
        "Pendapatan kuartal pertama Rp 12 triliun, naik 5% dibanding tahun lalu, kata perusahaan itu.",
        "Pendapatan kuartal kedua Rp 14 triliun, naik 6% dibanding tahun lalu, kata perusahaan itu.",
        "公司第一季度营收为320亿元，同比增长7%，净利润为45亿元，同比增长12%，公司在公告中表示。",
        "公司第二季度营收为350亿元，同比增长9%，净利润为48亿元，同比增长15%，公司在公告中表示。",
    ]
    assert _duplicates("\n".join(lines)) == [False] * len(lines)


def test_price_list_does_not_collapse() -> None:
    lines = [
        f"Harga emas Antam hari ini untuk ukuran {g} gram dijual Rp {g * 1_100_000:,}." for g in range(1, 30)
    ]
    assert not any(_duplicates("\n".join(lines)))


def test_two_companies_with_the_same_figures_are_not_repeats() -> None:
    a = "Shares of Volvo Cars rose 4% to 30 kronor in Stockholm trading on Tuesday morning, traders said."
    b = "Shares of Scania Group rose 4% to 30 kronor in Stockholm trading on Tuesday morning, traders said."
    assert _duplicates(f"{a}\n{b}") == [False, False]


def test_true_repeats_are_still_found() -> None:
    a = "Revenue in the second quarter was $3.5 billion, up 9% from a year earlier, the company said."
    b = "**Revenue in the second quarter was $3.5 billion, up 9% from a year earlier, the company said!**"
    c = "Revenue in the second quarter was $3.5 billion, up 9% from a year earlier, the firm said."
    assert _duplicates(f"{a}\nOther text here.\n{b}\n{c}") == [False, False, True, True]


def _similar_page(size: int, seed: int) -> str:
    rng = random.Random(seed)
    words = ["rail", "port", "grid", "bank", "mine", "farm", "mill", "yard", "dock", "fund"]
    lines: list[str] = []
    total = 0
    while total < size:
        middle = " ".join(rng.choice(words) for _ in range(8))
        line = f"The board met the regulators today and discussed {middle} in the capital of the province."
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def test_repeat_detection_is_linear_in_size() -> None:
    def seconds(text: str) -> float:
        paragraphs = split_paragraphs(text)
        started = time.perf_counter()
        mark_duplicates(text, paragraphs)
        return time.perf_counter() - started

    small, large = _similar_page(200_000, 1), _similar_page(1_600_000, 1)
    seconds(small)  # warm up
    t_small = min(seconds(small) for _ in range(2))
    t_large = min(seconds(large) for _ in range(2))  # the best of two, as for the small page
    assert t_large < 2.0  # about 0.5 s/MB here; before, difflib took about 30 s/MB on this page
    assert t_large < 8 * t_small * 2.5  # eight times the text, at most about eight times the time
