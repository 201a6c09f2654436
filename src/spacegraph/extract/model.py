"""What the extractor finds in one document: plain values with spans, no RDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import URIRef

from ..sources import SourceDocument
from ..text import Span
from .dates import DateMention


@dataclass
class Entity:
    """An entity the document refers to; ``minted`` when the authority file does not know it."""

    iri: URIRef
    kind: str
    label: str
    state: str | None = None
    minted: bool = False
    aliases: set[str] = field(default_factory=set)
    spans: list[Span] = field(default_factory=list)


@dataclass
class Dialogue:
    iri: URIRef
    kind: str  # "Comprehensive Dialogue on Space"
    parties: tuple[str, ...]  # ISO codes, sorted
    label: str = ""  # "Japan-United States Comprehensive Dialogue on Space"
    written: set[str] = field(default_factory=set)  # the names as the text writes them
    spans: list[Span] = field(default_factory=list)


@dataclass
class Meeting:
    iri: URIRef
    dialogue: Dialogue
    ordinal: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    planned_year: int | None = None
    held_year: int | None = None  # held, and the text gives only the year
    held_month: int | None = None  # and the month, when it gives that ("in June 2024")
    location: URIRef | None = None
    co_chairs: list[URIRef] = field(default_factory=list)
    participants: list[URIRef] = field(default_factory=list)
    next_meeting: URIRef | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Commitment:
    iri: URIRef
    made_at: URIRef
    made_by: list[URIRef]
    modality: str  # local name of a sg:ModalityScheme concept
    concerns: list[URIRef]
    text: str
    span: Span


@dataclass(frozen=True)
class Signing:
    signatory: URIRef
    agreement: URIRef
    date: DateMention | None
    span: Span


@dataclass(frozen=True)
class Launch:
    mission: URIRef
    date: DateMention
    span: Span


@dataclass
class Extraction:
    document: SourceDocument
    iri: URIRef
    title: str
    genre: str  # local name of a sg:GenreScheme concept
    issued: str | None  # ISO date, year-month or year
    issuers: list[URIRef] = field(default_factory=list)
    entities: dict[URIRef, Entity] = field(default_factory=dict)
    dialogues: list[Dialogue] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    signings: list[Signing] = field(default_factory=list)
    launches: list[Launch] = field(default_factory=list)

    def add_entity(self, entity: Entity, span: Span | None = None) -> Entity:
        """Register ``entity`` (or merge into the one with the same IRI); returns the kept one."""
        kept = self.entities.setdefault(entity.iri, entity)
        if kept is not entity:
            kept.aliases |= entity.aliases
            kept.state = kept.state or entity.state
        if span is not None and span not in kept.spans:
            kept.spans.append(span)
        return kept

    @property
    def main_meeting(self) -> Meeting | None:
        return self.meetings[0] if self.meetings else None
