"""The notebooks of ``notebooks/`` run top to bottom, so that they cannot rot.

The five documents of ``sources/`` are built into a store; the real ``spacegraph serve``
serves it on 127.0.0.1 (its queries run by one worker process), and each notebook is run by
nbclient in a Python kernel of this environment with ``SPACEGRAPH_URL``, ``SPACEGRAPH_STORE``
and ``SPACEGRAPH_NOTEBOOK_OUT`` pointing at them. The Wikidata notebook's ``SERVICE`` goes to
a stand-in for the Wikidata Query Service: a small SPARQL endpoint on 127.0.0.1 that answers
from the recorded results in ``fixtures/wikidata/`` and logs what it was asked.

The assertions read the outputs of the cells, found by their tag (cell metadata ``tags``).
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbclient
import nbformat
import networkx as nx
import pyoxigraph as ox
import pytest

from spacegraph.networks import BODIES, STATES, co_participation
from spacegraph.settings import PROJECT_DIR
from spacegraph.store import Store

NOTEBOOKS = PROJECT_DIR / "notebooks"
RECORDED = Path(__file__).parent / "fixtures" / "wikidata" / "entity-facts.srj"
WD = "http://www.wikidata.org/entity/"
SGR = "https://w3id.org/spacegraph/id/"
#: The Wikidata items of the states and space agencies at the held meetings of sources/.
OUR_ITEMS = {WD + qid for qid in ("Q142", "Q668", "Q17", "Q30", "Q48756", "Q179103", "Q23548")}

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"


# the stand-in for the Wikidata Query Service --------------------------------------------------

_ITEM = re.compile(r"<(http://www\.wikidata\.org/entity/Q[0-9]+)>")
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


@dataclass
class Logged:
    method: str
    content_type: str
    accept: str
    query: str
    status: int


@dataclass
class WikidataStandIn:
    """A SPARQL endpoint that answers from recorded results (``fixtures/wikidata/``).

    The items asked for are the ``wd:Q…`` IRIs the query names (the notebook lists them in a
    ``VALUES`` block); the answer is their recorded rows, with the variables the query uses.
    An item without a recorded row gets a row with ``?item`` alone, as Wikidata answers an
    item that has none of the ``OPTIONAL`` statements. A variable that no recording has, or a
    query that names no item, gets 400: a changed query must not pass unnoticed.
    """

    recording: dict
    log: list[Logged] = field(default_factory=list)

    def answer(self, query: str) -> dict:
        items = list(dict.fromkeys(_ITEM.findall(query)))
        if not items:
            raise LookupError("the query names no Wikidata item: nothing is recorded for it")
        used = set(_VARIABLE.findall(query))
        recorded = self.recording["head"]["vars"]
        unknown = sorted(used - set(recorded))
        if unknown:
            raise LookupError(f"no recorded values for ?{', ?'.join(unknown)}")
        bindings = []
        for item in items:
            rows = [
                row for row in self.recording["results"]["bindings"] if row["item"]["value"] == item
            ] or [{"item": {"type": "uri", "value": item}}]
            bindings += [{name: term for name, term in row.items() if name in used} for row in rows]
        return {
            "head": {"vars": [name for name in recorded if name in used]},
            "results": {"bindings": bindings},
        }


def _handler(stand_in: WikidataStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """GET ?query=, form POST and direct POST (application/sparql-query), as the SPARQL
        1.1 Protocol has them; JSON or XML results by ``Accept``."""

        def do_GET(self) -> None:
            parameters = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            self._answer(parameters.get("query", [""])[0])

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if self.headers.get_content_type() == "application/sparql-query":
                self._answer(body)
            else:
                self._answer(urllib.parse.parse_qs(body).get("query", [""])[0])

        def _answer(self, query: str) -> None:
            accept = self.headers.get("Accept", "")
            status, media_type, data = 200, SPARQL_JSON, b""
            try:
                document = json.dumps(stand_in.answer(query)).encode("utf-8")
                if SPARQL_JSON in accept or "*/*" in accept or not accept:
                    data = document
                elif SPARQL_XML in accept:
                    media_type = SPARQL_XML
                    results = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
                    data = results.serialize(format=ox.QueryResultsFormat.XML)
                else:
                    status, media_type, data = 406, "text/plain", b"JSON or XML results only"
            except LookupError as error:
                status, media_type, data = 400, "text/plain", str(error).encode("utf-8")
            stand_in.log.append(
                Logged(self.command, self.headers.get("Content-Type", ""), accept, query, status)
            )
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the requests are in ``stand_in.log``."""

    return Handler


@pytest.fixture
def wikidata() -> Iterator[tuple[str, WikidataStandIn]]:
    """The stand-in on 127.0.0.1 (a free port); yields its /sparql URL and the stand-in."""
    stand_in = WikidataStandIn(json.loads(RECORDED.read_text(encoding="utf-8")))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    thread = threading.Thread(target=server.serve_forever, name="wikidata", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_stand_in_answers_recorded_results_as_the_protocol_asks(wikidata) -> None:
    url, stand_in = wikidata
    population = "<http://www.wikidata.org/prop/direct/P1082>"
    items = f"<{WD}Q30> <{WD}Q999>"
    query = f"SELECT * WHERE {{ VALUES ?item {{ {items} }} ?item {population} ?population }}"
    with urllib.request.urlopen(
        urllib.request.Request(
            f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": SPARQL_JSON}
        )
    ) as response:
        answer = json.loads(response.read())
    assert answer["head"]["vars"] == ["item", "population"]
    assert answer["results"]["bindings"] == [
        {
            "item": {"type": "uri", "value": WD + "Q30"},
            "population": {
                "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
                "type": "literal",
                "value": "340110988",
            },
        },
        {"item": {"type": "uri", "value": WD + "Q999"}},  # nothing recorded: the item alone
    ]
    form = urllib.parse.urlencode({"query": query}).encode()
    with urllib.request.urlopen(
        urllib.request.Request(url, data=form, headers={"Accept": SPARQL_XML})
    ) as response:
        assert response.headers.get_content_type() == SPARQL_XML
        xml = response.read().decode()
    assert "<literal datatype=" in xml and ">340110988</literal>" in xml
    area = "<http://www.wikidata.org/prop/direct/P2046>"
    unrecorded = f"SELECT ?area WHERE {{ VALUES ?item {{ <{WD}Q30> }} ?item {area} ?area }}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(
            urllib.request.Request(
                url, data=unrecorded.encode(), headers={"Content-Type": "application/sparql-query"}
            )
        )
    assert refused.value.code == 400
    assert [entry.status for entry in stand_in.log] == [200, 200, 400]
    assert stand_in.log[2].method == "POST" and stand_in.log[2].query == unrecorded


# the store, the server and the kernel ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(built_store: Path) -> Iterator[str]:
    """``spacegraph serve`` over the built store, as ``make serve`` runs it; yields /sparql."""
    port = _free_port()
    env = {**os.environ, "SPACEGRAPH_QUERY_WORKERS": "1"}
    command = [sys.executable, "-m", "spacegraph", "serve", "--store", str(built_store)]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "spacegraph serve exited"
                assert time.monotonic() < deadline, "spacegraph serve did not answer in 60 s"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A ``python3`` kernelspec for this environment, first on JUPYTER_PATH: a ``python3``
    kernel installed for the user or the system must not run the notebooks instead."""
    from ipykernel.kernelspec import install
    from jupyter_client.manager import KernelManager

    prefix = tmp_path_factory.mktemp("jupyter")
    install(kernel_name="python3", prefix=str(prefix))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        patch.setenv("IPYTHONDIR", str(prefix / "ipython"))
        command = KernelManager(kernel_name="python3").format_kernel_cmd()
        assert command[0] == sys.executable, command
        yield


def run(name: str, workdir: Path, **env: str) -> nbformat.NotebookNode:
    """Run ``notebooks/<name>`` in ``workdir`` with ``env`` set; the executed notebook."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        for variable, value in env.items():
            patch.setenv(variable, value)
        nbclient.NotebookClient(
            notebook,
            timeout=180,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
        ).execute()
    return notebook


def output(notebook: nbformat.NotebookNode, tag: str, kind: str = "text/plain") -> str:
    """What the cell tagged ``tag`` printed (streams) and showed (its ``kind`` data)."""
    cells = [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    parts = []
    for out in cells[0].outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data") and kind in out.data:
            parts.append(out.data[kind])
    return "\n".join(parts)


def html_rows(table: str) -> list[list[str]]:
    """The body rows of a DataFrame's HTML: the cells' texts, index first."""
    body = table.split("<tbody>", 1)[1]
    return [
        [html.unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


# the notebooks --------------------------------------------------------------------------------


def test_notebooks_are_committed_without_outputs() -> None:
    names = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
    assert names == [
        "01-first-look.ipynb",
        "02-wikidata.ipynb",
        "03-commitments.ipynb",
        "04-networks.ipynb",
    ]
    for name in names:
        notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata.kernelspec.name == "python3"
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (name, cell.id)


@pytest.mark.slow
def test_first_look_shows_dialogues_meetings_co_chairs_and_bodies(
    endpoint: str, kernel_path: None, tmp_path: Path
) -> None:
    notebook = run("01-first-look.ipynb", tmp_path, SPACEGRAPH_URL=endpoint)
    assert re.search(
        r"HttpClient http://127\.0\.0\.1:\d+>: \d{4,} triples", output(notebook, "setup")
    )
    dialogues = {row[1]: row[2:] for row in html_rows(output(notebook, "dialogues", "text/html"))}
    assert dialogues["Japan-United States Comprehensive Dialogue on Space"][:2] == [
        "Japan, United States",
        "2",
    ]
    assert dialogues["France-India Strategic Space Dialogue"][:2] == ["France, India", "1"]
    assert len(dialogues) == 3
    assert "4 meetings held from 2017 to 2024" in output(notebook, "per-year")
    per_year = html_rows(output(notebook, "per-year", "text/html"))
    assert per_year == [["2017", "1"], ["2022", "1"], ["2023", "1"], ["2024", "1"]]
    co_chaired = output(notebook, "cochairs", "text/html")
    assert "National Security Council · National Space Council" in html.unescape(co_chaired)
    assert "Ministry of Foreign Affairs · National Space Policy Secretariat" in co_chaired
    bodies = html_rows(output(notebook, "bodies", "text/html"))
    assert bodies[0][1:] == ["National Security Council", "United States", "3", "3"]
    assert "National Security Council: " in output(notebook, "evidence")


@pytest.mark.slow
def test_wikidata_notebook_joins_answers_fetched_through_service(
    built_store: Path, wikidata, kernel_path: None, tmp_path: Path
) -> None:
    url, stand_in = wikidata
    notebook = run(
        "02-wikidata.ipynb", tmp_path, SPACEGRAPH_STORE=str(built_store), WIKIDATA_SPARQL=url
    )
    # the SERVICE block went out over HTTP, as the sub-query, with our items and nothing else
    assert [entry.status for entry in stand_in.log] == [200]
    asked = stand_in.log[0]
    assert set(_ITEM.findall(asked.query)) == OUR_ITEMS
    assert "<http://www.wikidata.org/prop/direct/P1082>" in asked.query
    assert "w3id.org/spacegraph" not in asked.query  # our graph's side stays here
    assert SPARQL_JSON in asked.accept
    # and its answers are joined with our entities
    assert "7 rows for 7 of our 7 entities" in output(notebook, "federated")
    states = {row[1]: row[2:] for row in html_rows(output(notebook, "states", "text/html"))}
    assert states["United States"] == ["340110988", "Washington, D.C.", "3", "https://www.usa.gov/"]
    assert states["India"] == ["1428627663", "New Delhi", "1", "https://www.india.gov.in/"]
    assert set(states) == {"France", "India", "Japan", "United States"}
    agencies = {row[1]: row[2:] for row in html_rows(output(notebook, "agencies", "text/html"))}
    nasa = agencies["National Aeronautics and Space Administration"]
    assert nasa[0] == "1958" and nasa[1].startswith("2017-05-16") and nasa[2] == "59"
    assert agencies["Japan Aerospace Exploration Agency"][0] == "2003"


@pytest.mark.slow
def test_commitments_notebook_counts_by_modality_and_topic_and_plots(
    endpoint: str, kernel_path: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    notebook = run("03-commitments.ipynb", tmp_path, SPACEGRAPH_URL=endpoint, **_out(out))
    summary = re.search(
        r"(\d+) commitments, (\d+) topics, (\d+) modalities", output(notebook, "commitments")
    )
    assert summary and int(summary[1]) >= 50 and int(summary[2]) >= 10 and int(summary[3]) >= 5
    by_modality = html_rows(output(notebook, "by-modality", "text/html"))
    assert [row[0] for row in by_modality] == ["2017", "2022", "2023", "2024"]
    assert sum(int(cell) for row in by_modality for cell in row[1:]) == int(summary[1])
    by_topic = html_rows(output(notebook, "by-topic", "text/html"))
    assert by_topic[0][0] == "commercial space"  # the topic concerned most often
    figure = out / "commitments-by-year.png"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"written: {figure}" in output(notebook, "plot")
    assert "iVBORw0KGgo" in output(notebook, "plot", "image/png")  # shown, as a PNG


@pytest.mark.slow
def test_networks_notebook_exports_the_co_participation_networks(
    endpoint: str, built_store: Path, kernel_path: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    notebook = run("04-networks.ipynb", tmp_path, SPACEGRAPH_URL=endpoint, **_out(out))
    degrees = {row[0]: row[1:] for row in html_rows(output(notebook, "networkx", "text/html"))}
    # met France once and Japan twice
    assert degrees["United States"] == ["2", "3", SGR + "state/us"]
    assert degrees["India"] == ["1", "1", SGR + "state/in"]
    assert next(iter(degrees)) == "United States"  # the most meetings shared first
    bodies = html_rows(output(notebook, "bodies", "text/html"))
    assert len(bodies) == 10 and int(bodies[0][2]) >= int(bodies[-1][2])
    assert "states: 4 nodes, 3 edges, 1 part(s)" in output(notebook, "networkx")
    assert "read back: 4 states, 3 edges" in output(notebook, "export")
    # the files hold the networks that `spacegraph network` computes from the store
    store = Store(built_store, read_only=True)
    try:
        for kind in (STATES, BODIES):
            expected = {
                (edge.source, edge.target): edge.weight
                for edge in co_participation(store, kind).edges
            }
            exported = nx.read_graphml(out / f"{kind.name}.graphml")
            assert {
                tuple(sorted((a, b))): weight for a, b, weight in exported.edges(data="weight")
            } == expected
            edges_csv = (out / f"{kind.name}-edges.csv").read_text().splitlines()
            assert edges_csv[0] == "Source,Target,Type,Weight,first_date,last_date"
            assert len(edges_csv) == len(expected) + 1
    finally:
        store.close()
    assert exported.nodes[SGR + "body/us/national-space-council"]["label"] == (
        "National Space Council"
    )


def _out(folder: Path) -> dict[str, str]:
    return {"SPACEGRAPH_NOTEBOOK_OUT": str(folder)}
