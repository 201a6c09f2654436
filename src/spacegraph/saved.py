"""Saved queries as an API: read ``queries/<slug>.rq`` and bind its parameters.

The command line (``spacegraph query @queries/x.rq --param name=value``), HTTP
(``GET /queries/<slug>?name=value``, ``web/saved.py``) and the Python client
(``client.saved(slug, name=value)``, ``client.py``) all read a saved query and turn its
parameter values into RDF terms here, so the three agree on what a value means.

A saved query starts with comment lines (``queries/README.md``)::

    # title: Government bodies of a state
    # description: ... (one or more lines)
    # parameters: state (IRI of a sg:State, e.g. sgr:state/us; optional)

``parameters`` is ``none`` or a comma-separated list of ``name (kind ...)``: the words in
the parentheses start with the parameter's kind, ``IRI`` or a literal kind (``string``,
``integer``, ``decimal``, ``double``, ``boolean``, ``date``, ``dateTime``, ``year``), then
say what it is. A parameter is required unless a ``;``-separated part of its parentheses is
``optional``: an optional one left out stays unbound, and the query answers for every value.

Values are bound with pyoxigraph's ``substitutions`` (``Store.query``), never pasted into the
query text, so a value can only ever be a value: ``x> } ; DROP ALL #`` is not a valid IRI
(refused) and, as a string, is just a string that matches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import ParameterError, SavedQueryError, UnknownQuery
from .store import check_iri
from .vocab import PREFIXES

__all__ = [
    "Parameter",
    "ParameterError",
    "SavedQuery",
    "SavedQueryError",
    "UnknownQuery",
    "bind_values",
    "find_saved_query",
    "parse_assignments",
    "parse_saved_query",
    "read_saved_query",
    "saved_queries",
    "to_term",
]


#: Literal kinds and their datatypes; ``iri`` is the one other kind.
LITERAL_KINDS: dict[str, URIRef] = {
    "string": XSD.string,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "double": XSD.double,
    "boolean": XSD.boolean,
    "date": XSD.date,
    "datetime": XSD.dateTime,
    "year": XSD.gYear,
}
KINDS = ("iri", *LITERAL_KINDS)

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_KIND_WORDS = re.compile(r"\s*(?:the\s+|an?\s+)?(IRI|[A-Za-z]+)\b", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")
_YEAR = re.compile(r"-?\d{4,}")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: a variable the query projects, its kind and what it is."""

    name: str
    kind: str
    description: str
    optional: bool = False

    def term(self, value: object) -> Node:
        """``value`` (text from a command line or URL, or a Python value) as an RDF term of
        this parameter's kind, or :class:`ParameterError` saying what was wrong."""
        try:
            return to_term(value, self.kind)
        except ValueError as error:
            raise ParameterError(f"parameter {self.name}: {error}") from None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "optional": self.optional,
        }


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its slug (the file name without ``.rq``), header and text."""

    slug: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ParameterError(f"{self.slug} has no parameter {name!r} (its parameters: {known})")

    def bind(self, values: Mapping[str, object]) -> dict[str, Node]:
        """The substitutions for ``values`` (by parameter name): each value as a term of its
        parameter's kind. An unknown name, a bad value or a required parameter left out is a
        :class:`ParameterError`; an optional one left out stays unbound."""
        bound = {name: self.parameter(name).term(value) for name, value in values.items()}
        missing = [p.name for p in self.parameters if not p.optional and p.name not in bound]
        if missing:
            described = "; ".join(
                f"{p.name}: {p.description}" for p in self.parameters if p.name in missing
            )
            needed = ", ".join(missing)
            raise ParameterError(f"{self.slug} needs a value for {needed} ({described})")
        return bound

    def to_dict(self) -> dict[str, object]:
        """The metadata (not the text) as JSON-ready values."""
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "parameters": [parameter.to_dict() for parameter in self.parameters],
        }


# reading ------------------------------------------------------------------------------------


def header_fields(text: str) -> dict[str, list[str]]:
    """The ``# key: value`` comment lines before the first other line, by lower-case key."""
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if sep:
            fields.setdefault(key.strip().lower(), []).append(value.strip())
    return fields


def read_saved_query(path: Path) -> SavedQuery:
    """The saved query in ``path``; :class:`SavedQueryError` when its header is malformed."""
    return parse_saved_query(path.read_text(encoding="utf-8"), path)


def parse_saved_query(text: str, path: Path) -> SavedQuery:
    """The saved query whose text is ``text`` (read from ``path``, or given as ``-`` on
    standard input); :class:`SavedQueryError` when its header is malformed."""
    fields = header_fields(text)
    declared = fields.get("parameters", [])
    if len(declared) > 1:
        raise SavedQueryError(f"{path.name}: more than one '# parameters:' line")
    try:
        parameters = parse_parameters(declared[0] if declared else "none")
    except ValueError as error:
        raise SavedQueryError(f"{path.name}: {error}") from None
    return SavedQuery(
        slug=path.stem,
        title=" ".join(fields.get("title", [])) or path.stem,
        description=" ".join(fields.get("description", [])),
        parameters=parameters,
        text=text,
        path=path,
    )


def is_saved_query(text: str) -> bool:
    """Whether ``text`` has a saved query's ``# parameters:`` header line."""
    return "parameters" in header_fields(text)


def saved_queries(folder: Path) -> list[SavedQuery]:
    """Every ``*.rq`` of ``folder``, by slug."""
    if not folder.is_dir():
        return []
    return [read_saved_query(path) for path in sorted(folder.glob("*.rq"))]


def find_saved_query(folder: Path, slug: str) -> SavedQuery:
    """The saved query ``slug`` of ``folder``, or :class:`UnknownQuery`."""
    path = folder / f"{slug}.rq"
    if not _SLUG.fullmatch(slug) or not path.is_file():
        known = ", ".join(query.slug for query in saved_queries(folder)) or "none"
        raise UnknownQuery(f"no saved query {slug!r} (saved queries: {known})")
    return read_saved_query(path)


def parse_parameters(declaration: str) -> tuple[Parameter, ...]:
    """``state (IRI of a sg:State, e.g. <x>; optional), n (integer)`` -> Parameters."""
    if declaration.strip().lower() in ("", "none"):
        return ()
    parameters = []
    for part in _split_top_level(declaration):
        found = re.fullmatch(r"\s*\??([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*", part, re.DOTALL)
        if not found:
            raise ValueError(f"cannot read the parameter {part.strip()!r}: write name (kind ...)")
        name, inside = found[1], found[2] or ""
        clauses = [clause.strip() for clause in inside.split(";")]
        kind_words = _KIND_WORDS.match(clauses[0])
        kind = kind_words[1].lower() if kind_words else ""
        if kind not in KINDS:
            raise ValueError(
                f"parameter {name}: say its kind first, one of {', '.join(KINDS)} "
                f"(as in '{name} (IRI of a sg:State)')"
            )
        parameters.append(
            Parameter(
                name=name,
                kind=kind,
                description=clauses[0],
                optional=any(clause.lower().startswith("optional") for clause in clauses[1:]),
            )
        )
    return tuple(parameters)


def _split_top_level(text: str) -> list[str]:
    """Split at the commas that are outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


# values -> terms ------------------------------------------------------------------------------


def expand_iri(text: str) -> str:
    """``<full IRI>``, ``prefix:local`` with one of the project's prefixes (``sgr:state/us``)
    or a full IRI, as a full IRI the engine accepts; else ValueError."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    try:
        return check_iri(text)
    except ValueError as error:
        raise ValueError(f"{text!r} is not an IRI ({error})") from None


def to_term(value: object, kind: str | None = None) -> Node:
    """The one conversion from a value to an RDF term for ``substitutions``.

    With a ``kind`` (a saved query's declaration), the value must be of that kind: text is
    read as it (``"8"`` for an integer, ``"sgr:state/us"`` or a full IRI for an IRI) and
    Python values must fit it. Without one (an ad-hoc query), Python values give their own
    type (``int`` -> xsd:integer, ``date`` -> xsd:date, rdflib terms as they are) and text
    that looks like an IRI (``<...>``, ``sgr:...`` with a project prefix, or ``scheme://...``)
    is an IRI, text that looks like a number is a number, any other text is a string.
    Raises ValueError saying why a value does not fit.
    """
    if kind is None:
        return _guess_term(value)
    kind = kind.lower()
    if kind == "iri":
        if isinstance(value, Literal) or not isinstance(value, str):
            raise ValueError(f"expected an IRI, got {value!r}")
        return URIRef(expand_iri(str(value)))
    if kind not in LITERAL_KINDS:
        raise ValueError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
    if isinstance(value, URIRef):
        raise ValueError(f"expected a {kind} literal, got the IRI <{value}>")
    datatype = LITERAL_KINDS[kind]
    if isinstance(value, Literal):
        if kind == "string" or value.datatype == datatype:
            return value
        value = str(value)
    return Literal(_lexical(value, kind), datatype=datatype)


def _lexical(value: object, kind: str) -> str:
    """The canonical text of ``value`` as a literal of ``kind``, or ValueError."""
    text = value.strip() if isinstance(value, str) else None
    if kind == "string":
        return str(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return "true" if value else "false"
        if text in ("true", "false", "1", "0"):
            return {"1": "true", "0": "false"}.get(text, text)
    elif kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if text is not None and _INTEGER.fullmatch(text):
            return str(int(text))
    elif kind in ("decimal", "double"):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return str(value)
        if text is not None:
            try:
                return str(float(text)) if kind == "double" else str(Decimal(text))
            except (ValueError, InvalidOperation):
                pass
    elif kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if text is not None:
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                pass
    elif kind == "datetime":
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if text is not None:
            try:
                return dt.datetime.fromisoformat(text).isoformat()
            except ValueError:
                pass
    elif kind == "year":
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:04d}"
        if text is not None and _YEAR.fullmatch(text):
            return text
    raise ValueError(f"{value!r} is not a {kind}")


def _guess_term(value: object) -> Node:
    if isinstance(value, URIRef | Literal):
        return value
    if isinstance(value, bool):
        return to_term(value, "boolean")
    if isinstance(value, int):
        return to_term(value, "integer")
    if isinstance(value, float):
        return to_term(value, "double")
    if isinstance(value, Decimal):
        return to_term(value, "decimal")
    if isinstance(value, dt.datetime):
        return to_term(value, "datetime")
    if isinstance(value, dt.date):
        return to_term(value, "date")
    if not isinstance(value, str):
        raise ValueError(f"cannot bind a {type(value).__name__}: pass text, a number or a date")
    text = value.strip()
    prefix = text.partition(":")[0]
    if (
        (text.startswith("<") and text.endswith(">"))
        or (prefix in PREFIXES and ":" in text)
        or re.match(r"[A-Za-z][A-Za-z0-9+.-]*://\S+$", text)
    ):
        return URIRef(expand_iri(text))
    if _INTEGER.fullmatch(text):
        return to_term(text, "integer")
    if _DECIMAL.fullmatch(text):
        return to_term(text, "decimal")
    return Literal(value)


def bind_values(values: Mapping[str, object], saved: SavedQuery | None) -> dict[str, Node]:
    """Substitutions for ``values``: by the saved query's declarations, else by guessing
    (:func:`to_term` without a kind)."""
    if saved is not None:
        return saved.bind(values)
    bound = {}
    for name, value in values.items():
        try:
            bound[name] = to_term(value)
        except ValueError as error:
            raise ParameterError(f"parameter {name}: {error}") from None
    return bound


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``["state=sgr:state/us"]`` (``--param`` values) -> ``{"state": "sgr:state/us"}``."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise ParameterError(
                f"--param {assignment!r}: write NAME=VALUE, as in state=sgr:state/us"
            )
        if name in values:
            raise ParameterError(f"--param {name} is given twice")
        values[name] = value
    return values
