"""Where a small lookup's time goes in spacegraph: the same load against layers of the
server, each measured in the same run so that the ratios hold on a busy machine.

- ``waitress``: a WSGI app that returns a fixed SPARQL JSON body, on waitress with the
  threads ``spacegraph serve`` gives it: the floor of HTTP in Python;
- ``flask``: ``spacegraph serve`` with ``SPACEGRAPH_QUERY_WORKERS=0``: the whole app, the
  queries run in the web process (no time limits);
- ``workers``: ``spacegraph serve`` with its worker pool (time limits on), as in run.py;
- ``oxigraph``: the Oxigraph server on the same snapshot;
- ``engine``: no server at all: pyoxigraph runs and serializes the same lookups in this
  process, one after another. Its CPU per request is the floor of any server that calls
  pyoxigraph from Python, whatever it does around the query.

With ``--py-spy`` (``pip install py-spy``) it also samples the web process of the
``workers`` layer under load and prints the functions it was in most often (own time and
time including callees), which is how the numbers in bench/README.md were found. Run after
``run.py`` has built the graph:

    .venv/bin/python bench/breakdown.py [--meetings 100000] [--py-spy]
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import endpoints
import load
import run
import synthetic

_FIXED_APP = """
import sys, waitress
body = b'{"head":{"vars":["date","place","placeLabel"]},"results":{"bindings":[]}}'
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/sparql-results+json")])
    return [body]
waitress.serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=int(sys.argv[2]))
"""


def fixed_app(threads: int) -> endpoints.Server:
    server = endpoints.Server("waitress", [sys.executable, "-c", _FIXED_APP], "/sparql")
    server.command += [str(server.port), str(threads)]
    return server


def engine_cpu_ms(snapshot: Path, iris: list[str], rounds: int = 4) -> float:
    """CPU milliseconds per lookup for pyoxigraph alone: parse, evaluate and serialize as
    SPARQL JSON in this process (the best of ``rounds`` passes over the lookups)."""
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(snapshot))
    queries = [run.LOOKUP % iri for iri in iris]
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for query in queries:
            store.query(query).serialize(format=pyoxigraph.QueryResultsFormat.JSON)
        best = min(best, (time.process_time() - started) * 1000 / len(queries))
    return best


def profile(server: endpoints.Server, seconds: float, out: Path) -> None:
    """Sample the server's own process with py-spy while ``seconds`` of load run."""
    assert server.process is not None
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [spy, "record", "--pid", str(server.process.pid), "--duration", f"{seconds:.0f}"]
    command += ["--rate", "200", "--format", "raw", "--output", str(out), "--nonblocking"]
    subprocess.run(command, capture_output=True, timeout=seconds + 60, check=True)


def summarize(collapsed: Path, top: int = 25) -> list[str]:
    """The functions most often on the stack (inclusive) and on top (own), as shares of
    the samples of busy threads (threads waiting in a lock, a socket or select excluded)."""
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    idle = ("wait (threading.py", "select (selectors.py", "poll (", "handler_thread", "_wait (")
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";") if f.strip()]
        if not frames or any(mark in frames[-1] for mark in idle):
            continue
        n = int(count)
        total += n
        own[_short(frames[-1])] += n
        for frame in set(map(_short, frames)):
            inclusive[frame] += n
    lines = [f"busy samples: {total}", "inclusive (with callees):"]
    lines += [f"  {100 * n / total:5.1f} %  {name}" for name, n in inclusive.most_common(top)]
    lines += ["own:"]
    lines += [f"  {100 * n / total:5.1f} %  {name}" for name, n in own.most_common(top)]
    return lines


def _short(frame: str) -> str:
    """``function (path/to/module.py:line)`` as ``function (module.py)``."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    parts = Path(path).parts
    return f"{name} ({'/'.join(parts[-2:])})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--data", type=Path, default=run.PROJECT / "var" / "bench")
    parser.add_argument("--py-spy", action="store_true", help="profile the web process")
    args = parser.parse_args()
    graph = run.prepare(synthetic.Scale(args.meetings), args.data)
    iris = synthetic.meeting_iris(graph.scale, 500)
    log_dir = Path(tempfile.mkdtemp(prefix="spacegraph-breakdown-"))
    layers = [
        fixed_app(max(4, args.workers + 4)),
        endpoints.spacegraph(graph.store, workers=0, timeout=30),
        endpoints.spacegraph(graph.store, workers=args.workers, timeout=30),
        endpoints.oxigraph(graph.snapshot),
    ]
    names = ["waitress", "flask", "workers", "oxigraph"]
    print(f"lookup, {args.clients} clients, {args.seconds:g} s each, {args.meetings} meetings")
    print(f"{'layer':<10} {'req/s':>9} {'median ms':>10} {'p99 ms':>9} {'CPU ms/req':>22}")
    profiled: list[str] = []
    for name, server in zip(names, layers, strict=True):
        server.name = name
        with server.start(log_dir):
            paths = [server.path_for(run.LOOKUP % iri) for iri in iris]
            load.run(server.base, paths, clients=args.clients, seconds=2)  # warm-up
            before = server.cpu_seconds()
            result = load.run(server.base, paths, clients=args.clients, seconds=args.seconds)
            own, children = endpoints.cpu_delta(server, before, server.cpu_seconds())
            ok = max(result.requests, 1)
            cpu = f"{own * 1000 / ok:.2f} | {children * 1000 / ok:.2f}"
            print(
                f"{name:<10} {result.rps:>9.1f} {result.median_ms:>10.2f} "
                f"{result.p99_ms:>9.2f} {cpu:>22}",
                flush=True,
            )
            if args.py_spy and name == "workers":
                out = log_dir / "web.txt"
                started = time.monotonic()
                loader = threading.Thread(
                    target=load.run,
                    args=(server.base, paths),
                    kwargs={"clients": args.clients, "seconds": args.seconds},
                )
                loader.start()
                profile(server, args.seconds - 1, out)
                loader.join()
                profiled = summarize(out)
                profiled.insert(0, f"py-spy, {time.monotonic() - started:.0f} s:")
    engine = engine_cpu_ms(graph.snapshot, iris)
    print(f"{'engine':<10} {'':>9} {'':>10} {'':>9} {engine:>15.2f} | 0.00")
    print("(CPU ms/req: the server's own process | its children, the query workers)")
    if profiled:
        print("\n".join(profiled))
    shutil.rmtree(log_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
