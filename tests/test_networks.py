"""Co-participation networks from a real store built from sources/: every weight and date is
recomputed here from plain SPARQL rows (who took part in which held meeting) and compared."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.networks import BODIES, STATES, co_participation, to_csv, write_networks
from spacegraph.store import Store

SGR = "https://w3id.org/spacegraph/id/"
PROLOGUE = (
    "PREFIX sg: <https://w3id.org/spacegraph/ontology#>\n"
    "PREFIX sgr: <https://w3id.org/spacegraph/id/>\n"
)
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture
def store(built_store: Path) -> Store:
    opened = Store(built_store, read_only=True)
    yield opened
    opened.close()


def rows(store: Store, query: str) -> list[dict[str, str]]:
    result = store.query(PROLOGUE + query).serialize("application/sparql-results+json")
    return [
        {name: term["value"] for name, term in row.items()}
        for row in json.loads(result)["results"]["bindings"]
    ]


def expected_edges(taking_part: list[dict[str, str]]) -> dict[tuple[str, str], tuple]:
    """(a, b) -> (weight, first, last) from (meeting, date, node) rows."""
    by_meeting: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, str] = {}
    for row in taking_part:
        by_meeting[row["m"]].add(row["n"])
        dates[row["m"]] = row["d"]
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for meeting, nodes in by_meeting.items():
        for pair in combinations(sorted(nodes), 2):
            shared[pair].append(dates[meeting])
    return {pair: (len(ds), min(ds), max(ds)) for pair, ds in shared.items()}


def read_csv(data: bytes) -> dict[tuple[str, str], tuple]:
    table = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return {
        (row["source"], row["target"]): (int(row["weight"]), row["first_date"], row["last_date"])
        for row in table
    }


def test_state_weights_match_an_independent_count(store):
    parties = rows(
        store,
        "SELECT ?m ?d ?n WHERE { ?m a sg:Meeting ; sg:startDate ?d ; sg:dialogue ?x . "
        "?x sg:parties ?n . ?n a sg:State }",
    )
    bodies = rows(
        store,
        "SELECT ?m ?d ?n WHERE { ?m a sg:Meeting ; sg:startDate ?d . "
        "{ ?m sg:participant ?b } UNION { ?m sg:coChair ?b } ?b sg:state ?n . ?n a sg:State }",
    )
    network = co_participation(store, STATES)
    assert read_csv(to_csv(network)) == expected_edges(parties + bodies)

    # the brief's check: Japan-U.S. meetings held with bodies of both
    both = rows(
        store,
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m sg:startDate ?d ; "
        "sg:participant|sg:coChair ?a, ?b . "
        f"?a sg:state <{SGR}state/jp> . ?b sg:state <{SGR}state/us> }}",
    )
    edges = read_csv(to_csv(network))
    assert edges[(SGR + "state/jp", SGR + "state/us")] == (2, "2017-05-16", "2023-03-24")
    assert int(both[0]["n"]) == 2
    assert (SGR + "state/in", SGR + "state/jp") not in edges


def test_body_weights_match_an_independent_count(store):
    taking_part = rows(
        store,
        "SELECT ?m ?d ?n WHERE { ?m a sg:Meeting ; sg:startDate ?d . "
        "{ ?m sg:participant ?n } UNION { ?m sg:coChair ?n } }",
    )
    edges = read_csv(to_csv(co_participation(store, BODIES)))
    assert edges == expected_edges(taking_part)
    nasa = SGR + "body/us/national-aeronautics-and-space-administration"
    jaxa = SGR + "body/jp/japan-aerospace-exploration-agency"
    assert edges[(jaxa, nasa)][0] == 2


def test_graphml_parses_with_labelled_nodes(store, tmp_path):
    write_networks(store, tmp_path)
    for name in ("states", "bodies"):
        root = ET.parse(tmp_path / f"{name}.graphml").getroot()
        keys = {key.get("id"): key.get("attr.name") for key in root.iter(f"{GRAPHML}key")}
        assert {"label", "weight", "first_date", "last_date"} <= set(keys)
        graph = root.find(f"{GRAPHML}graph")
        assert graph.get("edgedefault") == "undirected"
        nodes = {}
        for node in graph.iter(f"{GRAPHML}node"):
            data = {d.get("key"): d.text for d in node.iter(f"{GRAPHML}data")}
            assert data.get("label"), node.get("id")
            nodes[node.get("id")] = data
        edges = {}
        for edge in graph.iter(f"{GRAPHML}edge"):
            assert edge.get("source") in nodes and edge.get("target") in nodes
            data = {d.get("key"): d.text for d in edge.iter(f"{GRAPHML}data")}
            pair = (edge.get("source"), edge.get("target"))
            edges[pair] = (int(data["weight"]), data["first_date"], data["last_date"])
        assert edges == read_csv((tmp_path / f"{name}.csv").read_bytes())
        assert edges
    states = ET.parse(tmp_path / "states.graphml").getroot()
    labels = {d.text for d in states.iter(f"{GRAPHML}data") if d.get("key") == "label"}
    assert {"Japan", "United States", "France", "India"} <= labels


def test_network_command_writes_the_same_bytes_twice(built_store, tmp_path):
    runner = CliRunner()
    for folder in ("a", "b"):
        result = runner.invoke(
            main, ["network", str(tmp_path / folder), "--store", str(built_store)]
        )
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["bodies.csv", "bodies.graphml", "states.csv", "states.graphml"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_network_command_without_a_store_exits_2(tmp_path):
    result = CliRunner().invoke(
        main, ["network", str(tmp_path / "out"), "--store", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert "no store" in result.output
