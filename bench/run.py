"""The endpoint benchmark in one command: spacegraph against the Oxigraph server on a large
synthetic graph, against rdflib-endpoint on a small one, and a runaway query's deadline.

    .venv/bin/python bench/run.py            # the default run (about 7 minutes, 2 cores)
    .venv/bin/python bench/run.py --quick    # a smaller graph and shorter runs (< 2 minutes)

It prints requests per second, median and p99 latency for a small lookup and a heavy
aggregation, with the same number of clients on every server, and the ratios spacegraph /
other server next to the issue's goals. It never asserts: the numbers are for reading. See
bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import endpoints
import load
import synthetic

PROJECT = Path(__file__).resolve().parents[1]
GENERATOR_VERSION = 1  # bump when synthetic.py writes a different graph

PREFIXES = (
    "PREFIX sg: <https://w3id.org/spacegraph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
#: One meeting's date and place (with the place's label), by the meeting's IRI.
LOOKUP = PREFIXES + (
    "SELECT ?date ?place ?placeLabel WHERE {\n"
    "  <%s> sg:startDate ?date ; sg:location ?place .\n"
    "  OPTIONAL { ?place rdfs:label ?placeLabel }\n"
    "}"
)
#: Participations (meeting, participating body) per state of the body, over all meetings.
#: The bodies' states are a sub-select, which Oxigraph evaluates as one hash join. Written
#: as one basic graph pattern with the meetings' type (HEAVY_PLAIN, ``--heavy-plain``) it
#: is looked up participant by participant in the index instead, 6-8 x slower in Oxigraph
#: and 3 x faster in rdflib (see README.md): the engine is then nearly all that is measured.
HEAVY = PREFIXES + (
    "SELECT ?state (COUNT(*) AS ?participations) WHERE {\n"
    "  ?meeting sg:participant ?body .\n"
    "  { SELECT ?body ?state WHERE { ?body sg:state ?state } }\n"
    "} GROUP BY ?state ORDER BY DESC(?participations) ?state"
)
HEAVY_PLAIN = PREFIXES + (
    "SELECT ?state (COUNT(*) AS ?participations) WHERE {\n"
    "  ?meeting a sg:Meeting ; sg:participant ?body .\n"
    "  ?body sg:state ?state .\n"
    "} GROUP BY ?state ORDER BY DESC(?participations) ?state"
)
#: A query that never ends on a graph of any size (a cross product), in constant memory.
RUNAWAY = PREFIXES + (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a sg:ordinal ?x . ?b sg:ordinal ?y . ?c sg:ordinal ?z }"
)

#: The issue's goals: spacegraph / other server, requests per second.
GOALS = {
    ("large", "lookup"): 0.9,
    ("large", "heavy"): 1.0,
    ("small", "lookup"): 10.0,
    ("small", "heavy"): 50.0,
}


@dataclass(frozen=True)
class Config:
    meetings: int
    small_meetings: int
    clients: int
    seconds: float
    heavy_seconds: float
    warmup: float
    workers: int
    timeout: float
    oxigraph_timeout: bool
    runaway_deadline: float
    probe_clients: tuple[int, ...]
    driver: str
    heavy: str
    data: Path
    rdflib: bool
    runaway: bool


@dataclass(frozen=True)
class Row:
    graph: str
    query: str
    server: str
    result: load.Result
    cpu_own: float
    cpu_children: float


# data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Graph:
    scale: synthetic.Scale
    nquads: Path
    store: Path
    snapshot: Path
    quads: int
    union: int


def prepare(scale: synthetic.Scale, data: Path) -> Graph:
    """The graph's N-Quads, its store and the store's snapshot, built once and reused."""
    from spacegraph.querying import ensure_snapshot

    folder = data / f"graph-v{GENERATOR_VERSION}-{scale.meetings}-{scale.seed}"
    nquads, store, marker = folder / "graph.nq", folder / "store", folder / "READY.json"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        print(f"  writing {scale.meetings} meetings to {nquads} ...", flush=True)
        named = synthetic.write_nquads(scale, nquads)
        print(f"  loading {named} quads into {store} ...", flush=True)
        stored = synthetic.build_store(nquads, store)
        snapshot = ensure_snapshot(store)
        marker.write_text(json.dumps({"named": named, "stored": stored}))
        print(
            f"  built in {time.perf_counter() - started:.0f} s (snapshot {snapshot.name})",
            flush=True,
        )
    counts = json.loads(marker.read_text())
    return Graph(
        scale,
        nquads,
        store,
        ensure_snapshot(store),
        counts["stored"],
        counts["stored"] - counts["named"],
    )


# measuring ---------------------------------------------------------------------------------


def canonical(body: bytes) -> list[tuple[tuple[str, str], ...]]:
    """A SPARQL JSON result as sorted rows of (variable, value), for comparing servers."""
    found = json.loads(body)
    rows = [
        tuple(sorted((k, v["value"]) for k, v in b.items())) for b in found["results"]["bindings"]
    ]
    return sorted(rows)


def answers(server: endpoints.Server, queries: dict[str, str]) -> dict[str, object]:
    seen = {}
    for name, text in queries.items():
        status, body, _ = load.fetch(server.base + server.path_for(text))
        seen[name] = canonical(body) if status == 200 else f"HTTP {status}"
    return seen


def measure(
    server: endpoints.Server, graph: str, query: str, paths: list[str], seconds: float, c: Config
) -> Row:
    """Warm up, wait until the server is idle, load it, and wait until it is idle again.

    A client that stops at the end of a run leaves its request running on the server (none
    of the three servers stops a query whose client went away), so each run is followed by
    a wait for the server's CPU to settle, lest that work slow the next run. The heavy
    query is warmed up by one request: a timed warm-up shorter than the query would only
    leave more such requests behind.
    """
    if query == "heavy":
        load.fetch(server.base + paths[0])
    else:
        load.run(server.base, paths, clients=c.clients, seconds=c.warmup, driver=c.driver)
    endpoints.wait_idle(server)
    before = server.cpu_seconds()
    result = load.run(server.base, paths, clients=c.clients, seconds=seconds, driver=c.driver)
    own, children = endpoints.cpu_delta(server, before, server.cpu_seconds())
    endpoints.wait_idle(server)
    row = Row(graph, query, server.name, result, own, children)
    print(f"    {query:<7} {format_result(result)}", flush=True)
    return row


def format_result(r: load.Result) -> str:
    return (
        f"{r.rps:9.1f} req/s  median {r.median_ms:9.2f} ms  p99 {r.p99_ms:9.2f} ms"
        f"  ({r.requests} requests, {r.errors} errors)"
    )


def bench_graph(
    graph: Graph, label: str, servers: list[endpoints.Server], c: Config, log_dir: Path
) -> tuple[list[Row], list[str]]:
    iris = synthetic.meeting_iris(graph.scale, 500)
    rows: list[Row] = []
    notes: list[str] = []
    reference: dict[str, object] | None = None
    for server in servers:
        started = time.perf_counter()
        print(f"  {server.name}: starting ...", flush=True)
        server.start(log_dir, prefix=label)
        try:
            print(f"  {server.name}: ready in {time.perf_counter() - started:.1f} s", flush=True)
            seen = answers(server, {"lookup": LOOKUP % iris[0], "heavy": c.heavy})
            if reference is None:
                reference = seen
            else:
                same = "the same" if seen == reference else "DIFFERENT"
                notes.insert(0, f"{server.name} gives {same} answers as {servers[0].name}")
            lookups = [server.path_for(LOOKUP % iri) for iri in iris]
            rows.append(measure(server, label, "lookup", lookups, c.seconds, c))
            heavy = [server.path_for(c.heavy)]
            rows.append(measure(server, label, "heavy", heavy, c.heavy_seconds, c))
            if c.runaway and label == "large" and server.name == "spacegraph":
                notes += runaway(server, lookups, c)
        finally:
            server.stop()
    return rows, notes


# the runaway query -------------------------------------------------------------------------


def runaway(server: endpoints.Server, lookups: list[str], c: Config) -> list[str]:
    """For each number of probe clients: small-query latency on the idle server, then during
    a runaway query sent with ``timeout=`` (its answer's delay past the deadline, and when
    the worker that ran it was gone)."""
    notes = []
    for probes in c.probe_clients:
        idle = load.run(
            server.base, lookups, clients=probes, seconds=c.runaway_deadline - 3, warmup=1,
            driver=c.driver,
        )  # fmt: skip
        outcome: dict[str, float] = {}
        url = server.base + server.path_for(RUNAWAY, timeout=f"{c.runaway_deadline:g}")

        def send(url: str = url, outcome: dict[str, float] = outcome) -> None:
            outcome["sent"] = time.monotonic()
            status, _, seconds = load.fetch(url, timeout=c.runaway_deadline + 30)
            outcome["status"], outcome["seconds"] = status, seconds

        before = server.cpu_seconds()
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        time.sleep(1.0)
        after = server.cpu_seconds()
        busiest = max(after, key=lambda pid: after[pid][1] - before.get(pid, ("", 0.0))[1])
        gone = watch_exit(busiest)
        during = load.run(
            server.base, lookups, clients=probes, seconds=c.runaway_deadline - 3,
            driver=c.driver,
        )  # fmt: skip
        sender.join(c.runaway_deadline + 40)
        endpoints.wait_idle(server)
        gone_thread, gone_at = gone
        gone_thread.join(5)
        late = outcome.get("seconds", float("nan")) - c.runaway_deadline
        deadline_at = outcome["sent"] + c.runaway_deadline
        killed = gone_at[0] - deadline_at if gone_at else float("nan")
        notes.append(
            f"runaway with timeout={c.runaway_deadline:g}: HTTP {outcome.get('status'):.0f} "
            f"after {outcome.get('seconds', float('nan')):.2f} s ({late:+.2f} s past the "
            f"deadline); its worker (pid {busiest}) gone {killed:+.2f} s past the deadline"
        )
        ratio = during.median_ms / idle.median_ms if idle.median_ms else float("nan")
        notes.append(
            f"lookups from {probes} other client(s): idle median {idle.median_ms:.2f} ms "
            f"(p99 {idle.p99_ms:.2f}, {idle.rps:.0f} req/s); during the runaway median "
            f"{during.median_ms:.2f} ms (p99 {during.p99_ms:.2f}, {during.rps:.0f} req/s): "
            f"{ratio:.2f} x idle (goal <= 2) {'meets' if ratio <= 2 else 'SHORT'}"
        )
        print("    " + notes[-2] + "\n    " + notes[-1], flush=True)
    return notes


def watch_exit(pid: int) -> tuple[threading.Thread, list[float]]:
    """A thread that notes (monotonic time) when ``pid`` stops existing or is a zombie."""
    seen: list[float] = []

    def watch() -> None:
        stop_at = time.monotonic() + 120
        while time.monotonic() < stop_at:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = "gone"
            if state in ("gone", "Z", "X"):
                seen.append(time.monotonic())
                return
            time.sleep(0.01)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread, seen


# reporting ---------------------------------------------------------------------------------


def table(rows: list[Row], graph: str, reference: str) -> list[str]:
    lines = [
        f"{'query':<7} {'server':<16} {'req/s':>9} {'median ms':>10} {'p99 ms':>10} "
        f"{'requests':>9} {'errors':>6} {'CPU ms/req (server | children)':>32}"
    ]
    for row in (r for r in rows if r.graph == graph):
        r = row.result
        ok = max(r.requests, 1)
        cpu = f"{row.cpu_own * 1000 / ok:.2f} | {row.cpu_children * 1000 / ok:.2f}"
        lines.append(
            f"{row.query:<7} {row.server:<16} {r.rps:>9.1f} {r.median_ms:>10.2f} "
            f"{r.p99_ms:>10.2f} {r.requests:>9} {r.errors:>6} {cpu:>32}"
        )

    def find(query: str, server: str) -> Row | None:
        return next(
            (r for r in rows if (r.graph, r.query, r.server) == (graph, query, server)), None
        )

    for query in ("lookup", "heavy"):
        ours, theirs = find(query, "spacegraph"), find(query, reference)
        if ours and theirs and theirs.result.rps:
            ratio = ours.result.rps / theirs.result.rps
            goal = GOALS[(graph, query)]
            verdict = "meets" if ratio >= goal else "SHORT"
            lines.append(
                f"{query:<7} spacegraph / {reference}: {ratio:.2f} x req/s "
                f"(goal >= {goal:g}) {verdict}"
            )
    if graph == "small" and reference == "rdflib-endpoint":
        for query in ("lookup", "heavy"):
            ox, rl = find(query, "oxigraph"), find(query, reference)
            if ox and rl and rl.result.rps:
                lines.append(
                    f"{query:<7} oxigraph / rdflib-endpoint: {ox.result.rps / rl.result.rps:.2f} x "
                    "req/s (for scale: measured elsewhere 15 x lookup, 106 x heavy)"
                )
    return lines


# main ----------------------------------------------------------------------------------


def config(args: argparse.Namespace) -> Config:
    quick = args.quick
    return Config(
        meetings=args.meetings or (20_000 if quick else 100_000),
        small_meetings=args.small_meetings or (1_500 if quick else 3_200),
        clients=args.clients,
        seconds=args.seconds or (4 if quick else 12),
        heavy_seconds=args.heavy_seconds or (6 if quick else 20),
        warmup=args.warmup if args.warmup is not None else (1 if quick else 3),
        workers=args.workers or os.cpu_count() or 2,
        timeout=args.timeout,
        oxigraph_timeout=args.oxigraph_timeout,
        runaway_deadline=args.runaway_deadline or (5 if quick else 8),
        probe_clients=tuple(args.probe_clients or ((1,) if quick else (1, 2))),
        driver=args.driver,
        heavy=HEAVY_PLAIN if args.heavy_plain else HEAVY,
        data=args.data,
        rdflib=not args.no_rdflib,
        runaway=not args.no_runaway,
    )


def source_state() -> str:
    """The commit of the working tree, and how many files of src/ differ from it (read-only
    git commands; other work may be changing src/ while a benchmark runs)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)
        return done.stdout.strip()

    changed = [line for line in git("status", "--porcelain", "src").splitlines() if line]
    return (
        f"commit {git('rev-parse', '--short', 'HEAD') or '?'}, {len(changed)} files of src/ changed"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small graph, short runs")
    parser.add_argument("--meetings", type=int, help="large graph (default 100000)")
    parser.add_argument("--small-meetings", type=int, help="small graph (default 3200)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--seconds", type=float, help="measured seconds per lookup run (12)")
    parser.add_argument("--heavy-seconds", type=float, help="per aggregation run (20)")
    parser.add_argument("--warmup", type=float, help="unmeasured seconds before each run (3)")
    parser.add_argument("--workers", type=int, help="SPACEGRAPH_QUERY_WORKERS (the cores)")
    parser.add_argument("--timeout", type=float, default=30, help="server time limit (30 s)")
    parser.add_argument(
        "--oxigraph-timeout",
        action="store_true",
        help="give the Oxigraph server --timeout-s too (it fails under the lookup load)",
    )
    parser.add_argument("--runaway-deadline", type=float, help="timeout= of the runaway (8)")
    parser.add_argument("--probe-clients", type=int, nargs="*", help="(1 2)")
    parser.add_argument(
        "--heavy-plain", action="store_true", help="the aggregation as one basic graph pattern"
    )
    parser.add_argument("--driver", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--data", type=Path, default=PROJECT / "var" / "bench")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the small graph")
    parser.add_argument("--no-runaway", action="store_true")
    c = config(parser.parse_args())
    driver = c.driver if c.driver != "auto" else ("wrk" if shutil.which("wrk") else "python")
    started = time.perf_counter()
    log_dir = Path(tempfile.mkdtemp(prefix="spacegraph-bench-"))
    print(f"spacegraph at {source_state()}; load average {os.getloadavg()[0]:.1f} before the run")
    print(
        f"{os.cpu_count()} cores; {c.clients} clients; driver {driver}; "
        f"{c.workers} spacegraph workers; spacegraph time limit {c.timeout:g} s; Oxigraph "
        f"{'--timeout-s ' + format(c.timeout, 'g') if c.oxigraph_timeout else 'no time limit'}; "
        f"logs in {log_dir}"
    )

    print(f"large graph ({c.meetings} meetings):", flush=True)
    large = prepare(synthetic.Scale(c.meetings), c.data)
    servers = [
        endpoints.spacegraph(large.store, workers=c.workers, timeout=c.timeout),
        endpoints.oxigraph(large.snapshot, timeout=c.timeout if c.oxigraph_timeout else None),
    ]
    rows, notes = bench_graph(large, "large", servers, c, log_dir)
    small_rows: list[Row] = []
    small_notes: list[str] = []
    small = None
    if c.rdflib:
        print(f"small graph ({c.small_meetings} meetings):", flush=True)
        small = prepare(synthetic.Scale(c.small_meetings), c.data)
        servers = [
            endpoints.spacegraph(small.store, workers=c.workers, timeout=c.timeout),
            endpoints.oxigraph(small.snapshot, timeout=c.timeout if c.oxigraph_timeout else None),
            endpoints.rdflib_endpoint(small.nquads),
        ]
        small_rows, small_notes = bench_graph(small, "small", servers, c, log_dir)

    print()
    print(
        f"== large graph: {c.meetings} meetings, {large.quads} quads stored "
        f"({large.union} triples in the union default graph); {c.clients} clients, "
        f"{c.seconds:g} s lookup / {c.heavy_seconds:g} s heavy after {c.warmup:g} s warm-up"
    )
    print("\n".join(table(rows, "large", "oxigraph")))
    for note in notes:
        print("  " + note)
    if small is not None:
        print()
        print(
            f"== small graph: {c.small_meetings} meetings, {small.union} triples in the union "
            f"({small.quads} quads stored)"
        )
        print("\n".join(table(small_rows, "small", "rdflib-endpoint")))
        for note in small_notes:
            print("  " + note)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    shutil.rmtree(log_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
