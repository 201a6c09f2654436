"""What the dataset is and how big: the counts and VoID statements that the endpoint's
``/.well-known/void`` (``web/describe.py``) and a release's ``void.ttl`` (``release.py``) share.

The counts are computed with SPARQL through ``store.query``, so any backend with that method
works; the default graph is the union of the named graphs (a set of triples).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import FOAF, VOID
from rdflib.term import BNode, Node

from .store import Store
from .vocab import PREFIXES, SG, WD, sparql_prologue

#: Wikidata as a dataset: its own item (Q2013 is Wikidata).
WIKIDATA = WD.Q2013

TITLE = "spacegraph"
DESCRIPTION = (
    "A knowledge graph of space diplomacy: joint statements and strategies turned into "
    "validated, Wikidata-linked RDF. One named graph per source document; the default graph "
    "is the union of all named graphs."
)

_TOTALS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }
"""
_ENTITIES = """
SELECT (COUNT(DISTINCT ?s) AS ?n)
WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(sgr:))) }
"""
_CLASSES = "SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?key } GROUP BY ?key"
_PROPERTIES = "SELECT ?key (COUNT(*) AS ?n) WHERE { ?s ?key ?o } GROUP BY ?key"
_GRAPHS = "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } } GROUP BY ?key"
_WIKIDATA_LINKS = """
SELECT (COUNT(*) AS ?n) WHERE { ?s owl:sameAs ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), STR(wd:))) }
"""


@dataclass(frozen=True)
class DatasetStats:
    """Counts over the dataset as queries see it (the default graph is the union, a set)."""

    triples: int
    distinct_subjects: int
    distinct_objects: int
    properties: int
    #: Distinct subjects minted by spacegraph (IRIs under ``sgr:``).
    entities: int
    #: Class IRI -> number of distinct instances.
    classes: dict[str, int]
    #: Property IRI -> number of triples.
    property_triples: dict[str, int]
    #: Named graph IRI -> number of triples in it.
    graphs: dict[str, int]
    #: ``owl:sameAs`` links to a Wikidata item.
    wikidata_links: int


def dataset_stats(store: Store) -> DatasetStats:
    """Count the dataset with SPARQL through ``store.query``."""
    totals = select(store, _TOTALS)[0]
    return DatasetStats(
        triples=int(totals["triples"]),
        distinct_subjects=int(totals["subjects"]),
        distinct_objects=int(totals["objects"]),
        properties=int(totals["properties"]),
        entities=int(select(store, _ENTITIES)[0]["n"]),
        classes=_counts_by_key(store, _CLASSES),
        property_triples=_counts_by_key(store, _PROPERTIES),
        graphs=_counts_by_key(store, _GRAPHS),
        wikidata_links=int(select(store, _WIKIDATA_LINKS)[0]["n"]),
    )


def select(store: Store, query: str) -> list[dict[str, str]]:
    """A SELECT's rows as ``{variable: value}`` (the project prefixes declared), read back
    from SPARQL JSON so that any backend gives the same values."""
    outcome = store.query(sparql_prologue() + query)
    document = json.loads(outcome.serialize("application/sparql-results+json"))
    return [
        {name: term["value"] for name, term in row.items()}
        for row in document["results"]["bindings"]
    ]


def _counts_by_key(store: Store, query: str) -> dict[str, int]:
    return {row["key"]: int(row["n"]) for row in select(store, query) if "key" in row}


# VoID statements -----------------------------------------------------------------------------


def integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def add_counts(graph: Graph, dataset: Node, stats: DatasetStats) -> None:
    """The dataset's VoID counts, vocabulary, URI space and class and property partitions."""
    graph.add((dataset, VOID.uriSpace, Literal(str(PREFIXES["sgr"]))))
    graph.add((dataset, VOID.vocabulary, URIRef(str(SG._NS))))
    for predicate, value in (
        (VOID.triples, stats.triples),
        (VOID.entities, stats.entities),
        (VOID.distinctSubjects, stats.distinct_subjects),
        (VOID.distinctObjects, stats.distinct_objects),
        (VOID.properties, stats.properties),
        (VOID.classes, len(stats.classes)),
    ):
        graph.add((dataset, predicate, integer(value)))
    for iri, count in sorted(stats.classes.items()):
        partition = _partition(graph, dataset, VOID.classPartition, VOID["class"], iri)
        graph.add((partition, VOID.entities, integer(count)))
    for iri, count in sorted(stats.property_triples.items()):
        partition = _partition(graph, dataset, VOID.propertyPartition, VOID.property, iri)
        graph.add((partition, VOID.triples, integer(count)))


def add_wikidata_linkset(graph: Graph, dataset: Node, links: Node, stats: DatasetStats) -> None:
    """The linkset of the dataset's verified ``owl:sameAs`` links to Wikidata items."""
    graph.add((dataset, VOID.subset, links))
    graph.add((links, RDF.type, VOID.Linkset))
    graph.add((links, VOID.linkPredicate, OWL.sameAs))
    graph.add((links, VOID.subjectsTarget, dataset))
    graph.add((links, VOID.objectsTarget, WIKIDATA))
    graph.add((links, VOID.triples, integer(stats.wikidata_links)))
    graph.add((WIKIDATA, RDF.type, VOID.Dataset))
    graph.add((WIKIDATA, RDFS.label, Literal("Wikidata", lang="en")))
    graph.add((WIKIDATA, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    graph.add((WIKIDATA, VOID.uriSpace, Literal(str(WD))))
    graph.add((WIKIDATA, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))


def _partition(graph: Graph, dataset: Node, link: URIRef, key: URIRef, iri: str) -> Node:
    partition = BNode()
    graph.add((dataset, link, partition))
    graph.add((partition, key, URIRef(iri)))
    return partition
