"""The store a request reads: one per request, closed when it is answered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from ..store import Store


def open_store(
    request: Request,
    raw: Annotated[bool, Query(description="The machine's events, without the reviews.")] = False,
) -> Iterator[Store]:
    """A Store on the app's file for the length of one request: read-only unless the app takes
    reviews; `raw` reads the machine's events without them."""
    store = Store.for_reading(request.app.state.db_path, raw=raw, write=request.app.state.writable)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(open_store)]
