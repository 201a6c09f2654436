"""Finding and reading documents (spacegraph.sources): encodings, refusals, HTML, catalogue."""

from __future__ import annotations

import codecs
import hashlib
import zlib
from pathlib import Path

import pytest

from spacegraph.errors import SourceError
from spacegraph.sources import (
    MAX_BYTES,
    Catalogued,
    find_documents,
    first_line,
    html_to_text,
    read_catalogue,
    read_document,
)

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
TEXT = "Joint Statement of the Ministère des Armées\n\nBoth sides met in Paris.\n"

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4"
)
PDF = (
    b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<< /Length 44 /Filter /FlateDecode >>\nstream\n"
    + zlib.compress(b"BT /F1 12 Tf 72 712 Td (A space dialogue) Tj ET")
    + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


# encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_utf8_and_utf16_with_a_bom_decode_to_the_same_text(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    data = bom + TEXT.encode(encoding)
    path = write(tmp_path, "statement.txt", data)
    document = read_document(path)
    assert document.text == TEXT
    assert not document.text.startswith("\ufeff")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.id == "statement"
    assert document.path == path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "latin1.txt",
            "Minist\u00e8re des Arm\u00e9es".encode("latin-1"),
            "not valid UTF-8 at byte 6",
        ),
        ("image.txt", PNG, "binary data"),
        ("report.txt", PDF, "binary data"),
        ("controls.md", bytes(range(1, 32)) * 4 + b"text", "binary data"),
        ("empty.md", b"", "the document is empty"),
        ("blank.txt", b"  \n\t\r\n   \n", "the document is empty"),
        ("bom-only.txt", codecs.BOM_UTF8 + b"\n\n", "the document is empty"),
        ("scripts-only.html", b"<html><body><script>var a = 1;</script></body></html>", "empty"),
        ("notes.pdf", b"%PDF-1.4 whatever", "not a document type"),
    ],
)
def test_unusable_files_raise_a_source_error_naming_the_file_and_why(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(SourceError) as caught:
        read_document(path)
    error = caught.value
    assert error.path == path
    assert reason in error.reason
    assert str(path) in error.message
    assert reason in error.message


def test_a_utf16_file_with_a_broken_tail_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + "Text".encode("utf-16-le") + b"\x00")
    with pytest.raises(SourceError, match="invalid UTF-16"):
        read_document(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.txt", b"a" * (MAX_BYTES + 1))
    with pytest.raises(SourceError, match="over the limit"):
        read_document(path)


def test_a_pdf_renamed_txt_is_refused_even_when_its_bytes_are_ascii(tmp_path: Path) -> None:
    pdf = (
        b"%PDF-1.1\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    with pytest.raises(SourceError):
        read_document(write(tmp_path, "ascii-pdf.txt", pdf))


# line ends ---------------------------------------------------------------------------------


def test_crlf_and_cr_line_ends_become_lf(tmp_path: Path) -> None:
    data = b"First line\r\n\r\nSecond paragraph.\rThird line.\r\n"
    document = read_document(write(tmp_path, "windows.txt", data))
    assert document.text == "First line\n\nSecond paragraph.\nThird line.\n"
    assert "\r" not in document.text
    # the checksum is of the bytes as they are on disk
    assert document.sha256 == hashlib.sha256(data).hexdigest()


# HTML --------------------------------------------------------------------------------------


def test_html_drops_scripts_styles_and_head_and_keeps_paragraphs() -> None:
    document = read_document(FIXTURES / "brazil-india-space-dialogue-1-2024.html", {})
    text = document.text
    assert "trackingMarker" not in text
    assert "do not keep this" not in text
    assert "hidden-style-marker" not in text
    assert "color: red" not in text
    assert "Ignored head title" not in text
    assert "Enable scripts" not in text
    paragraphs = text.strip().split("\n\n")
    assert paragraphs == [
        "First Meeting of the Brazil-India Space Dialogue",
        "The Government of Brazil and the Government of India held the First Meeting of the "
        "Brazil-India Space Dialogue in Brasilia on April 9, 2024.",
        "Both sides agreed to deepen cooperation on Earth observation & satellite data.",
    ]
    assert document.title == "First Meeting of the Brazil-India Space Dialogue"


def test_html_to_text_joins_inline_markup_and_collapses_spaces() -> None:
    markup = "<div><p>The   <b>Artemis</b>\t<i>Accords</i> were signed.</p><p>Second.</p></div>"
    assert html_to_text(markup) == "The Artemis Accords were signed.\n\nSecond.\n"


def test_html_without_an_explicit_head_end_tag_keeps_its_body() -> None:
    markup = "<html><head><title>Page</title><body><p>Both sides met in Delhi.</p></body></html>"
    assert "Both sides met in Delhi." in html_to_text(markup)


def test_html_character_references_are_decoded_once() -> None:
    assert (
        html_to_text("<p>Write &amp;lt;tag&amp;gt; as text.</p>") == "Write &lt;tag&gt; as text.\n"
    )


# titles and the catalogue ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n# Press Release: The Fourth Meeting\n\nBody.", "Press Release: The Fourth Meeting"),
        ("## **Bold Title**\nBody.", "Bold Title"),
        ("  > - Quoted item title\nBody.", "Quoted item title"),
        ("Plain first line\nsecond line", "Plain first line"),
    ],
)
def test_first_line_strips_markdown(text: str, title: str) -> None:
    assert first_line(text) == title


def test_a_document_without_a_catalogue_entry_is_titled_by_its_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "uncatalogued.md", "\n# The Title of It\n\nThe body of the statement.\n")
    document = read_document(path)
    assert document.meta == Catalogued()
    assert document.title == "The Title of It"


CATALOGUE = (
    "file,title,type,issued,issuers,url\n"
    'listed.txt,"A Title, With a Comma",joint statement,2021-06-14,'
    "Government of Canada;  Government of Japan ;,https://example.org/statement\n"
    "sparse.txt,,,,,\n"
)


def test_catalogue_fields_are_read(tmp_path: Path) -> None:
    write(tmp_path, "catalog.csv", CATALOGUE)
    entries = read_catalogue(tmp_path)
    assert entries["listed.txt"] == Catalogued(
        title="A Title, With a Comma",
        type="joint statement",
        issued="2021-06-14",
        issuers=("Government of Canada", "Government of Japan"),
        url="https://example.org/statement",
    )
    assert entries["sparse.txt"] == Catalogued()
    assert read_catalogue(tmp_path / "no-such-folder") == {}


def test_read_document_uses_the_catalogue_of_its_folder(tmp_path: Path) -> None:
    write(tmp_path, "catalog.csv", CATALOGUE)
    listed = read_document(write(tmp_path, "listed.txt", "First line is not the title\n\nBody.\n"))
    assert listed.title == "A Title, With a Comma"
    assert listed.meta.issuers == ("Government of Canada", "Government of Japan")
    assert listed.meta.issued == "2021-06-14"
    sparse = read_document(write(tmp_path, "sparse.txt", "The sparse first line\n\nBody.\n"))
    assert sparse.title == "The sparse first line"


def test_a_catalogue_passed_in_wins_over_the_folder(tmp_path: Path) -> None:
    write(tmp_path, "catalog.csv", CATALOGUE)
    path = write(tmp_path, "listed.txt", "The first line\n")
    assert read_document(path, {}).title == "The first line"


def test_the_real_catalogue_describes_every_source() -> None:
    sources = Path(__file__).resolve().parents[1] / "sources"
    entries = read_catalogue(sources)
    files = {path.name for path in find_documents([sources])}
    assert files == set(entries)
    assert len(files) == 5


# finding documents -------------------------------------------------------------------------


def test_find_documents_searches_folders_recursively_and_sorts(tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    wanted = [
        write(tmp_path / "a" / "deep", "two.HTML", "<p>x</p>"),
        write(tmp_path / "a", "one.md", "x"),
        write(tmp_path, "three.txt", "x"),
    ]
    write(tmp_path, "catalog.csv", "file\n")
    write(tmp_path, "picture.png", PNG)
    single = write(tmp_path / "a", "four.htm", "<p>x</p>")
    found = find_documents([tmp_path / "a", tmp_path / "three.txt"])
    assert found == sorted([*wanted, single])
    assert find_documents([tmp_path]) == sorted([*wanted, single])


def test_find_documents_names_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SourceError) as caught:
        find_documents([missing])
    assert caught.value.path == missing
    assert "no such file or folder" in caught.value.message
