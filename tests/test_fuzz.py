"""Fuzzing the HTTP interface: no input gives a 5xx, and no worker is left hung.

The production app (queries in two worker processes) is served by waitress on 127.0.0.1 and
fed: schemathesis cases generated from ``web/openapi.yaml`` (valid and invalid, every
operation), SPARQL-ish text, random bytes under random content types, huge and malformed
headers and odd methods (raw sockets, so that nothing is cleaned up on the way). Every
response is counted; after each test the server must still answer a query and every worker
must be alive and idle.

``SPACEGRAPH_FUZZ_EXAMPLES`` (default 40) scales the number of examples per strategy; the
figures in docs/reliability.md were measured with a larger value. With ``-s`` each test
prints its tally of statuses.
"""

from __future__ import annotations

import os
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spacegraph.querying import WorkerPool
from spacegraph.settings import Settings
from spacegraph.store import Store
from spacegraph.web import create_app
from spacegraph.web.limits import LIMITER, RateLimiter
from spacegraph.web.sparql import RUNNER

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("SPACEGRAPH_FUZZ_EXAMPLES", "40"))
WEB_DATA = Path(__file__).parent / "fixtures" / "web" / "data.trig"
SPEC = Path(__file__).parents[1] / "src" / "spacegraph" / "web" / "openapi.yaml"
SGR = "https://w3id.org/spacegraph/id/"
ASK = f"ASK {{ <{SGR}state/jp> ?p ?o }}"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
    database=None,
)
#: Every status seen in this module, for the summary line.
TALLY: Counter[int | str] = Counter()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "store"
    store = Store(path)
    store.load_file(WEB_DATA)
    store.close()
    return path


@pytest.fixture
def app(store_path: Path) -> Iterator[Flask]:
    """The production app: worker pool, small limits, no rate limit (the fuzzer floods)."""
    application = create_app(
        Settings(
            store=store_path,
            query_timeout=5.0,
            max_query_length=2_000,
            max_request_bytes=8_000,
            query_workers=2,
        )
    )
    application.extensions[LIMITER] = RateLimiter(rate=0)
    pool: WorkerPool = application.extensions[RUNNER]
    pool.start()
    _wait_for(lambda: len(pool.worker_pids()) == 2)
    yield application
    pool.close()


@pytest.fixture
def tally(app: Flask, live_server: str, request: pytest.FixtureRequest) -> Iterator[Counter]:
    """This test's statuses; afterwards: no 5xx, the server answers, workers idle and alive."""
    seen: Counter[int | str] = Counter()
    yield seen
    TALLY.update(seen)
    total = sum(seen.values())
    print(f"\n{request.node.name}: {total} requests, statuses {sorted(seen.items(), key=str)}")
    assert total >= EXAMPLES, "the fuzzer sent fewer requests than examples"
    errors = {status: n for status, n in seen.items() if isinstance(status, int) and status >= 500}
    assert not errors, f"server errors: {errors}"
    assert_still_serving(app, live_server)


def assert_still_serving(app: Flask, live_server: str) -> None:
    pool: WorkerPool = app.extensions[RUNNER]
    _wait_for(lambda: not pool.running(), 10)  # no query left running (timeouts are 5 s)
    pids = pool.worker_pids()
    assert len(pids) == 2
    for pid in pids:
        assert Path(f"/proc/{pid}").exists()
    for _ in range(4):  # more than one per worker: each of them answers
        answer = requests.get(f"{live_server}/sparql", params={"query": ASK}, timeout=10)
        assert answer.status_code == 200
        assert answer.json()["boolean"] is True


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


# strategies ---------------------------------------------------------------------------------

KEYWORDS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "SERVICE",
    "SILENT",
    "BIND",
    "VALUES",
    "LIMIT",
    "OFFSET",
    "ORDER",
    "BY",
    "GROUP",
    "HAVING",
    "DISTINCT",
    "REDUCED",
    "PREFIX",
    "BASE",
    "FROM",
    "NAMED",
    "AS",
    "INSERT",
    "DELETE",
    "DATA",
    "LOAD",
    "CLEAR",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "INTO",
    "WITH",
    "USING",
    "EXISTS",
    "NOT",
    "IN",
    "a",
    "*",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "SAMPLE",
    "GROUP_CONCAT",
    "SEPARATOR",
    "REGEX",
    "REPLACE",
    "SUBSTR",
    "STRLEN",
    "IRI",
    "URI",
    "BNODE",
    "STRDT",
    "STRLANG",
    "LANGMATCHES",
    "ENCODE_FOR_URI",
    "CONCAT",
    "UCASE",
    "LCASE",
    "NOW",
    "RAND",
    "UUID",
    "STRUUID",
    "MD5",
    "SHA1",
    "SHA256",
    "SHA512",
    "YEAR",
    "ABS",
    "CEIL",
    "ROUND",
    "COALESCE",
    "IF",
    "sameTerm",
    "isIRI",
    "isLiteral",
    "TRIPLE",
]
PUNCTUATION = [*"{}()[].;,|/^!?$<>=+-*&\"'#@:\\", "&&", "||", "^^", "<<", ">>", "\\u0053"]
IRIS = st.sampled_from(
    [
        f"<{SGR}state/jp>",
        f"<{SGR}body/us/nasa>",
        "<http://www.w3.org/2000/01/rdf-schema#label>",
        "<http://127.0.0.1:1/sparql>",
        "<file:///etc/passwd>",
        "<>",
        "rdfs:label",
        "sg:Meeting",
        "sgr:state\\/jp",
        "xsd:dateTime",
    ]
)
TOKENS = st.one_of(
    st.sampled_from(KEYWORDS),
    st.sampled_from(PUNCTUATION),
    IRIS,
    st.from_regex(r"[?$][a-z][a-z0-9_]{0,5}", fullmatch=True),
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.text(max_size=8),
)
PROLOGUE = (
    "PREFIX sg: <https://w3id.org/spacegraph/ontology#>\n"
    f"PREFIX sgr: <{SGR}>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)
TOKEN_SOUP = st.lists(TOKENS, max_size=40).map(" ".join)
#: Parseable queries whose functions get random arguments: the engine's own edge cases.
FUNCTIONS = st.builds(
    lambda fn, arg, n: (
        PROLOGUE + f"SELECT ?s ({fn.format(arg=arg, n=n)} AS ?x) WHERE {{ ?s ?p ?o }} LIMIT 5"
    ),
    st.sampled_from(
        [
            "REGEX(STR(?o), {arg})",
            "REPLACE(STR(?o), {arg}, {arg})",
            "SUBSTR(STR(?o), {n}, {n})",
            "STRDT({arg}, xsd:dateTime)",
            "STRDT({arg}, xsd:integer)",
            "xsd:date({arg})",
            "xsd:decimal({arg})",
            "IRI({arg})",
            "LANGMATCHES(LANG(?o), {arg})",
            "STRLANG({arg}, {arg})",
            "ENCODE_FOR_URI({arg})",
            "ABS({n}) / {n}",
            "CONCAT({arg}, STR(?o))",
        ]
    ),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.integers(-(2**64), 2**64),
)
SPARQL_TEXT = st.one_of(
    TOKEN_SOUP, FUNCTIONS, st.text(max_size=300), TOKEN_SOUP.map(PROLOGUE.__add__)
)

MEDIA_TYPES = st.one_of(
    st.sampled_from(
        [
            "application/sparql-query",
            "application/sparql-update",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=latin-1",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "text/plain",
            "",
            ";;;",
            "application/sparql-query; charset=utf-16",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
)
ACCEPT = st.one_of(
    st.sampled_from(
        [
            "*/*",
            "text/csv;q=0.5, application/sparql-results+xml;q=abc",
            "application/ld+json;q=1.0e10",
            "text/turtle;q=-1",
            ",,,;;;",
            "*/*;q=0, text/html",
            "application/json" * 500,
        ]
    ),
    # printable ASCII; requests itself refuses a header value with leading or trailing
    # white space (it never leaves the client), so those are not worth sending
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=200).filter(
        lambda value: value == value.strip()
    ),
)
PATHS = st.sampled_from(
    [
        "/",
        "/sparql",
        "/sparql/cancel",
        "/queries",
        "/queries/bodies-of-state",
        "/queries/..%2f..%2fetc%2fpasswd",
        "/data",
        "/data?graph=file:///etc/passwd",
        "/.well-known/void",
        "/ontology",
        "/id/state/jp",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/documents/jp-us-joint-statement-2023",
        "/timeline",
        "/query",
        "/static/spacegraph.css",
        "/static/../../settings.py",
        "/nowhere",
    ]
)


# raw HTTP -----------------------------------------------------------------------------------


def raw_request(live_server: str, data: bytes, timeout: float = 15) -> int | str:
    """Send ``data`` as is; the status of the answer, or "closed" when the server hung up
    without one (what waitress does with some unreadable requests)."""
    received = raw_answer(live_server, data, timeout, enough=64)
    if not received:
        return "closed"
    status_line = received.split(b"\r\n", 1)[0].split()
    assert status_line[0].startswith(b"HTTP/1."), received[:200]
    return int(status_line[1])


def raw_answer(live_server: str, data: bytes, timeout: float = 15, enough: int = 65_536) -> bytes:
    """Send ``data`` as is; the first ``enough`` bytes of what comes back."""
    host, port = live_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered and closed before reading it all
            pass
        received = b""
        try:
            while len(received) < enough and (chunk := sock.recv(4096)):
                received += chunk
        except ConnectionResetError:
            pass
    return received


def _header_safe(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


# the tests ----------------------------------------------------------------------------------


def test_schemathesis_cases_from_the_openapi_description(live_server: str, tally: Counter):
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
    )

    schema = schemathesis.openapi.from_path(SPEC)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17
    strategy = st.one_of(
        [
            operation.as_strategy(generation_mode=mode)
            for operation in operations
            for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
        ]
    )
    session = requests.Session()
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]

    @settings(FUZZ, max_examples=EXAMPLES * 5)
    @given(case=strategy)
    def fuzz(case) -> None:
        try:
            response = case.call(base_url=live_server, session=session, timeout=30)
        except (requests.exceptions.InvalidHeader, ValueError, UnicodeError):
            assume(False)  # the client refused to send it (a header with a newline...)
        tally[response.status_code] += 1
        case.validate_response(response, checks=checks)

    fuzz()


@FUZZ
@given(text=SPARQL_TEXT, how=st.sampled_from(["get", "form", "body"]), accept=ACCEPT)
def test_sparql_text_never_gives_a_server_error(
    live_server: str, tally: Counter, text: str, how: str, accept: str
) -> None:
    url, headers = f"{live_server}/sparql", {"Accept": accept}
    if how == "get":
        response = requests.get(url, params={"query": text}, headers=headers, timeout=30)
    elif how == "form":
        response = requests.post(url, data={"query": text}, headers=headers, timeout=30)
    else:
        headers["Content-Type"] = "application/sparql-query"
        response = requests.post(url, data=text.encode("utf-8"), headers=headers, timeout=30)
    tally[response.status_code] += 1
    assert response.status_code < 500, (text, response.text)
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "message", "status"}


@FUZZ
@given(body=st.binary(max_size=10_000), media_type=MEDIA_TYPES, path=PATHS)
def test_random_bytes_bodies_never_give_a_server_error(
    live_server: str, tally: Counter, body: bytes, media_type: str, path: str
) -> None:
    response = requests.post(
        f"{live_server}{path}",
        data=body,
        headers={"Content-Type": _header_safe(media_type).strip()},
        timeout=30,
    )
    tally[response.status_code] += 1
    assert response.status_code < 500, (path, media_type, body[:100], response.text)


HEADER_NAME = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"),
    min_size=1,
    max_size=30,
)
HEADER_VALUE = st.one_of(
    st.binary(max_size=300).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    st.integers(1, 70_000).map(lambda n: b"x" * n),  # huge: past waitress's limits too
)


@FUZZ
@given(
    path=PATHS,
    headers=st.lists(st.tuples(HEADER_NAME, HEADER_VALUE), max_size=8),
    special=st.sampled_from(
        [
            b"",
            b"Content-Length: -1\r\n",
            b"Content-Length: 99999999999999999999\r\n",
            b"Content-Length: abc\r\n",
            b"Content-Length: 5\r\nContent-Length: 7\r\n",
            b"Transfer-Encoding: chunked\r\n",
            b"Transfer-Encoding: gzip, chunked\r\n",
            b"Accept: " + b"a/b;q=0.1," * 5_000 + b"\r\n",
            b"X-Query-Id: " + b"9" * 10_000 + b"\r\n",
            b"Host: \r\n",
            b"Cookie: " + b"a=b; " * 2_000 + b"\r\n",
            b"Folded: one\r\n two\r\n",
            b"NoColonHere\r\n",
            b"Bad\x00Name: x\r\n",
            b"Accept: \xff\xfe\r\n",
        ]
    ),
    method=st.sampled_from([b"GET", b"POST", b"HEAD"]),
    body=st.binary(max_size=200),
)
def test_huge_and_malformed_headers_never_give_a_server_error(
    live_server: str,
    tally: Counter,
    path: str,
    headers: list[tuple[str, bytes]],
    special: bytes,
    method: bytes,
    body: bytes,
) -> None:
    lines = b"".join(name.encode() + b": " + value + b"\r\n" for name, value in headers)
    request = (
        method + b" " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/sparql-query\r\n" + lines + special + b"\r\n" + body
    )
    status = raw_request(live_server, request)
    tally[status] += 1
    assert status == "closed" or status < 500, (request[:300], status)


@pytest.mark.parametrize("coding", [b"gzip, chunked", b"gzip", b"chunked, gzip", b"br, chunked"])
def test_a_transfer_coding_other_than_chunked_is_a_400_with_the_reason(
    live_server: str, coding: bytes
) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Transfer-Encoding: " + coding + b"\r\n\r\n0\r\n\r\n"
    )
    assert raw_request(live_server, request) == 400  # waitress alone would answer 501
    answer = raw_answer(live_server, request)
    assert b"Transfer-Encoding other than 'chunked'" in answer, answer
    plain = request.replace(coding, b"chunked")
    assert raw_request(live_server, plain) == 415  # chunked alone reaches the app


@FUZZ
@given(
    method=st.one_of(
        st.sampled_from(
            [b"PUT", b"DELETE", b"PATCH", b"TRACE", b"CONNECT", b"PROPFIND", b"OPTIONS", b"get"]
        ),
        st.binary(min_size=1, max_size=20).filter(lambda b: b" " not in b and b"\n" not in b),
    ),
    target=st.one_of(
        PATHS.map(str.encode),
        st.sampled_from([b"*", b"http://127.0.0.1/sparql", b"//sparql", b"", b"sparql"]),
        st.binary(max_size=100).filter(lambda b: b" " not in b and b"\n" not in b),
    ),
    version=st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2.0", b"HTTP/0.9", b"FOO", b""]),
)
def test_odd_methods_and_request_lines_never_give_a_server_error(
    live_server: str, tally: Counter, method: bytes, target: bytes, version: bytes
) -> None:
    request = method + b" " + target + b" " + version + b"\r\nHost: 127.0.0.1\r\n\r\n"
    status = raw_request(live_server, request)
    tally[status] += 1
    assert status == "closed" or status < 500, (request, status)
