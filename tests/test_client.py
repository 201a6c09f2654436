"""The Python client: ``spacegraph.open`` (embedded store) and ``spacegraph.connect`` (a live
endpoint served by waitress, its queries run by the real worker pool) give the same answers,
as typed DataFrames, or as dicts without pandas.

The five documents of ``sources/`` are built once into a store on disk; the expected answers
are the ones ``tests/test_queries.py`` asserts.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from flask import Flask
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

import spacegraph
from spacegraph.client import EmbeddedClient, HttpClient
from spacegraph.errors import QueryError
from spacegraph.pipeline import build
from spacegraph.saved import ParameterError, UnknownQuery

SG = "https://w3id.org/spacegraph/ontology#"
SGR = "https://w3id.org/spacegraph/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
US, FR = SGR + "state/us", SGR + "state/fr"
FR_US = SGR + "dialogue/fr-us/comprehensive-dialogue-on-space"
NSPC = SGR + "body/us/national-space-council"
INJECTION = "x> } ; DROP ALL #"

#: Saved queries that need no parameter, and an ad-hoc query with several kinds of value.
PLAIN_QUERIES = [
    "meetings-by-dialogue",
    "co-chairs-by-state",
    "missions-by-meeting",
    "participation-by-state",
    "announced-meetings-reported",
    "bodies-of-state",
]
AD_HOC = """
PREFIX sg: <https://w3id.org/spacegraph/ontology#>
SELECT ?meeting ?ordinal ?startDate ?needsReview WHERE {
  ?meeting a sg:Meeting ; sg:ordinal ?ordinal .
  OPTIONAL { ?meeting sg:startDate ?startDate }
  OPTIONAL { ?meeting sg:needsReview ?needsReview }
} ORDER BY ?meeting
"""
BODIES_OF = """
PREFIX sg: <https://w3id.org/spacegraph/ontology#>
SELECT ?state ?body WHERE { ?body sg:state ?state ; a sg:GovernmentBody } ORDER BY ?body
"""


@pytest.fixture(scope="module")
def app(built_app: Flask) -> Flask:
    return built_app


@pytest.fixture(scope="module")
def local(built_store: Path) -> Iterator[EmbeddedClient]:
    client = spacegraph.open(built_store)
    yield client
    client.close()


@pytest.fixture
def remote(live_server: str) -> HttpClient:
    return spacegraph.connect(live_server + "/sparql")


# the same object ------------------------------------------------------------------------------


def test_open_and_connect_give_clients_of_the_one_protocol(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    assert isinstance(local, spacegraph.Client)
    assert isinstance(remote, spacegraph.Client)
    assert remote.url.startswith("http://127.0.0.1:")
    assert not remote.url.endswith("/sparql")  # the base URL, from the /sparql URL given


@pytest.mark.parametrize("slug", PLAIN_QUERIES)
def test_saved_query_gives_equal_dataframes_either_way(
    local: EmbeddedClient, remote: HttpClient, slug: str
) -> None:
    here, there = local.saved(slug), remote.saved(slug)
    assert len(here) > 0
    pd.testing.assert_frame_equal(here, there)


def test_ad_hoc_query_gives_equal_dataframes_either_way(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    here = local.query(AD_HOC, with_labels=True)
    pd.testing.assert_frame_equal(here, remote.query(AD_HOC, with_labels=True))
    assert list(here.columns) == [
        "meeting",
        "meeting_label",
        "ordinal",
        "startDate",
        "needsReview",
    ]


def test_labels_come_in_a_column_after_each_column_of_iris(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    frame = local.saved("co-chairs-by-state", with_labels=True)
    pd.testing.assert_frame_equal(frame, remote.saved("co-chairs-by-state", with_labels=True))
    columns = list(frame.columns)
    assert columns.index("state_label") == columns.index("state") + 1
    assert "ordinal_label" not in columns  # not a column of IRIs
    # the label looked up is the one the query computed itself
    assert (frame["state_label"] == frame["stateLabel"]).all()
    assert (frame["body_label"] == frame["bodyLabel"]).all()
    assert (
        local.labels([US, FR])
        == remote.labels([US, FR])
        == {
            US: "United States",
            FR: "France",
        }
    )


# typed columns --------------------------------------------------------------------------------


def test_columns_are_typed(local: EmbeddedClient) -> None:
    meetings = local.saved("meetings-by-dialogue")
    assert str(meetings["ordinal"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(meetings["startDate"])
    assert pd.api.types.is_string_dtype(meetings["dialogue"])
    assert list(meetings["ordinal"]) == [2, 1, 4, 8]
    assert list(meetings["startDate"]) == [
        pd.Timestamp("2024-03-04"),
        pd.Timestamp("2022-11-10"),
        pd.Timestamp("2017-05-16"),
        pd.Timestamp("2023-03-24"),
    ]
    assert meetings["dialogue"].iloc[1] == FR_US  # an IRI stays a string
    announced = local.saved("announced-meetings-reported")
    assert str(announced["reported"].dtype) == "boolean"
    assert list(announced["reported"]) == [False, False, False]
    assert announced["startDate"].isna().all()
    participation = local.saved("participation-by-state")
    assert [str(participation[c].dtype) for c in ("participations", "bodies", "meetings")] == [
        "Int64"
    ] * 3
    assert participation.iloc[0][
        ["stateLabel", "participations", "bodies", "meetings"]
    ].tolist() == [
        "United States",
        27,
        13,
        3,
    ]


def test_numbers_dates_and_unbound_values_get_their_dtypes(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    query = """
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT ?n ?x ?d ?when ?flag ?text WHERE {
      VALUES (?n ?x ?d ?when ?flag ?text) {
        (1 1.5 2.5e0 "2023-03-24T10:00:00Z"^^xsd:dateTime true "a")
        (UNDEF 2 UNDEF "2024-01-01T00:00:00Z"^^xsd:dateTime false UNDEF)
      }
    }"""
    frame = local.query(query)
    pd.testing.assert_frame_equal(frame, remote.query(query))
    assert str(frame["n"].dtype) == "Int64" and frame["n"].isna().tolist() == [False, True]
    assert frame["x"].dtype == "float64" and frame["x"].tolist() == [1.5, 2.0]
    assert frame["d"].dtype == "float64" and frame["d"].isna().tolist() == [False, True]
    assert str(frame["when"].dtype) == "datetime64[ns, UTC]"
    assert frame["when"].iloc[0] == pd.Timestamp("2023-03-24T10:00:00Z")
    assert frame["flag"].tolist() == [True, False]
    assert pd.isna(frame["text"].iloc[1])


# parameters -----------------------------------------------------------------------------------


def test_saved_query_parameters_are_bound_either_way(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    france = local.saved("bodies-of-state", state="sgr:state/fr")
    pd.testing.assert_frame_equal(france, remote.saved("bodies-of-state", state="sgr:state/fr"))
    united_states = remote.saved("bodies-of-state", state=URIRef(US))
    assert set(france["state"]) == {FR}
    assert set(united_states["state"]) == {US}
    assert set(france["body"]).isdisjoint(united_states["body"])
    assert list(france["bodyLabel"][:2]) == [
        "Ministry for Europe and Foreign Affairs",
        "French Space Command",
    ]
    assert list(france["meetings"][:2]) == [2, 1]
    # the three ways of writing the IRI bind the same value
    pd.testing.assert_frame_equal(france, local.saved("bodies-of-state", state=f"<{FR}>"))
    pd.testing.assert_frame_equal(france, remote.saved("bodies-of-state", state=FR))


def test_ad_hoc_parameters_are_bound_on_the_embedded_store(local: EmbeddedClient) -> None:
    france = local.query(BODIES_OF, state="sgr:state/fr")
    japan = local.query(BODIES_OF, state=URIRef(SGR + "state/jp"))
    assert set(france["state"]) == {FR}
    assert set(japan["state"]) == {SGR + "state/jp"}
    assert len(france) > 0 and len(japan) > 0


def test_an_injection_attempt_is_a_value_or_refused_never_run(
    local: EmbeddedClient, remote: HttpClient, built_store: Path
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = int(local.query(count)["n"].iloc[0])
    assert before > 1000
    # ad-hoc, embedded: the text is a string literal, which no state is
    assert len(local.query(BODIES_OF, state=INJECTION)) == 0
    # a saved query's IRI parameter: refused, with a message that names the parameter
    for client in (local, remote):
        with pytest.raises(ParameterError, match="state") as refused:
            client.saved("bodies-of-state", state=INJECTION)
        assert "not an IRI" in refused.value.message
    # ad-hoc over HTTP: parameters are refused (the endpoint binds saved queries only)
    with pytest.raises(ParameterError, match=r"\.saved\(slug"):
        remote.query(BODIES_OF, state=INJECTION)
    assert int(local.query(count)["n"].iloc[0]) == before
    assert int(remote.query(count)["n"].iloc[0]) == before


def test_mistakes_raise_the_same_errors_either_way(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    for client in (local, remote):
        with pytest.raises(UnknownQuery, match="no-such-query"):
            client.saved("no-such-query")
        with pytest.raises(ParameterError, match="has no parameter 'country'"):
            client.saved("bodies-of-state", country="sgr:state/fr")
        with pytest.raises(ParameterError, match="needs a value for resource"):
            client.saved("facts-of-resource")
        with pytest.raises(QueryError, match=r"(?i)syntax|parse|expected"):
            client.query("SELECT ?x WHERE {")


# describe and explain -------------------------------------------------------------------------


def test_describe_returns_the_facts_with_their_graphs(
    local: EmbeddedClient, remote: HttpClient
) -> None:
    facts = local.describe("sgr:body/us/national-space-council", with_labels=True)
    pd.testing.assert_frame_equal(
        facts, remote.describe("sgr:body/us/national-space-council", with_labels=True)
    )
    assert set(facts["resource"]) == {NSPC}
    pairs = set(zip(facts["property"], facts["value"], strict=True))
    assert (RDFS_LABEL, "National Space Council") in pairs
    assert (SG + "state", US) in pairs
    assert (SG + "needsReview", True) in pairs  # a mixed column keeps each value's type
    assert facts["value"].dtype == object
    labelled = facts[facts["property"] == SG + "state"]
    assert list(labelled["property_label"]) == ["state"]  # the ontology's label of sg:state
    assert "value_label" not in facts.columns  # values mix IRIs and literals: no labels


def test_explain_returns_the_evidence_sentences(local: EmbeddedClient, remote: HttpClient) -> None:
    meeting = FR_US + "/meeting/1"
    sentences = local.explain(meeting)
    pd.testing.assert_frame_equal(sentences, remote.explain(meeting))
    assert list(sentences["start"]) == [108, 8393]
    assert str(sentences["start"].dtype) == "Int64"
    assert sentences["quote"].iloc[1] == (
        "Both sides concurred on holding the second meeting of the Dialogue in Washington, "
        "D.C. in 2023."
    )
    assert set(sentences["title"]) == {
        "Joint statement - the first meeting of the U.S.-France comprehensive dialogue on space"
    }
    assert len(local.explain("sgr:body/us/no-such-body")) == 0


# other results --------------------------------------------------------------------------------


def test_ask_gives_a_bool_and_construct_a_graph(local: EmbeddedClient, remote: HttpClient) -> None:
    ask = f"ASK {{ <{NSPC}> <{SG}state> <{US}> }}"
    assert local.query(ask) is True and remote.query(ask) is True
    construct = f"CONSTRUCT {{ ?b <{SG}state> <{FR}> }} WHERE {{ ?b <{SG}state> <{FR}> }}"
    here, there = local.query(construct), remote.query(construct)
    assert isinstance(here, Graph) and len(here) > 3
    assert isomorphic(here, there)


def test_saved_queries_are_listed_either_way(local: EmbeddedClient, remote: HttpClient) -> None:
    listed = local.saved_queries()
    assert listed == remote.saved_queries()
    by_slug = {entry["slug"]: entry for entry in listed}
    assert set(PLAIN_QUERIES) | {"facts-of-resource", "evidence-of-resource"} <= set(by_slug)
    (state,) = by_slug["bodies-of-state"]["parameters"]
    assert (state["name"], state["kind"], state["optional"]) == ("state", "iri", True)


# without pandas -------------------------------------------------------------------------------


def test_without_pandas_rows_are_dicts_of_typed_values(
    local: EmbeddedClient, remote: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    rows = local.saved("meetings-by-dialogue")
    assert rows == remote.saved("meetings-by-dialogue")
    assert isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
    assert [(row["ordinal"], row["startDate"], row["endDate"]) for row in rows] == [
        (2, dt.date(2024, 3, 4), None),
        (1, dt.date(2022, 11, 10), None),
        (4, dt.date(2017, 5, 16), None),
        (8, dt.date(2023, 3, 24), None),
    ]
    labelled = remote.saved("bodies-of-state", state="sgr:state/fr", with_labels=True)
    assert labelled == local.saved("bodies-of-state", state="sgr:state/fr", with_labels=True)
    assert list(labelled[0]) == [
        "state",
        "state_label",
        "body",
        "body_label",
        "bodyLabel",
        "meetings",
    ]
    assert labelled[0]["state_label"] == "France"
    assert local.explain(FR_US + "/meeting/1")[0]["start"] == 108


def test_open_refuses_a_folder_without_a_store(tmp_path: Path) -> None:
    with pytest.raises(spacegraph.SpacegraphError, match="spacegraph build"):
        spacegraph.open(tmp_path / "nothing-here")


def test_package_exports_the_api() -> None:
    assert {"connect", "open", "build", "Settings", "Store", "Client"} <= set(spacegraph.__all__)
    for name in spacegraph.__all__:
        assert getattr(spacegraph, name) is not None
    assert spacegraph.build is build
    with pytest.raises(AttributeError):
        spacegraph.no_such_name  # noqa: B018


def test_readme_client_example_runs(built_store: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### From Python", 1)[1]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert 'spacegraph.open("var/store")' in snippet
    names: dict[str, object] = {}
    exec(snippet.replace('"var/store"', repr(str(built_store))), names)
    assert list(names["meetings"]["ordinal"]) == [2, 1, 4, 8]
    assert set(names["bodies"]["state_label"]) == {"France"}
    assert len(names["frame"]) >= 4
    assert (RDFS_LABEL, "National Space Council") in set(
        zip(names["facts"]["property"], names["facts"]["value"], strict=True)
    )
    assert len(names["sentences"]) == 3
    names["graph"].close()
