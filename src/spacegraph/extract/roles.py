"""Who co-chaired a meeting and who took part, each with the side (state) it came from.

Reads sentences such as "This meeting was co-chaired by representatives of A and B for
Japan, and by representatives from C for the United States" and "Principal participants
included D; E; and F from the Japanese side, and G from the U.S. side". The side marker
("for Japan", "from the U.S. side", "on the Indian side") closes the list before it; a
leading marker ("The U.S. delegation included ...") opens the list after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..authority import Authority, choose
from ..text import Sentence, Span, item_start
from .mentions import entity_of, mint
from .model import Entity, Extraction
from .names import NAME, OF_STATE, STATE_BEFORE, head_kind
from .names import has_head as starts_name

#: "the U.S. delegation", "the Indian side" (a side's name before its noun, found by
#: ``_leading_side`` in the text before the list).
_A_SIDE = r"the\s+[\w.'-]+(?:\s+[\w.'-]+){0,3}?\s+(?:side|delegation|team)"
_CO_CHAIR = re.compile(
    r"\b(?:co-?chaired,?\s+(?:by\s+|(?=for\s|on\s+behalf\s))|co-?chairs\s+(?:were|included)\s+|"
    r"co-?chaired\s+(?=on\s+the\s)|co-?chaired,\s+(?=on\s+the\s)|"
    r"(?:chaired|led)\s+jointly\s+by\s+|jointly\s+(?:chaired|led)\s+by\s+|"
    r"chaired\s+by\s+|co-?led\s+by\s+|led\s+by\s+|headed\s+by\s+|"
    r"(?:heading|leading)\s+" + _A_SIDE + r"\s+(?:will\s+be|is|was|were|are)\s+|"
    r"co-?chairs\s*:\s*)",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"\b(?:(?:principal\s+)?participants\s+(?:also\s+)?(?:included|were|comprised|from)|attended\s+by|"
    r"(?:delegations?|teams?|side)\s+(?:also\s+|further\s+)?"
    r"(?:included|comprised|consisted\s+of|(?:was|were)\s+composed\s+of|fielded)|"
    r"(?:also\s+)?participating\s+(?:were|agencies\s+included)|"
    r"(?<=\sand\s)(?:will\s+|also\s+)?include[sd]?(?:\s+representatives\s+(?:of|from))?|"
    r"delegations?\s+will\s+include|(?:was|were|will\s+be)\s+(?:also\s+)?(?:joined|represented)\s+by|"
    r"(?<=,\s)(?:and\s+)?joined\s+by|accompanied\s+by|also\s+in\s+attendance\s+were|"
    r"with\s+(?:the\s+)?participation\s+(?:of|from)|"
    r"participants\s*:|"
    r"(?:took\s+part|participated)\s+in\s+the\s+(?:dialogue|meeting|talks)\s*,?\s*"
    r"(?:namely|as\s+follows|including)\s*,?|"
    r"participated\s+in\s+" + _A_SIDE + r"\s+(?:are|were|was|is)|"
    r"(?:(?<=,\s)|delegations?\s+|teams?\s+)consists?\s+of|"
    r"participants\s+(?:on|from|for)\s+"
    + _A_SIDE.removesuffix(r"(?:side|delegation|team)")
    + r"side\s+(?:also\s+)?(?:included|were)|"
    r"(?:joining|representing)\s+(?:" + _A_SIDE + r"|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
    r"\s+(?:were|was|will\s+be))\s*:?\s*",
    re.IGNORECASE,
)
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
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+together\s+with\s+|\s+as\s+well\s+as\s+")
#: Words before a list item's name ("and representatives of the ...").
_LEAD_WORDS = (
    r"the|by|representatives?|officials?|senior|of|from|experts?|scientists?|engineers?|staff"
)
_CLEAN = re.compile(rf"^(?:(?:and|{_LEAD_WORDS})\s+)+", re.IGNORECASE)
#: The same without "and", which may join two halves of one name ("... and National Security").
_LEAD = re.compile(rf"^(?:(?:{_LEAD_WORDS})\s+)+", re.IGNORECASE)
_PARENT = re.compile(r"^.*?'s\s+")
_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Za-z][\w&./-]{1,12})\)\s*$")


@dataclass(frozen=True)
class Role:
    role: str  # "co-chair" or "participant"
    entity: Entity
    side: str | None  # ISO code


def _markers(authority: Authority) -> list[tuple[re.Pattern[str], str]]:
    """Side markers: "X for Japan" / "X from the U.S. side" close a list of the side's bodies;
    "the U.S. delegation included X" / "for Korea by X" open one."""
    state = authority.state_pattern()
    side_word = r"(?:side|delegation|government|team)"
    closing = re.compile(
        r"\s*,?\s*\b(?:for|from|of|on|representing)\s+(?:the\s+)?(?P<side>" + state + r")"
        r"(?:(?P<strong>\s+" + side_word + r")"
        r"|(?=\s*(?:[,;.:)]|$|and\s+(?:by\s+|from\s+)?(?:the\s+)?[A-Z])))"
    )
    opening = re.compile(
        r"(?:^|(?<=[,;.]\s)|(?<=\sand\s))\s*(?:the\s+)?(?P<side>"
        + state
        + r")\s+"
        + side_word
        + r"\s+(?:was\s+|were\s+|will\s+be\s+|will\s+)?(?:also\s+|further\s+)?"
        + r"(?:(?:co-?)?led\s+by|headed\s+by|represented\s+by|included|include|comprised|"
        + r"consisted\s+of|fielded)\s+",
        re.IGNORECASE,
    )
    opening_for = re.compile(
        r"(?:^|(?<=[,;]\s)|(?<=\sand\s))\s*(?:and,?\s+)?(?:for|on\s+behalf\s+of)\s+(?:the\s+)?(?P<side>"
        + state
        + r"),?\s+by\s+"
    )
    return [(closing, "close"), (opening, "open"), (opening_for, "open")]


def _took_part(state: str) -> re.Pattern[str]:
    """A list that comes before its verb: "Officials from A and B were part of the Indian
    delegation", "while C and D took part from the Japanese side", "From the Japanese side,
    A; B; and C took part", "For Nigeria, representatives of A and B participated", "On the
    Japanese side, A and B were represented"; and the heads of delegations, who co-chair:
    "Deputy Assistant Secretary X led the U.S. delegation, and Y led the Spanish delegation"."""
    people = r"(?:(?:[Ss]enior\s+)?(?:[Oo]fficials|[Rr]epresentatives)\s+(?:from|of)\s+)?"
    side = r"(?:from|for|on)\s+the\s+(?P<{}>" + state + r")\s+(?:side|delegation|team)"
    return re.compile(
        r"(?:^(?:\d{1,2}\.\s+)?|(?<=,\s)while\s+|(?<=;\s)|(?<=,\s)and\s+)"
        r"(?:(?:[Ff]rom|[Ff]or|[Oo]n)\s+(?:the\s+)?(?P<lead>"
        + state
        + r")(?:\s+side)?,\s*)?"
        + people
        + r"(?P<list>(?(lead)[^.]*?|[A-Z][^;]*?))\s+(?:will\s+)?(?:also\s+)?(?:"
        r"(?:was|were)\s+(?:also\s+)?part\s+of\s+the\s+(?P<side>" + state + r")\s+delegation"
        r"|(?:(?:took|take)\s+part|participated|participate|attended|attend"
        r"|(?:was|were)\s+(?:represented|present))(?:\s+" + side.format("side2") + r")?"
        r"|joined\s+the\s+(?P<side3>" + state + r")\s+(?:delegation|team|side)"
        r"|(?P<head>led|headed|leads|heads|lead|head)\s+the\s+(?P<side4>" + state + r")\s+"
        r"(?:delegation|team|side)"
        r"|(?P<cochaired>co-?chaired|co-?chair|chaired)\s+the\s+(?:[\w.-]+\s+){0,6}?"
        r"(?:[Dd]ialogue|meeting|talks|session))\b"
    )


_TOOK_PART_SIDES = ("side", "side2", "side3", "side4", "lead")


def _leading_side(prefix: str, authority: Authority) -> str | None:
    """The side a sentence names before its list: "For Australia, it was co-chaired by ...",
    "The Japanese delegation was led by ...", "Representing Canada were ...", "Indian
    participants: ..."."""

    def build() -> re.Pattern[str]:
        state = authority.state_pattern()
        return re.compile(
            r"\b(?:[Ff]or|[Oo]n\s+behalf\s+of|[Rr]epresenting)\s+(?:the\s+)?(?P<a>" + state + r")\b"
            r"|(?P<b>" + state + r")(?:'s)?\s+(?:side|delegation|team)\b"
            r"|(?P<c>" + state + r")\s+(?:was|were|will\s+be)\s+(?:also\s+)?represented\s+by\s*$"
            r"|(?P<d>" + state + r")\s+(?:participants|delegates|officials)\s*:?\s*$"
        )

    found = list(authority.compiled("roles.leading_side", build).finditer(prefix))
    if not found:
        return None
    last = found[-1]
    return authority.state_code(last["a"] or last["b"] or last["c"] or last["d"])


def find_roles(
    extraction: Extraction, sentence_list: list[Sentence], authority: Authority, parties: list[str]
) -> list[Role]:
    """Co-chairs and participants in the sentences that list them.

    Two readings across sentences: a sentence that names no side ("Officials from A and B will
    also take part") lends the one side of the sentence before to the bodies it mints; and a
    co-chair minted without a side, in a dialogue of two parties whose other co-chairs are
    all of one party, is the other party's (co-chairs come one per side).
    """
    markers = authority.compiled("roles.markers", lambda: _markers(authority))
    took_part = authority.compiled("roles.took_part", lambda: _took_part(authority.state_pattern()))
    found: list[tuple[str, Entity, str | None, Span]] = []
    previous: str | None = None  # the one side the last sentence with roles named
    roster: Roster | None = None  # the list under a heading ("Participants", "Co-Chairs:")
    for sentence in sentence_list:
        here: list[tuple[str, Entity, str | None]] = []
        start = item_start(extraction.document.text, sentence)
        line = sentence.text if start is None else sentence.text[start - sentence.start :]
        roster = _roster(roster, line, authority, bulleted=start is not None)
        if roster is not None and roster.item is not None:
            # one body a line; an unbulleted line naming none ends the list
            listed = _listed_body(roster, authority, parties, previous)
            if listed or roster.bulleted:
                here = [(roster.role, entity, roster.side) for entity in listed]
                found.extend((role, entity, side, sentence.span) for role, entity, side in here)
                continue
            roster = None
        elif roster is not None:
            continue  # a heading or a side line
        for match in took_part.finditer(sentence.text):  # "X, Y and Z took part from the ... side"
            named = next((match[k] for k in _TOOK_PART_SIDES if match[k]), None)
            side = authority.state_code(named) if named else None
            role = "co-chair" if match["head"] or match["cochaired"] else "participant"
            # "X, accompanied by Y and Z, led the French delegation": Y and Z take part
            heads, _, company = match["list"].partition("accompanied by")
            for entity in _bodies(heads, side, authority, parties, previous):
                here.append((role, entity, side))
            for entity in _bodies(company, side, authority, parties, previous):
                here.append(("participant", entity, side))
        for role, start, end in _clauses(sentence.text):
            clause = sentence.text[start:end]
            default = _leading_side(sentence.text[:start], authority)
            for side, (a, b) in _side_chunks(clause, markers, authority):
                side = side or default
                chunk = clause[a:b]
                same = role == "participant"
                for entity in _bodies(chunk, side, authority, parties, previous, same_side=same):
                    here.append((role, entity, side))
        if here:
            sides = {entity.state or side for _, entity, side in here} - {None}
            previous = sides.pop() if len(sides) == 1 else None
        found.extend((role, entity, side, sentence.span) for role, entity, side in here)
    found = _other_side(found, parties, authority)
    return [Role(r, extraction.add_entity(e, span), side) for r, e, side, span in found]


@dataclass
class Roster:
    """Where a reader is in a list of bodies under a heading: its role, the side the last
    side line gave ("Ukraine:"), and the item of the current line (None on a heading)."""

    role: str
    side: str | None = None
    item: str | None = None
    bulleted: bool = False


_HEADING = re.compile(
    r"(?P<chairs>co-?chairs?|co-?chairpersons|heads\s+of\s+(?:the\s+)?delegations?)"
    r"|(?:principal\s+|other\s+)?(?:participants|delegations?|delegates|attendees)"
    r"|participating\s+(?:agencies|bodies|organi[sz]ations|institutions)",
    re.IGNORECASE,
)
#: "United States:", "For the Japanese side:", "Ukraine: Taras Kovalchuk, Head of ..."
_SIDE_LINE = (
    r"(?:(?:for|from|on)\s+)?(?:the\s+)?(?P<state>STATE)"
    r"(?:\s+(?:side|delegation|participants))?\s*:\s*(?P<rest>.*)"
)


#: A list item that is one name ("Ministry of Climate and Environment of Norway"), whose
#: "and" is part of it: title-case words, no comma.
_NAME_WORD = r"(?:[A-Z][\w'.&-]*|of|for|and|the|on|in|to|de|du|des|la|le|del|für|und|&)"
_ONE_NAME = re.compile(
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})+(?:\s*\((?P<acr>[A-Za-z][\w&./-]{{1,12}})\))?"
)


def _listed_body(
    roster: Roster, authority: Authority, parties: list[str], fallback: str | None
) -> list[Entity]:
    """The body a list item names: a known name covering the item, or the item minted whole
    when it is one name; else the first body of the item, the unit before its parent
    ("Office of Space Commerce, Department of Commerce")."""
    item = _CLEAN.sub("", roster.item.strip(" .;:,"))
    one = _ONE_NAME.fullmatch(item)
    bare = item[: one.start("acr") - 1].strip() if one and one["acr"] else item
    matches = authority.find(bare) if one else []
    whole = len(matches) == 1 and matches[0].span.end - matches[0].span.start == len(bare)
    kind = head_kind(bare) or ("GovernmentBody" if roster.bulleted else None)
    if one and not whole and kind in _BODY_KINDS:
        return [mint(bare, kind, authority, one["acr"], state=roster.side or fallback)]
    return _bodies(item, roster.side, authority, parties, fallback)[:1]


def _roster(
    roster: Roster | None, text: str, authority: Authority, bulleted: bool = False
) -> Roster | None:
    """The roster state after the line ``text`` (a list item's text after its bullet): a
    heading opens a list ("Participants", "Co-Chairs:", "The U.S. delegation included:"), a
    side line gives the side of the items after it, a bulleted or short line is an item,
    and any other sentence ends it."""
    line = text.strip()
    heading = _HEADING.fullmatch(line.rstrip(": "))
    if heading:
        return Roster("co-chair" if heading["chairs"] else "participant")
    clauses = _clauses(line)
    if clauses and not line[clauses[-1][1] :].strip(" :"):  # "... delegation included:"
        role, start, _ = clauses[-1]
        return Roster(role, _leading_side(line[:start], authority))
    if roster is None:
        return None
    body = line
    side_line = authority.with_states(_SIDE_LINE).fullmatch(body)
    side = authority.state_code(side_line["state"]) if side_line else roster.side
    if side_line and not side_line["rest"]:
        return Roster(roster.role, side)  # "United States:" heads the items below it
    if side_line:
        body = side_line["rest"]
    bulleted = bulleted or bool(side_line)
    if bulleted or (len(line.split()) <= 15 and not line.endswith(".")):
        return Roster(roster.role, side, body, bulleted)
    return None


def _other_side(
    found: list[tuple[str, Entity, str | None, Span]], parties: list[str], authority: Authority
) -> list[tuple[str, Entity, str | None, Span]]:
    """Co-chairs minted without a state, given the one party no other co-chair is from."""
    co_chairs = [entity for role, entity, _, _ in found if role == "co-chair"]
    missing = set(parties) - {entity.state for entity in co_chairs}
    if len(parties) != 2 or len(missing) != 1:
        return found
    other = missing.pop()
    kept = []
    for role, entity, side, span in found:
        if role == "co-chair" and entity.minted and entity.state is None:
            named = mint(entity.label, entity.kind, authority, state=other)
            named.aliases |= entity.aliases
            entity, side = named, other
        kept.append((role, entity, side, span))
    return kept


def _clauses(text: str) -> list[tuple[str, int, int]]:
    """The (role, start, end) clauses of a sentence that list co-chairs or participants."""
    cuts = sorted(
        [(m.end(), "co-chair") for m in _CO_CHAIR.finditer(text)]
        + [(m.end(), "participant") for m in _PARTICIPANTS.finditer(text)]
    )
    starts = [m.start() for m in _CO_CHAIR.finditer(text)] + [
        m.start() for m in _PARTICIPANTS.finditer(text)
    ]
    clauses = []
    for index, (begin, role) in enumerate(cuts):
        later = [s for s in starts if s > begin]
        end = min(later) if later else len(text)
        clauses.append((role, begin, end))
        del index
    return clauses


def _side_chunks(clause: str, markers, authority: Authority):
    """Split a clause into (side code, (start, end)) chunks by its side markers."""
    chunks = []
    position = 0
    pending_side = None
    marks = sorted(
        (m.start(), m.end(), m["side"], how)
        for pattern, how in markers
        for m in pattern.finditer(clause)
    )
    for start, end, name, how in marks:
        if start < position:
            continue  # overlapping markers: the first one wins
        code = authority.state_code(name)
        if how == "close" and (pending_side or not clause[position:start].strip(" ,;:")):
            how = "open"  # "..., from the United Kingdom, A and B; and, from ...": it opens
        if how == "close":
            chunks.append((code, (position, start)))
            pending_side = None
        else:
            if start > position:
                chunks.append((pending_side, (position, start)))
            pending_side = code
        position = end
    chunks.append((pending_side, (position, len(clause))))  # after the last marker
    return [(side, span) for side, span in chunks if span[1] > span[0]]


def _bodies(
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
    sentence before (see :func:`find_roles`) or, with ``same_side`` (participants, not
    co-chairs, who come one a side), the one side of the known bodies listed with it."""
    chunk = _DISTRIBUTIVE.sub(_distribute, _AMONG.sub("", chunk))
    protected, known, surfaces = _protect(chunk, side, authority, parties, fallback)
    if same_side and side is None and fallback is None:  # "NASA, NOAA, the FAA ...": theirs
        states = {e.state for e in known if e is not None and e.kind != "Person"}
        fallback = states.pop() if len(states) == 1 and states <= set(parties) else None
    protected = _PARENT_AFTER.sub(r"\1", protected)  # "A of the B": B is A's parent body
    if _PEOPLE.search(protected):
        return _bodies_of_officials(protected, known, side, authority, parties, fallback)
    found: list[Entity] = []
    for piece in _pieces(protected):
        name = _CLEAN.sub("", piece.strip(" .,;:"))
        if (owner_body := _owner_body(name, known)) is not None:
            found.append(owner_body)  # "ISRO's scientific secretary": ISRO
            continue
        owner = re.match(r"(?P<state>[^\x00']+)'s\s", name)  # "Germany's Bundeswehr Space Command"
        piece_side = (authority.state_code(owner["state"]) if owner else None) or side
        name = _PARENT.sub("", name).strip(" .,;:")
        tokens = [int(t) for t in re.findall(r"\x00(\d+)\x00", name)]
        if tokens and all(known[t] is not None for t in tokens):
            people = [known[t] for t in tokens]
            found.extend(people)  # type: ignore[arg-type]
            if all(p.kind == "Person" for p in people):  # type: ignore[union-attr]
                found.extend(_led_by_title(name, side, authority, parties))
            continue
        # a known name of another state ("Ministry of Foreign Affairs" from the Brazilian side)
        name = re.sub(r"\x00(\d+)\x00", lambda m: surfaces[int(m.group(1))], name)
        name = re.sub(r"^the\s+", "", name)  # "the Netherlands" was a state's name
        acronym_match = _ACRONYM.search(name)
        bare = name[: acronym_match.start()] if acronym_match else name
        unit = re.match(r"(?P<unit>\S+(?:\s+\S+)+?)\s+of\s+the\s+(?P<parent>.+)$", bare)
        if unit and {head_kind(unit["unit"]), head_kind(unit["parent"])} <= _BODY_KINDS:
            bare = unit["unit"]  # "Directorate General for Enterprise of the Ministry of X"
        kind = head_kind(bare)
        named_state = authority.with_states(_STATE_LAST).search(bare) if kind is None else None
        if named_state and bare[: named_state.start()].strip()[:1].isupper():
            # "Natural Resources Canada", "Geoscience Australia": a body named with its state
            kind, piece_side = "GovernmentBody", authority.state_code(named_state["state"])
        if len(bare.split()) >= 2 and bare[:1].isupper() and kind in _BODY_KINDS:
            acronym = acronym_match["acr"] if acronym_match else None
            found.append(mint(bare, kind, authority, acronym, state=piece_side or fallback))
        else:
            found.extend(_led_by_title(name, side, authority, parties))
            if (inside := _BODY_INSIDE.search(bare)) and head_kind(inside["body"]) in _BODY_KINDS:
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
    for match in authority.find(chunk):
        if not any(c.kind in _BODY_KINDS | {"Person", "State"} for c in match.candidates):
            continue  # a policy or a place inside a body's name ("National Space Policy Office")
        # "the Ministry of Foreign Affairs of the Republic of Korea": that state's ministry
        named = authority.with_states(OF_STATE).match(chunk, match.span.end)
        before = authority.with_states(STATE_BEFORE).search(chunk, 0, match.span.start)
        own = authority.state_code((named or before)["state"]) if named or before else None
        entry = choose(
            [c for c in match.candidates if c.kind in _BODY_KINDS | {"Person"}],
            [own] if own else context,
            strict=own is not None or side is not None,
        )
        kind = head_kind(match.surface)
        if entry is None and own and kind in _BODY_KINDS:
            minted = mint(match.surface, kind, authority, state=own)
            end = named.end() if named else match.span.end
            found_names.append((match.span.start, end, minted, match.surface))
            continue
        found_names.append(
            (match.span.start, match.span.end, entity_of(entry) if entry else None, match.surface)
        )
    for start, end, acronym in [*_defined_names(chunk), *_series_names(chunk)]:
        free = all(end <= a or b <= start for a, b, _, _ in found_names)
        if free and not (acronym and authority.find(acronym)):
            name = chunk[start:end]
            entity = mint(name, head_kind(name), authority, acronym, state=side or fallback)
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


#: Officials named by title or honorific: their list is read for the bodies they work at.
_PEOPLE = re.compile(
    r"\b(?:(?:Deputy\s+|Vice\s+|Assistant\s+|Under\s*)?(?:Director(?:-General)?|Head|"
    r"Secretary|Minister|Ambassador|Chief|Chair(?:man|woman|person)?|President|Administrator|"
    r"Counsel+or|Commissioner|Coordinator|Envoy)|Dr|Mr|Ms|Mrs|Prof)\b\.?\s+(?:of|for|at|[A-Z])"
)


def _bodies_of_officials(
    protected: str,
    known: list[Entity | None],
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
            if entity is not None and entity.kind != "Person":
                found.append(entity)
            continue
        name = _CLEAN.sub("", match.group()).strip()
        if _PEOPLE.match(name):  # "Director of the National Space Policy Office"
            where = re.search(r"\b(?:of|at|in|for)\s+the\s+(?=[A-Z])", name)
            name = name[where.end() :] if where else ""
        after = protected[match.end() :]
        if (
            len(name.split()) >= 2
            and head_kind(name) in _BODY_KINDS
            and not re.match(r"\s+of\s+the\s+\x00", after)
        ):
            found.append(mint(name, head_kind(name), authority, state=side or fallback))
    found.extend(_led_by_title(protected, side, authority, parties))
    return list({e.iri: e for e in found}.values())


#: ", among them Dr. X, Deputy Coordinator ...": people named inside a body's list item.
_AMONG = re.compile(r",?\s*\bamong\s+(?:them|whom)\b[^;]*")


#: A state's name that ends a body's name: "Natural Resources Canada".
_STATE_LAST = r"(?<=\s)(?P<state>STATE)$"


#: Two protected names joined by "of the": the second is the first one's parent body.
_PARENT_AFTER = re.compile(r"(\x00\d+\x00)(?:\s*\([^)]*\))?\s+of\s+the\s+\x00\d+\x00")
_DEFINED = re.compile(r"\((?P<acr>[A-Z][A-Za-z&-]{1,10})\)")
_MINOR = frozenset({"of", "for", "and", "the", "on", "&", "de", "du", "des", "la"})


def _defined_names(chunk: str) -> list[tuple[int, int, str]]:
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
                # "the Office of the National Broadcasting ... Commission (NBTC)"
                if outer := _OUTER.search(chunk, 0, start):
                    start = outer.start()
                if head_kind(chunk[start:end]) in _BODY_KINDS:
                    spans.append((start, end, match["acr"]))
                break
    return spans


_WORDS = r"[A-Z][a-z][\w'-]*(?:\s+(?:and\s+)?[A-Z][a-z][\w'-]*)*"
#: A name whose field is a series: "Ministry of Research, Technology and Space", "Bureau of
#: Arms Control, Deterrence and Stability" (no item of it a body of its own).
_SERIES = re.compile(
    rf"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+(?:of|for)\s+(?:the\s+)?{_WORDS}"
    rf"(?:,\s+{_WORDS})*,?\s+and\s+{_WORDS}"
    r"(?:\s*\((?:[^()]*,\s*)?(?P<acr>[A-Z][\w&./-]{1,12})\))?"
)


def _series_names(chunk: str) -> list[tuple[int, int, str | None]]:
    """Names whose field is a series of capitalised words (start, end, acronym), when the
    name has a body's head noun and no item of the series does."""
    spans = []
    for match in _SERIES.finditer(chunk):
        name = chunk[match.start() : match.end()].split(" (")[0]
        items = re.split(r",\s+(?:and\s+)?|\s+and\s+", name.split(" of ", 1)[-1])
        parent = re.search(r"\bof\s+(?:the\s+)?$", chunk[: match.start()])  # "A of the B"
        if head_kind(name) in _BODY_KINDS and not parent and not any(map(starts_name, items)):
            spans.append((match.start(), match.start() + len(name), match["acr"]))
    return spans


_OUTER = re.compile(r"\b(?:Office|Secretariat|Bureau)\s+of\s+the\s+$")


#: A body named after a title, where its holder works: "... in the Ministry of X".
_BODY_INSIDE = re.compile(r"\b(?:in|at)\s+the\s+(?P<body>[A-Z][^,;]*)$")


def _owner_body(name: str, known: list[Entity | None]) -> Entity | None:
    """The known body that owns what follows it, when that is a person or a title, not a body
    ("ISRO's scientific secretary", but not "the Executive Office's National Space Council")."""
    match = re.match(r"\x00(\d+)\x00's\s+(?P<rest>.*)", name)
    if match is None or "\x00" in match["rest"] or head_kind(match["rest"]) in _BODY_KINDS:
        return None
    owner = known[int(match[1])]
    return owner if owner is not None and owner.kind != "Person" else None


#: Titles of a state's chief diplomats: the delegation they lead is their foreign ministry's.
_FOREIGN_TITLE = re.compile(
    r"\b(?:Foreign\s+(?:Secretary|Minister)|Secretary\s+of\s+State|"
    r"Minister\s+(?:of|for)\s+(?:Europe\s+and\s+)?(?:Foreign|External)\s+Affairs|"
    r"External\s+Affairs\s+Minister)\b"
)


#: "Vice Minister of Science and Technology", "Deputy Assistant Secretary of Defense for ...".
_TITLE = re.compile(
    r"\b(?P<title>Minister|Secretary)\s+(?:of|for)\s+"
    r"(?P<field>[A-Z][\w-]*(?:,?\s+(?:and\s+)?[A-Z][\w-]*)*)"
)


def _led_by_title(
    name: str, side: str | None, authority: Authority, parties: list[str]
) -> list[Entity]:
    """The body behind an official's title: "Foreign Secretary Vinay Kwatra from India" → the
    foreign ministry; "Secretary of Defense" → the Department of Defense; "Vice Minister of
    Science and Technology" (side known) → that ministry, minted when the authority lacks it."""
    found: list[Entity] = []
    if side and _FOREIGN_TITLE.search(name) and (ministry := authority.foreign_ministry(side)):
        found.append(entity_of(ministry))
    for match in _TITLE.finditer(name):
        field = match["field"]
        names = (f"Ministry of {field}", f"Ministry for {field}", f"Department of {field}")
        entry = next(
            (
                e
                for body in names
                if (
                    e := choose(
                        authority.lookup(body, _BODY_KINDS),
                        [side] if side else parties,
                        strict=True,
                    )
                )
            ),
            None,
        )
        if entry is not None:
            found.append(entity_of(entry))
        elif side and match["title"] == "Minister":
            found.append(mint(f"Ministry of {field}", "GovernmentBody", authority, state=side))
    return list({e.iri: e for e in found}.values())


_BODY_KINDS = {"GovernmentBody", "SpaceAgency", "InternationalBody"}


#: An item's parent after its unit: "the National Space Policy Secretariat, Cabinet Office"
_UNIT_PARENT = re.compile(r"(?<=\x00),\s+\x00\d+\x00$")


def _pieces(chunk: str) -> list[str]:
    """List items: by semicolons when there are any, else by commas and "and", re-joined
    where a piece has no head noun ("Ministry of Economy, Trade and Industry")."""
    if ";" in chunk:  # items may hold commas; one that lists "the A, the B and C" is split
        parts = [_UNIT_PARENT.sub("", part.strip()) for part in chunk.split(";")]
        return [
            p for part in parts if part for p in (_pieces(part) if ", the " in part else [part])
        ]
    parts = _SPLIT.split(chunk)
    separators = _SPLIT.findall(chunk)
    if (
        len(parts) >= 3
        and separators[-1].strip() == ","
        and any("and" in s for s in separators[:-1])
        and ("\x00" in parts[-1] or starts_name(parts[-1]))
    ):
        parts, separators = parts[:-1], separators[:-1]  # "A and B, C": C is B's parent body
    pieces: list[str] = []
    pending = ""

    def has_head(part: str) -> bool:
        """A known name, or a head noun after "of the"...; not an acronym in brackets alone
        ("National Security (SGDSN)" ends the name before it)."""
        part = re.sub(r"\(\s*\x00\d+\x00\s*\)", "", part).strip()
        return "\x00" in part or starts_name(_LEAD.sub("", part))

    def pieces_end_open(pieces: list[str]) -> bool:
        """The last piece has no head noun of its own yet ("Ministry of Education, Culture")."""
        return (
            bool(pieces)
            and re.search(r"\b(?:of|for|on)\b", pieces[-1]) is not None
            and "," in pieces[-1]
        )

    for index, part in enumerate(parts):
        joiner = separators[index - 1] if index else ""
        if pending:
            pending = pending + joiner + part
            if has_head(part) or _ACRONYM.search(part):
                pieces.append(pending)
                pending = ""
            continue
        if has_head(part):
            pieces.append(part)
            continue
        # a piece without a head noun belongs to a neighbour: to the next one when "and"
        # joins it to a name that has one ("Telecommunications and Digital Government
        # Regulatory Authority"), else to the previous one ("Ministry of Economy, Trade")
        forward = (
            index + 1 < len(parts)
            and separators[index].strip() == "and"
            and has_head(parts[index + 1])
            and not parts[index + 1].lstrip().lower().startswith("the ")  # a new item
            and not pieces_end_open(pieces)
        )
        if forward or not pieces:
            pending = part
        elif part.lstrip().lower().startswith("the "):
            pieces.append(part)  # "the X" is an item of its own, head noun or not
        else:
            pieces[-1] = pieces[-1] + joiner + part
    if pending:
        pieces.append(pending)
    return pieces


def _distribute(match: re.Match[str]) -> str:
    singular = _SINGULAR[match["plural"]]
    items = [i for i in _SPLIT.split(match["items"]) if i]
    return "; ".join(f"{singular} of {item}" for item in items) + ";"
