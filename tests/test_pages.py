"""The web pages through Flask's test client, over a store built from ``sources/`` plus a
fixture document whose text holds ``<script>`` (built once per module, loaded fresh per test).

Each page answers 200 with its content; ``/id/...`` negotiates HTML or RDF; paths that try
to climb out of /id/ or /documents/ are 404s; a document's markup shows as text.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS

from spacegraph.settings import Settings
from spacegraph.store import Store
from spacegraph.web.pages import highlight

SG = Namespace("https://w3id.org/spacegraph/ontology#")
SGR = Namespace("https://w3id.org/spacegraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
JP = SGR["state/jp"]
JP_US = "dialogue/jp-us/comprehensive-dialogue-on-space"
JP_US_8_DOC = "japan-us-comprehensive-dialogue-on-space-8-2023"
SCRIPT_DOC = "canada-japan-space-dialogue-script-2021"
HTML = {"Accept": "text/html"}


@pytest.fixture
def store(corpus_store: Store) -> Store:
    return corpus_store


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def values(store: Store, sparql: str) -> list[str]:
    outcome = store.query(sparql)
    return [solution["v"].value for solution in outcome.result]


def no_remote_assets(text: str) -> bool:
    return not re.search(r'<(script|link|img)[^>]*(src|href)="(https?:)?//', text)


# --- landing -------------------------------------------------------------------------------


def test_landing_page_lists_documents_dialogues_counts_and_links(
    client: FlaskClient, store: Store
) -> None:
    text = page(client, "/")
    titles = values(
        store,
        "SELECT ?v WHERE { ?d a <https://w3id.org/spacegraph/ontology#Document> ; "
        "<http://purl.org/dc/terms/title> ?v }",
    )
    assert len(titles) == 6
    for title in titles:
        assert str(html.escape(title, quote=False)) in text
    assert '<td class="date">2023-03-24</td>' in text
    assert f'href="/documents/{JP_US_8_DOC}"' in text
    assert "Japan-United States Comprehensive Dialogue on Space" in text
    assert 'href="/query"' in text and 'href="/timeline"' in text
    for slug in ("meetings-by-dialogue", "bodies-of-state", "participation-by-state"):
        assert f'href="/query?example={slug}"' in text
    assert 'href="/data?format=trig"' in text
    meetings = len(values(store, f"SELECT DISTINCT ?v WHERE {{ ?v a <{SG}Meeting> }}"))
    row = re.search(
        rf'title="{SG}Meeting">Meeting</span></td>\s*<td class="num"><a[^>]*>(\d+)<', text
    )
    assert row is not None and int(row.group(1)) == meetings
    assert no_remote_assets(text)


def test_landing_answers_json_to_clients_that_ask_for_it(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json()["sparql"].endswith("/sparql")
    assert "Accept" in response.headers["Vary"]


def test_stylesheet_and_script_are_served_from_the_app(client: FlaskClient) -> None:
    css = client.get("/static/spacegraph.css")
    js = client.get("/static/query.js")
    assert css.status_code == 200 and b".doc-text" in css.data
    assert js.status_code == 200 and b"AbortController" in js.data
    assert b'"X-Query-Id": mine.id' in js.data  # sent with the query and with Cancel


# --- query page ----------------------------------------------------------------------------


def test_query_page_has_the_prefixes_the_saved_queries_and_the_controls(
    client: FlaskClient,
) -> None:
    text = page(client, "/query")
    assert "PREFIX sg: &lt;https://w3id.org/spacegraph/ontology#&gt;" in text
    assert "PREFIX sgr: &lt;https://w3id.org/spacegraph/id/&gt;" in text
    for path in sorted(Settings().queries.glob("*.rq")):
        assert f'data-slug="{path.stem}"' in text
        assert f'<pre hidden id="example-{path.stem}">' in text
    assert "Meetings held, by dialogue" in text
    assert '<button type="submit" id="run">' in text
    assert '<button type="button" id="cancel" disabled>' in text
    assert 'src="/static/query.js"' in text
    assert 'data-sparql="/sparql"' in text and 'data-cancel="/sparql/cancel"' in text
    assert no_remote_assets(text)


def test_query_page_loads_a_saved_query_or_a_given_query_into_the_editor(
    client: FlaskClient,
) -> None:
    text = page(client, "/query?example=bodies-of-state")
    editor = re.search(r'<textarea id="query-text"[^>]*>(.*?)</textarea>', text, re.S)
    assert editor is not None
    assert html.unescape(editor.group(1)).startswith("# title: Government bodies of a state")
    given = page(client, "/query?query=ASK%20%7B%3Cx%3E%20%3Cy%3E%20%3Cz%3E%7D")
    assert "ASK {&lt;x&gt; &lt;y&gt; &lt;z&gt;}</textarea>" in given


# --- entity pages --------------------------------------------------------------------------


def test_entity_page_shows_labels_class_wikidata_and_facts_with_their_quotes(
    client: FlaskClient,
) -> None:
    text = page(client, "/id/state/jp")
    assert '<h1 id="entity-title">Japan</h1>' in text
    assert f'title="{SG}State">sg:State</span>' in text
    assert 'href="http://www.wikidata.org/entity/Q17"' in text
    assert "Nippon" in text
    # a fact about Japan, its source document and the quote it was read from
    assert "sg:isoCode" in text
    assert re.search(rf'href="/documents/{JP_US_8_DOC}#ev-\d+-\d+"', text)
    assert '<blockquote class="quote">' in text
    assert no_remote_assets(text)


def test_meeting_page_shows_participants_with_evidence_and_the_timeline_link(
    client: FlaskClient,
) -> None:
    text = page(client, f"/id/{JP_US}/meeting/8")
    assert "8th meeting of the Japan-United States Comprehensive Dialogue on Space" in text
    rows = re.findall(r"<tr>\s*<td><span class=\"prop\"[^>]*>sg:coChair</span>.*?</tr>", text, re.S)
    assert len(rows) == 4
    assert all("co-chaired" in row for row in rows)  # each with the sentence that says so
    assert 'href="/timeline#d-dialogue-jp-us-comprehensive-dialogue-on-space"' in text
    assert f'href="/id/{JP_US}"' in text


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_entity_iri_gives_rdf_to_rdf_clients(
    client: FlaskClient, accept: str, rdf_format: str
) -> None:
    response = client.get("/id/state/jp", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.data, format=rdf_format)
    assert (JP, RDFS.label, Literal("Japan", lang="en")) in graph
    evidence = list(graph.objects(JP, SG.evidence))
    assert evidence
    for node in evidence:  # the evidence nodes' own triples come along
        assert graph.value(node, OA.exact) is not None
        assert isinstance(graph.value(node, OA.hasSource), URIRef)


def test_entity_format_parameter_and_unacceptable_types(client: FlaskClient) -> None:
    turtle = client.get("/id/state/jp?format=ttl", headers=HTML)
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    assert client.get("/id/state/jp", headers={"Accept": "*/*"}).mimetype == "text/html"
    refused = client.get("/id/state/jp", headers={"Accept": "application/pdf"})
    assert refused.status_code == 406
    assert refused.get_json()["error"] == "not-acceptable"


def test_unknown_entity_is_a_404(client: FlaskClient) -> None:
    assert client.get("/id/state/zz", headers=HTML).status_code == 404
    answer = client.get("/id/state/zz", headers={"Accept": "text/turtle"})
    assert answer.status_code == 404
    assert answer.get_json()["status"] == 404


@pytest.mark.parametrize(
    "url",
    [
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/state/../../../../etc/passwd",
        "/id/..%2f..%2fetc%2fpasswd",
        "/documents/..%2f",
        "/documents/..%2f..%2f..%2fetc%2fpasswd",
        "/documents/..",
        "/documents/catalog",
        "/documents/%2fetc%2fpasswd",
        "/static/../../../../etc/passwd",
    ],
)
def test_paths_that_climb_out_are_404_not_file_reads(client: FlaskClient, url: str) -> None:
    response = client.get(url, headers=HTML)
    assert response.status_code == 404
    assert b"root:" not in response.data


# --- document pages ------------------------------------------------------------------------


def test_document_page_highlights_every_evidence_span_at_its_offsets(
    client: FlaskClient, store: Store
) -> None:
    text = page(client, f"/documents/{JP_US_8_DOC}")
    doc = f"{SGR}document/{JP_US_8_DOC}"
    content = values(store, f"SELECT ?v WHERE {{ <{doc}> <{SG}content> ?v }}")[0]
    spans = [
        tuple(int(x) for x in key.split("-"))
        for key in values(
            store,
            f"SELECT (CONCAT(STR(?s), '-', STR(?e)) AS ?v) WHERE {{ ?ev <{OA}hasSource> <{doc}> ; "
            f"<{OA}start> ?s ; <{OA}end> ?e }}",
        )
    ]
    assert len(spans) > 10
    article = re.search(r'<article class="doc-text" id="doc-text">(.*?)</article>', text, re.S)
    assert article is not None
    body = article.group(1)
    for start, end in spans:
        anchor = f'<span class="anchor" id="ev-{start}-{end}"></span>'
        assert anchor in body
        # what follows the anchor, as text, is the quote at those offsets
        after = html.unescape(re.sub(r"<[^>]+>", "", body.split(anchor, 1)[1]))
        assert after.startswith(content[start:end])
        assert f'id="fact-{start}-{end}"' in text
    # marking up the text changed nothing in it
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == content


def test_script_in_a_document_is_shown_as_text(client: FlaskClient) -> None:
    text = page(client, f"/documents/{SCRIPT_DOC}")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b onmouseover" not in text
    assert "&lt;b onmouseover=&#34;alert(2)&#34;&gt;" in text
    assert "<script" not in text  # the document page runs no script at all
    entity = page(client, f"/id/document/{SCRIPT_DOC}")
    assert "<script>alert(1)</script>" not in entity
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in entity
    landing = page(client, "/")
    assert "<script>alert(1)</script>" not in landing


def test_highlight_escapes_and_marks_overlapping_spans() -> None:
    spans = [
        {"start": 0, "end": 6, "resources": []},
        {"start": 3, "end": 9, "resources": []},
    ]
    out = str(highlight("a<b>&c\"de'f", spans))
    assert "<b>" not in out
    assert re.sub(r"<[^>]+>", "", out) == "a&lt;b&gt;&amp;c&#34;de&#39;f"
    assert out.count('class="ev"') == 3  # [0,3) one span, [3,6) two, [6,9) one
    assert 'data-n="2"' in out
    assert out.index('id="ev-0-6"') < out.index('id="ev-3-9"')


def test_unknown_document_is_a_404(client: FlaskClient) -> None:
    assert client.get("/documents/no-such-document", headers=HTML).status_code == 404


# --- timeline ------------------------------------------------------------------------------


def test_timeline_orders_held_and_planned_meetings(client: FlaskClient) -> None:
    text = page(client, "/timeline")
    section = re.search(
        r'<section class="dialogue" id="d-dialogue-jp-us-comprehensive-dialogue-on-space">'
        r"(.*?)</section>",
        text,
        re.S,
    )
    assert section is not None
    items = re.findall(
        r'<li class="meeting (held|planned)">\s*<span class="when">([^<]*)<', section.group(1)
    )
    assert items == [
        ("held", "2017-05-16"),
        ("planned", "planned for 2018"),
        ("held", "2023-03-24"),
        ("planned", "planned for 2024"),
    ]
    assert "Tokyo" in section.group(1)
    assert f'href="/id/{JP_US}/meeting/9"' in section.group(1)
