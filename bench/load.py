"""A closed-loop HTTP load generator: N clients, each sending its next request when the
previous one is answered, for D seconds after a warm-up; 127.0.0.1 only.

Two drivers give the same :class:`Result`:

- ``wrk`` (Debian's ``wrk``, C, one thread, one keep-alive connection per client): the
  default when it is installed, because it costs the shared cores little;
- ``python`` (threads and ``http.client``, one keep-alive connection per client): no
  dependency, but its own CPU use lowers what the servers get on a 2-core machine.

Both send ``GET`` requests for the given paths in turn (a list of paths, so that lookups
ask for different meetings) with ``Accept: application/sparql-results+json``.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

ACCEPT = "application/sparql-results+json"
#: Seconds a single request may take before the client gives up on it (counted as an error).
REQUEST_TIMEOUT = 120.0


@dataclass(frozen=True)
class Result:
    """What one load run measured. Latencies in milliseconds; ``errors`` counts answers
    that were not 2xx and requests that failed or timed out."""

    requests: int
    errors: int
    seconds: float
    median_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        """Successful requests per second."""
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


def check_local(base: str) -> None:
    host = urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load is only sent to this machine, not to {host}")


def run(
    base: str,
    paths: Sequence[str],
    *,
    clients: int,
    seconds: float,
    warmup: float = 0.0,
    driver: str = "auto",
) -> Result:
    """Load ``base`` + each of ``paths`` with ``clients`` clients for ``seconds`` seconds,
    after ``warmup`` seconds whose requests are not counted."""
    check_local(base)
    if driver == "auto":
        driver = "wrk" if shutil.which("wrk") else "python"
    go = run_wrk if driver == "wrk" else run_python
    if warmup > 0:
        go(base, paths, clients=clients, seconds=warmup)
    return go(base, paths, clients=clients, seconds=seconds)


# wrk -------------------------------------------------------------------------------------

_LUA = """
wrk.headers["Accept"] = "%(accept)s"
local paths = {%(paths)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK-RESULT {\\"requests\\": %%d, \\"errors\\": %%d, \\"us\\": %%d, "
    .. "\\"p50\\": %%d, \\"p99\\": %%d}\\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99)))
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(base: str, paths: Sequence[str], *, clients: int, seconds: float) -> Result:
    script = _LUA % {"accept": ACCEPT, "paths": ", ".join(_lua_string(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = [
            "wrk",
            "-t1",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={REQUEST_TIMEOUT:.0f}s",
            "-s",
            handle.name,
            base + paths[0],
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT + 30
        )
    finally:
        os.unlink(handle.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK-RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout}\n{done.stderr}")
    found = json.loads(line.removeprefix("WRK-RESULT "))
    return Result(
        requests=found["requests"],
        errors=found["errors"],
        seconds=found["us"] / 1e6,
        median_ms=found["p50"] / 1000,
        p99_ms=found["p99"] / 1000,
    )


# python ----------------------------------------------------------------------------------


def run_python(base: str, paths: Sequence[str], *, clients: int, seconds: float) -> Result:
    parts = urlsplit(base)
    prefix = parts.path.rstrip("/")
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
        n = index
        while time.monotonic() < stop_at:
            path = prefix + paths[n % len(paths)]
            n += clients
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": ACCEPT})
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=REQUEST_TIMEOUT
                )
            latencies[index].append(time.perf_counter() - started)
            if not ok:
                errors[index] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 10)
    elapsed = time.monotonic() - started
    every = sorted(x for one in latencies for x in one)
    return Result(
        requests=len(every),
        errors=sum(errors),
        seconds=elapsed,
        median_ms=statistics.median(every) * 1000 if every else float("nan"),
        p99_ms=percentile(every, 99) * 1000 if every else float("nan"),
    )


def percentile(ordered: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of sorted values (nearest rank)."""
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


# one request -----------------------------------------------------------------------------


def fetch(url: str, *, timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes, float]:
    """GET one URL on this machine: (status, body, seconds)."""
    check_local(url)
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    started = time.perf_counter()
    try:
        path = parts.path + ("?" + parts.query if parts.query else "")
        connection.request("GET", path, headers={"Accept": ACCEPT})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()
