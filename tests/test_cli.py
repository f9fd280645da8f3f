"""The command line as a user drives it (typer's CliRunner): extract, ingest, events, partners, demo."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allyscope.cli import app
from allyscope.cli.app import console

ARTICLE = (
    "Tajikistan looks beyond Moscow\n\n"
    "The Tajik defence minister hosted an Indian military delegation in Dushanbe on September 20. "
    "The United States gave Tajikistan $2.3 million in military assistance (Avesta, September 21). "
    "Dushanbe plans to ask Russian border guards to leave."
)
EVENT_FIELDS = {
    "event_id",
    "doc_id",
    "type",
    "cameo",
    "plover",
    "quad_class",
    "goldstein",
    "modality",
    "source",
    "target",
    "date",
    "date_precision",
    "location",
    "amount",
    "aid_kind",
    "cited_source",
    "sentence",
    "char_start",
    "char_end",
    "confidence",
    "explanation",
}
ACTOR_FIELDS = {"text", "name", "code", "kind", "sector", "cameo_code"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "tajik.txt"
    path.write_text(ARTICLE)
    return path


def run(runner: CliRunner, *args: str, code: int = 0, **kwargs):
    result = runner.invoke(app, [str(a) for a in args], **kwargs)
    assert result.exit_code == code, result.output
    return result


def test_extract_jsonl_has_every_spec_field(runner, article):
    result = run(runner, "extract", article, "--format", "jsonl", "--date", "2004-09-23")
    lines = result.stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert len(events) >= 4
    for event in events:
        assert set(event) >= EVENT_FIELDS, EVENT_FIELDS - set(event)
        for role in ("source", "target"):
            assert event[role] is None or set(event[role]) >= ACTOR_FIELDS
        assert ARTICLE[event["char_start"] : event["char_end"]] == event["sentence"]
    by_type = {e["type"]: e for e in events}
    consult, aid = by_type["consult"], by_type["military_aid"]
    assert (consult["date"], consult["date_precision"], consult["location"]["name"]) == (
        "2004-09-20",
        "day",
        "Dushanbe",
    )
    assert (aid["source"]["code"], aid["target"]["code"], aid["amount"]["value"]) == ("USA", "TJK", 2_300_000)
    assert aid["cited_source"] == {"outlet": "Avesta", "date": "2004-09-21"}
    planned = {(e["type"], e["modality"]) for e in events if e["modality"] == "planned"}
    assert planned >= {("request", "planned"), ("reduce_cooperation", "planned")}


def test_extract_ids_are_stable_across_runs(runner, article):
    first = run(runner, "extract", article, "--format", "jsonl").stdout
    second = run(runner, "extract", article, "--format", "jsonl").stdout
    assert [json.loads(x)["event_id"] for x in first.splitlines()] == [
        json.loads(x)["event_id"] for x in second.splitlines()
    ]


def test_extract_csv(runner, article):
    result = run(runner, "extract", article, "--format", "csv", "--date", "2004-09-23")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    jsonl = run(runner, "extract", article, "--format", "jsonl", "--date", "2004-09-23").stdout
    assert len(rows) == len(jsonl.splitlines())
    assert {"type", "modality", "source_code", "target_code", "date", "amount_usd", "sentence"} <= set(
        rows[0]
    )
    aid = next(r for r in rows if r["type"] == "military_aid")
    assert (aid["source_code"], aid["target_code"], float(aid["amount_usd"])) == ("USA", "TJK", 2_300_000)


def test_extract_table(runner, article, monkeypatch):
    monkeypatch.setattr(console, "_width", 200)  # a wide terminal: cells are not folded
    result = run(runner, "extract", article, "--date", "2004-09-23")
    assert "events in 1 document(s)" in result.stdout
    for word in ("consult", "military_aid", "USA", "TJK", "Avesta"):
        assert word in result.stdout


def test_extract_bad_date_is_a_usage_error(runner, article):
    result = run(runner, "extract", article, "--date", "23/09/2004", code=2)
    assert result.stderr == "error: E012: invalid date '23/09/2004'; use YYYY, YYYY-MM or YYYY-MM-DD\n"


def test_batch_with_bad_input_still_processes_the_good_ones(runner, article, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = run(
        runner,
        "extract",
        empty,
        article,
        tmp_path / "missing.txt",
        binary,
        "--format",
        "jsonl",
        "--date",
        "2004-09-23",
        code=1,
    )
    assert len(result.stdout.splitlines()) >= 4, "the good article's events are printed"
    errors = result.stderr.strip().splitlines()
    assert errors[-1] == "3 input(s) failed, 1 document(s) processed."
    assert errors[:-1] == [
        f"error: {empty}: E002: file is empty",
        f"error: {tmp_path / 'missing.txt'}: E001: no such file or folder",
        f"error: {binary}: E003: file looks binary (NUL bytes), not text",
    ]


def test_ingest_then_events_and_partners(runner, article, tmp_path):
    db = tmp_path / "cli.duckdb"
    other = tmp_path / "kyrgyz.txt"
    other.write_text("Date: 2003-10-23\n\nRussia opened an air base at Kant in Kyrgyzstan.")
    result = run(runner, "ingest", article, other, "--db", db, "--date", "2004-09-23")
    assert "2 document(s) added" in result.stdout
    again = run(runner, "ingest", article, "--db", db)
    assert (
        "0 document(s) added with 0 events (0 of them" in again.stdout and "1 already stored" in again.stdout
    )

    events = run(runner, "events", "--country", "TJK", "--db", db, "--format", "jsonl").stdout
    found = [json.loads(line) for line in events.splitlines()]
    assert found and all("TJK" in (e["source"]["code"], e["target"]["code"]) for e in found)
    assert "KGZ" not in events

    aid = run(
        runner, "events", "--type", "military_aid", "--since", "2004-09", "--db", db, "--format", "jsonl"
    )
    assert [json.loads(x)["source"]["code"] for x in aid.stdout.splitlines()] == ["USA"]

    table = run(runner, "partners", "TJK", "--db", db).stdout
    for word in ("Security partners of TJK", "IND", "USA", "RUS"):
        assert word in table
    rows = [
        json.loads(x)
        for x in run(
            runner, "partners", "TJK", "--db", db, "--format", "jsonl", "--by", "all"
        ).stdout.splitlines()
    ]
    assert {r["partner"] for r in rows} == {"IND", "USA", "RUS"}
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    assert 0 < rows[0]["hhi"] <= 1


def test_ingest_from_stdin(runner, tmp_path):
    result = run(
        runner, "ingest", "-", "--db", tmp_path / "stdin.duckdb", "--date", "2004-09-23", input=ARTICLE
    )
    assert "1 document(s) added" in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["events"],
        ["partners", "TJK"],
        ["report", "TJK", "--out", "brief.html"],
        ["network", "--out", "net.json"],
        ["export", "--out", "events.csv"],
        ["serve"],
    ],
)
def test_a_read_command_without_a_store_makes_none(runner, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALLYSCOPE_DB", raising=False)
    result = run(runner, *command, code=1)
    assert result.stderr == (
        "error: E020: no store at allyscope.duckdb; build one with "
        "`allyscope ingest PATH... --db allyscope.duckdb`\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_countries_by_code_or_name(runner, db):
    result = run(runner, "events", "--country", "XYZ", "--db", db, code=2)
    assert result.stderr.startswith("error: E013: unknown country or organisation 'XYZ'")
    for given in ("tjk", "Tajikistan", "tajikistan", "Tajik"):
        result = run(runner, "partners", given, "--db", db, "--format", "json")
        assert json.loads(result.stdout)["country"] == "TJK"
        assert result.stderr == ("" if given == "tjk" else f"country: {given} -> TJK (Tajikistan)\n")
    usa = run(runner, "events", "--country", "U.S.", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert len(usa) == 2 and all("USA" in line for line in usa)


@pytest.mark.parametrize(
    ("since", "until", "ids"),
    [("2004", "2004", 10), ("2004-09", "2004-09", 5), ("2004-09-20", "2004-09-22", 3), ("2003-06", None, 12)],
)
def test_dates_of_any_precision(runner, db, since, until, ids):
    args = [
        "events",
        "--db",
        db,
        "--format",
        "jsonl",
        "--since",
        since,
        *(["--until", until] if until else []),
    ]
    assert len(run(runner, *args).stdout.splitlines()) == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--since", "2004-13"], "error: E012: invalid date '2004-13'"),
        (["events", "--until", "soon"], "error: E012: invalid date 'soon'"),
        (["partners", "TJK", "--since", "2004-02-30"], "error: E012: invalid date '2004-02-30'"),
        (["events", "--type", "picnic"], "error: E021: invalid event type 'picnic'; use one of consult,"),
        (["events", "--modality", "maybe"], "error: E021: invalid modality 'maybe'"),
        (["events", "--limit", "0"], "error: E022: --limit is 0; it must be at least 1"),
        (["events", "--offset", "-1"], "error: E022: --offset is -1; it must be at least 0"),
        (["partners", "TJK", "--top", "-2"], "error: E022: --top is -2; it must be at least 0"),
    ],
)
def test_bad_values_are_one_line(runner, db, args, message):
    result = run(runner, *args, "--db", db, code=2)
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr


def test_events_table_pages(runner, db, monkeypatch):
    monkeypatch.setattr(console, "_width", 200)
    page = run(runner, "events", "--db", db, "--limit", "2", "--offset", "1").stdout
    assert "events 2-3 of 13 (--offset 3 for the next page)" in page
    assert page.count("→") == 2
    assert "events 13-13 of 13" in run(runner, "events", "--db", db, "--offset", "12").stdout


def test_demo_runs_and_says_what_to_try_next(runner, tmp_path):
    db = tmp_path / "demo.duckdb"
    result = run(runner, "demo", "--db", db)
    assert db.exists()
    out = result.stdout
    assert "allyscope demo" in out and "Security partners of TJK" in out
    assert "Try next:" in out
    hints = out.split("Try next:")[1]
    for command in ("allyscope events", "allyscope partners TJK", "allyscope extract", "allyscope eval"):
        assert command in hints
    assert str(db) in hints
    events = run(runner, "events", "--db", db, "--country", "TJK", "--format", "jsonl").stdout.splitlines()
    assert len(events) >= 20
    # the demo store groups reports across documents: three outlets' Balykchy exercise is one event
    grouped = re.search(
        r"(\d+) reports -> (\d+) events within documents -> (\d+) events across documents", out
    )
    mentions, within, across = map(int, grouped.groups())
    assert mentions > within > across
    kgz = run(
        runner,
        "events",
        "--db",
        db,
        "--country",
        "KGZ",
        "--type",
        "military_cooperation",
        "--format",
        "jsonl",
    )
    exercises = [json.loads(line) for line in kgz.stdout.splitlines()]
    (balykchy,) = [e for e in exercises if "Balykchy" in e["sentence"] and e["modality"] == "realized"]
    assert balykchy["n_documents"] == 3 and len(balykchy["sources"]) >= 3


def test_partners_table_shows_the_top_partners(runner, db, monkeypatch):
    monkeypatch.setattr(console, "_width", 200)
    table = run(runner, "partners", "TJK", "--db", db, "--top", "2").stdout.split("Concentration")[0]
    year = [line for line in table.splitlines() if line.startswith("│ 2004 ")]
    # 2004: RUS 5 (6 less 1 for the planned withdrawal) and USA 3 shown; IND 2.5 and POL 1.5
    # summed in one row
    assert [line.split("│")[2].strip() for line in year] == ["RUS", "USA", "2 others"]
    assert year[-1].split("│")[3].strip() == "3" and year[-1].split("│")[-2].strip() == "33%"


def test_an_error_about_a_file_named_like_markup_prints_the_name(runner, tmp_path):
    odd = tmp_path / "[bold]brief[red].txt"
    odd.write_text("")
    result = run(runner, "extract", odd, code=1)
    assert result.stderr.splitlines()[0] == f"error: {odd}: E002: file is empty"


def test_a_store_another_process_writes_is_one_line(runner, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    hold = "import sys, time\nfrom allyscope.store import Store\nstore = Store(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)"
    writer = subprocess.Popen([sys.executable, "-c", hold, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        result = run(runner, "events", "--db", path, code=1)
    finally:
        writer.kill()
        writer.wait()
    assert (
        result.stderr.startswith(f"error: E027: cannot open the store {path} (")
        and result.stderr.count("\n") == 1
    )
