"""Attacks on the endpoint: SSRF through SERVICE and LOAD, path traversal, writes, floods.

Each is tried over real HTTP against the app served by waitress on 127.0.0.1. SERVICE to a
loopback, link-local or private address (in any spelling) and LOAD anywhere are refused
with 403 and the reason, even when the host is on the allow-list, and a listener on
127.0.0.1 proves that no connection was attempted. No route writes: every write method is
refused with a 4xx in the one JSON error shape and the store is unchanged. A client that
floods gets 429 with Retry-After while a client from another address is still served.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask

from spacegraph.settings import Settings
from spacegraph.store import Store
from spacegraph.web import create_app
from spacegraph.web.limits import LIMITER, RateLimiter

ERROR_KEYS = {"error", "message", "status"}
SGR = "https://w3id.org/spacegraph/id/"


# a listener that records every connection ---------------------------------------------------


class Listener:
    """A TCP server on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture
def queries_dir(tmp_path: Path, listener: Listener) -> Path:
    """Saved queries that aim SERVICE at the listener, at link-local and at file:."""
    folder = tmp_path / "queries"
    folder.mkdir()
    header = "# title: hostile\n# description: aims SERVICE at {what}\n"
    for slug, target in {
        "loopback": f"http://127.0.0.1:{listener.port}/sparql",
        "metadata": "http://169.254.169.254/latest/meta-data/",
        "file": "file:///etc/passwd",
    }.items():
        (folder / f"{slug}.rq").write_text(
            header.format(what=target) + f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}\n"
        )
    (folder / "harmless.rq").write_text(
        "# title: harmless\n# description: one label\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n"
    )
    return folder


@pytest.fixture
def settings(tmp_path: Path, queries_dir: Path, listener: Listener) -> Settings:
    """Every attacked host is on the allow-list: the private-address rule alone refuses."""
    return Settings(
        store=tmp_path / "unused-store",
        queries=queries_dir,
        service_hosts=(
            "127.0.0.1",
            "localhost",
            "169.254.169.254",
            "10.0.0.1",
            "192.168.1.1",
            "2130706433",
            "0177.0.0.1",
            "0x7f000001",
            "127.1",
            "::1",
        ),
    )


@pytest.fixture
def app(settings: Settings, store: Store) -> Flask:
    """The app without a rate limit (the write test sends ~100 requests); the flood tests
    put a small one in."""
    application = create_app(settings, store=store)
    application.extensions[LIMITER] = RateLimiter(rate=0)
    return application


@pytest.fixture
def limited(app: Flask) -> RateLimiter:
    """5 requests a second, bursts of 10, for this test's app."""
    app.extensions[LIMITER] = RateLimiter(rate=5, burst=10)
    return app.extensions[LIMITER]


def test_the_listener_does_record_connections(listener: Listener) -> None:
    """The control: were a connection attempted, the tests below would see it."""
    with socket.create_connection(("127.0.0.1", listener.port), timeout=5):
        pass
    deadline = time.monotonic() + 5
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert listener.connections == 1


# SERVICE and LOAD ---------------------------------------------------------------------------

#: (target template, the words the refusal must give)
SSRF_TARGETS = [
    ("http://127.0.0.1:{port}/sparql", "loopback"),
    ("http://localhost:{port}/sparql", "loopback"),
    ("http://[::1]:{port}/sparql", "loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/sparql", "private"),  # IPv4-mapped
    ("http://2130706433:{port}/sparql", "loopback"),  # decimal
    ("http://0177.0.0.1:{port}/sparql", "loopback"),  # octal
    ("http://0x7f000001:{port}/sparql", "loopback"),  # hexadecimal
    ("http://127.1:{port}/sparql", "loopback"),  # short form
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://10.0.0.1/sparql", "private"),
    ("http://192.168.1.1/sparql", "private"),
    ("http://172.16.0.1/sparql", "private"),
    ("http://0.0.0.0:{port}/sparql", "private"),
    ("file:///etc/passwd", "only http and https"),
    ("ftp://127.0.0.1:{port}/", "only http and https"),
]


def _send(live_server: str, how: str, text: str) -> requests.Response:
    url = f"{live_server}/sparql"
    if how == "get":
        return requests.get(url, params={"query": text}, timeout=10)
    if how == "form":
        return requests.post(url, data={"query": text}, timeout=10)
    return requests.post(
        url,
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=10,
    )


@pytest.mark.parametrize("how", ["get", "form", "body"])
@pytest.mark.parametrize(("target", "reason"), SSRF_TARGETS)
def test_service_to_a_private_address_is_refused_without_a_connection(
    live_server: str, listener: Listener, how: str, target: str, reason: str
) -> None:
    iri = target.format(port=listener.port)
    response = _send(live_server, how, f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}")
    assert response.status_code == 403, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == "forbidden"
    assert reason in body["message"]
    assert listener.connections == 0


@pytest.mark.parametrize(
    "query",
    [
        # hidden from a naive reader: \u escapes, a prefixed name, a relative IRI and BASE
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        "PREFIX h: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE h:sparql { ?s ?p ?o } }",
        "BASE <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/> AS ?x) SERVICE ?x { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { service <http://127.0.0.1:{port}/> { ?a ?b ?c } } }",
    ],
)
def test_service_spelled_any_way_is_refused_without_a_connection(
    live_server: str, listener: Listener, query: str
) -> None:
    response = _send(live_server, "get", query.replace("{port}", str(listener.port)))
    assert response.status_code == 403, response.text
    assert response.json()["error"] == "forbidden"
    assert listener.connections == 0


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/data.ttl",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/x.ttl",
        "http://192.168.1.1/x.ttl",
        "http://2130706433:{port}/x.ttl",
        "file:///etc/passwd",
    ],
)
@pytest.mark.parametrize("how", ["update-form", "update-get", "update-body"])
def test_load_from_anywhere_is_refused_as_an_update(
    live_server: str, listener: Listener, target: str, how: str
) -> None:
    update = f"LOAD <{target.format(port=listener.port)}> INTO GRAPH <http://e/g>"
    url = f"{live_server}/sparql"
    if how == "update-form":
        response = requests.post(url, data={"update": update}, timeout=10)
    elif how == "update-get":
        response = requests.get(url, params={"update": update}, timeout=10)
    else:
        response = requests.post(
            url,
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=10,
        )
    assert response.status_code == 403, response.text
    body = response.json()
    assert body["error"] == "forbidden"
    assert "LOAD is a SPARQL update" in body["message"]
    assert listener.connections == 0


@pytest.mark.parametrize("method", ["get", "form", "body"])
def test_load_sent_as_a_query_is_refused_as_an_update_and_never_runs(
    live_server: str, listener: Listener, method: str
) -> None:
    """An update where the protocol expects a query is named and refused like one (403)."""
    response = _send(live_server, method, f"LOAD <http://127.0.0.1:{listener.port}/x.ttl>")
    assert response.status_code == 403
    assert "LOAD is a SPARQL update" in response.json()["message"]
    assert listener.connections == 0


@pytest.mark.parametrize(
    ("slug", "reason"),
    [("loopback", "loopback"), ("metadata", "link-local"), ("file", "only http and https")],
)
def test_saved_queries_that_aim_service_at_private_addresses_are_refused(
    live_server: str, listener: Listener, slug: str, reason: str
) -> None:
    response = requests.get(f"{live_server}/queries/{slug}", timeout=10)
    assert response.status_code == 403, response.text
    assert reason in response.json()["message"]
    assert listener.connections == 0
    harmless = requests.get(f"{live_server}/queries/harmless", timeout=10)
    assert harmless.status_code == 200


# path traversal -----------------------------------------------------------------------------


def raw_get(live_server: str, target: str) -> tuple[int, bytes]:
    """GET ``target`` exactly as written (clients would normalise ``..`` away)."""
    host, port = live_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.putheader("Accept", "application/json")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


PASSWD = b"root:"
SOURCE = b"from __future__"
TRAVERSALS = [
    "/id/../../../../etc/passwd",
    "/id/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/state/../../../../../etc/passwd",
    "/id/....//....//etc/passwd",
    "/id/file:%2f%2f%2fetc%2fpasswd",
    "/documents/..%2f..%2f..%2fetc%2fpasswd",
    "/documents/../../../etc/passwd",
    "/documents/%2e%2e",
    "/documents/..",
    "/queries/..%2f..%2f..%2fetc%2fpasswd",
    "/queries/../../../../etc/passwd",
    "/queries/%2e%2e%2fsrc%2fspacegraph%2fsettings",
    "/static/../__init__.py",
    "/static/..%2f__init__.py",
    "/static/%2e%2e/__init__.py",
    "/static/%2e%2e%2f%2e%2e%2fsettings.py",
    "/static/../../../../../../etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/data?graph=file:///etc/passwd",
    "/data?graph=../../../../etc/passwd",
    "/data?graph=/etc/passwd",
    "/data?format=../../etc/passwd",
    "/query?example=../../../../etc/passwd",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_reads_no_file(live_server: str, target: str) -> None:
    status, body = raw_get(live_server, target)
    assert PASSWD not in body
    assert SOURCE not in body
    if target.startswith("/query?"):
        assert status == 200  # the page with its default query: the example is only a name
        assert b"?meeting a sg:Meeting" in body
    elif status == 308:  # werkzeug merges the slashes: a redirect inside /static/
        location = _location(live_server, target)
        assert location.startswith("/static/") and ".." not in location
        assert raw_get(live_server, location)[0] == 404
    else:
        assert 400 <= status < 500, (target, status)
        assert set(json.loads(body)) == ERROR_KEYS


def _location(live_server: str, target: str) -> str:
    host, port = live_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", target)
        location = connection.getresponse().getheader("Location", "")
    finally:
        connection.close()
    return location.removeprefix(live_server)


def test_static_files_are_still_served(live_server: str) -> None:
    """The control for the traversal tests: the static route works."""
    status, body = raw_get(live_server, "/static/spacegraph.css")
    assert status == 200
    assert body


# no route writes ----------------------------------------------------------------------------

SAMPLE_PATHS = {
    "/id/<path:rest>": "/id/state/jp",
    "/documents/<slug>": "/documents/jp-us-joint-statement-2023",
    "/queries/<slug>": "/queries/harmless",
    "/static/<path:filename>": "/static/spacegraph.css",
}
WRITES = [
    ("PUT", {"data": b"<x:a> <x:b> <x:c> .", "headers": {"Content-Type": "text/turtle"}}),
    ("DELETE", {}),
    ("PATCH", {"data": b"INSERT DATA { <x:a> <x:b> <x:c> }"}),
    ("POST", {"data": {"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}}),
    (
        "POST",
        {
            "data": b"INSERT DATA { <x:a> <x:b> <x:c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
    ),
    ("POST", {"data": b"<x:a> <x:b> <x:c> .", "headers": {"Content-Type": "text/turtle"}}),
]


def _all_paths(app: Flask) -> list[str]:
    paths = {SAMPLE_PATHS.get(rule.rule, rule.rule) for rule in app.url_map.iter_rules()}
    assert all("<" not in path for path in paths), paths
    return sorted(paths)


def _count(live_server: str) -> int:
    response = requests.get(
        f"{live_server}/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
        timeout=10,
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_every_write_method_on_every_route_is_refused(app: Flask, live_server: str) -> None:
    before = _count(live_server)
    assert before > 0
    paths = _all_paths(app)
    assert len(paths) >= 13
    seen = set()
    for path in paths:
        for method, kwargs in WRITES:
            response = requests.request(method, f"{live_server}{path}", timeout=10, **kwargs)
            assert 400 <= response.status_code < 500, (method, path, response.status_code)
            body = response.json()
            assert set(body) == ERROR_KEYS, (method, path)
            assert body["status"] == response.status_code
            seen.add(response.status_code)
    assert _count(live_server) == before
    assert seen <= {400, 403, 405, 415}
    assert 403 in seen and 405 in seen


def test_no_write_method_is_routed_except_refusals(app: Flask) -> None:
    """The only routes that take PUT/DELETE/PATCH (or POST) exist to refuse or to read:
    there is no update path, so no admin token to guard."""
    writers = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if (rule.methods or set()) & {"PUT", "DELETE", "PATCH", "POST"}
    }
    assert writers == {"graphstore.refuse_write", "sparql.query", "sparql.cancel"}


# floods -------------------------------------------------------------------------------------


def get_from(live_server: str, source: str, path: str = "/queries") -> tuple[int, dict, dict]:
    """GET over a connection whose client end is bound to ``source`` (a 127/8 address)."""
    host, port = live_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        connection.close()


def test_a_flooding_client_gets_429_while_another_is_served(
    live_server: str, limited: RateLimiter
) -> None:
    statuses = [get_from(live_server, "127.0.0.1")[0] for _ in range(40)]
    assert statuses[:10] == [200] * 10  # the burst
    assert statuses.count(429) >= 25  # 5 a second refill in well under the time taken
    status, headers, body = get_from(live_server, "127.0.0.1")
    assert status == 429
    assert int(headers["Retry-After"]) >= 1
    assert set(body) == ERROR_KEYS
    assert body["error"] == "too-many-requests"
    assert "Retry-After" not in get_from(live_server, "127.0.0.2")[1]
    assert get_from(live_server, "127.0.0.2")[0] == 200  # another address: its own bucket
    time.sleep(int(headers["Retry-After"]))
    assert get_from(live_server, "127.0.0.1")[0] == 200  # served again after waiting


def test_forwarded_for_headers_do_not_pick_the_bucket(
    live_server: str, limited: RateLimiter
) -> None:
    """X-Forwarded-For is the client's word: a flooder cannot take another's bucket."""
    url = f"{live_server}/queries"
    statuses = [
        requests.get(url, headers={"X-Forwarded-For": f"10.0.0.{i}"}, timeout=10).status_code
        for i in range(30)
    ]
    assert 429 in statuses


def test_the_bucket_refills_at_the_rate_and_says_when() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2, burst=3, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == pytest.approx(0.5)  # one token in half a second
    assert limiter.take("b") == 0.0  # another client
    now[0] += 0.5
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0
    now[0] += 100
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]  # never above the burst
    assert limiter.take("a") > 0


def test_the_bucket_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacegraph.web.limits as limits

    monkeypatch.setattr(limits, "MAX_CLIENTS", 100)
    now = [0.0]
    limiter = RateLimiter(rate=1, burst=5, clock=lambda: now[0])
    for i in range(1_000):
        limiter.take(f"10.0.{i // 256}.{i % 256}")
        now[0] += 0.001
    assert len(limiter._buckets) <= 100


def test_a_zero_rate_turns_limiting_off() -> None:
    limiter = RateLimiter(rate=0)
    assert not limiter.enabled
    assert all(limiter.take("a") == 0.0 for _ in range(10_000))


def test_the_defaults_allow_a_busy_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPACEGRAPH_RATE_LIMIT", raising=False)
    monkeypatch.delenv("SPACEGRAPH_RATE_BURST", raising=False)
    now = [0.0]
    limiter = RateLimiter.from_env()
    limiter._clock = lambda: now[0]
    assert (limiter.rate, limiter.burst) == (50, 200)
    assert all(limiter.take("a") == 0.0 for _ in range(200))  # 200 at once
    for _ in range(1_000):  # then 40 a second for 25 seconds
        now[0] += 1 / 40
        assert limiter.take("a") == 0.0
    monkeypatch.setenv("SPACEGRAPH_RATE_LIMIT", "0")
    assert not RateLimiter.from_env().enabled
