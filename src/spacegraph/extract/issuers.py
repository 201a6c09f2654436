"""Who issued a document, and in whose voice a strategy speaks.

The catalogue's issuers when it names them; else the bodies or the government named on the
short lines above the text ("UK Space Agency", "Canadian Space Agency | Global Affairs
Canada", "Australian Government", "Decision of the Strategic Headquarters ..."); else the
body a sentence near the top names as the author ("This strategy of the Korea AeroSpace
Administration sets out ...").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from ..authority import Authority, choose
from ..sources import SourceDocument
from ..text import Sentence
from .mint import entity_of
from .model import Entity

_KINDS = {"State", "GovernmentBody", "SpaceAgency", "InternationalBody"}
#: One head line may name several issuers: "Canadian Space Agency | Global Affairs Canada".
_PARTS = re.compile(r"\s+[|/]\s+|\s*;\s*")
#: What a head line may say before the issuer's name.
_BY = re.compile(
    r"^(?:(?:a\s+)?decision\s+of|(?:adopted|approved|issued|published|prepared)\s+by)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)
#: "This strategy of the Department of Foreign Affairs and Trade (DFAT) ...", "this
#: Policy by the Ministry of ..."
_AUTHORED = re.compile(
    r"\b(?:this|the\s+present)\s+(?:[\w-]+\s+){0,3}?(?:strategy|policy|framework|plan|document)"
    r"\s+(?:of|by|from)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def find_issuers(
    document: SourceDocument, authority: Authority, sentence_list: list[Sentence]
) -> list[Entity]:
    """The entities that issued ``document``, known to the authority."""
    if document.meta.issuers:
        found = [_issuer(n, authority, loose=True) for n in document.meta.issuers]
    else:
        head = itertools.takewhile(lambda s: len(s.text.split()) <= 12, sentence_list[:8])
        names = [part for s in head if len(s.text.split()) <= 8 for part in _PARTS.split(s.text)]
        found = [_issuer(name, authority) for name in names]
        if not any(e is not None and e.kind != "State" for e in found):
            found += _authors(sentence_list[:25], authority)
    return list({e.iri: e for e in found if e is not None}.values())


def _issuer(name: str, authority: Authority, loose: bool = False) -> Entity | None:
    cleaned = _BY.sub("", re.sub(r"\s*\(.*?\)\s*", " ", name).strip())
    cleaned = re.sub(r"^(?:the\s+)?Government\s+of\s+(?:the\s+)?", "", cleaned, flags=re.I)
    if government := re.fullmatch(r"(?:the\s+)?(\S+(?:\s+\S+)?)\s+Government", cleaned, re.I):
        cleaned = government[1]  # "Australian Government"
    entry = choose(authority.lookup(cleaned), [])
    if entry is None and (code := authority.state_code(cleaned)):
        entry = authority.states.get(code)
    if entry is None and loose:  # a catalogue's issuer may say more
        matches = authority.find(cleaned)
        entry = choose(matches[0].candidates, []) if matches else None
    return entity_of(entry) if entry is not None and entry.kind in _KINDS else None


def _authors(sentence_list: list[Sentence], authority: Authority) -> list[Entity]:
    """The bodies sentences name as the document's author ("This strategy of the X")."""
    found = []
    for sentence in sentence_list:
        for match in _AUTHORED.finditer(sentence.text):
            names = authority.find(sentence.text[match.end() :])
            name = names[0] if names and names[0].span.start == 0 else None
            entry = choose(name.candidates, []) if name else None
            if entry is not None and entry.kind in _KINDS - {"State"}:
                found.append(entity_of(entry))
    return found


def dominant_state(sentence_list: list[Sentence], authority: Authority) -> str | None:
    """The state a document names far more often than any other (a national strategy that
    never says who issued it): at least three times, and twice as often as the next."""
    counts = Counter(
        entry.state
        for sentence in sentence_list
        for match in authority.find(sentence.text)
        for entry in match.candidates[:1]
        if entry.kind == "State"
    )
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]
