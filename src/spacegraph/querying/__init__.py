"""Running researchers' queries safely: time limits, cancel, row caps, SERVICE policy, and
immutable snapshots so that a build can write while the endpoint serves.

| module | one job |
|---|---|
| ``policy.py`` | which SERVICE targets a query may call |
| ``worker.py`` | run and serialize one query (in a worker process or in this one) |
| ``pool.py`` | the worker processes: deadlines, kill, cancel, replacement, snapshot switch |
| ``snapshots.py`` | publish / find / prune the store's snapshots |
| ``reader.py`` | quick in-process reads of the current snapshot; the no-worker runner |
"""

from __future__ import annotations

from .policy import check_query, check_service_target
from .pool import QueryCancelled, WorkerLost, WorkerPool
from .reader import InProcessRunner, SnapshotReader
from .snapshots import current_snapshot, ensure_snapshot, publish_snapshot
from .worker import Answer, Job

__all__ = [
    "Answer",
    "InProcessRunner",
    "Job",
    "QueryCancelled",
    "SnapshotReader",
    "WorkerLost",
    "WorkerPool",
    "check_query",
    "check_service_target",
    "current_snapshot",
    "ensure_snapshot",
    "publish_snapshot",
]
