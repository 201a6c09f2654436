"""Find and read source documents: text, checksum and what the catalogue knows of each.

No RDF here. A document is a ``.txt``, ``.md`` or ``.html`` file; ``catalog.csv`` in the same
folder may describe it (title, type, issued, issuers, url); without an entry the title is
the first line and the date comes from the text (the extractor reads it).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from .errors import SourceError

SUFFIXES = (".txt", ".md", ".html", ".htm")
CATALOGUE = "catalog.csv"
#: Larger files are refused: statements are a few pages; this keeps a stray dump out.
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Catalogued:
    """What the catalogue says of a document (every field optional)."""

    title: str | None = None
    type: str | None = None
    issued: str | None = None
    issuers: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class SourceDocument:
    id: str  # the file name without suffix: stable, and the key of the document's IRI
    path: Path
    text: str  # as stored in the graph (sg:content); evidence offsets index into it
    sha256: str  # of the file's bytes
    meta: Catalogued = field(default_factory=Catalogued)

    @property
    def title(self) -> str:
        return self.meta.title or first_line(self.text)


def find_documents(paths: Iterable[Path]) -> list[Path]:
    """The document files among ``paths`` (files, or folders searched recursively), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        elif path.exists():
            found.add(path)
        else:
            raise SourceError(path, "no such file or folder")
    return sorted(found)


def read_catalogue(folder: Path) -> dict[str, Catalogued]:
    """``catalog.csv`` of a folder, keyed by file name; empty when there is none."""
    path = folder / CATALOGUE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["file"].strip(): Catalogued(
            title=_blank(row.get("title")),
            type=_blank(row.get("type")),
            issued=_blank(row.get("issued")),
            issuers=tuple(i.strip() for i in (row.get("issuers") or "").split(";") if i.strip()),
            url=_blank(row.get("url")),
        )
        for row in rows
        if row.get("file")
    }


def read_document(path: Path, catalogue: dict[str, Catalogued] | None = None) -> SourceDocument:
    """Read one document; raises :class:`SourceError` saying why it cannot be used."""
    if path.suffix.lower() not in SUFFIXES:
        raise SourceError(path, f"not a document type spacegraph reads ({', '.join(SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror}") from error
    if len(data) > MAX_BYTES:
        raise SourceError(path, f"{len(data):,} bytes is over the limit of {MAX_BYTES:,}")
    text = decode(path, data)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(path, "the document is empty")
    meta = (catalogue if catalogue is not None else read_catalogue(path.parent)).get(path.name)
    return SourceDocument(
        id=path.stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta or Catalogued(),
    )


def decode(path: Path, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; never binary."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SourceError(path, f"invalid UTF-16 at byte {error.start}") from error
    if data.startswith(_BINARY_MAGIC):
        raise SourceError(path, "binary data, not text (a PDF, image or archive)")
    if b"\x00" in data[:8192]:
        raise SourceError(path, "binary data, not text (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(path, f"not valid UTF-8 at byte {error.start}") from error
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 8:
        raise SourceError(path, "binary data, not text (control characters)")
    return text


#: How common binary formats begin: PDF, PNG, GIF, JPEG, ZIP (docx, odt), OLE (doc).
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class _TextOfHtml(HTMLParser):
    _SKIP: ClassVar[set[str]] = {"script", "style", "iframe", "noscript", "template", "title"}
    _BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)  # character references were decoded once, by the parser
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip() + "\n"


_MARKUP = re.compile(r"^[#>*\s-]+|[*_`]+")


def first_line(text: str) -> str:
    """The first non-empty line, without Markdown markup: the title of an uncatalogued file."""
    for line in text.splitlines():
        plain = _MARKUP.sub("", line).strip()
        if plain:
            return plain[:300]
    return ""


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
