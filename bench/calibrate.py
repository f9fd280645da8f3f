"""Fit the confidence calibration (src/allyscope/data/calibration.json) on the development sets.

Usage (from the repository root): .venv/bin/python bench/calibrate.py [--write]

Runs extraction on ../shared/eval/dev and ../shared/eval/dev2 with the calibration switched off
(a rules folder whose calibration has empty bins), so that each event carries the confidence
its rules gave. An event of a scored type with both parties is right when the event-level
scoring (allyscope eval) matches it to a gold event or its key is an optional gold event's,
wrong when it is a false alarm. Each bin of rule confidence gets its n and number right; with
--write the table is saved to data/calibration.json and its section of docs/accuracy.md is
rewritten. Then the demo gold, which the fit never saw, is scored with the fitted table: for
each calibrated confidence, how many events and how many right (the check that an event at 0.9
is right about 9 times in 10).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from allyscope import ontology
from allyscope.evaluation.score import load_pair, score_events
from allyscope.evaluation.sentences import SHARED_EVAL
from allyscope.paths import DATA
from allyscope.pipeline import Pipeline
from allyscope.rules import Calibration

ROOT = Path(__file__).resolve().parents[1]
TABLE = DATA / "calibration.json"
ACCURACY = ROOT / "docs" / "accuracy.md"
FIT_SETS = ("dev", "dev2")
BEGIN, END = "<!-- calibration: bench/calibrate.py -->", "<!-- end of calibration -->"


def judged(gold_paths: list[Path], pipeline: Pipeline) -> list[tuple[float, bool]]:
    """(confidence, right) of every scored event the pipeline extracts from the gold files' texts."""
    pairs = [load_pair(p) for p in gold_paths]
    found = []
    for (gold, _), (_, events) in zip(pairs, pipeline.run([d for _, d in pairs]), strict=True):
        _, _, false_alarms = score_events(gold.events, gold.optional, events)
        wrong = {id(e) for e in false_alarms}
        found += [
            (e.confidence, id(e) not in wrong)
            for e in events
            if e.type in ontology.scored_types() and e.source and e.target
        ]
    return found


def uncalibrated(table: dict) -> Pipeline:
    """A pipeline whose events keep their rules' confidence: every bin of the table emptied."""
    folder = Path(tempfile.mkdtemp(prefix="allyscope-calibrate-"))
    empty = table | {"bins": [b | {"n": 0, "right": 0} for b in table["bins"]]}
    (folder / "calibration.json").write_text(json.dumps(empty), encoding="utf-8")
    return Pipeline(rules=folder)


def fit(table: dict, judgements: list[tuple[float, bool]], fitted: str) -> dict:
    bins = []
    for b in table["bins"]:
        inside = [right for conf, right in judgements if b["low"] <= conf < b["high"]]
        bins.append(b | {"n": len(inside), "right": sum(inside)})
    return table | {"fitted": fitted, "bins": bins}


def table_section(calibration: Calibration, check: Counter, checked: Counter) -> str:
    lines = [
        BEGIN,
        "## Confidence calibration",
        "",
        "`.venv/bin/python bench/calibrate.py --write` fits `src/allyscope/data/calibration.json`: "
        f"{calibration.fitted}. An event of a scored type is right when event-level scoring matches "
        "it to a gold event (or its key is an optional gold event's), wrong when it is a false alarm. "
        f"An event's `confidence` is the share right in its bin of rule confidence; a bin with fewer "
        f"than {calibration.min_n} scored events keeps the rule's confidence.",
        "",
        "| rule confidence | n | right | accuracy = confidence |",
        "|---|---|---|---|",
    ]
    for b in calibration.bins:
        accuracy = f"{b.right / b.n:.3f}" if b.n else "n/a"
        kept = "" if b.n >= calibration.min_n else " (too few: rule confidence kept)"
        lines.append(
            f"| [{b.low:.1f}, {min(b.high, 1.0):.1f}{']' if b.high > 1 else ')'} | {b.n} | {b.right} | {accuracy}{kept} |"
        )
    lines += [
        "",
        "Held-out check on the demo gold (not used in the fit), events by calibrated confidence:",
        "",
        "| confidence | n | right | accuracy |",
        "|---|---|---|---|",
    ]
    for conf in sorted(checked):
        lines.append(f"| {conf:.3f} | {checked[conf]} | {check[conf]} | {check[conf] / checked[conf]:.3f} |")
    lines.append(END)
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace the calibration section of docs/accuracy.md (or add it at the end)."""
    text = ACCURACY.read_text(encoding="utf-8")
    if BEGIN in text:
        head, _, rest = text.partition(BEGIN)
        text = head + section + rest.partition(END)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    ACCURACY.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="save the table and the docs section")
    args = parser.parse_args()
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    gold = [p for name in FIT_SETS for p in sorted((SHARED_EVAL / name).glob("*.gold.json"))]
    judgements = judged(gold, uncalibrated(table))
    counts = {name: len(list((SHARED_EVAL / name).glob("*.gold.json"))) for name in FIT_SETS}
    fitted = " + ".join(f"{name} ({n} texts)" for name, n in counts.items())
    new = fit(table, judgements, f"fitted on {fitted}, {len(judgements)} scored events")
    calibration = Calibration.model_validate(new)
    print(f"{'rule confidence':>18} {'n':>5} {'right':>6} {'accuracy':>9}")
    for b in calibration.bins:
        print(
            f"  [{b.low:.2f}, {b.high:.2f}) {b.n:5d} {b.right:6d} {b.right / b.n if b.n else float('nan'):9.3f}"
        )
    if args.write:
        TABLE.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    demo = sorted((ROOT / "src" / "allyscope" / "data" / "demo").glob("*.gold.json"))
    check, checked = Counter(), Counter()
    for conf, right in judged(demo, uncalibrated(table)):
        checked[calibration(conf)] += 1
        check[calibration(conf)] += right
    print("held-out demo gold: calibrated confidence, n, right, accuracy")
    for conf in sorted(checked):
        print(f"  {conf:.3f} {checked[conf]:5d} {check[conf]:6d} {check[conf] / checked[conf]:9.3f}")
    if args.write:
        write_section(table_section(calibration, check, checked))


if __name__ == "__main__":
    main()
