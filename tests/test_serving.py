"""The endpoint as served: real HTTP to waitress, queries in real worker processes.

The app here is the production one (``create_app(settings)`` over a store on disk, so
queries go through the worker pool); ``live_server`` from conftest serves it. The last test
runs the real ``spacegraph serve`` and ``spacegraph build`` as separate processes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask

from spacegraph.querying import WorkerPool
from spacegraph.querying.snapshots import snapshots_dir
from spacegraph.settings import Settings
from spacegraph.store import Store
from spacegraph.web import create_app
from spacegraph.web.sparql import RUNNER

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

FIXTURES = Path(__file__).parent / "fixtures"
WEB_DATA = FIXTURES / "web" / "data.trig"
TIMEOUT = 4.0  # the server's setting in these tests
MAX_ROWS = 100
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
SMALL = "ASK { <http://e/1> ?p ?o }"
ERROR_KEYS = {"error", "message", "status"}


@pytest.fixture
def app(generated_store: Path) -> Iterator[Flask]:
    """The production app over a store with 3,000 generated triples, two workers."""
    settings = Settings(
        store=generated_store, query_timeout=TIMEOUT, max_rows=MAX_ROWS, query_workers=2
    )
    application = create_app(settings)
    pool: WorkerPool = application.extensions[RUNNER]
    pool.start()
    _wait_for(lambda: len(pool.worker_pids()) == 2, 30)
    yield application
    pool.close()


@pytest.fixture
def pool(app: Flask) -> WorkerPool:
    return app.extensions[RUNNER]


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a live process, None once it is gone (or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    if fields[0] in ("Z", "X"):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _small_query(live_server: str) -> float:
    started = time.monotonic()
    response = requests.get(f"{live_server}/sparql", params={"query": SMALL}, timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True
    return time.monotonic() - started


def _run_in_thread(target) -> tuple[threading.Thread, list]:
    box: list = []
    thread = threading.Thread(target=lambda: box.append(target()))
    thread.start()
    return thread, box


@pytest.mark.slow
def test_a_runaway_query_stops_at_its_deadline_while_small_queries_go_on(
    live_server: str, pool: WorkerPool
) -> None:
    idle = [_small_query(live_server) for _ in range(10)]
    before = set(pool.worker_pids())
    limit = 1.5  # lower than the setting: asked for by the request

    def runaway() -> tuple[requests.Response, float]:
        started = time.monotonic()
        response = requests.post(
            f"{live_server}/sparql",
            data={"query": RUNAWAY, "timeout": str(limit)},
            headers={"X-Query-Id": "runaway-1"},
            timeout=30,
        )
        return response, time.monotonic() - started

    thread, box = _run_in_thread(runaway)
    _wait_for(lambda: "runaway-1" in pool.running(), 10)
    pid = pool.running()["runaway-1"]
    first_cpu = _cpu_seconds(pid)
    busy = []
    while thread.is_alive():
        busy.append(_small_query(live_server))
        time.sleep(0.02)
    thread.join()
    response, elapsed = box[0]
    gone_after = elapsed  # the worker is killed before the answer is sent
    assert response.status_code == 503
    assert response.headers["X-Query-Id"] == "runaway-1"
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == "timeout"
    assert "time limit of 1.5 s" in body["message"]
    assert limit <= elapsed <= limit + 1.0
    assert first_cpu is not None  # it was running and burning CPU...
    assert _cpu_seconds(pid) is None  # ...and is gone now
    assert len(busy) >= 5
    ratio = statistics.median(busy) / statistics.median(idle)
    print(
        f"\nrunaway answered after {elapsed:.3f} s (limit {limit} s; worker gone by "
        f"{gone_after - limit:+.3f} s after the deadline); small queries: idle median "
        f"{statistics.median(idle) * 1000:.1f} ms, during the runaway median "
        f"{statistics.median(busy) * 1000:.1f} ms, max {max(busy) * 1000:.1f} ms "
        f"({len(busy)} queries), ratio {ratio:.2f}"
    )
    _wait_for(lambda: len(pool.worker_pids()) == 2, 10)
    assert pid not in pool.worker_pids()
    assert len(set(pool.worker_pids()) - before) == 1


@pytest.mark.slow
def test_a_timeout_above_the_setting_is_cut_to_the_setting(live_server: str) -> None:
    small = requests.get(
        f"{live_server}/sparql", params={"query": SMALL, "timeout": "999"}, timeout=10
    )
    assert small.headers["X-Spacegraph-Timeout"] == f"{TIMEOUT:g}"
    started = time.monotonic()
    response = requests.get(
        f"{live_server}/sparql", params={"query": RUNAWAY, "timeout": "999"}, timeout=30
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert f"time limit of {TIMEOUT:g} s" in response.json()["message"]
    assert TIMEOUT <= elapsed <= TIMEOUT + 1.0


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_a_timeout_that_is_not_a_positive_number_is_a_bad_request(
    live_server: str, value: str
) -> None:
    response = requests.get(
        f"{live_server}/sparql", params={"query": SMALL, "timeout": value}, timeout=10
    )
    assert response.status_code == 400
    assert "timeout" in response.json()["message"]


def test_results_over_the_row_cap_are_cut_and_say_so(live_server: str) -> None:
    select = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    capped = requests.get(f"{live_server}/sparql", params={"query": select}, timeout=10)
    assert capped.status_code == 200
    assert len(capped.json()["results"]["bindings"]) == MAX_ROWS
    assert capped.headers["X-Spacegraph-Truncated"] == "true"
    assert capped.headers["X-Spacegraph-Rows"] == str(MAX_ROWS)
    assert "X-Spacegraph-Truncated" in capped.headers["Access-Control-Expose-Headers"]
    lower = requests.get(
        f"{live_server}/sparql",
        params={"query": select, "max-rows": "7"},
        headers={"Accept": "text/csv"},
        timeout=10,
    )
    assert lower.content.decode().splitlines()[0] == "s"
    assert len(lower.content.decode().splitlines()) == 1 + 7
    assert lower.headers["X-Spacegraph-Rows"] == "7"
    higher = requests.get(
        f"{live_server}/sparql", params={"query": select, "max-rows": "5000"}, timeout=10
    )
    assert len(higher.json()["results"]["bindings"]) == MAX_ROWS
    construct = requests.get(
        f"{live_server}/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "max-rows": "3"},
        headers={"Accept": "application/n-triples"},
        timeout=10,
    )
    assert len(construct.content.decode().strip().splitlines()) == 3
    assert construct.headers["X-Spacegraph-Truncated"] == "true"
    whole = requests.get(
        f"{live_server}/sparql",
        params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"},
        timeout=10,
    )
    assert whole.headers["X-Spacegraph-Truncated"] == "false"
    assert whole.headers["X-Spacegraph-Rows"] == "5"


@pytest.mark.slow
def test_cancel_stops_a_running_query(live_server: str, pool: WorkerPool) -> None:
    def runaway() -> tuple[requests.Response, float]:
        started = time.monotonic()
        response = requests.get(
            f"{live_server}/sparql",
            params={"query": RUNAWAY},
            headers={"X-Query-Id": "please-stop"},
            timeout=30,
        )
        return response, time.monotonic() - started

    thread, box = _run_in_thread(runaway)
    _wait_for(lambda: "please-stop" in pool.running(), 10)
    pid = pool.running()["please-stop"]
    time.sleep(0.3)
    cancelled = requests.post(
        f"{live_server}/sparql/cancel", params={"id": "please-stop"}, timeout=10
    )
    thread.join(15)
    response, elapsed = box[0]
    assert cancelled.status_code == 200
    assert cancelled.json() == {"id": "please-stop", "cancelled": True}
    assert response.status_code == 409
    assert response.json()["error"] == "cancelled"
    assert elapsed < TIMEOUT  # stopped by the cancel, not by the time limit
    assert _cpu_seconds(pid) is None
    again = requests.post(f"{live_server}/sparql/cancel", params={"id": "please-stop"}, timeout=10)
    assert again.status_code == 404
    assert set(again.json()) == ERROR_KEYS


def test_every_answer_carries_a_query_id(live_server: str) -> None:
    generated = requests.get(f"{live_server}/sparql", params={"query": SMALL}, timeout=10)
    given = requests.get(
        f"{live_server}/sparql",
        params={"query": SMALL},
        headers={"X-Query-Id": "mine-42"},
        timeout=10,
    )
    refused = requests.get(f"{live_server}/sparql", params={"query": "ASK {"}, timeout=10)
    assert len(generated.headers["X-Query-Id"]) == 32
    assert given.headers["X-Query-Id"] == "mine-42"
    assert refused.status_code == 400
    assert refused.headers["X-Query-Id"]


def test_service_policy_holds_on_the_pool_path(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/sparql",
        params={"query": "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }"},
        timeout=10,
    )
    assert response.status_code == 403
    assert "variable" in response.json()["message"]


# build while serving: the real commands -----------------------------------------------------

GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.slow
def test_build_while_serving_switches_to_the_new_data_without_failing_a_request(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "SPACEGRAPH_STORE": str(store), "SPACEGRAPH_QUERY_WORKERS": "2"}
    command = [sys.executable, "-m", "spacegraph"]
    loaded = subprocess.run(
        [*command, "load", str(WEB_DATA)], env=env, capture_output=True, text=True, timeout=60
    )
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    answers: list[tuple[int, int | None]] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            try:
                response = requests.get(url, params={"query": GRAPHS}, timeout=20)
            except requests.RequestException as error:
                answers.append((-1, None))
                print("request failed:", error)
                continue
            graphs = None
            if response.status_code == 200:
                graphs = int(response.json()["results"]["bindings"][0]["n"]["value"])
            answers.append((response.status_code, graphs))
            time.sleep(0.05)

    try:
        _wait_for(lambda: _answers(url), 60)
        before = _graphs(url)
        assert before == 2
        thread = threading.Thread(target=client)
        thread.start()
        built = subprocess.run(
            [*command, "build", str(FIXTURES / "documents")],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert built.returncode == 0, built.stderr
        finished = time.monotonic()
        _wait_for(lambda: any(g and g > before for _, g in answers[-3:]), 10)
        switched = time.monotonic() - finished
        time.sleep(0.5)
        stop.set()
        thread.join(30)
        statuses = {status for status, _ in answers}
        print(
            f"\n{len(answers)} queries during the build; new data visible "
            f"{switched:.2f} s after the build ended; statuses {sorted(statuses)}"
        )
        assert statuses == {200}
        seen = [graphs for _, graphs in answers]
        assert seen[0] == before
        assert seen[-1] == len(Store(store, read_only=True).graph_names())
        assert seen[-1] >= before + 3  # the three documents at least
        assert seen == sorted(seen)  # never back to the old data once switched
        folder = snapshots_dir(store)
        _wait_for(lambda: len([p for p in folder.iterdir() if p.name.isdigit()]) == 1, 10)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=15)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _graphs(url: str) -> int:
    response = requests.get(url, params={"query": GRAPHS}, timeout=10)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
