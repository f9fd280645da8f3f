"""What a newcomer meets in the first hour: tables that read at 80 columns (evidence on its own
lines, --wide for every column), events of a pair of countries given by name, and a realized-only
table that counts no planned or negated event."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from allyscope.cli import app
from allyscope.cli.app import console


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setattr(console, "_width", 80)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_events_read_at_80_columns(db, narrow):
    out = run("events", "--db", db, "--country", "TJK", "--type", "military_aid")
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    # one line per event, its sentence whole on a line of its own below
    at = next(i for i, line in enumerate(lines) if "USA → TJK   2003-06-01      1,000,000" in line)
    assert lines[at + 1].strip() == "United States and Tajikistan held something on 2003-06-01."
    console._width = 200
    wide = run("events", "--db", db, "--country", "TJK", "--type", "military_aid", "--wide")
    assert "┃ place" in wide and "cited" in wide


def test_partners_read_at_80_columns(db, narrow):
    out = run("partners", "TJK", "--db", db)
    assert max(map(len, out.splitlines())) <= 80
    # types by their short words (types.csv `short`): no count is cut off
    assert "…" not in out and "coop " in out
    assert "by modality" not in out and "entropy" not in out
    console._width = 200
    wide = run("partners", "TJK", "--db", db, "--wide")
    assert "by modality" in wide and "entropy" in wide


def test_events_of_a_pair_by_code_or_name(db):
    by_code = run("events", "--db", db, "--pair", "TJK-USA", "--format", "jsonl").splitlines()
    by_name = run(
        "events", "--db", db, "--pair", "Tajikistan-United States", "--format", "jsonl"
    ).splitlines()
    assert by_code == by_name and len(by_code) == 2
    every = run("events", "--db", db, "--country", "TJK", "--format", "jsonl").splitlines()
    assert len(every) > len(by_code)
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--pair", "TJK-Atlantis"])
    assert result.exit_code == 2 and "E013" in result.output


def test_realized_only_counts_no_planned_event(db):
    import csv
    import io

    rows = list(
        csv.DictReader(io.StringIO(run("partners", "TJK", "--db", db, "--realized-only", "--format", "csv")))
    )
    assert rows and all(
        r["planned"] == "0" and r["negated"] == "0" and r["hypothetical"] == "0" for r in rows
    )
    assert "POL" not in {r["partner"] for r in rows}  # its one event was planned
    every = list(csv.DictReader(io.StringIO(run("partners", "TJK", "--db", db, "--format", "csv"))))
    assert any(r["planned"] != "0" for r in every)


def test_excel_export_takes_the_filters_of_events(db, tmp_path):
    import openpyxl

    out = tmp_path / "tjk.xlsx"
    run(
        "export",
        "--db",
        db,
        "--country",
        "Tajikistan",
        "--type",
        "military_aid",
        "--format",
        "xlsx",
        "--out",
        out,
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["events", "partners"]
    events = book["events"]
    header = [c.value for c in events[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in events.iter_rows(min_row=2)]
    listed = run(
        "events", "--db", db, "--country", "TJK", "--type", "military_aid", "--format", "jsonl"
    ).splitlines()
    assert len(rows) == len(listed) == 6 and {r["type"] for r in rows} == {"military_aid"}
    assert all(r["sentence"] for r in rows)
    linked = [events.cell(row=i, column=header.index("link") + 1) for i in range(2, len(rows) + 2)]
    assert any(c.hyperlink and c.hyperlink.target == "https://example.org/doc2004" for c in linked)
    partners = book["partners"]
    columns = [c.value for c in partners[1]]
    assert "share" in columns and columns[-1] == "event_ids"
    assert all(row[-1].value for row in partners.iter_rows(min_row=2))
    pair = tmp_path / "pair.xlsx"
    run("export", "--db", db, "--pair", "TJK-USA", "--format", "xlsx", "--out", pair)
    assert openpyxl.load_workbook(pair)["events"].max_row == 1 + 2
