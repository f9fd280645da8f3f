"""Ingest with grouping across documents: what `Store.write` costs once each new document's
events are joined into the stored events they report (a narrow query per document for the
stored events of its types and dyads, then coreference.absorb), against the extraction of the
same documents, measured in the same run.

The demo corpus is extracted once (the baseline: seconds per document through spaCy and the
rules). Its events are then written into a fresh store `--copies` times over, each copy as
other documents of the same date reporting the same events, so that the store grows and the
later copies' events join stored ones (the case grouping is for: many outlets, one event).
Prints, per number of copies, the write time per document, its ratio to the extraction time
per document, and how many reports became how many events.

    .venv/bin/python bench/grouping.py [--copies 1 5 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from allyscope.documents import read_documents
from allyscope.errors import InputError
from allyscope.model import Document, Event
from allyscope.paths import DATA
from allyscope.pipeline import extract_documents
from allyscope.store import Store


def copy_of(document: Document, events: list[Event], n: int) -> tuple[Document, list[Event]]:
    """The document and its events as the n-th other outlet's report of them (n = 0: itself)."""
    if n == 0:
        return document, events
    doc_id = f"{document.doc_id}-{n}"
    copied = []
    for event in events:
        mentions = [replace(m, doc_id=doc_id, publisher=f"{m.publisher} {n}") for m in event.mentions]
        copied.append(replace(event, event_id=f"{event.event_id}-{n}", doc_id=doc_id, mentions=mentions))
    return replace(document, doc_id=doc_id, publisher=f"{document.publisher} {n}"), copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()

    documents = [d for d in read_documents([DATA / "demo"]) if not isinstance(d, InputError)]
    started = time.perf_counter()
    extracted = list(extract_documents(documents))
    extract_s = time.perf_counter() - started
    extracted.sort(key=lambda pair: (pair[0].date or "9999", pair[0].doc_id))  # as Store.ingest writes
    per_extract = extract_s / len(documents)
    print(
        f"extraction (baseline): {len(documents)} documents in {extract_s:.2f} s, {per_extract * 1000:.1f} ms/document"
    )
    print("copies  documents  write s  ms/document  write/extract  reports -> within -> across  joined")
    for copies in args.copies:
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "grouping.duckdb") as store:
            joined = 0
            started = time.perf_counter()
            for n in range(copies):
                for document, events in extracted:
                    joined += store.write(*copy_of(document, events, n))
            write_s = time.perf_counter() - started
            n_docs = copies * len(documents)
            mentions, within, events = store.grouping_counts()
            per_write = write_s / n_docs
            print(
                f"{copies:>6}  {n_docs:>9}  {write_s:>7.2f}  {per_write * 1000:>11.1f}  {per_write / per_extract:>13.3f}"
                f"  {mentions:>7} -> {within:>6} -> {events:>6}  {joined:>6}"
            )


if __name__ == "__main__":
    main()
