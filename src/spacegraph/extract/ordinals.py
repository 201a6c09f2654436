"""Ordinals as statements write them: "Eighth", "8th", "inaugural", "first"."""

from __future__ import annotations

import re

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
ORDINAL = re.compile(r"\b" + PATTERN + r"\b", re.IGNORECASE)


def ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in _WORDS:
        return _WORDS[word]
    match = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    return int(match.group(1)) if match else None
