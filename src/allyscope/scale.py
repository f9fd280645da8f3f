"""Scale-out extraction on a Dask cluster (`distributed`): documents go to workers in batches,
events come back to the caller, which alone writes the store."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Document, Event
from .pipeline import extract_documents

BATCH = 32


def extract_batch(documents: list[Document], actors: tuple[str, ...]) -> list[tuple[Document, list[Event]]]:
    return list(extract_documents(documents, actors))


def extract_on_cluster(
    documents: list[Document], scheduler: str, actors: tuple[str, ...] = ()
) -> Iterator[tuple[Document, list[Event]]]:
    """Extract `documents` on the Dask scheduler at `scheduler` ("local" starts a local cluster).

    Yields (document, events) in the order of `documents`, each batch as soon as it and those
    before it are done: the store joins each document's events into those stored before it,
    which gives the same events as clustering them at once only in date order.
    """
    from distributed import Client, LocalCluster

    cluster = (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) if scheduler == "local" else None
    )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        batches = [documents[i : i + BATCH] for i in range(0, len(documents), BATCH)]
        futures = [client.submit(extract_batch, batch, actors, pure=False) for batch in batches]
        for future in futures:  # the later batches run meanwhile
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
