"""The gazetteer: the names, aliases, classes, states and Wikidata items of known entities.

Read from ``reference/authority.ttl`` (the authority graph). Finds every known name in a
text and resolves a name to one entity, using the state it is said to belong to when a
name is generic ("Ministry of Foreign Affairs").
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from .text import Span
from .vocab import SG

P = TypeVar("P")

#: The classes the authority file uses, most specific first.
KINDS = (
    "SpaceAgency",
    "GovernmentBody",
    "InternationalBody",
    "State",
    "Mission",
    "Agreement",
    "Policy",
    "Person",
    "Place",
)


@dataclass(frozen=True)
class Entry:
    iri: URIRef
    kind: str
    label: str
    state: str | None  # ISO 3166 alpha-2 code, upper case
    names: tuple[str, ...]
    wikidata: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class NameMatch:
    span: Span
    surface: str
    candidates: tuple[Entry, ...]


_FOREIGN_MINISTRY = re.compile(
    r"^(?:Ministry|Department|Federal\s+Foreign\s+Office|Foreign)\b.*\b(?:Foreign|External)\s+Affairs\b"
    r"|^(?:United\s+States\s+|U\.S\.\s+)?Department\s+of\s+State$|^Federal\s+Foreign\s+Office$"
    r"|^Foreign,\s+Commonwealth"
)


def _fold(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").split()).casefold()


def _is_acronym(name: str) -> bool:
    return not any(ch.islower() for ch in name)


def _alternation(names: Iterable[str], *, fold: bool = False) -> str:
    r"""A regular expression (no groups) for any of ``names``, words joined by ``\s+``; at
    each place the longest name that matches wins, as in an alternation sorted longest first.

    The names are merged into a character trie so that the engine follows one branch per
    character instead of trying every name in turn (hundreds of names: ~10x faster).
    ``fold`` lower-cases the names, for patterns compiled with ``re.IGNORECASE``.
    """
    trie: dict = {}
    for name in names:
        node = trie
        for token in " ".join(name.split()).lower() if fold else " ".join(name.split()):
            node = node.setdefault(token, {})
        node[""] = {}  # a name ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [
        (r"\s+" if token == " " else re.escape(token)) + _trie_pattern(child)
        for token, child in sorted(node.items())
        if token
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


@dataclass
class Authority:
    """An index over the authority graph."""

    graph: Graph
    entries: dict[URIRef, Entry] = field(default_factory=dict)
    by_name: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    states: dict[str, Entry] = field(default_factory=dict)
    state_names: dict[str, str] = field(default_factory=dict)  # folded name/demonym → code
    state_forms: dict[str, list[str]] = field(default_factory=dict)  # code → folded names
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital's name → code
    capital_names: dict[str, list[str]] = field(default_factory=dict)  # code → its names
    _patterns: dict[str, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        codes = {s: str(code).upper() for s, code in self.graph.subject_objects(SG.isoCode)}
        for subject in set(self.graph.subjects(RDF.type, None)):
            if not isinstance(subject, URIRef):
                continue
            entry = self._entry(subject, codes)
            if entry is None:
                continue
            self.entries[subject] = entry
            for name in {_fold(name) for name in entry.names}:
                self.by_name[name].append(entry)
            if entry.kind == "State" or (entry.kind == "InternationalBody" and subject in codes):
                code = codes[subject]
                self.states[code] = entry
                for name in (*entry.names, *map(str, self.graph.objects(subject, SG.demonym))):
                    self.state_names[_fold(name)] = code
                for name in sorted(map(str, self.graph.objects(subject, SG.capitalName))):
                    self.capitals[_fold(name)] = code
                    self.capital_names.setdefault(code, []).append(name)
        for form, code in self.state_names.items():
            self.state_forms.setdefault(code, []).append(form)
        self._acronyms = re.compile(
            r"(?<![\w.])(?:"
            + _alternation(n for n in self._all_names() if _is_acronym(n))
            + r")(?!\w)"
        )
        self._names = re.compile(
            r"(?<!\w)(?:"
            + _alternation((n for n in self._all_names() if not _is_acronym(n)), fold=True)
            + r")(?!\w)",
            re.IGNORECASE,
        )
        self._state_alternation = r"(?:" + _alternation(self._state_surface_forms()) + r")(?!\w)"
        capitals = (name for names in self.capital_names.values() for name in names)
        self._capital_alternation = r"(?:" + _alternation(capitals) + r")(?!\w)"

    def _entry(self, subject: URIRef, codes: dict[object, str]) -> Entry | None:
        types = {t for t in self.graph.objects(subject, RDF.type)}
        kind = next((k for k in KINDS if SG[k] in types), None)
        if kind is None:
            return None
        label = self.graph.value(subject, RDFS.label)
        if label is None:
            return None
        aliases = [str(a) for a in self.graph.objects(subject, SKOS.altLabel)]
        state_iri = self.graph.value(subject, SG.state)
        state = codes.get(subject) if kind == "State" else codes.get(state_iri)
        wikidata = tuple(
            sorted(o for o in self.graph.objects(subject, OWL.sameAs) if isinstance(o, URIRef))
        )
        names = tuple(dict.fromkeys([str(label), *sorted(aliases)]))
        return Entry(subject, kind, str(label), state, names, wikidata)

    def _all_names(self) -> Iterator[str]:
        for entry in self.entries.values():
            yield from entry.names

    def _state_surface_forms(self) -> Iterator[str]:
        for code, entry in self.states.items():
            yield from entry.names
            yield from (str(d) for d in self.graph.objects(entry.iri, SG.demonym))
            del code

    # look-ups -------------------------------------------------------------------------------

    def find(self, text: str, offset: int = 0) -> list[NameMatch]:
        """Every known name in ``text`` (longest first, no overlaps), in order: full names
        first, then acronyms where no full name was found."""
        names = list(self._matches(self._names, text, offset))  # in order, disjoint
        starts = [m.span.start for m in names]
        acronyms = []
        for match in self._matches(self._acronyms, text, offset):
            at = bisect.bisect(starts, match.span.start)
            before, after = names[at - 1] if at else None, names[at] if at < len(names) else None
            if (before and before.span.end > match.span.start) or (
                after and after.span.start < match.span.end
            ):
                continue
            acronyms.append(match)
        return sorted([*names, *acronyms], key=lambda m: m.span.start)

    def _matches(self, pattern: re.Pattern[str], text: str, offset: int) -> Iterator[NameMatch]:
        for match in pattern.finditer(text):
            candidates = tuple(self.by_name.get(_fold(match.group()), ()))
            if any(c.kind == "State" for c in candidates) and not _names_a_state(text, match):
                candidates = tuple(c for c in candidates if c.kind != "State")
            if _ARTICLE.sub("", match.group())[:1].islower():  # "commercial LEO destinations"
                candidates = tuple(c for c in candidates if _written_so(c, match.group()))
            if candidates:
                span = Span(offset + match.start(), offset + match.end())
                yield NameMatch(span, match.group(), candidates)

    def lookup(self, name: str, kinds: Iterable[str] | None = None) -> list[Entry]:
        wanted = set(kinds) if kinds is not None else None
        return [e for e in self.by_name.get(_fold(name), []) if wanted is None or e.kind in wanted]

    def state_code(self, name: str) -> str | None:
        """``"Japanese"``, ``"U.S."``, ``"France"`` → the ISO code of that state."""
        return self.state_names.get(_fold(name.strip()))

    def capital_code(self, name: str) -> str | None:
        """``"Tokyo"``, ``"The Hague"`` → the ISO code of the state its government seats."""
        return self.capitals.get(_fold(name.strip()))

    def party_code(self, name: str) -> str | None:
        """A state named by its name, its demonym or its capital ("Japan", "Japanese",
        "Tokyo") → its ISO code."""
        return self.state_code(name) or self.capital_code(name)

    def with_demonym(self, name: str, code: str) -> Entry | None:
        """The one known body of state ``code`` that is ``name`` after the state's name or
        demonym ("Space Command" of France: the French Space Command)."""
        found = {
            entry.iri: entry
            for form in self.state_forms.get(code, [])
            for entry in self.by_name.get(_fold(f"{form} {name}"), [])
            if entry.state == code
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def state_iri(self, code: str) -> URIRef | None:
        entry = self.states.get(code.upper())
        return entry.iri if entry else None

    def foreign_ministry(self, code: str) -> Entry | None:
        """The one body of a state whose name says it runs foreign affairs, if there is one."""
        found = self.ministries(code, _FOREIGN_MINISTRY)
        return found[0] if len(found) == 1 else None

    def ministries(self, code: str, field: re.Pattern[str]) -> list[Entry]:
        """The government bodies of a state one of whose names ``field`` matches ("Ministry
        of Economy, Trade and Industry" for r"Ministry\b.*\bTrade"; Global Affairs Canada by
        its legal name, "Department of Foreign Affairs, Trade and Development")."""
        return [
            e
            for e in self.entries.values()
            if e.state == code
            and e.kind == "GovernmentBody"
            and any(field.search(name) for name in (e.label, *e.names))
        ]

    def compiled(self, key: str, build: Callable[[], P]) -> P:
        """A pattern (or patterns) built from this authority's names, compiled once per
        authority."""
        if key not in self._patterns:
            self._patterns[key] = build()
        return self._patterns[key]  # type: ignore[return-value]

    def state_pattern(self) -> str:
        """A regular expression (no groups) for any state name or demonym ("Japan", "U.S.")."""
        return self._state_alternation

    def capital_pattern(self) -> str:
        """A regular expression (no groups) for any state's capital ("Tokyo", "The Hague")."""
        return self._capital_alternation

    def with_states(self, template: str) -> re.Pattern[str]:
        """``template`` compiled once per authority, ``STATE`` in it standing for
        :meth:`state_pattern` (``r"\\bof\\s+(?P<state>STATE)\\b"``) and ``CAPITAL`` for
        any state's capital ("Tokyo", "Washington")."""
        return self.compiled(
            template,
            lambda: re.compile(
                template.replace("STATE", self._state_alternation).replace(
                    "CAPITAL", self._capital_alternation
                )
            ),
        )


#: State names that are also given names ("Chad Smith", "Jordan Lee", "Georgia Brown").
_GIVEN_NAMES = {"chad", "jordan", "georgia"}
#: Kinds whose names are written with capitals: in lower case the words describe, they do not
#: name ("commercial LEO destinations", "Itamaraty's department of science, technology and ...").
_CAPITALISED = {
    "Mission",
    "Agreement",
    "Policy",
    "GovernmentBody",
    "SpaceAgency",
    "InternationalBody",
}


def _written_so(entry: Entry, surface: str) -> bool:
    """Whether a name in lower case may be ``entry``: of a kind not written with capitals, or
    one of its names is written so ("eROSITA")."""
    folded = _fold(surface)
    return entry.kind not in _CAPITALISED or any(
        _ARTICLE.sub("", name)[:1].islower() for name in entry.names if _fold(name) == folded
    )


_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)  # "the Artemis Accords" is a title
_SURNAME = re.compile(
    r"\s+(?!(?:Space|Government|Ministry|Embassy|Armed|National|Air|Navy|"
    r"Defen[cs]e|State|Foreign|Federal|and|Delegation|Side)\b)[A-Z][a-z]+\b"
)


def _names_a_state(text: str, match: re.Match[str]) -> bool:
    """Whether a state's name found in ``text`` is one: a proper noun, written with its
    capital ("turkey", "chile" are not), and no person's given name ("Chad Smith")."""
    surface = match.group()
    if not surface[:1].isupper():
        return False
    return not (surface.casefold() in _GIVEN_NAMES and _SURNAME.match(text, match.end()))


def choose(
    candidates: Iterable[Entry], states: Iterable[str], *, strict: bool = False
) -> Entry | None:
    """The one candidate that fits the states in context, or the only candidate.

    With ``strict`` (the text says which state the name belongs to: "X from the Brazilian
    side"), a candidate of another state never fits.
    """
    options = list(candidates)
    wanted = [s.upper() for s in states]
    if strict:
        options = [e for e in options if e.state is None or e.state in wanted]
    if len(options) == 1:
        return options[0]
    for code in wanted:
        fitting = [e for e in options if e.state == code]
        if len(fitting) == 1:
            return fitting[0]
    stateless = [e for e in options if e.state is None]
    return stateless[0] if len(stateless) == 1 else None


@cache
def load_authority(path: Path) -> Authority:
    """The authority index of a Turtle file (parsed once per process)."""
    graph = Graph()
    for file in sorted(path.glob("*.ttl")) if path.is_dir() else [path]:
        graph.parse(file, format="turtle")
    return Authority(graph)
