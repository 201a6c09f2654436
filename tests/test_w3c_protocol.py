"""The W3C SPARQL 1.1 Protocol test suite, run against the endpoint over real HTTP.

The suite is data (``../shared/w3c/sparql11-protocol/``, copied from w3c/rdf-tests): each test
in ``manifest.ttl`` is one or more raw HTTP exchanges (``ht:`` vocabulary) with the expected
status class, result format and, for ASK, the boolean. This runner reads the manifest with
rdflib, rewrites the ``/sparql/`` paths to our endpoint, sends each request byte for byte with
``http.client`` (no Accept header unless the test has one) to the app served by waitress, and
checks the answer.

- The 20 query-side tests must pass as written (one is an expected failure, marked with the
  fix it needs).
- The endpoint is read-only, so the 14 update-side tests must be refused (``refusals``): an
  update the endpoint can read gets 403 (forbidden), a body type it does not read 415, an
  update body not in UTF-8 400 or 403; always in the JSON error shape, and the store must not
  change. Their follow-up requests (ASKs that check what
  the update wrote) are not sent.

The suite is not in a user's clone of the project: without it these tests skip.
"""

from __future__ import annotations

import http.client
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask, url_for
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from spacegraph.settings import PROJECT_DIR
from spacegraph.store import Store

SUITE_DIR = PROJECT_DIR.parent / "shared" / "w3c" / "sparql11-protocol"
MANIFEST = SUITE_DIR / "manifest.ttl"

if not MANIFEST.exists():
    pytest.skip(
        f"the W3C SPARQL 1.1 Protocol suite is not at {SUITE_DIR} (it lives beside the "
        "project in CI, not in a clone of it)",
        allow_module_level=True,
    )

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

#: Every ``ht:absolutePath`` starts with this; the runner replaces it with our endpoint.
SUITE_PREFIX = "/sparql/"

#: The media types each expected format may come in, as the suite's test names list them
#: ("expect one of: XML, JSON, CSV, TSV" ...). RDFa is allowed by the suite but rdflib cannot
#: read it back, and the endpoint does not send it.
FORMAT_MEDIA_TYPES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}
RDFLIB_FORMATS = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
}
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

#: Query-side tests that fail because of how ``/sparql`` handles the protocol, with the fix.
KNOWN_FAILURES: dict[str, str] = {}  # test name → reason, marked xfail(strict=True)


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    #: Acceptable status classes: 2 for 2xx, 4 for 4xx...
    status_classes: frozenset[int]
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def carries_update(self) -> bool:
        """Whether the endpoint can read an update operation in this request."""
        if self.content_type == "application/sparql-update":
            return True
        query_string = parse_qs(urlsplit(self.path).query)
        form = parse_qs(self.body.decode("utf-8")) if self.body else {}
        in_form = self.content_type == "application/x-www-form-urlencoded" and "update" in form
        return "update" in query_string or in_form


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    exchanges: tuple[Exchange, ...]
    #: Graph IRI -> the N-Triples file loaded into it (``ut:graphData``).
    graph_data: dict[str, Path]

    @property
    def update_side(self) -> bool:
        return "update" in self.name


def _text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    value = graph.value(node, predicate)
    return None if value is None else str(value)


def _items(graph: Graph, node: Node, predicate: URIRef) -> list[Node]:
    head = graph.value(node, predicate)
    return [] if head is None else list(Collection(graph, head))


def _exchange(graph: Graph, node: Node) -> Exchange:
    headers = {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
        for h in _items(graph, node, HT.headers)
    }
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = _text(graph, body_node, CNT.characterEncoding) or "UTF-8"
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = frozenset(
        int(re.search(r"StatusCode(\d)xx$", str(status)).group(1))  # type: ignore[union-attr]
        for status in graph.objects(response, MF.expectedStatus)
    )
    boolean = graph.value(response, MF.expectedBoolean)
    return Exchange(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        status_classes=statuses,
        expected_format=_text(graph, response, MF.expectedFormat),
        expected_boolean=None if boolean is None else bool(boolean.toPython()),
    )


def load_suite() -> list[ProtocolTest]:
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _items(graph, manifest, MF.entries):
        action = graph.value(entry, MF.action)
        graph_data = {
            str(graph.value(data, RDFS.label)): SUITE_DIR
            / Path(urlsplit(str(graph.value(data, UT.graph))).path).name
            for data in graph.objects(entry, UT.graphData)
        }
        tests.append(
            ProtocolTest(
                name=str(entry).rsplit("#", 1)[1],
                title=str(graph.value(entry, MF.name)),
                exchanges=tuple(_exchange(graph, r) for r in _items(graph, action, HT.requests)),
                graph_data=graph_data,
            )
        )
    return tests


SUITE = load_suite()
#: The data every test's store holds: the union of the tests' ``ut:graphData``.
SUITE_DATA = {iri: path for test in SUITE for iri, path in test.graph_data.items()}


def _params(update_side: bool) -> list[object]:
    params = []
    for test in SUITE:
        if test.update_side != update_side:
            continue
        marks = []
        if test.name in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[test.name]))
        params.append(pytest.param(test, id=test.name, marks=marks))
    return params


@pytest.fixture
def store() -> Store:
    """A fresh store holding data1.nt..data3.nt in the named graphs the manifest names."""
    fresh = Store()
    for iri, path in SUITE_DATA.items():
        fresh.load_file(path, graph=iri)
    return fresh


@pytest.fixture
def endpoint_path(app: Flask) -> str:
    with app.test_request_context():
        return url_for("sparql.query")


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes


def send(live_server: str, endpoint_path: str, exchange: Exchange) -> Answer:
    assert exchange.path.startswith(SUITE_PREFIX), exchange.path
    rest = exchange.path[len(SUITE_PREFIX) :]  # "" or "?query=..."
    path = endpoint_path + (rest if rest.startswith("?") or not rest else "/" + rest)
    host = urlsplit(live_server)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        connection.request(exchange.method, path, body=exchange.body, headers=exchange.headers)
        response = connection.getresponse()
        media_type = (response.getheader("Content-Type") or "").split(";", 1)[0].strip()
        return Answer(response.status, media_type, response.read())
    finally:
        connection.close()


def read_boolean(answer: Answer) -> bool:
    if answer.media_type == "application/sparql-results+json":
        value = json.loads(answer.body)["boolean"]
        assert isinstance(value, bool)
        return value
    node = ET.fromstring(answer.body).find(f"{RESULTS_NS}boolean")
    assert node is not None and node.text in ("true", "false"), answer.body
    return node.text == "true"


def check_format(answer: Answer, expected: str) -> None:
    """The media type is one the suite allows for ``expected``, and the body is in it."""
    assert answer.media_type in FORMAT_MEDIA_TYPES[expected], answer.media_type
    if expected == "boolean":
        read_boolean(answer)
    elif expected == "RDF":
        Graph().parse(data=answer.body, format=RDFLIB_FORMATS[answer.media_type])
    elif answer.media_type == "application/sparql-results+json":
        assert isinstance(json.loads(answer.body)["head"]["vars"], list)
    elif answer.media_type == "application/sparql-results+xml":
        assert ET.fromstring(answer.body).find(f"{RESULTS_NS}results") is not None
    else:
        assert answer.body.decode("utf-8").splitlines()[0]


ERROR_KINDS = {400: "bad-request", 403: "forbidden", 415: "unsupported-media-type"}


def refusals(update: Exchange) -> set[int]:
    """The statuses that correctly refuse an update-side request on a read-only endpoint.

    An update the endpoint can read is forbidden (403); a body of a type it does not read
    is 415. An update body that is not UTF-8 may be refused for its encoding (400, before it
    is read) or as an update (403).
    """
    if not update.carries_update():
        return {415}
    try:
        (update.body or b"").decode("utf-8")
    except UnicodeDecodeError:
        return {400, 403}
    return {403}


# the suite itself ---------------------------------------------------------------------------


def test_suite_has_20_query_side_and_14_update_side_tests() -> None:
    assert len([t for t in SUITE if not t.update_side]) == 20
    assert len([t for t in SUITE if t.update_side]) == 14
    assert all(test.exchanges for test in SUITE)
    assert set(SUITE_DATA) == {
        f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3)
    }
    assert all(path.exists() for path in SUITE_DATA.values())


@pytest.mark.slow
@pytest.mark.parametrize("test", _params(update_side=False))
def test_query_side(test: ProtocolTest, live_server: str, endpoint_path: str) -> None:
    for exchange in test.exchanges:
        answer = send(live_server, endpoint_path, exchange)
        assert answer.status // 100 in exchange.status_classes, (
            f"{test.title}: got {answer.status} {answer.body[:300]!r}"
        )
        if exchange.expected_format is not None:
            check_format(answer, exchange.expected_format)
        if exchange.expected_boolean is not None:
            assert read_boolean(answer) is exchange.expected_boolean, test.title


@pytest.mark.slow
@pytest.mark.parametrize("test", _params(update_side=True))
def test_update_side_is_refused(
    test: ProtocolTest, live_server: str, endpoint_path: str, store: Store
) -> None:
    before = sorted(store.quads())
    update = test.exchanges[0]
    expected = refusals(update)
    answer = send(live_server, endpoint_path, update)
    assert answer.status in expected, f"{test.title}: got {answer.status} {answer.body[:300]!r}"
    if 2 not in update.status_classes:  # the suite itself expects a refusal: it must agree
        assert answer.status // 100 in update.status_classes
    assert answer.media_type == "application/json"
    error = json.loads(answer.body)
    assert error["status"] == answer.status
    assert error["error"] == ERROR_KINDS[answer.status]
    if answer.status == 403:
        assert "read-only" in error["message"]
    assert sorted(store.quads()) == before
