"""Entities mentioned in a document: known names from the authority file, and new ones.

New entities come from acronym definitions ("the French Space Command (CdE)") and from
capitalised names with a head noun ("Letter of Intent on Defence Space Cooperation"). They
are minted with ``minted=True`` (flagged for review, never linked to Wikidata).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from operator import attrgetter

from ..authority import Authority, choose
from ..text import Sentence, Span, match_text
from .bodies import pieces
from .dates import MONTH_NAME
from .mint import entity_of, mint, state_after
from .model import Entity, Extraction
from .names import BODY_KINDS, NAME, head_kind

#: A spacecraft's own nouns: "the Epsilon rocket", "a Chandrayaan mission".
_CRAFT = r"mission|satellite|spacecraft|telescope|rover|lander|orbiter|probe|rocket"
#: Nouns after a mission's name: the spacecraft's own, and what else a mission is called.
_MISSION_HEAD = (
    rf"(?:{_CRAFT}|microsatellite|nanosatellite|smallsat|[Cc]ube[Ss]at|observatory|"
    r"constellation|launcher|launch\s+vehicle|module|initiative|project)(?P<plural>s)?\b|"
    r"(?P<series>series)\b"
)
#: A word that may qualify a head noun ("radar" in "the PAZ radar satellite"), not a function
#: word that would carry the name into the rest of the clause.
_QUALIFIER = (
    r"(?!(?:and|or|of|the|to|for|with|in|on|by|from|at|its|their|his|her|a|an|is|are|was|"
    r"were|has|have|had|will|would|be|been|that|which|who)\b)[a-z][\w-]*"
)
#: Words that describe a spacecraft without naming it: "the L-band SAOCOM satellites", "the
#: Australian-built Eris rocket", "the IXPE X-ray observatory".
_DESCRIPTIVE = (
    r"[A-Z]-band|X-ray|[A-Z][a-z]+-(?:built|made|led|based|developed|designed|owned|operated)"
)
#: "the Lunar Polar Exploration (LUPEX) mission", "the PAZ radar satellite", "the MicroDragon
#: and NanoDragon satellites": a name followed by a lower-case head noun.
_MISSION_AFTER = re.compile(
    rf"(?:\s*\([A-Z][\w-]{{1,12}}\))?\s+(?:joint\s+)?"
    rf"(?:(?:{_QUALIFIER}|{_DESCRIPTIVE})\s+){{0,2}}?(?:{_MISSION_HEAD})"
)
#: "WildFireSat, a Canadian fire-monitoring mission": a name and its description.
_DESCRIBED = re.compile(
    rf",\s+(?:a|an|the)\s+(?:(?!(?:of|for|to|and|with|at|in|on|by)\b)[\w-]+\s+){{0,4}}?"
    rf"(?:{_MISSION_HEAD})"
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
    r"^(?:Joint(?=\s+(?:Statement|Press|Media|Communiqu))|"
    r"Statement|Press|Releases?|Media|Note|Useful|Foreign Affairs|Table|Pillar|Goal|"
    r"Objective|In|On|At|As|For|From|With|During|Through|Under|By|To|Given|While|Recognizing|"
    r"Acknowledging|Additionally|Moreover|Furthermore|Finally|Current|Such|[A-Z][a-z]+ing|"
    + MONTH_NAME
    + r"(?:\s+\d{1,4})*(?:\s+(?:of|in))?|"
    + _NUMBER_WORDS
    + r")\b\s*"
)
_MINTABLE = {"GovernmentBody", "SpaceAgency", "InternationalBody", "Mission", "Agreement", "Policy"}
#: A state's own bodies: the kinds whose state a name may give after it.
_BODY = {"GovernmentBody", "SpaceAgency"}


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
        named = None  # "Japan's Ministry of Foreign Affairs" when several states have one
        if len(context) > 1 and _MINISTRY.match(match.surface):
            named = _named_state(text, match.span, authority, sentences[index].start)
        entry = choose(match.candidates, [named] if named else context, strict=bool(named))
        if entry is None or _NUMBERED.match(text, match.span.end):
            continue  # "Artemis II" is one mission of the Artemis programme: minted apart
        if _longer_name(text, match, authority):
            continue  # "Kenya's State Department for Foreign Affairs" is not the U.S. one
        if entry.kind == "Mission" and (serial := _SERIAL.match(text, match.span.end)):
            span = Span(match.span.start, serial.end())  # "Landsat 9": one of the series
            name = text[span.start : span.end]
            entity = _mission(extraction, name, authority)
            found.append((extraction.add_entity(entity, sentences[index].span), span))
            continue
        if entry.kind == "Mission" and text[match.span.end : match.span.end + 1] == "-":
            continue  # "Kibo-ABC" names another thing
        if entry.kind == "Policy" and owner(text, match.span, authority) not in (None, entry.state):
            continue  # "Kenya's National Space Policy" is not the U.S. one: minted apart
        if _GENERIC.match(match.surface) and entry.state is not None:
            if entry.state not in context:
                continue  # "Ministry of Defence" in a Brazil-U.S. text is not the UK's
            if len(context) > 1 and _MINISTRY.match(match.surface) and named != entry.state:
                continue  # nor, in an Indonesia-Japan text, Japan's unless the text says so
        found.append((extraction.add_entity(entity_of(entry), sentences[index].span), match.span))
    return found


def _named_state(text: str, span: Span, authority: Authority, sentence_start: int) -> str | None:
    """The state written next to a generic name ("Japan's Ministry of Defense", "the Ministry
    of Defense of Japan"), else the last one the sentence names before it ("The French
    delegation included ... the Ministry of the Armed Forces")."""
    if after := state_after(text, span.end, authority):
        return after
    named = list(authority.with_states(_A_STATE).finditer(text, sentence_start, span.start))
    return authority.state_code(named[-1]["state"]) if named else None


def owner(text: str, span: Span, authority: Authority) -> str | None:
    """The state whose name, possessive or adjective comes right before a name ("Kenya's
    National Space Policy", "Norway's first National Security Strategy")."""
    line_start = text.rfind("\n", 0, span.start) + 1
    found = authority.with_states(_OWNER).search(text, line_start, span.start)
    return authority.state_code(found["state"]) if found else None


_OWNER = (
    r"\b(?P<state>STATE)(?:'s|\u2019s)?\s+"
    r"(?:(?:first|new|updated|revised|draft|latest|own|current|national)\s+)*$"
)

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
    # states and the EU: "EU Space Strategy", "Korea Pathfinder Lunar Orbiter"
    states = {span for entity, span in known if authority.state_code(entity.label)}
    # international bodies: "United Nations Framework Convention ...", "EUMETSAT Polar System"
    orgs = {span for entity, span in known if entity.kind == "InternationalBody"}
    text = extraction.document.text
    found = []
    for sentence in sentence_list:
        if _heading(text, sentence):
            continue
        for match in NAME.finditer(sentence.text):
            run = Span(sentence.start + match.start(), sentence.start + match.end())
            for found_span, listed in _names_in(text, run, taken, states, orgs):
                span = _without_demonym(text, found_span, authority)
                name = text[span.start : span.end]
                if not re.search(r"[A-Za-z]", name):
                    continue  # "2" of "PAZ 2" when the known name was cut out
                after = text[span.end : sentence.span.end]
                kind = head_kind(name) if " " in name else None
                if kind is None and (defined := _defined_as(extraction, name)):
                    found.append((extraction.add_entity(defined, sentence.span), span))
                    taken.append(span)  # "KNMI" after "the ... Institute (KNMI)" of a list
                    continue
                first = not re.search(r"[A-Za-z]", text[sentence.start : span.start])
                if kind is None and (listed or _is_mission_name(name, after, first, authority)):
                    kind = "Mission"
                if kind not in _MINTABLE:
                    continue
                entity = _already(extraction, name, after)
                if entity is None:
                    acronym = _ACRONYM_AFTER.match(after)
                    acr = acronym["acr"] if acronym else None
                    # "the Ministry of Defence of Peru": a body's state written after it
                    of = state_after(text, span.end, authority) if kind in _BODY else None
                    of = owner(text, span, authority) if kind == "Policy" else of
                    entity = mint(name, kind, authority, acr, state=of)
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
            entity = _mission(extraction, match.group(), authority)
            found.append((extraction.add_entity(entity, sentence.span), span))
            taken.append(span)
    return found


def _without_demonym(text: str, span: Span, authority: Authority) -> Span:
    """A state's adjective is no part of a spacecraft's one-word name: "the Indian PSLV", "the
    French MicroCarb mission" (but "Korea Pathfinder Lunar Orbiter" keeps its state)."""
    match = _DEMONYM_DESIGNATOR.fullmatch(text, span.start, span.end)
    if match and authority.state_code(match["state"]):
        return Span(match.start("name"), span.end)
    return span


#: A capitalised word, then one name with a capital or a digit inside ("PSLV", "PLATiNO").
_DEMONYM_DESIGNATOR = re.compile(
    r"(?P<state>[A-Z][a-z]+)\s+(?P<name>[A-Z](?=[\w-]*[A-Z0-9])[\w-]+)"
)


def _names_in(
    text: str, run: Span, taken: list[Span], states: set[Span], orgs: set[Span]
) -> list[tuple[Span, bool]]:
    """The names in a run of capitalised words, each with whether a plural head noun after
    the run calls them missions ("the Megha-Tropiques and SARAL missions"): the parts no
    known name covers ("Arctic Weather Satellite" in "Arctic Weather Satellite of the European
    Space Agency"), split into list items ("A and the B"). A state's name that opens a
    name stays in it ("Korea Pathfinder Lunar Orbiter", "Canada-ESA Cooperation Agreement"),
    as does an international body's that opens a mission or an agreement ("United Nations
    Framework Convention"); one with "'s" does not, nor an agency's ("NASA Goddard Space
    Flight Center")."""
    before = next((t for t in states if t.end == run.start - 1 and text[t.end] == "-"), None)
    if before is not None:
        run = Span(before.start, run.end)  # "U.S.-Ukraine Charter": the run began at "Ukraine"
    cuts: list[Span] = []
    for cut in sorted(
        (t for t in taken if t.start < run.end and run.start < t.end), key=attrgetter("start")
    ):
        if cuts and cuts[-1] in states and text[cuts[-1].end : cut.start] == "-":
            cuts[-1] = Span(cuts[-1].start, cut.end)  # "U.S.-Ukraine", "Canada-ESA": one adjective
            states = states | {cuts[-1]}
        else:
            cuts.append(cut)
    parts, position = [], run.start
    for index, cut in enumerate(cuts):
        following = cuts[index + 1].start if index + 1 < len(cuts) else run.end
        opens = _NAME_GOES_ON.match(text, cut.end) and head_kind(
            text[cut.start : following].rstrip(" .,;:")
        )
        parts.append(Span(position, cut.start))
        # a state's name that opens a name starts the next part; any other known name is cut
        opener = cut in states or (cut in orgs and opens in {"Agreement", "Mission"})
        position = cut.start if opens and opener else max(position, cut.end)
    parts.append(Span(position, run.end))
    parts = [part for part in parts if part.end > part.start]
    names = []
    for part in parts:
        after = _MISSION_AFTER.match(text, part.end)
        plural = after is not None and bool(after["plural"] or after["series"])
        chunk = text[part.start : part.end]
        halves = _AND_OF.split(chunk)  # "the Space Defence Strategy and of the IRIS² ..."
        items = [i for h in halves for i in (_LIST_JOINT.split(h) if plural else _items(h))]
        position = part.start
        for item in items:
            start = text.index(item, position)
            position = start + len(item)
            name = _trimmed(item)
            if name:
                offset = start + item.index(name)
                names.append((Span(offset, offset + len(name)), plural and len(items) > 1))
    return names


def _items(chunk: str) -> list[str]:
    """:func:`bodies.pieces`, called only where a list could be (most runs are one name)."""
    return pieces(chunk) if _MAY_LIST.search(chunk) else [chunk]


_MAY_LIST = re.compile(r",|;|\s(?:and|with|as\s+well\s+as)\s")
#: After a state's name, a name goes on: "Korea Pathfinder ..." but not "Japan and ...".
_NAME_GOES_ON = re.compile(r" (?!(?:and|or|of|for|on|the|de)\b)[A-Z]")
_AND_OF = re.compile(r"\s+and\s+(?:of|for|on)\s+")
_LIST_JOINT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_EDGE = re.compile(r"^(?:'s\b|[\s,;:.'(]|(?:and|or|of|for|on|the|de|des|du|la)\b)+")
_EDGE_END = re.compile(r"(?:\s+(?:and|or|of|for|on|the|de|des|du|la|d')|[\s,;:.'(])+$")


def _trimmed(item: str) -> str:
    """A list item without the words around its name ("The", "'s", "and the")."""
    name = _EDGE.sub("", item)
    while lead := _LEADING.match(name) or _NOT_NAME_START.match(name):
        name = name[lead.end() :]
    name = re.sub(r"'s$", "", name)
    name = re.sub(r"^.*(?:'s|s')\s+(?=[A-Z])", "", name)  # "Federal Government's Space Strategy"
    name = _MODIFIER_END.sub("", _MODIFIER.sub("", name))
    return _EDGE_END.sub("", _YEAR_END.sub("", name))


_MODIFIER = re.compile(rf"^(?:(?:{_DESCRIPTIVE})(?:\s+|$))+")
_MODIFIER_END = re.compile(rf"(?:\s+(?:{_DESCRIPTIVE}))+$")


#: "Space Security Strategy of 2023", "Hiroshima Accord of May 2023": no part of the name.
_YEAR_END = re.compile(rf"\s+(?:of|in)\s+(?:\d{{1,2}}\s+)?(?:{MONTH_NAME}\s+)?\d{{4}}$")


def _is_mission_name(name: str, after: str, first: bool, authority: Authority) -> bool:
    """A name the words after it call a mission ("the IDEFIX rover", "WildFireSat, a Canadian
    fire-monitoring mission"); not a place, a body of the solar system or a field ("the Mars
    rover", "Earth Observation satellites"). One ordinary word is a name only right before
    the noun and not opening the sentence ("the Epsilon rocket", not "Use satellite data")."""
    if not (_MISSION_AFTER.match(after) or _DESCRIBED.match(after)):
        return False
    words = name.split()
    if name in _TECHNIQUES:
        return False  # "the X-band SAR satellites", "GNSS satellites"
    if words[-1] in _FIELDS and not _ACRONYM_AFTER.match(after):
        return False
    if len(words) > 1:
        return True
    if name in _FIELDS or authority.state_code(name):
        return False
    plain = re.fullmatch(r"[A-Z][a-z]+", name) is not None
    return not plain or (not first and _CRAFT_AFTER.match(after) is not None)


_CRAFT_AFTER = re.compile(rf"\s+(?:{_CRAFT})s?\b")


#: Words that name a field, a place or a body of the solar system, not one mission.
_FIELDS = {
    *("Earth", "Moon", "Lunar", "Mars", "Martian", "Solar", "Sun", "Venus", "Jupiter", "Saturn"),
    *("Space", "Science", "Sciences", "Observation", "Exploration", "Research", "Navigation"),
    *("Communication", "Communications", "Surveillance", "Monitoring", "Security", "Defence"),
    *("Defense", "Climate", "Weather", "Arctic", "Antarctic", "Polar", "National", "Joint"),
    *("European", "African", "Asian", "Commercial", "Civil", "Military", "Crewed", "Human"),
}


#: Acronyms of techniques, orbits and services, not of one mission.
_TECHNIQUES = {
    *("SAR", "InSAR", "GNSS", "PNT", "AIS", "EO", "SSA", "SDA", "RF", "UHF", "VHF", "SATCOM"),
    *("GEO", "LEO", "MEO", "HEO", "VLEO", "LiDAR", "LIDAR", "AI", "IoT", "HAPS"),
}


_ROMAN = r"\s+(?:II|III|IV|VI{0,3})"
#: A spacecraft, launcher or mission named with its number or letter: "ALOS-2", "Himawari-9",
#: "GEO-KOMPSAT-2A", "Canadarm3", "Vega-C", "Sich-2-30", "Artemis II", "GSLV-F16".
_DESIGNATED = re.compile(
    r"\b(?P<base>[A-Z][A-Za-z]{2,}|[A-Z]{2,})(?:-[A-Z][A-Za-z]+)*"
    r"(?:-[A-Z]{0,2}\d{1,3}[A-Z]?(?:-\d{1,3})*|(?<=[a-z])\d{1,2}|(?<=[A-Z])\d{1,2}[A-Z]?|-[A-Z]\b|"
    + _ROMAN
    + r"(?![\w-]))(?![\w-])"
)
#: A number after a known name: "Artemis II", "Sentinel-6", "GSLV-F16" is one spacecraft or
#: flight of the series.
_NUMBERED = re.compile(rf"(?:{_ROMAN}|-[A-Z]{{0,2}}\d{{1,3}}[A-Z]?|\d{{1,2}})(?![\w-])")
#: A serial number after a known mission, where a list or a clause goes on ("Landsat 8 and 9",
#: "PAZ 2,") or the noun of a spacecraft follows ("PAZ 2 radar satellites").
_SERIAL = re.compile(
    r" \d{1,2}(?=\s*(?:[,.;:)]|and\b|or\b|$)|(?:\s+[a-z-]+){0,2}\s+(?:satellites?|missions?|"
    r"spacecraft|probes?|rovers?|landers?|orbiters?|telescopes?|constellation)\b)"
)
#: Numbered things that are no spacecraft: conferences, diseases, goals, standards.
_NOT_SPACECRAFT = {
    *("COP", "COVID", "SDG", "ISO", "WRC", "UNSCR", "EO", "PPD", "SPD", "NSPM"),
    *("ARTICLE", "CHAPTER", "PART", "TITLE", "ANNEX", "PHASE", "SECTION", "PILLAR", "GOAL"),
    *("OBJECTIVE", "LEVEL", "TIER", "STAGE", "ROUND", "WORLD", "WAR"),
}


def _mission(extraction: Extraction, name: str, authority: Authority) -> Entity:
    """The mission of that name this document already minted, else a new one."""
    return _already(extraction, name, "") or mint(name, "Mission", authority)


def _defined_as(extraction: Extraction, acronym: str) -> Entity | None:
    """The entity this document minted with ``acronym`` as its short name."""
    minted = (e for e in extraction.entities.values() if e.minted and acronym in e.aliases)
    return next(minted, None)


def _already(extraction: Extraction, name: str, after: str) -> Entity | None:
    """An entity this document already minted under this name (or whose name goes on after
    a comma: "Ministry of Science" in "Ministry of Science, Technology and Innovation")."""
    folded = name.casefold()
    for entity in extraction.entities.values():
        label = entity.label.casefold()
        if label == folded or (after.startswith(",") and label.startswith(folded + ",")):
            return entity
    return None


def _longer_name(text: str, match, authority: Authority) -> bool:
    """Whether a known body's name goes on after its head noun, into another body's name
    ("State Department for Foreign Affairs"), but not into its side ("... for Japan")."""
    if head_kind(match.surface.split()[-1]) not in BODY_KINDS:
        return False
    end = match.span.end
    return bool(_LONGER_NAME.match(text, end)) and not authority.with_states(_FOR_STATE).match(
        text, end
    )


_LONGER_NAME = re.compile(r"\s+for\s+(?:the\s+)?[A-Z][a-z]")
_FOR_STATE = r"\s+for\s+(?:the\s+)?(?:STATE)\b"
