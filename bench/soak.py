"""Soak: eight clients run saved queries for a while, while builds publish new snapshots.

    .venv/bin/python bench/soak.py [--seconds 60] [--clients 8] [--workers 2]

What it does, all on 127.0.0.1 with the real commands:

1. ``spacegraph build`` of ``sources/`` into a fresh store, then ``spacegraph serve`` on it
   (in a process group of its own, ``SPACEGRAPH_QUERY_WORKERS`` workers);
2. eight clients, each from its own loopback address (127.0.0.11, .12, ...: eight people, so
   eight rate-limit buckets), each over one keep-alive connection, loop over the saved
   queries of ``GET /queries`` (parameters filled in, JSON, CSV and TSV in turn);
3. meanwhile ``spacegraph build`` runs again and again on the same store, so the server
   switches snapshots under load (the soak goes on past ``--seconds`` until at least one
   build has finished, so that there is at least one switch);
4. it samples the resident memory (``VmRSS`` in ``/proc``) of the server and of its worker
   processes, at the start, every second, and at the end;
5. it stops the server (SIGTERM) and looks for processes left in its process group.

It prints the figures and exits 1 on any failed request (an error, or a status other than
200), on a leaked process, when no snapshot switch happened, or when the server's memory grew
by more than ``--max-growth-mb``; 0 otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from spacegraph.querying import current_snapshot

PROJECT = Path(__file__).resolve().parents[1]
SPACEGRAPH = [sys.executable, "-m", "spacegraph"]
#: Values for the saved queries' parameters, by name.
PARAMETERS = {
    "state": "sgr:state/fr",
    "resource": "sgr:body/us/national-space-council",
}
FORMATS = ("json", "csv", "tsv")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# /proc ---------------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def group_members(pgid: int) -> list[int]:
    """Live processes whose process group is ``pgid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields and fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return sorted(found)


# the parts -----------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int | str, what: str) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            if status != 200 and len(self.failures) < 20:
                self.failures.append(f"{status} {what}")
            elif status != 200:
                self.failures.append("")


def saved_query_paths(port: int) -> list[str]:
    """``/queries/<slug>?...`` for every saved query whose parameters we can fill."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/queries", headers={"Accept": "application/json"})
    listed = json.loads(connection.getresponse().read())["queries"]
    connection.close()
    paths = []
    for query in listed:
        values = {}
        for parameter in query["parameters"]:
            if parameter["name"] in PARAMETERS:
                values[parameter["name"]] = PARAMETERS[parameter["name"]]
            elif not parameter["optional"]:
                break
        else:
            for fmt in FORMATS:
                paths.append(f"/queries/{query['slug']}?{urlencode({**values, 'format': fmt})}")
    return paths


def client(number: int, port: int, paths: list[str], stop: threading.Event, tally: Tally):
    """One researcher: from 127.0.0.(11+number), one keep-alive connection, in a loop."""
    source = f"127.0.0.{11 + number}"
    connection = None
    for path in itertools.cycle(paths[number % len(paths) :] + paths[: number % len(paths)]):
        if stop.is_set():
            break
        try:
            if connection is None:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=60, source_address=(source, 0)
                )
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            tally.record(response.status, f"{path}: {body[:200]!r}")
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            tally.record(type(error).__name__, f"{path}: {error}")
            if connection is not None:
                connection.close()
            connection = None
    if connection is not None:
        connection.close()


def builder(env: dict[str, str], until: float, builds: list[float], log: Path):
    """``spacegraph build`` again and again; none starts after ``until`` (monotonic)."""
    while time.monotonic() < until or not builds:
        with log.open("a") as out:
            done = subprocess.run(
                [*SPACEGRAPH, "build"], env=env, stdout=out, stderr=out, timeout=900
            )
        if done.returncode in (0, 1):
            builds.append(time.monotonic())
        else:
            print(f"build failed with exit code {done.returncode}; see {log}", file=sys.stderr)
            return


def snapshot_name(store: Path) -> str:
    """The name of the snapshot the store's pointer names now."""
    current = current_snapshot(store)
    return current.name if current else ""


def processes(server: subprocess.Popen) -> dict[int, float | None]:
    """RSS (MB) of the server and of every other process in its group (the workers)."""
    return {pid: rss_mb(pid) for pid in group_members(server.pid)}


def role(pid: int) -> str:
    """What a process of the server's group is, from its command line."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"
    if "forkserver" in command:  # the workers are forked from the fork server
        fields = _stat(pid)
        return "worker" if fields and role(int(fields[1])) == "forkserver" else "forkserver"
    for word in ("resource_tracker", "serve"):
        if word in command:
            return word
    return "worker"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", 60)))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-growth-mb", type=float, default=150.0)
    parser.add_argument(
        "--max-overrun",
        type=float,
        default=600.0,
        help="seconds to wait past --seconds for the first build to finish",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="spacegraph-soak-"))
    store = work / "store"
    env = {
        **os.environ,
        "SPACEGRAPH_STORE": str(store),
        "SPACEGRAPH_QUERY_WORKERS": str(args.workers),
    }
    env.pop("SPACEGRAPH_RATE_LIMIT", None)  # the defaults, as served
    env.pop("SPACEGRAPH_RATE_BURST", None)
    log = work / "build.log"
    print(f"soak: {args.clients} clients, {args.seconds:g} s, {args.workers} workers; in {work}")
    started = time.monotonic()
    with log.open("w") as out:
        first = subprocess.run(
            [*SPACEGRAPH, "build"], env=env, stdout=out, stderr=out, cwd=PROJECT, timeout=900
        )
    if first.returncode not in (0, 1):
        print(f"the first build failed ({first.returncode}); see {log}")
        return 2
    print(f"first build: {time.monotonic() - started:.1f} s")

    port = free_port()
    server = subprocess.Popen(
        [*SPACEGRAPH, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(work / "serve.log").open("w"),
        start_new_session=True,  # its own process group: the workers are in it too
    )
    seen_pids: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                paths = saved_query_paths(port)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start; see", work / "serve.log")
                    return 2
                time.sleep(0.2)
        while len(group_members(server.pid)) < 1 + args.workers and time.monotonic() < deadline:
            time.sleep(0.1)
        print(f"{len(paths)} saved-query URLs in the mix")
        # warm up: every URL once, so that the start figures are those of a served process
        warm = Tally()
        for path in paths:
            client_once(port, path, warm)
        if warm.failures:
            print("warm-up failed:", *warm.failures[:5], sep="\n  ")
            return 1
        at_start = {pid: (role(pid), rss) for pid, rss in processes(server).items()}
        seen_pids.update(at_start)
        snapshot_at_start = snapshot_name(store)

        tally, stop_clients, builds = Tally(), threading.Event(), []
        threads = [
            threading.Thread(target=client, args=(n, port, paths, stop_clients, tally))
            for n in range(args.clients)
        ]
        soak_start = time.monotonic()
        build_thread = threading.Thread(
            target=builder, args=(env, soak_start + args.seconds, builds, log)
        )
        for thread in threads:
            thread.start()
        build_thread.start()
        peak: dict[int, float] = {}
        while True:
            elapsed = time.monotonic() - soak_start
            if elapsed >= args.seconds and (builds or elapsed >= args.seconds + args.max_overrun):
                break
            if not build_thread.is_alive() and not builds:
                break  # the build failed: nothing will switch
            for pid, rss in processes(server).items():
                seen_pids.add(pid)
                if rss is not None:
                    peak[pid] = max(peak.get(pid, 0.0), rss)
            time.sleep(1)
        stop_clients.set()
        builds_done = len(builds)
        for thread in threads:
            thread.join(120)
        soak_seconds = time.monotonic() - soak_start
        at_end = {pid: (role(pid), rss) for pid, rss in processes(server).items()}
        seen_pids.update(at_end)
        snapshot_at_end = snapshot_name(store)
        build_thread.join(900)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
    time.sleep(1)
    leaked = [pid for pid in group_members(server.pid) if pid != server.pid]
    leaked += [pid for pid in seen_pids if pid != server.pid and alive(pid) and pid not in leaked]

    def memory(figures: dict[int, tuple[str, float | None]]) -> str:
        return ", ".join(f"{name} {pid} {rss or 0:.1f} MB" for pid, (name, rss) in figures.items())

    growth = (at_end.get(server.pid, ("", 0))[1] or 0) - (at_start.get(server.pid, ("", 0))[1] or 0)
    print(
        f"requests: {tally.requests} in {soak_seconds:.1f} s "
        f"({tally.requests / soak_seconds:.1f}/s), statuses {dict(tally.statuses)}"
    )
    print(f"failures: {len(tally.failures)}")
    for failure in tally.failures[:20]:
        if failure:
            print("  ", failure)
    print(
        f"builds finished during the soak: {builds_done}; snapshot {snapshot_at_start} -> "
        f"{snapshot_at_end}"
    )
    print(f"memory at start: {memory(at_start)}")
    print(f"memory at end:   {memory(at_end)}")
    print(
        f"server growth: {growth:+.1f} MB; peak server "
        f"{peak.get(server.pid, 0):.1f} MB; processes seen {len(seen_pids)}"
    )
    print(f"server exit code: {server.returncode}; leaked processes: {leaked or 'none'}")
    problems = []
    if tally.failures:
        problems.append(f"{len(tally.failures)} failed requests")
    if leaked:
        problems.append(f"leaked processes {leaked}")
    if not builds_done or snapshot_at_start == snapshot_at_end:
        problems.append("no snapshot switch during the soak")
    if growth > args.max_growth_mb:
        problems.append(f"the server grew by {growth:.1f} MB")
    if tally.requests == 0:
        problems.append("no request was made")
    print("soak:", "FAILED: " + "; ".join(problems) if problems else "ok")
    return 1 if problems else 0


def client_once(port: int, path: str, tally: Tally) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        tally.record(response.status, f"{path}: {response.read()[:200]!r}")
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
