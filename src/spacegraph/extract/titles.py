"""The bodies behind officials' titles: "Foreign Secretary X" leads for the foreign ministry,
"Secretary of Defense" for the Department of Defense, "Assistant Secretary of State for Oceans
and International Environmental and Scientific Affairs" for that bureau, "Vice Minister of
Science and Technology" for that ministry (minted when the authority lacks it).
"""

from __future__ import annotations

import re

from ..authority import Authority, choose
from .described import foreign_ministry
from .mint import entity_of, mint, state_after
from .model import Entity
from .names import BODY_KINDS

#: Titles of a state's chief diplomats: the delegation they lead is their foreign ministry's.
_FOREIGN_TITLE = re.compile(
    r"\b(?:Foreign\s+(?:Secretary|Minister)|Secretary\s+of\s+State|"
    r"Minister\s+(?:of|for)\s+(?:Europe\s+and\s+)?(?:Foreign|External)\s+Affairs|"
    r"External\s+Affairs\s+Minister|(?i:foreign\s+ministry))\b"
)


#: "Principal Deputy Assistant Secretary of State for Oceans and International ... Affairs"
_BUREAU_TITLE = re.compile(
    r"\bAssistant\s+Secretary\s+of\s+State\s+for\s+"
    r"(?P<field>[A-Z][\w-]*(?:,?\s+(?:and\s+)?[A-Z][\w-]*)*)"
)
#: "Vice Minister of Science and Technology", "Deputy Assistant Secretary of Defense for ...".
_TITLE = re.compile(
    r"\b(?P<title>Minister|Secretary)\s+(?:of|for)\s+"
    r"(?P<field>[A-Z][\w-]*(?:,?\s+(?:and\s+)?[A-Z][\w-]*)*)"
)


def led_by_title(
    name: str, side: str | None, authority: Authority, parties: list[str]
) -> list[Entity]:
    """The body behind an official's title: "Foreign Secretary Vinay Kwatra from India" → the
    foreign ministry; "Secretary of Defense" → the Department of Defense; "Vice Minister of
    Science and Technology" (side known) → that ministry, minted when the authority lacks it."""
    found: list[Entity] = []
    bureau = _BUREAU_TITLE.search(name)
    words = bureau["field"].split() if bureau else []
    # the longest field the authority has a bureau of: "... Scientific Affairs Rachel M."
    bureau_entry = next(
        (
            entry
            for end in range(len(words), 0, -1)
            if (
                entry := choose(
                    authority.lookup(f"Bureau of {' '.join(words[:end])}", BODY_KINDS),
                    [side] if side else parties,
                    strict=True,
                )
            )
        ),
        None,
    )
    if bureau_entry:  # "Assistant Secretary of State for Oceans and ...": the bureau
        found.append(entity_of(bureau_entry))
    elif side and _FOREIGN_TITLE.search(name):
        found.append(foreign_ministry(side, authority))
    for match in _TITLE.finditer(name):
        if bureau_entry and match.start() < bureau.end() and bureau.start() < match.end():
            continue  # the bureau's title, read above
        field = match["field"]
        # "Vice Minister of Science and Technology of the Socialist Republic of Viet Nam"
        title_side = state_after(name, match.end(), authority) or side
        names = [f"Ministry of {field}", f"Ministry for {field}", f"Department of {field}"]
        if match["title"] == "Secretary":  # "Secretary of Defense": a department's head
            names.reverse()
        entry = next(
            (
                e
                for body in names
                if (
                    e := choose(
                        authority.lookup(body, BODY_KINDS),
                        [title_side] if title_side else parties,
                        strict=True,
                    )
                )
            ),
            None,
        )
        if entry is not None:
            found.append(entity_of(entry))
        elif title_side and match["title"] == "Minister":
            ministry = mint(f"Ministry of {field}", "GovernmentBody", authority, state=title_side)
            found.append(ministry)
    return list({e.iri: e for e in found}.values())
