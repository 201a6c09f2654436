"""The web app: ``create_app()`` builds it; the store lives in ``app.extensions``.

Tests pass their own settings and store; production reads the environment and opens the
store read-only.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request, url_for

from ..settings import Settings
from ..store import Store
from . import sparql
from .errors import register_error_handlers

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Flask:
    """The Flask app over ``store`` (default: the store at ``settings.store``, read-only)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        SPACEGRAPH_SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
    )
    app.extensions["spacegraph"] = (
        store if store is not None else Store(settings.store, read_only=True)
    )
    register_error_handlers(app)
    app.register_blueprint(sparql.bp)
    app.add_url_rule("/", "index", _index)
    app.after_request(_cors)
    return app


def _index() -> Response:
    return jsonify({"name": "spacegraph", "sparql": url_for("sparql.query", _external=True)})


def _cors(response: Response) -> Response:
    """Every route only reads, so any origin may call it (preflight included)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
