"""Run the web app with waitress, a production WSGI server (not Flask's dev server).

The query workers start before the first request is accepted, so the first query is not
slowed by their start, and are stopped when the server stops. waitress buffers a request
body before the app sees it, so it is told to refuse bodies far over ``max_request_bytes``
itself (a plain-text 413): a body a little over the limit still reaches the app, which
refuses it with the JSON error shape. waitress has a few more threads than there are
workers, so that small requests (pages, cancel) are answered while every worker is busy.

A request whose body has a transfer coding other than ``chunked`` (``gzip, chunked``) is
answered 400 with the reason: waitress would answer 501, but the request is the client's
to mend (send the body plain, chunked or with a Content-Length), and RFC 9112 section 6.1
asks 400 of a server when ``chunked`` is not the final coding.
"""

from __future__ import annotations

import logging

import waitress
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError, TransferEncodingNotImplemented
from waitress.server import BaseWSGIServer, MultiSocketServer

from .settings import Settings
from .web import create_app
from .web.sparql import RUNNER


class _Parser(HTTPRequestParser):
    def parse_header(self, header_plus: bytes) -> None:
        try:
            super().parse_header(header_plus)
        except TransferEncodingNotImplemented:
            raise ParsingError(
                "Transfer-Encoding other than 'chunked' is not accepted: send the body "
                "plain with Content-Length, or chunked alone"
            ) from None


class _Channel(HTTPChannel):
    parser_class = _Parser


def create_server(
    app: Flask, settings: Settings, host: str = "127.0.0.1", port: int = 8000, **options
) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server for ``app`` with the limits of ``settings`` (not yet running);
    ``options`` (waitress's own) override them."""
    limits = {
        "ident": "spacegraph",
        "threads": max(4, settings.query_workers + 4),
        "max_request_body_size": 4 * settings.max_request_bytes + 65_536,
    }
    server = waitress.create_server(app, host=host, port=port, **(limits | options))
    single = not isinstance(server, MultiSocketServer)  # a host name may have several addresses
    for dispatcher in [server] if single else server.map.values():
        dispatcher.channel_class = _Channel
    return server


def serve(settings: Settings | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the SPARQL endpoint over the store at ``settings.store`` until interrupted."""
    settings = settings or Settings.from_env()
    app = create_app(settings)
    runner = app.extensions[RUNNER]
    runner.start()
    try:
        logging.basicConfig()  # for waitress's "Serving on" line
        server = create_server(app, settings, host, port)
        server.print_listen("Serving on http://{}:{}")
        server.run()
    finally:
        runner.close()
