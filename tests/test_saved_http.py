"""Saved queries over HTTP: ``GET /queries`` and ``GET /queries/<slug>`` on a live server
(waitress on 127.0.0.1) whose queries run in the real worker pool, over the five documents of
``sources/`` built into a store on disk.

Each answer is compared with the same saved query run on the embedded store with the same
substitutions, in JSON, CSV and TSV, asked for by ``Accept`` and by ``format=``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from rdflib import URIRef

from spacegraph.saved import saved_queries
from spacegraph.settings import Settings
from spacegraph.store import Store

SGR = "https://w3id.org/spacegraph/id/"
US, FR = SGR + "state/us", SGR + "state/fr"
MEETING = SGR + "dialogue/fr-us/comprehensive-dialogue-on-space/meeting/1"
QUERIES = Settings().queries

#: A value for every parameter of a saved query: (text sent over HTTP, term bound embedded).
VALUES = {
    "state": ("sgr:state/fr", URIRef(FR)),
    "resource": (MEETING, URIRef(MEETING)),
}
FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@pytest.fixture(scope="module")
def app(built_app: Flask) -> Flask:
    return built_app


@pytest.fixture(scope="module")
def embedded(built_store: Path) -> Iterator[Store]:
    store = Store(built_store, read_only=True)
    yield store
    store.close()


def expected(store: Store, slug: str, media_type: str, **substitutions: object) -> bytes:
    text = (QUERIES / f"{slug}.rq").read_text(encoding="utf-8")
    return store.query(text, substitutions=substitutions or None).serialize(media_type)


def row_count(media_type: str, body: bytes) -> int:
    if media_type.endswith("json"):
        return len(json.loads(body)["results"]["bindings"])
    return len(body.strip().splitlines()) - 1  # CSV and TSV start with a header line


def same(media_type: str, got: bytes, want: bytes) -> bool:
    if media_type.endswith("json"):
        return json.loads(got) == json.loads(want)
    return got == want


SLUGS = sorted(path.stem for path in QUERIES.glob("*.rq"))


# every saved query, in every format -----------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_saved_query_over_http_equals_the_embedded_answer(
    live_server: str, embedded: Store, slug: str, name: str
) -> None:
    media_type = FORMATS[name]
    saved = next(query for query in saved_queries(QUERIES) if query.slug == slug)
    sent = {p.name: VALUES[p.name][0] for p in saved.parameters}
    bound = {p.name: VALUES[p.name][1] for p in saved.parameters}
    want = expected(embedded, slug, media_type, **bound)
    assert row_count(media_type, want) > 0, f"{slug} has no rows on the five documents"
    by_accept = requests.get(
        f"{live_server}/queries/{slug}", params=sent, headers={"Accept": media_type}, timeout=60
    )
    by_format = requests.get(
        f"{live_server}/queries/{slug}", params={**sent, "format": name}, timeout=60
    )
    for response in (by_accept, by_format):
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8"
        assert same(media_type, response.content, want)
        assert response.headers["X-Spacegraph-Truncated"] == "false"
        assert response.headers["X-Query-Id"]
        assert "Accept" in response.headers["Vary"]


def test_the_list_names_every_saved_query_with_its_parameters(live_server: str) -> None:
    response = requests.get(f"{live_server}/queries", timeout=30)
    assert response.status_code == 200
    listed = {entry["slug"]: entry for entry in response.json()["queries"]}
    assert sorted(listed) == SLUGS
    bodies = listed["bodies-of-state"]
    assert bodies["title"] == "Government bodies of a state"
    assert bodies["parameters"] == [
        {
            "name": "state",
            "kind": "iri",
            "optional": True,
            "description": "IRI of a sg:State, e.g. <https://w3id.org/spacegraph/id/state/us> "
            "or sgr:state/us",
        }
    ]
    assert listed["facts-of-resource"]["parameters"][0]["optional"] is False
    assert bodies["url"] == f"{live_server}/queries/bodies-of-state"
    # the URL it gives runs the query
    assert requests.get(bodies["url"], timeout=30).status_code == 200


# parameters -----------------------------------------------------------------------------------


def states_of(response: requests.Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {row["state"]["value"] for row in response.json()["results"]["bindings"]}


def test_a_parameter_selects_the_answer(live_server: str, embedded: Store) -> None:
    url = f"{live_server}/queries/bodies-of-state"
    france = requests.get(url, params={"state": "sgr:state/fr"}, timeout=30)
    united_states = requests.get(url, params={"state": US}, timeout=30)
    assert states_of(france) == {FR}
    assert states_of(united_states) == {US}
    assert france.json() == json.loads(
        expected(embedded, "bodies-of-state", FORMATS["json"], state=URIRef(FR))
    )
    labels = [row["bodyLabel"]["value"] for row in france.json()["results"]["bindings"]]
    assert labels[0] == "Ministry for Europe and Foreign Affairs"
    assert len(labels) == 7
    # <IRI> and the full IRI are the same value as the prefixed name
    bracketed = requests.get(url, params={"state": f"<{FR}>"}, timeout=30)
    assert bracketed.json() == france.json()


def test_an_optional_parameter_left_out_answers_for_every_value(live_server: str) -> None:
    every = requests.get(f"{live_server}/queries/bodies-of-state", timeout=30)
    assert {US, FR, SGR + "state/jp"} <= states_of(every)


def test_limits_and_row_cap_work_as_on_the_endpoint(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/queries/bodies-of-state",
        params={"state": "sgr:state/us", "max-rows": "2", "format": "csv"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["X-Spacegraph-Truncated"] == "true"
    assert response.headers["X-Spacegraph-Rows"] == "2"
    assert len(response.text.strip().splitlines()) == 3  # the header and two rows
    assert response.headers["X-Spacegraph-Timeout"]  # a worker ran it, under a time limit


# errors ---------------------------------------------------------------------------------------


def error_of(response: requests.Response, status: int, kind: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message", "status"}
    assert (body["error"], body["status"]) == (kind, status)
    return body["message"]


def test_an_unknown_slug_is_404(live_server: str) -> None:
    message = error_of(
        requests.get(f"{live_server}/queries/no-such-query", timeout=30), 404, "not-found"
    )
    assert "no-such-query" in message and "bodies-of-state" in message


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"state": "x> } ; DROP ALL #"}, "not an IRI"),
        ({"state": "not an iri"}, "not an IRI"),
        ({"country": "sgr:state/fr"}, "has no parameter 'country'"),
        ({"state": ""}, "state is empty"),
        ({"state": ["sgr:state/fr", "sgr:state/us"]}, "given 2 times"),
    ],
)
def test_a_bad_parameter_is_400_with_a_message(
    live_server: str, params: dict[str, object], says: str
) -> None:
    response = requests.get(f"{live_server}/queries/bodies-of-state", params=params, timeout=30)
    assert says in error_of(response, 400, "bad-parameter")


def test_a_missing_required_parameter_is_400(live_server: str) -> None:
    response = requests.get(f"{live_server}/queries/evidence-of-resource", timeout=30)
    message = error_of(response, 400, "bad-parameter")
    assert "needs a value for resource" in message


def test_the_injection_attempt_left_the_graph_as_it_was(live_server: str, embedded: Store) -> None:
    requests.get(
        f"{live_server}/queries/bodies-of-state", params={"state": "x> } ; DROP ALL #"}, timeout=30
    )
    response = requests.get(
        f"{live_server}/queries/bodies-of-state", params={"state": "sgr:state/fr"}, timeout=30
    )
    assert states_of(response) == {FR}
    assert len(embedded) > 1000


def test_a_format_the_result_cannot_have_is_406(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/queries/meetings-by-dialogue", params={"format": "turtle"}, timeout=30
    )
    assert "turtle" in error_of(response, 406, "not-acceptable")
