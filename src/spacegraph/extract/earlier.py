"""Earlier meetings of the dialogue that a statement recalls, with what it says of them.

"The first meeting of the Dialogue took place in Tokyo in 2022", "it follows the 2nd
Dialogue held in Tokyo in 2023", "the previous round was held in Bengaluru in 2024",
"India and Australia first held the dialogue in 2021", "the civil dialogue was launched in
Washington in 2023", "the dialogue, which the two governments launched in London in 2023":
each names a meeting by its ordinal (or by its place before the one reported), and the place
and the date, month or year the clause gives ("in June 2024", "last June", "last year").
"""

from __future__ import annotations

import datetime as dt
import re

from .. import iris
from ..authority import Authority
from ..text import Sentence, Span, match_text
from .dates import MONTH_NAME, find_dates, find_years, month_number
from .model import Extraction, Meeting
from .ordinals import PATTERN as ORDINAL_WORDS
from .ordinals import meeting_ordinal, ordinal_value
from .places import meeting_place

_NOUN = r"(?:meeting|session|round|edition|dialogue)"
#: "the first meeting", "the 2nd Dialogue", "the first-ever Dialogue", "the previous round"
_RECALLED = re.compile(
    r"\b(?:(?P<ord>" + ORDINAL_WORDS + r")(?:-ever)?|(?P<prev>previous|last|preceding|prior))"
    r"\s+(?P<between>(?-i:[A-Z][\w.-]*\s+){0,6}?)(?P<noun>" + _NOUN + r")\b",
    re.IGNORECASE,
)
#: The verbs of a dialogue's founding.
SET_UP = r"(?:launched|inaugurated|established|set\s+up|created|founded)"
#: where or when a set-up verb says: "launched in Washington", "at the Quai d'Orsay", "on 14 ..."
_WHERE = r"\s+(?=(?:in|at|on)\b)"
#: "first held the dialogue", "the dialogue was launched in": the first meeting
_FIRST = re.compile(
    # "first held", not "the first held in Italy" (the meeting reported)
    r"(?<!the\s)\bfirst\s+(?:held|convened|met|sat\s+down|came\s+together|gathered)\b|"
    r"\b" + SET_UP + r"\s+the\s+dialogue" + _WHERE + r"|"
    r"\b(?:dialogue|it)\s+(?:was|were)\s+" + SET_UP + _WHERE + r"|"
    r"\bwhich\s+(?:the\s+two\s+\w+|both\s+\w+|they)\s+" + SET_UP + _WHERE + r"|"
    r"\bdialogue,\s+(?:which\s+was\s+)?" + SET_UP + _WHERE,
    re.IGNORECASE,
)
#: "The Dialogue was last convened in New Delhi in May 2024", "which first met in 2005 and
#: last met in Washington in 2023": the meeting before this one
_LAST = re.compile(
    r"\b(?:(?:was|were|and)\s+)?last\s+(?:held|convened|met)\s+(?=in\b)", re.IGNORECASE
)
#: "... its first meeting in 2021 and its second in Tokyo": a name without its noun
_ELLIPSIS = re.compile(r"\band\s+(?:its|their|the)\s+(?P<ord>" + ORDINAL_WORDS + r")\b(?!-)")
#: "held its first meeting by videoconference": the verb before the name says it was held
_HELD_BEFORE = re.compile(r"\b(?:held|convened|hosted)\s+(?:its|their|the)\s+$", re.IGNORECASE)
#: "the previous two met in London in 2023 and 2024": several meetings, a year each
_SEVERAL = re.compile(
    r"\b(?P<which>previous|preceding|prior|last|first)\s+(?P<count>two|three|four)\b"
    r"(?:\s+(?:meetings|rounds|sessions|editions|dialogues))?",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4}
#: "in 2023 and 2024", "in 2019, 2021 and 2023"
_YEAR_SERIES = re.compile(
    r"\bin\s+(?P<years>(?:19|20)\d\d(?:(?:,\s*|,?\s+and\s+)(?:19|20)\d\d)+)\b"
)
_PAST = re.compile(
    r"\b(?:held|t(?:ook|aken)\s+place|convened|hosted|launched|inaugurated|met|was|were)\b|"
    r"^,?\s*(?:in|on)\s+(?:\d|[A-Z])",  # "its second meeting, in Bengaluru in 2024"
    re.IGNORECASE,
)
#: Where the clause about one meeting ends.
_CLAUSE_END = re.compile(r";|\s(?:but|while|whereas)\s|,?\s+and\s+(?:the|both|they|it|we)\b")
#: "the third round of a separate Space Security Dialogue": another dialogue's meeting
_OTHER_DIALOGUE = re.compile(r"^\s+of\s+(?:a|an|another)\b|^\s+of\s+the\s+separate\b")
_NOT_PAST = re.compile(
    r"\b(?:will|would|shall|to\s+be|is\s+to|are\s+to|expected|planned|next|upcoming|since)\b",
    re.IGNORECASE,
)


def find_earlier(
    meeting: Meeting,
    sentence_list: list[Sentence],
    authority: Authority,
    extraction: Extraction,
) -> list[Meeting]:
    """The meetings before ``meeting`` that the statement recalls, one per ordinal."""
    found: dict[int, Meeting] = {}
    for sentence in sentence_list:
        for ordinals, clause in _recalled(
            sentence, meeting.ordinal, meeting.dialogue.kind, authority
        ):
            for nth, ordinal in enumerate(ordinals):
                earlier = found.get(ordinal)
                if earlier is None:
                    iri = iris.meeting(meeting.dialogue.iri, ordinal)
                    earlier = found[ordinal] = Meeting(iri, meeting.dialogue, ordinal=ordinal)
                earlier.spans.append(sentence.span)
                if len(ordinals) == 1:
                    _read_clause(earlier, clause, meeting.start, authority, extraction)
                else:
                    _read_shared(earlier, clause, nth, len(ordinals), authority, extraction)
    return [found[n] for n in sorted(found)]


def _recalled(
    sentence: Sentence, current: int | None, kind: str, authority: Authority
) -> list[tuple[tuple[int, ...], Sentence]]:
    """(ordinals, clause) of each earlier meeting the sentence names, or of the meetings it
    names together ("the previous two"); the clause runs from the name to the next one (or
    the sentence's end)."""
    text = match_text(sentence.text)
    named = []  # (start, end, ordinals, whether the words around the name say it was held)
    for match in _RECALLED.finditer(text):
        if match["between"] and not meeting_ordinal(text, kind, at=match.start()):
            continue  # "the 7th U.S.-Japan Civil Space Dialogue": another series
        if match["ord"]:
            ordinal = ordinal_value(match["ord"])
        elif current is not None:
            ordinal = current - 1
        else:
            continue
        held = _HELD_BEFORE.search(text, 0, match.start()) is not None
        named.append((match.start(), match.end(), (ordinal,), held))
    # "its first meeting in 2021 and its second in Tokyo", not "the third round and the first
    # held in Italy" (the meeting reported)
    recalled = [s for s, _, (o,), _ in named if current is None or o < current]
    if recalled:
        for match in _ELLIPSIS.finditer(text, min(recalled)):
            if not any(s <= match.start() < e for s, e, *_ in named):
                named.append((match.start(), match.end(), (ordinal_value(match["ord"]),), False))
    for match in _SEVERAL.finditer(text):
        count = _COUNTS[match["count"].lower()]
        if match["which"].lower() == "first":
            named.append((match.start(), match.end(), tuple(range(1, count + 1)), False))
        elif current is not None:
            ordinals = tuple(range(current - count, current))
            named.append((match.start(), match.end(), ordinals, False))
    first = _FIRST.search(text)
    if first and not any(s <= first.start() < e for s, e, *_ in named):
        named.append((first.start(), first.end(), (1,), True))
    last = _LAST.search(text)
    if last and current is not None and not any(s <= last.start() < e for s, e, *_ in named):
        named.append((last.start(), last.end(), (current - 1,), True))
    named.sort()
    found = []
    for i, (_, end, ordinals, held) in enumerate(named):
        if any(o is None or o < 1 or (current is not None and o >= current) for o in ordinals):
            continue
        stop = named[i + 1][0] if i + 1 < len(named) else len(text)
        cut = _CLAUSE_END.search(text, end, stop)
        stop = cut.start() if cut else stop
        rest = text[end:stop]
        if _NOT_PAST.search(rest) or _OTHER_DIALOGUE.search(rest):
            continue  # "the first meeting ... since 2024", "will be held", "of a separate ..."
        if not (held or _PAST.search(rest)):
            continue
        clause = Sentence(
            Span(sentence.start + end, sentence.start + stop), sentence.text[end:stop]
        )
        found.append((ordinals, clause))
    return found


def _read_shared(
    meeting: Meeting,
    clause: Sentence,
    nth: int,
    count: int,
    authority: Authority,
    extraction: Extraction,
) -> None:
    """The place of meetings named together, and the year of the ``nth`` of the ``count``
    when the clause gives one year each ("met in London in 2023 and 2024")."""
    if meeting.location is None:
        meeting.location = meeting_place(clause, authority, extraction)
    series = _YEAR_SERIES.search(clause.text)
    years = re.findall(r"\d{4}", series["years"]) if series else []
    if meeting.held_year is None and meeting.start is None and len(years) == count:
        meeting.held_year = int(years[nth])


_LAST_YEAR = re.compile(r"\b(?:last|the\s+previous)\s+year\b", re.IGNORECASE)
#: "last June": the latest June before the meeting reported
_LAST_MONTH = re.compile(r"\b(?i:last)\s+(?P<month>" + MONTH_NAME + r")\b")


def _read_clause(
    meeting: Meeting,
    clause: Sentence,
    current: dt.date | None,
    authority: Authority,
    extraction: Extraction,
) -> None:
    """The place and the date, month or year the clause gives the earlier meeting ("last year"
    and "last June" counted back from ``current``, the day of the meeting reported)."""
    if meeting.location is None:
        meeting.location = meeting_place(clause, authority, extraction)
    if meeting.start is None:
        # the first date the clause gives: "launched in Madrid in November 2024, six months
        # after ... on 30 May 2024" was launched in November
        found = [*find_dates(clause.text, clause.start), *find_years(clause.text, clause.start)]
        dated = sorted(found, key=lambda d: d.span.start)
        if dated and dated[0].precision == "day":
            meeting.start, meeting.end, meeting.held_year = dated[0].start, dated[0].end, None
            meeting.held_month = None
        elif meeting.held_year is None:  # "in June 2024" dates it by its month, "in 2024" year
            if dated:
                meeting.held_year = dated[0].start.year
                meeting.held_month = dated[0].start.month if dated[0].precision == "month" else None
            elif current and (last := _LAST_MONTH.search(clause.text)):
                month = month_number(last["month"])
                meeting.held_year = current.year - (month >= current.month)
                meeting.held_month = month
            elif current and _LAST_YEAR.search(clause.text):
                meeting.held_year = current.year - 1
