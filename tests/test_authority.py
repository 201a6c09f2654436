"""The authority file (reference/authority.ttl) and its Wikidata evidence.

Each rule is a ``problems_*`` function that returns a list of human-readable problems (empty
when the rule holds). The real files must give no problem; small broken graphs show that
each rule does catch what it is meant to catch.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from spacegraph import iris
from spacegraph.authority import load_authority
from spacegraph.settings import Settings
from spacegraph.vocab import SG, SGR

ROOT = Path(__file__).resolve().parents[1]
AUTHORITY = ROOT / "reference" / "authority.ttl"
EVIDENCE = ROOT / "reference" / "wikidata-evidence.tsv"

WD_ENTITY = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")
EVIDENCE_COLUMNS = ["iri", "qid", "label", "evidence"]
#: Not the Outer Space Treaty (stored sources pair it with a footballer): must appear nowhere.
FORBIDDEN_QID = "Q207431"

ENTITY_CLASSES = {
    SG.State,
    SG.GovernmentBody,
    SG.SpaceAgency,
    SG.InternationalBody,
    SG.Mission,
    SG.Agreement,
    SG.Policy,
    SG.Person,
    SG.Place,
}
#: Classes whose members belong to exactly one state.
STATE_BOUND = {SG.GovernmentBody, SG.SpaceAgency, SG.Policy, SG.Person, SG.Place}
#: For the ambiguity check a space agency is a government body (its subclass).
CLASS_GROUP = {SG.SpaceAgency: SG.GovernmentBody}
#: Titles are not aliases of a person ("Secretary Blinken" is not a name).
TITLE = re.compile(
    r"^(President|Vice President|Prime Minister|Secretary|Foreign Secretary|Minister|"
    r"Ambassador|Secretary General|Secretary-General|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\b"
)


# --------------------------------------------------------------------------- loading


def load_graph(text: str | None = None) -> Graph:
    graph = Graph()
    if text is None:
        graph.parse(AUTHORITY, format="turtle")
    else:
        graph.parse(data=text, format="turtle", publicID=str(SGR))
    return graph


def load_evidence(text: str | None = None) -> list[dict[str, str]]:
    if text is None:
        text = EVIDENCE.read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    assert reader.fieldnames == EVIDENCE_COLUMNS, f"evidence columns: {reader.fieldnames}"
    return list(reader)


def entities(graph: Graph) -> list[URIRef]:
    """Every resource the authority describes (every IRI subject)."""
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef)})


def class_of(graph: Graph, node: URIRef) -> URIRef | None:
    types = [t for t in graph.objects(node, RDF.type) if t in ENTITY_CLASSES]
    return types[0] if len(types) == 1 else None


def label_of(graph: Graph, node: URIRef) -> str | None:
    labels = list(graph.objects(node, RDFS.label))
    return str(labels[0]) if len(labels) == 1 else None


# --------------------------------------------------------------------------- rules


def problems_labels_and_classes(graph: Graph) -> list[str]:
    found = []
    for node in entities(graph):
        labels = list(graph.objects(node, RDFS.label))
        english = [lit for lit in labels if isinstance(lit, Literal) and lit.language == "en"]
        if len(labels) != 1 or len(english) != 1:
            found.append(f"{node}: needs exactly one @en rdfs:label, has {labels!r}")
        types = list(graph.objects(node, RDF.type))
        if len(types) != 1 or types[0] not in ENTITY_CLASSES:
            found.append(f"{node}: needs exactly one class of the ontology's list, has {types!r}")
        for alias in graph.objects(node, SKOS.altLabel):
            if not isinstance(alias, Literal) or not str(alias).strip():
                found.append(f"{node}: skos:altLabel {alias!r} is not a non-empty literal")
    return found


def problems_iris(graph: Graph) -> list[str]:
    """IRIs follow docs/graph-model.md and are what spacegraph.iris mints for the label."""
    found = []
    for node in entities(graph):
        cls, label = class_of(graph, node), label_of(graph, node)
        if cls is None or label is None:
            continue  # reported by problems_labels_and_classes
        if cls == SG.State:
            codes = [str(c) for c in graph.objects(node, SG.isoCode)]
            expected = iris.state(codes[0]) if len(codes) == 1 else None
        else:
            kind = "SpaceAgency" if cls == SG.SpaceAgency else str(cls).rsplit("#", 1)[1]
            code = None
            if kind in {"GovernmentBody", "SpaceAgency", "Policy"}:
                states = list(graph.objects(node, SG.state))
                if len(states) != 1:
                    continue  # reported by problems_states
                code = str(states[0]).rsplit("/", 1)[1]
            expected = iris.entity(kind, label, code)
        if node != expected:
            found.append(f"{node}: expected IRI {expected} for {cls} labelled {label!r}")
        slug_part = str(node).rsplit("/", 1)[1]
        if cls != SG.State and slug_part != iris.slug(label):
            found.append(f"{node}: slug is not iris.slug({label!r}) = {iris.slug(label)!r}")
    return found


def problems_states(graph: Graph) -> list[str]:
    found = []
    declared = set(graph.subjects(RDF.type, SG.State))
    for node in entities(graph):
        cls = class_of(graph, node)
        states = list(graph.objects(node, SG.state))
        if cls in STATE_BOUND:
            if len(states) != 1:
                found.append(f"{node}: needs exactly one sg:state, has {states!r}")
            elif states[0] not in declared:
                found.append(f"{node}: sg:state {states[0]} is not a declared sg:State")
        elif cls == SG.State and states:
            found.append(f"{node}: a state has no sg:state")
    for node in sorted(declared | set(graph.subjects(SG.isoCode, None))):
        codes = [str(c) for c in graph.objects(node, SG.isoCode)]
        if len(codes) != 1 or not re.fullmatch(r"[A-Z]{2}", codes[0]):
            found.append(f"{node}: needs exactly one two-letter upper-case sg:isoCode, has {codes}")
        if not list(graph.objects(node, SG.demonym)):
            found.append(f"{node}: needs at least one sg:demonym")
    return found


def problems_wikidata(graph: Graph, rows: list[dict[str, str]]) -> list[str]:
    found = []
    by_iri: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_iri[row["iri"]].append(row)
        if not row["evidence"].strip():
            found.append(f"evidence row for {row['iri']} has no evidence")
        if not re.fullmatch(r"Q[1-9][0-9]*", row["qid"]):
            found.append(f"evidence row for {row['iri']} has a malformed QID {row['qid']!r}")
    for iri, iri_rows in by_iri.items():
        if len(iri_rows) > 1:
            found.append(f"{iri}: {len(iri_rows)} evidence rows")

    linked_from: dict[URIRef, list[URIRef]] = defaultdict(list)
    for node in entities(graph):
        targets = list(graph.objects(node, OWL.sameAs))
        review = list(graph.objects(node, SG.needsReview))
        if len(targets) > 1:
            found.append(f"{node}: more than one owl:sameAs {targets}")
        if targets and review:
            found.append(f"{node}: has owl:sameAs and sg:needsReview")
        if not targets:
            if review != [Literal(True)]:
                found.append(f"{node}: no owl:sameAs, so needs sg:needsReview true")
            notes = [n for n in graph.objects(node, SKOS.editorialNote) if isinstance(n, Literal)]
            if not any(str(n) == "No verified Wikidata item." for n in notes):
                found.append(f"{node}: needs the editorial note 'No verified Wikidata item.'")
        for target in targets:
            linked_from[target].append(node)
            if not isinstance(target, URIRef) or not WD_ENTITY.match(str(target)):
                found.append(f"{node}: owl:sameAs {target} is not a Wikidata entity IRI")
                continue
            qid = str(target).rsplit("/", 1)[1]
            matching = [r for r in by_iri.get(str(node), []) if r["qid"] == qid]
            if not matching:
                found.append(f"{node}: owl:sameAs wd:{qid} has no row in wikidata-evidence.tsv")
            elif matching[0]["label"] != label_of(graph, node):
                found.append(
                    f"{node}: evidence label {matching[0]['label']!r} is not the rdfs:label "
                    f"{label_of(graph, node)!r}"
                )
    for target, nodes in linked_from.items():
        if len(nodes) > 1:
            found.append(f"{target} is linked from several resources: {sorted(nodes)}")
    for row in rows:
        node = URIRef(row["iri"])
        if (node, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{row['qid']}")) not in graph:
            found.append(f"evidence row {row['iri']} {row['qid']} has no owl:sameAs in authority")
    return found


def problems_ambiguous_aliases(graph: Graph) -> list[str]:
    """A name (label or alias, case-folded) must pick one entity per state and class."""
    names: dict[tuple, set[URIRef]] = defaultdict(set)
    for node in entities(graph):
        cls = class_of(graph, node)
        if cls is None:
            continue
        group = CLASS_GROUP.get(cls, cls)
        state = next(iter(graph.objects(node, SG.state)), None)
        for name in [*graph.objects(node, RDFS.label), *graph.objects(node, SKOS.altLabel)]:
            names[(state, group, str(name).casefold())].add(node)
    return [
        f"{name!r} ({group.rsplit('#', 1)[1]}, state {state}) names several: {sorted(nodes)}"
        for (state, group, name), nodes in sorted(names.items(), key=str)
        if len(nodes) > 1
    ]


def problems_person_aliases(graph: Graph) -> list[str]:
    return [
        f"{node}: alias {alias!r} is a title, not a name"
        for node in graph.subjects(RDF.type, SG.Person)
        for alias in graph.objects(node, SKOS.altLabel)
        if TITLE.match(str(alias))
    ]


# --------------------------------------------------------------------------- the real files


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return load_evidence()


def test_every_resource_has_one_english_label_and_one_ontology_class(graph):
    assert problems_labels_and_classes(graph) == []


def test_iris_follow_the_graph_model_and_the_label_slug(graph):
    assert problems_iris(graph) == []


def test_bodies_policies_persons_places_have_one_declared_state(graph):
    assert problems_states(graph) == []


def test_wikidata_links_match_the_evidence_file_both_ways(graph, rows):
    assert problems_wikidata(graph, rows) == []


def test_no_name_is_shared_by_two_entities_of_one_state_and_class(graph):
    assert problems_ambiguous_aliases(graph) == []


def test_person_aliases_are_names_not_titles(graph):
    assert problems_person_aliases(graph) == []


def test_the_wrong_outer_space_treaty_qid_appears_nowhere():
    for path in (AUTHORITY, EVIDENCE):
        assert FORBIDDEN_QID not in path.read_text(encoding="utf-8"), path


def test_authority_is_not_trivially_small(graph, rows):
    counts = defaultdict(int)
    for node in entities(graph):
        counts[class_of(graph, node)] += 1
    for cls in ENTITY_CLASSES:
        assert counts[cls] > 0, f"no {cls}"
    assert counts[SG.State] >= 38
    assert len(rows) >= 30


REQUIRED_STATES = [
    *("US", "JP", "FR", "IN", "GB", "DE", "IT", "CA", "AU", "BR", "AE", "KR", "CN", "RU"),
    *("IL", "SA", "NZ", "LU", "MX", "AR", "NG", "ZA", "ID", "PH", "PL", "ES", "NL", "NO"),
    *("SE", "UA", "SG", "VN", "TH", "KE", "EG", "TR", "CH", "BE"),
]


def test_states_active_in_space_diplomacy_are_present(graph):
    codes = {str(c) for c in graph.objects(None, SG.isoCode)}
    assert sorted(set(REQUIRED_STATES) - codes) == []
    eu = SGR["org/european-union"]
    assert (eu, RDF.type, SG.InternationalBody) in graph
    assert (eu, SG.isoCode, Literal("EU")) in graph


def names_index(graph: Graph) -> dict[str, set[URIRef]]:
    index: dict[str, set[URIRef]] = defaultdict(set)
    for node in entities(graph):
        for name in [*graph.objects(node, RDFS.label), *graph.objects(node, SKOS.altLabel)]:
            index[str(name).casefold()].add(node)
    return index


NASA = "body/us/national-aeronautics-and-space-administration"
MEAE = "body/fr/ministry-for-europe-and-foreign-affairs"
SGDSN = "body/fr/secretariat-general-for-defence-and-national-security"


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("NASA", NASA),
        ("National Aeronautics and Space Administration", NASA),
        ("MEXT", "body/jp/ministry-of-education-culture-sports-science-and-technology"),
        ("UNCOPUOS", "org/united-nations-committee-on-the-peaceful-uses-of-outer-space"),
        ("COPUOS", "org/united-nations-committee-on-the-peaceful-uses-of-outer-space"),
        ("OEWG", "org/open-ended-working-group-on-reducing-space-threats"),
        ("Ministry of Europe and Foreign Affairs", MEAE),
        ("Ministry for Europe and Foreign Affairs", MEAE),
        ("National Centre for Space Studies", "body/fr/national-centre-for-space-studies"),
        ("Centre national d'études spatiales", "body/fr/national-centre-for-space-studies"),
        ("CNES", "body/fr/national-centre-for-space-studies"),
        ("Department of State", "body/us/department-of-state"),
        ("State Department", "body/us/department-of-state"),
        ("U.S. Department of State", "body/us/department-of-state"),
        ("Gateway", "mission/lunar-gateway"),
        ("Lunar Gateway", "mission/lunar-gateway"),
        ("Gateway lunar orbit platform", "mission/lunar-gateway"),
        ("Space Climate Observatory Charter", "agreement/space-climate-observatory-charter"),
        ("Space for Climate Observatory Charter", "agreement/space-climate-observatory-charter"),
        ("Trishna", "mission/trishna"),
        ("TRISHNA", "mission/trishna"),
        ("Blinken", "person/antony-blinken"),
        ("Vinay Kwatra", "person/vinay-mohan-kwatra"),
        ("Washington, DC", "place/washington-d-c"),
        ("U.S. Space Priorities Framework", "policy/us/united-states-space-priorities-framework"),
        ("Artemis Accords", "agreement/artemis-accords"),
        ("Outer Space Treaty", "agreement/outer-space-treaty"),
        ("SGDSN", SGDSN),
        ("Secretariat-General for Defense and National Security", SGDSN),
        ("QZSS", "mission/quasi-zenith-satellite-system"),
        ("Phobos sample return mission", "mission/martian-moons-exploration"),
    ],
)
def test_names_written_in_the_documents_resolve(graph, name, iri):
    assert names_index(graph)[name.casefold()] == {SGR[iri]}


@pytest.mark.parametrize(
    ("code", "demonyms"),
    [
        ("US", {"American", "U.S.", "US"}),
        ("JP", {"Japanese"}),
        ("FR", {"French"}),
        ("IN", {"Indian"}),
    ],
)
def test_demonyms_used_by_the_documents(graph, code, demonyms):
    state = iris.state(code)
    assert demonyms <= {str(d) for d in graph.objects(state, SG.demonym)}


def test_secretary_blinken_is_not_an_alias(graph):
    assert "secretary blinken" not in names_index(graph)


# --------------------------------------------------------------------------- the rules can fail

PREFIXES = """
@base <https://w3id.org/spacegraph/id/> .
@prefix sg: <https://w3id.org/spacegraph/ontology#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<state/us> a sg:State ; rdfs:label "United States"@en ; sg:isoCode "US" ;
    sg:demonym "American"@en ; owl:sameAs wd:Q30 .
"""
EVIDENCE_HEADER = "iri\tqid\tlabel\tevidence\n"
US_ROW = "https://w3id.org/spacegraph/id/state/us\tQ30\tUnited States\tsome repo:path\n"
REVIEW = 'sg:needsReview true ; skos:editorialNote "No verified Wikidata item."@en .'


def test_rule_catches_missing_or_non_english_label():
    graph = load_graph(PREFIXES + f'<mission/x> a sg:Mission ; rdfs:label "X"@fr ; {REVIEW}')
    assert any("rdfs:label" in p for p in problems_labels_and_classes(graph))


def test_rule_catches_class_outside_the_ontology_list():
    graph = load_graph(PREFIXES + f'<mission/x> a sg:Spaceship ; rdfs:label "X"@en ; {REVIEW}')
    assert any("class" in p for p in problems_labels_and_classes(graph))


def test_rule_catches_iri_that_is_not_the_label_slug():
    graph = load_graph(
        PREFIXES
        + '<body/us/nasa> a sg:SpaceAgency ; rdfs:label "National Aeronautics and Space '
        + f'Administration"@en ; sg:state <state/us> ; {REVIEW}'
    )
    assert any("expected IRI" in p for p in problems_iris(graph))


def test_rule_catches_body_keyed_by_the_wrong_state():
    graph = load_graph(
        PREFIXES
        + '<state/fr> a sg:State ; rdfs:label "France"@en ; sg:isoCode "FR" ; '
        + f'sg:demonym "French"@en ; {REVIEW}\n'
        + '<body/us/cabinet-office> a sg:GovernmentBody ; rdfs:label "Cabinet Office"@en ; '
        + f"sg:state <state/fr> ; {REVIEW}"
    )
    assert any("expected IRI" in p for p in problems_iris(graph))


def test_rule_catches_body_without_state_or_with_undeclared_state():
    graph = load_graph(
        PREFIXES
        + f'<body/us/a> a sg:GovernmentBody ; rdfs:label "A"@en ; {REVIEW}\n'
        + f'<body/xx/b> a sg:GovernmentBody ; rdfs:label "B"@en ; sg:state <state/xx> ; {REVIEW}'
    )
    found = problems_states(graph)
    assert any("exactly one sg:state" in p for p in found)
    assert any("not a declared sg:State" in p for p in found)


def test_rule_catches_state_without_iso_code_or_demonym():
    graph = load_graph(PREFIXES + f'<state/jp> a sg:State ; rdfs:label "Japan"@en ; {REVIEW}')
    found = problems_states(graph)
    assert any("sg:isoCode" in p for p in found)
    assert any("sg:demonym" in p for p in found)


def test_rule_catches_link_without_evidence_and_evidence_without_link():
    mission = '<mission/x> a sg:Mission ; rdfs:label "X"@en ; owl:sameAs wd:Q5 .'
    graph = load_graph(PREFIXES + mission)
    extra = "https://w3id.org/spacegraph/id/mission/y\tQ6\tY\tsomewhere\n"
    found = problems_wikidata(graph, load_evidence(EVIDENCE_HEADER + US_ROW + extra))
    assert any("has no row in wikidata-evidence.tsv" in p for p in found)
    assert any("has no owl:sameAs in authority" in p for p in found)


def test_rule_catches_empty_evidence_and_non_wikidata_target():
    graph = load_graph(
        PREFIXES
        + '<mission/x> a sg:Mission ; rdfs:label "X"@en ; owl:sameAs <http://example.org/Q5> .'
    )
    empty = US_ROW.replace("some repo:path", " ")
    found = problems_wikidata(graph, load_evidence(EVIDENCE_HEADER + empty))
    assert any("has no evidence" in p for p in found)
    assert any("not a Wikidata entity IRI" in p for p in found)


def test_rule_catches_one_qid_linked_from_two_resources():
    graph = load_graph(PREFIXES + '<place/x> a sg:Place ; rdfs:label "X"@en ; owl:sameAs wd:Q30 .')
    found = problems_wikidata(graph, load_evidence(EVIDENCE_HEADER + US_ROW))
    assert any("linked from several resources" in p for p in found)


def test_rule_catches_link_together_with_needs_review_and_missing_review_flag():
    graph = load_graph(
        PREFIXES
        + '<mission/x> a sg:Mission ; rdfs:label "X"@en ; owl:sameAs wd:Q5 ; '
        + "sg:needsReview true .\n"
        + '<mission/y> a sg:Mission ; rdfs:label "Y"@en .'
    )
    found = problems_wikidata(graph, load_evidence(EVIDENCE_HEADER + US_ROW))
    assert any("has owl:sameAs and sg:needsReview" in p for p in found)
    assert any("needs sg:needsReview true" in p for p in found)


def test_rule_reports_which_alias_is_ambiguous():
    graph = load_graph(
        PREFIXES
        + '<body/us/a> a sg:GovernmentBody ; rdfs:label "A"@en ; skos:altLabel "DOS"@en ; '
        + f"sg:state <state/us> ; {REVIEW}\n"
        + '<body/us/b> a sg:SpaceAgency ; rdfs:label "B"@en ; skos:altLabel "dos" ; '
        + f"sg:state <state/us> ; {REVIEW}\n"
        + '<state/in> a sg:State ; rdfs:label "India"@en ; sg:isoCode "IN" ; '
        + f'sg:demonym "Indian"@en ; {REVIEW}\n'
        + '<body/in/c> a sg:GovernmentBody ; rdfs:label "C"@en ; skos:altLabel "DOS"@en ; '
        + f"sg:state <state/in> ; {REVIEW}"
    )
    found = problems_ambiguous_aliases(graph)
    assert len(found) == 1, found  # the Indian "DOS" is another state: not ambiguous
    assert "'dos'" in found[0] and "body/us/a" in found[0] and "body/us/b" in found[0]


def test_rule_catches_a_title_used_as_person_alias():
    graph = load_graph(
        PREFIXES
        + '<person/antony-blinken> a sg:Person ; rdfs:label "Antony Blinken"@en ; '
        + f'skos:altLabel "Secretary Blinken"@en ; sg:state <state/us> ; {REVIEW}'
    )
    assert problems_person_aliases(graph) != []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Chad and Niger signed", {"Chad", "Niger"}),
        ("Chad Smith of NASA said", {"NASA"}),
        ("turkey, chile and peru were served", set()),
        ("the UK-India Civil Space Dialogue", {"UK", "India"}),
    ],
)
def test_a_state_is_found_only_where_its_name_is_one(text: str, found: set[str]) -> None:
    authority = load_authority(Settings().reference)
    assert {m.surface for m in authority.find(text)} == found
