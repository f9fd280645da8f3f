"""The events stage on real spaCy output: type, direction, modality and ontology codes of one-sentence cases."""

from __future__ import annotations

import pytest

from allyscope import extract
from allyscope.model import Event
from allyscope.ontology import cameo_table, quad_class, type_table

DATE = "2004-09-23"


def events(text: str) -> list[Event]:
    return extract(text, date=DATE, mentions=True)  # what each sentence says, before grouping


def only(text: str, event_type: str) -> Event:
    """The single event of `event_type` in `text`."""
    found = [e for e in events(text) if e.type == event_type]
    assert len(found) == 1, [(e.type, e.source, e.target) for e in events(text)]
    return found[0]


def dyad(event: Event) -> tuple[str | None, str | None]:
    return (event.source and event.source.code, event.target and event.target.code)


def pair(event: Event) -> set[str | None]:
    return set(dyad(event))


# One sentence per type: (text, type, parties, directed)
TYPES = [
    ("The Tajik defence minister hosted an Indian military delegation.", "consult", ("TJK", "IND"), False),
    ("Tajikistan and India signed a defence cooperation agreement.", "agreement", ("TJK", "IND"), False),
    (
        "Russian and Tajik units held a joint military exercise near the Afghan border.",
        "military_cooperation",
        ("RUS", "TJK"),
        False,
    ),
    ("The United States gave Tajikistan military equipment.", "military_aid", ("USA", "TJK"), True),
    ("Tajikistan asked Russia for military aid.", "request", ("TJK", "RUS"), True),
    ("Russia withdrew its border guards from Tajikistan.", "reduce_cooperation", ("RUS", "TJK"), True),
    ("The Tajik president praised Russia.", "statement", ("TJK", "RUS"), True),
    ("Russian troops attacked Georgian positions.", "conflict", ("RUS", "GEO"), True),
]


@pytest.mark.parametrize("text,event_type,parties,directed", TYPES, ids=[t[1] for t in TYPES])
def test_one_sentence_per_type(text, event_type, parties, directed):
    event = only(text, event_type)
    assert event.modality == "realized"
    if directed:
        assert dyad(event) == parties
    else:
        assert pair(event) == set(parties)
    assert text[event.char_start : event.char_end] == event.sentence == text
    assert event.trigger and event.trigger in text
    assert 0 < event.confidence <= 1 and event.explanation


@pytest.mark.parametrize(
    "text,event_type,source,target",
    [
        ("The United States gave Tajikistan military equipment.", "military_aid", "USA", "TJK"),
        ("Tajikistan received military equipment from India.", "military_aid", "IND", "TJK"),
        ("Kyrgyzstan received helicopters from Russia.", "military_aid", "RUS", "KGZ"),
        ("Russia delivered helicopters to Tajikistan.", "military_aid", "RUS", "TJK"),
        ("Tajikistan asked Russia for military aid.", "request", "TJK", "RUS"),
        ("India was asked by Tajikistan for military assistance.", "request", "TJK", "IND"),
        ("Tajikistan appealed to India for military assistance.", "request", "TJK", "IND"),
        ("Russia withdrew its border guards from Tajikistan.", "reduce_cooperation", "RUS", "TJK"),
        ("Russian border guards left Tajikistan.", "reduce_cooperation", "RUS", "TJK"),
        ("Tajikistan expelled Russian advisers.", "reduce_cooperation", "TJK", "RUS"),
        ("Uzbekistan closed the U.S. base at Khanabad.", "reduce_cooperation", "UZB", "USA"),
    ],
)
def test_direction(text, event_type, source, target):
    assert dyad(only(text, event_type)) == (source, target)


@pytest.mark.parametrize(
    "text,event_type,modality",
    [
        ("Russia will provide Kyrgyzstan with helicopters.", "military_aid", "planned"),
        ("India plans to hold a joint exercise with Tajikistan.", "military_cooperation", "planned"),
        ("Russia offered Tajikistan military equipment.", "military_aid", "planned"),
        ("Russia will hold talks with Tajikistan.", "consult", "planned"),
        ("Russia may withdraw its troops from Tajikistan.", "reduce_cooperation", "hypothetical"),
        ("China could supply Tajikistan with equipment.", "military_aid", "hypothetical"),
        ("Tajikistan may sign a defence agreement with India.", "agreement", "hypothetical"),
        (
            "A possible Russian withdrawal from Tajikistan worries Dushanbe.",
            "reduce_cooperation",
            "hypothetical",
        ),
        ("India announced possible military aid to Tajikistan.", "military_aid", "hypothetical"),
        (
            "If Russia withdraws its border guards, Tajikistan will ask India for help.",
            "reduce_cooperation",
            "hypothetical",
        ),
        ("Russia did not provide Tajikistan with weapons.", "military_aid", "negated"),
        ("The Tajik defence minister did not meet the Indian delegation.", "consult", "negated"),
        ("Uzbekistan refused to sign the agreement with Russia.", "agreement", "negated"),
        ("Russia refused to provide Tajikistan with weapons.", "military_aid", "negated"),
        ("Kazakhstan ruled out a joint exercise with NATO.", "military_cooperation", "negated"),
        ("Russia never delivered the helicopters to Tajikistan.", "military_aid", "negated"),
    ],
)
def test_modality(text, event_type, modality):
    assert only(text, event_type).modality == modality


def test_condition_and_consequence_get_their_own_modality():
    found = {
        e.type: e
        for e in events("If Russia withdraws its border guards, Tajikistan will ask India for help.")
    }
    assert found["reduce_cooperation"].modality == "hypothetical"
    assert (found["request"].modality, dyad(found["request"])) == ("planned", ("TJK", "IND"))


@pytest.mark.parametrize(
    "text,event_type,source,target",
    [
        (
            "U.S. military assistance to Tajikistan reached $2.3 million in 2004.",
            "military_aid",
            "USA",
            "TJK",
        ),
        (
            "The withdrawal of Russian border troops from Tajikistan was completed in 2005.",
            "reduce_cooperation",
            "RUS",
            "TJK",
        ),
    ],
)
def test_noun_events(text, event_type, source, target):
    event = only(text, event_type)
    assert dyad(event) == (source, target)
    assert event.modality == "realized"
    assert event.trigger in ("assistance", "withdrawal")


def test_border_troops_keep_their_sector():
    event = only(
        "The withdrawal of Russian border troops from Tajikistan was completed in 2005.", "reduce_cooperation"
    )
    assert (event.source.code, event.source.sector) == ("RUS", "BORDER")


def test_several_events_in_one_sentence():
    found = events("Dushanbe planned to ask Russian border guards to leave.")
    assert {(e.type, e.modality, *dyad(e)) for e in found} >= {
        ("request", "planned", "TJK", "RUS"),
        ("reduce_cooperation", "planned", "RUS", "TJK"),
    }


ONTOLOGY_CASES = [text for text, *_ in TYPES] + [
    "Russia will provide Kyrgyzstan with helicopters.",
    "China could supply Tajikistan with equipment.",
    "Russia did not provide Tajikistan with weapons.",
    "Uzbekistan refused to sign the agreement with Russia.",
    "Kazakhstan ruled out a joint exercise with NATO.",
    "Russia will hold talks with Tajikistan.",
    "Tajikistan could ask India for military aid.",
    "The Russian defence minister visited Dushanbe.",
    "Russia may withdraw its troops from Tajikistan.",
    "Tajikistan expelled Russian advisers.",
]


# SPEC "Event types": PLOVER of each type when realized
REALIZED_PLOVER = {
    "consult": {"CONSULT"},
    "agreement": {"AGREE"},
    "military_cooperation": {"COOPERATE"},
    "military_aid": {"AID"},
    "request": {"REQUEST"},
    "reduce_cooperation": {"RETREAT", "SANCTION"},
    "statement": {None},
    "conflict": {"THREATEN", "PROTEST", "SANCTION", "ASSAULT", "MOBILIZE", "DISAPPROVE", "ACCUSE", "COERCE"},
}


@pytest.mark.parametrize("text", ONTOLOGY_CASES)
def test_codes_come_from_the_ontology_tables(text):
    found = events(text)
    assert found
    for e in found:
        default = type_table()[(e.type, e.modality)]["cameo"]
        if e.type == "conflict":
            assert 11 <= int(e.cameo[:2]) <= 20, e.cameo  # SPEC: conflict is CAMEO 11x-20x
        elif e.modality == "realized" or e.type == "reduce_cooperation":
            # a trigger may name a more precise code of the same root (042 visit, 043 host)
            assert e.cameo[:2] == default[:2], (e.type, e.modality, e.cameo)
        else:
            assert e.cameo == default, (e.type, e.modality, e.cameo)
        row = cameo_table()[e.cameo]
        if e.modality == "realized":
            # a trigger may name a finer PLOVER type than its CAMEO code's (withdrawal: RETREAT)
            assert e.plover in REALIZED_PLOVER[e.type], (e.type, e.plover)
        else:
            assert e.plover == (row["plover"] or None)
        assert e.goldstein == float(row["goldstein"])
        assert e.quad_class == quad_class(e.cameo)


def test_specific_realized_codes():
    assert only("The Tajik defence minister hosted an Indian military delegation.", "consult").cameo == "043"
    assert only("The Russian defence minister visited Dushanbe.", "consult").cameo == "042"
    assert only("The United States gave Tajikistan military equipment.", "military_aid").plover == "AID"
    assert only("Russia offered Tajikistan military equipment.", "military_aid").cameo == "0332"
    assert only("Russia did not provide Tajikistan with weapons.", "military_aid").cameo == "1222"


def test_event_ids_are_stable_and_distinct():
    text = "Dushanbe planned to ask Russian border guards to leave. Tajikistan and India signed a defence agreement."
    first, second = events(text), events(text)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert len({e.event_id for e in first}) == len(first) >= 3


def test_offer_of_places_in_military_schools():
    event = only("Poland offered Tajikistan places in its military schools.", "military_aid")
    assert (dyad(event), event.modality) == (("POL", "TJK"), "planned")


def test_reduced_presence_is_reduce_cooperation():
    event = only("Russia reduced its military presence in Tajikistan.", "reduce_cooperation")
    assert dyad(event) == ("RUS", "TJK")


def test_suspended_aid_is_not_aid():
    found = events("Russia suspended military aid to Tajikistan.")
    assert [(e.type, *dyad(e)) for e in found] == [("reduce_cooperation", "RUS", "TJK")]


def test_hyphenated_pair_adjective():
    event = only(
        "The Russian-Tajik joint exercise took place near the Afghan border.", "military_cooperation"
    )
    assert pair(event) == {"RUS", "TJK"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # basing kept, and basing ended
        (
            "Under a 2012 agreement, Russia will keep its base in Tajikistan.",
            ("military_cooperation", "planned"),
        ),
        (
            "Germany has ended its use of the Termez air base in Uzbekistan.",
            ("reduce_cooperation", "realized"),
        ),
        # an offer rejected: the one offered would have joined
        ("Turkmenistan rejected Russia's offer to join the CSTO.", ("military_cooperation", "negated")),
    ],
)
def test_basing_and_membership(text, expected):
    found = [(e.type, e.modality) for e in events(text) if e.type != "statement"]
    assert found[0] == expected


def test_offer_to_join_pairs_the_one_offered_with_the_bloc():
    join = only("Turkmenistan rejected Russia's offer to join the CSTO.", "military_cooperation")
    assert pair(join) == {"TKM", "CSTO"}


def test_the_country_is_the_state_last_named_outside_the_sentence():
    found = events(
        "India had no plans to station aircraft in Tajikistan. "
        "Russia, which still keeps its 201st division in the country, is negotiating a lease."
    )
    keep = next(e for e in found if e.trigger == "keeps")
    assert pair(keep) == {"RUS", "TJK"}


def test_dateline_is_not_part_of_the_story():
    found = extract(  # no --date: the dateline dates the document
        "Bishkek, Kyrgyzstan, May 3, 2021 – On April 30 the U.S. Embassy in Bishkek handed over 12 "
        "patrol trucks to the Kyrgyz Border Service."
    )
    aid = only_type(found, "military_aid")
    assert (dyad(aid), aid.date) == (("USA", "KGZ"), "2021-04-30")


def test_embassy_named_after_its_city_is_the_embassy_state():
    aid = only_type(
        events("Last week U.S. Embassy Tashkent provided the Uzbek border guards with radios."),
        "military_aid",
    )
    assert dyad(aid) == ("USA", "UZB")


def test_official_names_through_of_phrases():
    found = events(
        "The ambassador transferred night-vision devices to the Border Forces of the State Committee "
        "for National Security of Tajikistan, the U.S. Embassy said."
    )
    assert only_type(found, "military_aid").target.code == "TJK"


def test_agreements_cited_as_a_frame_are_not_new_agreements():
    found = events(
        "Russia has provided rifles to Kyrgyzstan as part of their military cooperation agreements."
    )
    assert [e.type for e in found if e.type != "statement"] == ["military_aid"]


def test_needs_to_leave_is_not_a_realized_withdrawal():
    found = events("President Atambayev said Russia needs to leave its air base in Kyrgyzstan.")
    assert only_type(found, "reduce_cooperation").modality == "planned"


def only_type(found: list[Event], event_type: str) -> Event:
    (event,) = [e for e in found if e.type == event_type]
    return event


def test_named_exercise_and_a_town_with_its_country():
    found = events(
        "Special forces of India and Kyrgyzstan will hold the 12th edition of Exercise Khanjar in Tokmok, Kyrgyzstan."
    )
    exercise = only_type(found, "military_cooperation")
    assert (pair(exercise), exercise.modality) == ({"IND", "KGZ"}, "planned")


def test_names_of_organisations_are_not_triggers():
    found = events(
        "Kazakhstan asked the Collective Security Treaty Organization for help with border security."
    )
    assert {e.type for e in found} == {"request"}


def test_readout_style_meetings():
    found = events(
        "Vladimir Putin had a telephone conversation with President of Tajikistan Emomali Rahmon. "
        "Talks between Vladimir Putin and President of Uzbekistan Shavkat Mirziyoyev took place in the Kremlin. "
        "The presidents discussed military-technical cooperation."
    )
    consults = [(e.cameo, pair(e)) for e in found if e.type == "consult"]
    assert consults == [("041", {"RUS", "TJK"}), ("040", {"RUS", "UZB"}), ("040", {"RUS", "UZB"})]


def test_thanks_for_a_delivery_name_the_giver():
    aid = only_type(
        events("The Uzbek side thanked Washington for the delivery of 50 armored vehicles."), "military_aid"
    )
    assert dyad(aid) == ("USA", "UZB")


def test_guarding_a_border_is_standing_cooperation():
    found = events(
        "Tajikistan wants more partners. Russian border guards have guarded the Tajik-Afghan border since 1993."
    )
    guard = only_type(found, "military_cooperation")
    assert (dyad(guard), guard.date) == (("RUS", "TJK"), "1993")


def test_an_accepted_proposal_is_done_by_its_author_for_the_acceptor():
    aid = only_type(
        events("Tajikistan has accepted a Chinese proposal to build a police outpost on the Afghan border."),
        "military_aid",
    )
    assert (dyad(aid), aid.modality) == (("CHN", "TJK"), "planned")


def test_a_shared_border_names_the_story_s_country_not_the_neighbour():
    found = events(
        "Tajikistan's government said China would build outposts. "
        "China has already built one outpost on the Tajik-Afghan border."
    )
    assert {dyad(e) for e in found if e.type == "military_aid"} == {("CHN", "TJK")}


def test_capital_inside_a_name_and_trainees_as_subject():
    found = events(
        "Uzbek Defense Minister Colonel General Kabul Berdiyev met Sergei Shoigu. "
        "Over 340 servicemen of the Armed Forces of Uzbekistan began training at Russian military academies."
    )
    assert "AFG" not in {c for e in found for c in dyad(e)}
    assert dyad(only_type(found, "military_aid")) == ("RUS", "UZB")


def test_access_granted_is_cooperation_and_contingents_go_where_sent():
    found = events(
        "In 2001, Uzbekistan granted the United States access to the Karshi-Khanabad air base. "
        "Kazakhstan sent a small contingent of military engineers to Iraq in 2003."
    )
    assert {(e.type, *dyad(e)) for e in found if e.type != "statement"} == {
        ("military_cooperation", "UZB", "USA"),
        ("military_aid", "KAZ", "IRQ"),
    }


def test_an_agreement_signed_earlier_and_a_mutual_withdrawal():
    found = events(
        "The Turkish Armed Forces will train 50 Kyrgyz officers next year under an agreement signed in Ankara last month. "
        "Kyrgyzstan and Tajikistan agreed to withdraw troops from the disputed section of their border."
    )
    deal = only_type(found, "agreement")
    assert (pair(deal), deal.modality) == ({"TUR", "KGZ"}, "realized")
    assert pair(only_type(found, "reduce_cooperation")) == {"KGZ", "TJK"}


def test_analysis_prose_reinforcements_and_temporal_phrases():
    found = events(
        "Tajikistan still leans on Russia, and Tajikistan's army trains with Russian officers. "
        "Last year Tajikistan hosted CSTO drills for the first time since 2015. "
        "Moscow could reinforce its 201st base if the situation on the Afghan border deteriorates. "
        "Uzbekistan refused to host Western bases after the U.S. withdrawal from Afghanistan."
    )
    kinds = {(e.type, e.modality, *sorted(map(str, pair(e)))) for e in found if e.type != "statement"}
    assert ("military_cooperation", "realized", "CSTO", "TJK") in kinds
    assert ("military_cooperation", "hypothetical", "RUS", "TJK") in kinds
    assert ("reduce_cooperation", "realized", "AFG", "USA") in kinds


def test_a_long_one_line_text_is_text_not_a_file_name():
    text = "Russia and Tajikistan held a joint military exercise near the Afghan border. " * 5
    assert extract(text.strip(), date=DATE)


def test_handing_over_a_facility_is_cooperation_not_aid():
    event = only(
        "Kyrgyzstan transferred to Russia the radar station at Lake Issyk-Kul.", "military_cooperation"
    )
    assert pair(event) == {"KGZ", "RUS"}
    assert not [
        e for e in events("Kyrgyzstan transferred to Russia the radar station.") if e.type == "military_aid"
    ]
    offered = events(
        "Kyrgyz officials met in Bishkek on Monday. Kyrgyzstan denied reports about Chinese jets. "
        "The radar station may be offered to Russia, the defence minister said."
    )
    lease = [e for e in offered if e.type == "military_cooperation"]
    assert [(pair(e), e.modality) for e in lease] == [({"KGZ", "RUS"}, "hypothetical")]


def test_help_asked_for_comes_from_the_one_asked():
    found = events("Kyrgyzstan asked Japan for help in equipping its customs posts on the Tajik border.")
    aid = only_type(found, "military_aid")
    assert (dyad(aid), aid.modality) == (("JPN", "KGZ"), "planned")


def test_a_visit_in_a_when_clause_shares_the_future_of_its_sentence():
    found = events(
        "Washington sent trainers to Kazakhstan. Washington praised Astana. "
        "Washington is expected to discuss aid with Defence Minister Nurlan Serikov when he visits the Pentagon."
    )
    visit = only_type(found, "consult")
    assert (pair(visit), visit.modality) == ({"USA", "KAZ"}, "planned")
    past = only_type(events("Russian officers trained Tajik units when they visited Dushanbe."), "consult")
    assert past.modality == "realized"


def test_money_spent_on_equipment_for_a_recipient():
    event = only("Japan spent $2 million on radios for Tajik border guards.", "military_aid")
    assert (dyad(event), event.modality) == (("JPN", "TJK"), "realized")


def test_a_neighbour_across_the_border_is_not_a_party_to_the_agreement():
    found = events(
        "Turkey will build a training centre for Kyrgyz border troops along the frontier with Tajikistan, "
        "under an agreement signed in Bishkek last week."
    )
    assert pair(only_type(found, "agreement")) == {"TUR", "KGZ"}


def test_serving_with_or_alongside_foreign_forces():
    assert pair(
        only("About 80 Kyrgyz peacekeepers serve with the UN force in Sudan.", "military_cooperation")
    ) == {
        "KGZ",
        "UN",
    }
    assert pair(
        only("Armenian sappers served alongside Russian forces in Syria.", "military_cooperation")
    ) == {
        "ARM",
        "RUS",
    }
    assert not events("The general served with distinction in the Soviet army.")


def test_suspended_membership_leaves_the_organisation_named():
    event = only(
        "Azerbaijan has stayed outside the Collective Security Treaty Organization since it suspended its membership.",
        "reduce_cooperation",
    )
    assert dyad(event) == ("AZE", "CSTO")


@pytest.mark.parametrize(
    "text",
    [
        "Kyrgyz officials did not agree to a Chinese request to open a police post near Osh.",
        "Kazakhstan rejected a Chinese request to open a police post near Almaty.",
    ],
)
def test_a_request_answered_was_made_to_the_one_who_answers(text):
    request = only(text, "request")
    assert (dyad(request)[0], request.modality) == ("CHN", "realized")
    assert dyad(request)[1] in ("KGZ", "KAZ")
