"""`allyscope partners`, `network`, `report`, `export`: what the store answers."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import pandas as pd
import typer

from ..analysis.concentration import concentration, trend, verdict
from ..analysis.network import centrality, network, write_network
from ..analysis.partners import portfolio
from ..analysis.weights import load_weights
from ..export import export as export_events
from ..report import report as write_report
from ..store import Store
from .app import DB_OPTION, Format, app, console, print_frame
from .options import parse_country, parse_date_option


class Period(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"
    all = "all"


class Weight(StrEnum):
    count = "count"
    goldstein = "goldstein"
    amount = "amount"
    type = "type"


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    tsv_gdelt = "tsv-gdelt"
    plover_json = "plover-json"


SINCE = typer.Option(None, "--since", help="Earliest event date (YYYY[-MM[-DD]]).")
UNTIL = typer.Option(None, "--until", help="Latest event date.")
BY = typer.Option(Period.year, "--by", help="Period of the portfolio.")
WEIGHT = typer.Option(
    Weight.type,
    "--weight",
    help="What an event counts: count (1), goldstein (its cooperative Goldstein score), amount (USD"
    " of aid given), type (type weight: aid and exercises outweigh talks); times its modality weight.",
)
WEIGHTS = typer.Option(None, "--weights", help="JSON file overriding data/weights.json.")
REALIZED = typer.Option(False, "--realized-only", help="Count only realized events.")


def compact_portfolio(frame: pd.DataFrame) -> pd.DataFrame:
    """The portfolio with its type and modality counts folded into one column each, for a terminal."""

    def folded(row: pd.Series, columns: list[str]) -> str:
        return ", ".join(f"{c.replace('military_', '')} {row[c]}" for c in columns if row[c])

    types = ["consult", "agreement", "military_cooperation", "military_aid", "request", "reduce_cooperation"]
    modalities = ["realized", "planned", "hypothetical", "negated"]
    return pd.DataFrame(
        {
            "period": frame["period"],
            "partner": frame["partner"],
            "events": frame["events"],
            "by type": frame.apply(folded, axis=1, columns=types),
            "by modality": frame.apply(folded, axis=1, columns=modalities),
            "aid USD": frame["aid_usd"].where(frame["aid_usd"] > 0),
            "weight": frame["weight"],
            "share": frame["share"].map(lambda s: f"{s:.0%}" if pd.notna(s) else ""),
        }
    )


def compact_concentration(frame: pd.DataFrame) -> pd.DataFrame:
    """Concentration per period with the interval and partner lists as text, for a terminal."""
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
            "new": frame["new_partners"].map(", ".join),
            "lost": frame["lost_partners"].map(", ".join),
        }
    )


@app.command()
def partners(
    country: str = typer.Argument(..., help="ISO3 code of the country, e.g. TJK."),
    since: str = SINCE,
    until: str = UNTIL,
    by: Period = BY,
    weight: Weight = WEIGHT,
    weights: Path = WEIGHTS,
    realized_only: bool = REALIZED,
    format: Format = typer.Option(Format.table, "--format", "-f"),
    db: str = DB_OPTION,
) -> None:
    """The country's security partners per period (Store.partners) and the verdict on its dependence.

    Table format prints the portfolio, concentration per period and the verdict; json prints all
    of them as one object; csv and jsonl print the portfolio.
    """
    code = parse_country(country)
    options = {
        "by": by.value,
        "weight": weight.value,
        "weights": load_weights(weights),
        "realized_only": realized_only,
    }
    window = {"since": parse_date_option(since), "until": parse_date_option(until)}
    with Store.for_reading(db) as store:
        events = store.query_events(country=code, **window)
    frame = portfolio(events, code, **options)
    said = verdict(events, code, **options)
    if format == Format.table:
        print_frame(compact_portfolio(frame), format, title=f"Security partners of {code}")
        print_frame(
            compact_concentration(concentration(events, code, **options)), format, title="Concentration"
        )
        console.print(said["text"].iloc[0], highlight=False)
    elif format == Format.json:
        parts = {
            "portfolio": frame,
            "concentration": concentration(events, code, **options),
            "trend": trend(events, code, **options),
            "verdict": said,
        }
        payload = {k: json.loads(v.to_json(orient="records", force_ascii=False)) for k, v in parts.items()}
        payload["trend"], payload["verdict"] = payload["trend"][0], payload["verdict"][0]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        print_frame(frame, format)


@app.command("network")
def network_command(
    out: Path = typer.Option(..., "--out", "-o", help="FILE.graphml, FILE.gexf or FILE.json (node-link)."),
    country: str = typer.Option(
        None, "--country", "-c", help="Only this country, its partners and their ties."
    ),
    since: str = SINCE,
    until: str = UNTIL,
    weight: Weight = WEIGHT,
    weights: Path = WEIGHTS,
    realized_only: bool = REALIZED,
    db: str = DB_OPTION,
) -> None:
    """Write the dyad network (analysis.network.network) and print the most central actors."""
    code = parse_country(country)
    with Store.for_reading(db) as store:
        events = store.query_events(since=parse_date_option(since), until=parse_date_option(until))
    graph = network(events, code, weight.value, load_weights(weights), realized_only)
    write_network(graph, out)
    print_frame(centrality(graph).head(10), Format.table, title="Most central actors")
    console.print(
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties -> {out}", highlight=False
    )


@app.command("report")
def report_command(
    country: str = typer.Argument(..., help="ISO3 code of the country, e.g. TJK."),
    out: Path = typer.Option(..., "--out", "-o", help="The HTML or Markdown file to write."),
    format: ReportFormat = typer.Option(
        ReportFormat.html, "--format", "-f", help="html, or md (PNGs in <stem>_files/)."
    ),
    since: str = SINCE,
    until: str = UNTIL,
    by: Period = BY,
    weight: Weight = WEIGHT,
    weights: Path = WEIGHTS,
    realized_only: bool = REALIZED,
    db: str = DB_OPTION,
) -> None:
    """Write a self-contained country brief (allyscope.report.report): verdict, charts, evidence."""
    code = parse_country(country)
    with Store.for_reading(db) as store:
        brief = write_report(
            store,
            code,
            out,
            format.value,
            parse_date_option(since),
            parse_date_option(until),
            by.value,
            weight.value,
            load_weights(weights),
            realized_only,
        )
    console.print(brief.verdict["text"], highlight=False)
    console.print(f"brief with {len(brief.events)} events -> {out}", highlight=False)


@app.command("export")
def export_command(
    out: Path = typer.Option(..., "--out", "-o", help="The file to write."),
    format: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f"),
    country: str = typer.Option(None, "--country", "-c", help="ISO3 code (either side of the event)."),
    since: str = SINCE,
    until: str = UNTIL,
    db: str = DB_OPTION,
) -> None:
    """Export stored events (allyscope.export.export) as CSV, Parquet, GDELT-style TSV or PLOVER JSON."""
    with Store.for_reading(db) as store:
        events = store.query_events(
            country=parse_country(country), since=parse_date_option(since), until=parse_date_option(until)
        )
    export_events(events, out, format.value)
    console.print(f"{len(events)} events -> {out}", highlight=False)
