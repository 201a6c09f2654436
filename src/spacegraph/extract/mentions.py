"""Entities mentioned in a document: known names from the authority file, and new ones.

New entities come from acronym definitions ("the French Space Command (CdE)") and from
capitalised names with a head noun ("Letter of Intent on Defence Space Cooperation"). They
are minted with ``minted=True`` (flagged for review, never linked to Wikidata).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from ..authority import Authority, choose
from ..text import Sentence, Span, match_text
from .mint import entity_of, mint
from .model import Entity, Extraction
from .names import NAME, OF_STATE, head_kind

#: "the Lunar Polar Exploration (LUPEX) mission": a name followed by a lower-case head noun.
_MISSION_AFTER = re.compile(
    r"(?:\s*\([A-Z][\w-]{1,12}\))?\s+(?:joint\s+)?(?:mission|satellite|spacecraft|telescope|"
    r"rover|lander|orbiter|probe|observatory|constellation)s?\b"
)
_ACRONYM_AFTER = re.compile(r"\s*\(\s*(?P<acr>[A-Z][A-Za-z0-9&./-]{1,12})\s*\)")
_GENERIC = re.compile(
    r"(?:the\s+)?(?:Ministry|Ministries|Department|Office|Cabinet|Secretariat|Council|Bureau|"
    r"Directorate|National|Federal|Foreign)\b"
)
_NUMBER_WORDS = r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Several|Many|All|Some)"
_LEADING = re.compile(r"^(?:(?:The|the|A|An|This|These|Our|Both|and|or)\s+)+")
#: Words that begin a sentence or a title without being part of a name.
_NOT_NAME_START = re.compile(
    r"^(?:Joint|Statement|Press|Releases?|Media|Note|Useful|Foreign Affairs|Table|Pillar|Goal|"
    r"Objective|In|On|At|As|For|From|With|During|Through|Under|By|To|Given|While|Recognizing|"
    r"Acknowledging|Additionally|Moreover|Furthermore|Finally|Current|Such|[A-Z][a-z]+ing|"
    + _NUMBER_WORDS
    + r")\b\s*"
)
_MINTABLE = {"GovernmentBody", "SpaceAgency", "InternationalBody", "Mission", "Agreement", "Policy"}


def _heading(text: str, sentence: Sentence) -> bool:
    """A title or heading line: Markdown ``#``, or a short line with no closing punctuation."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if text[line_start : sentence.start].lstrip().startswith("#") or sentence.text.startswith("#"):
        return True
    return len(sentence.text.split()) <= 14 and sentence.text.rstrip("*_ ")[-1:] not in ".!?:;,"


def known_mentions(
    extraction: Extraction,
    sentence_list: Iterable[Sentence],
    authority: Authority,
    context: list[str],
) -> list[tuple[Entity, Span]]:
    """Every known name in the sentences, resolved with the states in ``context``."""
    found = []
    sentences = list(sentence_list)
    starts = [s.start for s in sentences]
    # one pass over the whole text (a pass per sentence costs far more), then by sentence
    text = match_text(extraction.document.text)
    for match in authority.find(text):
        index = bisect_right(starts, match.span.start) - 1
        if index < 0 or match.span not in sentences[index].span:
            continue  # a name across a sentence break, or outside any sentence
        entry = choose(match.candidates, context)
        if entry is None or _NUMBERED.match(text, match.span.end):
            continue  # "Artemis II" is one mission of the Artemis programme: minted apart
        if _GENERIC.match(match.surface) and entry.state is not None:
            if entry.state not in context:
                continue  # "Ministry of Defence" in a Brazil-U.S. text is not the UK's
            if (
                len(context) > 1
                and _MINISTRY.match(match.surface)
                and _named_state(text, match.span, authority, sentences[index].start) != entry.state
            ):
                continue  # nor, in an Indonesia-Japan text, Japan's unless the text says so
        found.append((extraction.add_entity(entity_of(entry), sentences[index].span), match.span))
    return found


def _named_state(text: str, span: Span, authority: Authority, sentence_start: int) -> str | None:
    """The state written next to a generic name ("Japan's Ministry of Defense", "the Ministry
    of Defense of Japan"), else the last one the sentence names before it ("The French
    delegation included ... the Ministry of the Armed Forces")."""
    after = authority.with_states(OF_STATE).match(text, span.end)
    if after:
        return authority.state_code(after["state"])
    named = list(authority.with_states(_A_STATE).finditer(text, sentence_start, span.start))
    return authority.state_code(named[-1]["state"]) if named else None


#: Every state has ministries of the same names; "Department of State" is one state's.
_MINISTRY = re.compile(r"(?:the\s+)?Ministry\b")
_A_STATE = r"\b(?P<state>STATE)\b"


def new_mentions(
    extraction: Extraction,
    sentence_list: Iterable[Sentence],
    authority: Authority,
    known: list[tuple[Entity, Span]],
) -> list[tuple[Entity, Span]]:
    """Entities the authority does not know, minted from acronym definitions and head nouns."""
    taken = [span for _, span in known]
    found = []
    for sentence in sentence_list:
        if _heading(extraction.document.text, sentence):
            continue
        for match in NAME.finditer(sentence.text):
            start = sentence.start + match.start()
            name = match.group()
            while lead := _LEADING.match(name) or _NOT_NAME_START.match(name):
                name = name[lead.end() :]
                start += lead.end()
            name = re.sub(r"'s$", "", name).rstrip(" .,'")
            span = Span(start, start + len(name))
            if len(name.split()) < 2 or any(
                span.start < t.end and t.start < span.end for t in taken
            ):
                continue
            after = sentence.text[span.end - sentence.start :]
            kind = head_kind(name) or ("Mission" if _MISSION_AFTER.match(after) else None)
            if kind not in _MINTABLE:
                continue
            entity = _already(extraction, name, after)
            if entity is None:
                acronym = _ACRONYM_AFTER.match(after)
                entity = mint(name, kind, authority, acronym["acr"] if acronym else None)
            found.append((extraction.add_entity(entity, sentence.span), span))
            taken.append(span)
        for match in _DESIGNATED.finditer(sentence.text):  # "ALOS-2", "Artemis II", "LVM3"
            span = Span(sentence.start + match.start(), sentence.start + match.end())
            before = sentence.text[: match.start()]
            if (
                match["base"].upper() in _NOT_SPACECRAFT
                or before.rfind("(") > before.rfind(")")  # "(ALOS-2)": another's alias
                or before.endswith(('"', "'"))  # '"DAICHI-2"', a nickname
                or any(span.start < t.end and t.start < span.end for t in taken)
            ):
                continue
            entity = _already(extraction, match.group(), "") or mint(
                match.group(), "Mission", authority
            )
            found.append((extraction.add_entity(entity, sentence.span), span))
            taken.append(span)
    return found


_ROMAN = r"\s+(?:II|III|IV|VI{0,3})"
#: A spacecraft, launcher or mission named with its number or letter: "ALOS-2", "Himawari-9",
#: "GEO-KOMPSAT-2A", "Canadarm3", "Vega-C", "Sich-2-30", "Artemis II".
_DESIGNATED = re.compile(
    r"\b(?P<base>[A-Z][A-Za-z]{2,}|[A-Z]{2,})(?:-[A-Z][A-Za-z]+)*"
    r"(?:-\d{1,3}[A-Z]?(?:-\d{1,3})*|(?<=[a-z])\d{1,2}|(?<=[A-Z])\d{1,2}[A-Z]?|-[A-Z]\b|"
    + _ROMAN
    + r"(?![\w-]))(?![\w-])"
)
#: A number after a known name: "Artemis II", "Sentinel-6" is one spacecraft of the series.
_NUMBERED = re.compile(rf"(?:{_ROMAN}|-\d{{1,3}}[A-Z]?|\d{{1,2}})(?![\w-])")
#: Numbered things that are no spacecraft: conferences, diseases, goals, standards.
_NOT_SPACECRAFT = {
    *("COP", "COVID", "SDG", "ISO", "WRC", "UNSCR", "EO", "PPD", "SPD", "NSPM"),
    *("ARTICLE", "CHAPTER", "PART", "TITLE", "ANNEX", "PHASE", "SECTION", "PILLAR", "GOAL"),
    *("OBJECTIVE", "LEVEL", "TIER", "STAGE", "ROUND", "WORLD", "WAR"),
}


def _already(extraction: Extraction, name: str, after: str) -> Entity | None:
    """An entity this document already minted under this name (or whose name goes on after
    a comma: "Ministry of Science" in "Ministry of Science, Technology and Innovation")."""
    folded = name.casefold()
    for entity in extraction.entities.values():
        label = entity.label.casefold()
        if label == folded or (after.startswith(",") and label.startswith(folded + ",")):
            return entity
    return None
