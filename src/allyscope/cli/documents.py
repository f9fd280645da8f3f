"""`allyscope extract`: documents in, events out, no store."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError
from .app import Format, app, err, print_events, report_errors


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .html, .jsonl), folders, or - for stdin."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    date: str = typer.Option(
        None, "--date", help="Document date (YYYY-MM-DD, YYYY-MM or YYYY) for documents without one."
    ),
    actors: list[Path] = typer.Option(
        [], "--actors", help="Extra actor dictionary (JSONL, CSV, PETRARCH .actors.txt)."
    ),
) -> None:
    """Print the events found in articles (allyscope.extract), without storing them."""
    from rich.progress import Progress

    from ..documents import read_documents
    from ..pipeline import extract_documents
    from ..values import parse_date

    date = parse_date(date)
    errors, documents = [], []
    for item in read_documents(paths, date=date):
        (errors if isinstance(item, InputError) else documents).append(item)
    events = []
    with Progress(console=err, transient=True, disable=len(documents) < 3) as progress:
        task = progress.add_task("extracting", total=len(documents))
        for _, found in extract_documents(documents, tuple(map(str, actors))):
            events += found
            progress.advance(task)
    print_events(events, format, title=f"{len(events)} events in {len(documents)} document(s)")
    report_errors(errors, len(documents))
