"""Sentences with their character offsets, and a same-length text to match against.

Offsets always index into the document text as stored (``sg:content``): every matcher
works on :func:`match_text`, which has the same length as the text, so a match's span is
a span of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: One-to-one character replacements that make matching simpler without moving offsets.
_SAME_LENGTH = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "*": " ",
        "_": " ",
        "\\": " ",
    }
)


def match_text(text: str) -> str:
    """``text`` with typographic quotes, dashes and Markdown emphasis made plain; same length."""
    return text.translate(_SAME_LENGTH)


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of the document text."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]

    def __contains__(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str  # the match text of the sentence (same length as the span)

    @property
    def start(self) -> int:
        return self.span.start


# A sentence ends after . ! ? (and closing quotes or brackets) followed by white space and an
# upper-case letter, digit or quote -- unless the full stop ends a known abbreviation.
_END = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|U\.N|D\.C|Mr|Mrs|Ms|Mme|Dr|Prof|St|No|Nos|Art|Gen|Lt|Col|Sen|Rep|Amb|Hon|"
    r"Min|Plen|Adm|Capt|Cdr|Maj|Brig|Gov|Sr|Jr|Ing|Eng|Dott|"
    r"Inc|Ltd|Co|Corp|vs|etc|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"[A-Z])\.)$"
)
# "2." or "- b." opening a list item is no sentence of its own, nor "Key Task 1-1." or
# "Strategic Goal 2." opening a heading.
_ENUMERATOR = re.compile(
    r"\s*(?:[-*+]\s*)?(?:[A-Z][a-z]+\s+){0,2}(?:\d{1,3}(?:[.-]\d{1,3})*|[a-zA-Z]|[ivxlc]{1,6})\."
)
# A run of line breaks ends a sentence unless the text plainly goes on (a comma, semicolon
# or hyphen before it, a lower-case letter after it).
_BREAK = re.compile(r"\n\s*")
# A line of a list without marks, after a lead's colon or an item's semicolon, that ends as
# an item does ("INPE will give priority to:\nthe joint development of CBERS-6;\nthe ...").
_LINE_ITEM = re.compile(r"[:;][ \t]*\n[ \t]*[^\n]{10,300}[;.][ \t]*(?:\n|$)")
# A line that opens a lettered item ("a) champion ...", "(ii) work with ...") is a new sentence.
_ITEM = re.compile(r"\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s|[-*+\u2022]\s")


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``."""
    plain = match_text(text)
    cuts: set[int] = set()
    for match in _END.finditer(plain):
        head = plain[max(0, match.start() - 12) : match.start() + 1]
        line = plain[plain.rfind("\n", 0, match.start()) + 1 : match.start() + 1]
        if not _ABBREVIATIONS.search(head) and not _ENUMERATOR.fullmatch(line):
            cuts.add(match.end())
    for match in _BREAK.finditer(plain):
        before = plain[: match.start()].rstrip(" \t")
        after = plain[match.end() : match.end() + 1]
        joined = before and before[-1] in ",;-(" and not before.endswith("---")
        if (joined or after.islower()) and not (
            _ITEM.match(plain, match.end()) or (before and _LINE_ITEM.match(plain, len(before) - 1))
        ):
            continue
        cuts.add(match.start())
    result: list[Sentence] = []
    start = 0
    for cut in [*sorted(cuts), len(plain)]:
        span = _trim(plain, start, cut)
        if span is not None:
            result.append(Sentence(span, plain[span.start : span.end]))
        start = cut
    return result


def _trim(plain: str, start: int, end: int) -> Span | None:
    while start < end and plain[start].isspace():
        start += 1
    while end > start and plain[end - 1].isspace():
        end -= 1
    if end - start < 2 or not any(ch.isalnum() for ch in plain[start:end]):
        return None
    return Span(start, end)


#: What opens a list item: a bullet or an enumerator ("- ", "* ", "a) ", "(ii) ", "3. ").
_ITEM_MARK = re.compile(r"\s*(?:[-*+\u2022\u2013\u00b7]\s*|\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)]\s+)")


def item_start(text: str, sentence: Sentence) -> int | None:
    """Where the content of a list item starts, when ``sentence`` (of document ``text``) is
    one: its line opens with a bullet or an enumerator before or at the sentence."""
    mark = _item_mark(text, sentence)
    return mark.end() if mark else None


def item_style(text: str, sentence: Sentence) -> str | None:
    """The kind of mark that opens ``sentence`` as a list item: "1." for "3. " and "10. ",
    "(a)" for "(b) " and "(iv) ", "-" for "- "; None when it is no item."""
    mark = _item_mark(text, sentence)
    if mark is None:
        return None
    return re.sub(r"[ivx]+|[a-z]", "a", re.sub(r"\d+", "1", mark.group().strip()))


def _item_mark(text: str, sentence: Sentence) -> re.Match[str] | None:
    line = text.rfind("\n", 0, sentence.start) + 1
    mark = _ITEM_MARK.match(text, line)
    if mark is None or not mark.group().strip() or sentence.start > mark.end():
        return None
    return mark
