"""The bodies a list names: "representatives of A and B", "the Ministry of Economy, Trade
and Industry; C (the D); and E", "Ms X, Director at the Federal Foreign Office, and Mr. Y".

Known names are found first and kept whole, and so are names defined by their acronym
("Foreign, Commonwealth & Development Office (FCDO)") and names whose field is a series
("Federal Ministry of Research, Technology and Space"); the rest is split at commas, "and"
and semicolons and each piece with a body's head noun is minted. A unit named before its
parent ("the Directorate General for Enterprise of the Ministry of X") is the unit; an
official's title gives the body behind it ("Secretary of Defense").
"""

from __future__ import annotations

import re

from ..authority import Authority, NameMatch, choose
from ..text import Span
from . import described
from .mint import entity_of, mint, state_before
from .model import Entity
from .names import BODY_KINDS, NAME, OF_STATE, head_kind, head_noun
from .names import has_head as starts_name
from .titles import led_by_title

_DISTRIBUTIVE = re.compile(
    r"\b(?P<plural>Departments|Ministries|Offices|Agencies)\s+of\s+(?:the\s+)?"
    r"(?P<items>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*(?:\s*,\s*(?:and\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*|\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)+)"
)
_SINGULAR = {
    "Departments": "Department",
    "Ministries": "Ministry",
    "Offices": "Office",
    "Agencies": "Agency",
}
_SPLIT = re.compile(r"\s*,?\s+(?:as\s+well\s+as|together\s+with)\s+|\s*,\s*(?:and\s+)?|\s+and\s+")
#: Words before a list item's name ("and representatives of the ...").
_LEAD_WORDS = (
    r"the|by|representatives?|officials?|senior|of|from|experts?|scientists?|engineers?|staff|"
    r"including|its|their|diplomats?|delegates?"
)
CLEAN = re.compile(rf"^(?:(?:and|{_LEAD_WORDS})\s+)+", re.IGNORECASE)
#: The same without "and", which may join two halves of one name ("... and National Security").
_LEAD = re.compile(rf"^(?:(?:{_LEAD_WORDS})\s+)+", re.IGNORECASE)
_PARENT = re.compile(r"^.*?'s\s+")
_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Za-z][\w&./-]{1,12}(?:\s[A-Z][\w&./-]{1,8})?)\)\s*$")


def bodies(
    chunk: str,
    side: str | None,
    authority: Authority,
    parties: list[str],
    fallback: str | None = None,
    same_side: bool = False,
) -> list[Entity]:
    """The bodies a list names. Known names are found first and kept whole (so that
    "Secretariat-General for Defense and National Security" is not split at its "and"), and
    so are names defined with their acronym ("Foreign, Commonwealth & Development Office
    (FCDO)"). A body minted without a side of its own takes ``fallback``, the side of the
    sentence before (see ``roles.find_roles``) or, with ``same_side`` (participants, not
    co-chairs, who come one a side), the one side of the known bodies listed with it."""
    chunk = _DISTRIBUTIVE.sub(_distribute, _WHOSE.sub("", _AMONG.sub("", chunk)))
    chunk = described.one_ministry_each(chunk)
    protected, known, surfaces = _protect(chunk, side, authority, parties, fallback)
    if same_side and side is None:  # "NASA, NOAA, the FAA ...": theirs, not the last side's
        states = {e.state for e in known if e is not None and e.kind != "Person"}
        if len(states) == 1 and states <= set(parties):
            fallback = states.pop()
    protected = _PARENT_AFTER.sub(r"\1", protected)  # "A of the B": B is A's parent body
    if _PEOPLE.search(protected):
        return _officials(protected, known, surfaces, side, authority, parties, fallback)
    found: list[Entity] = []
    owned_by = None  # the state the piece before is owned by ("Japan's A and B")
    for piece in pieces(protected):
        name = CLEAN.sub("", re.sub(r"(?:[\s.,;:]|\band$)+$", "", piece.strip(" .,;:")))
        shared_owner, owned_by = owned_by, None
        if (owner_body := _owner_body(name, known)) is not None:
            found.append(owner_body)  # "ISRO's scientific secretary": ISRO
            continue
        # "Germany's Bundeswehr Space Command" (the state's name protected, or not)
        owner = re.match(r"(?:\x00(?P<token>\d+)\x00|(?P<state>[^\x00']+))'s\s", name)
        written = owner and (surfaces[int(owner["token"])] if owner["token"] else owner["state"])
        owned_by = authority.state_code(written) if written else None
        if name == piece.strip(" .,;:") or re.match(r"(?:and\s+)?(?:its|their)\s", piece.strip()):
            owned_by = owned_by or shared_owner  # no owner of its own: "Japan's A and (its) B"
        piece_side = owned_by or side
        if ministries := described.owning_ministries(
            name, surfaces, piece_side or fallback, authority
        ):
            found.extend(ministries)  # "the Spanish foreign ministry's ambassador-at-large"
            # a piece with known names read on below: "a minister at the Italian foreign
            # ministry, and ... the head of international relations at the Italian Space Agency"
            if "\x00" not in name:
                continue
        name = _PARENT.sub("", name).strip(" .,;:")
        tokens = [int(t) for t in re.findall(r"\x00(\d+)\x00", name)]
        if tokens and all(known[t] is not None for t in tokens):
            people = [known[t] for t in tokens]
            found.extend(people)  # type: ignore[arg-type]
            if all(p.kind == "Person" for p in people):  # type: ignore[union-attr]
                found.extend(led_by_title(name, side, authority, parties))
            continue
        # a known name of another state ("Ministry of Foreign Affairs" from the Brazilian side)
        name = re.sub(r"\x00(\d+)\x00", lambda m: surfaces[int(m.group(1))], name)
        # "Ministry of X for the session on ...", "Authority Y (RDI), which supervises ..."
        name = _PURPOSE.sub("", name)
        if embassy := described.embassy(name, piece_side or fallback, authority):
            found.append(embassy)  # "diplomats from its embassy in Brasilia"
            continue
        name = re.sub(r"^the\s+", "", name)  # "the Netherlands" was a state's name
        acronym_match = _ACRONYM.search(name)
        bare = name[: acronym_match.start()] if acronym_match else name
        unit = re.match(r"(?P<unit>\S+(?:\s+\S+)+?)\s+of\s+the\s+(?P<parent>.+)$", bare)
        # "Directorate General for Enterprise of the Ministry of X", but an academy's
        # institute is named with it ("Space Research Centre of the Polish Academy of Sciences")
        academy = unit and head_noun(unit["parent"]) == "Academy"
        if unit and {head_kind(unit["unit"]), head_kind(unit["parent"])} <= BODY_KINDS:
            bare = bare if academy else unit["unit"]
        field = described.FIELD_MINISTRY.fullmatch(bare)
        if field and (piece_side or fallback):
            if ministry := described.field_ministry(field, piece_side or fallback, authority):
                found.append(ministry)
            continue
        kind = head_kind(bare)
        named_state = authority.with_states(_STATE_LAST).search(bare) if kind is None else None
        if named_state and bare[: named_state.start()].strip()[:1].isupper():
            # "Natural Resources Canada", "Geoscience Australia": a body named with its state
            kind, piece_side = "GovernmentBody", authority.state_code(named_state["state"])
        # a name, not a description ("ONERA, the French aerospace research centre")
        named = bare[:1].isupper() and (head_noun(bare) or "A")[:1].isupper()
        if len(bare.split()) >= 2 and named and kind in BODY_KINDS:
            acronym = acronym_match["acr"] if acronym_match else None
            found.append(mint(bare, kind, authority, acronym, state=piece_side or fallback))
        else:
            found.extend(led_by_title(name, side, authority, parties))
            if (inside := _BODY_INSIDE.search(bare)) and head_kind(inside["body"]) in BODY_KINDS:
                # "Undersecretary of State in the Ministry of Development and Technology"
                body = inside["body"]
                found.append(mint(body, head_kind(body), authority, state=piece_side or fallback))
    return found


def _protect(
    chunk: str, side: str | None, authority: Authority, parties: list[str], fallback: str | None
) -> tuple[str, list[Entity | None], list[str]]:
    """``chunk`` with each known name, and each name defined by its acronym, replaced by a
    token ``\\x00i\\x00``; entity ``i`` (None for a known name of no party here) and its
    surface text."""
    context = [side] if side else list(parties)
    found_names: list[tuple[int, int, Entity | None, str]] = []
    defined = defined_names(chunk)
    series = _series_names(chunk, authority)
    matches = authority.find(chunk)
    owners = [_owner(chunk, match, authority) for match in matches]
    owned_as: dict[str, set[str]] = {}  # the states each known name is written as one of
    for match, (own, _) in zip(matches, owners, strict=True):
        if own:
            owned_as.setdefault(match.surface, set()).add(own)
    for match, (own, named) in zip(matches, owners, strict=True):
        if any(
            start <= match.span.start
            and match.span.end <= end
            and end - start > len(match.surface)
            and not re.match(r",\s+and\s", chunk[match.span.end :])  # "A, and B": two
            for start, end, _ in series
        ):
            continue  # inside "Ministry of Foreign Affairs, European Union and Development"
        if not any(c.kind in BODY_KINDS | {"Person", "State"} for c in match.candidates):
            continue  # a policy or a place inside a body's name ("National Space Policy Office")
        if all(c.kind == "State" for c in match.candidates) and any(
            start <= match.span.start < end for start, end, _ in defined
        ):
            continue  # a state inside a name: "Korea Astronomy and Space Science Institute (KASI)"
        if all(c.kind == "State" for c in match.candidates) and _opens_body(
            chunk, match.span, authority
        ):
            continue  # "the Director of the Korea Astronomy and Space Science Institute"
        # "A, Ministry of Foreign Affairs, and B of Denmark's Ministry of Foreign Affairs": the
        # name the text gives no state is the other party's
        others = [p for p in context if p not in owned_as.get(match.surface, set())]
        entry = choose(
            [c for c in match.candidates if c.kind in BODY_KINDS | {"Person"}],
            [own] if own else others or context,
            strict=own is not None or side is not None,
        )
        kind = head_kind(match.surface)
        if entry is None and own and kind in BODY_KINDS:
            minted = mint(match.surface, kind, authority, state=own)
            end = named.end() if named else match.span.end
            found_names.append((match.span.start, end, minted, match.surface))
            continue
        found_names.append(
            (match.span.start, match.span.end, entity_of(entry) if entry else None, match.surface)
        )
    for start, end, acronym in [*defined, *series]:
        free = all(end <= a or b <= start for a, b, _, _ in found_names)
        if free and not (acronym and authority.find(acronym)):
            name = chunk[start:end]
            state = state_before(chunk, start, authority) or side or fallback  # "Saudi X"
            entity = mint(name, head_kind(name), authority, acronym, state=state)
            found_names.append((start, end, entity, name))
    known: list[Entity | None] = []
    surfaces: list[str] = []
    protected = chunk
    for start, end, entity, surface in sorted(found_names, reverse=True):
        token = f"\x00{len(known)}\x00"
        known.append(entity)
        surfaces.append(surface)
        protected = protected[:start] + token + protected[end:]
    return protected, known, surfaces


def _owner(
    chunk: str, match: NameMatch, authority: Authority
) -> tuple[str | None, re.Match | None]:
    """The state a known name is written with: "the Ministry of Foreign Affairs of the
    Republic of Korea", "the Danish Ministry ...", "Denmark's Ministry ..."; and the match of
    the state after it."""
    named = authority.with_states(OF_STATE).match(chunk, match.span.end)
    if named:
        return authority.state_code(named["state"]), named
    return state_before(chunk, match.span.start, authority), None


def _opens_body(chunk: str, span: Span, authority: Authority) -> bool:
    """Whether a state's name opens the name of a body the authority does not know ("Korea
    Astronomy and Space Science Institute"), not a possessive ("Korea's")."""
    name = NAME.match(chunk, span.start)
    if name is None or name.end() <= span.end or not re.match(r" [A-Z]", chunk[span.end :]):
        return False  # "Korea's", "Geoscience Australia and the ..."
    return head_kind(name.group()) in BODY_KINDS and len(authority.find(name.group())) == 1


#: Officials named by title or honorific: their list is read for the bodies they work at.
_OFFICE = (
    r"(?:Director(?:-General)?|Head|Secretary|Minister|Ambassador|Chief|Chair(?:man|woman|person)?|"
    r"President|Administrator|Counsel+or|Commissioner|Coordinator|Envoy)"
)
_PEOPLE = re.compile(
    r"\b(?:(?:Deputy\s+|Vice\s+|Assistant\s+|Under\s*)?" + _OFFICE + r"|Dr|Mr|Ms|Mrs|Prof)"
    r"\b\.?\s+(?:of|for|at|[A-Z])|"
    # a news report's titles: "an assistant secretary at the ...", "deputy director-general of"
    r"(?i:\b(?:an?\s+|(?<=,\s))(?:first\s+|senior\s+|principal\s+)?"
    r"(?:deputy\s+|assistant\s+|vice\s+)?(?:director(?:-general)?|"
    r"secretary|minister|head|chief|official)\s+(?:general\s+)?(?:at|of|in|for)\s)"
)


def _officials(
    protected: str,
    known: list[Entity | None],
    surfaces: list[str],
    side: str | None,
    authority: Authority,
    parties: list[str],
    fallback: str | None,
) -> list[Entity]:
    """The bodies in a list of officials ("Ms X, Director for ... at the Federal Foreign
    Office, and Mr. Y, Deputy Director-General of the Foreign Policy Bureau of the Ministry of
    Foreign Affairs"): the known bodies named, the bodies their titles imply ("Secretary of
    State"), and new names with a body's head noun, except a unit named before its known
    parent ("the Foreign Policy Bureau of the Ministry ..."): the parent is kept."""
    found: list[Entity] = []
    for match in re.finditer(r"\x00(\d+)\x00|" + NAME.pattern, protected):
        if match[1] is not None:
            entity = known[int(match[1])]
            if (
                entity is not None
                and entity.kind != "Person"
                and not _unit_and_parent(entity, protected, match, known)
            ):
                found.append(entity)
            continue
        # a sentence's full stop is no part of the name ("... at the Federal Foreign Office.")
        name = re.sub(r"(?<=[a-z]{2})\.$", "", CLEAN.sub("", match.group()).strip())
        if _PEOPLE.match(name):  # "Director of the National Space Policy Office"
            where = re.search(r"\b(?:of|at|in|for)\s+the\s+(?=[A-Z])", name)
            name = name[where.end() :] if where else ""
        after = protected[match.end() :]
        if (
            len(name.split()) >= 2
            and head_kind(name) in BODY_KINDS
            and not _BEFORE_PARENT.match(after)  # "Bureau, Ministry X"
            and not _OWNED.search(protected, 0, match.start())  # "the foreign ministry's Bureau"
            and not _after_unit(protected[: match.start()], known)
        ):
            # "Federal Foreign Office of Germany"
            of_state = re.match(r"\s+of\s+(?:the\s+)?\x00(\d+)\x00", after)
            state = authority.state_code(surfaces[int(of_state[1])]) if of_state else None
            found.append(mint(name, head_kind(name), authority, state=state or side or fallback))
    found.extend(described.owning_ministries(protected, surfaces, side or fallback, authority))
    # titles read with the states' names back: "Vice Minister of X of the Republic of Y"
    titles = re.sub(r"\x00(\d+)\x00", lambda m: _unless_body(m, known, surfaces), protected)
    found.extend(led_by_title(titles, side, authority, parties))
    found.extend(described.ambassadors(titles, authority))
    return list({e.iri: e for e in found}.values())


#: A title and then a person's name, after the body the person works at.
_TITLE_THEN_NAME = re.compile(
    r"\s+(?:(?:Principal|Deputy|Vice|Assistant|Under|Acting)\s+)*" + _OFFICE + r"\s+(?=[A-Z][a-z])"
)
#: What follows a unit named before its known parent: "Bureau, <Ministry>", "Department of
#: Science[, Technology and Innovation] of the <Ministry>", "Bureau at Japan's <Ministry>".
_BEFORE_PARENT = re.compile(
    r"(?:,?\s+(?:and\s+)?[A-Z][\w-]*)*\s+of\s+(?:the|\x00\d+\x00's)\s+\x00|,\s+\x00|"
    r"\s+(?:at|in)\s+(?:the\s+)?(?:\x00\d+\x00(?:'s)?\s+)?\x00"  # "Bureau at Japan's <Ministry>"
)
#: A known name, then ", " (and a state's name): the name after it is the unit's parent.
_UNIT_BEFORE = re.compile(r"\x00(\d+)\x00\)?,\s+(?:\x00\d+\x00\s+)?$")


def _after_unit(before: str, known: list[Entity | None]) -> bool:
    """Whether a new name comes right after a known body and a comma: "Office for Space
    Technology & Industry (OSTIn), Singapore Economic Development Board" names the unit and
    then its parent; the unit is the one that takes part."""
    unit = _UNIT_BEFORE.search(before)
    entity = known[int(unit[1])] if unit else None
    return entity is not None and entity.kind in BODY_KINDS


def _unless_body(token: re.Match[str], known: list[Entity | None], surfaces: list[str]) -> str:
    """A protected name written back, unless it is a body's (whose words hold no title)."""
    entity = known[int(token[1])]
    return token.group() if entity is not None else surfaces[int(token[1])]


#: A body's possessive before a unit's name: the body is the one kept.
_OWNED = re.compile(r"(?:\x00\d+\x00|(?i:ministry|agency|department|office))'s\s+$")


def _unit_and_parent(
    entity: Entity, protected: str, token: re.Match[str], known: list[Entity | None]
) -> bool:
    """Whether a name is the one left out of "unit, parent" in an official's title: the
    parent after a known unit ("... of the National Space Policy Secretariat, Cabinet
    Office", "the Israel Space Agency (ISA), Ministry of ...") or before one ("the Department
    of State's Bureau of ..."), or a new unit before its parent ("Directorate of X, Ministry
    of Y")."""

    def body(index: str) -> Entity | None:
        found = known[int(index)]
        return found if found is not None and found.kind != "Person" else None

    unit = re.search(r"\x00(\d+)\x00(?:\s*\([^()]*\))?,\s+$", protected[: token.start()])
    if unit and (before := body(unit[1])) is not None and not before.minted:
        return True
    owned = re.match(r"(?:'s|\u2019s)\s+\x00(\d+)\x00", protected[token.end() :])
    if owned and body(owned[1]) is not None:
        return True  # "the Department of State's Bureau of ...": the bureau
    parent = re.match(r",\s+\x00(\d+)\x00", protected[token.end() :])
    return entity.minted and parent is not None and body(parent[1]) is not None


#: ", among them Dr. X, Deputy Coordinator ...": people named inside a body's list item.
_AMONG = re.compile(r",?\s*\bamong\s+(?:them|whom)\b[^;]*")
#: ", whose Japan Meteorological Agency operates ...": a body named about another, no item.
_WHOSE = re.compile(r",\s+whose\s[^,;]*")


#: Words after a name that say what for or what its people did, not which body: "... for the
#: session on security", "... in Canberra sat in on both days".
_PURPOSE = re.compile(
    r"\s+(?:for|on|in|at|during|with|to|from)\s+(?:(?:the|a|an)\s+)?(?!(?:the|a|an)\s)[a-z].*$"
    r"|\s+(?:sat|took|attended|joined|participated)\s.*$"
    r"|,\s+(?!and\s)[a-z].*$"  # "..., according to officials"
)
#: A state's name that ends a body's name: "Natural Resources Canada".
_STATE_LAST = r"(?<=\s)(?P<state>STATE)$"


#: Two protected names joined by "of the", ", part of", ", which sits within": the second is
#: the first one's parent body ("Defence Space Command, part of Australia's Department of
#: Defence", "the Australian Space Agency, which sits within the Department of Industry").
_PARENT_AFTER = re.compile(
    r"(\x00\d+\x00)(?:\s*\([^)]*\))?(?:\s+of\s+(?:the|\x00\d+\x00's)|"
    r",\s+(?:which\s+(?:is\s+|sits\s+|operates\s+)?)?"
    r"(?:(?:a\s+)?part\s+of|within|under)(?:\s+the)?(?:\s+\x00\d+\x00's)?)\s+\x00\d+\x00"
)
_DEFINED = re.compile(r"\((?P<acr>[A-Z][A-Za-z&-]{1,10})\)")
_SERIES_FIRST = re.compile(r"\b([A-Z][\w-]*),\s+$")
_MINOR = frozenset({"of", "for", "and", "the", "on", "&", "de", "du", "des", "la"})


def defined_names(chunk: str) -> list[tuple[int, int, str]]:
    """Names written before their acronym (start, end, acronym), found by its letters: the
    shortest run of words before "(FCDO)" whose capitals spell it ("Foreign, Commonwealth &
    Development Office"), in some order, when that name has a body's head noun."""
    spans = []
    for match in _DEFINED.finditer(chunk):
        letters = [c for c in match["acr"] if c.isupper()]
        words = list(re.finditer(r"[\w&'-]+", chunk[: match.start()]))
        capitals: list[str] = []
        for index in range(len(words) - 1, -1, -1):
            word = words[index].group()
            if word.lower() in _MINOR:
                continue
            if not word[:1].isupper():
                break
            capitals.insert(0, word[0])
            # in any order: a translated name keeps its acronym ("... International Relations
            # and Strategy (DGRIS)")
            if len(capitals) == len(letters) and sorted(capitals) == sorted(letters):
                start, end = words[index].start(), words[-1].end()
                # a series' first word when the acronym has no letter for the head noun
                # ("Communications, Space and Technology Commission (CST)"); not before a name
                # its head noun opens ("Division, Department of Enterprise, ... (DETE)")
                first = _SERIES_FIRST.search(chunk, 0, start)
                opened = head_kind(word) in BODY_KINDS
                if first and first[1][0] in letters and " and " in chunk[start:end] and not opened:
                    start = first.start()
                # "the Office of the National Broadcasting ... Commission (NBTC)"
                if outer := _OUTER.search(chunk, 0, start):
                    start = outer.start()
                if head_kind(chunk[start:end]) in BODY_KINDS:
                    spans.append((start, end, match["acr"]))
                break
    return spans


_WORDS = r"(?!(?:Mr|Mrs|Ms|Dr|Prof)\b)[A-Z][a-z][\w'-]*(?:\s+(?:and\s+)?[A-Z][a-z][\w'-]*)*"
#: A name whose field is a series: "Ministry of Research, Technology and Space", "Bureau of
#: Arms Control, Deterrence and Stability" (no item of it a body of its own).
_SERIES = re.compile(
    rf"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+(?:of|for)\s+(?:the\s+)?{_WORDS}"
    rf"(?:,\s+{_WORDS})*,?\s+and\s+{_WORDS}"
    r"(?:\s*\((?:[^()]*,\s*)?(?P<acr>[A-Z][\w&./-]{1,12})\))?"
)


def _series_names(chunk: str, authority: Authority) -> list[tuple[int, int, str | None]]:
    """Names whose field is a series of capitalised words (start, end, acronym), when the
    name has a body's head noun and no item of the series does, nor names a body with its
    state ("Department of National Defence, Natural Resources Canada and ...": three)."""
    state_last = authority.with_states(_STATE_LAST)
    spans = []
    for match in _SERIES.finditer(chunk):
        name = chunk[match.start() : match.end()].split(" (")[0]
        if title := _TITLE_THEN_NAME.search(name):  # "Bureau of X and Y Deputy Secretary Z"
            name = name[: title.start()]
        items = re.split(r",\s+(?:and\s+)?|\s+and\s+", name.split(" of ", 1)[-1])
        # "A of the B" (a unit's name before), not "an official of the B"
        parent = re.search(r"\b[A-Z][\w-]*\s+of\s+(?:the\s+)?$", chunk[: match.start()])
        fields = [item for item in items if item != "European Union"]  # a ministry's field
        own_names = any(map(starts_name, fields)) or any(map(state_last.search, fields))
        if head_kind(name) in BODY_KINDS and not parent and not own_names:
            spans.append((match.start(), match.start() + len(name), match["acr"]))
    return spans


_OUTER = re.compile(r"\b(?:Office|Secretariat|Bureau)\s+of\s+the\s+$")


#: A body named after a title, where its holder works: "... in the Ministry of X".
_BODY_INSIDE = re.compile(r"\b(?:in|at)\s+the\s+(?P<body>[A-Z][^,;]*)$")


def _owner_body(name: str, known: list[Entity | None]) -> Entity | None:
    """The known body that owns what follows it, when that is a person or a title, not a body
    ("ISRO's scientific secretary", but not "the Executive Office's National Space Council")."""
    match = re.match(r"\x00(\d+)\x00's\s+(?P<rest>.*)", name)
    if match is None or "\x00" in match["rest"] or head_kind(match["rest"]) in BODY_KINDS:
        return None
    owner = known[int(match[1])]
    return owner if owner is not None and owner.kind != "Person" else None


#: An item's parent after its unit: "the National Space Policy Secretariat, Cabinet Office"
_UNIT_PARENT = re.compile(r"(?<=\x00),\s+\x00\d+\x00$")


#: An item between semicolons that is itself a list: "the A, the B", "A and the B (KNMI)",
#: "C, as well as representatives of D"
_LISTS = re.compile(r",\s+the\s|\s+and\s+(?:of\s+)?the\s|,?\s+as\s+well\s+as\s")


def pieces(chunk: str) -> list[str]:
    """List items: by semicolons when there are any, else by commas and "and", re-joined
    where a piece has no head noun ("Ministry of Economy, Trade and Industry"). What is in
    brackets is no list ("Joint Secretary (Disarmament and International Security Affairs),
    Ministry of External Affairs")."""
    hidden = _BRACKETED.sub(lambda m: m.group().translate(_HIDE), chunk)
    return [piece.translate(_SHOW) for piece in _pieces(hidden)]


_BRACKETED = re.compile(r"\([^()]*\)")
_INCLUDED = re.compile(r",\s+including\s+(?=(?:the\s+)?(?:\x00|[A-Z]))")
_HIDE = str.maketrans({",": "\x01", ";": "\x02", " ": "\x03"})
_SHOW = str.maketrans({"\x01": ",", "\x02": ";", "\x03": " "})


def _pieces(chunk: str) -> list[str]:
    if ";" in chunk:  # items may hold commas; one that lists "the A, the B and C" is split
        # "the Ministry of the Armed Forces, including the Space Command": two items
        items = [item for part in chunk.split(";") for item in _INCLUDED.split(part)]
        parts = [_UNIT_PARENT.sub("", part.strip()) for part in items]
        return [
            p for part in parts if part for p in (_pieces(part) if _LISTS.search(part) else [part])
        ]
    parts = _SPLIT.split(chunk)
    separators = _SPLIT.findall(chunk)
    if (
        len(parts) >= 3
        and separators[-1].strip() == ","
        and any("and" in s for s in separators[:-1])
        and ("\x00" in parts[-1] or starts_name(parts[-1]))
        and not parts[-1].startswith("including ")  # "A and B, including C": C is an item
    ):
        parts, separators = parts[:-1], separators[:-1]  # "A and B, C": C is B's parent body
    items: list[str] = []
    pending = ""

    def has_head(part: str) -> bool:
        """A known name, or a head noun after "of the"...; not an acronym in brackets alone
        ("National Security (SGDSN)" ends the name before it)."""
        part = _LEAD.sub("", re.sub(r"\(\s*\x00\d+\x00\s*\)", "", part).strip())
        if lead := re.match(r"\x00\d+\x00\s+(?=[A-Z])", part):  # "Korea Astronomy": no head
            # but "U.S. Space Forces Korea" has one before the place it is in
            return starts_name(re.sub(r"\s+\x00\d+\x00$", "", part[lead.end() :]))
        if place := re.search(r"\s+in\s+(?:the\s+)?\x00\d+\x00$", part):  # "Made in Italy"
            return starts_name(part[: place.start()])
        return "\x00" in part or starts_name(part) or bool(described.EMBASSY_IN.search(part))

    def last_item_open(items: list[str]) -> bool:
        """The last piece has no head noun of its own yet ("Ministry of Education, Culture")."""
        return (
            bool(items)
            and re.search(r"\b(?:of|for|on)\b", items[-1]) is not None
            and "," in items[-1]
        )

    for index, part in enumerate(parts):
        joiner = separators[index - 1] if index else ""
        if pending:
            pending = pending + joiner + part
            if has_head(part) or _ACRONYM.search(part):
                items.append(pending)
                pending = ""
            continue
        if has_head(part):
            items.append(part)
            continue
        # a piece without a head noun belongs to a neighbour: to the next one when "and"
        # joins it to a name that has one ("Telecommunications and Digital Government
        # Regulatory Authority"), else to the previous one ("Ministry of Economy, Trade")
        # (or, for "the X", to a name after more pieces without one: "the Meteorology,
        # Climatology, and Geophysical Agency")
        ahead = index + 1
        if part.lstrip().lower().startswith("the "):
            while ahead + 1 < len(parts) and not has_head(parts[ahead]):
                ahead += 1
        forward = (
            ahead < len(parts)
            and separators[ahead - 1].strip().endswith("and")
            and has_head(parts[ahead])
            # a new item: "the B", "of the B" ("of the Ministry of University and Research
            # and of the Space Operations Command")
            and not re.match(r"(?:of\s+|from\s+)?the\s", parts[ahead].lstrip(), re.IGNORECASE)
            and (ahead > index + 1 or not last_item_open(items))
        )
        if forward or not items:
            pending = part
        elif part.lstrip().lower().startswith("the "):
            items.append(part)  # "the X" is an item of its own, head noun or not
        else:
            items[-1] = items[-1] + joiner + part
    if pending:
        items.append(pending)
    return items


def _distribute(match: re.Match[str]) -> str:
    singular = _SINGULAR[match["plural"]]
    items = [i for i in _SPLIT.split(match["items"]) if i]
    return "; ".join(f"{singular} of {item}" for item in items) + ";"
