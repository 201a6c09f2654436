"""The querying package on its own: the SERVICE policy, capped results, snapshots and the
worker pool (real worker processes, no HTTP; the endpoint is in test_serving.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from spacegraph.errors import ForbiddenOperation, QueryTimeout, StoreError
from spacegraph.querying import (
    Job,
    QueryCancelled,
    WorkerLost,
    WorkerPool,
    check_query,
    check_service_target,
    current_snapshot,
    publish_snapshot,
)
from spacegraph.querying.policy import operation, service_targets
from spacegraph.querying.snapshots import KEEP, Lease, snapshots_dir
from spacegraph.store import Store

WEB_DATA = Path(__file__).parent / "fixtures" / "web" / "data.trig"
WIKIDATA = "https://query.wikidata.org/sparql"
ALLOWED = ("query.wikidata.org",)
JSON = "application/sparql-results+json"
MEDIA = {"solutions": JSON, "boolean": JSON, "graph": "application/n-triples"}
#: Three unconstrained patterns over a few thousand triples: ~10^10 combinations.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def job(sparql: str, row_cap: int = 1000) -> Job:
    return Job(sparql, MEDIA, row_cap)


def count(answer_body: bytes) -> int:
    return int(json.loads(answer_body)["results"]["bindings"][0]["n"]["value"])


# the SERVICE policy --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "allow-list"),
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", "variable"),
        ("SELECT * WHERE { SERVICE SILENT $e { ?s ?p ?o } }", "variable"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }", "loopback"),
        ("SELECT * WHERE { SERVICE <http://10.1.2.3/sparql> { ?s ?p ?o } }", "private"),
        ("SELECT * WHERE { SERVICE <http://192.168.0.1/sparql> { ?s ?p ?o } }", "private"),
        ("SELECT * WHERE { SERVICE <http://169.254.169.254/latest> { ?s ?p ?o } }", "link-local"),
        ("SELECT * WHERE { SERVICE <http://[::1]/sparql> { ?s ?p ?o } }", "loopback"),
        ("SELECT * WHERE { SERVICE <http://2130706433/sparql> { ?s ?p ?o } }", "loopback"),
        ("SELECT * WHERE { SERVICE <http://localhost/sparql> { ?s ?p ?o } }", "loopback"),
        ("SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", "http and https"),
        # userinfo that looks like the allowed host: the host is the address after '@'
        (
            "SELECT * WHERE { SERVICE <http://query.wikidata.org@10.0.0.1/> { ?s ?p ?o } }",
            "private",
        ),
        # a prefixed name, resolved through the query's own PREFIX
        (
            "PREFIX in: <http://10.0.0.7/>\nSELECT * WHERE { SERVICE in:sparql { ?s ?p ?o } }",
            "private",
        ),
        # a relative IRI, resolved against BASE
        ("BASE <http://172.16.0.1/>\nSELECT * WHERE { SERVICE <sparql> {} }", "private"),
        # \\u escapes are expanded before parsing, so this is a live SERVICE keyword
        ("SELECT * WHERE { \\u0053ERVICE <http://evil.example/> { ?s ?p ?o } }", "allow-list"),
        # lower case keyword, no space before the IRI
        ("select * where { service<http://evil.example/>{ ?s ?p ?o } }", "allow-list"),
    ],
)
def test_service_targets_that_are_not_allowed_are_refused_with_the_reason(
    query: str, reason: str
) -> None:
    with pytest.raises(ForbiddenOperation) as refused:
        check_query(query, ALLOWED)
    assert reason in refused.value.message
    assert refused.value.status == 403


def test_service_to_wikidata_passes_the_policy() -> None:
    query = f"SELECT ?item WHERE {{ SERVICE <{WIKIDATA}> {{ ?item ?p ?o }} }} LIMIT 1"
    check_query(query, ALLOWED)  # no exception: the query would be run
    check_service_target(WIKIDATA, ALLOWED)
    assert service_targets(query) == [WIKIDATA]


def test_a_listed_private_address_is_still_refused() -> None:
    with pytest.raises(ForbiddenOperation, match="never allowed"):
        check_service_target("http://10.0.0.5/sparql", ("10.0.0.5",))


def test_service_in_strings_comments_and_iris_is_not_a_service_clause() -> None:
    query = (
        "PREFIX ex: <http://example.org/SERVICE/>\n"
        "# SERVICE <http://10.0.0.1/> in a comment\n"
        'SELECT * WHERE { ?s ex:SERVICE "SERVICE <http://10.0.0.1/>" ; '
        "<http://example.org/#SERVICE> ?o }"
    )
    assert service_targets(query) == []
    check_query(query, ())


def test_operation_names_the_update_after_the_prologue() -> None:
    assert operation("PREFIX ex: <http://e/>\nLOAD <http://e/x>") == "LOAD"
    assert operation("BASE <http://e/> insert data { <a> <b> <c> }") == "INSERT"
    assert operation("SELECT * {}") == "SELECT"


@pytest.mark.parametrize(
    ("data", "content_type", "named"),
    [
        ({"update": "LOAD <http://example.org/data.ttl>"}, None, "LOAD"),
        ({"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}, None, "INSERT"),
        ("LOAD <http://example.org/data.ttl>", "application/sparql-update", "LOAD"),
    ],
)
def test_load_and_insert_are_forbidden_naming_the_operation(
    client: FlaskClient, data: object, content_type: str | None, named: str
) -> None:
    response = client.post("/sparql", data=data, content_type=content_type)
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    assert f"{named} is a SPARQL update" in response.get_json()["message"]


def test_endpoint_refuses_service_to_a_host_not_listed(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "169.254.169.254" in response.get_json()["message"]


# results cut at the row cap ---------------------------------------------------------------


def test_a_result_under_the_cap_serializes_as_the_engine_does() -> None:
    store = Store()
    store.load_file(WEB_DATA)
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    for media_type in (
        JSON,
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ):
        whole = store.query(query).serialize(media_type)
        capped, rows, truncated = store.query(query).serialize_capped(media_type, 10_000)
        assert capped == whole
        assert rows == count(store.query(COUNT).serialize(JSON))
        assert truncated is False


def test_the_row_cap_cuts_solutions_and_triples() -> None:
    store = Store()
    values = " ".join(str(n) for n in range(50))
    select = f"SELECT ?n WHERE {{ VALUES ?n {{ {values} }} }}"
    body, rows, truncated = store.query(select).serialize_capped(JSON, 7)
    assert (rows, truncated) == (7, True)
    assert [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        str(n) for n in range(7)
    ]
    construct = f"CONSTRUCT {{ <x:s> <x:p> ?n }} WHERE {{ VALUES ?n {{ {values} }} }}"
    body, rows, truncated = store.query(construct).serialize_capped("application/n-triples", 5)
    assert (rows, truncated) == (5, True)
    assert len(body.decode().strip().splitlines()) == 5


def test_capped_results_keep_every_kind_of_term() -> None:
    query = (
        'SELECT ?lang ?dir ?bnode ?tab ?unbound WHERE { BIND("x"@en AS ?lang) '
        'BIND("y"@ar--rtl AS ?dir) BIND(BNODE() AS ?bnode) BIND("a\\tb" AS ?tab) }'
    )
    body, _, _ = Store().query(query).serialize_capped(JSON, 10)
    row = json.loads(body)["results"]["bindings"][0]
    assert row["lang"] == {"type": "literal", "value": "x", "xml:lang": "en"}
    assert row["dir"]["its:dir"] == "rtl"
    assert row["bnode"]["type"] == "bnode"
    assert row["tab"]["value"] == "a\tb"
    assert "unbound" not in row
    assert json.loads(body)["head"]["vars"] == ["lang", "dir", "bnode", "tab", "unbound"]


# snapshots -----------------------------------------------------------------------------------


def test_publishing_a_snapshot_points_current_at_a_readable_copy(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.load_file(WEB_DATA)
    first = publish_snapshot(store)
    store.remove_graph("https://w3id.org/spacegraph/id/reference")  # type: ignore[arg-type]
    second = publish_snapshot(store)
    store.close()
    assert current_snapshot(tmp_path / "store") == second
    assert first != second
    old, new = Store(first, read_only=True), Store(second, read_only=True)
    assert len(old.graph_names()) == 2
    assert len(new.graph_names()) == 1


def test_a_snapshot_another_process_reads_is_never_pruned_and_a_killed_reader_frees_it(
    tmp_path: Path,
) -> None:
    """Builds in quick succession (more than KEEP) must not delete the snapshot a server's
    process still reads; once that process is SIGKILLed, the next prune deletes it."""
    store = Store(tmp_path / "store")
    store.load_file(WEB_DATA)
    first = publish_snapshot(store)
    reader = subprocess.Popen(
        [sys.executable, "-c", _READ_AND_WAIT, str(first)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "2"
        for _ in range(KEEP + 2):
            publish_snapshot(store)
        assert first.is_dir()
        assert len(Store(first, read_only=True).graph_names()) == 2
    finally:
        reader.kill()
        reader.wait()
    publish_snapshot(store)
    store.close()
    assert not first.exists()
    assert len([p for p in snapshots_dir(tmp_path / "store").iterdir() if p.is_dir()]) == KEEP


#: A process that opens a snapshot as a query worker does, says how many graphs it sees, waits.
_READ_AND_WAIT = """
import sys, time
from pathlib import Path
from spacegraph.querying.snapshots import open_snapshot
store, lease = open_snapshot(Path(sys.argv[1]))
print(len(store.graph_names()), flush=True)
time.sleep(120)
"""


def test_a_lease_on_a_deleted_snapshot_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="deleted before it could be opened"):
        Lease(tmp_path / "gone")


# the worker pool -----------------------------------------------------------------------------


@pytest.fixture
def pool(generated_store: Path) -> Iterator[WorkerPool]:
    workers = WorkerPool(generated_store, 2, poll_interval=0.2)
    workers.start()
    wait_for(lambda: len(workers.worker_pids()) == 2, 30)
    yield workers
    workers.close()


def wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_pool_answers_queries_on_the_snapshot(pool: WorkerPool) -> None:
    answer = pool.execute(job(COUNT), timeout=10, query_id="q1")
    assert count(answer.body) == 3000  # the default graph: the union of the named graphs
    assert answer.kind == "solutions"
    assert answer.media_type == JSON


def test_pool_stops_a_runaway_query_and_replaces_the_worker(pool: WorkerPool) -> None:
    before = set(pool.worker_pids())
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        pool.execute(job(RUNAWAY), timeout=1.0, query_id="runaway")
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 2.0
    wait_for(lambda: len(pool.worker_pids()) == 2, 10)
    after = set(pool.worker_pids())
    assert len(after - before) == 1  # exactly one worker was killed and replaced
    assert count(pool.execute(job(COUNT), timeout=10, query_id="q2").body) == 3000


def test_pool_cancel_kills_the_running_query(pool: WorkerPool) -> None:
    import threading

    outcome: list[BaseException] = []

    def run() -> None:
        try:
            pool.execute(job(RUNAWAY), timeout=30, query_id="to-cancel")
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    started = time.monotonic()
    thread.start()
    wait_for(lambda: "to-cancel" in pool.running(), 10)
    pid = pool.running()["to-cancel"]
    assert pool.cancel("to-cancel") is True
    thread.join(10)
    assert isinstance(outcome[0], QueryCancelled)
    assert time.monotonic() - started < 10
    assert not _alive(pid)
    assert pool.cancel("to-cancel") is False


def test_a_worker_killed_from_outside_is_replaced(pool: WorkerPool) -> None:
    victim = pool.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: victim not in pool.worker_pids() and len(pool.worker_pids()) == 2, 10)
    for n in range(4):  # every query is answered: the dead worker is never handed a job
        assert count(pool.execute(job(COUNT), timeout=10, query_id=f"after-{n}").body) == 3000


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGKILL, 503), (signal.SIGSEGV, 500)])
def test_a_worker_that_dies_during_a_query_is_answered_by_cause(
    pool: WorkerPool, sig: int, status: int
) -> None:
    import threading

    outcome: list[BaseException] = []

    def run() -> None:
        try:
            pool.execute(job(RUNAWAY), timeout=30, query_id="doomed")
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    wait_for(lambda: "doomed" in pool.running(), 10)
    os.kill(pool.running()["doomed"], sig)
    thread.join(10)
    assert isinstance(outcome[0], WorkerLost)
    assert outcome[0].status == status
    wait_for(lambda: len(pool.worker_pids()) == 2, 10)


def test_pool_moves_to_a_new_snapshot_and_deletes_the_old_one(
    pool: WorkerPool, generated_store: Path
) -> None:
    first = pool.snapshot
    assert first is not None
    writer = Store(generated_store)
    writer.load_file(WEB_DATA)
    publish_snapshot(writer)
    writer.close()
    wait_for(lambda: count(pool.execute(job(COUNT), timeout=10, query_id="n").body) > 3000, 10)
    wait_for(lambda: not first.exists(), 10)
    assert [p.name for p in snapshots_dir(generated_store).iterdir() if p.name.isdigit()] == [
        pool.snapshot.name  # type: ignore[union-attr]
    ]


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")
