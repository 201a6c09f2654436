"""The sentences behind a resource: every evidence node, its document and its quote."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .store import Store
from .vocab import SGR, sparql_prologue

_EVIDENCE = (
    sparql_prologue()
    + """
SELECT DISTINCT ?resource ?document ?title ?start ?end ?quote WHERE {
  ?resource sg:evidence ?evidence .
  ?evidence oa:hasSource ?document ; oa:start ?start ; oa:end ?end ; oa:exact ?quote .
  OPTIONAL { ?document dcterms:title ?title }
}
ORDER BY ?document ?start
"""
)


@dataclass(frozen=True)
class Sentence:
    document: str
    title: str | None
    start: int
    end: int
    quote: str


def expand(name: str) -> URIRef:
    """``sgr:body/us/...`` or a full IRI → the IRI."""
    return URIRef(str(SGR) + name[4:]) if name.startswith("sgr:") else URIRef(name)


def explain(store: Store, resource: URIRef) -> list[Sentence]:
    """The evidence sentences of ``resource``, by document and position."""
    outcome = store.query(_EVIDENCE, substitutions={"resource": resource})
    return [
        Sentence(
            document=row["document"].value,
            title=row["title"].value if row["title"] is not None else None,
            start=int(row["start"].value),
            end=int(row["end"].value),
            quote=row["quote"].value,
        )
        for row in outcome.result  # type: ignore[attr-defined]
    ]
