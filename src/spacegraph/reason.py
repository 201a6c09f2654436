"""The reasoner step: HermiT, through owlready2, checks document graphs against the ontology.

:class:`Reasoner` parses ``ontology/*.ttl`` once. :meth:`Reasoner.check` loads the ontology, a
context graph (the authority graph: classes and states of the entities a document refers to)
and one document graph into a fresh owlready2 ``World`` (owlready2's default world is global
state, never used here), runs HermiT and returns a :class:`Reasoning`:

- ``consistent`` and, when it is not, a one-line ``explanation``;
- ``inferred``: the NEW triples only, never one asserted in the document, the context or the
  ontology, and never ``owl:Thing`` or ``owl:NamedIndividual``:

  - ``rdf:type`` for every named class a resource of the document (a subject of its graph,
    or a resource it links to that neither the context nor the ontology describes) belongs
    to: HermiT's realisation (its direct types) closed upwards over the classified
    hierarchy, so a body typed ``sg:SpaceAgency`` is also a ``sg:GovernmentBody``, a
    ``schema:GovernmentOrganization`` and an ``org:FormalOrganization``;
  - for each ``owl:inverseOf`` the ontology declares, the inverse of each triple the document
    asserts. These are written here from the declaration, not read from HermiT: owlready2
    treats a property and its inverse as one relation and drops an inferred value whose
    inverse is asserted, which is exactly the triple wanted. (The ontology declares no inverse
    yet.) Sub-property entailments (``sg:location`` → ``schema:location``) are not written.

HermiT runs with ``ignore_unsupported_datatypes=True``: ``xsd:date`` and ``xsd:gYear`` are
outside the OWL 2 datatype map (their lexical forms are the SHACL shapes' job).

When HermiT finds an inconsistency it gives no reason; ``clashes.py`` works one out from the
asserted triples (two disjoint classes, a value outside a range, a literal of the wrong
datatype) and names the resource and the classes.

Cost: each HermiT run starts a JVM and re-reads the ontology, about 2 s whatever the size of
the document. :meth:`Reasoner.check_many` therefore checks a batch in ONE run and splits the
batch in halves only when it is inconsistent, down to the documents at fault: a build of n
documents with none at fault costs one run, with k at fault about 2·k·log2(n/k) runs. In a
batch, a resource's types are inferred from the whole batch (OWL is monotonic: a document
never loses an inference by being checked with others), and triples asserted in any graph of
the batch are left out of every document's ``inferred``.

Java is needed: :class:`Reasoner` raises :class:`ReasonerUnavailable` (one line) without it,
and the build goes on without the inferred graph.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import owlready2
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from .clashes import NOISE, OntologyModel, explain
from .errors import ReasonerUnavailable, SpacegraphError
from .graph import new_graph

K = TypeVar("K", bound=Hashable)

#: Where owlready2 writes HermiT's results, inside each private World.
_INFERRED_ONTOLOGY = "https://w3id.org/spacegraph/reasoner/inferred"
_INPUT_ONTOLOGY = "https://w3id.org/spacegraph/reasoner/input"

UNAVAILABLE = (
    "reasoner skipped: Java was not found on PATH (HermiT, run through owlready2, needs a "
    "Java runtime); no consistency check and no inferred graph"
)

_MAX_JAVA_MESSAGE = 200


@dataclass(frozen=True)
class Reasoning:
    """What HermiT says of one document graph (with the ontology and the context)."""

    consistent: bool
    #: One line naming the resources and classes that clash; None when consistent.
    explanation: str | None = None
    #: New triples only (empty when inconsistent).
    inferred: Graph = field(default_factory=new_graph)


def java_available() -> bool:
    """True when the Java runtime owlready2 calls is on PATH and starts."""
    java = shutil.which(owlready2.JAVA_EXE)
    if java is None:
        return False
    try:
        done = subprocess.run([java, "-version"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


class Reasoner:
    """HermiT over the ontology of ``ontology_dir`` (``*.ttl``, parsed once)."""

    def __init__(self, ontology_dir: Path) -> None:
        if not java_available():
            raise ReasonerUnavailable(UNAVAILABLE)
        self.ontology = Graph()
        for path in sorted(Path(ontology_dir).glob("*.ttl")):
            self.ontology.parse(path, format="turtle")
        if not len(self.ontology):
            raise SpacegraphError(f"{ontology_dir}: no ontology (*.ttl) to reason with")
        self._ontology_nt = _ntriples(self.ontology)
        self.model = OntologyModel(self.ontology)
        self._context_nt: tuple[Graph, int, bytes] | None = None

    def check(self, graph: Graph, context: Graph | None = None) -> Reasoning:
        """Check one document graph; ``context`` is the authority graph (or None)."""
        return self.check_many({0: graph}, context)[0]

    def check_many(
        self, graphs: Mapping[K, Graph], context: Graph | None = None
    ) -> dict[K, Reasoning]:
        """Check several document graphs, attributing each inconsistency to its document.

        One HermiT run for the whole batch; a batch found inconsistent is split in halves
        until the documents at fault are alone. A document that is consistent alone but
        clashes with another one of the batch is reported consistent (each document is
        judged with the ontology and the context only).
        """
        results: dict[K, Reasoning] = {}
        context = _about(context, graphs.values()) if context is not None else Graph()

        def run(keys: list[K]) -> None:
            members = [graphs[key] for key in keys]
            outcome = self._hermit(members, context)
            if outcome.consistent:
                for key in keys:
                    results[key] = Reasoning(
                        True, None, self._inferred(graphs[key], outcome, context, members)
                    )
            elif len(keys) == 1:
                why = outcome.failure or explain(self.model, members[0], context)
                results[keys[0]] = Reasoning(False, why)
            else:
                half = len(keys) // 2
                run(keys[:half])
                run(keys[half:])

        if graphs:
            run(list(graphs))
        return {key: results[key] for key in graphs}

    # --- running HermiT -------------------------------------------------------------------

    def _hermit(self, graphs: Sequence[Graph], context: Graph) -> _Outcome:
        """One HermiT run over the ontology, the context and ``graphs``, in a fresh World."""
        data = io.BytesIO()
        data.write(self._ontology_nt)
        data.write(self._context_bytes(context))
        for graph in graphs:
            data.write(_ntriples(graph))
        data.seek(0)
        world = owlready2.World()
        try:
            world.get_ontology(_INPUT_ONTOLOGY).load(fileobj=data, format="ntriples")
            target = world.get_ontology(_INFERRED_ONTOLOGY)
            try:
                owlready2.sync_reasoner_hermit(target, debug=0, ignore_unsupported_datatypes=True)
            except owlready2.OwlReadyInconsistentOntologyError:
                return _Outcome(consistent=False)
            except owlready2.OwlReadyJavaError as error:
                return _Outcome(consistent=False, failure=_java_failure(str(error)))
            except FileNotFoundError as error:  # Java went away after the Reasoner was made
                raise ReasonerUnavailable(UNAVAILABLE) from error
            view = world.as_rdflib_graph().get_context(target)
            return _Outcome(consistent=True, triples=list(view.triples((None, None, None))))
        finally:
            world.close()

    def _context_bytes(self, context: Graph) -> bytes:
        """The context's N-Triples, kept for the next call with the same, unchanged graph."""
        cached = self._context_nt
        if cached is None or cached[0] is not context or cached[1] != len(context):
            cached = self._context_nt = (context, len(context), _ntriples(context))
        return cached[2]

    # --- what is new ----------------------------------------------------------------------

    def _inferred(
        self, graph: Graph, outcome: _Outcome, context: Graph, batch: Sequence[Graph]
    ) -> Graph:
        sources = (graph, context, self.ontology, *batch)

        def asserted(triple: tuple[Node, Node, Node]) -> bool:
            return any(triple in source for source in sources)

        hierarchy = self.model.hierarchy(outcome.subclass_edges())
        found = outcome.types()
        inferred = new_graph()
        for subject in sorted(_resources(graph, context, self.ontology)):
            direct = {
                c
                for source in (graph, context)
                for c in source.objects(subject, RDF.type)
                if isinstance(c, URIRef)
            }
            direct |= found.get(subject, set())
            for cls in hierarchy.closure(direct) - NOISE:
                triple = (subject, RDF.type, cls)
                if not asserted(triple):
                    inferred.add(triple)
        for prop, inverse in self.model.inverses:
            for subject, value in graph.subject_objects(prop):
                if isinstance(subject, URIRef) and isinstance(value, URIRef):
                    triple = (value, inverse, subject)
                    if not asserted(triple):
                        inferred.add(triple)
        return inferred


def _about(context: Graph, graphs: Iterable[Graph], depth: int = 2) -> Graph:
    """What ``context`` says of the resources the graphs name, and of those it names in turn
    (``depth`` steps: a body, then its state): HermiT's time grows with every individual it
    is given, and the authority describes thousands the documents never name."""
    found = Graph()
    frontier = {n for g in graphs for t in g for n in (t[0], t[2]) if isinstance(n, URIRef)}
    seen: set[URIRef] = set()
    for _ in range(depth):
        following: set[URIRef] = set()
        for subject in frontier - seen:
            for predicate, value in context.predicate_objects(subject):
                found.add((subject, predicate, value))
                if isinstance(value, URIRef):
                    following.add(value)
        seen |= frontier
        frontier = following
    return found


def _resources(graph: Graph, context: Graph, ontology: Graph) -> set[URIRef]:
    """What a document describes: its subjects, and the resources it links to that neither
    the context nor the ontology describes (an untyped co-chair is a government body by the
    range of sg:coChair). Classes, the objects of rdf:type, are not resources here."""
    described = {s for source in (context, ontology) for s in source.subjects()}
    found = {s for s in graph.subjects() if isinstance(s, URIRef)}
    found |= {
        o
        for p, o in graph.predicate_objects()
        if p != RDF.type and isinstance(o, URIRef) and o not in described
    }
    return found


@dataclass(frozen=True)
class _Outcome:
    consistent: bool
    #: What HermiT added (owlready2 writes only what was not already in the World).
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    #: Set when HermiT did not answer (a Java error), instead of an explanation.
    failure: str | None = None

    def types(self) -> dict[URIRef, set[URIRef]]:
        found: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, p, o in self.triples:
            if p == RDF.type and isinstance(s, URIRef) and isinstance(o, URIRef):
                found[s].add(o)
        return found

    def subclass_edges(self) -> list[tuple[URIRef, URIRef]]:
        return [
            (s, o)
            for s, p, o in self.triples
            if p in (RDFS.subClassOf, OWL.equivalentClass)
            and isinstance(s, URIRef)
            and isinstance(o, URIRef)
        ] + [
            (o, s)
            for s, p, o in self.triples
            if p == OWL.equivalentClass and isinstance(s, URIRef) and isinstance(o, URIRef)
        ]


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _java_failure(output: str) -> str:
    """The line of a Java error that says what went wrong, without the stack trace."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    reason = next((line for line in lines if "Exception" in line or "Error" in line), "")
    reason = reason.split('"main" ', 1)[-1] or (lines[-1] if lines else "no message")
    if len(reason) > _MAX_JAVA_MESSAGE:
        reason = reason[: _MAX_JAVA_MESSAGE - 1] + "…"
    return f"HermiT could not reason over it: {reason}"


__all__ = [
    "UNAVAILABLE",
    "Reasoner",
    "ReasonerUnavailable",
    "Reasoning",
    "java_available",
]
