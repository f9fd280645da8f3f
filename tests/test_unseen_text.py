"""Ways of telling security cooperation that the first corpora lacked (issue 13): multi-party
exercises with a host, calls and readouts, arms sales, agreements named by their kind, places
that name no party. Every sentence here is our own."""

from __future__ import annotations

from allyscope import extract

DATE = "2024-05-07"


def dyads(text: str, event_type: str = "military_cooperation", sentence: str = "") -> set[frozenset[str]]:
    """The undirected dyads of the events of `event_type` in `text` (told in a sentence that
    holds `sentence`)."""
    return {
        frozenset((e.source.code, e.target.code))
        for e in extract(text, date=DATE, mentions=True)
        if e.type == event_type and e.source is not None and e.target is not None and sentence in e.sentence
    }


def pairs(hub: str, *others: str) -> set[frozenset[str]]:
    return {frozenset((hub, o)) for o in others}


def test_the_leader_of_an_exercise_pairs_with_each_participant():
    # the organiser is the hub; the participants are not paired with each other
    assert dyads("A U.S.-led exercise with Japan and India began on Monday.") == pairs("USA", "JPN", "IND")
    assert dyads("A Russian-hosted exercise with Japan and Nepal began on Monday.") == pairs(
        "RUS", "JPN", "NPL"
    )


def test_the_host_named_by_a_passive_or_a_verb():
    text = "The exercise, hosted by Mongolia, brought together troops from Japan, India and Nepal."
    assert dyads(text) == pairs("MNG", "JPN", "IND", "NPL")


def test_a_definite_mention_keeps_the_host_of_the_story():
    text = (
        "Oman led a naval exercise off its coast on Monday. "
        "The weeklong exercise will include forces from France, Japan and the United Kingdom."
    )
    assert dyads(text) == pairs("OMN", "FRA", "JPN", "GBR")


def test_participants_from_a_list_took_part_with_the_host():
    text = (
        "Mongolia hosted a peacekeeping exercise near Ulaanbaatar. "
        "Over 900 participants from Japan, Nepal and Chile took part in the exercise."
    )
    assert pairs("MNG", "JPN", "NPL", "CHL") <= dyads(text)
    assert frozenset(("JPN", "NPL")) not in dyads(text)


def test_a_new_exercise_with_its_own_parties_forgets_the_host():
    text = (
        "Oman led a naval exercise off its coast on Monday. "
        "Later, India and Bhutan held an exercise of their own."
    )
    assert dyads(text, sentence="Bhutan") == {frozenset(("IND", "BTN"))}


def test_the_one_thanked_for_hosting_forces_hosts_them():
    text = (
        "Carter met Estonia's defence minister on Monday. The American secretary thanked his "
        "Estonian counterpart for hosting U.S. and NATO forces in Estonia."
    )
    assert dyads(text, sentence="thanked") == pairs("EST", "USA", "NATO")


def test_where_another_act_goes_is_no_party():
    # Bahrain is where the visit went; the exercise is Oman's, with no other party named
    text = "The visit to Bahrain fell on the first day of an Oman-led naval exercise in the Gulf of Oman."
    assert dyads(text) == set()


def test_a_call_is_a_consultation():
    text = "The U.S. defence secretary spoke with Vietnam's defence minister by phone on Tuesday."
    assert dyads(text, "consult") == {frozenset(("USA", "VNM"))}
    # speaking with someone who is no party is no consultation, nor a guess at one
    assert dyads("The Russian defence minister spoke with reporters in Dushanbe.", "consult") == set()


def test_the_two_leaders_are_the_parties_of_the_readout():
    # named as a state and a person, not two people: still the two parties of the call, and never
    # the country named after them
    text = (
        "The U.S. defence secretary spoke with Vietnam's defence minister on Tuesday. "
        "The two leaders discussed the situation in Cambodia."
    )
    assert dyads(text, "consult", sentence="two leaders") == {frozenset(("USA", "VNM"))}


def aid(text: str) -> list[tuple]:
    return [
        (e.source.code, e.target.code, e.modality, e.aid_kind, e.amount and e.amount["value_usd"])
        for e in extract(text, date=DATE)
        if e.type == "military_aid"
    ]


def test_an_arms_sale_is_aid_of_kind_sale_with_its_price():
    # the price is no money given: the kind is a sale, not funds
    assert aid("Russia sold Su-30 fighter jets to Algeria for $2 billion.") == [
        ("RUS", "DZA", "realized", ["sale"], 2_000_000_000)
    ]


def test_an_approved_sale_is_planned():
    assert aid("The sale of F-16 jets to Pakistan was approved by Washington in May.") == [
        ("USA", "PAK", "planned", ["sale"], None)
    ]
    found = aid(
        "The State Department approved a possible Foreign Military Sale to Poland of Patriot "
        "air defence missiles for an estimated $1.2 billion."
    )
    assert [(f[0], f[1], f[3], f[4]) for f in found] == [("USA", "POL", ["sale"], 1_200_000_000)]
    assert found[0][2] in ("planned", "hypothetical")


def test_a_question_is_no_request():
    text = "When asked about the Russian base, the Armenian defence minister said it was useful."
    assert [e for e in extract(text, date=DATE) if e.type == "request"] == []
    assert dyads("Armenia asked Russia for military help.", "request") == {frozenset(("ARM", "RUS"))}


def test_a_party_s_enemy_is_not_that_party():
    text = "Armenia's defence ministry said Russia is selling weapons to Armenia's enemy."
    assert [(e.source.code, e.target) for e in extract(text, date=DATE) if e.type == "military_aid"] == [
        ("RUS", None)
    ]
    assert dyads("Russia is selling weapons to Armenia's rival, Azerbaijan.", "military_aid") == {
        frozenset(("RUS", "AZE"))
    }


def test_a_base_run_abroad_makes_its_host_the_other_party():
    assert dyads("France operates an air base in Niger.") == {frozenset(("FRA", "NER"))}
    assert dyads("France operates the Niamey air base.") == {frozenset(("FRA", "NER"))}
    assert dyads("Japan runs a naval air station in Djibouti.") == {frozenset(("JPN", "DJI"))}
    assert dyads("Japan runs a fishing company in Djibouti.") == set()


def actor_codes(text: str) -> list[str]:
    from allyscope.pipeline import Pipeline

    return [s._.actor.code for s in Pipeline.of().nlp(text).spans["actors"]]


def test_a_sea_gulf_or_peninsula_named_after_a_state_is_no_actor():
    text = (
        "Chinese ships patrolled the South China Sea near the Korean Peninsula, the Indian Ocean "
        "and the Sea of Japan with Russian ships."
    )
    assert actor_codes(text) == ["CHN", "RUS"]
    assert dyads("Iranian and Russian ships held drills in the Gulf of Oman.") == {frozenset(("IRN", "RUS"))}
    # the state itself still is one
    assert actor_codes("Japan and Oman held talks.") == ["JPN", "OMN"]
