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
from ..text import Sentence, Span
from .mentions import entity_of, mint
from .model import Entity, Extraction
from .names import has_head as starts_name
from .names import head_kind

_CO_CHAIR = re.compile(
    r"\b(?:co-?chaired\s+by|co-?chairs\s+(?:were|included)|chaired\s+by|co-?led\s+by|led\s+by|headed\s+by)\s+",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"\b(?:(?:principal\s+)?participants\s+(?:included|were|comprised|from)|attended\s+by|"
    r"delegations?\s+(?:included|comprised|consisted\s+of|were\s+composed\s+of)|"
    r"(?:also\s+)?participating\s+(?:were|agencies\s+included))\s*:?\s*",
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
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_CLEAN = re.compile(
    r"^(?:(?:and|the|by|representatives?|officials?|senior|(?:of|from)|"
    r"the\s+Executive\s+Office\s+of\s+the\s+President's)\s+)+",
    re.IGNORECASE,
)
_PARENT = re.compile(r"^.*?'s\s+")
_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Za-z][\w&./-]{1,12})\)\s*$")


@dataclass(frozen=True)
class Role:
    role: str  # "co-chair" or "participant"
    entity: Entity
    side: str | None  # ISO code


def _markers(authority: Authority) -> tuple[re.Pattern[str], re.Pattern[str]]:
    state = authority.state_pattern()
    side_word = r"(?:side|delegation|government|team)"
    closing = re.compile(
        r"\s*,?\s*\b(?:for|from|of|on|representing)\s+(?:the\s+)?(?P<side>" + state + r")"
        r"(?:(?P<strong>\s+" + side_word + r")|(?=\s*(?:[,;.:)]|$|and\s+[A-Z])))"
    )
    opening = re.compile(
        r"(?:^|(?<=[,;.]\s)|(?<=\sand\s))\s*(?:the\s+)?(?P<side>"
        + state
        + r")\s+"
        + side_word
        + r"\s+(?:was\s+|were\s+|will\s+be\s+)?"
        + r"(?:(?:co-?)?led\s+by|represented\s+by|included|comprised|consisted\s+of)\s+",
        re.IGNORECASE,
    )
    return closing, opening


def find_roles(
    extraction: Extraction, sentence_list: list[Sentence], authority: Authority, parties: list[str]
) -> list[Role]:
    """Co-chairs and participants in the sentences that list them."""
    closing, opening = _markers(authority)
    roles: list[Role] = []
    for sentence in sentence_list:
        for role, start, end in _clauses(sentence.text):
            clause = sentence.text[start:end]
            for side, (a, b) in _side_chunks(clause, closing, opening, authority):
                chunk_span = Span(sentence.start + start + a, sentence.start + start + b)
                for entity in _bodies(clause[a:b], side, authority, parties):
                    kept = extraction.add_entity(entity, sentence.span)
                    roles.append(Role(role, kept, side))
                del chunk_span
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


def _side_chunks(clause, closing, opening, authority):
    """Split a clause into (side code, (start, end)) chunks by its side markers."""
    chunks = []
    position = 0
    pending_side = None
    marks = sorted(
        [(m.start(), m.end(), m["side"], "close") for m in closing.finditer(clause)]
        + [(m.start(), m.end(), m["side"], "open") for m in opening.finditer(clause)]
    )
    for start, end, name, how in marks:
        code = authority.state_code(name)
        if how == "close":
            chunks.append((code, (position, start)))
            pending_side = None
        else:
            if start > position:
                chunks.append((pending_side, (position, start)))
            pending_side = code
        position = end
    if pending_side is not None or not marks:
        chunks.append((pending_side, (position, len(clause))))
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
        name = _PARENT.sub("", _CLEAN.sub("", piece.strip(" .,;:"))).strip(" .,;:")
        tokens = [int(t) for t in re.findall(r"\x00(\d+)\x00", name)]
        if tokens and all(known[t] is not None for t in tokens):
            people = [known[t] for t in tokens]
            found.extend(people)  # type: ignore[arg-type]
            if all(p.kind == "Person" for p in people) and side:  # type: ignore[union-attr]
                found.extend(_led_by_title(name, side, authority))
            continue
        # a known name of another state ("Ministry of Foreign Affairs" from the Brazilian side)
        name = re.sub(r"\x00(\d+)\x00", lambda m: surfaces[int(m.group(1))], name)
        acronym_match = _ACRONYM.search(name)
        bare = name[: acronym_match.start()] if acronym_match else name
        if len(bare.split()) >= 2 and bare[:1].isupper() and head_kind(bare) in _BODY_KINDS:
            acronym = acronym_match["acr"] if acronym_match else None
            found.append(mint(bare, head_kind(bare), authority, acronym, state=side))
        elif side:
            found.extend(_led_by_title(name, side, authority))
    return found


#: Titles of a state's chief diplomats: the delegation they lead is their foreign ministry's.
_FOREIGN_TITLE = re.compile(
    r"\b(?:Foreign\s+(?:Secretary|Minister)|Secretary\s+of\s+State|"
    r"Minister\s+(?:of|for)\s+(?:Europe\s+and\s+)?(?:Foreign|External)\s+Affairs|"
    r"External\s+Affairs\s+Minister)\b"
)


def _led_by_title(name: str, side: str, authority: Authority) -> list[Entity]:
    """ "Foreign Secretary Vinay Kwatra from India": the body behind the title, if known."""
    if not _FOREIGN_TITLE.search(name):
        return []
    ministry = authority.foreign_ministry(side)
    return [entity_of(ministry)] if ministry is not None else []


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
    ):
        parts, separators = parts[:-1], separators[:-1]  # "A and B, C": C is B's parent body
    pieces: list[str] = []
    pending = ""

    def has_head(part: str) -> bool:
        return "\x00" in part or starts_name(part)

    for index, part in enumerate(parts):
        joiner = separators[index - 1] if index else ""
        if pending:
            pending = pending + joiner + part
            if has_head(part) or _ACRONYM.search(part):
                pieces.append(pending)
                pending = ""
            continue
        if has_head(part) or _ACRONYM.search(part) or not pieces:
            if has_head(part):
                pieces.append(part)
            else:
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
