"""Facts → RDF: one graph per document, every minted resource with its evidence.

The shape of what is written is described in docs/graph-model.md.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from . import iris
from .extract.model import Extraction, Meeting
from .text import Span
from .vocab import OA, PREFIXES, SG

_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def to_graph(extraction: Extraction) -> Graph:
    """The named graph of one document."""
    g = new_graph()
    doc = extraction.iri
    document = extraction.document
    g.add((doc, RDF.type, SG.Document))
    g.add((doc, RDFS.label, Literal(extraction.title, lang="en")))
    g.add((doc, DCTERMS.title, Literal(extraction.title, lang="en")))
    g.add((doc, SG.genre, SG[extraction.genre]))
    g.add((doc, SG.sourceFile, Literal(document.path.name)))
    g.add((doc, SG.sha256, Literal(document.sha256)))
    g.add((doc, SG.content, Literal(document.text)))
    if extraction.issued:
        g.add((doc, DCTERMS.issued, issued_literal(extraction.issued)))
    if document.meta.issuers:
        g.add((doc, DCTERMS.publisher, Literal("; ".join(document.meta.issuers))))
    if document.meta.url:
        g.add((doc, DCTERMS.source, URIRef(document.meta.url)))
    for issuer in extraction.issuers:
        g.add((doc, SG.issuedBy, issuer))

    def evidence(subject: URIRef, span: Span) -> None:
        node = iris.evidence(document.id, span.start, span.end)
        g.add((subject, SG.evidence, node))
        g.add((node, RDF.type, SG.Evidence))
        g.add((node, OA.hasSource, doc))
        g.add((node, OA.start, Literal(span.start)))
        g.add((node, OA.end, Literal(span.end)))
        g.add((node, OA.exact, Literal(span.quote(document.text))))

    for entity in extraction.entities.values():
        g.add((entity.iri, RDF.type, SG[entity.kind]))
        if entity.minted:
            g.add((entity.iri, RDFS.label, Literal(entity.label, lang="en")))
            for alias in sorted(entity.aliases):
                g.add((entity.iri, SKOS.altLabel, Literal(alias)))
            if entity.state:
                g.add((entity.iri, SG.state, iris.state(entity.state)))
                g.add((iris.state(entity.state), RDF.type, SG.State))
            g.add((entity.iri, SG.needsReview, Literal(True)))
            g.add((entity.iri, PROV.wasDerivedFrom, doc))
        for span in entity.spans:
            evidence(entity.iri, span)
        if entity.spans:
            g.add((doc, SG.mentions, entity.iri))

    for dialogue in extraction.dialogues:
        g.add((dialogue.iri, RDF.type, SG.Dialogue))
        g.add((dialogue.iri, RDFS.label, Literal(dialogue.label, lang="en")))
        g.add((dialogue.iri, SG.dialogueKind, Literal(dialogue.kind)))
        for name in sorted(dialogue.written):
            g.add((dialogue.iri, SKOS.altLabel, Literal(name, lang="en")))
        for code in dialogue.parties:
            g.add((dialogue.iri, SG.parties, iris.state(code)))
            g.add((iris.state(code), RDF.type, SG.State))
        g.add((dialogue.iri, PROV.wasDerivedFrom, doc))
        for span in dialogue.spans:
            evidence(dialogue.iri, span)

    for meeting in extraction.meetings:
        _meeting(g, meeting, doc, extraction)
        for span in meeting.spans:
            evidence(meeting.iri, span)

    for signing in extraction.signings:
        node = iris.signing(signing.agreement, signing.signatory)
        g.add((node, RDF.type, SG.Signing))
        g.add((node, SG.signatory, signing.signatory))
        g.add((node, SG.signedAgreement, signing.agreement))
        if signing.date is not None:
            g.add((node, SG.date, issued_literal(signing.date.iso)))
        g.add((node, PROV.wasDerivedFrom, doc))
        evidence(node, signing.span)
    for launch in extraction.launches:
        g.add((launch.mission, SG.launchDate, issued_literal(launch.date.iso)))
        evidence(launch.mission, launch.span)

    for commitment in extraction.commitments:
        c = commitment.iri
        g.add((c, RDF.type, SG.Commitment))
        g.add((c, SG.madeAt, commitment.made_at))
        for maker in commitment.made_by:
            g.add((c, SG.madeBy, maker))
        g.add((c, SG.modality, SG[commitment.modality]))
        for concern in commitment.concerns:
            g.add((c, SG.concerns, concern))
        g.add((c, SG.text, Literal(commitment.text)))
        g.add((c, PROV.wasDerivedFrom, doc))
        evidence(c, commitment.span)
    return g


def _meeting(g: Graph, meeting: Meeting, doc: URIRef, extraction: Extraction) -> None:
    m = meeting.iri
    g.add((m, RDF.type, SG.Meeting))
    g.add((m, SG.dialogue, meeting.dialogue.iri))
    g.add((m, RDFS.label, Literal(meeting_label(meeting), lang="en")))
    if meeting.ordinal is not None:
        g.add((m, SG.ordinal, Literal(meeting.ordinal, datatype=XSD.integer)))
    if meeting.start is not None:
        g.add((m, SG.startDate, Literal(meeting.start, datatype=XSD.date)))
    if meeting.end is not None:
        g.add((m, SG.endDate, Literal(meeting.end, datatype=XSD.date)))
    if meeting.planned_year is not None:
        g.add((m, SG.plannedYear, Literal(f"{meeting.planned_year:04d}", datatype=XSD.gYear)))
    if meeting.held_year is not None:
        g.add((m, SG.heldYear, Literal(f"{meeting.held_year:04d}", datatype=XSD.gYear)))
    if meeting.held_year is not None and meeting.held_month is not None:
        month = f"{meeting.held_year:04d}-{meeting.held_month:02d}"
        g.add((m, SG.heldMonth, Literal(month, datatype=XSD.gYearMonth)))
    if meeting.location is not None:
        g.add((m, SG.location, meeting.location))
    for body in meeting.co_chairs:
        g.add((m, SG.coChair, body))
        g.add((m, SG.participant, body))
    for body in meeting.participants:
        g.add((m, SG.participant, body))
    if meeting.next_meeting is not None:
        g.add((m, SG.nextMeeting, meeting.next_meeting))
    g.add((m, PROV.wasDerivedFrom, doc))
    if meeting is extraction.main_meeting:
        for entity in extraction.entities.values():
            if entity.spans and entity.kind != "State":
                g.add((m, SG.mentions, entity.iri))


def meeting_label(meeting: Meeting) -> str:
    name = meeting.dialogue.label
    if meeting.ordinal is not None:
        n = meeting.ordinal
        suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
        return f"{n}{suffix} meeting of the {name}"
    return f"Meeting of the {name} on {meeting.start}"


def issued_literal(value: str) -> Literal:
    """``"2023-03-24"``, ``"2024-03"`` or ``"2023"`` with the matching XSD type.

    Anything else (a catalogue typo such as ``"2024-13-45"``) stays a plain string, which the
    shapes reject with a message naming the document, rather than being guessed at.
    """
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return Literal(value, datatype=XSD.gYearMonth)
    try:
        return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
    except ValueError:
        return Literal(value)
