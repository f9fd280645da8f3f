"""Key-level scoring of extracted events against gold (SPEC "Gold file format").

Per document, keys are (type, dyad): ordered when the gold event is directed. A system key
that matches a required gold key is a true positive, one that matches only an optional key
is ignored, any other is a false positive; unmatched required keys are misses. Types outside
the six scored ones are not scored. For matched keys the best system event is compared on
modality, date (at the gold's precision), place and amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..model import Event
from ..ontology import SCORED_TYPES
from .gold import Gold, GoldEvent, load_gold

AMOUNT_TOLERANCE = 0.05


def system_keys(events: list[Event]) -> dict[tuple, list[Event]]:
    keys: dict[tuple, list[Event]] = {}
    for e in events:
        if e.type in SCORED_TYPES and e.source and e.target:
            keys.setdefault((e.type, e.source.code, e.target.code), []).append(e)
    return keys


def date_ok(gold: GoldEvent, event: Event) -> bool:
    return (
        bool(event.date) and event.date[: len(gold.date)] == gold.date and len(event.date) >= len(gold.date)
    )


def place_ok(gold: GoldEvent, event: Event) -> bool:
    if not event.location:
        return False
    names = {str(event.location.get(k) or "").lower() for k in ("name", "text")} - {""}
    allowed = {a.lower() for a in gold.location or []}
    return any(n == a or a in n or n in a for n in names for a in allowed)


def amount_ok(gold: GoldEvent, event: Event) -> bool:
    value = (event.amount or {}).get("value_usd")
    return value is not None and abs(value - gold.amount_usd) <= AMOUNT_TOLERANCE * gold.amount_usd


def attribute_checks(gold: GoldEvent, event: Event) -> dict[str, bool]:
    checks = {
        "modality_realized": ("realized" in gold.modality) == (event.modality == "realized")
        if len(gold.modality) == 1 or "realized" not in gold.modality
        else True,
        "modality": event.modality in gold.modality,
    }
    if gold.date:
        checks["date"] = date_ok(gold, event)
    if gold.location:
        checks["place"] = place_ok(gold, event)
    if gold.amount_usd:
        checks["amount"] = amount_ok(gold, event)
    return checks


def score_document(gold: Gold, events: list[Event]) -> dict:
    """Score one document's events: counts, attribute checks, misses and false alarms."""
    keys = system_keys(events)
    matched_system: set[tuple] = set()
    rows, misses = [], []
    for g in gold.events:
        hits = [k for k in keys if g.matches(*k)]
        if not hits:
            misses.append(g)
            continue
        matched_system.update(hits)
        candidates = [e for k in hits for e in keys[k]]
        best = max(candidates, key=lambda e: sum(attribute_checks(g, e).values()))
        rows.append((g, best, attribute_checks(g, best)))
    optional_hits = {k for k in keys for g in gold.optional if g.matches(*k)}
    false_alarms = [keys[k][0] for k in keys if k not in matched_system and k not in optional_hits]
    gold_keys = {g.key for g in gold.events}
    matched_keys = {g.key for g, _, _ in rows}
    return {
        "doc": gold.text_path.name,
        "tp": len(matched_keys),
        "fp": len({(e.type, e.source.code, e.target.code) for e in false_alarms}),
        "fn": len(gold_keys - matched_keys),
        "matched": rows,
        "misses": misses,
        "false_alarms": false_alarms,
    }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(gold_paths: Iterable[str | Path], actors: tuple[str, ...] = ()) -> pd.DataFrame:
    """Run extraction on each gold file's text and score it.

    Returns:
        DataFrame with one row per document plus a final `ALL` row (micro-averaged):
        tp, fp, fn, precision, recall, f1 and the accuracy of modality, date, place, amount
        on matched keys (NaN where the gold gives none).
    """
    from ..documents import read_documents
    from ..pipeline import extract_documents

    results = []
    for path in gold_paths:
        gold = load_gold(path)
        docs = [d for d in read_documents([gold.text_path], date=gold.anchor_date)]
        document = docs[0]
        if isinstance(document, Exception):
            raise document
        if gold.anchor_date and document.date_source != "metadata":
            document.date, document.date_source = gold.anchor_date, "gold"
        _, events = next(extract_documents([document], actors))
        results.append(score_document(gold, events))
    return summary(results)


def summary(results: list[dict]) -> pd.DataFrame:
    rows = []
    for res in [*results, None]:
        group = results if res is None else [res]
        tp, fp, fn = (sum(r[k] for r in group) for k in ("tp", "fp", "fn"))
        p, r, f = prf(tp, fp, fn)
        row = {
            "doc": "ALL" if res is None else res["doc"],
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": p,
            "recall": r,
            "f1": f,
        }
        for check in ("modality_realized", "modality", "date", "place", "amount"):
            values = [c[check] for x in group for _, _, c in x["matched"] if check in c]
            row[check] = sum(values) / len(values) if values else float("nan")
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["results"] = results
    return frame
