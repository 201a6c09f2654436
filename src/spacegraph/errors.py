"""The errors spacegraph raises, each with a message for a person and an HTTP status.

Below the CLI and the web app nothing prints or exits: code raises one of these, and the
edge turns it into a line on stderr with an exit code, or a JSON error body with a status.
"""

from __future__ import annotations


class SpacegraphError(Exception):
    """Base of every error spacegraph raises on purpose."""

    status = 500
    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, object]:
        return {"error": self.kind, "message": self.message, "status": self.status}


class SourceError(SpacegraphError):
    """A document could not be read: wrong encoding, empty, not text."""

    status = 422
    kind = "source-error"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ValidationFailed(SpacegraphError):
    """A document's triples violate the SHACL shapes; the report lists each violation."""

    status = 422
    kind = "validation-failed"

    def __init__(self, document: str, violations: list[str]) -> None:
        lines = "; ".join(violations[:5])
        more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
        super().__init__(f"{document}: {len(violations)} SHACL violation(s): {lines}{more}")
        self.document = document
        self.violations = violations


class QueryError(SpacegraphError):
    """A SPARQL query could not be parsed or evaluated."""

    status = 400
    kind = "bad-query"


class ForbiddenOperation(SpacegraphError):
    """An operation the endpoint refuses: updates, LOAD, SERVICE to a host not allowed."""

    status = 403
    kind = "forbidden"


class NotAcceptable(SpacegraphError):
    """No result format the client accepts fits the query."""

    status = 406
    kind = "not-acceptable"


class UnsupportedMediaType(SpacegraphError):
    """A request body in a media type the endpoint does not read."""

    status = 415
    kind = "unsupported-media-type"


class RequestTooLarge(SpacegraphError):
    """A request body or query text over the configured limit."""

    status = 413
    kind = "too-large"


class QueryTimeout(SpacegraphError):
    """A query ran past its time limit and was stopped."""

    status = 503
    kind = "timeout"


class RdfParseError(SpacegraphError):
    """An RDF file could not be parsed; nothing of it was loaded."""

    status = 400
    kind = "rdf-parse-error"


class StoreError(SpacegraphError):
    """The store could not be opened or written (locked, missing, corrupt)."""

    status = 500
    kind = "store-error"


class UnknownQuery(SpacegraphError):
    """No saved query has that slug."""

    status = 404
    kind = "not-found"


class ParameterError(SpacegraphError):
    """A parameter value that is missing, unknown to the query or not of its kind."""

    status = 400
    kind = "bad-parameter"


class SavedQueryError(SpacegraphError):
    """A saved query file whose header cannot be read (the project's fault, not the caller's)."""

    status = 500
    kind = "bad-saved-query"


class QueryCancelled(SpacegraphError):
    """The query was stopped by a cancel request."""

    status = 409
    kind = "cancelled"


class DuplicateQueryId(SpacegraphError):
    """A client-supplied query id that a running query already has."""

    status = 409
    kind = "duplicate-query-id"


class QueryNotRunning(SpacegraphError):
    status = 404
    kind = "not-found"


class ReleaseError(SpacegraphError):
    """A release cannot be written: a bad option, or a previous release that is not one."""

    status = 400
    kind = "release-error"


class ReasonerUnavailable(SpacegraphError):
    """The reasoner cannot run here (no Java): the build goes on without it."""

    status = 503
    kind = "reasoner-unavailable"


class TooManyRequests(SpacegraphError):
    status = 429
    kind = "too-many-requests"
