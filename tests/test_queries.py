"""The saved queries of ``queries/``: their metadata, and their answers on the five documents
of ``sources/`` (built once per module into an in-memory store; the queries only read it).

Expected answers are the facts the documents state, not whatever the extractor produces:
where the graph is wrong, the test states the true fact and is marked ``xfail(strict=True)``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from spacegraph.cli import main
from spacegraph.pipeline import build
from spacegraph.saved import header_fields, parse_parameters
from spacegraph.settings import PROJECT_DIR, Settings
from spacegraph.store import Store

QUERIES = Settings().queries
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
README = QUERIES / "README.md"
SPARQL_JSON = "application/sparql-results+json"

SG = "https://w3id.org/spacegraph/ontology#"
SGR = "https://w3id.org/spacegraph/id/"
US, FR, JP, IN = (SGR + f"state/{code}" for code in ("us", "fr", "jp", "in"))
JP_US = SGR + "dialogue/jp-us/comprehensive-dialogue-on-space"
FR_US = SGR + "dialogue/fr-us/comprehensive-dialogue-on-space"
FR_IN = SGR + "dialogue/fr-in/strategic-space-dialogue"
JP_US_LABEL = "Japan-United States Comprehensive Dialogue on Space"
FR_US_LABEL = "France-United States Comprehensive Dialogue on Space"
FR_IN_LABEL = "France-India Strategic Space Dialogue"

#: The saved queries this module checks one by one; any other .rq file still gets the
#: metadata checks.
EXPECTED_QUERIES = {
    "meetings-by-dialogue.rq",
    "co-chairs-by-state.rq",
    "missions-by-meeting.rq",
    "participation-by-state.rq",
    "announced-meetings-reported.rq",
    "bodies-of-state.rq",
}


def meeting(dialogue: str, key: int | str) -> str:
    return f"{dialogue}/meeting/{key}"


# --- helpers -------------------------------------------------------------------------------


def parameter_names(declaration: str) -> list[str]:
    """``state (an IRI, e.g. x), year (a year)`` -> ``["state", "year"]``; ``none`` -> []."""
    return [parameter.name for parameter in parse_parameters(declaration)]


def value(term: dict) -> object:
    """A SPARQL JSON term as a Python value: integers and booleans typed, the rest as text."""
    datatype = term.get("datatype")
    if datatype == str(XSD.integer):
        return int(term["value"])
    if datatype == str(XSD.boolean):
        return {"true": True, "false": False}[term["value"]]
    return term["value"]


def run(store: Store, name: str, **substitutions: object) -> list[dict[str, object]]:
    """The rows of a saved query, each a ``{variable: value}`` of its bound variables."""
    text = (QUERIES / name).read_text(encoding="utf-8")
    outcome = store.query(text, substitutions=substitutions or None)
    assert outcome.kind == "solutions"
    bindings = json.loads(outcome.serialize(SPARQL_JSON))["results"]["bindings"]
    return [{var: value(term) for var, term in row.items()} for row in bindings]


def build_into_memory(settings: Settings) -> Store:
    """The five documents of ``sources/`` built into a new in-memory store.

    ``settings.store`` must stay untouched: build() writes into the store it is given.
    """
    store = Store()
    report = build(None, settings, store=store)
    assert [r.reason for r in report.rejected] == []
    assert len(report.loaded) == 5
    assert not settings.store.exists(), "build() wrote to settings.store, not the given store"
    return store


@pytest.fixture(scope="module")
def graph_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The five documents with the authority file and the ontology; queries only read it.

    ``Settings.store`` points at a folder that must stay absent, never at the project's store.
    """
    return build_into_memory(Settings(store=tmp_path_factory.mktemp("unused") / "store"))


def test_build_fills_the_empty_store_it_is_given(tmp_path: Path) -> None:
    store, elsewhere = Store(), tmp_path / "elsewhere"
    build(None, Settings(store=elsewhere), store=store)
    assert not elsewhere.exists()
    assert len(store) > 0


# --- metadata ------------------------------------------------------------------------------


def test_the_expected_saved_queries_exist() -> None:
    assert {path.name for path in QUERY_FILES} >= EXPECTED_QUERIES


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.name)
def test_saved_query_header_has_title_description_and_parameters(path: Path) -> None:
    fields = header_fields(path.read_text(encoding="utf-8"))
    assert fields.get("title") and fields["title"][0], f"{path.name}: no '# title:' line"
    assert len(fields["title"]) == 1, f"{path.name}: more than one title"
    assert " ".join(fields.get("description", [])).strip(), f"{path.name}: no description"
    assert len(fields.get("parameters", [])) == 1, f"{path.name}: one '# parameters:' line"
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    projection = re.search(r"SELECT(.*?)WHERE", body, re.IGNORECASE | re.DOTALL)
    for name in parameter_names(fields["parameters"][0]):
        # pyoxigraph substitutes only variables of the outer SELECT's projection.
        assert projection, f"{path.name}: a parameter needs a SELECT query"
        assert re.search(rf"[?$]{name}\b", projection[1]), f"{path.name}: ?{name} not selected"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.name)
def test_saved_query_answers_on_the_sources(graph_store: Store, path: Path) -> None:
    """Every saved query parses and has an answer (parameters left unbound)."""
    assert run(graph_store, path.name), f"{path.name} has no rows on the five documents"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.name)
def test_readme_lists_every_saved_query_with_its_title(path: Path) -> None:
    readme = README.read_text(encoding="utf-8")
    row = next((line for line in readme.splitlines() if f"`{path.name}`" in line), None)
    assert row is not None, f"queries/README.md does not list {path.name}"
    assert header_fields(path.read_text(encoding="utf-8"))["title"][0] in row


def test_parameter_names_are_read_past_commas_in_their_descriptions() -> None:
    assert parameter_names("none") == []
    assert parameter_names("state (an IRI, e.g. <x>), year (a year)") == ["state", "year"]


# --- 1. meetings by dialogue ---------------------------------------------------------------


def test_meetings_by_dialogue_lists_exactly_the_held_meetings(graph_store: Store) -> None:
    got = [
        (
            row["dialogue"],
            row["dialogueLabel"],
            row["ordinal"],
            row["startDate"],
            row.get("endDate"),
            row["placeLabel"],
        )
        for row in run(graph_store, "meetings-by-dialogue.rq")
    ]
    assert got == [
        (FR_IN, FR_IN_LABEL, 2, "2024-03-04", None, "New Delhi"),
        (FR_US, FR_US_LABEL, 1, "2022-11-10", None, "Paris"),
        (JP_US, JP_US_LABEL, 4, "2017-05-16", None, "Washington, D.C."),
        (JP_US, JP_US_LABEL, 8, "2023-03-24", None, "Tokyo"),
    ]


def test_meetings_by_dialogue_gives_meeting_and_place_iris(graph_store: Store) -> None:
    got = {(row["meeting"], row["place"]) for row in run(graph_store, "meetings-by-dialogue.rq")}
    assert got == {
        (meeting(FR_IN, 2), SGR + "place/new-delhi"),
        (meeting(FR_US, 1), SGR + "place/paris"),
        (meeting(JP_US, 4), SGR + "place/washington-d-c"),
        (meeting(JP_US, 8), SGR + "place/tokyo"),
    }


# --- 2. co-chairs by state -----------------------------------------------------------------


def co_chairs(graph_store: Store) -> list[dict[str, object]]:
    return run(graph_store, "co-chairs-by-state.rq")


def test_co_chairs_of_the_first_us_france_meeting(graph_store: Store) -> None:
    got = {
        (row["ordinal"], row["bodyLabel"], row["stateLabel"])
        for row in co_chairs(graph_store)
        if row["meeting"] == meeting(FR_US, 1)
    }
    assert got == {
        (1, "National Space Council", "United States"),
        (1, "National Security Council", "United States"),
        (1, "Secretariat-General for Defence and National Security", "France"),
        (1, "Ministry for Europe and Foreign Affairs", "France"),
    }


def test_co_chairs_of_the_japan_us_meetings(graph_store: Store) -> None:
    got = {
        (row["ordinal"], row["body"], row["state"])
        for row in co_chairs(graph_store)
        if row["dialogue"] == JP_US
    }
    mofa = SGR + "body/jp/ministry-of-foreign-affairs"
    nsps = SGR + "body/jp/national-space-policy-secretariat"
    nsc, nspc = SGR + "body/us/national-security-council", SGR + "body/us/national-space-council"
    ostp = SGR + "body/us/office-of-science-and-technology-policy"
    assert got == {
        (4, nsc, US), (4, ostp, US), (4, mofa, JP), (4, nsps, JP),
        (8, nspc, US), (8, nsc, US), (8, mofa, JP), (8, nsps, JP),
    }  # fmt: skip


def test_co_chairs_are_ordered_by_state(graph_store: Store) -> None:
    labels = [row["stateLabel"] for row in co_chairs(graph_store)]
    assert labels == sorted(labels)
    assert {"France", "Japan", "United States"} <= set(labels)


def test_co_chairs_of_the_second_india_france_dialogue(graph_store: Store) -> None:
    got = {
        (row["body"], row["state"])
        for row in co_chairs(graph_store)
        if row["meeting"] == meeting(FR_IN, 2)
    }
    assert got == {
        (SGR + "body/fr/ministry-for-europe-and-foreign-affairs", FR),
        (SGR + "body/in/ministry-of-external-affairs", IN),
    }


# --- 3. missions by meeting ----------------------------------------------------------------


def test_missions_discussed_at_each_meeting(graph_store: Store) -> None:
    got: dict[str, set[str]] = {}
    for row in run(graph_store, "missions-by-meeting.rq"):
        got.setdefault(row["meeting"], set()).add(row["missionLabel"])
    assert got == {
        meeting(FR_IN, 2): {"TRISHNA"},
        meeting(FR_US, 1): {
            "Artemis program",
            "Atmosphere Observing System",
            "James Webb Space Telescope",
            "Mars Sample Return",
            "Surface Water and Ocean Topography",
        },
        meeting(JP_US, 4): {
            "Global Positioning System",
            "International Space Station",
            "Japan-U.S. Open Platform Partnership Program",
            "Quasi-Zenith Satellite System",
        },
        meeting(JP_US, 8): {
            "Artemis program",
            "International Space Station",
            "Lunar Gateway",
            "Martian Moons eXploration",
            "Quasi-Zenith Satellite System",
            "Smart Lander for Investigating Moon",
            "X-Ray Imaging and Spectroscopy Mission",
        },
    }


def test_missions_by_meeting_has_one_row_per_meeting_and_mission(graph_store: Store) -> None:
    pairs = [(row["meeting"], row["mission"]) for row in run(graph_store, "missions-by-meeting.rq")]
    assert len(pairs) == len(set(pairs)) == 17
    assert (meeting(JP_US, 8), SGR + "mission/artemis-program") in pairs


# --- 4. participation by state -------------------------------------------------------------


def participation(graph_store: Store) -> list[tuple[object, ...]]:
    return [
        (row["state"], row["stateLabel"], row["participations"], row["bodies"], row["meetings"])
        for row in run(graph_store, "participation-by-state.rq")
    ]


def test_participation_by_state_counts_each_meeting_and_body_once(graph_store: Store) -> None:
    # United States: 9 bodies at each of the meetings 1 (France), 4 and 8 (Japan), 13 distinct.
    # Japan: 12 bodies at the 4th meeting and 11 at the 8th, 13 distinct.
    # France: 7 bodies at the U.S.-France meeting, 1 at the India-France meeting.
    assert participation(graph_store)[:3] == [
        (US, "United States", 27, 13, 3),
        (JP, "Japan", 23, 13, 2),
        (FR, "France", 8, 7, 2),
    ]


def test_participation_by_state_is_ordered_most_first(graph_store: Store) -> None:
    counts = [row[2] for row in participation(graph_store)]
    assert counts == sorted(counts, reverse=True)


def test_participation_counts_a_body_once_per_meeting_across_documents() -> None:
    """Two documents both state that NASA took part in the same meeting, one as co-chair."""
    sg = lambda term: URIRef(SG + term)  # noqa: E731
    held, nasa = URIRef(meeting(JP_US, 8)), URIRef(SGR + "body/us/nasa")
    graphs = {}
    for name, role in [("a", "participant"), ("b", "coChair")]:
        graph = Graph()
        graph.add((held, RDF.type, sg("Meeting")))
        graph.add((held, sg("participant"), nasa))
        graph.add((held, sg(role), nasa))
        graph.add((nasa, sg("state"), URIRef(US)))
        graphs[URIRef(SGR + f"document/{name}")] = graph
    store = Store()
    store.replace_graphs(graphs)
    rows = run(store, "participation-by-state.rq")
    assert [(r["state"], r["participations"], r["bodies"], r["meetings"]) for r in rows] == [
        (US, 1, 1, 1)
    ]


def test_india_took_part_in_the_second_india_france_dialogue(graph_store: Store) -> None:
    assert (IN, "India", 1, 1, 1) in participation(graph_store)


# --- 5. announced meetings -----------------------------------------------------------------


def test_announced_meetings_none_reported_yet(graph_store: Store) -> None:
    got = [
        (
            row["announcedBy"],
            row["meeting"],
            row["ordinal"],
            row["plannedYear"],
            row["placeLabel"],
            row.get("startDate"),
            row["reported"],
        )
        for row in run(graph_store, "announced-meetings-reported.rq")
    ]
    assert got == [
        (meeting(FR_US, 1), meeting(FR_US, 2), 2, "2023", "Washington, D.C.", None, False),
        (meeting(JP_US, 4), meeting(JP_US, 5), 5, "2018", "Japan", None, False),
        (meeting(JP_US, 8), meeting(JP_US, 9), 9, "2024", "United States", None, False),
    ]


def test_announced_meeting_later_reported_is_marked_reported() -> None:
    """One document announces the 2nd meeting, another reports it held: one row, reported."""
    sg = lambda term: URIRef(SG + term)  # noqa: E731
    first, second = URIRef(meeting(FR_US, 1)), URIRef(meeting(FR_US, 2))
    place, state = URIRef(SGR + "place/washington-d-c"), URIRef(US)
    announcing, reporting = Graph(), Graph()
    for s, p, o in [
        (first, RDF.type, sg("Meeting")),
        (first, sg("ordinal"), Literal(1)),
        (first, sg("startDate"), Literal("2022-11-10", datatype=XSD.date)),
        (first, sg("nextMeeting"), second),
        (second, RDF.type, sg("Meeting")),
        (second, sg("ordinal"), Literal(2)),
        (second, sg("plannedYear"), Literal("2023", datatype=XSD.gYear)),
        (second, sg("location"), state),
        (state, RDFS.label, Literal("United States", lang="en")),
    ]:
        announcing.add((s, p, o))
    for s, p, o in [
        (second, RDF.type, sg("Meeting")),
        (second, sg("ordinal"), Literal(2)),
        (second, sg("startDate"), Literal("2023-09-19", datatype=XSD.date)),
        (second, sg("location"), place),
        (place, RDFS.label, Literal("Washington, D.C.", lang="en")),
    ]:
        reporting.add((s, p, o))
    store = Store()
    store.replace_graphs(
        {URIRef(SGR + "document/a"): announcing, URIRef(SGR + "document/b"): reporting}
    )
    rows = run(store, "announced-meetings-reported.rq")
    assert len(rows) == 1
    (row,) = rows
    assert (row["announcedBy"], row["meeting"], row["plannedYear"]) == (
        str(first),
        str(second),
        "2023",
    )
    assert (row["startDate"], row["reported"]) == ("2023-09-19", True)
    assert set(row["placeLabel"].split(" / ")) == {"United States", "Washington, D.C."}


# --- 6. bodies of a state (parameterised) --------------------------------------------------


def bodies(graph_store: Store, state: str | None = None) -> list[dict[str, object]]:
    if state is None:
        return run(graph_store, "bodies-of-state.rq")
    return run(graph_store, "bodies-of-state.rq", state=URIRef(state))


def test_bodies_of_france_with_their_meetings(graph_store: Store) -> None:
    got = [(row["bodyLabel"], row["meetings"]) for row in bodies(graph_store, FR)]
    assert got == [
        ("Ministry for Europe and Foreign Affairs", 2),
        ("French Space Command", 1),
        ("Ministry of Economy, Finance and Industrial and Digital Sovereignty", 1),
        ("Ministry of Higher Education and Research", 1),
        ("Ministry of the Armed Forces", 1),
        ("National Centre for Space Studies", 1),
        ("Secretariat-General for Defence and National Security", 1),
    ]


def test_bodies_of_the_united_states_with_their_meetings(graph_store: Store) -> None:
    rows = bodies(graph_store, US)
    assert {row["state"] for row in rows} == {US}
    took_part = {row["bodyLabel"]: row["meetings"] for row in rows if row["meetings"]}
    assert took_part == {
        "Department of Commerce": 3,
        "Department of Defense": 3,
        "Department of State": 3,
        "Department of Transportation": 3,
        "National Aeronautics and Space Administration": 3,
        "National Security Council": 3,
        "National Space Council": 2,
        "Office of the Director of National Intelligence": 2,
        "Department of Homeland Security": 1,
        "Department of the Interior": 1,
        "National Geospatial-Intelligence Agency": 1,
        "Office of Science and Technology Policy": 1,
        "Office of the National Cyber Director": 1,
    }
    # Named in a document but at no meeting: listed with 0, after the bodies that took part.
    mentioned = {row["body"]: row["meetings"] for row in rows}
    oes = SGR + "body/us/bureau-of-oceans-and-international-environmental-and-scientific-affairs"
    assert mentioned[oes] == 0
    assert [row["meetings"] for row in rows] == sorted((r["meetings"] for r in rows), reverse=True)


def test_bodies_of_a_state_leave_out_bodies_known_only_to_the_authority(graph_store: Store) -> None:
    iris = {row["body"] for row in bodies(graph_store, US)}
    listed = (
        f"PREFIX sg: <{SG}> PREFIX rdfs: <{RDFS}> SELECT DISTINCT ?s ?b "
        "{ ?b sg:state ?s ; a/rdfs:subClassOf* sg:GovernmentBody }"
    )
    outcome = graph_store.query(listed, substitutions={"s": URIRef(US)})
    bindings = json.loads(outcome.serialize(SPARQL_JSON))["results"]["bindings"]
    every = {row["b"]["value"] for row in bindings}
    assert iris < every  # the authority knows more U.S. bodies than the documents name


def test_bodies_of_india(graph_store: Store) -> None:
    got = [(row["body"], row["meetings"]) for row in bodies(graph_store, IN)]
    assert (SGR + "body/in/ministry-of-external-affairs", 1) in got


def test_bodies_of_a_state_unbound_lists_every_state_the_same_way(graph_store: Store) -> None:
    everything = bodies(graph_store)
    states = {row["state"] for row in everything}
    assert {US, FR, JP} <= states
    for state in states:
        assert [row for row in everything if row["state"] == state] == bodies(graph_store, state)


# --- the command line ----------------------------------------------------------------------


def test_saved_query_runs_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_dir = tmp_path / "s"
    report = build(None, Settings(store=store_dir))
    assert report.exit_code == 0
    monkeypatch.chdir(PROJECT_DIR)  # the README's form: a path relative to the project
    arguments = ["query", "--store", str(store_dir), "--format", "json"]
    result = CliRunner().invoke(main, [*arguments, "@queries/meetings-by-dialogue.rq"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert [(row["meeting"]["value"], row["startDate"]["value"]) for row in bindings] == [
        (meeting(FR_IN, 2), "2024-03-04"),
        (meeting(FR_US, 1), "2022-11-10"),
        (meeting(JP_US, 4), "2017-05-16"),
        (meeting(JP_US, 8), "2023-03-24"),
    ]


# --- 7. facts about a resource (parameterised; the client's describe) ------------------------

NSPC = SGR + "body/us/national-space-council"
FR_US_DOCUMENT = SGR + "document/us-france-comprehensive-dialogue-on-space-2022"
JP_US_8_DOCUMENT = SGR + "document/japan-us-comprehensive-dialogue-on-space-8-2023"
FRAMEWORK_DOCUMENT = SGR + "document/us-strategic-framework-for-space-diplomacy-2023"
AUTHORITY = SGR + "graph/authority"


def test_facts_of_the_national_space_council_with_their_graphs(graph_store: Store) -> None:
    rows = run(graph_store, "facts-of-resource.rq", resource=URIRef(NSPC))
    assert {row["resource"] for row in rows} == {NSPC}
    facts = {(row["property"], row["value"], row["graph"]) for row in rows}
    assert {
        (str(RDFS.label), "National Space Council", AUTHORITY),
        (SG + "state", US, AUTHORITY),
        (str(RDF.type), SG + "GovernmentBody", AUTHORITY),
        (str(RDF.type), SG + "GovernmentBody", FR_US_DOCUMENT),
        (str(RDF.type), SG + "GovernmentBody", JP_US_8_DOCUMENT),
    } <= facts
    # one sentence of evidence in each of the three documents that name it
    evidence = {row["graph"] for row in rows if row["property"] == SG + "evidence"}
    assert evidence == {FR_US_DOCUMENT, JP_US_8_DOCUMENT, FRAMEWORK_DOCUMENT}


def test_facts_of_a_resource_the_graph_does_not_know_are_none(graph_store: Store) -> None:
    assert run(graph_store, "facts-of-resource.rq", resource=URIRef(SGR + "body/us/no-such")) == []


# --- 8. evidence behind a resource (parameterised; spacegraph explain) ------------------------


def test_evidence_of_the_first_us_france_meeting(graph_store: Store) -> None:
    rows = run(graph_store, "evidence-of-resource.rq", resource=URIRef(meeting(FR_US, 1)))
    assert [(row["document"], row["start"], row["end"], row["quote"]) for row in rows] == [
        (
            FR_US_DOCUMENT,
            108,
            379,
            "Pursuant to their shared goal of advancing bilateral space cooperation as declared "
            "by their leaders, the Government of the United States of America and the Government "
            "of France held their first meeting of the Comprehensive Dialogue on Space in Paris "
            "on November 10, 2022.",
        ),
        (
            FR_US_DOCUMENT,
            8393,
            8488,
            "Both sides concurred on holding the second meeting of the Dialogue in Washington, "
            "D.C. in 2023.",
        ),
    ]
    assert {row["title"] for row in rows} == {
        "Joint statement - the first meeting of the U.S.-France comprehensive dialogue on space"
    }


def test_evidence_query_gives_the_sentences_that_explain_prints(graph_store: Store) -> None:
    from spacegraph.explain import explain

    for resource in (NSPC, meeting(JP_US, 8), meeting(FR_IN, 2)):
        rows = run(graph_store, "evidence-of-resource.rq", resource=URIRef(resource))
        sentences = explain(graph_store, URIRef(resource))
        assert rows, resource
        assert [
            (r["document"], r.get("title"), r["start"], r["end"], r["quote"]) for r in rows
        ] == [(s.document, s.title, s.start, s.end, s.quote) for s in sentences]
