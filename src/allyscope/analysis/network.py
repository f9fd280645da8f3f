"""The dyad network: actors as nodes, their scored events as weighted, typed directed edges."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd

from ..ontology import SCORED_TYPES
from .partners import actor_names
from .weights import Weights, event_weights

FORMATS = (".graphml", ".gexf", ".json")


def network(
    events: pd.DataFrame,
    country: str | None = None,
    weight: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
) -> nx.DiGraph:
    """Actors and their scored events as a directed graph (source -> target of each event).

    Args:
        events: stored events (Store.query_events).
        country: keep only the country, its partners, and the ties among them.
        weight: count, goldstein, amount or type (analysis.weights) for the edge `weight`.
        weights: modality and type weights; default the bundled data/weights.json.
        realized_only: count only realized events.
    Returns:
        DiGraph. Nodes: name, kind, strength (summed weight of their edges), degree_centrality and
        betweenness (on the undirected graph, weighted by 1/weight so strong ties are short).
        Edges: weight, events, types ("military_aid:2;consult:1") and one n_<type> count per type.
    """
    scored = events[events["type"].isin(SCORED_TYPES) & events["source_code"].notna()]
    scored = scored[scored["target_code"].notna() & (scored["source_code"] != scored["target_code"])]
    if country:
        touching = scored[(scored["source_code"] == country) | (scored["target_code"] == country)]
        ring = {country} | set(touching["source_code"]) | set(touching["target_code"])
        scored = scored[scored["source_code"].isin(ring) & scored["target_code"].isin(ring)]
    scored = scored.assign(
        w=event_weights(scored.assign(partner=scored["source_code"]), weight, weights, realized_only)
    )
    names = actor_names(events)
    kinds = dict(
        zip(
            pd.concat([scored["source_code"], scored["target_code"]]),
            pd.concat([scored["source_kind"], scored["target_kind"]]),
            strict=True,
        )
    )
    graph = nx.DiGraph()
    for (source, target), group in scored.groupby(["source_code", "target_code"]):
        counts = group["type"].value_counts()
        graph.add_edge(
            source,
            target,
            weight=float(group["w"].sum()),
            events=len(group),
            types=";".join(f"{t}:{n}" for t, n in counts.items()),
            **{f"n_{t}": int(counts.get(t, 0)) for t in SCORED_TYPES},
        )
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    for a, b, data in graph.edges(data=True):
        previous = undirected.get_edge_data(a, b, {"weight": 0.0})["weight"]
        undirected.add_edge(a, b, weight=previous + data["weight"])
    # a tie that weighs nothing (only hypothetical events) is as long as the longest possible path
    for _, _, data in undirected.edges(data=True):
        data["distance"] = 1 / data["weight"] if data["weight"] > 0 else float(len(undirected) or 1)
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else dict.fromkeys(undirected, 0.0)
    betweenness = nx.betweenness_centrality(undirected, weight="distance")
    for node in graph:
        graph.nodes[node].update(
            name=names.get(node, node),
            kind="igo" if kinds.get(node) == "igo" else "state",
            strength=float(undirected.degree(node, weight="weight")),
            degree_centrality=float(degree[node]),
            betweenness=float(betweenness[node]),
        )
    return graph


def centrality(graph: nx.DiGraph) -> pd.DataFrame:
    """Nodes of `network()` with their attributes, most central first.

    Returns:
        DataFrame: code, name, kind, strength, degree_centrality, betweenness.
    """
    columns = ["code", "name", "kind", "strength", "degree_centrality", "betweenness"]
    rows = [{"code": node, **data} for node, data in graph.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["strength", "code"], ascending=[False, True]).reset_index(drop=True)


def write_network(graph: nx.DiGraph, out: str | Path) -> Path:
    """Write the graph as GraphML, GEXF or node-link JSON, chosen by the file extension.

    Args:
        graph: a `network()` graph.
        out: FILE.graphml, FILE.gexf or FILE.json.
    Returns:
        The path written.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(graph, out)
    elif suffix == ".gexf":
        nx.write_gexf(graph, out)
    elif suffix == ".json":
        out.write_text(json.dumps(nx.node_link_data(graph, edges="links"), indent=1), encoding="utf-8")
    else:
        raise ValueError(f"unknown network format {suffix!r}; use {', '.join(FORMATS)}")
    return out
