"""Fixtures shared by the analysis, network and export tests."""

from __future__ import annotations

import pytest
from synthetic_store import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The hand-made synthetic store (tests/synthetic_store.py) as a DuckDB file."""
    return build_store(tmp_path_factory.mktemp("store") / "synthetic.duckdb")
