"""The OWL ontology (ontology/spacegraph.ttl) and its concept schemes (ontology/schemes.ttl).

The public contract's terms are listed here, not read from elsewhere, so that a renamed or
dropped term fails a test. The reasoner tests run HermiT through owlready2 (Java is needed);
HermiT is told to ignore xsd:date and xsd:gYear, which are outside the OWL 2 datatype map.
"""

from __future__ import annotations

import re
from pathlib import Path

import owlready2
import pytest
from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from spacegraph.settings import Settings

SG = Namespace("https://w3id.org/spacegraph/ontology#")
SGT = Namespace("https://w3id.org/spacegraph/topic/")
VANN = Namespace("http://purl.org/vocab/vann/")
# rdflib's XSD warns when pytest probes its attributes; a plain namespace does not
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY = URIRef("https://w3id.org/spacegraph/ontology")
ONTOLOGY_FILES = ("spacegraph.ttl", "schemes.ttl")

#: Classes of the public contract.
CONTRACT_CLASSES = (
    "State",
    "GovernmentBody",
    "SpaceAgency",
    "InternationalBody",
    "Dialogue",
    "Meeting",
    "Mission",
    "Agreement",
    "Policy",
    "Commitment",
    "Person",
    "Document",
)

#: Every sg: property: kind, domain and range. A set is a union of classes; None means the
#: ontology does not restrict that side. The first block is the public contract.
PROPERTIES: dict[str, tuple[URIRef, set[URIRef] | None, set[URIRef] | None]] = {
    # the contract's GovernmentBody/Person, widened to national policies and cities
    "state": (OWL.ObjectProperty, {SG.GovernmentBody, SG.Person, SG.Policy, SG.Place}, {SG.State}),
    # the contract's State, widened to the EU (an international body that is a party)
    "parties": (OWL.ObjectProperty, {SG.Dialogue}, {SG.State, SG.InternationalBody}),
    "dialogue": (OWL.ObjectProperty, {SG.Meeting}, {SG.Dialogue}),
    "ordinal": (OWL.DatatypeProperty, {SG.Meeting}, {XSD.integer}),
    "startDate": (OWL.DatatypeProperty, {SG.Meeting}, {XSD.date}),
    "endDate": (OWL.DatatypeProperty, {SG.Meeting}, {XSD.date}),
    "plannedYear": (OWL.DatatypeProperty, {SG.Meeting}, {XSD.gYear}),
    "location": (OWL.ObjectProperty, {SG.Meeting}, {SG.Place, SG.State}),
    "coChair": (OWL.ObjectProperty, {SG.Meeting}, {SG.GovernmentBody}),
    "participant": (
        OWL.ObjectProperty,
        {SG.Meeting},
        {SG.GovernmentBody, SG.InternationalBody},
    ),
    "nextMeeting": (OWL.ObjectProperty, {SG.Meeting}, {SG.Meeting}),
    "mentions": (OWL.ObjectProperty, {SG.Document, SG.Meeting}, None),
    "madeAt": (OWL.ObjectProperty, {SG.Commitment}, {SG.Meeting, SG.Document}),
    "madeBy": (OWL.ObjectProperty, {SG.Commitment}, {SG.State, SG.GovernmentBody}),
    "modality": (OWL.ObjectProperty, {SG.Commitment}, {SG.Modality}),
    "concerns": (OWL.ObjectProperty, {SG.Commitment}, None),
    "text": (OWL.DatatypeProperty, {SG.Commitment}, {XSD.string}),
    "evidence": (OWL.ObjectProperty, None, {SG.Evidence}),
    # properties of the project
    "heldYear": (OWL.DatatypeProperty, {SG.Meeting}, {XSD.gYear}),
    "heldMonth": (OWL.DatatypeProperty, {SG.Meeting}, {XSD.gYearMonth}),
    "needsReview": (OWL.DatatypeProperty, None, {XSD.boolean}),
    "isoCode": (OWL.DatatypeProperty, {SG.State, SG.InternationalBody}, {XSD.string}),
    "demonym": (OWL.DatatypeProperty, {SG.State, SG.InternationalBody}, {RDF.langString}),
    "dialogueKind": (OWL.DatatypeProperty, {SG.Dialogue}, {XSD.string}),
    "genre": (OWL.ObjectProperty, {SG.Document}, {SG.Genre}),
    "issuedBy": (
        OWL.ObjectProperty,
        {SG.Document},
        {SG.State, SG.GovernmentBody, SG.InternationalBody},
    ),
    "content": (OWL.DatatypeProperty, {SG.Document}, {XSD.string}),
    "sha256": (OWL.DatatypeProperty, {SG.Document}, {XSD.string}),
    "sourceFile": (OWL.DatatypeProperty, {SG.Document}, {XSD.string}),
}

#: Classes no individual may belong to two of.
DISJOINT_CLASSES = (
    "State",
    "GovernmentBody",
    "InternationalBody",
    "Dialogue",
    "Meeting",
    "Mission",
    "Agreement",
    "Policy",
    "Commitment",
    "Person",
    "Document",
    "Place",
    "Evidence",
)

MODALITIES = (
    "commit",
    "reaffirm",
    "affirm",
    "intend",
    "agree",
    "welcome",
    "recognize",
    "decide",
    "concur",
    "confirm",
    "resolve",
    "discuss",
    "note",
    "support",
    "express",
)
GENRES = ("jointStatement", "mediaNote", "newsReport", "strategyDocument", "announcement")
TOPICS = (
    "climate",
    "space-situational-awareness",
    "maritime-domain-awareness",
    "cybersecurity",
    "debris",
    "space-traffic-management",
    "navigation",
    "earth-observation",
    "exploration",
    "export-control",
    "capacity-building",
    "space-security",
    "commercial-space",
    "space-science",
    "human-spaceflight",
    "norms-of-behaviour",
    "space-sustainability",
    "defence",
    "industry-cooperation",
)
#: scheme → (class of its concepts, the concepts it must hold)
SCHEMES = {
    SG.ModalityScheme: (SG.Modality, {SG[name] for name in MODALITIES}),
    SG.GenreScheme: (SG.Genre, {SG[name] for name in GENRES}),
    SG.TopicScheme: (SG.Topic, {SGT[name] for name in TOPICS}),
}

#: PLOVER's event categories (the PLOVER codebook, 2021 draft).
PLOVER_CATEGORIES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}

BUILT_IN = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

#: The example of docs/graph-model.md, cut down: one of everything the extractor writes.
GRAPH_MODEL_EXAMPLE = """
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix sgt:  <https://w3id.org/spacegraph/topic/> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<state/jp> a sg:State ; rdfs:label "Japan"@en ; sg:isoCode "JP" ; sg:demonym "Japanese" .
<state/us> a sg:State ; rdfs:label "United States"@en ; sg:isoCode "US" .
<body/jp/ministry-of-foreign-affairs> a sg:GovernmentBody ; sg:state <state/jp> .
<body/us/nasa> a sg:SpaceAgency ; skos:altLabel "NASA" ; sg:state <state/us> .
<body/fr/french-space-command> a sg:GovernmentBody ; sg:needsReview true .
<place/tokyo> a sg:Place .
<mission/artemis-program> a sg:Mission .

<document/jp-us-8> a sg:Document ;
    sg:genre sg:jointStatement ;
    sg:issuedBy <state/jp>, <state/us> ;
    sg:sourceFile "japan-us-comprehensive-dialogue-on-space-8-2023.txt" ;
    sg:sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    sg:content "Both sides resolved to deepen cooperation on Artemis." ;
    sg:mentions <mission/artemis-program> .

<dialogue/jp-us/cds> a sg:Dialogue ;
    sg:dialogueKind "Comprehensive Dialogue on Space" ;
    sg:parties <state/jp>, <state/us> .

<dialogue/jp-us/cds/meeting/8> a sg:Meeting ;
    sg:dialogue <dialogue/jp-us/cds> ;
    sg:ordinal 8 ;
    sg:startDate "2023-03-24"^^xsd:date ;
    sg:location <place/tokyo> ;
    sg:coChair <body/jp/ministry-of-foreign-affairs> ;
    sg:participant <body/jp/ministry-of-foreign-affairs>, <body/us/nasa> ;
    sg:nextMeeting <dialogue/jp-us/cds/meeting/9> ;
    sg:mentions <mission/artemis-program> ;
    prov:wasDerivedFrom <document/jp-us-8> ;
    sg:evidence <evidence/jp-us-8/0-53> .

<dialogue/jp-us/cds/meeting/9> a sg:Meeting ;
    sg:dialogue <dialogue/jp-us/cds> ;
    sg:ordinal 9 ;
    sg:plannedYear "2024"^^xsd:gYear ;
    sg:location <state/us> .

<commitment/jp-us-8/0123456789ab> a sg:Commitment ;
    sg:madeAt <dialogue/jp-us/cds/meeting/8> ;
    sg:madeBy <state/jp>, <state/us> ;
    sg:modality sg:resolve ;
    sg:concerns <mission/artemis-program>, sgt:exploration ;
    sg:text "Both sides resolved to deepen cooperation on Artemis." ;
    sg:evidence <evidence/jp-us-8/0-53> .

<evidence/jp-us-8/0-53> a sg:Evidence ;
    oa:hasSource <document/jp-us-8> ;
    oa:start 0 ;
    oa:end 53 ;
    oa:exact "Both sides resolved to deepen cooperation on Artemis." .
"""

#: One fact each that contradicts the ontology (added to the example above).
CONTRADICTIONS = {
    "a place that is also a state": "<place/tokyo> a sg:State .",
    "a space agency that is also an international body": (
        "<body/us/nasa> a sg:InternationalBody ."
    ),
    "an evidence node that is also a document": "<evidence/jp-us-8/0-53> a sg:Document .",
    "an international body as co-chair (range sg:GovernmentBody)": (
        "<org/nato> a sg:InternationalBody . <dialogue/jp-us/cds/meeting/8> sg:coChair <org/nato> ."
    ),
    "a mission as a party of a dialogue (range sg:State)": (
        "<dialogue/jp-us/cds> sg:parties <mission/artemis-program> ."
    ),
    "a genre as a modality (range sg:Modality)": (
        "<commitment/jp-us-8/0123456789ab> sg:modality sg:jointStatement ."
    ),
    "an ordinal that is not an integer (range xsd:integer)": (
        '<dialogue/jp-us/cds/meeting/8> sg:ordinal "eighth" .'
    ),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """Both ontology files in one graph, as loaded into the ontology's named graph."""
    graph = Graph()
    folder = Settings().ontology
    for name in ONTOLOGY_FILES:
        graph.parse(folder / name, format="turtle")
    return graph


def with_data(ontology: Graph, turtle: str) -> Graph:
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    prefixes = (
        "@base <https://w3id.org/spacegraph/id/> .\n"
        "@prefix sg: <https://w3id.org/spacegraph/ontology#> .\n"
    )
    graph.parse(data=prefixes + turtle, format="turtle")
    return graph


def run_hermit(graph: Graph, folder: Path) -> owlready2.World:
    """Load ``graph`` into a fresh owlready2 world and run HermiT over it.

    owlready2 does not read Turtle, so the graph goes through N-Triples.
    """
    path = folder / "ontology.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner(world, debug=0, ignore_unsupported_datatypes=True)
    return world


def named_classes(graph: Graph, node: URIRef | BNode) -> set[URIRef | BNode]:
    """A class, or the members of a union class."""
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return {node}
    return set(Collection(graph, union))


def english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [
        value
        for value in graph.objects(subject, predicate)
        if isinstance(value, Literal) and value.language == "en" and str(value).strip()
    ]


# --- the ontology as declared ---------------------------------------------------------------


def test_ontology_header_names_title_licence_version_and_prefix(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert english(ontology, ONTOLOGY, DCTERMS.title)
    assert english(ontology, ONTOLOGY, DCTERMS.description)
    assert "MIT" in str(ontology.value(ONTOLOGY, DCTERMS.license))
    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == "0.1.0"
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "sg"
    assert not list(ontology.objects(None, OWL.imports)), "owl:imports would make HermiT fetch"


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_is_declared(ontology: Graph, name: str) -> None:
    assert (SG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_property_is_declared_with_its_domain_and_range(ontology: Graph, name: str) -> None:
    kind, domain, range_ = PROPERTIES[name]
    prop = SG[name]
    assert (prop, RDF.type, kind) in ontology
    domains = list(ontology.objects(prop, RDFS.domain))
    ranges = list(ontology.objects(prop, RDFS.range))
    if domain is None:
        assert domains == []
    else:
        assert len(domains) == 1
        assert named_classes(ontology, domains[0]) == domain
    if range_ is None:
        assert ranges == []
    else:
        assert len(ranges) == 1
        assert named_classes(ontology, ranges[0]) == range_


def test_standard_terms_of_the_contract_are_declared(ontology: Graph) -> None:
    # rdfs:label and owl:sameAs are built into OWL; these two are not.
    assert (SKOS.altLabel, RDF.type, OWL.AnnotationProperty) in ontology
    assert (PROV.wasDerivedFrom, RDF.type, OWL.ObjectProperty) in ontology


def test_space_agency_is_a_government_body(ontology: Graph) -> None:
    assert (SG.SpaceAgency, RDFS.subClassOf, SG.GovernmentBody) in ontology


def test_core_classes_are_declared_pairwise_disjoint(ontology: Graph) -> None:
    groups = [
        set(Collection(ontology, members))
        for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
        for members in ontology.objects(axiom, OWL.members)
    ]
    wanted = {SG[name] for name in DISJOINT_CLASSES}
    assert any(wanted <= group for group in groups), groups
    # a space agency is a government body: never disjoint with it
    assert all(SG.SpaceAgency not in group for group in groups)


def test_evidence_is_a_web_annotation_specific_resource(ontology: Graph) -> None:
    oa = Namespace("http://www.w3.org/ns/oa#")
    assert (SG.Evidence, RDFS.subClassOf, oa.SpecificResource) in ontology
    for name in ("hasSource", "start", "end", "exact"):
        assert any(ontology.triples((oa[name], RDF.type, None))), name


def test_every_class_and_property_has_english_label_comment_and_defined_by(
    ontology: Graph,
) -> None:
    terms = {
        term
        for kind in (OWL.Class, *PROPERTY_KINDS)
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and term.startswith(str(SG))
    }
    assert len(terms) >= len(CONTRACT_CLASSES) + len(PROPERTIES)
    problems = []
    for term in sorted(terms):
        if len(english(ontology, term, RDFS.label)) != 1:
            problems.append(f"{term}: not exactly one English rdfs:label")
        if not english(ontology, term, RDFS.comment):
            problems.append(f"{term}: no English rdfs:comment")
        if ontology.value(term, RDFS.isDefinedBy) != ONTOLOGY:
            problems.append(f"{term}: rdfs:isDefinedBy is not {ONTOLOGY}")
    assert not problems, "\n".join(problems)


def test_every_predicate_and_class_used_is_declared(ontology: Graph) -> None:
    """OWL 2 DL as owlready2 needs it: nothing used without a declaration."""
    problems = []
    for predicate in sorted(set(ontology.predicates())):
        if str(predicate).startswith(BUILT_IN):
            continue
        if not any((predicate, RDF.type, kind) in ontology for kind in PROPERTY_KINDS):
            problems.append(f"predicate {predicate} is not declared")
    used_as_class = set(ontology.objects(None, RDFS.subClassOf))
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for side in (RDFS.domain, RDFS.range):
            for node in ontology.objects(prop, side):
                used_as_class |= named_classes(ontology, node)
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for node in ontology.objects(prop, RDFS.domain):
            used_as_class |= named_classes(ontology, node)
    for members in ontology.objects(None, OWL.members):
        used_as_class |= set(Collection(ontology, members))
    used_as_class |= {
        kind for kind in ontology.objects(None, RDF.type) if not str(kind).startswith(BUILT_IN)
    }
    for cls in sorted(c for c in used_as_class if isinstance(c, URIRef)):
        if (cls, RDF.type, OWL.Class) not in ontology:
            problems.append(f"class {cls} is not declared")
    for term in set(ontology.subjects(RDF.type, None)):
        kinds = [kind for kind in PROPERTY_KINDS if (term, RDF.type, kind) in ontology]
        if len(kinds) > 1:
            problems.append(f"{term} is declared as {kinds}")
    assert not problems, "\n".join(problems)


# --- the concept schemes --------------------------------------------------------------------


@pytest.mark.parametrize("scheme", sorted(SCHEMES), ids=lambda iri: iri.split("#")[-1])
def test_scheme_holds_its_concepts_each_labelled_and_defined(
    ontology: Graph, scheme: URIRef
) -> None:
    cls, expected = SCHEMES[scheme]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    assert english(ontology, scheme, SKOS.prefLabel)
    members = set(ontology.subjects(SKOS.inScheme, scheme))
    assert members == expected
    problems = []
    for concept in sorted(members):
        for kind in (SKOS.Concept, cls):
            if (concept, RDF.type, kind) not in ontology:
                problems.append(f"{concept}: not a {kind}")
        if len(english(ontology, concept, SKOS.prefLabel)) != 1:
            problems.append(f"{concept}: not exactly one English skos:prefLabel")
        if not english(ontology, concept, SKOS.definition):
            problems.append(f"{concept}: no English skos:definition")
        if not english(ontology, concept, SKOS.altLabel):
            problems.append(f"{concept}: no skos:altLabel (the words a text uses)")
    assert not problems, "\n".join(problems)


def test_every_concept_is_in_a_scheme(ontology: Graph) -> None:
    orphans = [
        concept
        for concept in ontology.subjects(RDF.type, SKOS.Concept)
        if ontology.value(concept, SKOS.inScheme) is None
    ]
    assert not orphans


def test_no_label_is_both_preferred_and_alternative(ontology: Graph) -> None:
    clashes = [
        (concept, str(label))
        for concept, label in ontology.subject_objects(SKOS.prefLabel)
        if (concept, SKOS.altLabel, label) in ontology
    ]
    assert not clashes


def test_no_alternative_label_names_two_concepts_of_a_scheme(ontology: Graph) -> None:
    seen: dict[tuple[URIRef, str], URIRef] = {}
    clashes = []
    for concept, label in ontology.subject_objects(SKOS.altLabel):
        scheme = ontology.value(concept, SKOS.inScheme)
        if scheme is None:
            continue
        key = (scheme, str(label).casefold())
        if key in seen and seen[key] != concept:
            clashes.append(f"{label!s}: {seen[key]} and {concept}")
        seen.setdefault(key, concept)
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize("name", MODALITIES)
def test_modality_maps_to_a_cameo_code_and_plover_category(ontology: Graph, name: str) -> None:
    modality = SG[name]
    codes = [str(code) for code in ontology.objects(modality, SG.cameoCode)]
    assert len(codes) == 1
    assert re.fullmatch(r"(0[1-9]|1\d|20)\d{0,2}", codes[0]), codes[0]
    categories = {str(c) for c in ontology.objects(modality, SG.ploverCategory)}
    assert categories <= PLOVER_CATEGORIES
    # CAMEO 01 (make public statement) is the one root PLOVER does not code
    assert bool(categories) != codes[0].startswith("01")


def test_cameo_and_plover_mappings_are_declared_annotation_properties(ontology: Graph) -> None:
    for prop in (SG.cameoCode, SG.ploverCategory):
        assert (prop, RDF.type, OWL.AnnotationProperty) in ontology


# --- the reasoner ---------------------------------------------------------------------------


@pytest.mark.slow
def test_hermit_finds_the_ontology_consistent_with_no_empty_class(
    ontology: Graph, tmp_path: Path
) -> None:
    world = run_hermit(ontology, tmp_path)
    assert list(world.inconsistent_classes()) == []
    # the world really holds the ontology (not an empty load that is trivially consistent)
    assert world[str(SG.SpaceAgency)] is not None
    assert world[str(SG.GovernmentBody)] in world[str(SG.SpaceAgency)].is_a


@pytest.mark.slow
def test_hermit_reports_an_individual_both_state_and_mission_as_inconsistent(
    ontology: Graph, tmp_path: Path
) -> None:
    graph = with_data(ontology, "<thing> a sg:State , sg:Mission .")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(graph, tmp_path)


@pytest.mark.slow
def test_hermit_accepts_the_graph_model_example(ontology: Graph, tmp_path: Path) -> None:
    graph = with_data(ontology, GRAPH_MODEL_EXAMPLE)
    world = run_hermit(graph, tmp_path)
    assert list(world.inconsistent_classes()) == []
    # the data was loaded: NASA, typed a space agency, is a government body through its class
    nasa = world["https://w3id.org/spacegraph/id/body/us/nasa"]
    assert nasa is not None
    assert world[str(SG.GovernmentBody)] in nasa.INDIRECT_is_a


@pytest.mark.slow
@pytest.mark.parametrize("fact", CONTRADICTIONS.values(), ids=list(CONTRADICTIONS))
def test_hermit_rejects_the_example_with_one_contradicting_fact(
    ontology: Graph, tmp_path: Path, fact: str
) -> None:
    graph = with_data(ontology, GRAPH_MODEL_EXAMPLE + fact)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(graph, tmp_path)


def test_every_wikidata_item_of_the_ontology_has_evidence(ontology: Graph) -> None:
    """ontology/wikidata-evidence.tsv pairs each item the ontology matches (skos:closeMatch,
    narrowMatch ...) with the public sources that give its label; both ways."""
    wd = "http://www.wikidata.org/entity/"
    linked = {
        (ontology.namespace_manager.normalizeUri(s), str(o).removeprefix(wd))
        for s, _, o in ontology
        if isinstance(o, URIRef) and str(o).startswith(wd)
    }
    path = Settings().ontology / "wikidata-evidence.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert all(len(row) == 4 and row[3].strip() for row in rows), "term, qid, label, evidence"
    assert {(term, qid) for term, qid, *_ in rows} == linked
