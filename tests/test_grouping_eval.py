"""Scoring of event grouping on hand-computed cases, its mentions file, and `eval --grouping`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from test_evaluation import event
from typer.testing import CliRunner

from allyscope.cli import app
from allyscope.evaluation.gold import Gold, GoldEvent
from allyscope.evaluation.grouping import load_mentions, score_grouping
from allyscope.model import Event, Mention
from allyscope.paths import DATA

TEXT = (
    "Washington gave Tajikistan $2.3 million in military aid in 2004. "
    "Such support pays for radios. "
    "Russian and Tajik troops held an exercise in May."
)
SENTENCES = [(0, 64), (65, 94), (95, 144)]


def mentioned(type_: str, source: str, target: str, *sentences: int, note: str = "") -> Event:
    """A system event of the text with a mention in each given sentence."""
    mentions = [Mention("d", TEXT[slice(*SENTENCES[i])], *SENTENCES[i], "x") for i in sentences]
    first = mentions[0]
    return replace(
        event(type_, source, target),
        sentence=first.sentence,
        char_start=first.char_start,
        char_end=first.char_end,
        mentions=mentions,
        grouping=note,
    )


GOLD = Gold(
    path=Path("doc.gold.json"),
    text_path=Path("doc.txt"),
    anchor_date=None,
    focus_country="TJK",
    events=[
        GoldEvent(
            "military_aid", ("USA", "TJK"), True, ["realized"], evidence="gave Tajikistan $2.3 million"
        ),
        GoldEvent("military_cooperation", ("RUS", "TJK"), False, ["realized"], evidence="held an exercise"),
    ],
)
EXTRA = {"gave Tajikistan $2.3 million": ["Such support pays"]}


def test_joined_mentions_score_as_one_event():
    events = [
        mentioned("military_aid", "USA", "TJK", 0, 1),
        mentioned("military_cooperation", "TJK", "RUS", 2),
    ]
    counts = score_grouping(GOLD, events, TEXT, EXTRA)
    assert (counts["mention_tp"], counts["mention_fp"], counts["mention_fn"]) == (3, 0, 0)
    assert (counts["event_tp"], counts["event_fp"], counts["event_fn"]) == (2, 0, 0)
    assert (counts["b3_p"], counts["b3_r"], counts["matched"]) == (3, 3, 3)
    assert counts["split"] == counts["merged"] == []


def test_a_split_event_costs_precision_and_says_why():
    note = "kept apart from 'gave' at 0: nothing says it is the same"
    events = [
        mentioned("military_aid", "USA", "TJK", 0),
        mentioned("military_aid", "USA", "TJK", 1, note=note),
        mentioned("military_cooperation", "TJK", "RUS", 2),
    ]
    counts = score_grouping(GOLD, events, TEXT, EXTRA)
    assert (counts["event_tp"], counts["event_fp"], counts["event_fn"]) == (2, 1, 0)
    assert counts["b3_p"] == 3 and counts["b3_r"] == pytest.approx(0.5 + 0.5 + 1)
    ((gold, first, second, why),) = counts["split"]
    assert (
        gold.evidence == "gave Tajikistan $2.3 million" and second.startswith("Such support") and why == note
    )


def test_two_gold_events_in_one_system_event_cost_recall():
    events = [mentioned("military_aid", "USA", "TJK", 0, 1)]
    second = GoldEvent("military_aid", ("USA", "TJK"), True, ["realized"], evidence="Such support pays")
    gold = Gold(GOLD.path, GOLD.text_path, None, None, [GOLD.events[0], second])
    counts = score_grouping(gold, events, TEXT)
    assert (counts["event_tp"], counts["event_fp"], counts["event_fn"]) == (1, 0, 1)
    assert counts["b3_p"] == pytest.approx(0.5 + 0.5) and len(counts["merged"]) == 1


def test_a_gold_phrase_missing_from_the_text_is_an_error():
    with pytest.raises(ValueError, match="doc.txt: gold phrase not in the text: 'not there'"):
        score_grouping(GOLD, [], TEXT, {"held an exercise": ["not there"]})
    with pytest.raises(ValueError, match="doc.txt: mentions given for no required gold event's evidence"):
        score_grouping(GOLD, [], TEXT, {"held a parade": ["held an exercise"]})


def test_mentions_file_is_checked(tmp_path):
    path = tmp_path / "mentions.json"
    path.write_text(json.dumps({"documents": {"a.txt": [{"evidence": "x", "mentions": ["y"]}]}}))
    assert load_mentions(path) == {"a.txt": {"x": ["y"]}}
    path.write_text(json.dumps({"documents": {"a.txt": [{"mentions": ["y"]}]}}))
    with pytest.raises(ValueError, match="not a mentions file"):
        load_mentions(path)


def test_cli_eval_grouping_on_the_demo_briefs():
    golds = [str(p) for p in sorted((DATA / "demo").glob("3[2-7]-*.gold.json"))]
    result = CliRunner().invoke(app, ["eval", *golds, "--grouping", "--errors", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "documents",
        "errors",
        "grouping",
        "grouping errors",
        "across documents",
        "across documents errors",
    }
    total = payload["grouping"][-1]
    assert total["doc"] == "ALL" and total["gold_events"] == 16
    assert total["b3_p"] == 1.0 and total["b3_r"] == 1.0
    (across,) = payload["across documents"]  # 33, 34 and 35 report one exercise: three links
    assert (across["gold_links"], across["system_links"], across["correct_links"]) == (3, 3, 3)
