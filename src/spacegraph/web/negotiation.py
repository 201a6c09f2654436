"""Choose a result's media type from ``format=`` or ``Accept``, using the engine's tables.

The candidates are the media types the store can serialize the result kind to
(``QueryOutcome.media_types()``, the default first). Aliases a client may send
(``application/json``, ``application/x-turtle``, ``text/plain``...) are first mapped onto
those by the engine's own lookup, keeping their q-values, and werkzeug's ``best_match`` then
picks the candidate with the highest quality (ties go to the earlier, preferred candidate).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import NotAcceptable
from ..store import QueryOutcome

#: Every format served is UTF-8 text.
CHARSET = "utf-8"


def choose_media_type(outcome: QueryOutcome, request: Request) -> str:
    """The bare media type to answer ``outcome`` with, or :class:`NotAcceptable`."""
    return choose_for_kind(outcome.kind, request)


def choose_for_kind(kind: str, request: Request) -> str:
    """The bare media type to answer a result of ``kind`` with, or :class:`NotAcceptable`.

    ``format=`` (short name, file extension or media type) overrides ``Accept``; when it is
    repeated (SPARQLWrapper sends ``format=rdf+xml&format=application/rdf+xml``) the first
    value that fits the result kind wins.
    """
    formats = tuple(request.values.getlist("format"))
    media_type, refusal = _negotiate(kind, formats, request.headers.get("Accept", ""))
    if media_type is None:
        raise NotAcceptable(refusal)
    return media_type


@lru_cache(maxsize=512)
def _negotiate(kind: str, formats: tuple[str, ...], accept: str) -> tuple[str | None, str]:
    """``(media type, "")``, or ``(None, why not)``: a pure function of the request's
    ``format=`` values and ``Accept`` header, so it is worked out once per combination
    (clients send the same few on every request)."""
    outcome = QueryOutcome(kind, None)  # the tables depend on the kind only
    available = outcome.media_types()
    if formats:
        for value in formats:
            media_type = outcome.media_type_for(value)
            if media_type is not None:
                return media_type, ""
        return None, (
            f"format={formats[0]!r} is not available for this {_kind_name(outcome)}; "
            f"available: {', '.join(available)}"
        )
    parsed = parse_accept_header(accept, MIMEAccept)
    if not parsed:
        return available[0], ""
    canonical = MIMEAccept([(_canonical(outcome, value), q) for value, q in parsed])
    best = canonical.best_match(available)
    if best is None:
        return None, (
            f"none of the accepted media types ({accept}) fits this "
            f"{_kind_name(outcome)}; available: {', '.join(available)}"
        )
    return best, ""


def choices(request: Request, kinds: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """For each result kind, the media type to answer with, and for the kinds that no
    accepted type fits, the :class:`NotAcceptable` message: a query's kind is known only
    once it has been parsed, which happens where it runs (a worker process)."""
    chosen: dict[str, str] = {}
    refused: dict[str, str] = {}
    for kind in kinds:
        try:
            chosen[kind] = choose_for_kind(kind, request)
        except NotAcceptable as error:
            refused[kind] = error.message
    return chosen, refused


def content_type(media_type: str) -> str:
    return f"{media_type}; charset={CHARSET}"


def _canonical(outcome: QueryOutcome, value: str) -> str:
    """The engine's media type for an alias; wildcards and unknown types unchanged."""
    if "*" in value:
        return value
    return outcome.media_type_for(value) or value


def _kind_name(outcome: QueryOutcome) -> str:
    return "graph result (CONSTRUCT/DESCRIBE)" if outcome.kind == "graph" else "query result"
