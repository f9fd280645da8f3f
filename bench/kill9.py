"""kill -9 during ingest, many times: the store after the kills and one last run to the end must
equal an uninterrupted ingest's, table by table (no document lost, none twice, no half batch).

Each attempt starts an ingest of the bundled demo corpus (37 documents, batches of 4, one worker
process) into the same store and kills it with SIGKILL: half the attempts at a random moment from
its start (while it starts, loads the model or extracts), half right after a random number of
documents were committed plus a random delay (between and within commits). The tests run three
kills (tests/test_ingest.py); this runs as many as asked.

    PYTHONPATH=src .venv/bin/python bench/kill9.py [--kills 25] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from allyscope.paths import DATA
from allyscope.store import Store

REPO = Path(__file__).resolve().parents[1]
INGEST = (
    "import sys\n"
    "from allyscope.store import Store, ingest\n"
    "ingest.BATCH = 4\n"
    "with Store(sys.argv[2]) as store:\n"
    "    store.ingest([sys.argv[1]], workers=1, on_document=lambda item, n: print(item.path, flush=True))\n"
)


def contents(path: Path) -> dict:
    with Store(path, read_only=True) as store:
        return {
            table: store.con.execute(f"SELECT * EXCLUDE ({skip}) FROM {table} ORDER BY ALL").fetchall()
            for table, skip in (("documents", "ingested_at"), ("events", "record"), ("actors", "kind"))
        } | {"records": store.con.execute("SELECT record FROM events ORDER BY event_id").fetchall()}


def whole(path: Path) -> tuple[int, int, bool]:
    """(documents, events, every document has exactly its events) of a store."""
    with Store(path, read_only=True) as store:
        documents, events = store.counts()
        mismatched = store.con.execute(
            "SELECT count(*) FROM (SELECT d.doc_id, any_value(d.n_events) AS n, count(e.event_id) AS found"
            " FROM documents d LEFT JOIN events e USING (doc_id) GROUP BY d.doc_id) WHERE n <> found"
        ).fetchone()[0]
        orphans = store.con.execute(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        ).fetchone()[0]
    return documents, events, mismatched == 0 and orphans == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    corpus = DATA / "demo"
    folder = Path(tempfile.mkdtemp(prefix="allyscope-kill9-"))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    reference = folder / "reference.duckdb"
    with Store(reference) as store:
        report = store.ingest([corpus])
    print(f"uninterrupted: {report.added} documents, {report.events} events")

    path = folder / "killed.duckdb"
    command = [sys.executable, "-c", INGEST, str(corpus), str(path)]
    for kill in range(1, args.kills + 1):
        ingest = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        if kill % 2:
            when = f"{chance.uniform(0.5, 6):.2f} s after its start"
            time.sleep(float(when.split()[0]))
        else:
            after = chance.randint(1, 12)
            delay = chance.uniform(0, 0.3)
            lines = [ingest.stdout.readline() for _ in range(after)]
            when = f"{delay:.2f} s after its {sum(1 for line in lines if line)}th stored document"
            time.sleep(delay)
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
        documents, events, intact = whole(path) if path.exists() else (0, 0, True)
        print(f"kill {kill:2d}: {when:40} store: {documents} documents, {events} events, whole: {intact}")
        if not intact:
            sys.exit("a half batch was stored")
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode:
        sys.exit(done.stderr[-2000:])
    same = contents(path) == contents(reference)
    print(f"after a last run to the end: identical to the uninterrupted store: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
