"""``build()``: sources → extract → RDF → SHACL gate → store, in that order.

Every document is read, extracted and validated on its own; a document that fails is
rejected with the file and the reason and the others go on. The accepted documents, the
authority file and the ontology are then written in one store transaction, so the store is
never left half-written: each graph is entirely its old or entirely its new version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from . import iris
from .authority import load_authority
from .errors import SourceError, SpacegraphError
from .extract import extract
from .extract.topics import load_topics
from .graph import new_graph, to_graph
from .querying.snapshots import publish_snapshot
from .reason import Reasoner, ReasonerUnavailable
from .settings import Settings
from .sources import find_documents, read_catalogue, read_document
from .store import Store
from .validate import Validator
from .vocab import AUTHORITY_GRAPH, ONTOLOGY_GRAPH


@dataclass(frozen=True)
class Loaded:
    path: Path
    iri: URIRef
    triples: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    path: Path
    reason: str


@dataclass
class BuildReport:
    loaded: list[Loaded] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    triples: int = 0
    notes: list[str] = field(default_factory=list)  # about the build as a whole

    @property
    def exit_code(self) -> int:
        """0 when every document loaded, 1 when some were rejected (CONTRACT.md)."""
        return 1 if self.rejected else 0


def build(
    paths: Iterable[Path] | None = None,
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BuildReport:
    """Build the documents under ``paths`` (default: the sources folder) into the store."""
    settings = settings or Settings.from_env()
    files = find_documents(list(paths) if paths else [settings.sources])
    authority = load_authority(settings.reference)
    topics = load_topics(settings.ontology)
    validator = Validator(shapes_dir=settings.shapes, ontology_dir=settings.ontology)
    report = BuildReport()
    graphs: dict[URIRef, Graph] = {
        AUTHORITY_GRAPH: authority.graph,
        ONTOLOGY_GRAPH: turtle_folder(settings.ontology),
    }
    seen: dict[URIRef, Path] = {}
    catalogues: dict[Path, dict] = {}
    for path in files:
        if progress is not None:
            progress(path)
        try:
            folder = path.parent.resolve()
            if folder not in catalogues:
                catalogues[folder] = read_catalogue(folder)
            document = read_document(path, catalogues[folder])
            extraction = extract(document, authority, topics)
            if extraction.iri in seen:
                raise SourceError(path, f"same document name as {seen[extraction.iri]}; rename one")
            graph = to_graph(extraction)
            result = validator.validate(graph)
        except SpacegraphError as error:
            report.rejected.append(Rejected(path, error.message))
            continue
        if not result.conforms:
            reasons = "; ".join(str(issue) for issue in result.violations[:5])
            report.rejected.append(Rejected(path, f"{path}: violates the shapes: {reasons}"))
            continue
        seen[extraction.iri] = path
        graphs[extraction.iri] = graph
        warnings = tuple(str(issue) for issue in result.warnings)
        report.loaded.append(Loaded(path, extraction.iri, len(graph), warnings))
    _reason(report, graphs, authority.graph, settings)
    owned = store is None
    target = store if store is not None else Store(settings.store)
    try:
        report.triples = target.replace_graphs(graphs)
        if target.path is not None:
            # a running server switches to this consistent copy (querying/snapshots.py)
            publish_snapshot(target)
    finally:
        if owned:
            target.close()
    return report


def _reason(
    report: BuildReport, graphs: dict[URIRef, Graph], context: Graph, settings: Settings
) -> None:
    """Check the accepted documents with the ontology (HermiT); reject the inconsistent ones
    with the reasoner's explanation, and add each other's inferred triples as a graph of its
    own. Without Java the build says so in one note and goes on."""
    try:
        reasoner = Reasoner(settings.ontology)
    except ReasonerUnavailable as error:
        report.notes.append(error.message)
        return
    accepted = {loaded.iri: loaded for loaded in report.loaded}
    results = reasoner.check_many({iri: graphs[iri] for iri in accepted}, context)
    for iri, reasoning in results.items():
        if reasoning.consistent:
            graphs[iris.inferred_graph(iri)] = reasoning.inferred
            continue
        loaded = accepted[iri]
        report.loaded.remove(loaded)
        del graphs[iri]
        reason = f"{loaded.path}: inconsistent with the ontology: {reasoning.explanation}"
        report.rejected.append(Rejected(loaded.path, reason))


def turtle_folder(folder: Path) -> Graph:
    """Every ``.ttl`` file of a folder, in one graph."""
    graph = new_graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph
