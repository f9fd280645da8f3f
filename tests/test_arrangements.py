"""Standing arrangements: built from the events that open, renew and end them and from
present-tense statements, and counted in every period in which they are active."""

from __future__ import annotations

import json

import pytest

from allyscope import extract
from allyscope.analysis.arrangements import active, build_arrangements, rules
from allyscope.analysis.weights import load_weights
from allyscope.errors import DataError
from allyscope.paths import DATA

DEMO = DATA / "demo"


def demo(*numbers: str):
    return [e for n in numbers for e in extract(next(DEMO.glob(f"{n}-*.txt")))]


def one(arrangements, kind, *parties):
    (found,) = [a for a in arrangements if a.kind == kind and a.parties == tuple(sorted(parties))]
    return found


@pytest.fixture(scope="module")
def tajik():
    """Russian border guards stated in 2002 (03) and handed over in 2005 (08); the 201st
    division stated in 2003 (05) and its stay extended until 2042 (20)."""
    return build_arrangements(demo("03", "05", "08", "20"))


def test_border_guards_stated_then_withdrawn_are_active_until_the_handover(tajik):
    guards = one(tajik, "border_guards", "RUS", "TJK")
    assert (guards.start.isoformat(), guards.end.isoformat(), guards.opened) == (
        "2002-03-18",
        "2005-06-14",
        False,
    )
    assert [action for _, action, _ in guards.evidence] == ["state", "end"]
    assert len(active(tajik, "2004-01-01", "2004-12-31").query("kind == 'border_guards'")) == 1
    assert active(tajik, "2006-01-01", "2006-12-31").query("kind == 'border_guards'").empty


def test_a_renewal_with_a_term_keeps_the_base_active_until_its_end(tajik):
    base = one(tajik, "base", "RUS", "TJK")
    assert base.end.isoformat() == "2042-12-31" and base.host == "TJK"
    in_2030 = active(tajik, "2030-01-01", "2030-12-31")
    assert list(in_2030["kind"]) == ["base"] and list(in_2030["weight"]) == [
        load_weights().arrangements["base"]
    ]


def test_an_opening_starts_and_a_lease_term_ends_an_arrangement():
    found = build_arrangements(
        extract(
            "Kyrgyzstan and Russia signed a 15-year lease on the Kant air base on September 22, 2003. "
            "Russia opened a military base in Tajikistan in 2004.",
            date="2020-01-01",
        )
    )
    lease = one(found, "lease", "KGZ", "RUS")
    assert (lease.start.isoformat(), lease.end.isoformat(), lease.opened) == (
        "2003-09-22",
        "2018-09-22",
        True,
    )
    assert one(found, "base", "RUS", "TJK").opened
    assert set(active(found, "2019-01-01", "2019-12-31")["kind"]) == {"base"}


def test_a_planned_closure_ends_nothing_and_a_realized_one_does():
    planned = build_arrangements(demo("16"))  # Bishkek would close the U.S. air base at Manas
    assert not [a for a in planned if a.end is not None]
    closed = one(build_arrangements(demo("21")), "base", "KGZ", "USA")  # handed the Transit Center back
    assert closed.end.isoformat() == "2014-06-03" and closed.place == "Manas"


def test_an_exercise_is_no_stationing():
    hosted = build_arrangements(demo("18"))  # Kazakhstan hosted 5,000 troops for Peace Mission 2010
    assert hosted == []


def test_the_rules_and_weights_are_checked(tmp_path):
    bad = tmp_path / "arrangements.csv"
    bad.write_text("kind,action,type,lemmas,objects,unless,about\nbase,close,reduce_cooperation,*,base,,x\n")
    with pytest.raises(ValueError, match="row 2: action must be one of open, renew, end, state"):
        rules(bad)
    weights = tmp_path / "weights.json"
    weights.write_text(json.dumps({"arrangements": {"embassy": 1.0}}))
    with pytest.raises(DataError, match=r"E023: .*unknown arrangements embassy; use lease, border_guards"):
        load_weights(weights)
    weights.write_text(json.dumps({"arrangements": {"transit": -1}}))
    with pytest.raises(DataError, match="arrangements weight of transit must be a number of at least 0"):
        load_weights(weights)
    weights.write_text(json.dumps({"arrangements": {"transit": 0.5}}))
    assert load_weights(weights).arrangements["transit"] == 0.5


def test_a_withdrawal_weighs_against_its_partner(tmp_path):
    from synthetic_store import build_store

    from allyscope import Options, partners
    from allyscope.store import Store

    def russia(**options) -> float:
        with Store.for_reading(db) as store:
            found = partners(store, "TJK", Options(**options)).portfolio
        return found.query("period == '2004' and partner == 'RUS'")["share"].item()

    db = build_store(tmp_path / "synthetic.duckdb")
    # 2004: Russia's exercise and aid weigh 6, and Dushanbe's planned withdrawal from Russia 0.5 x -2
    assert russia() == pytest.approx(5 / 12)
    weights = tmp_path / "weights.json"
    weights.write_text(json.dumps({"against": {"reduce_cooperation": 0}}))
    assert russia(weights_file=weights) == pytest.approx(6 / 13)
    weights.write_text(json.dumps({"against": {"reduce_cooperation": 20}}))
    assert russia(weights_file=weights) == 0.0, "a partner's weight goes no lower than 0"
    weights.write_text(json.dumps({"against": {"withdrawal": 1}}))
    with pytest.raises(DataError, match="E023: .*unknown against withdrawal"):
        load_weights(weights)


def test_an_arrangement_kind_without_a_weight_is_an_error(monkeypatch):
    from allyscope.analysis import arrangements

    real = arrangements.kinds
    monkeypatch.setattr(arrangements, "kinds", lambda: [*real(), "embassy"])
    with pytest.raises(DataError, match='E060: .*arrangement kind.s. embassy; add them under "arrangements"'):
        load_weights()
