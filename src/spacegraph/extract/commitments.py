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
from ..text import Sentence, Span
from .model import Commitment, Entity, Extraction
from .topics import Topics

_VERBS: list[tuple[str, str]] = [
    (
        "commit",
        r"committed\s+to|commit(?:s)?\s+to|(?:expressed|affirmed|reaffirmed)\s+(?:their\s+)?(?:shared\s+)?commitment|"
        r"pledged|pledges?\s+to|undert(?:ook|akes?)\s+to|vow(?:ed|s)?\s+to|will\s+continue\s+to|"
        r"will\s+(?:not|never)\s+[a-z]+",
    ),
    ("reaffirm", r"reaffirm(?:ed|s)?|reiterat(?:ed|es?)|reconfirm(?:ed|s)?|renewed"),
    ("resolve", r"resolved\s+to|are\s+resolved\s+to"),
    (
        "intend",
        r"intend(?:s|ed)?\s+to|(?:expressed\s+)?(?:their\s+)?intention|(?:expressed\s+)?(?:their\s+)?intent\b|"
        r"(?:are|were|is)\s+determined\s+to|look(?:s|ed)?\s+forward\s+to|(?:are|were)\s+anticipating|plan(?:s|ned)?\s+to|aim(?:s|ed)?\s+to",
    ),
    ("agree", r"agreed|agree(?:s)?\s+(?:to|on|that)"),
    ("concur", r"concurred|concur(?:s)?\b"),
    ("decide", r"decided|decide(?:s)?\s+to"),
    (
        "welcome",
        r"(?:strongly\s+)?welcom(?:ed|es?)|celebrated|applauded|"
        r"(?:conveyed|expressed)\s+(?:its|their)\s+(?:appreciation|gratitude)|thanked",
    ),
    (
        "recognize",
        r"recogni[sz](?:ed|es?)|recognising|recognizing|acknowledged|acknowledg(?:es?|ing)",
    ),
    (
        "affirm",
        r"affirm(?:ed|s)?|underlined|underscored|stressed|emphasi[sz]ed|highlighted|"
        r"called\s+(?:for|on)|urged|stated\s+that|declared\s+that|st(?:ood|ands?)\s+ready",
    ),
    ("confirm", r"confirm(?:ed|s)?"),
    ("support", r"support(?:ed|s)?\b|endorsed|encouraged"),
    (
        "express",
        r"expressed\s+(?:(?:its|their)\s+)?(?:strong\s+)?(?:interest|excitement|desire|hope|concern|"
        r"readiness)|shared\s+the\s+view|shared\s+(?:their\s+|a\s+)?concern|condemned|deplored",
    ),
    ("note", r"noted|took\s+note"),
    (
        "discuss",
        r"discussed|exchanged\s+(?:views|information|updates)|reviewed|"
        r"(?:held|conducted)\s+(?:extensive\s+)?discussions|consulted",
    ),
]
_VERB = re.compile(
    r"\b(?:(?:also|further|strongly|again|jointly|both)\s+)*(?:"
    + "|".join(f"(?P<{m}>{p})" for m, p in _VERBS)
    + r")",
    re.IGNORECASE,
)
_BOTH = (
    r"both\s+sides|the\s+two\s+sides|both\s+governments|the\s+two\s+governments|(?:the\s+)?participants|"
    r"both\s+countries|the\s+two\s+countries|both\s+nations|the\s+two\s+nations|both\s+parties|"
    r"the\s+parties|the\s+two\s+delegations|both\s+delegations|the\s+delegations|they|"
    r"the\s+leaders|both\s+leaders|(?:the\s+)?(?:two\s+)?co-?chairs|both\s+co-?chairs|"
    r"neither\s+side|neither\s+country|neither\s+government"
)
_STRATEGY_SUBJECT = re.compile(
    r"\b(?:we|the\s+department(?:\s+of\s+state)?|state\s+department)\s+(?:will|must|shall|commit|intend)\b",
    re.IGNORECASE,
)


#: A numbered or lettered objective, or a goal in bold, that opens with an imperative verb:
#: "3. Engage with U.S. space industry ...", "- b. Expand the number of ...".
_OBJECTIVE = re.compile(
    r"^\s*(?:[-*+]\s*)?(?:(?:\d{1,2}|[a-z])\.\s+|\*\*\s*)(?P<verb>[A-Z][a-z]+)\s+[a-z]"
)
_NOT_IMPERATIVE = {
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


def _subject_pattern(authority: Authority) -> re.Pattern[str]:
    state = authority.state_pattern()
    return re.compile(
        r"(?:^|(?<=[\s,;(]))(?:(?P<both>" + _BOTH + r")|"
        r"(?:both\s+)?(?:the\s+)?(?P<a>" + state + r")\s+and\s+(?:the\s+)?(?P<b>" + state + r")|"
        r"(?:the\s+)?(?P<one>" + state + r")\s+(?:side|delegation|government|officials)|"
        r"^(?:the\s+)?(?P<solo>" + state + r")(?=\s+(?:also\s+|strongly\s+)?[a-z]+(?:ed|s)\b))",
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
    subjects = _subject_pattern(authority)
    context = _Context(extraction, mentions, made_at, topics)
    for sentence in sentence_list:
        for subject in subjects.finditer(sentence.text):
            makers = _makers(subject, authority, parties)
            if not makers:
                continue
            _clauses(context, sentence, subject.start(), subject.end(), makers)
            break
        else:
            if found := _bodies_as_subject(sentence, mentions, authority, parties):
                _clauses(context, sentence, 0, found[0], found[1])
                continue
            objective = _OBJECTIVE.match(sentence.text) if strategy_actor else None
            if objective and objective["verb"] not in _NOT_IMPERATIVE:
                span = Span(sentence.start + objective.start("verb"), sentence.span.end)
                _add(context, sentence, span, "intend", strategy_actor)
            elif strategy_actor and _STRATEGY_SUBJECT.search(sentence.text):
                match = _STRATEGY_SUBJECT.search(sentence.text)
                modality = "commit" if "must" in match.group().lower() else "intend"
                span = Span(sentence.start + match.start(), sentence.span.end)
                _add(context, sentence, span, modality, strategy_actor)


def _makers(subject: re.Match[str], authority: Authority, parties: list[URIRef]) -> list[URIRef]:
    if subject["both"]:
        return list(parties)
    names = [subject["a"], subject["b"]] if subject["a"] else [subject["one"] or subject["solo"]]
    makers = [authority.state_iri(code) for code in map(authority.state_code, names) if code]
    return [m for m in makers if m is not None]


#: What may stand between the bodies that open a sentence: "the", "and", commas, acronyms.
_BETWEEN_BODIES = re.compile(r"(?:\s|,|\band\b|\bthe\b|\([\w&.-]+\))*", re.IGNORECASE)


def _bodies_as_subject(
    sentence: Sentence,
    mentions: list[tuple[Entity, Span]],
    authority: Authority,
    parties: list[URIRef],
) -> tuple[int, list[URIRef]] | None:
    """ "KASA and JAXA intend to ...", "NOAA and the AEE expressed ...": a sentence opened by
    bodies of the parties alone is a position of their states. Returns where the subject
    ends and the makers."""
    verb = _VERB.search(sentence.text)
    if verb is None or verb.start() == 0:
        return None
    opening = sorted(
        (s.start - sentence.start, s.end - sentence.start, e)
        for e, s in mentions
        if sentence.start <= s.start and s.end <= sentence.start + verb.start()
    )
    if not opening or any(e.kind not in _PARTY_BODY_KINDS or not e.state for _, _, e in opening):
        return None
    position = 0
    for start, end, _ in opening:  # only connectors between the bodies and before the verb
        if start < position or not _BETWEEN_BODIES.fullmatch(sentence.text, position, start):
            return None
        position = end
    if not _BETWEEN_BODIES.fullmatch(sentence.text, position, verb.start()):
        return None
    makers = {authority.state_iri(e.state) for _, _, e in opening}
    if not makers <= set(parties):
        return None
    return position, sorted(makers)


#: Bodies that speak for a party (an international body does not).
_PARTY_BODY_KINDS = {"GovernmentBody", "SpaceAgency"}
_NEITHER_WILL = re.compile(r"neither\s+\w+\s+will\s", re.IGNORECASE)
_JOINED = re.compile(r"(?:,?\s+and|;)\s+(?:(?:also|further|strongly)\s+)*$")


@dataclass(frozen=True)
class _Context:
    """What every commitment of one document shares."""

    extraction: Extraction
    mentions: list[tuple[Entity, Span]]
    made_at: URIRef
    topics: Topics | None


def _clauses(context: _Context, sentence: Sentence, start: int, end: int, makers) -> None:
    """One commitment per position-taking verb after the subject (``start``-``end`` in the
    sentence); a later verb starts a new position only when "and" or ";" joins it ("noted
    ..., and committed to ...")."""
    verbs = list(_VERB.finditer(sentence.text, end))
    if not verbs or verbs[0].start() - end > 40:
        if _NEITHER_WILL.match(sentence.text, start):  # "Neither side will share ...": a pledge
            _add(
                context, sentence, Span(sentence.start + start, sentence.span.end), "commit", makers
            )
        return
    joined = [v for v in verbs[1:] if _JOINED.search(sentence.text, v.start() - 80, v.start())]
    heads = [verbs[0], *joined]
    starts = [start, *(v.start() for v in heads[1:])]
    ends = [*starts[1:], len(sentence.text)]
    for head, start, end in zip(heads, starts, ends, strict=True):
        span = Span(sentence.start + start, sentence.start + end)
        _add(context, sentence, span, head.lastgroup, makers)


def _add(context: _Context, sentence: Sentence, span: Span, modality, makers) -> None:
    extraction = context.extraction
    text = extraction.document.text[span.start : span.end].strip(" ,;*")
    if len(text.split()) < 4:
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
