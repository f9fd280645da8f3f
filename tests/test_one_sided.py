"""Events whose other side is unknown ("India withdrew its personnel from Farkhor") are stored
and shown everywhere, and never counted as a partner."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from synthetic_store import build_store, event

from allyscope import partners
from allyscope.analysis.network import network
from allyscope.export import export
from allyscope.model import Document
from allyscope.report import report
from allyscope.store import Store


@pytest.fixture
def db(tmp_path):
    path = build_store(tmp_path / "store.duckdb")
    one_sided = event(99, "doc2005", "reduce_cooperation", "realized", "TJK", "RUS", "2005-06-01")
    one_sided.target = None
    with Store(path) as store:
        store.write(Document(text="...", doc_id="doc2005", date="2005-06-01"), [one_sided])
    return path


def test_one_sided_event_is_stored_but_not_a_partner(db):
    with Store(db, read_only=True) as store:
        stored = store.events(country="TJK", since="2005")
        assert [(e.type, e.source.code, e.target) for e in stored] == [("reduce_cooperation", "TJK", None)]
        portfolio = partners(store, "TJK").portfolio
    assert "2005" not in set(portfolio["period"])


@pytest.mark.parametrize("fmt", ["csv", "parquet", "tsv-gdelt", "plover-json"])
def test_exports_carry_one_sided_events(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    with Store(db, read_only=True) as store:
        export(store.query_events(), out, fmt)
    assert out.stat().st_size > 0


def test_report_and_network_accept_one_sided_events(db, tmp_path):
    with Store(db, read_only=True) as store:
        html = tmp_path / "brief.html"
        report(store, "TJK", html)
        assert "TJK &rarr; ?" in html.read_text()
        graph = network(store.query_events())
    assert all(node is not None for node in graph.nodes)
    assert nx.number_of_nodes(graph) >= 5
    json.dumps(nx.node_link_data(graph, edges="links"), default=str)


def test_markdown_brief_accepts_one_sided_events(db, tmp_path):
    with Store(db, read_only=True) as store:
        out = tmp_path / "brief.md"
        report(store, "TJK", out, format="md")
    assert "TJK → ?" in out.read_text()
