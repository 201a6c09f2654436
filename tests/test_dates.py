"""Dates as statements write them (spacegraph.extract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from spacegraph.extract.dates import days_lasted, find_dates, find_days, find_weekdays, find_years

D = dt.date

#: (written form, the text the match must cover, start, end, precision)
FORMS = [
    ("March 24, 2023", "March 24, 2023", D(2023, 3, 24), None, "day"),
    ("10 November 2022", "10 November 2022", D(2022, 11, 10), None, "day"),
    ("26 June 2023", "26 June 2023", D(2023, 6, 26), None, "day"),
    ("August 26 and 27, 2024", "August 26 and 27, 2024", D(2024, 8, 26), D(2024, 8, 27), "day"),
    ("March 20-21, 2024", "March 20-21, 2024", D(2024, 3, 20), D(2024, 3, 21), "day"),
    ("20-21 March 2024", "20-21 March 2024", D(2024, 3, 20), D(2024, 3, 21), "day"),
    ("from December 2 to 7, 2017", "December 2 to 7, 2017", D(2017, 12, 2), D(2017, 12, 7), "day"),
    ("2024-03-04", "2024-03-04", D(2024, 3, 4), None, "day"),
    ("04.03.2026 - Press release", "04.03.2026", D(2026, 3, 4), None, "day"),
    ("Sept. 9, 2022", "Sept. 9, 2022", D(2022, 9, 9), None, "day"),
    ("in May 2022", "May 2022", D(2022, 5, 1), None, "month"),
    ("on the 1st of December, 2020", "1st of December, 2020", D(2020, 12, 1), None, "day"),
    # a range across two months, either way round
    (
        "September 30 to October 1, 2025",
        "September 30 to October 1, 2025",
        D(2025, 9, 30),
        D(2025, 10, 1),
        "day",
    ),
    (
        "30 September\u20131 October 2025",
        "30 September\u20131 October 2025",
        D(2025, 9, 30),
        D(2025, 10, 1),
        "day",
    ),
    # each day with its weekday
    (
        "on Tuesday, April 14, and Wednesday, April 15, 2026",
        "April 14, and Wednesday, April 15, 2026",
        D(2026, 4, 14),
        D(2026, 4, 15),
        "day",
    ),
    (
        "on Wednesday-Thursday (12-13/11/2025)",
        "12-13/11/2025",
        D(2025, 11, 12),
        D(2025, 11, 13),
        "day",
    ),
]


@pytest.mark.parametrize(("written", "covered", "start", "end", "precision"), FORMS)
def test_each_written_form_parses_to_its_start_and_end(
    written: str, covered: str, start: dt.date, end: dt.date | None, precision: str
) -> None:
    text = f"The delegations met {written} to review their work."
    [mention] = find_dates(text)
    assert (mention.start, mention.end, mention.precision) == (start, end, precision)
    # the offsets point at the date text itself
    assert text[mention.span.start : mention.span.end] == covered
    assert mention.span.start == text.index(covered)


def test_offsets_are_shifted_by_the_offset_given() -> None:
    document = "Preamble sentence. They met on March 24, 2023 in Tokyo."
    sentence_start = document.index("They")
    [mention] = find_dates(document[sentence_start:], offset=sentence_start)
    assert document[mention.span.start : mention.span.end] == "March 24, 2023"


def test_several_dates_come_in_text_order_without_overlaps() -> None:
    text = "Held on 10 November 2022, after talks in May 2022 and before March 20-21, 2024."
    found = find_dates(text)
    assert [text[m.span.start : m.span.end] for m in found] == [
        "10 November 2022",
        "May 2022",
        "March 20-21, 2024",
    ]
    assert [m.precision for m in found] == ["day", "month", "day"]


@pytest.mark.parametrize(
    ("mention_text", "iso"),
    [("March 24, 2023", "2023-03-24"), ("in May 2022", "2022-05")],
)
def test_iso_follows_the_precision(mention_text: str, iso: str) -> None:
    [mention] = find_dates(f"It happened {mention_text}.")
    assert mention.iso == iso


@pytest.mark.parametrize(
    "invalid",
    ["February 30, 2023", "April 31, 2024", "2023-02-30", "2023-13-01", "March 21-20, 2024"],
)
def test_invalid_dates_are_not_returned(invalid: str) -> None:
    assert find_dates(f"The meeting was held {invalid} in Paris.") == []


def test_an_invalid_day_first_date_does_not_come_back_as_a_month() -> None:
    assert find_dates("The meeting was held 30 February 2023 in Paris.") == []


def test_a_bare_year_is_not_a_date_but_find_years_reads_in_2024() -> None:
    text = "The next meeting will be held in 2024 in Paris."
    assert find_dates(text) == []
    [year] = find_years(text, offset=10)
    assert year.precision == "year"
    assert year.start == D(2024, 1, 1)
    assert year.iso == "2024"
    assert text[year.span.start - 10 : year.span.end - 10] == "2024"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "On February 12 and 13, the Dialogue was held",
            dt.date(2025, 2, 12),
            dt.date(2025, 2, 13),
        ),
        ("held in Washington June 10-11.", dt.date(2025, 6, 10), dt.date(2025, 6, 11)),
        ("met in Oslo on 3 May", dt.date(2025, 5, 3), None),
        ("from March 24 (Tue.) to 25 (Wed.) at", dt.date(2025, 3, 24), dt.date(2025, 3, 25)),
        ("from June 30 to July 2 in Lima", dt.date(2025, 6, 30), dt.date(2025, 7, 2)),
    ],
)
def test_days_without_a_year_take_the_year_given(text: str, start, end) -> None:
    [day] = find_days(text, 0, 2025)
    assert (day.start, day.end) == (start, end)


def test_weekdays_resolve_to_the_last_such_days_before_publication() -> None:
    # published on Thursday 12 March 2026
    [days] = find_weekdays("held Wednesday and Thursday", 0, dt.date(2026, 3, 12))
    assert (days.start, days.end) == (dt.date(2026, 3, 11), dt.date(2026, 3, 12))


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("officials said after two days of talks in Adelaide", 2),
        ("a three-day meeting at the agency", 3),
        ("spent two days this week talking", 2),
        ("the two delegations met in Rome", None),
        ("a two-year programme", None),
    ],
)
def test_how_long_a_meeting_lasted(text: str, days: int | None) -> None:
    assert days_lasted(text) == days


def test_today_and_yesterday_count_back_from_publication() -> None:
    published = dt.date(2026, 3, 12)
    assert [d.start for d in find_weekdays("agreed today", 0, published)] == [published]
    assert [d.start for d in find_weekdays("which ended yesterday", 0, published)] == [
        dt.date(2026, 3, 11)
    ]
