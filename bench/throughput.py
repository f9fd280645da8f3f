"""Throughput of a whole `allyscope ingest` against raw spaCy over the same texts, in one run.

The corpus is 1,000 documents of real text: the 98 documents of re3d (../shared/eval/re3d/*/
documents.json, about 1,300 characters each) in turn, each time under a new id, written as one
JSON-lines file. The benchmark stops if re3d is missing. Every side is a whole process, timed
from its start to its exit:

- raw spaCy: a Python process that loads the same spaCy model, reads the JSON-lines file and
  runs `nlp.pipe` (batch size 16, as the pipeline) over the texts, with every component the
  model has: the baseline;
- `allyscope ingest FILE --db NEW --workers 1`, then `--workers 2`: reading, start-up (the
  worker processes load the model), extraction and the store;
- Dask: `allyscope ingest FILE --db NEW --scheduler tcp://127.0.0.1:PORT` on a cluster this
  benchmark starts on loopback as the README does (`dask scheduler`, two `dask worker --nthreads
  1` with MALLOC_MMAP_THRESHOLD_) and warms with
  one small ingest first, as a long-lived cluster would be; its client CPU is the CPU time of the
  ingest process alone (the workers are other processes).

Two raw spaCy processes are also run side by side: their speed-up over one is what parallel
work can gain on the machine at the time (2.0 on two free cores), the yardstick for the workers'.

CPU is user plus system time of the process and the children it waits for (its worker
processes); "CPU x raw" is the raw side's CPU over a side's, the work each needs for the same
texts, which other work on the machine changes far less than the wall time. Each ingest also
reports its own CPU apart from its workers': the writer (reading, the store; a Dask client) per
document, and the workers' CPU (for Dask, of the cluster's worker processes, read with psutil).
"Cores busy" is CPU over wall time: what a side kept busy on average. Scaling is judged against
the machine at the time: the speed-up of `--workers 2` (or Dask) over `--workers 1` next to what
two raw processes at once gained, and the workers' CPU per document (the same for one worker or
two when nothing is repeated per worker). The 1-minute load average is printed at the start and
end of every side: other work slows the side that runs beside it, so compare figures of one run.

    PYTHONPATH=src .venv/bin/python bench/throughput.py [--docs 1000] [--repeat 1] [--no-dask] [--other SRC]

`--other SRC` adds the `ingest --workers 1` of another checkout's src folder (a commit before a
change: `git worktree add /tmp/before COMMIT`, then `--other /tmp/before/src`) as a side of the
same run, so that a change is measured against the same raw side and load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RE3D = REPO.parent / "shared" / "eval" / "re3d"
# `allyscope` that prints, as its last line on stderr, its own CPU seconds and its workers'
INGEST = """
import atexit, resource, sys

def report():
    own, waited = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"cpu {own.ru_utime + own.ru_stime} {waited.ru_utime + waited.ru_stime}", file=sys.stderr)

atexit.register(report)
from allyscope.cli import main
sys.argv[0] = "allyscope"
main()
"""
ALLYSCOPE = [sys.executable, "-c", INGEST]
RAW = """
import json, sys
from allyscope.language.nlp import load_base_model
nlp = load_base_model()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
print(tokens, "tokens;", "pipes:", ",".join(nlp.pipe_names))
"""

WARM_CACHE = "from allyscope.attributes.places import gazetteer; gazetteer()"


def re3d_texts() -> list[str]:
    texts = []
    for path in sorted(RE3D.glob("*/documents.json")):
        texts += [
            json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    if not texts:
        sys.exit(f"no re3d documents under {RE3D}: the benchmark needs the shared evaluation data")
    return texts


def write_corpus(path: Path, n_docs: int) -> int:
    texts = re3d_texts()
    with path.open("w", encoding="utf-8") as out:
        for n in range(n_docs):
            out.write(json.dumps({"id": f"re3d-{n:05d}", "text": texts[n % len(texts)]}) + "\n")
    return sum(len(texts[n % len(texts)]) for n in range(n_docs))


@dataclass
class Run:
    """One process, timed: wall and CPU seconds (of it and the children it waited for), its own
    CPU and its workers' where it reports them, the 1-minute load average at start and end."""

    wall: float
    cpu: float
    stdout: str
    own: float | None = None
    workers: float | None = None
    load: tuple[float, float] = (0.0, 0.0)


def timed(command: list[str], env: dict, cluster: list[int] = ()) -> Run:
    """Run one process; `cluster`: pids of other processes (Dask workers) whose CPU counts as its
    workers'."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    remote = cluster_cpu(cluster)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run = Run(wall, cpu, done.stdout, load=(load, os.getloadavg()[0]))
    reported = [line.split() for line in done.stderr.splitlines() if line.startswith("cpu ")]
    if reported:
        run.own, run.workers = float(reported[-1][1]), float(reported[-1][2])
    if cluster:
        run.workers = cluster_cpu(cluster) - remote
    return run


def cluster_cpu(pids: list[int]) -> float:
    """CPU seconds so far of processes and all their descendants (a Dask worker runs its tasks
    in a child of its nanny)."""
    if not pids:
        return 0.0
    import psutil  # installed with dask.distributed

    total = 0.0
    for pid in pids:
        with suppress(psutil.NoSuchProcess):
            process = psutil.Process(pid)
            for each in [process, *process.children(recursive=True)]:
                with suppress(psutil.NoSuchProcess):
                    times = each.cpu_times()
                    total += times.user + times.system
    return total


def both(*command: str, env: dict) -> float:
    """Wall seconds of two copies of a process run side by side, until both exit."""
    start = time.perf_counter()
    running = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(2)]
    if any(p.wait() for p in running):
        sys.exit(f"{' '.join(command)} failed")
    return time.perf_counter() - start


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.wall)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dask_cluster(env: dict, folder: Path) -> tuple[str, list[subprocess.Popen]]:
    """A scheduler and two one-thread workers on loopback, as the README starts them."""
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (folder / "dask.log").open("w")
    processes = [
        subprocess.Popen(
            [
                dask,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                "127.0.0.1:0",
            ],
            env=env,
            stdout=log,
            stderr=log,
        )
    ]
    time.sleep(3)
    for _ in range(2):
        processes.append(
            subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
                env={**env, "MALLOC_MMAP_THRESHOLD_": "33554432"},
                stdout=log,
                stderr=log,
            )
        )
    return address, processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the fastest counts")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask side")
    parser.add_argument(
        "--other",
        metavar="SRC",
        help="the src folder of another checkout (a commit before a change): its `ingest --workers 1`"
        " runs as a side of this run",
    )
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    folder = Path(tempfile.mkdtemp(prefix="allyscope-throughput-"))
    corpus = folder / "re3d-1000.jsonl"
    chars = write_corpus(corpus, args.docs)
    print(f"corpus: {args.docs:,} documents of re3d ({RE3D}), {chars:,} characters; files in {folder}")
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")

    def ingest(name: str, *options: str, cluster: list[int] = (), source: dict = env) -> Run:
        runs = []
        for n in range(args.repeat):
            db = folder / f"{name}-{n}.duckdb"
            command = [*ALLYSCOPE, "ingest", str(corpus), "--db", str(db), "--date", "2017-01-01", *options]
            runs.append(timed(command, source, cluster))
        return best(runs)

    # the tables allyscope computes once and keeps in the user's cache folder (allyscope.cache) are
    # built here, as the first ingest on a machine builds them, so that every side reads them
    subprocess.run([sys.executable, "-c", WARM_CACHE], env=env, check=True)
    raw = best([timed([sys.executable, "-c", RAW, str(corpus)], env) for _ in range(args.repeat)])
    print(f"raw spaCy: {raw.stdout.strip()}")
    pair = min(both(sys.executable, "-c", RAW, str(corpus), env=env) for _ in range(args.repeat))
    offered = 2 * raw.wall / pair
    print(
        f"two raw spaCy processes at once: {pair:.1f} s for twice the work, {offered:.2f}x one"
        " process's rate: the parallel speed-up this machine offers now"
    )
    results = {
        "raw spaCy nlp.pipe (whole process)": raw,
        "ingest --workers 1": ingest("workers1", "--workers", "1"),
        "ingest --workers 2": ingest("workers2", "--workers", "2"),
    }
    if args.other:
        other = {**os.environ, "PYTHONPATH": str(Path(args.other).resolve())}
        results["other checkout: ingest --workers 1"] = ingest("other", "--workers", "1", source=other)
    dask_side = "ingest --scheduler (Dask, 2 workers)"
    if not args.no_dask:
        address, cluster = dask_cluster(env, folder)
        try:
            warm = folder / "warm.jsonl"
            warm.write_text(json.dumps({"id": "warm", "text": re3d_texts()[0]}) + "\n")
            for _ in range(2):  # each worker loads the model once, as on a long-lived cluster
                db = folder / f"warm-{time.monotonic_ns()}.duckdb"
                timed([*ALLYSCOPE, "ingest", str(warm), "--db", str(db), "--scheduler", address], env)
            workers = [p.pid for p in cluster[1:]]  # the scheduler's own CPU is not counted
            results[dask_side] = ingest("dask", "--scheduler", address, cluster=workers)
        finally:
            for process in cluster:
                process.terminate()
            for process in cluster:
                process.wait()

    serial = results["ingest --workers 1"]
    print(
        f"\n{'side':38} {'wall s':>7} {'docs/s':>7} {'CPU s':>7} {'writer':>7} {'workers':>8}"
        f" {'busy':>5} {'x raw':>6} {'x w1':>5} {'CPU x raw':>9}  load (start, end)"
    )
    for name, run in results.items():
        # a Dask ingest's process is its client: the work is the client's and the workers'
        cpu = run.own + run.workers if name == dask_side else run.cpu
        own = "" if run.own is None else f"{run.own:7.1f}"
        workers = "" if run.workers is None else f"{run.workers:8.1f}"
        print(
            f"{name:38} {run.wall:7.1f} {args.docs / run.wall:7.1f} {cpu:7.1f} {own:>7} {workers:>8}"
            f" {cpu / run.wall:5.2f} {raw.wall / run.wall:6.2f} {serial.wall / run.wall:5.2f}"
            f" {raw.cpu / cpu:9.2f}  {run.load[0]:.2f}, {run.load[1]:.2f}"
        )

    def per_document(what: str, cpu: str, digits: int) -> str:
        sides = [(name, getattr(run, cpu)) for name, run in results.items() if getattr(run, cpu) is not None]
        return f"{what} per document: " + ", ".join(
            f"{name.split(' (')[0]} {1000 * seconds / args.docs:.{digits}f} ms" for name, seconds in sides
        )

    print(
        "\n"
        + per_document(
            "writer CPU (the ingest process: reading, hashing, the store; a Dask client)", "own", 2
        )
    )
    print(per_document("workers' CPU", "workers", 1))
    for name, run in results.items():
        if name.startswith("ingest --") and name != "ingest --workers 1":
            speedup = serial.wall / run.wall
            print(
                f"{name}: {speedup:.2f}x `--workers 1`, {speedup / offered:.2f} of the {offered:.2f}x"
                " that two raw processes gained at the same time"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
