"""Dates as statements write them, with their offsets.

"March 24, 2023", "10 November 2022", "August 26 and 27, 2024", "March 20-21, 2024",
"20-21 March 2024", "from December 2 to 7, 2017", "2024-03-04", "May 2022", "in 2024".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..text import Span

#: Each month's names, the full one first.
_NAMES = [
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
]
MONTHS = {name: number for number, names in enumerate(_NAMES, start=1) for name in names}
#: A month written out, capitalised ("July"): a word that is never a city or a name.
MONTH_NAME = "(?:" + "|".join(names[0].capitalize() for names in _NAMES) + ")"
_MONTH = r"(?P<{}>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
WEEKDAY_NAME = r"(?i:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?i:day)?\.?"
#: "March 24 (Tue.)": a weekday in brackets after the day
_DAY_NAMED = r"(?:\s*\(" + WEEKDAY_NAME + r"\))?"
#: the joint of a range, with the second day's weekday if written: "14, and Wednesday, 15"
_TO = r",?\s*(?:-|\u2013|\u2014|to|and|through|till|until)\s*(?:" + WEEKDAY_NAME + r",?\s+)?"


_M, _D, _D2, _Y = _MONTH.format("m"), _DAY.format("d"), _DAY.format("d2"), _YEAR.format("y")
_M2 = _MONTH.format("m2")
_OF = r"\s+(?:of\s+)?"

_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),  # 2024-03-04
    re.compile(r"\b(?P<d>[0-3]\d)\.(?P<m>[01]\d)\.(?P<y>(?:19|20)\d\d)\b"),  # 04.03.2026
    # 12-13/11/2025 (day range, month, year)
    re.compile(r"\b(?P<d>[0-3]?\d)\s*-\s*(?P<d2>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b"),
    # September 30 to October 1, 2025 / 30 September-1 October 2025
    re.compile(rf"\b{_M}\s+{_D}{_DAY_NAMED}{_TO}{_M2}\s+{_D2}{_DAY_NAMED},?\s+{_Y}\b"),
    re.compile(rf"\b{_D}{_OF}{_M}{_TO}{_D2}{_OF}{_M2},?\s+{_Y}\b"),
    # March 20-21, 2024 / August 26 and 27, 2024 / December 2 to 7, 2017
    re.compile(rf"\b{_M}\s+{_D}{_DAY_NAMED}{_TO}{_D2}{_DAY_NAMED},?\s+{_Y}\b"),
    # 20-21 March 2024 / 26 and 27 August 2024 / the 9th and 10th of June 2026
    re.compile(rf"\b{_D}{_TO}{_D2}{_OF}{_M},?\s+{_Y}\b"),
    re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b"),  # March 24, 2023 / March 24 2023
    re.compile(rf"\b{_D}{_OF}{_M},?\s+{_Y}\b"),  # 10 November 2022 / 10th of November, 2022
    re.compile(rf"\b{_M},?\s+{_Y}\b"),  # May 2022 / in June 2022
]


@dataclass(frozen=True)
class DateMention:
    """A date or range read from the text; ``precision`` is "day", "month" or "year"."""

    span: Span
    start: dt.date
    end: dt.date | None
    precision: str

    @property
    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every full or month-precision date in ``text``, in order, without overlaps."""
    return _find(_PATTERNS, text, offset)


def _find(
    patterns: list[re.Pattern[str]], text: str, offset: int, year: int | None = None
) -> list[DateMention]:
    """The dates the patterns find, first pattern first, without overlaps; ``year`` for the
    patterns that give none."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _to_mention(match, offset, year)
            taken.append((match.start(), match.end()))  # an impossible date is no month either
            if mention is not None:
                found.append(mention)
    return sorted(found, key=lambda m: m.span.start)


def _to_mention(match: re.Match[str], offset: int, year: int | None = None) -> DateMention | None:
    groups = match.groupdict()
    month = month_number(groups["m"])
    end_month = month_number(groups["m2"]) if groups.get("m2") else month
    year = int(groups["y"]) if groups.get("y") else year
    if year is None:
        return None
    span = Span(offset + match.start(), offset + match.end())
    try:
        if groups.get("d") is None:
            return DateMention(span, dt.date(year, month, 1), None, "month")
        start = dt.date(year, month, int(groups["d"]))
        end = dt.date(year, end_month, int(groups["d2"])) if groups.get("d2") else None
    except ValueError:
        return None
    if end is not None and end <= start:
        return None
    return DateMention(span, start, end, "day")


def month_number(written: str) -> int:
    """The number of a month written as a number or a name ("6", "June", "Jun")."""
    return int(written) if written.isdigit() else MONTHS[written.lower()]


_YEAR_ONLY = re.compile(
    r"\b(?:in|during|for|by|half\s+of|quarter\s+of|end\s+of|early|late|mid-?)\s+"
    r"(?P<y>(?:19|20)\d\d)\b(?![-/]\d)",
    re.IGNORECASE,
)


def find_years(text: str, offset: int = 0) -> Iterator[DateMention]:
    """Years written as "in 2024", "by 2025", "in the second half of 2024", "early 2026"."""
    for match in _YEAR_ONLY.finditer(text):
        year = int(match["y"])
        yield DateMention(
            Span(offset + match.start("y"), offset + match.end("y")),
            dt.date(year, 1, 1),
            None,
            "year",
        )


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "(?P<{}>(?i:" + "|".join(_WEEKDAYS) + "))"
_WEEKDAY_RANGE = re.compile(rf"\b{_WEEKDAY.format('a')}(?:{_TO}{_WEEKDAY.format('b')})?\b")


def find_weekdays(text: str, offset: int, published: dt.date) -> list[DateMention]:
    """Days a news report names by weekday ("held Tuesday and Wednesday") or as "today" or
    "yesterday", resolved to the last such days on or before the day it was ``published``;
    the days of one sentence are one range ("which opened Wednesday ..., concluded on
    Thursday")."""
    found = _weekdays(text, offset, published)
    if len(found) < 2:
        return found
    start, end = min(d.start for d in found), max(d.end or d.start for d in found)
    span = Span(found[0].span.start, found[-1].span.end)
    return [DateMention(span, start, end if end != start else None, "day")]


#: "held today in New Delhi", "which ended yesterday": days counted back from the issue date
_RELATIVE_DAY = re.compile(r"\b(?P<day>today|yesterday)\b", re.IGNORECASE)


#: A report's own day: "said on Monday", "in a statement released Monday"
_REPORTED = re.compile(
    r"\b(?:said|announced|released|reported|told\s+\w+|published)\b[^.;,]{0,40}?\s+(?:on\s+)?$"
)


def _weekdays(text: str, offset: int, published: dt.date) -> list[DateMention]:
    found = []
    for match in _RELATIVE_DAY.finditer(text):
        day = published - dt.timedelta(days=match["day"].lower() == "yesterday")
        found.append(
            DateMention(Span(offset + match.start(), offset + match.end()), day, None, "day")
        )
    ranges = list(_WEEKDAY_RANGE.finditer(text))
    # "... took place last Tuesday and Wednesday, the ministry said in a statement released
    # on Monday": the day of the report is no meeting day when the text gives others
    held = [m for m in ranges if not _REPORTED.search(text, max(0, m.start() - 60), m.start())]
    for match in held or ranges:
        first, last = (_WEEKDAYS.index(d.lower()) for d in (match["a"], match["b"] or match["a"]))
        end = published - dt.timedelta(days=(published.weekday() - last) % 7)
        start = end - dt.timedelta(days=(last - first) % 7)
        span = Span(offset + match.start(), offset + match.end())
        found.append(DateMention(span, start, end if end != start else None, "day"))
    return sorted(found, key=lambda d: d.span.start)


_NO_YEAR = r"(?!,?\s+(?:19|20)\d\d)"
_DAYS_NO_YEAR = [
    re.compile(rf"\b{_M}\s+{_D}{_DAY_NAMED}{_TO}{_M2}\s+{_D2}\b{_NO_YEAR}"),  # June 30 to July 1
    re.compile(rf"\b{_D}{_OF}{_M}{_TO}{_D2}{_OF}{_M2}\b{_NO_YEAR}"),  # 30 June to 1 July
    re.compile(rf"\b{_M}\s+{_D}{_DAY_NAMED}{_TO}{_D2}\b{_NO_YEAR}"),  # June 10-11 / (Tue.) to 11
    re.compile(rf"\b{_D}{_TO}{_D2}{_OF}{_M}\b{_NO_YEAR}"),  # 10-11 June
    re.compile(rf"\b{_M}\s+{_D}\b(?![,\d]*\s*(?:19|20)\d\d)(?!\s*(?:-|to|and)\s*\d)"),  # June 10
    re.compile(rf"\b{_D}{_OF}{_M}\b{_NO_YEAR}"),  # 10 June
]


def find_days(text: str, offset: int, year: int) -> list[DateMention]:
    """Days written without their year ("On February 12 and 13", "in Washington June
    10-11"), in ``year`` (the year the document was issued)."""
    return _find(_DAYS_NO_YEAR, text, offset, year)


_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
#: "two days of talks", "a two-day meeting", "over two days": how long a meeting lasted
_LASTED = re.compile(
    r"\b(?:(?P<over>over)\s+)?(?P<n>two|three|four|five|[2-5])"
    # "days" alone only after "over" (a conditional group: no other match when "over" is absent)
    r"(?:-day\b|\s+days\s+of\b|\s+days\b(?=\s+(?:this|last)\s+week)|(?(over)\s+days\b|(?!)))",
    re.IGNORECASE,
)


def days_lasted(text: str) -> int | None:
    """How many days ``text`` says a meeting lasted ("after two days of talks"), if it does."""
    match = _LASTED.search(text)
    if match is None:
        return None
    count = match["n"].lower()
    return int(count) if count.isdigit() else _COUNTS[count]
