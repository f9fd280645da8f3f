"""Partner portfolio of a country: its counterparts in scored events and standing arrangements,
their weights and shares.

A partner's share of a period is its summed weight (analysis.weights) over the period's total:
the weight of its events there, and of each arrangement with it (a base, border guards, a
treaty) active in the period. A distancing event weighs against its partner, whose weight in a
period goes no lower than 0. HHI is the sum of squared partner shares (1 = one patron); the
effective number of partners is 1/HHI. An event without a day (nor a document date to stand
for it) counts in the period "undated", not in none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from ..ontology import MODALITIES, scored_types
from ..store.db import first_day, last_day
from .arrangements import Arrangement
from .options import Options
from .weights import aid_usd, event_weights

UNDATED = "undated"
# the type of a portfolio row that is a standing arrangement in one period, not an event
ARRANGEMENT = "arrangement"
FREQUENCIES = {"year": "Y", "quarter": "Q", "month": "M"}

# the columns of the events table the partner analysis reads (Store.query_events(columns=...));
# the parties' names come from Store.names, distinct ones only
COLUMNS = [
    "event_id",
    "type",
    "confidence",
    "modality",
    "goldstein",
    "day",
    "amount_usd",
    "source_code",
    "source_kind",
    "target_code",
    "target_kind",
    "n_mentions",
]


def as_categories(events: pd.DataFrame) -> pd.DataFrame:
    """The events with their text columns (codes, names, kinds, types) as categories: a country's
    200,000 events hold a few hundred distinct values, and comparing and grouping category codes
    is ten times faster than comparing strings."""
    # event ids are all distinct: as categories they would cost a factorisation and save nothing
    text = [
        c for c in events.columns if pd.api.types.is_string_dtype(events[c]) and c not in ("day", "event_id")
    ]
    return events.astype(dict.fromkeys(text, "category"))


def period_of(day: pd.Series, by: str) -> pd.Series:
    """Period labels for event days: `2004`, `2004-Q3`, `2004-09`, or `all`; UNDATED where the
    day is missing."""
    day = pd.to_datetime(day)
    if by == "all":
        return pd.Series("all", index=day.index, dtype=object)
    year = day.dt.year
    key, label = {
        "year": (year, "{}".format),
        "quarter": (year * 10 + day.dt.quarter, lambda k: f"{k // 10}-Q{k % 10}"),
        "month": (year * 100 + day.dt.month, lambda k: f"{k // 100}-{k % 100:02d}"),
    }[by]
    # each distinct period is labelled once, not each of 200,000 events
    codes, keys = pd.factorize(key)
    labels = np.array([label(int(k)) for k in keys] + [UNDATED], dtype=object)
    return pd.Series(labels[codes], index=day.index)


def counterparts(events: pd.DataFrame, country: str) -> pd.DataFrame:
    """One row per scored event with the country on one side: partner code and name. A group in
    the country ("Syrian rebels", kind non_state) is not the country: arms for its rebels are
    no cooperation with its state."""
    scored = events[events["type"].isin(scored_types())]
    as_source = scored[
        (scored["source_code"] == country)
        & (scored["source_kind"] != "non_state")
        & scored["target_code"].notna()
    ]
    as_target = scored[
        (scored["target_code"] == country)
        & (scored["target_kind"] != "non_state")
        & scored["source_code"].notna()
    ]
    rows = pd.concat(
        [
            as_source.assign(partner=as_source["target_code"]),
            as_target.assign(partner=as_target["source_code"]),
        ]
    )
    # plain text: the codes of the two sides are categories of different sets
    rows = rows.astype({"partner": object})
    return rows[rows["partner"] != country]


def actor_names(events: pd.DataFrame) -> dict[str, str]:
    """Code -> display name of the parties to the events (`preferred_names`)."""
    sides = [
        events[[f"{side}_code", f"{side}_name", f"{side}_kind"]].set_axis(["code", "name", "kind"], axis=1)
        for side in ("source", "target")
    ]
    return preferred_names(pd.concat(sides))


def preferred_names(actors: pd.DataFrame) -> dict[str, str]:
    """Code -> display name of (code, name, kind) rows (Store.names), preferring the name given to
    the state or organisation itself over the names of its people and agencies ("Russia", not
    "General Oleg Vasin")."""
    actors = actors.dropna(subset=["code", "name"]).drop_duplicates()
    actors = actors.assign(own=actors["kind"].isin(["state", "igo"]))
    actors = actors.sort_values(["own", "name"], ascending=[False, True])
    return actors.groupby("code")["name"].first().to_dict()


def partner_rows(events: pd.DataFrame, country: str, options: Options, names: dict[str, str]) -> pd.DataFrame:
    """The country's counterpart rows with their `period`, `w` (weight) and `aid` (USD given).

    Args:
        events: stored events (Store.query_events) involving the country.
        country: ISO3 code.
        options: the period (undated events count in the period UNDATED) and the weighting.
        names: code -> display name (`actor_names`).
    Returns:
        DataFrame of `counterparts()` plus period, w and aid, with partner names normalised.
    """
    rows = counterparts(events, country)
    if options.realized_only:
        # left out, not weighed zero: a table of realized events counts no planned or negated one
        rows = rows[rows["modality"] == "realized"]
    return rows.assign(
        period=period_of(rows["day"], options.by),
        partner_name=rows["partner"].map(names),
        w=event_weights(rows, options),
        aid=aid_usd(rows),
    )


def period_labels(first: date, last: date, by: str) -> list[str]:
    """The labels of the periods from `first` to `last`, as `period_of` writes them."""
    if by == "all":
        return ["all"]
    days = pd.Series(pd.period_range(first, last, freq=FREQUENCIES[by]).start_time)
    return list(period_of(days, by))


def arrangement_rows(
    arrangements: Iterable[Arrangement], country: str, options: Options, names: dict[str, str], latest: date
) -> pd.DataFrame:
    """One row per arrangement of the country and period in which it is active, shaped like
    `partner_rows()` (type ARRANGEMENT, its kind in `kind`), with the arrangement's weight.

    Args:
        arrangements: analysis.arrangements.build_arrangements of the country's events.
        country: ISO3 code.
        options: the period, the window and the weighting (analysis.weights: arrangements count
            under the type and count schemes).
        names: code -> display name.
        latest: the last day on record; an arrangement still in force counts until then.
    """
    weights = options.weights.arrangements
    since = date.fromisoformat(first_day(options.since)) if options.since else date.min
    until = date.fromisoformat(last_day(options.until)) if options.until else latest
    found = []
    for arrangement in arrangements:
        if country not in arrangement.parties:
            continue
        start, end = max(arrangement.start, since), min(arrangement.last_day() or latest, until)
        if start > end:
            continue
        partner = next(p for p in arrangement.parties if p != country)
        weight = {"type": weights[arrangement.kind], "count": 1.0}.get(options.weight, 0.0)
        for period in period_labels(start, end, options.by):
            ids = [event_id for event_id, _, _ in arrangement.evidence]
            found.append((ARRANGEMENT, arrangement.kind, *arrangement.parties, partner, period, weight, ids))
    columns = ["type", "kind", "source_code", "target_code", "partner", "period", "w", "event_id"]
    rows = pd.DataFrame(found, columns=columns)
    return rows.assign(modality="realized", partner_name=rows["partner"].map(names), aid=0.0)


def rank(portfolio: pd.DataFrame) -> pd.Series:
    """Each partner's rank in its period of a `portfolio()`: 0 for the strongest."""
    return portfolio.groupby("period").cumcount()


def portfolio_columns() -> list[str]:
    """The columns of `portfolio()`: one count per scored type of data/types.csv and per modality."""
    return [
        "period",
        "partner",
        "partner_name",
        "events",
        "arrangements",
        "mentions",
        *scored_types(),
        *MODALITIES,
        "aid_usd",
        "pledged_usd",
        "weight",
        "share",
        "hhi",
        "effective_partners",
        "event_ids",
    ]


def event_lists(rows: pd.DataFrame) -> pd.Series:
    """The sorted event ids of each (period, partner) of `partner_rows()`. One sort of plain
    arrays, cut where the key changes: a groupby that lists each group's categorical ids took
    more time than the rest of the analysis of a large country."""
    ids = pd.DataFrame({c: np.asarray(rows[c], dtype=object) for c in ("period", "partner", "event_id")})
    if (rows["type"].astype(object) == ARRANGEMENT).any():
        # an arrangement's row holds the list of the events it rests on
        ids = ids.explode("event_id").drop_duplicates()
    ids = ids.sort_values(["period", "partner", "event_id"])
    period, partner = ids["period"].to_numpy(), ids["partner"].to_numpy()
    starts = np.flatnonzero(np.r_[True, (period[1:] != period[:-1]) | (partner[1:] != partner[:-1])])
    lists = [chunk.tolist() for chunk in np.split(ids["event_id"].to_numpy(), starts[1:])]
    keys = pd.MultiIndex.from_arrays([period[starts], partner[starts]], names=["period", "partner"])
    return pd.Series(lists, index=keys, dtype=object)


def portfolio(rows: pd.DataFrame) -> pd.DataFrame:
    """Per period and partner: events by type and by modality, aid in USD, weight and share.

    Args:
        rows: `partner_rows()`.
    Returns:
        DataFrame with `portfolio_columns()` sorted by period and falling share: `events`,
        `arrangements` (active in the period) and the type and modality columns of the events
        are plain counts; `mentions` the reports of the events (mentions per event: how much
        more the partner is covered than it does); `aid_usd` is realized and `pledged_usd` planned military aid from the
        partner; `weight` the summed weight (no lower than 0) and `share` its part of the period
        (NaN when the period weighs nothing); `hhi` and `effective_partners` belong to the period;
        `event_ids` are the events behind the row, an arrangement's the events it rests on (each
        number traces to its sentences).
    """
    columns = portfolio_columns()
    if rows.empty:
        return pd.DataFrame(columns=columns)
    keys = ["period", "partner"]
    type_ = rows["type"].astype(object)
    by_type = rows.groupby([*keys, type_], observed=True).size().unstack(fill_value=0)
    events = rows[type_ != ARRANGEMENT]
    by_modality = events.groupby([*keys, "modality"], observed=True).size().unstack(fill_value=0)
    table = pd.concat(
        [
            by_type.reindex(columns=list(scored_types()), fill_value=0),
            by_modality.reindex(index=by_type.index, columns=list(MODALITIES), fill_value=0),
        ],
        axis=1,
    )
    table.columns.name = None
    table["events"] = table[list(scored_types())].sum(axis=1)
    table["arrangements"] = by_type.get(ARRANGEMENT, 0)
    # a store from before mentions were kept: each event is its one report
    reports = rows["n_mentions"] if "n_mentions" in rows else pd.Series(1.0, index=rows.index)
    sums = rows.assign(
        aid_usd=rows["aid"].where(rows["modality"] == "realized", 0.0),
        pledged_usd=rows["aid"].where(rows["modality"] == "planned", 0.0),
        mentions=reports.astype(float).fillna(1.0).where(type_ != ARRANGEMENT, 0.0),
    ).groupby(["period", "partner"])[["aid_usd", "pledged_usd", "mentions", "w"]]
    table = table.join(sums.sum().rename(columns={"w": "weight"}))
    table["event_ids"] = event_lists(rows)
    table = table.reset_index()
    table["mentions"] = table["mentions"].astype(int)
    table["weight"] = table["weight"].clip(lower=0)
    table["partner_name"] = table["partner"].map(
        rows.drop_duplicates("partner").set_index("partner")["partner_name"]
    )
    total = table.groupby("period")["weight"].transform("sum")
    table["share"] = (table["weight"] / total).where(total > 0)
    table["hhi"] = (table["share"] ** 2).groupby(table["period"]).transform("sum").where(total > 0)
    table["effective_partners"] = 1 / table["hhi"]
    table = table.sort_values(["period", "share", "partner"], ascending=[True, False, True])
    return table[columns].reset_index(drop=True)
