"""The SPARQL 1.1 Graph Store HTTP Protocol, for reading: ``/data``.

- ``GET /data?graph=IRI``: one named graph (a document's facts, the reference data...);
- ``GET /data?default``: the default graph, which is the union of all named graphs;
- ``GET /data``: the whole dataset with its named graphs (TriG, N-Quads or JSON-LD), the
  download the VoID description links as ``void:dataDump``.

A single graph is negotiated (``format=`` or ``Accept``) over the formats the endpoint serves
CONSTRUCT results in, with the same code; the whole dataset over the export formats that keep
named graphs. ``HEAD`` answers the same headers without the body. The store is read-only, so
the protocol's writing methods (PUT, POST, DELETE, PATCH) are refused with 403, as SPARQL
updates are.
"""

from __future__ import annotations

from flask import Blueprint, Request, Response, current_app, request

from ..errors import ForbiddenOperation, NotAcceptable
from ..store import EXPORT_FORMATS, Store
from .errors import BadRequest, HttpError
from .negotiation import choose_media_type, content_type

bp = Blueprint("graphstore", __name__)

#: Every triple of the query's default graph; the dataset picks which graph that is.
ALL_TRIPLES = "CONSTRUCT WHERE { ?s ?p ?o }"

#: The export formats that keep named graphs, by CLI name; the first is the default.
DATASET_FORMATS = {name: fmt for name, fmt in EXPORT_FORMATS.items() if fmt.supports_datasets}

WRITE_METHODS = ["PUT", "POST", "DELETE", "PATCH"]


@bp.get("/data")
def data() -> Response:
    """One graph (``?graph=IRI`` or ``?default``) or, with neither, the whole dataset."""
    store: Store = current_app.extensions["spacegraph"]
    names = request.args.getlist("graph")
    default = "default" in request.args
    if len(names) > 1 or (names and default):
        raise BadRequest("name one graph: either ?graph=IRI (once) or ?default, not both")
    if not names and not default:
        return _dataset(store, request)
    if names and names[0] not in store.graph_names():
        raise HttpError(
            f"there is no graph <{names[0]}> in this dataset; the named graphs are listed in "
            "the service description (GET /sparql) and in /.well-known/void",
            404,
            "not-found",
        )
    outcome = store.query(ALL_TRIPLES, default_graphs=names or None)
    media_type = choose_media_type(outcome, request)
    return Response(outcome.serialize(media_type), content_type=content_type(media_type))


@bp.route("/data", methods=WRITE_METHODS)
def refuse_write() -> Response:
    raise ForbiddenOperation(
        f"this endpoint is read-only: the Graph Store Protocol's {request.method} is not "
        "accepted; GET /data?graph=IRI (or ?default) reads a graph"
    )


@bp.after_request
def _vary_on_accept(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def _dataset(store: Store, req: Request) -> Response:
    name = dataset_format(req)
    fmt = DATASET_FORMATS[name]
    response = Response(store.dump(name), content_type=content_type(_bare(fmt.media_type)))
    response.headers["Content-Disposition"] = f'inline; filename="spacegraph.{fmt.file_extension}"'
    return response


def dataset_format(req: Request) -> str:
    """The name (a key of :data:`DATASET_FORMATS`) of the format to send the dataset in.

    ``format=`` (name, file extension or media type) overrides ``Accept``; with neither, or
    ``*/*``, the first format.
    """
    media_types = {_bare(fmt.media_type): name for name, fmt in DATASET_FORMATS.items()}
    requested = req.args.getlist("format")
    for value in requested:
        key = value.strip().lower()
        for name, fmt in DATASET_FORMATS.items():
            if key in (name, fmt.file_extension, _bare(fmt.media_type)):
                return name
    available = ", ".join(media_types)
    if requested:
        raise NotAcceptable(
            f"format={requested[0]!r} cannot hold a dataset with named graphs; available: "
            f"{available} (or ask for one graph with ?graph=IRI or ?default)"
        )
    if not req.accept_mimetypes:
        return next(iter(DATASET_FORMATS))
    best = req.accept_mimetypes.best_match(list(media_types))
    if best is None:
        raise NotAcceptable(
            f"none of the accepted media types ({req.headers.get('Accept', '')}) can hold a "
            f"dataset with named graphs; available: {available} (or ask for one graph with "
            "?graph=IRI or ?default)"
        )
    return media_types[best]


def _bare(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip()
