"""Scale-out extraction on a Dask cluster (`distributed`): batches of documents go to the workers
as they are read, a few per worker at a time; each worker extracts a batch into the store's rows
(Arrow tables, `store.rows`), so that the caller, which alone writes the store, only appends.

A long-lived cluster (`dask scheduler` and `dask worker` processes, see the README) loads the
model once per worker for every ingest; "local" starts a cluster of two worker processes on
loopback for one ingest, its dashboard on loopback too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Document
from .store.rows import Rows, extract_rows

AHEAD = 2  # batches given to each worker at a time: one to run, one waiting
# Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its worker's environment, which also fixes
# glibc's mmap threshold at 128 KB: every large array spaCy allocates is then mapped afresh and
# page-faults, 13% more CPU per document (7.9 s against 7.0 s for 200 documents). Unset, glibc
# adapts as in any other process. (A long-lived cluster: MALLOC_MMAP_THRESHOLD_ in the README.)
NANNY_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def local_cluster():
    """Two one-thread worker processes on loopback, their dashboard on loopback too."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(NANNY_ENVIRON):
        return LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:8787",
        )


def extract_on_cluster(
    batches: Iterable[list[Document]], scheduler: str, actors: tuple[str, ...] = ()
) -> Iterator[tuple[list[Document], Rows]]:
    """Extract batches of documents on the Dask scheduler at `scheduler` ("local" starts a local
    cluster); yields (documents, rows) as batches complete, so the caller can store each at once."""
    from distributed import Client, as_completed

    batches = iter(batches)
    first = next(batches, None)
    if first is None:  # nothing to extract: no cluster, no model
        return
    cluster = local_cluster() if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        limit = AHEAD * max(1, len(client.scheduler_info()["workers"]))
        running, given = as_completed(), {}

        def submit(batch: list[Document]) -> None:
            future = client.submit(extract_rows, batch, actors, pure=False)
            given[future.key] = batch
            running.add(future)

        for batch in [first, *(b for _, b in zip(range(limit - 1), batches, strict=False))]:
            submit(batch)
        for future in running:
            rows = future.result()
            following = next(batches, None)
            if following is not None:
                submit(following)
            yield given.pop(future.key), rows
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
