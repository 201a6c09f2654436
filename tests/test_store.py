"""The store: one transaction per write, the union default graph, a query's own dataset."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from spacegraph.errors import QueryError, StoreError
from spacegraph.store import Store

EX = "http://example.org/"


def graph_of(*objects: str) -> Graph:
    graph = Graph()
    for index, value in enumerate(objects):
        graph.add((URIRef(f"{EX}s{index}"), URIRef(f"{EX}p"), Literal(value)))
    return graph


def values(store: Store, sparql: str) -> list[str]:
    return sorted(str(row["o"].value) for row in store.query(sparql).result)


def test_replace_graphs_replaces_each_graph_whole():
    store = Store()
    store.replace_graphs({URIRef(EX + "g1"): graph_of("old-1", "old-2")})
    store.replace_graphs({URIRef(EX + "g1"): graph_of("new")})
    assert values(store, "SELECT ?o WHERE { ?s ?p ?o }") == ["new"]


def test_a_failed_write_leaves_every_graph_as_it_was():
    store = Store()
    store.replace_graphs(
        {URIRef(EX + "g1"): graph_of("kept"), URIRef(EX + "g2"): graph_of("kept-2")}
    )
    broken = Graph()
    broken.add((URIRef(EX + "s"), URIRef(EX + "p"), URIRef("relative")))  # not an absolute IRI
    with pytest.raises(StoreError):
        store.replace_graphs({URIRef(EX + "g1"): graph_of("half"), URIRef(EX + "g2"): broken})
    assert values(store, "SELECT ?o WHERE { ?s ?p ?o }") == ["kept", "kept-2"]


def test_default_graph_is_the_union_unless_the_query_says_from():
    store = Store()
    store.replace_graphs({URIRef(EX + "g1"): graph_of("one"), URIRef(EX + "g2"): graph_of("two")})
    assert values(store, "SELECT ?o WHERE { ?s ?p ?o }") == ["one", "two"]
    assert values(store, f"SELECT ?o FROM <{EX}g2> WHERE {{ ?s ?p ?o }}") == ["two"]


def test_substitutions_bind_values_not_text():
    store = Store()
    store.replace_graphs({URIRef(EX + "g1"): graph_of("one", "two")})
    rows = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", substitutions={"s": URIRef(EX + "s1")})
    assert [str(r["o"].value) for r in rows.result] == ["two"]


def test_syntax_error_is_a_query_error_that_says_where():
    with pytest.raises(QueryError, match=r"1:\d+"):
        Store().query("SELECT ?x WHERE { ?x ?y }")


def test_read_only_store_refuses_writes(tmp_path):
    Store(tmp_path / "s").close()
    read_only = Store(tmp_path / "s", read_only=True)
    with pytest.raises(StoreError):
        read_only.replace_graphs({URIRef(EX + "g"): graph_of("x")})


def test_a_triple_in_two_graphs_is_seen_once_in_the_default_graph():
    # pyoxigraph's own union flag counts it once per graph (oxigraph issue #1919)
    store = Store()
    store.replace_graphs(
        {URIRef(EX + "g1"): graph_of("shared"), URIRef(EX + "g2"): graph_of("shared")}
    )
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").result)
    assert int(rows[0]["n"].value) == 1
    per_graph = list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").result)
    assert len(per_graph) == 2
    store.remove_graph(URIRef(EX + "g1"))
    store.remove_graph(URIRef(EX + "g2"))
    assert values(store, "SELECT ?o WHERE { ?s ?p ?o }") == []


def test_dump_keeps_named_graphs_and_not_the_union_copy():
    store = Store()
    store.replace_graphs({URIRef(EX + "g1"): graph_of("a"), URIRef(EX + "g2"): graph_of("b")})
    nquads = store.dump("nquads").decode().splitlines()
    assert len(nquads) == 2 and all(f"<{EX}g" in line for line in nquads)
    assert len(store.dump("ntriples").decode().splitlines()) == 2
