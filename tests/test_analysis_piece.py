"""The case allyscope was born from, in an analysis piece of our own words (tests/data): one
September 2004 week of Tajik security diplomacy. Extraction must code every event of it, and the
partner portfolio built from it must put Russia first and name India and Poland as new."""

from __future__ import annotations

from pathlib import Path

import pytest

from allyscope import extract, partners
from allyscope.store import Store

ARTICLE = Path(__file__).parent / "data" / "tajikistan-new-friends-2004.txt"


@pytest.fixture(scope="module")
def events():
    return extract(ARTICLE, date="2004-09-23")


def keys(events):
    return {(e.type, e.modality, e.source and e.source.code, e.target and e.target.code) for e in events}


def test_every_event_of_the_week_is_coded(events):
    assert keys(events) >= {
        ("consult", "realized", "TJK", "IND"),  # received a delegation of the Indian armed forces
        ("military_cooperation", "hypothetical", "IND", "TJK"),  # the possibility of joint exercises
        ("military_aid", "hypothetical", "IND", "TJK"),  # India's readiness to help with air transport
        ("consult", "realized", "TJK", "POL"),  # met with Poland's ambassador
        ("military_aid", "planned", "POL", "TJK"),  # Warsaw's interest in supplying equipment
        ("military_aid", "realized", "USA", "TJK"),  # about $2.3 million this year
        ("military_cooperation", "realized", "RUS", "TJK"),  # joint exercise near the Afghan border
        ("request", "planned", "TJK", "RUS"),  # intends to ask Moscow
        ("reduce_cooperation", "planned", "RUS", "TJK"),  # to withdraw its border guards
    }


def test_attributes_of_the_aid_and_the_citations(events):
    aid = next(e for e in events if e.type == "military_aid" and e.source.code == "USA")
    assert (aid.amount["value_usd"], aid.date, aid.date_precision) == (2_300_000, "2004", "year")
    assert aid.cited_source["outlet"] == "U.S. embassy"
    visit = next(e for e in events if e.type == "consult" and e.target.code == "IND")
    assert (visit.date, visit.cited_source) == ("2004-09-20", {"outlet": "Avesta", "date": "2004-09-20"})
    garrison = next(e for e in events if e.date == "1993")
    assert (garrison.type, garrison.source.code, garrison.target.code) == (
        "military_cooperation",
        "RUS",
        "TJK",
    )


def test_portfolio_puts_russia_first_and_names_the_new_partners(tmp_path):
    with Store(tmp_path / "piece.duckdb") as store:
        store.ingest([ARTICLE], date="2004-09-23")
        found = partners(store, "TJK")
    portfolio, said = found.portfolio, found.verdict
    year = portfolio[portfolio["period"] == "2004"]
    assert list(year["partner"])[0] == "RUS"
    assert set(year["partner"]) == {"RUS", "USA", "IND", "POL"}
    assert said["period"] == "2004" and {"IND", "POL"} <= set(said["new_partners"])
    assert "new partners: India, Poland" in said["text"]
