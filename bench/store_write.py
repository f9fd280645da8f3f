"""The store's side of an ingest: CPU and wall time per document to write extracted documents,
as the store appends them (a batch of 32 in one transaction, one `INSERT ... SELECT` per table
from Arrow tables, `Store.append`) against the way it wrote them before (row by row with
`executemany`, one transaction per document), over the same rows in the same run.

The documents are the first 320 of re3d (../shared/eval/re3d), extracted once; the benchmark
stops if re3d is missing. Each way writes into a new store file.

    PYTHONPATH=src .venv/bin/python bench/store_write.py [--docs 320] [--batch 32]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from allyscope.model import Document
from allyscope.pipeline import Pipeline, extract_documents
from allyscope.store import Store
from allyscope.store.rows import event_tables, rows_of

RE3D = Path(__file__).resolve().parents[2] / "shared" / "eval" / "re3d"


def re3d_documents(n: int) -> list[Document]:
    texts = []
    for path in sorted(RE3D.glob("*/documents.json")):
        texts += [
            json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    if not texts:
        sys.exit(f"no re3d documents under {RE3D}: the benchmark needs the shared evaluation data")
    return [Document(texts[i % len(texts)], f"re3d-{i:05d}", date="2017-01-01") for i in range(n)]


def row_by_row(store: Store, rows) -> None:
    """The writer as it was: per document, its row, then its events and actors by executemany."""
    documents = rows.documents.to_pylist()
    table, _ = event_tables(rows.events)
    events = table.to_pylist()
    actors = [tuple(a.values()) for a in rows.actors.to_pylist()]
    for document in documents:
        own = [tuple(e.values()) for e in events if e["doc_id"] == document["doc_id"]]
        store.con.execute("BEGIN TRANSACTION")
        store.con.execute(
            f"INSERT INTO documents ({', '.join(document)}) VALUES ({', '.join('?' * len(document))})"
            " ON CONFLICT DO NOTHING",
            list(document.values()),
        )
        if own:
            columns = table.column_names
            store.con.executemany(
                f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                " ON CONFLICT DO NOTHING",
                own,
            )
            store.con.executemany("INSERT INTO actors VALUES (?, ?, ?) ON CONFLICT DO NOTHING", actors)
        store.con.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=320)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    documents = re3d_documents(args.docs)
    pipeline = Pipeline.of()
    pairs = list(extract_documents(documents))
    batches = [
        rows_of(pairs[i : i + args.batch], pipeline.code_name, pipeline.config())
        for i in range(0, len(pairs), args.batch)
    ]
    n_events = sum(len(e) for _, e in pairs)
    folder = Path(tempfile.mkdtemp(prefix="allyscope-store-write-"))
    print(f"{len(documents)} re3d documents, {n_events} events, batches of {args.batch}; stores in {folder}")
    results = {}
    for name, write in (
        ("row by row, a transaction per document", lambda s: [row_by_row(s, b) for b in batches]),
        (f"Store.append, a transaction per {args.batch}", lambda s: [s.append(b) for b in batches]),
    ):
        with Store(folder / f"{len(results)}.duckdb") as store:
            cpu, wall = time.process_time(), time.perf_counter()
            write(store)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            assert store.counts() == (len(documents), n_events)
        results[name] = (cpu, wall)
    before = next(iter(results.values()))
    print(f"{'writer':45} {'CPU ms/doc':>11} {'wall ms/doc':>12} {'CPU x faster':>13}")
    for name, (cpu, wall) in results.items():
        per = 1000 / len(documents)
        print(f"{name:45} {cpu * per:11.2f} {wall * per:12.2f} {before[0] / cpu:13.1f}")


if __name__ == "__main__":
    main()
