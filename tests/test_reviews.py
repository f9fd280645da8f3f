"""Reviews: accept, reject, edit, add, merge, split and re-date events; every reader follows them,
the machine's rows stay as they were, and each change is in the event's history."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from synthetic_store import ingested
from typer.testing import CliRunner

from allyscope import partners
from allyscope.analysis.partners import UNDATED
from allyscope.cli import app
from allyscope.errors import NotFound, UsageError
from allyscope.store import Store, reviews

BRIEFS = {
    "a.txt": (
        "Date: 2004-09-23\n\n"
        "Russian and Tajik units held a joint military exercise near the Afghan border. "
        "The United States gave Tajikistan $2.3 million in military assistance."
    ),
    "b.txt": (
        "Date: 2004-10-05\n\n"
        "The Tajik defence minister hosted an Indian military delegation. "
        "Tajikistan and India signed a defence cooperation agreement."
    ),
    # undated: its events have no date until the analyst gives the document one
    "c.txt": "Russia delivered helicopters to Tajikistan. France gave Tajikistan two transport aircraft.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return ingested(tmp_path_factory.mktemp("reviews"), BRIEFS)


@pytest.fixture
def store(built, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copy(built, path)
    with Store(path) as opened:
        yield opened


def event_id(store: Store, type: str, source: str) -> str:
    frame = store.query_events(type=type)
    return frame[frame["source_code"] == source]["event_id"].iloc[0]


def shares(store: Store, country: str = "TJK") -> dict[tuple[str, str], float]:
    portfolio = partners(store, country).portfolio
    return {
        (p, c): round(s, 3)
        for p, c, s in zip(portfolio["period"], portfolio["partner"], portfolio["share"], strict=True)
    }


def test_a_rejected_event_leaves_every_reader_but_not_the_machine_rows(store):
    aid = event_id(store, "military_aid", "USA")
    assert ("2004", "USA") in shares(store)
    reviews.review(store, aid, "ana", "rejected", note="donor misread")
    assert ("2004", "USA") not in shares(store)
    assert aid not in set(store.query_events()["event_id"])
    assert store.count_events() == 5
    assert "USA" not in set(store.names(country="TJK")["code"])
    assert aid not in {
        e["event_id"] for e in store.document(store.query_events()["doc_id"].iloc[0])["events"]
    }
    # the machine's own, beside it
    assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 6
    with Store(store.path, raw=True) as raw:
        assert raw.count_events() == 6 and ("2004", "USA") in shares(raw)


def test_an_edit_sets_checked_values_and_recodes(store):
    aid = event_id(store, "military_aid", "USA")
    found = reviews.review(
        store,
        aid,
        "ana",
        changes={
            "source": "France",
            "modality": "planned",
            "amount": "5,000,000",
            "date": "2004-11",
            "place": "Dushanbe",
        },
    )
    event = found["event"]
    assert event["source"]["code"] == "FRA" and event["target"]["code"] == "TJK"
    assert event["modality"] == "planned" and event["cameo"] == "0332"
    assert event["amount"]["value_usd"] == 5_000_000
    assert (event["date"], event["date_precision"]) == ("2004-11", "month")
    row = store.query_events(event_id=aid).iloc[0]
    assert (row["source_code"], str(row["day"])[:10], row["location_name"]) == (
        "FRA",
        "2004-11-01",
        "Dushanbe",
    )
    reviews.review(store, aid, "ana", changes={"direction": "swap"})
    assert store.query_events(event_id=aid).iloc[0]["source_code"] == "TJK"
    with pytest.raises(UsageError, match="E021"):
        reviews.review(store, aid, "ana", changes={"type": "gift"})
    with pytest.raises(UsageError, match="E076"):
        reviews.review(store, aid, "ana", changes={"amount": "a lot"})
    with pytest.raises(UsageError, match="E071"):
        reviews.review(store, aid, "ana")
    with pytest.raises(NotFound, match="E025"):
        reviews.review(store, "nosuchevent", "ana", "accepted")


def test_history_keeps_who_when_before_after_and_the_note(store):
    aid = event_id(store, "military_aid", "USA")
    reviews.review(store, aid, "ana", changes={"source": "RUS"}, note="adversary, not a donor")
    reviews.review(store, aid, "ben", "accepted")
    trail = reviews.history(store, aid)
    assert [(t["reviewer"], t["action"]) for t in trail] == [("ana", "edit"), ("ben", "accepted")]
    assert trail[0]["before"]["event"]["source"]["code"] == "USA"
    assert trail[0]["after"]["event"]["source"]["code"] == "RUS"
    assert trail[0]["note"] == "adversary, not a donor" and trail[0]["made_at"]
    assert trail[1]["after"]["review_status"] == "accepted"


def test_merge_joins_reports_and_split_undoes_it(store):
    first, second = event_id(store, "military_aid", "RUS"), event_id(store, "military_aid", "FRA")
    merged = reviews.merge(store, [first, second], "ana")
    assert len(merged["event"]["mentions"]) == 2
    assert store.count_events() == 5 and second not in set(store.query_events()["event_id"])
    with pytest.raises(UsageError, match="E072"):
        reviews.review(store, second, "ana", "accepted")
    with pytest.raises(UsageError, match="E073"):
        reviews.merge(store, [first, first], "ana")
    with pytest.raises(UsageError, match="E074"):
        reviews.split(store, first, [2], "ana")
    reports = store.count_events("mentions")
    # the per-report view follows the merge: both reports now belong to the first event
    assert [e.event_id for e in store.events("mentions", type="military_aid", country="FRA")] == []
    assert len(store.events("mentions", event_id=first)) == 2
    reviews.split(store, first, [1], "ana")
    assert store.count_events() == 6 and store.count_events("mentions") == reports
    assert len(store.events(event_id=first)[0].mentions) == 1
    assert store.events(event_id=second)[0].source.code == "FRA"
    assert [e.event_id for e in store.events("mentions", event_id=second)] == [second]


def test_a_split_of_a_machine_grouped_event_makes_a_new_one(store):
    first, second = event_id(store, "military_aid", "RUS"), event_id(store, "military_aid", "FRA")
    # two reports the machine had put together: the merged one is gone for good
    reviews.merge(store, [first, second], "ana")
    for table in ("event_reviews", "events"):
        store.con.execute(f"DELETE FROM {table} WHERE event_id = ?", [second])
    assert store.count_events() == 5
    parts = reviews.split(store, first, [1], "ana")
    assert parts[1]["origin"] == "split" and parts[1]["event"]["sentence"].startswith("France gave")
    assert store.count_events() == 6


def test_an_event_made_by_hand_from_a_span(store):
    doc = store.query_events(type="consult")["doc_id"].iloc[0]
    text = store.document(doc)["text"]
    start = text.index("Tajikistan and India")
    added = reviews.add_event(
        store,
        doc,
        start,
        len(text),
        {"type": "military_cooperation", "source": "India", "target": "TJK"},
        "ana",
    )
    event = added["event"]
    assert added["origin"] == "hand" and event["sentence"].startswith("Tajikistan and India signed")
    assert (event["date"], event["date_precision"]) == ("2004-10-05", "document")
    assert store.count_events() == 7
    with pytest.raises(UsageError, match="E075"):
        reviews.add_event(
            store, doc, 0, len(text) + 1, {"type": "consult", "source": "IND", "target": "TJK"}, "ana"
        )


def test_a_document_date_re_dates_its_undated_events(store):
    undated = store.query_events(type="military_aid")
    undated = undated[undated["date"].isna()]
    assert len(undated) == 2 and not any(p == "2006" for p, _ in shares(store))
    doc = undated["doc_id"].iloc[0]
    found = reviews.edit_document(store, doc, {"date": "2006-05-01", "title": "Helicopters"}, "ana")
    assert sorted(found["redated"]) == sorted(undated["event_id"])
    assert ("2006", "RUS") in shares(store) and ("2006", "FRA") in shares(store)
    assert store.document(doc)["title"] == "Helicopters"
    assert store.documents().set_index("doc_id").loc[doc, "date"] == "2006-05-01"
    assert reviews.history(store, undated["event_id"].iloc[0])[-1]["action"] == "redate"
    with pytest.raises(UsageError, match="E012"):
        reviews.edit_document(store, doc, {"date": "2006-13"}, "ana")


def test_reviews_survive_a_new_ingest_and_flag_what_it_lost(store, built):
    aid = event_id(store, "military_aid", "USA")
    doc = store.query_events(event_id=aid)["doc_id"].iloc[0]
    reviews.review(store, aid, "ana", "rejected")
    # the document ingested again (a new extractor version): its events come back with their ids
    store.con.execute("DELETE FROM events WHERE doc_id = ?", [doc])
    store.con.execute("DELETE FROM documents WHERE doc_id = ?", [doc])
    folder = built.parent
    report = store.ingest([folder / "a.txt"])
    assert report.added == 1
    assert aid not in set(store.query_events()["event_id"]) and reviews.flagged(store) == []
    # and an event that does not come back is flagged, and out of the reviewed state
    store.con.execute("DELETE FROM events WHERE event_id = ?", [aid])
    other = event_id(store, "consult", "TJK")
    reviews.review(store, other, "ana", "accepted")
    store.con.execute("DELETE FROM events WHERE event_id = ?", [other])
    assert reviews.flagged(store) == sorted([aid, other])
    assert other not in set(store.query_events()["event_id"])


def test_cli_review_history_and_raw(store):
    runner = CliRunner()
    aid = event_id(store, "military_aid", "USA")
    path = store.path
    store.close()
    result = runner.invoke(
        app, ["review", aid, "--set", "source=Russia", "--note", "misread", "--reviewer", "ana", "--db", path]
    )
    assert result.exit_code == 0, result.output
    assert "RUS → TJK" in result.output
    result = runner.invoke(app, ["history", aid, "--db", path])
    assert "ana  edit  source: USA -> RUS  note: misread" in result.output
    result = runner.invoke(app, ["history", aid, "--db", path, "--format", "json"])
    assert json.loads(result.output)[0]["after"]["event"]["source"]["code"] == "RUS"
    result = runner.invoke(app, ["events", "--db", path, "--type", "military_aid", "--format", "csv"])
    assert ",USA," not in result.output
    result = runner.invoke(
        app, ["events", "--db", path, "--type", "military_aid", "--format", "csv", "--raw"]
    )
    assert ",USA," in result.output
    result = runner.invoke(app, ["review", aid, "--set", "colour=red", "--db", path])
    assert result.exit_code == 2 and "E070" in result.output
    result = runner.invoke(app, ["review", aid, "--accept", "--reject", "--db", path])
    assert result.exit_code == 2


def test_cli_merge_split_and_document(store):
    runner = CliRunner()
    first, second = event_id(store, "military_aid", "RUS"), event_id(store, "military_aid", "FRA")
    doc = store.query_events(event_id=first)["doc_id"].iloc[0]
    path = store.path
    store.close()
    result = runner.invoke(app, ["merge", first, second, "--db", path, "--reviewer", "ana"])
    assert result.exit_code == 0 and "2 report(s)" in result.output, result.output
    result = runner.invoke(app, ["split", first, "--report", "1", "--db", path, "--reviewer", "ana"])
    assert result.exit_code == 0 and "1 report(s)" in result.output, result.output
    result = runner.invoke(
        app, ["document", doc, "--set", "date=2006-05-01", "--db", path, "--reviewer", "ana"]
    )
    assert result.exit_code == 0 and "2 event(s) re-dated" in result.output, result.output
    result = runner.invoke(app, ["partners", "TJK", "--db", path, "--format", "csv"])
    assert "2006,RUS" in result.output.replace('"', "")


@pytest.fixture
def client(store):
    from fastapi.testclient import TestClient

    from allyscope.api import create_app

    store.close()
    return TestClient(create_app(store.path, writable=True), base_url="http://127.0.0.1")


def test_api_review_changes_events_partners_and_history(client, monkeypatch):
    page = client.get("/api/events", params={"country": "TJK", "partner": "United States"}).json()
    assert page["total"] == 1
    aid = page["events"][0]["event_id"]
    before = client.get("/api/partners/TJK").json()["portfolio"]
    assert "USA" in {row["partner"] for row in before}
    answer = client.patch(f"/api/events/{aid}", json={"status": "rejected", "reviewer": "ana", "note": "foe"})
    assert answer.status_code == 200 and answer.json()["review_status"] == "rejected"
    assert "USA" not in {row["partner"] for row in client.get("/api/partners/TJK").json()["portfolio"]}
    assert "USA" in {row["partner"] for row in client.get("/api/partners/TJK?raw=true").json()["portfolio"]}
    assert client.get("/api/events", params={"country": "TJK", "partner": "USA"}).json()["total"] == 0
    trail = client.get(f"/api/events/{aid}/history").json()
    assert [(t["reviewer"], t["action"], t["note"]) for t in trail] == [("ana", "rejected", "foe")]
    assert client.get(f"/api/events/{aid}/history", params={"raw": True}).json() == trail
    other = client.get("/api/events", params={"review": "unreviewed"}).json()["events"][0]["event_id"]
    client.patch(f"/api/events/{other}", json={"status": "accepted", "reviewer": "ana"})
    assert client.get(f"/api/events/{other}").json()["review_status"] == "accepted"
    changed = client.get("/api/events", params={"review": "changed"}).json()["events"]
    assert [e["event_id"] for e in changed] == [other]
    # a value checked as the command line checks it; a write without a reviewer refused
    bad = client.patch(f"/api/events/{other}", json={"fields": {"type": "gift"}, "reviewer": "ana"})
    assert bad.status_code == 422 and "E021" in bad.json()["detail"]
    assert client.patch(f"/api/events/{other}", json={"status": "accepted"}).status_code == 422
    long_note = client.patch(f"/api/events/{other}", json={"reviewer": "ana", "note": "x" * 70_000})
    assert long_note.status_code == 422
    assert client.patch("/api/events/nosuch", json={"status": "accepted", "reviewer": "a"}).status_code == 404


def test_api_merge_split_add_and_document(client):
    aid = client.get("/api/events", params={"type": "military_aid", "country": "FRA"}).json()["events"][0]
    rus = client.get("/api/events", params={"type": "military_aid", "country": "RUS"}).json()["events"][0]
    merged = client.post(
        "/api/events/merge", json={"event_ids": [rus["event_id"], aid["event_id"]], "reviewer": "ana"}
    )
    assert merged.status_code == 200 and len(merged.json()["event"]["mentions"]) == 2
    assert client.get("/api/health").json()["events"] == 5
    parts = client.post(f"/api/events/{rus['event_id']}/split", json={"reports": [1], "reviewer": "ana"})
    assert parts.status_code == 200 and len(parts.json()) == 2
    doc = rus["doc_id"]
    edited = client.patch(f"/api/documents/{doc}", json={"date": "2006-05-01", "reviewer": "ana"}).json()
    assert len(edited["redated"]) == 2
    years = {row["period"] for row in client.get("/api/partners/TJK").json()["portfolio"]}
    assert "2006" in years
    text = client.get(f"/api/documents/{doc}").json()["text"]
    added = client.post(
        "/api/events",
        json={
            "doc_id": doc,
            "char_start": 0,
            "char_end": text.index(".") + 1,
            "fields": {"type": "military_cooperation", "source": "Russia", "target": "Tajikistan"},
            "reviewer": "ana",
        },
    )
    assert added.status_code == 200 and added.json()["event"]["date"] == "2006-05-01"


def test_api_writes_need_the_token_and_a_writable_server(client, store, monkeypatch):
    from fastapi.testclient import TestClient

    from allyscope.api import create_app

    aid = client.get("/api/events").json()["events"][0]["event_id"]
    monkeypatch.setenv("ALLYSCOPE_TOKEN", "s3cret")
    guarded = TestClient(create_app(store.path, writable=True), base_url="http://127.0.0.1")
    body = {"status": "accepted", "reviewer": "ana"}
    refused = guarded.patch(f"/api/events/{aid}", json=body)
    assert refused.status_code == 401 and "E055" in refused.json()["detail"]
    wrong = guarded.patch(f"/api/events/{aid}", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = guarded.patch(f"/api/events/{aid}", json=body, headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 200
    settings = guarded.get("/api/review", headers={"Authorization": "Bearer s3cret"}).json()
    assert settings == {"writable": True, "flagged": []}
    monkeypatch.delenv("ALLYSCOPE_TOKEN")
    read_only = TestClient(create_app(store.path), base_url="http://127.0.0.1")
    answer = read_only.patch(f"/api/events/{aid}", json=body)
    assert answer.status_code == 403 and "E078" in answer.json()["detail"]
    assert read_only.get(f"/api/events/{aid}").json()["review_status"] == "accepted"


def test_each_partner_row_traces_to_its_events(store):
    from allyscope.ontology import scored_types

    found = partners(store, "TJK").portfolio
    assert len(found)
    for row in found.itertuples():
        if row.period == UNDATED:
            listed = store.query_events(country="TJK", partner=row.partner)
            listed = listed[listed["date"].isna()]
        else:
            listed = store.query_events(
                country="TJK", partner=row.partner, since=row.period, until=row.period
            )
        listed = listed[listed["type"].isin(scored_types())]
        assert row.event_ids == sorted(listed["event_id"]) and len(row.event_ids) == row.events
    runner = CliRunner()
    path = store.path
    store.close()
    result = runner.invoke(app, ["partners", "TJK", "--db", path, "--format", "csv"])
    header, *rows = result.output.splitlines()
    assert header.endswith(",event_ids")
    assert {r.rsplit(",", 1)[1] for r in rows} == {";".join(ids) for ids in found["event_ids"]}


def test_api_reviews_of_one_event_at_the_same_time(store):
    """Writes race in a real server's threads; DuckDB refuses one of two transactions that change
    the same row, so the server takes one review at a time."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from servers import Server

    aid = event_id(store, "military_aid", "USA")
    store.close()
    with Server.of(Path(store.path)) as server:
        url = f"{server.url}/api/events/{aid}"

        def patch(n: int) -> int:
            body = {"status": "accepted" if n % 2 else "rejected", "reviewer": f"r{n % 4}"}
            return httpx.patch(url, json=body, timeout=30).status_code

        with ThreadPoolExecutor(4) as pool:
            codes = list(pool.map(patch, range(60)))
    assert codes == [200] * 60
    with Store(store.path) as reopened:
        assert len(reviews.history(reopened, aid)) == 60


def test_a_reviewed_event_takes_the_reports_of_later_documents(store, tmp_path):
    aid = event_id(store, "military_aid", "USA")
    reviews.review(store, aid, "ana", "accepted", {"place": "Dushanbe"})
    later = tmp_path / "later.txt"
    later.write_text(
        "Date: 2004-09-30\n\nThe United States gave Tajikistan $2.3 million in military assistance last week."
    )
    store.ingest([later])
    event = store.events(event_id=aid)[0]
    assert len(event.mentions) == 2 and event.location["name"] == "Dushanbe"
    assert len(store.events("mentions", event_id=aid)) == 2
    assert reviews.history(store, aid)[-1]["action"] == "reports"


def test_cli_history_prints_notes_as_plain_text(store):
    runner = CliRunner()
    aid = event_id(store, "military_aid", "USA")
    path = store.path
    store.close()
    note = "\x1b[2J[bold]wiped[/bold]"
    assert runner.invoke(app, ["review", aid, "--accept", "--note", note, "--db", path]).exit_code == 0
    result = runner.invoke(app, ["history", aid, "--db", path])
    assert "\x1b" not in result.output and "[bold]wiped[/bold]" in result.output
