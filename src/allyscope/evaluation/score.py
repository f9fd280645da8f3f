"""Scoring of extracted events against gold (SPEC "Gold file format"), per event or per key.

Per event (the default): each required gold event may be matched by one system event of its key
(type and dyad, ordered when the gold event is directed), preferably the one whose sentence holds
the gold evidence; the matching is a maximum one, so two gold events of one key take two system
events. Every other system event of a scored type is a false alarm (a duplicate of a matched
event included) unless its key is an optional gold event's. Per key (SPEC's original measure):
distinct (type, dyad) keys per document, so duplicates and misattributed sentences of a true key
are never false alarms. In both, types outside the six scored ones are not scored, and each
matched gold event is compared with its system event on modality, date (at the gold's
precision), place and amount.
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
LEVELS = ("event", "key")


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


def score_document(gold: Gold, events: list[Event], level: str = "event") -> dict:
    """Score one document's events against its gold.

    Args:
        gold: the document's gold.
        events: the system's events for the document text.
        level: "event" (each gold event matched by at most one system event; every other
            scored system event a false alarm) or "key" (distinct type-and-dyad keys).
    Returns:
        {"doc", "gold_path", "tp", "fp", "fn", "by_type": {type: Counter(tp, fp, fn)},
        "matched": [(gold event, its system event, checks)], "misses": [gold events],
        "false_alarms": [system events], "gold": gold, "events": events}; at key level a
        false alarm stands for its key.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown scoring level {level!r}; use one of {', '.join(LEVELS)}")
    scored = ontology.scored_types()
    required = [g for g in gold.events if g.type in scored]
    optional = [g for g in gold.optional if g.type in scored]
    score = score_events if level == "event" else score_keys
    found, misses, false_alarms = score(required, optional, events)
    hits = [g for g, _, _ in found]
    if level == "key":  # counts are over distinct gold keys; every matched fact is still checked
        hits, misses = list({g.key: g for g in hits}.values()), list({g.key: g for g in misses}.values())
    by_type: dict[str, Counter] = {}
    for kind, items in (("tp", hits), ("fn", misses), ("fp", false_alarms)):
        for item in items:
            by_type.setdefault(item.type, Counter())[kind] += 1
    return {
        "doc": gold.text_path.name,
        "gold_path": str(gold.path),
        "tp": len(hits),
        "fp": len(false_alarms),
        "fn": len(misses),
        "by_type": by_type,
        "matched": found,
        "misses": misses,
        "false_alarms": false_alarms,
        "gold": gold,
        "events": events,
    }


def normalise(text: str) -> str:
    """Lower case, one space between words, straight quotes: how evidence and sentences compare."""
    return " ".join(text.lower().replace("\u2019", "'").replace("\u2018", "'").split())


def holds_evidence(gold: GoldEvent, event: Event) -> bool:
    """Whether the system event's sentence holds the gold evidence phrase (or lies inside it)."""
    evidence, sentence = normalise(gold.evidence), normalise(event.sentence)
    return bool(evidence and sentence) and (evidence in sentence or sentence in evidence)


def score_events(
    required: list[GoldEvent], optional: list[GoldEvent], events: list[Event]
) -> tuple[list, list[GoldEvent], list[Event]]:
    """Event-level matching: a maximum matching of gold events to system events of their key.

    Among maximum matchings, the one preferring system events whose sentence holds the gold
    evidence, then those passing more attribute checks, is taken (networkx's maximum-weight
    matching; the weights keep cardinality first).
    Returns:
        (matched [(gold, system event, checks)], missed gold events, false-alarm system events).
    """
    import networkx as nx

    system = [e for e in events if e.type in ontology.scored_types() and e.source and e.target]
    graph = nx.Graph()
    for i, g in enumerate(required):
        for j, e in enumerate(system):
            if g.matches(*system_key(e)):
                bonus = 10 * holds_evidence(g, e) + sum(attribute_checks(g, e).values())
                graph.add_edge(("gold", i), ("system", j), weight=1000 + bonus)
    pairs = dict(
        sorted((a, b) if a[0] == "gold" else (b, a))
        for a, b in nx.max_weight_matching(graph, maxcardinality=True)
    )
    matched = [
        (g, system[pairs[("gold", i)][1]], attribute_checks(g, system[pairs[("gold", i)][1]]))
        for i, g in enumerate(required)
        if ("gold", i) in pairs
    ]
    misses = [g for i, g in enumerate(required) if ("gold", i) not in pairs]
    used = {j for _, j in pairs.values()}
    false_alarms = [
        e
        for j, e in enumerate(system)
        if j not in used and not any(g.matches(*system_key(e)) for g in optional)
    ]
    return matched, misses, false_alarms


def score_keys(
    required: list[GoldEvent], optional: list[GoldEvent], events: list[Event]
) -> tuple[list, list[GoldEvent], list[Event]]:
    """Key-level matching (distinct type-and-dyad keys); see `score_events` for the returns.

    Every gold event whose key the system has is matched (to the best system event of the key,
    so each fact is checked); a false alarm stands for its key (an undirected key emitted both
    ways is one).
    """
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
    return matched, misses, list(false_keys.values())


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
    gold_paths: Iterable[str | Path], actors: tuple[str, ...] = (), strict: bool = True, level: str = "event"
) -> pd.DataFrame:
    """Run extraction on each gold file's text and score it.

    Args:
        gold_paths: gold JSON files; each names its text file (`doc`) next to it.
        actors: extra actor dictionaries (JSONL, CSV or PETRARCH .actors.txt).
        strict: raise on the first unreadable gold file or text; if False, skip it and
            record the error in `frame.attrs["errors"]`.
        level: "event" (each gold event matched by at most one extracted event) or "key"
            (distinct type-and-dyad keys per document); see `score_document`.
    Returns:
        DataFrame with one row per document plus a final `ALL` row (micro-averaged):
        tp, fp, fn, precision, recall, f1 and the accuracy of modality_realized, modality,
        date, place, amount on matched gold events (NaN where the gold gives none).
        `frame.attrs["results"]` holds each document's `score_document` dict (with the
        document's `text`), and
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
        score_document(gold, found, level) | {"text": document.text}
        for (gold, document), (_, found) in zip(pairs, extract_documents(documents, actors), strict=True)
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
