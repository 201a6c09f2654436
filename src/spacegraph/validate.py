"""The SHACL gate: check a document's graph against ``shapes/`` with pySHACL.

Shapes come in two files by severity (STYLE.md item 10): ``shapes/violations.ttl`` blocks
loading a document, ``shapes/warnings.ttl`` is reported only. :class:`Validator` parses the
shapes and the ontology once; :meth:`Validator.validate` returns a :class:`ValidationReport`
read from pySHACL's report *graph* (never its text). Nothing here prints or exits.

How the ontology takes part (no reasoner runs, ``inference='none'``): the shapes need two
kinds of ontology triples in the graph they check, and :class:`Validator` extracts both ONCE
and adds them to a private copy of each data graph:

- ``rdfs:subClassOf``: ``sh:class`` follows ``rdf:type/rdfs:subClassOf*`` in the data graph,
  so with the axiom a body typed only ``sg:SpaceAgency`` satisfies ``sh:class
  sg:GovernmentBody``.
- SKOS scheme membership (``skos:inScheme``, ``skos:topConceptOf``, ``skos:hasTopConcept``),
  which the genre and modality shapes read.

pySHACL's own ``ont_graph`` mix-in ("inoculation") is not used: it repeats the copy on every
call (about 0.35 s with the project ontology, whose concepts are ``owl:NamedIndividual`` and
so are cloned whole), and it copies SKOS triples only for such individuals.

The caller's graph is never modified: each run validates a fresh copy.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, RDFS, SH, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from .errors import SpacegraphError
from .settings import Settings
from .vocab import PREFIXES

SGSH = Namespace("https://w3id.org/spacegraph/shapes#")

#: The ontology predicates the shapes read: class hierarchy and SKOS scheme membership.
_MIXIN_PREDICATES = (RDFS.subClassOf, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept)

_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}

_MAX_VALUE_CHARS = 60


def _namespace_manager() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True)
    manager.bind("sgsh", SGSH, override=True)
    manager.bind("sh", Namespace(str(SH)), override=True)
    return manager


_NAMES = _namespace_manager()


def _short(node: Node | None) -> str:
    """A prefixed name when a project prefix fits, else the N-Triples form."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return _NAMES.curie(node, generate=False)
        except (KeyError, ValueError):
            return node.n3()
    if isinstance(node, Literal):
        text = node.n3(_NAMES)
        if len(text) > _MAX_VALUE_CHARS:
            text = text[: _MAX_VALUE_CHARS - 1] + "…"
        return text
    return "[]"  # a blank node or a complex property path


@dataclass(frozen=True)
class Issue:
    """One SHACL result: which shape, on which node, at which property, and why."""

    severity: str  # "violation", "warning" or "info"
    shape: Node
    focus: Node
    path: Node | None  # the property (sh:resultPath), None for a rule on the node itself
    value: Node | None
    message: str

    def __str__(self) -> str:
        focus = self.focus.n3() if isinstance(self.focus, URIRef) else _short(self.focus)
        where = ""
        if self.path:
            value = f" = {_short(self.value)}" if self.value is not None else ""
            where = f" ({_short(self.path)}{value})"
        elif self.value is not None and self.value != self.focus:
            where = f" ({_short(self.value)})"
        return f"{_short(self.shape)} on {focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: it conforms when there is no violation."""

    conforms: bool
    violations: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        """Violations first, then warnings."""
        return [*self.violations, *self.warnings]


def _parse_folder(folder: Path, what: str) -> Graph:
    """Every ``*.ttl`` file of ``folder`` in one graph; an empty folder is an error."""
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    if not files:
        raise SpacegraphError(f"no {what} found: {folder} has no *.ttl file")
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises several kinds of parser errors
            raise SpacegraphError(f"{path}: cannot parse the {what}: {error}") from error
    return graph


def _ontology_mixin(ontology: Graph) -> Graph:
    """The ontology triples the shapes need in the data graph (see the module docstring)."""
    mixin = Graph()
    for predicate in _MIXIN_PREDICATES:
        for subject, obj in ontology.subject_objects(predicate):
            mixin.add((subject, predicate, obj))
    return mixin


def _message(report: Graph, result: Node) -> str:
    messages = sorted(report.objects(result, SH.resultMessage), key=str)
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    chosen = english or messages
    if chosen:
        return str(chosen[0])
    component = report.value(result, SH.sourceConstraintComponent)
    return f"constraint {_short(component)} not met"


def _issues(report: Graph) -> Iterable[Issue]:
    """Top-level results only: nested ``sh:detail`` results are part of their parent."""
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(report_node, SH.result):
            severity = report.value(result, SH.resultSeverity)
            yield Issue(
                severity=_SEVERITIES.get(severity, "violation"),  # type: ignore[arg-type]
                shape=report.value(result, SH.sourceShape) or BNode(),
                focus=report.value(result, SH.focusNode) or BNode(),
                path=report.value(result, SH.resultPath),
                value=report.value(result, SH.value),
                message=_message(report, result),
            )


def _sort_key(issue: Issue) -> tuple[str, ...]:
    return (str(issue.shape), str(issue.focus), str(issue.path), str(issue.value), issue.message)


class Validator:
    """Shapes and ontology parsed once; :meth:`validate` checks one graph at a time.

    ``shapes`` and ``ontology`` are the parsed graphs; validating does not change them.
    """

    def __init__(self, shapes_dir: Path | None = None, ontology_dir: Path | None = None) -> None:
        settings = Settings()
        self.shapes_dir = Path(shapes_dir) if shapes_dir is not None else settings.shapes
        self.ontology_dir = Path(ontology_dir) if ontology_dir is not None else settings.ontology
        self.shapes: Graph = _parse_folder(self.shapes_dir, "SHACL shapes")
        self.ontology: Graph = _parse_folder(self.ontology_dir, "ontology")
        self._mixin: Graph = _ontology_mixin(self.ontology)

    def validate(self, data: Graph) -> ValidationReport:
        """Validate ``data`` (left unchanged) against every shape."""
        work = Graph()
        for triple in data.triples((None, None, None)):
            work.add(triple)
        for triple in self._mixin:
            work.add(triple)
        _conforms, report, _text = pyshacl.validate(
            work,
            shacl_graph=self.shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,  # ``work`` is already a private copy
        )
        if not isinstance(report, Graph):
            raise SpacegraphError(f"SHACL validation could not run: {report}")
        issues = sorted(_issues(report), key=_sort_key)
        violations = [i for i in issues if i.severity == "violation"]
        warnings = [i for i in issues if i.severity != "violation"]
        return ValidationReport(conforms=not violations, violations=violations, warnings=warnings)


@functools.cache
def _cached_validator(shapes_dir: Path, ontology_dir: Path) -> Validator:
    return Validator(shapes_dir, ontology_dir)


def validate(
    data: Graph, *, shapes_dir: Path | None = None, ontology_dir: Path | None = None
) -> ValidationReport:
    """Validate ``data`` with the shapes in ``shapes_dir`` (default: the project's ``shapes/``).

    The parsed shapes and ontology are kept per pair of folders for the life of the process;
    build a :class:`Validator` to control that yourself.
    """
    settings = Settings()
    shapes = Path(shapes_dir or settings.shapes).resolve()
    ontology = Path(ontology_dir or settings.ontology).resolve()
    return _cached_validator(shapes, ontology).validate(data)


__all__ = ["SGSH", "Issue", "ValidationReport", "Validator", "validate"]
