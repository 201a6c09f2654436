"""SPARQL 1.1 Query Results JSON as Python values: rows of dicts, or a typed pandas DataFrame.

Both clients (``client.py``) read results as SPARQL JSON, the embedded store's and the HTTP
endpoint's alike, and turn them into values here, so the same query gives equal answers
either way.

| RDF term | row value (dict) | DataFrame column |
|---|---|---|
| xsd:integer and its subtypes | ``int`` | ``Int64`` |
| xsd:decimal, xsd:double, xsd:float | ``Decimal`` / ``float`` | ``float64`` |
| xsd:boolean | ``bool`` | ``boolean`` |
| xsd:date, xsd:dateTime | ``datetime.date`` / ``datetime.datetime`` | ``datetime64`` |
| IRI, string, language string, xsd:gYear, others | ``str`` (blank nodes ``_:id``) | ``string`` |
| unbound | ``None`` | ``<NA>`` / ``NaT`` / ``NaN`` |

A column whose values are of different kinds (a ``describe`` value column: IRIs, dates and
strings) is an ``object`` column of the row values. pandas is optional
(``pip install spacegraph[notebook]``): without it, :func:`to_frame` is never called and the
client returns the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from types import ModuleType
from typing import Any

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {_XSD + "double", _XSD + "float"}


def pandas() -> ModuleType | None:
    """pandas when it can be imported (the ``notebook`` extra), else None."""
    try:
        import pandas as pd
    except ImportError:
        return None
    return pd


def kind_of(term: Mapping[str, Any] | None) -> str | None:
    """The column kind of a SPARQL JSON term: integer, float, boolean, date, datetime, iri,
    text or None (unbound)."""
    if term is None:
        return None
    if term["type"] == "uri":
        return "iri"
    if term["type"] != "literal":
        return "text"  # blank nodes and RDF 1.2 triple terms
    datatype = term.get("datatype")
    if datatype in _INTEGER_TYPES:
        return "integer"
    if datatype in _FLOAT_TYPES or datatype == _XSD + "decimal":
        return "float"
    if datatype == _XSD + "boolean":
        return "boolean"
    if datatype == _XSD + "date":
        return "date"
    if datatype == _XSD + "dateTime":
        return "datetime"
    return "text"


def value_of(term: Mapping[str, Any] | None) -> object:
    """A SPARQL JSON term as a Python value (the table in the module's docstring); a literal
    whose text is not valid for its datatype stays text."""
    if term is None:
        return None
    text = term["value"]
    if term["type"] == "bnode":
        return "_:" + text
    if term["type"] == "triple":
        parts = (term["value"][key] for key in ("subject", "predicate", "object"))
        return " ".join(str(value_of(part)) for part in parts)
    kind = kind_of(term)
    datatype = term.get("datatype")
    try:
        if kind == "integer":
            return int(text)
        if kind == "float":
            return Decimal(text) if datatype == _XSD + "decimal" else float(text)
        if kind == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[text.strip()]
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
    except (ValueError, KeyError, InvalidOperation):
        return text
    return text


def rows(
    document: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> list[dict[str, object]]:
    """The solutions of a SPARQL JSON results document as dicts of every variable (unbound
    ones as None), in the order of ``head.vars``; with ``labels``, a ``<variable>_label``
    key follows each variable that holds IRIs only (as :func:`to_frame` does)."""
    names = document["head"]["vars"]
    bindings = document["results"]["bindings"]
    labelled = set(iri_columns(document)) if labels is not None else set()
    answer = []
    for binding in bindings:
        row: dict[str, object] = {}
        for name in names:
            term = binding.get(name)
            row[name] = value_of(term)
            if name in labelled:
                row[f"{name}_label"] = labels.get(term["value"]) if term and labels else None
        answer.append(row)
    return answer


def iri_columns(document: Mapping[str, Any]) -> list[str]:
    """The variables whose bound values are all IRIs (at least one)."""
    bindings = document["results"]["bindings"]
    return [
        name
        for name in document["head"]["vars"]
        if _kinds([binding.get(name) for binding in bindings]) == {"iri"}
    ]


def iris_of(document: Mapping[str, Any]) -> list[str]:
    """Every IRI of the :func:`iri_columns`, once, in order of appearance."""
    names = iri_columns(document)
    found: dict[str, None] = {}
    for binding in document["results"]["bindings"]:
        for name in names:
            if name in binding:
                found[binding[name]["value"]] = None
    return list(found)


def to_frame(document: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> Any:
    """The solutions as a pandas DataFrame with one typed column per variable.

    With ``labels`` (IRI -> label), every column holding IRIs only is followed by a
    ``<column>_label`` column of their labels (``<NA>`` for an IRI without one).
    """
    pd = pandas()
    if pd is None:
        raise ImportError("pandas is not installed: pip install spacegraph[notebook]")
    names = document["head"]["vars"]
    bindings = document["results"]["bindings"]
    columns: dict[str, Any] = {}
    labelled = set(iri_columns(document)) if labels is not None else set()
    for name in names:
        terms = [binding.get(name) for binding in bindings]
        columns[name] = _column(pd, terms)
        if name in labelled:
            named = [labels.get(term["value"]) if term and labels else None for term in terms]
            columns[f"{name}_label"] = pd.array(named, dtype="string")
    return pd.DataFrame(columns, index=pd.RangeIndex(len(bindings)))


def _kinds(terms: Sequence[Mapping[str, Any] | None]) -> set[str]:
    return {kind for kind in map(kind_of, terms) if kind is not None}


def _column(pd: ModuleType, terms: Sequence[Mapping[str, Any] | None]) -> Any:
    values = [value_of(term) for term in terms]
    kinds = _kinds(terms)
    present = [value for value in values if value is not None]
    if kinds <= {"integer"} and all(type(v) is int for v in present) and present:
        return pd.array(values, dtype="Int64")
    if kinds <= {"integer", "float"} and present:
        try:
            return pd.array([None if v is None else float(v) for v in values], dtype="float64")
        except (TypeError, ValueError):
            pass  # a literal whose text is not a number: keep the values
    elif kinds == {"boolean"} and all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean")
    elif kinds and kinds <= {"date", "datetime"}:
        stamps = _timestamps(pd, values)
        if stamps is not None:
            return stamps
    elif kinds and kinds <= {"iri", "text"}:
        return pd.array(values, dtype="string")
    return pd.array(values, dtype=object)


def _timestamps(pd: ModuleType, values: list[object]) -> Any:
    """Dates and date-times as a datetime64 column (UTC when any has a time zone), or None
    when some value is not a valid date (it stayed text) or they cannot share a column."""
    if not all(v is None or isinstance(v, dt.date) for v in values):
        return None
    aware = any(isinstance(v, dt.datetime) and v.tzinfo is not None for v in values)
    try:
        stamps = pd.to_datetime(pd.Series(values, dtype=object), utc=aware)
    except (TypeError, ValueError):
        return None
    # nanoseconds, the unit pandas 2 and 3 both give a datetime64 column by default
    return pd.array(stamps.astype("datetime64[ns, UTC]" if aware else "datetime64[ns]"))
