"""What reading through the reviews costs: the same queries on a generated store, through the
reviewed view (with `--reviews` events reviewed: half rejected, half edited) and raw (the
machine's table, the baseline), in the same run.

    .venv/bin/python bench/reviews.py [--events 300000] [--docs 45000] [--reviews 1000] [--runs 3]

Prints, per query, the fastest of `--runs` runs each way and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scale import generate  # noqa: E402

from allyscope import partners  # noqa: E402
from allyscope.store import Store, reviews  # noqa: E402


def fastest(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--docs", type=int, default=45_000)
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        generate(path, args.events, args.docs)
        with Store(path) as store:
            ids = [i for (i,) in store.con.execute(
                "SELECT event_id FROM events WHERE source_code = 'USA' OR target_code = 'USA'"
                " ORDER BY event_id LIMIT ?",
                [args.reviews],
            ).fetchall()]  # fmt: skip
            start = time.perf_counter()
            for n, event_id in enumerate(ids):
                if n % 2:
                    reviews.review(store, event_id, "bench", "rejected")
                else:
                    reviews.review(store, event_id, "bench", changes={"modality": "planned"})
            per_review = (time.perf_counter() - start) / max(len(ids), 1)
        queries = {
            "partners USA --by year": lambda s: partners(s, "USA"),
            "events --country USA, first page": lambda s: s.query_events(country="USA", limit=50),
            "events --country USA, count": lambda s: s.count_events(country="USA"),
            "every event, count": lambda s: s.count_events(),
        }
        print(
            f"{args.events:,} events, {len(ids):,} reviewed; one review written in {per_review * 1000:.1f} ms"
        )
        print(f"{'query':36} {'raw s':>8} {'reviewed s':>11} {'ratio':>6}")
        for name, query in queries.items():
            with Store.for_reading(path, raw=True) as raw, Store.for_reading(path) as reviewed:
                assert reviewed.events_table == "reviewed_events"
                base = fastest(lambda q=query, s=raw: q(s), args.runs)
                through = fastest(lambda q=query, s=reviewed: q(s), args.runs)
            print(f"{name:36} {base:8.3f} {through:11.3f} {through / base:6.2f}")


if __name__ == "__main__":
    main()
