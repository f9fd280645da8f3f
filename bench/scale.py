"""Analysis at scale: a generated 1M-event store, timed through the commands and the API.

Generates (once, into a temp folder, or `--dir`) a store of synthetic rows with realistic
distributions: about 150k documents, Zipf-distributed countries (the United States in about a
quarter of the events), the eight event types and four modalities in news-like proportions, dates
1995-2024 growing denser with time, and USD amounts on a third of the aid. Then it times, each
next to a baseline measured in the same run:

- commands (whole process: start-up, query, output; time and peak memory) against a Python
  process that opens the same store and counts the country's rows with one DuckDB query:
  `events --country USA` (table, first page), `partners USA --by year`, `partners USA --by
  month`, `report USA` and `report` of a small country;
- every API endpoint (p50 and p95 over repeated requests to a real uvicorn server) against
  the same DuckDB count run in this process, opening the store read-only as a request does;
- `allyscope --help` against `python -c pass`.

    COLUMNS=160 .venv/bin/python bench/scale.py [--events 1000000] [--docs 150000] [--dir FOLDER]
        [--repeat 20] [--runs 3]

A command's time is the fastest of `--runs` runs (peak memory the largest), the baseline's too.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pycountry

from allyscope.store import Store

PYTHON = sys.executable
ALLYSCOPE = [str(Path(PYTHON).with_name("allyscope"))]
START = np.datetime64("1995-01-01")
DAYS = int((np.datetime64("2025-01-01") - START).astype(int))
ORGANISATIONS = {"NATO": "NATO", "EU": "European Union", "CSTO": "CSTO", "UN": "United Nations"}
# news-like proportions of types and modalities
TYPES = {
    "consult": 0.34,
    "agreement": 0.08,
    "military_cooperation": 0.14,
    "military_aid": 0.14,
    "request": 0.05,
    "reduce_cooperation": 0.05,
    "statement": 0.12,
    "conflict": 0.08,
}
MODALITIES = {"realized": 0.68, "planned": 0.2, "hypothetical": 0.07, "negated": 0.05}
TARGETS = {"api": 0.5, "partners USA --by year": 2.0}


def actors() -> pd.DataFrame:
    """Every country (pycountry) and a few organisations, in Zipf order: USA, RUS, CHN ... first."""
    first = ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "IND", "ISR", "TUR", "IRN", "UKR", "JPN"]
    rest = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in first)
    codes = first[:3] + list(ORGANISATIONS) + first[3:] + rest
    names = [
        ORGANISATIONS.get(c)
        or getattr(pycountry.countries.get(alpha_3=c), "common_name", None)
        or pycountry.countries.get(alpha_3=c).name
        for c in codes
    ]
    rank = np.arange(1, len(codes) + 1)
    p = 1 / rank**0.9
    return pd.DataFrame(
        {
            "code": codes,
            "name": names,
            "kind": ["igo" if c in ORGANISATIONS else "state" for c in codes],
            "p": p / p.sum(),
        }
    )


def generate(path: Path, n_events: int, n_docs: int, seed: int = 0) -> None:
    """Write a synthetic store of `n_events` events in `n_docs` documents to `path`."""
    rng = np.random.default_rng(seed)
    who = actors()
    source = rng.choice(len(who), n_events, p=who["p"])
    target = rng.choice(len(who), n_events, p=who["p"])
    clash = source == target
    target[clash] = (target[clash] + 1 + rng.integers(0, 20, clash.sum())) % len(who)
    # documents: dates denser in later years; each event a few days before its document
    doc_day = START + (DAYS * np.sqrt(rng.random(n_docs))).astype(int)
    doc = np.sort(rng.integers(0, n_docs, n_events))
    day = doc_day[doc] - rng.integers(0, 30, n_events)
    kind = rng.choice(list(TYPES), n_events, p=list(TYPES.values()))
    modality = rng.choice(list(MODALITIES), n_events, p=list(MODALITIES.values()))
    amount = np.where(
        (kind == "military_aid") & (rng.random(n_events) < 0.33),
        np.round(np.exp(rng.normal(16, 2, n_events)), -3),
        np.nan,
    )
    goldstein = rng.choice([1.0, 2.8, 3.0, 5.2, 7.4, 8.3, -2.0, -4.4, -10.0], n_events)
    frame = pd.DataFrame(
        {
            "n": np.arange(n_events),
            "doc": doc,
            "type": kind,
            "modality": modality,
            "source_code": who["code"].to_numpy()[source],
            "source_name": who["name"].to_numpy()[source],
            "source_kind": who["kind"].to_numpy()[source],
            "target_code": who["code"].to_numpy()[target],
            "target_name": who["name"].to_numpy()[target],
            "target_kind": who["kind"].to_numpy()[target],
            "day": day.astype("datetime64[D]"),
            "goldstein": goldstein,
            "amount_usd": amount,
        }
    )
    docs = pd.DataFrame({"doc": np.arange(n_docs), "day": doc_day.astype("datetime64[D]")})
    Store(path).close()  # the package's schema
    con = duckdb.connect(str(path))
    con.register("frame", frame)
    con.register("docs", docs)
    con.execute("BEGIN TRANSACTION")
    con.execute(
        """
        INSERT INTO events (event_id, doc_id, type, cameo, plover, quad_class, goldstein, modality,
            source_code, source_name, source_kind, target_code, target_name, target_kind, date,
            date_precision, day, amount_value, amount_currency, amount_usd, aid_kind, sentence,
            char_start, char_end, confidence, explanation, trigger, record)
        WITH e AS (
            SELECT *, printf('%016x', n) AS event_id, printf('d%07d', doc) AS doc_id,
                   strftime(day, '%Y-%m-%d') AS date,
                   source_name || ' and ' || target_name || ' agreed on ' || type || ' on '
                       || strftime(day, '%B %d, %Y') || ', officials said.' AS sentence
            FROM frame
        )
        SELECT event_id, doc_id, type, '040', 'CONSULT', 1, goldstein, modality, source_code,
               source_name, source_kind, target_code, target_name, target_kind, date, 'day', day,
               amount_usd, CASE WHEN amount_usd IS NOT NULL THEN 'USD' END, amount_usd, [], sentence,
               0, length(sentence), 0.8, 'synthetic', 'agreed',
               to_json({event_id: event_id, doc_id: doc_id, type: type, cameo: '040',
                        plover: 'CONSULT', quad_class: 1, goldstein: goldstein, modality: modality,
                        source: {text: source_name, name: source_name, code: source_code,
                                 kind: source_kind, sector: NULL, cameo_code: source_code},
                        target: {text: target_name, name: target_name, code: target_code,
                                 kind: target_kind, sector: NULL, cameo_code: target_code},
                        date: date, date_precision: 'day', location: NULL,
                        amount: CASE WHEN amount_usd IS NOT NULL THEN
                            {text: '$' || amount_usd, value: amount_usd, currency: 'USD',
                             value_usd: amount_usd} END,
                        aid_kind: [], cited_source: NULL, sentence: sentence, char_start: 0,
                        char_end: length(sentence), confidence: 0.8, explanation: 'synthetic',
                        trigger: 'agreed'})
        FROM e
        """
    )
    con.execute(
        """
        INSERT INTO documents (doc_id, title, publisher, url, date, date_source, path, text, n_events)
        SELECT printf('d%07d', d.doc), 'Synthetic report ' || d.doc, 'Bench Wire',
               'https://example.org/' || d.doc, d.day, 'metadata', '/bench/' || d.doc || '.txt',
               coalesce(string_agg(e.sentence, ' '), ''), count(e.event_id)
        FROM docs d LEFT JOIN events e ON e.doc_id = printf('d%07d', d.doc)
        GROUP BY d.doc, d.day
        """
    )
    con.execute(
        "INSERT INTO actors SELECT code, any_value(name), any_value(kind) FROM ("
        " SELECT source_code AS code, source_name AS name, source_kind AS kind FROM events"
        " UNION ALL SELECT target_code, target_name, target_kind FROM events) GROUP BY code"
    )
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()


# Runs the command and reports its wall time and peak memory. A small process of its own, because
# a child's peak memory counts the pages of the process that forked (or vforked) it.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
cpu = usage.ru_utime + usage.ru_stime
print(time.perf_counter() - start, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def timed(args: list[str], runs: int, timeout: float = 900) -> tuple[float, float, float, int]:
    """(wall seconds and CPU seconds of the fastest of `runs` runs, the most peak resident MB of
    any, exit code) of one command: the fastest run is the one least disturbed by other work on
    the machine, and CPU seconds (user + system, all threads) are less disturbed than wall time."""
    runs_seen = []
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-c", LAUNCHER, *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        seconds, cpu, mb, code = (float(x) for x in done.stdout.split()[-4:])
        if code:
            sys.stderr.write(f"{' '.join(args[1:])}: exit {code:.0f}\n{done.stderr[-600:]}\n")
            return seconds, cpu, mb, int(code)
        runs_seen.append((seconds, cpu, mb))
    seconds, cpu, _ = min(runs_seen)
    return seconds, cpu, max(mb for _, _, mb in runs_seen), 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latencies(client, path: str, repeat: int) -> np.ndarray | int:
    """Seconds of the first GET request and of `repeat` more, or the status code of a failed one."""
    out = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        response = client.get(path)
        out.append(time.perf_counter() - start)
        if response.status_code != 200:
            return response.status_code
    return np.array(out)


def count_query(db: Path, code: str) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(
            "SELECT count(*) FROM events WHERE source_code = ? OR target_code = ?", [code, code]
        ).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--docs", type=int, default=150_000)
    parser.add_argument("--dir", type=Path, help="keep the store here (reused when present)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per API endpoint")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; the fastest counts")
    args = parser.parse_args()

    folder = args.dir or Path(tempfile.mkdtemp(prefix="allyscope-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"scale-{args.events}.duckdb"
    if not db.exists():
        start = time.perf_counter()
        generate(db, args.events, args.docs)
        print(f"generated {db} in {time.perf_counter() - start:.0f} s")
    with duckdb.connect(str(db), read_only=True) as con:
        n_docs, n_events = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
        ).fetchone()
        usa = con.execute(
            "SELECT count(*) FROM events WHERE source_code = 'USA' OR target_code = 'USA'"
        ).fetchone()[0]
        # a small country: the 40th by events (about 4k events in a 1M store)
        small = con.execute(
            "SELECT source_code FROM events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 OFFSET 39"
        ).fetchone()[0]
        n_small = con.execute(
            "SELECT count(*) FROM events WHERE source_code = ? OR target_code = ?", [small, small]
        ).fetchone()[0]
    size = db.stat().st_size / 2**20
    print(f"store: {n_docs:,} documents, {n_events:,} events ({size:,.0f} MB)")
    print(f"USA in {usa:,} events, {small} in {n_small:,}")
    print()

    base_s, base_cpu, base_mb, _ = timed([PYTHON, "-c", "pass"], args.runs)
    scan = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); con.execute("
        "\"SELECT count(*) FROM events WHERE source_code = 'USA' OR target_code = 'USA'\").fetchall()"
    )
    scan_s, scan_cpu, scan_mb, _ = timed([PYTHON, "-c", scan, str(db)], args.runs)
    out = folder / "out"
    out.mkdir(exist_ok=True)
    commands = {
        "allyscope --help": (["--help"], base_s, "python -c pass"),
        "events --country USA (table)": (["events", "--country", "USA", "--db", str(db)], scan_s, "scan"),
        "partners USA --by year": (["partners", "USA", "--by", "year", "--db", str(db)], scan_s, "scan"),
        "partners USA --by month": (["partners", "USA", "--by", "month", "--db", str(db)], scan_s, "scan"),
        "report USA": (
            ["report", "USA", "--db", str(db), "--out", str(out / "usa.html"), "--force"],
            scan_s,
            "scan",
        ),
        f"report {small}": (
            ["report", small, "--db", str(db), "--out", str(out / "small.html"), "--force"],
            scan_s,
            "scan",
        ),
    }
    print(
        f"{'command (fastest of ' + str(args.runs) + ' runs)':34} {'time s':>8} {'cpu s':>7} {'peak MB':>8} {'baseline s':>11} {'ratio':>7}"
    )
    print(f"{'(baseline) python -c pass':34} {base_s:8.2f} {base_cpu:7.2f} {base_mb:8.0f}")
    print(f"{'(baseline) DuckDB count of USA rows':34} {scan_s:8.2f} {scan_cpu:7.2f} {scan_mb:8.0f}")
    for name, (cli, baseline, _) in commands.items():
        seconds, cpu, mb, code = timed([*ALLYSCOPE, *cli], args.runs)
        flag = "" if code == 0 else f"  (exit {code})"
        print(
            f"{name:34} {seconds:8.2f} {cpu:7.2f} {mb:8.0f} {baseline:11.2f} {seconds / baseline:7.1f}{flag}"
        )
    print()

    import httpx

    port = free_port()
    server = subprocess.Popen(
        [*ALLYSCOPE, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for _ in range(300):
                try:
                    client.get("/api/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            event_id = client.get("/api/events", params={"country": "USA", "limit": 1}).json()["events"][0][
                "event_id"
            ]
            doc_id = f"d{0:07d}"
            endpoints = [
                "/api/health",
                "/api/ontology",
                "/api/countries",
                "/api/events?country=USA&limit=100",
                "/api/events?country=USA&limit=100&offset=200000",
                f"/api/events/{event_id}",
                "/api/documents?limit=100",
                f"/api/documents/{doc_id}",
                "/api/partners/USA?by=year",
                "/api/partners/USA?by=month",
                f"/api/partners/{small}?by=year",
            ]
            scans = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                count_query(db, "USA")
                scans.append(time.perf_counter() - start)
            scan_p50 = float(np.median(scans))
            # first: the first request (a partner result is then kept until the store changes)
            print(f"{'endpoint':48} {'first ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95/scan':>9}")
            scan_p95 = 1000 * np.percentile(scans, 95)
            print(f"{'(baseline) DuckDB count of USA rows':48} {'':8} {1000 * scan_p50:8.0f} {scan_p95:8.0f}")
            for path in endpoints:
                times = latencies(client, path, args.repeat)
                if isinstance(times, int):
                    print(f"{path:48} status {times}")
                    continue
                first, rest = times[0], times[1:]
                p50, p95 = np.median(rest), np.percentile(rest, 95)
                print(
                    f"{path:48} {1000 * first:8.0f} {1000 * p50:8.0f} {1000 * p95:8.0f} {p95 / scan_p50:9.1f}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
