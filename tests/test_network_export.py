"""The dyad network round-trips through networkx; every export format parses back."""

from __future__ import annotations

import json

import duckdb
import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from allyscope.analysis.network import centrality, network, write_network
from allyscope.cli import app
from allyscope.export import export
from allyscope.store import Store


@pytest.fixture(scope="module")
def events(db):
    with Store(db, read_only=True) as store:
        return store.query_events()


def test_network_edges_and_centrality(events):
    graph = network(events, "TJK")
    rus = graph.edges["RUS", "TJK"]
    # 2003: exercise 3 + consult 1; 2004: exercise 3 + aid 3 + hypothetical aid 0
    assert (rus["weight"], rus["events"], rus["n_military_aid"]) == (10.0, 5, 2)
    assert graph.edges["TJK", "RUS"]["types"] == "reduce_cooperation:1"
    # KGZ is no partner of TJK, but RUS is: the KGZ-RUS tie lies outside the ring
    assert "KGZ" not in graph
    assert "KGZ" in network(events)
    table = centrality(graph)
    assert table.iloc[0]["code"] == "TJK"
    assert table.set_index("code").loc["TJK", "degree_centrality"] == 1.0


@pytest.mark.parametrize("suffix,read", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_network_round_trip(tmp_path, events, suffix, read):
    graph = network(events)
    back = read(write_network(graph, tmp_path / f"net{suffix}"))
    assert set(back.nodes) == set(graph.nodes)
    assert set(back.edges) == set(graph.edges)
    for a, b, data in graph.edges(data=True):
        assert back.edges[a, b]["weight"] == pytest.approx(data["weight"])
        assert back.edges[a, b]["types"] == data["types"]
    assert back.nodes["RUS"]["betweenness"] == pytest.approx(graph.nodes["RUS"]["betweenness"])


def test_network_json_and_cli(tmp_path, db, events):
    out = tmp_path / "net.json"
    result = CliRunner().invoke(app, ["network", "--db", str(db), "--country", "TJK", "--out", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.node_link_graph(json.loads(out.read_text()), edges="links")
    assert set(back.edges) == set(network(events, "TJK").edges)


def test_export_csv_and_parquet(tmp_path, events):
    csv = pd.read_csv(export(events, tmp_path / "e.csv", "csv"), dtype=str)
    assert list(csv["event_id"]) == list(events["event_id"])
    assert "record" not in csv.columns
    parquet = duckdb.sql(
        f"SELECT event_id, amount_usd FROM '{export(events, tmp_path / 'e.parquet', 'parquet')}'"
    ).df()
    assert list(parquet["event_id"]) == list(events["event_id"])
    assert parquet["amount_usd"].sum() == 3_300_000


def test_export_gdelt_tsv(tmp_path, events):
    tsv = pd.read_csv(
        export(events, tmp_path / "e.tsv", "tsv-gdelt"), sep="\t", dtype=str, keep_default_na=False
    )
    for column in ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2CountryCode", "IsRootEvent", "EventCode",
                   "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "ActionGeo_FullName",
                   "ActionGeo_Lat", "SOURCEURL"):  # fmt: skip
        assert column in tsv.columns
    aid = tsv[tsv["GLOBALEVENTID"] == "8"].iloc[0]
    assert (aid["SQLDATE"], aid["Actor1Code"], aid["Actor2Code"]) == ("20040924", "USA", "TJK")
    assert (aid["EventCode"], aid["EventRootCode"], aid["QuadClass"], aid["GoldsteinScale"]) == (
        "072",
        "07",
        "2",
        "8.3",
    )
    assert aid["SOURCEURL"] == "https://example.org/doc2004"
    assert tsv["SOURCEURL"].iloc[0] == "file:///corpus/doc2003.txt"


def test_export_plover_json(tmp_path, db):
    out = tmp_path / "e.json"
    result = CliRunner().invoke(
        app, ["export", "--db", str(db), "--format", "plover-json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text())
    assert len(records) == 13
    aid = next(r for r in records if r["id"] == "0000000000000008")
    assert {"id", "date", "actor1", "actor2", "event", "mode", "context"} <= set(aid)
    assert (aid["event"], aid["actor1"]["code"], aid["actor2"]["code"], aid["date"]) == (
        "AID",
        "USA",
        "TJK",
        "2004-09-24",
    )
    assert aid["amount"]["value_usd"] == 2_300_000 and aid["source"]["url"] == "https://example.org/doc2004"


def test_gdelt_country_of_groups():
    from allyscope.export import actor_columns

    actors = [
        {"code": "HAMAS", "kind": "non_state", "cameo_code": "PSEINS", "sector": None},
        {"code": "RWA", "kind": "non_state", "cameo_code": "RWAREB", "sector": "REB"},
        {"code": "UN", "kind": "person", "cameo_code": "IGOUNO", "sector": None},
        {"code": "TJK", "kind": "state", "cameo_code": "TJK", "sector": None},
    ]
    frame = pd.DataFrame(
        {
            "record": [json.dumps({"source": a}) for a in actors],
            "source_code": [a["code"] for a in actors],
            "source_name": ["", "", "", ""],
            "source_kind": [a["kind"] for a in actors],
            "source_sector": [a["sector"] for a in actors],
        }
    )
    columns = actor_columns(frame, "source", 1)
    assert columns["Actor1CountryCode"].tolist() == ["PSE", "RWA", "", "TJK"]
    assert columns["Actor1KnownGroupCode"].tolist() == ["HAMAS", "", "UN", ""]


def test_plover_mode_and_context_of_general_events():
    from allyscope.export import to_plover

    base = {
        "event_id": "x",
        "date": None,
        "source": None,
        "target": None,
        "plover": "RETREAT",
        "aid_kind": [],
    }
    base |= {"quad_class": 2, "goldstein": 9.0, "location": None, "amount": None, "modality": "realized"}
    base |= {"doc_id": "d", "cited_source": None, "sentence": "..."}
    rows = [
        {**base, "type": "statement", "cameo": "0871"},
        {**base, "type": "consult", "cameo": "042", "plover": "CONSULT"},
    ]
    frame = pd.DataFrame({"record": [json.dumps(r) for r in rows]}).assign(
        doc_title="t", doc_publisher=None, doc_url="https://example.org", doc_path=None
    )
    ceasefire, visit = to_plover(frame)
    assert (ceasefire["mode"], ceasefire["context"]) == ("ceasefire", [])
    assert (visit["mode"], visit["context"]) == ("visit", ["military"])
