"""Property tests of the identity rules (CONTRACT.md), IRI minting and date parsing.

tests/test_iris.py and tests/test_dates.py check written examples; here hypothesis checks
the rules for any input: any order and spelling of a dialogue's parties gives one IRI,
every minted IRI is one the endpoint's /id/ route dereferences, and every date a statement
can write parses back to itself.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode

from spacegraph import iris
from spacegraph.authority import Authority, load_authority
from spacegraph.extract.dates import find_dates
from spacegraph.extract.meetings import dialogue_names
from spacegraph.settings import Settings
from spacegraph.vocab import SGR
from spacegraph.web.pages import _ID_PATH

AUTHORITY: Authority = load_authority(Settings().reference)
#: Every name and demonym of each state, as the authority folds them ("u.s.", "japanese").
STATE_NAMES: dict[str, list[str]] = {}
for _name, _code in sorted(AUTHORITY.state_names.items()):
    STATE_NAMES.setdefault(_code, []).append(_name)
CODES = sorted(code for code in STATE_NAMES if code in AUTHORITY.states)
KINDS = [
    "Comprehensive Dialogue on Space",
    "Strategic Space Dialogue",
    "Civil Space Dialogue",
    "Space Dialogue",
    "Space Security Dialogue",
    "Space Policy Dialogue",
]
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def capitalised(name: str) -> str:
    """``"u.s."`` → ``"U.S."``, ``"united states"`` → ``"United States"``."""
    return " ".join(word[:1].upper() + word[1:] for word in name.split(" "))


@st.composite
def spelling(draw: st.DrawFn, code: str) -> str:
    name = draw(st.sampled_from(STATE_NAMES[code]))
    return draw(st.sampled_from([capitalised(name), name.upper(), capitalised(name.lower())]))


def case_and_space(text: str) -> st.SearchStrategy[str]:
    """``text`` with each letter's case and each space's width varied."""
    letters = [st.sampled_from([c.lower(), c.upper()]) if c.isalpha() else st.just(c) for c in text]
    return st.tuples(*letters, st.sampled_from([" ", "  ", "\t"])).map(
        lambda parts: "".join(parts[:-1]).replace(" ", parts[-1])
    )


# dialogues: any order, any spelling ---------------------------------------------------------


@PROPERTY
@given(
    parties=st.lists(st.sampled_from(CODES), min_size=2, max_size=4, unique=True),
    kind=st.sampled_from(KINDS),
    data=st.data(),
)
def test_any_permutation_and_case_of_the_parties_gives_one_dialogue_iri(
    parties: list[str], kind: str, data: st.DataObject
) -> None:
    expected = SGR[f"dialogue/{'-'.join(sorted(c.lower() for c in parties))}/{iris.slug(kind)}"]
    shuffled = data.draw(st.permutations(parties))
    cased = [data.draw(st.sampled_from([c.upper(), c.lower(), c.title()])) for c in shuffled]
    written_kind = data.draw(case_and_space(kind))
    repeated = cased + data.draw(st.lists(st.sampled_from(cased), max_size=2))  # duplicates
    assert iris.dialogue(repeated, written_kind) == expected
    assert iris.dialogue(tuple(reversed(cased)), kind) == expected


@PROPERTY
@given(
    pair=st.lists(st.sampled_from(CODES), min_size=2, max_size=2, unique=True),
    kind=st.sampled_from(KINDS),
    data=st.data(),
)
def test_any_spelling_and_order_of_two_states_in_a_name_gives_one_dialogue(
    pair: list[str], kind: str, data: st.DataObject
) -> None:
    first, second = data.draw(st.permutations(pair))
    text = f"The {data.draw(spelling(first))}-{data.draw(spelling(second))} {kind} met."
    [name] = dialogue_names(text, AUTHORITY)
    assert name.parties == tuple(sorted(pair)), text
    assert iris.dialogue(name.parties, name.kind) == iris.dialogue(pair, kind)


def test_parties_joined_by_an_en_dash_name_the_same_dialogue() -> None:
    [name] = dialogue_names("The Japan\u2013U.S. Comprehensive Dialogue on Space met.", AUTHORITY)
    assert name.parties == ("JP", "US")


# minted IRIs --------------------------------------------------------------------------------

NAMES = st.text(min_size=0, max_size=60)


@PROPERTY
@given(
    kind=st.sampled_from(sorted(iris.ENTITY_SEGMENTS)),
    name=NAMES,
    state=st.one_of(st.none(), st.sampled_from(CODES)),
)
def test_every_minted_entity_iri_is_an_iri_the_id_route_serves(
    kind: str, name: str, state: str | None
) -> None:
    iri = iris.entity(kind, name, state)
    assert iri == iris.entity(kind, name, state)  # no randomness, no clock
    assert str(iri).startswith(str(SGR))
    NamedNode(str(iri))  # the store accepts it
    assert _ID_PATH.match(str(iri)[len(str(SGR)) :]), iri


@PROPERTY
@given(name=st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs", "P"])))
def test_an_ascii_name_keys_the_same_entity_whatever_its_case_and_spacing(name: str) -> None:
    variants = {name.upper(), name.lower(), " ".join(name.split()), f"  {name}  "}
    minted = {iris.entity("GovernmentBody", variant, "JP") for variant in variants}
    assert len(minted) == 1 or not re.search(r"[A-Za-z0-9]", name)


@PROPERTY
@given(
    parties=st.lists(st.sampled_from(CODES), min_size=2, max_size=3, unique=True),
    ordinal=st.integers(1, 200),
    date=st.dates(dt.date(1957, 1, 1), dt.date(2100, 12, 31)),
)
def test_a_meeting_is_keyed_by_its_ordinal_whatever_date_a_report_gives(
    parties: list[str], ordinal: int, date: dt.date
) -> None:
    dialogue = iris.dialogue(parties, "Space Dialogue")
    announced = iris.meeting(dialogue, ordinal)
    assert iris.meeting(dialogue, ordinal, date.isoformat()) == announced
    assert iris.meeting(iris.dialogue(list(reversed(parties)), "space dialogue"), ordinal) == (
        announced
    )
    assert _ID_PATH.match(str(announced)[len(str(SGR)) :])


@PROPERTY
@given(doc=st.text(max_size=40), clause=st.text(max_size=200), data=st.data())
def test_a_commitment_iri_ignores_whitespace_only(doc: str, clause: str, data: st.DataObject):
    words = clause.split()
    respaced = data.draw(st.sampled_from([" ", "\n", "  \t"])).join(words)
    assert iris.commitment(doc, respaced) == iris.commitment(doc, " ".join(words))
    if words:
        assert iris.commitment(doc, " ".join(words) + " more") != iris.commitment(doc, clause)


# dates --------------------------------------------------------------------------------------

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@PROPERTY
@given(
    day=st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
    form=st.sampled_from(["{m} {d}, {y}", "{d} {m} {y}", "{iso}", "{m}. {d}, {y}"]),
    before=st.sampled_from(["The delegations met on ", "Held ", "", "On "]),
)
def test_every_written_day_parses_to_itself(day: dt.date, form: str, before: str) -> None:
    month = MONTHS[day.month - 1]
    if form.startswith("{m}."):
        month = month[:3]
        if month == "May":
            form = "{m} {d}, {y}"
    written = form.format(m=month, d=day.day, y=day.year, iso=day.isoformat())
    text = f"{before}{written} in Tokyo."
    [mention] = find_dates(text)
    assert (mention.start, mention.end, mention.precision) == (day, None, "day")
    assert mention.iso == day.isoformat()
    assert text[mention.span.start : mention.span.end] == written


@PROPERTY
@given(
    start=st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
    length=st.integers(1, 5),
    form=st.sampled_from(["{m} {a}-{b}, {y}", "{a}-{b} {m} {y}", "{m} {a} and {b}, {y}"]),
)
def test_every_written_range_within_a_month_parses_to_its_ends(
    start: dt.date, length: int, form: str
) -> None:
    end = start + dt.timedelta(days=length)
    assume(end.month == start.month)  # the forms write one month
    written = form.format(m=MONTHS[start.month - 1], a=start.day, b=end.day, y=start.year)
    [mention] = find_dates(f"They met {written} in Paris.")
    assert (mention.start, mention.end) == (start, end)


@PROPERTY
@given(text=st.text(max_size=300), offset=st.integers(0, 10_000))
def test_dates_in_any_text_are_valid_and_point_into_it(text: str, offset: int) -> None:
    found = find_dates(text, offset=offset)
    previous_end = offset
    for mention in found:
        assert offset <= mention.span.start < mention.span.end <= offset + len(text)
        assert mention.span.start >= previous_end  # in text order, without overlaps
        previous_end = mention.span.end
        assert mention.end is None or mention.start < mention.end
        if mention.precision == "day":
            assert dt.date.fromisoformat(mention.iso) == mention.start
