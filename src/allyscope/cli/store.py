"""`allyscope ingest`, `events`, `partners`, `demo`: the store and what it answers."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..analysis.concentration import verdict
from ..analysis.partners import portfolio
from ..documents import read_documents
from ..errors import InputError
from ..paths import DATA
from ..store import Store
from .app import DB_OPTION, Format, app, console, err, print_events, print_frame, report_errors
from .options import parse_country, parse_date_option

DEMO_DB = "allyscope-demo.duckdb"


def ingest_with_progress(
    store: Store,
    paths: list[str],
    date: str | None = None,
    actors: tuple[str, ...] = (),
    scheduler: str | None = None,
):
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
    with Store(db) as store:
        report = ingest_with_progress(
            store, paths, parse_date_option(date), tuple(map(str, actors)), scheduler
        )
        console.print(
            f"{report.added} document(s) added with {report.events} events, "
            f"{report.skipped} already stored; store: {store.path}"
        )
    report_errors(report.errors, report.added + report.skipped)


@app.command()
def events(
    country: str = typer.Option(None, "--country", "-c", help="ISO3 code (either side of the event)."),
    type: str = typer.Option(None, "--type", "-t", help="Event type, e.g. military_aid."),
    since: str = typer.Option(None, "--since", help="Earliest event date (YYYY[-MM[-DD]])."),
    until: str = typer.Option(None, "--until", help="Latest event date."),
    modality: str = typer.Option(None, "--modality", help="realized, planned, hypothetical or negated."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
    db: str = DB_OPTION,
) -> None:
    """List stored events (Store.events)."""
    with Store.for_reading(db) as store:
        found = store.events(
            country=parse_country(country),
            type=type,
            since=parse_date_option(since),
            until=parse_date_option(until),
            modality=modality,
        )
    print_events(found, format, title=f"{len(found)} events")


@app.command()
def demo(
    db: str = typer.Option(DEMO_DB, "--db", help="Where to build the demo store."),
    country: str = typer.Option("TJK", "--country", help="Country whose partners to show."),
) -> None:
    """Run the whole job on the bundled demo corpus and say where to look next."""
    from .analysis import compact_portfolio  # defined with `partners`; imported here to keep command order

    corpus = DATA / "demo"
    country = parse_country(country)
    with Store(db) as store:
        report = ingest_with_progress(store, [str(corpus)])
        console.rule("[bold]allyscope demo")
        console.print(f"Demo corpus: {corpus} ({report.added + report.skipped} briefs); store: {store.path}")
        found = store.events(country=country)
        print_events(found[:15], Format.table, title=f"{len(found)} events involving {country} (first 15)")
        events = store.query_events(country=country)
        print_frame(
            compact_portfolio(portfolio(events, country, by="all")),
            Format.table,
            title=f"Security partners of {country}, all years",
        )
        console.print(verdict(events, country)["text"].iloc[0], highlight=False)
    console.print(
        "\nTry next:\n"
        f"  allyscope report {country} --db {db} --out brief.html\n"
        f"  allyscope events --db {db} --country KGZ --type military_aid\n"
        f"  allyscope partners {country} --db {db} --by year\n"
        f"  allyscope extract {corpus}/06-tajikistan-india-poland-partners-2004.txt --format jsonl\n"
        f"  allyscope eval {corpus}/*.gold.json"
    )
