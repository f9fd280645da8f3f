"""Key-level scoring of extracted events against gold (SPEC "Gold file format").

Per document, keys are (type, dyad): ordered when the gold event is directed. A system key
that matches a required gold key is a true positive, one that matches only an optional key
is ignored, any other is a false positive; unmatched required keys are misses. Types outside
the six scored ones are not scored, in the gold as in the output. For every required gold
event whose key is matched, the best system event of that key is compared on modality, date
(at the gold's precision), place and amount.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import ontology
from ..errors import E001, E002, InputError
from ..model import Document, Event
from ..ontology import is_directed
from .gold import Gold, GoldEvent, load_gold

AMOUNT_TOLERANCE = 0.05
CHECKS = ("modality_realized", "modality", "date", "place", "amount")


def system_key(event: Event) -> tuple[str, str, str]:
    """(type, source code, target code) of a system event that has both parties."""
    return (event.type, event.source.code, event.target.code)


def normal_key(type_: str, a: str, b: str, directed: bool) -> tuple[str, str, str]:
    """A key with its dyad ordered as given when directed, sorted otherwise."""
    return (type_, a, b) if directed else (type_, *sorted((a, b)))


def system_keys(events: list[Event]) -> dict[tuple, list[Event]]:
    """Scored system events with both parties coded, grouped by (type, source, target)."""
    keys: dict[tuple, list[Event]] = {}
    for e in events:
        if e.type in ontology.scored_types() and e.source and e.target:
            keys.setdefault(system_key(e), []).append(e)
    return keys


def date_ok(gold: GoldEvent, event: Event) -> bool:
    """The system date agrees with the gold date down to the gold's precision (and is at least as precise)."""
    return (
        bool(event.date) and len(event.date) >= len(gold.date) and event.date[: len(gold.date)] == gold.date
    )


def place_ok(gold: GoldEvent, event: Event) -> bool:
    """The system location's name or text equals or contains one of the gold's accepted names."""
    if not event.location:
        return False
    names = {str(event.location.get(k) or "").lower() for k in ("name", "text")} - {""}
    allowed = {a.lower() for a in gold.location or []}
    return any(a == n or a in n or n in a for n in names for a in allowed)


def amount_ok(gold: GoldEvent, event: Event) -> bool:
    """The system amount in USD is within AMOUNT_TOLERANCE of the gold's."""
    value = (event.amount or {}).get("value_usd")
    return value is not None and abs(value - gold.amount_usd) <= AMOUNT_TOLERANCE * gold.amount_usd


def realized_ok(gold: GoldEvent, event: Event) -> bool:
    """Modality collapsed to realized-or-not: the system's side is one the gold allows."""
    allowed = {m == "realized" for m in gold.modality}
    return (event.modality == "realized") in allowed


def attribute_checks(gold: GoldEvent, event: Event) -> dict[str, bool]:
    """Attribute checks of one system event against one gold event; only attributes the gold gives.

    Returns:
        {check name: passed} for modality_realized, modality and, where the gold has them,
        date, place and amount.
    """
    checks = {"modality_realized": realized_ok(gold, event), "modality": event.modality in gold.modality}
    if gold.date:
        checks["date"] = date_ok(gold, event)
    if gold.location:
        checks["place"] = place_ok(gold, event)
    if gold.amount_usd is not None:
        checks["amount"] = amount_ok(gold, event)
    return checks


def score_document(gold: Gold, events: list[Event]) -> dict:
    """Score one document's events against its gold.

    Args:
        gold: the document's gold.
        events: the system's events for the document text.
    Returns:
        {"doc", "gold_path", "tp", "fp", "fn", "by_type": {type: Counter(tp, fp, fn)},
        "matched": [(gold event, best system event, checks)], "misses": [gold events],
        "false_alarms": [one system event per false key]}; counts are over distinct keys.
    """
    required = [g for g in gold.events if g.type in ontology.scored_types()]
    optional = [g for g in gold.optional if g.type in ontology.scored_types()]
    keys = system_keys(events)
    matched_system: set[tuple] = set()
    matched, misses = [], []
    for g in required:
        hits = [k for k in keys if g.matches(*k)]
        if not hits:
            misses.append(g)
            continue
        matched_system.update(hits)
        candidates = [e for k in hits for e in keys[k]]
        best = max(candidates, key=lambda e: sum(attribute_checks(g, e).values()))
        matched.append((g, best, attribute_checks(g, best)))
    optional_hits = {k for k in keys for g in optional if g.matches(*k)}
    # An undirected system type emitted both ways is one false key, not two.
    false_keys: dict[tuple, Event] = {}
    for k, found in keys.items():
        if k not in matched_system and k not in optional_hits:
            false_keys.setdefault(normal_key(*k, is_directed(k[0])), found[0])
    gold_keys = {g.key for g in required}
    true_keys = {g.key for g, _, _ in matched}
    by_type: dict[str, Counter] = {}
    for kind, found in (("tp", true_keys), ("fn", gold_keys - true_keys), ("fp", set(false_keys))):
        for k in found:
            by_type.setdefault(k[0], Counter())[kind] += 1
    return {
        "doc": gold.text_path.name,
        "gold_path": str(gold.path),
        "tp": len(true_keys),
        "fp": len(false_keys),
        "fn": len(gold_keys - true_keys),
        "by_type": by_type,
        "matched": matched,
        "misses": misses,
        "false_alarms": list(false_keys.values()),
    }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_pair(path: str | Path) -> tuple[Gold, Document]:
    """A gold file and its document (header date first, then the gold's anchor date).

    Raises:
        InputError: naming the gold file, if it or its text cannot be read.
    """
    from ..documents import read_documents

    try:
        gold = load_gold(path)
    except FileNotFoundError:
        raise InputError(str(path), E001) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(str(path), f"cannot read gold file ({exc.__class__.__name__}: {exc})") from None
    found = list(read_documents([gold.text_path], date=gold.anchor_date))
    if not found or isinstance(found[0], InputError):
        raise InputError(str(path), f"text {gold.text_path}: {found[0].cause if found else E002}")
    document = found[0]
    if gold.anchor_date and document.date_source != "metadata":
        document.date, document.date_source = gold.anchor_date, "gold"
    return gold, document


def evaluate(
    gold_paths: Iterable[str | Path], actors: tuple[str, ...] = (), strict: bool = True
) -> pd.DataFrame:
    """Run extraction on each gold file's text and score it.

    Args:
        gold_paths: gold JSON files; each names its text file (`doc`) next to it.
        actors: extra actor dictionaries (JSONL, CSV or PETRARCH .actors.txt).
        strict: raise on the first unreadable gold file or text; if False, skip it and
            record the error in `frame.attrs["errors"]`.
    Returns:
        DataFrame with one row per document plus a final `ALL` row (micro-averaged):
        tp, fp, fn, precision, recall, f1 and the accuracy of modality_realized, modality,
        date, place, amount on matched gold events (NaN where the gold gives none).
        `frame.attrs["results"]` holds each document's `score_document` dict, and
        `frame.attrs["errors"]` a "path: cause" message per skipped file.
    Raises:
        InputError: when strict and a gold file or its text cannot be read.
    """
    from ..pipeline import extract_documents

    pairs, errors = [], []
    for path in gold_paths:
        try:
            pairs.append(load_pair(path))
        except InputError as exc:
            if strict:
                raise
            errors.append(exc)
    documents = [d for _, d in pairs]
    results = [
        score_document(gold, found)
        for (gold, _), (_, found) in zip(pairs, extract_documents(documents, actors), strict=True)
    ]
    frame = summary(results)
    # Messages, not exceptions: pandas deep-copies attrs, and InputError does not survive a copy.
    frame.attrs["errors"] = [str(e) for e in errors]
    return frame


def count_row(name: str, tp: int, fp: int, fn: int) -> dict:
    p, r, f = prf(tp, fp, fn)
    return {"doc": name, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def check_rates(checks: list[dict]) -> dict[str, float]:
    """Share of matched events passing each attribute check (NaN where none was checked)."""
    rates = {}
    for check in CHECKS:
        values = [c[check] for c in checks if check in c]
        rates[check] = sum(values) / len(values) if values else float("nan")
    return rates


def summary(results: list[dict]) -> pd.DataFrame:
    """Per-document rows and a micro-averaged `ALL` row from `score_document` results."""
    rows = []
    for res in [*results, None]:
        group = results if res is None else [res]
        row = count_row(
            "ALL" if res is None else res["doc"], *(sum(r[k] for r in group) for k in ("tp", "fp", "fn"))
        )
        row |= check_rates([c for x in group for _, _, c in x["matched"]])
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["results"] = results
    return frame


def by_type(frame: pd.DataFrame) -> pd.DataFrame:
    """Micro-averaged counts and P/R/F1 per scored type, from an `evaluate` frame.

    Returns:
        DataFrame with columns type, tp, fp, fn, precision, recall, f1 and the attribute
        accuracies; one row per scored type that occurs in gold or output.
    """
    results = frame.attrs["results"]
    rows = []
    for type_ in ontology.scored_types():
        counts = sum((r["by_type"].get(type_, Counter()) for r in results), Counter())
        if not counts:
            continue
        row = count_row(type_, counts["tp"], counts["fp"], counts["fn"])
        row |= check_rates([c for r in results for g, _, c in r["matched"] if g.type == type_])
        rows.append(row)
    return pd.DataFrame(rows).rename(columns={"doc": "type"})


def actor_codes(event: Event) -> str:
    return f"{event.source.code}->{event.target.code}"


def error_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Every miss, false alarm and failed attribute check of an `evaluate` frame.

    Returns:
        DataFrame with columns doc, error (`miss`, `false_alarm` or the failed check's name),
        type, dyad, gold (what the gold says), system (what the system says), text (gold
        evidence for a miss, the system's sentence otherwise) and explanation (the system's).
    """
    columns = ["doc", "error", "type", "dyad", "gold", "system", "text", "explanation"]
    rows = []
    for r in frame.attrs["results"]:
        for g in r["misses"]:
            dyad = ("->" if g.directed else "~").join(g.dyad)
            rows.append((r["doc"], "miss", g.type, dyad, ",".join(g.modality), "", g.evidence, ""))
        for e in r["false_alarms"]:
            rows.append(
                (r["doc"], "false_alarm", e.type, actor_codes(e), "", e.modality, e.sentence, e.explanation)
            )
        for g, e, checks in r["matched"]:
            for check in CHECKS[1:]:
                if checks.get(check) is False:
                    gold, system = gold_value(g, check), system_value(e, check)
                    rows.append(
                        (r["doc"], check, g.type, actor_codes(e), gold, system, e.sentence, e.explanation)
                    )
    return pd.DataFrame(rows, columns=columns)


def gold_value(gold: GoldEvent, check: str) -> str:
    values = {
        "modality": ",".join(gold.modality),
        "date": gold.date,
        "place": ",".join(gold.location or []),
        "amount": f"{gold.amount_usd:,.0f}" if gold.amount_usd is not None else "",
    }
    return values[check] or ""


def system_value(event: Event, check: str) -> str:
    amount = (event.amount or {}).get("value_usd")
    values = {
        "modality": event.modality,
        "date": event.date,
        "place": (event.location or {}).get("name") or (event.location or {}).get("text"),
        "amount": f"{amount:,.0f}" if amount is not None else "",
    }
    return values[check] or ""
