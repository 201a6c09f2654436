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

Why an explanation is computed here: when HermiT finds an inconsistency, owlready2 raises
``OwlReadyInconsistentOntologyError`` with no message, and HermiT's command line gives none
either (Pellet's ``explain``, also bundled with owlready2, fails on this ontology with a
ClassCastException). So, only once HermiT has said "inconsistent", :func:`explain` looks
for the usual culprits in the asserted triples: a resource in two disjoint classes (typed,
or implied by a property's domain or range, across ``owl:sameAs``), a value outside a union
range, a literal of the wrong datatype. It names the resource and the classes.

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
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from .errors import ReasonerUnavailable, SpacegraphError
from .graph import new_graph
from .settings import BASE_IRI
from .vocab import PREFIXES

K = TypeVar("K", bound=Hashable)

#: Where owlready2 writes HermiT's results, inside each private World.
_INFERRED_ONTOLOGY = "https://w3id.org/spacegraph/reasoner/inferred"
_INPUT_ONTOLOGY = "https://w3id.org/spacegraph/reasoner/input"

#: Types that say nothing: every individual has them.
_NOISE = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})

UNAVAILABLE = (
    "reasoner skipped: Java was not found on PATH (HermiT, run through owlready2, needs a "
    "Java runtime); no consistency check and no inferred graph"
)

#: Datatype ranges whose literals are checked when explaining, with the datatypes they accept.
_INTEGERS = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_ACCEPTS: dict[URIRef, set[URIRef | None]] = {
    XSD.integer: set(_INTEGERS),
    XSD.decimal: {XSD.decimal, *_INTEGERS},
    XSD.string: {XSD.string, None},
    XSD.boolean: {XSD.boolean},
}

_MAX_CLASHES = 3
_MAX_LITERAL = 40
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
        context = context if context is not None else Graph()

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
            for cls in hierarchy.closure(direct) - _NOISE:
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


# --- the ontology, as the explanation and the type closure need it ---------------------------


class Hierarchy:
    """Named superclasses of named classes, reflexive and transitive."""

    def __init__(self, parents: Mapping[URIRef, set[URIRef]]) -> None:
        self._parents = parents
        self._ancestors: dict[URIRef, frozenset[URIRef]] = {}

    def ancestors(self, cls: URIRef) -> frozenset[URIRef]:
        if cls not in self._ancestors:
            seen = {cls}
            todo = [cls]
            while todo:
                for parent in self._parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._ancestors[cls] = frozenset(seen)
        return self._ancestors[cls]

    def closure(self, classes: Iterable[URIRef]) -> set[URIRef]:
        return {ancestor for cls in classes for ancestor in self.ancestors(cls)}


class OntologyModel:
    """The axioms of the ontology that :func:`explain` and the type closure read."""

    def __init__(self, ontology: Graph) -> None:
        self.parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                self.parents[sub].add(sup)
        for one, other in ontology.subject_objects(OWL.equivalentClass):
            if isinstance(one, URIRef) and isinstance(other, URIRef):
                self.parents[one].add(other)
                self.parents[other].add(one)
        self.disjoint: set[frozenset[URIRef]] = set()
        for one, other in ontology.subject_objects(OWL.disjointWith):
            self.disjoint.add(frozenset((one, other)))
        for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
            for members in ontology.objects(axiom, OWL.members):
                listed = [m for m in Collection(ontology, members) if isinstance(m, URIRef)]
                self.disjoint.update(
                    frozenset((a, b)) for i, a in enumerate(listed) for b in listed[i + 1 :]
                )
        #: property → its domains (each a set of classes: one, or the members of a union)
        self.domains = _class_sets(ontology, RDFS.domain)
        self.ranges = _class_sets(ontology, RDFS.range)
        self.datatypes: dict[URIRef, URIRef] = {
            prop: range_
            for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty)
            for range_ in ontology.objects(prop, RDFS.range)
            if isinstance(prop, URIRef) and range_ in _ACCEPTS
        }
        pairs = {
            (p, q)
            for p, q in ontology.subject_objects(OWL.inverseOf)
            if isinstance(p, URIRef) and isinstance(q, URIRef)
        }
        #: (property, its inverse), both ways round
        self.inverses = sorted(pairs | {(q, p) for p, q in pairs})

    def hierarchy(self, extra: Iterable[tuple[URIRef, URIRef]] = ()) -> Hierarchy:
        parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for cls, sups in self.parents.items():
            parents[cls] |= sups
        for sub, sup in extra:
            parents[sub].add(sup)
        return Hierarchy(parents)


def _class_sets(ontology: Graph, axis: URIRef) -> dict[URIRef, list[frozenset[URIRef]]]:
    found: dict[URIRef, list[frozenset[URIRef]]] = defaultdict(list)
    for prop, cls in ontology.subject_objects(axis):
        if not isinstance(prop, URIRef):
            continue
        if isinstance(cls, URIRef):
            if (cls, RDF.type, OWL.Class) in ontology:
                found[prop].append(frozenset({cls}))
            continue
        union = ontology.value(cls, OWL.unionOf)
        if union is not None:
            members = [m for m in Collection(ontology, union) if isinstance(m, URIRef)]
            found[prop].append(frozenset(members))
    return found


# --- the explanation -------------------------------------------------------------------------


#: (namespace, prefix), longest namespace first
_PREFIXES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def short(node: Node) -> str:
    """A prefixed name for a person to read (``sgr:mission/artemis-program``), not Turtle."""
    if isinstance(node, URIRef):
        return next(
            (f"{prefix}:{node[len(ns) :]}" for ns, prefix in _PREFIXES if node.startswith(ns)),
            f"<{node}>",
        )
    if isinstance(node, Literal):
        text = node.n3(_NAMES)
        return text if len(text) <= _MAX_LITERAL else text[: _MAX_LITERAL - 1] + "…"
    return "[]"


def _namespace_manager() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True)
    return manager


_NAMES = _namespace_manager()


def explain(model: OntologyModel, graph: Graph, context: Graph | None = None) -> str:
    """One line naming what clashes in ``graph`` (with ``context``) against the ontology.

    Called after HermiT has found the graph inconsistent; it reads the asserted triples only
    (see the module's docstring for why).
    """
    sources = [(graph, "")] + ([(context, " in the context")] if context is not None else [])
    hierarchy = model.hierarchy()
    same = _SameAs()
    for source, _ in sources:
        for one, other in source.subject_objects(OWL.sameAs):
            if isinstance(one, URIRef) and isinstance(other, URIRef):
                same.join(one, other)

    #: resource → [(class, why)]; resource → [(classes of a union, why)]
    classes: dict[URIRef, list[tuple[URIRef, str]]] = defaultdict(list)
    unions: dict[URIRef, list[tuple[frozenset[URIRef], str]]] = defaultdict(list)
    clashes: list[str] = []
    literals: list[str] = []

    def note(node: Node, options: frozenset[URIRef], why: str) -> None:
        if not isinstance(node, URIRef):
            return
        key = same.find(node)
        if node != key:
            why = f"{why}, as {short(node)} owl:sameAs"
        if len(options) == 1:
            classes[key].append((next(iter(options)), why))
        else:
            unions[key].append((options, why))

    for source, where in sources:
        for s, p, o in source:
            if p == RDF.type:
                if isinstance(o, URIRef) and o not in _NOISE:
                    note(s, frozenset({o}), f"typed{where}")
                continue
            for options in model.domains.get(p, ()):
                note(s, options, f"subject of {short(p)}{where}")
            if isinstance(o, Literal):
                range_ = model.datatypes.get(p)
                datatype = o.datatype or (RDF.langString if o.language else None)
                if range_ is not None and datatype not in _ACCEPTS[range_]:
                    literals.append(
                        f"{short(s)} has {short(p)} {short(o)}{where}, not an {short(range_)}"
                    )
                continue
            for options in model.ranges.get(p, ()):
                note(o, options, f"object of {short(p)}{where}")

    for node in sorted(set(classes) | set(unions)):
        known = _dedupe(classes.get(node, []))
        clash = _first_disjoint_pair(model, hierarchy, known)
        if clash is not None:
            (a, why_a), (b, why_b) = clash
            clashes.append(
                f"{short(node)} is both {short(a)} ({why_a}) and {short(b)} ({why_b}), "
                "disjoint classes"
            )
            continue
        for options, why in unions.get(node, []):
            ruled_out = [
                next(
                    (
                        (cls, cls_why)
                        for cls, cls_why in known
                        if _disjoint(model, hierarchy, o, cls)
                    ),
                    None,
                )
                for o in sorted(options)
            ]
            if all(ruled_out):
                cls, cls_why = ruled_out[0]  # type: ignore[misc]
                allowed = " or ".join(short(o) for o in sorted(options))
                clashes.append(
                    f"{short(node)} must be {allowed} ({why}) but is {short(cls)} ({cls_why})"
                )
                break

    clashes = sorted(set(literals)) + clashes
    if not clashes:
        return (
            "HermiT found it inconsistent with the ontology; no clash of disjoint classes, "
            "domains, ranges or datatypes was found in the asserted triples"
        )
    more = len(clashes) - _MAX_CLASHES
    text = "inconsistent with the ontology: " + "; ".join(clashes[:_MAX_CLASHES])
    return text + (f" (and {more} more)" if more > 0 else "")


def _dedupe(pairs: list[tuple[URIRef, str]]) -> list[tuple[URIRef, str]]:
    """One reason per class, an assertion rather than a domain or range when there is one."""
    best: dict[URIRef, str] = {}
    for cls, why in pairs:
        if cls not in best or (not why.startswith("typed"), why) < (
            not best[cls].startswith("typed"),
            best[cls],
        ):
            best[cls] = why
    return sorted(best.items())


def _disjoint(model: OntologyModel, hierarchy: Hierarchy, a: URIRef, b: URIRef) -> bool:
    return any(
        frozenset((x, y)) in model.disjoint
        for x in hierarchy.ancestors(a)
        for y in hierarchy.ancestors(b)
    )


def _first_disjoint_pair(
    model: OntologyModel, hierarchy: Hierarchy, known: list[tuple[URIRef, str]]
) -> tuple[tuple[URIRef, str], tuple[URIRef, str]] | None:
    for i, first in enumerate(known):
        for second in known[i + 1 :]:
            if _disjoint(model, hierarchy, first[0], second[0]):
                return first, second
    return None


class _SameAs:
    """Union-find over owl:sameAs; a group is named by a spacegraph IRI when it has one."""

    def __init__(self) -> None:
        self._parent: dict[URIRef, URIRef] = {}

    def find(self, node: URIRef) -> URIRef:
        root = node
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        return root

    def join(self, one: URIRef, other: URIRef) -> None:
        a, b = self.find(one), self.find(other)
        if a != b:
            keep, drop = sorted((a, b), key=lambda iri: (not iri.startswith(BASE_IRI), iri))
            self._parent[drop] = keep


__all__ = [
    "UNAVAILABLE",
    "Reasoner",
    "ReasonerUnavailable",
    "Reasoning",
    "explain",
    "java_available",
]
