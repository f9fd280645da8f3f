"""Fast start: the command line and the store-only commands load neither spaCy nor the evaluation
adapters (`allyscope --help` answers in a fraction of a second)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "allyscope.evaluation", "allyscope.pipeline")


def loaded_after(code: str) -> set[str]:
    """Which of HEAVY a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport sys\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.splitlines()[-1].split()[1:])


@pytest.mark.parametrize("code", ["import allyscope", "import allyscope.cli", "import allyscope.api"])
def test_imports_load_no_model(code):
    assert loaded_after(code) == set()


def test_store_only_commands_load_no_model(db, tmp_path):
    run = (
        "import sys\nfrom allyscope.cli import app\n"
        "for args in ({commands}):\n"
        "    try:\n        app(args)\n    except SystemExit as exc:\n        assert not exc.code, args\n"
    )
    commands = [
        ["--help"],
        ["events", "--db", str(db), "--country", "TJK"],
        ["partners", "TJK", "--db", str(db), "--format", "json"],
        ["report", "TJK", "--db", str(db), "--out", str(tmp_path / "brief.html")],
        ["export", "--db", str(db), "--out", str(tmp_path / "events.csv")],
        ["network", "--db", str(db), "--out", str(tmp_path / "net.json")],
    ]
    assert loaded_after(run.format(commands=", ".join(map(repr, commands)))) == set()


def test_the_writer_of_an_ingest_with_workers_loads_no_spacy(tmp_path):
    """The writer's start-up is CPU the workers wait for, and the document it dates from its
    text (no --date here) is dated by the language's patterns, not by spaCy."""
    text = tmp_path / "brief.txt"
    text.write_text("Kazakhstan and China held a joint border exercise near Almaty in May 2019.\n")
    run = (
        "from allyscope.cli import app\n"
        f"args = ['ingest', {str(text)!r}, '--db', {str(tmp_path / 'a.duckdb')!r}, '--workers', '1']\n"
        "try:\n    app(args)\nexcept SystemExit as exc:\n    assert not exc.code\n"
        "import sys\nprint('loaded:', *(m for m in ('spacy',) if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1].split()[1:] == []
