"""Commitments in the constructions that statements, press releases, news reports and
strategies use to say who takes which position.

Each test is a short statement of our own invention (states, bodies and people that no
document of the corpus or of the development set names), in one construction, and asserts
every commitment extracted from it: what the rule should find, and nothing more.
"""

from __future__ import annotations

from extracted import positions

_HELD = "The second Estonia-Uruguay Space Dialogue was held in Tallinn on 3 June 2026.\n\n"


def test_reported_speech_of_a_side_is_its_position(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "Estonian officials expressed concern about the cost of the new rules, while "
        "the Uruguayan side said it would keep Estonia informed of its licensing reform.\n",
    )
    assert positions(x, 30) == {
        ("express", ("ee",), "Estonian officials expressed c"),
        ("intend", ("uy",), "the Uruguayan side said it wou"),
    }


def test_a_reported_welcome_and_a_reported_interest(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "The Uruguayan side said it would welcome such a move, and in turn said it was "
        "interested in flying Uruguayan experiments on an Estonian cubesat.\n",
    )
    assert positions(x, 30) == {
        ("welcome", ("uy",), "The Uruguayan side said it wou"),
        ("express", ("uy",), "said it was interested in flyi"),
    }


def test_an_offer_with_a_direct_object(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "Estonia offered Uruguayan researchers access to archived images from its "
        "satellites for research on coastal erosion.\n",
    )
    assert positions(x, 30) == {("affirm", ("ee",), "Estonia offered Uruguayan rese")}


def test_support_expressed_by_one_side_after_another_sides_position(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "The Estonian side recalled its national pledge not to conduct destructive "
        "anti-satellite missile tests, and the Uruguayan side expressed its support for the "
        "resolution on such tests.\n",
    )
    assert positions(x, 30) == {
        ("reaffirm", ("ee",), "The Estonian side recalled its"),
        ("support", ("uy",), "the Uruguayan side expressed i"),
    }


def test_a_subject_set_off_from_its_verb_by_an_apposition(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "Uruguay, which has paid for design studies of a national debris-removal "
        "mission, encouraged Estonian firms to bid for the work. The Estonian side, as host of "
        "the regional data centre, in which Uruguay is a partner, stressed that bright "
        "satellite constellations threaten astronomy.\n",
    )
    assert positions(x, 30) == {
        ("support", ("uy",), "Uruguay, which has paid for de"),
        ("affirm", ("ee",), "The Estonian side, as host of "),
    }


def test_a_subject_after_a_preposition_is_no_speaker(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "The two sides agreed that the space agency, on the Estonian side, and the "
        "weather service, on the Uruguayan side, will compare their measurements. Experts from "
        "the working group will present the results next year.\n",
    )
    assert positions(x, 30) == {("agree", ("ee", "uy"), "The two sides agreed that the ")}


def test_hosting_the_next_round_is_a_plan_of_the_host(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "The two sides decided to set up a working group on Earth observation. Uruguay "
        "will host the third round of the dialogue in Montevideo next year.\n",
    )
    assert positions(x, 30) == {
        ("decide", ("ee", "uy"), "The two sides decided to set u"),
        ("intend", ("uy",), "Uruguay will host the third ro"),
    }


def test_hosting_the_announced_meeting_is_no_position(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-announcement-2026",
        "Estonia to host the second Estonia-Uruguay Space Dialogue\n\n"
        "Estonia will host the second meeting of the Estonia-Uruguay Space Dialogue in Tallinn "
        "on 3 June 2026. The Estonian delegation will further include the Ministry of Defence. "
        "The two sides plan to explore cooperation in satellite navigation.\n",
    )
    assert positions(x, 30) == {("intend", ("ee", "uy"), "The two sides plan to explore ")}


_TALKS = "The second Austria-Senegal Space Dialogue was held in Vienna on 9 June 2026.\n\n"


def test_bodies_that_open_a_later_clause_take_their_own_position(read):
    x = read(
        "austria-senegal-space-dialogue-2-2026",
        _TALKS + "Under the arrangement, which the two agencies still have to sign, the "
        "Austrian Research Promotion Agency will fund a ground station, and the Senegalese "
        "Space Study Agency will operate it. The two sides expressed concern about jamming, "
        "while the Senegalese Space Study Agency offered to host a workshop on it.\n",
    )
    assert positions(x, 30) == {
        ("intend", ("at",), "the Austrian Research Promotio"),
        ("intend", ("sn",), "the Senegalese Space Study Age"),
        ("express", ("at", "sn"), "The two sides expressed concer"),
        ("affirm", ("sn",), "the Senegalese Space Study Age"),
    }


def test_the_sides_and_their_ministries_speak_for_both(read):
    x = read(
        "austria-senegal-space-dialogue-2-2026",
        _TALKS + "According to the ministry, the sides also agreed to set up a working group "
        "on debris. Their defence ministries undertook to hold yearly staff talks. Officials "
        "exchanged views on the two countries' space laws.\n",
    )
    assert positions(x, 30) == {
        ("agree", ("at", "sn"), "the sides also agreed to set u"),
        ("commit", ("at", "sn"), "Their defence ministries under"),
        ("discuss", ("at", "sn"), "Officials exchanged views on t"),
    }


def test_a_welcome_received_is_no_position(read):
    x = read(
        "austria-senegal-space-dialogue-2-2026",
        _TALKS + "The delegations were welcomed to Salzburg by the governor of the province. "
        "The two delegations were briefed on the launch of a new satellite.\n",
    )
    assert positions(x, 30) == set()


def test_an_opening_participle_is_a_position_of_the_subject(read):
    x = read(
        "austria-senegal-space-dialogue-2-2026",
        _TALKS + "Recognizing that droughts take a growing toll in both countries, the two sides "
        "agreed to share rainfall estimates from satellites. Recalling their first meeting in "
        "Dakar, the two sides decided to meet every year.\n",
    )
    assert positions(x, 30) == {
        ("recognize", ("at", "sn"), "Recognizing that droughts take"),
        ("agree", ("at", "sn"), "the two sides agreed to share r"[:30]),
        ("decide", ("at", "sn"), "the two sides decided to meet e"[:30]),
    }


def test_officials_of_a_field_and_a_second_state_that_said_it_would(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "Estonian defence officials expressed interest in a joint study, and Uruguay "
        "said it would invite Estonian experts to its ground station. The Minister welcomed "
        "the delegations and recalled the launch of ESTCube-1.\n",
    )
    assert positions(x, 30) == {
        ("express", ("ee",), "Estonian defence officials exp"),
        ("intend", ("uy",), "Uruguay said it would invite E"),
    }


def test_a_position_after_a_dateline_and_bodies_after_a_fronted_phrase(read):
    x = read(
        "estonia-uruguay-space-dialogue-news-2026",
        "TALLINN, June 4 (ERR) - Estonia will open its cubesat data to Uruguayan scientists, "
        "the two governments said after the second Estonia-Uruguay Space Dialogue, held in "
        "Tallinn on Wednesday.\n\n"
        "Under the renewed arrangement, the Estonian Space Office and the Uruguayan Space "
        "Agency will study a joint mission.\n",
    )
    assert positions(x, 30) == {
        ("intend", ("ee",), "Estonia will open its cubesat "),
        ("intend", ("ee", "uy"), "the Estonian Space Office and "),
    }


def test_a_strategy_s_unmarked_list_lines_and_clauses_with_subjects_of_their_own(read):
    x = read(
        "poland-international-space-cooperation-strategy-excerpt-2026",
        "POLISH SPACE AGENCY\n\nINTERNATIONAL SPACE COOPERATION STRATEGY 2026-2030\n\n"
        "The Government seeks to make cooperation a lever for national autonomy.\n\n"
        "The Polish Space Agency, in coordination with the Ministry of Foreign Affairs, will "
        "give priority to:\n"
        "the joint development of a small radar satellite with Lithuania;\n"
        "free access to Polish astronomical data for Baltic universities.\n\n"
        "The Polish Space Agency will report to the Sejm every year; the Strategy will be "
        "reviewed in 2028. The Government also hopes that a Polish astronaut will fly again "
        "before 2035.\n",
    )
    polsa = ("polish-space-agency",)
    assert positions(x, 30) == {
        ("intend", polsa, "The Government seeks to make c"),
        ("intend", polsa, "The Polish Space Agency, in co"),
        ("intend", polsa, "the joint development of a sma"),
        ("intend", polsa, "free access to Polish astronom"),
        ("intend", polsa, "The Polish Space Agency will r"),
        ("intend", polsa, "the Strategy will be reviewed "),
        ("express", polsa, "The Government also hopes that"),
    }


def test_undertakings_not_to_and_a_determination(read):
    x = read(
        "estonia-uruguay-space-dialogue-2-2026",
        _HELD + "The two sides undertook not to transfer satellite data to third parties. They "
        "expressed their determination to work together in the United Nations.\n",
    )
    assert positions(x, 30) == {
        ("commit", ("ee", "uy"), "The two sides undertook not to"),
        ("resolve", ("ee", "uy"), "They expressed their determina"),
    }


def test_a_cabinet_speaks_for_the_government_that_issues_a_strategy(read):
    x = read(
        "belgium-international-space-agenda-excerpt-2026",
        "Government of Belgium\n\n"
        "International Space Agenda 2026-2030\n\n"
        "For each priority, we state what we aim to achieve by 2030.\n\n"
        "Subject to budgetary approval, the Cabinet intends to subscribe to ESA's navigation "
        "programme. To that end, the Cabinet will:\n"
        "a. fund the use of Galileo data by the Royal Meteorological Institute;\n"
        "b. offer training to partner agencies in Africa.\n",
    )
    texts = {c.text for c in x.commitments}
    assert any(t.startswith("the Cabinet intends to subscribe") for t in texts)
    assert any(t.startswith("fund the use of Galileo data") for t in texts)
    assert any(t.startswith("offer training") for t in texts)
    assert not any("what we aim" in t or "we aim to achieve" in t for t in texts)
