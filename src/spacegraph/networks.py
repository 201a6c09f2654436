"""Co-participation networks for network analysis: who met whom, how often and when.

Two undirected, weighted edge lists, each computed with SPARQL on the store:

- ``states``: two states are linked by a meeting when both took part in it, a state taking
  part when it is a party of the meeting's dialogue (``sg:dialogue/sg:parties``) or when one of
  its bodies co-chaired or participated (``(sg:coChair|sg:participant)/sg:state``);
- ``bodies``: two bodies (government bodies, space agencies, international bodies) are linked
  by a meeting that both co-chaired or participated in.

Only meetings that were held count, that is meetings with an ``sg:startDate``: an announced
meeting (``sg:plannedYear``) has not brought anyone together yet. An edge's ``weight`` is the
number of meetings the two shared, ``first_date`` and ``last_date`` the earliest and latest of
their start dates, ``meetings`` their IRIs. Every node that took part in a held meeting is
listed, with its label, kind, state and Wikidata item, even when it has no edge.

Each network is written as CSV (one edge per row: Gephi, igraph, pandas) and GraphML (nodes
and edges with typed attributes: Gephi, networkx, igraph, Cytoscape), by hand with the
standard library, sorted, so that the same graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .store import Store
from .vocab import SG
from .void import select

#: The GraphML namespace (http://graphml.graphdrawing.org/).
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

#: How a state takes part in a meeting (property path from the meeting).
_STATE_OF_MEETING = "((sg:dialogue/sg:parties)|((sg:coChair|sg:participant)/sg:state))"
#: How a body takes part in a meeting.
_BODY_OF_MEETING = "(sg:coChair|sg:participant)"

_EDGES = """
SELECT ?a ?b (COUNT(DISTINCT ?meeting) AS ?weight) (MIN(?date) AS ?first) (MAX(?date) AS ?last)
       (GROUP_CONCAT(DISTINCT STR(?meeting); separator=" ") AS ?meetings)
WHERE {{
  ?meeting a sg:Meeting ; sg:startDate ?date ; {path} ?a, ?b .
  ?a a ?kindA . ?b a ?kindB .
  VALUES ?kindA {{ {kinds} }}
  VALUES ?kindB {{ {kinds} }}
  FILTER(STR(?a) < STR(?b))
}}
GROUP BY ?a ?b
"""

_NODES = """
SELECT ?node (MIN(STR(?label)) AS ?name)
       (GROUP_CONCAT(DISTINCT STR(?kind); separator=" ") AS ?kinds)
       (MIN(STR(?state)) AS ?country) (MIN(STR(?item)) AS ?wikidata)
WHERE {{
  ?meeting a sg:Meeting ; sg:startDate ?date ; {path} ?node .
  ?node a ?kind .
  VALUES ?kind {{ {kinds} }}
  OPTIONAL {{ ?node rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
  OPTIONAL {{ ?node sg:state ?state }}
  OPTIONAL {{ ?node owl:sameAs ?item FILTER(STRSTARTS(STR(?item), STR(wd:))) }}
}}
GROUP BY ?node
"""


@dataclass(frozen=True)
class NetworkKind:
    """One network: its name, how its nodes take part in a meeting, and their classes."""

    name: str
    path: str
    #: sg: class names, the most specific first (a node's kind is the first it has).
    kinds: tuple[str, ...]


STATES = NetworkKind("states", _STATE_OF_MEETING, ("State",))
BODIES = NetworkKind(
    "bodies", _BODY_OF_MEETING, ("SpaceAgency", "GovernmentBody", "InternationalBody")
)
NETWORKS = (STATES, BODIES)


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    kind: str
    state: str
    wikidata: str


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    weight: int
    first_date: str
    last_date: str
    meetings: tuple[str, ...]


@dataclass(frozen=True)
class Network:
    kind: NetworkKind
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def label(self, iri: str) -> str:
        return next((node.label for node in self.nodes if node.iri == iri), "")


def co_participation(store: Store, kind: NetworkKind) -> Network:
    """The co-participation network of ``kind`` in the store, nodes and edges sorted."""
    kinds = " ".join(f"sg:{name}" for name in kind.kinds)
    edges = tuple(
        sorted(
            Edge(
                source=row["a"],
                target=row["b"],
                weight=int(row["weight"]),
                first_date=row["first"],
                last_date=row["last"],
                meetings=tuple(sorted(row["meetings"].split())),
            )
            for row in select(store, _EDGES.format(path=kind.path, kinds=kinds))
        )
    )
    nodes = []
    for row in select(store, _NODES.format(path=kind.path, kinds=kinds)):
        found = set(row.get("kinds", "").split())
        most_specific = next(name for name in kind.kinds if str(SG._NS) + name in found)
        nodes.append(
            Node(
                iri=row["node"],
                label=row.get("name", ""),
                kind=most_specific,
                state=row.get("country", ""),
                wikidata=row.get("wikidata", ""),
            )
        )
    return Network(kind, tuple(sorted(nodes, key=lambda node: node.iri)), edges)


# writing -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "source",
    "target",
    "weight",
    "first_date",
    "last_date",
    "source_label",
    "target_label",
    "meetings",
)


def to_csv(network: Network) -> bytes:
    """The edge list: one row per pair, ``meetings`` separated by spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for edge in network.edges:
        writer.writerow(
            (
                edge.source,
                edge.target,
                edge.weight,
                edge.first_date,
                edge.last_date,
                network.label(edge.source),
                network.label(edge.target),
                " ".join(edge.meetings),
            )
        )
    return buffer.getvalue().encode("utf-8")


#: GraphML attribute keys: (id, for, type).
_KEYS = (
    ("label", "node", "string"),
    ("kind", "node", "string"),
    ("state", "node", "string"),
    ("wikidata", "node", "string"),
    ("weight", "edge", "int"),
    ("first_date", "edge", "string"),
    ("last_date", "edge", "string"),
    ("meetings", "edge", "string"),
)


def to_graphml(network: Network) -> bytes:
    """The network as GraphML: nodes keyed by IRI with their attributes, undirected edges."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(_q("graphml"))
    for key, domain, kind in _KEYS:
        ET.SubElement(
            root,
            _q("key"),
            {"id": key, "for": domain, "attr.name": key, "attr.type": kind},
        )
    graph = ET.SubElement(root, _q("graph"), {"id": network.kind.name, "edgedefault": "undirected"})
    for node in network.nodes:
        element = ET.SubElement(graph, _q("node"), {"id": node.iri})
        for key, value in (
            ("label", node.label),
            ("kind", node.kind),
            ("state", node.state),
            ("wikidata", node.wikidata),
        ):
            if value:
                ET.SubElement(element, _q("data"), {"key": key}).text = value
    for number, edge in enumerate(network.edges):
        element = ET.SubElement(
            graph, _q("edge"), {"id": f"e{number}", "source": edge.source, "target": edge.target}
        )
        for key, value in (
            ("weight", str(edge.weight)),
            ("first_date", edge.first_date),
            ("last_date", edge.last_date),
            ("meetings", " ".join(edge.meetings)),
        ):
            ET.SubElement(element, _q("data"), {"key": key}).text = value
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _q(tag: str) -> str:
    return f"{{{GRAPHML_NS}}}{tag}"


def write_networks(store: Store, folder: Path) -> list[Path]:
    """``states.csv``, ``states.graphml``, ``bodies.csv`` and ``bodies.graphml`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in NETWORKS:
        network = co_participation(store, kind)
        for suffix, data in (("csv", to_csv(network)), ("graphml", to_graphml(network))):
            path = folder / f"{kind.name}.{suffix}"
            path.write_bytes(data)
            written.append(path)
    return written
