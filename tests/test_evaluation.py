"""The evaluation harness: key scoring on hand-computed cases, the CLI, and the peer-suite adapters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allyscope.actors.dictionary import read_petrarch_actors
from allyscope.cli import app
from allyscope.errors import InputError
from allyscope.evaluation import by_type, error_rows, evaluate, evaluate_petrarch, evaluate_plover
from allyscope.evaluation.gold import Gold, GoldEvent
from allyscope.evaluation.score import score_document
from allyscope.model import Actor, Event

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
needs_shared = pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason=f"{SHARED_EVAL} is absent")

TEXT = (
    "Russian and Tajik units held a joint military exercise near Dushanbe on September 20, 2004. "
    "The United States gave Tajikistan $2.3 million in military assistance in 2004."
)


def actor(code: str) -> Actor:
    return Actor(text=code, name=code, code=code, kind="igo" if code == "CSTO" else "state")


def event(type_, source, target, modality="realized", date=None, place=None, usd=None) -> Event:
    return Event(
        event_id=f"{type_}{source}{target}{modality}{date}{usd}",
        doc_id="d",
        type=type_,
        cameo="040",
        plover=None,
        quad_class=1,
        goldstein=0.0,
        modality=modality,
        source=actor(source),
        target=actor(target),
        date=date,
        date_precision=None,
        location={"name": place, "text": place} if place else None,
        amount={"value_usd": usd} if usd is not None else None,
        sentence=f"{source} and {target}.",
        explanation="test rule",
    )


def gold_event(type_, a, b, directed=False, modality=("realized",), **attributes) -> GoldEvent:
    return GoldEvent(type_, (a, b), directed, list(modality), evidence=f"{a} {b}", **attributes)


def gold(events, optional=()) -> Gold:
    return Gold(Path("g.gold.json"), Path("g.txt"), None, None, list(events), list(optional))


def counts(result: dict) -> tuple[int, int, int]:
    return result["tp"], result["fp"], result["fn"]


def test_directed_key_is_ordered():
    g = gold([gold_event("military_aid", "USA", "TJK", directed=True)])
    assert counts(score_document(g, [event("military_aid", "USA", "TJK")])) == (1, 0, 0)
    assert counts(score_document(g, [event("military_aid", "TJK", "USA")])) == (0, 1, 1)


def test_undirected_key_matches_either_order_once():
    g = gold([gold_event("consult", "TJK", "RUS")])
    both_ways = [event("consult", "RUS", "TJK"), event("consult", "TJK", "RUS")]
    assert counts(score_document(g, both_ways, level="key")) == (1, 0, 0)
    # An undirected type emitted both ways with no gold is one false key.
    assert counts(score_document(gold([]), both_ways, level="key")) == (0, 1, 0)
    # Per event, the second report of the one consultation is a duplicate: a false alarm.
    assert counts(score_document(g, both_ways)) == (1, 1, 0)
    assert counts(score_document(gold([]), both_ways)) == (0, 2, 0)


def test_event_level_matches_each_gold_event_once():
    g = gold(
        [
            gold_event("military_aid", "USA", "TJK", directed=True, amount_usd=2_300_000),
            gold_event("military_aid", "USA", "TJK", directed=True, amount_usd=300_000_000),
        ]
    )
    one = [event("military_aid", "USA", "TJK", usd=2_300_000)]
    assert counts(score_document(g, one)) == (1, 0, 1)
    two = [*one, event("military_aid", "USA", "TJK", usd=300_000_000)]
    result = score_document(g, two)
    assert counts(result) == (2, 0, 0)
    # The maximum matching pairs each fact with the event that states it.
    assert [c["amount"] for _, _, c in result["matched"]] == [True, True]
    three = [*two, event("military_aid", "USA", "TJK")]
    assert counts(score_document(g, three)) == (2, 1, 0)


def test_event_level_prefers_the_sentence_holding_the_evidence():
    g = gold(
        [GoldEvent("consult", ("TJK", "IND"), False, ["realized"], evidence="hosted an Indian delegation")]
    )
    elsewhere, here = event("consult", "TJK", "IND"), event("consult", "IND", "TJK")
    here.sentence = "On Monday he hosted an Indian delegation in Dushanbe."
    result = score_document(g, [elsewhere, here])
    assert result["matched"][0][1] is here
    assert result["false_alarms"] == [elsewhere]


def test_event_level_optional_keys_absorb_any_number_of_events():
    g = gold([], optional=[gold_event("agreement", "TJK", "IND")])
    found = [event("agreement", "IND", "TJK"), event("agreement", "TJK", "IND")]
    assert counts(score_document(g, found)) == (0, 0, 0)


def test_optional_events_are_neither_hits_nor_misses():
    g = gold([gold_event("consult", "TJK", "RUS")], optional=[gold_event("agreement", "TJK", "IND")])
    found = [event("consult", "TJK", "RUS"), event("agreement", "IND", "TJK")]
    assert counts(score_document(g, found)) == (1, 0, 0)
    assert counts(score_document(g, [])) == (0, 0, 1)


def test_unscored_types_are_ignored_in_gold_and_output():
    g = gold([gold_event("statement", "TJK", "RUS", directed=True), gold_event("consult", "TJK", "RUS")])
    found = [event("consult", "TJK", "RUS"), event("conflict", "RUS", "USA")]
    assert counts(score_document(g, found)) == (1, 0, 0)


def test_same_key_twice_counts_once_but_checks_each_fact():
    g = gold(
        [
            gold_event("military_aid", "USA", "TJK", directed=True, amount_usd=2_300_000),
            gold_event("military_aid", "USA", "TJK", directed=True, amount_usd=300_000_000),
        ]
    )
    result = score_document(g, [event("military_aid", "USA", "TJK", usd=2_300_000)], level="key")
    assert counts(result) == (1, 0, 0)
    assert [c["amount"] for _, _, c in result["matched"]] == [True, False]


@pytest.mark.parametrize(
    ("system_date", "ok"),
    [("2004-09-20", True), ("2004-09", True), ("2004", False), ("2004-10-01", False), (None, False)],
)
def test_date_is_checked_at_gold_precision(system_date, ok):
    g = gold([gold_event("consult", "TJK", "IND", date="2004-09")])
    (_, _, checks) = score_document(g, [event("consult", "TJK", "IND", date=system_date)])["matched"][0]
    assert checks["date"] is ok


@pytest.mark.parametrize(
    ("usd", "ok"), [(2_300_000, True), (2_400_000, True), (2_500_000, False), (None, False)]
)
def test_amount_tolerance_is_five_percent(usd, ok):
    g = gold([gold_event("military_aid", "USA", "TJK", directed=True, amount_usd=2_300_000)])
    (_, _, checks) = score_document(g, [event("military_aid", "USA", "TJK", usd=usd)])["matched"][0]
    assert checks["amount"] is ok


@pytest.mark.parametrize(
    ("allowed", "system", "realized_ok", "exact_ok"),
    [
        (("realized",), "realized", True, True),
        (("realized",), "planned", False, False),
        (("planned",), "hypothetical", True, False),
        (("planned",), "realized", False, False),
        (("realized", "planned"), "negated", True, False),
    ],
)
def test_modality_realized_or_not_and_exact(allowed, system, realized_ok, exact_ok):
    g = gold([gold_event("consult", "TJK", "IND", modality=allowed)])
    (_, _, checks) = score_document(g, [event("consult", "TJK", "IND", modality=system)])["matched"][0]
    assert (checks["modality_realized"], checks["modality"]) == (realized_ok, exact_ok)


def test_place_accepts_any_listed_spelling():
    g = gold([gold_event("military_cooperation", "TJK", "RUS", location=["Khatlon", "Mumirak"])])
    (_, _, checks) = score_document(g, [event("military_cooperation", "RUS", "TJK", place="Mumirak")])[
        "matched"
    ][0]
    assert checks["place"] is True
    assert "date" not in checks and "amount" not in checks


def write_gold(folder: Path, name: str = "doc", text: str | None = TEXT) -> Path:
    if text is not None:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = folder / f"{name}.gold.json"
    events = [
        {"type": "military_cooperation", "dyad": ["RUS", "TJK"], "directed": False, "modality": ["realized"],
         "date": "2004-09-20", "location": ["Dushanbe"], "evidence": "joint military exercise"},
        {"type": "military_aid", "dyad": ["USA", "TJK"], "directed": True, "modality": ["realized"],
         "date": "2004", "amount_usd": 2300000, "evidence": "$2.3 million in military assistance"},
        {"type": "request", "dyad": ["TJK", "IND"], "directed": True, "modality": ["realized"],
         "evidence": "not in the text: a sure miss"},
    ]  # fmt: skip
    gold_record = {"doc": f"{name}.txt", "anchor_date": "2004-10-01", "events": events, "optional": []}
    path.write_text(json.dumps(gold_record), encoding="utf-8")
    return path


def test_evaluate_runs_extraction_and_micro_averages(tmp_path):
    frame = evaluate([write_gold(tmp_path)])
    assert list(frame["doc"]) == ["doc.txt", "ALL"]
    row = frame.iloc[-1]
    assert row["tp"] + row["fn"] == 3 and row["fn"] >= 1
    assert set(by_type(frame)["type"]) >= {"request"}
    misses = error_rows(frame).query("error == 'miss'")
    assert "not in the text: a sure miss" in set(misses["text"])


def test_evaluate_missing_text_raises_or_is_recorded(tmp_path):
    bad = write_gold(tmp_path, "bad", text=None)
    with pytest.raises(InputError):
        evaluate([bad])
    frame = evaluate([bad, tmp_path / "none.gold.json", write_gold(tmp_path)], strict=False)
    assert list(frame["doc"]) == ["doc.txt", "ALL"]
    assert [e.split(":")[0] for e in frame.attrs["errors"]] == [str(bad), str(tmp_path / "none.gold.json")]


def test_cli_eval_table_json_and_bad_file(tmp_path):
    runner = CliRunner()
    good = str(write_gold(tmp_path))
    result = runner.invoke(app, ["eval", good, "--by-type", "--errors"])
    assert result.exit_code == 0, result.output
    assert "by_type" in result.output and "miss" in result.output
    result = runner.invoke(app, ["eval", good, "--format", "json", "--by-type", "--errors"])
    payload = json.loads(result.stdout)
    assert set(payload) == {"documents", "by_type", "errors"}
    assert payload["documents"][-1]["doc"] == "ALL"
    missing = str(tmp_path / "missing.gold.json")
    result = runner.invoke(app, ["eval", missing, good, "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["documents"][0]["doc"] == "doc.txt"
    assert f"{missing}: E001: no such file" in result.stderr


def test_petrarch_actor_file_blocks(tmp_path):
    path = tmp_path / "test.actors.txt"
    path.write_text(
        "<!-- a header\n# comment -->\n"
        "FREEDONIA_ [FRD]\n+FREEDONIAN\n"
        "SYLVANIAN_ARMY\n+SYLVANIAN_TROOPS\n\t[SYLMIL >19330101]\n"
        "NOBODY [---]\n"
        "MINISTER {MINISTERS} [~GOV]\n"
        "UN_ [IGOUNO]\n",
        encoding="utf-8",
    )
    by_name = {r["name"]: r for r in read_petrarch_actors(path)}
    assert set(by_name) == {"Freedonia", "Sylvanian Army", "Un"}
    assert by_name["Freedonia"]["aliases"] == ["Freedonia", "Freedonian"]
    assert (by_name["Sylvanian Army"]["code"], by_name["Sylvanian Army"]["sector"]) == ("SYL", "MIL")
    assert "Sylvanian Troops" in by_name["Sylvanian Army"]["aliases"]
    assert by_name["Un"]["code"] == "UN" and "UN" in by_name["Un"]["aliases"]


@needs_shared
def test_plover_adapter_smoke():
    frame = evaluate_plover(SHARED_EVAL / "plover-gsr", limit=25)
    assert frame.iloc[-1]["type"] == "ALL" and frame.iloc[-1]["records"] == 25
    assert frame["type_dyad_acc"].between(0, 1).all()
    assert len(frame.attrs["records"]) == 25


@needs_shared
@pytest.mark.parametrize("records", ["gsr", "unittest"])
def test_petrarch_adapter_smoke(records):
    frame = evaluate_petrarch(SHARED_EVAL / "petrarch2-validation", records=records, limit=15)
    assert list(frame["set"]) == ["raw", "cameo"]
    assert frame.iloc[0]["records"] == 15
    assert frame["reproduced"].between(0, 1).all()


@needs_shared
def test_cli_suites_smoke():
    runner = CliRunner()
    result = runner.invoke(app, ["eval-plover", str(SHARED_EVAL / "plover-gsr"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["PLOVER gold-standard records"][-1]["type"] == "ALL"
    folder = str(SHARED_EVAL / "petrarch2-validation")
    result = runner.invoke(app, ["eval-petrarch", folder, "--records", "unittest", "--errors"])
    assert result.exit_code == 0, result.output
    assert "errors" in result.output
    result = runner.invoke(app, ["eval-petrarch", str(SHARED_EVAL / "nowhere.jsonl")])
    assert result.exit_code == 1


def test_plover_actor_codes_match_organisations_ngos_and_groups():
    from allyscope.evaluation.plover import actor_matches

    def party(code, kind, sector=None, cameo=None):
        return Actor(text=code, name=code, code=code, kind=kind, sector=sector, cameo_code=cameo)

    red_cross = party("ICRC", "non_state", "NGO", "NGOIRC")
    hamas = party("HAMAS", "non_state", None, "PSEINS")
    mediator = party("UN", "person", "DIP")  # "U.N. mediator ...": a person coded by the UN
    hamas_leader = party("HAMAS", "person", "GOV")
    group = party("BIH", "non_state", "CVL", "BIHCVL")  # "Bosnian Serbs"
    # IGO: intergovernmental bodies, NGOs and the people of either
    assert actor_matches("IGO", party("OSCE", "igo", None, "IGOOSCE"))
    assert actor_matches("IGO", red_cross)
    assert actor_matches("IGO", mediator)
    assert not actor_matches("IGO", hamas)
    assert not actor_matches("IGO", group)
    assert not actor_matches("IGO", party("USA", "state"))
    # a country code: the state, and groups whose CAMEO code starts with it
    assert actor_matches("PSE", hamas) and actor_matches("PSE", hamas_leader)
    assert not actor_matches("ISR", hamas)
    assert actor_matches("BIH", group)
    assert actor_matches("JAP", party("JPN", "state"))
    assert not actor_matches("USA", party("UN", "igo", None, "IGOUNO"))
    # militant groups
    assert actor_matches("IMG", hamas) and not actor_matches("IMG", party("UN", "igo"))
