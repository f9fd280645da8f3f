"""What a country brief shows, computed once for both the HTML and the Markdown brief."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from ..analysis.concentration import analyse, verdict
from ..analysis.network import network
from ..analysis.partners import portfolio
from ..analysis.weights import Weights
from ..export import source_url


@dataclass
class Brief:
    """The numbers and evidence of one country brief.

    Args:
        country, name: the country's code and name.
        verdict: the one row of analysis.concentration.verdict() as a dict.
        portfolio: analysis.partners.portfolio().
        concentration: analysis.concentration.concentration().
        events: every stored event with the country on one side, with `spans` (evidence_spans)
            and `url` (source_url) added.
        graph: analysis.network.network() of the country.
        weight, by: the weight scheme and period used.
    """

    country: str
    name: str
    verdict: dict
    portfolio: pd.DataFrame
    concentration: pd.DataFrame
    events: pd.DataFrame
    graph: nx.DiGraph
    weight: str
    by: str


def evidence_spans(sentence: str, record: dict) -> list[tuple[int, int, str]]:
    """Where the event's actors and trigger appear in its sentence.

    Args:
        sentence: the evidence sentence.
        record: the event's JSON record (source.text, target.text, trigger).
    Returns:
        Sorted, non-overlapping (start, end, role) with role `actor` or `trigger`; a word that
        cannot be found is left out.
    """
    wanted = [((record.get(side) or {}).get("text"), "actor") for side in ("source", "target")]
    wanted.append((record.get("trigger"), "trigger"))
    spans: list[tuple[int, int, str]] = []
    for text, role in wanted:
        if not text:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", sentence):
            if all(match.end() <= s or match.start() >= e for s, e, _ in spans):
                spans.append((match.start(), match.end(), role))
                break
    return sorted(spans)


def build_brief(
    events: pd.DataFrame,
    country: str,
    by: str = "year",
    weight: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
) -> Brief:
    """Compute a country brief.

    Args:
        events: stored events (Store.query_events) of the whole store in the brief's date range,
            so that the partner network shows the ties among the partners too.
        country: ISO3 code.
        by, weight, weights, realized_only: as for analysis.partners.portfolio().
    Returns:
        Brief.
    """
    options = {"by": by, "weight": weight, "weights": weights, "realized_only": realized_only}
    own = events[(events["source_code"] == country) | (events["target_code"] == country)]
    table, _ = analyse(own, country, n_boot=1000, seed=0, level=0.9, **options)
    row = verdict(own, country, **options).iloc[0].to_dict()
    records = own["record"].map(json.loads)
    own = own.assign(
        spans=[evidence_spans(s, r) for s, r in zip(own["sentence"], records, strict=True)],
        url=own.apply(source_url, axis=1) if len(own) else [],
    )
    return Brief(
        country=country,
        name=row["country_name"],
        verdict=row,
        portfolio=portfolio(own, country, **options),
        concentration=table,
        events=own,
        graph=network(events, country, weight, weights, realized_only),
        weight=weight,
        by=by,
    )


def text(value) -> str:
    """A cell's text; missing values (None or NaN, e.g. an event's unknown side) are empty."""
    return value if isinstance(value, str) else ""
