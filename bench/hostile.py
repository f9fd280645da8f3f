"""Time and memory of the hostile inputs of issue 12, each extracted in a fresh process.

The inputs: 8,000 and 200,000 "(" (tokenising), 2,000 names with a right-to-left mark and an
emoji, alone and in a chain of appositions (person resolution), and a document of tiny
sentences (990 KB at 16,000; grouping mentions). Each case runs the pipeline in its own
process after a warm-up, and reports wall and CPU seconds, the events found, the peak
resident memory, and the ratio of its CPU time to the baseline measured in the same process:
the longest demo article, extracted whole.

    nice .venv/bin/python bench/hostile.py [--src OTHER/src] [--only paren rtl ...]

`--src` runs another checkout's code (the code before a fix, say) on the same inputs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = {  # name -> (unit, repetitions)
    "paren-8000": ("(", 8000),
    "paren-200000": ("(", 200000),
    "rtl-words-2000": ("Ivanov\u200f\U0001f600 ", 2000),
    "rtl-chain-2000": ("Ivanov\u200f\U0001f600, Russia's ambassador, ", 2000),
    "tiny-sentences-2000": ("The army of Russia helped the troops of Tajikistan on Friday.\n", 2000),
    "tiny-sentences-16000": ("The army of Russia helped the troops of Tajikistan on Friday.\n", 16000),
}
CHILD = """
import json, resource, sys, time
from allyscope.model import Document
from allyscope.paths import DATA
from allyscope.pipeline import Pipeline

unit, n = json.loads(sys.argv[1])
pipeline = Pipeline.of()

def run(text):
    start, cpu = time.perf_counter(), time.process_time()
    found = [e for _, events in pipeline.run([Document(text=text, doc_id="x", date="2004-09-20")]) for e in events]
    return time.perf_counter() - start, time.process_time() - cpu, len(found)

run("Russia and Tajikistan held talks.")
longest = max((p.read_text(encoding="utf-8") for p in (DATA / "demo").glob("*.txt")), key=len)
base = run(longest)[1]
wall, cpu, events = run(unit * n)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"bytes": len((unit * n).encode()), "wall": wall, "cpu": cpu, "events": events, "peak_mb": peak, "base_cpu": base}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=str(REPO / "src"), help="the package's source folder to run")
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="cases to run (default: all)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": args.src}
    print(f"code: {args.src}")
    for name in args.only or CASES:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(CASES[name])], env=env, capture_output=True, text=True
        )
        if result.returncode:
            print(f"{name}: failed: {result.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"{name} ({r['bytes']:,} bytes): {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU"
            f" = {r['cpu'] / r['base_cpu']:.1f}x the longest demo article ({r['base_cpu']:.2f} s CPU),"
            f" {r['events']} events, peak {r['peak_mb']:,} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
