"""The Python client: one interface over a running endpoint or the embedded store.

``spacegraph.connect(url)`` (HTTP) and ``spacegraph.open(store_dir)`` (embedded) give a
:class:`Client`::

    graph = spacegraph.open()                         # or spacegraph.connect("http://127.0.0.1:8000")
    graph.query("SELECT ...")                         # a typed DataFrame (results.py), or dicts
    graph.saved("bodies-of-state", state="sgr:state/fr", with_labels=True)
    graph.describe("sgr:body/us/national-space-council")  # its facts, with the graph of each
    graph.explain("sgr:body/us/national-space-council")   # the sentences they were read from

Both read results as SPARQL 1.1 Query Results JSON and convert them with ``results.py``, so
the same query gives equal DataFrames either way.

**Parameters.** A saved query's parameters are bound by the store with pyoxigraph's
``substitutions`` (``saved.py``): the embedded client binds them itself, the HTTP client
sends them to ``GET /queries/<slug>?name=value``, where the server binds them the same way.
An ad-hoc ``query(sparql, name=value)`` binds with ``substitutions`` on the embedded store,
but the HTTP client refuses parameters for it (:class:`~spacegraph.saved.ParameterError`):
the SPARQL Protocol has no parameters, and rewriting the query to carry them (a ``VALUES``
block) would not mean what a substitution means. Oxigraph binds a substituted variable in a
way that neither a leading nor a trailing ``VALUES`` block reproduces (an ``OPTIONAL`` that
would bind it, ``FILTER(!BOUND(?x))``: each block gives other rows than the substitution),
so the two clients would answer the same call differently, silently. Put such a query in
``queries/`` and call :meth:`Client.saved`, or bind on the embedded store.

**Labels.** ``with_labels=True`` adds a ``<column>_label`` column after each column of IRIs,
from ``rdfs:label`` (English first): :meth:`Client.labels` looks them up with one query per
200 IRIs whose ``VALUES`` block lists IRIs that came out of results, each checked by the
engine as an IRI (``store.check_iri``: no ``>``, ``"``, ``{``, ``}`` or space can be in one),
so the block holds IRI terms and nothing else.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph, Literal, URIRef

from . import errors
from .errors import QueryError, SpacegraphError, StoreError
from .results import iris_of, pandas, rows, to_frame
from .saved import ParameterError, UnknownQuery, bind_values, find_saved_query, saved_queries
from .settings import Settings
from .store import Store, check_iri

__all__ = [
    "Client",
    "EmbeddedClient",
    "HttpClient",
    "RemoteError",
    "ResultTruncated",
    "connect",
    "open",
]

#: The saved queries behind :meth:`Client.describe` and :meth:`Client.explain`.
FACTS_QUERY = "facts-of-resource"
EVIDENCE_QUERY = "evidence-of-resource"

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_LABEL_CHUNK = 200


@runtime_checkable
class Client(Protocol):
    """What both clients offer. Results are a pandas DataFrame when pandas is installed,
    else a list of dicts (``results.py``); ASK gives a bool, CONSTRUCT/DESCRIBE an rdflib
    Graph."""

    def query(self, sparql: str, /, *, with_labels: bool = False, **params: object) -> Any:
        """Run a SPARQL query; ``params`` bind projected variables (embedded store only)."""
        ...

    def saved(self, slug: str, /, *, with_labels: bool = False, **params: object) -> Any:
        """Run the saved query ``queries/<slug>.rq`` with its parameters bound."""
        ...

    def saved_queries(self) -> list[dict[str, object]]:
        """Slug, title, description and parameters of every saved query."""
        ...

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """The ``rdfs:label`` of each IRI that has one (English first)."""
        ...

    def describe(self, iri: str, /, *, with_labels: bool = False) -> Any:
        """The facts about ``iri`` (``sgr:...`` or a full IRI): property, value, graph."""
        ...

    def explain(self, iri: str, /) -> Any:
        """The sentences behind ``iri``: document, title, offsets and quote."""
        ...

    def close(self) -> None: ...


class ResultTruncated(UserWarning):
    """The endpoint cut the result at its row cap (``SPACEGRAPH_MAX_ROWS``)."""


class RemoteError(SpacegraphError):
    """An error the endpoint answered with a kind this client has no class for."""

    def __init__(self, message: str, status: int, kind: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


class _BaseClient:
    """Everything but running a query, which each client does its own way."""

    def _execute(self, sparql: str, params: Mapping[str, object]) -> object:
        """A SPARQL JSON document (dict), a bool (ASK) or an rdflib Graph."""
        raise NotImplementedError

    def _execute_saved(self, slug: str, params: Mapping[str, object]) -> dict[str, Any]:
        raise NotImplementedError

    def query(self, sparql: str, /, *, with_labels: bool = False, **params: object) -> Any:
        return self._present(self._execute(sparql, params), with_labels)

    def saved(self, slug: str, /, *, with_labels: bool = False, **params: object) -> Any:
        return self._present(self._execute_saved(slug, params), with_labels)

    def describe(self, iri: str, /, *, with_labels: bool = False) -> Any:
        return self.saved(FACTS_QUERY, resource=iri, with_labels=with_labels)

    def explain(self, iri: str, /) -> Any:
        return self.saved(EVIDENCE_QUERY, resource=iri)

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(check_iri(str(iri)) for iri in iris))
        found: dict[str, tuple[int, str]] = {}
        for start in range(0, len(wanted), _LABEL_CHUNK):
            block = " ".join(URIRef(iri).n3() for iri in wanted[start : start + _LABEL_CHUNK])
            text = (
                f"SELECT ?iri ?label WHERE {{ VALUES ?iri {{ {block} }} "
                f"?iri <{_RDFS_LABEL}> ?label }}"
            )
            document = self._execute(text, {})
            assert isinstance(document, dict)
            for binding in document["results"]["bindings"]:
                label = binding["label"]
                rank = {"en": 0, None: 1}.get(label.get("xml:lang", "").lower() or None, 2)
                iri, candidate = binding["iri"]["value"], (rank, label["value"])
                if iri not in found or candidate < found[iri]:
                    found[iri] = candidate
        return {iri: label for iri, (_, label) in found.items()}

    def _present(self, result: object, with_labels: bool) -> Any:
        if not isinstance(result, dict):
            return result  # a bool or a Graph
        labels = self.labels(iris_of(result)) if with_labels else None
        if pandas() is None:
            return rows(result, labels)
        return to_frame(result, labels)

    def __enter__(self) -> _BaseClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]


# embedded -------------------------------------------------------------------------------------


class EmbeddedClient(_BaseClient):
    """The client over a :class:`~spacegraph.store.Store` in this process."""

    def __init__(self, store: Store, *, queries: Path | None = None, owned: bool = False) -> None:
        self.store = store
        self.queries = queries or Settings.from_env().queries
        self._owned = owned

    def _execute(self, sparql: str, params: Mapping[str, object]) -> object:
        return self._run(sparql, bind_values(params, None) if params else None)

    def _execute_saved(self, slug: str, params: Mapping[str, object]) -> dict[str, Any]:
        saved = find_saved_query(self.queries, slug)
        document = self._run(saved.text, saved.bind(params))
        assert isinstance(document, dict), f"{slug} is not a SELECT query"
        return document

    def _run(self, sparql: str, substitutions: Mapping[str, object] | None) -> object:
        outcome = self.store.query(sparql, substitutions=substitutions)
        if outcome.kind == "graph":
            return Graph().parse(data=outcome.serialize(N_TRIPLES), format="nt")
        document = json.loads(outcome.serialize(SPARQL_JSON))
        return document["boolean"] if outcome.kind == "boolean" else document

    def saved_queries(self) -> list[dict[str, object]]:
        return [query.to_dict() for query in saved_queries(self.queries)]

    def close(self) -> None:
        if self._owned:
            self.store.close()
            self._owned = False

    def __repr__(self) -> str:
        return f"<spacegraph.EmbeddedClient {self.store.path or 'in memory'}>"


def open(
    store: str | Path | Store | None = None, *, queries: str | Path | None = None
) -> EmbeddedClient:
    """The client over the embedded store: a folder (default ``$SPACEGRAPH_STORE``, else
    ``var/store``), opened read-only, or a :class:`~spacegraph.store.Store` you opened.
    ``queries`` is the folder of saved queries (default: the project's ``queries/``)."""
    folder = Path(queries) if queries is not None else None
    if isinstance(store, Store):
        return EmbeddedClient(store, queries=folder)
    path = Path(store).expanduser() if store is not None else Settings.from_env().store
    if not path.is_dir():
        raise StoreError(f"no store at {path}: run `spacegraph build` first")
    return EmbeddedClient(Store(path, read_only=True), queries=folder, owned=True)


# HTTP -----------------------------------------------------------------------------------------


class HttpClient(_BaseClient):
    """The client over a running spacegraph endpoint (``spacegraph serve``)."""

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        base = url.rstrip("/")
        if base.endswith("/sparql"):
            base = base[: -len("/sparql")]
        self.url = base
        self.timeout = timeout

    def _execute(self, sparql: str, params: Mapping[str, object]) -> object:
        if params:
            raise ParameterError(
                "the SPARQL endpoint takes no parameters: save the query in queries/ and "
                "call .saved(slug, ...) (bound by the server), or bind them on the embedded "
                "store (spacegraph.open); see the spacegraph.client docstring for why"
            )
        body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        headers = {
            "Accept": f"{SPARQL_JSON}, {N_TRIPLES};q=0.9",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        data, media_type = self._request(f"{self.url}/sparql", body, headers)
        if media_type == N_TRIPLES:
            return Graph().parse(data=data, format="nt")
        document = json.loads(data)
        return document.get("boolean", document)

    def _execute_saved(self, slug: str, params: Mapping[str, object]) -> dict[str, Any]:
        query = urllib.parse.urlencode({name: _text(value) for name, value in params.items()})
        path = urllib.parse.quote(slug, safe="")
        url = f"{self.url}/queries/{path}" + (f"?{query}" if query else "")
        data, _ = self._request(url, None, {"Accept": SPARQL_JSON})
        return json.loads(data)

    def saved_queries(self) -> list[dict[str, object]]:
        data, _ = self._request(f"{self.url}/queries", None, {"Accept": "application/json"})
        # the URL of each is the endpoint's business; the entries are the embedded client's
        return [
            {key: value for key, value in entry.items() if key != "url"}
            for entry in json.loads(data)["queries"]
        ]

    def _request(
        self, url: str, body: bytes | None, headers: Mapping[str, str]
    ) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=body, headers=dict(headers))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read()
                media_type = response.headers.get_content_type()
                if response.headers.get("X-Spacegraph-Truncated") == "true":
                    cap = response.headers.get("X-Spacegraph-Row-Cap", "?")
                    warnings.warn(
                        f"the endpoint cut the result at its row cap of {cap} rows",
                        ResultTruncated,
                        stacklevel=4,
                    )
                return data, media_type
        except urllib.error.HTTPError as error:
            raise _remote_error(error) from None
        except urllib.error.URLError as error:
            raise StoreError(f"cannot reach {self.url}: {error.reason}") from None

    def close(self) -> None:
        """Nothing to release: every call is one HTTP request."""

    def __repr__(self) -> str:
        return f"<spacegraph.HttpClient {self.url}>"


def connect(url: str, *, timeout: float = 60.0) -> HttpClient:
    """The client over a running endpoint: its base URL or its ``/sparql`` URL."""
    return HttpClient(url, timeout=timeout)


#: Error kinds of the JSON error body and the class each is raised as, so that both
#: clients raise the same exceptions for the same mistakes.
_ERROR_KINDS: dict[str, type[SpacegraphError]] = {
    UnknownQuery.kind: UnknownQuery,
    ParameterError.kind: ParameterError,
    QueryError.kind: QueryError,
    errors.ForbiddenOperation.kind: errors.ForbiddenOperation,
    errors.NotAcceptable.kind: errors.NotAcceptable,
    errors.RequestTooLarge.kind: errors.RequestTooLarge,
    errors.QueryTimeout.kind: errors.QueryTimeout,
}


def _remote_error(error: urllib.error.HTTPError) -> SpacegraphError:
    try:
        body = json.loads(error.read())
        message, kind = str(body["message"]), str(body["error"])
    except (ValueError, KeyError, TypeError):
        return RemoteError(f"HTTP {error.code} from {error.url}", error.code, "http-error")
    known = _ERROR_KINDS.get(kind)
    if known is not None and known.status == error.code:
        return known(message)
    return RemoteError(message, error.code, kind)


def _text(value: object) -> str:
    """A parameter value as the text the server reads by the parameter's kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, int | float | Decimal | str):
        return str(value)
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return str(isoformat())
    return str(value)
