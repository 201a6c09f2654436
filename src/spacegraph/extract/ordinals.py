"""Ordinals as statements write them: "Eighth", "8th", "inaugural", "first"; and the ordinal
of a meeting of a dialogue ("the fourth meeting of the Japan-Viet Nam Space Policy Dialogue")."""

from __future__ import annotations

import functools
import re

from ..text import match_text

_WORDS = {
    "first": 1,
    "inaugural": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
PATTERN = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r"|\d{1,3}(?:st|nd|rd|th))"


def ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in _WORDS:
        return _WORDS[word]
    match = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    return int(match.group(1)) if match else None


def meeting_ordinal(text: str, kind: str, at: int | None = None) -> int | None:
    """ "the Third France-United States Space Security Dialogue", "the fourth meeting of the
    Japan-Viet Nam ...", "the third session of their bilateral Space Security Dialogue": the
    ordinal of a meeting of the dialogue of ``kind``, anywhere in ``text`` or ``at`` an offset."""
    pattern = _pattern(kind)
    text = match_text(text)
    match = pattern.search(text) if at is None else pattern.match(text, at)
    return ordinal_value(match["ord"] or match["time"]) if match else None


#: "the second edition of the two countries' space dialogue"
_WHOSE = r"the\s+two\s+(?:countries|governments|nations|sides)['’]"
#: The parties before a kind: "France-United States", "Japan-Viet Nam", "U.S.-Japan",
#: "Australia-Japan-United States".
_PARTIES = r"(?:[\w.]+(?:\s+[\w.]+){0,3}?(?:\s*-\s*[\w.]+(?:\s+[\w.]+){0,3}?){1,2}\s+)?"


@functools.lru_cache(maxsize=256)
def _pattern(kind: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in kind.split())
    return re.compile(
        r"\b(?P<ord>" + PATTERN + r")\s+(?:(?:meeting|session|round|edition)\s+of\s+"
        r"(?:the|their|this|"
        + _WHOSE
        + r")?\s*(?:bilateral\s+|annual\s+)?)?"
        + r"[\"“]?"
        + _PARTIES
        + words
        + r"\b"
        # "The Japan-India Space Dialogue met for the third time"
        r"|" + words + r"\b[^.;]{0,100}?\bfor\s+the\s+(?P<time>" + PATTERN + r")\s+time\b",
        re.IGNORECASE,
    )
