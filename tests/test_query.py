"""The store's read side: pages of events in date order, however deep."""

from __future__ import annotations

import pytest

from allyscope.store import Store
from allyscope.store import db as store_db


@pytest.mark.parametrize("deep_page", [10_000, 0])
def test_every_page_is_a_slice_of_the_date_order(db, monkeypatch, deep_page):
    """With deep_page 0 every page past the middle is counted from the end of the order."""
    monkeypatch.setattr(store_db, "DEEP_PAGE", deep_page)
    with Store(db, read_only=True) as store:
        everything = list(store.query_events()["event_id"])
        assert len(everything) == 13
        for offset in range(len(everything) + 2):
            for limit in (1, 2, 5):
                page = store.query_events(limit=limit, offset=offset)
                assert list(page["event_id"]) == everything[offset : offset + limit], (offset, limit)
                assert list(page["doc_title"].notna()) == [True] * len(page)
        tajik = list(store.query_events(country="TJK")["event_id"])
        assert list(store.query_events(country="TJK", limit=3, offset=9)["event_id"]) == tajik[9:12]
