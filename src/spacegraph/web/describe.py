"""The endpoint describing itself: a SPARQL 1.1 Service Description (``GET /sparql`` without a
query) and a VoID description of the dataset (``GET /.well-known/void``).

Both are rdflib graphs built from counts the store computes with SPARQL at request time, and
are served in the RDF format the client negotiates (``format=`` or ``Accept``) among the
formats the endpoint serves CONSTRUCT results in: the same tables and the same code as
``/sparql`` (``negotiation.choose_media_type``). The result formats the service description
advertises are read from those tables too (``store.RESULT_FORMATS``), so they cannot drift
from what the endpoint serves.

Both documents describe the same dataset node (``/.well-known/void#dataset``): its counts,
class and property partitions, named graphs and dump links; the service description adds the
service, the VoID description the linkset of ``owl:sameAs`` links to Wikidata. The counts and
the VoID statements that do not depend on the request live in ``void.py``, shared with the
``void.ttl`` of a release (``release.py``).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request, url_for
from markupsafe import escape
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, VOID
from rdflib.term import BNode

from ..store import RESULT_FORMATS, QueryOutcome, Store
from ..vocab import PREFIXES
from ..void import (
    DESCRIPTION,
    TITLE,
    DatasetStats,
    add_counts,
    add_wikidata_linkset,
    dataset_stats,
)
from ..void import integer as _integer
from .graphstore import DATASET_FORMATS
from .negotiation import choose_media_type, content_type

bp = Blueprint("describe", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

#: The engine names JSON-LD ``https://www.w3.org/ns/formats/data/JSON-LD``; the W3C's
#: registry of format IRIs (http://www.w3.org/ns/formats/) has ``JSON-LD`` beside ``Turtle``.
_FORMAT_IRI_FIXES = {"https://www.w3.org/ns/formats/data/JSON-LD": FORMATS["JSON-LD"]}

#: Stands for "an RDF graph" in negotiation: the formats a CONSTRUCT result is served in.
_RDF_GRAPH = QueryOutcome("graph", None)


# the two documents ---------------------------------------------------------------------------


def served_format_iris() -> set[URIRef]:
    """The W3C format IRI of every format ``/sparql`` serves some result in."""
    iris = {str(fmt.iri) for formats in RESULT_FORMATS.values() for fmt in formats}
    return {_FORMAT_IRI_FIXES.get(iri, URIRef(iri)) for iri in iris}


def service_description_graph(stats: DatasetStats) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint, with its default dataset."""
    graph = _new_graph()
    service = URIRef(url_for("sparql.query", _external=True))
    dataset = _dataset_iri()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    for iri in sorted(served_format_iris()):
        graph.add((service, SD.resultFormat, iri))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((service, DCTERMS.title, Literal(f"{TITLE} SPARQL endpoint", lang="en")))
    _add_dataset(graph, dataset, stats)
    return graph


def void_graph(stats: DatasetStats) -> Graph:
    """The VoID description: the dataset, its dumps and its linkset to Wikidata."""
    graph = _new_graph()
    document = URIRef(url_for("describe.void", _external=True))
    dataset = _dataset_iri()
    graph.add((document, RDF.type, VOID.DatasetDescription))
    graph.add((document, DCTERMS.title, Literal(f"VoID description of {TITLE}", lang="en")))
    graph.add((document, FOAF.primaryTopic, dataset))
    _add_dataset(graph, dataset, stats)

    add_wikidata_linkset(graph, dataset, URIRef(f"{document}#wikidata-links"), stats)
    return graph


def _dataset_iri() -> URIRef:
    return URIRef(url_for("describe.void", _external=True) + "#dataset")


def _add_dataset(graph: Graph, dataset: URIRef, stats: DatasetStats) -> None:
    """The dataset node both documents share: counts, partitions, graphs and dumps."""
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(url_for("sparql.query", _external=True))))
    add_counts(graph, dataset, stats)
    for name, fmt in DATASET_FORMATS.items():
        graph.add((dataset, VOID.dataDump, _data_url(format=name)))
        graph.add((dataset, VOID.feature, _format_iri(fmt)))

    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, _integer(stats.triples)))
    graph.add((default, VOID.dataDump, _data_url(default="")))
    for name, count in sorted(stats.graphs.items()):
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, _integer(count)))
        graph.add((described, VOID.dataDump, _data_url(graph=name)))


def _format_iri(fmt: object) -> URIRef:
    iri = str(fmt.iri)  # type: ignore[attr-defined]
    return _FORMAT_IRI_FIXES.get(iri, URIRef(iri))


def _data_url(**params: str) -> URIRef:
    return URIRef(url_for("graphstore.data", _external=True, **params))


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for prefix, namespace in (
        ("sd", SD),
        ("void", VOID),
        ("formats", FORMATS),
        ("foaf", FOAF),
        ("dcterms", DCTERMS),
    ):
        graph.bind(prefix, namespace, replace=True)
    return graph


# responses -----------------------------------------------------------------------------------


def _rdf_response(graph: Graph) -> Response:
    media_type = choose_media_type(_RDF_GRAPH, request)
    body = graph.serialize(format=media_type, encoding="utf-8")
    return Response(body, content_type=content_type(media_type))


def _store() -> Store:
    return current_app.extensions["spacegraph"]


def service_description() -> Response:
    """The answer to ``GET /sparql`` without a query.

    A browser (``text/html`` preferred to every RDF format, no ``format=``) gets the query
    page; every other client the service description, in Turtle unless it asks otherwise.
    """
    if _prefers_html():
        return _query_page()
    return _rdf_response(service_description_graph(dataset_stats(_store())))


@bp.get("/.well-known/void")
def void() -> Response:
    return _rdf_response(void_graph(dataset_stats(_store())))


@bp.after_request
def _vary_on_accept(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def _prefers_html() -> bool:
    if "format" in request.values or not request.accept_mimetypes:
        return False
    offered = [*_RDF_GRAPH.media_types(), "text/html"]
    return request.accept_mimetypes.best_match(offered) == "text/html"


def _query_page() -> Response:
    """The query page when the app has one; until then a short page that points the way."""
    if "pages.query" in current_app.view_functions:
        target = url_for("pages.query")
        if target != request.path:
            return redirect(target, code=303)
    endpoint = url_for("sparql.query")
    body = _PLACEHOLDER.format(
        endpoint=escape(endpoint),
        turtle=escape(f"{endpoint}?format=turtle"),
        void=escape(url_for("describe.void")),
        data=escape(url_for("graphstore.data")),
    )
    return Response(body, content_type=content_type("text/html"))


_PLACEHOLDER = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>spacegraph SPARQL endpoint</title></head>
<body>
<h1>spacegraph SPARQL endpoint</h1>
<p>This is a SPARQL 1.1 Protocol endpoint over a knowledge graph of space diplomacy. Send a
query as <code>{endpoint}?query=...</code> (GET), as a form POST, or as a POST body of type
<code>application/sparql-query</code>; see the project's README for examples.</p>
<ul>
<li><a href="{turtle}">Service description</a> (Turtle)</li>
<li><a href="{void}">VoID description of the dataset</a></li>
<li><a href="{data}">The whole dataset</a> (TriG)</li>
</ul>
</body>
</html>
"""
