"""`allyscope extract`: documents in, events out, no store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import InputError
from .app import Format, app, err, print_events, report_errors

if TYPE_CHECKING:
    from ..workers import Guard

DATE = typer.Option(
    None, "--date", help="Document date (YYYY-MM-DD, YYYY-MM or YYYY) for documents without one."
)
WORKERS = typer.Option(
    1,
    "--workers",
    "-w",
    help="Extract in this many worker processes, each document within the time and memory limits.",
)
TIME_LIMIT = typer.Option(
    120.0,
    "--time-limit",
    envvar="ALLYSCOPE_TIME_LIMIT",
    help="Seconds one document may take; then it is skipped.",
)
MEMORY_MB = typer.Option(
    4096,
    "--memory-mb",
    envvar="ALLYSCOPE_MEMORY_MB",
    help="Memory (MB) a worker may use; then its document is skipped.",
)


def check_guard(workers: int, time_limit: float, memory_mb: int) -> Guard:
    """The guard of the --workers, --time-limit and --memory-mb options (E022 for a value out of range)."""
    from .. import errors
    from ..errors import UsageError
    from ..values import check_range
    from ..workers import Guard

    check_range(workers, "--workers", 1)
    check_range(memory_mb, "--memory-mb", 1024)
    if not time_limit > 0:
        raise UsageError(errors.E022.format(name="--time-limit", value=time_limit, rule="more than 0"))
    return Guard(time_limit, memory_mb)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .html, .jsonl), folders, or - for stdin."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    date: str = DATE,
    actors: list[Path] = typer.Option(
        [], "--actors", help="Extra actor dictionary (JSONL, CSV, PETRARCH .actors.txt)."
    ),
    workers: int = WORKERS,
    time_limit: float = TIME_LIMIT,
    memory_mb: int = MEMORY_MB,
) -> None:
    """Print the events found in articles (allyscope.extract), without storing them."""
    from itertools import islice

    from rich.progress import Progress

    from ..documents import read_documents
    from ..store.ingest import BATCH
    from ..values import parse_date
    from ..workers import run_guarded

    date = parse_date(date)
    guard = check_guard(workers, time_limit, memory_mb)
    errors, events, processed = [], [], 0

    def batches():
        items = read_documents(paths, date=date)
        while chunk := list(islice(items, BATCH)):
            errors.extend(item for item in chunk if isinstance(item, InputError))
            if documents := [item for item in chunk if not isinstance(item, InputError)]:
                yield documents

    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("extracting", total=None)
        for outcome in run_guarded(batches(), "events", tuple(map(str, actors)), workers, guard):
            if isinstance(outcome, InputError):
                errors.append(outcome)
                continue
            for _, found in outcome[1]:
                events += found
                processed += 1
                progress.advance(task)
    print_events(events, format, title=f"{len(events)} events in {processed} document(s)")
    report_errors(errors, processed)
