"""Deterministic IRIs for everything the graph mints (CONTRACT.md, identity rules).

IRIs come from the text and stable inputs only, never from random values or the clock, so
that building the same sources twice gives the same graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from rdflib import URIRef

from .vocab import SGR

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lowercase ASCII slug: ``"Ministère des Armées"`` → ``"ministere-des-armees"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return value or "x" + hashlib.sha1(text.encode()).hexdigest()[:10]


def parties_key(codes: Iterable[str]) -> str:
    """``{"US", "JP"}`` → ``"jp-us"``: the sorted ISO 3166 alpha-2 codes of the parties."""
    return "-".join(sorted({code.lower() for code in codes}))


def document(doc_id: str) -> URIRef:
    return SGR[f"document/{slug(doc_id)}"]


def state(code: str) -> URIRef:
    return SGR[f"state/{code.lower()}"]


def dialogue(codes: Iterable[str], kind: str) -> URIRef:
    return SGR[f"dialogue/{parties_key(codes)}/{slug(kind)}"]


def meeting(dialogue_iri: URIRef, ordinal: int | None, date: str | None = None) -> URIRef:
    """A meeting keyed by its ordinal; by its date when the text gives no ordinal."""
    if ordinal is not None:
        return URIRef(f"{dialogue_iri}/meeting/{ordinal}")
    if date is None:
        raise ValueError("a meeting needs an ordinal or a date")
    return URIRef(f"{dialogue_iri}/meeting/{date}")


#: Path segment for each kind of named entity.
ENTITY_SEGMENTS = {
    "GovernmentBody": "body",
    "SpaceAgency": "body",
    "InternationalBody": "org",
    "Mission": "mission",
    "Agreement": "agreement",
    "Policy": "policy",
    "Person": "person",
    "Place": "place",
}


def entity(kind: str, name: str, state_code: str | None = None) -> URIRef:
    """An entity the authority file does not know, keyed by kind, state and name."""
    segment = ENTITY_SEGMENTS[kind]
    if state_code and segment in {"body", "policy"}:
        return SGR[f"{segment}/{state_code.lower()}/{slug(name)}"]
    return SGR[f"{segment}/{slug(name)}"]


def signing(agreement: URIRef, signatory: URIRef) -> URIRef:
    """One signing per agreement and signatory, whichever documents report it."""
    return SGR[f"signing/{str(agreement).rsplit('/', 1)[-1]}/{str(signatory).rsplit('/', 1)[-1]}"]


def commitment(doc_id: str, clause: str) -> URIRef:
    digest = hashlib.sha1(" ".join(clause.split()).encode()).hexdigest()[:12]
    return SGR[f"commitment/{slug(doc_id)}/{digest}"]


def inferred_graph(document_iri: URIRef) -> URIRef:
    """The named graph of the triples the reasoner inferred from one document."""
    return SGR[f"graph/inferred/{str(document_iri).rsplit('/', 1)[-1]}"]


def evidence(doc_id: str, start: int, end: int) -> URIRef:
    return SGR[f"evidence/{slug(doc_id)}/{start}-{end}"]
