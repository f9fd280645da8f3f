"""Partner portfolio, concentration, trend and verdict against hand-computed values."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from typer.testing import CliRunner

from allyscope.analysis.dependence import dependence
from allyscope.analysis.options import Options
from allyscope.analysis.weights import load_weights
from allyscope.cli import app
from allyscope.errors import DataError
from allyscope.paths import DATA
from allyscope.store import Store

TOL = 1e-9


@pytest.fixture(scope="module")
def events(db):
    with Store(db, read_only=True) as store:
        return store.query_events(country="TJK")


def result(events, **options):
    return dependence(events, "TJK", Options(**options))


def portfolio(events, country="TJK", **options):
    return result(events, **options).portfolio


def concentration(events, country="TJK", **options):
    return result(events, **options).concentration


def trend(events, country="TJK", **options):
    return result(events, **options).trend


def verdict(events, country="TJK", **options):
    return result(events, **options).verdict


def entropy(*weights: float) -> float:
    total = sum(weights)
    return -sum(w / total * math.log(w / total) for w in weights)


def shares(frame, period):
    rows = frame[frame["period"] == period]
    return dict(zip(rows["partner"], rows["share"], strict=True))


def test_portfolio_type_weights_shares_and_counts(events):
    table = portfolio(events, "TJK", by="year")
    assert list(table[table["period"] == "2004"]["partner"]) == ["RUS", "USA", "IND", "POL"]
    s2004 = shares(table, "2004")
    # the planned withdrawal from Russia weighs against it: 0.5 x -2
    for partner, weight in {"RUS": 5, "USA": 3, "IND": 2.5, "POL": 1.5}.items():
        assert s2004[partner] == pytest.approx(weight / 12, abs=TOL)
    assert shares(table, "2003") == pytest.approx({"RUS": 4 / 7, "USA": 3 / 7}, abs=TOL)
    rus = table[(table["period"] == "2004") & (table["partner"] == "RUS")].iloc[0]
    # the statement is not a scored event; the hypothetical aid (weighing 0) and the planned withdrawal count
    assert (rus["events"], rus["military_aid"], rus["military_cooperation"], rus["reduce_cooperation"]) == (
        4,
        2,
        1,
        1,
    )
    assert (rus["realized"], rus["planned"], rus["hypothetical"], rus["negated"]) == (2, 1, 1, 0)
    usa = table[(table["period"] == "2004") & (table["partner"] == "USA")].iloc[0]
    assert (usa["aid_usd"], usa["pledged_usd"]) == (2_300_000, 0)
    assert rus["hhi"] == pytest.approx((25 + 9 + 6.25 + 2.25) / 144, abs=TOL)
    assert rus["effective_partners"] == pytest.approx(144 / 42.5, abs=TOL)


def test_portfolio_other_weights(events):
    count = shares(portfolio(events, "TJK", weight="count"), "2004")
    # RUS: 1 + 1 + 0.5 (planned withdrawal) + 0 (hypothetical); IND 1 + 0.5; POL 0.5; USA 1
    assert count == pytest.approx(
        {"RUS": 2.5 / 5.5, "IND": 1.5 / 5.5, "USA": 1 / 5.5, "POL": 0.5 / 5.5}, abs=TOL
    )
    gold = shares(portfolio(events, "TJK", weight="goldstein"), "2004")
    # Goldstein: exercise 7.4, aid 8.3, consult 1.0, planned aid 5.2 x 0.5; the withdrawal is negative -> 0
    assert gold["RUS"] == pytest.approx((7.4 + 8.3) / 30.2, abs=TOL)
    assert gold["POL"] == pytest.approx(2.6 / 30.2, abs=TOL)
    amount = portfolio(events, "TJK", weight="amount")
    assert shares(amount, "2004")["USA"] == pytest.approx(1.0, abs=TOL)
    assert amount[amount["period"] == "2004"]["hhi"].iloc[0] == pytest.approx(1.0, abs=TOL)
    realized = shares(portfolio(events, "TJK", realized_only=True), "2004")
    # Poland's events were all planned: it is no partner of realized cooperation, not one of share 0
    assert realized == pytest.approx({"RUS": 0.6, "USA": 0.3, "IND": 0.1}, abs=TOL)


def test_weights_file_overrides(tmp_path, events):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"type": {"consult": 3.0}}))
    weights = load_weights(path)
    assert weights.type["consult"] == 3.0 and weights.modality["planned"] == 0.5
    s = shares(portfolio(events, "TJK", weights_file=path), "2003")
    assert s["RUS"] == pytest.approx(6 / 9, abs=TOL)
    path.write_text(json.dumps({"type": {"talks": 1}}))
    with pytest.raises(DataError, match="E023: .*unknown type talks"):
        load_weights(path)


def test_concentration_indices_and_partner_change(events):
    table = concentration(events, "TJK", by="year").set_index("period")
    y3, y4 = table.loc["2003"], table.loc["2004"]
    assert y3["hhi"] == pytest.approx(25 / 49, abs=TOL)
    assert y3["entropy"] == pytest.approx(entropy(4, 3), abs=TOL)
    assert y4["hhi"] == pytest.approx(42.5 / 144, abs=TOL)
    assert y4["effective_partners"] == pytest.approx(144 / 42.5, abs=TOL)
    assert y4["entropy"] == pytest.approx(entropy(5, 3, 2.5, 1.5), abs=TOL)
    assert (y4["top_partner"], y4["top_share"]) == ("RUS", pytest.approx(5 / 12, abs=TOL))
    assert (y4["events"], y4["partners"], y4["aid_usd"]) == (8, 4, 2_300_000)
    assert y3["new_partners"] == [] and y3["lost_partners"] == []
    assert y4["new_partners"] == ["IND", "POL"] and y4["lost_partners"] == []
    assert y4["hhi_low"] <= y4["hhi"] <= y4["hhi_high"]
    realized = concentration(events, "TJK", realized_only=True).set_index("period")
    assert realized.loc["2004", "new_partners"] == ["IND"]


def test_trend_slope_and_bootstrap(events):
    row = trend(events, "TJK")
    assert row["slope_per_year"] == pytest.approx(42.5 / 144 - 25 / 49, abs=TOL)
    assert row["low"] < row["high"] and row["level"] == 0.9
    again = trend(events, "TJK")
    assert (again["low"], again["high"]) == (row["low"], row["high"])
    monthly = trend(events, "TJK", by="month")
    assert monthly["periods"] == 5  # 2003-05, -06, -07, 2004-09, -10
    assert trend(events, "TJK", by="all")["direction"].startswith("no trend")


def test_verdict_names_the_patron_and_new_partners(events):
    said = verdict(events, "TJK")
    assert said["period"] == "2004" and said["top_partner"] == "RUS"
    assert said["text"].startswith(
        "Tajikistan, 2004: Russia 42% of weighted cooperation (HHI 0.30, 3.4 effective partners); "
        "new partners: India, Poland; lost: none; concentration "
    )
    first = verdict(events, "TJK", period="2003")["text"]
    assert "first period on record" in first
    assert "no trend" in verdict(events, "TJK", by="all")["text"]


def test_partners_cli_prints_portfolio_and_verdict(db):
    runner = CliRunner()
    result = runner.invoke(app, ["partners", "TJK", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "RUS" in result.output and "new partners: India, Poland" in result.output
    result = runner.invoke(app, ["partners", "TJK", "--db", str(db), "--format", "json", "--weight", "count"])
    payload = json.loads(result.output)
    assert payload["verdict"]["top_partner"] == "RUS"
    assert payload["concentration"][1]["new_partners"] == ["IND", "POL"]
    result = runner.invoke(app, ["partners", "TJK", "--db", str(db), "--format", "csv", "--by", "all"])
    assert result.output.splitlines()[1].startswith("all,RUS,Russia,")


def test_arms_for_a_countrys_rebels_are_not_cooperation_with_it(events):
    from allyscope.analysis.partners import counterparts

    rebels = events.iloc[[0]].assign(
        type="military_aid",
        source_code="IRN",
        source_kind="state",
        target_code="TJK",
        target_kind="non_state",
    )
    assert counterparts(rebels, "TJK").empty
    state = rebels.assign(target_kind="state")
    assert counterparts(state, "TJK")["partner"].tolist() == ["IRN"]


def test_one_bootstrap_per_result(events, monkeypatch):
    from allyscope.analysis import concentration as module

    calls = []
    original = module.bootstrap_hhi
    monkeypatch.setattr(module, "bootstrap_hhi", lambda *a: calls.append(1) or original(*a))
    found = result(events)
    assert len(calls) == 1
    assert found.verdict["low"] == found.trend["low"] and found.verdict["period"] == "2004"


def test_window_and_json(events):
    found = result(events, since="2004-09", until="2004-09-22")
    assert set(found.portfolio["period"]) == {"2004"}
    assert found.portfolio["events"].sum() == 4  # consult and three planned or realized aid offers
    payload = json.loads(json.dumps(found.to_json(), allow_nan=False))
    assert payload["options"]["since"] == "2004-09" and payload["trend"]["slope_per_year"] is None


def test_large_periods_draw_hhi_from_its_normal_law():
    """Above EXACT_MAX events the resampled HHI comes from the delta method; its interval must be
    the one resampling every event gives."""
    import numpy as np

    from allyscope.analysis.concentration import EXACT_MAX, resampled_hhi

    rng = np.random.default_rng(1)
    n = 4 * EXACT_MAX
    partners = rng.choice(6, n, p=[0.4, 0.25, 0.15, 0.1, 0.06, 0.04])
    weights = rng.choice([0.0, 0.5, 1.0, 3.0], n)
    normal = resampled_hhi(weights, partners, 4000, np.random.default_rng(2))
    pick = np.random.default_rng(3).integers(0, n, size=(4000, n))
    totals = np.array([np.bincount(partners[row], weights[row], minlength=6) for row in pick])
    exact = np.sum(np.square(totals / totals.sum(axis=1, keepdims=True)), axis=1)
    assert np.quantile(normal, [0.05, 0.95]) == pytest.approx(np.quantile(exact, [0.05, 0.95]), abs=0.006)


@pytest.fixture
def arms_sale(monkeypatch, tmp_path):
    """types.csv with one more scored type, as a user adding it would write it."""
    from allyscope import ontology

    lines = (DATA / "types.csv").read_text(encoding="utf-8").splitlines()
    added = [
        line.replace("military_aid,", "arms_sale,", 1) for line in lines if line.startswith("military_aid,")
    ]
    (tmp_path / "types.csv").write_text("\n".join([*lines, *added]) + "\n", encoding="utf-8")
    table = ontology.Ontology(tmp_path / "types.csv")
    assert "arms_sale" in table.scored_types
    monkeypatch.setattr(ontology, "bundled", lambda: table)


def test_a_scored_type_without_a_weight_is_an_error(arms_sale):
    with pytest.raises(
        DataError, match=r"E024: .*weights.json: no weight for the scored type\(s\) arms_sale"
    ):
        load_weights()


def test_an_added_scored_type_reaches_the_analysis(arms_sale, events, tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"type": {"arms_sale": 4.0}}))
    sale = events[events["event_id"] == f"{8:016x}"].assign(event_id="sale", type="arms_sale")
    found = result(pd.concat([events, sale]), weights_file=path)
    usa = found.portfolio.set_index(["period", "partner"]).loc[("2004", "USA")]
    assert (usa["arms_sale"], usa["military_aid"], usa["weight"]) == (1, 1, 3.0 + 4.0)


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "want a JSON object"),
        ('{"type": {"consult": -1}}', "must be a number of at least 0"),
        ('{"modality": {"rumoured": 1}}', "unknown modality rumoured"),
    ],
)
def test_a_bad_weights_file_is_one_line(db, tmp_path, content, cause):
    path = tmp_path / "w.json"
    path.write_text(content)
    result = CliRunner().invoke(app, ["partners", "TJK", "--db", str(db), "--weights", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: E023: {path}: ") and cause in lines[0], lines
