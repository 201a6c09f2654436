"""The web app: ``create_app()`` builds it; the store lives in ``app.extensions``.

Tests pass their own settings and store: the endpoint's queries then run in the web
process. Production reads the environment and serves the store's current snapshot (see
``querying/snapshots.py``): researchers' queries run in a pool of worker processes with real
time limits and cancel (``app.extensions["spacegraph.runner"]``), and
``app.extensions["spacegraph"]`` is a read-only view of the same snapshot for the app's own
quick reads (``query``, ``graph_names``, ``graph``...), which follows the snapshot too.
"""

from __future__ import annotations

from flask import Flask, Response, request

from ..querying import InProcessRunner, SnapshotReader, WorkerPool
from ..settings import Settings
from ..store import Store
from . import describe, graphstore, limits, pages, sparql
from .errors import register_error_handlers
from .ontology import bp as ontology_bp
from .saved import bp as saved_queries_bp

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Flask:
    """The Flask app over ``store`` (default: the current snapshot of ``settings.store``).

    The worker pool starts its processes with the first query (``serve`` starts it at once)
    and stops them when the process exits, or with ``app.extensions[RUNNER].close()``.
    """
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        SPACEGRAPH_SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
    )
    if store is not None:
        app.extensions["spacegraph"] = store
        app.extensions[sparql.RUNNER] = InProcessRunner(store)
    else:
        reader = SnapshotReader(settings.store)
        app.extensions["spacegraph"] = reader
        app.extensions[sparql.RUNNER] = (
            WorkerPool(settings.store, settings.query_workers, in_use=reader.in_use)
            if settings.query_workers > 0
            else InProcessRunner(reader)
        )
    register_error_handlers(app)
    limits.install(app)  # per-client rate limit (429 + Retry-After), before every view
    app.register_blueprint(sparql.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(saved_queries_bp)
    app.register_blueprint(ontology_bp)
    app.after_request(_cors)
    return app


def _cors(response: Response) -> Response:
    """Every route only reads, so any origin may call it (preflight included)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, X-Query-Id"
        response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


#: Response headers a page on another origin may read (fetch hides the others).
EXPOSED_HEADERS = ", ".join(
    (
        "X-Query-Id",
        "X-Spacegraph-Rows",
        "X-Spacegraph-Truncated",
        "X-Spacegraph-Row-Cap",
        "X-Spacegraph-Timeout",
    )
)
