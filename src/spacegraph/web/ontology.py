"""``GET /ontology``: the ontology's documentation for people, the ontology for RDF clients.

A browser (or a client that sends no ``Accept``) gets the HTML that ``ontology_docs.py``
generates from ``ontology/`` and ``shapes/``; a client that prefers an RDF format gets the
ontology in it: Turtle as the files are written (comments and all), the other formats by the
engine, from the same tables and negotiation code as ``/sparql``. ``format=html`` or
``format=turtle`` (any short name ``/sparql`` knows) overrides ``Accept``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, request

from ..errors import NotAcceptable
from ..ontology_docs import render_html
from ..settings import Settings
from ..store import QueryOutcome, Store
from ..vocab import ONTOLOGY_GRAPH
from .negotiation import choose_for_kind, content_type

bp = Blueprint("ontology", __name__)

_HTML = "text/html"
_TURTLE = "text/turtle"
_RDF_GRAPH = QueryOutcome("graph", None)


@bp.get("/ontology")
def ontology() -> Response:
    settings: Settings = current_app.config["SPACEGRAPH_SETTINGS"]
    media_type = _choose()
    files = _files(settings.ontology)
    if media_type == _HTML:
        html = _html(settings.ontology, settings.shapes, _stamp(files + _files(settings.shapes)))
        body = html.encode("utf-8")
    elif media_type == _TURTLE:
        body = b"\n".join(path.read_bytes() for path in files)
    else:
        body = _other_format(tuple(files), _stamp(files), media_type)
    response = Response(body, content_type=content_type(media_type))
    response.vary.add("Accept")
    return response


def _choose() -> str:
    """``text/html`` or the RDF media type the client asked for (406 when none fits)."""
    requested = request.values.getlist("format")
    if requested:
        if requested[0].strip().lower() in {"html", _HTML}:
            return _HTML
        media_type = _RDF_GRAPH.media_type_for(requested[0])
        if media_type is None:
            offered = ", ".join(["html", *_RDF_GRAPH.media_types()])
            raise NotAcceptable(f"format={requested[0]!r} is not available; available: {offered}")
        return media_type
    accept = request.accept_mimetypes
    if not accept or accept.best_match([_HTML, *_RDF_GRAPH.media_types()]) == _HTML:
        return _HTML
    return choose_for_kind("graph", request)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl"))


def _stamp(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """What the cache is keyed on: each file's path, size and modification time."""
    return tuple((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in files)


@lru_cache(maxsize=4)
def _html(ontology_dir: Path, shapes_dir: Path, stamp: tuple[object, ...]) -> str:
    return render_html(ontology_dir, shapes_dir)


@lru_cache(maxsize=8)
def _other_format(files: tuple[Path, ...], stamp: tuple[object, ...], media_type: str) -> bytes:
    """The ontology's triples in ``media_type``, serialized by the engine."""
    store = Store()
    for path in files:
        store.load_file(path, graph=str(ONTOLOGY_GRAPH))
    return store.query("CONSTRUCT WHERE { ?s ?p ?o }").serialize(media_type)
