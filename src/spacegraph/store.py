"""The only module that imports pyoxigraph: open a store, replace a graph, load, query, dump.

A later backend (a remote SPARQL 1.1 store) implements the same small interface:
``replace_graphs``, ``load_file``, ``query``, ``dump``, ``graph_names``, ``close``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .errors import QueryError, RdfParseError, StoreError

#: File suffixes and the RDF format each one is read as.
SUFFIX_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}

#: Export format names of the CLI and the formats they stand for.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


#: The formats a query result can be served in, by result kind; the first is the default.
RESULT_FORMATS: dict[str, tuple[object, ...]] = {
    "solutions": (
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    ),
    "graph": (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.RDF_XML,
        ox.RdfFormat.JSON_LD,
    ),
}
RESULT_FORMATS["boolean"] = RESULT_FORMATS["solutions"]


def _bare(media_type: str) -> str:
    """A media type without its parameters: ``text/csv; charset=utf-8`` -> ``text/csv``."""
    return media_type.split(";", 1)[0].strip()


def _squeeze(name: str) -> str:
    """A format name as a short name: ``RDF/XML`` -> ``rdfxml``, ``N-Triples`` -> ``ntriples``."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


@dataclass(frozen=True)
class QueryOutcome:
    """A query's result: ``kind`` is ``"solutions"``, ``"boolean"`` or ``"graph"``."""

    kind: str
    result: object

    def serialize(self, media_type: str) -> bytes:
        """The result in the format of ``media_type`` (a SPARQL results or RDF media type).

        Solutions are computed lazily, so evaluation errors (a failing ``SERVICE`` call)
        surface here and become a :class:`QueryError`.
        """
        if self.kind == "graph":
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            if rdf_format is None:
                raise ValueError(media_type)
            fmt: object = rdf_format
        else:
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is None:
                raise ValueError(media_type)
            fmt = results_format
        try:
            return self.result.serialize(format=fmt)  # type: ignore[attr-defined]
        except OSError as error:
            raise QueryError(f"the query could not be evaluated: {error}") from error

    def serialize_capped(self, media_type: str, row_cap: int) -> tuple[bytes, int | None, bool]:
        """The result as :meth:`serialize` gives it, cut after ``row_cap`` rows (triples for
        a graph result): ``(body, rows, truncated)``; ``rows`` is None for a boolean.

        The engine cannot build a solution sequence from a list, so the kept solutions are
        written as SPARQL JSON, read back with the engine's parser and serialized by the
        engine in the requested format: the bytes are what an uncut result would give.
        """
        if self.kind == "boolean":
            return self.serialize(media_type), None, False
        try:
            kept = list(islice(self.result, row_cap + 1))  # type: ignore[call-overload]
        except OSError as error:
            raise QueryError(f"the query could not be evaluated: {error}") from error
        truncated = len(kept) > row_cap
        kept = kept[:row_cap]
        if self.kind == "graph":
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            if rdf_format is None:
                raise ValueError(media_type)
            return ox.serialize(kept, format=rdf_format), len(kept), truncated
        results_format = ox.QueryResultsFormat.from_media_type(media_type)
        if results_format is None:
            raise ValueError(media_type)
        names = [variable.value for variable in self.result.variables]  # type: ignore[attr-defined]
        bindings = [
            {name: _json_term(row[name]) for name in names if row[name] is not None} for row in kept
        ]
        document = {"head": {"vars": names}, "results": {"bindings": bindings}}
        again = ox.parse_query_results(
            json.dumps(document).encode("utf-8"), format=ox.QueryResultsFormat.JSON
        )
        return again.serialize(format=results_format), len(kept), truncated  # type: ignore[union-attr]

    def media_types(self) -> list[str]:
        """The media types this result can be serialized to, the default first (no parameters)."""
        return [_bare(fmt.media_type) for fmt in RESULT_FORMATS[self.kind]]

    def media_type_for(self, name: str) -> str | None:
        """One of :meth:`media_types` for a short name, file extension or media type, else None.

        Short names are the engine's format names squeezed ("turtle", "ntriples", "rdfxml",
        "jsonld") or its file extensions ("json", "xml", "csv", "tsv", "ttl", "nt", "rdf");
        media types include the engine's aliases (``application/json``, ``text/plain``...).
        """
        formats = RESULT_FORMATS[self.kind]
        table = ox.RdfFormat if self.kind == "graph" else ox.QueryResultsFormat
        key = name.strip().lower()
        found = table.from_extension(key) if "/" not in key else table.from_media_type(key)
        if found is None:
            found = next((fmt for fmt in formats if _squeeze(fmt.name) == _squeeze(key)), None)
        return _bare(found.media_type) if found in formats else None


def _json_term(term: object) -> dict[str, object]:
    """One RDF term in SPARQL 1.1 Query Results JSON (with RDF 1.2 triple terms)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    literal: dict[str, object] = {"type": "literal", "value": term.value}  # type: ignore[attr-defined]
    if term.language:  # type: ignore[attr-defined]
        literal["xml:lang"] = term.language  # type: ignore[attr-defined]
        if getattr(term, "direction", None) is not None:
            literal["its:dir"] = str(term.direction.value).lower()  # type: ignore[attr-defined]
    elif term.datatype.value != _XSD + "string":  # type: ignore[attr-defined]
        literal["datatype"] = term.datatype.value  # type: ignore[attr-defined]
    return literal


def rdf_format_for(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its suffix."""
    try:
        return SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise RdfParseError(f"{path}: unknown RDF file suffix (known: {known})") from None


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(f"cannot open the store at {path}: {error}") from error

    # writing -------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> int:
        """Replace each named graph by the given triples, all in one transaction.

        Returns the number of triples written. Either every graph is replaced or none is.
        """
        parts: list[str] = []
        for name, graph in graphs.items():
            parts.append(f"DROP SILENT GRAPH <{name}>")
            body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
        if parts:
            self._write(parts, f"writing {len(graphs)} graph(s)")
        return sum(len(graph) for graph in graphs.values())

    def remove_graph(self, name: URIRef) -> None:
        self._write([f"DROP SILENT GRAPH <{name}>"], f"removing {name}")

    def load_file(self, path: Path, graph: str | None = None) -> int:
        """Load an RDF file into ``graph`` (TriG and N-Quads keep their own graphs).

        The file is parsed completely before anything is written, and written in one
        transaction, so a parse error leaves the store as it was. Returns the quad count.
        """
        rdf_format = rdf_format_for(path)
        target = ox.NamedNode(graph) if graph else ox.NamedNode(path.resolve().as_uri())
        by_graph: dict[str, list[ox.Triple]] = {}
        try:
            data = path.read_bytes()
            for q in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri()):
                name = self._target_graph(q, target, graph)
                by_graph.setdefault(str(name), []).append(
                    ox.Triple(q.subject, q.predicate, q.object)
                )
        except SyntaxError as error:
            raise RdfParseError(f"{path}: {error}") from error
        except OSError as error:
            raise RdfParseError(f"{path}: cannot read: {error}") from error
        parts = [
            "INSERT DATA { GRAPH "
            + name
            + " {\n"
            + ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            + "\n} }"
            for name, triples in by_graph.items()
        ]
        if parts:
            self._write(parts, f"loading {path}")
        return sum(len(triples) for triples in by_graph.values())

    def _write(self, operations: list[str], what: str) -> None:
        """Run update operations and refresh the union default graph, in one transaction.

        The store's default graph holds the RDF merge (a set) of all named graphs, so that a
        triple that two documents share is seen once by queries (pyoxigraph's own union
        flag counts it once per graph). Nothing else is ever written to the default graph.
        """
        update = " ;\n".join([*operations, *_REFRESH_UNION])
        try:
            self._store.update(update)
        except (OSError, SyntaxError, RuntimeError) as error:
            # RuntimeError: the store was opened read-only
            raise StoreError(f"{what} failed: {error}") from error

    @staticmethod
    def _target_graph(quad: ox.Quad, target: ox.NamedNode, forced: str | None) -> object:
        if forced is None and not isinstance(quad.graph_name, ox.DefaultGraph):
            return quad.graph_name
        return target

    # reading -------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        substitutions: Mapping[str, object] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryOutcome:
        """Run a SPARQL query over the union of all graphs.

        ``base_iri`` resolves relative IRIs in the query (the endpoint passes its own URL).

        ``default_graphs`` / ``named_graphs`` (graph IRIs, as the SPARQL Protocol's
        ``default-graph-uri`` / ``named-graph-uri``) replace that dataset: when either is
        given, the default graph is the merge of ``default_graphs`` (empty if None) and only
        ``named_graphs`` (none if None) are visible to ``GRAPH``.
        """
        subs = None
        if substitutions:
            try:
                subs = {ox.Variable(name): _to_term(value) for name, value in substitutions.items()}
            except ValueError as error:
                raise QueryError(f"cannot bind a parameter: {error}") from error
        dataset: dict[str, object] = {}  # the stored default graph: the union (see _write)
        if default_graphs is not None or named_graphs is not None:
            dataset = {
                "default_graph": _graph_nodes(default_graphs or ()),
                "named_graphs": _graph_nodes(named_graphs or ()),
            }
        try:
            result = self._store.query(sparql, substitutions=subs, base_iri=base_iri, **dataset)
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError) as error:
            raise QueryError(f"the query could not be evaluated: {error}") from error
        if isinstance(result, ox.QueryBoolean):
            return QueryOutcome("boolean", result)
        if isinstance(result, ox.QueryTriples):
            return QueryOutcome("graph", result)
        return QueryOutcome("solutions", result)

    def graph_names(self) -> list[str]:
        return sorted(node.value for node in self._store.named_graphs())

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        return Graph().parse(data=data or b"", format="nt")

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, format_name: str = "trig") -> bytes:
        """The whole graph: TriG and N-Quads keep the named graphs, the others give the
        union (the default graph, which holds the merge of all named graphs)."""
        rdf_format = EXPORT_FORMATS[format_name]
        if rdf_format.supports_datasets:
            quads = sorted(
                (
                    q
                    for q in self._store.quads_for_pattern(None, None, None, None)
                    if not isinstance(q.graph_name, ox.DefaultGraph)
                ),
                key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
            )
            return ox.serialize(quads, format=rdf_format, prefixes=_prefixes())
        return self._store.dump(
            format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=_prefixes()
        )

    def backup(self, target: Path) -> None:
        """A consistent copy of an on-disk store in ``target`` (which must not exist yet).

        On the same file system the engine hard-links its immutable files, so a backup is
        cheap; the copy is independent of this store and can be opened read-only by many
        processes while this one goes on being written.
        """
        if self.path is None:
            raise StoreError("an in-memory store cannot be backed up")
        try:
            self._store.backup(str(target))
        except OSError as error:
            raise StoreError(f"cannot back up {self.path} to {target}: {error}") from error

    def close(self) -> None:
        """Flush a store on disk and release it (its lock, for a writable one)."""
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store

    def quads(self) -> Iterator[tuple[str, str, str, str]]:
        """Every quad as N-Triples term strings (tests and comparisons)."""
        for q in self._store.quads_for_pattern(None, None, None, None):
            yield (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))


_REFRESH_UNION = (
    "DROP SILENT DEFAULT",
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
)


def _prefixes() -> dict[str, str]:
    from .vocab import PREFIXES

    return {name: str(ns) for name, ns in PREFIXES.items()}


def _graph_nodes(iris: Sequence[str]) -> list[object]:
    """Graph IRIs as pyoxigraph nodes; a malformed IRI is a :class:`QueryError`."""
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise QueryError(f"not a valid graph IRI: {error}") from error


def check_iri(text: str) -> str:
    """``text`` when it is an absolute IRI the engine accepts (RFC 3987), else ValueError.

    A valid IRI has no ``<``, ``>``, ``"``, ``{``, ``}``, space...: written between ``<`` and
    ``>`` it is one IRI term, whatever text it came from.
    """
    return ox.NamedNode(text).value


def _to_term(value: object) -> object:
    """A Python value or rdflib term as a pyoxigraph term, for substitutions."""
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        datatype = ox.NamedNode(str(value.datatype or _XSD + "string"))
        return ox.Literal(str(value), datatype=datatype)
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(str(value))


_XSD = "http://www.w3.org/2001/XMLSchema#"
