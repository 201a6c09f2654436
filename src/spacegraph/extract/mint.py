"""New entities from their names, and known ones from the authority file's entries.

A name the authority does not know is minted: keyed by its kind, label and state ("Ministry
of Defence of Ukraine" and "Ukraine's Ministry of Defence" are one body), flagged for review
(``minted=True``) and never linked to Wikidata.
"""

from __future__ import annotations

from .. import iris
from ..authority import Authority, Entry
from .model import Entity
from .names import OF_STATE, STATE_OWNS, head_kind


def entity_of(entry: Entry) -> Entity:
    return Entity(entry.iri, entry.kind, entry.label, entry.state)


def mint(
    name: str, kind: str, authority: Authority, acronym: str | None = None, state: str | None = None
) -> Entity:
    """A new entity for ``name``: its state from the name itself ("French ...") or ``state``.
    A name that a known body of ``state`` has after the state's name is that body. A state's
    own body with "International" in its name ("Japan International Cooperation
    Agency") is a government body, not an international one."""
    own = state_in_name(name, authority)
    if own is None and state and (known := authority.with_demonym(" ".join(name.split()), state)):
        return entity_of(known)  # "its Space Command" of France: the French Space Command
    if kind == "InternationalBody" and own not in (None, "EU"):
        kind = "GovernmentBody"
    state = own or state if kind in {"GovernmentBody", "SpaceAgency", "Policy"} else state
    written = label = " ".join(name.split())
    own_last = authority.with_states(_OWN_STATE_LAST).fullmatch(label)
    own_first = authority.with_states(_OWN_STATE_FIRST).fullmatch(label)
    if own_last and kind != "Policy" and head_kind(own_last["body"]):
        label = own_last["body"]  # "Ministry of Defence of Ukraine": keyed like "Ukraine's ..."
    elif (
        own_first
        and kind != "Policy"
        and head_kind(own_first["body"].split()[0])
        and not _named_in_full(own_first["state"], authority)
    ):
        label = own_first["body"]  # "Swedish Ministry of Education and Research" likewise
    entity = Entity(iris.entity(kind, label, state), kind, label, state, minted=True)
    entity.aliases |= {written, acronym} - {label, None}
    return entity


#: A body's name ending with its state: "Ministry of Strategic Industries of Ukraine"
_OWN_STATE_LAST = r"(?P<body>.+?)" + OF_STATE
#: A generic name after its state: "Swedish Ministry of ...", not "Swedish Armed Forces"
_OWN_STATE_FIRST = r"(?:the\s+)?(?P<state>STATE)(?:'s)?\s+(?P<body>[A-Z]\w+\s+(?:of|for)\s+.+)"


def _named_in_full(written: str, authority: Authority) -> bool:
    """Whether a state is written by its full name ("Canada", not "Canadian", "Canada's" or
    "U.S."), which is then part of the body's own name: "Canada Centre for Remote Sensing",
    "Japan Agency for Marine-Earth Science and Technology"."""
    entry = authority.states.get(authority.state_code(written) or "")
    return entry is not None and written in entry.names and written[-1].islower()


def state_in_name(name: str, authority: Authority) -> str | None:
    """The state a name names as its own: at its start ("French Space Command", "U.S. Space
    Force") or after "of" ("Ministry of Foreign Affairs of Japan", "Embassy of Japan in
    Germany"); not a state named as a field ("Ministry of Foreign Affairs, European Union and
    Cooperation") or as a place ("in Germany")."""
    pattern = authority.with_states(r"(?:^(?:the\s+)?|\bof\s+(?:the\s+)?)(?P<state>STATE)")
    codes = {authority.state_code(m["state"]) for m in pattern.finditer(name)}
    codes.discard(None)
    return codes.pop() if len(codes) == 1 else None


def state_after(text: str, at: int, authority: Authority) -> str | None:
    """The state written right after a name that ends at ``at``: "... of Japan", "... of the
    Republic of Korea"."""
    match = authority.with_states(OF_STATE).match(text, at)
    return authority.state_code(match["state"]) if match else None


def state_before(text: str, at: int, authority: Authority, reach: int | None = None) -> str | None:
    """The state written right before a name that starts at ``at``, as its name, demonym or
    possessive: "the Saudi ...", "Denmark's ..." (looking back ``reach`` characters at most)."""
    start = 0 if reach is None else max(0, at - reach)
    match = authority.with_states(STATE_OWNS).search(text, start, at)
    return authority.state_code(match["state"]) if match else None
