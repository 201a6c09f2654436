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
from ..text import Sentence
from .mentions import entity_of, mint
from .model import Entity, Extraction
from .names import has_head as starts_name
from .names import head_kind

_CO_CHAIR = re.compile(
    r"\b(?:co-?chaired,?\s+(?:by\s+|(?=for\s|on\s+behalf\s))|co-?chairs\s+(?:were|included)\s+|"
    r"chaired\s+by\s+|co-?led\s+by\s+|led\s+by\s+|headed\s+by\s+)",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"\b(?:(?:principal\s+)?participants\s+(?:also\s+)?(?:included|were|comprised|from)|attended\s+by|"
    r"delegations?\s+(?:also\s+)?(?:included|comprised|consisted\s+of|were\s+composed\s+of)|"
    r"(?:also\s+)?participating\s+(?:were|agencies\s+included)|"
    r"(?<=\sand\s)(?:will\s+|also\s+)?include[sd]?(?:\s+representatives\s+(?:of|from))?|"
    r"delegations?\s+will\s+include|(?:was|were|will\s+be)\s+(?:also\s+)?(?:joined|represented)\s+by|"
    r"(?<=,\s)and\s+joined\s+by)\s*:?\s*",
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
_CLEAN = re.compile(
    r"^(?:(?:and|the|by|representatives?|officials?|senior|of|from)\s+)+", re.IGNORECASE
)
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
        + r"\s+(?:was\s+|were\s+|will\s+be\s+|will\s+)?(?:also\s+)?"
        + r"(?:(?:co-?)?led\s+by|headed\s+by|represented\s+by|included|include|comprised|"
        + r"consisted\s+of)\s+",
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
    A; B; and C took part", "For Nigeria, representatives of A and B participated"."""
    people = r"(?:(?:[Ss]enior\s+)?(?:[Oo]fficials|[Rr]epresentatives)\s+(?:from|of)\s+)?"
    side = r"(?:from|for|on)\s+the\s+(?P<{}>" + state + r")\s+(?:side|delegation|team)"
    return re.compile(
        r"(?:^|(?<=,\s)while\s+|(?<=;\s))"
        r"(?:(?:[Ff]rom|[Ff]or|[Oo]n)\s+(?:the\s+)?(?P<lead>"
        + state
        + r")(?:\s+side)?,\s*)?"
        + people
        + r"(?P<list>(?(lead)[^.]*?|[A-Z][^;]*?))\s+(?:also\s+)?(?:"
        r"(?:was|were)\s+(?:also\s+)?part\s+of\s+the\s+(?P<side>" + state + r")\s+delegation"
        r"|(?:took\s+part|participated|attended)(?:\s+" + side.format("side2") + r")?"
        r"|joined\s+the\s+(?P<side3>" + state + r")\s+(?:delegation|team|side))\b"
    )


_TOOK_PART_SIDES = ("side", "side2", "side3", "lead")


def _leading_side(prefix: str, authority: Authority) -> str | None:
    """The side a sentence names before its list: "For Australia, it was co-chaired by ...",
    "The Japanese delegation was led by ..."."""
    state = authority.state_pattern()
    found = list(
        re.finditer(
            r"\b(?:for|on\s+behalf\s+of)\s+(?:the\s+)?(?P<a>" + state + r")\b"
            r"|(?P<b>" + state + r")(?:'s)?\s+(?:side|delegation|team)\b"
            r"|(?P<c>" + state + r")\s+(?:was|were|will\s+be)\s+(?:also\s+)?represented\s+by\s*$",
            prefix,
        )
    )
    return (
        authority.state_code(found[-1]["a"] or found[-1]["b"] or found[-1]["c"]) if found else None
    )


def find_roles(
    extraction: Extraction, sentence_list: list[Sentence], authority: Authority, parties: list[str]
) -> list[Role]:
    """Co-chairs and participants in the sentences that list them."""
    markers = _markers(authority)
    took_part = authority.compiled("roles.took_part", lambda: _took_part(authority.state_pattern()))
    roles: list[Role] = []
    for sentence in sentence_list:
        for match in took_part.finditer(sentence.text):  # "X, Y and Z took part from the ... side"
            named = next((match[k] for k in _TOOK_PART_SIDES if match[k]), None)
            side = authority.state_code(named) if named else None
            for entity in _bodies(match["list"], side, authority, parties):
                roles.append(
                    Role("participant", extraction.add_entity(entity, sentence.span), side)
                )
        for role, start, end in _clauses(sentence.text):
            clause = sentence.text[start:end]
            default = _leading_side(sentence.text[:start], authority)
            for side, (a, b) in _side_chunks(clause, markers, authority):
                side = side or default
                for entity in _bodies(clause[a:b], side, authority, parties):
                    kept = extraction.add_entity(entity, sentence.span)
                    roles.append(Role(role, kept, side))
    return roles


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


def _bodies(chunk: str, side: str | None, authority: Authority, parties: list[str]) -> list[Entity]:
    """The bodies a list names. Known names are found first and kept whole (so that
    "Secretariat-General for Defense and National Security" is not split at its "and")."""
    context = [side] if side else list(parties)
    chunk = _DISTRIBUTIVE.sub(_distribute, chunk)
    known: list[Entity | None] = []
    surfaces: list[str] = []
    protected = chunk
    for match in reversed(authority.find(chunk)):
        entry = choose(
            [c for c in match.candidates if c.kind in _BODY_KINDS | {"Person"}],
            context,
            strict=side is not None,
        )
        token = f"\x00{len(known)}\x00"
        known.append(entity_of(entry) if entry else None)
        surfaces.append(match.surface)
        protected = protected[: match.span.start] + token + protected[match.span.end :]
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
        acronym_match = _ACRONYM.search(name)
        bare = name[: acronym_match.start()] if acronym_match else name
        if len(bare.split()) >= 2 and bare[:1].isupper() and head_kind(bare) in _BODY_KINDS:
            acronym = acronym_match["acr"] if acronym_match else None
            found.append(mint(bare, head_kind(bare), authority, acronym, state=piece_side))
        else:
            found.extend(_led_by_title(name, side, authority, parties))
            if (inside := _BODY_INSIDE.search(bare)) and head_kind(inside["body"]) in _BODY_KINDS:
                # "Undersecretary of State in the Ministry of Development and Technology"
                body = inside["body"]
                found.append(mint(body, head_kind(body), authority, state=piece_side))
    return found


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


def _pieces(chunk: str) -> list[str]:
    """List items: by semicolons when there are any, else by commas and "and", re-joined
    where a piece has no head noun ("Ministry of Economy, Trade and Industry")."""
    if ";" in chunk:
        return [p for p in (part.strip() for part in chunk.split(";")) if p]
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
        return "\x00" in part or starts_name(part)

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
            and not pieces_end_open(pieces)
        )
        if forward or not pieces:
            pending = part
        else:
            pieces[-1] = pieces[-1] + joiner + part
    if pending:
        pieces.append(pending)
    return pieces


def _distribute(match: re.Match[str]) -> str:
    singular = _SINGULAR[match["plural"]]
    items = [i for i in _SPLIT.split(match["items"]) if i]
    return "; ".join(f"{singular} of {item}" for item in items) + ";"
