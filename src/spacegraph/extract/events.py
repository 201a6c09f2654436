"""Events that statements report in passing: signings of agreements and launches.

"Both sides celebrated France's signature of the Artemis Accords in June 2022" gives a
signing (signatory France, the Artemis Accords, June 2022); "the James Webb Space Telescope
launched on December 25, 2021" gives the telescope's launch date.
"""

from __future__ import annotations

import re

from ..authority import Authority
from ..text import Sentence, Span
from .dates import DateMention, find_dates
from .model import Entity, Extraction, Launch, Signing

_APOSTROPHE = r"(?:'s|')"


def find_events(
    extraction: Extraction,
    sentence_list: list[Sentence],
    authority: Authority,
    mentions: list[tuple[Entity, Span]],
) -> None:
    signing = authority.compiled("events.signing", lambda: _signing(authority.state_pattern()))
    launched = re.compile(r"^\s*(?:mission\s+|telescope\s+|satellite\s+)?(?:was\s+)?launched\b")
    for sentence in sentence_list:
        inside = [(e, s) for e, s in mentions if s in sentence.span]
        matches = signing.finditer(sentence.text) if _SIGN_WORD.search(sentence.text) else ()
        for match in matches:
            code = authority.state_code(match["who"] or match["who2"])
            agreement = _next_of_kind(inside, sentence.start + match.end(), "Agreement")
            if code is None or agreement is None:
                continue
            entity, span = agreement
            when = _date_after(sentence, span.end)
            extraction.signings.append(
                Signing(authority.state_iri(code), entity.iri, when, sentence.span)  # type: ignore[arg-type]
            )
        for entity, span in inside:
            if entity.kind != "Mission":
                continue
            rest = sentence.text[span.end - sentence.start :]
            launch = launched.match(rest)
            if launch:
                when = _date_after(sentence, span.end + launch.end(), within=6)
                if when is not None:
                    extraction.launches.append(Launch(entity.iri, when, sentence.span))


_SIGN_WORD = re.compile(r"\b(?:signature|signing|signed|joined)\b")


def _signing(state: str) -> re.Pattern[str]:
    return re.compile(
        r"(?:the\s+)?(?P<who>" + state + r")" + _APOSTROPHE + r"\s+(?:signature|signing)\s+of\s+"
        r"|(?:the\s+)?(?P<who2>" + state + r")\s+(?:has\s+|have\s+)?(?:signed|joined)\s+"
    )


def _next_of_kind(inside, offset: int, kind: str):
    """The first mention of ``kind`` starting within a few characters of ``offset``."""
    for entity, span in sorted(inside, key=lambda pair: pair[1].start):
        if entity.kind == kind and 0 <= span.start - offset <= 6:
            return entity, span
    return None


def _date_after(sentence: Sentence, offset: int, within: int = 12) -> DateMention | None:
    """The date that follows ``offset`` closely ("... in June 2022", "... on December 25, 2021")."""
    for date in find_dates(sentence.text, sentence.start):
        if 0 <= date.span.start - offset <= within:
            return date
    return None
