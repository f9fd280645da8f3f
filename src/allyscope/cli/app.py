"""The typer application and what every command shares: the console, output formats, exit codes.

Commands import the pipeline, the store and pandas inside their bodies, so that `allyscope --help`
and the store-only commands start without spaCy. allyscope's errors are translated here, once:
one line on stderr with the error's code, and its exit code (2 for a bad value, else 1).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from ..errors import AllyscopeError
from ..safe import csv_cell, csv_frame, terminal

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Group

    from ..model import Event
    from ..store import Store


class Group(TyperGroup):
    """The command group; it turns an AllyscopeError into a one-line message and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AllyscopeError as exc:
            err.print(f"[red]error[/red]: {escape(terminal(str(exc)))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="allyscope",
    cls=Group,
    help="Security-cooperation events from English news, and partner-dependence analysis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rich's help formatter costs a third of a second to import
)
console = Console()
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


DB_OPTION = typer.Option(None, "--db", help="DuckDB file (default: $ALLYSCOPE_DB or ./allyscope.duckdb).")
SINCE = typer.Option(None, "--since", help="Earliest event date: YYYY, YYYY-MM or YYYY-MM-DD.")
UNTIL = typer.Option(
    None, "--until", help="Latest event date: YYYY, YYYY-MM or YYYY-MM-DD (the whole period)."
)


class Count(StrEnum):
    events = "events"
    mentions = "mentions"


COUNT = typer.Option(
    Count.events,
    "--count",
    help="events: each real-world event once (its reports joined, within and across documents; for the"
    " partner analysis with the standing arrangements); mentions: every report of an event (press coverage).",
)
MIN_CONFIDENCE = typer.Option(
    None,
    "--min-confidence",
    help="Only events at least this confident, 0..1 (an event at 0.9 was right about 9 times in 10 on the"
    " development sets).",
)
WIDE = typer.Option(False, "--wide", help="Every column in one table row (for a terminal of 150 columns).")
RAW = typer.Option(False, "--raw", help="The machine's events as extracted, without the reviews.")
EVENT_TYPE = typer.Option(None, "--type", "-t", help="Event type, e.g. military_aid.")
MODALITY = typer.Option(None, "--modality", help="realized, planned, hypothetical or negated.")
PAIR = typer.Option(
    None,
    "--pair",
    help="Only the events between two parties: ARM-FRA, Armenia-France (in place of --country).",
)
REVIEW = typer.Option(
    None, "--review", help="unreviewed, low_confidence or changed (reviewed in the last day)."
)
COUNTRY = typer.Option(
    None, "--country", "-c", help="Country or organisation, either side: ISO3 code or name (TJK, Armenia)."
)


def event_filters(
    type: str | None,
    since: str | None,
    until: str | None,
    modality: str | None,
    review: str | None,
    min_confidence: float | None = None,
) -> dict:
    """The filters of `events` and `export` as Store.query_events takes them, each value checked
    before a store is opened."""
    from .. import values
    from ..store.db import REVIEW_FILTERS

    return {
        "type": values.parse_type(type),
        "since": values.parse_date(since),
        "until": values.parse_date(until),
        "modality": values.parse_modality(modality),
        "min_confidence": values.check_share(min_confidence, "--min-confidence"),
        "review": values.parse_choice(review, REVIEW_FILTERS, "--review"),
    }


def party_filters(store: Store, country: str | None, pair: str | None) -> dict[str, str | None]:
    """`country` and `partner` of the filters: the named country, or both sides of a pair."""
    from ..values import parse_pair

    if not pair:
        return {"country": country_code(country, store)}
    sides = parse_pair(pair, store.actors())
    err.print(f"pair: {sides[0].code}-{sides[1].code}", highlight=False)
    return {"country": sides[0].code, "partner": sides[1].code}


def country_code(value: str | None, store: Store) -> str | None:
    """The code of a country the user named (values.parse_country, knowing the store's own
    actors); when it was not the code itself, stderr says which code is used."""
    from ..values import parse_country

    if value is None:
        return None
    found = parse_country(value, store.actors())
    if found.resolved:
        err.print(Text(terminal(f"country: {found.given} -> {found.code} ({found.name})")))
    return found.code


# the fields of an event record that are objects or lists; flat_event gives their parts
NESTED = ("source", "target", "location", "amount", "aid_kind", "cited_source", "mentions", "sources")


def flat_event(event: Event) -> dict:
    """One event as a flat row for CSV and tables."""
    d = event.to_dict()
    # by name, not by value: an event without an amount has the same columns as one with
    row = {k: v for k, v in d.items() if k not in NESTED}
    for role in ("source", "target"):
        actor = d[role] or {}
        row[f"{role}_code"], row[f"{role}_name"], row[f"{role}_text"] = (
            actor.get("code"),
            actor.get("name"),
            actor.get("text"),
        )
    row["location"] = (d["location"] or {}).get("name")
    row["amount_usd"] = (d["amount"] or {}).get("value_usd")
    row["aid_kind"] = ";".join(d["aid_kind"])
    row["cited_source"] = (d["cited_source"] or {}).get("outlet")
    return row


def evidence_window(event: Event, width: int = 90) -> str:
    """The part of the evidence sentence around the trigger word, for a terminal table."""
    text = " ".join(event.sentence.split())
    if len(text) <= width:
        return text
    at = max(text.find(event.trigger), 0)
    start = max(0, min(at - width // 3, len(text) - width))
    start = text.rfind(" ", 0, start) + 1 if start else 0  # begin on a word
    return (
        ("…" if start else "")
        + text[start : start + width].strip()
        + ("…" if start + width < len(text) else "")
    )


WIDE_TERMINAL = 150  # columns from which tables show every column without --wide


def events_table(events: list[Event], title: str | None = None) -> Table:
    """Events as a rich table with place and citation columns, for a wide terminal (--wide)."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in ["event", "parties", "date", "place", "USD", "cited"]:
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("evidence", ratio=1, min_width=40)
    for e in events:
        row = [f"{e.type} ({e.modality})", parties(e), e.date or "", (e.location or {}).get("name") or ""]
        row += [usd(e), (e.cited_source or {}).get("outlet") or "", evidence_window(e)]
        # article text as plain text: no rich markup, no escape codes
        table.add_row(*(Text(terminal(cell)) for cell in row))
    return table


def parties(event: Event) -> str:
    return f"{event.source.code if event.source else '?'} → {event.target.code if event.target else '?'}"


def usd(event: Event) -> str:
    amount = event.amount and event.amount.get("value_usd")
    return f"{amount:,.0f}" if amount else ""


def events_list(events: list[Event], title: str | None = None) -> Group:
    """Events for a terminal of 80 columns: one line of type, modality, parties, date and USD, and
    the evidence on its own lines below, as wide as the terminal."""
    from rich.console import Group
    from rich.padding import Padding

    line = "{:<22} {:<12} {:<11} {:<10} {:>14}"
    parts = [
        Text(title or "", style="italic"),
        Text(line.format("event", "modality", "parties", "date", "USD"), style="bold"),
    ]
    for e in events:
        parts.append(
            Text(
                terminal(line.format(e.type[:22], e.modality, parties(e), e.date or "", usd(e))),
                overflow="ellipsis",
                no_wrap=True,
            )
        )
        # article text as plain text: no rich markup, no escape codes
        parts.append(Padding(Text(terminal(" ".join(e.sentence.split())), style="dim"), (0, 0, 0, 4)))
    return Group(*parts)


def print_events(events: list[Event], fmt: Format, title: str | None = None, wide: bool = False) -> None:
    """Events in a format; a table shows every column when `wide` or the terminal is, else the
    evidence on its own lines."""
    if fmt == Format.table:
        wide = wide or console.width >= WIDE_TERMINAL
        console.print(events_table(events, title) if wide else events_list(events, title))
    elif fmt == Format.jsonl:
        for e in events:
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == Format.json:
        sys.stdout.write(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=1) + "\n")
    else:
        rows = [{k: csv_cell(v) for k, v in flat_event(e).items()} for e in events]
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        sys.stdout.write(terminal(out.getvalue()))


def print_frame(frame: pd.DataFrame, fmt: Format, title: str | None = None) -> None:
    """A DataFrame as a rich table, JSON (records), JSON lines or CSV; a table and CSV show text
    from articles without escape codes (safe.terminal), CSV without formulas (safe.csv_cell)."""
    import pandas as pd

    if fmt == Format.table:
        table = Table(title=title, header_style="bold")
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            table.add_column(str(column), justify="right" if numeric else "left", no_wrap=numeric)
        for row in frame.itertuples(index=False):
            table.add_row(*[Text(terminal(format_cell(v))) for v in row])
        console.print(table)
    elif fmt == Format.csv:
        from ..export import joined_lists

        sys.stdout.write(terminal(csv_frame(joined_lists(frame)).to_csv(index=False)))
    elif fmt == Format.jsonl:
        sys.stdout.write(frame.to_json(orient="records", lines=True, date_format="iso", force_ascii=False))
    else:
        sys.stdout.write(
            frame.to_json(orient="records", date_format="iso", indent=1, force_ascii=False) + "\n"
        )


def format_cell(value) -> str:
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def report_errors(errors: list, processed: int) -> None:
    """One line per bad input on stderr, a summary line, and exit code 1 if any input failed."""
    for error in errors:
        err.print(f"[red]error[/red]: {escape(terminal(str(error)))}", highlight=False, soft_wrap=True)
    if errors:
        err.print(f"{len(errors)} input(s) failed, {processed} document(s) processed.", highlight=False)
        raise typer.Exit(1)
