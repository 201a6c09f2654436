"""One JSON error body for every error the web app returns: ``SpacegraphError.to_dict()``.

Domain errors raised below the web layer, Flask's and werkzeug's own HTTP errors (404, 405,
413...) and anything unexpected all leave as ``{"error", "message", "status"}`` with that
status. Bad input is a 4xx; only a store failure or a bug is a 500, and those are logged.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from ..errors import NotAcceptable, RequestTooLarge, SpacegraphError, UnsupportedMediaType


class BadRequest(SpacegraphError):
    """A request the SPARQL Protocol does not allow: no query, two queries, bad encoding."""

    status = 400
    kind = "bad-request"


class HttpError(SpacegraphError):
    """A werkzeug HTTP error (404, 405...) in our shape; ``kind`` is its name as a slug."""

    def __init__(self, message: str, status: int, kind: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


#: werkzeug errors that have a spacegraph kind of their own keep that kind.
_KNOWN_KINDS: dict[int, type[SpacegraphError]] = {
    error.status: error for error in (NotAcceptable, RequestTooLarge, UnsupportedMediaType)
}


def error_response(error: SpacegraphError) -> Response:
    response = jsonify(error.to_dict())
    response.status_code = error.status
    return response


def _from_http_exception(error: HTTPException) -> SpacegraphError:
    status = error.code or 500
    message = error.description or error.name
    if status == 405:
        allowed = ", ".join(sorted(getattr(error, "valid_methods", None) or []))
        message = f"{request.method} is not allowed on {request.path}; use {allowed}"
    if status in _KNOWN_KINDS:
        return _KNOWN_KINDS[status](message)
    return HttpError(message, status, error.name.lower().replace(" ", "-"))


def _handle_spacegraph_error(error: SpacegraphError) -> Response:
    if error.status >= 500:
        current_app.logger.error("%s: %s", error.kind, error.message, exc_info=error)
    return error_response(error)


def _handle_http_exception(error: HTTPException) -> Response:
    response = error_response(_from_http_exception(error))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _handle_unexpected(error: Exception) -> Response:
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(HttpError("internal error; it has been logged", 500, "internal-error"))


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(SpacegraphError, _handle_spacegraph_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
