"""The data changelog of a release: what changed in the graph since the previous release.

Two releases are compared quad by quad (their N-Quads, named graphs kept). Each resource
minted under ``sgr:`` that is a document, a meeting, a commitment or an entity (state, body,
agency, international body, dialogue, mission, agreement, policy, person, place, signing) is
described by the quads that have it as subject, in whichever graph. It is

- *added* when only the new release describes it,
- *removed* when only the previous one does,
- *changed* when both do, with different quads (a new document that mentions NASA adds an
  ``rdf:type`` and an ``sg:evidence`` for NASA in that document's graph: NASA changed).

Every change names the documents whose graphs hold the quads that came or went (a document's
inferred graph counts as the document), so that a reader sees where each change comes from.
Evidence nodes are not listed one by one: they come and go with their documents, and the
per-graph summary counts them.

Blank nodes are compared as "some blank node": their labels are canonical within one release
(RDFC-1.0) but may be renumbered by any change elsewhere in the dataset.

The changes are written as RDF (``changes.ttl``, one ``cs:ChangeSet`` of the Changeset
vocabulary per resource, linked to the release with PROV and DCMI terms) and as Markdown
(``CHANGES.md``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import DCTERMS, PROV, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .vocab import SG, SGR

#: The Changeset vocabulary (https://vocab.org/changeset/).
CS = Namespace("http://purl.org/vocab/changeset/schema#")
#: DCAT 3 (rdflib's closed DCAT namespace predates dcat:version and dcat:previousVersion).
DCAT = Namespace("http://www.w3.org/ns/dcat#")

#: One quad: subject, predicate, object, graph name.
Quad = tuple[Node, Node, Node, Node]

#: Kinds of resources the changelog lists, in the order it lists them, with their classes.
CATEGORIES: tuple[tuple[str, frozenset[URIRef]], ...] = (
    ("documents", frozenset({SG.Document})),
    ("meetings", frozenset({SG.Meeting})),
    (
        "entities",
        frozenset(
            {
                SG.State,
                SG.GovernmentBody,
                SG.SpaceAgency,
                SG.InternationalBody,
                SG.Dialogue,
                SG.Mission,
                SG.Agreement,
                SG.Policy,
                SG.Person,
                SG.Place,
                SG.Signing,
            }
        ),
    ),
    ("commitments", frozenset({SG.Commitment})),
)
STATUSES = ("added", "changed", "removed")

_BLANK = BNode("blank")  # stands for any blank node in comparisons
_INFERRED = str(SGR["graph/inferred/"])
_DOCUMENT = str(SGR["document/"])


@dataclass(frozen=True)
class Change:
    """One resource that was added, changed or removed."""

    category: str
    status: str
    iri: URIRef
    label: str
    types: tuple[URIRef, ...]
    #: Quads (subject omitted: predicate, object, graph) that came and went.
    added: tuple[tuple[Node, Node, Node], ...]
    removed: tuple[tuple[Node, Node, Node], ...]
    #: The documents (or other named graphs) whose graphs the changed quads are in.
    sources: tuple[URIRef, ...]


@dataclass(frozen=True)
class GraphChange:
    name: URIRef
    before: int
    after: int
    added: int
    removed: int


@dataclass
class Changelog:
    version: str
    previous_version: str | None
    date: str | None
    changes: list[Change] = field(default_factory=list)
    graphs: list[GraphChange] = field(default_factory=list)

    def of(self, category: str, status: str) -> list[Change]:
        return [c for c in self.changes if c.category == category and c.status == status]


def compare(
    old: Iterable[Quad],
    new: Iterable[Quad],
    *,
    version: str,
    previous_version: str | None,
    date: str | None = None,
) -> Changelog:
    """The changes from ``old`` quads (empty for a first release) to ``new`` quads."""
    old_quads, new_quads = set(map(_comparable, old)), set(map(_comparable, new))
    log = Changelog(version, previous_version, date)
    old_by_subject, new_by_subject = _by_subject(old_quads), _by_subject(new_quads)
    for subject in sorted(set(old_by_subject) | set(new_by_subject)):
        if not isinstance(subject, URIRef) or not str(subject).startswith(str(SGR)):
            continue
        before = old_by_subject.get(subject, set())
        after = new_by_subject.get(subject, set())
        if before == after:
            continue
        types = {o for p, o, _ in before | after if p == RDF.type and isinstance(o, URIRef)}
        category = next((name for name, classes in CATEGORIES if types & classes), None)
        if category is None:
            continue
        status = "added" if not before else "removed" if not after else "changed"
        came, went = after - before, before - after
        log.changes.append(
            Change(
                category=category,
                status=status,
                iri=subject,
                label=_label(after or before),
                types=tuple(sorted(t for t in types if str(t).startswith(str(SG._NS)))),
                added=tuple(sorted(came)),
                removed=tuple(sorted(went)),
                sources=tuple(sorted({_source(g) for _, _, g in came | went})),
            )
        )
    log.graphs = _graph_changes(old_quads, new_quads)
    return log


def _comparable(quad: Quad) -> Quad:
    s, p, o, g = quad
    return (
        _BLANK if isinstance(s, BNode) else s,
        p,
        _BLANK if isinstance(o, BNode) else o,
        g,
    )


def _by_subject(quads: set[Quad]) -> dict[Node, set[tuple[Node, Node, Node]]]:
    found: dict[Node, set[tuple[Node, Node, Node]]] = defaultdict(set)
    for s, p, o, g in quads:
        found[s].add((p, o, g))
    return found


def _source(graph: Node) -> URIRef:
    """The document a graph's facts come from (an inferred graph's is its document)."""
    name = str(graph)
    if name.startswith(_INFERRED):
        return URIRef(_DOCUMENT + name[len(_INFERRED) :])
    return URIRef(name)


def _label(description: set[tuple[Node, Node, Node]]) -> str:
    for predicate in (RDFS.label, DCTERMS.title, SG.text):
        values = sorted(
            str(o)
            for p, o, _ in description
            if p == predicate and isinstance(o, Literal) and o.language in (None, "en")
        )
        if values:
            text = " ".join(values[0].split())
            return text if len(text) <= 120 else text[:119] + "…"
    return ""


def _graph_changes(old: set[Quad], new: set[Quad]) -> list[GraphChange]:
    old_graphs: dict[Node, set[Quad]] = defaultdict(set)
    new_graphs: dict[Node, set[Quad]] = defaultdict(set)
    for quad in old:
        old_graphs[quad[3]].add(quad)
    for quad in new:
        new_graphs[quad[3]].add(quad)
    changes = []
    for name in sorted(set(old_graphs) | set(new_graphs)):
        before, after = old_graphs.get(name, set()), new_graphs.get(name, set())
        if before != after:
            changes.append(
                GraphChange(
                    URIRef(str(name)),
                    len(before),
                    len(after),
                    len(after - before),
                    len(before - after),
                )
            )
    return changes


# RDF -----------------------------------------------------------------------------------------


def release_iri(version: str) -> URIRef:
    """The IRI of a release of the dataset: ``sgr:release/<version>``."""
    return SGR[f"release/{quote(version, safe='')}"]


def to_rdf(log: Changelog) -> Graph:
    """The changelog as Changeset / PROV / DCMI triples; blank nodes only for reified
    statements (canonicalize before serializing)."""
    graph = Graph()
    graph.bind("cs", CS)
    graph.bind("dcat", DCAT)
    release = release_iri(log.version)
    graph.add((release, RDF.type, DCAT.Dataset))
    graph.add((release, RDF.type, PROV.Entity))
    graph.add((release, DCAT.version, Literal(log.version)))
    if log.previous_version is not None:
        previous = release_iri(log.previous_version)
        graph.add((release, PROV.wasRevisionOf, previous))
        graph.add((release, DCAT.previousVersion, previous))
        graph.add((previous, DCAT.version, Literal(log.previous_version)))
    for change in log.changes:
        relative = str(change.iri)[len(str(SGR)) :]
        node = URIRef(f"{release}/changes/{change.status}/{relative}")
        graph.add((node, RDF.type, CS.ChangeSet))
        graph.add((node, DCTERMS.isPartOf, release))
        graph.add((node, CS.subjectOfChange, change.iri))
        graph.add((node, CS.changeReason, Literal(change.status)))
        graph.add((node, DCTERMS.subject, Literal(change.category)))
        for kind in change.types:
            graph.add((node, DCTERMS.type, kind))
        if change.label:
            graph.add((node, RDFS.label, Literal(f"{change.status}: {change.label}", lang="en")))
        if log.date:
            graph.add((node, CS.createdDate, Literal(log.date, datatype=XSD.date)))
        for source in change.sources:
            graph.add((node, PROV.wasDerivedFrom, source))
        if change.status == "changed":
            for link, quads in ((CS.addition, change.added), (CS.removal, change.removed)):
                for predicate, value, name in quads:
                    _reify(graph, node, link, (change.iri, predicate, value, name))
    return graph


def _reify(graph: Graph, node: URIRef, link: URIRef, quad: Quad) -> None:
    subject, predicate, value, name = quad
    digest = hashlib.sha1(" ".join(n.n3() for n in quad).encode()).hexdigest()[:12]
    statement = URIRef(f"{node}/{'addition' if link == CS.addition else 'removal'}/{digest}")
    graph.add((node, link, statement))
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, value))
    graph.add((statement, PROV.wasDerivedFrom, _source(name)))


# Markdown ------------------------------------------------------------------------------------


def to_markdown(log: Changelog) -> str:
    """The changelog as Markdown: a summary table, then each category's changes."""
    lines = [f"# spacegraph {_md(log.version)}: data changes", ""]
    if log.previous_version is None:
        lines.append("The first release: there is no previous release, everything is new.")
    else:
        lines.append(f"Changes since the previous release, {_md(log.previous_version)}.")
    if log.date:
        lines.append(f"Release date: {log.date}.")
    lines += ["", "| | added | changed | removed |", "|---|---:|---:|---:|"]
    for category, _ in CATEGORIES:
        counts = " | ".join(str(len(log.of(category, status))) for status in STATUSES)
        lines.append(f"| {category} | {counts} |")
    if not log.changes and not log.graphs:
        lines += ["", "Nothing changed."]
    for category, _ in CATEGORIES:
        for status in STATUSES:
            changes = log.of(category, status)
            if not changes:
                continue
            lines += ["", f"## {category.capitalize()} {status} ({len(changes)})", ""]
            lines += [_md_change(change) for change in changes]
    if log.graphs:
        lines += [
            "",
            "## Named graphs",
            "",
            "| graph | triples before | after | added | removed |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| <{g.name}> | {g.before} | {g.after} | {g.added} | {g.removed} |" for g in log.graphs
        ]
    return "\n".join(lines) + "\n"


def _md_change(change: Change) -> str:
    line = f"- <{change.iri}>"
    if change.label:
        line += f" {_md(change.label)}"
    if change.status == "changed":
        line += f" (+{len(change.added)} / −{len(change.removed)} triples)"
    sources = ", ".join(f"<{source}>" for source in change.sources if source != change.iri)
    if sources:
        line += f"; from {sources}"
    return line


_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    return text.translate(_MD_SPECIAL)
