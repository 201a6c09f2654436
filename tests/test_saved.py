"""Reading saved queries and binding their parameters (``saved.py``), and the command line's
``spacegraph query ... --param NAME=VALUE`` on a store built from ``sources/``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from spacegraph.cli import main
from spacegraph.saved import (
    ParameterError,
    SavedQueryError,
    UnknownQuery,
    find_saved_query,
    parse_assignments,
    parse_parameters,
    read_saved_query,
    saved_queries,
    to_term,
)
from spacegraph.settings import PROJECT_DIR, Settings

SGR = "https://w3id.org/spacegraph/id/"
FR, US = SGR + "state/fr", SGR + "state/us"
QUERIES = Settings().queries
INJECTION = "x> } ; DROP ALL #"


# reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda path: path.name)
def test_every_saved_query_declares_parameters_of_a_known_kind(path: Path) -> None:
    saved = read_saved_query(path)
    assert saved.slug == path.stem
    assert saved.title and saved.description
    assert all(parameter.kind in ("iri", "integer", "date") for parameter in saved.parameters)


def test_the_parameterised_queries_and_their_declarations() -> None:
    declared = {
        saved.slug: [(p.name, p.kind, p.optional) for p in saved.parameters]
        for saved in saved_queries(QUERIES)
        if saved.parameters
    }
    assert declared == {
        "bodies-of-state": [("state", "iri", True)],
        "facts-of-resource": [("resource", "iri", False)],
        "evidence-of-resource": [("resource", "iri", False)],
    }


def test_parameters_are_read_with_kinds_descriptions_and_optional() -> None:
    read = parse_parameters(
        "state (IRI of a sg:State, e.g. <x>; optional), n (an integer, the ordinal), "
        "on (date of the meeting)"
    )
    assert [(p.name, p.kind, p.description, p.optional) for p in read] == [
        ("state", "iri", "IRI of a sg:State, e.g. <x>", True),
        ("n", "integer", "an integer, the ordinal", False),
        ("on", "date", "date of the meeting", False),
    ]
    assert parse_parameters("none") == ()


def test_a_parameter_without_a_kind_is_an_error_of_the_query_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# title: t\n# description: d\n# parameters: x (something)\nSELECT ?x {}\n")
    with pytest.raises(SavedQueryError, match=r"broken\.rq: parameter x: say its kind first"):
        read_saved_query(path)


def test_an_unknown_slug_or_a_path_is_not_found() -> None:
    for slug in ("no-such-query", "../README", "README.md", ""):
        with pytest.raises(UnknownQuery):
            find_saved_query(QUERIES, slug)
    assert find_saved_query(QUERIES, "bodies-of-state").title == "Government bodies of a state"


# binding --------------------------------------------------------------------------------------


def test_a_value_becomes_a_term_of_its_declared_kind() -> None:
    assert to_term("sgr:state/fr", "iri") == URIRef(FR)
    assert to_term(f"<{FR}>", "iri") == URIRef(FR)
    assert to_term(FR, "iri") == URIRef(FR)
    assert to_term("8", "integer") == Literal(8)
    assert to_term(8, "integer").datatype == XSD.integer
    assert to_term("2023-03-24", "date") == Literal("2023-03-24", datatype=XSD.date)
    assert to_term(dt.date(2023, 3, 24), "date") == Literal("2023-03-24", datatype=XSD.date)
    assert to_term("2024", "year") == Literal("2024", datatype=XSD.gYear)
    assert to_term(INJECTION, "string") == Literal(INJECTION, datatype=XSD.string)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (INJECTION, "iri"),
        ("sgr:x> } ; DROP ALL #", "iri"),
        ("not an iri", "iri"),
        ("8", "iri"),
        ("eight", "integer"),
        ("8; DROP ALL", "integer"),
        (True, "integer"),
        ("2023-13-40", "date"),
        (URIRef(FR), "integer"),
    ],
)
def test_a_value_not_of_its_kind_is_refused(value: object, kind: str) -> None:
    with pytest.raises(ValueError):
        to_term(value, kind)


def test_without_a_declaration_the_value_says_what_it_is() -> None:
    assert to_term("sgr:state/fr") == URIRef(FR)
    assert to_term(FR) == URIRef(FR)
    assert to_term("8") == Literal(8)
    assert to_term(8) == Literal(8)
    assert to_term(dt.date(2023, 3, 24)).datatype == XSD.date
    assert to_term(INJECTION) == Literal(INJECTION)  # a string, not a piece of query
    assert to_term("United States") == Literal("United States")


def test_binding_checks_names_and_required_parameters() -> None:
    bodies = find_saved_query(QUERIES, "bodies-of-state")
    assert bodies.bind({"state": "sgr:state/us"}) == {"state": URIRef(US)}
    assert bodies.bind({}) == {}  # optional: left unbound
    with pytest.raises(ParameterError, match="has no parameter 'country'"):
        bodies.bind({"country": "sgr:state/us"})
    with pytest.raises(ParameterError, match=r"parameter state: .* is not an IRI"):
        bodies.bind({"state": INJECTION})
    with pytest.raises(ParameterError, match="needs a value for resource"):
        find_saved_query(QUERIES, "facts-of-resource").bind({})


def test_param_options_are_read_as_name_value_pairs() -> None:
    assert parse_assignments(["state=sgr:state/us", "?n=a=b"]) == {
        "state": "sgr:state/us",
        "n": "a=b",
    }
    for bad in (["state"], ["=x"], ["a b=c"], ["n=1", "n=2"]):
        with pytest.raises(ParameterError):
            parse_assignments(bad)


# the command line -----------------------------------------------------------------------------


def cli(built_store: Path, *arguments: str) -> tuple[int, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["query", "--store", str(built_store), *arguments])
    return result.exit_code, result.output


def states(output: str) -> set[str]:
    return {row["state"]["value"] for row in json.loads(output)["results"]["bindings"]}


def test_cli_binds_a_saved_query_parameter(
    built_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PROJECT_DIR)  # the README's form: a path relative to the project
    query = "@queries/bodies-of-state.rq"
    code, france = cli(built_store, "--format", "json", query, "--param", "state=sgr:state/fr")
    assert code == 0, france
    assert states(france) == {FR}
    code, united_states = cli(built_store, "--format", "json", query, "--param", f"state={US}")
    assert code == 0 and states(united_states) == {US}
    code, every = cli(built_store, "--format", "json", query)  # optional: every state
    assert code == 0 and {FR, US} <= states(every)
    code, table = cli(built_store, query, "--param", "state=sgr:state/fr")
    assert code == 0
    assert "Ministry for Europe and Foreign Affairs" in table and "(7 rows)" in table


def test_cli_refuses_bad_parameters_with_exit_code_2(
    built_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PROJECT_DIR)
    for arguments, says in [
        (["@queries/bodies-of-state.rq", "--param", f"state={INJECTION}"], "not an IRI"),
        (["@queries/bodies-of-state.rq", "--param", "country=sgr:state/fr"], "no parameter"),
        (["@queries/facts-of-resource.rq"], "needs a value for resource"),
        (["@queries/bodies-of-state.rq", "--param", "state"], "NAME=VALUE"),
    ]:
        code, output = cli(built_store, *arguments)
        assert code == 2, output
        assert says in output


def test_cli_binds_an_ad_hoc_query_by_what_the_value_looks_like(built_store: Path) -> None:
    text = (
        "PREFIX sg: <https://w3id.org/spacegraph/ontology#> "
        "SELECT ?state ?body WHERE { ?body sg:state ?state ; a sg:GovernmentBody }"
    )
    code, output = cli(built_store, "--format", "json", text, "--param", "state=sgr:state/fr")
    assert code == 0 and states(output) == {FR}
    code, output = cli(built_store, "--format", "json", text, "--param", f"state={INJECTION}")
    assert code == 0, output
    assert json.loads(output)["results"]["bindings"] == []  # a string: no state is one
    code, output = cli(built_store, "--format", "json", text, "--param", "nope=1")
    assert code == 1 and "nope" in output  # not a projected variable: a bad query
