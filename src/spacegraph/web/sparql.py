"""The SPARQL 1.1 Protocol endpoint: ``GET`` and ``POST /sparql``, read-only.

Reading the request (which query, which dataset) is kept apart from answering it, so that
each refusal maps to one error kind: no query 400, update 403, SERVICE to a host not allowed
403, body type 415, too large 413; past the time limit 503, cancelled 409.

Beyond the protocol, a request may ask for less than the server's limits:

- ``timeout=SECONDS``: a lower time limit (a higher one is cut to the setting);
- ``max-rows=N``: a lower row cap (likewise).

Every answer carries ``X-Query-Id`` (the client's own ``X-Query-Id`` header, else a new
id), which ``POST /sparql/cancel?id=...`` takes to stop the query while it runs. A result
carries ``X-Spacegraph-Rows`` (rows, or triples, returned) and ``X-Spacegraph-Truncated``
(``true`` when the row cap cut it; SPARQL results formats have no flag of their own).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint, Request, Response, current_app, g, jsonify, request
from werkzeug.datastructures import MultiDict

from ..errors import (
    ForbiddenOperation,
    QueryNotRunning,
    RequestTooLarge,
    UnsupportedMediaType,
)
from ..querying import Job, check_query
from ..querying.policy import operation
from ..querying.worker import KINDS
from ..settings import Settings
from .describe import service_description
from .errors import BadRequest
from .negotiation import choices, content_type

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass(frozen=True)
class SparqlRequest:
    """What a protocol request asks: the query text and the dataset it names, if any."""

    query: str
    default_graphs: list[str]
    named_graphs: list[str]


#: The extension key of the object that runs the endpoint's queries (a WorkerPool, or an
#: InProcessRunner for an app given its own store).
RUNNER = "spacegraph.runner"
QUERY_ID_HEADER = "X-Query-Id"
#: The first keyword of a SPARQL 1.1 Update operation (after its prologue): the refusal of
#: ``update=SELECT ...`` must not call SELECT an update.
UPDATE_OPERATIONS = frozenset(
    {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH"}
)
_QUERY_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")


@dataclass(frozen=True)
class Limits:
    """The limits one request runs under: the settings', or lower ones it asked for."""

    timeout: float
    max_rows: int


@bp.route("/sparql", methods=["GET", "POST"])
def query() -> Response:
    settings: Settings = current_app.config["SPACEGRAPH_SETTINGS"]
    if request.method == "GET" and "query" not in request.args and "update" not in request.args:
        return service_description()  # SPARQL 1.1 Service Description; browsers: query page
    query_id = read_query_id(request)
    asked = read_request(request, settings)
    limits = read_limits(request, settings)
    check_query(asked.query, settings.service_hosts)
    job = make_job(
        asked.query,
        limits,
        default_graphs=tuple(asked.default_graphs) or None,
        named_graphs=tuple(asked.named_graphs) or None,
    )
    return execute(job, limits, query_id)


def make_job(
    sparql: str,
    limits: Limits,
    *,
    substitutions: Mapping[str, object] | None = None,
    default_graphs: tuple[str, ...] | None = None,
    named_graphs: tuple[str, ...] | None = None,
) -> Job:
    """The job for ``sparql`` under ``limits``, serialized as this request negotiates (also
    the saved queries' route, ``web/saved.py``)."""
    media_types, refused = choices(request, KINDS)
    return Job(
        sparql=sparql,
        media_types=media_types,
        not_acceptable=refused,
        row_cap=limits.max_rows,
        substitutions=substitutions,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        base_iri=request.base_url,
    )


def execute(job: Job, limits: Limits, query_id: str) -> Response:
    """Run ``job`` with the app's runner and answer with its result and headers (also
    the saved queries' route, ``web/saved.py``)."""
    runner = current_app.extensions[RUNNER]
    answer = runner.execute(job, timeout=limits.timeout, query_id=query_id)
    response = Response(answer.body, content_type=content_type(answer.media_type))
    if answer.rows is not None:
        response.headers["X-Spacegraph-Rows"] = str(answer.rows)
        response.headers["X-Spacegraph-Truncated"] = "true" if answer.truncated else "false"
        response.headers["X-Spacegraph-Row-Cap"] = str(limits.max_rows)
    if runner.enforces_limits:
        response.headers["X-Spacegraph-Timeout"] = f"{limits.timeout:g}"
    return response


@bp.route("/sparql/cancel", methods=["POST"])
def cancel() -> Response:
    """Stop a running query: ``POST /sparql/cancel?id=QUERY_ID`` (or ``id`` in a form body).

    200 ``{"id", "cancelled": true}`` when it was running; 404 when no query with that id is
    running (finished already, never started, or the server runs queries without workers).
    The cancelled query's own request is answered 409 ``cancelled``.
    """
    query_id = request.values.get("id", "")
    if not _QUERY_ID.fullmatch(query_id):
        raise BadRequest("pass the id of the query to cancel as id=... (its X-Query-Id)")
    if not current_app.extensions[RUNNER].cancel(query_id):
        raise QueryNotRunning(f"no query with id {query_id!r} is running")
    return jsonify({"id": query_id, "cancelled": True})


@bp.after_request
def vary_on_accept(response: Response) -> Response:
    response.vary.add("Accept")
    query_id = g.get("query_id")
    if query_id:
        response.headers[QUERY_ID_HEADER] = query_id
    return response


def read_query_id(req: Request) -> str:
    """The client's ``X-Query-Id`` when it is a plain token, else a new random one."""
    given = req.headers.get(QUERY_ID_HEADER, "").strip()
    g.query_id = given if _QUERY_ID.fullmatch(given) else uuid.uuid4().hex
    if given and given != g.query_id:
        raise BadRequest(f"{QUERY_ID_HEADER} must be 1-100 letters, digits or . _ : - characters")
    return g.query_id


def read_limits(req: Request, settings: Settings) -> Limits:
    """``timeout=`` and ``max-rows=``, each cut to the server's own limit."""
    timeout = settings.query_timeout
    given = req.values.get("timeout")
    if given:
        try:
            asked = float(given)
        except ValueError:
            asked = math.nan
        if not math.isfinite(asked) or asked <= 0:
            raise BadRequest(f"timeout={given!r} is not a positive number of seconds")
        timeout = min(asked, timeout)
    max_rows = settings.max_rows
    given = req.values.get("max-rows")
    if given:
        if not given.isdigit():
            raise BadRequest(f"max-rows={given!r} is not a whole number")
        max_rows = min(int(given), max_rows)
    return Limits(timeout, max_rows)


def read_request(req: Request, settings: Settings) -> SparqlRequest:
    """The query and dataset of a protocol request, or the error that refuses it."""
    if req.content_length is not None and req.content_length > settings.max_request_bytes:
        raise RequestTooLarge(
            f"the request body is {req.content_length} bytes; the limit is "
            f"{settings.max_request_bytes}"
        )
    if req.method == "GET":
        texts, params = _refuse_update(req.args).getlist("query"), req.args
    elif req.mimetype == FORM:
        texts, params = _refuse_update(req.form).getlist("query"), req.values
    elif req.mimetype == QUERY_BODY:
        texts, params = [_body_text(req)], req.args
    elif req.mimetype == UPDATE_BODY:
        raise _read_only(_body_text(req))
    else:
        raise UnsupportedMediaType(
            f"cannot read a POST body of type {req.mimetype or '(none)'!r}; "
            f"send {FORM} with query=... or {QUERY_BODY}"
        )
    text = _one_query(texts, settings)
    if operation(text) in UPDATE_OPERATIONS:  # an update sent as a query is refused as one
        raise _read_only(text)
    return SparqlRequest(
        query=text,
        default_graphs=params.getlist("default-graph-uri"),
        named_graphs=params.getlist("named-graph-uri"),
    )


def _refuse_update(params: MultiDict[str, str]) -> MultiDict[str, str]:
    if "update" in params:
        raise _read_only(params.get("update", ""))
    return params


def _read_only(update: str) -> ForbiddenOperation:
    """The refusal of an update, naming its operation (LOAD, INSERT, CLEAR...)."""
    name = operation(update)
    what = f"{name} is a SPARQL update" if name in UPDATE_OPERATIONS else "SPARQL updates"
    return ForbiddenOperation(
        f"this endpoint is read-only: {what}; updates (LOAD, INSERT, DELETE, CLEAR, DROP...) "
        "are not accepted"
    )


def _body_text(req: Request) -> str:
    try:
        return req.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the query body is not valid UTF-8: {error}") from error


def _one_query(texts: list[str], settings: Settings) -> str:
    if not texts or not texts[0].strip():
        raise BadRequest(
            "no SPARQL query: pass it as the 'query' parameter (GET or form POST) "
            f"or POST it as the body with Content-Type {QUERY_BODY}"
        )
    if len(texts) > 1:
        raise BadRequest(f"exactly one 'query' parameter is allowed, got {len(texts)}")
    text = texts[0]
    if len(text) > settings.max_query_length:
        raise RequestTooLarge(
            f"the query is {len(text)} characters; the limit is {settings.max_query_length}"
        )
    return text
