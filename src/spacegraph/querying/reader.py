"""Quick reads in the web process, and running the endpoint's queries without workers.

:class:`SnapshotReader` is what ``app.extensions["spacegraph"]`` holds in production: a
read-only :class:`~spacegraph.store.Store` over the current snapshot, reopened when a build
publishes a new one, for the app's own short internal queries (``query``, ``graph_names``,
``graph``...). Those run in the web process and have no time limit: researchers' queries go
through the worker pool.

:class:`InProcessRunner` answers the endpoint's jobs in the web process, for an app given a
store of its own (tests, an in-memory store) or configured with no workers: no time limit,
no cancel.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Mapping
from pathlib import Path

from ..store import QueryOutcome, Store
from . import snapshots
from .worker import Answer, Job, answer

#: Seconds between two looks at the snapshot pointer.
RECHECK = 1.0


class SnapshotReader:
    """The current snapshot of the store at ``store_path``, read-only, in this process.

    Every attribute of :class:`~spacegraph.store.Store` is available (``query``,
    ``graph_names``, ``graph``, ``dump``...); writes fail as on any read-only store.
    """

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._lock = threading.Lock()
        self._snapshot = snapshots.ensure_snapshot(store_path)
        self._store = self._open(self._snapshot)
        self._checked = time.monotonic()

    @property
    def snapshot(self) -> Path:
        return self._snapshot

    def current(self) -> Store:
        """The store of the newest snapshot (the pointer is read at most once a second)."""
        with self._lock:
            if time.monotonic() - self._checked >= RECHECK:
                self._checked = time.monotonic()
                newest = snapshots.current_snapshot(self.store_path)
                if newest is not None and newest != self._snapshot:
                    # the old Store is closed when the last reader of it lets it go
                    self._store = self._open(newest)
                    self._snapshot = newest
            return self._store

    @staticmethod
    def _open(snapshot: Path) -> Store:
        """``snapshot``'s store, leased until the store object is garbage (a query running on
        it keeps it alive after a switch)."""
        store, lease = snapshots.open_snapshot(snapshot)
        weakref.finalize(store, lease.release)
        return store

    def in_use(self) -> set[Path]:
        """The snapshot this reader holds, after moving to the newest one (the pool's
        monitor calls this before it deletes old snapshots)."""
        self.current()
        return {self._snapshot}

    def query(
        self, sparql: str, substitutions: Mapping[str, object] | None = None, **dataset: object
    ) -> QueryOutcome:
        return self.current().query(sparql, substitutions, **dataset)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.current(), name)

    def __len__(self) -> int:
        return len(self.current())


class InProcessRunner:
    """Runs the endpoint's jobs on a store in this process: no time limit, no cancel."""

    enforces_limits = False

    def __init__(self, store: Store | SnapshotReader) -> None:
        self.store = store

    def execute(self, job: Job, *, timeout: float, query_id: str) -> Answer:
        store = self.store.current() if isinstance(self.store, SnapshotReader) else self.store
        return answer(store, job)

    def cancel(self, query_id: str) -> bool:
        return False

    def start(self) -> None:
        """Nothing to start (the pool's interface)."""

    def close(self) -> None:
        """Nothing to stop (the pool's interface)."""
