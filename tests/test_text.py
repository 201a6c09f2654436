"""Sentences and their offsets (spacegraph.text)."""

from __future__ import annotations

import pytest

from spacegraph.text import Span, match_text, sentences


def quotes(text: str) -> list[str]:
    """The sentences of ``text`` as the original text has them, by their offsets."""
    return [text[s.span.start : s.span.end] for s in sentences(text)]


def test_match_text_keeps_the_length_and_makes_typography_plain() -> None:
    text = "The \u201cplan\u201d \u2013 NASA\u2019s *bold* idea\u00a0now"
    plain = match_text(text)
    assert len(plain) == len(text)
    assert plain == 'The "plan" - NASA\'s  bold  idea now'


@pytest.mark.parametrize(
    "text",
    [
        "Both sides met in Rome. They agreed to meet again! Was it useful? Yes.",
        "  \n\nLeading blank lines.  Two spaces before this one.\n\nA new paragraph here.\n",
        "The \u201cAccords\u201d were welcomed. "
        "Japan\u2019s delegation \u2013 led by the minister \u2013 spoke.",
        "Title line without a full stop\n\nFirst sentence of the body. Second sentence.",
        "*Emphasised first sentence.* Plain second sentence.",
    ],
)
def test_sentence_offsets_index_the_original_text(text: str) -> None:
    found = sentences(text)
    assert len(found) >= 2
    plain = match_text(text)
    previous_end = 0
    for sentence in found:
        original = text[sentence.span.start : sentence.span.end]
        # the offsets index the text as stored, and the sentence's text is its match text
        assert sentence.text == plain[sentence.span.start : sentence.span.end]
        assert len(original) == len(sentence.text)
        assert original == original.strip()
        assert original
        assert sentence.span.start >= previous_end
        previous_end = sentence.span.end


def test_sentences_are_split_where_they_end() -> None:
    text = "Both sides met in Rome. They agreed to meet again! Was it useful? Yes."
    assert quotes(text) == [
        "Both sides met in Rome.",
        "They agreed to meet again!",
        "Was it useful?",
        "Yes.",
    ]


def test_a_closing_typographic_quote_stays_with_its_sentence() -> None:
    text = "Both sides welcomed \u201cthe plan.\u201d The next meeting is in 2025."
    assert quotes(text) == [
        "Both sides welcomed \u201cthe plan.\u201d",
        "The next meeting is in 2025.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Department of State hosted the talks. Japan sent a delegation.",
            ["The U.S. Department of State hosted the talks.", "Japan sent a delegation."],
        ),
        (
            "They met in Washington, D.C. on May 16. Tokyo hosts the next one.",
            ["They met in Washington, D.C. on May 16.", "Tokyo hosts the next one."],
        ),
        (
            "The talks were opened by Mr. Tanaka and Dr. Moreau. Both spoke briefly.",
            ["The talks were opened by Mr. Tanaka and Dr. Moreau.", "Both spoke briefly."],
        ),
        (
            "Officials from the U.K. Space Agency attended. So did others.",
            ["Officials from the U.K. Space Agency attended.", "So did others."],
        ),
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_list_broken_across_a_blank_line_after_a_comma_stays_one_sentence(separator: str) -> None:
    text = (
        f"Participants included the Ministry of Defence{separator}\n\n"
        "the Ministry of Foreign Affairs, and the space agency. Both sides agreed."
    )
    assert quotes(text) == [
        f"Participants included the Ministry of Defence{separator}\n\n"
        "the Ministry of Foreign Affairs, and the space agency.",
        "Both sides agreed.",
    ]


def test_a_line_that_goes_on_in_lower_case_is_not_cut() -> None:
    text = "The dialogue was held in\nthe capital on the same day. It ended."
    assert quotes(text) == ["The dialogue was held in\nthe capital on the same day.", "It ended."]


def test_a_blank_line_without_a_full_stop_ends_a_sentence() -> None:
    text = "Joint Statement\n\nThe Eleventh Meeting of a Dialogue\n\nBoth sides met."
    assert quotes(text) == [
        "Joint Statement",
        "The Eleventh Meeting of a Dialogue",
        "Both sides met.",
    ]


def test_text_without_sentences_gives_none() -> None:
    assert sentences("") == []
    assert sentences("  \n\n  --- \n * \n") == []


def test_span_quote_and_containment() -> None:
    text = "abcdefghij"
    outer, inner = Span(2, 8), Span(3, 5)
    assert outer.quote(text) == "cdefgh"
    assert inner in outer
    assert outer not in inner
    assert Span(1, 4) not in outer
