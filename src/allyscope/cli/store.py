"""`allyscope ingest`, `events`, `partners`, `demo`: the store and what it answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import InputError
from .app import (
    COUNTRY,
    DB_OPTION,
    RAW,
    SINCE,
    UNTIL,
    WIDE,
    Format,
    app,
    console,
    country_code,
    err,
    print_events,
    report_errors,
)

if TYPE_CHECKING:
    from ..store import Store

DEMO_DB = "allyscope-demo.duckdb"
TABLE_PAGE = 50


def ingest_with_progress(
    store: Store,
    paths: list[str],
    date: str | None = None,
    actors: tuple[str, ...] = (),
    scheduler: str | None = None,
):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..documents import read_documents

    items = list(read_documents(paths, date=date))  # read once: "-" (stdin) can be read only once
    total = len(items)
    columns = (
        TextColumn("[bold]ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
    )
    with Progress(*columns, console=err, transient=False, disable=total < 2) as progress:
        task = progress.add_task("ingest", total=total, last="")

        def advance(item, n_events: int) -> None:
            name = Path(item.path).name if not isinstance(item, InputError) else "error"
            progress.update(task, advance=1, last=f"{name}: {n_events} events")

        return store.ingest_documents(items, actors=actors, scheduler=scheduler, on_document=advance)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, or - for stdin."),
    db: str = DB_OPTION,
    date: str = typer.Option(None, "--date", help="Document date YYYY-MM-DD for documents without one."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, or 'local'."),
) -> None:
    """Extract events from articles into the store (Store.ingest); idempotent and resumable."""
    from ..store import Store
    from ..values import parse_day

    with Store(db) as store:
        report = ingest_with_progress(store, paths, parse_day(date), tuple(map(str, actors)), scheduler)
        console.print(
            f"{report.added} document(s) added with {report.events} events, "
            f"{report.skipped} already stored; store: {store.path}"
        )
    report_errors(report.errors, report.added + report.skipped)


@app.command()
def events(
    country: str = COUNTRY,
    type: str = typer.Option(None, "--type", "-t", help="Event type, e.g. military_aid."),
    since: str = SINCE,
    until: str = UNTIL,
    modality: str = typer.Option(None, "--modality", help="realized, planned, hypothetical or negated."),
    pair: str = typer.Option(
        None,
        "--pair",
        help="Only the events between two parties: ARM-FRA, Armenia-France (in place of --country).",
    ),
    review: str = typer.Option(
        None, "--review", help="unreviewed, low_confidence or changed (reviewed in the last day)."
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    limit: int = typer.Option(
        None, "--limit", help=f"At most this many events (default: {TABLE_PAGE} in a table, else all)."
    ),
    offset: int = typer.Option(0, "--offset", help="Skip this many events first (the next page)."),
    wide: bool = WIDE,
    raw: bool = RAW,
    db: str = DB_OPTION,
) -> None:
    """List stored events in date order (Store.events); a table shows one page at a time."""
    from .. import values
    from ..store import Store
    from ..store.db import REVIEW_FILTERS

    filters = {
        "type": values.parse_type(type),
        "since": values.parse_date(since),
        "until": values.parse_date(until),
        "modality": values.parse_modality(modality),
        "review": values.parse_choice(review, REVIEW_FILTERS, "--review"),
    }
    limit = values.check_range(
        TABLE_PAGE if limit is None and format == Format.table else limit, "--limit", 1
    )
    offset = values.check_range(offset, "--offset", 0)
    with Store.for_reading(db, raw=raw) as store:
        filters["country"] = country_code(country, store)
        if pair:
            sides = values.parse_pair(pair, store.actors())
            filters["country"], filters["partner"] = (side.code for side in sides)
            err.print(f"pair: {sides[0].code}-{sides[1].code}", highlight=False)
        total = store.count_events(**filters)
        found = store.events(**filters, limit=limit, offset=offset)
    title = f"{total} events"
    if len(found) < total:
        title = f"events {offset + 1}-{offset + len(found)} of {total}"
        if offset + len(found) < total:
            title += f" (--offset {offset + len(found)} for the next page)"
    print_events(found, format, title=title, wide=wide)


@app.command()
def demo(
    db: str = typer.Option(DEMO_DB, "--db", help="Where to build the demo store."),
    country: str = typer.Option("TJK", "--country", help="Country whose partners to show."),
) -> None:
    """Run the whole job on the bundled demo corpus and say where to look next."""
    from ..analysis.dependence import partners
    from ..paths import DATA
    from ..store import Store
    from .analysis import NARROW_CONCENTRATION, print_concentration  # imported here to keep command order

    corpus = DATA / "demo"
    with Store(db) as store:
        report = ingest_with_progress(store, [str(corpus)])
        console.rule("[bold]allyscope demo")
        console.print(f"Demo corpus: {corpus} ({report.added + report.skipped} briefs); store: {store.path}")
        country = country_code(country, store)
        total = store.count_events(country=country)
        found = store.events(country=country, limit=15)
        print_events(found, Format.table, title=f"{total} events involving {country} (first 15)")
        result = partners(store, country)
    console.print(f"\nSecurity partners of {country} per year", style="bold", highlight=False)
    print_concentration(result, NARROW_CONCENTRATION)
    console.print(
        "\nTry next:\n"
        f"  allyscope partners {country} --db {db} --by year\n"
        f"  allyscope report {country} --db {db} --out brief.html\n"
        f"  allyscope events --db {db} --country KGZ --type military_aid\n"
        f"  allyscope extract {corpus}/06-tajikistan-india-poland-partners-2004.txt --format jsonl\n"
        f"  allyscope eval {corpus}/*.gold.json"
    )
