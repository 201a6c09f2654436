"""One query, run and serialized: :func:`answer`, and the worker process that loops on it.

pyoxigraph's results cannot cross a process boundary, so a worker serializes the result
itself: the web process sends a :class:`Job` (the query, its dataset, the media type chosen
for each kind of result, the row cap) and gets back an :class:`Answer` (bytes, media type,
kind, rows, truncated) or the :class:`~spacegraph.errors.SpacegraphError` that refused it.
The same :func:`answer` runs in the web process when the app is given a store of its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import NotAcceptable, QueryError, SpacegraphError
from ..store import Store
from .snapshots import open_snapshot

#: The kinds of result a query can have.
KINDS = ("solutions", "boolean", "graph")


@dataclass(frozen=True)
class Job:
    """A query to run, and how to serialize each kind of result it may have.

    ``media_types`` maps a result kind to the media type chosen for it; a kind missing
    from it is refused with its message in ``not_acceptable`` (negotiation happens before
    the kind is known).
    """

    sparql: str
    media_types: Mapping[str, str]
    row_cap: int
    not_acceptable: Mapping[str, str] = field(default_factory=dict)
    substitutions: Mapping[str, object] | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None  # for relative IRIs in the query: the endpoint's URL


@dataclass(frozen=True)
class Answer:
    """A serialized result. ``rows`` is None for a boolean."""

    body: bytes
    media_type: str
    kind: str
    rows: int | None
    truncated: bool


@dataclass(frozen=True)
class Failure:
    """A job that raised something other than a SpacegraphError (a bug: a 500)."""

    description: str


def answer(store: Store, job: Job) -> Answer:
    """Run ``job`` on ``store``: the serialized result, or a SpacegraphError."""
    outcome = store.query(
        job.sparql,
        job.substitutions,
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        base_iri=job.base_iri,
    )
    media_type = job.media_types.get(outcome.kind)
    if media_type is None:
        raise NotAcceptable(
            job.not_acceptable.get(outcome.kind, f"no format chosen for a {outcome.kind} result")
        )
    body, rows, truncated = outcome.serialize_capped(media_type, job.row_cap)
    return Answer(body, media_type, outcome.kind, rows, truncated)


# the worker process ------------------------------------------------------------------------


def run_worker(connection: Connection, snapshot: str) -> None:
    """A worker's life: open ``snapshot`` read-only, say ``("ready", pid)``, then answer
    jobs one at a time until the parent sends None or goes away.

    Every reply is ``("ok", Answer)``, ``("error", SpacegraphError)`` or
    ``("failure", Failure)``. The parent stops a query past its time limit by killing this
    process, so nothing here needs to watch the clock.
    """
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        store, _lease = open_snapshot(Path(snapshot))  # the lease lives as long as we do
    except SpacegraphError as error:
        connection.send(("error", error))
        return
    connection.send(("ready", os.getpid()))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(_reply(store, job))


def _reply(store: Store, job: Job) -> tuple[str, object]:
    try:
        return ("ok", answer(store, job))
    except SpacegraphError as error:
        return ("error", _portable(error))
    except BaseException as error:  # a panic in the engine is a BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        return ("failure", Failure(f"{type(error).__name__}: {error}"))


def _portable(error: SpacegraphError) -> SpacegraphError:
    """An error that survives pickling: one-argument kinds as they are, others as a
    QueryError-shaped copy with the same status and kind."""
    try:
        rebuilt = type(error)(error.message)
    except TypeError:
        rebuilt = QueryError(error.message)
        rebuilt.status = error.status
        rebuilt.kind = error.kind
    return rebuilt


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when the web process dies, so a
    runaway query never outlives the server (elsewhere the closed pipe ends the loop)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
