"""``extract(document) → Extraction``: the facts of one document, each with its sentence.

The stages, in order: sentences (text), who issued the document (issuers), the dialogue and
meeting (meetings), known and new entities (mentions), co-chairs and participants (roles,
reading lists with bodies), positions (commitments; a strategy's in its issuer's voice).
"""

from __future__ import annotations

import re

from .. import iris
from ..authority import Authority
from ..sources import SourceDocument
from ..text import Sentence, sentences
from .commitments import find_commitments
from .dates import find_dates
from .events import find_events
from .issuers import dominant_state, find_issuers
from .meetings import find_meeting
from .mentions import known_mentions, new_mentions
from .mint import entity_of
from .model import Extraction
from .people import find_people
from .roles import find_roles
from .topics import Topics

__all__ = ["Extraction", "extract"]

_GENRES = [
    ("mediaNote", re.compile(r"media\s+note", re.IGNORECASE)),
    (
        "announcement",
        re.compile(r"announce|advisory|upcoming|to\s+hold|will\s+hold", re.IGNORECASE),
    ),
    ("jointStatement", re.compile(r"joint\s+statement", re.IGNORECASE)),
    ("newsReport", re.compile(r"news|report|article", re.IGNORECASE)),
    (
        "strategyDocument",
        re.compile(r"strategy|strategic\s+framework|policy|plan\b", re.IGNORECASE),
    ),
]


def extract(
    document: SourceDocument, authority: Authority, topics: Topics | None = None
) -> Extraction:
    """Every fact of ``document`` that the extractor can read, with evidence spans.

    ``topics`` (the ontology's topic scheme) adds the topics each commitment concerns.
    """
    sentence_list = sentences(document.text)
    issuers = find_issuers(document, authority, sentence_list)
    extraction = Extraction(
        document=document,
        iri=iris.document(document.id),
        title=document.title,
        genre="newsReport",
        issued=document.meta.issued or _first_date(document.text),
        issuers=[e.iri for e in issuers],
    )
    for entity in issuers:
        extraction.add_entity(entity)
    issuer_states = sorted({e.state for e in issuers if e.state})
    meeting = find_meeting(extraction, extraction.title, sentence_list, authority, issuer_states)
    parties = list(meeting.dialogue.parties) if meeting else issuer_states
    for code in parties:
        if code in authority.states:
            extraction.add_entity(entity_of(authority.states[code]))

    if meeting is not None:
        for role in find_roles(extraction, sentence_list, authority, parties):
            if role.entity.kind not in {"GovernmentBody", "SpaceAgency", "InternationalBody"}:
                continue
            target = meeting.co_chairs if role.role == "co-chair" else meeting.participants
            if role.entity.iri not in target:
                target.append(role.entity.iri)
    known = known_mentions(extraction, sentence_list, authority, parties)
    mentioned = known + new_mentions(extraction, sentence_list, authority, known)
    mentioned += find_people(extraction, sentence_list, authority, parties)

    find_events(extraction, sentence_list, authority, mentioned)
    party_iris = [authority.state_iri(code) for code in parties if authority.state_iri(code)]
    strategy_actor = None if meeting else _voice(extraction, issuers, sentence_list, authority)
    find_commitments(
        extraction,
        sentence_list,
        authority,
        party_iris,
        mentioned,
        made_at=meeting.iri if meeting else extraction.iri,
        strategy_actor=strategy_actor,
        topics=topics,
    )
    extraction.genre = _genre(document, meeting is not None, extraction)
    return extraction


def _voice(
    extraction: Extraction, issuers: list, sentence_list: list[Sentence], authority: Authority
) -> list | None:
    """Who a strategy's positions are of: its issuing bodies, else the issuing government,
    else the state it is plainly about (a translated policy that names no issuer)."""
    if issuers:
        return [e.iri for e in issuers if e.kind != "State"] or [e.iri for e in issuers]
    code = dominant_state(sentence_list, authority)
    if code is None:
        return None
    return [extraction.add_entity(entity_of(authority.states[code])).iri]


def _first_date(text: str) -> str | None:
    dates = find_dates(text[:2000])
    return dates[0].iso if dates else None


def _genre(document: SourceDocument, has_meeting: bool, extraction: Extraction) -> str:
    described = document.meta.type or document.text[:400]
    for genre, pattern in _GENRES:
        if pattern.search(described):
            return genre
    if has_meeting:
        held = any(m.start for m in extraction.meetings[:1])
        return "newsReport" if held else "announcement"
    return "strategyDocument"
