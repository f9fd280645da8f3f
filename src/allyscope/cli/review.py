"""`allyscope review`, `merge`, `split`, `document`, `history`: an analyst's corrections
(store/reviews.py), for scripts; the page offers the same."""

from __future__ import annotations

import getpass
import json
import os
import sys

import typer
from rich.text import Text

from ..safe import terminal
from .app import DB_OPTION, Format, app, console

REVIEWER = typer.Option(
    None, "--reviewer", help="Who reviews (default: $ALLYSCOPE_REVIEWER, else the login name)."
)
NOTE = typer.Option(None, "--note", help="Why: kept in the event's history.")
SETTINGS = typer.Option(
    [],
    "--set",
    help="FIELD=VALUE, repeatable: type, source, target, direction=swap, modality, date, place,"
    " amount (USD), aid_kind (comma list); an empty VALUE clears date, place and amount.",
)


def reviewer_name(given: str | None) -> str:
    return given or os.environ.get("ALLYSCOPE_REVIEWER") or getpass.getuser()


def say(text: str) -> None:
    """A line of text from the store (sentences, names, notes) as plain text: no rich markup, no
    escape codes (safe.terminal)."""
    console.print(Text(terminal(text)))


def print_state(found: dict) -> None:
    event, status = found["event"], found["review_status"] or "edited"
    parties = f"{(event['source'] or {}).get('code', '?')} → {(event['target'] or {}).get('code', '?')}"
    if found.get("merged_into"):
        status = f"merged into {found['merged_into']}"
    say(
        f"{event['event_id']}: {event['type']} ({event['modality']}) {parties} {event['date'] or 'undated'}"
        f", {len(event['mentions'])} report(s); {status}"
    )


def writable(db: str | None):
    from ..store import Store

    return Store.for_reading(db, write=True)


@app.command()
def review(
    event_id: str = typer.Argument(..., help="The event's id."),
    accept: bool = typer.Option(False, "--accept", help="Mark the event right."),
    reject: bool = typer.Option(False, "--reject", help="Take the event out of every view and analysis."),
    settings: list[str] = SETTINGS,
    note: str = NOTE,
    reviewer: str = REVIEWER,
    db: str = DB_OPTION,
) -> None:
    """Accept, reject or edit an event (store.reviews.review); the machine's own stays (--raw)."""
    from .. import errors
    from ..errors import UsageError
    from ..store.reviews import parse_settings
    from ..store.reviews import review as review_event

    if accept and reject:
        raise UsageError(
            errors.E021.format(name="review", value="--accept and --reject", choices="--accept, --reject")
        )
    status = "accepted" if accept else "rejected" if reject else None
    with writable(db) as store:
        found = review_event(store, event_id, reviewer_name(reviewer), status, parse_settings(settings), note)
    print_state(found)


@app.command()
def merge(
    event_ids: list[str] = typer.Argument(..., help="The events; the first takes the others' reports."),
    note: str = NOTE,
    reviewer: str = REVIEWER,
    db: str = DB_OPTION,
) -> None:
    """Merge events that report the same thing into the first (store.reviews.merge)."""
    from ..store.reviews import merge as merge_events

    with writable(db) as store:
        print_state(merge_events(store, event_ids, reviewer_name(reviewer), note))


@app.command()
def split(
    event_id: str = typer.Argument(..., help="The event."),
    reports: list[int] = typer.Option(
        ..., "--report", help="A report to split off: 1 and up, as `history` numbers them."
    ),
    note: str = NOTE,
    reviewer: str = REVIEWER,
    db: str = DB_OPTION,
) -> None:
    """Split reports off an event into events of their own (store.reviews.split)."""
    from ..store.reviews import split as split_event

    with writable(db) as store:
        for found in split_event(store, event_id, reports, reviewer_name(reviewer), note):
            print_state(found)


@app.command()
def document(
    doc_id: str = typer.Argument(..., help="The document's id."),
    settings: list[str] = typer.Option([], "--set", help="date=YYYY-MM-DD, title=..., publisher=..."),
    note: str = NOTE,
    reviewer: str = REVIEWER,
    db: str = DB_OPTION,
) -> None:
    """Correct a document's date, title or publisher; a new date re-dates the events that took
    theirs from the document (store.reviews.edit_document)."""
    from ..store.reviews import edit_document

    changes = dict(s.partition("=")[::2] for s in settings)
    with writable(db) as store:
        found = edit_document(store, doc_id, changes, reviewer_name(reviewer), note)
    say(
        f"{doc_id}: {json.dumps(found['document'], ensure_ascii=False)}; {len(found['redated'])} event(s) re-dated"
    )


@app.command()
def history(
    event_id: str = typer.Argument(..., help="The event's id."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, or json for every state."),
    db: str = DB_OPTION,
) -> None:
    """The reviews of an event, oldest first: who, when, what, and a note (store.reviews.history)."""
    from ..store.reviews import current
    from ..store.reviews import history as history_of

    with writable(db) as store:
        found = history_of(store, event_id)
        now = current(store, event_id)[0]
    if format != Format.table:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
        return
    record = json.loads(now["record"])
    for number, mention in enumerate(record["mentions"]):
        say(f"report {number}: {mention['sentence']}")
    if not found:
        console.print(f"{event_id}: not reviewed", highlight=False)
    for entry in found:
        say(
            f"{entry['made_at'][:19]}  {entry['reviewer']}  {entry['action']}"
            + (f"  {changed(entry)}" if changed(entry) else "")
            + (f"  note: {entry['note']}" if entry["note"] else "")
        )


def changed(entry: dict) -> str:
    """The fields an entry changed, as `field: before -> after`."""
    before, after = entry["before"] or {}, entry["after"] or {}
    if "event" in after:
        before, after = (before.get("event") or {}), after["event"]
    keys = [k for k in after if k not in ("mentions", "record") and before.get(k) != after.get(k)]
    return "; ".join(f"{k}: {short(before.get(k))} -> {short(after.get(k))}" for k in keys if before)


def short(value) -> str:
    if isinstance(value, dict):
        return str(value.get("code") or value.get("name") or value.get("value_usd") or value)
    return str(value)
