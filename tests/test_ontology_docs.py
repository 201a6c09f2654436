"""The ontology documentation: generated from ontology/ and shapes/, so every term and every
shape read here independently with rdflib must be in it; served at /ontology as HTML, and as
the ontology itself to RDF clients."""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SKOS, Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from spacegraph.ontology_docs import render_html
from spacegraph.settings import PROJECT_DIR

ONTOLOGY = PROJECT_DIR / "ontology"
SHAPES = PROJECT_DIR / "shapes"
SH = Namespace("http://www.w3.org/ns/shacl#")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def read(folder: Path) -> Graph:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def named(graph: Graph, *kinds: URIRef) -> set[URIRef]:
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(ONTOLOGY, SHAPES)


def section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_every_class_and_property_of_the_ontology_is_documented(html):
    ontology = Graph().parse(ONTOLOGY / "spacegraph.ttl", format="turtle")
    terms = named(
        ontology,
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
    )
    assert len(terms) > 60
    for term in terms:
        assert escape(str(term)) in html, term


def test_our_terms_have_a_section_with_label_and_comment(html):
    ontology = read(ONTOLOGY)
    sg = "https://w3id.org/spacegraph/ontology#"
    ours = {t for t in named(ontology, OWL.Class, OWL.ObjectProperty) if str(t).startswith(sg)}
    for term in ours:
        text = section(html, "sg:" + str(term)[len(sg) :])
        label = str(ontology.value(term, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        assert escape(label) in text, term
    meeting = section(html, "sg:Meeting")
    for prop in ("sg:dialogue", "sg:ordinal", "sg:coChair", "sg:startDate"):
        assert f"<code>{prop}</code>" in meeting  # properties whose domain it is
    assert "sgsh:MeetingDialogueShape" in meeting


def test_every_shape_is_documented_with_severity_and_message(html):
    shapes = read(SHAPES)
    found = named(shapes, SH.NodeShape, SH.PropertyShape)
    assert len(found) > 30
    for shape in found:
        assert escape(str(shape)) in html, shape
        text = section(html, "sgsh:" + str(shape).rsplit("#", 1)[1])
        message = shapes.value(shape, SH.message)
        if message is not None:
            assert escape(str(message)) in text, shape
        severity = shapes.value(shape, SH.severity)
        if severity is not None:
            assert "sh:" + str(severity).rsplit("#", 1)[1] in text, shape


def test_every_concept_of_every_scheme_is_listed(html):
    ontology = read(ONTOLOGY)
    for scheme in named(ontology, SKOS.ConceptScheme):
        assert escape(str(scheme)) in html
        for concept in ontology.subjects(SKOS.inScheme, scheme):
            label = ontology.value(concept, SKOS.prefLabel)
            assert f"<td>{escape(str(label))}</td>" in html, concept


def test_a_new_term_appears_escaped_and_without_scripts(tmp_path):
    ontology = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, ontology)
    (ontology / "extra.ttl").write_text(
        "@prefix sg: <https://w3id.org/spacegraph/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'sg:Extra a owl:Class ; rdfs:label "Extra <script>alert(1)</script>"@en ;\n'
        '    rdfs:comment "A & B"@en .\n'
    )
    html = render_html(ontology, SHAPES)
    assert 'id="sg:Extra"' in html
    assert "Extra &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html
    assert "<script" not in html
    assert not re.search(r"<link|src=", html)  # self-contained: no CDN, no external files


def test_the_same_files_give_the_same_page(html):
    assert render_html(ONTOLOGY, SHAPES) == html


# the web page --------------------------------------------------------------------------------


def test_ontology_page_serves_html_to_browsers(client, html):
    response = client.get("/ontology", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == html
    assert "Accept" in response.headers["Vary"]


def test_ontology_serves_turtle_to_rdf_clients(client):
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    served = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert isomorphic(served, read(ONTOLOGY))


@pytest.mark.parametrize(
    "query,mimetype,rdflib_format",
    [("ntriples", "application/n-triples", "nt"), ("jsonld", "application/ld+json", "json-ld")],
)
def test_ontology_format_parameter_picks_other_rdf_formats(client, query, mimetype, rdflib_format):
    response = client.get(f"/ontology?format={query}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    served = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    assert len(served) == len(read(ONTOLOGY))


def test_ontology_in_a_results_format_is_not_acceptable(client):
    response = client.get("/ontology", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 406
    assert response.get_json()["status"] == 406
