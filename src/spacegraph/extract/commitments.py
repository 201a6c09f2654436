"""Clauses in which the parties take a position: who, with which modality, about what.

"Both sides resolved to deepen ..." is a commitment of every party with modality
``resolve``; "the U.S. side strongly welcomed ..." one of the United States. In a strategy
"We will ..." and "The Department will ..." are commitments of the issuing body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from .. import iris
from ..authority import Authority
from ..text import Sentence, Span, item_start, item_style
from .model import Commitment, Entity, Extraction
from .names import ends_name, head_noun
from .ordinals import PATTERN as ORDINAL
from .ordinals import ordinal_value
from .places import DATELINE_LEAD
from .topics import Topics

_VERBS: list[tuple[str, str]] = [
    (
        "commit",
        r"(?:(?:is|are|remains?)\s+)?committed\s+to|commit(?:s)?\s+to|(?:expressed|affirmed|reaffirmed)\s+(?:their\s+)?(?:shared\s+)?commitment|"
        r"pledged|pledges?\s+to|promised|undert(?:ook|akes?)\s+(?:not\s+)?to|vow(?:ed|s)?\s+to|"
        r"will\s+continue\s+to|shall\s+(?:not\s+|continue\s+to\s+)?[a-z]+|"  # "shall" binds
        r"will\s+(?:not|never)\s+[a-z]+|(?:has|have)\s+committed|st(?:ood|ands?)\s+by",
    ),
    (
        "reaffirm",
        r"reaffirm(?:ed|s)?|reiterat(?:ed|es?)|reconfirm(?:ed|s)?|renewed|recall(?:ed|s)|restated",
    ),
    (
        "resolve",
        r"resolved\s+to|are\s+resolved\s+to|"
        r"(?:expressed|reaffirmed)\s+(?:(?:its|their)\s+)?(?:firm\s+)?determination\s+to",
    ),
    (
        "intend",
        r"intend(?:s|ed)?\s+to|(?:expressed\s+)?(?:their\s+)?intention|(?<!of\s)(?:expressed\s+)?(?:their\s+)?intent\b|"
        r"(?:are|were|is)\s+determined\s+to|look(?:s|ed)?\s+forward\s+to|(?:are|were)\s+anticipating|(?<!outlined\s)(?<!presented\s)plan(?:s|ned)?\s+to|aim(?:s|ed)?\s+to|"
        r"look(?:s|ed)?\s+ahead\s+to|(?:is|are)\s+working\s+towards?|seek(?:s)?\s+to|"
        # "will host the next round" is a plan; "will host the meeting" (an announcement's own
        # meeting) and "will further include ..." (a delegation) are not
        r"will\s+host\s+(?=the\s+(?:next|" + ORDINAL + r")\s+(?:[\w–-]+\s+){0,6}?"
        r"(?:round|meeting|session|dialogue)\b)|"
        r"(?:will|would)\s+(?!(?:(?:also|further|again)\s+)?(?:be|hold|host|co-?host|meet|visit|include|"
        r"convene|attend|travel|lead|co-?chair|comprise|consist|take|raise|welcome)\b)[a-z]+|wants?\s+",
    ),
    ("agree", r"agreed|agree(?:s)?\s+(?:to|on|that)|accepted|identified"),
    (
        "concur",
        r"concurred|concur(?:s)?\b|share[sd]?\s+(?:the\s+|a\s+)?(?:same\s+|common\s+)?"
        r"(?:view|recognition|understanding|conviction|assessment)\b|see[sn]?\s+(?:\w+\s+)?potential\s+in",
    ),
    ("decide", r"decided|decide(?:s)?\s+to|tasked"),
    (
        "welcome",
        r"(?:strongly\s+)?welcom(?:ed|es?)|celebrated|applauded|(?:highly\s+)?appreciated|"
        r"congratulated|commended|hailed|positively\s+(?:evaluated|assessed)",
    ),
    (
        "recognize",
        r"recogni[sz](?:ed|es?)|recognising|recognizing|acknowledged|acknowledg(?:es?|ing)",
    ),
    (
        "affirm",
        r"affirm(?:ed|s)?|underlined|underscored|stressed|emphasi[sz]ed|highlighted|"
        r"call(?:ed|s)?\s+(?:for|on|upon)|urged|stated\s+that|declared\s+that|st(?:ood|ands?)\s+ready|"
        r"consider(?:s|ed)?\s+that|underline|stated\s+(?:its|their)\s+readiness|"
        # an offer is a position: "offered to host ...", "offered researchers access to ..."
        r"offer(?:ed|s)?\s+to|offered\b|extended\s+an\s+invitation|invited",
    ),
    ("confirm", r"confirm(?:ed|s)?"),
    (
        "support",
        r"support(?:ed|s)?\b|endorsed|encouraged|backed|advocates|"
        # "expressed its full support for ..."
        r"(?:voiced|expressed)\s+(?:(?:its|their)\s+)?(?:\w+\s+)?support\b",
    ),
    (
        "express",
        r"(?:expressed|conveyed)\s+(?:(?:its|their)\s+)?(?:\w+\s+)?(?:interest|excitement|desire|"
        r"hope|concern|readiness|expectation|appreciation|gratitude|satisfaction)|thanked|shared\s+(?:their\s+|a\s+)?concern|condemned|deplored|"
        r"hope[sd]?\s+(?:that|to)|raised\s+the\s+possibility|(?:is|was|are|were)\s+interested\s+in",
    ),
    ("note", r"noted|took\s+note|take\s+note"),
    (
        "discuss",
        r"discussed|exchanged\s+(?:views|information|updates)|reviewed|held\s+an?\s+[\w-]*\s*exchange|"
        r"(?:held|conducted)\s+(?:extensive\s+)?discussions|consulted|took\s+stock\s+of",
    ),
]
#: Any position-taking verb, without naming its modality (for lookaheads).
_ANY_VERB = "(?:" + "|".join(f"(?:{p})" for _, p in _VERBS) + r")\b"
#: Reported speech: "said it would keep ...", "said that they were interested in ...": the
#: position is the reported verb's.
_SAID = r"(?:said\s+(?:that\s+)?(?:it|they|the\s+(?:country|government|side))\s+)?"
_VERB = re.compile(
    r"\b(?:(?:also|further|strongly|again|jointly|both|have|has)\s+)*"
    + _SAID
    + "(?:"
    + "|".join(f"(?P<{m}>{p})" for m, p in _VERBS)
    + r")",
    re.IGNORECASE,
)
#: The forum itself taking a position: "The Committee agreed to ...", "The Dialogue welcomed"
_FORUM = (
    r"the\s+(?:committee|(?:joint\s+)?working\s+group|dialogue|consultations)"
    r"(?=\s+(?:also\s+)?" + _ANY_VERB + ")"
)
_BOTH = (
    r"both\s+sides|the\s+two\s+sides|both\s+governments|the\s+two\s+governments|(?:the\s+)?participants|"
    r"both\s+countries|the\s+two\s+countries|both\s+nations|the\s+two\s+nations|both\s+parties|"
    r"the\s+parties|the\s+two\s+delegations|both\s+delegations|the\s+delegations|they|"
    r"the\s+leaders|both\s+leaders|"
    + _FORUM
    + r"|(?:the\s+two|their)\s+(?:\w+\s+)?(?:ministries|agencies|departments)|the\s+sides|"
    # "Officials exchanged views on ...": the officials of both, when the sentence opens so
    r"^officials(?=\s+(?:also\s+)?" + _ANY_VERB + r")|"
    r"(?:the\s+)?(?:two\s+)?(?:co-?)?chairs|both\s+(?:co-?)?chairs|"
    r"neither\s+side|neither\s+country|neither\s+government|"
    r"it\s+was(?=\s+(?:also\s+)?(?:agreed|decided|noted|confirmed|recogni[sz]ed)\b)"
)
#: The issuer of a strategy saying what it will do: "We will ...", "The Department will ...";
#: not "we must ..." (a need), nor "how we will ..." or "what we aim to ..." (what the document
#: describes).
_STRATEGY_SUBJECT = (
    r"(?<!\bhow\s)(?<!\bwhat\s)\b(?:we|the\s+(?:federal\s+)?government|the\s+cabinet|ISSUER)"
    # "KASA, with X, will", "the AEB, in coordination with the Ministry ..., will"
    r"(?:,\s+(?:together|along|jointly|working|in\s+(?:coordination|cooperation))\s+with\s+"
    r"[^,;]{3,80},)?"
    r"\s+(?:also\s+|further\s+)?"
    r"(?:will|shall|(?:is|are)\s+committed\s+to|commits?\s+to|remains?\s+committed|"
    r"intends?\s+to|supports|welcomes|(?:is|are)\s+determined\s+to|aims?\s+to|plans?\s+to|"
    r"seeks?\s+to|strives?\s+to|(?:is|are)\s+expected\s+to|hopes?\s+that|"
    r"wants?\s+to|recogni[sz]es|reaffirms|reiterates|advocates|looks?\s+forward\s+to)\b"
)


#: The heading of an objective, a task or a priority of a strategy, whatever its grammar
#: ("Objective 1-1: Strengthening ...", "Key Task 3-2. Sharing of ...", "Priority 2: Partner
#: for ..."); a goal's heading is a section title ("Goal A: A sovereign ... Europe").
_HEADING = re.compile(
    r"(?:objective|(?:key\s+)?task|priority|action\s+area)\s+"
    r"(?:\d{1,2}|[A-Z])(?:[.-]\d{1,2})*\s*[:.-]\s+(?P<aim>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
#: A numbered or lettered objective, or a goal in bold, that opens with an imperative verb:
#: "3. Engage with U.S. space industry ...", "- b. Expand the number of ...".
_OBJECTIVE = re.compile(
    r"^\s*(?:[-*+]\s*)?(?:(?:\d{1,2}|[a-z])\.\s+|\*\*\s*)(?P<verb>[A-Z][a-z]+)\s+[a-z]"
)
_NOT_IMPERATIVE = {
    "Why",
    "How",
    "What",
    "The",
    "This",
    "These",
    "That",
    "Those",
    "Our",
    "We",
    "It",
    "In",
    "On",
    "At",
    "As",
    "For",
    "With",
    "By",
    "To",
    "From",
    "A",
    "An",
    "Such",
    "Space",
    "Department",
    "Pillar",
    "Goal",
}


def _imperative(verb: str, line: str) -> bool:
    """Whether an item's first word makes it an objective: an imperative ("Engage ..."), or
    a gerund opening a long line ("Building upon ... guidelines on space debris"), not a
    section title ("5. Delivering the strategy")."""
    if verb in _NOT_IMPERATIVE:
        return False
    return not verb.endswith("ing") or len(line.split()) > 6


def _subject_pattern(authority: Authority) -> re.Pattern[str]:
    # a government named by its capital speaks for its state ("Tokyo will help ...")
    state = "(?:" + authority.state_pattern() + "|" + authority.capital_pattern() + ")"
    return re.compile(
        # not the object of a verb before it: "the Minister welcomed the delegations and ..."
        r"(?:^|(?<=[\s,;(]))(?:(?<![a-z]ed\s)(?P<both>" + _BOTH + r")|"
        r"(?:both\s+)?(?:the\s+)?(?P<a>" + state + r")\s+and\s+(?:the\s+)?(?P<b>" + state + r")|"
        r"(?:the\s+)?(?P<one>" + state + r")\s+(?:side|delegation|government|"
        r"(?:[a-z]+\s+)?officials)|"  # "Japanese defence officials"
        r"^(?:the\s+)?(?P<solo>"
        + state
        + r")(?=(?:,\s+(?:[^;,:]{2,150},\s+){1,2}(?:is|are)\b|\s+(?:also\s+|strongly\s+)?"
        r"(?:[a-z]+(?:ed|s)|said|told)\b(?!\s+(?:were|was|are|is|have|had)\b)))|"
        r"(?:(?<=[,;]\s)|(?<=\band\s)|(?<=\bwhile\s)|(?<=\bwhereas\s)|(?<=\bwhich\s)|^)"
        r"(?:the\s+)?(?P<clause>"
        + state
        + r")(?=(?:,\s+for\s+its\s+part,|,\s+(?:[^;,:]{2,150},\s+){0,1}[^;,:]{2,150},|"
        r"\s+(?:also|further|strongly|again|itself))?\s+" + _SAID + _ANY_VERB + r"))",
        re.IGNORECASE,
    )


def find_commitments(
    extraction: Extraction,
    sentence_list: list[Sentence],
    authority: Authority,
    parties: list[URIRef],
    mentions: list[tuple[Entity, Span]],
    made_at: URIRef,
    strategy_actor: list[URIRef] | None = None,
    topics: Topics | None = None,
) -> None:
    subjects = authority.compiled("commitments.subject", lambda: _subject_pattern(authority))
    own_states = {
        authority.state_iri(entity.state)
        for iri in strategy_actor or []
        if (entity := extraction.entities.get(iri)) is not None and entity.state
    }
    ordinal = extraction.meetings[0].ordinal if extraction.meetings else None
    context = _Context(
        extraction, mentions, made_at, topics, strategy_actor or [], own_states, ordinal
    )
    issuer = _strategy_subject(extraction, strategy_actor, authority) if strategy_actor else None
    text = extraction.document.text
    lead: tuple[list[URIRef], str | None] | None = None  # makers and modality of a list
    lead_style = None  # the mark of the lead's own line: an item with it ends the list
    for numbered in sentence_list:
        style = item_style(text, numbered)
        if lead is not None:
            start = item_start(text, numbered)
            if start is None and _UNMARKED_ITEM.search(text, 0, numbered.start):
                start = numbered.start  # a line of its own after "...:" or "...;"
            if start is not None and (style != lead_style or style is None):
                _list_item(context, numbered, start, *lead)
                continue
            lead = None
        heading = _HEADING.match(numbered.text) if strategy_actor else None
        if heading:  # "Objective 1.2: Reduce orbital debris" is an aim of the issuer
            span = Span(numbered.start + heading.start("aim"), numbered.span.end)
            _add(context, numbered, span, "intend", strategy_actor, shortest=2)
            continue
        sentence = _unnumbered(text, numbered)  # "6. Denmark also offered ..."
        if sentence.text.rstrip().endswith(":"):
            found = _lead(sentence, subjects, issuer, authority, parties, mentions, strategy_actor)
            if found is not None:
                makers, modality, (start, end) = found
                lead, lead_style = (makers, modality), style
                rest = sentence.text[end:]  # "We will work with X to:", not "the following:"
                if modality and len(rest.split()) >= 3 and not _FOLLOWING.search(rest):
                    span = Span(sentence.start + start, sentence.span.end)
                    _add(context, sentence, span, modality, makers)
                continue
        speakers = [
            (_answered(sentence.text, s.start()), s.end(), m)
            for s, m in _speakers(sentence.text, subjects, authority, parties)
        ]
        # bodies that open the sentence, before any other subject ("The UK Space Agency and
        # JAXA agreed to ..., and the UK side will ...")
        found = _bodies_as_subject(sentence, mentions, authority, parties)
        if found:  # a state's name inside the subject is no speaker ("... of Peru intend")
            opens, verb, makers = found
            speakers = [s for s in speakers if s[0] >= verb]
            speakers += _later_bodies(sentence, mentions, authority, parties, verb, speakers)
            taken = {s[0] for s in speakers}
            later = [  # a strategy's "...; the Strategy will be reviewed in 2028": the issuer's
                m
                for m in (_LATER_SUBJECT.finditer(sentence.text, verb) if strategy_actor else [])
                if m.end() not in taken
            ]
            cuts = sorted([*taken, *(m.start() for m in later)])
            _clauses(context, sentence, opens, verb, makers, cuts[0] if cuts else None)
            heads = [(m.end(), _WILL.search(sentence.text, m.end())) for m in later]
            _issuer_clauses(context, sentence, heads, cuts, strategy_actor)
            passives = []
        else:  # before any active subject, or a relative clause with its agent
            first = speakers[0][0] if speakers else len(sentence.text)
            passives = [
                p
                for p in _passives(
                    sentence.text, subjects, authority, parties, mentions, sentence.start
                )
                if p.verb < first or p.relative
            ]
            if speakers:
                speakers += _later_bodies(
                    sentence, mentions, authority, parties, speakers[0][1], speakers
                )
        # the first subject and its makers: "Recognizing ..., both sides", "Welcoming ..., CNES"
        first = (found[0], found[2]) if found else speakers[0][::2] if speakers else None
        participle = _PARTICIPLE.match(sentence.text) if first else None
        if participle and participle.end() == first[0]:
            span = Span(sentence.start, sentence.start + participle.end("clause"))
            modality = _PARTICIPLES[participle["verb"].lower()[:5]]
            _add(context, sentence, span, modality, first[1])
        starts = sorted([s[0] for s in speakers] + [p.start for p in passives])
        for start, end, makers in speakers:
            stop = next((at for at in starts if at > start), None)
            _clauses(context, sentence, start, end, makers, stop)
        for passive in passives:
            stop = min([at for at in starts if at > passive.start] + [passive.end])
            span = Span(sentence.start + passive.start, sentence.start + stop)
            _add(context, sentence, span, passive.modality, passive.makers)
        if speakers or passives or found:
            continue
        objective = _OBJECTIVE.match(numbered.text) if strategy_actor else None
        if objective and _imperative(objective["verb"], numbered.text):
            span = Span(numbered.start + objective.start("verb"), numbered.span.end)
            _add(context, numbered, span, "intend", strategy_actor)
        elif strategy_actor and (found := list(issuer.finditer(sentence.text))):
            # "We will A, and we will B", "The AEB will A; the Strategy will be reviewed":
            # one commitment each clause with a subject of its own
            issued = {m.start() for m in found}
            later = [
                m
                for m in _LATER_SUBJECT.finditer(sentence.text, found[0].end())
                if m.end() not in issued
            ]
            heads = [(m.start(), m) for m in found]
            heads += [(m.end(), _WILL.search(sentence.text, m.end())) for m in later]
            cuts = sorted([*issued, *(m.start() for m in later)])
            _issuer_clauses(context, sentence, heads, cuts, strategy_actor)


def _issuer_clauses(
    context: _Context,
    sentence: Sentence,
    heads: list[tuple[int, re.Match[str] | None]],
    cuts: list[int],
    actor: list[URIRef],
) -> None:
    """One position of a strategy's issuer for each clause that opens at a head (where it
    starts, and its verb) and runs to the next cut."""
    for begin, verb in heads:
        end = next((cut for cut in cuts if cut > begin), len(sentence.text))
        span = Span(sentence.start + begin, sentence.start + end)
        _add(context, sentence, span, _strategy_modality(verb), actor)


#: A participial clause that opens a sentence before its subject, a position of the same
#: subject: "Recognizing that floods take a growing toll, the two sides agreed ...";
#: "Recalling the first meeting ..., the two sides" mostly recalls background: left out.
_PARTICIPLE = re.compile(
    r"(?P<clause>(?P<verb>Recogni[sz]ing|Acknowledging|Noting|Reaffirming|Welcoming|"
    r"Stressing|Underlining|Emphasi[sz]ing)\b[^;:]{3,200}?),\s+"
)
_PARTICIPLES = {
    **dict.fromkeys(("recog", "ackno"), "recognize"),
    "notin": "note",
    "reaff": "reaffirm",
    "welco": "welcome",
    **dict.fromkeys(("stres", "under", "empha"), "affirm"),
}


def _speakers(
    text: str, subjects: re.Pattern[str], authority: Authority, parties: list[URIRef]
) -> list[tuple[re.Match[str], list[URIRef]]]:
    """The subjects of a sentence that take positions, each with its makers: the first one,
    and any later one that a verb follows ("..., while the Emirati side took note of it")."""
    found: list[tuple[re.Match[str], list[URIRef]]] = []
    for subject in subjects.finditer(text):
        makers = _makers(subject, authority, parties)
        if not makers:
            continue
        if found and not (
            _VERB.match(text, subject.end() + 1) or _after_apposition(text, subject.end())
        ):
            continue  # "cooperation between the two sides": no speaker here
        if not found and not _heads(text, subject.end(), len(text)):
            continue  # "... to the Korean Government for ...": no position of its own
        if re.search(
            r"\b(?:of|by|on|for|from|with|within|among|between)\s+$", text[: subject.start()]
        ):
            continue  # "experts of both countries", "was underlined by both sides", "KNMI and
            # SRON, on the Dutch side, ...": no speaker
        if subject.group().lower() == "they" and re.search(
            r"\b(?:said|\w+ed)\s+(?:that\s+)?$", text[: subject.start()]
        ):
            continue  # "Brazilian officials said they were ...", "Both sides confirmed that
            # they will ...": what they will do is the content of the position before
        found.append((subject, makers))
    return found


#: The noun a later speaker answers: "Japan invited ..., an invitation (which) the Polish side
#: welcomed", "..., a proposal to which Brazil agreed", "..., which the Thai side noted".
_ANSWERED = re.compile(
    r"(?<=,\s)(?:(?:an?|the)\s+(?:invitation|offer|proposal|request|suggestion|initiative)\s+"
    r"(?:(?:to\s+)?which\s+|that\s+)?|which\s+)$",
    re.IGNORECASE,
)


def _answered(text: str, start: int) -> int:
    """Where the clause of a subject at ``start`` begins: at the noun it answers, if any."""
    found = _ANSWERED.search(text, 0, start)
    return found.start() if found else start


def _unnumbered(text: str, sentence: Sentence) -> Sentence:
    """The sentence without the bullet or number that opens its paragraph, or the dateline
    that opens a news report ("BERLIN – Germany will open ...")."""
    start = item_start(text, sentence)
    if start is None or start <= sentence.start:
        dateline = DATELINE_LEAD.match(sentence.text)
        start = sentence.start + dateline.end() if dateline else sentence.start
    if start == sentence.start:
        return sentence
    return Sentence(Span(start, sentence.span.end), sentence.text[start - sentence.start :])


#: A position in the passive voice: "Appreciation was expressed by the U.S. side for ...",
#: "The importance of X was underlined", "Views were exchanged on ...", "The exchange ... will
#: be expanded"; in a relative clause only with its agent ("..., which was welcomed by the
#: United States"), not "the accord, which was agreed in 2019", nor "as was agreed".
_PASSIVE = re.compile(
    r"(?<!\bas\s)(?P<relative>\b(?:which|that)\s+)?\b(?P<aux>was|were|(?:has|have)\s+been|"
    r"will\s+be)\s+(?:(?:also|further|again|strongly|particularly|duly|unanimously|"
    r"positively)\s+)*(?P<verb>[a-z]+)\b(?P<agent>\s+by\s+)?",
    re.IGNORECASE,
)
_NO_ONE = re.compile(r"\W*(?:nothing|no|none|neither)\b", re.IGNORECASE)
#: The modality of a passive verb; "expressed" takes the modality of what was expressed,
#: "taken", "paid", "placed", "made" and "reached" are positions only with their nouns
#: ("note was taken", "emphasis was placed on", "a commitment was made").
_PASSIVE_VERBS = {
    **dict.fromkeys(("exchanged", "discussed", "reviewed"), "discuss"),
    **dict.fromkeys(
        ("underlined", "underscored", "stressed", "emphasised", "emphasized", "highlighted"),
        "affirm",
    ),
    **dict.fromkeys(("affirmed", "invited", "urged"), "affirm"),
    **dict.fromkeys(("reaffirmed", "reiterated"), "reaffirm"),
    **dict.fromkeys(("welcomed", "appreciated", "commended"), "welcome"),
    **dict.fromkeys(("noted",), "note"),
    **dict.fromkeys(("agreed",), "agree"),
    **dict.fromkeys(("decided",), "decide"),
    **dict.fromkeys(("recognised", "recognized", "acknowledged"), "recognize"),
    **dict.fromkeys(("confirmed",), "confirm"),
    **dict.fromkeys(("supported", "endorsed", "encouraged"), "support"),
    **dict.fromkeys(("shared", "evaluated", "assessed"), "concur"),
}
_PASSIVE_NOUNS: dict[str, list[tuple[str, str]]] = {
    verb: [(r"support", "support"), (r"\w+", "express")]
    for verb in ("expressed", "conveyed", "voiced", "extended")
} | {
    "taken": [(r"note", "note"), (r"stock", "discuss")],
    "paid": [(r"attention", "discuss")],
    "placed": [(r"emphasis", "affirm")],
    "made": [(r"commitment|pledge", "commit")],
    "reached": [(r"consensus|agreement|(?:common\s+)?understanding", "agree")],
}
#: What "will be ..." says of a meeting or an event, not of a plan of the parties.
_NOT_PLANNED = {
    *("held", "convened", "hosted", "chaired", "attended", "led", "launched", "opened"),
    *("poised", "expected", "required", "needed", "based"),  # adjectives
}


@dataclass(frozen=True)
class _Passive:
    modality: str
    makers: list[URIRef]
    start: int  # where its clause starts in the sentence
    verb: int  # where its verb phrase starts
    end: int  # where its clause ends at the latest
    relative: bool  # a relative clause with its agent ("..., which was welcomed by X")


def _passives(
    text: str,
    subjects: re.Pattern[str],
    authority: Authority,
    parties: list[URIRef],
    mentions: list[tuple[Entity, Span]],
    offset: int,
) -> list[_Passive]:
    """The clauses (up to ";") of a sentence whose position is in the passive voice: made by
    the agent after "by" when it is a party, else by all parties."""
    found: dict[int, _Passive] = {}
    previous = None  # the passive before: "X was reaffirmed, and emphasis was placed on Y"
    for match in _PASSIVE.finditer(text):
        relative = bool(match["relative"])
        if relative and not match["agent"]:
            continue
        clause = match.start() if relative else text.rfind(";", 0, match.start()) + 1
        if previous is not None and not relative:
            joints = list(_AND.finditer(text, previous.end(), match.start()))
            clause = max(clause, joints[-1].end() if joints else 0)
        previous = match
        if clause in found or _NO_ONE.match(text, clause):
            continue  # "Nothing has been decided", "No agreement was reached"
        modality = _passive_modality(match, text)
        if modality is None:
            continue
        makers = list(parties)
        late = None if match["agent"] else _LATE_AGENT.match(text, match.end())
        if match["agent"] or late:
            by = late.end() if late else match.end()
            agent = subjects.match(text, by)
            makers = _makers(agent, authority, parties) if agent else []
            if not makers:  # "by the UK Space Agency": the body's state
                at = offset + by
                states = {authority.state_iri(e.state) for e, s in mentions if s.start == at}
                makers = [m for m in states if m in parties]
        if makers:
            ends = _CLAUSE_END.search(text, match.end())
            end = ends.start() if ends else len(text)
            found[clause] = _Passive(modality, makers, clause, match.start("aux"), end, relative)
    return list(found.values())


_AND = re.compile(r",\s+and\s+")
#: An agent after a complement: "The delegations were welcomed to the island by the
#: regional president": his, not the parties' position.
_LATE_AGENT = re.compile(r"\s+(?:to|in|at|on)\s+[^,;.]{1,50}?\bby\s+")
#: Where a passive clause ends: ";", or ", and" before a new subject ("..., and KASA ...").
_CLAUSE_END = re.compile(r";|,\s+and\s+(?=(?:the\s+)?[A-Z])")


def _passive_modality(match: re.Match[str], text: str) -> str | None:
    verb = match["verb"].lower()
    if match["aux"].lower().startswith("will"):  # "will be expanded": a plan
        planned = verb.endswith(("ed", "en")) and verb not in _NOT_PLANNED
        return "intend" if planned and not match["relative"] else None
    for noun, meaning in _PASSIVE_NOUNS.get(verb, []):
        if re.search(r"\b(?:" + noun + r")\W*$", text[: match.start()], re.IGNORECASE):
            return meaning
    if verb in ("evaluated", "assessed") and "positively" in match.group().lower():
        return "welcome"
    return _PASSIVE_VERBS.get(verb)


def _strategy_subject(
    extraction: Extraction, actors: list[URIRef], authority: Authority
) -> re.Pattern[str]:
    """:data:`_STRATEGY_SUBJECT` with the issuers' names and acronyms ("The UK Space Agency
    will ...", "KASA will ...") and the head of a body's name ("The Department will ...")."""
    names: set[str] = set()
    for iri in actors:
        if (entity := extraction.entities.get(iri)) is not None:
            names |= {entity.label, *entity.aliases}
        if (entry := authority.entries.get(iri)) is not None:
            names |= set(entry.names)
    names |= {head for name in names if (head := head_noun(name))}  # "the Administration"
    alternation = "|".join(
        r"(?:the\s+)?" + re.escape(n) for n in sorted(names, key=len, reverse=True)
    )
    return re.compile(_STRATEGY_SUBJECT.replace("ISSUER", alternation or "(?!)"), re.IGNORECASE)


def _strategy_modality(match: re.Match[str] | None) -> str:
    """ "is committed to" → commit, "supports" → support, "We will" → intend, "We shall" →
    commit (it binds)."""
    if match is None:
        return "intend"
    if re.search(r"\bshall\b", match.group(), re.IGNORECASE):
        return "commit"
    verb = _VERB.search(match.group())
    return verb.lastgroup if verb and verb.lastgroup else "intend"


def _lead(
    sentence: Sentence,
    subjects: re.Pattern[str],
    issuer: re.Pattern[str] | None,
    authority: Authority,
    parties: list[URIRef],
    mentions: list[tuple[Entity, Span]],
    strategy_actor: list[URIRef] | None,
) -> tuple[list[URIRef], str | None, tuple[int, int]] | None:
    """The makers and the modality of a line that introduces a list of positions: "The two
    sides committed to:", "The United States intends to:", "The United States and Ukraine:",
    "Building on that work, we will:"; and where its own clause starts and its verb ends.
    None when the line has no maker."""
    text = sentence.text.rstrip().removesuffix(":")
    makers, end = None, 0
    for subject in subjects.finditer(text):
        if found := _makers(subject, authority, parties):
            makers, end = found, subject.end()
            break
    if makers is None and (found := _bodies_as_subject(sentence, mentions, authority, parties)):
        _, end, makers = found
    if makers is None and (solo := authority.with_states(_STATE_WILL).fullmatch(text)):
        code = authority.state_code(solo["state"])
        makers, end = ([authority.state_iri(code)] if code else None), solo.end("state")
    if makers is None and issuer is not None and (match := issuer.search(sentence.text)):
        return list(strategy_actor or []), _strategy_modality(match), match.span()
    if makers is None:
        return None
    verb = _VERB.search(text, end)
    if verb is None and (will := re.search(r"\bwill\s*$", text)):
        return makers, "intend", (0, will.end())  # "Ukraine will:"
    return makers, verb.lastgroup if verb else None, (0, verb.end() if verb else end)


#: A later clause of a strategy's sentence with a subject of its own: "..., and INPE will
#: expand ...", "...; the Strategy will be reviewed in 2028".
_LATER_SUBJECT = re.compile(
    r"(?:,\s+and|;|,\s+while)\s+(?=(?:the\s+)?[A-Z][^,;]{0,80}?\s+(?:will|shall)\b)"
)
#: The verb of such a clause ("will be reviewed" is a plan, not a review)
_WILL = re.compile(r"\b(?:will|shall)\s+(?:not\s+)?\w+(?:\s+to\b)?")
#: The end of a lead's line or of an item's, before a list item written without a mark.
_UNMARKED_ITEM = re.compile(r"[:;][ \t]*\n[ \t]*$")
_FOLLOWING = re.compile(r"\b(?:the\s+following|as\s+follows)\b", re.IGNORECASE)
#: "Mexico will:", "The United States intends to:"
_STATE_WILL = (
    r"(?:the\s+)?(?P<state>STATE)\s+(?:will|intends\s+to|commits\s+to|is\s+committed\s+to)"
)


def _list_item(
    context: _Context, sentence: Sentence, start: int, makers: list[URIRef], modality: str | None
) -> None:
    """One item of a list of positions: its own verb ("- Condemned ...") or the lead's."""
    offset = start - sentence.start
    own = _VERB.match(sentence.text, offset)
    if own is None and modality is None:
        return
    span = Span(start, sentence.span.end)
    _add(context, sentence, span, own.lastgroup if own else modality, makers)


def _makers(subject: re.Match[str], authority: Authority, parties: list[URIRef]) -> list[URIRef]:
    if subject["both"]:
        return list(parties)
    names = (
        [subject["a"], subject["b"]]
        if subject["a"]
        else [subject["one"] or subject["solo"] or subject["clause"]]
    )
    makers = [authority.state_iri(code) for code in map(authority.party_code, names) if code]
    return [m for m in makers if m is not None]


#: What may stand between the bodies that open a sentence: "the", "and", commas, acronyms.
_BETWEEN_BODIES = re.compile(
    r"(?:\s|,|\band\b|\bthe\b|\([\w&.-]+\)|\b(?:together|along|jointly)\s+with\b|"
    r"\bof\s+(?:the\s+)?(?-i:[A-Z][\w.]*)(?:\s+(?-i:[A-Z]\w*))?)*",
    re.IGNORECASE,
)  # "NOAA and the AEE", "the Ministry of the Armed Forces and the Ministry of Defense of Japan"


def _later_bodies(
    sentence: Sentence,
    mentions: list[tuple[Entity, Span]],
    authority: Authority,
    parties: list[URIRef],
    after: int,
    speakers: list[tuple[int, int, list[URIRef]]],
) -> list[tuple[int, int, list[URIRef]]]:
    """Bodies that open a later clause of the sentence (after ``after``) and take a position
    of their own: "..., and the UK Space Agency will broker access ...", "..., while ASI
    shall continue to represent Italy ..."."""
    found = []
    taken = {s[0] for s in speakers}
    for joint in _CLAUSE_OPENER.finditer(sentence.text, after):
        later = _bodies_as_subject(sentence, mentions, authority, parties, joint.end())
        if later is not None and later[0] == joint.end() and later[0] not in taken:
            found.append(later)
    return found


#: Where a later clause with a subject of its own may open: "..., and", "; ", ", while".
_CLAUSE_OPENER = re.compile(r"(?:,\s+and|;|,?\s+while|,?\s+whereas)\s+")


def _bodies_as_subject(
    sentence: Sentence,
    mentions: list[tuple[Entity, Span]],
    authority: Authority,
    parties: list[URIRef],
    begin: int = 0,
) -> tuple[int, int, list[URIRef]] | None:
    """ "KASA and JAXA intend to ...", "NOAA and the AEE expressed ...": a sentence (or, from
    ``begin``, a clause) opened by bodies of the parties alone (after a phrase set off by a
    comma: "On SSA, NOAA and ...") is a position of their states. Returns where the subject
    starts and ends, and the makers."""
    fronted = _FRONTED.match(sentence.text, begin)  # "Under the renewed arrangement, "
    opens = fronted.end() if fronted else begin
    verb = _VERB.search(sentence.text, opens)
    if verb is None or verb.start() == opens:
        return None
    opening = sorted(
        (s.start - sentence.start, s.end - sentence.start, e)
        for e, s in mentions
        if sentence.start + opens <= s.start
        and s.end <= sentence.start + verb.start()
        and not (e.kind == "State" and ends_name(sentence.text, s.start - sentence.start))
    )
    if not opening or any(e.kind not in _PARTY_BODY_KINDS for _, _, e in opening):
        return None
    position = opens
    for start, end, _ in opening:  # only connectors between the bodies and before the verb
        if start < position or not _BETWEEN_BODIES.fullmatch(sentence.text, position, start):
            return None
        position = end
    if not _BETWEEN_BODIES.fullmatch(sentence.text, position, verb.start()):
        return None
    makers = {authority.state_iri(e.state) for _, _, e in opening if e.state}
    if len(opening) == 2 and len(makers) == 1 and len(parties) == 2:
        makers = set(parties)  # "The Department of Defence and the Ministry of Defense (JP)"
    if not makers or not makers <= set(parties):
        return None
    return opens, verb.start(), sorted(makers)


#: A phrase that opens a sentence before its subject: "On maritime domain awareness, ",
#: "In the field of Earth observation, ".
_FRONTED = re.compile(
    r"(?:(?:On|In|For|Under|Through|To|With|Within|At|By|After|Following|During|Since|Given|"
    r"Ahead\s+of|Subject\s+to|Based\s+on|As\s+part\s+of|Building\s+(?:on|upon)|According\s+to|"
    r"Looking\s+ahead)\b[^,;]{3,90}"
    r"|(?:In\s+addition|Moreover|Furthermore|Additionally|Separately|Meanwhile|Likewise|Also"
    r"|Similarly|Finally|Accordingly))"  # "To that end, ", "Separately, "
    r",\s+(?:(?:which|where|when)\b[^,;]{3,90},\s+)?"  # "Under the arrangement, which ..., "
    r"|" + _PARTICIPLE.pattern  # "Welcoming the launches of ..., CNES and JAXA agreed ..."
)


#: Bodies that speak for a party (an international body does not).
_PARTY_BODY_KINDS = {"GovernmentBody", "SpaceAgency"}
_NEITHER_WILL = re.compile(r"neither\s+\w+\s+will\s", re.IGNORECASE)
_JOINED = re.compile(r"(?:,?\s+and|;)\s+(?:(?:also|further|strongly|in\s+turn)\s+)*$")


@dataclass(frozen=True)
class _Context:
    """What every commitment of one document shares."""

    extraction: Extraction
    mentions: list[tuple[Entity, Span]]
    made_at: URIRef
    topics: Topics | None
    #: A strategy's issuers, and their states: "The United States will ..." in its own
    #: strategy is a position of the issuer ("The Department of State"), not of the state.
    issuers: list[URIRef]
    issuer_states: set[URIRef | None]
    #: The ordinal of the meeting the document reports or announces: "X will host the
    #: second meeting" of an announcement is that meeting, no plan of X's.
    ordinal: int | None = None


def _clauses(
    context: _Context, sentence: Sentence, start: int, end: int, makers, stop: int | None = None
) -> None:
    """One commitment per position-taking verb after the subject (``start``-``end`` in the
    sentence, up to ``stop``, where another subject begins); a later verb starts a new
    position only when "and" or ";" joins it ("noted ..., and committed to ...")."""
    stop = stop or len(sentence.text)
    if _NEITHER_WILL.match(sentence.text, start):  # "Neither side will share ...": a pledge
        _add(
            context, sentence, Span(sentence.start + start, sentence.start + stop), "commit", makers
        )
        return
    heads = _heads(sentence.text, end, stop)
    if not heads:
        return
    apposition = _after_apposition(sentence.text, end, stop)
    near = heads[0].start() - end <= 40 or (apposition and apposition.start() == heads[0].start())
    starts = [start if near else heads[0].start()]
    starts += [v.start() for v in heads[1:]]
    ends = [*starts[1:], stop]
    for head, start, end in zip(heads, starts, ends, strict=True):
        if _hosts_own_meeting(context, sentence.text, head):
            continue
        span = Span(sentence.start + start, sentence.start + end)
        _add(context, sentence, span, head.lastgroup, makers)


_HOSTS = re.compile(r"will\s+host\s+the\s+(?P<ordinal>" + ORDINAL + r")\b", re.IGNORECASE)


def _hosts_own_meeting(context: _Context, text: str, head: re.Match[str]) -> bool:
    """ "The Ministry will host the second meeting ..." in the announcement of the second
    meeting: the meeting itself, not a plan ("Italy will host the third ..." in the report of
    the second is one)."""
    found = _HOSTS.match(text, head.start())
    return bool(found) and ordinal_value(found["ordinal"]) == context.ordinal


def _heads(text: str, end: int, stop: int) -> list[re.Match[str]]:
    """The verbs of the positions a subject ending at ``end`` takes: its first verb, when it
    is near (no comma between: "the arrangement, which the two agencies still have to sign,
    ASI will ..." is ASI's), or right after an apposition ("Italy, a founding signatory of
    the Accords, is committed to ..."), and every later one "and" or ";" joins ("briefed on
    ... and encouraged ...")."""
    verbs = list(_VERB.finditer(text, end, stop))
    first = _after_apposition(text, end, stop)
    if first is not None:
        verbs = [first, *(v for v in verbs if v.start() > first.start())]
    near = bool(verbs) and (
        first is not None
        or (
            verbs[0].start() - end <= 40
            and "," not in text[end : verbs[0].start()]
            and not _PASSIVE_AUX.search(text, end, verbs[0].start())
        )
    )
    joined = [v for v in verbs[near:] if _JOINED.search(text, v.start() - 80, v.start())]
    return [verbs[0], *joined] if near else joined


#: "The delegations were welcomed by ...": the subject takes no position.
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|be)\s+(?:\w+\s+)?$")
#: What may stand between a subject and its verb: "Italy, one of the founding signatories of
#: the Accords, is ...", "The Chilean side, as host of ALMA, in which NAOJ is a partner,
#: stressed ...", "Britain, which has paid for design studies, encouraged ...".
_APPOSITION = re.compile(r",\s+(?:(?!and\b|or\b)[^;,:]{2,150},\s+){1,2}")


def _after_apposition(text: str, end: int, stop: int | None = None) -> re.Match[str] | None:
    """The position-taking verb right after an apposition that follows a subject ending at
    ``end``, else None."""
    found = _APPOSITION.match(text, end, stop or len(text))
    if found is None:
        return None
    for comma in re.finditer(r",\s+", text[end : found.end()]):  # the first clause that fits
        verb = _VERB.match(text, end + comma.end(), stop or len(text))
        if verb is not None and comma.start() > 0:
            return verb
    return None


#: What ends a clause but is not part of it: "..., and" before the next one.
_TRAILING = re.compile(r"(?:[\s,;*]|\band)+$")


def _add(
    context: _Context, sentence: Sentence, span: Span, modality, makers, shortest: int = 4
) -> None:
    if context.issuers and set(makers) <= context.issuer_states:
        makers = context.issuers
    extraction = context.extraction
    text = _TRAILING.sub("", extraction.document.text[span.start : span.end]).lstrip(" ,;*")
    if len(text.split()) < shortest:
        return  # "We will:" introduces a list; its items are read one by one
    concerns = [e.iri for e, s in context.mentions if span.start <= s.start and s.end <= span.end]
    if context.topics is not None:
        concerns += context.topics.find(text)
    extraction.commitments.append(
        Commitment(
            iri=iris.commitment(extraction.document.id, f"{span.start}:{text}"),
            made_at=context.made_at,
            made_by=list(makers),
            modality=modality,
            concerns=list(dict.fromkeys(concerns)),
            text=text,
            span=sentence.span,
        )
    )
