"""The SPARQL endpoint: protocol edges through Flask's test client, then real HTTP clients
(SPARQLWrapper, rdflib's SPARQLStore, requests) against the app served by waitress."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, RDFXML, TURTLE, XML, SPARQLWrapper
from werkzeug.test import TestResponse

from spacegraph.errors import StoreError
from spacegraph.settings import Settings
from spacegraph.store import Store
from spacegraph.web import create_app

WEB_DATA = Path(__file__).parent / "fixtures" / "web" / "data.trig"
SG = "https://w3id.org/spacegraph/ontology#"
SGR = "https://w3id.org/spacegraph/id/"
REFERENCE = SGR + "reference"
DOCUMENT = SGR + "document/jp-us-joint-statement-2023"
JP, US, NASA = SGR + "state/jp", SGR + "state/us", SGR + "body/us/nasa"
PREFIXES = (
    f"PREFIX sg: <{SG}>\nPREFIX sgr: <{SGR}>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
STATES = PREFIXES + (
    "SELECT ?state ?label WHERE { ?state a sg:State ; rdfs:label ?label "
    "FILTER(lang(?label) = 'en') } ORDER BY ?label"
)
STATE_ROWS = [{"state": JP, "label": "Japan"}, {"state": US, "label": "United States"}]
#: The participant is in the document graph, its label in the reference graph.
ACROSS_GRAPHS = PREFIXES + "SELECT ?label WHERE { ?m sg:participant ?b . ?b rdfs:label ?label }"
COMMITMENT_TEXT = 'Both sides resolved to deepen cooperation, including on "Artemis".'
ASK_JAPANESE = PREFIXES + 'ASK { sgr:state\\/jp rdfs:label "日本"@ja }'
CONSTRUCT = PREFIXES + (
    "CONSTRUCT { ?b sg:state ?s ; rdfs:label ?l } WHERE { ?b sg:state ?s ; rdfs:label ?l }"
)
CONSTRUCT_TRIPLES = {
    (URIRef(NASA), URIRef(SG + "state"), URIRef(US)),
    (URIRef(NASA), RDFS.label, Literal("National Aeronautics and Space Administration", lang="en")),
}
SPARQL_JSON = "application/sparql-results+json"
ERROR_KEYS = {"error", "message", "status"}


def rows(body: bytes) -> list[dict[str, str]]:
    """SPARQL JSON results as a list of ``{variable: value}``."""
    bindings = json.loads(body)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def triples(data: bytes, rdf_format: str) -> set[tuple[object, object, object]]:
    return set(Graph().parse(data=data, format=rdf_format))


# the protocol through the test client ------------------------------------------------------


def test_get_select_returns_sparql_json_by_default(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": STATES})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{SPARQL_JSON}; charset=utf-8"
    assert rows(response.data) == STATE_ROWS


def test_responses_vary_on_accept_and_allow_any_origin(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": STATES})
    assert "Accept" in response.headers["Vary"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_form_post_query_returns_json(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": STATES})
    assert response.status_code == 200
    assert rows(response.data) == STATE_ROWS


def test_direct_post_query_is_read_as_utf8(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data=ASK_JAPANESE.encode("utf-8"), content_type="application/sparql-query"
    )
    assert response.status_code == 200
    assert json.loads(response.data)["boolean"] is True


def test_default_graph_is_the_union_of_named_graphs(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": ACROSS_GRAPHS})
    assert rows(response.data) == [{"label": "National Aeronautics and Space Administration"}]


def test_ask_false_is_false(client: FlaskClient) -> None:
    query = PREFIXES + "ASK { sgr:state\\/fr a sg:State }"
    response = client.get("/sparql", query_string={"query": query})
    assert json.loads(response.data) == {"head": {}, "boolean": False}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, SPARQL_JSON),
        ("*/*", SPARQL_JSON),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("text/*", "text/csv"),
        ("application/json", SPARQL_JSON),
        ("text/turtle, text/csv;q=0.2", "text/csv"),
    ],
)
def test_select_format_follows_accept_q_values(
    client: FlaskClient, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": STATES}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == expected
    assert response.mimetype_params == {"charset": "utf-8"}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/n-triples;q=1, text/turtle;q=0.5", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/json", "application/ld+json"),
        ("application/sparql-results+json, application/ld+json;q=0.3", "application/ld+json"),
    ],
)
def test_construct_format_follows_accept_q_values(
    client: FlaskClient, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == expected


@pytest.mark.parametrize(
    ("media_type", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_returns_the_triples_in_each_rdf_format(
    client: FlaskClient, media_type: str, rdflib_format: str
) -> None:
    response = client.get(
        "/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": media_type}
    )
    assert triples(response.data, rdflib_format) == CONSTRUCT_TRIPLES


@pytest.mark.parametrize(
    ("query", "fmt", "expected"),
    [
        (STATES, "csv", "text/csv"),
        (STATES, "tsv", "text/tab-separated-values"),
        (STATES, "xml", "application/sparql-results+xml"),
        (STATES, "text/csv", "text/csv"),
        (CONSTRUCT, "ntriples", "application/n-triples"),
        (CONSTRUCT, "rdfxml", "application/rdf+xml"),
        (CONSTRUCT, "jsonld", "application/ld+json"),
        (CONSTRUCT, "turtle", "text/turtle"),
    ],
)
def test_format_parameter_overrides_accept(
    client: FlaskClient, query: str, fmt: str, expected: str
) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": query, "format": fmt},
        headers={"Accept": "application/sparql-results+json, text/turtle"},
    )
    assert response.status_code == 200
    assert response.mimetype == expected


def test_csv_keeps_quotes_and_commas_of_values(client: FlaskClient) -> None:
    query = PREFIXES + "SELECT ?text WHERE { ?c sg:text ?text }"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(response.data.decode("utf-8")))) == [
        ["text"],
        [COMMITMENT_TEXT],
    ]


def test_default_graph_uri_restricts_the_default_graph(client: FlaskClient) -> None:
    only_document = client.get(
        "/sparql", query_string={"query": STATES, "default-graph-uri": DOCUMENT}
    )
    only_reference = client.get(
        "/sparql", query_string={"query": STATES, "default-graph-uri": REFERENCE}
    )
    assert rows(only_document.data) == []
    assert rows(only_reference.data) == STATE_ROWS


def test_named_graph_uri_limits_the_graphs_seen_by_graph(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    everything = client.get("/sparql", query_string={"query": query})
    one = client.post("/sparql", data={"query": query, "named-graph-uri": REFERENCE})
    assert sorted(row["g"] for row in rows(everything.data)) == [DOCUMENT, REFERENCE]
    assert rows(one.data) == [{"g": REFERENCE}]


def test_direct_post_takes_graph_uris_from_the_url(client: FlaskClient) -> None:
    response = client.post(
        f"/sparql?default-graph-uri={DOCUMENT}",
        data=STATES,
        content_type="application/sparql-query",
    )
    assert response.status_code == 200
    assert rows(response.data) == []


def test_index_points_at_the_endpoint(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.get_json()["sparql"].endswith("/sparql")


def test_preflight_allows_posting_queries_from_any_origin(client: FlaskClient) -> None:
    response = client.options(
        "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


# errors: one shape for all ---------------------------------------------------------------

Call = Callable[[FlaskClient], TestResponse]

ERROR_CASES: list[tuple[str, Call, int, str]] = [
    # GET /sparql without a query is the service description (tests/test_describe.py)
    (
        "form post without query",
        lambda c: c.post("/sparql", data={"format": "json"}),
        400,
        "bad-request",
    ),
    ("empty query", lambda c: c.get("/sparql?query="), 400, "bad-request"),
    (
        "two queries",
        lambda c: c.get("/sparql", query_string=[("query", STATES), ("query", STATES)]),
        400,
        "bad-request",
    ),
    (
        "syntax error",
        lambda c: c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"}),
        400,
        "bad-query",
    ),
    (
        "update sent as query",
        lambda c: c.post("/sparql", data={"query": "INSERT DATA { <x:a> <x:b> <x:c> }"}),
        403,
        "forbidden",
    ),
    (
        "malformed graph iri",
        lambda c: c.get("/sparql", query_string={"query": STATES, "default-graph-uri": "a b"}),
        400,
        "bad-query",
    ),
    (
        "body not utf-8",
        lambda c: c.post("/sparql", data=b"ASK {\xff}", content_type="application/sparql-query"),
        400,
        "bad-request",
    ),
    (
        "form update",
        lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}),
        403,
        "forbidden",
    ),
    (
        "direct update",
        lambda c: c.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update"),
        403,
        "forbidden",
    ),
    ("update on get", lambda c: c.get("/sparql?update=CLEAR%20ALL"), 403, "forbidden"),
    ("unknown path", lambda c: c.get("/nowhere"), 404, "not-found"),
    ("put", lambda c: c.put("/sparql", data="ASK {}"), 405, "method-not-allowed"),
    ("delete", lambda c: c.delete("/sparql"), 405, "method-not-allowed"),
    (
        "unacceptable accept",
        lambda c: c.get(
            "/sparql", query_string={"query": STATES}, headers={"Accept": "text/turtle"}
        ),
        406,
        "not-acceptable",
    ),
    (
        "unknown format parameter",
        lambda c: c.get("/sparql", query_string={"query": STATES, "format": "yaml"}),
        406,
        "not-acceptable",
    ),
    (
        "body too large",
        lambda c: c.post("/sparql", data="#" * 9_000, content_type="application/sparql-query"),
        413,
        "too-large",
    ),
    (
        "form body too large",
        lambda c: c.post("/sparql", data={"query": "#" * 9_000}),
        413,
        "too-large",
    ),
    (
        "query too long",
        lambda c: c.get("/sparql", query_string={"query": STATES + "#" * 2_000}),
        413,
        "too-large",
    ),
    (
        "unknown body type",
        lambda c: c.post("/sparql", data=STATES, content_type="text/plain"),
        415,
        "unsupported-media-type",
    ),
    ("no body type", lambda c: c.post("/sparql", data=STATES), 415, "unsupported-media-type"),
]


@pytest.mark.parametrize(
    ("call", "status", "kind"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_every_error_has_the_same_json_shape(
    client: FlaskClient, call: Call, status: int, kind: str
) -> None:
    response = call(client)
    body = response.get_json()
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert set(body) == ERROR_KEYS
    assert body["status"] == status
    assert body["error"] == kind
    assert isinstance(body["message"], str)
    assert body["message"]


def test_syntax_error_message_says_where(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert "1:" in response.get_json()["message"]


def test_not_acceptable_lists_the_available_types(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "text/csv"}
    )
    message = response.get_json()["message"]
    for media_type in ("text/turtle", "application/n-triples", "application/ld+json"):
        assert media_type in message


def test_method_not_allowed_names_the_allowed_methods(client: FlaskClient) -> None:
    response = client.put("/sparql")
    assert {"GET", "POST"} <= set(response.headers["Allow"].replace(" ", "").split(","))


def test_missing_query_message_says_how_to_send_one(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"format": "json"})
    assert "'query' parameter" in response.get_json()["message"]


# the production path: settings name a store on disk, opened read-only ----------------------


def test_create_app_opens_the_settings_store_read_only(tmp_path: Path) -> None:
    path = tmp_path / "store"
    on_disk = Store(path)
    on_disk.load_file(WEB_DATA)
    on_disk.close()
    app = create_app(Settings(store=path))
    opened = app.extensions["spacegraph"]
    response = app.test_client().get("/sparql", query_string={"query": STATES})
    assert rows(response.data) == STATE_ROWS
    # A read-only store refuses writes. Store.replace_graphs lets pyoxigraph's RuntimeError
    # through today rather than a StoreError; either one proves the store is read-only.
    with pytest.raises((StoreError, RuntimeError)):
        opened.replace_graphs({URIRef(DOCUMENT): Graph()})


def test_create_app_without_a_store_fails_at_startup(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(Settings(store=tmp_path / "missing"))


# real clients over real HTTP -----------------------------------------------------------------


def _wrapper(live_server: str, query: str, return_format: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(f"{live_server}/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(return_format)
    return wrapper


@pytest.mark.slow
def test_sparqlwrapper_select_json(live_server: str) -> None:
    result = _wrapper(live_server, STATES, JSON).query().convert()
    values = [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]
    assert values == STATE_ROWS


@pytest.mark.slow
def test_sparqlwrapper_select_xml(live_server: str) -> None:
    document = _wrapper(live_server, STATES, XML).query().convert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["Japan", "United States"]


@pytest.mark.slow
def test_sparqlwrapper_select_csv(live_server: str) -> None:
    data = _wrapper(live_server, STATES, CSV).query().convert()
    table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert table == [["state", "label"], [JP, "Japan"], [US, "United States"]]


@pytest.mark.slow
def test_sparqlwrapper_form_post_ask(live_server: str) -> None:
    wrapper = _wrapper(live_server, ASK_JAPANESE, JSON)
    wrapper.setMethod(POST)
    assert wrapper.query().convert()["boolean"] is True


@pytest.mark.slow
def test_sparqlwrapper_construct_into_an_rdflib_graph(live_server: str) -> None:
    graph = _wrapper(live_server, CONSTRUCT, RDFXML).query().convert()
    assert isinstance(graph, Graph)
    assert set(graph) == CONSTRUCT_TRIPLES


@pytest.mark.slow
def test_sparqlwrapper_construct_turtle(live_server: str) -> None:
    data = _wrapper(live_server, CONSTRUCT, TURTLE).query().convert()
    assert triples(data, "turtle") == CONSTRUCT_TRIPLES


@pytest.mark.slow
def test_rdflib_sparqlstore_query_returns_fixture_rows(live_server: str) -> None:
    graph = Graph(SPARQLStore(query_endpoint=f"{live_server}/sparql"))
    result = graph.query(STATES)
    assert [(str(row.state), str(row.label)) for row in result] == [
        (JP, "Japan"),
        (US, "United States"),
    ]


@pytest.mark.slow
def test_rdflib_sparqlstore_graph_sees_only_its_named_graph(live_server: str) -> None:
    store = SPARQLStore(query_endpoint=f"{live_server}/sparql")
    reference = Graph(store, identifier=URIRef(REFERENCE))
    document = Graph(store, identifier=URIRef(DOCUMENT))
    state = URIRef(SG + "State")
    assert set(reference.subjects(RDF.type, state)) == {URIRef(JP), URIRef(US)}
    assert set(document.subjects(RDF.type, state)) == set()


@pytest.mark.slow
def test_requests_get_with_q_values_gets_tsv(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/sparql",
        params={"query": STATES},
        headers={"Accept": "application/sparql-results+json;q=0.4, text/tab-separated-values"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert "Accept" in response.headers["Vary"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    lines = response.content.decode("utf-8").splitlines()
    assert lines[1:] == [f'<{JP}>\t"Japan"@en', f'<{US}>\t"United States"@en']


@pytest.mark.slow
def test_requests_form_post_gets_xml(live_server: str) -> None:
    response = requests.post(
        f"{live_server}/sparql",
        data={"query": ACROSS_GRAPHS},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=10,
    )
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    literals = ET.fromstring(response.content).findall(".//r:literal", ns)
    assert [node.text for node in literals] == ["National Aeronautics and Space Administration"]


@pytest.mark.slow
def test_requests_direct_post_utf8_gets_json(live_server: str) -> None:
    query = PREFIXES + 'SELECT ?s WHERE { ?s rdfs:label "日本"@ja }'
    response = requests.post(
        f"{live_server}/sparql",
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "*/*;q=0.1"},
        timeout=10,
    )
    assert response.headers["Content-Type"] == f"{SPARQL_JSON}; charset=utf-8"
    assert rows(response.content) == [{"s": JP}]


@pytest.mark.slow
def test_requests_construct_n_triples_by_preference(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/sparql",
        params={"query": CONSTRUCT},
        headers={"Accept": "text/turtle;q=0.5, application/n-triples"},
        timeout=10,
    )
    assert response.headers["Content-Type"] == "application/n-triples; charset=utf-8"
    assert triples(response.content, "nt") == CONSTRUCT_TRIPLES


@pytest.mark.slow
def test_real_http_errors_keep_the_json_shape(live_server: str) -> None:
    too_large = requests.post(
        f"{live_server}/sparql",
        data=b"#" * 20_000,
        headers={"Content-Type": "application/sparql-query"},
        timeout=10,
    )
    update = requests.post(f"{live_server}/sparql", data={"update": "CLEAR ALL"}, timeout=10)
    bad = requests.get(f"{live_server}/sparql", params={"query": "ASK {"}, timeout=10)
    for response, status in ((too_large, 413), (update, 403), (bad, 400)):
        assert response.status_code == status
        assert set(response.json()) == ERROR_KEYS
        assert response.json()["status"] == status
