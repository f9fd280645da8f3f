"""The API under an /api/extract flood: /api/health latency with and without it, in one run.

Serves a store of the bundled demo corpus with uvicorn on loopback (create_app's defaults: two
extraction workers, a 30 s budget), measures /api/health latency idle (the baseline), then again
while `--flooders` clients post long articles to /api/extract without pause. Prints the
latencies, their ratio, and how the flood's requests were answered (200, 503 busy, 422 over budget).

    .venv/bin/python bench/server.py [--seconds 20] [--flooders 8] [--size 15000]
"""

from __future__ import annotations

import argparse
import collections
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from allyscope.api import create_app
from allyscope.paths import DATA
from allyscope.store import Store

SENTENCE = (
    "On September 20 the defence minister of Tajikistan hosted an Indian military delegation in"
    " Dushanbe, and the two sides discussed joint exercises. "
)


def latencies(url: str, until: float) -> list[float]:
    found = []
    with httpx.Client(timeout=60) as client:
        while time.monotonic() < until:
            started = time.monotonic()
            client.get(f"{url}/api/health").raise_for_status()
            found.append(time.monotonic() - started)
            time.sleep(0.05)
    return found


def summary(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20)
    return f"n={len(values)} median {statistics.median(values) * 1000:.1f} ms, p95 {q[18] * 1000:.1f} ms, max {max(values) * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--flooders", type=int, default=8)
    parser.add_argument("--size", type=int, default=15_000, help="characters of each flooding article")
    args = parser.parse_args()

    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    with Store(db) as store:
        store.ingest([DATA / "demo"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    article = SENTENCE * (args.size // len(SENTENCE) + 1)

    # start both workers (spaCy loads once per worker; not part of the flood)
    warm = [
        threading.Thread(
            target=httpx.post,
            args=(f"{url}/api/extract",),
            kwargs={"json": {"text": SENTENCE}, "timeout": 300},
        )
        for _ in range(2)
    ]
    for t in warm:
        t.start()
    for t in warm:
        t.join()

    idle = latencies(url, time.monotonic() + args.seconds / 2)
    answers: collections.Counter = collections.Counter()
    until = time.monotonic() + args.seconds

    def flood() -> None:
        with httpx.Client(timeout=120) as client:
            while time.monotonic() < until:
                answers[client.post(f"{url}/api/extract", json={"text": article}).status_code] += 1

    flooders = [threading.Thread(target=flood) for _ in range(args.flooders)]
    for t in flooders:
        t.start()
    time.sleep(0.5)
    loaded = latencies(url, until)
    for t in flooders:
        t.join()
    server.should_exit = True

    print(f"/api/health idle:         {summary(idle)}")
    print(f"/api/health under flood:  {summary(loaded)}")
    print(
        f"ratio (flood / idle): median {statistics.median(loaded) / statistics.median(idle):.2f}, max {max(loaded) / max(idle):.2f}"
    )
    print(
        f"flood: {args.flooders} clients, {len(article):,}-character articles for {args.seconds:g} s: "
        + ", ".join(f"{n} x {code}" for code, n in sorted(answers.items()))
    )


if __name__ == "__main__":
    main()
