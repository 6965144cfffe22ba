"""Claim assembly: subjects, nearest dates, stable ids."""

from __future__ import annotations

from sora_meta.claims import claim_id, collapse, event_date, nearest_date, subject_of, unique_names
from sora_meta.models import CompanyMention, DateMention, Figure


def company(text: str, sentence: str, name: str | None = None, occurrence: int = 0) -> CompanyMention:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(text, start + 1)
    return CompanyMention(start, start + len(text), text, name or text)


def figure(text: str, sentence: str) -> Figure:
    start = sentence.index(text)
    return Figure(start, start + len(text), text, "percent", 7.0, unit="%")


def test_subject_is_the_nearest_company_before_the_figure() -> None:
    s = "Adobe (ADBE.US) fell more than 7%, and Shutterstock fell more than 5% last Friday."
    companies = [company("Adobe", s), company("Shutterstock", s)]
    assert subject_of(figure("more than 7%", s), s, companies) == "Adobe"
    assert subject_of(figure("more than 5%", s), s, companies) == "Shutterstock"


def test_subject_stops_at_a_clause_break() -> None:
    s = "Meta lost US$13,717 miliar; Roblox lost US$60 miliar; the market fell 5%."
    companies = [company("Meta", s), company("Roblox", s)]
    assert subject_of(figure("US$13,717 miliar", s), s, companies) == "Meta"
    assert subject_of(figure("US$60 miliar", s), s, companies) == "Roblox"
    assert subject_of(figure("5%", s), s, companies) == ""


def test_subject_after_the_figure_only_when_it_is_the_only_company() -> None:
    s = "A loss of 5% hit Meta."
    assert subject_of(figure("5%", s), s, [company("Meta", s)]) == "Meta"
    s2 = "A loss of 5% hit Meta and Google."
    assert subject_of(figure("5%", s2), s2, [company("Meta", s2), company("Google", s2)]) == ""


def test_nearest_date_prefers_the_closest_mention() -> None:
    s = "In 2022 the loss was US$13,717 miliar, up 34,57% from 2021."
    d2022 = DateMention(s.index("2022"), s.index("2022") + 4, "2022", "2022")
    d2021 = DateMention(s.index("2021"), s.index("2021") + 4, "2021", "2021")
    loss = figure("US$13,717 miliar", s)
    growth = figure("34,57%", s)
    assert nearest_date(loss.start, loss.end, [d2022, d2021]) == d2022
    assert nearest_date(growth.start, growth.end, [d2022, d2021]) == d2021
    assert nearest_date(0, 1, []) is None


def test_nearest_date_stays_in_the_clause() -> None:
    s = "Meta lost more in 2022; Roblox lost US$60 miliar of market value."
    d2022 = DateMention(s.index("2022"), s.index("2022") + 4, "2022", "2022")
    loss = figure("US$60 miliar", s)
    assert nearest_date(loss.start, loss.end, [d2022], s) is None
    assert nearest_date(loss.start, loss.end, [d2022]) == d2022


def test_claim_ids_are_stable_and_distinct() -> None:
    assert claim_id("a.txt", 10, 20, "money") == claim_id("a.txt", 10, 20, "money")
    assert (
        len(
            {
                claim_id("a.txt", 10, 20, "money"),
                claim_id("a.txt", 10, 21, "money"),
                claim_id("b.txt", 10, 20, "money"),
                claim_id("a.txt", 10, 20, "percent"),
            }
        )
        == 4
    )
    # Pinned: ids must not change between versions, machines or runs.
    assert claim_id("a.txt", 10, 20, "money") == "0f63bd2d79a28421"


def test_helpers() -> None:
    assert collapse("  a \n b\t c ") == "a b c"
    s = "Meta and Facebook and Google"
    assert unique_names([company("Meta", s), company("Facebook", s, "Meta"), company("Google", s)]) == [
        "Meta",
        "Google",
    ]


def test_event_date_prefers_precise_then_explicit() -> None:
    s = "Last year, Meizu released glasses; XR will matter to Meizu in 2025, says a 2024-03-07 memo."
    last_year = DateMention(0, 9, "Last year", "2023", "relative")
    y2025 = DateMention(s.index("2025"), s.index("2025") + 4, "2025", "2025")
    day = DateMention(s.index("2024-03-07"), s.index("2024-03-07") + 10, "2024-03-07", "2024-03-07")
    assert event_date([last_year, y2025]) == y2025
    assert event_date([last_year, y2025, day]) == day
    assert (
        event_date([DateMention(0, 2, "Q3", "2023-Q3"), DateMention(5, 9, "2023", "2023")]).value == "2023-Q3"
    )
    assert event_date([]) is None
