"""``build()``: the five real documents and small fixtures, through to a real Oxigraph store.

Builds go to a fresh in-memory store, or to one under ``tmp_path`` where persistence matters
(rebuilding); the built corpus is shared read-only by the tests of this module.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from spacegraph.pipeline import BuildReport, build
from spacegraph.settings import Settings
from spacegraph.store import Store
from spacegraph.vocab import AUTHORITY_GRAPH, ONTOLOGY_GRAPH, SGR

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
FIXTURES = Path(__file__).parent / "fixtures" / "documents"
STEMS = sorted(path.stem for path in SOURCES.iterdir() if path.suffix in {".txt", ".md"})

PREFIXES = """
PREFIX sg: <https://w3id.org/spacegraph/ontology#>
PREFIX sgr: <https://w3id.org/spacegraph/id/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def copy_sources(folder: Path) -> Path:
    shutil.copytree(SOURCES, folder)
    return folder


def select(store: Store, sparql: str) -> list[dict[str, object]]:
    """Rows of a SELECT query as {variable: Python value (IRI or lexical form)}."""
    outcome = store.query(PREFIXES + sparql)
    assert outcome.kind == "solutions"
    variables = [v.value for v in outcome.result.variables]  # type: ignore[attr-defined]
    rows = []
    for solution in outcome.result:  # type: ignore[attr-defined]
        rows.append(
            {name: (solution[name].value if solution[name] else None) for name in variables}
        )
    return rows


def assert_isomorphic(expected: Graph, actual: Graph, name: str) -> None:
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"graph {name} differs"]
    lines += [f"- {t}" for t in sorted(only_expected, key=str)[:40]]
    lines += [f"+ {t}" for t in sorted(only_actual, key=str)[:40]]
    pytest.fail("\n".join(lines))


@dataclass
class Built:
    report: BuildReport
    path: Path
    store: Store


def build_on_disk(paths: list[Path], store_path: Path) -> Built:
    report = build(paths, Settings(store=store_path))
    return Built(report, store_path, Store(store_path, read_only=True))


def build_in_memory(paths: list[Path], unused: Path) -> Built:
    """Build into a fresh in-memory store; ``unused`` is a settings store that must stay unused."""
    store = Store()
    report = build(paths, Settings(store=unused), store=store)
    assert not unused.exists()
    return Built(report, unused, store)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The five real documents built once into a store on disk (read-only for the tests)."""
    base = tmp_path_factory.mktemp("corpus")
    return build_on_disk([copy_sources(base / "sources")], base / "store")


# the five documents ------------------------------------------------------------------------


def test_the_five_documents_load_and_none_is_rejected(corpus: Built) -> None:
    report = corpus.report
    assert report.rejected == []
    assert report.exit_code == 0
    assert sorted(loaded.path.stem for loaded in report.loaded) == STEMS
    assert len(STEMS) == 5
    for loaded in report.loaded:
        assert loaded.iri == SGR[f"document/{loaded.path.stem}"]
        assert loaded.triples == len(corpus.store.graph(loaded.iri)) > 20
    in_named_graphs = sum(len(corpus.store.graph(URIRef(n))) for n in corpus.store.graph_names())
    assert report.triples == in_named_graphs


def test_one_named_graph_per_document_plus_authority_and_ontology(corpus: Built) -> None:
    expected = {str(SGR[f"document/{stem}"]) for stem in STEMS} | {
        str(AUTHORITY_GRAPH),
        str(ONTOLOGY_GRAPH),
    }
    inferred = {str(SGR[f"graph/inferred/{stem}"]) for stem in STEMS}
    assert set(corpus.store.graph_names()) == expected | inferred
    for stem in STEMS:
        iri = SGR[f"document/{stem}"]
        rows = select(
            corpus.store,
            f"SELECT ?file WHERE {{ GRAPH <{iri}> {{ <{iri}> a sg:Document ; "
            "sg:sourceFile ?file } }",
        )
        assert [row["file"] for row in rows] in (
            [f"{stem}.txt"],
            [f"{stem}.md"],
        )
    assert len(corpus.store.graph(AUTHORITY_GRAPH)) > 100
    assert len(corpus.store.graph(ONTOLOGY_GRAPH)) > 50


def test_every_document_graph_has_provenance_and_evidence(corpus: Built) -> None:
    for stem in STEMS:
        iri = SGR[f"document/{stem}"]
        derived = select(
            corpus.store,
            f"SELECT (COUNT(?x) AS ?n) WHERE {{ GRAPH <{iri}> {{ "
            f"?x prov:wasDerivedFrom <{iri}> }} }}",
        )
        evidence = select(
            corpus.store,
            f"SELECT (COUNT(?e) AS ?n) WHERE {{ GRAPH <{iri}> {{ "
            f"?x sg:evidence ?e . ?e oa:hasSource <{iri}> }} }}",
        )
        assert int(derived[0]["n"]) > 0, stem  # type: ignore[arg-type]
        assert int(evidence[0]["n"]) > 0, stem  # type: ignore[arg-type]


def test_every_evidence_quote_is_the_text_at_its_offsets(corpus: Built) -> None:
    contents = {
        row["doc"]: row["content"]
        for row in select(
            corpus.store, "SELECT ?doc ?content WHERE { ?doc a sg:Document ; sg:content ?content }"
        )
    }
    assert len(contents) == 5
    rows = select(
        corpus.store,
        """SELECT ?g ?ev ?doc ?start ?end ?exact WHERE {
             GRAPH ?g { ?ev oa:hasSource ?doc ; oa:start ?start ; oa:end ?end ; oa:exact ?exact }
           }""",
    )
    assert len(rows) > 100
    wrong = []
    for row in rows:
        text = contents[row["doc"]]
        start, end = int(row["start"]), int(row["end"])  # type: ignore[arg-type]
        if (
            row["g"] != row["doc"]
            or not 0 <= start < end <= len(text)
            or text[start:end] != row["exact"]
        ):
            wrong.append(row)
    assert wrong == []


def test_every_evidence_link_leads_to_a_complete_evidence_node(corpus: Built) -> None:
    incomplete = select(
        corpus.store,
        """SELECT DISTINCT ?ev WHERE {
             ?x sg:evidence ?ev .
             FILTER NOT EXISTS { ?ev oa:hasSource ?d ; oa:start ?s ; oa:end ?e ; oa:exact ?q }
           }""",
    )
    assert incomplete == []
    linked = select(corpus.store, "SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?x sg:evidence ?ev }")
    assert int(linked[0]["n"]) > 100  # type: ignore[arg-type]


def test_japan_us_and_us_japan_statements_share_one_dialogue(corpus: Built) -> None:
    dialogue = SGR["dialogue/jp-us/comprehensive-dialogue-on-space"]
    rows = select(
        corpus.store,
        f"SELECT DISTINCT ?g ?m WHERE {{ GRAPH ?g {{ ?m a sg:Meeting ; "
        f"sg:dialogue <{dialogue}> ; sg:startDate ?d }} }}",
    )
    assert {(row["g"], row["m"]) for row in rows} == {
        (
            str(SGR["document/japan-us-comprehensive-dialogue-on-space-8-2023"]),
            f"{dialogue}/meeting/8",
        ),
        (
            str(SGR["document/us-japan-comprehensive-dialogue-on-space-4-2017"]),
            f"{dialogue}/meeting/4",
        ),
    }


def test_building_twice_gives_isomorphic_graphs(corpus: Built, tmp_path: Path) -> None:
    again = build_on_disk([copy_sources(tmp_path / "sources")], tmp_path / "store")
    names = corpus.store.graph_names()
    assert again.store.graph_names() == names
    assert len(again.store) == len(corpus.store)
    for name in names:
        assert_isomorphic(corpus.store.graph(URIRef(name)), again.store.graph(URIRef(name)), name)


# rejected documents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [("broken.txt", PNG, "binary data"), ("empty.md", b"", "the document is empty")],
)
def test_a_broken_document_is_rejected_and_the_five_others_load(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    folder = copy_sources(tmp_path / "sources")
    broken = folder / name
    broken.write_bytes(data)
    built = build_in_memory([folder], tmp_path / "unused")
    report = built.report
    assert report.exit_code == 1
    assert [r.path for r in report.rejected] == [broken]
    assert str(broken) in report.rejected[0].reason
    assert reason in report.rejected[0].reason
    assert sorted(loaded.path.stem for loaded in report.loaded) == STEMS
    assert str(SGR[f"document/{broken.stem}"]) not in built.store.graph_names()
    documents = [n for n in built.store.graph_names() if "/document/" in n]
    assert len(documents) == 5  # plus the authority, the ontology and 5 inferred graphs


def test_two_documents_with_one_name_cannot_both_load(tmp_path: Path) -> None:
    first = tmp_path / "a" / "same-name.txt"
    second = tmp_path / "b" / "same-name.md"
    first.parent.mkdir()
    second.parent.mkdir()
    shutil.copy(FIXTURES / "canada-japan-space-dialogue-3-2021.txt", first)
    shutil.copy(FIXTURES / "japan-canada-space-dialogue-4-2022.md", second)
    report = build_in_memory([tmp_path / "a", tmp_path / "b"], tmp_path / "unused").report
    assert [loaded.path for loaded in report.loaded] == [first]
    assert [rejected.path for rejected in report.rejected] == [second]
    assert "same document name" in report.rejected[0].reason
    assert report.exit_code == 1


# fixtures: identity across documents, HTML, uncatalogued titles ----------------------------


@pytest.fixture(scope="module")
def fixtures_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("fixtures")
    shutil.copytree(FIXTURES, base / "documents")
    return build_in_memory([base / "documents"], base / "unused")


def test_the_fixture_documents_load_including_html(fixtures_built: Built) -> None:
    assert fixtures_built.report.rejected == []
    assert sorted(loaded.path.name for loaded in fixtures_built.report.loaded) == sorted(
        path.name for path in FIXTURES.iterdir()
    )


def test_canada_japan_and_japan_canada_name_one_dialogue_and_one_fourth_meeting(
    fixtures_built: Built,
) -> None:
    dialogue = SGR["dialogue/ca-jp/comprehensive-dialogue-on-space"]
    rows = select(
        fixtures_built.store,
        f"SELECT ?g ?m WHERE {{ GRAPH ?g {{ ?m a sg:Meeting ; sg:dialogue <{dialogue}> }} }}",
    )
    planned_by_third = (
        str(SGR["document/canada-japan-space-dialogue-3-2021"]),
        f"{dialogue}/meeting/4",
    )
    reported = (str(SGR["document/japan-canada-space-dialogue-4-2022"]), f"{dialogue}/meeting/4")
    assert planned_by_third in {(row["g"], row["m"]) for row in rows}
    assert reported in {(row["g"], row["m"]) for row in rows}
    planned = select(
        fixtures_built.store,
        f"SELECT ?year WHERE {{ <{dialogue}/meeting/3> sg:nextMeeting <{dialogue}/meeting/4> . "
        f"<{dialogue}/meeting/4> sg:plannedYear ?year }}",
    )
    assert [row["year"] for row in planned] == ["2022"]


def test_uncatalogued_documents_take_their_title_from_the_first_line(fixtures_built: Built) -> None:
    rows = select(
        fixtures_built.store,
        "SELECT ?doc ?title WHERE { ?doc a sg:Document ; dcterms:title ?title }",
    )
    titles = {row["doc"]: row["title"] for row in rows}
    assert titles == {
        str(SGR["document/canada-japan-space-dialogue-3-2021"]): (
            "Joint Statement on the Third Meeting of the "
            "Canada-Japan Comprehensive Dialogue on Space"
        ),
        str(SGR["document/japan-canada-space-dialogue-4-2022"]): (
            "Fourth Meeting of the Japan-Canada Comprehensive Dialogue on Space"
        ),
        str(SGR["document/brazil-india-space-dialogue-1-2024"]): (
            "First Meeting of the Brazil-India Space Dialogue"
        ),
    }


# rebuilding --------------------------------------------------------------------------------


def meeting_dates(store: Store, document: URIRef) -> set[str]:
    rows = select(store, f"SELECT ?d WHERE {{ GRAPH <{document}> {{ ?m sg:startDate ?d }} }}")
    return {row["d"] for row in rows}  # type: ignore[misc]


def test_rebuilding_replaces_the_graph_of_a_changed_document(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    path = folder / "canada-japan-space-dialogue-3-2021.txt"
    original = (FIXTURES / path.name).read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    document = SGR["document/canada-japan-space-dialogue-3-2021"]
    store_path = tmp_path / "store"

    build([folder], Settings(store=store_path))
    store = Store(store_path)
    old_graph = store.graph(document)
    assert meeting_dates(store, document) == {"2021-06-14"}
    store.close()

    changed = original.replace("June 14, 2021", "June 15, 2021")
    assert changed != original
    path.write_text(changed, encoding="utf-8")
    report = build([folder], Settings(store=store_path))
    assert report.exit_code == 0

    store = Store(store_path)
    assert meeting_dates(store, document) == {"2021-06-15"}
    new_graph = store.graph(document)
    # nothing of the old version is left: the graph is what a fresh build of the new text gives
    fresh = build_on_disk([folder], tmp_path / "fresh-store")
    assert_isomorphic(fresh.store.graph(document), new_graph, str(document))
    assert len(old_graph - new_graph) > 0
    assert store.graph_names() == fresh.store.graph_names()
    old_checksum = next(o for s, p, o in old_graph if str(p).endswith("#sha256"))
    assert not select(store, f'SELECT ?s WHERE {{ ?s sg:sha256 "{old_checksum}" }}')
    old_date = (
        'SELECT ?m WHERE { ?m sg:startDate "2021-06-14"^^<http://www.w3.org/2001/XMLSchema#date> }'
    )
    assert not select(store, old_date)
    store.close()


def test_rebuilding_keeps_curated_graphs_loaded_beside_the_documents(tmp_path: Path) -> None:
    curated = tmp_path / "curated.ttl"
    curated.write_text(
        '<https://example.org/a> <https://example.org/note> "kept" .\n', encoding="utf-8"
    )
    store = Store()
    store.load_file(curated, "https://example.org/curated")
    report = build(
        [FIXTURES / "japan-canada-space-dialogue-4-2022.md"],
        Settings(store=tmp_path / "unused"),
        store=store,
    )
    assert report.exit_code == 0
    names = store.graph_names()
    assert "https://example.org/curated" in names
    assert str(SGR["document/japan-canada-space-dialogue-4-2022"]) in names
    assert select(store, 'SELECT ?s WHERE { ?s <https://example.org/note> "kept" }') == [
        {"s": "https://example.org/a"}
    ]
    assert not (tmp_path / "unused").exists()


def test_build_writes_into_the_empty_store_it_is_given(tmp_path: Path) -> None:
    # an empty Store has len() 0: build() must not mistake it for no store at all
    store = Store()
    report = build(
        [FIXTURES / "japan-canada-space-dialogue-4-2022.md"],
        Settings(store=tmp_path / "unused"),
        store=store,
    )
    assert report.exit_code == 0
    assert str(SGR["document/japan-canada-space-dialogue-4-2022"]) in store.graph_names()
    assert not (tmp_path / "unused").exists()


def test_a_second_build_reads_the_edited_catalogue(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(FIXTURES / "japan-canada-space-dialogue-4-2022.md", folder)
    catalogue = folder / "catalog.csv"
    document = SGR["document/japan-canada-space-dialogue-4-2022"]
    titles = []
    for title in ("The Old Title", "The New Title"):
        catalogue.write_text(
            f"file,title,type,issued,issuers,url\njapan-canada-space-dialogue-4-2022.md,{title},"
            "joint statement,2022-09-08,,\n",
            encoding="utf-8",
        )
        build([folder], Settings(store=tmp_path / "store"))
        store = Store(tmp_path / "store")
        titles.append(select(store, f"SELECT ?t WHERE {{ <{document}> dcterms:title ?t }}"))
        store.close()
    assert titles == [[{"t": "The Old Title"}], [{"t": "The New Title"}]]


# reasoning -----------------------------------------------------------------------------------


def test_inferred_triples_have_a_graph_per_document(corpus: Built) -> None:
    # NASA is typed sg:SpaceAgency; the reasoner adds that it is a government body
    nasa = SGR["body/us/national-aeronautics-and-space-administration"]
    graph = SGR["graph/inferred/us-france-comprehensive-dialogue-on-space-2022"]
    document = SGR["document/us-france-comprehensive-dialogue-on-space-2022"]

    def asked(graph_iri: object) -> bool:
        query = f"ASK {{ GRAPH <{graph_iri}> {{ <{nasa}> a sg:GovernmentBody }} }}"
        return bool(corpus.store.query(PREFIXES + query).result)

    assert asked(graph) is True
    assert asked(document) is False


def test_without_java_the_build_says_so_once_and_goes_on(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-java-here"))
    source = tmp_path / "sources"
    source.mkdir()
    shutil.copy(SOURCES / "india-france-strategic-space-dialogue-2-2024.txt", source)
    report = build([source], Settings(store=tmp_path / "store"))
    assert len(report.loaded) == 1 and report.rejected == []
    assert len(report.notes) == 1 and "Java" in report.notes[0]
    assert "\n" not in report.notes[0]
    names = Store(tmp_path / "store", read_only=True).graph_names()
    assert not any("/graph/inferred/" in name for name in names)
