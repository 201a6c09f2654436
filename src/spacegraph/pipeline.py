"""``build()``: sources → extract → RDF → SHACL gate → store, in that order.

Every document is read, extracted and validated on its own; a document that fails is
rejected with the file and the reason and the others go on. A second file with the same
text as one already loaded (a copy under another name, or re-encoded: the hash is of the
decoded text) is rejected naming the first: loading both would count every fact and every
mention twice. A document the extractor reads no fact from loads with a warning: it is
part of the corpus, its text and metadata are worth finding, and it says where the
extractor falls short. The accepted documents, the authority file and the ontology are
then written in one store transaction, so the store is never left half-written: each graph
is entirely its old or entirely its new version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from . import iris
from .authority import load_authority
from .errors import SourceError, SpacegraphError
from .extract import extract
from .extract.model import Extraction
from .extract.topics import load_topics
from .graph import new_graph, to_graph
from .querying.snapshots import publish_snapshot
from .reason import Reasoner, ReasonerUnavailable
from .settings import Settings
from .sources import SourceDocument, find_documents, read_catalogue, read_document
from .store import Store, check_iri
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
    texts: dict[str, Path] = {}  # the hash of each loaded document's text, and its file
    catalogues: dict[Path, dict] = {}
    for path in files:
        if progress is not None:
            progress(path)
        try:
            folder = path.parent.resolve()
            if folder not in catalogues:
                catalogues[folder] = read_catalogue(folder)
            document = read_document(path, catalogues[folder])
            _check_url(document)
            text_hash = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
            if text_hash in texts:
                copy_of = texts[text_hash]
                raise SourceError(
                    path, f"the same text as {copy_of} (a copy: each text loads once)"
                )
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
        texts[text_hash] = path
        graphs[extraction.iri] = graph
        warnings = tuple(str(issue) for issue in result.warnings)
        if not has_facts(extraction):
            warnings += (NO_FACTS,)
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
    own. Without Java the build says so in one note and goes on, and empties the inferred
    graph of each document it writes: inferences from an older version of a document must
    not stay beside its new graph."""
    try:
        reasoner = Reasoner(settings.ontology)
    except ReasonerUnavailable as error:
        report.notes.append(error.message)
        for loaded in report.loaded:
            graphs[iris.inferred_graph(loaded.iri)] = new_graph()  # written as "drop it"
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


def _check_url(document: SourceDocument) -> None:
    """The document's URL (catalogue or front matter) becomes an IRI (dcterms:source): one
    that is not a valid absolute IRI would stop the whole build when written, so the
    document is refused here, alone."""
    url = document.meta.url
    if url is None:
        return
    try:
        check_iri(url)
    except ValueError:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise SourceError(
            document.path, f"its url is not a valid absolute IRI: {shown!r}"
        ) from None


#: The warning of a document the extractor read nothing from.
NO_FACTS = (
    "no facts found (no meeting, dialogue, commitment, signing or known name): "
    "loaded as a document with its text only"
)


def has_facts(extraction: Extraction) -> bool:
    """Whether the extractor read anything from the text beyond the document itself.

    A document without facts still loads (with :data:`NO_FACTS` as a warning): it is part
    of the corpus the researcher chose, its text and metadata are searchable, and an
    extractor that learns more reads it on the next build.
    """
    mentioned = any(entity.spans for entity in extraction.entities.values())
    return mentioned or any(
        (
            extraction.dialogues,
            extraction.meetings,
            extraction.commitments,
            extraction.signings,
            extraction.launches,
        )
    )


def turtle_folder(folder: Path) -> Graph:
    """Every ``.ttl`` file of a folder, in one graph."""
    graph = new_graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph
