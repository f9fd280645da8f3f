"""Grouping across documents in the store: a new article that reports a stored event adds a
mention to it and keeps its id; the same documents in any order give the same events; each
event says why it was joined or kept apart; the mentions table holds every report."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from test_api import CHROMIUM, render, serving
from typer.testing import CliRunner

from allyscope.cli import app
from allyscope.paths import DATA
from allyscope.store import Store

DEMO = DATA / "demo"
EXERCISE = ("military_cooperation", "KGZ", "RUS")


def demo(number: str):
    return next(DEMO.glob(f"{number}-*.txt"))


def exercises(store: Store) -> list:
    return [
        e
        for e in store.events(type="military_cooperation", country="KGZ")
        if {e.source.code, e.target.code} == {"KGZ", "RUS"}
    ]


def grouping(store: Store) -> set[tuple]:
    """The stored events without their ids: each one's type, parties, date and reports."""
    return {
        (
            e.type,
            e.source and e.source.code,
            e.target and e.target.code,
            e.date,
            e.modality,
            frozenset((m.doc_id, m.char_start) for m in e.mentions),
            tuple(sorted(e.sources)),
        )
        for e in store.events()
    }


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """Three reports of one Russian-Kyrgyz exercise (33-35) and one announced for October (36)."""
    folder = tmp_path_factory.mktemp("briefs")
    for number in ("33", "34", "35", "36"):
        shutil.copy(demo(number), folder)
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def orders(briefs, tmp_path_factory) -> dict[str, Store]:
    """The briefs ingested one at a time, in date order and in reverse; and all at once."""
    stores = {}
    for name, paths in (("forward", briefs), ("reverse", briefs[::-1])):
        store = Store(tmp_path_factory.mktemp(name) / "store.duckdb")
        for path in paths:
            store.ingest([path])
        stores[name] = store
    stores["batch"] = Store(tmp_path_factory.mktemp("batch") / "store.duckdb")
    stores["batch"].ingest(briefs[::-1])
    yield stores
    for store in stores.values():
        store.close()


def test_three_articles_of_one_exercise_are_one_stored_event_and_the_announced_one_stays_apart(orders):
    held, announced = sorted(exercises(orders["forward"]), key=lambda e: e.n_documents, reverse=True)
    assert held.n_documents == 3
    assert {m.publisher for m in held.mentions} == {
        "Bishkek Courier",
        "Moscow Defence Wire",
        "Central Asia Monitor",
    }
    assert len(held.sources) >= 3, "the outlets the reports are or cite"
    assert held.grouping.count("joined") >= 2
    assert (announced.modality, announced.date, announced.n_documents) == ("planned", "2007-10", 1)
    assert f"kept apart from {held.event_id}" in announced.grouping
    rows = (
        orders["forward"]
        .con.execute(
            "SELECT n_mentions, n_documents, sources FROM events WHERE event_id = ?", [held.event_id]
        )
        .fetchone()
    )
    assert rows == (len(held.mentions), 3, held.sources)
    mentions = (
        orders["forward"]
        .con.execute(
            "SELECT count(*), count(DISTINCT doc_id) FROM mentions WHERE event_id = ?", [held.event_id]
        )
        .fetchone()
    )
    assert mentions == (len(held.mentions), 3)


def test_the_same_documents_in_any_order_give_the_same_events(orders):
    forward = grouping(orders["forward"])
    assert grouping(orders["reverse"]) == forward
    assert grouping(orders["batch"]) == forward
    # one at a time, an event keeps the id it was first given: the reverse order's exercise is
    # the id of the last brief, which was stored first
    ids = {name: {e.event_id for e in exercises(store)} for name, store in orders.items()}
    assert ids["batch"] == ids["forward"] != ids["reverse"]


def test_a_new_article_adds_a_mention_and_keeps_the_stored_id(briefs, tmp_path):
    with Store(tmp_path / "store.duckdb") as store:
        store.ingest([p for p in briefs if p.name.startswith("34")])
        (first,) = exercises(store)
        report = store.ingest([p for p in briefs if p.name.startswith("33")])  # published a day earlier
        assert report.joined >= 1
        (now,) = exercises(store)
        assert now.event_id == first.event_id and now.n_documents == 2
        (doc33,) = [d for d in store.documents()["doc_id"] if d != first.doc_id]
        assert now.event_id in {e["event_id"] for e in store.document(doc33)["events"]}


def test_the_per_mention_view_has_a_row_per_report(orders):
    store = orders["forward"]
    events, mentions = store.count_events(), store.count_events(count="mentions")
    assert mentions == store.con.execute("SELECT count(*) FROM mentions").fetchone()[0] > events
    reports = store.events(count="mentions", type="military_cooperation", country="KGZ")
    assert len(reports) == store.count_events(count="mentions", type="military_cooperation", country="KGZ")
    assert all(len(r.mentions) == 1 and r.sentence == r.mentions[0].sentence for r in reports)
    page = store.events(count="mentions", limit=2, offset=1)
    assert [r.sentence for r in page] == [r.sentence for r in store.events(count="mentions")][1:3]


@pytest.fixture(scope="module")
def piece_db(tmp_path_factory):
    """The analysis piece (demo 32, undated: its date is inferred), and an article with no date
    at all, stored through the command line."""
    folder = tmp_path_factory.mktemp("undated")
    shutil.copy(demo("32"), folder)
    (folder / "no-date.txt").write_text(
        "Russia delivered ten helicopters to Tajikistan. China trained Tajik officers."
    )
    db = folder / "store.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def partners_json(db, *args: str) -> dict:
    result = CliRunner().invoke(app, ["partners", "TJK", "--db", str(db), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def of_partner(found: dict, partner: str, period: str) -> dict:
    (row,) = [r for r in found["portfolio"] if r["partner"] == partner and r["period"] == period]
    return row


def test_the_patron_comes_first_and_the_aid_programme_counts_once(piece_db):
    found = partners_json(piece_db, "--by", "year")
    assert found["verdict"]["top_partner"] == "RUS" and found["options"]["count"] == "events"
    assert of_partner(found, "USA", "2004")["military_aid"] == 1
    assert of_partner(found, "RUS", "2004")["arrangements"] >= 1, "the Russian forces stationed there"
    coverage = partners_json(piece_db, "--by", "year", "--count", "mentions")
    assert of_partner(coverage, "USA", "2004")["military_aid"] == 5, "five sentences tell the one programme"
    assert all(r["arrangements"] == 0 for r in coverage["portfolio"]), "reports are counted, not states"


def test_by_year_shows_every_partner_of_all_time_and_an_undated_row(piece_db):
    by_year, overall = partners_json(piece_db, "--by", "year"), partners_json(piece_db, "--by", "all")
    assert {r["partner"] for r in by_year["portfolio"]} == {r["partner"] for r in overall["portfolio"]}
    undated = [r for r in by_year["concentration"] if r["period"] == "undated"]
    assert undated and undated[0]["new_partners"] == [], "the undated row is no period in time"
    assert {"CHN"} <= {r["partner"] for r in by_year["portfolio"] if r["period"] == "undated"}
    assert by_year["verdict"]["period"] != "undated" and by_year["trend"]["last"] != "undated"


def test_events_and_export_count_mentions_on_request(piece_db, tmp_path):
    runner = CliRunner()
    args = [
        "events",
        "--db",
        str(piece_db),
        "--country",
        "TJK",
        "--type",
        "military_aid",
        "--format",
        "jsonl",
    ]
    events = runner.invoke(app, args).stdout.splitlines()
    mentions = runner.invoke(app, [*args, "--count", "mentions"]).stdout.splitlines()
    assert len(mentions) > len(events)
    assert all(len(json.loads(line)["mentions"]) == 1 for line in mentions)
    out = tmp_path / "mentions.csv"
    result = runner.invoke(app, ["export", "--db", str(piece_db), "--out", str(out), "--count", "mentions"])
    assert result.exit_code == 0, result.output
    with Store.for_reading(piece_db) as store:
        assert f"{store.count_events('mentions')} events" in result.stdout


def test_the_api_counts_mentions_on_request(piece_db):
    from fastapi.testclient import TestClient

    from allyscope.api import create_app

    client = TestClient(create_app(piece_db))
    events = client.get("/api/events", params={"country": "TJK", "type": "military_aid"}).json()
    mentions = client.get(
        "/api/events", params={"country": "TJK", "type": "military_aid", "count": "mentions"}
    )
    assert mentions.json()["total"] > events["total"]
    assert all(len(e["mentions"]) == 1 for e in mentions.json()["events"])
    coverage = client.get("/api/partners/TJK", params={"count": "mentions"}).json()
    assert coverage["options"]["count"] == "mentions"
    assert client.get("/api/partners/TJK", params={"count": "words"}).status_code == 422


def test_the_brief_shows_reports_per_event_coverage_and_arrangements(piece_db, tmp_path):
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(app, ["report", "TJK", "--db", str(piece_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<td>5 reports" in page, "the aid programme rests on five sentences"
    assert "<h2>Coverage and activity</h2>" in page
    standing = page.split("<h2>Standing arrangements</h2>")[1].split("</table>")[0]
    assert "<tr><td>Russia</td><td>border_guards</td>" in standing and 'id="chart-arrangements"' in page
    markdown = tmp_path / "brief.md"
    args = ["report", "TJK", "--db", str(piece_db), "--out", str(markdown), "--format", "md"]
    assert CliRunner().invoke(app, args).exit_code == 0
    text = markdown.read_text(encoding="utf-8")
    (usa,) = [line.split("|")[2:4] for line in text.splitlines() if line.startswith("| United States |")]
    events, reports = map(int, usa)
    assert reports >= events + 4, "the one aid programme is reported five times"
    assert "## Standing arrangements\n" in text
    assert (tmp_path / "brief_files" / "arrangements.png").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_the_page_shows_what_each_event_rests_on_and_the_reports_per_partner(briefs, tmp_path):
    with Store(tmp_path / "store.duckdb") as store:
        store.ingest(briefs)
    with serving(tmp_path / "store.duckdb") as url:
        dom, _ = render(f"{url}/#country=KGZ", tmp_path)
    assert re.search(r"\d+ reports in 3 documents: ", dom), "the exercise three outlets reported"
    assert 'title="reports of its events' in dom and 'title="standing arrangements' in dom
