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
