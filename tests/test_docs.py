"""Docs that cannot drift: README names every command and setting, and its example runs.

The end-to-end test builds the five documents with the real command, starts the real
``spacegraph serve`` (waitress) on 127.0.0.1 and runs README's SPARQLWrapper snippet.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import pytest
import requests

from spacegraph.cli import main
from spacegraph.settings import PROJECT_DIR

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["make serve", "make test"]
    makefile = (PROJECT_DIR / "Makefile").read_text()
    for target in ("serve", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT_DIR / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command):
    assert f"`spacegraph {command}" in README


def test_every_setting_is_documented():
    source = (PROJECT_DIR / "src" / "spacegraph" / "settings.py").read_text()
    variables = set(re.findall(r'"(SPACEGRAPH_[A-Z_]+)"', source))
    assert variables, "settings.py reads no SPACEGRAPH_* variable?"
    for variable in variables:
        assert f"`{variable}`" in README, variable


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``spacegraph build`` then ``spacegraph serve`` as a user runs them; yields the URL."""
    store = tmp_path_factory.mktemp("readme") / "store"
    env = {**os.environ, "SPACEGRAPH_STORE": str(store)}
    command = [sys.executable, "-m", "spacegraph"]
    built = subprocess.run(
        [*command, "build"], env=env, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(100):
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_readme_notebook_example_runs_against_the_served_graph(served, capsys):
    snippet = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    assert "http://127.0.0.1:8000/sparql" in snippet
    exec(snippet.replace("http://127.0.0.1:8000/sparql", served), {})
    lines = capsys.readouterr().out.splitlines()
    assert "Japan-United States Comprehensive Dialogue on Space 4 2017-05-16" in lines
    assert "France-India Strategic Space Dialogue 2 2024-03-04" in lines
    assert len(lines) == 4  # the four held meetings of the five documents


@pytest.mark.slow
def test_served_graph_answers_the_contract_queries(served):
    query = """
        PREFIX sg: <https://w3id.org/spacegraph/ontology#>
        PREFIX sgr: <https://w3id.org/spacegraph/id/>
        SELECT ?body WHERE {
          ?m sg:dialogue sgr:dialogue\\/fr-us\\/comprehensive-dialogue-on-space ;
             sg:ordinal 1 ; sg:coChair ?body .
        }"""
    response = requests.post(served, data={"query": query}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    bodies = {
        row["body"]["value"].rsplit("/", 1)[1] for row in response.json()["results"]["bindings"]
    }
    assert bodies == {
        "national-space-council",
        "national-security-council",
        "secretariat-general-for-defence-and-national-security",
        "ministry-for-europe-and-foreign-affairs",
    }
    update = requests.post(served, data={"update": "CLEAR ALL"}, timeout=30)
    assert update.status_code == 403
