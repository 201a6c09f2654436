"""``spacegraph release OUT``: what a researcher deposits in a repository (Zenodo, a
university's data repository), built from the store.

A release folder holds

=====================  =======================================================================
``spacegraph.ttl``     the union graph in Turtle: prefixes, one block per subject, sorted
``spacegraph.trig``    the dataset in TriG, named graphs kept, sorted by graph and subject
``spacegraph.nq``      the dataset in N-Quads, one quad a line, sorted (what the next release
                       compares itself with)
``spacegraph.jsonld``  the dataset in JSON-LD, with a ``@context`` of the project's prefixes
``void.ttl``           the VoID / DCAT description: title, licence, version, counts, class and
                       property partitions, the Wikidata linkset, the source documents, and
                       each file with its media type, size and SHA-256
``changes.ttl``        the release diff as RDF (``changelog.py``)
``CHANGES.md``         the same, to read
``CITATION.cff``       the project's citation file, as a dataset of this version
``ontology.html``      the ontology and shapes documentation (``ontology_docs.py``)
``network/``           co-participation edge lists, CSV and GraphML (``networks.py``)
``SHA256SUMS``         the checksum of every other file (``sha256sum -c SHA256SUMS``)
=====================  =======================================================================

Deterministic: the same store gives the same bytes. Blank nodes get canonical labels
(RDFC-1.0), everything is sorted, and there is no clock: the version comes from ``--version``
(default: the package's), the date from ``--date`` (default: the newest full date of issue
among the documents, the data's own date).

This module imports pyoxigraph although ``store.py`` is the only module that talks to the
store: it uses the engine only as an in-memory parser, canonicalizer and serializer of the
bytes ``Store.dump`` gives, so that the release is written by the same engine that serves it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import DCTERMS, OWL, RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import VOID
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from . import __version__
from .changelog import DCAT, Changelog, compare, release_iri, to_markdown, to_rdf
from .errors import ReleaseError
from .networks import write_networks
from .ontology_docs import render_html
from .settings import PROJECT_DIR, Settings
from .store import Store
from .vocab import PREFIXES, SG, sparql_prologue
from .void import DESCRIPTION, TITLE, add_counts, add_wikidata_linkset, dataset_stats, select

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
CITATION = PROJECT_DIR / "CITATION.cff"
CHECKSUMS = "SHA256SUMS"
#: The file a folder must hold to be a release (and that the next one compares with).
NQUADS = "spacegraph.nq"

#: Data files: name, media type, what it is.
DATA_FILES = (
    ("spacegraph.ttl", "text/turtle", "the union of the named graphs, in Turtle"),
    ("spacegraph.trig", "application/trig", "the dataset, named graphs kept, in TriG"),
    (NQUADS, "application/n-quads", "the dataset, named graphs kept, in N-Quads"),
    ("spacegraph.jsonld", "application/ld+json", "the dataset, named graphs kept, in JSON-LD"),
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ReleaseReport:
    folder: Path
    version: str
    date: str | None
    previous: Path | None
    files: tuple[str, ...]
    changelog: Changelog


def write_release(
    store: Store,
    out: Path,
    *,
    settings: Settings | None = None,
    version: str | None = None,
    date: str | None = None,
    previous: Path | None = None,
) -> ReleaseReport:
    """Write the release of ``store`` into ``out``; compare with ``previous`` (default: the
    latest sibling release folder, see :func:`find_previous`)."""
    settings = settings or Settings.from_env()
    version = version or __version__
    if date is not None and not _DATE.match(date):
        raise ReleaseError(f"--date {date!r} is not a date of the form YYYY-MM-DD")
    out = out.resolve()
    if previous is not None:
        previous = previous.resolve()
        if previous == out:
            raise ReleaseError(f"{out} cannot be its own previous release")
        if not (previous / NQUADS).is_file():
            raise ReleaseError(f"{previous} is not a release: it has no {NQUADS}")
    else:
        previous = find_previous(out)
    date = date or data_date(store)

    quads = canonical_quads(store)
    files: dict[str, bytes] = {
        "spacegraph.ttl": turtle(quads, settings.ontology),
        "spacegraph.trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes()),
        NQUADS: nquads(quads),
        "spacegraph.jsonld": jsonld(quads),
    }
    old = [] if previous is None else _read_quads(previous / NQUADS)
    log = compare(
        old,
        [_quad(q) for q in quads],
        version=version,
        previous_version=None if previous is None else previous_version(previous),
        date=date,
    )
    files["changes.ttl"] = _turtle_of(to_rdf(log))
    files["CHANGES.md"] = to_markdown(log).encode("utf-8")
    files["CITATION.cff"] = citation(version, date)
    files["ontology.html"] = render_html(settings.ontology, settings.shapes).encode("utf-8")
    files["void.ttl"] = _turtle_of(description(store, version, date, log, files))

    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    names = sorted(files)
    for path in write_networks(store, out / "network"):
        names.append(path.relative_to(out).as_posix())
    (out / CHECKSUMS).write_bytes(checksums(out, sorted(names)))
    return ReleaseReport(out, version, date, previous, (*sorted(names), CHECKSUMS), log)


# finding things ------------------------------------------------------------------------------


def find_previous(out: Path) -> Path | None:
    """The latest release folder beside ``out``: of the sibling folders holding a
    ``spacegraph.nq``, the last one whose name sorts before ``out``'s in natural order
    (``0.9`` before ``0.10``), so that rebuilding an old release compares it with its own
    predecessor. None when there is none."""
    if not out.parent.is_dir():
        return None
    key = _natural(out.name)
    candidates = [
        folder
        for folder in out.parent.iterdir()
        if folder.is_dir()
        and folder.resolve() != out
        and (folder / NQUADS).is_file()
        and _natural(folder.name) < key
    ]
    return max(candidates, key=lambda folder: _natural(folder.name), default=None)


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name) if part
    )


def previous_version(folder: Path) -> str:
    """A release's version, from its ``CITATION.cff`` (else the folder's name)."""
    try:
        data = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
        return str(data["version"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return folder.name


def data_date(store: Store) -> str | None:
    """The newest full date of issue (``xsd:date``) among the documents, or None."""
    rows = select(
        store,
        "SELECT (MAX(STR(?d)) AS ?date) WHERE { ?doc a sg:Document ; dcterms:issued ?d "
        "FILTER(DATATYPE(?d) = xsd:date) }",
    )
    return rows[0].get("date") if rows else None


# the graph in four formats -------------------------------------------------------------------


def canonical_quads(store: Store) -> list[ox.Quad]:
    """Every quad of the named graphs, blank nodes labelled by RDFC-1.0, sorted by graph,
    subject, predicate and object."""
    dataset = ox.Dataset(ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=_quad_key)


def _quad_key(quad: ox.Quad) -> tuple[str, bool, str, str, str]:
    return (
        str(quad.graph_name),
        isinstance(quad.subject, ox.BlankNode),
        str(quad.subject),
        str(quad.predicate),
        str(quad.object),
    )


def nquads(quads: list[ox.Quad]) -> bytes:
    """N-Quads, one quad a line, lines sorted (canonical N-Quads when the labels are)."""
    lines = sorted(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in quads)
    return "".join(lines).encode("utf-8")


def turtle(quads: list[ox.Quad], ontology: Path) -> bytes:
    """The union graph in Turtle, by rdflib's serializer: prefixes (the project's and the
    ontology's), one block per subject with ``a`` and ``rdfs:label`` first, lists and
    single-use blank nodes nested, subjects and values sorted."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in _turtle_prefixes(ontology).items():
        graph.bind(prefix, namespace)
    for quad in quads:
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    stream = io.BytesIO()
    _SortedTurtle(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


class _SortedTurtle(TurtleSerializer):
    """rdflib's Turtle, with subjects in IRI order (rdflib puts the least referenced first,
    which scatters related resources): IRIs, then the blank nodes not nested elsewhere."""

    def orderSubjects(self) -> list[Node]:
        return sorted(self._subjects, key=lambda s: (isinstance(s, BNode), str(s)))


def _turtle_prefixes(ontology: Path) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for path in sorted(ontology.glob("*.ttl")):
        declared = Graph(bind_namespaces="none").parse(path, format="turtle")
        prefixes.update({prefix: str(ns) for prefix, ns in declared.namespaces() if prefix})
    prefixes.update(_prefixes())
    return prefixes


def jsonld(quads: list[ox.Quad]) -> bytes:
    """JSON-LD with a ``@context`` of the project's prefixes: one graph object per named
    graph, one node object per subject; IRIs compacted, values as they are in the graph."""
    context = dict(sorted(_prefixes().items()))
    graphs: list[dict[str, object]] = []
    current_graph: str | None = None
    node: dict[str, object] = {}
    for quad in quads:
        graph_name = str(quad.graph_name.value)
        if graph_name != current_graph:
            current_graph = graph_name
            graphs.append({"@id": _compact(graph_name), "@graph": []})
            node = {}
        subject = _node_id(quad.subject)
        if node.get("@id") != subject:
            node = {"@id": subject}
            graphs[-1]["@graph"].append(node)  # type: ignore[attr-defined]
        if quad.predicate.value == str(RDF.type) and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(quad.object.value))  # type: ignore[attr-defined]
        else:
            key = _compact(quad.predicate.value)
            node.setdefault(key, []).append(_jsonld_value(quad.object))  # type: ignore[attr-defined]
    document = {"@context": context, "@graph": graphs}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compact(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI."""
    best = ("", "")
    for prefix, namespace in _prefixes().items():
        if iri.startswith(namespace) and len(namespace) > len(best[1]):
            best = (prefix, namespace)
    local = iri[len(best[1]) :]
    if best[0] and local and not local.startswith("//"):
        return f"{best[0]}:{local}"
    return iri


def _node_id(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _compact(term.value)  # type: ignore[attr-defined]


def _jsonld_value(term: object) -> object:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _node_id(term)}
    if not isinstance(term, ox.Literal):
        raise ReleaseError(f"cannot write {term} in JSON-LD")
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == str(XSD.string):
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _term(term: object) -> Node:
    """A pyoxigraph term as an rdflib term, keeping blank node labels and lexical forms."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    if isinstance(term, ox.DefaultGraph):
        return URIRef("urn:x-rdflib:default")
    raise ReleaseError(f"cannot write {term} in a release")


def _quad(quad: ox.Quad) -> tuple[Node, Node, Node, Node]:
    return (
        _term(quad.subject),
        _term(quad.predicate),
        _term(quad.object),
        _term(quad.graph_name),
    )


def _read_quads(path: Path) -> list[tuple[Node, Node, Node, Node]]:
    try:
        return [_quad(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)]
    except (OSError, SyntaxError) as error:
        raise ReleaseError(f"cannot read the previous release {path}: {error}") from error


def _turtle_of(graph: Graph) -> bytes:
    """Turtle of a small graph, blank nodes relabelled canonically so the bytes are stable."""
    stable = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace)
    for triple in to_canonical_graph(graph):
        stable.add(triple)
    return stable.serialize(format="turtle", encoding="utf-8")


# description and citation --------------------------------------------------------------------

_SOURCES = """
CONSTRUCT {
  ?doc a sg:Document ; dcterms:title ?title ; dcterms:issued ?issued ; dcterms:source ?url ;
       sg:sourceFile ?file ; sg:sha256 ?sha ; sg:genre ?genre .
} WHERE {
  ?doc a sg:Document ; dcterms:title ?title .
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc dcterms:source ?url }
  OPTIONAL { ?doc sg:sourceFile ?file }
  OPTIONAL { ?doc sg:sha256 ?sha }
  OPTIONAL { ?doc sg:genre ?genre }
}
"""


def description(
    store: Store, version: str, date: str | None, log: Changelog, files: dict[str, bytes]
) -> Graph:
    """The VoID / DCAT description of the release: what it is, how big, where from, which
    files. Counts and the Wikidata linkset are the endpoint's (``void.py``)."""
    stats = dataset_stats(store)
    graph = Graph()
    for prefix, namespace in (
        *_prefixes().items(),
        ("void", VOID),
        ("dcat", DCAT),
        ("spdx", SPDX),
    ):
        graph.bind(prefix, namespace, replace=True)
    dataset = release_iri(version)
    cff = _project_citation()
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(f"{TITLE} {version}", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    licence = str(cff.get("license", "MIT"))
    graph.add((dataset, DCTERMS.license, URIRef(f"https://spdx.org/licenses/{licence}")))
    graph.add((dataset, DCAT.version, Literal(version)))
    graph.add((dataset, OWL.versionInfo, Literal(version)))
    if date:
        graph.add((dataset, DCTERMS.issued, Literal(date, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.conformsTo, URIRef(str(SG._NS).rstrip("#"))))
    if log.previous_version is not None:
        graph.add((dataset, DCAT.previousVersion, release_iri(log.previous_version)))
    add_counts(graph, dataset, stats)
    add_wikidata_linkset(graph, dataset, URIRef(f"{dataset}/wikidata-links"), stats)
    for name, count in sorted(stats.graphs.items()):
        subset = BNode()
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, DCTERMS.identifier, URIRef(name)))
        graph.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))

    sources = Graph().parse(
        data=store.query(sparql_prologue() + _SOURCES).serialize("application/n-triples"),
        format="nt",
    )
    for triple in sources:
        graph.add(triple)
    for document in sorted(sources.subjects(RDF.type, SG.Document)):
        graph.add((dataset, DCTERMS.source, document))

    for name, media_type, what in DATA_FILES:
        _distribution(graph, dataset, name, media_type, what, files[name], data_dump=True)
    for name, media_type, what in (
        ("CHANGES.md", "text/markdown", "what changed since the previous release"),
        ("changes.ttl", "text/turtle", "what changed since the previous release, as RDF"),
        ("ontology.html", "text/html", "documentation of the ontology and the shapes"),
    ):
        _distribution(graph, dataset, name, media_type, what, files[name], data_dump=False)
    return graph


def _distribution(
    graph: Graph,
    dataset: URIRef,
    name: str,
    media_type: str,
    what: str,
    data: bytes,
    *,
    data_dump: bool,
) -> None:
    node = URIRef(f"{dataset}/{name}")
    file = URIRef(name)  # relative: resolves against wherever the release is deposited
    graph.add((dataset, DCAT.distribution, node))
    if data_dump:
        graph.add((dataset, VOID.dataDump, file))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(name)))
    graph.add((node, DCTERMS.description, Literal(what, lang="en")))
    graph.add((node, DCAT.downloadURL, file))
    graph.add((node, DCAT.mediaType, URIRef(IANA + media_type)))
    graph.add((node, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    checksum = BNode()
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    digest = hashlib.sha256(data).hexdigest()
    graph.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def _project_citation() -> dict[str, object]:
    try:
        data = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ReleaseError(f"cannot read {CITATION}: {error}") from error
    return data if isinstance(data, dict) else {}


def citation(version: str, date: str | None) -> bytes:
    """The project's CITATION.cff as the citation of this release of the data."""
    data = dict(_project_citation())
    data["type"] = "dataset"
    data["version"] = version
    if date:
        data["date-released"] = date
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


def checksums(folder: Path, names: list[str]) -> bytes:
    """``sha256sum`` lines (digest, two spaces, path) for the files, sorted by path."""
    lines = [
        f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" for name in names
    ]
    return "".join(lines).encode("utf-8")
