"""Ingest as a stream: documents are read as they are needed, BATCH at a time; the stored ones
are recognised with one query per batch (a rerun over a complete store loads no model); the new
ones are extracted (in this process, in guarded worker processes, or on a Dask cluster) into the
store's rows, and the batches that come back within WRITE_SECONDS of one another (at most
WRITE_DOCS documents) are appended in one transaction.

What this guarantees: a transaction is stored whole or not at all, and a document is stored
once, so an ingest killed at any moment loses only the batches not yet committed, and a rerun
adds them and nothing twice. Which batches share a transaction changes nothing stored: a
document's events join stored events as they join the events of its own transaction. Two different documents given the same id are not mistaken for one another:
the second is an error (E030) naming the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from .. import errors
from ..documents.reader import content_id
from ..errors import InputError
from ..model import Document
from .db import IngestReport
from .rows import DATE, N_EVENTS, PATH, Rows, extract_rows

if TYPE_CHECKING:
    from ..workers import Guard
    from .db import Store

BATCH = 32  # documents per job of a worker and per query of the stored ids
# DuckDB's cost of a statement hardly grows from 32 rows to 128: the writer's CPU per document
# was 1.6 ms appending batches of 32, 0.7 ms appending four at once (1,000 re3d documents)
WRITE_DOCS = 128
WRITE_SECONDS = 2.0  # a batch waits at most this long for others to share its transaction

Progress = Callable[[Document | InputError, int], None]


def ingest(
    store: Store,
    items: Iterable[Document | InputError],
    actors: tuple[str, ...],
    scheduler: str | None,
    on_document: Progress | None,
    workers: int,
    guard: Guard | None,
) -> IngestReport:
    """See `Store.ingest`."""
    report = IngestReport()
    tell = on_document or (lambda item, n: None)
    batches = new_batches(store, items, report, tell)
    if scheduler:
        from ..scale import extract_on_cluster

        results = extract_on_cluster(batches, scheduler, actors)
    elif workers:
        from ..workers import Guard, run_guarded

        results = run_guarded(batches, "rows", actors, workers, guard or Guard.from_env())
    else:
        results = ((batch, extract_rows(batch, actors)) for batch in batches)
    pending: list[tuple[list[Document], Rows]] = []
    since = 0.0
    for outcome in results:
        if isinstance(outcome, InputError):
            report.errors.append(outcome)
            tell(outcome, 0)
            continue
        if not pending:
            since = time.monotonic()
        pending.append(outcome)
        if (
            sum(len(documents) for documents, _ in pending) >= WRITE_DOCS
            or time.monotonic() - since >= WRITE_SECONDS
        ):
            store_batches(store, pending, report, tell)
            pending = []
    store_batches(store, pending, report, tell)
    return report


def store_batches(
    store: Store, pending: list[tuple[list[Document], Rows]], report: IngestReport, tell: Progress
) -> None:
    """Store extracted batches in one transaction, then count and tell their documents."""
    if not pending:
        return
    rows = Rows.joined([rows for _, rows in pending])
    report.joined += store.append(rows)
    report.added += len(rows.documents)
    report.events += sum(row[N_EVENTS] for row in rows.documents)
    report.undated += [row[PATH] for row in rows.documents if not row[DATE]]
    for documents, batch in pending:
        for document, row in zip(documents, batch.documents, strict=True):
            tell(document, row[N_EVENTS])


def new_batches(
    store: Store, items: Iterable[Document | InputError], report: IngestReport, tell: Progress
) -> Iterator[list[Document]]:
    """The documents of `items` to extract, BATCH read at a time: neither stored nor read
    before in this run; errors, stored documents and taken ids go to the report."""
    seen: dict[str, tuple[str, str | None]] = {}  # doc_id -> (content_id, path) of this run's documents
    items = iter(items)
    while chunk := list(islice(items, BATCH)):
        documents = [item for item in chunk if isinstance(item, Document)]
        stored = store.stored(list({d.doc_id for d in documents}))
        batch = []
        for item in chunk:
            if isinstance(item, InputError):
                report.errors.append(item)
                tell(item, 0)
                continue
            text_hash = content_id(item.text)
            known = seen.get(item.doc_id) or stored.get(item.doc_id)
            if known is None:
                seen[item.doc_id] = (text_hash, item.path)
                batch.append(item)
            elif known[0] == text_hash:
                report.skipped += 1
                tell(item, 0)
            else:
                error = InputError(item.path or "-", errors.E030.format(doc_id=item.doc_id, other=known[1]))
                report.errors.append(error)
                tell(error, 0)
        if batch:
            yield batch
