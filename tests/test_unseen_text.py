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


def test_agreements_named_by_their_kind():
    assert dyads("Poland and the United States concluded a SOFA in May.", "agreement") == {
        frozenset(("POL", "USA"))
    }
    assert dyads("Kyrgyzstan concluded a lease with Russia for the Kant base.", "agreement") == {
        frozenset(("KGZ", "RUS"))
    }
    assert dyads("Georgia signed an MoU with Turkey.", "agreement") == {frozenset(("GEO", "TUR"))}
    text = "Georgian and Turkish officials met in Tbilisi. The two sides signed a framework for defence cooperation."
    assert dyads(text, "agreement") == {frozenset(("GEO", "TUR"))}


def test_its_binds_to_the_state_whose_people_the_story_is_about():
    # "China's generals" name China by its people; "its" is China, not the nearest country name
    text = "China's generals believe the border is safe. Its annual drills with Kyrgyzstan began in May."
    assert dyads(text) == {frozenset(("CHN", "KGZ"))}


def test_what_the_leaders_discussed_is_the_meeting_of_the_readout():
    text = (
        "The U.S. defence secretary hosted Vietnam's defence minister at the Pentagon on Monday.\n"
        "The visiting delegation also included Vietnam's ambassador.\n"
        "The leaders discussed maritime security and the South China Sea."
    )
    (event,) = [e for e in extract(text, date=DATE) if e.type == "consult"]
    assert {event.source.code, event.target.code} == {"USA", "VNM"}
    assert len(event.mentions) == 2 and "The leaders" in event.grouping


def test_words_provided_and_support_for_a_plan_are_no_aid():
    readout = (
        "The Pentagon spokesman provided the following readout after the meeting with Colombia's army chief."
    )
    assert [e for e in extract(readout, date=DATE) if e.type == "military_aid"] == []
    backing = "Russia pledged its support for the American military initiative in Georgia."
    assert [e for e in extract(backing, date=DATE) if e.type == "military_aid"] == []
    assert dyads("Russia pledged military support for Georgia's army.", "military_aid") == {
        frozenset(("RUS", "GEO"))
    }


def test_bilateral_training_is_cooperation():
    assert dyads("Pakistani and U.S. airmen conducted a bilateral training event near Karachi.") == {
        frozenset(("PAK", "USA"))
    }
    assert dyads("Kazakh and Kyrgyz troops held bilateral training near Osh.") == {frozenset(("KAZ", "KGZ"))}


def test_an_untagged_official_belongs_to_the_state_of_the_dateline():
    text = (
        "WASHINGTON -- Secretary of Defense John Smith welcomed Thailand's prime minister to the Pentagon "
        "on Monday.\nThailand is an old ally, and Thailand hosts a large annual exercise."
    )
    assert dyads(text, "consult") == {frozenset(("USA", "THA"))}


def test_a_counterpart_is_of_his_own_state():
    text = (
        "The U.S. defence secretary met Estonia's defence minister on Monday. The secretary thanked "
        "his Estonian counterpart for hosting U.S. and NATO forces."
    )
    assert dyads(text, sentence="thanked") == pairs("EST", "USA", "NATO")


def test_what_was_also_discussed_is_the_same_meeting():
    text = (
        "The U.S. defence secretary met Estonia's defence minister at the Pentagon on Monday.\n"
        "The secretary thanked Estonia for its support in Iraq.\n"
        "The American secretary and the Estonian minister also discussed the Baltic region."
    )
    (event,) = [e for e in extract(text, date=DATE) if e.type == "consult"]
    assert len(event.mentions) == 2 and "what the meeting was about" in event.grouping


def test_agencies_by_their_own_names():
    from allyscope.pipeline import Pipeline

    doc = Pipeline.of().nlp("RAW, the DSCA, TECRO, Mossad, MI6 and the Israel Defense Forces met.")
    assert [(s.text, s._.actor.code, s._.actor.sector) for s in doc.spans["actors"]] == [
        ("RAW", "IND", "INTEL"),
        ("DSCA", "USA", "MIL"),
        ("TECRO", "TWN", "DIP"),
        ("Mossad", "ISR", "INTEL"),  # from the PETRARCH dictionary (bench/petrarch_agencies.py)
        ("MI6", "GBR", "INTEL"),
        ("Israel Defense Forces", "ISR", "MIL"),
    ]


def test_training_with_another_army_is_cooperation():
    text = "U.S. Army National Guard soldiers trained with the Armed Forces of Bosnia and Herzegovina in May."
    assert dyads(text) == {frozenset(("USA", "BIH"))}
    assert dyads("Kazakh soldiers trained alongside Turkish troops in May.") == {frozenset(("KAZ", "TUR"))}
    # with instructors, training is given, not held together
    assert dyads("Tajik officers trained with U.S. instructors in May.") == set()


def requests(text: str) -> list[tuple]:
    return [
        (e.source.code, e.target and e.target.code, e.modality)
        for e in extract(text, date=DATE)
        if e.type == "request"
    ]


def test_a_request_of_no_one_named_is_asked_of_the_story_s_other_party():
    text = (
        "The United States trained Georgian troops in 2002, and U.S. officers ran the program. "
        "The program followed the Government of Georgia's request for military assistance."
    )
    assert requests(text) == [("GEO", "USA", "realized")]
    # the condition of an offer is asked of no one
    offer = (
        "Iran trains Turkmen border guards. Iran could also help build new outposts if Turkmenistan asked."
    )
    assert [r for r in requests(offer) if r[1] is not None] == []


def test_asking_for_anonymity_is_no_request_of_anyone():
    text = (
        "Russia keeps troops in Armenia. An Armenian officer, who asked that his name not be used, "
        "said Russia had sent no new troops to Armenia."
    )
    assert [r for r in requests(text) if r[1] is not None] == []


def test_a_plural_name_is_its_event_and_a_definite_deal_with_its_own_value_is_one_more():
    # "Foreign Military Sales" keeps its plural as lemma; the case, valued on its own, is a second
    # sale between the same parties, with its own price
    text = (
        "The United States approved the sale of radars to Armenia for $20 million. The original "
        "Foreign Military Sales case, valued at $8 million, covered spare parts."
    )
    assert [(e.source.code, e.target.code, e.amount["value"]) for e in extract(text, date=DATE)] == [
        ("USA", "ARM", 20_000_000),
        ("USA", "ARM", 8_000_000),
    ]


def test_delivering_a_certification_or_a_speech_is_no_aid():
    for text in (
        "Russia delivered the required certification of the arms transfer to Kyrgyzstan.",
        "The Russian general delivered a speech to Kyrgyz officers at the military academy.",
    ):
        assert [e for e in extract(text, date=DATE) if e.type == "military_aid"] == []


def test_a_base_named_by_a_town_lies_in_the_town_s_state():
    # the gazetteer's town, when the story names its state: "Kant" is in Kyrgyzstan
    assert dyads("Kyrgyzstan is a small country. Russia operates the Kant air base.") == {
        frozenset(("RUS", "KGZ"))
    }
    assert dyads("Uzbekistan lies north of Afghanistan. Germany runs an air base at Termez.") == {
        frozenset(("DEU", "UZB"))
    }
    # a town of a state the story never names is more likely another state's
    assert dyads("Russia operates the Kant air base.") == set()


def test_the_base_is_the_facility_the_story_named_last():
    text = (
        "Vietnam was united in 1976. Cam Ranh Bay became a naval base in 1979. "
        "By 1987 the Soviets had expanded the base to four times its size."
    )
    assert dyads(text, sentence="expanded") == {frozenset(("RUS", "VNM"))}


def test_the_two_nations_are_the_pair_of_the_subject_before():
    text = (
        "Kazakhstan and the United States established relations as Kazakhstan left the Soviet Union. "
        "Since then, the two nations have cooperated on security and counterterrorism."
    )
    assert dyads(text) == {frozenset(("KAZ", "USA"))}


def test_access_to_a_state_s_airfield_is_basing_there():
    text = "The U.S. defence secretary praised Oman. He singled out access to Oman's Thumrait Air Base."
    found = [e for e in extract(text, date=DATE) if e.type == "military_cooperation"]
    assert [frozenset((e.source.code, e.target.code)) for e in found] == [frozenset(("USA", "OMN"))]
    assert found[0].location["name"] == "Thumrait Air Base"
    assert dyads("The U.S. defence secretary praised Oman. He singled out access to Oman's markets.") == set()


def test_also_above_a_noun_trigger_adds_a_second_act():
    text = (
        "The U.S. defence secretary praised Oman. He singled out access to Oman's Thumrait Air Base. "
        "He also thanked the Omani people for hosting Exercise Eagle Reach."
    )
    found = [e for e in extract(text, date=DATE) if e.type == "military_cooperation"]
    assert [len(e.mentions) for e in found] == [1, 1]


def test_agreement_kinds_by_their_acronyms_and_a_partner_after_the_topic():
    assert dyads("Kenya concluded a DCA with Britain.", "agreement") == {frozenset(("KEN", "GBR"))}
    assert dyads("Japan and Australia signed an RAA in January.", "agreement") == {frozenset(("JPN", "AUS"))}
    assert dyads("Kenya concluded a study with Britain.", "agreement") == set()
    # the parser hangs "with Turkey" on the topic; who signs with Georgia is still Turkey
    assert dyads(
        "Georgia signed a memorandum of understanding on military training with Turkey.", "agreement"
    ) == {frozenset(("GEO", "TUR"))}


def test_an_owner_s_effort_on_its_own_forces_is_no_aid():
    text = "Washington backs Kazakhstan's continuing efforts to modernize its armed forces."
    assert [e for e in extract(text, date=DATE) if e.type == "military_aid"] == []
    assert dyads("Russia will modernize Kazakhstan's armed forces.", "military_aid") == {
        frozenset(("RUS", "KAZ"))
    }


def test_the_use_of_the_base_named_before_is_basing_with_its_state():
    text = (
        "Vietnam was united in 1976. Cam Ranh Bay became a naval base in 1979.\n\n"
        "The Russian government signed a 1993 agreement that allowed for the continued use of the "
        "base for signal intelligence."
    )
    found = [e for e in extract(text, date=DATE) if e.type == "military_cooperation" and "use" in e.sentence]
    assert [(frozenset((e.source.code, e.target.code)), e.date) for e in found] == [
        (frozenset(("RUS", "VNM")), "1993")
    ]


def test_notifying_a_state_s_leaders_is_a_consultation_and_meeting_a_threat_is_none():
    assert dyads("The U.S. ambassador notified the Icelandic prime minister of the decision.", "consult") == {
        frozenset(("USA", "ISL"))
    }
    # a notice to one's own legislature names no second party, and none is guessed
    text = "Iceland hosts U.S. forces. The Pentagon notified Congress of the decision."
    assert dyads(text, "consult") == set()
    text = "Iceland hosts U.S. forces. U.S. forces must adjust to meet the current global threat."
    assert dyads(text, "consult") == set()


def test_a_place_inside_what_was_discussed_does_not_part_the_readout():
    text = (
        "The U.S. defence secretary and the Lithuanian defence minister met at the Pentagon. "
        "The two ministers also discussed Russia's activities in Europe."
    )
    found = [e for e in extract(text, date=DATE) if e.type == "consult"]
    assert [(e.location["name"], len(e.mentions)) for e in found] == [("Pentagon", 2)]


def test_a_sale_approved_is_planned_and_a_request_answered_was_made():
    assert aid("The United States approved the sale of radars to Armenia for $20 million.") == [
        ("USA", "ARM", "planned", ["equipment", "sale"], 20_000_000)
    ]
    (request,) = [e for e in extract("Tajikistan rejected a Russian request for a new base.", date=DATE)]
    assert (request.type, request.modality) == ("request", "realized")
