"""The extractor on the constructions different writers use for the same facts.

Each test is a short statement of our own (states, bodies and people chosen so that no
document of the corpus or the development set says the same), in one construction: who led
a delegation, officials named by title, lists with a side given once, bodies as the subject
of a position. A rule fitted to one file would not pass them all.
"""

from __future__ import annotations

import datetime as dt

import pytest
from extracted import positions, roles

from spacegraph.graph import to_graph
from spacegraph.vocab import SG


def test_heads_of_delegation_named_before_the_verb_are_co_chairs(read):
    x = read(
        "italy-us-space-dialogue-2-2026",
        "Italy-U.S. Space Dialogue\n\n"
        "The second U.S.-Italy Space Dialogue was held in Rome on May 6, 2026. "
        "Principal Deputy Assistant Secretary of State Ann Moreau led the U.S. delegation, and "
        "Dr. Paolo Greco, President of the Italian Space Agency (ASI), led the Italian "
        "delegation, accompanied by officials of the Ministry of Defence.\n",
    )
    assert roles(x) == {("Department of State", "US"), ("Italian Space Agency", "IT")}
    assert ("Ministry of Defence", "IT") in roles(x, "participants")


def test_officials_by_title_give_the_body_they_work_at(read):
    x = read(
        "norway-japan-space-dialogue-1-2026",
        "Japan-Norway Space Dialogue\n\n"
        "The first Japan-Norway Space Dialogue was held in Oslo on 3 February 2026. "
        "The Dialogue was co-chaired by Ms Ingrid Solberg, Director for Security Policy at "
        "the Royal Norwegian Ministry of Foreign Affairs, and Mr. SATO Ken, Deputy "
        "Director-General of the Disarmament Bureau of the Ministry of Foreign Affairs of "
        "Japan.\n",
    )
    co_chairs = roles(x)
    assert ("Ministry of Foreign Affairs", "JP") in co_chairs
    assert ("Ministry of Foreign Affairs", "NO") in co_chairs  # "Norwegian" names its state
    assert not any("Bureau" in label for label, _ in co_chairs)  # a unit of a known parent


def test_a_name_with_commas_is_kept_whole_by_its_acronym(read):
    x = read(
        "uk-korea-space-dialogue-2-2026",
        "UK-Korea Space Dialogue\n\n"
        "The second UK-Korea Space Dialogue will be held in London on 9 June 2026. "
        "The UK delegation will be led by Ms Jane Hill, Head of Space at the Department for "
        "Culture, Media & Sport (DCMS). Officials from the Department for "
        "Business and Trade and the Met Office will also take part.\n",
    )
    assert roles(x) == {("Department for Culture, Media & Sport", "GB")}
    participants = roles(x, "participants")
    assert ("Met Office", "GB") in participants  # the side of the sentence before
    assert ("Department for Business and Trade", "GB") in participants


def test_a_label_line_lists_the_co_chairs_and_a_co_chair_without_side_is_the_other_party(
    read,
):
    x = read(
        "argentina-us-space-dialogue-3-2026",
        "Argentina-U.S. Space Dialogue\n\n"
        "The third Argentina-U.S. Space Dialogue was held in Cordoba on 10 March 2026.\n\n"
        "Co-Chairs: Mr. Luis Rojas, Director of the National Space Policy Office; "
        "Ms. Amy Park, Deputy Assistant Secretary of State for Space Affairs.\n",
    )
    assert roles(x) == {("National Space Policy Office", "AR"), ("Department of State", "US")}


def test_a_side_named_once_opens_the_list_after_it(read):
    x = read(
        "netherlands-japan-space-dialogue-3-2026",
        "Japan-Netherlands Space Dialogue\n\n"
        "The third Japan-Netherlands Space Dialogue was held in The Hague on 2 April 2026. "
        "Participants included, from the Netherlands, the Netherlands Space Office, the "
        "Ministry of Economic Affairs and the Royal Netherlands Meteorological Institute; "
        "and, from Japan, the Japan Aerospace Exploration Agency.\n",
    )
    participants = roles(x, "participants")
    assert ("Netherlands Space Office", "NL") in participants
    assert ("Ministry of Economic Affairs", "NL") in participants
    assert ("Japan Aerospace Exploration Agency", "JP") in participants


def test_a_state_named_as_a_field_is_not_the_bodys_state(read):
    x = read(
        "poland-us-space-dialogue-3-2026",
        "Poland-U.S. Space Dialogue\n\n"
        "The third Poland-U.S. Space Dialogue was held in Krakow on 5 May 2026. "
        "Poland was represented by the Ministry of Foreign Affairs, European Union and "
        "Development; and the Polish Space Agency.\n",
    )
    assert ("Ministry of Foreign Affairs, European Union and Development", "PL") in roles(
        x, "participants"
    )


def test_a_news_report_held_on_weekdays_takes_its_ordinal_and_dateline_city(read):
    x = read(
        "mexico-japan-space-talks-news-2026",
        "Japan, Mexico widen satellite data sharing\n\n"
        "MONTERREY, March 12, 2026 — Japan and Mexico agreed on Thursday to share disaster "
        "imagery after two days of space talks.\n\n"
        "The third Japan-Mexico Space Dialogue, held Wednesday and Thursday at a university "
        "campus, was co-chaired by officials of the two foreign ministries.\n",
    )
    held = x.meetings[0]
    assert held.dialogue.kind == "Space Dialogue"
    assert held.ordinal == 3
    # Wednesday and Thursday before the dateline's Thursday, 12 March
    assert (held.start, held.end) == (dt.date(2026, 3, 11), dt.date(2026, 3, 12))
    assert x.entities[held.location].label == "Monterrey"


def test_earlier_meetings_are_read_with_their_place_and_year(read):
    x = read(
        "norway-singapore-space-dialogue-4-2026",
        "SINGAPORE: Norway and Singapore held the 4th Norway-Singapore Space Dialogue on "
        "April 2, 2026. The two countries first held the dialogue in 2019. Building on the "
        "second Dialogue, held in Oslo on 5 June 2022, and the previous round, which took "
        "place in Tromsø in March 2024, the delegations reviewed Arctic satellite links. This was "
        "the first meeting of the Dialogue since the launch of a new ground station.\n",
    )
    earlier = {m.ordinal: m for m in x.meetings if m.ordinal and m.ordinal < 4}
    assert sorted(earlier) == [1, 2, 3]
    assert earlier[1].held_year == 2019 and earlier[1].location is None
    assert earlier[2].start == dt.date(2022, 6, 5)
    assert x.entities[earlier[2].location].label == "Oslo"
    assert (earlier[1].held_month, earlier[3].held_year, earlier[3].held_month) == (None, 2024, 3)
    assert {str(month) for month in to_graph(x).objects(None, SG.heldMonth)} == {"2024-03"}
    assert x.entities[earlier[3].location].label == "Tromsø"


def test_a_news_report_gives_the_meeting_by_its_last_day_and_its_length(read):
    x = read(
        "mexico-norway-space-dialogue-news-2026",
        "Norway, Mexico to pool Arctic and tropical imagery\n\n"
        "OSLO, Sept. 18, 2026 (Reuters) - Mexico and Norway agreed to pool radar imagery, "
        "officials said after three days of talks.\n\n"
        "The meeting was the second round of the Mexico-Norway Space Dialogue, which the two "
        "governments launched in Mexico City in May 2024. A technical session was held by "
        "video link last year.\n",
    )
    held, first = x.meetings[0], next(m for m in x.meetings if m.ordinal == 1)
    assert (held.start, held.end) == (dt.date(2026, 9, 16), dt.date(2026, 9, 18))
    assert first.held_year == 2024  # by its year, as the gold records a month-dated meeting
    assert x.entities[first.location].label == "Mexico City"


def test_a_meeting_of_another_series_is_neither_earlier_nor_next(read):
    x = read(
        "sweden-us-space-dialogue-3-2026",
        "The third Sweden-U.S. Space Dialogue was held in Stockholm on 9 March 2026. "
        "The 2nd Sweden-U.S. Space Weather Working Group was also held in Kiruna in 2025. "
        "The 12th U.S.-Sweden Science Commission Meeting will be held in Washington next "
        "spring.\n",
    )
    assert [m.ordinal for m in x.meetings] == [3]


def test_the_next_meeting_hosted_by_a_state_next_year(read):
    x = read(
        "canada-mexico-space-dialogue-news-2026",
        "Canada, Mexico to share wildfire data\n\n"
        "OTTAWA, June 3, 2026 — Canada and Mexico wrapped up two days of space talks on "
        "Wednesday. The second Canada-Mexico Space Dialogue, held Tuesday and Wednesday, "
        "focused on wildfire monitoring. Mexico is expected to host the third round next "
        "year, officials said.\n",
    )
    held, planned = x.meetings[:2]
    assert held.ordinal == 2 and planned.ordinal == 3
    assert (held.start, held.end) == (dt.date(2026, 6, 2), dt.date(2026, 6, 3))
    assert str(planned.location).endswith("/state/mx")
    assert planned.planned_year == 2027


def test_a_fact_sheet_lists_bodies_under_headings_and_side_lines(read):
    x = read(
        "norway-us-space-dialogue-3-2026",
        "FACT SHEET: Third U.S.-Norway Space Dialogue\n\n"
        "The third U.S.-Norway Space Dialogue was held in Oslo on May 5, 2026.\n\n"
        "Heads of Delegation\n\n"
        "* Norway: Kari Lund, Director, Norwegian Space Agency, Ministry of Trade\n"
        "* United States: John Doe, Office Director, NASA\n\n"
        "Participants\n\n"
        "Norway:\n"
        "* Ministry of Climate and Environment of Norway\n"
        "* Norwegian Defence Research Establishment\n\n"
        "United States:\n"
        "* Office of Space Commerce, Department of Commerce\n\n"
        "Outcomes\n\n"
        "Both sides welcomed the launch of the Arctic Satellite Broadband Mission.\n",
    )
    assert roles(x) == {
        ("Norwegian Space Agency", "NO"),
        ("National Aeronautics and Space Administration", "US"),
    }
    assert roles(x, "participants") == {
        ("Ministry of Climate and Environment", "NO"),
        ("Norwegian Defence Research Establishment", "NO"),
        ("Office of Space Commerce", "US"),
    }


def test_positions_listed_under_a_lead_line_take_its_makers(read):
    x = read(
        "mexico-us-space-dialogue-2-2026",
        "FACT SHEET: Second U.S.-Mexico Space Dialogue\n\n"
        "The second U.S.-Mexico Space Dialogue was held in Mexico City on May 5, 2026.\n\n"
        "The United States and Mexico:\n"
        "- Welcomed the first year of joint hurricane imagery exchanges.\n"
        "- Condemned destructive anti-satellite missile tests of any state.\n\n"
        "Mexico will:\n"
        "- Host a regional workshop on space weather for Central America.\n\n"
        "The delegations also discussed launch licensing.\n",
    )
    found = {(c.text.split()[0], c.modality, len(c.made_by)) for c in x.commitments}
    assert ("Welcomed", "welcome", 2) in found
    assert ("Condemned", "express", 2) in found
    assert ("Host", "intend", 1) in found
    assert not any(
        c.text.startswith(("The United States and", "Mexico will")) for c in x.commitments
    )


def test_a_strategy_issued_by_bodies_named_above_its_text(read):
    x = read(
        "norway-space-strategy-excerpt-2026",
        "Norway's International Space Strategy\n\n"
        "Norwegian Space Agency\n\n"
        "1.1 This strategy explains how we will work abroad. We will open an Arctic data "
        "centre for partners, and we will not charge researchers for its data. We must also "
        "be realistic about costs.\n\n"
        "1.2 In the coming years, we will:\n\n"
        "a) support the Guidelines for the Long-term Sustainability of Outer Space "
        "Activities;\n"
        "b) train engineers from partner agencies.\n",
    )
    texts = {c.text for c in x.commitments}
    assert "We will open an Arctic data centre for partners" in texts
    assert "we will not charge researchers for its data." in texts
    assert any(t.startswith("support the Guidelines") for t in texts)
    assert any(t.startswith("train engineers") for t in texts)
    assert not any("how we will" in t or "must" in t for t in texts)
    makers = {m for c in x.commitments for m in c.made_by}
    assert {str(m).rsplit("/", 1)[-1] for m in makers} == {"norwegian-space-agency"}


def test_a_ministry_of_one_party_is_not_the_other_partys_namesake(read):
    x = read(
        "indonesia-japan-space-dialogue-2-2026",
        "The second Indonesia-Japan Space Dialogue was held in Tokyo on 3 June 2026. "
        "The Indonesian delegation included representatives of the Ministry of Defense. "
        "Japan's Ministry of Foreign Affairs hosted the meeting.\n",
    )
    linked = {str(iri).split("/id/")[-1] for iri in x.entities}
    assert "body/jp/ministry-of-defense" not in linked  # Japan's, known to the authority
    assert "body/jp/ministry-of-foreign-affairs" in linked
    assert ("Ministry of Defense", "ID") in roles(x, "participants")


def test_spacecraft_named_with_their_numbers_are_missions(read):
    x = read(
        "peru-us-space-dialogue-1-2026",
        "The first Peru-U.S. Space Dialogue was held in Lima on 4 March 2026. Both sides "
        "welcomed data from AndeSAT-1 and Landsat 9, the Earth Observing Satellite-3 "
        '"KALLPA-3" (EOS-3), and the crew of Artemis II, and discussed Article IV of the '
        "Outer Space Treaty and the COP30 outcome.\n",
    )
    missions = {e.label for e in x.entities.values() if e.kind == "Mission"}
    assert {"AndeSAT-1", "Landsat 9", "Earth Observing Satellite-3", "Artemis II"} <= missions
    assert not missions & {"KALLPA-3", "EOS-3", "Article IV", "COP30", "Satellite-3"}


def test_a_roster_item_may_mark_a_co_chair_or_name_two_bodies(read):
    x = read(
        "austria-canada-space-dialogue-1-2026",
        "The first Austria-Canada Space Dialogue took place in Vienna on 3 March 2026.\n\n"
        "Participants\n\nAustria:\n- Federal Ministry for European and International Affairs "
        "(co-chair)\n- Federal Ministry of Defence and Austrian Armed Forces Command\n\n"
        "Canada:\n- Canadian Space Agency (co-chair)\n- Department of National Defence, "
        "including 3 Canadian Space Division\n",
    )
    assert roles(x) == {
        ("Federal Ministry for European and International Affairs", "AT"),
        ("Canadian Space Agency", "CA"),
    }
    assert {
        ("Federal Ministry of Defence", "AT"),
        ("Austrian Armed Forces Command", "AT"),
        ("Department of National Defence", "CA"),
        ("3 Canadian Space Division", "CA"),
    } <= roles(x, "participants")


def test_missions_named_by_the_words_around_them(read):
    x = read(
        "mexico-norway-space-dialogue-1-2026",
        "The first Mexico-Norway Space Dialogue was held in Oslo on 9 April 2026. Both "
        "sides recalled the Quetzal-Sat and AztechSat missions, welcomed SvalNav, a Norwegian "
        "polar navigation satellite, the TIDEWATCH radar satellite and the Huginn rocket, "
        "and looked forward to the Mexico Lunar Seismic Orbiter of the Mexican Space Agency "
        "and the Norway-Mexico Charter on Space Cooperation. Mars rovers and Earth "
        "observation satellites were discussed.\n",
    )
    missions = {e.label for e in x.entities.values() if e.kind == "Mission"}
    assert {"Quetzal-Sat", "AztechSat", "SvalNav", "TIDEWATCH", "Huginn"} <= missions
    assert "Mexico Lunar Seismic Orbiter" in missions  # a state's name opens it
    assert not missions & {"Mars", "Earth", "Norwegian", "Quetzal-Sat and AztechSat"}
    agreements = {e.label for e in x.entities.values() if e.kind == "Agreement"}
    assert agreements == {"Norway-Mexico Charter on Space Cooperation"}


def test_positions_in_other_words_and_of_bodies_of_the_parties(read):
    x = read(
        "spain-japan-space-dialogue-2-2026",
        "Japan-Spain Space Dialogue\n\n"
        "The second Japan-Spain Space Dialogue was held in Madrid on 7 May 2026. "
        "The two sides pledged to exchange data on space weather. "
        "Neither side will transfer such data to third parties without consent. "
        "JAXA and the Spanish Space Agency intend to study a joint small satellite. "
        "They shared concern over debris in low Earth orbit.\n",
    )
    found = {(c.modality, c.text.split()[0]) for c in x.commitments}
    assert ("commit", "The") in found
    assert ("commit", "Neither") in found
    assert ("intend", "JAXA") in found
    assert ("express", "They") in found
    jaxa = next(c for c in x.commitments if c.text.startswith("JAXA"))
    assert {m.rsplit("/", 1)[-1] for m in jaxa.made_by} == {"es", "jp"}


def test_positions_of_one_side_each_within_a_sentence(read):
    x = read(
        "greece-japan-space-dialogue-2-2026",
        "The second Greece-Japan Space Dialogue was held in Athens on 2 June 2026. The Greek "
        "side congratulated Japan on the launch of its new weather satellite, while the Japanese "
        "side took note of Greece's plans for a national constellation. At the meeting, Greece "
        "also undertook to share ground-station capacity with Japanese operators, and Japan "
        "offered to train Greek engineers. It was agreed that experts would meet again in "
        "the autumn. Both sides shared the recognition that debris mitigation is urgent.\n",
    )
    found = {
        (c.modality, tuple(str(m).rsplit("/", 1)[-1] for m in c.made_by)) for c in x.commitments
    }
    assert {
        ("welcome", ("gr",)),
        ("note", ("jp",)),
        ("commit", ("gr",)),
        ("affirm", ("jp",)),  # an offer, coded as the gold codes it
        ("agree", ("gr", "jp")),
        ("concur", ("gr", "jp")),
    } <= found


def test_names_whose_words_look_like_list_items(read):
    x = read(
        "mongolia-peru-space-dialogue-1-2026",
        "The first Mongolia-Peru Space Dialogue was held in Lima on 4 May 2026. The Mongolian "
        "delegation included officials from the Mongolia Astronomy and Geodesy Institute, the "
        "Hydrology, Meteorology, and Environmental Monitoring Agency, the National Academy of "
        "Sciences and the Commonwealth Scientific and Industrial Research Organisation (CSRO), "
        "and was joined by the Ministry of Defence for the session on space security.\n",
    )
    assert roles(x, "participants") == {
        ("Mongolia Astronomy and Geodesy Institute", "MN"),
        ("Hydrology, Meteorology, and Environmental Monitoring Agency", "MN"),
        ("National Academy of Sciences", "MN"),
        ("Commonwealth Scientific and Industrial Research Organisation", "MN"),
        ("Ministry of Defence", "MN"),
    }


def test_officials_titles_chain_a_unit_and_its_parent(read):
    x = read(
        "peru-us-space-dialogue-2-2026",
        "The second Peru-U.S. Space Dialogue was held in Lima on 4 May 2026. The Dialogue was "
        "co-chaired by Ms Ana Quispe, Director General, Directorate of Sovereignty and Limits, "
        "Ministry of Foreign Affairs of Peru, and Mr Jonas Hale, Deputy Assistant Secretary of "
        "State for Oceans and International Environmental and Scientific Affairs. Ms Kaito "
        "Rin, Counsellor of the National Space Policy Secretariat, Cabinet Office of Japan, "
        "attended as an observer.\n",
    )
    assert roles(x) == {
        ("Ministry of Foreign Affairs", "PE"),
        ("Bureau of Oceans and International Environmental and Scientific Affairs", "US"),
    }
    assert roles(x, "participants") == {("National Space Policy Secretariat", "JP")}


def test_a_news_report_names_heads_in_its_own_words(read):
    x = read(
        "chile-korea-space-dialogue-news-2026",
        "SANTIAGO, May 8, 2026 - Chile and South Korea agreed to share radar imagery.\n\n"
        "The third Chile-Korea Space Dialogue, which opened Wednesday, ended on Thursday. "
        "Chile's team was headed by Rosa Vidal, deputy director of the foreign ministry's "
        "Energy and Science Directorate. Across the table sat Min-jun Park, a director-general "
        "at the Korean Ministry of Science and ICT, who led the Korean side.\n",
    )
    held = x.meetings[0]
    assert (held.start, held.end) == (dt.date(2026, 5, 6), dt.date(2026, 5, 7))
    assert {label for label, _ in roles(x)} == {
        "Ministry of Foreign Affairs",
        "Ministry of Science and ICT",
    }


def test_participants_listed_per_side_on_bullet_lines_of_one_sentence(read):
    x = read(
        "chile-spain-space-dialogue-2-2026",
        "1. The second Chile-Spain Space Dialogue was held in Madrid on 2 and 3 March 2026.\n\n"
        "2. Participating in the dialogue were:\n"
        "- for Spain: the Spanish Space Agency (AEE); the Ministry of Defence; and the Embassy "
        "of Spain in Chile;\n"
        "- for Chile: the Chilean Space Agency; and the Chilean Air Force.\n\n"
        "3. Reviewing the progress made since the first meeting, the two sides reaffirmed the "
        "value of the Dialogue and agreed to meet again in Santiago in 2027 at a date to be "
        "agreed.\n",
    )
    assert roles(x, "participants") == {
        ("Spanish Space Agency", "ES"),
        ("Ministry of Defence", "ES"),
        ("Embassy of Spain in Chile", "ES"),
        ("Chilean Space Agency", "CL"),
        ("Chilean Air Force", "CL"),
    }


def test_a_news_report_seats_each_side_around_the_table(read):
    x = read(
        "chile-norway-space-dialogue-news-2026",
        "OSLO, June 5, 2026 - The third Chile-Norway Space Dialogue was held in Oslo on "
        "Thursday. Besides the space agency, the Norwegian side brought together the "
        "Ministry of Trade and the Norwegian Defence Research Establishment. Across the "
        "table sat the Chilean Space Agency and the Embassy of Chile in Norway, as did the "
        "Chilean Air Force.\n",
    )
    assert roles(x, "participants") == {
        ("Ministry of Trade", "NO"),
        ("Norwegian Defence Research Establishment", "NO"),
        ("Chilean Space Agency", "CL"),
        ("Embassy of Chile in Norway", "CL"),
        ("Chilean Air Force", "CL"),
    }


def test_bodies_of_both_sides_as_the_subject(read):
    x = read(
        "norway-peru-space-dialogue-2-2026",
        "The second Norway-Peru Space Dialogue was held in Oslo on 9 June 2026.\n\n"
        "The Norwegian Space Agency and the Peruvian Space Agency agreed to exchange radar "
        "data, and the Peruvian side will fund a workshop in 2027. The Directorate of Space "
        "Surveillance and the Ministry of Defence of Peru intend to share tracking data. "
        "The two defence ministries plan to meet again. A Letter of Intent on Cooperation is "
        "to be signed next year.\n",
    )
    assert positions(x, 20) == {
        ("agree", ("no", "pe"), "The Norwegian Space "),
        ("intend", ("pe",), "the Peruvian side wi"),
        ("intend", ("no", "pe"), "The Directorate of S"),
        ("intend", ("no", "pe"), "The two defence mini"),
    }


def test_the_next_meeting_where_it_is_said_and_the_last_one_recalled(read):
    x = read(
        "peru-japan-space-dialogue-3-2026",
        "The third Peru-Japan Space Dialogue was held in Lima on 3 March 2026. The Dialogue, "
        "launched in Tokyo in 2022, was last convened in Kyoto in May 2024. The two sides "
        "decided to convene a business forum alongside the next meeting of the Dialogue. "
        "They agreed that the fourth meeting will be held in Tokyo in 2027.\n",
    )
    by_ordinal = {m.ordinal: m for m in x.meetings}
    assert sorted(by_ordinal) == [1, 2, 3, 4]
    assert by_ordinal[1].held_year == 2022
    assert by_ordinal[2].held_year == 2024
    assert x.entities[by_ordinal[2].location].label == "Kyoto"
    planned = by_ordinal[4]
    assert x.entities[planned.location].label == "Tokyo" and planned.planned_year == 2027


def test_a_dialogue_named_with_its_parties_after_it(read):
    x = read(
        "japan-peru-space-dialogue-2-2026",
        "The Second Space Dialogue between Japan and Peru was held in Lima on 3 March 2026.\n",
    )
    held = x.meetings[0]
    assert (held.dialogue.parties, held.dialogue.kind, held.ordinal) == (
        ("JP", "PE"),
        "Space Dialogue",
        2,
    )


def test_a_state_named_after_one_title_is_not_the_next_titles(read):
    x = read(
        "korea-mongolia-space-dialogue-1-2026",
        "The first Korea-Mongolia Space Dialogue was held in Seoul on 3 March 2026. It was "
        "co-chaired by Dr. Lee Jun, Vice Minister of Science and ICT of the Republic of Korea, "
        "and Dr. Bat Erdene, Vice Minister of Digital Development and Communications.\n",
    )
    assert ("Ministry of Science and ICT", "KR") in roles(x)
    assert ("Ministry of Digital Development and Communications", "KR") not in roles(x)


@pytest.mark.parametrize(
    ("sentence", "parties", "kind", "ordinal"),
    [
        (
            "The fourth meeting of the Kenya-Japan Civil Space Joint Working Group was held in "
            "Nairobi on 9 June 2026.",
            ("JP", "KE"),
            "Civil Space Joint Working Group",
            4,
        ),
        (
            "The Joint Committee on Space Cooperation between Chile and Italy met for the "
            "second time in Santiago on 9 June 2026.",
            ("CL", "IT"),
            "Joint Committee on Space Cooperation",
            2,
        ),
        (
            "The fifth Peru-U.S. dialogue on civil space cooperation was held in Lima on June 9, "
            "2026.",
            ("PE", "US"),
            "Dialogue on Civil Space Cooperation",
            5,
        ),
        (
            'The Third Meeting of the "Egypt-Japan Space Dialogue" was held in Cairo on 9 June '
            "2026.",
            ("EG", "JP"),
            "Space Dialogue",
            3,
        ),
        (
            "Ghanaian and Canadian officials met in Accra on June 9, 2026 for the second round "
            "of space talks.",
            ("CA", "GH"),
            "Space Talks",
            2,
        ),
        (
            "Nairobi and Ottawa held the second edition of the two countries' space dialogue on "
            "June 9, 2026.",
            ("CA", "KE"),
            "Space Dialogue",
            2,
        ),
    ],
)
def test_a_standing_forum_by_other_names_and_its_parties_in_other_words(
    read, sentence, parties, kind, ordinal
):
    x = read("statement", "Joint Statement\n\n" + sentence + "\n")
    held = x.meetings[0]
    assert (held.dialogue.parties, held.dialogue.kind, held.ordinal) == (parties, kind, ordinal)
    assert held.start == dt.date(2026, 6, 9)


def test_a_headline_verb_or_loose_name_is_not_the_dialogues_kind(read):
    x = read(
        "statement",
        "Media Note: Kenya and Canada Hold Space Dialogue\n\n"
        "Canada and Kenya held their second Space Dialogue on June 9, 2026 in Nairobi.\n",
    )
    assert (x.meetings[0].dialogue.kind, x.meetings[0].ordinal) == ("Space Dialogue", 2)
    x = read(
        "statement",
        "Kenya-Canada space talks\n\n"
        "NAIROBI, 10 June 2026 - Kenya and Canada held their second space dialogue on "
        "Tuesday.\n",
    )
    held = x.meetings[0]
    # the Tuesday before the dateline's Wednesday, not the dateline's own date
    assert (held.dialogue.kind, held.start) == ("Space Dialogue", dt.date(2026, 6, 9))


def test_a_capital_hosts_and_speaks_for_its_government(read):
    x = read(
        "statement",
        "Kenya-Canada Space Dialogue\n\n"
        "NAIROBI, 9 June 2026 - Nairobi hosted the second Kenya-Canada Space Dialogue today. "
        "Ottawa will help train Kenyan satellite engineers, officials said. "
        "Ottawa is set to host the third round next year.\n",
    )
    held, planned = x.meetings[:2]
    assert (held.start, x.entities[held.location].label) == (dt.date(2026, 6, 9), "Nairobi")
    assert (planned.ordinal, planned.planned_year) == (3, 2027)
    assert x.entities[planned.location].label == "Ottawa"
    ottawa = [c for c in x.commitments if c.text.startswith("Ottawa will help")]
    assert [(c.modality, [str(m).rsplit("/", 1)[-1] for m in c.made_by]) for c in ottawa] == [
        ("intend", ["ca"])
    ]


def test_a_trilateral_and_the_meetings_before_and_after_it(read):
    x = read(
        "statement",
        "Joint Statement\n\n"
        "The third meeting of the Canada-Japan-Kenya Trilateral Space Dialogue was held in "
        "Nairobi on 9 June 2026. The Dialogue, which first met in Ottawa in May 2024 and last "
        "convened in Tokyo in March 2025, is the three governments' forum on Earth "
        "observation. Japan has offered to host the fourth meeting in 2027.\n",
    )
    held, planned, *earlier = x.meetings
    assert (held.dialogue.parties, held.ordinal) == (("CA", "JP", "KE"), 3)
    assert (planned.ordinal, planned.planned_year) == (4, 2027)
    assert x.entities[planned.location].label == "Japan"
    places = {m.ordinal: (x.entities[m.location].label, m.held_year) for m in earlier}
    assert places == {1: ("Ottawa", 2024), 2: ("Tokyo", 2025)}


def test_places_named_by_their_state_and_lines_of_place_and_date(read):
    x = read(
        "statement",
        "Joint Statement on the Second Meeting of the Japan-Singapore Space Dialogue\n\n"
        "Singapore, 10 June 2026\n\n"
        "The Second Meeting of the Japan-Singapore Space Dialogue was held in Singapore on "
        "9 June 2026. Its previous session had taken place in the Japanese capital in "
        "September 2024. The Dialogue agreed to hold its next session in Osaka during 2027.\n",
    )
    held, planned, earlier = x.meetings
    assert x.entities[held.location].kind == "Place"  # the city, not the state
    assert x.entities[earlier.location].label == "Tokyo"
    assert (earlier.ordinal, earlier.held_year) == (1, 2024)
    assert (x.entities[planned.location].label, planned.planned_year) == ("Osaka", 2027)
    x = read(
        "statement",
        "Joint Statement on the Ninth Meeting of the Kenya-U.S. Civil Space Joint Working Group"
        "\n\nMombasa, 10 June 2026\n\n"
        "1. The ninth meeting of the Kenya-U.S. Civil Space Joint Working Group was held at "
        "the Kenya Space Agency, on 9-10 June 2026.\n",
    )
    assert x.entities[x.meetings[0].location].label == "Mombasa"


def test_a_news_lead_gives_the_parties_and_the_day(read):
    x = read(
        "statement",
        "Kenya, Canada to share flood imagery\n\n"
        "NAIROBI, 10 June 2026 - Kenya and Canada agreed to share flood imagery, officials "
        "said on Wednesday after two days of talks.\n\n"
        "The meeting, the second edition of the two countries' space dialogue, brought "
        "together diplomats and space agency staff. The dialogue, which the two governments "
        "set up in Ottawa in 2024, meets every year.\n",
    )
    held = x.meetings[0]
    assert (held.dialogue.parties, held.ordinal) == (("CA", "KE"), 2)
    assert (held.start, held.end) == (dt.date(2026, 6, 9), dt.date(2026, 6, 10))
    first = x.meetings[-1]
    assert (first.ordinal, x.entities[first.location].label, first.held_year) == (
        1,
        "Ottawa",
        2024,
    )


def test_a_press_release_with_a_numeric_date_and_a_background_paragraph(read):
    x = read(
        "statement",
        "Fourth Kenya-Canada Space Dialogue in Ottawa\n\n"
        "10.06.2026 - Press release\n\n"
        "Kenya and Canada held the fourth round of their Space Dialogue in Ottawa on 8 and 9 "
        "June. It was agreed that the next round of the Dialogue will be held in Nairobi in "
        "2027 at dates to be decided through diplomatic channels.\n\n"
        "Background: the Dialogue was launched in Nairobi in March 2023; the third round took "
        "place in Mombasa in May 2025.\n",
    )
    held, planned = x.meetings[:2]
    assert (held.ordinal, held.start, held.end) == (4, dt.date(2026, 6, 8), dt.date(2026, 6, 9))
    assert (planned.ordinal, planned.planned_year) == (5, 2027)
    assert x.entities[planned.location].label == "Nairobi"


def test_a_dialogue_named_in_passing_and_its_round_in_the_next_sentence(read):
    x = read(
        "statement",
        "Leaders widen ties\n\n"
        "NEW DELHI, Nov. 14, 2026 - Much of the work was done in the Kenya-India Space "
        "Dialogue. Its fourth round was held in Nairobi on Aug. 26-27.\n",
    )
    held = x.meetings[0]
    assert (held.dialogue.parties, held.ordinal) == (("IN", "KE"), 4)
    assert (held.start, held.end) == (dt.date(2026, 8, 26), dt.date(2026, 8, 27))


def test_ministries_a_news_report_names_by_their_field(read):
    x = read(
        "statement",
        "Kenya and Japan hold space talks\n\n"
        "NAIROBI, May 12, 2026 - Kenya and Japan held the third Kenya-Japan Space Dialogue in "
        "Nairobi on Tuesday. The Kenyan delegation included officials from the defence "
        "ministry and the Kenya Space Agency. Japan's side was headed by an official of the "
        "foreign ministry and included staff from the Cabinet Office, Japan's science ministry "
        "and JAXA.\n",
    )
    participants = roles(x, "participants")
    assert ("Ministry of Defence", "KE") in participants  # the authority has none: minted
    # the authority's one Japanese ministry whose name has "Science"
    assert ("Ministry of Education, Culture, Sports, Science and Technology", "JP") in participants
    assert ("Ministry of Foreign Affairs", "JP") in roles(x)


def test_a_possessive_shared_by_two_bodies(read):
    x = read(
        "statement",
        "Kenya-Japan Space Dialogue\n\n"
        "The third Kenya-Japan Space Dialogue was held in Nairobi on May 12, 2026. Officials "
        "from the Kenya Space Agency, Japan's Cabinet Office and defence ministry also "
        "attended.\n",
    )
    participants = roles(x, "participants")
    assert ("Ministry of Defense", "JP") in participants
    assert not any(label.startswith("Ministry of Defen") for label, s in participants if s == "KE")


def test_an_announcement_with_a_counterpart_and_lists_in_the_present_tense(read):
    x = read(
        "statement",
        "Kenya-Japan Space Dialogue: third round in Nairobi next week\n\n"
        "Nairobi, 4 May 2026\n\n"
        "Kenya and Japan will hold the third round of their Space Dialogue next Tuesday, 12 "
        "May, in Nairobi. Heading the Japanese delegation will be Mr. Ito Ken, Deputy "
        "Director-General at the Cabinet Office. His Kenyan counterpart is Dr. Amina Otieno, "
        "Director, Space Policy Unit, Kenya Space Agency, Ministry of Defence. The Japanese "
        "delegation further comprises representatives of JAXA. Joining from the Kenyan side "
        "are officials of the Kenya Meteorological Department.\n\n"
        "Background\n\n"
        "The Dialogue was launched in Tokyo on 3 March 2024, when the Cabinet Office hosted its "
        "first round.\n",
    )
    held = x.meetings[0]
    assert (held.ordinal, held.start) == (3, dt.date(2026, 5, 12))  # not the first round
    # the agency, not the parent named after it
    assert roles(x) == {("Cabinet Office", "JP"), ("Kenya Space Agency", "KE")}
    assert roles(x, "participants") == {
        ("Japan Aerospace Exploration Agency", "JP"),
        ("Kenya Meteorological Department", "KE"),
    }


def test_a_summary_in_translated_english_with_each_item_after_of(read):
    x = read(
        "statement",
        "1. The third session of the Kenya-Italy Space Dialogue has taken place in Nairobi on "
        "4th and 5th March 2026, under the co-chairmanship of Min. Plen. Marco Bruni, Central "
        "Director of the Italian Space Agency, and of Dr. Amina Otieno, Director General of "
        "the Kenya Space Agency.\n\n"
        "2. The Italian delegation was composed by representatives of the Office for Space "
        "Policies of the Presidency of the Council of Ministers, of the Ministry of University "
        "and Research and of the Space Operations Command of the Defence General Staff. For "
        "the Kenyan Party took part representatives of the Kenya Meteorological Department.\n",
    )
    held = x.meetings[0]
    assert (held.start, held.end) == (dt.date(2026, 3, 4), dt.date(2026, 3, 5))
    assert roles(x) == {("Italian Space Agency", "IT"), ("Kenya Space Agency", "KE")}
    assert roles(x, "participants") == {
        ("Office for Space Policies", "IT"),  # the unit, not its parent
        ("Ministry of University and Research", "IT"),
        ("Space Operations Command", "IT"),
        ("Kenya Meteorological Department", "KE"),
    }


def test_heads_led_on_each_side_and_sessions_led_by_others(read):
    x = read(
        "statement",
        "1. Kenya and Canada held the second Kenya-Canada Space Dialogue in Nairobi on 3 June "
        "2026. The meeting was led on the Kenyan side by Dr. Amina Otieno, Director General, "
        "Kenya Space Agency, and on the Canadian side by Ms. Jo Smith, Director General, "
        "Global Affairs Canada.\n\n"
        "2. The Kenyan delegation, headed by Dr. Otieno, was composed of officials from the "
        "Kenya Meteorological Department. The session on Earth observation was co-led by "
        "the Canadian Space Agency and the Kenya Meteorological Department.\n",
    )
    assert roles(x) == {("Kenya Space Agency", "KE"), ("Global Affairs Canada", "CA")}
    assert roles(x, "participants") == {
        ("Kenya Meteorological Department", "KE"),
        ("Canadian Space Agency", "CA"),  # leads a session, chairs no meeting
    }


def test_a_body_named_with_its_parent(read):
    x = read(
        "statement",
        "The second Kenya-Australia Space Dialogue was held in Nairobi on 3 June 2026. "
        "Officials from Defence Space Command, part of Australia's Department of Defence, and "
        "from the Kenya Space Agency took part.\n",
    )
    assert roles(x, "participants") == {
        ("Defence Space Command", "AU"),
        ("Kenya Space Agency", "KE"),
    }


def test_a_news_report_under_a_weekday_date_line(read):
    x = read(
        "statement",
        "Kenya and Japan widen satellite ties\n\n"
        "Thursday, June 11, 2026\n\n"
        "NAIROBI — Kenya and Japan will share flood imagery, the two governments said on "
        "Wednesday at the end of two days of space talks.\n\n"
        "The meeting, the third under the Kenya-Japan Space Dialogue, was held at the foreign "
        "ministry.\n",
    )
    held = x.meetings[0]
    assert (held.start, held.end) == (dt.date(2026, 6, 9), dt.date(2026, 6, 10))
    assert x.entities[held.location].label == "Nairobi"  # not "Thursday"


def test_positions_in_the_passive_voice_and_in_numbered_paragraphs(read):
    x = read(
        "estonia-korea-space-dialogue-1-2026",
        "The first Estonia-Korea Space Dialogue was held in Tallinn on 3 March 2026.\n\n"
        "1. Views were exchanged on space situational awareness.\n"
        "2. Appreciation was expressed by the Korean side for the hospitality of Estonia.\n"
        "3. The importance of the Outer Space Treaty was underlined by the two delegations; "
        "the progress of the joint study was welcomed by both sides as a first step.\n"
        "4. Estonia also offered to host a workshop on small satellites in 2027.\n"
        "5. The two sides agreed on the following next steps:\n"
        "- a joint study on radar tracking of debris;\n"
        "- an exchange of young engineers.\n"
        "6. Korea thanked Estonia for organising the meeting in Tallinn.\n"
        "7. No agreement was reached on the date of the next meeting. Concern was expressed "
        "by commentators about debris, which was noted in the press.\n",
    )
    assert positions(x, 22) == {
        ("discuss", ("ee", "kr"), "Views were exchanged o"),
        ("express", ("kr",), "Appreciation was expre"),
        ("affirm", ("ee", "kr"), "The importance of the "),
        ("welcome", ("ee", "kr"), "the progress of the jo"),
        ("affirm", ("ee",), "Estonia also offered t"),
        ("agree", ("ee", "kr"), "a joint study on radar"),
        ("agree", ("ee", "kr"), "an exchange of young e"),
        ("express", ("kr",), "Korea thanked Estonia "),
    }


def test_a_meeting_place_named_before_an_earlier_meetings(read):
    x = read(
        "new-zealand-chile-space-dialogue-news-2026",
        "Officials met in Christchurch on 4 May 2026 for the second New Zealand-Chile Space "
        "Dialogue, two years after the first round of talks, on the margins of a conference "
        "in Washington in 2024.\n",
    )
    assert x.entities[x.meetings[0].location].label == "Christchurch"


def test_a_strategy_whose_issuer_is_named_in_its_text_and_its_objective_headings(read):
    x = read(
        "new-zealand-space-engagement-strategy-excerpt-2026",
        "New Zealand Government\n\n"
        "SPACE ENGAGEMENT STRATEGY\n\n"
        "1. Why space matters\n\n"
        "This is the first strategy of the Ministry of Business, Innovation and Employment "
        "(MBIE) on international space engagement.\n\n"
        "Objective 1.1: Safer orbits\n\n"
        "The Ministry, together with the New Zealand Space Agency, will fund debris "
        "research. New Zealand reaffirms its commitment not to conduct destructive "
        "anti-satellite missile tests.\n\n"
        "Key Task 1-2. Expansion of tracking cooperation with Australia\n\n"
        "We shall:\n"
        "1) share tracking data with partners;\n"
        "2) host a regional workshop in 2027.\n\n"
        "Goal 2. A prosperous space sector\n",
    )
    assert [str(i).rsplit("/", 1)[-1] for i in x.issuers] == [
        "nz",
        "ministry-of-business-innovation-and-employment",
    ]
    found = {(c.modality, c.text[:20]) for c in x.commitments}
    assert found == {
        ("intend", "Safer orbits"),
        ("intend", "The Ministry, togeth"),
        ("reaffirm", "New Zealand reaffirm"),
        ("intend", "Expansion of trackin"),
        ("commit", "share tracking data "),
        ("commit", "host a regional work"),
    }
    issuer = x.issuers[1]
    assert all(c.made_by == [issuer] for c in x.commitments)


def test_positions_joined_to_others_or_opened_by_a_phrase(read):
    x = read(
        "estonia-korea-space-dialogue-2-2027",
        "The second Estonia-Korea Space Dialogue was held in Seoul on 2 March 2027.\n\n"
        "Estonia presented its new space law, which was welcomed by the Korean side as a "
        "model for the region. The Korean side briefed the delegation on its lunar "
        "exploration programme and "
        "encouraged Estonian companies to take part in it. On Earth observation, the "
        "Estonian Space Office and KASA agreed to exchange data. The importance of the "
        "Outer Space Treaty was reaffirmed, and special emphasis was placed on debris "
        "mitigation. The exchange of tracking data will be further expanded; the third "
        "meeting will be held in Tallinn. Both sides promised to consult each other and "
        "called upon all States to refrain from destructive tests. The two chairs "
        "positively evaluated the results of the Dialogue.\n",
    )
    assert positions(x, 22) == {
        ("welcome", ("kr",), "which was welcomed by "),
        ("support", ("kr",), "encouraged Estonian co"),
        ("agree", ("ee", "kr"), "the Estonian Space Off"),
        ("reaffirm", ("ee", "kr"), "The importance of the "),
        ("affirm", ("ee", "kr"), "special emphasis was p"),
        ("intend", ("ee", "kr"), "The exchange of tracki"),
        ("commit", ("ee", "kr"), "Both sides promised to"),
        ("affirm", ("ee", "kr"), "called upon all States"),
        ("welcome", ("ee", "kr"), "The two chairs positiv"),
    }


def test_participants_under_markdown_side_names_and_in_inverted_sentences(read):
    page = read(
        "estonia-us-space-dialogue-1-2026",
        "# Joint Statement on the First Estonia-United States Space Dialogue\n\n"
        "The first Estonia-U.S. Space Dialogue was held in Tallinn on May 5, 2026.\n\n"
        "## Delegations\n\n"
        "Joining the co-chairs were representatives of the following institutions:\n\n"
        "**Estonia**\n\n- Ministry of Defence\n- Estonian Space Office\n\n"
        "**United States**\n\n- National Oceanic and Atmospheric Administration (NOAA)\n"
        "- U.S. Geological Survey\n",
    )
    assert roles(page, "participants") == {
        ("Ministry of Defence", "EE"),
        ("Estonian Space Office", "EE"),
        ("National Oceanic and Atmospheric Administration", "US"),
        ("United States Geological Survey", "US"),
    }
    prose = read(
        "estonia-us-space-dialogue-2-2027",
        "The second Estonia-U.S. Space Dialogue was held in Washington on May 4, 2027. "
        "Estonia was further represented by the Ministry of Defence and the Estonian Space "
        "Office. Participating on the U.S. side were NOAA and the U.S. Geological Survey. "
        "The U.S. delegation was consisted of officials from the Department of Commerce.\n",
    )
    assert roles(prose, "participants") == {
        ("Ministry of Defence", "EE"),
        ("Estonian Space Office", "EE"),
        ("National Oceanic and Atmospheric Administration", "US"),
        ("United States Geological Survey", "US"),
        ("Department of Commerce", "US"),
    }


def test_participants_who_joined_a_head_and_who_were_with_him(read):
    x = read(
        "estonia-japan-space-dialogue-news-2026",
        "The first Estonia-Japan Space Dialogue was held in Tallinn on 2 June 2026.\n\n"
        "Officials of the Ministry of Defence and the Estonian Space Office joined the "
        "foreign ministry on the Estonian side. Japan's delegation was headed by a director "
        "of the Ministry of Foreign Affairs of Japan. With him were officials from the Japan "
        "Aerospace Exploration Agency (JAXA) and the National Space Policy Secretariat.\n",
    )
    assert roles(x, "participants") >= {
        ("Ministry of Defence", "EE"),
        ("Estonian Space Office", "EE"),
        ("Japan Aerospace Exploration Agency", "JP"),
        ("National Space Policy Secretariat", "JP"),
    }


def test_heads_of_a_new_working_group_chair_no_meeting(read):
    x = read(
        "estonia-uae-space-dialogue-1-2026",
        "The first Estonia-UAE Space Dialogue was held in Tallinn on 9 June 2026.\n\n"
        "The session was co-chaired, for the Estonian side, by Mr Jaan Tamm, Director at the "
        "Ministry of Foreign Affairs of Estonia, assisted by an officer of the Ministry of "
        "Defence, and, for the Emirati side, by H.E. Eng. Salem Al Ali, Director at the UAE "
        "Space Agency. The Parties decided to create a working group on space weather, "
        "co-led by the Estonian Space Office and the Mohammed Bin Rashid Space Centre.\n",
    )
    assert {label for label, _ in roles(x)} == {
        "Ministry of Foreign Affairs",
        "UAE Space Agency",
    }


def test_what_describes_a_mission_or_a_law_is_no_part_of_its_name(read):
    x = read(
        "peru-sweden-space-dialogue-1-2026",
        "The first Peru-Sweden Space Dialogue was held in Lima on 3 March 2026. Both sides "
        "recalled the launch of the Peruvian KALLPA-Sat satellite on a Swedish VELA rocket, "
        "the Swedish-built Nordlys satellite, the C-band ANDESAR constellation and the LUMA "
        "X-ray telescope, and looked forward to the Andean Mission to the Outer Planets. "
        "They discussed the Space (Licences and Registration) Act 2021, Sweden's Space "
        "Activities Act, the Memorandum of Understanding on Cooperation in the Exploration "
        "and Use of Outer Space and the Space Data Charter of June 2024.\n",
    )
    named = {e.label: e for e in x.entities.values()}
    missions = {label for label, e in named.items() if e.kind == "Mission"}
    assert {"KALLPA-Sat", "VELA", "Nordlys", "ANDESAR", "LUMA"} <= missions
    assert "Andean Mission to the Outer Planets" in missions
    assert not {label for label in missions if "-built" in label or "band" in label}
    assert not {"Peruvian KALLPA-Sat", "Swedish VELA", "LUMA X-ray"} & missions
    assert named["Space (Licences and Registration) Act 2021"].kind == "Policy"
    assert named["Space Activities Act"].state == "SE"  # "Sweden's"
    agreements = {label for label, e in named.items() if e.kind == "Agreement"}
    assert agreements == {
        "Memorandum of Understanding on Cooperation in the Exploration and Use of Outer Space",
        "Space Data Charter",
    }


def test_known_missions_by_title_only_and_members_of_a_series(read):
    def missions(text: str) -> set[str]:
        x = read("kenya-us-space-dialogue-2-2026", text)
        return {e.label for e in x.entities.values() if e.kind == "Mission"}

    opening = "The second Kenya-U.S. Space Dialogue was held in Nairobi on 5 May 2026. "
    assert "Commercial LEO Destinations" not in missions(
        opening + "Both sides discussed new commercial LEO destinations.\n"
    )
    found = missions(
        opening + "Both sides discussed the Commercial LEO Destinations program, data from "
        "Landsat 8 and the Landsat program, the GSLV-F16 flight and the X-band SAR satellites "
        "of both sides.\n"
    )
    assert {"Commercial LEO Destinations", "Landsat 8", "Landsat program", "GSLV-F16"} <= found
    assert "SAR" not in found


def test_an_annexed_list_of_participants_with_people_under_their_bodies(read):
    x = read(
        "norway-us-space-dialogue-4-2026",
        "The fourth Norway-U.S. Space Dialogue was held in Oslo on 2 June 2026.\n\n"
        "List of participants\n\n"
        "NORWAY\n\n"
        "Norwegian Space Agency\n"
        "Ms Kari Lund, Director-General (Co-Chair)\n\n"
        "Norwegian Meteorological Institute\n"
        "Dr Ola Berg, Head of Section\n\n"
        "UNITED STATES OF AMERICA\n\n"
        "Department of State, Bureau of Oceans and International Environmental and "
        "Scientific Affairs\n"
        "Mr John Roe, Deputy Assistant Secretary (Co-Chair)\n\n"
        "Department of Commerce, Office of Space Commerce\n"
        "Ms Jane Poe, Policy Advisor\n\n"
        "NASA Ames Research Center\n"
        "Colonel Dana Moe\n",
    )
    assert roles(x) == {
        ("Norwegian Space Agency", "NO"),
        ("Bureau of Oceans and International Environmental and Scientific Affairs", "US"),
    }
    assert roles(x, "participants") >= {
        ("Norwegian Meteorological Institute", "NO"),
        ("Office of Space Commerce", "US"),
        ("Ames Research Center", "US"),
    }
    assert ("Department of State", "US") not in roles(x, "participants")


def test_an_agency_named_after_its_state_does_not_hide_the_dialogue(read):
    # "Portugal Space" is Portugal's space agency; it does not end the dialogue's name
    x = read(
        "andorra-portugal-space-dialogue-1-2026",
        "The first Andorra-Portugal Space Dialogue was held in Lisbon on 3 March 2026.\n",
    )
    assert [(d.parties, d.kind) for d in x.dialogues] == [(("AD", "PT"), "Space Dialogue")]


def test_a_wire_story_naming_ministries_by_field_and_sides_by_their_verbs(read):
    x = read(
        "chile-norway-space-dialogue-news-2026",
        "SANTIAGO, April 15, 2026 (Wire) - Chile and Norway agreed on Tuesday to share "
        "Arctic and Antarctic satellite data, at the close of the Chile-Norway Space "
        "Dialogue held in Santiago on April 13 and 14, 2026.\n\n"
        "The meeting, the dialogue's fourth edition, opened at the foreign ministry. "
        "Ambassador Rosa Fuentes, who heads the ministry's department of science, technology "
        "and innovation, co-chaired the Chile-Norway Space Dialogue with Lars Vik, the "
        "Norwegian foreign ministry's special envoy for space.\n\n"
        "Around the table in Santiago sat officials of Chile's science and defence "
        "ministries and its Chilean Space Agency. Norway brought representatives of its "
        "Norwegian Space Agency and the Norwegian Mapping Authority.\n\n"
        "Norway offered images from its planned PAZ 2 radar satellites.\n\n"
        "Its third session was held virtually last September. The fifth round is pencilled "
        "in for Tromso in 2027, a Norwegian diplomat said.\n",
    )
    held, *others = x.meetings
    assert held.ordinal == 4
    chairs = roles(x)
    assert ("Ministry of Foreign Affairs", "NO") in chairs
    assert {state for _, state in chairs} <= {"CL", "NO"}  # no other state's department
    assert roles(x, "participants") >= {
        ("Ministry of Science, Technology, Knowledge and Innovation", "CL"),
        ("Ministry of National Defense", "CL"),
        ("Chilean Space Agency", "CL"),
        ("Norwegian Space Agency", "NO"),
        ("Norwegian Mapping Authority", "NO"),
    }
    missions = {e.label for e in x.entities.values() if e.kind == "Mission"}
    assert "PAZ 2" in missions and "2" not in missions
    by_ordinal = {m.ordinal: m for m in others}
    assert (by_ordinal[3].held_year, by_ordinal[3].held_month) == (2025, 9)
    assert by_ordinal[5].planned_year == 2027
    assert str(by_ordinal[5].location).endswith("/tromso")


def test_heads_who_opened_the_talks_and_teams_made_up_in_prose(read):
    x = read(
        "finland-japan-space-dialogue-news-2026",
        "HELSINKI, May 6, 2026 - Finland and Japan wrapped up the third round of the "
        "Finland-Japan Space Dialogue in Helsinki on Tuesday.\n\n"
        "Science Minister Aino Koski gave the opening remarks. Mikko Laine, the Finnish "
        "foreign ministry's ambassador for space, and his counterpart Kenji Mori, director "
        "general of the Japan Aerospace Exploration Agency, opened the talks on Monday. "
        "For the Japanese side, Mori led the delegation together with the foreign ministry's "
        "deputy director-general for space.\n\n"
        "Officials from the Finnish Meteorological Institute and the defence ministry made up "
        "the rest of the Finnish team, while the Finnish Space Agency led the sessions on "
        "Earth observation. The Japanese delegation included diplomats from the Japanese "
        "embassy in Helsinki.\n",
    )
    assert roles(x) == {
        ("Ministry for Foreign Affairs", "FI"),
        ("Japan Aerospace Exploration Agency", "JP"),
        ("Ministry of Foreign Affairs", "JP"),
    }
    assert roles(x, "participants") >= {
        ("Finnish Meteorological Institute", "FI"),
        ("Ministry of Defence", "FI"),
        ("Finnish Space Agency", "FI"),
        ("Embassy of Japan in Finland", "JP"),
    }


def test_a_planned_delegation_listed_between_semicolons(read):
    x = read(
        "korea-norway-space-dialogue-2-announcement-2026",
        "The Ministry of Foreign Affairs will hold the 2nd Korea-Norway Space Dialogue in "
        "Seoul on June 9, 2026.\n\n"
        "The Norwegian delegation will comprise officials of the Ministry of Trade, Industry "
        "and Fisheries; the Ministry of Climate and Environment and the Norwegian "
        "Meteorological Institute (MET); the Norwegian Communications Authority (Nkom), "
        "which licenses satellite operators; and the Norwegian Space Agency, as well as "
        "diplomats from its embassy in Seoul. On the Korean side, the Director of the Korea "
        "Astronomy and Space Science Institute will lead the session on space science.\n",
    )
    assert roles(x, "participants") >= {
        ("Ministry of Trade, Industry and Fisheries", "NO"),
        ("Ministry of Climate and Environment", "NO"),
        ("Norwegian Meteorological Institute", "NO"),
        ("Norwegian Communications Authority", "NO"),
        ("Norwegian Space Agency", "NO"),
        ("Embassy of Norway in Seoul", "NO"),
        ("Korea Astronomy and Space Science Institute", "KR"),
    }
    assert ("Korea Astronomy and Space Science Institute", "KR") not in roles(x)


def test_heads_named_once_for_two_sides_and_their_deputies(read):
    x = read(
        "denmark-india-space-dialogue-1-2026",
        "The first Denmark-India Space Dialogue was held in Copenhagen on 4 March 2026.\n\n"
        "The Danish delegation was headed by Ambassador Mette Holm, Director for Security "
        "Policy at the Ministry of Foreign Affairs, and the Indian delegation by Arjun Rao, "
        "Joint Secretary (Disarmament and International Security Affairs), Ministry of "
        "External Affairs, with Dr. Kavya Iyer, Scientific Secretary of the Indian Space "
        "Research Organisation, as his deputy.\n",
    )
    assert roles(x) == {
        ("Ministry of Foreign Affairs", "DK"),
        ("Ministry of External Affairs", "IN"),
    }
    assert ("Indian Space Research Organisation", "IN") in roles(x, "participants")


def test_a_chair_for_one_side_and_a_deputy_chair_who_is_none(read):
    x = read(
        "austria-italy-space-dialogue-2-2026",
        "The second Austria-Italy Space Dialogue was held in Vienna on 2 April 2026.\n\n"
        "Minister Plenipotentiary Marco Neri, the foreign ministry's envoy for space, chaired "
        "for Italy. Ms. Eva Gruber, Director at the Federal Ministry for Climate Action, acted "
        "as deputy co-chair for Austria.\n",
    )
    assert ("Ministry of Foreign Affairs and International Cooperation", "IT") in roles(x)
    assert all(state == "IT" for _, state in roles(x))


def test_a_dateline_city_over_the_state_and_the_place_the_dialogue_began(read):
    def place(stem: str, text: str) -> str:
        return str(read(stem, text).meetings[0].location).rsplit("/", 1)[-1]

    assert (
        place(
            "austria-poland-space-dialogue-news-2026",
            "WARSAW – Austria and Poland agreed on Wednesday to share satellite data.\n\n"
            "The meeting, which opened on Tuesday, was the third round of the Austria-Poland "
            "Space Dialogue and the first held in Poland.\n",
        )
        == "warsaw"
    )
    assert (
        place(
            "austria-poland-space-dialogue-news-2026",
            "VIENNA, May 6, 2026 – Austrian and Polish officials opened the talks on Tuesday, "
            "the second round of the Austria-Poland Space Dialogue, which was launched in "
            "Warsaw in 2024.\n",
        )
        == "vienna"
    )


def test_a_bureau_named_by_its_heads_title_or_after_its_department(read):
    x = read(
        "us-zambia-space-dialogue-1-2026",
        "The first U.S.-Zambia Space Dialogue was held in Lusaka on 3 February 2026. Acting "
        "Assistant Secretary of State for Oceans and International Environmental and "
        "Scientific Affairs Jane M. Roe and Director General Peter Banda of the Zambia Space "
        "Agency co-chaired the Dialogue.\n",
    )
    bureau = ("Bureau of Oceans and International Environmental and Scientific Affairs", "US")
    assert bureau in roles(x)
    assert ("Department of State", "US") not in roles(x)
    y = read(
        "us-zambia-space-dialogue-2-2027",
        "The second U.S.-Zambia Space Dialogue was held in Washington on 3 February 2027. "
        "It was co-chaired by John Doe, Principal Deputy Assistant Secretary in the Department "
        "of State's Bureau of Oceans and International Environmental and Scientific Affairs, "
        "and Peter Banda, Director General of the Zambia Space Agency.\n",
    )
    assert bureau in roles(y)
    assert ("Department of State", "US") not in roles(y)


def test_chairs_of_a_side_its_capital_and_a_bureau_named_before_its_head(read):
    x = read(
        "finland-korea-space-dialogue-2-2026",
        "Korea-Finland Space Dialogue\n\n"
        "The second Korea-Finland Space Dialogue was held in Helsinki on 14 April 2026. "
        "Director-General for Space Policy PARK Min-ho of the Korea AeroSpace Administration "
        "(KASA) attended as chair of the Korean side, and Ms Aino Virtanen, Director for Space "
        "Policy at the Ministry for Foreign Affairs, chaired the Finnish side.\n",
    )
    assert roles(x) == {
        ("Korea AeroSpace Administration", "KR"),
        ("Ministry for Foreign Affairs", "FI"),
    }
    y = read(
        "norway-korea-space-dialogue-news-2026",
        "OSLO, 9 June 2026 - Norway and South Korea held their space dialogue in Oslo on Monday. "
        "Seoul's delegation was led by Lee Ji-ho, director-general at the Ministry of Science "
        "and ICT.\n",
    )
    assert roles(y) == {("Ministry of Science and ICT", "KR")}
    z = read(
        "finland-us-space-dialogue-1-2026",
        "Finland-U.S. Space Dialogue\n\n"
        "The first U.S.-Finland Space Dialogue was held in Washington on May 4, 2026. Bureau of "
        "Oceans and International Environmental and Scientific Affairs Deputy Assistant "
        "Secretary John R. Mills chaired the U.S. side.\n",
    )
    bureau = "Bureau of Oceans and International Environmental and Scientific Affairs"
    assert roles(z) == {(bureau, "US")}


def test_a_chairmanship_given_side_by_side_and_a_unit_before_its_ministry(read):
    x = read(
        "israel-korea-space-dialogue-2-2026",
        "Israel-Korea Space Dialogue\n\n"
        "1. The Second Meeting of the Israel-Korea Space Dialogue was held in Seoul on 4 March "
        "2026, under the co-chairmanship, for the Korean side, of the Director-General for "
        "Space Policy of the Korea AeroSpace Administration (KASA), Ministry of Science and "
        "ICT; and, for the Israeli side, of the Deputy Director General for Strategic Affairs of "
        "the Ministry of Foreign Affairs.\n",
    )
    assert roles(x) == {
        ("Korea AeroSpace Administration", "KR"),
        ("Ministry of Foreign Affairs", "IL"),
    }


def test_a_news_report_of_staff_brought_and_a_second_subject_that_said_it_would(read):
    x = read(
        "germany-france-space-dialogue-news-2026",
        "PARIS, 3 June 2026 - Germany and France held the third round of their space dialogue "
        "in Paris on Tuesday. The talks were co-chaired by the Federal Foreign Office and, on "
        "the French side, by the foreign ministry. Germany brought staff from the defence "
        "ministry, and diplomats from the German embassy in Paris sat in on both days. The "
        "Minister for Space welcomed the delegations and recalled the launch of Ariane 6. "
        "Germany backed a French proposal for a debris workshop, and France said it would "
        "invite German officers to its next space exercise.\n",
    )
    assert ("Federal Foreign Office", "DE") in roles(x)
    participants = roles(x, "participants")
    assert ("Federal Ministry of Defence", "DE") in participants
    assert ("Embassy of Germany in France", "DE") in participants
    found = positions(x, 28)
    assert ("intend", ("fr",), "France said it would invite ") in found
    assert not any(text.startswith("the delegations") for _, _, text in found)


def test_a_release_of_heads_who_both_co_chaired_and_lists_after_took_part(read):
    x = read(
        "chile-spain-space-dialogue-1-press-release-2026",
        "Santiago, May 8, 2026\n\n"
        "The Governments of Chile and Spain held the first meeting of the Chile-Spain Space "
        "Dialogue, which opened on Tuesday in Madrid and concluded yesterday. The Chilean "
        "delegation was headed by Ambassador Rosa Lillo of the Ministry of Foreign Affairs. "
        "Spain was represented by Ambassador Luis Ortega of the Ministry of Foreign Affairs, "
        "European Union and Cooperation. Both officials co-chaired the sessions. "
        "Taking part for Chile were officials of the Chilean Space Agency, together with staff "
        "of the Embassy of Chile in Spain. Ortega travelled with officials from the Spanish "
        "Space Agency. The Spanish side offered to host the second meeting in 2027.\n",
    )
    assert roles(x) == {
        ("Ministry of Foreign Affairs", "CL"),
        ("Ministry of Foreign Affairs, European Union and Cooperation", "ES"),
    }
    assert {("Embassy of Chile in Spain", "CL"), ("Spanish Space Agency", "ES")} <= roles(
        x, "participants"
    )
    held, planned = x.meetings[:2]
    assert x.entities[held.location].label == "Madrid"
    assert str(planned.location).endswith("/state/es")
    y = read(
        "poland-sweden-space-dialogue-2-2026",
        "Poland-Sweden Space Dialogue\n\n"
        "1. The second Poland-Sweden Space Dialogue was held in Stockholm on 5 May 2026. "
        "Representatives of the following institutions took part: for Poland, the Ministry of "
        "Digital Affairs and the Polish Space Agency; for Sweden, the Swedish National Space "
        "Agency.\n",
    )
    assert roles(y, "participants") == {
        ("Ministry of Digital Affairs", "PL"),
        ("Polish Space Agency", "PL"),
        ("Swedish National Space Agency", "SE"),
    }


def test_a_release_dated_by_a_label_and_a_place_in_the_sentence_after(read):
    x = read(
        "korea-sweden-space-dialogue-2-press-release-2026",
        "PRESS RELEASE\n\nDate: 2026-05-13\n\n"
        "1. The Republic of Korea and Sweden held the 2nd Korea-Sweden Space Dialogue on May "
        "12, 2026, a year after the 1st Dialogue in Seoul. The meeting took place at the "
        "Ministry for Foreign Affairs in Stockholm.\n",
    )
    assert x.entities[x.meetings[0].location].label == "Stockholm"
    y = read(
        "korea-sweden-space-dialogue-news-2026",
        "Korea, Sweden hold space talks\n\nMay 18, 2026\n\n"
        "STOCKHOLM, May 18 - Korea and Sweden agreed to share radar data, officials said on "
        "Monday. The second Korea-Sweden Space Dialogue took place last Tuesday and Wednesday "
        "in Stockholm, the Swedish foreign ministry said in a statement released on Monday.\n",
    )
    held = y.meetings[0]
    assert (held.start, held.end) == (dt.date(2026, 5, 12), dt.date(2026, 5, 13))


def test_a_secretary_heads_a_department_and_a_bureau_at_its_ministry_is_the_ministry(read):
    x = read(
        "japan-us-space-security-dialogue-5-2026",
        "U.S.-Japan Space Security Dialogue\n\n"
        "U.S. and Japanese officials met in Washington on June 2, 2026, for the fifth U.S.-Japan "
        "Space Security Dialogue. Deputy Assistant Secretary of Defense for Space Policy Ann "
        "Ruiz and Deputy Director-General of the Foreign Policy Bureau at Japan's Ministry of "
        "Foreign Affairs SATO Ken co-chaired the dialogue.\n",
    )
    assert roles(x) == {("Department of Defense", "US"), ("Ministry of Foreign Affairs", "JP")}
    y = read(
        "iceland-us-space-dialogue-1-2026",
        "Iceland-U.S. Space Dialogue\n\n"
        "The first Iceland-U.S. Space Dialogue was held in Reykjavik on June 9, 2026. It was "
        "co-chaired for the United States by Mark Dole, Director of the Office of Space Affairs "
        "at the US Department of State.\n",
    )
    assert roles(y) == {("Department of State", "US")}


def test_participants_in_relative_clauses_and_after_their_verb(read):
    x = read(
        "japan-peru-space-dialogue-2-2026",
        "Japan-Peru Space Dialogue\n\n"
        "1. The second Japan-Peru Space Dialogue was held in Lima on 12 May 2026. In addition "
        "to the Ministry of Foreign Affairs, the Peruvian side comprised the National "
        "Commission for Aerospace Research and Development (CONIDA). The Japanese delegation, "
        "which also included staff from JAXA, was joined by an official of the Ministry of "
        "Land, Infrastructure, Transport and Tourism, whose Japan Coast Guard runs the "
        "patrols. Representatives of the Peruvian Navy took part, as well as officials of the "
        "Geophysical Institute of Peru. Experts from the Japan Meteorological Agency "
        "contributed to the discussion on Earth observation.\n",
    )
    participants = {label for label, _ in roles(x, "participants")}
    assert {
        "Ministry of Foreign Affairs",
        "Japan Aerospace Exploration Agency",
        "Ministry of Land, Infrastructure, Transport and Tourism",
        "Geophysical Institute",
        "Japan Meteorological Agency",
    } <= participants
    assert "Japan Coast Guard" not in participants


def test_a_delegation_headed_jointly_by_officials_at_a_ministry_named_by_its_field(read):
    x = read(
        "chile-italy-space-dialogue-news-2026",
        "SANTIAGO, 4 May 2026 - Chile and Italy held the third round of their space dialogue on "
        "Monday. Chile's delegation was led by the foreign ministry's director for space "
        "affairs, Ana Rojas. Italy's was headed jointly by Marco Neri, a minister "
        "plenipotentiary who coordinates space policy at the Italian foreign ministry, and by "
        "the head of international relations at the Italian Space Agency (ASI), Luca Bassi.\n",
    )
    assert roles(x) == {
        ("Ministry of Foreign Affairs", "CL"),
        ("Ministry of Foreign Affairs and International Cooperation", "IT"),
        ("Italian Space Agency", "IT"),
    }


def test_a_next_meeting_without_its_noun(read):
    x = read(
        "japan-oman-space-dialogue-news-2026",
        "MUSCAT, March 4, 2026 - Japan and Oman held the first Japan-Oman Space Dialogue in "
        "Muscat on Tuesday. The two governments agreed to meet again in Japan next year.\n",
    )
    planned = x.meetings[1]
    assert (planned.ordinal, str(planned.location).rsplit("/", 1)[-1], planned.planned_year) == (
        2,
        "jp",
        2027,
    )
    y = read(
        "japan-oman-space-dialogue-3-2026",
        "Japan-Oman Space Dialogue\n\n"
        "The third Japan-Oman Space Dialogue was held in Tokyo on 4 March 2026, and the fourth "
        "is expected in Muscat in the first half of 2027.\n",
    )
    planned = y.meetings[1]
    assert (planned.ordinal, y.entities[planned.location].label) == (4, "Muscat")


def test_a_gulf_press_release_and_a_delegation_listed_under_representatives_of(read):
    x = read(
        "oman-france-space-dialogue-2-press-release-2026",
        "PRESS RELEASE\n\nTuesday, 5 May 2026\n\n"
        "Muscat - The Oman Space Agency today concluded the second round of the Oman-France "
        "Space Dialogue, which it hosted at its headquarters over two days. Taking part were, "
        "from the French side, the Directorate General for International Relations and "
        "Strategy (DGRIS) of France's Ministry of the Armed Forces and ONERA, the French "
        "aerospace research centre.\n",
    )
    held = x.meetings[0]
    assert (held.start, held.end) == (dt.date(2026, 5, 4), dt.date(2026, 5, 5))
    assert x.entities[held.location].label == "Muscat"
    participants = roles(x, "participants")
    assert ("Directorate General for International Relations and Strategy", "FR") in participants
    assert not any("centre" in label for label, _ in participants)
    y = read(
        "turkiye-poland-space-dialogue-2-2026",
        "Türkiye-Poland Space Dialogue\n\n"
        "1. The Second Meeting of the Türkiye-Poland Space Dialogue was held in Warsaw on 3 "
        "June 2026.\n\n"
        "2. The Turkish delegation further comprised representatives of:\n"
        "   - the Ministry of Industry and Technology;\n"
        "   - the Presidency of Defence Industries (SSB).\n",
    )
    assert roles(y, "participants") == {
        ("Ministry of Industry and Technology", "TR"),
        ("Presidency of Defence Industries", "TR"),
    }


def test_list_items_named_with_their_state_or_their_academy_stay_whole(read):
    x = read(
        "australia-canada-space-dialogue-2-2026",
        "Australia-Canada Space Dialogue\n\n"
        "The second Australia-Canada Space Dialogue was held in Canberra on 4 May 2026. "
        "Taking part on the Canadian side were the Department of National Defence, Transport "
        "Canada, Fisheries and Oceans Canada and the Canadian Space Agency (CSA). Officials from "
        "the Department of Defence, the Bureau of Meteorology and U.S. Space Forces Korea also "
        "attended. Representatives of the Institute of Geophysics of the Polish Academy of "
        "Sciences (IGF PAN) and of the Saudi Communications, Space and Technology Commission "
        "(CST) took part as observers.\n",
    )
    participants = roles(x, "participants")
    assert {
        ("Department of National Defence", "CA"),
        ("Transport Canada", "CA"),
        ("Fisheries and Oceans Canada", "CA"),
        ("U.S. Space Forces Korea", "US"),
        ("Institute of Geophysics of the Polish Academy of Sciences", "PL"),
        ("Communications, Space and Technology Commission", "SA"),
    } <= participants
    assert not any("," in label and "Communications" not in label for label, _ in participants)


def test_earlier_meetings_named_together_or_without_their_noun(read):
    together = read(
        "austria-chile-space-dialogue-news-2026",
        "Austria and Chile agree on glacier monitoring\n\n"
        "VIENNA, 13 May 2026 - Austria and Chile agreed on Wednesday to monitor Andean glaciers "
        "from space. The talks were the third round of the Austria-Chile Space Dialogue and the "
        "first held in Austria; the previous two met in Santiago in 2023 and 2024.\n",
    )
    earlier = {m.ordinal: m for m in together.meetings if m.ordinal in (1, 2)}
    assert (earlier[1].held_year, earlier[2].held_year) == (2023, 2024)
    assert {together.entities[m.location].label for m in earlier.values()} == {"Santiago"}
    elliptic = read(
        "austria-chile-space-dialogue-4-2027",
        "Austria-Chile Space Dialogue\n\n"
        "The fourth Austria-Chile Space Dialogue was held in Santiago on 2 June 2027. The "
        "Dialogue held its first meeting by video link in 2020 and its second in Graz in May "
        "2022.\n",
    )
    earlier = {m.ordinal: m for m in elliptic.meetings if m.ordinal in (1, 2)}
    assert earlier[1].held_year == 2020 and earlier[1].location is None
    assert (earlier[2].held_year, earlier[2].held_month) == (2022, 5)
    assert elliptic.entities[earlier[2].location].label == "Graz"
    first = read(
        "austria-chile-space-dialogue-news-2025",
        "Austria and Chile talk glaciers\n\n"
        "VIENNA, 13 May 2025 - Officials of Austria and Chile met on Wednesday for the second "
        "Austria-Chile Space Dialogue, two years after they first sat down together for the "
        "talks in Santiago in 2023.\n",
    )
    (earlier,) = [m for m in first.meetings if m.ordinal == 1]
    assert earlier.held_year == 2023 and first.entities[earlier.location].label == "Santiago"


def test_a_press_release_lists_participants_by_side_under_a_numbered_heading(read):
    x = read(
        "estonia-japan-space-dialogue-1-announcement-2026",
        "Press Releases\n\nHolding of the First Japan-Estonia Space Dialogue\n\nMay 8, 2026\n\n"
        "1. On May 19, the First Japan-Estonia Space Dialogue will be held in Tallinn.\n\n"
        "2. Participants from both countries are as follows:\n\n"
        "(1) Japanese side\n"
        "- Space Policy Division, Research Bureau, Ministry of Internal Affairs and "
        "Communications (MIC)\n"
        "- Ministry of Defense / Space Operations Group, Japan Air Self-Defense Force\n\n"
        "(2) Estonian side\n"
        "- Ministry of Economic Affairs and Communications and its Estonian Business and "
        "Innovation Agency\n"
        "- Estonian Centre for Defence Investment and Logistics Organisation (ECDILO)\n",
    )
    assert roles(x, "participants") >= {
        ("Space Policy Division", "JP"),
        ("Ministry of Defense", "JP"),
        ("Ministry of Economic Affairs and Communications", "EE"),
        ("Estonian Business and Innovation Agency", "EE"),
        ("Centre for Defence Investment and Logistics Organisation", "EE"),  # as minted
    }
    labels = {label for label, _ in roles(x, "participants")}
    assert not labels & {"Research Bureau", "Logistics Organisation"}


def test_an_official_of_a_ministrys_unit_stands_for_the_ministry(read):
    x = read(
        "australia-estonia-space-dialogue-1-2026",
        "Australia-Estonia Space Dialogue\n\n"
        "The first Australia-Estonia Space Dialogue was held in Canberra on 9 June 2026. Jane "
        "Doyle, first assistant secretary of DFAT's Arms Control Division, led the Australian "
        "delegation.\n",
    )
    assert roles(x) == {("Department of Foreign Affairs and Trade", "AU")}


def test_bodies_after_an_inverted_verb_take_part_and_a_known_body_is_found_by_its_state(read):
    x = read(
        "chile-italy-space-dialogue-2-2026",
        "Chile-Italy Space Dialogue\n\n"
        "The second Chile-Italy Space Dialogue was held in Santiago on 7 July 2026. Sitting on "
        "the Chilean side were officials of the Chilean Air Force and the Chilean Space "
        "Agency. Alongside the Italian co-chair sat officials of the Ministry of Defence and "
        "its Space Agency.\n",
    )
    assert roles(x, "participants") >= {
        ("Chilean Air Force", "CL"),
        ("Ministry of Defence", "IT"),
        ("Italian Space Agency", "IT"),
    }
    italian = next(e for e in x.entities.values() if e.label == "Italian Space Agency")
    assert not italian.minted


def test_a_known_name_given_no_state_beside_the_same_name_of_one_party_is_the_others(read):
    x = read(
        "korea-norway-space-dialogue-2-announcement-2026",
        "Korea-Norway Space Dialogue\n\n"
        "The second Korea-Norway Space Dialogue will be held in Seoul on June 3, 2026. The "
        "Dialogue will be co-chaired by Mr. PARK Jun, Deputy Director-General, International "
        "Security Bureau, Ministry of Foreign Affairs, and Ms. Ingrid Berg, Head of the Security "
        "Policy Department of Norway's Ministry of Foreign Affairs.\n",
    )
    assert roles(x) == {
        ("Ministry of Foreign Affairs", "KR"),
        ("Ministry of Foreign Affairs", "NO"),
    }


def test_positions_after_a_fronted_phrase_an_answered_offer_and_a_that_clause(read):
    x = read(
        "spain-korea-space-dialogue-4-2026",
        "Korea-Spain Space Dialogue\n\n"
        "The fourth Korea-Spain Space Dialogue was held in Madrid on 9 March 2026. "
        "To that end, KASA and the Spanish Space Agency agreed to compare orbit data. "
        "Welcoming the launch of PAZ 2, KASA and the Spanish Space Agency decided to share "
        "radar imagery. The two sides confirmed that they will hold a debris workshop. "
        "Spain invited Korean experts to its space surveillance exercise, an invitation the "
        "Korean side accepted. Korea offered to host a training course, which the Spanish "
        "side welcomed.\n",
    )
    found = positions(x, 24)
    both = ("es", "kr")
    assert ("agree", both, "KASA and the Spanish Spa") in found
    assert ("welcome", both, "Welcoming the launch of ") in found
    assert ("decide", both, "KASA and the Spanish Spa") in found
    assert ("confirm", both, "The two sides confirmed ") in found
    assert ("agree", ("kr",), "an invitation the Korean") in found
    assert ("welcome", ("es",), "which the Spanish side w") in found
    assert not any(text.startswith("they will") for _, _, text in found)


def test_bodies_defined_in_a_list_take_positions_by_their_acronym(read):
    x = read(
        "portugal-korea-space-dialogue-2-2026",
        "Korea-Portugal Space Dialogue\n\n"
        "The second Korea-Portugal Space Dialogue was held in Lisbon on 4 May 2026. The "
        "Portuguese delegation included the Portuguese Institute for Sea and Atmosphere (IPMA) "
        "and the Foundation for Science and Technology (FCT). IPMA and KASA have decided to "
        "exchange data on marine heatwaves.\n",
    )
    assert ("decide", ("kr", "pt"), "IPMA and KASA have") in positions(x, 18)


def test_an_announcement_lists_who_will_take_part_under_each_states_name(read):
    x = read(
        "iceland-canada-space-dialogue-1-announcement-2026",
        "Iceland to host first Iceland-Canada Space Dialogue\n\n"
        "Iceland will host the first meeting of the Iceland-Canada Space Dialogue in Reykjavik "
        "on 2 June 2026. The meeting will be co-presided by the Ministry for Foreign Affairs "
        "and the Canadian Space Agency. Besides them, the following are expected to take "
        "part:\n\n"
        "Iceland\n"
        "- Veðurstofa Íslands\n"
        "- Árnastofnun Research Institute\n\n"
        "Canada\n"
        "- Natural Resources Canada (NRCan): Canada Centre for Remote Sensing\n"
        "- National Research Council Canada (NRC) - Herzberg Astronomy Observatory\n"
        "- Algonquin Observatory\n",
    )
    assert roles(x) == {("Ministry for Foreign Affairs", "IS"), ("Canadian Space Agency", "CA")}
    assert roles(x, "participants") == {
        ("Veðurstofa Íslands", "IS"),
        ("Árnastofnun Research Institute", "IS"),
        ("Canada Centre for Remote Sensing", "CA"),
        ("Herzberg Astronomy Observatory", "CA"),
        ("Algonquin Observatory", "CA"),
    }


def test_a_chair_together_with_an_ambassador_and_a_delegation_under_its_head(read):
    x = read(
        "peru-italy-space-dialogue-news-2026",
        "ROME, 14 May 2026 - Peru and Italy held the second round of their space dialogue in "
        "Rome on Wednesday. Heading the Italian side, Ms Chiara Lodi, Head of the Space Unit at "
        "the Ministry of Foreign Affairs and International Cooperation, chaired the meeting "
        "together with the Ambassador of Peru to Italy. The Peruvian delegation, under the "
        "Ambassador's leadership, also included representatives of the National Commission for "
        "Aerospace Research and Development (CONIDA) and the Geophysical Institute of Peru.\n",
    )
    assert ("Embassy of Peru in Italy", "PE") in roles(x)
    participants = roles(x, "participants")
    assert ("Geophysical Institute", "PE") in participants  # "of Peru": its state


def test_weekdays_counted_from_the_day_of_issue_not_from_a_range_in_the_title(read):
    x = read(
        "chile-france-space-dialogue-2-press-release-2025",
        "MINISTRY FOR EUROPE AND FOREIGN AFFAIRS\n\n"
        "Chile – Second France-Chile Space Dialogue (26-27 June 2025)\n\n"
        "Press release\nParis, 27 June 2025\n\n"
        "France and Chile held the second session of their Space Dialogue on Thursday and "
        "Friday at the Ministry for Europe and Foreign Affairs in Paris.\n",
    )
    held = x.meetings[0]
    assert (held.start, held.end) == (dt.date(2025, 6, 26), dt.date(2025, 6, 27))


def test_a_venue_named_for_its_capital_and_an_earlier_meeting_in_apposition(read):
    x = read(
        "ireland-japan-space-dialogue-3-announcement-2026",
        "Ireland to host third Ireland-Japan Space Dialogue\n\n"
        "From: Department of Foreign Affairs\nPublished on: 9 April 2026\n\n"
        "Ireland will host the third meeting of the Ireland-Japan Space Dialogue at Dublin "
        "Castle on 12 May 2026. The Dialogue first met in Tokyo in 2022; at its second "
        "meeting, in Osaka in February 2024, it identified space weather as a priority.\n",
    )
    places = {m.ordinal: str(m.location).rsplit("/", 1)[-1] for m in x.meetings}
    assert places == {3: "dublin", 1: "tokyo", 2: "osaka"}
    second = next(m for m in x.meetings if m.ordinal == 2)
    assert (second.held_year, second.held_month) == (2024, 2)


def test_bodies_also_present_for_each_side_and_experts_taking_part_from_afar(read):
    x = read(
        "tunisia-france-space-dialogue-1-2026",
        "Joint Statement on the First Meeting of the Tunisia-France Space Dialogue\n\n"
        "1. Tunisia and France held the first meeting of the Tunisia-France Space Dialogue in "
        "Tunis on 4 March 2026. The meeting was held in hybrid format, with experts of the "
        "National Centre for Cartography and Remote Sensing (CNCT) taking part by "
        "videoconference.\n\n"
        "2. Also present were, for Tunisia: the Ministry of National Defence; and the Ministry "
        "of Higher Education and Scientific Research; and, for France: CNES; the Ministry of "
        "the Armed Forces, including the Space Command; and Météo-France.\n",
    )
    participants = roles(x, "participants")
    assert {
        ("Ministry of National Defence", "TN"),
        ("Ministry of Higher Education and Scientific Research", "TN"),
        ("Ministry of the Armed Forces", "FR"),
        ("French Space Command", "FR"),
        ("Météo-France", "FR"),
    } <= participants
    assert "National Centre for Cartography and Remote Sensing" in {n for n, _ in participants}


def test_a_report_of_talks_that_opened_and_ended_on_days_told_apart(read):
    x = read(
        "chile-spain-space-dialogue-news-2026",
        "MADRID, 5 March 2026 – Spain and Chile agreed this week to share radar imagery, the "
        "Spanish foreign ministry said on Thursday.\n\n"
        "The third round of the Chile-Spain Space Dialogue opened on Tuesday, 3 March, at a "
        "palace in the historic centre of Santiago that houses Chile's foreign ministry. It "
        "ended yesterday at a ground station near the coast.\n\n"
        "Spain's team was drawn from the Spanish Space Agency (AEE) and the National "
        "Institute for Aerospace Technology (INTA), while an adviser from the Ministry of "
        "Science, Innovation and Universities followed the sessions by video link.\n\n"
        "The dialogue was launched in Madrid in November 2024, six months after Chile signed "
        "the Artemis Accords on 30 May 2024.\n",
    )
    held = x.meetings[0]
    assert (held.start, held.end) == (dt.date(2026, 3, 3), dt.date(2026, 3, 4))
    assert str(held.location).endswith("/santiago")
    first = next(m for m in x.meetings if m.ordinal == 1)
    assert (first.held_year, first.held_month, first.start) == (2024, 11, None)
    participants = roles(x, "participants")
    assert {n for n, s in participants if s == "ES"} >= {
        "Spanish Space Agency",
        "National Institute for Aerospace Technology",
        "Ministry of Science, Innovation and Universities",
    }


def test_a_media_note_places_the_dialogue_before_its_dates(read):
    x = read(
        "latvia-us-space-dialogue-2-media-note-2025",
        "MEDIA NOTE\n\nThe United States and the Republic of Latvia held the second "
        "U.S.-Latvia Space Dialogue in Riga May 27-28, 2025.\n",
    )
    held = x.meetings[0]
    assert str(held.location).endswith("/riga")
    assert (held.start, held.end) == (dt.date(2025, 5, 27), dt.date(2025, 5, 28))


def test_a_known_bodys_name_that_goes_on_is_another_body(read):
    x = read(
        "kenya-ghana-space-dialogue-news-2026",
        "NAIROBI, 4 March 2026 – Kenya and Ghana held the second round of their space dialogue "
        "in Nairobi on Tuesday, with officials from Kenya's State Department for Foreign "
        "Affairs and the Kenya Space Agency.\n",
    )
    labels = {e.label for e in x.entities.values()}
    assert "Department of State" not in labels
    assert "State Department for Foreign Affairs" in labels
