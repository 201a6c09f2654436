"""The reasoner step: HermiT (through owlready2) over each document graph, with the ontology.

The slow tests run the real HermiT and need Java; the five source documents are built the way
the pipeline builds them (read → extract → to_graph) and checked with the authority graph as
context. The test without Java takes Java off PATH: an environment condition, not a mock.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, Graph, Literal, Namespace

from spacegraph.authority import load_authority
from spacegraph.extract import extract
from spacegraph.graph import to_graph
from spacegraph.reason import Reasoner, ReasonerUnavailable, Reasoning, java_available
from spacegraph.settings import Settings
from spacegraph.sources import find_documents, read_catalogue, read_document

SG = Namespace("https://w3id.org/spacegraph/ontology#")
SGR = Namespace("https://w3id.org/spacegraph/id/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREFIXES = """
@base <https://w3id.org/spacegraph/id/> .
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

#: A small document of its own: a meeting, its dialogue, a state and a space agency.
SMALL_DOCUMENT = """
<state/zz> a sg:State ; rdfs:label "Zedland"@en .
<body/zz/zedland-space-agency> a sg:SpaceAgency ; rdfs:label "Zedland Space Agency"@en ;
    sg:state <state/zz> .
<dialogue/zz-us/space-talks> a sg:Dialogue ; sg:parties <state/zz>, <state/us> .
<dialogue/zz-us/space-talks/meeting/1> a sg:Meeting ;
    sg:dialogue <dialogue/zz-us/space-talks> ;
    sg:ordinal 1 ;
    sg:startDate "2024-05-06"^^xsd:date ;
    sg:coChair <body/zz/zedland-space-agency> ;
    sg:nextMeeting <dialogue/zz-us/space-talks/meeting/2> .
<dialogue/zz-us/space-talks/meeting/2> a sg:Meeting ; sg:plannedYear "2025"^^xsd:gYear .
"""

#: One fact each that HermiT must reject, and the words the explanation must hold.
CONTRADICTIONS = {
    "typed both State and Mission": (
        "<thing/clash> a sg:State , sg:Mission .",
        ("sgr:thing/clash", "sg:State", "sg:Mission"),
    ),
    "a mission as a party (range sg:State or sg:InternationalBody)": (
        "<mission/zed-1> a sg:Mission . <dialogue/zz-us/space-talks> sg:parties <mission/zed-1> .",
        ("sgr:mission/zed-1", "sg:parties", "sg:Mission"),
    ),
    "an ordinal that is not an integer": (
        '<dialogue/zz-us/space-talks/meeting/1> sg:ordinal "first" .',
        ("sgr:dialogue/zz-us/space-talks/meeting/1", "sg:ordinal", '"first"'),
    ),
    "an agency the authority knows as a state": (
        "<state/us> a sg:SpaceAgency .",
        ("sgr:state/us", "sg:SpaceAgency", "sg:State", "context"),
    ),
}


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def authority(settings: Settings) -> Graph:
    return load_authority(settings.reference).graph


@pytest.fixture(scope="module")
def reasoner(settings: Settings) -> Reasoner:
    return Reasoner(settings.ontology)


@pytest.fixture(scope="module")
def documents(settings: Settings) -> dict[str, Graph]:
    """The source documents' graphs, built as the pipeline builds them."""
    authority = load_authority(settings.reference)
    graphs = {}
    for path in find_documents([settings.sources]):
        document = read_document(path, read_catalogue(path.parent))
        graphs[path.name] = to_graph(extract(document, authority))
    return graphs


@pytest.fixture(scope="module")
def checked(
    reasoner: Reasoner, documents: dict[str, Graph], authority: Graph
) -> dict[str, Reasoning]:
    """Each source document checked on its own, with the authority graph as context."""
    return {name: reasoner.check(graph, authority) for name, graph in documents.items()}


# --- without Java -----------------------------------------------------------------------------


def test_without_java_the_reasoner_is_unavailable_with_a_one_line_message(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("java") is None
    assert java_available() is False
    with pytest.raises(ReasonerUnavailable) as raised:
        Reasoner(settings.ontology)
    message = raised.value.message
    assert "\n" not in message
    assert "Java" in message
    assert raised.value.kind == "reasoner-unavailable"
    assert raised.value.to_dict()["error"] == "reasoner-unavailable"


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed")
def test_java_is_available_when_java_is_on_path() -> None:
    assert java_available() is True


# --- the source documents -------------------------------------------------------------------


@pytest.mark.slow
def test_the_five_source_documents_are_consistent_with_the_authority(
    documents: dict[str, Graph], checked: dict[str, Reasoning]
) -> None:
    assert len(documents) == 5
    # the graphs hold typed dates, which HermiT must be told to ignore, not choke on
    assert any(
        isinstance(o, Literal) and o.datatype == XSD.date
        for graph in documents.values()
        for o in graph.objects()
    )
    failed = {name: r.explanation for name, r in checked.items() if not r.consistent}
    assert not failed, failed
    assert all(r.explanation is None for r in checked.values())


@pytest.mark.slow
def test_inferred_holds_no_asserted_triple_and_no_owl_thing(
    reasoner: Reasoner,
    documents: dict[str, Graph],
    authority: Graph,
    checked: dict[str, Reasoning],
) -> None:
    for name, result in checked.items():
        assert len(result.inferred) > 0, name
        for triple in result.inferred:
            assert triple not in documents[name], (name, triple)
            assert triple not in authority, (name, triple)
            assert triple not in reasoner.ontology, (name, triple)
        noise = set(result.inferred.objects(None, RDF.type)) & {OWL.Thing, OWL.NamedIndividual}
        assert not noise, (name, noise)


@pytest.mark.slow
def test_every_space_agency_of_a_document_is_inferred_a_government_body(
    documents: dict[str, Graph], checked: dict[str, Reasoning]
) -> None:
    agencies = 0
    for name, graph in documents.items():
        for agency in graph.subjects(RDF.type, SG.SpaceAgency):
            if (agency, RDF.type, SG.GovernmentBody) in graph:
                continue
            agencies += 1
            inferred = checked[name].inferred
            assert (agency, RDF.type, SG.GovernmentBody) in inferred, (name, agency)
            assert (agency, RDF.type, SCHEMA.GovernmentOrganization) in inferred, (name, agency)
    assert agencies > 0


@pytest.mark.slow
def test_checking_a_batch_gives_what_checking_each_document_gives(
    reasoner: Reasoner,
    documents: dict[str, Graph],
    authority: Graph,
    checked: dict[str, Reasoning],
) -> None:
    batch = reasoner.check_many(documents, authority)
    assert list(batch) == list(documents)
    for name, result in batch.items():
        assert result.consistent, (name, result.explanation)
        assert set(result.inferred) == set(checked[name].inferred), name


@pytest.mark.slow
def test_a_batch_pins_an_inconsistency_on_its_document(
    reasoner: Reasoner, documents: dict[str, Graph], authority: Graph
) -> None:
    names = sorted(documents)
    culprit = names[1]
    broken = Graph()
    for triple in documents[culprit]:
        broken.add(triple)
    mission = sorted(broken.subjects(RDF.type, SG.Mission))[0]
    broken.add((mission, RDF.type, SG.State))
    batch = reasoner.check_many({**documents, culprit: broken}, authority)
    assert [name for name, r in batch.items() if not r.consistent] == [culprit]
    assert "sg:State" in (batch[culprit].explanation or "")
    assert mission.removeprefix(str(SGR)) in (batch[culprit].explanation or "")
    assert all(len(r.inferred) > 0 for name, r in batch.items() if name != culprit)


# --- small documents ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_body_typed_only_space_agency_is_inferred_a_government_body_and_its_superclasses(
    reasoner: Reasoner, authority: Graph
) -> None:
    document = turtle(SMALL_DOCUMENT)
    result = reasoner.check(document, authority)
    assert result.consistent, result.explanation
    agency = SGR["body/zz/zedland-space-agency"]
    types = set(result.inferred.objects(agency, RDF.type))
    assert {SG.GovernmentBody, SCHEMA.GovernmentOrganization, ORG.FormalOrganization} <= types
    assert (agency, RDF.type, SG.SpaceAgency) not in result.inferred  # asserted
    assert (SGR["state/zz"], RDF.type, SCHEMA.Country) in result.inferred
    meeting = SGR["dialogue/zz-us/space-talks/meeting/1"]
    assert (meeting, RDF.type, SCHEMA.Event) in result.inferred


@pytest.mark.slow
def test_an_untyped_co_chair_is_inferred_a_government_body_by_the_range(
    reasoner: Reasoner, authority: Graph
) -> None:
    document = turtle(
        SMALL_DOCUMENT
        + "<dialogue/zz-us/space-talks/meeting/1> sg:coChair <body/zz/ministry-of-space> ."
    )
    result = reasoner.check(document, authority)
    assert result.consistent, result.explanation
    ministry = SGR["body/zz/ministry-of-space"]
    assert (ministry, RDF.type, SG.GovernmentBody) in result.inferred
    assert (ministry, RDF.type, ORG.Organization) in result.inferred


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CONTRADICTIONS))
def test_an_inconsistent_document_is_rejected_with_an_explanation_naming_the_clash(
    reasoner: Reasoner, authority: Graph, case: str
) -> None:
    fact, words = CONTRADICTIONS[case]
    result = reasoner.check(turtle(SMALL_DOCUMENT + fact), authority)
    assert result.consistent is False
    assert result.explanation is not None
    assert "\n" not in result.explanation
    for word in words:
        assert word in result.explanation, result.explanation
    assert len(result.inferred) == 0


@pytest.mark.slow
def test_checks_do_not_leak_into_each_other_or_the_default_world(
    reasoner: Reasoner, authority: Graph
) -> None:
    before = set(owlready2.default_world.ontologies)
    bad = reasoner.check(turtle(SMALL_DOCUMENT + "<thing/clash> a sg:State , sg:Mission ."))
    good = reasoner.check(turtle(SMALL_DOCUMENT), authority)
    assert (bad.consistent, good.consistent) == (False, True)
    assert set(owlready2.default_world.ontologies) == before


@pytest.mark.slow
def test_an_inverse_the_ontology_declares_is_inferred(settings: Settings, tmp_path: Path) -> None:
    for path in settings.ontology.glob("*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "inverse.ttl").write_text(
        PREFIXES
        + """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
sg:previousMeeting a owl:ObjectProperty ;
    rdfs:label "previous meeting"@en ;
    owl:inverseOf sg:nextMeeting .
""",
        encoding="utf-8",
    )
    result = Reasoner(tmp_path).check(turtle(SMALL_DOCUMENT))
    assert result.consistent, result.explanation
    first = SGR["dialogue/zz-us/space-talks/meeting/1"]
    second = SGR["dialogue/zz-us/space-talks/meeting/2"]
    assert (second, SG.previousMeeting, first) in result.inferred
    # the asserted direction is not repeated
    assert not list(result.inferred.triples((None, SG.nextMeeting, None)))


@pytest.mark.slow
def test_an_asserted_inverse_is_not_inferred_again(settings: Settings, tmp_path: Path) -> None:
    for path in settings.ontology.glob("*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "inverse.ttl").write_text(
        PREFIXES
        + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        + "sg:previousMeeting a owl:ObjectProperty ; owl:inverseOf sg:nextMeeting .\n",
        encoding="utf-8",
    )
    document = turtle(
        SMALL_DOCUMENT
        + "<dialogue/zz-us/space-talks/meeting/2> sg:previousMeeting"
        + " <dialogue/zz-us/space-talks/meeting/1> ."
    )
    result = Reasoner(tmp_path).check(document)
    assert result.consistent, result.explanation
    assert not list(result.inferred.triples((None, SG.previousMeeting, None)))
    assert not list(result.inferred.triples((None, SG.nextMeeting, None)))
    assert (SGR["state/zz"], RDF.type, SCHEMA.Country) in result.inferred


@pytest.mark.slow
def test_documents_that_clash_only_with_each_other_are_each_consistent(
    reasoner: Reasoner, authority: Graph
) -> None:
    # each document is judged with the ontology and the context, not with the rest of a batch
    one = turtle(SMALL_DOCUMENT + "<thing/shared> a sg:State .")
    other = turtle("<thing/shared> a sg:Mission .")
    batch = reasoner.check_many({"one": one, "other": other}, authority)
    assert {name: r.consistent for name, r in batch.items()} == {"one": True, "other": True}
    assert (SGR["thing/shared"], RDF.type, SCHEMA.Country) in batch["one"].inferred


@pytest.mark.slow
def test_an_inconsistency_with_no_type_clash_still_gets_a_one_line_explanation(
    reasoner: Reasoner,
) -> None:
    fact = "<state/zz> owl:sameAs <state/zedland> ; owl:differentFrom <state/zedland> ."
    prefix = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    result = reasoner.check(turtle(prefix + SMALL_DOCUMENT + fact))
    assert result.consistent is False
    assert result.explanation is not None
    assert "\n" not in result.explanation
    assert "HermiT" in result.explanation
