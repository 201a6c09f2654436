"""Run the web app with waitress, a production WSGI server (not Flask's dev server).

The query workers start before the first request is accepted, so the first query is not
slowed by their start, and are stopped when the server stops. waitress buffers a request
body before the app sees it, so it is told to refuse bodies far over ``max_request_bytes``
itself (a plain-text 413): a body a little over the limit still reaches the app, which
refuses it with the JSON error shape. waitress has a few more threads than there are
workers, so that small requests (pages, cancel) are answered while every worker is busy.
"""

from __future__ import annotations

import waitress

from .settings import Settings
from .web import create_app
from .web.sparql import RUNNER


def serve(settings: Settings | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the SPARQL endpoint over the store at ``settings.store`` until interrupted."""
    settings = settings or Settings.from_env()
    app = create_app(settings)
    runner = app.extensions[RUNNER]
    runner.start()
    try:
        waitress.serve(
            app,
            host=host,
            port=port,
            ident="spacegraph",
            threads=max(4, settings.query_workers + 4),
            max_request_body_size=4 * settings.max_request_bytes + 65_536,
        )
    finally:
        runner.close()
