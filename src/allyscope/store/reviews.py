"""Reviews: an analyst's corrections of the machine's events and documents, kept beside them.

The machine's rows in `events` and `documents` are never changed. A reviewed event's current
state is a whole events row in `event_reviews`, with its status (accepted, rejected), the event
it was merged into and its origin (machine, hand, split); a document's corrected metadata is a
row of `document_reviews`. The views `reviewed_events` and `reviewed_documents` (reviews.sql)
lay them over the machine's rows, and every query of a Store reads through them unless the store
is opened `raw`. Each change is also a row of `reviews`: who, when, the action, the event before
and after, and a note.

Reviews are keyed by event id, which a document's text fixes: a document ingested again gives
its events the same ids, so their reviews still apply; a reviewed machine event that a new ingest
no longer finds drops out of the reviewed state and is listed by `flagged`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .. import errors, values
from ..documents.dates import period_end
from ..errors import NotFound, UsageError
from ..model import Actor, Event, Mention
from ..ontology import AID_KINDS, MODALITIES, all_types, code
from .db import Store, code_name
from .rows import EVENT_COLUMNS, MENTION_COLUMNS, event_row, mention_rows

# what an analyst may set on an event; `direction=swap` exchanges its two parties
FIELDS = ("type", "source", "target", "direction", "modality", "date", "place", "amount", "aid_kind")
DOCUMENT_FIELDS = ("date", "title", "publisher")
STATUSES = ("accepted", "rejected")
STATE_COLUMNS = ["review_status", "merged_into", "origin"]


def parse_settings(items: list[str]) -> dict[str, str]:
    """`["type=military_aid", "source=Russia"]` -> {"type": "military_aid", "source": "Russia"}.

    Raises:
        UsageError: E070 for an item that is not FIELD=VALUE of a known field.
    """
    found = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise UsageError(errors.E070.format(value=item, fields=", ".join(FIELDS)))
        found[name.strip()] = value.strip()
    return found


def records(cursor) -> list[dict[str, Any]]:
    """A query's rows as dicts by column name."""
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def reviewed_state(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event's row of `event_reviews`, None when it has not been reviewed."""
    found = records(store.con.execute("SELECT * FROM event_reviews WHERE event_id = ?", [event_id]))
    return found[0] if found else None


def current(store: Store, event_id: str) -> tuple[dict[str, Any], bool]:
    """The event's row in its reviewed state (the machine's where unreviewed) and whether it has
    been reviewed.

    Raises:
        NotFound: E025 when neither the machine nor an analyst made such an event.
    """
    found = reviewed_state(store, event_id)
    if found is not None:
        return found, True
    machine = records(store.con.execute("SELECT * FROM events WHERE event_id = ?", [event_id]))
    if not machine:
        raise NotFound(errors.E025.format(value=event_id))
    return machine[0], False


def kept_state(row: Mapping[str, Any], reviewed: bool) -> dict[str, Any]:
    """The review state an event keeps through a change: its own, or a machine event's origin."""
    return {c: row.get(c) for c in STATE_COLUMNS} if reviewed else {"origin": "machine"}


def event_of(row: Mapping[str, Any]) -> Event:
    return Event.from_dict(json.loads(row["record"]))


def state(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """What the audit trail keeps of an event: its record and its review state."""
    if row is None:
        return None
    return {"event": json.loads(row["record"]), **{c: row.get(c) for c in STATE_COLUMNS}}


def actor(value: str, store: Store) -> Actor:
    """A party the analyst named by code or name ("Russia", "RUS", "NATO")."""
    found = values.parse_country(value, store.actors())
    _, name, kind = code_name(found.code)
    return Actor(text=value, name=found.name or name, code=found.code, kind=kind)


def amount(value: str) -> dict[str, Any] | None:
    """An amount in US dollars ("2300000", "2,300,000"); empty clears it."""
    if not value:
        return None
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise UsageError(errors.E076.format(name="amount", value=value)) from None
    if number < 0:
        raise UsageError(errors.E076.format(name="amount", value=value))
    return {"text": value, "value": number, "currency": "USD", "value_usd": number}


def recode(event: Event) -> None:
    """CAMEO, PLOVER, quad class and Goldstein of the event's type and modality."""
    coding = code(event.type, event.modality)
    event.cameo, event.plover = coding.cameo, coding.plover
    event.quad_class, event.goldstein = coding.quad_class, coding.goldstein


def apply(event: Event, changes: Mapping[str, str], store: Store) -> None:
    """Set the analyst's values (FIELDS) on the event, each checked as the command line checks it.

    Raises:
        UsageError: for a value that is not valid for its field.
    """
    if "type" in changes:
        event.type = values.parse_choice(changes["type"], all_types(), "type")
    if "modality" in changes:
        event.modality = values.parse_choice(changes["modality"], MODALITIES, "modality")
    if {"type", "modality"} & set(changes):
        recode(event)
    for role in ("source", "target"):
        if role in changes:
            setattr(event, role, actor(changes[role], store) if changes[role] else None)
    if "direction" in changes:
        values.parse_choice(changes["direction"], ("swap",), "direction")
        event.source, event.target = event.target, event.source
    if "date" in changes:
        event.date = values.parse_date(changes["date"] or None)
        event.date_precision = {4: "year", 7: "month", 10: "day"}.get(len(event.date or ""))
    if "place" in changes:
        place = changes["place"]
        event.location = (
            {"text": place, "name": place, "country": None, "lat": None, "lon": None} if place else None
        )
    if "amount" in changes:
        event.amount = amount(changes["amount"])
    if "aid_kind" in changes:
        kinds = [k.strip() for k in changes["aid_kind"].split(",") if k.strip()]
        event.aid_kind = [values.parse_choice(k, AID_KINDS, "aid_kind") for k in kinds]


def write(
    store: Store,
    before: dict[str, Any] | None,
    event: Event,
    status: dict[str, Any],
    reviewer: str,
    action: str,
    note: str | None,
) -> dict[str, Any]:
    """Store the event's new reviewed state and its line in the audit trail; returns the state."""
    row = dict(zip(EVENT_COLUMNS, event_row(event), strict=True))
    row.update({c: status.get(c) for c in STATE_COLUMNS})
    columns = [*row, "reviewed_at"]
    store.con.execute("DELETE FROM event_reviews WHERE event_id = ?", [event.event_id])
    store.con.execute("DELETE FROM review_mentions WHERE event_id = ?", [event.event_id])
    store.con.executemany(
        f"INSERT INTO review_mentions VALUES ({', '.join('?' * len(MENTION_COLUMNS))})", mention_rows(event)
    )
    store.con.execute(
        f"INSERT INTO event_reviews ({', '.join(columns)})"
        f" VALUES ({', '.join('?' * len(row))}, current_timestamp)",
        list(row.values()),
    )
    store.con.execute(
        "INSERT INTO reviews (event_id, doc_id, reviewer, action, before, after, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            event.event_id,
            event.doc_id,
            reviewer,
            action,
            json.dumps(state(before)),
            json.dumps(state(row)),
            note,
        ],
    )
    return state(row)


def transaction(method):
    """Run a review in one transaction, then read the store through the reviews."""

    @functools.wraps(method)
    def run(store: Store, *args, **kwargs):
        store.con.execute("BEGIN TRANSACTION")
        try:
            result = method(store, *args, **kwargs)
            store.con.execute("COMMIT")
        except BaseException:
            store.con.execute("ROLLBACK")
            raise
        store.read_reviews()
        return result

    return run


def standing(store: Store, event_id: str) -> tuple[dict[str, Any], bool]:
    """`current`, refusing an event merged into another (E072): its reports are that one's now."""
    row, reviewed = current(store, event_id)
    if row.get("merged_into"):
        raise UsageError(errors.E072.format(value=event_id, into=row["merged_into"]))
    return row, reviewed


@transaction
def review(
    store: Store,
    event_id: str,
    reviewer: str,
    status: str | None = None,
    changes: Mapping[str, str] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Accept, reject or edit an event.

    Args:
        status: accepted or rejected; None keeps the event's status.
        changes: field -> value (FIELDS): type, source, target (code or name), direction (swap),
            modality, date (YYYY[-MM[-DD]], empty clears), place, amount (USD), aid_kind (a comma list).
    Returns:
        The event's new state: {"event": record, "review_status", "merged_into", "origin"}.
    Raises:
        NotFound: E025 for an unknown event. UsageError: E071 when there is nothing to do, E072
        for an event merged into another, or a value that is not valid.
    """
    changes = dict(changes or {})
    if status is None and not changes and not note:
        raise UsageError(errors.E071)
    status = values.parse_choice(status, STATUSES, "status")
    row, reviewed = standing(store, event_id)
    event = event_of(row)
    apply(event, changes, store)
    kept = kept_state(row, reviewed)
    if status:
        kept["review_status"] = status
    action = "edit" if changes else (status or "note")
    return write(store, row, event, kept, reviewer, action, note)


@transaction
def add_event(
    store: Store,
    doc_id: str,
    char_start: int,
    char_end: int,
    fields: Mapping[str, str],
    reviewer: str,
    note: str | None = None,
) -> dict[str, Any]:
    """An event an analyst made by hand from a span of a document (a sentence the machine missed).

    Args:
        fields: as `review`'s changes; `type`, `source` and `target` are needed. Without a date
            the event takes its document's, as an upper bound (date_precision "document").
    Raises:
        NotFound: E026 for an unknown document. UsageError: E075 for a span outside the text.
    """
    found = store.con.execute(
        f"SELECT text, CAST(date AS VARCHAR) FROM {store.documents_table} WHERE doc_id = ?", [doc_id]
    ).fetchone()
    if found is None:
        raise NotFound(errors.E026.format(value=doc_id))
    text, published = found
    if not 0 <= char_start < char_end <= len(text):
        raise UsageError(errors.E075.format(start=char_start, end=char_end, doc=doc_id, length=len(text)))
    parse_settings([f"{k}={v}" for k, v in fields.items()])
    for needed in ("type", "source", "target"):
        if not fields.get(needed):
            raise UsageError(errors.E028.format(name=needed, cause="needed for an event made by hand"))
    key = "|".join(
        map(str, ("hand", doc_id, char_start, char_end, fields["type"], fields["source"], fields["target"]))
    )
    event = Event(
        event_id="h" + hashlib.sha256(key.encode()).hexdigest()[:15],
        doc_id=doc_id,
        type=all_types()[0],
        cameo="",
        plover=None,
        quad_class=0,
        goldstein=0.0,
        modality=fields.get("modality") or "realized",
        source=None,
        target=None,
        date=published,
        date_precision="document" if published else None,
        location=None,
        amount=None,
        sentence=text[char_start:char_end],
        char_start=char_start,
        char_end=char_end,
        confidence=1.0,
        explanation=f"made by hand by {reviewer}",
    )
    apply(event, fields, store)
    status = {"review_status": "accepted", "origin": "hand"}
    return write(store, None, event, status, reviewer, "add", note)


@transaction
def merge(store: Store, event_ids: list[str], reviewer: str, note: str | None = None) -> dict[str, Any]:
    """Merge events that report the same thing into the first: it takes the others' reports
    (mentions), and they leave the reviewed state (merged_into the first).

    Raises:
        UsageError: E073 for fewer than two distinct events.
    """
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise UsageError(errors.E073.format(value=", ".join(event_ids) or "none"))
    row, reviewed = standing(store, ids[0])
    into = event_of(row)
    for other_id in ids[1:]:
        other_row, other_reviewed = standing(store, other_id)
        other = event_of(other_row)
        have = {(m.doc_id, m.char_start) for m in into.mentions}
        into.mentions += [m for m in other.mentions if (m.doc_id, m.char_start) not in have]
        kept = kept_state(other_row, other_reviewed)
        write(store, other_row, other, {**kept, "merged_into": into.event_id}, reviewer, "merged", note)
    into.count_reports()
    kept = kept_state(row, reviewed)
    return write(store, row, into, kept, reviewer, "merge", note)


@transaction
def split(
    store: Store, event_id: str, reports: list[int], reviewer: str, note: str | None = None
) -> list[dict]:
    """Split reports off an event: each becomes an event of its own again (the event merged into
    this one that brought it comes back, else a new event like this one with that report as
    evidence).

    Args:
        reports: indexes into the event's mentions, 1 and up (0, its own evidence, stays).
    Returns:
        The states of the event and of those split off.
    Raises:
        UsageError: E074 for an index that is not one of the event's other reports.
    """
    row, reviewed = standing(store, event_id)
    event = event_of(row)
    last = len(event.mentions) - 1
    for number in reports:
        if not 1 <= number <= last:
            raise UsageError(errors.E074.format(value=event_id, number=number, last=last))
    chosen = [event.mentions[n] for n in sorted(set(reports))]
    merged_in = records(store.con.execute("SELECT * FROM event_reviews WHERE merged_into = ?", [event_id]))
    results, leaving = [], set()
    for mention in chosen:
        origin = next(
            (r for r in merged_in if (r["doc_id"], r["char_start"]) == (mention.doc_id, mention.char_start)),
            None,
        )
        if origin is not None:
            part = event_of(origin)
            leaving |= {(m.doc_id, m.char_start) for m in part.mentions}
            status = {**kept_state(origin, True), "merged_into": None}
            results.append(write(store, origin, part, status, reviewer, "unmerge", note))
        else:
            leaving.add((mention.doc_id, mention.char_start))
            results.append(
                write(store, None, split_event(event, mention), {"origin": "split"}, reviewer, "split", note)
            )
    event.mentions = [
        m for i, m in enumerate(event.mentions) if i == 0 or (m.doc_id, m.char_start) not in leaving
    ]
    event.count_reports()
    kept = kept_state(row, reviewed)
    return [write(store, row, event, kept, reviewer, "split", note), *results]


def split_event(event: Event, mention: Mention) -> Event:
    """An event like `event` whose one report is `mention`."""
    key = "|".join(map(str, ("split", event.event_id, mention.doc_id, mention.char_start)))
    part = Event.from_dict(event.to_dict())
    part.event_id = "s" + hashlib.sha256(key.encode()).hexdigest()[:15]
    part.doc_id, part.sentence, part.trigger = mention.doc_id, mention.sentence, mention.trigger
    part.char_start, part.char_end, part.cited_source = (
        mention.char_start,
        mention.char_end,
        mention.cited_source,
    )
    part.mentions = [mention]
    part.count_reports()
    return part


@transaction
def edit_document(
    store: Store, doc_id: str, changes: Mapping[str, str], reviewer: str, note: str | None = None
) -> dict[str, Any]:
    """Correct a document's date, title or publisher. A new date re-dates its events that took
    their date from the document (date_precision "document") or had none.

    Returns:
        {"document": the corrected metadata, "redated": ids of the events re-dated}.
    Raises:
        NotFound: E026 for an unknown document. UsageError: E079 with no field, E012 for a bad date.
    """
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(DOCUMENT_FIELDS)
    if not changes or unknown:
        raise UsageError(errors.E079)
    # a year or a month is the document's date at that precision, anchored at its end as ingest does
    given = values.parse_date(changes["date"]) if "date" in changes else None
    date = period_end(given)[0] if given else None
    found = records(
        store.con.execute(
            f"SELECT doc_id, title, publisher, CAST(date AS VARCHAR) AS date FROM {store.documents_table}"
            " WHERE doc_id = ?",
            [doc_id],
        )
    )
    if not found:
        raise NotFound(errors.E026.format(value=doc_id))
    before = found[0]
    after = {**before, **changes, **({"date": date} if date else {})}
    store.con.execute(
        "INSERT OR REPLACE INTO document_reviews VALUES (?, ?, ?, ?)",
        [doc_id, after["title"], after["publisher"], after["date"]],
    )
    store.con.execute(
        "INSERT INTO reviews (doc_id, reviewer, action, before, after, note) VALUES (?, ?, 'document', ?, ?, ?)",
        [doc_id, reviewer, json.dumps(before), json.dumps(after), note],
    )
    redated = []
    if date:
        store.read_reviews()
        undated = store.con.execute(
            f"SELECT event_id FROM {store.events_table} WHERE doc_id = ?"
            " AND (date IS NULL OR date_precision = 'document') ORDER BY char_start, event_id",
            [doc_id],
        ).fetchall()
        for (event_id,) in undated:
            row, reviewed = current(store, event_id)
            event = event_of(row)
            event.date, event.date_precision = given, "document"
            kept = kept_state(row, reviewed)
            write(store, row, event, kept, reviewer, "redate", f"document date {given}")
            redated.append(event_id)
    return {"document": after, "redated": redated}


def history(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The audit trail of an event, oldest first, with the edits of its document.

    Raises:
        NotFound: E025 for an event neither the machine nor an analyst made.
    """
    row, _ = current(store, event_id)
    cursor = store.con.execute(
        "SELECT id, event_id, doc_id, reviewer, CAST(made_at AS VARCHAR) AS made_at, action, before, after, note"
        " FROM reviews WHERE event_id = ? OR (event_id IS NULL AND doc_id = ?) ORDER BY id",
        [event_id, row["doc_id"]],
    )
    found = records(cursor)
    for entry in found:
        entry["before"], entry["after"] = json.loads(entry["before"]), json.loads(entry["after"])
    return found


def flagged(store: Store) -> list[str]:
    """Ids of reviewed machine events that the store's events no longer hold: an ingest of a new
    version of their document, or of the extractor, did not find them again."""
    rows = store.con.execute(
        "SELECT event_id FROM event_reviews WHERE origin = 'machine'"
        " AND event_id NOT IN (SELECT event_id FROM events) ORDER BY event_id"
    ).fetchall()
    return [event_id for (event_id,) in rows]


INGEST = "allyscope ingest"  # the reviewer of the reports a new document adds to a reviewed event


def follow(store: Store, events: list[Event], documents: set[str]) -> None:
    """Give reviewed events the reports that new `documents` add to them: Store.append joined
    those reports to the machine's events of the same ids, and the analyst's state, which every
    query reads, must not miss them. A report of an event merged into another goes to that one.
    Runs inside the caller's transaction."""
    if not events or not store.con.execute("SELECT count(*) FROM event_reviews").fetchone()[0]:
        return
    for event in events:
        new = [m for m in event.mentions if m.doc_id in documents]
        state = reviewed_state(store, event.event_id)
        while state is not None and state["merged_into"]:
            state = reviewed_state(store, state["merged_into"])
        if state is None or not new:
            continue
        reviewed = event_of(state)
        have = {(m.doc_id, m.char_start) for m in reviewed.mentions}
        added = [m for m in new if (m.doc_id, m.char_start) not in have]
        if added:
            reviewed.mentions += added
            reviewed.count_reports()
            write(
                store,
                state,
                reviewed,
                kept_state(state, True),
                INGEST,
                "reports",
                f"{len(added)} new report(s)",
            )
