"""Deterministic IRIs (spacegraph.iris) and the identity rules of CONTRACT.md."""

from __future__ import annotations

import re
import unicodedata

import pytest

from spacegraph import iris
from spacegraph.authority import Authority
from spacegraph.extract.meetings import dialogue_names
from spacegraph.vocab import SGR

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HASH_FALLBACK = re.compile(r"^x[0-9a-f]{10}$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministère des Armées", "ministere-des-armees"),
        ("Ministry of Foreign Affairs", "ministry-of-foreign-affairs"),
        ("  Japan-U.S.  ", "japan-u-s"),
        ("Comprehensive Dialogue on Space", "comprehensive-dialogue-on-space"),
        ("Agência Espacial Brasileira", "agencia-espacial-brasileira"),
        ("İstanbul", "istanbul"),
        ("SWOT (Surface Water & Ocean Topography)", "swot-surface-water-ocean-topography"),
        (
            "us-japan-comprehensive-dialogue-on-space-4-2017",
            "us-japan-comprehensive-dialogue-on-space-4-2017",
        ),
    ],
)
def test_slug_is_lowercase_ascii_with_accents_folded(text: str, expected: str) -> None:
    assert iris.slug(text) == expected


def test_slug_does_not_depend_on_the_unicode_normal_form() -> None:
    composed = unicodedata.normalize("NFC", "Ministère des Armées")
    decomposed = unicodedata.normalize("NFD", "Ministère des Armées")
    assert composed != decomposed
    assert iris.slug(composed) == iris.slug(decomposed) == "ministere-des-armees"


@pytest.mark.parametrize("text", ["", "   ", "---", "日本", "宇宙航空研究開発機構", "!!!"])
def test_slug_is_never_empty_and_falls_back_to_a_stable_hash(text: str) -> None:
    value = iris.slug(text)
    assert HASH_FALLBACK.match(value), value
    assert iris.slug(text) == value


def test_the_hash_fallback_tells_texts_apart() -> None:
    assert iris.slug("日本") != iris.slug("中国")


if given is not None:

    @given(st.text())
    def test_slug_of_any_text_is_a_slug_and_idempotent(text: str) -> None:
        value = iris.slug(text)
        assert SLUG.match(value) or HASH_FALLBACK.match(value), value
        assert iris.slug(value) == value
        assert iris.slug(text) == value

    @given(
        st.text(alphabet=st.characters(codec="ascii", categories=["Lu", "Ll", "Nd"]), min_size=1)
    )
    def test_slug_of_ascii_letters_and_digits_is_their_lower_case(text: str) -> None:
        assert iris.slug(text) == text.lower()


def test_dialogue_iri_follows_the_contract_and_ignores_the_order_of_parties() -> None:
    expected = SGR["dialogue/jp-us/comprehensive-dialogue-on-space"]
    assert iris.dialogue(["JP", "US"], "Comprehensive Dialogue on Space") == expected
    assert iris.dialogue(["US", "JP"], "Comprehensive Dialogue on Space") == expected
    assert iris.dialogue(("us", "Jp"), "comprehensive dialogue on space") == expected
    assert iris.dialogue({"US", "JP"}, "Comprehensive  Dialogue on Space ") == expected


def test_dialogues_of_other_parties_or_kinds_differ() -> None:
    base = iris.dialogue(["JP", "US"], "Comprehensive Dialogue on Space")
    assert iris.dialogue(["FR", "US"], "Comprehensive Dialogue on Space") != base
    assert iris.dialogue(["JP", "US"], "Civil Space Dialogue") != base


@pytest.mark.parametrize(
    "written",
    [
        "the Japan-U.S. Comprehensive Dialogue on Space",
        "the U.S.-Japan Comprehensive Dialogue on Space",
        "the United States-Japan Comprehensive Dialogue on Space",
    ],
)
def test_a_dialogue_name_gives_the_same_iri_whatever_order_the_parties_are_written_in(
    authority: Authority, written: str
) -> None:
    [name] = dialogue_names(written, authority)
    assert name.parties == ("JP", "US")
    assert (
        iris.dialogue(name.parties, name.kind)
        == SGR["dialogue/jp-us/comprehensive-dialogue-on-space"]
    )


def test_meeting_iri_is_keyed_by_ordinal_else_by_date() -> None:
    dialogue = iris.dialogue(["JP", "US"], "Comprehensive Dialogue on Space")
    assert (
        iris.meeting(dialogue, 8) == SGR["dialogue/jp-us/comprehensive-dialogue-on-space/meeting/8"]
    )
    # the ordinal wins over the date: a meeting announced and later reported is one IRI
    assert iris.meeting(dialogue, 8, "2023-03-24") == iris.meeting(dialogue, 8)
    assert (
        iris.meeting(dialogue, None, "2023-03-24")
        == SGR["dialogue/jp-us/comprehensive-dialogue-on-space/meeting/2023-03-24"]
    )
    with pytest.raises(ValueError, match="ordinal or a date"):
        iris.meeting(dialogue, None)


def test_document_iri_is_the_file_stem() -> None:
    assert (
        iris.document("japan-us-comprehensive-dialogue-on-space-8-2023")
        == SGR["document/japan-us-comprehensive-dialogue-on-space-8-2023"]
    )


def test_bodies_and_policies_are_keyed_by_their_state_and_others_are_not() -> None:
    assert (
        iris.entity("GovernmentBody", "Ministry of Foreign Affairs", "JP")
        == SGR["body/jp/ministry-of-foreign-affairs"]
    )
    assert (
        iris.entity("SpaceAgency", "Centre national d'études spatiales", "FR")
        == SGR["body/fr/centre-national-d-etudes-spatiales"]
    )
    assert (
        iris.entity("Policy", "National Security Strategy", "US")
        == SGR["policy/us/national-security-strategy"]
    )
    assert iris.entity("Mission", "SWOT", "US") == SGR["mission/swot"]
    assert iris.entity("InternationalBody", "Group of Seven") == SGR["org/group-of-seven"]


def test_commitment_iri_ignores_how_the_clause_is_wrapped() -> None:
    one = iris.commitment("doc-1", "Both sides   resolved to\ndeepen cooperation.")
    assert one == iris.commitment("doc-1", "Both sides resolved to deepen cooperation.")
    assert one != iris.commitment("doc-2", "Both sides resolved to deepen cooperation.")
    assert one != iris.commitment("doc-1", "Both sides resolved to widen cooperation.")
    assert str(one).startswith(str(SGR["commitment/doc-1/"]))


def test_evidence_iri_is_keyed_by_document_and_offsets() -> None:
    assert iris.evidence("doc-1", 10, 25) == SGR["evidence/doc-1/10-25"]
    assert iris.evidence("doc-1", 10, 25) != iris.evidence("doc-1", 10, 26)
