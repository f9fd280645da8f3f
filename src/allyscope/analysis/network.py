"""The dyad network: actors as nodes, their scored events as weighted, typed directed edges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from .. import errors
from ..errors import UsageError
from ..ontology import scored_types
from ..output import output
from .options import Options
from .partners import actor_names
from .weights import event_weights

if TYPE_CHECKING:
    from ..store import Store

FORMATS = (".graphml", ".gexf", ".json")


def network(
    events: pd.DataFrame,
    country: str | None = None,
    options: Options | None = None,
    names: dict[str, str] | None = None,
) -> nx.DiGraph:
    """Actors and their scored events as a directed graph (source -> target of each event).

    Args:
        events: stored events (Store.query_events), or their counts per kind of event
            (Store.ties: a row stands for `n` events alike).
        country: keep only the country, its partners, and the ties among them.
        options: the weighting of the edge `weight` (analysis.weights); default Options().
        names: code -> display name; default the names the events give (`actor_names`).
    Returns:
        DiGraph. Nodes: name, kind, strength (summed weight of their edges), degree_centrality and
        betweenness (on the undirected graph, weighted by 1/weight so strong ties are short).
        Edges: weight, events, types ("military_aid:2;consult:1", most frequent first) and one
        n_<type> count per scored type.
    """
    options = options or Options()
    types = list(scored_types())
    scored = events[events["type"].isin(types) & events["source_code"].notna()]
    scored = scored[scored["target_code"].notna() & (scored["source_code"] != scored["target_code"])]
    if country:
        touching = scored[(scored["source_code"] == country) | (scored["target_code"] == country)]
        ring = {country} | set(touching["source_code"]) | set(touching["target_code"])
        scored = scored[scored["source_code"].isin(ring) & scored["target_code"].isin(ring)]
    n = scored["n"] if "n" in scored else pd.Series(1, index=scored.index)
    scored = scored.assign(n=n, w=event_weights(scored.assign(partner=scored["source_code"]), options) * n)
    names = names if names is not None else actor_names(events)
    edges = scored.groupby(["source_code", "target_code"]).agg(weight=("w", "sum"), events=("n", "sum"))
    counts = scored.pivot_table(
        index=["source_code", "target_code"], columns="type", values="n", aggfunc="sum", fill_value=0
    ).reindex(index=edges.index, columns=types, fill_value=0)
    edges["types"] = [
        ";".join(f"{t}:{c}" for c, t in sorted(zip(row, types, strict=True), key=lambda x: -x[0]) if c)
        for row in counts.to_numpy().tolist()
    ]
    edges = edges.join(counts.add_prefix("n_")).reset_index()
    graph = nx.from_pandas_edgelist(
        edges, "source_code", "target_code", edge_attr=True, create_using=nx.DiGraph
    )
    igo = set(scored.loc[scored["source_kind"] == "igo", "source_code"])
    igo |= set(scored.loc[scored["target_kind"] == "igo", "target_code"])
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
            kind="igo" if node in igo else "state",
            strength=float(undirected.degree(node, weight="weight")),
            degree_centrality=float(degree[node]),
            betweenness=float(betweenness[node]),
        )
    return graph


def store_network(
    store: Store,
    country: str | None,
    options: Options,
    names: dict[str, str] | None = None,
    among: list[str] | None = None,
) -> nx.DiGraph:
    """`network()` of a store's events in the options' window, counted in the database.

    Args:
        store: the store to read.
        country: keep only the country, its partners, and the ties among them; None for all.
        options: the window, the weighting and what counts (events or their mentions).
        names: code -> display name; default the names the store gives its parties.
        among: only these parties (a brief's country and its strongest partners).
    Returns:
        The DiGraph of `network()`.
    """
    ties = store.ties(
        scored_types(), None if among else country, options.since, options.until, among, options.count
    )
    if names is None:
        names = {code: name for code, name, _, _ in store.parties() if name}
    return network(ties, country, options, names)


def centrality(graph: nx.DiGraph) -> pd.DataFrame:
    """Nodes of `network()` with their attributes, most central first.

    Returns:
        DataFrame: code, name, kind, strength, degree_centrality, betweenness.
    """
    columns = ["code", "name", "kind", "strength", "degree_centrality", "betweenness"]
    rows = [{"code": node, **data} for node, data in graph.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["strength", "code"], ascending=[False, True]).reset_index(drop=True)


def check_format(out: str | Path) -> str:
    """The network format of a file name (its extension).

    Raises:
        UsageError: E021 for another extension.
    """
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        choices = ", ".join(f"FILE{f}" for f in FORMATS)
        raise UsageError(errors.E021.format(name="network file", value=str(out), choices=choices))
    return suffix


def write_network(
    graph: nx.DiGraph, out: str | Path, force: bool = False, store: str | Path | None = None
) -> Path:
    """Write the graph as GraphML, GEXF or node-link JSON, chosen by the file extension.

    Args:
        graph: a `network()` graph.
        out: FILE.graphml, FILE.gexf or FILE.json.
        force: overwrite `out` if it exists.
        store: the store the graph comes from; `out` may not be it (output.check_out).
    Returns:
        The path written.
    Raises:
        UsageError: E021 for another extension; as output.check_out.
    """
    suffix = check_format(out)
    with output(out, force, store) as part:
        if suffix == ".graphml":
            nx.write_graphml(graph, part)
        elif suffix == ".gexf":
            nx.write_gexf(graph, part)
        else:
            part.write_text(json.dumps(nx.node_link_data(graph, edges="links"), indent=1), encoding="utf-8")
    return Path(out)
