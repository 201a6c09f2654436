"""The SHACL gate: every shape has a conforming and a violating fixture (STYLE.md item 10).

Shapes are discovered from shapes/*.ttl, so a new shape without fixtures fails here. Most tests
use a tiny ontology (below) so that they do not depend on ontology/ being finished; the tests
marked "project ontology" repeat the fixture checks with the real ontology/ when it exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from spacegraph.errors import SpacegraphError
from spacegraph.settings import PROJECT_DIR, Settings
from spacegraph.validate import SGSH, Issue, ValidationReport, Validator, validate

SHAPES_DIR = PROJECT_DIR / "shapes"
FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SEVERITY_OF_FILE = {"violations.ttl": "violation", "warnings.ttl": "warning"}
SH_SEVERITY = {"violation": SH.Violation, "warning": SH.Warning}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

# Just enough ontology for the shapes: the subclass axiom, and scheme membership written in the
# three SKOS styles the shapes accept (inScheme, topConceptOf, hasTopConcept).
TINY_ONTOLOGY = """
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

sg:GovernmentBody a owl:Class .
sg:SpaceAgency a owl:Class ; rdfs:subClassOf sg:GovernmentBody .
sg:ModalityScheme a skos:ConceptScheme ; skos:hasTopConcept sg:commit .
sg:GenreScheme a skos:ConceptScheme .
sg:commit a skos:Concept .
sg:resolve a skos:Concept ; skos:inScheme sg:ModalityScheme .
sg:welcome a skos:Concept ; skos:topConceptOf sg:ModalityScheme .
sg:jointStatement a skos:Concept ; skos:inScheme sg:GenreScheme .
"""

PREFIXES = """
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@base         <https://w3id.org/spacegraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

MEETING = (
    PREFIXES
    + """
<d> a sg:Dialogue ;
    rdfs:label "Japan-United States Comprehensive Dialogue on Space"@en ;
    sg:parties <state/jp>, <state/us> .
<state/jp> a sg:State .
<state/us> a sg:State .
<place/tokyo> a sg:Place .
<d/meeting/8> a sg:Meeting ;
    sg:dialogue <d> ;
    sg:startDate "2023-03-24"^^xsd:date ;
    sg:location <place/tokyo> ;
    sg:coChair <body/us/nasa> .
<body/us/nasa> a sg:SpaceAgency .
"""
)


def _discover_shapes() -> list[tuple[str, str]]:
    """(local name, severity of its file) for every shape with a target in shapes/*.ttl."""
    found = []
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph = Graph().parse(path)
        shapes = {
            s for target in TARGETS for s in graph.subjects(target, None) if isinstance(s, URIRef)
        }
        found += [(str(s).removeprefix(str(SGSH)), SEVERITY_OF_FILE[path.name]) for s in shapes]
    return sorted(found)


SHAPES = _discover_shapes()
SHAPE_IDS = [name for name, _ in SHAPES]


def _shapes_graph() -> Graph:
    graph = Graph()
    for path in SHAPES_DIR.glob("*.ttl"):
        graph.parse(path)
    return graph


def _fixture(name: str, kind: str) -> Graph:
    path = FIXTURES / f"{name}-{kind}.ttl"
    assert path.is_file(), f"shape sgsh:{name} has no fixture {path.relative_to(PROJECT_DIR)}"
    return Graph().parse(path)


def _from(report: ValidationReport, name: str) -> list[Issue]:
    return [i for i in report.issues if i.shape == SGSH[name]]


@pytest.fixture(scope="module")
def tiny_ontology_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ontology")
    (folder / "tiny.ttl").write_text(TINY_ONTOLOGY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def validator(tiny_ontology_dir: Path) -> Validator:
    return Validator(SHAPES_DIR, tiny_ontology_dir)


@pytest.fixture(scope="module")
def project_validator() -> Validator:
    # the concept schemes (genres, modalities) live in ontology/schemes.ttl, written separately
    if not (Settings().ontology / "schemes.ttl").is_file():
        pytest.skip("ontology/schemes.ttl does not exist yet")
    return Validator()


# --- the shapes themselves ------------------------------------------------------------------


def test_shapes_are_discovered_from_both_files() -> None:
    severities = {severity for _, severity in SHAPES}
    assert severities == {"violation", "warning"}
    assert "MeetingDialogueShape" in SHAPE_IDS
    assert len(SHAPE_IDS) == len(set(SHAPE_IDS))


@pytest.mark.parametrize(("name", "severity"), SHAPES, ids=SHAPE_IDS)
def test_shape_has_label_message_and_the_severity_of_its_file(name: str, severity: str) -> None:
    graph = _shapes_graph()
    shape = SGSH[name]
    labels = list(graph.objects(shape, RDFS.label))
    messages = list(graph.objects(shape, SH.message))
    assert len(labels) == 1, f"sgsh:{name} needs exactly one rdfs:label"
    assert len(messages) == 1 and isinstance(messages[0], Literal)
    assert messages[0].language == "en"
    assert str(messages[0]).endswith("."), "a message is a sentence"
    assert list(graph.objects(shape, SH.severity)) == [SH_SEVERITY[severity]]


def test_every_fixture_belongs_to_a_shape() -> None:
    expected = {f"{name}-{kind}.ttl" for name in SHAPE_IDS for kind in ("ok", "bad")}
    present = {path.name for path in FIXTURES.glob("*.ttl")}
    assert present - expected == set(), "fixtures of shapes that no longer exist"
    assert expected - present == set(), "shapes without fixtures"


# --- fixtures, one pair per shape -----------------------------------------------------------


@pytest.mark.parametrize(("name", "severity"), SHAPES, ids=SHAPE_IDS)
def test_ok_fixture_conforms_with_no_result_from_its_shape(
    validator: Validator, name: str, severity: str
) -> None:
    report = validator.validate(_fixture(name, "ok"))
    assert report.conforms, [str(i) for i in report.violations]
    assert _from(report, name) == []


@pytest.mark.parametrize(("name", "severity"), SHAPES, ids=SHAPE_IDS)
def test_bad_fixture_is_reported_by_its_shape_with_its_message(
    validator: Validator, name: str, severity: str
) -> None:
    message = str(_shapes_graph().value(SGSH[name], SH.message))
    report = validator.validate(_fixture(name, "bad"))
    issues = _from(report, name)
    assert issues, (
        f"sgsh:{name} found nothing in its bad fixture: {[str(i) for i in report.issues]}"
    )
    assert {i.severity for i in issues} == {severity}
    assert {i.message for i in issues} == {message}
    # violations block loading; warnings alone do not
    assert report.conforms is (severity == "warning")


# --- the ontology's part --------------------------------------------------------------------


def test_space_agency_co_chair_passes_as_a_government_body(validator: Validator) -> None:
    report = validator.validate(Graph().parse(data=MEETING, format="turtle"))
    assert report.conforms, [str(i) for i in report.violations]
    assert _from(report, "MeetingCoChairShape") == []


def test_space_agency_co_chair_needs_the_subclass_axiom(tmp_path: Path) -> None:
    (tmp_path / "flat.ttl").write_text(
        TINY_ONTOLOGY.replace("rdfs:subClassOf sg:GovernmentBody", ""), encoding="utf-8"
    )
    report = Validator(SHAPES_DIR, tmp_path).validate(Graph().parse(data=MEETING, format="turtle"))
    assert [i.value for i in _from(report, "MeetingCoChairShape")] == [
        URIRef("https://w3id.org/spacegraph/id/body/us/nasa")
    ]


@pytest.mark.parametrize("modality", ["commit", "resolve", "welcome"])
def test_modality_in_scheme_is_read_from_the_ontology(validator: Validator, modality: str) -> None:
    # sg:commit, sg:resolve, sg:welcome join sg:ModalityScheme by hasTopConcept, inScheme and
    # topConceptOf respectively, in the ontology only: the data graph does not say so.
    data = Graph().parse(
        data=MEETING
        + f"""
<c> a sg:Commitment ;
    sg:madeAt <d/meeting/8> ;
    sg:madeBy <state/jp> ;
    sg:modality sg:{modality} ;
    sg:text "Both sides ..." .
""",
        format="turtle",
    )
    report = validator.validate(data)
    assert _from(report, "CommitmentModalityShape") == []


def test_project_ontology_keeps_every_ok_fixture_conforming(project_validator: Validator) -> None:
    failures = {}
    for name in SHAPE_IDS:
        report = project_validator.validate(_fixture(name, "ok"))
        if not report.conforms or _from(report, name):
            failures[name] = [str(i) for i in report.violations + _from(report, name)]
    assert failures == {}


def test_project_ontology_still_reports_every_bad_fixture(project_validator: Validator) -> None:
    silent = [
        name
        for name in SHAPE_IDS
        if not _from(project_validator.validate(_fixture(name, "bad")), name)
    ]
    assert silent == []


def test_project_ontology_lets_a_space_agency_co_chair(project_validator: Validator) -> None:
    report = project_validator.validate(Graph().parse(data=MEETING, format="turtle"))
    assert _from(report, "MeetingCoChairShape") == []


# --- the report -----------------------------------------------------------------------------


def test_issue_string_names_shape_focus_path_and_message(validator: Validator) -> None:
    report = validator.validate(_fixture("MeetingDialogueShape", "bad"))
    [issue] = _from(report, "MeetingDialogueShape")
    focus = (
        "https://w3id.org/spacegraph/id/dialogue/jp-us/comprehensive-dialogue-on-space/meeting/8"
    )
    assert issue.focus == URIRef(focus)
    assert issue.path == URIRef("https://w3id.org/spacegraph/ontology#dialogue")
    assert str(issue) == (
        f"sgsh:MeetingDialogueShape on <{focus}> (sg:dialogue): "
        "A meeting must belong to exactly one dialogue (sg:dialogue), typed sg:Dialogue."
    )


def test_issue_string_shows_the_offending_value(validator: Validator) -> None:
    report = validator.validate(_fixture("MeetingOrdinalShape", "bad"))
    [issue] = _from(report, "MeetingOrdinalShape")
    assert issue.value == Literal(0)
    assert '(sg:ordinal = "0"^^xsd:integer)' in str(issue)


def test_report_separates_violations_from_warnings(validator: Validator) -> None:
    data = Graph().parse(data=MEETING.replace("sg:location <place/tokyo> ;", ""), format="turtle")
    data.remove((None, URIRef("https://w3id.org/spacegraph/ontology#dialogue"), None))
    report = validator.validate(data)
    assert not report.conforms
    assert [i.shape for i in report.violations] == [SGSH.MeetingDialogueShape]
    assert [i.shape for i in report.warnings] == [SGSH.MeetingLocationMissingShape]
    assert report.issues == report.violations + report.warnings


def test_nested_results_are_not_reported_twice(validator: Validator) -> None:
    # sh:or and sh:node record the inner failures as sh:detail; only the outer result counts
    report = validator.validate(_fixture("MeetingLocationShape", "bad"))
    assert len(_from(report, "MeetingLocationShape")) == 1
    assert all(i.shape.startswith(str(SGSH)) for i in report.issues)


# --- parsing once, changing nothing ---------------------------------------------------------


def test_validator_keeps_its_parsed_graphs_and_does_not_change_them(
    validator: Validator,
) -> None:
    shapes, ontology = validator.shapes, validator.ontology
    before = (to_isomorphic(shapes), to_isomorphic(ontology))
    assert (None, RDF.type, SH.PropertyShape) in shapes
    assert len(ontology) > 0
    first = validator.validate(_fixture("EvidenceQuoteMatchesShape", "bad"))
    second = validator.validate(_fixture("EvidenceQuoteMatchesShape", "bad"))
    assert first == second
    assert validator.shapes is shapes and validator.ontology is ontology
    assert (to_isomorphic(shapes), to_isomorphic(ontology)) == before


def test_validate_leaves_the_data_graph_unchanged(validator: Validator) -> None:
    data = Graph().parse(data=MEETING, format="turtle")
    before = set(data)
    validator.validate(data)
    assert set(data) == before


def test_validate_function_reuses_one_validator_per_folder_pair(tiny_ontology_dir: Path) -> None:
    from spacegraph.validate import _cached_validator

    data = _fixture("MeetingOrdinalShape", "bad")
    first = validate(data, shapes_dir=SHAPES_DIR, ontology_dir=tiny_ontology_dir)
    hits = _cached_validator.cache_info().hits
    second = validate(data, shapes_dir=SHAPES_DIR, ontology_dir=tiny_ontology_dir)
    assert _cached_validator.cache_info().hits == hits + 1
    assert first == second and not first.conforms


def test_validator_defaults_to_the_project_folders(project_validator: Validator) -> None:
    assert project_validator.shapes_dir == Settings().shapes
    assert project_validator.ontology_dir == Settings().ontology


def test_missing_shapes_folder_is_an_error_not_an_empty_gate(
    tmp_path: Path, tiny_ontology_dir: Path
) -> None:
    with pytest.raises(SpacegraphError, match="no SHACL shapes found"):
        Validator(tmp_path / "nowhere", tiny_ontology_dir)


def test_missing_ontology_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpacegraphError, match="no ontology found"):
        Validator(SHAPES_DIR, tmp_path)


def test_unparsable_shapes_name_the_file(tmp_path: Path, tiny_ontology_dir: Path) -> None:
    (tmp_path / "broken.ttl").write_text("sgsh:X a sh:NodeShape", encoding="utf-8")
    with pytest.raises(SpacegraphError, match=r"broken\.ttl: cannot parse"):
        Validator(tmp_path, tiny_ontology_dir)


def test_quote_mismatch_names_the_document_and_the_evidence_node(validator: Validator) -> None:
    report = validator.validate(_fixture("EvidenceQuoteMatchesShape", "bad"))
    [issue] = _from(report, "EvidenceQuoteMatchesShape")
    assert issue.focus == URIRef("https://w3id.org/spacegraph/id/document/japan-us-cds-8-2023")
    assert issue.value == URIRef("https://w3id.org/spacegraph/id/evidence/japan-us-cds-8-2023/0-10")
