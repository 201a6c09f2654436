"""Where a meeting was or will be held: the city after "in", or a news dateline's city.

A city the authority file does not know is minted (and flagged for review), so that
"in Brasília on 26 June 2025" still gives the meeting a place.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from .. import iris
from ..authority import Authority
from ..text import Sentence, Span
from .dates import MONTH_NAME, WEEKDAY_NAME, find_dates
from .mint import entity_of
from .model import Entity, Extraction
from .names import head_kind

#: The words that say a meeting is planned: "scheduled", "pencilled in", "expected".
PLANNED = r"(?:scheduled|planned|slated|set|due|expected|pencil+ed\s+in)"
#: A news dateline: "OTTAWA, Sept. 4, 2024 —", "TOKYO (Reuters) -".
_DATELINE = re.compile(
    r"^(?P<city>[^\W\d_][\w.'-]+(?:\s+[^\W\d_][\w.'-]+){0,2})\s*(?:,|\(|—|–|-|:)"
)
#: A dateline in capitals with all that comes before the report's first word: "BERLIN – ",
#: "BRASILIA, March 12 (APS) - ", "TOKYO, Jan. 5 — ".
DATELINE_LEAD = re.compile(
    r"[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s+[^–—\-]{3,30}?)?(?:\s+\([^)]*\))?\s+[–—-]\s+"
)
#: Capitals before a colon that are a heading, not a city: "MEDIA NOTE:", "PRESS RELEASE:"
_HEADING = re.compile(
    r"\b(?:NOTE|RELEASE|STATEMENT|READOUT|SHEET|UPDATE|ANNOUNCEMENT|OFFICE)\b|"
    # "Date: 2025-10-15", "Published on: 9 April 2026"
    r"^(?i:date[ds]?|issued|published|posted|updated|released)(?:\s+(?i:on|at))?$"
)
#: A date line's weekday before its comma: "Thursday, June 26, 2025" names no city.
_WEEKDAY = re.compile(WEEKDAY_NAME)


def dateline_place(
    sentence_list: list[Sentence], authority: Authority, extraction: Extraction
) -> URIRef | None:
    """The city of a news dateline ("OTTAWA, Sept. 4, 2024 —"), when the statement names no
    place of its own; minted when the authority does not know it."""
    for sentence in sentence_list:
        match = _DATELINE.match(sentence.text)
        if match is None or len(match["city"]) < 3:
            continue
        dash = re.match(r"\s+[-–—]\s", sentence.text[match.end("city") :])
        capital = dash and authority.capital_code(match["city"])
        if not (match["city"].isupper() or capital or _place_and_date(sentence.text, match.end())):
            continue  # "Riyadh - The Saudi Space Agency today ...": a capital in a dateline
        if _HEADING.search(match["city"]) or _WEEKDAY.fullmatch(match["city"]):
            continue  # "Thursday, June 26, 2025" is a date line, not a dateline
        name = match["city"].title()
        known = authority.lookup(name)
        for entry in known:
            if entry.kind == "Place":
                extraction.add_entity(entity_of(entry), sentence.span)
                return entry.iri
        if not known and not authority.state_code(name):
            return _new_place(name, sentence, authority, extraction)
    return None


def _place_and_date(line: str, at: int) -> bool:
    """Whether a line is a city and a date alone ("Bengaluru, 19 November 2025")."""
    rest = line[at:].strip().rstrip(".")
    dates = find_dates(rest)
    return len(dates) == 1 and dates[0].span == Span(0, len(rest))


def meeting_place(
    sentence: Sentence, authority: Authority, extraction: Extraction
) -> URIRef | None:
    """The city (or state) after "in" in the sentence that says where a meeting is held;
    a city the authority does not know is minted ("in Brasília on 26 June 2025")."""
    matches = [
        m
        for m in authority.find(sentence.text, sentence.start)
        if _after_in(sentence, m.span)
        and not sentence.text.startswith("'s", m.span.end - sentence.start)  # "in India's ..."
    ]
    # a sentence's full stop is no part of the name ("held in Poland."; "Washington, D.C." keeps it)
    cities = {
        m.start("city"): re.sub(r"(?<=[a-z]{2})\.$", "", m["city"])
        for m in _CITY.finditer(sentence.text)
    }
    unknown = [
        (start, name)
        for start, name in cities.items()
        if not (authority.state_code(name) or authority.lookup(name) or head_kind(name))
    ]
    first = unknown[0][0] + sentence.start if unknown else None
    for kind in ("Place", "State"):
        for match in matches:
            if first is not None and first < match.span.start:
                break  # "met in Wellington ... after talks in Washington in 2023"
            longer = cities.get(match.span.start - sentence.start, "")
            if kind == "State" and len(longer) > len(match.surface):
                continue  # "in Luxembourg City", "in Mexico City": a city named after its state
            for entry in match.candidates:
                if entry.kind != kind:
                    continue
                if kind == "State" and authority.capital_code(match.surface) == entry.state:
                    return _place(match.surface, sentence, authority, extraction)  # "in Singapore"
                extraction.add_entity(entity_of(entry), sentence.span)
                return entry.iri
    if capital := _capital_named(sentence, authority):  # "in the Italian capital"
        return _place(capital, sentence, authority, extraction)
    if unknown:
        return _new_place(unknown[0][1], sentence, authority, extraction)
    if venue := authority.with_states(_VENUE).search(sentence.text):  # "at Dublin Castle"
        return _place(venue["city"], sentence, authority, extraction)
    return None


#: A venue named after its capital: "at Dublin Castle", "at the Tokyo International Forum".
_VENUE = (
    r"\bat\s+(?:the\s+)?(?P<city>CAPITAL)\s+(?:[A-Z][\w'-]+\s+){0,3}?"
    r"(?:Castle|Palace|Forum|House|Hall|Centre|Center)\b"
)


#: "Seoul hosted the talks", "Manila is set to host the next round": a capital as host.
_HOST_CITY = (
    r"\b(?P<city>CAPITAL)\s+(?:hosted|hosts|will\s+host|would\s+host|played\s+host|"
    r"(?:is|was)\s+(?:" + PLANNED + r"\s+to|to)\s+host)\b"
)


def host_city(sentence: Sentence, authority: Authority, extraction: Extraction) -> URIRef | None:
    """The capital a sentence says hosts a meeting ("Seoul hosted ...")."""
    match = authority.with_states(_HOST_CITY).search(sentence.text)
    return _place(match["city"], sentence, authority, extraction) if match else None


#: "in the Italian capital", "in the South Korean capital"
_CAPITAL_OF = r"\bin\s+the\s+(?P<state>STATE)\s+capital\b"


def _capital_named(sentence: Sentence, authority: Authority) -> str | None:
    """The capital "in the Italian capital" names: the one the authority knows as a place,
    else the state's only one; none where the state has two ("the Bolivian capital")."""
    match = authority.with_states(_CAPITAL_OF).search(sentence.text)
    code = match and authority.state_code(match["state"])
    names = authority.capital_names.get(code, []) if code else []
    known = [n for n in names if authority.lookup(n, ["Place"])]
    distinct = {unicodedata.normalize("NFKD", n).encode("ascii", "ignore") for n in names}
    return known[0] if known else names[0] if len(distinct) == 1 else None


def _place(name: str, sentence: Sentence, authority: Authority, extraction: Extraction) -> URIRef:
    """The place the authority knows by ``name``, else a new one (flagged for review)."""
    for entry in authority.lookup(name, ["Place"]):
        extraction.add_entity(entity_of(entry), sentence.span)
        return entry.iri
    return _new_place(name, sentence, authority, extraction)


def _new_place(
    name: str, sentence: Sentence, authority: Authority, extraction: Extraction
) -> URIRef:
    """A city the authority does not know, minted (flagged for review); a capital with its
    state ("The Hague")."""
    place = Entity(
        iris.entity("Place", name), "Place", name, authority.capital_code(name), minted=True
    )
    return extraction.add_entity(place, sentence.span).iri


#: "in", or "for" after a verb of planning: "pencilled in for London", "scheduled for Seoul"
_IN = r"\b(?:[Ii]n|" + PLANNED + r"\s+for)"
_CITY = re.compile(
    # "in the historic centre of Lima"
    _IN + r"\s+(?:the\s+(?:[a-z-]+\s+)?(?:centre|center|heart|outskirts)\s+of\s+)?"
    r"(?!" + MONTH_NAME + r"\b)(?P<city>[A-Z][\w'.-]+(?:[ -][A-Z][\w'.-]+){0,2})"
    r"(?=\s*(?:,|\.|;|\b(?:on|in|from|at|during|by|next|this|later|early|late|before|after"
    r"|that|which|where)\b|$|" + MONTH_NAME + r"\s+\d"  # "in Tallinn May 27-28, 2025"
    r"|and\s+[a-z]|over\s|with\s))"  # "in Madrid and concluded yesterday", "in Riyadh over"
)


def _after_in(sentence: Sentence, span: Span) -> bool:
    before = sentence.text[: span.start - sentence.start].rstrip()
    return bool(re.search(_IN + r"(?:\s+the)?$", before))
