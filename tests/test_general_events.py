"""Events outside security cooperation: coded with their own CAMEO and PLOVER codes as the
general types (statement, conflict), so that they never count as security cooperation."""

from __future__ import annotations

import pytest

from allyscope import extract
from allyscope.model import Event
from allyscope.ontology import SCORED_TYPES, code

DATE = "2011-05-04"


def coded(text: str) -> set[tuple]:
    """(type, CAMEO, PLOVER, source, target, modality) of each event in `text`."""
    return {
        (e.type, e.cameo, e.plover, e.source and e.source.code, e.target and e.target.code, e.modality)
        for e in extract(text, date=DATE)
    }


def scored(text: str) -> list[Event]:
    return [e for e in extract(text, date=DATE) if e.type in SCORED_TYPES]


@pytest.mark.parametrize(
    "text,expected",
    [
        # aid and cooperation without a security setting
        (
            "The European Union gave Chad 5 million euros of aid for rural schools.",
            ("statement", "070", "AID", "EU", "TCD", "realized"),
        ),
        (
            "Ecuador granted asylum to two Venezuelan army officers last week.",
            ("statement", "075", "AID", "ECU", "VEN", "realized"),
        ),
        (
            "Spain extradited a Moroccan smuggling suspect to Morocco on Friday.",
            ("statement", "063", "COOPERATE", "ESP", "MAR", "realized"),
        ),
        # commitments are intents (CAMEO 03x, PLOVER AGREE), coded on the act they promise
        (
            "Norway agreed to give Kenya 20 million dollars of aid for farming.",
            ("statement", "033", "AGREE", "NOR", "KEN", "planned"),
        ),
        (
            "Iceland will support Malta's bid for a seat on the council.",
            ("statement", "032", "AGREE", "ISL", "MLT", "planned"),
        ),
        # demands (CAMEO 10, PLOVER REQUEST): what is demanded is not an event of its own
        (
            "Chile demanded that Peru return the seized fishing boat.",
            ("conflict", "100", "REQUEST", "CHL", "PER", "realized"),
        ),
        (
            "Brazil said on Monday that Paraguay must reopen the border bridge.",
            ("conflict", "100", "REQUEST", "BRA", "PRY", "realized"),
        ),
        # yielding (PLOVER RETREAT, CONCEDE)
        (
            "Armenia declared a ceasefire along the line of contact.",
            ("statement", "0871", "RETREAT", "ARM", None, "realized"),
        ),
        (
            "Egypt lifted the blockade on Palestinian lorries at the crossing.",
            ("statement", "0872", "RETREAT", "EGY", "PSE", "realized"),
        ),
        (
            "Kenya said it had paid compensation to 40 Tanzanian fishermen for their lost boats.",
            ("statement", "0842", "RETREAT", "KEN", "TZA", "realized"),
        ),
        (
            "The Moldovan prime minister received a team of observers from the OSCE on Monday.",
            ("statement", "0862", "RETREAT", "MDA", "OSCE", "realized"),
        ),
        # mediation (PLOVER CONSULT): undertaking a mission is doing it, not planning it
        (
            "Oman launched a mediation effort between Iran and Bahrain.",
            ("statement", "045", "CONSULT", "OMN", "IRN", "realized"),
        ),
        (
            "Norway undertook a mediation mission between Colombia and Venezuela.",
            ("statement", "045", "CONSULT", "NOR", "VEN", "realized"),
        ),
    ],
)
def test_general_event(text: str, expected: tuple) -> None:
    found = coded(text)
    assert expected in found, found
    assert not [e for e in extract(text, date=DATE) if e.type in SCORED_TYPES], "not security cooperation"


def test_a_joint_commitment_binds_both_sides():
    found = coded("Chile and Argentina agreed on Tuesday that their fishing fleets would share catch data.")
    assert {(f[1], f[2], frozenset(f[3:5])) for f in found} == {("0314", "AGREE", frozenset({"CHL", "ARG"}))}


def test_a_demanded_act_is_not_an_event():
    found = coded("Chile demanded that Peru return the seized fishing boat.")
    assert [f for f in found if f[1] != "100"] == []


def test_a_security_setting_keeps_the_security_type():
    events = scored("Russia agreed to supply helicopters and small arms to the Tajik army.")
    assert [(e.type, e.cameo, e.plover, e.modality) for e in events] == [
        ("military_aid", "0332", "AGREE", "planned")
    ]
    # the commitment is the aid, intended: no second, general event for "agreed"
    assert all(
        e.type == "military_aid" for e in extract("Russia agreed to supply helicopters to the Tajik army.")
    )


def test_intent_and_refusal_codes():
    planned, refused = code("statement", "planned", "070"), code("statement", "negated", "070")
    assert (planned.cameo, planned.plover) == ("033", "AGREE")
    assert (refused.cameo, refused.plover) == ("121", "REJECT")
    assert code("statement", "realized", "0871").plover == "RETREAT"
    assert code("conflict", "planned", "190").cameo == "190"  # a planned attack keeps its code
    assert code("statement", "planned", "010").cameo == "010"  # "will say" is still a statement


def test_what_a_party_must_do_is_not_done():
    found = coded("Brazil said on Monday that Paraguay must reopen the border bridge.")
    assert {f[1] for f in found} == {"100"}


def test_a_deployment_of_peacekeeping_troops_is_aid_from_their_owner():
    events = scored("The first deployment of Finnish peacekeeping troops has arrived in Lebanon.")
    assert [(e.type, e.cameo, e.source.code, e.target.code) for e in events] == [
        ("military_aid", "074", "FIN", "LBN")
    ]


def test_a_verb_joined_to_a_passive_shares_its_subject():
    found = coded("Peru's interior minister was censured by the Congress and will resign.")
    assert ("statement", "0341", "AGREE", "PER", None, "planned") in found


def test_a_state_ruled_by_a_group_is_no_refusal():
    events = scored("Taliban-ruled Afghanistan has been sharing intelligence with Pakistan, officials said.")
    assert [(e.type, e.modality) for e in events] == [("military_cooperation", "realized")]


def test_a_demand_inside_one_country():
    # a state and its own rebels are two sides, for the general types only
    found = coded("Angolan rebels said that the Angolan government must call early elections.")
    assert ("conflict", "100", "REQUEST", "AGO", "AGO", "realized") in found
    assert not scored("Angolan rebels said that the Angolan government must call early elections.")


def test_delivering_a_message_is_no_aid():
    assert coded("The envoy of Ghana delivered a message from its president to Togo.") == set()
    found = coded("Ghana delivered 300 tons of grain to Togo after the floods.")
    assert ("statement", "070", "AID", "GHA", "TGO", "realized") in found


def test_the_recipient_of_a_promised_act():
    found = coded("Bolivia offered to hand over to Chile three nationals wanted for smuggling.")
    assert {(f[2], f[3], f[4]) for f in found} >= {("AGREE", "BOL", "CHL")}


def test_it_binds_to_the_party_just_addressed():
    found = coded(
        "The Chilean foreign minister sent a sharp note to Peru that it must release the trawler crew."
    )
    assert ("conflict", "100", "REQUEST", "CHL", "PER", "realized") in found


def test_a_commitment_to_let_others_act_is_their_event():
    # "agreed to let U.S. troops use the base": the basing, intended; no second event for "agreed"
    found = coded("Uzbekistan agreed to let U.S. aircraft use the Khanabad air base.")
    assert {f[0] for f in found} == {"military_cooperation"}


def test_refusing_to_agree_is_a_rejection():
    found = coded("Georgia did not agree to an Armenian proposal on transit fees.")
    assert ("statement", "120", "REJECT", "GEO", "ARM", "negated") in found


def test_hosting_talks_between_others():
    events = scored("On Monday, Kazakhstan hosted a new round of talks between Armenia and Azerbaijan.")
    assert {(e.type, e.source.code, e.target.code) for e in events} >= {("consult", "KAZ", "ARM")}
    # a meeting hosted with no one named between is not a consultation with an unknown side
    assert [e for e in scored("Russia hosted a meeting in Moscow.") if e.target is None] == []


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Iran supplied rockets and drones to Hezbollah last year.",
            ("statement", "072", "AID", "IRN", "HEZBOLLAH"),
        ),
        ("The United States trained Syrian rebels in Jordan.", ("statement", "072", "AID", "USA", "SYR")),
    ],
)
def test_security_help_to_a_non_state_group_is_no_security_cooperation(text, expected):
    # SPEC and ANNOTATION: the parties of security cooperation are states and organisations
    assert expected in {f[:5] for f in coded(text)}
    assert scored(text) == []


def test_a_demand_inside_a_demand_stays():
    found = coded(
        "The Kurdish rebel group insisted on its demands that the Turkish government free its leaders."
    )
    assert ("conflict", "100", "REQUEST", None, "TUR") in {f[:5] for f in found}
