"""The attributes stage: dates, amounts, places, citations and aid kinds of extracted events."""

from __future__ import annotations

import pytest

from allyscope import extract
from allyscope.attributes.amounts import Amounts, usd_rate
from allyscope.model import Event
from allyscope.rules import load_rules

DATE = "2004-09-23"


def parse_amount(text: str, year: int | None = None) -> dict | None:
    return Amounts(load_rules().amounts).parse(text, year)


def event_of(text: str, event_type: str | None = None) -> Event:
    found = [e for e in extract(text, date=DATE) if event_type in (None, e.type)]
    assert found, f"no {event_type or ''} event in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "text,date,precision",
    [
        ("The Russian defence minister visited Dushanbe on September 20.", "2004-09-20", "day"),
        ("Russian and Tajik troops held a joint exercise in mid-September.", "2004-09", "month"),
        ("Tajikistan signed a treaty with Russia in 2002.", "2002", "year"),
        ("India trained Tajik officers in May 2003.", "2003-05", "month"),
        ("Russia delivered helicopters to Tajikistan last month.", "2004-08", "month"),
        ("Tajikistan and India signed a defence cooperation agreement.", DATE, "document"),
    ],
)
def test_event_date_relative_to_document_date(text, date, precision):
    event = event_of(text)
    assert (event.date, event.date_precision) == (date, precision)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("next Tuesday", ("2004-09-28", "day")),
        ("last Tuesday", ("2004-09-21", "day")),
        ("a month-long drill last month", ("2004-08", "month")),
        ("over the past decade", None),
        ("in the Marshall years", None),
    ],
)
def test_date_expressions(text, expected):
    from datetime import date

    from allyscope.lang.en.dates import parse

    assert parse(text, date(2004, 9, 23)) == expected  # a Thursday


def test_last_week_is_in_the_week_before_the_document_date():
    event = event_of("Russia and Tajikistan held a joint exercise last week.")
    assert event.date.startswith("2004-09")
    assert "2004-09-13" <= event.date <= "2004-09-19"


def test_document_date_from_header_anchors_the_sentence_date():
    (event,) = extract("Date: 2004-09-23\n\nThe Russian defence minister visited Dushanbe on September 20.")
    assert event.date == "2004-09-20"
    (undated,) = extract("The Russian defence minister visited Dushanbe.")
    assert undated.date is None and undated.date_precision is None


@pytest.mark.parametrize(
    "text,value,currency",
    [
        ("$2.3 million", 2_300_000, "USD"),
        ("around $2.3 million", 2_300_000, "USD"),
        ("$900,000", 900_000, "USD"),
        ("12 million euros", 12_000_000, "EUR"),
        ("EUR 12 million", 12_000_000, "EUR"),
        ("5 million rubles", 5_000_000, "RUB"),
    ],
)
def test_parse_amount(text, value, currency):
    amount = parse_amount(text, 2004)
    assert (amount["value"], amount["currency"]) == (value, currency)
    assert amount["value_usd"] == pytest.approx(value * usd_rate(currency, 2004), rel=1e-6)


def test_parse_amount_needs_a_currency():
    assert parse_amount("12 million") is None
    assert parse_amount("2,300 troops") is None


def test_dollar_amount_on_an_aid_event():
    event = event_of("The United States gave Tajikistan $2.3 million in military assistance.", "military_aid")
    assert event.amount["value"] == 2_300_000
    assert (event.amount["currency"], event.amount["value_usd"]) == ("USD", 2_300_000)
    assert "funds" in event.aid_kind


def test_amount_with_thousands_separator():
    event = event_of("The United States provided Kyrgyzstan with $900,000 in equipment.", "military_aid")
    assert (event.amount["value"], event.amount["currency"]) == (900_000, "USD")
    assert "equipment" in event.aid_kind


def test_euro_amount_is_converted_to_usd():
    event = event_of("Germany gave Uzbekistan 12 million euros in military aid.", "military_aid")
    assert (event.amount["value"], event.amount["currency"]) == (12_000_000, "EUR")
    assert event.amount["value_usd"] == pytest.approx(12_000_000 * usd_rate("EUR", 2004), rel=1e-6)


def test_place_from_gazetteer_with_coordinates():
    event = event_of("Indian and Tajik troops held a joint exercise in Dushanbe.", "military_cooperation")
    location = event.location
    assert (location["name"], location["country"]) == ("Dushanbe", "TJK")
    assert location["lat"] == pytest.approx(38.54, abs=0.1)
    assert location["lon"] == pytest.approx(68.78, abs=0.1)


def test_place_in_another_country():
    event = event_of("Russia and Kyrgyzstan held a joint exercise in Osh.", "military_cooperation")
    assert (event.location["name"], event.location["country"]) == ("Osh", "KGZ")


def test_capital_as_party_is_not_the_place():
    event = event_of("Moscow agreed to supply Tajikistan with helicopters.", "military_aid")
    assert event.source.code == "RUS"
    assert event.location is None


def test_parenthetical_citation():
    event = event_of("Russia delivered helicopters to Tajikistan (Avesta, September 20).", "military_aid")
    assert event.cited_source == {"outlet": "Avesta", "date": "2004-09-20"}
    assert event.date == DATE, "the report date is not the event date"
    assert "equipment" in event.aid_kind


def test_according_to_at_the_end():
    event = event_of("Russia withdrew its border guards from Tajikistan, according to Interfax.")
    assert event.cited_source["outlet"] == "Interfax"


def test_according_to_at_the_start():
    event = event_of("According to Interfax, Russia delivered helicopters to Tajikistan.")
    assert event.cited_source["outlet"] == "Interfax"


def test_no_citation_without_attribution():
    assert event_of("Russia delivered helicopters to Tajikistan.").cited_source is None


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("India will train Tajik officers and supply helicopters.", {"training", "equipment"}),
        ("Russia delivered helicopters to Tajikistan.", {"equipment"}),
        ("The United States gave Tajikistan $2.3 million in military assistance.", {"funds"}),
    ],
)
def test_aid_kind(text, kinds):
    assert set(event_of(text, "military_aid").aid_kind) == kinds


def test_source_named_at_the_end_of_the_sentence():
    from allyscope import extract

    (event,) = [
        e
        for e in extract(
            "India will hold a joint exercise with Kyrgyzstan in Bishkek, the Indian embassy said.",
            date="2021-04-16",
        )
        if e.type == "military_cooperation"
    ]
    assert event.cited_source == {"outlet": "Indian embassy", "date": None}


def test_the_air_base_is_the_one_named_before():
    from allyscope import extract

    found = extract(
        "Ayni Air Base lies west of Dushanbe.\n\nBetween 2002 and 2010, India spent about $70 million to "
        "renovate the air base for Tajikistan's army.",
        date="2011-01-10",
    )
    aid = next(e for e in found if e.type == "military_aid")
    assert aid.location["name"] == "Ayni Air Base"


def test_the_author_s_own_dollar_conversion_wins():
    from allyscope import extract

    (aid,) = [
        e
        for e in extract(
            "China would spend about 100 million somoni (US$8.9 million) on the outpost for Tajikistan's police.",
            date="2021-10-29",
        )
        if e.type == "military_aid"
    ]
    assert aid.amount["value_usd"] == 8_900_000


def test_a_meeting_at_an_agency_s_building_is_placed_there():
    event = event_of(
        "Defense Secretary Lloyd Austin and Kazakh Defense Minister Ruslan Zhaksylykov met at the Pentagon "
        "on Tuesday.",
        "consult",
    )
    assert (event.location["name"], event.location["country"]) == ("Pentagon", "USA")


def test_a_dateline_may_name_the_country_before_the_city():
    from allyscope import extract

    found = extract(
        "Putin met with President of Belarus Alexander Lukashenko\n\nMay 5, 2011, Belarus, Minsk\n\n"
        "The two presidents signed an agreement on joint air defence.",
        date="2011-05-05",
    )
    assert {e.location["name"] for e in found if e.type in ("consult", "agreement")} == {"Minsk"}


def test_a_place_known_by_another_spelling_resolves():
    event = event_of(
        "Russian and Ukrainian sailors held a joint exercise near Kharkov.", "military_cooperation"
    )
    assert (event.location["name"], event.location["country"]) == ("Kharkiv", "UKR")


def test_a_place_inside_what_an_agreement_is_about_is_not_where_it_was_signed():
    from allyscope import extract

    found = extract(
        "Almaty, Kazakhstan, March 3, 2012\n\nRussia and Kazakhstan signed an agreement on the presence "
        "of Russian radar units in Balkhash.",
        date="2012-03-03",
    )
    agreement = next(e for e in found if e.type == "agreement")
    assert agreement.location["name"] == "Almaty"


def test_a_withdrawal_is_placed_where_it_leaves():
    event = event_of(
        "Russia announced the withdrawal of its troops from Kant air base.", "reduce_cooperation"
    )
    assert "Kant" in event.location["text"]


def test_a_maritime_zone_is_a_place():
    event = event_of(
        "Japanese and Philippine ships held a joint patrol within the Philippines' Exclusive Economic Zone.",
        "military_cooperation",
    )
    assert "Exclusive Economic Zone" in event.location["text"]


def test_the_base_is_the_one_a_name_was_said_to_be():
    from allyscope import extract

    found = extract(
        "Hmeimim became the main Russian air base in the region.\n\nIn 2019, Russia decided to "
        "withdraw the aircraft stationed at the base from Syria's coast.",
        date="2020-01-10",
    )
    withdrawal = next(e for e in found if e.type == "reduce_cooperation")
    assert withdrawal.location["name"] == "Hmeimim"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The Indian defence minister visited Tajikistan in October.", "2005-01-15", "2004-10"),
        ("Russia and Tajikistan will hold a joint exercise in March.", "2004-12-10", "2005-03"),
        ("Russia and Tajikistan will hold a joint exercise on March 3.", "2004-12-10", "2005-03-03"),
        ("Tajik and Indian officers held talks on January 20.", "2005-01-15", "2004-01-20"),
    ],
    ids=["past month", "future month", "future day", "past day"],
)
def test_a_date_without_a_year_lies_on_the_side_of_the_document_its_tense_says(text, published, expected):
    from allyscope import extract

    (event,) = extract(text, date=published)
    assert event.date == expected


def test_a_date_after_the_document_is_not_that_of_an_event_told_in_the_past():
    from allyscope import extract

    found = extract(
        "Russia, whose lease of the base runs out in 2044, signed the agreement with Tajikistan.",
        date="2019-03-28",
    )
    agreement = next(e for e in found if e.type == "agreement")
    assert agreement.date == "2019-03-28"


def test_a_story_told_in_the_past_keeps_its_last_past_date():
    from allyscope import extract

    found = extract(
        "The Iranian and Turkmen border chiefs met in Ashgabat last Tuesday and agreed to patrol the "
        "frontier together from April. They also signed a protocol on sharing intelligence.",
        date="2024-02-26",
    )
    agreement = next(e for e in found if e.type == "agreement")
    assert (agreement.date, agreement.location["name"]) == ("2024-02-20", "Ashgabat")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about $2.3 million", {"value": 2_300_000, "qualifier": "about"}),
        ("more than $50 million", {"value": 50_000_000, "qualifier": "at_least"}),
        ("up to $5 million", {"value": 5_000_000, "qualifier": "at_most"}),
        ("$100-200 million", {"value": 100_000_000, "value_max": 200_000_000, "qualifier": "range"}),
        ("$1 million to $2.5 million", {"value": 1_000_000, "value_max": 2_500_000, "qualifier": "range"}),
        ("Rs 500 crore", {"value": 5_000_000_000, "currency": "INR"}),
        ("A$20 million", {"value": 20_000_000, "currency": "AUD"}),
        ("$20 million", {"value": 20_000_000, "currency": "USD"}),
    ],
)
def test_ranges_bounds_and_other_currencies(text, expected):
    amount = parse_amount(text, 2010)
    assert {k: amount.get(k) for k in expected} == expected
    if amount["currency"] != "USD":
        assert amount["value_usd"] == pytest.approx(amount["value"] * usd_rate(amount["currency"], 2010))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia will supply Armenia with weapons worth $100-200 million.", (100_000_000, 200_000_000)),
        ("Russia gave Armenia more than $50 million in military aid.", (50_000_000, None)),
        ("India gave Tajikistan military aid worth Rs 500 crore.", (5_000_000_000, None)),
    ],
)
def test_the_tagger_s_money_span_is_widened_to_the_whole_amount(text, expected):
    amount = event_of(text, "military_aid").amount
    assert (amount["value"], amount.get("value_max")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Georgia's defence budget reached $40 million last year, and Turkey trained Georgian officers.",
        "Georgia's defence budget reached $40 million last year; Turkey, too, trains Georgian officers.",
    ],
)
def test_an_amount_stays_in_its_own_clause(text):
    training = event_of(text, "military_aid")
    assert training.source.code == "TUR" and training.amount is None


def test_verbs_sharing_a_subject_share_the_cost():
    event = event_of(
        "The project will provide training to Tajik border officers and improve outposts on the Afghan "
        "border at a cost of $900,000.",
        "military_aid",
    )
    assert event.amount["value"] == 900_000


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("The total value of the deal was over $20 million.", 20_000_000),
        ("The deal was worth $20 million.", 20_000_000),
        ("Tajikistan's defence budget is $20 million.", None),
    ],
)
def test_a_sentence_giving_only_the_value_of_what_was_told_before(follow_up, expected):
    from allyscope import extract

    found = extract(f"Russia delivered two Mi-8 helicopters to Tajikistan. {follow_up}", date="2010-06-01")
    aid = next(e for e in found if e.type == "military_aid")
    assert (aid.amount or {}).get("value") == expected


def test_a_guest_welcomed_to_a_building_met_there_and_then():
    from allyscope import extract

    (consult,) = [
        e
        for e in extract(
            "Secretary Austin welcomed the Kazakh defence minister Ruslan Zhaksylykov to the Pentagon "
            "yesterday to discuss border security.",
            date="2022-05-13",
        )
        if e.type == "consult"
    ]
    assert (consult.location["name"], consult.date) == ("Pentagon", "2022-05-12")


def test_the_host_is_the_place_not_the_region_an_exercise_aims_at():
    event = event_of(
        "Chad, Senegal and Mali held a joint military exercise, hosted by Mali, to strengthen stability "
        "across the Sahel region.",
        "military_cooperation",
    )
    assert event.location["name"] == "Mali"


@pytest.mark.parametrize(
    "text",
    [
        "The exercise includes Chad, Senegal and the host nation of Mali.",
        "The exercise was hosted by Mali.",
        "Mali hosted the exercise.",
    ],
)
def test_the_state_a_sentence_names_as_host(text):
    from allyscope.attributes.places import Places
    from allyscope.pipeline import Pipeline

    pipeline = Pipeline.of()
    sent = next(pipeline.nlp(text).sents)
    assert Places(pipeline.rules.lang).host(sent).text == "Mali"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "The United States has provided $300 million in military aid to Georgia since 2002.",
            ("2002", DATE),
        ),
        (
            "Between 2002 and 2010, India spent about $70 million on military aid to Tajikistan.",
            ("2002", "2010"),
        ),
        ("From 1999 to 2003, Japan gave Tajikistan $12 million in border aid.", ("1999", "2003")),
    ],
)
def test_a_total_over_years_is_dated_by_its_start_and_keeps_its_span(text, period):
    event = event_of(text, "military_aid")
    assert event.date == period[0]
    assert (event.amount["period"]["start"], event.amount["period"]["end"]) == period


def test_an_amount_of_one_year_has_no_span():
    assert (
        "period"
        not in event_of("Japan gave Tajikistan $12 million in border aid in 2003.", "military_aid").amount
    )


def test_a_place_named_after_its_noun():
    event = event_of(
        "Omani and French ships held a joint naval exercise in and off the coast of Oman.",
        "military_cooperation",
    )
    assert (event.location["name"], event.location["country"]) == ("coast of Oman", "OMN")


def test_a_definite_mention_of_an_exercise_happens_where_it_was_told():
    from allyscope import extract

    found = extract(
        "Russia and Tajikistan held a joint military exercise in Khatlon on September 20.\n\n"
        "The weeklong exercise will include forces from Kyrgyzstan and Kazakhstan.",
        date="2004-09-23",
    )
    kyrgyz = next(e for e in found if "KGZ" in (e.source.code, e.target.code))
    assert kyrgyz.location["name"] == "Khatlon"


def test_an_amount_s_range_qualifier_and_span_are_in_the_event_schema():
    import json

    from allyscope.paths import DATA

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "event.schema.json").read_text(encoding="utf-8"))
    event = event_of(
        "Between 1999 and 2003, Russia gave Armenia $100-200 million in military aid.", "military_aid"
    )
    assert {"value_max", "qualifier", "period"} <= set(event.amount)
    amount_schema = schema["properties"]["amount"]["oneOf"][1]
    assert {"value_max", "qualifier", "period"} <= set(amount_schema["properties"])
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(event.to_dict())))


def test_the_amount_goes_to_the_aid_of_its_own_clause_with_the_giver_its_noun_names():
    found = extract(
        "Georgia received $40 million in British military aid last year; Turkey, too, trains its officers.",
        date=DATE,
    )
    aid = [
        (e.source and e.source.code, e.target and e.target.code, (e.amount or {}).get("value")) for e in found
    ]
    assert ("GBR", "GEO", 40_000_000) in aid
    assert all(value is None for source, _, value in aid if source == "TUR")


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("¥1.2 billion", 1_200_000_000, "JPY"),
        ("₹500 crore", 5_000_000_000, "INR"),
        ("₽5 billion", 5_000_000_000, "RUB"),
        ("RMB 20 million", 20_000_000, "CNY"),
        ("£2.3 billion", 2_300_000_000, "GBP"),
        ("60 billion yen", 60_000_000_000, "JPY"),
        ("5 billion roubles", 5_000_000_000, "RUB"),
        ("100 million rupees", 100_000_000, "INR"),
    ],
)
def test_currencies_other_than_the_dollar(text, value, currency):
    amount = parse_amount(text, 2010)
    assert (amount["value"], amount["currency"]) == (value, currency)
    assert 0 < amount["value_usd"] < value * 2  # converted at a rate of the time


@pytest.mark.parametrize(
    "text",
    [
        "Japan will give the Philippines ¥1.2 billion for radar equipment.",
        "Britain gave Ukraine £2.3 billion in military aid this year.",
    ],
)
def test_an_amount_after_a_currency_sign_on_the_event(text):
    amount = event_of(text, "military_aid").amount
    assert amount["currency"] in ("JPY", "GBP") and amount["value"] in (1_200_000_000, 2_300_000_000)


def test_a_range_whose_ends_the_tagger_splits():
    amount = event_of(
        "The United States gave Georgia between $1 million and $2 million in military aid.", "military_aid"
    ).amount
    assert (amount["value"], amount["value_max"], amount["qualifier"]) == (1_000_000, 2_000_000, "range")


def test_the_one_thanked_for_hosting_an_exercise_is_its_place():
    event = event_of(
        "Thailand and the United States are allies. The U.S. defence secretary thanked the Thai people "
        "for hosting Exercise Cobra Gold.",
        "military_cooperation",
    )
    assert (event.location["name"], event.location["country"]) == ("Thailand", "THA")
