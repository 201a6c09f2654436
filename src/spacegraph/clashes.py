"""Why a graph is inconsistent with the ontology, in one line, and the ontology's class
structure that the reasoner step (``reason.py``) needs for it and for closing types upwards.

HermiT says only "inconsistent" (owlready2 raises ``OwlReadyInconsistentOntologyError`` with
no message, and Pellet's ``explain`` fails on this ontology), so :func:`explain` looks for the
usual culprits in the asserted triples: a resource in two disjoint classes (typed, or implied
by a property's domain or range, across ``owl:sameAs``), a value outside a union range, a
literal of the wrong datatype. It names the resource and the classes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from .settings import BASE_IRI
from .vocab import PREFIXES

#: Types that say nothing: every individual has them.
NOISE = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})

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
                if isinstance(o, URIRef) and o not in NOISE:
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


__all__ = ["NOISE", "Hierarchy", "OntologyModel", "explain", "short"]
