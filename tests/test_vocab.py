"""vocab.SG is a closed namespace, and every term in it is declared in ontology/*.ttl."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, SKOS, Graph, URIRef

from spacegraph.settings import Settings
from spacegraph.vocab import SG

#: What a term of SG may be declared as in the ontology.
DECLARED_KINDS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.ConceptScheme,
    SKOS.Concept,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    files = sorted(Settings().ontology.glob("*.ttl"))
    assert files, "ontology/ holds no Turtle file"
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def test_vocab_lists_terms() -> None:
    # guards the parametrisation below against an empty list
    assert len(SG.__annotations__) > 20


@pytest.mark.parametrize("name", sorted(SG.__annotations__))
def test_vocab_term_is_declared_in_ontology(ontology: Graph, name: str) -> None:
    term = getattr(SG, name)
    assert term == URIRef(f"https://w3id.org/spacegraph/ontology#{name}")
    kinds = set(ontology.objects(term, RDF.type))
    assert kinds, f"sg:{name} has no rdf:type in ontology/*.ttl"
    assert kinds & DECLARED_KINDS, (
        f"sg:{name} is typed {kinds}, not as a class, property or concept"
    )


def test_misspelt_term_raises_attribute_error() -> None:
    assert SG.State == URIRef("https://w3id.org/spacegraph/ontology#State")
    with pytest.raises(AttributeError):
        _ = SG.Stat
