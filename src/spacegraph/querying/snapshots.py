"""Immutable snapshots of the store, so that a build can write while the endpoint serves.

The store folder is written by ``build`` (and ``load``); the server never opens it. After
a successful write the writer publishes a snapshot: a consistent backup of the store (hard
links to the engine's immutable files when on the same file system, so it is cheap) in

    <store>.snapshots/<n>/       n = 1, 2, 3 ... zero-padded
    <store>.snapshots/CURRENT    the name of the newest complete snapshot

CURRENT is replaced atomically (a temporary file, then ``os.replace``), after the backup is
complete, so a reader sees either the old snapshot or the new one, never a partial one.
The server watches CURRENT and moves its workers to the new snapshot; it deletes older
snapshots once none of its workers reads them, and the publisher keeps at most
:data:`KEEP` of them in case no server is running.

Every process that opens a snapshot holds a :class:`Lease` on it, a shared ``flock`` on
``<n>.lease`` beside it; :func:`prune` deletes a snapshot only under an exclusive lock on
that file, so no publisher or other server deletes a snapshot that some process still
reads, however quickly builds follow each other. The kernel drops the lock of a process
that dies, so a killed reader never pins a snapshot.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import StoreError
from ..store import Store

POINTER = "CURRENT"
#: Snapshots a publisher leaves behind (the current one included).
KEEP = 3


def snapshots_dir(store_path: Path) -> Path:
    """Where the snapshots of the store at ``store_path`` live: a sibling folder."""
    return store_path.parent / f"{store_path.name}.snapshots"


def current_snapshot(store_path: Path) -> Path | None:
    """The snapshot CURRENT names, or None when there is none (yet)."""
    folder = snapshots_dir(store_path)
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = folder / name
    return path if name and path.is_dir() else None


class Lease:
    """A shared lock on ``snapshot``: while it is held, :func:`prune` leaves the snapshot be.

    Raises StoreError when the snapshot was deleted before the lock was taken.
    """

    def __init__(self, snapshot: Path) -> None:
        self.snapshot = snapshot
        self._file = open(_lease_file(snapshot), "ab")  # noqa: SIM115 (held until released)
        fcntl.flock(self._file, fcntl.LOCK_SH)
        if not snapshot.is_dir():
            self.release()
            raise StoreError(f"the snapshot {snapshot} was deleted before it could be opened")

    def release(self) -> None:
        self._file.close()


def open_snapshot(snapshot: Path) -> tuple[Store, Lease]:
    """``snapshot`` opened read-only, and the lease that keeps it from being deleted (hold
    it as long as the store is used)."""
    lease = Lease(snapshot)
    try:
        return Store(snapshot, read_only=True), lease
    except BaseException:
        lease.release()
        raise


def publish_snapshot(store: Store, store_path: Path | None = None) -> Path:
    """Back ``store`` up as the next snapshot and make it CURRENT; returns its folder.

    ``store`` is the open store just written (read-write or read-only); its path is the
    default ``store_path``.
    """
    store_path = store_path or store.path
    if store_path is None:
        raise StoreError("an in-memory store has no snapshots")
    folder = snapshots_dir(store_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _next_name(folder)
    building = folder / f".building-{target.name}-{os.getpid()}"
    store.backup(building)
    os.replace(building, target)  # a complete snapshot appears under its final name at once
    _write_pointer(folder, target.name)
    prune(store_path, keep=KEEP)
    return target


def ensure_snapshot(store_path: Path) -> Path:
    """The current snapshot, publishing one from the store first if there is none.

    This is how a server starts on a store built before snapshots existed. The store is
    opened read-only for the backup, so it may be held by no other writer.
    """
    found = current_snapshot(store_path)
    if found is not None:
        return found
    if not store_path.is_dir():
        raise StoreError(f"no store at {store_path}: run `spacegraph build` first")
    source = Store(store_path, read_only=True)
    try:
        return publish_snapshot(source, store_path)
    finally:
        source.close()


def prune(store_path: Path, *, keep: int = KEEP, in_use: set[Path] | frozenset[Path] = frozenset()):
    """Delete snapshots older than the newest ``keep``, except CURRENT, ``in_use`` and those
    a process holds a :class:`Lease` on.

    Unfinished backups (``.building-*``) of processes that are gone are removed too.
    """
    folder = snapshots_dir(store_path)
    current = current_snapshot(store_path)
    names = sorted(entry.name for entry in _snapshot_entries(folder))
    protected = {p.resolve() for p in in_use} | ({current.resolve()} if current else set())
    for name in names[: max(len(names) - keep, 0)]:
        path = folder / name
        if path.resolve() not in protected:
            _delete_unless_leased(path)
    for leftover in folder.glob(".building-*"):
        # RocksDB checkpoints into <name>.tmp
        pid = leftover.name.removesuffix(".tmp").rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _lease_file(snapshot: Path) -> Path:
    return snapshot.parent / f"{snapshot.name}.lease"


def _delete_unless_leased(snapshot: Path) -> None:
    lease = _lease_file(snapshot)
    with open(lease, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # somebody reads it: a later prune deletes it
        shutil.rmtree(snapshot, ignore_errors=True)
        lease.unlink(missing_ok=True)


def _snapshot_entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [entry for entry in folder.iterdir() if entry.is_dir() and entry.name.isdigit()]


def _next_name(folder: Path) -> str:
    numbers = [int(entry.name) for entry in _snapshot_entries(folder)]
    return f"{max(numbers, default=0) + 1:06d}"


def _write_pointer(folder: Path, name: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pointer-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(name + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, folder / POINTER)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
