"""Run the web app with waitress, a production WSGI server (not Flask's dev server)."""

from __future__ import annotations

import waitress

from .settings import Settings
from .web import create_app


def serve(settings: Settings | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the SPARQL endpoint over the store at ``settings.store`` until interrupted."""
    app = create_app(settings)
    waitress.serve(app, host=host, port=port, ident="spacegraph")
