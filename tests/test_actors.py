"""The actors stage on real spaCy output: `doc.spans["actors"]` and each span's `_.actor`."""

from __future__ import annotations

import pytest

from allyscope.language import load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def mentions(nlp, text: str) -> dict[str, tuple]:
    """span text -> (code, kind, sector, place_use) for every actor span of `text`."""
    doc = nlp(text)
    return {
        s.text: (s._.actor.code, s._.actor.kind, s._.actor.sector, s._.place_use) for s in doc.spans["actors"]
    }


def codes(nlp, text: str) -> dict[str, str]:
    return {text: value[0] for text, value in mentions(nlp, text).items()}


def test_countries_by_name_short_and_official_form(nlp):
    text = (
        "Tajikistan, Kyrgyzstan, Uzbekistan, Kazakhstan and Turkmenistan attended, as did the "
        "Russian Federation, the Republic of Poland and the United States."
    )
    assert codes(nlp, text) == {
        "Tajikistan": "TJK",
        "Kyrgyzstan": "KGZ",
        "Uzbekistan": "UZB",
        "Kazakhstan": "KAZ",
        "Turkmenistan": "TKM",
        "Russian Federation": "RUS",
        "Republic of Poland": "POL",
        "United States": "USA",
    }


def test_countries_by_adjective(nlp):
    found = codes(nlp, "U.S. officials met Russian, Indian and Polish diplomats and an American envoy.")
    assert found == {"U.S.": "USA", "Russian": "RUS", "Indian": "IND", "Polish": "POL", "American": "USA"}


def test_capital_metonymy_is_a_party(nlp):
    found = mentions(nlp, "Moscow decided to send more troops to Tajikistan.")
    assert found["Moscow"] == ("RUS", "state", "GOV", False)
    capitals = codes(
        nlp, "Washington, New Delhi, Warsaw and Beijing welcomed the deal, while Kabul objected."
    )
    assert capitals == {
        "Washington": "USA",
        "New Delhi": "IND",
        "Warsaw": "POL",
        "Beijing": "CHN",
        "Kabul": "AFG",
    }


def test_capital_as_place_is_marked_place_use(nlp):
    found = mentions(nlp, "The talks were held in Moscow.")
    code, _, _, place_use = found["Moscow"]
    assert code == "RUS" and place_use is True


def test_possessive_capital_is_its_state(nlp):
    assert mentions(nlp, "Dushanbe's leaders welcomed the offer.")["Dushanbe"][0] == "TJK"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The CSTO, the SCO, the CIS, the UN, the EU and the OSCE issued statements.",
            "CSTO SCO CIS UN EU OSCE",
        ),
        (
            "The Collective Security Treaty Organization and the Shanghai Cooperation Organisation met.",
            "CSTO SCO",
        ),
        ("Tajikistan joined the Partnership for Peace in 2002.", "TJK NATO"),
        ("NATO welcomed the move. The Alliance will open an office in Dushanbe.", "NATO NATO"),
    ],
)
def test_international_organisations(nlp, text, expected):
    doc = nlp(text)
    found = [s._.actor for s in doc.spans["actors"] if not s._.place_use]
    assert [a.code for a in found] == expected.split()
    assert all(a.kind == "igo" for a in found if a.code != "TJK")


def test_alliance_and_partnership_for_peace_are_nato(nlp):
    found = mentions(nlp, "Tajikistan joined the Partnership for Peace. The Alliance welcomed the move.")
    assert found["Partnership for Peace"][:2] == ("NATO", "igo")
    assert found["Alliance"][:2] == ("NATO", "igo")


@pytest.mark.parametrize(
    "text,mention,code,sector",
    [
        ("Tajik border guards detained smugglers.", "Tajik", "TJK", "BORDER"),
        ("Tajikistan's Ministry of Defense received Indian officers.", "Tajikistan", "TJK", "MIL"),
        ("The Russian armed forces held drills.", "Russian", "RUS", "MIL"),
        ("The Kyrgyz police arrested two men.", "Kyrgyz", "KGZ", "POLICE"),
        ("Uzbek intelligence monitored the border.", "Uzbek", "UZB", "INTEL"),
        ("The Indian embassy issued a statement.", "Indian", "IND", "DIP"),
        ("The Tajik president signed the decree.", "Tajik", "TJK", "GOV"),
        ("The Russian government approved the plan.", "Russian", "RUS", "GOV"),
    ],
)
def test_sectors_from_head_nouns(nlp, text, mention, code, sector):
    found = mentions(nlp, text)
    assert found[mention][0] == code
    assert found[mention][2] == sector


def test_ministry_of_defense_of_country(nlp):
    found = mentions(nlp, "The Ministry of Defense of Tajikistan announced the exercise.")
    assert ("TJK", "MIL") in {(v[0], v[2]) for v in found.values()}


def test_person_by_apposition_with_possessive_country(nlp):
    found = mentions(nlp, "Sherali Khayrulloyev, Tajikistan's Minister of Defense, received the delegation.")
    assert found["Sherali Khayrulloyev"] == ("TJK", "person", "MIL", False)


def test_ambassador_is_coded_with_own_country(nlp):
    found = mentions(nlp, "Jan Kowalczyk, Poland's ambassador to Tajikistan, met the defence minister.")
    assert found["Jan Kowalczyk"][:3] == ("POL", "person", "DIP")


def test_person_followed_by_surname_and_pronoun(nlp):
    doc = nlp(
        "Jan Kowalczyk, Poland's ambassador to Tajikistan, met the defence minister. "
        "Kowalczyk said Warsaw would supply equipment. He also offered training."
    )
    people = {s.text: s._.actor for s in doc.spans["actors"] if s._.actor.kind == "person"}
    full, surname, pronoun = people["Jan Kowalczyk"], people["Kowalczyk"], people["He"]
    assert full.sector == "DIP"
    assert surname.name == pronoun.name == full.name == "Jan Kowalczyk"
    assert surname.code == pronoun.code == full.code


def test_pronoun_follows_person_not_unrelated_state(nlp):
    doc = nlp(
        "Sherali Khayrulloyev, Tajikistan's Minister of Defense, met Indian officers. "
        "He said Russia remained the main partner."
    )
    he = next(s._.actor for s in doc.spans["actors"] if s.text == "He")
    assert (he.name, he.code, he.sector) == ("Sherali Khayrulloyev", "TJK", "MIL")


def test_untitled_counterpart_is_not_the_side_that_meets_him(nlp):
    found = codes(
        nlp,
        "Washington sent trainers to Kazakhstan. Washington praised Astana. "
        "Washington will discuss aid with Defence Minister Nurlan Serikov next week.",
    )
    assert found["Nurlan Serikov"] == "KAZ"


def actors_of(nlp, text: str) -> dict[str, object]:
    """span text -> its Actor."""
    return {s.text: s._.actor for s in nlp(text).spans["actors"]}


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The World Food Programme, UNICEF and the UN refugee agency appealed for funds.",
            {"World Food Programme": "WFP", "UNICEF": "UNICEF", "UN refugee agency": "UNHCR"},
        ),
        (
            "The IMF and the World Bank froze loans after ECOWAS suspended the junta.",
            {"IMF": "IMF", "World Bank": "WB", "ECOWAS": "ECOWAS"},
        ),
        (
            "Ministers from APEC and the International Labour Organization discussed migrant workers.",
            {"APEC": "APEC", "International Labour Organization": "ILO"},
        ),
    ],
)
def test_more_international_organisations(nlp, text, expected):
    found = actors_of(nlp, text)
    assert {name: a.code for name, a in found.items()} == expected
    assert all(a.kind == "igo" for a in found.values())


def test_aid_and_rights_groups_are_non_state_ngos(nlp):
    found = actors_of(
        nlp,
        "Amnesty International and Human Rights Watch asked the Red Cross to inspect the jail, "
        "and the Red Crescent sent blankets.",
    )
    assert {name: a.code for name, a in found.items()} == {
        "Amnesty International": "AMNESTY",
        "Human Rights Watch": "HRW",
        "Red Cross": "ICRC",
        "Red Crescent": "IFRC",
    }
    assert {(a.kind, a.sector) for a in found.values()} == {("non_state", "NGO")}


@pytest.mark.parametrize(
    "text,name,code,country",
    [
        ("Hamas rejected the truce proposal.", "Hamas", "HAMAS", "PSE"),
        ("Hizbollah fighters crossed the border.", "Hizbollah", "HEZBOLLAH", "LBN"),
        ("The Tamil Tigers ended the ceasefire.", "Tamil Tigers", "LTTE", "LKA"),
        ("The Kurdistan Workers' Party declared a truce.", "Kurdistan Workers' Party", "PKK", "TUR"),
        ("Boko Haram kidnapped dozens of pupils.", "Boko Haram", "BOKOHARAM", "NGA"),
        ("Houthi rebels seized the port.", "Houthi", "HOUTHIS", "YEM"),
    ],
)
def test_armed_groups_carry_their_country_in_the_cameo_code(nlp, text, name, code, country):
    actor = actors_of(nlp, text)[name]
    assert (actor.code, actor.kind) == (code, "non_state")
    assert actor.cameo_code.startswith(country)


@pytest.mark.parametrize(
    "text,mention,code",
    [
        ("Bosnian Croats voted against the new constitution.", "Bosnian Croats", "BIH"),
        ("Syrian Kurds asked for more weapons.", "Syrian Kurds", "SYR"),
        ("Afghan Hazaras fled the fighting.", "Afghan Hazaras", "AFG"),
        ("Lebanese Shiite militiamen blocked the road.", "Lebanese Shiite", "LBN"),
        ("The Hungarians of southern Slovakia elected a new leader.", "Hungarians", "SVK"),
        ("Ethnic Russians in eastern Ukraine held a rally.", "Ethnic Russians", "UKR"),
        ("Kurdish fighters in Syria captured the town.", "Kurdish", "SYR"),
        ("Ethnic Uzbeks staged a protest.", "Ethnic Uzbeks", "UZB"),
    ],
)
def test_population_groups_take_the_country_they_belong_to(nlp, text, mention, code):
    found = mentions(nlp, text)
    assert found[mention][:2] == (code, "non_state")
    # the people word is part of the group, not a party of its own ("Croats" is not Croatia);
    # the only other mentions are places
    assert [m for m in found if m != mention and not found[m][3]] == []


def test_country_a_group_lives_in_is_a_place(nlp):
    found = mentions(nlp, "The Hungarians of southern Slovakia elected a new leader.")
    assert found["Slovakia"] == ("SVK", "state", None, True)


def test_population_group_rule_leaves_other_uses_alone(nlp):
    # an unmarked demonym stays its state
    assert mentions(nlp, "Serbs rejected the plan.")["Serbs"][:2] == ("SRB", "state")
    # "the Russians in Syria" are more likely Russia's forces than a Syrian group
    assert mentions(nlp, "The Russians in Syria expanded their base.")["Russians"][:2] == ("RUS", "state")
    # refugees keep the country they come from
    assert codes(nlp, "Afghan refugees in Pakistan were sent home.")["Afghan refugees"] == "AFG"
    # two country adjectives before a non-population noun are two states
    assert codes(nlp, "The Tajik Afghan border was closed.") == {"Tajik": "TJK", "Afghan": "AFG"}
    # a stateless people with no country named has no code
    assert codes(nlp, "Kurds demanded autonomy.") == {}


def test_a_group_named_by_its_sector_takes_the_country_it_is_in(nlp):
    found = mentions(nlp, "Opposition parties in Kenya walked out of parliament.")
    assert found["Opposition parties"][:2] == ("KEN", "non_state")
    assert mentions(nlp, "Two hundred guerrillas from Chad crossed the border.")["guerrillas"][:2] == (
        "TCD",
        "non_state",
    )


def test_person_resolution_is_linear_in_a_long_chain_of_names():
    """A long run of one name with a right-to-left mark and an emoji parses as a chain of
    appositions; resolving each name by walking the whole chain was quadratic (95 s for 2,000
    repetitions). Our components now take a fraction of a second; the bound is generous."""
    import time

    from allyscope.model import Document
    from allyscope.pipeline import Pipeline

    pipeline = Pipeline.of()
    doc = pipeline.nlp.make_doc("Karimov\u200f\U0001f600, " * 1500)
    ours = 0.0
    for name, component in pipeline.nlp.pipeline:
        start = time.perf_counter()
        doc = component(doc)
        if name.startswith("allyscope_"):
            ours += time.perf_counter() - start
    start = time.perf_counter()
    pipeline.build_events(doc, Document(doc.text, "chain"))
    ours += time.perf_counter() - start
    assert ours < 8, f"our components took {ours:.1f} s on a 4,500-token chain of names"
