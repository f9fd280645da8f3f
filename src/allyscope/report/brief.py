"""What a country brief shows, computed once for both the HTML and the Markdown brief."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..analysis.dependence import Dependence, partners
from ..analysis.network import store_network
from ..analysis.options import Options
from ..export import source_url
from ..store import Store

MAX_EVENTS = 200  # the latest events the brief lists
NETWORK_PARTNERS = 12  # the strongest partners its network shows


@dataclass
class Brief:
    """The numbers and evidence of one country brief.

    Args:
        dependence: analysis.dependence of the country (verdict, portfolio, concentration, trend).
        events: the events the brief lists: the latest `MAX_EVENTS` with the country on one side,
            in date order, with `spans` (evidence_spans) and `url` (source_url) added.
        n_events: how many events the country has in the brief's window.
        graph: analysis.network.network() of the country and its NETWORK_PARTNERS strongest
            partners (by summed weight).
        compared: the dependence of a second country over the same periods, to set beside it.
    """

    dependence: Dependence
    events: pd.DataFrame
    n_events: int
    graph: nx.DiGraph
    compared: Dependence | None = None


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
    store: Store, country: str, options: Options, max_events: int = MAX_EVENTS, compare: str | None = None
) -> Brief:
    """Compute a country brief.

    Args:
        store: the store to read.
        country: ISO3 code.
        options: as for analysis.dependence (its since and until select the events).
        max_events: how many events the brief lists, the latest ones.
        compare: ISO3 code of a country to set beside it, period by period.
    Returns:
        Brief.
    """
    found = partners(store, country, options)
    window = {"country": country, "since": options.since, "until": options.until}
    n_events = store.count_events(options.count, **window)
    listed = store.query_events(
        **window, limit=max_events, offset=max(0, n_events - max_events), count=options.count
    )
    records = listed["record"].map(json.loads)
    listed = listed.assign(
        spans=[evidence_spans(s, r) for s, r in zip(listed["sentence"], records, strict=True)],
        url=listed.apply(source_url, axis=1) if len(listed) else [],
    )
    # the network shows the ties among the strongest partners too
    weights = found.portfolio.groupby("partner")["weight"].sum().sort_values(ascending=False, kind="stable")
    among = [country, *weights.index[:NETWORK_PARTNERS]]
    compared = partners(store, compare, options) if compare else None
    return Brief(
        found, listed, n_events, store_network(store, country, options, found.names, among), compared
    )


def comparison_table(brief: Brief) -> pd.DataFrame:
    """Per period of either country, as text for a table: each one's HHI (`hhi_a` for the brief's
    country, `hhi_b` for the other) and its top partner with that partner's share (`top_a`,
    `top_b`: "RUS (60%)"); empty where a country has no such period."""
    sides = []
    for found, suffix in ((brief.dependence, "_a"), (brief.compared, "_b")):
        top = found.portfolio.dropna(subset=["share"]).drop_duplicates("period").set_index("period")
        side = found.concentration.set_index("period")[["hhi"]].join(top[["partner", "share"]])
        sides.append(
            pd.DataFrame(
                {
                    "hhi": side["hhi"].map(lambda h: f"{h:.2f}" if pd.notna(h) else ""),
                    "top": [
                        f"{p} ({s:.0%})" if isinstance(p, str) else ""
                        for p, s in zip(side["partner"], side["share"], strict=True)
                    ],
                },
                index=side.index,
            ).add_suffix(suffix)
        )
    # period labels sort as text, "undated" after every year
    return sides[0].join(sides[1], how="outer").sort_index().fillna("").reset_index()


def shown_note(brief: Brief) -> str:
    """ "" when the brief lists every event, else " (the latest 200 of 235,125)"."""
    shown = len(brief.events)
    return "" if shown == brief.n_events else f" (the latest {shown:,} of {brief.n_events:,})"


def events_heading(brief: Brief) -> str:
    """The heading of the brief's list of events."""
    note = shown_note(brief)
    return f"Events{note}" if note else f"Every event ({brief.n_events})"


def coverage_table(brief: Brief) -> pd.DataFrame:
    """Per partner over the brief's window: its events, their reports (mentions) and the mentions
    per event: how much more a partner is covered than it does. Most events first."""
    portfolio = brief.dependence.portfolio
    table = portfolio.groupby("partner_name")[["events", "mentions"]].sum()
    table = table[table["events"] > 0].sort_values(["events", "mentions"], ascending=False, kind="stable")
    return table.assign(per_event=table["mentions"] / table["events"]).reset_index()


def reports_note(row) -> str:
    """How many reports and outlets an event rests on: "3 reports in 2 documents: A, B"."""
    # a store from before mentions were kept has no counts: each event is its one report
    reports = int(row.n_mentions) if pd.notna(row.n_mentions) else 1
    documents = int(row.n_documents) if pd.notna(row.n_documents) else 1
    outlets = [
        o for o in (row.sources if isinstance(row.sources, list | np.ndarray) else []) if isinstance(o, str)
    ]
    note = f"{reports} report{'s' * (reports > 1)}"
    if documents > 1:
        note += f" in {documents} documents"
    return note + (f": {', '.join(outlets)}" if outlets else "")


def text(value) -> str:
    """A cell's text; missing values (None or NaN, e.g. an event's unknown side) are empty."""
    return value if isinstance(value, str) else ""
