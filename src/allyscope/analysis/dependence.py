"""One analysis result: how dependent a country is on its security partners, and the trend.

`dependence(events, country, options)` computes the portfolio, the concentration per period,
the trend and the verdict together, from one set of partner rows and one bootstrap; the command
line, the API, the report and `demo` render its `Dependence` and compute nothing of their own.
`partners(store, country, options)` is the same over a store: what `allyscope partners` runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..store.db import first_day, last_day
from .concentration import concentration, country_name, verdict
from .options import Options
from .partners import (
    COLUMNS,
    actor_names,
    arrangement_rows,
    as_categories,
    partner_rows,
    portfolio,
    preferred_names,
    rank,
)

if TYPE_CHECKING:
    from ..store import Store
    from .arrangements import Arrangement


@dataclass
class Dependence:
    """A country's partner portfolio, its concentration, trend and verdict.

    Args:
        country, name: the country's code and display name.
        options: the options it was computed with.
        portfolio: per period and partner (analysis.partners.portfolio).
        concentration: per period (analysis.concentration.concentration).
        trend: the slope of HHI per year and its interval.
        verdict: the plain-language verdict (`text`) and the numbers behind it.
        names: code -> display name of every party to the country's events.
        arrangements: the standing arrangements of the country active in the window, one row
            each (analysis.arrangements.active, with `partner` and `partner_name`), by start.
    """

    country: str
    name: str
    options: Options
    portfolio: pd.DataFrame
    concentration: pd.DataFrame
    trend: dict[str, Any]
    verdict: dict[str, Any]
    names: dict[str, str]
    arrangements: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_json(self, top: int = 0) -> dict[str, Any]:
        """The result as JSON-ready values (NaN -> null), as `partners --format json` and the API
        give it; `top` keeps the strongest partners of each period in the portfolio (0: all)."""
        settings = {
            k: getattr(self.options, k)
            for k in ("by", "since", "until", "weight", "realized_only", "min_confidence", "period", "count")
        }

        def plain(value: pd.DataFrame | dict) -> Any:
            frame = value if isinstance(value, pd.DataFrame) else pd.DataFrame([value])
            found = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
            return found if isinstance(value, pd.DataFrame) else found[0]

        return {
            "country": self.country,
            "name": self.name,
            "options": settings,
            "portfolio": plain(self.portfolio[rank(self.portfolio) < top] if top else self.portfolio),
            "concentration": plain(self.concentration),
            "trend": plain(self.trend),
            "verdict": plain(self.verdict),
            "arrangements": plain(self.arrangements),
        }


def in_window(events: pd.DataFrame, options: Options) -> pd.DataFrame:
    """The events dated inside the options' since..until and at least as confident as their
    min_confidence (all of them without a window or a least confidence)."""
    if not (options.since or options.until or options.min_confidence):
        return events
    day = pd.to_datetime(events["day"])
    keep = pd.Series(True, index=events.index)
    if options.min_confidence:
        keep &= events["confidence"] >= options.min_confidence
    if options.since:
        keep &= day >= pd.Timestamp(first_day(options.since))
    if options.until:
        keep &= day <= pd.Timestamp(last_day(options.until))
    return events[keep]


def arrangement_table(
    arrangements: list[Arrangement], country: str, options: Options, names: dict[str, str]
) -> pd.DataFrame:
    """The country's arrangements active at some time in the options' window, with the partner."""
    from .arrangements import active

    since = first_day(options.since) if options.since else "0001-01-01"
    until = last_day(options.until) if options.until else "9999-12-31"
    table = active(arrangements, since, until, options.weights.arrangements)
    table = table[(table["party_a"] == country) | (table["party_b"] == country)]
    partner = table["party_a"].where(table["party_b"] == country, table["party_b"])
    return table.assign(partner=partner, partner_name=partner.map(names)).reset_index(drop=True)


def dependence(
    events: pd.DataFrame,
    country: str,
    options: Options | None = None,
    names: dict[str, str] | None = None,
    arrangements: list[Arrangement] = (),
) -> Dependence:
    """The country's dependence on its security partners.

    Args:
        events: stored events (Store.query_events) involving the country; at least the columns
            of analysis.partners.COLUMNS.
        country: ISO3 code or organisation acronym.
        options: the period, window, weighting and bootstrap; default Options().
        names: code -> display name; default the names the events give (their source_name and
            target_name, analysis.partners.actor_names).
        arrangements: standing arrangements (analysis.arrangements.build_arrangements); each
            counts in every period in which it is active, up to the last day on record.
    Returns:
        The Dependence.
    """
    options = options or Options()
    window = in_window(events, options)
    events = as_categories(window)
    names = names if names is not None else actor_names(events)
    rows = partner_rows(events, country, options, names)
    standing = arrangement_table(arrangements, country, options, names)
    if arrangements:
        days = [pd.to_datetime(window["day"]).max(), *(pd.Timestamp(a.start) for a in arrangements)]
        latest = max(d for d in days if pd.notna(d)).date()
        rows = pd.concat([rows, arrangement_rows(arrangements, country, options, names, latest)])
        rows = rows.reset_index(drop=True)
    table, trend_row = concentration(rows, options, names)
    realized = rows["w"].where(rows["modality"] == "realized", 0.0).groupby(rows["period"]).sum()
    said = verdict(table, trend_row, set(realized[realized > 0].index), country, names, options)
    return Dependence(
        country=country,
        name=said["country_name"],
        options=options,
        portfolio=portfolio(rows),
        concentration=table,
        trend=trend_row,
        verdict=said,
        names=names,
        arrangements=standing,
    )


def partners(store: Store, country: str, options: Options | None = None) -> Dependence:
    """`dependence()` of a country's events in a store: what `allyscope partners` shows.

    Args:
        store: the store to read (only the columns the analysis uses are read).
        country: ISO3 code or organisation acronym (values.parse_country resolves names).
        options: as for `dependence()`; its since and until select the events, its count
            whether events and the arrangements they build count, or every report.
    Returns:
        The Dependence.
    """
    options = options or Options()
    window = {
        "country": country,
        "since": options.since,
        "until": options.until,
        "min_confidence": options.min_confidence,
    }
    events = store.query_events(**window, columns=COLUMNS, ordered=False, count=options.count)
    arrangements = []
    if options.count == "events":
        from .arrangements import build_arrangements

        arrangements = build_arrangements(store.arrangement_events(country))
    return dependence(events, country, options, preferred_names(store.names(**window)), arrangements)


__all__ = ["Dependence", "Options", "country_name", "dependence", "partners"]
