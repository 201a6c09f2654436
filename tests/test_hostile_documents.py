"""Hostile and broken documents, built together by the real ``spacegraph build``.

The corpus: the small text fixtures of ``fixtures/hostile/`` plus files made here (binary,
invalid UTF-8, UTF-16, 20 MB, copies). Each broken one must be rejected with one message
naming the file and the reason; each one that is a valid document after all (UTF-16 with a
BOM, HTML full of scripts, Markdown with front matter, a text without facts) must give the
right graph; every other document still loads and the store stays consistent.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from spacegraph.errors import SourceError
from spacegraph.pipeline import NO_FACTS, build
from spacegraph.reason import java_available
from spacegraph.settings import Settings
from spacegraph.sources import MAX_BYTES, Catalogued, read_document, split_front_matter
from spacegraph.store import Store
from spacegraph.vocab import AUTHORITY_GRAPH, ONTOLOGY_GRAPH, SG, SGR

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
BRAZIL_US = FIXTURES / "statements" / "us-brazil-space-dialogue-3-2025.txt"
CANADA_JAPAN = FIXTURES / "documents" / "canada-japan-space-dialogue-3-2021.txt"

PREFIXES = """
PREFIX sg: <https://w3id.org/spacegraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
PDF = (
    b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<< /Length 44 /Filter /FlateDecode >>\nstream\n"
    + zlib.compress(b"BT /F1 12 Tf 72 712 Td (The Third Space Dialogue) Tj ET")
    + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4"
)
HUGE_LINE = b"Both sides met again in Paris and agreed to meet again in Tokyo.\n"
HUGE_BYTES = 20_000_000 // len(HUGE_LINE) * len(HUGE_LINE) + len(HUGE_LINE)

#: file -> what its one "rejected:" line must say (besides its path)
REJECTED = {
    "empty.txt": "the document is empty",
    "whitespace-only.md": "the document is empty",
    "scripts-only.html": "the document is empty",
    "report-pdf.txt": "binary data, not text (a PDF, image or archive)",
    "screenshot-png.txt": "binary data, not text (a PDF, image or archive)",
    "archive-zip.md": "binary data, not text (a PDF, image or archive)",
    "latin-1.txt": "not valid UTF-8 at byte 6",
    "huge-20mb.txt": f"{HUGE_BYTES:,} bytes is over the limit of {MAX_BYTES:,}",
    "zz-copy-of-canada-japan.txt": "the same text as {folder}/canada-japan.txt",
    "zz-copy-in-utf-16.txt": "the same text as {folder}/canada-japan.txt",
    "bad-date-of-issue.txt": "violates the shapes: sgsh:DocumentIssuedShape",
    # front matter whose url would close the IRI and the update around it
    "injected-url.md": "its url is not a valid absolute IRI: 'https://example.org/> } } ;",
}
LOADED = {
    "canada-japan.txt",
    "front-matter.md",
    "no-facts.txt",
    "scripts-iframes-entities.html",
    "utf-16-bom.txt",
}
HTML_TEXT = (
    "Joint Statement on the Third U.S.\u2013Brazil Space Security Dialogue\n\n"
    "The Governments of the United States of America and the Federative Republic of Brazil "
    "held the third meeting of the U.S.-Brazil Space Security Dialogue in Bras\u00edlia on "
    "26\u00a0June\u00a02025.\n\n"
    "Both sides welcomed Brazil\u2019s signature of the Artemis Accords & agreed to deepen "
    "information sharing on space situational awareness.\n"
)


def make_corpus(folder: Path) -> None:
    """The committed text fixtures, and the files too big or too binary to commit."""
    shutil.copytree(HOSTILE, folder)
    canada_japan = CANADA_JAPAN.read_bytes()
    generated = {
        "empty.txt": b"",
        "whitespace-only.md": b"  \n\t\r\n \x0c \n\n",
        "scripts-only.html": b"<html><body><script>var only = 'script';</script></body></html>",
        "report-pdf.txt": PDF,
        "screenshot-png.txt": PNG,
        "archive-zip.md": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + zlib.compress(b"word/doc"),
        "latin-1.txt": "Minist\u00e8re des Arm\u00e9es, Paris".encode("latin-1"),
        "utf-16-bom.txt": BRAZIL_US.read_text(encoding="utf-8").encode("utf-16"),
        "canada-japan.txt": canada_japan,
        "zz-copy-of-canada-japan.txt": canada_japan,
        "zz-copy-in-utf-16.txt": codecs.BOM_UTF16_BE + canada_japan.decode().encode("utf-16-be"),
    }
    for name, data in generated.items():
        (folder / name).write_bytes(data)
    with (folder / "huge-20mb.txt").open("wb") as out:
        for _ in range(HUGE_BYTES // len(HUGE_LINE)):
            out.write(HUGE_LINE)


@dataclass
class Built:
    folder: Path
    code: int
    stdout: str
    stderr: str
    store: Store


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "corpus"
    make_corpus(folder)
    done = subprocess.run(
        [sys.executable, "-m", "spacegraph", "build", str(folder), "--store", str(base / "store")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Built(folder, done.returncode, done.stdout, done.stderr, Store(base / "store"))


def rows(store: Store, sparql: str) -> list[dict[str, str | None]]:
    outcome = store.query(PREFIXES + sparql)
    names = [v.value for v in outcome.result.variables]  # type: ignore[attr-defined]
    return [
        {n: (s[n].value if s[n] is not None else None) for n in names}
        for s in outcome.result  # type: ignore[attr-defined]
    ]


def document(name: str) -> URIRef:
    return SGR[f"document/{Path(name).stem}"]


# one message per broken file, the others loaded --------------------------------------------


def test_each_broken_file_gets_one_message_with_its_path_and_reason(hostile: Built) -> None:
    lines = [line for line in hostile.stderr.splitlines() if line.startswith("rejected: ")]
    by_file: dict[str, list[str]] = {}
    for line in lines:
        path = line.removeprefix("rejected: ").split(": ", 1)[0]
        by_file.setdefault(Path(path).name, []).append(line)
    assert sorted(by_file) == sorted(REJECTED)
    for name, reason in REJECTED.items():
        [line] = by_file[name]  # exactly one line for each
        assert line.startswith(f"rejected: {hostile.folder / name}: "), line
        assert reason.replace("{folder}", str(hostile.folder)) in line, line
        assert "\n" not in line and len(line) < 1_000
    assert hostile.code == 1  # some rejected, the rest loaded
    assert f"loaded {len(LOADED)} document(s), rejected {len(REJECTED)};" in hostile.stdout
    assert "Traceback" not in hostile.stderr


def test_every_other_document_loads_and_nothing_of_a_rejected_one_is_stored(
    hostile: Built,
) -> None:
    names = set(hostile.store.graph_names())
    documents = {str(document(name)) for name in LOADED}
    inferred = {n for n in names if "/graph/inferred/" in n}
    assert names - inferred == documents | {str(AUTHORITY_GRAPH), str(ONTOLOGY_GRAPH)}
    assert inferred <= {str(SGR[f"graph/inferred/{Path(name).stem}"]) for name in LOADED}
    stems = [Path(name).stem for name in REJECTED]
    leaked = [
        quad
        for quad in hostile.store.quads()
        for term in quad
        for stem in stems
        if f"/{stem}>" in term or f"/{stem}/" in term
    ]
    assert leaked == []


def test_the_store_is_consistent(hostile: Built) -> None:
    quads = list(hostile.store.quads())
    default = {q[:3] for q in quads if q[3] == "DEFAULT"}
    named = {q[:3] for q in quads if q[3] != "DEFAULT"}
    assert default == named  # the default graph is the union, nothing more
    evidence = rows(
        hostile.store,
        """SELECT ?g ?doc ?start ?end ?exact ?content WHERE {
             GRAPH ?g { ?ev oa:hasSource ?doc ; oa:start ?start ; oa:end ?end ; oa:exact ?exact .
                        ?doc sg:content ?content } }""",
    )
    assert len(evidence) > 15  # four documents with facts
    wrong = [
        row
        for row in evidence
        if row["g"] != row["doc"]
        or row["content"][int(row["start"]) : int(row["end"])] != row["exact"]  # type: ignore[index,arg-type]
    ]
    assert wrong == []


# valid documents after all -----------------------------------------------------------------


def without_file_identity(graph: Graph) -> Graph:
    """The graph without the two triples that name the file's bytes (checksum and name)."""
    kept = Graph()
    for triple in graph:
        if triple[1] not in (SG.sha256, SG.sourceFile):
            kept.add(triple)
    return kept


def test_utf16_with_a_bom_gives_the_graph_of_its_utf8_text(hostile: Built, tmp_path: Path) -> None:
    twin = tmp_path / "utf8"
    twin.mkdir()
    shutil.copy(BRAZIL_US, twin / "utf-16-bom.txt")  # the same text, UTF-8, the same name
    store = Store()
    report = build([twin], Settings(store=tmp_path / "unused"), store=store)
    assert report.rejected == []
    iri = document("utf-16-bom.txt")
    from_utf16 = hostile.store.graph(iri)
    from_utf8 = store.graph(iri)
    assert len(from_utf16) > 100
    expected, actual = without_file_identity(from_utf8), without_file_identity(from_utf16)
    if not isomorphic(expected, actual):
        _, only_utf8, only_utf16 = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"UTF-8 only: {sorted(only_utf8)[:10]}\nUTF-16 only: {sorted(only_utf16)[:10]}")
    assert from_utf16.value(iri, SG.sha256) != from_utf8.value(iri, SG.sha256)


def test_html_keeps_only_its_visible_text_with_entities_decoded(hostile: Built) -> None:
    iri = document("scripts-iframes-entities.html")
    graph = hostile.store.graph(iri)
    assert str(graph.value(iri, SG.content)) == HTML_TEXT
    title = "Joint Statement on the Third U.S.\u2013Brazil Space Security Dialogue"
    assert rows(hostile.store, f"SELECT ?t WHERE {{ <{iri}> dcterms:title ?t }}") == [{"t": title}]
    injected = rows(
        hostile.store,
        """SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && (CONTAINS(STR(?o), "marker")
             || CONTAINS(STR(?o), "Injected") || CONTAINS(STR(?o), "cookie")
             || CONTAINS(STR(?o), "&amp;") || CONTAINS(STR(?o), "&#"))) }""",
    )
    assert injected == []
    meeting = rows(
        hostile.store,
        f"""SELECT ?date ?place WHERE {{ GRAPH <{iri}> {{
              ?m a sg:Meeting ; sg:startDate ?date ; sg:location ?place }} }}""",
    )
    assert meeting == [{"date": "2025-06-26", "place": str(SGR["place/brasilia"])}]


def test_front_matter_is_metadata_and_not_text(hostile: Built) -> None:
    iri = document("front-matter.md")
    [found] = rows(
        hostile.store,
        f"""SELECT ?title ?issued ?publisher ?source ?content WHERE {{
              <{iri}> dcterms:title ?title ; dcterms:issued ?issued ;
                dcterms:publisher ?publisher ; dcterms:source ?source ; sg:content ?content }}""",
    )
    assert found["title"] == "Fourth Meeting of the Japan-Canada Comprehensive Dialogue on Space"
    assert found["issued"] == "2022-09-08"
    assert found["publisher"] == "Government of Japan; Government of Canada"
    assert found["source"] == "https://example.org/japan-canada-4"
    body = HOSTILE.joinpath("front-matter.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert found["content"] == body.lstrip("\n")
    assert found["content"].startswith("# Japan-Canada Space Dialogue\n")  # type: ignore[union-attr]
    meeting = rows(
        hostile.store,
        f"""SELECT ?m ?date ?place WHERE {{ GRAPH <{iri}> {{
              ?m a sg:Meeting ; sg:startDate ?date ; sg:location ?place }} }}""",
    )
    dialogue = SGR["dialogue/ca-jp/comprehensive-dialogue-on-space"]
    assert meeting == [
        {"m": f"{dialogue}/meeting/4", "date": "2022-09-08", "place": str(SGR["place/tokyo"])}
    ]
    evidence = rows(
        hostile.store,
        f"SELECT ?start WHERE {{ GRAPH <{iri}> {{ ?ev oa:hasSource <{iri}> ; oa:start ?start }} }}",
    )
    assert len(evidence) >= 5  # offsets into the text without front matter (checked above)


def test_a_document_without_facts_loads_as_its_text_with_a_warning(hostile: Built) -> None:
    iri = document("no-facts.txt")
    graph = hostile.store.graph(iri)
    assert {s for s, _, _ in graph} == {iri}  # the document and nothing it speaks of
    assert str(graph.value(iri, SG.content)) == HOSTILE.joinpath("no-facts.txt").read_text()
    assert f"warning: no-facts.txt: {NO_FACTS}" in hostile.stderr.splitlines()
    others = [line for line in hostile.stderr.splitlines() if NO_FACTS in line]
    assert len(others) == 1  # the documents with facts get no such warning


def test_a_copy_loads_once_under_the_first_name(hostile: Built) -> None:
    names = hostile.store.graph_names()
    assert str(document("canada-japan.txt")) in names
    assert str(document("zz-copy-of-canada-japan.txt")) not in names
    assert str(document("zz-copy-in-utf-16.txt")) not in names


def test_a_document_whose_facts_break_the_shapes_is_rejected_with_the_shapes_message(
    hostile: Built,
) -> None:
    [line] = [line for line in hostile.stderr.splitlines() if "bad-date-of-issue.txt" in line]
    assert '(dcterms:issued = "2024-13-45")' in line
    assert "a valid xsd:date" in line
    assert str(document("bad-date-of-issue.txt")) not in hostile.store.graph_names()


# front matter, close up ---------------------------------------------------------------------


def test_the_catalogue_wins_over_the_front_matter_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "statement.md"
    path.write_text(
        "---\ntitle: From the front matter\ndate: 2021-06-14\nissuers: A; B\n---\nBody text.\n",
        encoding="utf-8",
    )
    listed = read_document(path, {"statement.md": Catalogued(title="From the catalogue")})
    assert listed.title == "From the catalogue"
    assert listed.meta.issued == "2021-06-14"
    assert listed.meta.issuers == ("A", "B")
    assert listed.text == "Body text.\n"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("---\n\nA paragraph after a rule.\n\n---\n\nMore.\n", True),  # not a mapping: text
        ("--- \nNot closed: no front matter.\n", True),
        ("Text first\n---\ntitle: x\n---\n", True),  # only a leading block is front matter
        ("---\n---\nEmpty front matter.\n", False),
        ("---\r\ntitle: Windows\r\n...\r\nBody.\r\n", False),  # read_document makes it LF
    ],
)
def test_only_a_leading_yaml_mapping_is_front_matter(tmp_path: Path, text: str, kept: bool) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(text.encode("utf-8"))
    document = read_document(path, {})
    normalised = text.replace("\r\n", "\n")
    assert (document.text == normalised) is kept
    if not kept:
        assert "---" not in document.text and "..." not in document.text


def test_broken_front_matter_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: A\nissuers: [unclosed\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_document(path, {})
    assert caught.value.path == path
    assert "the front matter is not valid YAML at line" in caught.value.message
    assert str(path) in caught.value.message


def test_front_matter_values_become_catalogue_text(tmp_path: Path) -> None:
    text, meta = split_front_matter(
        tmp_path / "x.md",
        "---\ntitle: 2023\nissued: 2024-03\ndate: 2022-09-08T10:00:00\nurl:\n---\nBody.\n",
    )
    assert text == "Body.\n"
    assert meta == Catalogued(title="2023", issued="2022-09-08")  # date wins over issued


def test_a_file_over_the_limit_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as out:
        out.truncate(2_000_000_000)  # sparse: 2 GB on paper, nothing on disk

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(SourceError, match="2,000,000,000 bytes is over the limit"):
        read_document(path, {})


# the inferred graph follows its document ----------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not java_available(), reason="needs Java for the first build")
def test_a_rebuild_without_java_leaves_no_inferred_graph_of_an_older_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(CANADA_JAPAN, folder)
    settings = Settings(store=tmp_path / "store")
    inferred = str(SGR["graph/inferred/canada-japan-space-dialogue-3-2021"])
    assert build([folder], settings).exit_code == 0
    store = Store(settings.store, read_only=True)
    assert inferred in store.graph_names()
    store.close()
    path = folder / CANADA_JAPAN.name
    path.write_text(path.read_text().replace("June 14, 2021", "June 15, 2021"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-java-here"))
    report = build([folder], settings)
    assert report.exit_code == 0 and "Java" in report.notes[0]
    store = Store(settings.store, read_only=True)
    assert inferred not in store.graph_names()  # no inference from the old text is left
    assert str(SGR["document/canada-japan-space-dialogue-3-2021"]) in store.graph_names()
