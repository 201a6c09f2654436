"""Fixtures: a fresh store per test, the app over it, and that app on a real HTTP server;
the authority, and a reader that extracts a short statement of a test's own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from waitress import wasyncore

from spacegraph.authority import Authority, load_authority
from spacegraph.extract import extract
from spacegraph.pipeline import build
from spacegraph.serve import create_server
from spacegraph.settings import PROJECT_DIR, Settings
from spacegraph.sources import read_document
from spacegraph.store import Store
from spacegraph.web import create_app
from spacegraph.web.sparql import RUNNER

FIXTURES = Path(__file__).parent / "fixtures"
WEB_DATA = FIXTURES / "web" / "data.trig"


@pytest.fixture(scope="session")
def authority() -> Authority:
    """The authority file of the project (``reference/``), read once."""
    return load_authority(Settings().reference)


@pytest.fixture
def read(authority: Authority, tmp_path: Path):
    """``read(stem, text)``: the extraction of ``text`` saved as ``<stem>.txt`` (the stem
    names the dialogue, as a file name in ``sources/`` does)."""

    def run(stem: str, text: str):
        path = tmp_path / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        return extract(read_document(path), authority)

    return run


@pytest.fixture
def store() -> Store:
    """A new in-memory store holding the two named graphs of ``fixtures/web/data.trig``."""
    fresh = Store()
    fresh.load_file(WEB_DATA)
    return fresh


@pytest.fixture(scope="session")
def corpus_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``sources/`` and the page fixtures (``fixtures/pages``) built once per session, kept
    as N-Quads for tests that load a fresh store of the corpus."""
    built = Store()
    report = build([PROJECT_DIR / "sources", FIXTURES / "pages"], Settings(), store=built)
    assert not report.rejected, report.rejected
    path = tmp_path_factory.mktemp("corpus") / "dataset.nq"
    path.write_bytes(built.dump("nquads"))
    return path


@pytest.fixture
def corpus_store(corpus_nquads: Path) -> Store:
    """A fresh in-memory store of :func:`corpus_nquads`."""
    fresh = Store()
    fresh.load_file(corpus_nquads)
    return fresh


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``sources/`` built once per session into a store on disk, as ``spacegraph build``
    does. Tests only read it (servers over it publish their snapshots beside it)."""
    folder = tmp_path_factory.mktemp("built") / "store"
    report = build(None, Settings(store=folder))
    assert report.exit_code == 0, [r.reason for r in report.rejected]
    return folder


@pytest.fixture(scope="module")
def built_app(built_store: Path) -> Iterator[Flask]:
    """The production app over :func:`built_store`: a snapshot reader and a pool of one
    query worker process, stopped at the end of the module."""
    served = create_app(Settings(store=built_store, query_workers=1))
    yield served
    served.extensions[RUNNER].close()


@pytest.fixture
def generated_store(tmp_path: Path) -> Path:
    """A store on disk with 3,000 generated triples in one graph: enough for a runaway
    cross product."""
    path = tmp_path / "store"
    lines = [
        f"<http://e/{i}> <http://p/{i % 7}> <http://e/{(i * 31) % 3000}> ." for i in range(3000)
    ]
    data = tmp_path / "generated.nt"
    data.write_text("\n".join(lines) + "\n")
    store = Store(path)
    store.load_file(data, "http://example.org/generated")
    store.close()
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Small limits so the 413 tests need small requests; the store path is never opened."""
    return Settings(
        store=tmp_path / "unused-store", max_query_length=2_000, max_request_bytes=8_000
    )


@pytest.fixture
def app(settings: Settings, store: Store) -> Flask:
    return create_app(settings, store=store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def live_server(app: Flask, settings: Settings) -> Iterator[str]:
    """The app served as ``spacegraph serve`` serves it, on 127.0.0.1 (a free port) in a
    thread; yields its base URL.

    The thread drives waitress's event loop itself so that it can stop between two turns and
    close every socket from the thread that owns them.
    """
    socket_map: dict[int, object] = {}
    server = create_server(app, settings, port=0, threads=4, map=socket_map)
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=socket_map, count=1)
        server.close()
        wasyncore.close_all(socket_map)
        server.task_dispatcher.shutdown()

    thread = threading.Thread(target=run, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=10)
