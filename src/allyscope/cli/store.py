"""`allyscope ingest`, `events`, `partners`, `demo`: the store and what it answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from .. import errors
from ..errors import InputError
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
    Count,
    Format,
    app,
    console,
    country_code,
    err,
    event_filters,
    party_filters,
    print_events,
    report_errors,
)
from .documents import DATE, MEMORY_MB, TIME_LIMIT, WORKERS, check_guard

if TYPE_CHECKING:
    from ..store import Store
    from ..workers import Guard

DEMO_DB = "allyscope-demo.duckdb"
TABLE_PAGE = 50
UNDATED_SHOWN = 5  # the undated documents a warning names


def ingest_with_progress(
    store: Store,
    paths: list[str],
    date: str | None = None,
    actors: tuple[str, ...] = (),
    scheduler: str | None = None,
    workers: int = 0,
    guard: Guard | None = None,
):
    """Store.ingest with a running count on stderr (documents are read as they are needed, so
    there is no total), then a warning naming the added documents that have no date."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("[bold]ingesting[/bold] {task.completed} document(s)"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
    )
    with Progress(*columns, console=err, transient=False, disable=not err.is_terminal) as progress:
        task = progress.add_task("ingest", total=None, last="")

        def advance(item, n_events: int) -> None:
            name = Path(item.path).name if not isinstance(item, InputError) else "error"
            progress.update(task, advance=1, last=escape(f"{name}: {n_events} events"))

        report = store.ingest(
            paths, date, actors, scheduler=scheduler, on_document=advance, workers=workers, guard=guard
        )
    if report.undated:
        shown = ", ".join(report.undated[:UNDATED_SHOWN])
        more = len(report.undated) - UNDATED_SHOWN
        message = errors.E035.format(
            n=len(report.undated), paths=shown + (f" and {more} more" if more > 0 else "")
        )
        err.print(f"[yellow]warning[/yellow]: {escape(message)}", highlight=False, soft_wrap=True)
    return report


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, or - for stdin."),
    db: str = DB_OPTION,
    date: str = DATE,
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, or 'local'."),
    workers: int = WORKERS,
    time_limit: float = TIME_LIMIT,
    memory_mb: int = MEMORY_MB,
) -> None:
    """Extract events from articles into the store (Store.ingest); idempotent and resumable."""
    from ..store import Store
    from ..values import parse_date

    date = parse_date(date)
    guard = check_guard(workers, time_limit, memory_mb)
    with Store(db) as store:
        report = ingest_with_progress(store, paths, date, tuple(map(str, actors)), scheduler, workers, guard)
        console.print(
            f"{report.added} document(s) added with {report.events} events ({report.joined} of them"
            f" reported before, joined to the stored event), {report.skipped} already stored; store: {store.path}"
        )
    report_errors(report.errors, report.added + report.skipped)


@app.command()
def events(
    country: str = COUNTRY,
    type: str = EVENT_TYPE,
    since: str = SINCE,
    until: str = UNTIL,
    modality: str = MODALITY,
    min_confidence: float = MIN_CONFIDENCE,
    pair: str = PAIR,
    review: str = REVIEW,
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    limit: int = typer.Option(
        None, "--limit", help=f"At most this many events (default: {TABLE_PAGE} in a table, else all)."
    ),
    offset: int = typer.Option(0, "--offset", help="Skip this many events first (the next page)."),
    count: Count = COUNT,
    wide: bool = WIDE,
    raw: bool = RAW,
    db: str = DB_OPTION,
) -> None:
    """List stored events in date order (Store.events); a table shows one page at a time."""
    from .. import values
    from ..store import Store

    filters = event_filters(type, since, until, modality, review, min_confidence)
    limit = values.check_range(
        TABLE_PAGE if limit is None and format == Format.table else limit, "--limit", 1
    )
    offset = values.check_range(offset, "--offset", 0)
    with Store.for_reading(db, raw=raw) as store:
        filters |= party_filters(store, country, pair)
        total = store.count_events(count.value, **filters)
        found = store.events(count.value, **filters, limit=limit, offset=offset)
    what = count.value
    title = f"{total} {what}"
    if len(found) < total:
        title = f"{what} {offset + 1}-{offset + len(found)} of {total}"
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
    from ..workers import Guard
    from .analysis import NARROW_CONCENTRATION, print_concentration  # imported here to keep command order

    corpus = DATA / "demo"
    with Store(db) as store:
        report = ingest_with_progress(store, [str(corpus)], workers=1, guard=Guard.from_env())
        console.rule("[bold]allyscope demo")
        console.print(f"Demo corpus: {corpus} ({report.added + report.skipped} briefs); store: {store.path}")
        mentions, within, events = store.grouping_counts()
        console.print(
            f"{mentions} reports -> {within} events within documents -> {events} events across documents",
            highlight=False,
        )
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
