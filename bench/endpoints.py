"""Start and stop the SPARQL servers the benchmark compares, each as a real subprocess on
127.0.0.1, in its own process group so that stopping it stops its children too.

| server | command | query path |
|---|---|---|
| spacegraph | ``spacegraph serve --store STORE`` (``SPACEGRAPH_QUERY_WORKERS``) | ``/sparql`` |
| Oxigraph server | ``oxigraph serve-read-only --location SNAPSHOT`` | ``/query`` |
| rdflib-endpoint | ``rdflib-endpoint serve FILE`` (rdflib memory store, union graph) | ``/`` |

Oxigraph's server reads the snapshot that ``spacegraph serve`` reads (its default graph
holds the union of the named graphs, so neither needs a union flag). Each server object also
reads the CPU time its process tree has used, from ``/proc``, to show where time goes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from load import fetch

BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running server: its name, base URL, query path and process."""

    name: str
    command: list[str]
    query_path: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def path_for(self, sparql: str, **params: str) -> str:
        extra = "".join(f"&{key}={quote(value)}" for key, value in params.items())
        return f"{self.query_path}?query={quote(sparql)}{extra}"

    def start(self, log_dir: Path, ready_within: float = 600.0, prefix: str = "") -> Server:
        self.log = log_dir / f"{prefix}{'-' if prefix else ''}{self.name}.log"
        env = {**os.environ, **self.env}
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: stop() ends its children
            )
        deadline = time.monotonic() + ready_within
        probe = self.base + self.path_for("ASK { }")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log}")
            with contextlib.suppress(OSError):
                status, _, _ = fetch(probe, timeout=5)
                if status == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {ready_within:.0f} s")

    def stop(self) -> None:
        """SIGTERM the process group, then SIGKILL what is left after 10 s."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        with contextlib.suppress(ProcessLookupError):  # children that outlived the leader
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # CPU accounting ----------------------------------------------------------------------

    def pids(self) -> list[int]:
        """The server's process and its descendants (by session id: the group it leads)."""
        if self.process is None:
            return []
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat is not None and stat[3] == self.process.pid:  # session id
                    found.append(int(entry))
        return found

    def cpu_seconds(self) -> dict[int, tuple[str, float]]:
        """CPU seconds (user + system) used so far by each process of the server."""
        result = {}
        for pid in self.pids():
            stat = _stat(pid)
            if stat is not None:
                result[pid] = (stat[0], (stat[1] + stat[2]) / CLOCK_TICKS)
        return result


def _stat(pid: int) -> tuple[str, int, int, int] | None:
    """(command line head, utime ticks, stime ticks, session id) of a process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    name = " ".join(part.decode(errors="replace") for part in cmdline[:3])
    return name, int(fields[11]), int(fields[12]), int(fields[3])


def wait_idle(server: Server, *, within: float = 180.0) -> float:
    """Wait until the server's processes use under 10 % of a core for a second (queries
    left running by clients that went away are done or stopped); returns the seconds
    waited, or ``within`` when it stayed busy."""
    started = time.monotonic()
    quiet = 0
    last = sum(cpu for _, cpu in server.cpu_seconds().values())
    while time.monotonic() - started < within:
        time.sleep(0.5)
        now = sum(cpu for _, cpu in server.cpu_seconds().values())
        quiet = quiet + 1 if now - last < 0.05 else 0
        last = now
        if quiet >= 2:
            break
    return time.monotonic() - started


def cpu_delta(
    server: Server, before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
) -> tuple[float, float]:
    """CPU seconds spent between two readings: (by the server's own process, by its
    children: query workers, forkserver); a process gone in between is not counted."""
    leader = server.process.pid if server.process else -1
    spent = {pid: after[pid][1] - before.get(pid, ("", 0.0))[1] for pid in after}
    own = spent.pop(leader, 0.0)
    return own, sum(spent.values())


# the three servers -----------------------------------------------------------------------


def spacegraph(store: Path, *, workers: int, timeout: float) -> Server:
    server = Server(
        "spacegraph",
        [str(BIN / "spacegraph"), "serve", "--store", str(store), "--host", "127.0.0.1"],
        "/sparql",
        env={
            "SPACEGRAPH_QUERY_WORKERS": str(workers),
            "SPACEGRAPH_QUERY_TIMEOUT": f"{timeout:g}",
            "SPACEGRAPH_SERVICE_HOSTS": "",
            # a per-client rate limit (if this version has one) would refuse a load that all
            # comes from 127.0.0.1: the benchmark measures the server, not the limiter
            "SPACEGRAPH_RATE_LIMIT": "0",
        },
    )
    server.command += ["--port", str(server.port)]
    return server


def oxigraph(snapshot: Path, *, timeout: float | None = None) -> Server:
    """The Oxigraph server, without a time limit unless ``timeout`` is given: with
    ``--timeout-s`` (0.5.13) every query leaves a thread that lives until the time limit
    has passed, so thousands of quick queries a second exhaust the threads a process may
    have and the server fails (os error 11) and then dies (see bench/README.md)."""
    server = Server(
        "oxigraph",
        [str(BIN / "oxigraph"), "serve-read-only", "--location", str(snapshot)],
        "/query",
    )
    server.command += ["--bind", f"127.0.0.1:{server.port}"]
    if timeout is not None:
        server.command += ["--timeout-s", f"{timeout:g}"]
    return server


def rdflib_endpoint(data: Path) -> Server:
    server = Server("rdflib-endpoint", [str(BIN / "rdflib-endpoint"), "serve", str(data)], "/")
    server.command += ["--host", "127.0.0.1", "--port", str(server.port)]
    return server
