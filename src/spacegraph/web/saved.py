"""Saved queries over HTTP, at stable URLs: ``GET /queries`` and ``GET /queries/<slug>``.

``GET /queries`` lists them as JSON (slug, title, description, parameters with their kind,
and the URL of each). ``GET /queries/<slug>?name=value&format=csv`` runs one: its parameters
come from the query string and are bound by the store with ``substitutions`` (``saved.py``),
never pasted into the query text; the result is negotiated by ``format=`` or ``Accept``
(JSON, XML, CSV, TSV) and the query runs through the same worker pool, limits (``timeout=``,
``max-rows=``) and headers (``X-Query-Id``, ``X-Spacegraph-Rows``...) as ``/sparql``.

Errors keep the one JSON error shape: an unknown slug is 404 ``not-found``; a parameter that
the query does not declare, is given twice or empty, is not of its kind (an IRI, an
integer...) or is required and missing is 400 ``bad-parameter``, with a message that names it.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from ..querying import check_query
from ..saved import ParameterError, SavedQuery, find_saved_query, saved_queries
from ..settings import Settings
from .sparql import execute, make_job, read_limits, read_query_id, vary_on_accept

bp = Blueprint("saved", __name__)
bp.after_request(vary_on_accept)

#: Query-string names that belong to the protocol, not to the saved query's parameters.
RESERVED = frozenset({"format", "timeout", "max-rows"})


@bp.route("/queries")
def index() -> Response:
    listed = []
    for saved in saved_queries(_settings().queries):
        entry = saved.to_dict()
        entry["url"] = url_for("saved.run", slug=saved.slug, _external=True)
        listed.append(entry)
    return jsonify({"queries": listed})


@bp.route("/queries/<slug>")
def run(slug: str) -> Response:
    settings = _settings()
    query_id = read_query_id(request)
    saved = find_saved_query(settings.queries, slug)
    substitutions = saved.bind(_values(saved))
    check_query(saved.text, settings.service_hosts)
    limits = read_limits(request, settings)
    job = make_job(saved.text, limits, substitutions=substitutions)
    return execute(job, limits, query_id)


def _values(saved: SavedQuery) -> dict[str, str]:
    """The query string's parameter values, each given once and not empty."""
    values = {}
    for name in request.args:
        if name in RESERVED:
            continue
        given = request.args.getlist(name)
        if len(given) > 1:
            raise ParameterError(f"{name} is given {len(given)} times; give it once")
        if not given[0].strip():
            raise ParameterError(f"{name} is empty; {saved.parameter(name).description}")
        values[name] = given[0]
    return values


def _settings() -> Settings:
    return current_app.config["SPACEGRAPH_SETTINGS"]
