"""What kind of thing a name is, from its head noun, and which state a name says it is of.

"French Space Command" is a government body of France; "Surface Water and Ocean Topography
mission" a mission; "Letter of Intent on Defence Space Cooperation" an agreement.
"""

from __future__ import annotations

import re

#: The kinds of bodies that take part in meetings.
BODY_KINDS = {"GovernmentBody", "SpaceAgency", "InternationalBody"}

# Head nouns, by kind. A name's kind is the kind of its last head noun before any "of/on/for".
_HEADS: dict[str, tuple[str, ...]] = {
    "Agreement": (
        "Treaty",
        "Accords",
        "Accord",
        "Agreement",
        "Charter",
        "Memorandum",
        "Convention",
        "Protocol",
        "Resolution",
        "Arrangement",
        "Letter of Intent",
        "Declaration",
    ),
    "Policy": (
        *("Policy", "Strategy", "Directive", "Directives", "Plan", "Doctrine", "Framework"),
        *("Act", "Law", "Roadmap", "Agenda"),
    ),
    "Mission": (
        "Mission",
        "Satellite",
        "Satellites",
        "Telescope",
        "Programme",
        "Program",
        "System",
        "Station",
        "Observatory",
        "Rover",
        "Lander",
        "Probe",
        "Constellation",
        "Spacecraft",
        "Explorer",
        "Orbiter",
    ),
    "InternationalBody": (
        "Committee",
        "Working Group",
        "Group",
        "Forum",
        "Conference",
        "Organization",
        "Organisation",
        "Union",
        "Alliance",
        "Regime",
        "Assembly",
    ),
    "GovernmentBody": (
        "Ministry",
        "Department",
        "Office",
        "Agency",
        "Council",
        "Secretariat",
        "Secretariat-General",
        "Institute",
        "Command",
        "Centre",
        "Center",
        "Administration",
        "Commission",
        "Bureau",
        "Service",
        "Authority",
        "Board",
        "Force",
        "Forces",
        "Directorate",
        "Division",
        "Directorate General",
        "Directorate-General",
        "Laboratory",
        "Cabinet",
        "Embassy",
        "Consulate",
        "Academy",
        "Establishment",
        "Staff",  # "Joint Staff", "Defence General Staff"
        "Presidency",  # "Presidency of the Council of Ministers"
    ),
}
_HEAD_KIND = {word.casefold(): kind for kind, words in _HEADS.items() for word in words}
_INTERNATIONAL = re.compile(
    r"\b(?:International|United Nations|UN|Global|Multilateral|Regional|Asia-Pacific|World|"
    r"Inter-Agency|Intergovernmental)\b"
)
_SPACE = re.compile(r"\b(?:Space|Aerospace|Aeronautics|Spatial|Spatiales?)\b", re.IGNORECASE)
#: A state's name or demonym just before a title or a name ("U.S. Vice President ...",
#: "the Norwegian Ministry of ..."); for :meth:`Authority.with_states`.
STATE_BEFORE = r"(?:^|(?<=\s))(?P<state>STATE)\s+$"
#: The same, or its possessive: "the Danish Ministry ...", "Denmark's Ministry ..."
STATE_OWNS = r"(?:^|(?<=\s))(?P<state>STATE)(?:'s|\u2019s)?\s+$"
#: A state's name just after a body's name: "... of Japan", "... of the Government of Japan".
OF_STATE = r"\s+of\s+(?:the\s+)?(?:Republic\s+of\s+|Government\s+of\s+)?(?P<state>STATE)\b"
_CONNECTOR = re.compile(r"\s+(?:of|on|for|in|to)\s+")  # "... Embassy in Oslo"
_NAME_THEN_OF = re.compile(r"[A-Z][\w)-]*\s+of\s+(?:the\s+)?$")

#: A capitalised name: words with capitals joined by connectors ("Ministry of Economy, Trade",
#: "Emirates Mission to the Asteroid Belt", "Agreement on Cooperation in the Exploration of"),
#: numbers and year ranges ("Strategy 2019-2028"), a phrase in brackets ("Space (Launches
#: and Returns) Act").
NAME = re.compile(
    r"(?:[A-Z][\w'-]*(?:\.[A-Z][\w'-]*)*\.?|[A-Z]{2,}[\w-]*)"
    r"(?:\s+(?:(?:of|for|on|and|the|de|des|du|la|d'|(?<=Mission\s)to\s+the|(?<=Cooperation\s)in)\s+)*"
    r"(?:[A-Z][\w'-]*\.?|\d+(?:[-\u2013]\d+)?|\((?=[^()]*\s[a-z])[A-Z][a-z]+(?:\s+[A-Za-z]+)+\)))*"
)


def head_noun(name: str) -> str | None:
    """The head noun: a multi-word head anywhere ("Letter of Intent"), else the last word of
    the name before its first "of/on/for" ("Ministry" in "Ministry of Defense", nothing in
    "Department Workforce")."""
    for head in _MULTIWORD:
        if head in name:
            return head
    main = _CONNECTOR.split(name, maxsplit=1)[0].split()
    while main and re.fullmatch(r"\(?[A-Z0-9-]{1,10}\)?|\d+", main[-1]):
        main.pop()  # "Space Policy Directive 42", "Agency (JAXA)"
    last = re.sub(r"-(?:\d{1,3}[A-Za-z]?|[A-Z])$", "", main[-1]) if main else ""  # "Satellite-2"
    return last if last.casefold() in _HEAD_KIND else None


_MULTIWORD = sorted((w for ws in _HEADS.values() for w in ws if " " in w), key=len, reverse=True)


def head_kind(name: str) -> str | None:
    """The kind its head noun gives a name, or None when the name has no head noun."""
    head = head_noun(name)
    if head is None:
        return None
    kind = _HEAD_KIND[head.casefold()]
    if head == "Observatory" and _GROUND.search(name):
        return "GovernmentBody"  # "Royal Observatory of Belgium", not "Solar Dynamics Observatory"
    if kind == "InternationalBody" and not _INTERNATIONAL.search(name):
        national = {"Committee", "Commission", "Organisation", "Organization"}
        return "GovernmentBody" if head in national else None
    main = _CONNECTOR.split(name, maxsplit=1)[0]  # not "... for International Relations"
    # not a ministry's unit ("International Security Division")
    if (
        kind == "GovernmentBody"
        and _INTERNATIONAL.search(main)
        and head != "Division"
        and "National" not in name
    ):
        return "InternationalBody"
    if kind == "GovernmentBody" and head in _AGENCY_HEADS and _SPACE.search(name):
        return "SpaceAgency"
    return kind


#: An observatory on the ground, an institution: "South African Astronomical Observatory",
#: "Dominion Radio Astrophysical Observatory", "Royal Observatory of Belgium", one named for
#: its place ("Dunsink Observatory").
_GROUND = re.compile(
    r"\b(?:Royal|Astronomical|Astrophysical|Astronomy|Radio)\b|Observatory\s+of\s"
    r"|^[A-Z]\w+\s+Observatory$"
)
_AGENCY_HEADS = {"Agency", "Administration", "Centre", "Center", "Organisation", "Organization"}


def has_head(name: str) -> bool:
    return head_noun(name.strip(" ,;.")) is not None


def ends_name(text: str, start: int) -> bool:
    """Whether the state's name at `start` ends the name before it ("Ministry of Foreign
    Affairs of Japan", "Ministry of Defence of the Republic of Peru"): then it names no side
    and no speaker."""
    return _NAME_THEN_OF.search(text, 0, start) is not None
