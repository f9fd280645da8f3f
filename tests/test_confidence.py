"""Calibrated confidence: the table in data/calibration.json, and the least-confidence filter of
`events`, `partners` and the API."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from synthetic_store import event
from typer.testing import CliRunner

from allyscope.api.app import create_app
from allyscope.cli import app
from allyscope.lang import RuleError
from allyscope.model import Document
from allyscope.paths import DATA
from allyscope.pipeline import Pipeline
from allyscope.rules import load_rules
from allyscope.store import Store

SENTENCE = "Russia delivered helicopters to Tajikistan."  # parties from the parse: rule confidence 0.8


def table(**changes) -> dict:
    return json.loads((DATA / "calibration.json").read_text(encoding="utf-8")) | changes


def rules_folder(tmp_path: Path, calibration: dict) -> Path:
    (tmp_path / "calibration.json").write_text(json.dumps(calibration), encoding="utf-8")
    return tmp_path


def test_an_event_s_confidence_is_the_accuracy_of_its_bin():
    calibration = load_rules().calibration
    bin_ = next(b for b in calibration.bins if b.low <= 0.8 < b.high)
    assert bin_.n >= calibration.min_n, "the shipped table has scored events of confidence 0.8"
    (found,) = [e for _, events in Pipeline.of().run([Document(text=SENTENCE, doc_id="d")]) for e in events]
    assert found.confidence == round(bin_.right / bin_.n, 3)


def test_a_bin_with_too_few_scored_events_keeps_the_rule_s_confidence(tmp_path):
    few = table(min_n=10_000)
    pipeline = Pipeline(rules=rules_folder(tmp_path, few))
    (found,) = [e for _, events in pipeline.run([Document(text=SENTENCE, doc_id="d")]) for e in events]
    assert found.confidence == 0.8


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda t: t | {"bins": t["bins"][1:]}, "from 0 to past 1"),
        (lambda t: t | {"bins": [t["bins"][0] | {"n": 1, "right": 2}, *t["bins"][1:]]}, "right 2 > n 1"),
        (lambda t: t | {"bins": [t["bins"][0] | {"share": 1}, *t["bins"][1:]]}, "unknown key"),
    ],
    ids=["gap", "more right than scored", "unknown key"],
)
def test_a_bad_calibration_table_is_refused_naming_the_file(tmp_path, change, named):
    with pytest.raises(RuleError) as error:
        load_rules(folder=str(rules_folder(tmp_path, change(table()))))
    assert "calibration.json" in str(error.value) and named in str(error.value)


@pytest.fixture
def db(tmp_path) -> Path:
    """Tajikistan's partners at three confidences."""
    path = tmp_path / "confidence.duckdb"
    rows = [
        (1, "military_aid", "realized", "RUS", "TJK", "2004-09-01", 0.956),
        (2, "military_aid", "realized", "USA", "TJK", "2004-09-02", 0.843),
        (3, "consult", "realized", "TJK", "IND", "2004-09-03", 0.5),
    ]
    with Store(path) as store:
        store.write(
            Document(text="...", doc_id="doc", date="2004-12-31", path="/corpus/doc.txt"),
            [event(n, "doc", *rest, confidence=conf) for n, *rest, conf in rows],
        )
    return path


def run(*args, code: int = 0):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def test_events_and_partners_keep_only_confident_events(db):
    lines = run("events", "--min-confidence", "0.9", "--format", "jsonl", "--db", db).stdout.splitlines()
    assert [json.loads(line)["source"]["code"] for line in lines] == ["RUS"]
    assert len(run("events", "--format", "jsonl", "--db", db).stdout.splitlines()) == 3
    found = json.loads(
        run("partners", "TJK", "--min-confidence", "0.8", "--format", "json", "--db", db).stdout
    )
    assert {row["partner"] for row in found["portfolio"]} == {"RUS", "USA"}
    assert found["options"]["min_confidence"] == 0.8


def test_a_least_confidence_outside_zero_to_one_is_one_line(db):
    result = run("events", "--min-confidence", "1.5", "--db", db, code=2)
    assert result.stderr.startswith("error: E022: --min-confidence is 1.5; it must be between 0 and 1")


def api_get(db: Path, path: str, **params) -> httpx.Response:
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(db))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path, params=params)

    return asyncio.run(get())


def test_the_api_filters_events_and_partners_by_confidence(db):
    events = api_get(db, "/api/events", min_confidence=0.9).json()
    assert events["total"] == 1 and events["events"][0]["source"]["code"] == "RUS"
    partners = api_get(db, "/api/partners/TJK", min_confidence=0.8).json()
    assert {row["partner"] for row in partners["portfolio"]} == {"RUS", "USA"}
    assert api_get(db, "/api/events", min_confidence=2).status_code == 422
