"""A pool of worker processes that run queries with real time limits and cancel.

pyoxigraph cannot interrupt a running query, so each query runs in a worker process that
the pool can kill: the request thread sends the job to an idle worker and waits for the
answer until the deadline; past it, it SIGKILLs the worker (its CPU use stops at once),
answers :class:`~spacegraph.errors.QueryTimeout` (503) and a replacement is started.
``cancel(query_id)`` kills the worker of a running query the same way (409 for that query).

Workers open the current snapshot of the store read-only (see ``snapshots.py``). A monitor
thread watches the snapshot pointer: when a build publishes a new snapshot it starts
workers on it; workers on the old one finish their current query and exit, and the old
snapshot is deleted once nothing reads it. No request is dropped: a request waits for a
free worker (within its own time limit) while workers are replaced.

A worker that dies by itself during a query is answered as :class:`WorkerLost`: 503 when
it was killed by the system (typically out of memory: the query's fault), else 500 (a
crash of the engine or of our code: ours). A worker found dead before it got the job is
replaced and the job goes to another worker, so the client never sees that.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from ..errors import DuplicateQueryId, QueryCancelled, QueryTimeout, SpacegraphError, StoreError
from . import snapshots
from .worker import Answer, Failure, Job, run_worker

log = logging.getLogger(__name__)

#: Seconds a new worker may take to open its snapshot before it is given up.
STARTUP_TIMEOUT = 60.0


class WorkerLost(SpacegraphError):
    """The process running the query died by itself (see the module's docstring)."""

    kind = "worker-lost"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection
    snapshot: Path
    pid: int
    query_id: str | None = None
    stopped_by: str | None = None  # "timeout", "cancel" or "close" once killed by the pool


def _context() -> multiprocessing.context.BaseContext:
    """forkserver on Linux (a clean, threadless parent that has imported the worker
    module already, so workers start in milliseconds); spawn elsewhere."""
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["spacegraph.querying.worker"])
        return context
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """``size`` worker processes over the current snapshot of the store at ``store_path``."""

    enforces_limits = True

    def __init__(
        self,
        store_path: Path,
        size: int,
        *,
        poll_interval: float = 0.5,
        in_use: Callable[[], set[Path]] | None = None,
    ) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.poll_interval = poll_interval
        self._in_use = in_use or set
        self._context = _context()
        self._lock = threading.Condition()
        self._snapshot: Path | None = None
        self._idle: list[_Worker] = []
        self._busy: dict[str, _Worker] = {}
        self._starting: dict[Path, int] = {}
        self._retiring: list[_Worker] = []
        self._closed = False
        self._monitor: threading.Thread | None = None

    # life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers and the monitor (idempotent; ``execute`` calls it too)."""
        with self._lock:
            if self._monitor is not None or self._closed:
                return
            self._snapshot = snapshots.ensure_snapshot(self.store_path)
            self._monitor = threading.Thread(target=self._watch, name="query-pool", daemon=True)
            self._monitor.start()
            self._top_up()

    def close(self) -> None:
        """Stop every worker, running queries included."""
        with self._lock:
            self._closed = True
            workers = [*self._idle, *self._busy.values(), *self._retiring]
            self._idle.clear()
            self._lock.notify_all()
        for worker in workers:
            self._kill(worker, "close")

    @property
    def snapshot(self) -> Path | None:
        return self._snapshot

    def worker_pids(self) -> list[int]:
        """The pids of the live workers on the current snapshot (idle or busy)."""
        with self._lock:
            return [w.pid for w in self._current_workers() if w.process.is_alive()]

    def running(self) -> dict[str, int]:
        """Running query ids and the pid of the worker running each."""
        with self._lock:
            return {query_id: worker.pid for query_id, worker in self._busy.items()}

    # queries -----------------------------------------------------------------------------

    def execute(self, job: Job, *, timeout: float, query_id: str) -> Answer:
        """Run ``job`` in a worker and return its answer, or raise the error that refused it,
        :class:`QueryTimeout` past ``timeout`` seconds, :class:`QueryCancelled`..."""
        self.start()
        deadline = time.monotonic() + timeout
        while True:
            worker = self._acquire(deadline, timeout, query_id)
            try:
                worker.connection.send(job)
            except OSError:  # it died while idle: replace it, give the job to another
                self._release(worker, dead=True)
                continue
            try:
                return self._wait(worker, job, deadline, timeout)
            finally:
                self._release(worker)

    def cancel(self, query_id: str) -> bool:
        """Stop the running query ``query_id``; False when no such query is running."""
        with self._lock:
            worker = self._busy.get(query_id)
        if worker is None:
            return False
        self._kill(worker, "cancel")
        return True

    def _wait(self, worker: _Worker, job: Job, deadline: float, timeout: float) -> Answer:
        if not worker.connection.poll(max(deadline - time.monotonic(), 0)):
            self._kill(worker, "timeout")
            raise QueryTimeout(
                f"the query ran past its time limit of {timeout:g} s and was stopped; "
                "make it more selective or add a LIMIT"
            )
        try:
            status, payload = worker.connection.recv()
        except (EOFError, OSError):
            if worker.stopped_by == "cancel":
                raise QueryCancelled("the query was cancelled") from None
            if worker.stopped_by == "close":
                raise StoreError("the server is shutting down") from None
            worker.process.join(1)
            raise self._lost(worker) from None
        if status == "ok":
            return payload
        if status == "error":
            raise payload
        assert isinstance(payload, Failure)
        log.error("query worker failed on %r: %s", job.sparql[:200], payload.description)
        raise StoreError(f"the query failed inside the server: {payload.description}")

    @staticmethod
    def _lost(worker: _Worker) -> WorkerLost:
        code = worker.process.exitcode
        if code == -signal.SIGKILL:
            return WorkerLost(
                "the process running the query was killed by the system, most likely "
                "because the query needed too much memory; make it more selective",
                503,
            )
        log.error("query worker %s died with exit code %s", worker.pid, code)
        return WorkerLost(f"the process running the query crashed (exit code {code})", 500)

    # workers -----------------------------------------------------------------------------

    def _acquire(self, deadline: float, timeout: float, query_id: str) -> _Worker:
        with self._lock:
            if query_id in self._busy:
                raise DuplicateQueryId(f"a query with id {query_id!r} is already running")
            while True:
                if self._closed:
                    raise StoreError("the server is shutting down")
                worker = self._pick_idle()
                if worker is not None:
                    worker.query_id = query_id
                    self._busy[query_id] = worker
                    return worker
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout(
                        f"no query worker became free within the time limit of {timeout:g} s; "
                        "the server is busy, try again"
                    )
                self._top_up()
                self._lock.wait(min(remaining, self.poll_interval))

    def _pick_idle(self) -> _Worker | None:
        """An idle live worker, one on the current snapshot first."""
        self._idle.sort(key=lambda w: w.snapshot != self._snapshot)
        while self._idle:
            worker = self._idle.pop(0)
            if worker.process.is_alive():
                return worker
            self._discard(worker)
        return None

    def _release(self, worker: _Worker, *, dead: bool = False) -> None:
        with self._lock:
            if worker.query_id is not None:
                self._busy.pop(worker.query_id, None)
                worker.query_id = None
            if dead or worker.stopped_by or not worker.process.is_alive():
                self._discard(worker)
            elif worker.snapshot != self._snapshot or self._closed:
                self._retire(worker)
            else:
                self._idle.append(worker)
            self._top_up()
            self._lock.notify_all()

    def _current_workers(self) -> list[_Worker]:
        everyone = [*self._idle, *self._busy.values()]
        return [w for w in everyone if w.snapshot == self._snapshot and not w.stopped_by]

    def _top_up(self) -> None:
        """Start workers until ``size`` are live or starting on the current snapshot
        (called with the lock held)."""
        snapshot = self._snapshot
        if self._closed or snapshot is None:
            return
        missing = self.size - len(self._current_workers()) - self._starting.get(snapshot, 0)
        for _ in range(missing):
            self._starting[snapshot] = self._starting.get(snapshot, 0) + 1
            threading.Thread(target=self._start_worker, args=(snapshot,), daemon=True).start()

    def _start_worker(self, snapshot: Path) -> None:
        worker = None
        try:
            worker = self._spawn(snapshot)
        except Exception:
            log.exception("could not start a query worker on %s", snapshot)
            time.sleep(self.poll_interval)  # the monitor will try again
        with self._lock:
            self._starting[snapshot] -= 1
            if worker is None:
                return
            if self._closed or snapshot != self._snapshot:
                self._retire(worker)
                return
            self._idle.append(worker)
            stale = next((w for w in self._idle if w.snapshot != self._snapshot), None)
            if stale is not None:  # one new worker ready: one old idle worker may go
                self._idle.remove(stale)
                self._retire(stale)
            self._lock.notify_all()

    def _spawn(self, snapshot: Path) -> _Worker:
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=run_worker, args=(theirs, str(snapshot)), name="spacegraph-query", daemon=True
        )
        process.start()
        theirs.close()
        if not ours.poll(STARTUP_TIMEOUT):
            process.kill()
            raise StoreError(f"a query worker did not open {snapshot} in {STARTUP_TIMEOUT} s")
        status, payload = ours.recv()
        if status != "ready":
            process.join(5)
            raise payload if isinstance(payload, SpacegraphError) else StoreError(str(payload))
        return _Worker(process, ours, snapshot, payload)

    def _kill(self, worker: _Worker, reason: str) -> None:
        """SIGKILL a worker and wait (briefly) until it is gone."""
        worker.stopped_by = worker.stopped_by or reason
        if worker.process.exitcode is not None:
            return  # reaped already: its pid may belong to another process by now
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        worker.process.join(2)

    def _discard(self, worker: _Worker) -> None:
        worker.connection.close()
        if worker.process.is_alive():
            self._kill(worker, "discard")

    def _retire(self, worker: _Worker) -> None:
        """Ask an idle worker to exit; it is reaped by the monitor."""
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        worker.connection.close()
        self._retiring.append(worker)

    # the monitor -------------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(self.poll_interval)
            try:
                self._tick()
            except Exception:  # the monitor must outlive a bad moment (a file half-gone)
                log.exception("query pool monitor")

    def _tick(self) -> None:
        newest = snapshots.current_snapshot(self.store_path)
        with self._lock:
            if newest is not None and newest != self._snapshot:
                log.info("switching queries to snapshot %s", newest)
                self._snapshot = newest
            for worker in list(self._retiring):
                worker.process.join(0)
                if not worker.process.is_alive():
                    self._retiring.remove(worker)
                elif worker.process.exitcode is None and self._closed:
                    self._kill(worker, "close")
            for worker in list(self._idle):
                if not worker.process.is_alive():
                    self._idle.remove(worker)
                    self._discard(worker)
            self._top_up()
            in_use = {self._snapshot} if self._snapshot else set()
            in_use |= {w.snapshot for w in [*self._idle, *self._busy.values(), *self._retiring]}
            in_use |= {path for path, count in self._starting.items() if count > 0}
        snapshots.prune(self.store_path, keep=1, in_use=in_use | self._in_use())
