"""The bad-input corpus (tests/badinputs.py) through `ingest` into one store: every bad input
is reported with its code in one line, every good document is stored with its events, and a
second ingest of the same inputs stores nothing twice."""

from __future__ import annotations

import sys
from pathlib import Path

from allyscope.store import Store

sys.path.insert(0, str(Path(__file__).parent))
import badinputs  # noqa: E402


def belongs(reported: str, case: badinputs.Case) -> bool:
    """Whether a path as reported (a file, `file:line` of a JSON line, a file in a folder) is the case's."""
    own = badinputs.display(case.path)
    return reported == own or reported.startswith((own + ":", own + "/"))


def test_every_bad_input_is_reported_every_good_one_stored_and_a_rerun_stores_nothing_twice(tmp_path):
    cases = badinputs.build(tmp_path / "corpus")
    assert len(cases) >= 60
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        report = store.ingest([str(case.path) for case in cases])
        documents = store.documents()
        counts = store.counts()
    for error in report.errors:
        assert "\n" not in error.cause and error.cause[:1] == "E", str(error)
    outcomes = {}
    for case in cases:
        errors = [e.cause.split(":")[0] for e in report.errors if belongs(e.path, case)]
        stored = documents[[belongs(p, case) for p in documents["path"]]]
        outcomes[case.name] = (errors, len(stored), int(stored["n_events"].sum()))
    expected = {case.name: (case.errors, case.documents, case.events) for case in cases}
    assert outcomes == expected
    assert len(report.errors) == sum(len(case.errors) for case in cases)
    assert counts == (sum(c.documents for c in cases), sum(c.events for c in cases))

    with Store(db) as store:
        again = store.ingest([str(case.path) for case in cases])
        assert store.counts() == counts
    assert again.added == 0 and again.skipped == counts[0]
    assert [str(e) for e in again.errors] == [str(e) for e in report.errors]
