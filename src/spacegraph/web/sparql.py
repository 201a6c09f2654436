"""The SPARQL 1.1 Protocol endpoint: ``GET`` and ``POST /sparql``, read-only.

Reading the request (which query, which dataset) is kept apart from answering it, so that
each refusal maps to one error kind: no query 400, update 403, body type 415, too large 413.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Request, Response, current_app, request
from werkzeug.datastructures import MultiDict

from ..errors import ForbiddenOperation, RequestTooLarge, UnsupportedMediaType
from ..settings import Settings
from ..store import Store
from .errors import BadRequest
from .negotiation import choose_media_type, content_type

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


@bp.route("/sparql", methods=["GET", "POST"])
def query() -> Response:
    settings: Settings = current_app.config["SPACEGRAPH_SETTINGS"]
    store: Store = current_app.extensions["spacegraph"]
    asked = read_request(request, settings)
    outcome = store.query(
        asked.query,
        default_graphs=asked.default_graphs or None,
        named_graphs=asked.named_graphs or None,
    )
    media_type = choose_media_type(outcome, request)
    return Response(outcome.serialize(media_type), content_type=content_type(media_type))


@bp.after_request
def _vary_on_accept(response: Response) -> Response:
    response.vary.add("Accept")
    return response


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
        raise ForbiddenOperation("this endpoint is read-only: SPARQL updates are not accepted")
    else:
        raise UnsupportedMediaType(
            f"cannot read a POST body of type {req.mimetype or '(none)'!r}; "
            f"send {FORM} with query=... or {QUERY_BODY}"
        )
    return SparqlRequest(
        query=_one_query(texts, settings),
        default_graphs=params.getlist("default-graph-uri"),
        named_graphs=params.getlist("named-graph-uri"),
    )


def _refuse_update(params: MultiDict[str, str]) -> MultiDict[str, str]:
    if "update" in params:
        raise ForbiddenOperation("this endpoint is read-only: SPARQL updates are not accepted")
    return params


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
