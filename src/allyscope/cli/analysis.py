"""`allyscope partners`, `network`, `report`, `export`: what the store answers."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.text import Text

from ..analysis.options import PERIODS, SCHEMES
from ..output import check_out
from ..safe import terminal
from .app import (
    COUNT,
    COUNTRY,
    DB_OPTION,
    EVENT_TYPE,
    MIN_CONFIDENCE,
    MODALITY,
    PAIR,
    RAW,
    REVIEW,
    SINCE,
    UNTIL,
    WIDE,
    WIDE_TERMINAL,
    Count,
    Format,
    app,
    console,
    country_code,
    err,
    event_filters,
    party_filters,
    print_frame,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.dependence import Dependence
    from ..analysis.options import Options

Period = StrEnum("Period", {p: p for p in PERIODS})
Weight = StrEnum("Weight", {s: s for s in SCHEMES})


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"
    tsv_gdelt = "tsv-gdelt"
    plover_json = "plover-json"


COUNTRY_ARGUMENT = typer.Argument(..., help="The country: ISO3 code or name (TJK, Tajikistan).")
BY = typer.Option(Period.year, "--by", help="Period of the portfolio.")
WEIGHT = typer.Option(
    Weight.type,
    "--weight",
    help="What an event counts: count (1), goldstein (its cooperative Goldstein score), amount (USD"
    " of aid given), type (type weight: aid and exercises outweigh talks); times its modality weight.",
)
WEIGHTS = typer.Option(None, "--weights", help="JSON file overriding data/weights.json.")
REALIZED = typer.Option(False, "--realized-only", help="Count only realized events.")
FORCE = typer.Option(False, "--force", help="Overwrite the output file if it exists.")
TOP = typer.Option(
    5, "--top", help="Partners per period in the table; the rest are summed in one row (0: all)."
)


def options(
    by: Period = Period.year,
    since: str | None = None,
    until: str | None = None,
    weight: Weight = Weight.type,
    weights: Path | None = None,
    realized_only: bool = False,
    count: Count = Count.events,
    min_confidence: float | None = None,
) -> Options:
    """The analysis options of a command's values (checked by Options itself)."""
    from ..analysis.options import Options

    return Options(
        by=by.value,
        since=since,
        until=until,
        weight=weight.value,
        weights_file=weights,
        realized_only=realized_only,
        count=count.value,
        min_confidence=min_confidence or 0.0,
    )


def compact_portfolio(frame: pd.DataFrame, top: int, wide: bool = True) -> pd.DataFrame:
    """The portfolio for a terminal: the `top` partners of each period (the others summed in one
    row), their events, the reports of them and the standing arrangements active, their type and
    modality counts folded into one column each; without `wide`, the columns that fit 80:
    period, partner, events, standing, by type, aid USD, share."""
    import pandas as pd

    from ..analysis.partners import rank
    from ..ontology import MODALITIES, bundled, scored_types

    short = bundled().short

    def folded(columns: list[str]) -> list[str]:
        labels = [short.get(c, c) for c in columns]
        rows = shown[columns].to_numpy().tolist()
        return [", ".join(f"{label} {n}" for label, n in zip(labels, row, strict=True) if n) for row in rows]

    strong = rank(frame) < top if top else pd.Series(True, index=frame.index)
    shown, rest = frame[strong], frame[~strong]
    table = pd.DataFrame(
        {
            "period": shown["period"],
            "partner": shown["partner"],
            "events": shown["events"],
            "reports": shown["mentions"],
            "standing": shown["arrangements"],
            "by type": folded(list(scored_types())),
            "by modality": folded(list(MODALITIES)),
            "aid USD": shown["aid_usd"].where(shown["aid_usd"] > 0),
            "weight": shown["weight"],
            "share": shown["share"],
        }
    )
    others = rest.groupby("period").agg(
        partner=("partner", lambda p: f"{len(p)} others"),
        events=("events", "sum"),
        reports=("mentions", "sum"),
        standing=("arrangements", "sum"),
        aid=("aid_usd", "sum"),
        weight=("weight", "sum"),
        share=("share", lambda s: s.sum(min_count=1)),
    )
    others = (
        others.reset_index().rename(columns={"aid": "aid USD"}).assign(**{"by type": "", "by modality": ""})
    )
    others["aid USD"] = others["aid USD"].where(others["aid USD"] > 0)
    table = pd.concat([table, others[table.columns]]).sort_values("period", kind="stable")
    table["share"] = table["share"].map(lambda s: f"{s:.0%}" if pd.notna(s) else "")
    return table if wide else table.drop(columns=["reports", "by modality", "weight"])


def code_list(codes: list[str], most: int = 8) -> str:
    """Partner codes for a table cell, at most `most` of them."""
    return ", ".join(codes[:most]) + (f" +{len(codes) - most}" if len(codes) > most else "")


def compact_concentration(frame: pd.DataFrame) -> pd.DataFrame:
    """Concentration per period with the interval and partner lists as text, for a terminal."""
    import pandas as pd

    return pd.DataFrame(
        {
            "period": frame["period"],
            "events": frame["events"],
            "partners": frame["partners"],
            "HHI": frame["hhi"],
            "90% interval": [
                f"{lo:.2f}-{hi:.2f}" if pd.notna(lo) else ""
                for lo, hi in zip(frame["hhi_low"], frame["hhi_high"], strict=True)
            ],
            "effective": frame["effective_partners"],
            "entropy": frame["entropy"],
            "top": frame["top_partner"],
            "top share": frame["top_share"].map(lambda s: f"{s:.0%}" if pd.notna(s) else ""),
            "new": frame["new_partners"].map(code_list),
            "lost": frame["lost_partners"].map(code_list),
        }
    )


# the concentration columns that fit a terminal of 80
NARROW_CONCENTRATION = ["period", "events", "partners", "HHI", "top", "top share", "new", "lost"]


def print_concentration(found: Dependence, columns: list[str] | None = None) -> None:
    """The concentration table (or some of its `columns`) and the verdict of a Dependence, for a
    terminal."""
    table = compact_concentration(found.concentration)
    print_frame(table[columns or list(table.columns)], Format.table, title="Concentration")
    console.print(Text(terminal(found.verdict["text"])))


@app.command()
def partners(
    country: str = COUNTRY_ARGUMENT,
    since: str = SINCE,
    until: str = UNTIL,
    by: Period = BY,
    weight: Weight = WEIGHT,
    weights: Path = WEIGHTS,
    realized_only: bool = REALIZED,
    min_confidence: float = MIN_CONFIDENCE,
    top: int = TOP,
    count: Count = COUNT,
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    wide: bool = WIDE,
    raw: bool = RAW,
    db: str = DB_OPTION,
) -> None:
    """The country's security partners per period and the verdict on its dependence
    (allyscope.partners).

    Table format prints the portfolio (the top partners of each period), the concentration per
    period and the verdict; json prints the whole result as one object; csv and jsonl print the
    portfolio.
    """
    from ..analysis.dependence import partners as dependence_of
    from ..store import Store
    from ..values import check_range

    check_range(top, "--top", 0)
    settings = options(by, since, until, weight, weights, realized_only, count, min_confidence)
    with Store.for_reading(db, raw=raw) as store:
        found = dependence_of(store, country_code(country, store), settings)
    if format == Format.table:
        title = f"Security partners of {found.country}"
        wide = wide or console.width >= WIDE_TERMINAL
        print_frame(compact_portfolio(found.portfolio, top, wide), format, title=title)
        print_concentration(found, None if wide else NARROW_CONCENTRATION)
    elif format == Format.json:
        sys.stdout.write(json.dumps(found.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        print_frame(found.portfolio, format)


@app.command("network")
def network_command(
    out: Path = typer.Option(..., "--out", "-o", help="FILE.graphml, FILE.gexf or FILE.json (node-link)."),
    country: str = COUNTRY,
    since: str = SINCE,
    until: str = UNTIL,
    weight: Weight = WEIGHT,
    weights: Path = WEIGHTS,
    realized_only: bool = REALIZED,
    force: bool = FORCE,
    count: Count = COUNT,
    raw: bool = RAW,
    db: str = DB_OPTION,
) -> None:
    """Write the dyad network (analysis.network.store_network) and print the most central actors.
    An existing file is overwritten only with --force."""
    from ..analysis.network import centrality, check_format, store_network, write_network
    from ..store import Store

    settings = options(Period.all, since, until, weight, weights, realized_only, count)
    with Store.for_reading(db, raw=raw) as store:
        check_format(out)  # before the network is built, as the output file is
        check_out(out, force, store.path)
        graph = store_network(store, country_code(country, store), settings)
        write_network(graph, out, force, store.path)
    print_frame(centrality(graph).head(10), Format.table, title="Most central actors")
    console.print(
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties -> {out}",
        highlight=False,
        markup=False,
    )


@app.command("report")
def report_command(
    country: str = COUNTRY_ARGUMENT,
    out: str = typer.Option(..., "--out", "-o", help="The HTML or Markdown file to write; - for stdout."),
    format: ReportFormat = typer.Option(
        ReportFormat.html, "--format", "-f", help="html, or md (PNGs in <stem>_files/)."
    ),
    since: str = SINCE,
    until: str = UNTIL,
    by: Period = BY,
    weight: Weight = WEIGHT,
    weights: Path = WEIGHTS,
    realized_only: bool = REALIZED,
    force: bool = FORCE,
    compare: str = typer.Option(
        None, "--compare", help="A second country to set beside this one, period by period (code or name)."
    ),
    count: Count = COUNT,
    raw: bool = RAW,
    db: str = DB_OPTION,
) -> None:
    """Write a self-contained country brief (allyscope.report.report): verdict, charts, evidence.
    The output is never the store, and an existing file is overwritten only with --force."""
    from ..report import report
    from ..store import Store

    settings = options(by, since, until, weight, weights, realized_only, count)
    with Store.for_reading(db, raw=raw) as store:
        other = country_code(compare, store) if compare else None
        brief = report(
            store, country_code(country, store), out, format.value, settings, force=force, compare=other
        )
    says = err if out == "-" else console  # stdout carries the brief
    says.print(Text(terminal(brief.dependence.verdict["text"])))
    says.print(
        f"brief with {len(brief.events)} of {brief.n_events} events -> {out}", highlight=False, markup=False
    )


@app.command("export")
def export_command(
    out: str = typer.Option(..., "--out", "-o", help="The file to write; - for stdout."),
    format: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="File format."),
    country: str = COUNTRY,
    type: str = EVENT_TYPE,
    since: str = SINCE,
    until: str = UNTIL,
    modality: str = MODALITY,
    pair: str = PAIR,
    review: str = REVIEW,
    force: bool = FORCE,
    count: Count = COUNT,
    raw: bool = RAW,
    db: str = DB_OPTION,
) -> None:
    """Export stored events (allyscope.export.export) as CSV, Parquet, Excel (with the country's
    partners), GDELT-style TSV or PLOVER JSON; the filters are those of `events`. The output is
    never the store, and an existing file is overwritten only with --force."""
    from ..analysis.dependence import partners
    from ..export import export
    from ..store import Store

    filters = event_filters(type, since, until, modality, review)
    with Store.for_reading(db, raw=raw) as store:
        check_out(out, force, store.path)  # before the query, which may take long
        filters |= party_filters(store, country, pair)
        events = store.query_events(**filters, count=count.value)
        portfolio = None
        if format == ExportFormat.xlsx and filters["country"]:
            window = options(since=filters["since"], until=filters["until"], count=count)
            portfolio = partners(store, filters["country"], window).portfolio
        export(events, out, format.value, force, store.path, portfolio)
    says = err if out == "-" else console  # stdout carries the events
    says.print(f"{len(events)} events -> {out}", highlight=False, markup=False)
