"""Human-readable documentation of the ontology and the shapes, generated from ``ontology/``
and ``shapes/`` so that it cannot drift from them.

One self-contained HTML page (no scripts, no CDN, a few lines of CSS): the ontology's header;
each class of ours with its comment, superclasses, alignments, the properties whose domain or
range it is and the shapes that target it; each property with its kind, domain, range,
super-properties, alignments and shapes; the terms of other vocabularies the ontology
declares; each SKOS concept scheme with its concepts; and each shape with its severity,
targets, path, constraints and message. Every text is escaped; the output is sorted, so the
same files give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

from .vocab import SG

SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY = URIRef(str(SG._NS).rstrip("#"))

PROPERTY_KINDS = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    RDF.Property: "property",
}
ALIGNMENTS = (
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
SHAPE_KINDS = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: Shape properties shown elsewhere than in the constraint list.
_NOT_CONSTRAINTS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.message,
    SH.severity,
    SH.path,
    *TARGETS,
}


@dataclass(frozen=True)
class Vocabulary:
    """The ontology and the shapes, read from their folders."""

    ontology: Graph
    shapes: Graph
    prefixes: tuple[tuple[str, str], ...]

    @classmethod
    def read(cls, ontology_dir: Path, shapes_dir: Path) -> Vocabulary:
        prefixes: dict[str, str] = {}
        ontology, shapes = Graph(), Graph()
        for folder, graph in ((ontology_dir, ontology), (shapes_dir, shapes)):
            for path in sorted(folder.glob("*.ttl")):
                part = Graph(bind_namespaces="none").parse(path, format="turtle")
                prefixes.update({p: str(ns) for p, ns in part.namespaces() if p})
                graph += part
        ordered = tuple(sorted(prefixes.items(), key=lambda item: -len(item[1])))
        return cls(ontology, shapes, ordered)

    # the terms -------------------------------------------------------------------------------

    def classes(self) -> list[URIRef]:
        """Every named class the ontology declares (ours and others')."""
        return _named(self.ontology.subjects(RDF.type, OWL.Class))

    def properties(self) -> list[URIRef]:
        """Every named property the ontology declares (ours and others')."""
        found: set[Node] = set()
        for kind in PROPERTY_KINDS:
            found.update(self.ontology.subjects(RDF.type, kind))
        return _named(found)

    def shapes_list(self) -> list[URIRef]:
        found: set[Node] = set()
        for kind in SHAPE_KINDS:
            found.update(self.shapes.subjects(RDF.type, kind))
        return _named(found)

    def schemes(self) -> list[URIRef]:
        return _named(self.ontology.subjects(RDF.type, SKOS.ConceptScheme))

    def is_described(self, term: URIRef) -> bool:
        """Ours, or a term of another vocabulary the ontology says how it uses (a label)."""
        return (term, RDFS.label, None) in self.ontology

    def curie(self, iri: Node) -> str:
        text = str(iri)
        for prefix, namespace in self.prefixes:
            local = text[len(namespace) :]
            if text.startswith(namespace) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return text


def _named(nodes: Iterable[Node]) -> list[URIRef]:
    return sorted({node for node in nodes if isinstance(node, URIRef)})


def documented_terms(ontology_dir: Path, shapes_dir: Path) -> list[URIRef]:
    """Every class, property, concept scheme and shape the documentation lists."""
    vocabulary = Vocabulary.read(ontology_dir, shapes_dir)
    return sorted(
        {
            *vocabulary.classes(),
            *vocabulary.properties(),
            *vocabulary.schemes(),
            *vocabulary.shapes_list(),
        }
    )


# rendering -----------------------------------------------------------------------------------


def render_html(ontology_dir: Path, shapes_dir: Path) -> str:
    """The documentation page of the ontology in ``ontology_dir`` and the shapes in
    ``shapes_dir``."""
    return _Page(Vocabulary.read(ontology_dir, shapes_dir)).render()


class _Page:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.v = vocabulary
        self.g = vocabulary.ontology
        self.ours_classes = [c for c in vocabulary.classes() if vocabulary.is_described(c)]
        self.ours_properties = [p for p in vocabulary.properties() if vocabulary.is_described(p)]
        self.others = [
            t
            for t in (*vocabulary.classes(), *vocabulary.properties())
            if not vocabulary.is_described(t)
        ]
        self.anchored = {
            *self.ours_classes,
            *self.ours_properties,
            *vocabulary.schemes(),
            *vocabulary.shapes_list(),
        }

    # pieces ----------------------------------------------------------------------------------

    def text(self, subject: Node, *predicates: URIRef, graph: Graph | None = None) -> str:
        graph = self.g if graph is None else graph
        for predicate in predicates:
            values = sorted(
                str(v)
                for v in graph.objects(subject, predicate)
                if isinstance(v, Literal) and v.language in (None, "en")
            )
            if values:
                return values[0]
        return ""

    def link(self, node: Node, graph: Graph | None = None) -> str:
        """A term as a link (here when documented here, else to its IRI); blank nodes as
        what they stand for: a union, a list or a nested description."""
        graph = self.g if graph is None else graph
        if isinstance(node, URIRef):
            name = escape(self.v.curie(node))
            if node in self.anchored:
                return f'<a href="#{escape(self.v.curie(node))}"><code>{name}</code></a>'
            return f'<a href="{escape(str(node))}"><code>{name}</code></a>'
        if isinstance(node, Literal):
            shown = escape(str(node))
            if node.language:
                return f'"{shown}"@{escape(node.language)}'
            if node.datatype is not None:
                return f'"{shown}"^^<code>{escape(self.v.curie(node.datatype))}</code>'
            return f'"{shown}"'
        if isinstance(node, BNode):
            members = graph.value(node, OWL.unionOf)
            if members is not None:
                return " or ".join(self.link(m, graph) for m in Collection(graph, members))
            if (node, RDF.first, None) in graph:
                return "( " + " ".join(self.link(m, graph) for m in Collection(graph, node)) + " )"
            parts = [
                f"{self.link(p, graph)} {self.link(o, graph)}"
                for p, o in sorted(graph.predicate_objects(node))
                if not (p == RDF.type and o == OWL.Class)
            ]
            return "[ " + " ; ".join(parts) + " ]"
        return escape(str(node))

    def links(self, nodes: Iterable[Node], graph: Graph | None = None) -> str:
        shown = [self.link(node, graph) for node in sorted(nodes, key=str)]
        return ", ".join(shown)

    def row(self, name: str, value: str) -> str:
        return f"<dt>{escape(name)}</dt><dd>{value}</dd>" if value else ""

    def members(self, node: Node) -> set[Node]:
        """A class expression's named classes (a union's members, or the class itself)."""
        if isinstance(node, URIRef):
            return {node}
        union = self.g.value(node, OWL.unionOf)
        return set(Collection(self.g, union)) if union is not None else set()

    # sections --------------------------------------------------------------------------------

    def render(self) -> str:
        title = self.text(ONTOLOGY, DCTERMS.title) or "spacegraph ontology"
        sections = [
            self.header(title),
            self.contents(),
            self.classes(),
            self.properties(),
            self.schemes(),
            self.shapes(),
            self.others_section(),
        ]
        return _TEMPLATE.format(title=escape(title), body="\n".join(sections))

    def header(self, title: str) -> str:
        version = self.text(ONTOLOGY, OWL.versionInfo)
        licence = self.g.value(ONTOLOGY, DCTERMS.license)
        details = "".join(
            (
                self.row("IRI", f"<code>{escape(str(ONTOLOGY))}</code>"),
                self.row(
                    "Namespace", f"<code>{escape(str(SG._NS))}</code> (prefix <code>sg:</code>)"
                ),
                self.row("Version", escape(version)),
                self.row("Licence", self.link(licence) if licence is not None else ""),
            )
        )
        description = escape(" ".join(self.text(ONTOLOGY, DCTERMS.description).split()))
        return (
            f"<header><h1>{escape(title)}</h1><p>{description}</p><dl>{details}</dl>"
            "<p>Generated from <code>ontology/</code> and <code>shapes/</code>; also served as "
            "Turtle (<code>Accept: text/turtle</code>).</p></header>"
        )

    def contents(self) -> str:
        def entries(terms: list[URIRef]) -> str:
            return ", ".join(self.link(term) for term in terms)

        return (
            "<nav><h2>Contents</h2><dl>"
            f'<dt><a href="#classes">Classes</a></dt><dd>{entries(self.ours_classes)}</dd>'
            f'<dt><a href="#properties">Properties</a></dt><dd>{entries(self.ours_properties)}</dd>'
            f'<dt><a href="#schemes">Concept schemes</a></dt><dd>{entries(self.v.schemes())}</dd>'
            f'<dt><a href="#shapes">Shapes</a></dt><dd>{entries(self.v.shapes_list())}</dd>'
            '<dt><a href="#others">Terms of other vocabularies</a></dt>'
            f"<dd>{len(self.others)} declared for OWL 2 DL</dd>"
            "</dl></nav>"
        )

    def term_heading(self, term: URIRef, kind: str) -> str:
        label = self.text(term, RDFS.label, SKOS.prefLabel) or self.v.curie(term)
        comment = self.text(term, RDFS.comment, SKOS.definition)
        return (
            f'<section class="term" id="{escape(self.v.curie(term))}">'
            f"<h3>{escape(label)} <small>{escape(kind)}</small></h3>"
            f'<p class="iri"><code>{escape(self.v.curie(term))}</code> '
            f"<code>{escape(str(term))}</code></p>"
            f"<p>{escape(' '.join(comment.split()))}</p>"
        )

    def alignments(self, term: URIRef) -> str:
        parts = []
        for predicate in ALIGNMENTS:
            values = list(self.g.objects(term, predicate))
            if values:
                parts.append(f"{escape(self.v.curie(predicate))} {self.links(values)}")
        return "; ".join(parts)

    def shapes_about(self, predicate: URIRef, term: URIRef) -> str:
        return self.links(s for s in self.v.shapes_list() if (s, predicate, term) in self.v.shapes)

    def classes(self) -> str:
        out = ['<section id="classes"><h2>Classes</h2>']
        for cls in self.ours_classes:
            domain_of = [p for p in self.ours_properties if self._in(cls, p, RDFS.domain)]
            range_of = [p for p in self.ours_properties if self._in(cls, p, RDFS.range)]
            rows = "".join(
                (
                    self.row("Subclass of", self.links(self.g.objects(cls, RDFS.subClassOf))),
                    self.row("Superclass of", self.links(self.g.subjects(RDFS.subClassOf, cls))),
                    self.row("Alignments", self.alignments(cls)),
                    self.row("Properties (domain)", self.links(domain_of)),
                    self.row("Values of (range)", self.links(range_of)),
                    self.row("Shapes", self.shapes_about(SH.targetClass, cls)),
                )
            )
            out.append(self.term_heading(cls, "class") + f"<dl>{rows}</dl></section>")
        out.append("</section>")
        return "\n".join(out)

    def _in(self, cls: URIRef, prop: URIRef, axis: URIRef) -> bool:
        return any(cls in self.members(value) for value in self.g.objects(prop, axis))

    def properties(self) -> str:
        out = ['<section id="properties"><h2>Properties</h2>']
        for prop in self.ours_properties:
            kinds = [PROPERTY_KINDS[k] for k in PROPERTY_KINDS if (prop, RDF.type, k) in self.g]
            rows = "".join(
                (
                    self.row("Domain", self.links(self.g.objects(prop, RDFS.domain))),
                    self.row("Range", self.links(self.g.objects(prop, RDFS.range))),
                    self.row(
                        "Subproperty of", self.links(self.g.objects(prop, RDFS.subPropertyOf))
                    ),
                    self.row("Inverse of", self.links(self.g.objects(prop, OWL.inverseOf))),
                    self.row("Alignments", self.alignments(prop)),
                    self.row("Defined by", self.links(self.g.objects(prop, RDFS.isDefinedBy))),
                    self.row("Shapes", self.shapes_about(SH.path, prop)),
                )
            )
            heading = self.term_heading(prop, ", ".join(kinds) or "property")
            out.append(heading + f"<dl>{rows}</dl></section>")
        out.append("</section>")
        return "\n".join(out)

    def schemes(self) -> str:
        out = ['<section id="schemes"><h2>Concept schemes</h2>']
        for scheme in self.v.schemes():
            concepts = sorted(
                {
                    *self.g.subjects(SKOS.inScheme, scheme),
                    *self.g.subjects(SKOS.topConceptOf, scheme),
                },
                key=str,
            )
            out.append(self.term_heading(scheme, "concept scheme"))
            out.append(
                "<table><thead><tr><th>concept</th><th>label</th><th>definition</th>"
                "<th>also written</th><th>CAMEO / PLOVER</th></tr></thead><tbody>"
            )
            for concept in concepts:
                alt = sorted(str(a) for a in self.g.objects(concept, SKOS.altLabel))
                codes = " / ".join(
                    v
                    for v in (
                        self.text(concept, SG.cameoCode),
                        self.text(concept, SG.ploverCategory),
                    )
                    if v
                )
                out.append(
                    f'<tr id="{escape(self.v.curie(concept))}">'
                    f"<td><code>{escape(self.v.curie(concept))}</code></td>"
                    f"<td>{escape(self.text(concept, SKOS.prefLabel, RDFS.label))}</td>"
                    f"<td>{escape(self.text(concept, SKOS.definition))}</td>"
                    f"<td>{escape('; '.join(alt))}</td><td>{escape(codes)}</td></tr>"
                )
            out.append("</tbody></table></section>")
        out.append("</section>")
        return "\n".join(out)

    def shapes(self) -> str:
        graph = self.v.shapes
        out = [
            '<section id="shapes"><h2>Shapes</h2>',
            "<p>A document whose graph breaks a shape of severity <code>sh:Violation</code> is "
            "not loaded; <code>sh:Warning</code> results are reported with it.</p>",
        ]
        for shape in self.v.shapes_list():
            severity = graph.value(shape, SH.severity)
            targets = [
                f"{escape(self.v.curie(t))} {self.link(v, graph)}"
                for t in TARGETS
                for v in sorted(graph.objects(shape, t), key=str)
            ]
            constraints = [
                f"{escape(self.v.curie(p))} {self.link(o, graph)}"
                for p, o in sorted(graph.predicate_objects(shape))
                if p not in _NOT_CONSTRAINTS
            ]
            path = graph.value(shape, SH.path)
            kind = "node shape" if (shape, RDF.type, SH.NodeShape) in graph else "property shape"
            label = self.text(shape, RDFS.label, graph=graph) or self.v.curie(shape)
            rows = "".join(
                (
                    self.row(
                        "Severity",
                        self.link(severity, graph)
                        if severity is not None
                        else "none: a condition other shapes use",
                    ),
                    self.row("Targets", "; ".join(targets)),
                    self.row("Path", self.link(path, graph) if path is not None else ""),
                    self.row("Constraints", "; ".join(constraints)),
                    self.row("Message", escape(self.text(shape, SH.message, graph=graph))),
                )
            )
            out.append(
                f'<section class="term" id="{escape(self.v.curie(shape))}">'
                f"<h3>{escape(label)} <small>{kind}</small></h3>"
                f'<p class="iri"><code>{escape(self.v.curie(shape))}</code> '
                f"<code>{escape(str(shape))}</code></p><dl>{rows}</dl></section>"
            )
        out.append("</section>")
        return "\n".join(out)

    def others_section(self) -> str:
        rows = []
        for term in self.others:
            kinds = sorted(
                {
                    "class" if k == OWL.Class else PROPERTY_KINDS.get(k, "")
                    for k in self.g.objects(term, RDF.type)
                }
                - {""}
            )
            rows.append(
                f"<tr><td>{self.link(term)}</td><td><code>{escape(str(term))}</code></td>"
                f"<td>{escape(', '.join(kinds))}</td></tr>"
            )
        return (
            '<section id="others"><h2>Terms of other vocabularies</h2>'
            "<p>Declared in the ontology only so that it is OWL 2 DL as it stands; their own "
            "axioms are in their vocabularies.</p><table><thead><tr><th>term</th><th>IRI</th>"
            f"<th>kind</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
        )


_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.45; color: #1b1b1b; }}
code {{ font-family: ui-monospace, monospace; font-size: 0.92em; }}
.iri code + code {{ color: #555; margin-left: 0.5em; }}
h3 small {{ font-weight: normal; color: #555; font-size: 0.8em; }}
dl {{ display: grid; grid-template-columns: 11rem 1fr; gap: 0.2rem 1rem; }}
dt {{ font-weight: 600; }} dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.92em; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.4rem; text-align: left;
  vertical-align: top; }}
section.term {{ border-top: 1px solid #ddd; margin-top: 1.2rem; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
