"""PETRARCH test records: the CAMEO root code (first two digits) and dyad of each expected event.

Two sets (../shared/eval/petrarch2-validation/):
- `gsr`: PETRARCH-2's 78 real-news validation sentences with Phoenix actor codes;
- `unittest`: PETRARCH's unit-test records (mostly fictional actors), run with the suite's
  own actor dictionary (`dictionaries/PETR.Validate.actors.txt`, loaded like `--actors`);
  only the records the original harness selects (`selected_by_include`).

An expected event is reproduced when one of our events has its CAMEO root and its dyad.
Actor codes are compared at their root: a state code's first three letters, an
international body's our organisation code (see `actors.dictionary.petrarch_code`); an
unknown actor (`---`) matches any. Our undirected types (consult, agreement,
military_cooperation) match in either order, as PETRARCH codes meetings both ways. A
record is reproduced when all its expected events are, and a record that expects none
(`noevents` or an expected error) when we find no event with two parties. Many expected
codes are not CAMEO (WEIS-derived test codes such as 212, 345, 901-915): the `cameo` row
drops those events, and the records left with no expected event.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..actors.dictionary import petrarch_code
from ..model import Actor, Event
from ..ontology import is_directed
from .sentences import extract_sentences, read_records, resolve

FILES = {"gsr": "petr2_gsr_validation.jsonl", "unittest": "petr_unittest_records.jsonl"}
UNITTEST_ACTORS = Path("dictionaries") / "PETR.Validate.actors.txt"
CAMEO_ROOTS = {f"{n:02d}" for n in range(1, 21)}


def actor_root(code: str) -> str | None:
    """Our code for a PETRARCH actor code; None for an unknown or new actor (matches any)."""
    code = code.strip().strip('"')
    if not code or code[:3] in ("---", "###", "+++") or " " in code:
        return None
    return petrarch_code(code)[0]


def iso_date(value: str | None) -> str | None:
    """YYYYMMDD -> YYYY-MM-DD; anything else (the suite has a `121108`) -> None."""
    if value and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def party_matches(code: str, actor: Actor | None) -> bool:
    root = actor_root(code)
    return root is None or (actor is not None and actor.code == root)


def event_matches(expected: dict, event: Event) -> bool:
    """Whether our event has the expected event's CAMEO root and dyad."""
    if event.cameo[:2] != expected["code"][:2]:
        return False
    source, target = expected["source"], expected["target"]
    forward = party_matches(source, event.source) and party_matches(target, event.target)
    backward = party_matches(source, event.target) and party_matches(target, event.source)
    return forward or (not is_directed(event.type) and backward)


def describe(event: Event) -> str:
    source = event.source.code if event.source else "?"
    target = event.target.code if event.target else "?"
    return f"{event.cameo} {source}->{target}"


def score_record(record: dict, events: list[Event], cameo_only: bool) -> dict | None:
    """One record's counts; None when `cameo_only` leaves it with nothing to test."""
    expected = record["expected_events"]
    if cameo_only:
        expected = [e for e in expected if e["code"][:2] in CAMEO_ROOTS]
        if record["expected_events"] and not expected:
            return None
    dyadic = [e for e in events if e.source and e.target]
    matched = [any(event_matches(x, e) for e in events) for x in expected]
    root_only = [any(e.cameo[:2] == x["code"][:2] for e in events) for x in expected]
    return {
        "id": record.get("uid", record["id"]),
        "expected": "; ".join(f"{x['code']} {x['source']}->{x['target']}" for x in expected),
        "system": "; ".join(describe(e) for e in events),
        "events": len(expected),
        "matched": sum(matched),
        "root_matched": sum(root_only),
        "reproduced": all(matched) if expected else not dyadic,
        "text": record["text"],
    }


def summary_row(name: str, rows: pd.DataFrame) -> dict:
    events = rows["events"].sum()
    return {
        "set": name,
        "records": len(rows),
        "events": int(events),
        "reproduced": rows["reproduced"].mean(),
        "event_recall": rows["matched"].sum() / events if events else float("nan"),
        "root_recall": rows["root_matched"].sum() / events if events else float("nan"),
    }


def evaluate_petrarch(
    path: str | Path | None = None,
    records: str = "gsr",
    actors: tuple[str, ...] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """Score CAMEO root code and dyad on PETRARCH's validation or unit-test records.

    Args:
        path: the records file or its folder; default `../shared/eval/petrarch2-validation/`.
        records: `gsr` (78 real sentences) or `unittest` (the unit-test suite; its actor
            dictionary, next to the records file, is added to `actors`).
        actors: extra actor dictionaries (JSONL, CSV or PETRARCH .actors.txt).
        limit: score only the first `limit` records (for smoke tests).
    Returns:
        DataFrame with rows `raw` (all expected events) and `cameo` (expected codes outside
        CAMEO's roots 01-20 dropped): records, events, reproduced (share of records whose
        events we all reproduce), event_recall (root and dyad) and root_recall (root only).
        `frame.attrs["records"]` holds the per-record rows of the raw scoring.
    Raises:
        ValueError: for an unknown `records` name.
        FileNotFoundError: if the records file does not exist.
    """
    if records not in FILES:
        raise ValueError(f"records must be one of {', '.join(FILES)}, not {records!r}")
    file = resolve(path, "petrarch2-validation", FILES[records])
    items = read_records(file)
    if records == "unittest":
        items = [r for r in items if r["selected_by_include"]]
        actors = (str(file.parent / UNITTEST_ACTORS), *actors)
    items = items[:limit]
    found = extract_sentences(
        ((r.get("uid", r["id"]), r["text"], iso_date(r["date"])) for r in items), actors
    )
    frames = {}
    for name, cameo_only in (("raw", False), ("cameo", True)):
        rows = [score_record(r, events, cameo_only) for r, events in zip(items, found, strict=True)]
        frames[name] = pd.DataFrame([r for r in rows if r is not None])
    frame = pd.DataFrame([summary_row(name, rows) for name, rows in frames.items()])
    frame.attrs["records"] = frames["raw"]
    return frame
