"""The endpoint describing itself and its data: the SPARQL 1.1 Service Description at
``GET /sparql`` (no query), the VoID description at ``/.well-known/void`` and the Graph Store
Protocol's reading side at ``/data``.

Every count is checked against the fixture read independently with rdflib, and every format
and link the descriptions advertise is fetched. The W3C service-description tests (three
tests without data: a manifest of names) run over real HTTP when the suite is present.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import requests
from flask import Flask, url_for
from flask.testing import FlaskClient
from rdflib import OWL, RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import VOID
from rdflib.term import Node

from spacegraph.settings import PROJECT_DIR
from spacegraph.store import RESULT_FORMATS, QueryOutcome, Store

WEB_DATA = Path(__file__).parent / "fixtures" / "web" / "data.trig"
SD_SUITE = PROJECT_DIR.parent / "shared" / "w3c" / "sparql11-service-description"

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SG = Namespace("https://w3id.org/spacegraph/ontology#")
WD = "http://www.wikidata.org/entity/"
BASE = "http://localhost"
ENDPOINT = URIRef(f"{BASE}/sparql")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

#: The W3C's format IRIs (https://www.w3.org/ns/formats/) by media type: the oracle for
#: ``sd:resultFormat``, independent of the engine's own names for them.
W3C_FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/rdf+xml": FORMATS.RDF_XML,
    "application/ld+json": FORMATS["JSON-LD"],
    "application/trig": FORMATS.TriG,
    "application/n-quads": FORMATS["N-Quads"],
}
#: A query of each result kind, to check that each advertised format is really served.
QUERY_OF_KIND = {
    "solutions": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
    "boolean": "ASK { ?s ?p ?o }",
    "graph": "CONSTRUCT WHERE { ?s ?p ?o }",
}
RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


# the fixture, read without the store ---------------------------------------------------------


def fixture_graphs() -> dict[str, set[tuple[Node, Node, Node]]]:
    """Named graph IRI -> its triples, from ``fixtures/web/data.trig`` by rdflib."""
    dataset = Dataset()
    dataset.parse(WEB_DATA, format="trig")
    return {
        str(graph.identifier): set(graph)
        for graph in dataset.graphs()
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph)
    }


GRAPHS = fixture_graphs()
UNION = set().union(*GRAPHS.values())
#: 26 triples, 6 subjects, 2 Wikidata links: the expectations are not all zero.
assert len(UNION) > 20


def parse(response: object, media_type: str | None = None) -> Graph:
    media_type = media_type or response.mimetype  # type: ignore[attr-defined]
    return Graph().parse(data=response.data, format=RDFLIB[media_type])  # type: ignore[attr-defined]


def one(graph: Graph, subject: Node | None, predicate: Node) -> Node:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def integer(graph: Graph, subject: Node | None, predicate: Node) -> int:
    value = one(graph, subject, predicate)
    assert isinstance(value, Literal)
    return int(value.toPython())


@pytest.fixture
def description(client: FlaskClient) -> Graph:
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    return parse(response)


@pytest.fixture
def void(client: FlaskClient) -> Graph:
    response = client.get("/.well-known/void")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    return parse(response)


def the_dataset(graph: Graph) -> Node:
    datasets = set(graph.subjects(RDF.type, SD.Dataset))
    assert len(datasets) == 1
    return datasets.pop()


# the service description ---------------------------------------------------------------------


def test_get_without_query_describes_the_service(description: Graph) -> None:
    assert (ENDPOINT, RDF.type, SD.Service) in description
    assert one(description, ENDPOINT, SD.endpoint) == ENDPOINT
    assert set(description.objects(ENDPOINT, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert SD.UnionDefaultGraph in set(description.objects(ENDPOINT, SD.feature))


def test_result_formats_are_the_ones_the_endpoint_serves(description: Graph) -> None:
    served = {
        W3C_FORMAT_IRIS[media_type]
        for kind in RESULT_FORMATS
        for media_type in QueryOutcome(kind, None).media_types()
    }
    assert set(description.objects(ENDPOINT, SD.resultFormat)) == served


def test_every_advertised_format_answers_a_query(client: FlaskClient, description: Graph) -> None:
    by_iri = {iri: media_type for media_type, iri in W3C_FORMAT_IRIS.items()}
    advertised = set(description.objects(ENDPOINT, SD.resultFormat))
    assert advertised
    for iri in advertised:
        media_type = by_iri[iri]
        kind = next(
            kind for kind in RESULT_FORMATS if media_type in QueryOutcome(kind, None).media_types()
        )
        response = client.get(
            "/sparql", query_string={"query": QUERY_OF_KIND[kind]}, headers={"Accept": media_type}
        )
        assert response.status_code == 200, iri
        assert response.mimetype == media_type


def test_default_dataset_has_the_real_counts(description: Graph) -> None:
    dataset = one(description, ENDPOINT, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in description
    assert integer(description, dataset, VOID.triples) == len(UNION)
    default = one(description, dataset, SD.defaultGraph)
    assert integer(description, default, VOID.triples) == len(UNION)
    named = {
        str(one(description, node, SD.name)): integer(
            description, one(description, node, SD.graph), VOID.triples
        )
        for node in description.objects(dataset, SD.namedGraph)
    }
    assert named == {name: len(triples) for name, triples in GRAPHS.items()}


@pytest.mark.parametrize("media_type", ["application/n-triples", "application/rdf+xml"])
def test_service_description_follows_accept(client: FlaskClient, media_type: str) -> None:
    turtle = parse(client.get("/sparql"))
    response = client.get("/sparql", headers={"Accept": media_type})
    assert response.mimetype == media_type
    assert isomorphic(parse(response), turtle)


def test_format_parameter_overrides_accept_for_the_description(client: FlaskClient) -> None:
    response = client.get("/sparql?format=jsonld", headers={"Accept": BROWSER_ACCEPT})
    assert response.mimetype == "application/ld+json"
    assert (ENDPOINT, RDF.type, SD.Service) in parse(response)


def test_description_not_available_in_a_results_format(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert response.get_json()["error"] == "not-acceptable"


def test_browser_gets_the_query_page(app: Flask, client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert "pages.query" in app.view_functions
    assert response.status_code == 303
    with app.test_request_context():
        assert response.headers["Location"].endswith(url_for("pages.query"))


def test_browser_gets_a_pointer_page_when_there_is_no_query_page(app: Flask) -> None:
    app.view_functions.pop("pages.query", None)
    response = app.test_client().get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.data.decode("utf-8")
    assert 'href="/.well-known/void"' in page
    assert "README" in page


def test_a_query_or_an_update_is_still_a_protocol_request(client: FlaskClient) -> None:
    assert client.get("/sparql?query=").status_code == 400
    assert client.get("/sparql?update=CLEAR%20ALL").status_code == 403
    assert client.get("/sparql?query=ASK%7B%7D").get_json()["boolean"] is True


# VoID ------------------------------------------------------------------------------------------


def test_void_describes_the_dataset_with_real_counts(void: Graph) -> None:
    dataset = the_dataset(void)
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert integer(void, dataset, VOID.triples) == len(UNION)
    assert integer(void, dataset, VOID.distinctSubjects) == len({s for s, _, _ in UNION})
    assert integer(void, dataset, VOID.properties) == len({p for _, p, _ in UNION})
    assert one(void, dataset, VOID.sparqlEndpoint) == ENDPOINT


def test_void_counts_entities_by_class(void: Graph) -> None:
    dataset = the_dataset(void)
    expected = Counter(o for _, p, o in UNION if p == RDF.type)
    found = {
        one(void, partition, VOID["class"]): integer(void, partition, VOID.entities)
        for partition in void.objects(dataset, VOID.classPartition)
    }
    assert found == dict(expected)
    assert found[SG.State] == 2


def test_void_linkset_counts_the_wikidata_links(void: Graph) -> None:
    dataset = the_dataset(void)
    linksets = list(void.subjects(RDF.type, VOID.Linkset))
    assert len(linksets) == 1
    links = linksets[0]
    assert one(void, links, VOID.linkPredicate) == OWL.sameAs
    assert one(void, links, VOID.subjectsTarget) == dataset
    wikidata = one(void, links, VOID.objectsTarget)
    assert one(void, wikidata, VOID.uriSpace) == Literal(WD)
    expected = [o for _, p, o in UNION if p == OWL.sameAs and str(o).startswith(WD)]
    assert len(expected) == 2
    assert integer(void, links, VOID.triples) == len(expected)
    assert (dataset, VOID.subset, links) in void


def test_void_dumps_are_served_and_hold_the_dataset(client: FlaskClient, void: Graph) -> None:
    dumps = sorted(str(url) for url in void.objects(the_dataset(void), VOID.dataDump))
    assert len(dumps) >= 2
    for url in dumps:
        assert url.startswith(f"{BASE}/data")
        response = client.get(url[len(BASE) :])
        assert response.status_code == 200, url
        dataset = Dataset()
        dataset.parse(data=response.data, format=RDFLIB[response.mimetype])
        found = {
            str(graph.identifier): set(graph)
            for graph in dataset.graphs()
            if graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph)
        }
        assert found == GRAPHS, url


def test_void_default_graph_dump_has_void_triples_triples(client: FlaskClient, void: Graph) -> None:
    default = one(void, the_dataset(void), SD.defaultGraph)
    url = str(one(void, default, VOID.dataDump))
    response = client.get(url[len(BASE) :])
    assert set(parse(response)) == UNION
    assert len(UNION) == integer(void, default, VOID.triples)


def test_void_negotiates_rdf_formats(client: FlaskClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert response.mimetype == "application/ld+json"
    assert list(parse(response).subjects(RDF.type, VOID.Linkset))
    assert "Accept" in response.headers["Vary"]


# the Graph Store Protocol, reading ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_each_graph_returns_exactly_its_triples(client: FlaskClient, name: str) -> None:
    response = client.get("/data", query_string={"graph": name})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert set(parse(response)) == GRAPHS[name]


def test_default_graph_is_the_union(client: FlaskClient) -> None:
    response = client.get("/data?default")
    assert set(parse(response)) == UNION


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({"Accept": "application/n-triples"}, {}, "application/n-triples"),
        ({"Accept": "application/rdf+xml;q=0.5, text/turtle;q=0.1"}, {}, "application/rdf+xml"),
        ({"Accept": "text/turtle"}, {"format": "jsonld"}, "application/ld+json"),
    ],
)
def test_graph_format_is_negotiated(
    client: FlaskClient, headers: dict[str, str], query: dict[str, str], expected: str
) -> None:
    name = sorted(GRAPHS)[0]
    response = client.get("/data", query_string={"graph": name, **query}, headers=headers)
    assert response.mimetype == expected
    assert set(parse(response)) == GRAPHS[name]


def test_graph_in_a_results_format_is_not_acceptable(client: FlaskClient) -> None:
    response = client.get("/data?default", headers={"Accept": "text/csv"})
    assert response.status_code == 406


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({}, {}, "application/trig"),
        ({"Accept": "application/n-quads"}, {}, "application/n-quads"),
        ({"Accept": "text/turtle"}, {"format": "nquads"}, "application/n-quads"),
    ],
)
def test_whole_dataset_keeps_its_named_graphs(
    client: FlaskClient, headers: dict[str, str], query: dict[str, str], expected: str
) -> None:
    response = client.get("/data", query_string=query, headers=headers)
    assert response.mimetype == expected
    dataset = Dataset()
    dataset.parse(data=response.data, format=RDFLIB[expected])
    found = {
        str(graph.identifier): set(graph)
        for graph in dataset.graphs()
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph)
    }
    assert found == GRAPHS


def test_whole_dataset_in_a_single_graph_format_is_not_acceptable(client: FlaskClient) -> None:
    response = client.get("/data", headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert "?default" in response.get_json()["message"]


def test_unknown_graph_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/data", query_string={"graph": "https://example.org/nothing"})
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"] == "not-found"
    assert body["status"] == 404
    assert "https://example.org/nothing" in body["message"]


def test_graph_and_default_together_are_a_bad_request(client: FlaskClient) -> None:
    response = client.get("/data", query_string={"graph": sorted(GRAPHS)[0], "default": ""})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad-request"


def test_head_gives_the_headers_of_get_without_a_body(client: FlaskClient) -> None:
    name = sorted(GRAPHS)[0]
    got = client.get("/data", query_string={"graph": name})
    head = client.head("/data", query_string={"graph": name})
    assert head.status_code == 200
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert head.headers["Content-Length"] == str(len(got.data))
    assert head.data == b""
    assert client.head("/data", query_string={"graph": "https://example.org/no"}).status_code == 404


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_writes_are_refused_read_only(client: FlaskClient, store: Store, method: str) -> None:
    before = sorted(store.quads())
    response = client.open(
        "/data",
        method=method,
        query_string={"graph": sorted(GRAPHS)[0]},
        data="<x:a> <x:b> <x:c> .",
        content_type="application/n-triples",
    )
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "forbidden"
    assert "read-only" in body["message"]
    assert sorted(store.quads()) == before


# the W3C service-description tests -----------------------------------------------------------

#: The SPARQL 1.1 Service Description vocabulary (https://www.w3.org/TR/sparql11-service-
#: description/): each property with its domain and the class or values of its range.
SD_CLASSES = {
    "Service",
    "Language",
    "Function",
    "Aggregate",
    "EntailmentRegime",
    "EntailmentProfile",
    "GraphCollection",
    "Dataset",
    "Graph",
    "NamedGraph",
    "Feature",
}
SD_SUBCLASSES = {"Dataset": "GraphCollection"}
SD_PROPERTIES: dict[str, tuple[str, str | None]] = {
    "endpoint": ("Service", None),
    "feature": ("Service", "Feature"),
    "defaultEntailmentRegime": ("Service", "EntailmentRegime"),
    "defaultSupportedEntailmentProfile": ("Service", "EntailmentProfile"),
    "extensionFunction": ("Service", "Function"),
    "extensionAggregate": ("Service", "Aggregate"),
    "languageExtension": ("Service", "Feature"),
    "supportedLanguage": ("Service", "Language"),
    "propertyFeature": ("Service", None),
    "defaultDataset": ("Service", "Dataset"),
    "availableGraphs": ("Service", "GraphCollection"),
    "resultFormat": ("Service", None),
    "inputFormat": ("Service", None),
    "defaultGraph": ("Dataset", "Graph"),
    "namedGraph": ("GraphCollection", "NamedGraph"),
    "name": ("NamedGraph", None),
    "graph": ("NamedGraph", "Graph"),
    "entailmentRegime": ("NamedGraph", "EntailmentRegime"),
    "supportedEntailmentProfile": ("NamedGraph", "EntailmentProfile"),
}
#: Instances the vocabulary defines, so they need no rdf:type in a description.
SD_INSTANCES = {
    "SPARQL10Query": "Language",
    "SPARQL11Query": "Language",
    "SPARQL11Update": "Language",
    "DereferencesURIs": "Feature",
    "UnionDefaultGraph": "Feature",
    "RequiresDataset": "Feature",
    "EmptyGraphs": "Feature",
    "BasicFederatedQuery": "Feature",
}
ENTAILMENT = "http://www.w3.org/ns/entailment/"


def _is_a(graph: Graph, node: Node, cls: str) -> bool:
    if str(node).startswith(str(SD)) and SD_INSTANCES.get(str(node)[len(str(SD)) :]) == cls:
        return True
    if cls == "EntailmentRegime" and str(node).startswith(ENTAILMENT):
        return True
    types = {str(t)[len(str(SD)) :] for t in graph.objects(node, RDF.type)}
    return cls in types or any(SD_SUBCLASSES.get(t) == cls for t in types)


def schema_violations(graph: Graph) -> list[str]:
    """Where ``graph`` departs from the Service Description vocabulary's schema."""
    problems = []
    for subject, predicate, value in graph:
        if predicate == RDF.type and str(value).startswith(str(SD)):
            if str(value)[len(str(SD)) :] not in SD_CLASSES:
                problems.append(f"unknown class {value}")
            continue
        if not str(predicate).startswith(str(SD)):
            continue
        local = str(predicate)[len(str(SD)) :]
        if local not in SD_PROPERTIES:
            problems.append(f"unknown property {predicate}")
            continue
        domain, range_ = SD_PROPERTIES[local]
        if not _is_a(graph, subject, domain):
            problems.append(f"{subject} has sd:{local} but is not an sd:{domain}")
        if range_ is not None and not _is_a(graph, value, range_):
            problems.append(f"sd:{local} of {subject} is {value}, not an sd:{range_}")
        if local in ("endpoint", "name", "resultFormat") and not isinstance(value, URIRef):
            problems.append(f"sd:{local} of {subject} is not an IRI")
    for named in graph.subjects(RDF.type, SD.NamedGraph):
        if len(list(graph.objects(named, SD.name))) != 1:
            problems.append(f"{named} has not exactly one sd:name")
    return problems


def test_schema_check_finds_departures() -> None:
    bad = Graph()
    service = URIRef("http://example.org/sparql")
    bad.add((service, RDF.type, SD.Service))
    bad.add((service, SD.supportedLanguage, SD.UnionDefaultGraph))
    bad.add((service, SD.endpoints, service))
    bad.add((URIRef("http://example.org/g"), RDF.type, SD.NamedGraph))
    assert len(schema_violations(bad)) == 3


def _sd_suite() -> list[str]:
    manifest = SD_SUITE / "manifest.ttl"
    if not manifest.exists():
        return []
    graph = Graph().parse(manifest, format="turtle")
    return sorted(
        str(test).rsplit("#", 1)[1] for test in graph.subjects(RDF.type, MF.ServiceDescriptionTest)
    )


SD_TESTS = _sd_suite()


@pytest.mark.slow
@pytest.mark.skipif(not SD_TESTS, reason=f"the W3C service-description suite is not at {SD_SUITE}")
@pytest.mark.parametrize("name", SD_TESTS or ["(absent)"])
def test_w3c_service_description(name: str, live_server: str) -> None:
    endpoint = f"{live_server}/sparql"
    response = requests.get(endpoint, timeout=10)
    assert response.status_code == 200
    media_type = response.headers["Content-Type"].split(";")[0]
    graph = Graph().parse(data=response.content, format=RDFLIB[media_type])
    if name == "returns-rdf":
        assert len(graph) > 0
        for media_type in ("application/rdf+xml", "text/turtle"):
            again = requests.get(endpoint, headers={"Accept": media_type}, timeout=10)
            assert again.headers["Content-Type"].split(";")[0] == media_type
            assert isomorphic(Graph().parse(data=again.content, format=RDFLIB[media_type]), graph)
    elif name == "has-endpoint-triple":
        assert set(graph.subjects(SD.endpoint, URIRef(endpoint)))
    elif name == "conforms-to-schema":
        assert schema_violations(graph) == []
    else:
        pytest.fail(f"no check for the W3C service-description test {name!r}")
