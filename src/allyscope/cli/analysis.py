"""`allyscope partners` (and the other analysis commands): what the store answers."""

from __future__ import annotations

import typer

from ..store import Store
from .app import DB_OPTION, Format, app, print_frame
from .options import parse_country, parse_date_option


@app.command()
def partners(
    country: str = typer.Argument(..., help="ISO3 code of the country, e.g. TJK."),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    by: str = typer.Option("year", "--by", help="Period: month, quarter, year or all."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
    db: str = DB_OPTION,
) -> None:
    """The country's security partners per period: counts, shares, HHI (Store.partners)."""
    code = parse_country(country)
    with Store(db) as store:
        frame = store.partners(code, since=parse_date_option(since), until=parse_date_option(until), by=by)
    print_frame(frame, format, title=f"Security partners of {code}")
