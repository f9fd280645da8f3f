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
  benchmark starts on loopback (`dask scheduler`, two `dask worker --nthreads 1`) and warms with
  one small ingest first, as a long-lived cluster would be; its client CPU is the CPU time of the
  ingest process alone (the workers are other processes).

CPU is user plus system time of the process and the children it waits for (its worker
processes). The machine's load average is printed before and after: other work on the machine
slows the side that runs beside it, so compare figures of one run.

    PYTHONPATH=src .venv/bin/python bench/throughput.py [--docs 1000] [--repeat 1] [--no-dask]
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RE3D = REPO.parent / "shared" / "eval" / "re3d"
ALLYSCOPE = [sys.executable, "-c", "from allyscope.cli import main; main()"]
RAW = """
import json, sys
from allyscope.language.nlp import load_base_model
nlp = load_base_model()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
print(tokens, "tokens;", "pipes:", ",".join(nlp.pipe_names))
"""


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


def timed(command: list[str], env: dict) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of it and the children it waited for, stdout) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def best(runs: list[tuple[float, float, str]]) -> tuple[float, float, str]:
    return min(runs, key=lambda r: r[0])


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
                env=env,
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
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    folder = Path(tempfile.mkdtemp(prefix="allyscope-throughput-"))
    corpus = folder / "re3d-1000.jsonl"
    chars = write_corpus(corpus, args.docs)
    print(f"corpus: {args.docs:,} documents of re3d ({RE3D}), {chars:,} characters; files in {folder}")
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")

    def ingest(name: str, *options: str) -> tuple[float, float, str]:
        runs = []
        for n in range(args.repeat):
            db = folder / f"{name}-{n}.duckdb"
            runs.append(
                timed(
                    [*ALLYSCOPE, "ingest", str(corpus), "--db", str(db), "--date", "2017-01-01", *options],
                    env,
                )
            )
        return best(runs)

    raw = best([timed([sys.executable, "-c", RAW, str(corpus)], env) for _ in range(args.repeat)])
    print(f"raw spaCy: {raw[2].strip()}")
    results = {
        "raw spaCy nlp.pipe (whole process)": raw,
        "ingest --workers 1": ingest("workers1", "--workers", "1"),
        "ingest --workers 2": ingest("workers2", "--workers", "2"),
    }
    if not args.no_dask:
        address, cluster = dask_cluster(env, folder)
        try:
            warm = folder / "warm.jsonl"
            warm.write_text(json.dumps({"id": "warm", "text": re3d_texts()[0]}) + "\n")
            for _ in range(2):  # each worker loads the model once, as on a long-lived cluster
                db = folder / f"warm-{time.monotonic_ns()}.duckdb"
                timed([*ALLYSCOPE, "ingest", str(warm), "--db", str(db), "--scheduler", address], env)
            results["ingest --scheduler (Dask, 2 workers)"] = ingest("dask", "--scheduler", address)
        finally:
            for process in cluster:
                process.terminate()
            for process in cluster:
                process.wait()

    serial = results["ingest --workers 1"][0]
    print(f"\n{'side':40} {'wall s':>8} {'docs/s':>8} {'CPU s':>8} {'x raw':>7} {'x workers 1':>12}")
    for name, (wall, cpu, _) in results.items():
        print(
            f"{name:40} {wall:8.1f} {args.docs / wall:8.1f} {cpu:8.1f} {raw[0] / wall:7.2f} {serial / wall:12.2f}"
        )
    if "ingest --scheduler (Dask, 2 workers)" in results:
        client = results["ingest --scheduler (Dask, 2 workers)"][1]
        print(f"Dask client CPU: {client:.2f} s, {1000 * client / args.docs:.2f} ms per document")
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
