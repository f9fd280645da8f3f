"""Concentration of a country's security partners per period, its trend, and the verdict.

HHI is the sum of squared partner shares, the effective number of partners 1/HHI, and Shannon
entropy -sum(s ln s) in nats (0 = one patron, ln n = n equal partners). A partner is present in a
period when its weight there is positive; it is new when it was present in no earlier period and
lost when it was present in the previous period but not in this one. The first period is the
baseline, so it has neither.

A partner's weight in a period is summed over its events and arrangements and goes no lower
than 0 (a distancing event weighs against its partner). The period "undated" (events with no
day) has its shares but stands outside time: it has no new or lost partners, no place in the
trend, and is judged only when no dated period weighs anything.

The trend is the least-squares slope of HHI per year over the periods with weight. Its interval
comes from a bootstrap over events: each period's events are resampled with replacement (fixed
seed) and the slope refitted; the interval is the central `level` of those slopes. A period of
more than EXACT_MAX events draws its resampled HHI from the normal law that resampling gives it
for large samples (the delta method: variance sum g_i^2 with g_i = 2 w_i (s_p(i) - HHI) / W, W
the period's total weight); resampling each of its events a thousand times would cost time
without changing the interval.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pycountry

from .options import Options
from .partners import ARRANGEMENT, UNDATED

EXACT_MAX = 200
CONCENTRATION_COLUMNS = [
    "period",
    "events",
    "partners",
    "weight",
    "hhi",
    "hhi_low",
    "hhi_high",
    "effective_partners",
    "entropy",
    "top_partner",
    "top_partner_name",
    "top_share",
    "aid_usd",
    "new_partners",
    "lost_partners",
]
WEIGHT_LABELS = {
    "type": "weighted cooperation",
    "count": "cooperation events",
    "goldstein": "Goldstein-weighted cooperation",
    "amount": "military aid in USD",
}


def period_years(periods: pd.Series) -> np.ndarray:
    """Period labels as fractional years (`2004-Q3` -> 2004.5, `2004-09` -> 2004.667)."""

    def year(label: str) -> float:
        if "-Q" in label:
            y, q = label.split("-Q")
            return int(y) + (int(q) - 1) / 4
        if "-" in label:
            y, m = label.split("-")
            return int(y) + (int(m) - 1) / 12
        return float(label)

    return np.array([year(p) for p in periods], dtype=float)


def resampled_hhi(w: np.ndarray, p: np.ndarray, n_boot: int, rng) -> np.ndarray:
    """HHI of `n_boot` resamples of one period's events (weights `w`, partner indices `p`); NaN
    where a resample weighs nothing."""
    _, p = np.unique(p, return_inverse=True)  # the period's own partners, numbered from 0
    n_partners = p.max(initial=-1) + 1
    if len(w) > EXACT_MAX:
        totals = np.bincount(p, weights=w, minlength=n_partners).clip(min=0)
        total = totals.sum()
        if total <= 0:
            return np.full(n_boot, np.nan)
        shares = totals / total
        hhi = float(np.sum(np.square(shares)))
        sd = float(np.sqrt(np.sum(np.square(2 * w / total * (shares[p] - hhi)))))
        return np.clip(hhi + sd * rng.standard_normal(n_boot), 0.0, 1.0)
    pick = rng.integers(0, len(w), size=(n_boot, len(w)))
    cells = (np.arange(n_boot)[:, None] * n_partners + p[pick]).ravel()
    totals = np.bincount(cells, weights=w[pick].ravel(), minlength=n_boot * n_partners)
    totals = totals.reshape(n_boot, n_partners).clip(min=0)
    total = totals.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.sum(np.square(totals / total[:, None]), axis=1), np.nan)


def bootstrap_hhi(rows: pd.DataFrame, periods: list[str], options: Options) -> np.ndarray:
    """HHI of each period in `options.n_boot` resamples of that period's events.

    Args:
        rows: partner_rows() output.
        periods: the period labels, in order.
        options: n_boot and seed.
    Returns:
        Array (n_boot, len(periods)); NaN where a resample weighs nothing.
    """
    rng = np.random.default_rng(options.seed)
    codes, _ = pd.factorize(rows["partner"], sort=True)
    at = pd.Categorical(rows["period"], categories=periods).codes
    w = rows["w"].to_numpy(float)
    # events in one order whatever order they came in (by period, partner and weight; events
    # alike in all three are interchangeable), so that the same events give the same interval
    order = np.lexsort((w, codes, at))
    bounds = np.searchsorted(at[order], np.arange(len(periods) + 1))
    w, p = w[order], codes[order]
    out = np.empty((options.n_boot, len(periods)))
    for j in range(len(periods)):
        part = slice(bounds[j], bounds[j + 1])
        out[:, j] = resampled_hhi(w[part], p[part], options.n_boot, rng)
    return out


def slopes(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of each row of `y` on `x`, ignoring NaN; NaN with under two points."""
    y = np.atleast_2d(y)
    ok = ~np.isnan(y)
    n = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        xm = np.where(ok, x, 0).sum(axis=1) / n
        ym = np.where(ok, y, 0).sum(axis=1) / n
        dx = np.where(ok, x - xm[:, None], 0)
        slope = (dx * np.where(ok, y - ym[:, None], 0)).sum(axis=1) / (dx**2).sum(axis=1)
    return np.where(n >= 2, slope, np.nan)


def quantiles(values: np.ndarray, qs: list[float]) -> np.ndarray:
    """Quantiles of each column's non-NaN values; NaN where every resample left it empty."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column
        return np.nanquantile(values, qs, axis=0)


def partner_lists(present: pd.DataFrame) -> tuple[list[list[str]], list[list[str]]]:
    """New and lost partners of each period (rows) from a period x partner presence table."""
    seen = present.cummax().shift(1, fill_value=False)
    new = present & ~seen
    lost = present.shift(1, fill_value=False) & ~present
    codes = present.columns.to_numpy()
    listed = [[list(codes[row]) for row in table.to_numpy()] for table in (new, lost)]
    for lists in listed:
        lists[:1] = [[]] * min(1, len(lists))  # the first period is the baseline
    return listed[0], listed[1]


def concentration(rows: pd.DataFrame, options: Options, names: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """Per period: HHI with its bootstrap interval, effective partners, entropy, top patron,
    realized aid in USD, new and lost partners; and the trend of HHI, from one bootstrap.

    Args:
        rows: partner_rows() output.
        options: the period and the bootstrap settings.
        names: code -> display name.
    Returns:
        (table, trend). The table has CONCENTRATION_COLUMNS, one row per period in order; indices
        are NaN in a period whose events weigh nothing; `new_partners` and `lost_partners` are
        lists of codes. The trend has periods (with weight), first, last, slope_per_year, low,
        high, level and direction (falling or rising when the whole interval is below or above
        0, else no clear trend).
    """
    periods = sorted(rows["period"].unique())  # "undated" sorts after the years
    sums = rows.groupby(["period", "partner"])["w"].sum().clip(lower=0).reset_index()
    by_period = sums.groupby("period")["w"]
    total = by_period.transform("sum")
    share = (sums["w"] / total).where(total > 0)
    table = pd.DataFrame(index=pd.Index(periods, name="period"))
    events = rows["type"].astype(object) != ARRANGEMENT
    table["events"] = events.groupby(rows["period"]).sum().astype(int)
    table["partners"] = (sums["w"] > 0).groupby(sums["period"]).sum()
    table["weight"] = by_period.sum()
    weighs = table["weight"] > 0  # a period whose events all weigh nothing has no shares
    table["hhi"] = (share**2).groupby(sums["period"]).sum().where(weighs)
    boot = bootstrap_hhi(rows, periods, options)
    tail = (1 - options.level) / 2
    low, high = quantiles(boot, [tail, 1 - tail]) if periods else ([], [])
    table["hhi_low"], table["hhi_high"] = np.where(weighs, low, np.nan), np.where(weighs, high, np.nan)
    table["effective_partners"] = 1 / table["hhi"]
    plogp = (share * np.log(share.where(share > 0))).fillna(0.0)
    # adding 0.0 turns the -0.0 of a single patron into 0.0
    table["entropy"] = (-plogp.groupby(sums["period"]).sum() + 0.0).where(weighs)
    top = (
        sums.sort_values(["period", "w", "partner"], ascending=[True, False, True]).groupby("period").first()
    )
    table["top_partner"] = top["partner"].where(weighs, None)
    table["top_partner_name"] = table["top_partner"].map(names).where(weighs, None)
    table["top_share"] = (top["w"] / table["weight"]).where(weighs)
    realized = rows["aid"].where(rows["modality"] == "realized", 0.0)
    table["aid_usd"] = realized.groupby(rows["period"]).sum().astype(float)
    present = (sums["w"] > 0).groupby([sums["period"], sums["partner"]]).any().unstack(fill_value=False)
    present = present.drop(index=UNDATED, errors="ignore")
    new, lost = partner_lists(present) if len(present) else ([], [])
    table["new_partners"] = pd.Series(new, index=present.index, dtype=object).reindex(table.index)
    table["lost_partners"] = pd.Series(lost, index=present.index, dtype=object).reindex(table.index)
    for column in ("new_partners", "lost_partners"):
        table[column] = [found if isinstance(found, list) else [] for found in table[column]]
    table = table.reset_index()[CONCENTRATION_COLUMNS]
    dated = (table["period"] != UNDATED).to_numpy()
    return table, trend(table[dated].reset_index(drop=True), boot[:, dated], options)


def trend(table: pd.DataFrame, boot: np.ndarray, options: Options) -> dict:
    """The slope of HHI per year and its bootstrap interval (see `concentration`)."""
    x = period_years(table["period"]) if options.periodic else np.zeros(len(table))
    slope = slopes(x, table["hhi"].to_numpy(float))[0] if len(table) else np.nan
    tail = (1 - options.level) / 2
    low, high = np.nan, np.nan
    if options.periodic and not np.isnan(slope):
        low, high = quantiles(slopes(x, boot), [tail, 1 - tail])
    if np.isnan(slope):
        direction = "no trend (fewer than two periods)"
    elif high < 0:
        direction = "falling"
    elif low > 0:
        direction = "rising"
    else:
        direction = "no clear trend"
    weighted = table[table["weight"] > 0]["period"]
    return {
        "periods": len(weighted),
        "first": weighted.iloc[0] if len(weighted) else None,
        "last": weighted.iloc[-1] if len(weighted) else None,
        "slope_per_year": float(slope),
        "low": float(low),
        "high": float(high),
        "level": options.level,
        "direction": direction,
    }


def country_name(code: str, names: dict[str, str]) -> str:
    """The country's name as the events give it (`actor_names`), else pycountry's, else the code."""
    name = names.get(code)
    if name:
        return name
    found = pycountry.countries.get(alpha_3=code)
    return getattr(found, "common_name", None) or (found.name if found else code)


def name_list(codes: list[str], names: dict[str, str], most: int = 8) -> str:
    """Partner names for a sentence, at most `most` of them; long organisation names give way to
    their code."""
    listed = ", ".join(n if len(n := names.get(c, c)) <= 22 else c for c in codes[:most]) or "none"
    return listed + (f" and {len(codes) - most} more" if len(codes) > most else "")


VERDICT_KEYS = [
    "top_partner",
    "top_share",
    "hhi",
    "effective_partners",
    "entropy",
    "new_partners",
    "lost_partners",
]


def verdict(
    table: pd.DataFrame,
    trend_row: dict,
    done: set[str],
    country: str,
    names: dict[str, str],
    options: Options,
) -> dict:
    """A plain-language verdict on the country's dependence, with the numbers behind it.

    Args:
        table, trend_row: `concentration()`.
        done: the periods with realized cooperation (weight of realized events above 0).
        country: ISO3 code.
        names: code -> display name.
        options: the weighting and `period`, the period to judge; by default the last one with
            realized cooperation (else the last one whose events weigh something).
    Returns:
        country, country_name, period, text, and the period's top_partner, top_share, hhi,
        effective_partners, entropy, new_partners, lost_partners, and the trend's direction,
        slope_per_year, low and high. With no weighted event, `text` says so and the numbers
        are NaN.
    """
    name = country_name(country, names)
    what = ("realized " if options.realized_only else "") + WEIGHT_LABELS[options.weight]
    weighted = table[table["weight"] > 0]
    if options.period is None and (weighted["period"] != UNDATED).any():
        weighted = weighted[weighted["period"] != UNDATED]
    if options.period is None and not options.realized_only and done & set(weighted["period"]):
        # judge what has happened: the last period with realized cooperation, not a year that
        # holds only plans ("withdrawal to be completed by the end of 2005")
        weighted = weighted[weighted["period"].isin(done)]
    period = options.period
    chosen = table[table["period"] == period] if period is not None else weighted.tail(1)
    if chosen.empty or not chosen.iloc[0]["weight"] > 0:
        label = period or "all periods"
        n = int(chosen["events"].sum())
        why = f"its {n} event(s) weigh nothing" if n else "no scored events"
        text = f"{name}, {label}: no {what} on record ({why})."
        row = {"period": period}
    else:
        row = chosen.iloc[0].to_dict()
        label = row["period"] if row["period"] != "all" else "all dates"
        first = row["period"] == table["period"].iloc[0]
        change = (
            "first period on record, no baseline for new or lost partners"
            if first
            else f"new partners: {name_list(row['new_partners'], names)}; "
            f"lost: {name_list(row['lost_partners'], names)}"
        )
        if np.isnan(trend_row["slope_per_year"]):
            direction = "one period only, no trend"
        else:
            direction = (
                f"concentration {trend_row['direction']} {trend_row['first']}-{trend_row['last']} "
                f"(HHI {trend_row['slope_per_year']:+.3f} per year, {options.level:.0%} interval "
                f"{trend_row['low']:+.3f} to {trend_row['high']:+.3f})"
            )
        text = (
            f"{name}, {label}: {row['top_partner_name']} {row['top_share']:.0%} of {what} "
            f"(HHI {row['hhi']:.2f}, {row['effective_partners']:.1f} effective partners); "
            f"{change}; {direction}."
        )
    return {
        "country": country,
        "country_name": name,
        "period": row.get("period"),
        "text": text,
        **{k: row.get(k, np.nan) for k in VERDICT_KEYS},
        **{k: trend_row[k] for k in ("direction", "slope_per_year", "low", "high")},
    }
