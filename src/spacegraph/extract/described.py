"""Bodies a text describes instead of naming: a ministry by its field ("the defence ministry",
"Japan's science ministry"), a foreign ministry by its state, an embassy by its city ("the UAE
embassy in Berlin"). Each is the body the authority has, or one minted with a plain name.
"""

from __future__ import annotations

import re

from ..authority import Authority
from .mint import entity_of, mint, state_before
from .model import Entity


def foreign_ministry(side: str, authority: Authority) -> Entity:
    ministry = authority.foreign_ministry(side)
    # a state whose foreign ministry the authority lacks: its most common name
    return (
        entity_of(ministry)
        if ministry
        else mint("Ministry of Foreign Affairs", "GovernmentBody", authority, state=side)
    )


#: A ministry named by its field, as news reports do: "the defence ministry", "Japan's science
#: ministry", "the Defense Department".
_FIELD = (
    r"foreign|defen[cs]e|science|education|econom(?:y|ic)|trade|industry|interior|transport|"
    r"communications?|research|environment|finance|digital|innovation|energy|armed\s+forces"
)
_FIELD_HEAD = r"(?P<field>" + _FIELD + r")\s+(?P<head>ministry|department)"
FIELD_MINISTRY = re.compile(_FIELD_HEAD, re.IGNORECASE)
#: How the authority's names spell a field ("Ministry of Defense", "... Trade and Industry").
_FIELD_STEMS = {
    "defence": "Defen[cs]e",
    "defense": "Defen[cs]e",
    "economic": "Econom",
    "economy": "Econom",
    "communications": "Communication",
    "industry": "Industr",
    "armed forces": r"Armed\s+Forces",
}


#: "the science and defence ministries": a ministry of each field
_FIELD_MINISTRIES = re.compile(
    r"\b(?P<fields>(?:" + _FIELD + r")(?:,\s+(?:" + _FIELD + r"))*,?\s+and\s+(?:" + _FIELD + r"))"
    r"\s+(?P<head>ministries|departments)\b",
    re.IGNORECASE,
)


def one_ministry_each(chunk: str) -> str:
    """``chunk`` with "the science and defence ministries" written as one ministry a field:
    "the science ministry and defence ministry"."""
    return _FIELD_MINISTRIES.sub(_each, chunk)


def _each(match: re.Match[str]) -> str:
    head = "ministry" if match["head"].lower() == "ministries" else "department"
    fields = re.split(r",?\s+and\s+|,\s+", match["fields"])
    return " and ".join(f"{field} {head}" for field in fields)


#: "the Spanish foreign ministry's ambassador", "Japan's science ministry's bureau": the ministry
_OWNING_MINISTRY = re.compile(r"\b" + _FIELD_HEAD + r"(?:'s|\u2019s)\s", re.IGNORECASE)
#: "who coordinates space policy at the Italian foreign ministry": where an official works
_WORKS_AT = re.compile(
    r"\b(?:in|at)\s+the\s+(?:[A-Z][\w-]*\s+)?" + _FIELD_HEAD + r"\b(?!'s|\u2019s)",
    re.IGNORECASE,
)


def owning_ministries(
    text: str, surfaces: list[str], side: str | None, authority: Authority
) -> list[Entity]:
    """The ministries of a field whose officials ``text`` names ("the foreign ministry's
    director", "a minister at the Italian foreign ministry"), each of the state written
    right before it ("Spanish", "Japan's") or else of ``side``."""
    text = re.sub(r"\x00(\d+)\x00", lambda m: surfaces[int(m.group(1))], text)
    found = []
    for match in [*_OWNING_MINISTRY.finditer(text), *_WORKS_AT.finditer(text)]:
        state = state_before(text, match.start("field"), authority, reach=40) or side
        if state and (ministry := field_ministry(match, state, authority)):
            found.append(ministry)
    return found


def field_ministry(match: re.Match[str], side: str, authority: Authority) -> Entity | None:
    """The side's ministry of a field: the one the authority has (Japan's science ministry is
    the Ministry of Education, Culture, Sports, Science and Technology), else a new one named
    "Ministry of <Field>"; none when the authority has several."""
    field = " ".join(match["field"].casefold().split())
    if field == "foreign":
        return foreign_ministry(side, authority)
    stem = _FIELD_STEMS.get(field, field.capitalize())
    label = re.compile(rf"^(?:Federal\s+)?(?:Ministry|Department)\b.*\b{stem}", re.IGNORECASE)
    found = authority.ministries(side, label)
    if found:  # several: which one is not said
        return entity_of(found[0]) if len(found) == 1 else None
    name = "Economy" if field == "economic" else field.title()
    head = match["head"].capitalize()
    return mint(f"{head} of {name}", "GovernmentBody", authority, state=side)


#: An embassy described, not named: "the UAE embassy in Berlin", "its embassy in Brasilia".
_EMBASSY = (
    r"(?:(?:the|its|their)\s+)?(?:(?P<state>STATE)\s+)?embassy\s+(?:in|to)\s+"
    r"(?P<city>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)?)"
)
EMBASSY_IN = re.compile(r"\bembassy\s+(?:in|to)\s+[A-Z]")
#: First words of states' names that take "the": "the United Kingdom", "the Netherlands".
_THE_STATE = frozenset(
    {"United", "Netherlands", "Philippines", "Czech", "Republic", "Kingdom", "Russian", "Federal"}
)


def embassy(name: str, side: str | None, authority: Authority) -> Entity | None:
    """An embassy a piece describes in lower case, named as the embassy of its state in the
    host state ("Embassy of the United Arab Emirates in Germany"), else in the city."""
    match = authority.with_states(_EMBASSY).fullmatch(name.strip(" .,;:"))
    code = match and (authority.state_code(match["state"]) if match["state"] else side)
    return _embassy_of(code, match["city"], authority) if match else None


#: An ambassador named by title, who stands for the embassy: "the Ambassador of Mexico to
#: France", "the Mexican Ambassador to France".
_AMBASSADOR = (
    r"\b(?:(?P<adjective>STATE)\s+)?(?i:ambassador)(?:\s+of\s+(?:the\s+)?(?P<state>STATE))?"
    r"\s+(?:in|to)\s+(?:the\s+)?(?P<city>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)?)"
)


def ambassadors(text: str, authority: Authority) -> list[Entity]:
    """The embassies of the ambassadors the text names by their state and posting."""
    found = []
    for match in authority.with_states(_AMBASSADOR).finditer(text):
        code = authority.state_code(match["state"] or match["adjective"] or "")
        if (entity := _embassy_of(code, match["city"].rstrip("."), authority)) is not None:
            found.append(entity)
    return found


def _embassy_of(code: str | None, city: str, authority: Authority) -> Entity | None:
    if not code or code not in authority.states:
        return None
    host = authority.states.get(authority.capital_code(city) or "")
    # "in Germany"; "in Seoul" rather than "in the Republic of Korea", whose "of Korea" would
    # read as the embassy's own state
    where = host.label if host and " of " not in host.label else city
    names = [authority.states[code].label, where]
    of, at = (f"the {n}" if n.split()[0] in _THE_STATE else n for n in names)
    return mint(f"Embassy of {of} in {at}", "GovernmentBody", authority, state=code)
