"""Who co-chaired a meeting and who took part, each with the side (state) it came from.

Reads sentences such as "This meeting was co-chaired by representatives of A and B for
Japan, and by representatives from C for the United States" and "Principal participants
included D; E; and F from the Japanese side, and G from the U.S. side". The side marker
("for Japan", "from the U.S. side", "on the Indian side") closes the list before it; a
leading marker ("The U.S. delegation included ...") opens the list after it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..authority import Authority
from ..text import Sentence, Span, item_start
from .bodies import CLEAN, bodies, defined_names, pieces
from .mint import mint
from .model import Entity, Extraction
from .names import BODY_KINDS, ends_name, head_kind

#: "the U.S. delegation", "the Indian side" (a side's name before its noun, found by
#: ``_leading_side`` in the text before the list).
_A_SIDE = r"the\s+[\w.'-]+(?:\s+[\w.'-]+){0,3}?\s+(?:side|delegation|team)"
#: The people a body sends: "officials of", "an adviser from", "Experts from".
_STAFF = (
    r"(?i:officials?|representatives?|delegates?|experts?|staff|diplomats?|specialists?|"
    r"advis[eo]rs?|officers?)"
)
_CO_CHAIR = re.compile(
    r"\b(?:co-?chaired,?\s+(?:by\s+|(?=for\s|on\s+behalf\s))|co-?chairs\s+(?:were|included)\s+|"
    r"co-?chaired\s+(?=on\s+the\s)|co-?chaired,\s+(?=on\s+the\s)|"
    r"(?:chaired|led|headed)\s+jointly,?\s+(?:by\s+|(?=for\s|on\s+behalf\s))|"
    r"jointly\s+(?:chaired|led|headed)\s+by\s+|"
    r"chaired\s+by\s+|co-?led\s+by\s+|led\s+by\s+|headed\s+by\s+|co-?presided\s+(?:over\s+)?by\s+|"
    # "led on the Korean side by A, and on the Canadian side by B": the sides open the lists
    r"(?:co-?)?(?:led|headed|chaired)(?=\s+on\s+the\s+[\w.'-]+\s+side\s+by\s)|"
    r"(?:heading|leading)\s+" + _A_SIDE + r"\s+(?:will\s+be|is|was|were|are)\s+|"
    r"co-?chairs\s*:\s*|co-?chairing\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:were|was)[\s,]+|"
    r"shared\s+the\s+chair(?:manship)?\s+with\s+|(?:co-?)?led\s+the\s+delegation\s+together\s+with\s+|"
    # "A co-chaired the Brazil-Spain Space Dialogue with B": B is the other chair
    r"(?:co-?)?chaired\s+the\s+(?:[\w.'-]+\s+){0,6}?(?:dialogue|meeting|talks|session)\s+"
    r"(?:together\s+)?with\s+|"
    # "co-chaired, for the French side, by A, assisted by B, and, for the Emirati side, by C"
    r"(?<=,\s)and,?\s+(?=for\s+the\s+[\w.'-]+\s+side,?\s+by\s)|"
    r"under\s+the\s+(?:co-?)?chair(?:man|woman|person)?ship(?:\s+of\s+|,\s+(?=for\s))|"
    # "Her Korean counterpart is ...": the other head of delegation
    r"(?:his|her|their)\s+(?:[\w.'-]+\s+)?counterparts?\s+(?:is|was|are|were|will\s+be)\s+)",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"\b(?:(?:principal\s+)?participants\s+(?:also\s+)?(?:included|were|comprised|from)|attended\s+by|"
    # "The Mexican delegation, under the Ambassador's leadership, also included"
    r"(?:delegations?|teams?|side)(?:,\s+which|,\s+[^,.;]{3,60},)?\s+(?:was\s+|were\s+|will\s+)?"
    r"(?:also\s+|further\s+)?"
    r"(?:include[sd]?|comprise[sd]?|consist(?:s|ed)\s+of|fielded|"
    r"featured|"
    r"brought(?:\s+together)?)|"
    r"(?:also\s+)?(?:taking\s+part|attending)\s+(?:(?:in|on|from|for)\s+[^,.;]{0,60}?)?"
    r"(?:were|was)|"
    # "A and B took part, as well as officials of C and of D"
    r"(?:took\s+part|participated|attended),\s+as\s+well\s+as\s+|"
    # "In addition to A, the Spanish side comprised B": A too
    r"(?:^(?:\d{1,2}\.\s+)?|(?<=,\s))in\s+addition\s+to\s+(?=[^.;]*?,\s+the\s+[\w.'-]+\s+"
    r"(?:side|delegation|team)\s+(?:comprised|included|consisted|was\s+made))|"
    # "Representatives of the following institutions took part: for Poland, A; for France, B"
    r"(?:took\s+part|participated|take\s+part|participate|attend)\s*:|"
    # "X travelled with officials from A and B"
    r"travel+ed\s+with\s+" + _STAFF + r"\s+(?:of|from)|"
    # "Around the table in Brasilia sat", "Around the Italian side of the table sat", "Around
    # the table on the Canadian side sat"
    r"around\s+the\s+(?:[\w.'-]+\s+){0,4}?table"
    r"(?:\s+(?:in\s+[A-Z][\w-]*|on\s+the\s+[\w.'-]+\s+side))?\s+(?:were|sat)|"
    r"(?:brought|sent)\s+(?:along\s+)?" + _STAFF + r"\s+(?:of|from)|"
    r"accompanying\s+[^,.;]{0,60}?\s+were|delegation\s+drawn\s+from|"
    r"(?:(?<=delegation\s)|(?<=team\s))(?:was|were|is|will\s+be)\s+drawn\s+from|"
    r"(?:^|(?<=\.\s))(?:It|They)\s+(?:will\s+)?(?:also\s+)?(?:include|comprise)[sd]?|"
    r"(?:took\s+part|participated),?\s+along\s+with|"
    r"(?:also\s+)?participating\s+(?:(?:in|on|from)\s+(?:[^,.;]|(?<=[A-Z])\.){0,60}?)?"
    r"(?:were|agencies\s+included)|"
    r"across\s+the\s+table\s+(?:sat|were)|(?<=,\s)as\s+did\s+|"
    # "Sitting on the Chilean side were", "Alongside the French co-chair sat", "Facing them
    # were": the subject after the verb
    r"(?:sitting|seated)\s+(?:on|with|for|beside|alongside)\s+[^,.;]{0,60}?\s+(?:were|was)|"
    r"(?:^|(?<=\.\s))alongside\s+[^,.;]{0,60}?\s+sat|facing\s+(?:them|him|her)\s+(?:were|sat)|"
    r"(?<=\sand\s)(?:will\s+|also\s+)?(?:include[sd]?|comprised?|comprising|consisted\s+of)"
    r"(?:\s+representatives\s+(?:of|from))?|"
    r"delegations?\s+will\s+include|"
    # "For the Indian Party took part representatives of ...": the subject after the verb
    r"took\s+part\s+(?=(?:representatives|officials|delegates|experts)\s+(?:of|from)\b)|"
    r"(?:was|were|will\s+be)\s+(?:also\s+|further\s+)?(?:joined|represented)\s+by|"
    r"(?:is|was|were)\s+(?:composed|made\s+up)\s+(?:of|by)|"
    r"(?<=,\s)(?:and\s+)?joined\s+by|accompanied\s+by|(?<=,\s)assisted\s+by|"
    r"also\s+in\s+attendance\s+were|(?:^(?:\d{1,2}\.\s+)?|(?<=\.\s))(?:also\s+)?present\s+were|"
    r"(?:^|(?<=\.\s))with\s+(?:him|her|them)\s+were|"
    r"with\s+(?:the\s+)?participation\s+(?:of|from)|"
    r"participants\s*:|"
    r"(?:took\s+part|participated)\s+in\s+the\s+(?:dialogue|meeting|talks)\s*,?\s*"
    r"(?:namely|as\s+follows|including)\s*,?|"
    r"participated\s+in\s+" + _A_SIDE + r"\s+(?:are|were|was|is)|"
    r"(?:(?<=,\s)(?:will\s+)?|delegations?\s+|teams?\s+)consists?\s+of|"
    r"participants\s+(?:on|from|for)\s+"
    + _A_SIDE.removesuffix(r"(?:side|delegation|team)")
    + r"side\s+(?:also\s+)?(?:included|were)|"
    r"(?:joining|representing)\s+(?:from\s+)?(?:"
    + _A_SIDE
    + r"|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
    r"\s+(?:are|is|were|was|will\s+be))\s*:?\s*",
    re.IGNORECASE,
)


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
        r"(?:^|(?<=[,;]\s)|(?<=\sand\s)|(?<=\s)(?=and,))\s*(?:and,?\s+)?"
        r"(?:for|on\s+behalf\s+of|on)\s+(?:the\s+)?"
        # "for the Israeli side, of A": the chairmanship's "of" after the side
        r"(?P<side>" + state + r")(?:\s+side)?(?:,?\s+by|,\s+of)\s+"
    )
    # "From the Japanese side, A and B; from the Singaporean side, C and D, participated"
    opening_side = re.compile(
        r";\s*(?:and\s+)?(?:from|for|on)\s+the\s+(?P<side>" + state + r")\s+side,\s*",
        re.IGNORECASE,
    )
    # "A led the Swedish delegation, and the Indian delegation by B": the verb said once
    gapped = re.compile(
        r"(?<=,\sand\s)(?:the\s+)?(?P<side>" + state + r")\s+" + side_word + r"\s+by\s+"
    )
    openings = [opening, opening_for, opening_side, gapped]
    return [(closing, "close"), *((pattern, "open") for pattern in openings)]


def _took_part(state: str) -> re.Pattern[str]:
    """A list that comes before its verb: "Officials from A and B were part of the Indian
    delegation", "while C and D took part from the Japanese side", "From the Japanese side,
    A; B; and C took part", "For Nigeria, representatives of A and B participated", "On the
    Japanese side, A and B were represented"; and the heads of delegations, who co-chair:
    "Deputy Assistant Secretary X led the U.S. delegation, and Y led the Spanish delegation"."""
    people = r"(?:(?:an?\s+)?(?:[Ss]enior\s+)?" + _STAFF + r"\s+(?:from|of)\s+)?"
    side = r"(?:from|for|on)\s+the\s+(?P<{}>" + state + r")\s+(?:side|delegation|team)"
    return re.compile(
        # "..., with experts of A and of B taking part by videoconference"
        r"(?:^(?:\d{1,2}\.\s+)?|(?<=,\s)while\s+|(?<=;\s)|(?<=,\s)and\s+|(?<=,\s)with\s+)"
        r"(?:(?:[Ff]rom|[Ff]or|[Oo]n)\s+(?:the\s+)?(?P<lead>"
        + state
        + r")(?:\s+side)?,\s*)?"
        + people
        # a list from the sentence's start runs to no later clause (", with", ", while")
        + r"(?P<list>(?(lead)[^.]*?|(?:the\s+)?[A-Z](?:(?!,\s+(?:with|while|whereas)\s)[^;])*?))"
        + r",?\s+"
        r"(?:who\s+)?(?:will\s+)?(?:also\s+)?(?:"
        # "A and B attended as chairs of the Korean side" (before "attended" alone)
        r"attended\s+as\s+(?P<chairsof>(?:co-?)?chairs?)\s+(?:of|for)\s+the\s+(?P<side8>"
        + state
        + r")\s+(?:delegation|team|side)|"
        r"(?:was|were)\s+(?:also\s+)?part\s+of\s+the\s+(?P<side>" + state + r")\s+delegation"
        r"|(?:(?:took|take|taking)\s+part|participated|participate|participating|attended|attend"
        r"|contributed\s+to\s+the\s+(?:discussions?|sessions?)"
        r"|followed\s+the\s+(?:discussions?|sessions?|talks|meeting)"
        r"|(?:was|were)\s+(?:represented|present))(?:\s+" + side.format("side2") + r")?"
        r"|joined\s+the\s+(?P<side3>" + state + r")\s+(?:delegation|team|side)"
        # "Officials from A and B made up the rest of the German team"
        r"|made\s+up\s+(?:the\s+rest\s+of\s+)?the\s+(?P<side6>" + state + r")\s+"
        r"(?:delegation|team|side)"
        # "... joined PhilSA on the Philippine side"
        r"|joined\s+[^,.;]{1,60}?\s+on\s+the\s+(?P<side5>" + state + r")\s+side"
        r"|(?P<head>led|headed|leads|heads|lead|head|(?:co-?)?chaired)\s+the\s+(?P<side4>"
        + state
        + r")\s+(?:delegation|team|side)"
        # "... will lead the civil space session", "... led the sessions on civil space": take part
        r"|(?:will\s+)?(?:led|lead|leads)\s+the\s+(?:[\w-]+\s+){0,3}?sessions?\b"
        r"|(?P<cochaired>co-?chaired|co-?chair|chaired)\s+the\s+(?:[\w.-]+\s+){0,6}?"
        r"(?:[Dd]ialogue|meeting|talks|session)"
        r"|(?P<chairedfor>(?:co-?)?chaired)\s+for\s+(?P<side7>"
        + state
        + r")\b"  # "chaired for Italy"
        r"|(?P<shared>shared)\s+the\s+chair"
        # "A and her counterpart B opened the talks": the heads (anyone else who opens a
        # meeting, a minister giving remarks, chairs nothing)
        r"|(?P<opened>opened)\s+the\s+(?:[\w.-]+\s+){0,6}?(?:[Dd]ialogue|meeting|talks|session))\b"
    )


_TOOK_PART_SIDES = ("side", "side2", "side3", "side4", "side5", "side6", "side7", "side8", "lead")


def _leading_side(prefix: str, authority: Authority) -> str | None:
    """The side a sentence names before its list: "For Australia, it was co-chaired by ...",
    "The Japanese delegation was led by ...", "Seoul's delegation was led by ...",
    "Representing Canada were ...", "Indian participants: ...", "Spain brought representatives
    of ..."."""

    def build() -> re.Pattern[str]:
        state, capital = authority.state_pattern(), authority.capital_pattern()
        return re.compile(
            r"\b(?:[Ff]or|[Oo]n\s+behalf\s+of|[Rr]epresenting)\s+(?:the\s+)?(?P<a>" + state + r")\b"
            r"|(?P<b>" + state + r"|(?:" + capital + r")(?='s))(?:'s)?\s+"
            r"(?:side|delegation|team|counterparts?|co-?chair)\b"
            r"|(?P<c>" + state + r")\s+(?:was|were|will\s+be)\s+(?:also\s+|further\s+)?"
            r"represented\s+by\s*$"
            r"|(?P<d>" + state + r")\s+(?:participants|delegates|officials)\s*:?\s*$"
            # "Italy's was headed by": the delegation named in the sentence before
            r"|^(?P<f>" + state + r")'s\s+(?:was|were|is|will\s+be)\s+$"
            r"|(?:^|[.;]\s+|,\s+and\s+)(?P<e>"
            + state
            + r")\s+(?:also\s+)?(?:brought|sent)\b[^.;]*$"
        )

    found = list(authority.compiled("roles.leading_side", build).finditer(prefix))
    if not found:
        return None
    last = found[-1]
    return authority.party_code(next(name for name in last.groups() if name))


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
    above: list[tuple[str, Entity, str | None, Span]] = []  # the bodies of the line before
    for sentence in sentence_list:
        here: list[tuple[str, Entity, str | None]] = []
        start = item_start(extraction.document.text, sentence)
        text = sentence.text if start is None else sentence.text[start - sentence.start :]
        listing = False  # whether the sentence is a roster's heading, side line or items
        for number, line in enumerate(_BULLET_BREAK.split(text)):  # "...;\n- for Japan: ..."
            roster = _roster(roster, line, authority, bulleted=start is not None or number > 0)
            if roster is not None and roster.item is not None and _PERSON.match(roster.item):
                # "Ms Anna Holmström, Director-General (Co-Chair)" under her body's line
                if _CHAIR_MARK.search(roster.item):
                    found.extend(("co-chair", e, side, span) for _, e, side, span in above)
                above = []
            elif roster is not None and roster.item is not None:
                # one body a line; an unbulleted line naming none ends the list
                listed = _listed_body(roster, authority, parties, previous)
                if not (listed or roster.bulleted):
                    roster = None
                    break
                above = [(role, entity, roster.side, sentence.span) for role, entity in listed]
                found.extend(above)
            elif roster is None:
                break
            listing = True
        if listing:
            continue
        if _BOTH_CHAIRED.match(sentence.text) and found:
            # "Spain was represented by Ambassador X of the Ministry Y. Both officials
            # co-chaired the sessions.": the heads the sentence before named chair
            last = found[-1][3]
            if sum(span == last for *_, span in found) <= 2:
                found = [("co-chair", *f[1:]) if f[3] == last else f for f in found]
            continue
        for match in took_part.finditer(sentence.text):  # "X, Y and Z took part from the ... side"
            if match["opened"] and "counterpart" not in match["list"]:
                continue  # "Minister X opened the meeting": no head of a delegation
            named = next((match[k] for k in _TOOK_PART_SIDES if match[k]), None)
            side = authority.state_code(named) if named else None
            chaired = match["head"] or match["cochaired"] or match["chairedfor"]
            chaired = chaired or match["shared"] or match["opened"] or match["chairsof"]
            role = "co-chair" if chaired else "participant"
            # "X, accompanied by Y and Z, led the French delegation": Y and Z take part
            heads, _, company = match["list"].partition("accompanied by")
            # "From the Japanese side, A and B; from the Singaporean side, C, participated"
            for named_side, (a, b) in _side_chunks(heads, markers, authority):
                chunk_side = named_side or side
                for entity in bodies(heads[a:b], chunk_side, authority, parties, previous):
                    here.append((role, entity, chunk_side))
            for entity in bodies(company, side, authority, parties, previous):
                here.append(("participant", entity, side))
        for role, start, end in _clauses(sentence.text):
            clause = sentence.text[start:end]
            default = _leading_side(sentence.text[:start], authority)
            for side, (a, b) in _side_chunks(clause, markers, authority):
                side = side or default
                chunk = clause[a:b]
                same = role == "participant"
                for entity in bodies(chunk, side, authority, parties, previous, same_side=same):
                    here.append((role, entity, side))
        if here:
            sides = {entity.state or side for _, entity, side in here} - {None}
            previous = sides.pop() if len(sides) == 1 else None
        found.extend((role, entity, side, sentence.span) for role, entity, side in here)
    found = _other_side(found, parties, authority)
    return [Role(r, extraction.add_entity(e, span), side) for r, e, side, span in found]


#: "Both officials co-chaired the sessions": the two heads named just before chaired.
_BOTH_CHAIRED = re.compile(
    r"(?:Both|The\s+two)\s+(?:officials|heads\s+of\s+delegation|diplomats|ambassadors)\s+"
    r"(?:also\s+|jointly\s+)?co-?chaired\b"
)
#: A line break before a bullet inside one sentence: each line is a roster line.
_BULLET_BREAK = re.compile(r"\n\s*(?:[-\u2022*]|\d{1,2}[.)])\s+")


@dataclass
class Roster:
    """Where a reader is in a list of bodies under a heading: its role, the side the last
    side line gave ("Ukraine:"), and the item of the current line (None on a heading)."""

    role: str
    side: str | None = None
    item: str | None = None
    bulleted: bool = False


_HEADING = re.compile(
    r"(?:(?P<chairs>co-?chairs?|co-?chairpersons|heads\s+of\s+(?:the\s+)?delegations?)"
    r"|(?:list\s+of\s+)?(?:principal\s+|other\s+)?"
    r"(?:participants|delegations?|delegates|attendees|observers?)"
    r"|participating\s+(?:agencies|bodies|organi[sz]ations|institutions))"
    # "Participants from both countries are as follows"
    r"(?:\s+(?:from|of)\s+(?:both|the\s+two)\s+(?:countries|sides|delegations))?"
    r"(?:\s+(?:are|were|will\s+be)\s+as\s+follows)?",
    re.IGNORECASE,
)
#: "United States:", "For the Japanese side:", "Ukraine: Taras Kovalchuk, Head of ...", and
#: a state's name alone on its line (a bold "**Romania**" over its bodies)
_SIDE_LINE = (
    r"(?:(?:for|from|on)\s+)?(?:the\s+)?(?P<state>STATE)"
    r"(?:\s+(?:side|delegation|participants))?\s*(?::\s*(?P<rest>.*))?"
)


#: A list item that is one name ("Ministry of Climate and Environment of Norway"), whose
#: "and" is part of it: title-case words, no comma.
_NAME_WORD = (
    r"(?:[A-Z\u00c0-\u00de][\w'.&-]*|of|for|and|the|on|in|to|de|du|des|la|le|del|für|und|&)"
)
_ONE_NAME = re.compile(
    rf"(?:\d+\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})+(?:\s*\((?P<acr>[A-Za-z][\w&./-]{{1,12}})\))?"
)


def _listed_body(
    roster: Roster, authority: Authority, parties: list[str], fallback: str | None
) -> list[tuple[str, Entity]]:
    """The (role, body) pairs a list item names: "Global Affairs Canada (co-chair)" co-chairs
    and takes part; "X, including Y" and "A and B" (two names with head nouns) name two
    bodies, each read by :func:`_one_body`."""
    item = CLEAN.sub("", roster.item.strip(" .;:,"))
    roles = [roster.role]
    if ";" in item:  # "for France: A and B of C; D; and E": a list on one line
        listed = bodies(item, roster.side, authority, parties, fallback, same_side=True)
        return [(role, entity) for entity in listed for role in roles]
    if marked := _CHAIR_MARK.search(item):  # a co-chair in the list of participants is both
        roles, item = list(dict.fromkeys(["co-chair", roster.role])), item[: marked.start()]
    parent_unit = _UNIT_AFTER.split(item, maxsplit=1)
    if len(parent_unit) == 2 and head_kind(CLEAN.sub("", parent_unit[1])) in BODY_KINDS:
        item = parent_unit[1]  # "Natural Resources Canada (NRCan): Canada Centre for ...": the unit
    found = []
    for part in _INCLUDING.split(item):
        halves = pieces(part) if " and " in part and not _defines_whole(part) else [part]
        if len(halves) < 2 or not all(head_kind(CLEAN.sub("", h)) in BODY_KINDS for h in halves):
            halves = [part]
        elif re.fullmatch(r",\s+".join(re.escape(h.strip()) for h in halves), part.strip()):
            # the unit: "Australian Space Agency, Department of Industry ...", "Department of
            # State, Bureau of ...", "Space Industry Office, Manufacturing Industries Bureau,
            # Ministry of Economy, Trade and Industry"
            halves = halves[-1:] if _PARENT_FIRST.match(part) else halves[:1]
        for half in halves:
            bodies_named = _one_body(half, roster, authority, parties, fallback)
            found += [(role, entity) for entity in bodies_named for role in roles]
    return found


#: A body, then its unit after a colon or a dash: "National Research Council Canada (NRC) -
#: Dominion Radio Astrophysical Observatory".
_UNIT_AFTER = re.compile(r"\s*:\s+|\s+[-\u2013\u2014]\s+")
#: A body with its unit in brackets: "Department of Defence (Defence Space Command)".
_UNIT_IN_BRACKETS = re.compile(r"(?P<parent>[^()]+?)\s*\((?P<unit>[^()]{13,})\)")
#: "Global Affairs Canada (co-chair)", "Federal Foreign Office (head of delegation)"
_CHAIR_MARK = re.compile(r"\s*\((?:co-?chair|chair|head\s+of\s+(?:the\s+)?delegation)\)\s*$", re.I)
#: A line that names a person ("Mr Per Ekström, Head of ...", "Colonel Dana L. Pierce").
_PERSON = re.compile(
    r"(?:Mr|Ms|Mrs|Miss|Dr|Prof|H\.E\.|Sir|Dame|Ambassador|Lieutenant|Colonel|Major|"
    r"General|Admiral|Captain|Commander|Brigadier)\.?\s+[A-Z]"
)
#: "Department of National Defence, including 3 Canadian Space Division", "Ministry of
#: Higher Education and Science and its Danish Agency for ...", "Ministry of Defense / Space
#: Operations Group": two bodies.
_INCLUDING = re.compile(r",?\s+(?:including|and\s+its)\s+(?:the\s+)?|\s+/\s+")


def _defines_whole(item: str) -> bool:
    """Whether the item's acronym spells its whole name, "and" included ("Defence Acquisition
    and Logistics Organisation (DALO)")."""
    return any(start < item.find(" and ") < end for start, end, _ in defined_names(item))


def _one_body(
    item: str, roster: Roster, authority: Authority, parties: list[str], fallback: str | None
) -> list[Entity]:
    """A known name covering the item, or the item minted whole when it is one name; else the
    first body of the item, the unit before its parent ("Office of Space Commerce,
    Department of Commerce")."""
    item = CLEAN.sub("", item.strip(" .;:,"))
    unit = _UNIT_IN_BRACKETS.fullmatch(item)
    if unit and head_kind(unit["unit"]) in BODY_KINDS:  # both take part
        return [
            *_one_body(unit["parent"], roster, authority, parties, fallback),
            *_one_body(unit["unit"], roster, authority, parties, fallback),
        ]
    one = _ONE_NAME.fullmatch(item)
    bare = item[: one.start("acr") - 1].strip() if one and one["acr"] else item
    matches = authority.find(bare) if one else []
    whole = len(matches) == 1 and matches[0].span.end - matches[0].span.start == len(bare)
    if one and matches and matches[0].span.start == 0 and not whole:
        rest = bare[matches[0].span.end :].strip()  # "NASA Goddard Space Flight Center"
        # not a field's next words ("Ministry of Defence Acquisition ... Organisation")
        field = re.search(r"\s(?:of|for)\s", matches[0].surface)
        if rest[:1].isupper() and not authority.state_code(matches[0].surface) and not field:
            bare = rest if head_kind(rest) in BODY_KINDS else bare
    kind = head_kind(bare) or ("GovernmentBody" if roster.bulleted else None)
    if one and not whole and kind in BODY_KINDS:
        return [mint(bare, kind, authority, one["acr"], state=roster.side or fallback)]
    found = bodies(item, roster.side, authority, parties, fallback)
    named = list({entity.iri: entity for entity in found}.values())
    if len(named) == 2 and _PARENT_FIRST.match(item):
        return named[1:]  # "Department of Commerce, Office of Space Commerce": the unit
    return named[:1]


#: A ministry or department, then after a comma its unit.
_PARENT_FIRST = re.compile(r"(?:the\s+)?(?:Department|Ministry)\b[^,]*,\s+(?!and\b)[A-Z]")


def _roster(
    roster: Roster | None, text: str, authority: Authority, bulleted: bool = False
) -> Roster | None:
    """The roster state after the line ``text`` (a list item's text after its bullet): a
    heading opens a list ("Participants", "Co-Chairs:", "The U.S. delegation included:"), a
    side line gives the side of the items after it, a bulleted or short line is an item,
    and any other sentence ends it."""
    line = text.strip().lstrip("#").strip()  # "## Delegations"
    heading = _HEADING.fullmatch(line.rstrip(": "))
    if heading:
        return Roster("co-chair" if heading["chairs"] else "participant")
    clauses = _clauses(line)
    # "... delegation included:", "... further comprised representatives of:"
    if clauses and not CLEAN.sub("", line[clauses[-1][1] :].strip(" :") + " ").strip():
        role, start, _ = clauses[-1]
        return Roster(role, _leading_side(line[:start], authority))
    if roster is None:
        return None
    body = line
    if line.isupper() and authority.state_code(line):
        return Roster(roster.role, authority.state_code(line))  # "UNITED STATES OF AMERICA"
    side_line = authority.with_states(_SIDE_LINE).fullmatch(body)
    side = authority.state_code(side_line["state"]) if side_line else roster.side
    if side_line and not side_line["rest"]:
        return Roster(roster.role, side)  # "United States:" heads the items below it
    if not side_line and line.endswith(":"):  # "Joining the co-chairs were ... of:"
        return Roster(roster.role, side)
    if side_line:
        body = side_line["rest"]
    bulleted = bulleted or bool(side_line)
    if not side_line and len(line.split()) > 20 and line.endswith("."):
        return None  # a paragraph after the list ("3. Reviewing the progress ...")
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


@functools.lru_cache(maxsize=1024)
def _clauses(text: str) -> tuple[tuple[str, int, int], ...]:
    """The (role, start, end) clauses of a sentence that list co-chairs or participants: each
    from the end of its trigger to the start of the next trigger. Read twice a sentence (as a
    roster's heading and as prose), so kept."""
    triggers = sorted(
        [(m.start(), m.end(), "co-chair") for m in _CO_CHAIR.finditer(text)]
        + [(m.start(), m.end(), "participant") for m in _PARTICIPANTS.finditer(text)],
        key=lambda trigger: (trigger[1], trigger[2]),
    )
    starts = [start for start, _, _ in triggers] + [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    clauses = []
    for start, begin, role in triggers:
        later = [s for s in starts if s > begin]
        if role == "co-chair" and _A_GROUP.search(text, max(0, start - 120), start):
            continue  # "to establish a Joint Working Group on ..., co-led by DMI and NOAA"
        if role == "co-chair" and _A_SESSION.search(text, max(0, start - 80), start):
            role = "participant"  # "The session on exploration was co-led by KASA and CSA"
        end = min(later) if later else len(text)
        company = _COMPANY.search(text, begin, end) if role == "co-chair" else None
        if company:  # "led by A, with B, director of C, as her deputy": B takes part
            clauses += [(role, begin, company.start()), ("participant", company.end(), end)]
        else:
            clauses.append((role, begin, end))
    return tuple(clauses)


#: Where a list's clause ends though no trigger follows: "co-chaired by A and B, while C and D
#: led the sessions on civil space"
_CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas)\s")
#: Who came with the heads: "led by A, with B, international director of C, as her deputy"
_COMPANY = re.compile(
    r",\s+with\s+(?=[^;]*?\bas\s+(?:(?:his|her|their|the)\s+)?(?:deputy|alternate)\b)"
)
#: A standing body named before a trigger: who leads it need not be at the meeting at all.
_A_GROUP = re.compile(
    r"\b(?:working\s+group|task\s+force|sub-?committee|steering\s+committee|expert\s+group)"
    r"\b[^.;]*$",
    re.IGNORECASE,
)
#: A thematic session before a trigger: who leads it takes part, but chairs no meeting.
_A_SESSION = re.compile(r"\bsessions?\s+on\s[^.;]*$", re.IGNORECASE)


def _side_chunks(clause: str, markers, authority: Authority):
    """Split a clause into (side code, (start, end)) chunks by its side markers."""
    chunks = []
    position = 0
    pending_side = None
    marks = sorted(
        (m.start(), m.end(), m["side"], m.start("side"), how)
        for pattern, how in markers
        for m in pattern.finditer(clause)
    )
    for start, end, name, name_start, how in marks:
        if start < position:
            continue  # overlapping markers: the first one wins
        if how == "close" and ends_name(clause, name_start):
            continue  # "Ministry of Foreign Affairs of Japan": the name's end, no side's

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
