"""The ``spacegraph`` command (click's CliRunner on spacegraph.cli.main), stores in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

from spacegraph.cli import main
from spacegraph.store import Store
from spacegraph.vocab import SG, SGR

SOURCES = Path(__file__).resolve().parents[1] / "sources"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JP_US = SGR["dialogue/jp-us/comprehensive-dialogue-on-space"]
DIALOGUES = """PREFIX sg: <https://w3id.org/spacegraph/ontology#>
SELECT ?dialogue WHERE { ?dialogue a sg:Dialogue } ORDER BY ?dialogue
"""
EX = "http://example.org/"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """`spacegraph build` of the five documents into a store shared read-only by this module."""
    base = tmp_path_factory.mktemp("cli-corpus")
    shutil.copytree(SOURCES, base / "sources")
    store = base / "store"
    return run("build", str(base / "sources"), "--store", str(store)), store


@pytest.fixture
def store(built: tuple[Result, Path]) -> Path:
    return built[1]


def dialogue_iris() -> list[str]:
    return sorted(
        [
            str(SGR["dialogue/fr-in/strategic-space-dialogue"]),
            str(SGR["dialogue/fr-us/comprehensive-dialogue-on-space"]),
            str(JP_US),
        ]
    )


# build -------------------------------------------------------------------------------------


def test_build_of_the_five_documents_exits_0(built: tuple[Result, Path]) -> None:
    result, store = built
    assert result.exit_code == 0, result.output
    assert "loaded 5 document(s), rejected 0" in result.stdout
    assert "rejected:" not in result.stderr
    assert store.is_dir()


def test_build_with_one_broken_document_exits_1_and_names_it(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    (folder / "scan-of-a-letter.txt").write_bytes(PNG)
    result = run("build", str(folder), "--store", str(tmp_path / "store"))
    assert result.exit_code == 1
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert len(rejected) == 1
    assert "scan-of-a-letter.txt" in rejected[0]
    assert "binary" in rejected[0]
    assert "loaded 5 document(s), rejected 1" in result.stdout
    names = Store(tmp_path / "store", read_only=True).graph_names()
    assert len([n for n in names if "/document/" in n]) == 5


def test_build_of_a_missing_path_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = run("build", str(missing), "--store", str(tmp_path / "store"))
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert "no such file or folder" in result.stderr
    assert not (tmp_path / "store").exists()


# query -------------------------------------------------------------------------------------


def test_query_prints_a_table(store: Path) -> None:
    result = run("query", "--store", str(store), DIALOGUES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "dialogue"
    assert set(lines[1].strip()) == {"-"}
    assert [line.strip() for line in lines[2:-1]] == dialogue_iris()
    assert lines[-1] == "(3 rows)"


def test_query_ask_prints_true_or_false(store: Path) -> None:
    yes = run("query", "--store", str(store), f"ASK {{ <{JP_US}> ?p ?o }}")
    no = run("query", "--store", str(store), f"ASK {{ <{EX}nothing> ?p ?o }}")
    assert (yes.exit_code, yes.stdout.strip()) == (0, "true")
    assert (no.exit_code, no.stdout.strip()) == (0, "false")


def test_query_json_is_sparql_results_json(store: Path) -> None:
    result = run("query", "--store", str(store), "--format", "json", DIALOGUES)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["dialogue"]
    bindings = data["results"]["bindings"]
    assert [b["dialogue"] for b in bindings] == [
        {"type": "uri", "value": iri} for iri in dialogue_iris()
    ]


def test_query_csv(store: Path) -> None:
    result = run("query", "--store", str(store), "--format", "csv", DIALOGUES)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["dialogue"], *([iri] for iri in dialogue_iris())]


def test_query_tsv(store: Path) -> None:
    result = run("query", "--store", str(store), "--format", "tsv", DIALOGUES)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["?dialogue", *(f"<{iri}>" for iri in dialogue_iris())]


def test_query_construct_prints_turtle_that_parses(store: Path) -> None:
    query = (
        "PREFIX sg: <https://w3id.org/spacegraph/ontology#>\n"
        "CONSTRUCT { ?d a sg:Dialogue } WHERE { ?d a sg:Dialogue }"
    )
    result = run("query", "--store", str(store), query)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert sorted(str(s) for s in graph.subjects(RDF.type, SG.Dialogue)) == dialogue_iris()


def test_query_from_a_file_and_from_stdin(store: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "dialogues.rq"
    query_file.write_text(DIALOGUES, encoding="utf-8")
    text = run("query", "--store", str(store), "--format", "csv", DIALOGUES)
    from_file = run("query", "--store", str(store), "--format", "csv", f"@{query_file}")
    from_stdin = run("query", "--store", str(store), "--format", "csv", "-", stdin=DIALOGUES)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout == text.stdout
    assert len(text.stdout.splitlines()) == 4


def test_query_syntax_error_exits_1_and_says_where(store: Path) -> None:
    query = "SELECT ?s\nWHERE { ?s ?p ?o . FILTER( }"
    result = run("query", "--store", str(store), query)
    assert result.exit_code == 1
    assert "syntax error" in result.stderr.lower()
    assert re.search(r"\b2:\d+\b", result.stderr), result.stderr  # line 2, some column
    assert result.stdout == ""


def test_query_on_a_missing_store_exits_2(tmp_path: Path) -> None:
    result = run("query", "--store", str(tmp_path / "nothing-here"), "ASK {}")
    assert result.exit_code == 2
    assert "no store" in result.stderr
    assert not (tmp_path / "nothing-here").exists()


# load --------------------------------------------------------------------------------------

TURTLE = f'@prefix ex: <{EX}> .\nex:curated ex:says "a curated fact" .\n'
BROKEN_TURTLE = (
    f"@prefix ex: <{EX}> .\n"
    'ex:first ex:says "parsed before the error" .\n'
    'ex:second ex:says "never closed .\n'
)
TRIG = f"""@prefix ex: <{EX}> .
ex:g1 {{ ex:a ex:in ex:one . }}
ex:g2 {{ ex:b ex:in ex:two . ex:c ex:in ex:two . }}
"""


def graph_of(store: Path, subject: str) -> list[str]:
    result = run(
        "query",
        "--store",
        str(store),
        "--format",
        "json",
        f"SELECT ?g WHERE {{ GRAPH ?g {{ <{subject}> ?p ?o }} }}",
    )
    assert result.exit_code == 0, result.output
    return [b["g"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]]


def test_load_turtle_into_the_named_graph_given(tmp_path: Path) -> None:
    data = tmp_path / "curated.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    store = tmp_path / "store"
    result = run("load", str(data), "--graph", f"{EX}curated-graph", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "loaded 1 quads" in result.stdout
    assert graph_of(store, f"{EX}curated") == [f"{EX}curated-graph"]


def test_load_without_graph_uses_one_graph_per_file(tmp_path: Path) -> None:
    data = tmp_path / "curated.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    store = tmp_path / "store"
    assert run("load", str(data), "--store", str(store)).exit_code == 0
    assert graph_of(store, f"{EX}curated") == [data.resolve().as_uri()]


def test_load_of_broken_turtle_exits_1_and_loads_nothing_of_it(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(TURTLE, encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN_TURTLE, encoding="utf-8")
    store = tmp_path / "store"
    assert run("load", str(good), "--store", str(store)).exit_code == 0
    before = sorted(Store(store, read_only=True).quads())
    assert before

    result = run("load", str(broken), "--store", str(store))
    assert result.exit_code == 1
    assert "broken.ttl" in result.stderr
    assert re.search(r"line 3", result.stderr), result.stderr
    after = sorted(Store(store, read_only=True).quads())
    assert after == before
    assert graph_of(store, f"{EX}first") == []


def test_load_trig_keeps_its_graph_names(tmp_path: Path) -> None:
    data = tmp_path / "curated.trig"
    data.write_text(TRIG, encoding="utf-8")
    store = tmp_path / "store"
    result = run("load", str(data), "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "loaded 3 quads" in result.stdout
    assert Store(store, read_only=True).graph_names() == [f"{EX}g1", f"{EX}g2"]
    assert graph_of(store, f"{EX}b") == [f"{EX}g2"]


# export ------------------------------------------------------------------------------------


def named_graph_names(dataset: Dataset) -> set[str]:
    return {str(graph.identifier) for graph in dataset.graphs() if len(graph)} - {
        str(DATASET_DEFAULT_GRAPH_ID)
    }


@pytest.mark.parametrize(
    ("format_name", "rdflib_format"), [("turtle", "turtle"), ("ntriples", "nt")]
)
def test_export_triples_formats_parse_back(
    store: Path, tmp_path: Path, format_name: str, rdflib_format: str
) -> None:
    output = tmp_path / f"export.{format_name}"
    result = run("export", "--store", str(store), "--format", format_name, "-o", str(output))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(output, format=rdflib_format)
    assert sorted(str(s) for s in graph.subjects(RDF.type, SG.Dialogue)) == dialogue_iris()
    assert (JP_US, SG.parties, SGR["state/jp"]) in graph
    names = Store(store, read_only=True).graph_names()
    biggest = max(len(Store(store, read_only=True).graph(URIRef(n))) for n in names)
    assert len(graph) > biggest


@pytest.mark.parametrize(("format_name", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads")])
def test_export_dataset_formats_keep_the_named_graphs(
    store: Path, tmp_path: Path, format_name: str, rdflib_format: str
) -> None:
    output = tmp_path / f"export.{format_name}"
    result = run("export", "--store", str(store), "--format", format_name, "-o", str(output))
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(output, format=rdflib_format)
    stored = Store(store, read_only=True)
    assert named_graph_names(dataset) == set(stored.graph_names())
    document = SGR["document/japan-us-comprehensive-dialogue-on-space-8-2023"]
    exported = dataset.graph(document)
    assert len(exported) == len(stored.graph(document))
    assert (JP_US, SG.parties, SGR["state/us"]) in exported


def test_export_jsonld_parses_back(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "export.jsonld"
    result = run("export", "--store", str(store), "--format", "jsonld", "-o", str(output))
    assert result.exit_code == 0, result.output
    json.loads(output.read_text(encoding="utf-8"))
    dataset = Dataset()
    dataset.parse(output, format="json-ld")
    triples = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert (JP_US, RDF.type, SG.Dialogue) in triples
    labels = {o for s, p, o in triples if s == JP_US and isinstance(o, Literal)}
    assert labels


# help --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "codes"),
    [("build", ["0", "1", "2"]), ("query", ["0", "1"]), ("load", ["0", "1"])],
)
def test_help_states_the_exit_codes(command: str, codes: list[str]) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Exit codes:" in text
    for code in codes:
        assert re.search(rf"\b{code} ", text.split("Exit codes:", 1)[1]), (command, code)


# explain -----------------------------------------------------------------------------------


def test_explain_prints_each_sentence_with_its_document_and_offsets(store: Path) -> None:
    result = run("explain", "sgr:body/fr/french-space-command", "--store", str(store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Joint statement - the first meeting of the U.S.-France")
    start, end = map(int, lines[0].rsplit("[", 1)[1].rstrip("]").split("-"))
    text = (SOURCES / "us-france-comprehensive-dialogue-on-space-2022.txt").read_text()
    assert " ".join(text[start:end].split()) == lines[1].strip()
    assert "the French Space Command (CdE)" in lines[1]


def test_explain_of_an_unknown_resource_exits_1(store: Path) -> None:
    result = run("explain", "sgr:body/xx/nothing-here", "--store", str(store))
    assert result.exit_code == 1
    assert "no evidence for sgr:body/xx/nothing-here" in result.output


# evaluate ----------------------------------------------------------------------------------


def test_evaluate_prints_scores_per_relation_for_sources_and_devset() -> None:
    result = run("evaluate")
    assert result.exit_code == 0, result.output
    assert "sources (5 documents)" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("co-chair ")]
    assert len(rows) == 2  # one row for the sources, one for the development set
    assert rows[0].split("|")[1].split()[-1] == "1.00"  # strict F1 of co-chairs on the sources
