"""Persons named with their titles: "French President Emmanuel Macron", "Foreign Secretary
Vinay Kwatra", "NASA Administrator Jane Doe". Known persons resolve to the authority file;
others are minted (flagged for review) with the state their title or context gives.
"""

from __future__ import annotations

import re

from .. import iris
from ..authority import Authority, choose
from ..text import Sentence, Span
from .mint import entity_of
from .model import Entity, Extraction
from .names import STATE_BEFORE, has_head

_TITLE = (
    r"(?:(?:Deputy|Vice|Under|Assistant|Acting|Chief|Senior|Principal)\s+)?"
    r"(?:President|Prime\s+Minister|Chancellor|Foreign\s+(?:Secretary|Minister)|"
    r"Secretary(?:[\s-]+General)?(?:\s+of\s+State)?|Minister(?:\s+(?:of|for)\s+[A-Z][\w,]*(?:\s+(?:and\s+)?[A-Z][\w]*){0,4})?|"
    r"Ambassador|Administrator|Director(?:[\s-]+General)?|Chair(?:man|woman|person)?|"
    r"Commissioner|Spokesperson|Dr\.|Mr\.|Ms\.|Mrs\.)"
)
_NAME_WORD = r"[A-Z][a-zà-ÿ'-]+(?:-[A-Z][a-zà-ÿ'-]+)?"
_PERSON = re.compile(
    r"\b"
    + _TITLE
    + r",?\s+(?P<name>"
    + _NAME_WORD
    + r"(?:\s+[A-Z]\.)?(?:\s+"
    + _NAME_WORD
    + r"){1,2})\b"
)


def find_people(
    extraction: Extraction, sentence_list: list[Sentence], authority: Authority, context: list[str]
) -> list[tuple[Entity, Span]]:
    """Every person named after a title; the state comes from a demonym or state name just
    before the title ("U.S. Vice President ..."), else from the document's parties if one."""
    state_before = authority.with_states(STATE_BEFORE)
    found = []
    for sentence in sentence_list:
        for match in _PERSON.finditer(sentence.text):
            name = match["name"]
            span = Span(sentence.start + match.start("name"), sentence.start + match.end("name"))
            known = authority.find(name)
            if known and known[0].span.start == 0:
                entry = choose([c for c in known[0].candidates if c.kind == "Person"], context)
                if entry is not None:
                    found.append((extraction.add_entity(entity_of(entry), sentence.span), span))
                continue
            if has_head(name) or authority.state_code(name.split()[0]) or authority.lookup(name):
                continue  # "Secretary General of the Ministry ..." names a body, not a person
            before = state_before.search(sentence.text[: match.start()])
            code = authority.state_code(before["state"]) if before else None
            person = Entity(iris.entity("Person", name), "Person", name, code, minted=True)
            found.append((extraction.add_entity(person, sentence.span), span))
    return found
