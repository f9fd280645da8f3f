"""Concentration of a country's security partners per period, its trend, and the verdict.

HHI is the sum of squared partner shares, the effective number of partners 1/HHI, and Shannon
entropy -sum(s ln s) in nats (0 = one patron, ln n = n equal partners). A partner is present in a
period when its weight there is positive; it is new when it was present in no earlier period and
lost when it was present in the previous period but not in this one. The first period is the
baseline, so it has neither.

The trend is the least-squares slope of HHI per year over the periods with weight. Its interval
comes from a bootstrap over events: each period's events are resampled with replacement (fixed
seed) and the slope refitted; the interval is the central `level` of those slopes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pycountry

from .partners import actor_names, partner_rows
from .weights import Weights

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


def hhi(shares: np.ndarray) -> float:
    """Herfindahl-Hirschman index of shares that sum to 1."""
    return float(np.sum(np.square(shares)))


def entropy(shares: np.ndarray) -> float:
    """Shannon entropy in nats of shares that sum to 1 (zero shares contribute nothing)."""
    positive = shares[shares > 0]
    # adding 0.0 turns the -0.0 of a single patron into 0.0
    return float(-np.sum(positive * np.log(positive))) + 0.0


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


def bootstrap_hhi(rows: pd.DataFrame, periods: list[str], n_boot: int, seed: int) -> np.ndarray:
    """HHI of each period in `n_boot` resamples of that period's events.

    Args:
        rows: partner_rows() output.
        periods: the period labels, in order.
        n_boot: number of resamples.
        seed: seed of numpy's default generator.
    Returns:
        Array (n_boot, len(periods)); NaN where a resample weighs nothing.
    """
    rng = np.random.default_rng(seed)
    codes, partners = pd.factorize(rows["partner"])
    n_partners = len(partners)
    out = np.full((n_boot, len(periods)), np.nan)
    for j, period in enumerate(periods):
        mask = (rows["period"] == period).to_numpy()
        w, p = rows["w"].to_numpy(float)[mask], codes[mask]
        pick = rng.integers(0, len(w), size=(n_boot, len(w)))
        cells = (np.arange(n_boot)[:, None] * n_partners + p[pick]).ravel()
        totals = np.bincount(cells, weights=w[pick].ravel(), minlength=n_boot * n_partners)
        totals = totals.reshape(n_boot, n_partners)
        total = totals.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, j] = np.where(total > 0, np.sum(np.square(totals / total[:, None]), axis=1), np.nan)
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


def quantiles(values: np.ndarray, qs: list[float]) -> tuple[float, float]:
    """Quantiles of the non-NaN values; NaN when every resample left the period empty."""
    values = values[~np.isnan(values)]
    return tuple(np.quantile(values, qs)) if values.size else (np.nan, np.nan)


def analyse(
    events: pd.DataFrame,
    country: str,
    by: str | None,
    weight: str,
    weights: Weights | None,
    realized_only: bool,
    n_boot: int,
    seed: int,
    level: float,
) -> tuple[pd.DataFrame, dict]:
    """The per-period table of `concentration()` and the trend of `trend()` from one bootstrap."""
    rows = partner_rows(events, country, by, weight, weights, realized_only)
    periods = sorted(rows["period"].unique())
    sums = rows.groupby(["period", "partner"])["w"].sum()
    names = rows.groupby("partner")["partner_name"].first()
    boot = bootstrap_hhi(rows, periods, n_boot, seed) if periods else np.empty((n_boot, 0))
    tail = (1 - level) / 2
    records, seen, previous = [], set(), set()
    for j, period in enumerate(periods):
        in_period = rows[rows["period"] == period]
        w = sums.loc[period].sort_index()
        w = w.sort_values(ascending=False, kind="stable")
        total = float(w.sum())
        present = set(w[w > 0].index)
        indices = dict.fromkeys(
            ["hhi", "hhi_low", "hhi_high", "effective_partners", "entropy", "top_share"], np.nan
        )
        indices |= {"top_partner": None, "top_partner_name": None}
        if total > 0:  # a period whose events all weigh nothing has no shares
            shares = (w / total).to_numpy()
            low, high = quantiles(boot[:, j], [tail, 1 - tail])
            indices = {
                "hhi": hhi(shares),
                "hhi_low": float(low),
                "hhi_high": float(high),
                "effective_partners": 1 / hhi(shares),
                "entropy": entropy(shares),
                "top_partner": w.index[0],
                "top_partner_name": names[w.index[0]],
                "top_share": float(shares[0]),
            }
        records.append(
            {
                "period": period,
                "events": len(in_period),
                "partners": len(present),
                "weight": total,
                **indices,
                "aid_usd": float(in_period["aid"].where(in_period["modality"] == "realized", 0).sum()),
                "new_partners": sorted(present - seen) if j else [],
                "lost_partners": sorted(previous - present) if j else [],
            }
        )
        seen |= present
        previous = present
    table = pd.DataFrame(records, columns=CONCENTRATION_COLUMNS)
    x = period_years(table["period"]) if by not in (None, "all") else np.zeros(len(table))
    slope = slopes(x, table["hhi"].to_numpy(float))[0] if len(table) else np.nan
    boot_slopes = slopes(x, boot) if len(table) else np.array([np.nan])
    low, high = (
        quantiles(boot_slopes, [tail, 1 - tail])
        if by not in (None, "all") and not np.isnan(slope)
        else (np.nan, np.nan)
    )
    if np.isnan(slope):
        direction = "no trend (fewer than two periods)"
    elif high < 0:
        direction = "falling"
    elif low > 0:
        direction = "rising"
    else:
        direction = "no clear trend"
    weighted = table[table["weight"] > 0]["period"]
    trend_row = {
        "periods": len(weighted),
        "first": weighted.iloc[0] if len(weighted) else None,
        "last": weighted.iloc[-1] if len(weighted) else None,
        "slope_per_year": float(slope),
        "low": float(low),
        "high": float(high),
        "level": level,
        "direction": direction,
    }
    return table, trend_row


def concentration(
    events: pd.DataFrame,
    country: str,
    by: str | None = "year",
    weight: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.9,
) -> pd.DataFrame:
    """Per period: HHI with its bootstrap interval, effective partners, entropy, top patron,
    realized aid in USD, and new and lost partners.

    Args:
        events: stored events (Store.query_events) involving the country.
        country: ISO3 code.
        by: month, quarter, year or all.
        weight: count, goldstein, amount or type (analysis.weights).
        weights: modality and type weights; default the bundled data/weights.json.
        realized_only: count only realized events.
        n_boot: bootstrap resamples of each period's events.
        seed: bootstrap seed.
        level: coverage of the interval `hhi_low`..`hhi_high`.
    Returns:
        DataFrame with CONCENTRATION_COLUMNS, one row per period in order; indices are NaN in a
        period whose events weigh nothing; `new_partners` and `lost_partners` are lists of codes.
    """
    return analyse(events, country, by, weight, weights, realized_only, n_boot, seed, level)[0]


def trend(
    events: pd.DataFrame,
    country: str,
    by: str | None = "year",
    weight: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.9,
) -> pd.DataFrame:
    """The trend of concentration: slope of HHI per year with its bootstrap interval.

    Args: as for `concentration()`.
    Returns:
        One-row DataFrame: periods (with weight), first, last, slope_per_year, low, high, level and
        direction (falling or rising when the whole interval is below or above 0, else no clear
        trend).
    """
    return pd.DataFrame(
        [analyse(events, country, by, weight, weights, realized_only, n_boot, seed, level)[1]]
    )


def country_name(code: str, names: dict[str, str]) -> str:
    """The country's name as the events give it (`actor_names`), else pycountry's, else the code."""
    name = names.get(code)
    if name:
        return name
    found = pycountry.countries.get(alpha_3=code)
    return getattr(found, "common_name", None) or (found.name if found else code)


def name_list(codes: list[str], names: dict[str, str]) -> str:
    """Partner names for a sentence; long organisation names give way to their code."""
    return ", ".join(n if len(n := names.get(c, c)) <= 22 else c for c in codes) or "none"


def verdict(
    events: pd.DataFrame,
    country: str,
    by: str | None = "year",
    weight: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
    period: str | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.9,
) -> pd.DataFrame:
    """A plain-language verdict on the country's dependence, with the numbers behind it.

    Args:
        period: the period to judge; default the last one with weighted realized events (else
            the last one whose events weigh something).
        Others: as for `concentration()`.
    Returns:
        One-row DataFrame: country, country_name, period, text, and the period's top_partner,
        top_share, hhi, effective_partners, entropy, new_partners, lost_partners, and the trend's
        direction, slope_per_year, low and high. With no weighted event, `text` says so and the
        numbers are NaN.
    """
    table, trend_row = analyse(events, country, by, weight, weights, realized_only, n_boot, seed, level)
    names = actor_names(events)
    name = country_name(country, names)
    what = ("realized " if realized_only else "") + WEIGHT_LABELS[weight]
    weighted = table[table["weight"] > 0]
    if period is None and not realized_only:
        # judge what has happened: the last period with realized cooperation, not a year that
        # holds only plans ("withdrawal to be completed by the end of 2005")
        realized, _ = analyse(events, country, by, weight, weights, True, 1, seed, level)
        done = set(realized[realized["weight"] > 0]["period"])
        weighted = weighted[weighted["period"].isin(done)] if done & set(weighted["period"]) else weighted
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
                f"(HHI {trend_row['slope_per_year']:+.3f} per year, {level:.0%} interval "
                f"{trend_row['low']:+.3f} to {trend_row['high']:+.3f})"
            )
        text = (
            f"{name}, {label}: {row['top_partner_name']} {row['top_share']:.0%} of {what} "
            f"(HHI {row['hhi']:.2f}, {row['effective_partners']:.1f} effective partners); "
            f"{change}; {direction}."
        )
    keys = [
        "top_partner",
        "top_share",
        "hhi",
        "effective_partners",
        "entropy",
        "new_partners",
        "lost_partners",
    ]
    return pd.DataFrame(
        [
            {
                "country": country,
                "country_name": name,
                "period": row.get("period"),
                "text": text,
                **{k: row.get(k, np.nan) for k in keys},
                **{k: trend_row[k] for k in ("direction", "slope_per_year", "low", "high")},
            }
        ]
    )
