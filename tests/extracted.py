"""What the construction tests read off an extraction: roles and positions, as plain tuples."""

from __future__ import annotations


def roles(extraction, which: str = "co_chairs") -> set[tuple[str, str | None]]:
    """(label, state) of the first meeting's co-chairs or participants."""
    held = extraction.meetings[0]
    return {
        (extraction.entities[iri].label, extraction.entities[iri].state)
        for iri in getattr(held, which)
    }


def positions(extraction, width: int) -> set[tuple[str, tuple[str, ...], str]]:
    """(modality, makers' codes in order, first ``width`` characters) of every commitment."""
    return {
        (c.modality, tuple(sorted(str(m).rsplit("/", 1)[-1] for m in c.made_by)), c.text[:width])
        for c in extraction.commitments
    }
