"""Partner portfolio of a country: its counterparts in scored events, shares and concentration.

HHI is the sum of squared partner shares (1 = one patron); the effective number of partners
is 1/HHI.
"""

from __future__ import annotations

import pandas as pd

from ..ontology import SCORED_TYPES


def period_of(day: pd.Series, by: str | None) -> pd.Series:
    """Period labels for event days: `2004`, `2004-Q3`, `2004-09`, or `all`."""
    day = pd.to_datetime(day)
    if by in (None, "all"):
        return pd.Series("all", index=day.index)
    if by == "year":
        return day.dt.year.astype("Int64").astype(str)
    if by == "quarter":
        return day.dt.year.astype("Int64").astype(str) + "-Q" + day.dt.quarter.astype("Int64").astype(str)
    if by == "month":
        return day.dt.strftime("%Y-%m")
    raise ValueError(f"unknown period {by!r}; use month, quarter, year or all")


def counterparts(events: pd.DataFrame, country: str) -> pd.DataFrame:
    """One row per scored event with the country on one side: partner code and name."""
    scored = events[events["type"].isin(SCORED_TYPES)]
    as_source = scored[(scored["source_code"] == country) & scored["target_code"].notna()]
    as_target = scored[(scored["target_code"] == country) & scored["source_code"].notna()]
    rows = pd.concat(
        [
            as_source.assign(partner=as_source["target_code"], partner_name=as_source["target_name"]),
            as_target.assign(partner=as_target["source_code"], partner_name=as_target["source_name"]),
        ]
    )
    return rows[rows["partner"] != country]


def portfolio(events: pd.DataFrame, country: str, by: str | None = "year") -> pd.DataFrame:
    """Per period and partner: event counts by type, share of the period, HHI, effective partners.

    Args:
        events: stored events (Store.query_events) involving the country.
        country: ISO3 code.
        by: month, quarter, year or all.
    Returns:
        DataFrame sorted by period and falling share.
    """
    rows = counterparts(events, country)
    columns = [
        "period",
        "partner",
        "partner_name",
        "events",
        *SCORED_TYPES,
        "share",
        "hhi",
        "effective_partners",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(period=period_of(rows["day"], by))
    counts = rows.pivot_table(
        index=["period", "partner"], columns="type", values="event_id", aggfunc="count", fill_value=0
    )
    counts = counts.reindex(columns=list(SCORED_TYPES), fill_value=0)
    counts["events"] = counts.sum(axis=1)
    table = counts.reset_index()
    names = rows.groupby("partner")["partner_name"].first()
    table["partner_name"] = table["partner"].map(names)
    table["share"] = table["events"] / table.groupby("period")["events"].transform("sum")
    table["hhi"] = table.groupby("period")["share"].transform(lambda s: (s**2).sum())
    table["effective_partners"] = 1 / table["hhi"]
    table = table.sort_values(["period", "share", "partner"], ascending=[True, False, True])
    return table[columns].reset_index(drop=True)
