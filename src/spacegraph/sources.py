"""Find and read source documents: text, checksum and what the catalogue knows of each.

No RDF here. A document is a ``.txt``, ``.md`` or ``.html`` file; ``catalog.csv`` in the same
folder may describe it (title, type, issued, issuers, url); without an entry the title is
the first line and the date comes from the text (the extractor reads it).

A Markdown file may begin with a YAML front matter block (``---`` ... ``---``), as static site
generators write it. The block is metadata, not statement: it is cut from the stored text
(so evidence offsets index the text a reader sees) and its ``title``, ``date`` (or
``issued``), ``type``, ``issuers`` and ``url`` fill what the catalogue leaves empty.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import yaml

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
        # the size first: a stray dump of gigabytes is refused without reading it
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(path, f"{size:,} bytes is over the limit of {MAX_BYTES:,}")
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror}") from error
    if len(data) > MAX_BYTES:  # grew since stat
        raise SourceError(path, f"{len(data):,} bytes is over the limit of {MAX_BYTES:,}")
    text = decode(path, data)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = Catalogued()
    if path.suffix.lower() == ".md":
        text, front = split_front_matter(path, text)
    if not text.strip():
        raise SourceError(path, "the document is empty")
    meta = (catalogue if catalogue is not None else read_catalogue(path.parent)).get(path.name)
    return SourceDocument(
        id=path.stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=_fill(meta or Catalogued(), front),
    )


_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)


def split_front_matter(path: Path, text: str) -> tuple[str, Catalogued]:
    """``text`` without a leading YAML front matter block, and what the block says.

    A leading ``---`` block that is not a YAML mapping (a horizontal rule, say) is text and
    stays; one that is broken YAML is refused, naming the line, rather than half-read.
    """
    found = _FRONT_MATTER.match(text)
    if found is None:
        return text, Catalogued()
    try:
        fields = yaml.safe_load(found.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise SourceError(path, f"the front matter is not valid YAML{where}: {problem}") from error
    if fields is None:  # an empty block: nothing to say, still not text
        fields = {}
    if not isinstance(fields, dict):
        return text, Catalogued()
    issuers = fields.get("issuers", fields.get("issuer"))
    if isinstance(issuers, str):
        issuers = issuers.split(";")
    if issuers is not None and not isinstance(issuers, list):
        raise SourceError(path, "the front matter's issuers must be a list or text")
    meta = Catalogued(
        title=_front_value(path, fields, "title"),
        type=_front_value(path, fields, "type"),
        issued=_front_value(path, fields, "date") or _front_value(path, fields, "issued"),
        issuers=tuple(str(i).strip() for i in issuers or () if i is not None and str(i).strip()),
        url=_front_value(path, fields, "url"),
    )
    return text[found.end() :].lstrip("\n"), meta


def _front_value(path: Path, fields: dict, name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, bool):  # YAML reads an unquoted yes / no as a boolean
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return _blank(str(value))
    raise SourceError(path, f"the front matter's {name} must be a single value")


def _fill(meta: Catalogued, front: Catalogued) -> Catalogued:
    """The catalogue's entry, each empty field filled from the front matter."""
    return Catalogued(
        title=meta.title or front.title,
        type=meta.type or front.type,
        issued=meta.issued or front.issued,
        issuers=meta.issuers or front.issuers,
        url=meta.url or front.url,
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
