"""The dialogue a statement reports on, its meeting (ordinal, dates, place) and the next one.

A dialogue is named "<A>-<B> <kind>" ("Japan-U.S. Comprehensive Dialogue on Space",
"India-France Strategic Space Dialogue"); its parties are the two states of the prefix, or
the governments that "held" the meeting. The meeting is read from the title and the
sentence that says it was held; the next meeting from the sentence that announces it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef

from .. import iris
from ..authority import Authority
from ..text import Sentence, Span, match_text
from .dates import DateMention, days_lasted, find_dates, find_days, find_weekdays, find_years
from .earlier import SET_UP, find_earlier
from .model import Dialogue, Extraction, Meeting
from .ordinals import PATTERN as ORDINAL_WORDS
from .ordinals import meeting_ordinal, ordinal_value
from .places import PLANNED, dateline_place, host_city, meeting_place

_SMALL = {"on", "of", "the", "and", "for", "in"}
#: What a standing forum is called: "Space Dialogue", "Civil Space Joint Working Group".
_FORUM = r"(?:dialogue|talks|consultations?|(?:joint\s+)?working\s+group|(?:joint\s+)?committee)"
#: What it is on: "Dialogue on Outer Space Security", "on Civil Space Cooperation and Exploration".
_ON_SPACE = (
    r"(?:\s+on\s+(?:(?:civil|outer|commercial|civil\s+and\s+commercial)\s+)?space"
    r"(?:\s+(?:and\s+)?(?:cooperation|security|policy|affairs|exploration|sustainability|"
    r"science|technology|industry|applications|activities)\b)*)?"
)
#: A headline's verb before a name is no part of it: "United States and Brazil Hold Space Dialogue".
_VERBS = r"holds?|hosts?|convenes?|launch(?:es)?|opens?|begins?|concludes?|resumes?|meets?|kicks?"
_KIND = (
    r"(?P<kind>\b(?-i:[A-Z]\w*\s+and\s+(?=[A-Z]))?"
    r"(?:(?!(?:the|a|an|this|that|their|our|its|of|and|on|as|to|at|by|with|in|for|from|after|"
    r"amid|over|held|next|following|bilateral|annual|" + _VERBS + "|" + ORDINAL_WORDS + r")\b)"
    r"[A-Za-z][\w]*\s+){0,3}" + _FORUM + _ON_SPACE + r")"
)
_HELD = re.compile(
    r"\b(?:held|convened|(?:took|taken|takes|will\s+take)\s+place|met|hosted|was\s+conducted|"
    r"opened|ended|concluded|"
    r"wrapped\s+up|"
    r"(?:will|to)\s+(?:hold|convene|meet|host)|will\s+be\s+held|is\s+to\s+be\s+held)\b",
    re.IGNORECASE,
)
_NEXT = re.compile(
    # "agreed to meet again in Japan next year"; "and the fifth is expected in Tokyo"
    r"\bmeet\s+again\b|\bthe\s+(?P<ord>" + ORDINAL_WORDS + r")"
    r"(?=\s+(?:is|will\s+be)\s+" + PLANNED + r"\b)|"
    r"\b(?:next|following|subsequent|(?P<nth>" + ORDINAL_WORDS + r"))\s+"
    r"(?P<between>(?-i:[A-Z][\w.-]*\s+){0,6}?)(?:meeting|session|round|dialogue)\b"
    # "of the CSJWG", "of the Comprehensive Dialogue on Space", not "... in the United States"
    r"(?:\s+of\s+the\s+(?:dialogue|(?-i:[A-Z])[\w-]*(?:\s+(?:(?-i:[A-Z])[\w.-]*|on|of|and|for)){0,5}))?",
    re.IGNORECASE,
)
#: "Officials did not say when the next round would be held": no meeting was announced.
_UNDECIDED = re.compile(
    r"\b(?:not|no|yet\s+to\s+be|undecided|to\s+be\s+(?:determined|decided|announced)|unclear)\b",
    re.IGNORECASE,
)
_NEXT_VERB = re.compile(
    r"\b(?:hold|holding|held|convene|convening|host|hosting|take\s+place|meet|scheduled|planned|"
    r"slated|pencil+ed\s+in|set\s+for|due\s+(?:in|to)|expected\s+(?:in|to\s+(?:be|take)))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DialogueName:
    span: Span
    kind: str
    parties: tuple[str, ...]
    written: str
    proper: bool  # written as a name ("Space Dialogue"), not loosely ("space talks")


#: The combining forms of states' names in compound adjectives: "the Franco-German Dialogue".
_COMBINING = {
    **{"Franco": "FR", "Sino": "CN", "Indo": "IN", "Anglo": "GB", "Italo": "IT", "Russo": "RU"},
    **{"Germano": "DE", "Hispano": "ES", "Luso": "PT", "Nippo": "JP", "Austro": "AT"},
    **{"Greco": "GR", "Helleno": "GR", "Turco": "TR", "Belgo": "BE", "Dano": "DK"},
}


def _dialogue_pattern(authority: Authority) -> re.Pattern[str]:
    state = authority.state_pattern()
    combining = "|".join(f"(?-i:{form})" for form in _COMBINING)
    # "Japan-U.S.", "Franco-German", "Australia-Japan-United States" (a trilateral)
    pair = rf"(?:(?P<a>{state}|{combining})\s*-\s*(?:(?P<m>{state})\s*-\s*)?(?P<b>{state})\s+)?"
    # "the Second Space Dialogue between Japan and Viet Nam"
    between = rf"(?:\s+between\s+(?:the\s+)?(?P<c>{state})\s+and\s+(?:the\s+)?(?P<d>{state})\b)?"
    return re.compile(pair + _KIND + between, re.IGNORECASE)


def _code(name: str, authority: Authority) -> str | None:
    return _COMBINING.get(name) or authority.state_code(name)


def normal_kind(kind: str) -> str:
    words = kind.split()
    return " ".join(
        w.lower() if w.lower() in _SMALL and i else w[:1].upper() + w[1:].lower()
        for i, w in enumerate(words)
    )


_BODIES = {"InternationalBody", "GovernmentBody", "SpaceAgency"}
_DIALOGUE_WORD = re.compile(r"dialogue|talks|consultation|working\s+group|committee", re.IGNORECASE)


def dialogue_names(text: str, authority: Authority, offset: int = 0) -> list[DialogueName]:
    """Every space dialogue named in ``text``, with the parties its name gives."""
    if not _DIALOGUE_WORD.search(text):
        return []  # the full pattern is slow; most sentences name no dialogue
    text = match_text(text)  # "Japan–U.S." (en dash) is "Japan-U.S."; offsets unchanged
    found = []
    pattern = authority.compiled("meetings.dialogue", lambda: _dialogue_pattern(authority))
    bodies: list[Span] | None = None  # known bodies' names, read once a name is found
    for match in pattern.finditer(text):
        kind = normal_kind(match["kind"])
        if "space" not in kind.lower():
            continue
        if bodies is None:
            bodies = [m.span for m in authority.find(text) if m.candidates[0].kind in _BODIES]
        if any(b.start < match.end("kind") <= b.end for b in bodies):
            continue  # "the Inter-Agency Space Debris Coordination Committee" is a body
            # (but "Portugal Space", an agency, does not end "Andorra-Portugal Space Dialogue")
        parties: tuple[str, ...] = ()
        named = [match["a"], match["m"], match["b"]] if match["a"] else [match["c"], match["d"]]
        if all(named[::2]):
            codes = {_code(name, authority) for name in named if name}
            codes.discard(None)
            parties = tuple(sorted(codes)) if len(codes) == len([n for n in named if n]) else ()
        span = Span(offset + match.start(), offset + match.end())
        written = " ".join(match.group().split())
        found.append(DialogueName(span, kind, parties, written, match["kind"][:1].isupper()))
    return found


def find_meeting(
    extraction: Extraction,
    title: str,
    sentence_list: list[Sentence],
    authority: Authority,
    issuers: list[str],
) -> Meeting | None:
    """The dialogue and the meeting a statement reports, with its next meeting; None if none."""
    names = [
        n
        for s in sentence_list
        if s.text.strip() != title.strip()  # the headline is read on its own below
        for n in dialogue_names(s.text, authority, s.start)
    ]
    # a headline's loose words ("... launch on Indian rocket as space talks widen") are no name
    title_names = [n for n in dialogue_names(title, authority) if n.parties or n.proper]
    if not names and not title_names:
        return None
    # the kind most often named with its parties ("the fifth Canada-U.S. Civil Space
    # Dialogue"), not a loose mention before it ("two days of civil space talks"); a
    # headline's name unless it is loose and the text names the dialogue otherwise
    kinds = Counter(n.kind for n in ([n for n in names if n.parties] or names))
    if title_names and (title_names[0].proper or not names):
        kind = title_names[0].kind
    else:
        kind = kinds.most_common(1)[0][0]
    same = [n for n in [*title_names, *names] if n.kind == kind]
    # the sentences naming the dialogue, and a news report's headline and first paragraphs
    naming = [*(_sentence_of(sentence_list, n.span) for n in names), *sentence_list[:5]]
    parties = (
        next((n.parties for n in same if n.parties), ())
        or _held_by(sentence_list, naming, authority)
        or tuple(sorted(issuers))
    )
    if len(parties) < 2:
        return None
    names_of_parties = "-".join(
        authority.states[code].label if code in authority.states else code for code in parties
    )
    dialogue = Dialogue(iris.dialogue(parties, kind), kind, parties, f"{names_of_parties} {kind}")
    dialogue.written |= {n.written for n in same if n.parties}
    dialogue.spans += [_sentence_of(sentence_list, n.span).span for n in names if n.kind == kind][
        :3
    ]
    # the date of issue: a day, not a range ("Second Dialogue (26-27 June 2025) ... Paris,
    # 27 June 2025"), unless the lead gives none
    lead_days = [
        d for s in sentence_list[:6] for d in find_dates(s.text, s.start) if d.precision == "day"
    ]
    published = next((d for d in lead_days if d.end is None), lead_days[0] if lead_days else None)
    held = _held_sentence(sentence_list, kind, published.start if published else None)
    ordinal = meeting_ordinal(title, kind) or (meeting_ordinal(held.text, kind) if held else None)
    if ordinal is None and held and (its := _ITS_ORDINAL.search(held.text)):
        ordinal = ordinal_value(its["ord"])
    if ordinal is None:  # "The meeting, the dialogue's third edition, opened ..."
        ordinal = next(
            (ordinal_value(m["ord"]) for s in sentence_list if (m := _THIS_ORDINAL.search(s.text))),
            None,
        )
    if ordinal is None:  # "The meeting was the third round of the X Dialogue", a heading
        named = [_sentence_of(sentence_list, n.span) for n in names if n.kind == kind]
        if held is not None:  # a heading before the sentence that says it was held
            named = [s for s in named if s.start <= held.start and s in sentence_list[:6]]
        ordinal = next((o for s in named if (o := meeting_ordinal(s.text, kind))), None)
    if held is None and ordinal is None:
        return None  # a dialogue named in passing ("Use the UK-India Civil Space Dialogue to")
    extraction.dialogues.append(dialogue)
    meeting = Meeting(URIRef(dialogue.iri), dialogue, ordinal=ordinal)
    if held is not None:
        meeting.spans.append(held.span)
        verb = _HELD.search(held.text)
        at = held.start + (verb.start() if verb else 0)
        dates = [d for d in find_dates(held.text, held.start) if d.precision == "day"]
        # the date the "held" verb governs, not a dateline before it ("Tokyo, 10 July 2024:
        # ... held ... on Wednesday"); days without their year are read in the year of issue
        after = [d for d in dates if d.span.start >= at]
        if not after and published:  # "On February 12 and 13", "held Tuesday and Wednesday"
            days = _undated_days(held, published.start)
            after = [d for d in days if d.span.start >= at] or ([] if dates else days)
        if after or dates:
            first = (after or dates)[0]
            meeting.start, meeting.end = first.start, first.end
        where = _before_founding(held)
        meeting.location = meeting_place(where, authority, extraction) or host_city(
            where, authority, extraction
        )
        after = sentence_list.index(held) + 1
        then = sentence_list[after] if after < len(sentence_list) else None
        if meeting.location is None and then and _SAME_MEETING.match(then.text):
            # "... held the 2nd Dialogue. The meeting took place in"
            meeting.location = meeting_place(_before_founding(then), authority, extraction)
        if meeting.start and not meeting.end and then and published and _CLOSED.match(then.text):
            # "... opened on Tuesday, 3 March, ... It ended yesterday at Punta Lobos"
            days = find_dates(then.text, then.start) or _undated_days(then, published.start)
            if days and days[0].precision == "day" and days[0].start > meeting.start:
                meeting.end = days[0].end or days[0].start
    state = meeting.location and _a_state(meeting.location, extraction)
    if meeting.location is None or state:
        # a dateline's city, also over "the first held in Italy" when the city is Italy's
        city = dateline_place(sentence_list[:6], authority, extraction)
        if city and (meeting.location is None or extraction.entities[city].state == state):
            meeting.location = city
    ends = held is None or _ENDED.search(held.text) is not None
    if meeting.start is None and published:
        day, ends = _lead_day(sentence_list[:6], published)
        meeting.start, meeting.end = day.start, day.end
    _spread(meeting, [held] if held else [], sentence_list[:6], ends=ends)
    date_key = meeting.start.isoformat() if meeting.start else None
    if ordinal is None and date_key is None:
        return None
    meeting.iri = iris.meeting(dialogue.iri, ordinal, date_key)
    planned = _next_meeting(meeting, sentence_list, authority, extraction)
    extraction.meetings.append(meeting)
    if planned is not None:
        extraction.meetings.append(planned)
    extraction.meetings += find_earlier(meeting, sentence_list, authority, extraction)
    return meeting


#: "ended on Thursday", "after two days of talks": the date read is the meeting's last day
_ENDED = re.compile(
    r"\b(?:ended|concluded|wrapped\s+up|closed|after|at\s+the\s+end\s+of)\b", re.IGNORECASE
)


def _lead_day(lead: list[Sentence], published: DateMention) -> tuple[DateMention, bool]:
    """The day a report's lead gives by weekday or as "today" ("... said on Wednesday after
    two days of talks"), else the day of issue; and whether it is the meeting's last day."""
    for sentence in lead:
        for day in find_weekdays(sentence.text, sentence.start, published.start):
            if 0 <= published.span.start - day.span.end <= 2 or day.span in published.span:
                continue  # the date of issue's own weekday ("Thursday, June 26, 2025")
            return day, _ENDED.search(sentence.text) is not None
    return published, True


def _spread(meeting: Meeting, held: list[Sentence], lead: list[Sentence], ends: bool) -> None:
    """A one-day date made the range the text gives by its length ("wrapped up two days of
    talks on Thursday"): the day read is the last one when the text says the meeting ended
    then (or the day is the report's own), else the first."""
    if meeting.start is None or meeting.end is not None:
        return
    lasted = next((n for s in [*held, *lead] if (n := days_lasted(s.text))), None)
    if lasted is None:
        return
    other = dt.timedelta(days=lasted - 1)
    if ends:
        meeting.start, meeting.end = meeting.start - other, meeting.start
    else:
        meeting.end = meeting.start + other


def _sentence_of(sentence_list: list[Sentence], span: Span) -> Sentence:
    return next(s for s in sentence_list if span in s.span)


def _held_by(
    sentence_list: list[Sentence], named: list[Sentence], authority: Authority
) -> tuple[str, ...]:
    """Parties from "the Government of X and the Government of Y held ...", "Japanese and
    Australian officials met", "Tokyo and Canberra held"; else from a pair of states (or
    capitals) joined by "and" in the ``named`` sentences: those that name the dialogue
    ("..., bringing together Korean and Australian officials") and a report's lead ("South
    Korea and Australia agreed today ...")."""
    held = authority.with_states(_PAIR + _BY_WHOM + r"\s+(?:have\s+|had\s+)?" + _HELD_BY)
    for pattern, where in ((held, sentence_list), (authority.with_states(_PAIR), named)):
        for sentence in where:
            for match in pattern.finditer(sentence.text):
                codes = {authority.party_code(match["a"]), authority.party_code(match["b"])}
                codes.discard(None)
                if len(codes) == 2:
                    return tuple(sorted(codes))
    return ()


_PAIR = (
    r"\b(?:Governments?\s+of\s+)?(?:the\s+)?(?P<a>STATE|CAPITAL)\s+and\s+(?:the\s+)?"
    r"(?:Government\s+of\s+)?(?:the\s+)?(?P<b>STATE|CAPITAL)\b"
)
_BY_WHOM = (
    r"(?:\s+(?:[a-z]+\s+){0,2}?"
    r"(?:officials|delegations|governments|representatives|diplomats))?"
)
_HELD_BY = r"(?:held|convened|met|hold|opened|concluded|wrapped\s+up)\b"


#: A sentence about a meeting of the dialogue: "The meeting was held", "Its fourth round was"
_MEETING = re.compile(r"\bmeeting\b|\b(?:its|the)\s+\w+\s+(?:round|session)\b", re.IGNORECASE)
#: "Its fourth round was held ...": the ordinal of the dialogue named before
#: "third round", "fourth edition": a meeting called by its ordinal
_NTH = r"(?P<ord>" + ORDINAL_WORDS + r")\s+(?:round|session|meeting|edition)\b"
_ITS_ORDINAL = re.compile(r"\b(?:its|the\s+dialogue's)\s+" + _NTH, re.IGNORECASE)


#: The meeting reported, called by its ordinal: "The meeting, the dialogue's third edition,",
#: "The talks were the fourth round"
_THIS_ORDINAL = re.compile(
    r"\b(?:the|this|these)\s+(?:meeting|session|talks),?\s+(?:was\s+|were\s+)?"
    r"(?:its|the(?:\s+dialogue's)?)\s+" + _NTH,
    re.IGNORECASE,
)


#: What the sentences after the one that says a meeting was held call it.
_THE_MEETING = r"(?:meeting|session|round|talks|dialogue)"
#: The sentence after the one that says a meeting was held, on the same meeting.
_SAME_MEETING = re.compile(
    r"(?:\d{1,2}\.\s+)?(?:The|This)\s+" + _THE_MEETING + r"\s+"
    r"(?:took\s+place|(?:was|were)\s+held|was\s+hosted)\b",
    re.IGNORECASE,
)
#: The sentence after an opening that gives the last day: "It ended yesterday".
_CLOSED = re.compile(
    r"(?:It|They|The\s+" + _THE_MEETING + r")\s+(?:ended|closed|concluded)\b", re.IGNORECASE
)
#: "..., which was launched in Abu Dhabi in February 2024": where the dialogue began;
#: "..., eleven months after the 1st Dialogue in Seoul": where an earlier meeting was
_FOUNDING = re.compile(
    r",\s+which\s+(?:was|were|had\s+been)\s+" + SET_UP + r"\b|"
    r",\s+(?:[\w-]+\s+){0,3}?(?:after|following)\s+the\s+"
    r"(?:1st|first|inaugural|previous|last|preceding)\b",
    re.IGNORECASE,
)


def _before_founding(sentence: Sentence) -> Sentence:
    """The sentence up to a clause on the dialogue's founding or on an earlier meeting, whose
    place is that meeting's, not this one's."""
    cut = _FOUNDING.search(sentence.text)
    if cut is None:
        return sentence
    return Sentence(
        Span(sentence.start, sentence.start + cut.start()), sentence.text[: cut.start()]
    )


def _a_state(iri: URIRef, extraction: Extraction) -> str | None:
    """The code of the state ``iri`` is, if it is a state and no city."""
    entity = extraction.entities.get(iri)
    return entity.state if entity is not None and entity.kind == "State" else None


def _held_sentence(
    sentence_list: list[Sentence], kind: str, published: dt.date | None
) -> Sentence | None:
    """The sentence that says the meeting was held: with the dialogue's kind and a day (with
    its year, near the day of issue; else without it, or by weekday or "today", counted from
    the day of issue; else with its year, a background's "launched on 21 November 2024"),
    else with its ordinal ("The fifth ... Dialogue, held Tuesday and Wednesday at ..."), else
    with a month or a year."""
    candidates = [
        s
        for s in sentence_list
        if _HELD.search(s.text) and (kind.lower() in s.text.lower() or _MEETING.search(s.text))
    ]
    dated = [s for s in candidates if any(d.precision == "day" for d in find_dates(s.text))]
    return (
        next((s for s in dated if published is None or _near(s.text, published)), None)
        or next((s for s in candidates if published and _undated_days(s, published)), None)
        or next(iter(dated), None)
        or next((s for s in candidates if meeting_ordinal(s.text, kind)), None)
        or next((s for s in candidates if find_dates(s.text)), None)  # "in June 2025"
    )


def _near(text: str, published: dt.date) -> bool:
    """Whether a day the text gives is near the day of issue: at most half a year before it
    (a statement reports a recent meeting) or a year after it (an announcement)."""
    return any(
        -183 <= (d.start - published).days <= 366 for d in find_dates(text) if d.precision == "day"
    )


def _undated_days(sentence: Sentence, published: dt.date) -> list[DateMention]:
    """Days a sentence gives without their year ("On February 12 and 13"), in the year of
    issue, or by weekday ("held Tuesday and Wednesday") before the day of issue."""
    return find_days(sentence.text, sentence.start, published.year) or find_weekdays(
        sentence.text, sentence.start, published
    )


#: "the next round in Washington next year", "later this year"
_RELATIVE_YEAR = re.compile(r"\b(?P<which>next|this)\s+year\b", re.IGNORECASE)
#: "Canada is expected to host the sixth round", "The French side offered to host": the host
#: state of a planned meeting
_HOST = (
    r"\b(?P<state>STATE)(?:\s+(?:side|delegation|government))?\s+"
    r"(?:(?:is|was)\s+" + PLANNED + r"\s+to|will|would|"
    r"is\s+to|(?:has\s+|had\s+)?(?:offered|agreed)\s+to)\s+host\b"
)


def _host(sentence: Sentence, authority: Authority) -> URIRef | None:
    match = authority.with_states(_HOST).search(sentence.text)
    code = match and authority.state_code(match["state"])
    return authority.state_iri(code) if code else None


def _next_meeting(
    meeting: Meeting, sentence_list: list[Sentence], authority: Authority, extraction: Extraction
) -> Meeting | None:
    """The meeting a statement announces as the next one, if it does: from the first
    sentence that says where or when, else the first that names it ("a roundtable alongside
    the next meeting" names it; "the fifth meeting will be held in Tokyo in 2026" says it)."""
    named = [(s, *found) for s in sentence_list if (found := _announced(meeting, s))]
    if not named:
        return None
    sentence, match, ordinal = next(
        (n for n in named if _WHERE_OR_WHEN.search(n[0].text, n[1].end())), named[0]
    )
    planned = _planned(meeting, sentence, match, ordinal, authority, extraction)
    meeting.next_meeting = planned.iri
    if sentence.span not in meeting.spans:  # the sentence that says it was held may say so
        meeting.spans.append(sentence.span)
    return planned


#: Words after a planned meeting's name that say where or when it will be.
_WHERE_OR_WHEN = re.compile(r"\b(?:in|at)\s+(?:[A-Z]|(?:19|20)\d\d)|\b(?:next|this)\s+year\b")


def _announced(meeting: Meeting, sentence: Sentence) -> tuple[re.Match[str], int] | None:
    """Where a sentence names the next meeting, and its ordinal, if it does: the first name
    of a meeting after this one ("The third ... was held in Tokyo, and the fourth is expected
    in Muscat")."""
    if not _NEXT_VERB.search(sentence.text):
        return None
    for match in _NEXT.finditer(sentence.text):
        if _UNDECIDED.search(sentence.text) and not _WHERE_OR_WHEN.search(
            sentence.text, match.end()
        ):
            return None  # "did not say when", not "in Paris in 2027 at dates to be decided"
        if match["between"] and not meeting_ordinal(
            sentence.text, meeting.dialogue.kind, at=match.start()
        ):
            continue  # "the 11th U.S.-Japan GPS Cooperation Plenary Meeting": another series
        if match["ord"] or match["nth"]:
            ordinal = ordinal_value(match["ord"] or match["nth"])
        elif meeting.ordinal is not None:
            ordinal = meeting.ordinal + 1
        else:
            ordinal = None
        if ordinal is not None and (meeting.ordinal is None or ordinal > meeting.ordinal):
            return match, ordinal
    return None


def _planned(
    meeting: Meeting,
    sentence: Sentence,
    match: re.Match[str],
    ordinal: int,
    authority: Authority,
    extraction: Extraction,
) -> Meeting:
    """The next meeting with the place and the date or year the sentence gives it."""
    planned = Meeting(
        iris.meeting(meeting.dialogue.iri, ordinal), meeting.dialogue, ordinal=ordinal
    )
    planned.spans.append(sentence.span)
    rest = Sentence(
        Span(sentence.start + match.end(), sentence.span.end), sentence.text[match.end() :]
    )
    planned.location = (
        meeting_place(rest, authority, extraction)
        or host_city(sentence, authority, extraction)
        or _host(sentence, authority)
    )
    dates = [d for d in find_dates(rest.text, rest.start) if d.precision == "day"]
    if dates:
        planned.start, planned.end = dates[0].start, dates[0].end
    years = list(find_years(rest.text, rest.start))
    if years:
        planned.planned_year = years[0].start.year
    elif dates:
        planned.planned_year = dates[0].start.year
    elif meeting.start and (relative := _RELATIVE_YEAR.search(rest.text)):
        planned.planned_year = meeting.start.year + (relative["which"].lower() == "next")
    return planned
