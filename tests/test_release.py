"""``spacegraph release``: what a researcher deposits, from a real store built from sources/.

The release is written twice (once in this process, once by the real command in another
process, with another hash seed) and compared byte for byte; each file is then read back
with rdflib, json, yaml or hashlib and checked against the store. A second release, after one
fixture statement is added to the sources, must list exactly that document's changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import OWL, RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, VOID

from spacegraph.ontology_docs import render_html
from spacegraph.pipeline import build
from spacegraph.release import ReleaseError, find_previous, write_release
from spacegraph.settings import PROJECT_DIR, Settings
from spacegraph.store import Store

SG = Namespace("https://w3id.org/spacegraph/ontology#")
SGR = "https://w3id.org/spacegraph/id/"
CS = Namespace("http://purl.org/vocab/changeset/schema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADDED = PROJECT_DIR / "tests" / "fixtures" / "statements" / "us-brazil-space-dialogue-3-2025.txt"
SPACEGRAPH = (sys.executable, "-m", "spacegraph")
PROLOGUE = f"PREFIX sg: <{SG}>\nPREFIX sgr: <{SGR}>\n"


def built(folder: Path, extra: Path | None = None) -> Path:
    """A store built from a copy of sources/ (plus ``extra``); returns the store folder."""
    sources = folder / "sources"
    shutil.copytree(PROJECT_DIR / "sources", sources)
    if extra is not None:
        shutil.copy(extra, sources / extra.name)
    settings = Settings(store=folder / "store", sources=sources)
    report = build(None, settings)
    assert not report.rejected, report.rejected
    return settings.store


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def values(store: Store, query: str) -> set[str]:
    rows = json.loads(store.query(PROLOGUE + query).serialize("application/sparql-results+json"))
    return {next(iter(row.values()))["value"] for row in rows["results"]["bindings"]}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store, release folder): the five sources, released as 0.1.0."""
    root = tmp_path_factory.mktemp("first")
    store_path = built(root)
    store = Store(store_path, read_only=True)
    try:
        report = write_release(store, root / "releases" / "0.1.0", version="0.1.0")
    finally:
        store.close()
    assert report.previous is None
    return store_path, report.folder


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory, first: tuple[Path, Path]) -> tuple[Path, Path]:
    """(store, release folder): the sources and one more document, released as 0.2.0 beside
    0.1.0 (found as the previous release, not named)."""
    root = tmp_path_factory.mktemp("second")
    store_path = built(root, ADDED)
    store = Store(store_path, read_only=True)
    try:
        out = first[1].parent / "0.2.0"
        report = write_release(store, out, version="0.2.0", date="2025-07-01")
    finally:
        store.close()
    assert report.previous == first[1]
    return store_path, report.folder


@pytest.fixture
def store(first: tuple[Path, Path]) -> Store:
    opened = Store(first[0], read_only=True)
    yield opened
    opened.close()


# determinism ---------------------------------------------------------------------------------


def test_release_built_twice_is_byte_identical(first, tmp_path):
    store_path, folder = first
    again = tmp_path / "elsewhere" / "0.1.0"
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    done = subprocess.run(
        [*SPACEGRAPH, "release", str(again), "--version", "0.1.0", "--store", str(store_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    ours, theirs = files_of(folder), files_of(again)
    assert sorted(ours) == sorted(theirs)
    for name in ours:
        assert ours[name] == theirs[name], name
    assert {"spacegraph.ttl", "SHA256SUMS", "CHANGES.md", "network/states.csv"} <= set(ours)


def test_checksums_verify_every_other_file(first):
    folder = first[1]
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    on_disk = set(files_of(folder)) - {"SHA256SUMS"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert [line.split("  ")[1] for line in lines] == sorted(listed)


# the graph in four formats -------------------------------------------------------------------


def test_turtle_is_the_store_union_readable(first, store):
    text = (first[1] / "spacegraph.ttl").read_text(encoding="utf-8")
    release = Graph().parse(data=text, format="turtle")
    union = Graph().parse(data=store.dump("ntriples"), format="nt")
    assert len(release) == len(union) > 5000
    assert isomorphic(release, union)
    assert "@prefix sg: <https://w3id.org/spacegraph/ontology#> ." in text
    # grouped: each subject opens one block
    meeting = f"<{SGR}dialogue/jp-us/comprehensive-dialogue-on-space/meeting/8>"
    opening = [line for line in text.splitlines() if line.startswith(meeting)]
    assert len(opening) == 1 and opening[0].startswith(f"{meeting} a ")
    # sorted: subjects in order
    subjects = [
        line.split(" ")[0].strip("<>") for line in text.splitlines() if line.startswith(f"<{SGR}")
    ]
    assert subjects == sorted(subjects)


@pytest.mark.parametrize("name,fmt", [("spacegraph.trig", "trig"), ("spacegraph.nq", "nquads")])
def test_trig_and_nquads_keep_every_named_graph(first, store, name, fmt):
    dataset = Dataset()
    dataset.parse(first[1] / name, format=fmt)
    released = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert sorted(released) == store.graph_names()
    for graph_name in store.graph_names():
        assert isomorphic(released[graph_name], store.graph(URIRef(graph_name))), graph_name


def test_jsonld_parses_with_its_context(first, store):
    text = (first[1] / "spacegraph.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["@context"]["sg"] == str(SG)
    assert document["@context"]["sgr"] == SGR
    assert '"sg:Meeting"' in text  # compacted with the context
    dataset = Dataset()
    dataset.parse(data=text, format="json-ld")
    released = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert sorted(released) == store.graph_names()
    for graph_name in store.graph_names():
        assert isomorphic(released[graph_name], store.graph(URIRef(graph_name))), graph_name


# description, citation, documentation --------------------------------------------------------


def test_void_dcat_has_the_real_counts_linkset_and_sources(first, store):
    folder = first[1]
    void = Graph().parse(folder / "void.ttl", format="turtle")
    union = Graph().parse(folder / "spacegraph.ttl", format="turtle")
    dataset = URIRef(f"{SGR}release/0.1.0")
    assert (dataset, RDF.type, DCAT.Dataset) in void
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert void.value(dataset, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    assert str(void.value(dataset, DCAT.version)) == "0.1.0"
    assert str(void.value(dataset, DCTERMS.title)).startswith("spacegraph")
    assert int(void.value(dataset, VOID.triples)) == len(union)
    classes = {o for o in union.objects(None, RDF.type)}
    assert int(void.value(dataset, VOID.classes)) == len(classes)
    meetings = set(union.subjects(RDF.type, SG.Meeting))
    partitions = {
        void.value(p, VOID["class"]): p for p in void.objects(dataset, VOID.classPartition)
    }
    # 7 meetings held or announced, and India-France's inaugural one, recalled by the second
    assert int(void.value(partitions[SG.Meeting], VOID.entities)) == len(meetings) == 8
    links = [
        o
        for o in union.objects(None, OWL.sameAs)
        if str(o).startswith("http://www.wikidata.org/entity/")
    ]
    linkset = next(s for s in void.subjects(RDF.type, VOID.Linkset))
    assert void.value(linkset, VOID.linkPredicate) == OWL.sameAs
    assert int(void.value(linkset, VOID.triples)) == len(links) > 0
    documents = set(union.subjects(RDF.type, SG.Document))
    assert set(void.objects(dataset, DCTERMS.source)) == documents
    for document in documents:
        assert void.value(document, DCTERMS.title) is not None
    for distribution in void.objects(dataset, DCAT.distribution):
        url = void.value(distribution, DCAT.downloadURL)
        data = Path(str(url).removeprefix("file://")).read_bytes()
        checksum = void.value(distribution, SPDX.checksum)
        digest = str(void.value(checksum, SPDX.checksumValue))
        assert hashlib.sha256(data).hexdigest() == digest
        assert int(void.value(distribution, DCAT.byteSize)) == len(data)


def test_citation_is_the_project_citation_for_this_version(first):
    release = yaml.safe_load((first[1] / "CITATION.cff").read_text())
    project = yaml.safe_load((PROJECT_DIR / "CITATION.cff").read_text())
    assert release["version"] == "0.1.0"
    assert release["type"] == "dataset"
    assert release["title"] == project["title"]
    assert release["authors"] == project["authors"]
    assert release["date-released"] == "2023-03-24"  # the newest document's date of issue


def test_release_holds_the_ontology_documentation(first):
    settings = Settings()
    expected = render_html(settings.ontology, settings.shapes).encode("utf-8")
    assert (first[1] / "ontology.html").read_bytes() == expected


# the changelog -------------------------------------------------------------------------------


def changesets(folder: Path) -> dict[tuple[str, str], set[str]]:
    """(reason, category) -> subjects, read from changes.ttl."""
    graph = Graph().parse(folder / "changes.ttl", format="turtle")
    found: dict[tuple[str, str], set[str]] = {}
    for node in graph.subjects(RDF.type, CS.ChangeSet):
        key = (str(graph.value(node, CS.changeReason)), str(graph.value(node, DCTERMS.subject)))
        found.setdefault(key, set()).add(str(graph.value(node, CS.subjectOfChange)))
    return found


def test_first_release_lists_everything_as_added(first, store):
    found = changesets(first[1])
    documents = values(store, "SELECT ?d WHERE { ?d a sg:Document }")
    assert found[("added", "documents")] == documents
    assert {reason for reason, _ in found} == {"added"}
    text = (first[1] / "CHANGES.md").read_text()
    assert "first release" in text
    assert "| documents | 5 | 0 | 0 |" in text


def test_release_after_adding_a_document_lists_exactly_its_changes(first, second):
    old = Store(first[0], read_only=True)
    new = Store(second[0], read_only=True)
    try:
        added_graphs = set(new.graph_names()) - set(old.graph_names())
        (document,) = {g for g in added_graphs if g.startswith(SGR + "document/")}
        assert document.endswith("us-brazil-space-dialogue-3-2025")
        inferred = SGR + "graph/inferred/us-brazil-space-dialogue-3-2025"
        in_new = f"VALUES ?g {{ <{document}> <{inferred}> }} GRAPH ?g"

        def typed(store: Store, classes: str, where: str = "") -> set[str]:
            return values(
                store,
                f"SELECT DISTINCT ?x WHERE {{ {where} {{ ?x a ?c }} "
                f"VALUES ?c {{ {classes} }} FILTER(STRSTARTS(STR(?x), STR(sgr:))) }}",
            )

        entity_classes = (
            "sg:State sg:GovernmentBody sg:SpaceAgency sg:InternationalBody sg:Dialogue "
            "sg:Mission sg:Agreement sg:Policy sg:Person sg:Place sg:Signing"
        )
        expected = {}
        for category, classes in (
            ("meetings", "sg:Meeting"),
            ("commitments", "sg:Commitment"),
            ("entities", entity_classes),
        ):
            now, before = typed(new, classes), typed(old, classes)
            assert before <= now
            expected[("added", category)] = now - before
            touched = values(new, f"SELECT DISTINCT ?x WHERE {{ {in_new} {{ ?x ?p ?o }} }}")
            expected[("changed", category)] = touched & before
        expected[("added", "documents")] = {document}
    finally:
        old.close()
        new.close()

    found = changesets(second[1])
    expected = {key: subjects for key, subjects in expected.items() if subjects}
    assert found == expected
    assert expected[("added", "meetings")] == {
        SGR + "dialogue/br-us/space-security-dialogue/meeting/3",
        SGR + "dialogue/br-us/space-security-dialogue/meeting/4",
    }
    assert len(expected[("added", "commitments")]) >= 3
    assert expected[("changed", "entities")]  # NASA, the United States ... gain evidence

    graph = Graph().parse(second[1] / "changes.ttl", format="turtle")
    sources = {str(o) for o in graph.objects(None, PROV.wasDerivedFrom)}
    assert sources == {document}
    release = URIRef(f"{SGR}release/0.2.0")
    assert graph.value(release, PROV.wasRevisionOf) == URIRef(f"{SGR}release/0.1.0")

    text = (second[1] / "CHANGES.md").read_text()
    assert "previous release, 0.1.0" in text
    for subjects in expected.values():
        for subject in subjects:
            assert f"<{subject}>" in text, subject
    old_documents = changesets(first[1])[("added", "documents")]
    for other in old_documents:
        assert other not in text
    assert "| documents | 1 | 0 | 0 |" in text
    n_meetings = len(expected[("added", "meetings")])
    assert f"| meetings | {n_meetings} | 0 | 0 |" in text
    listed = [line for line in text.splitlines() if line.startswith("- <")]
    assert len(listed) == sum(len(subjects) for subjects in expected.values())


def test_previous_release_is_the_latest_sibling_in_natural_order(tmp_path):
    for name in ("0.9.0", "0.10.0", "notes"):
        (tmp_path / name).mkdir()
    for name in ("0.9.0", "0.10.0"):
        (tmp_path / name / "spacegraph.nq").write_text("")
    assert find_previous(tmp_path / "0.11.0") == tmp_path / "0.10.0"
    assert find_previous(tmp_path / "0.10.0") == tmp_path / "0.9.0"
    assert find_previous(tmp_path / "0.1.0") is None


def test_bad_date_and_bad_previous_are_refused(first, store, tmp_path):
    with pytest.raises(ReleaseError, match="YYYY-MM-DD"):
        write_release(store, tmp_path / "r", date="24 March 2023")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReleaseError, match="not a release"):
        write_release(store, tmp_path / "r", previous=tmp_path / "empty")
    done = subprocess.run(
        [*SPACEGRAPH, "release", str(tmp_path / "r"), "--date", "soon", "--store", str(first[0])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr


def test_changes_hold_literal_labels(second):
    graph = Graph().parse(second[1] / "changes.ttl", format="turtle")
    labels = [o for o in graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))]
    assert any(isinstance(label, Literal) and "Brazil" in str(label) for label in labels)
