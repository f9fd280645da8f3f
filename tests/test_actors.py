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
