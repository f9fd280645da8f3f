"""The review endpoints: accept, reject, edit, add, merge and split events, correct documents,
and read an event's history (store/reviews.py).

A write needs a server started to take reviews (`create_app(..., writable=True)`, the default of
`allyscope serve`); the token and the bound on a request's size are the whole app's
(api/guard.py). Every write names its reviewer; each field of a body is bounded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from .. import errors
from ..errors import Forbidden
from ..store import Store, reviews
from .stores import StoreDep

Text = Annotated[str, Field(max_length=500)]
Reviewer = Annotated[str, Field(min_length=1, max_length=100, description="Who makes the change.")]
Note = Annotated[str | None, Field(None, max_length=2000, description="Why: kept in the history.")]
EventId = Annotated[str, Field(min_length=1, max_length=64)]


class EventFields(BaseModel):
    """The fields an analyst may set; an empty string clears date, place and amount."""

    type: Text | None = None
    source: Text | None = Field(None, max_length=500, description="Code or name (RUS, Russia).")
    target: Text | None = Field(None, max_length=500, description="Code or name.")
    direction: Literal["swap"] | None = Field(None, description="swap exchanges the two parties.")
    modality: Text | None = None
    date: Text | None = Field(None, max_length=500, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    place: Text | None = None
    amount: Text | None = Field(None, max_length=500, description="US dollars.")
    aid_kind: Text | None = Field(None, max_length=500, description="Comma list: funds, equipment, ...")

    def changes(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class EventReview(BaseModel):
    status: Literal["accepted", "rejected"] | None = None
    fields: EventFields = EventFields()
    reviewer: Reviewer
    note: Note


class NewEvent(BaseModel):
    """An event made by hand from a span (a sentence) of a stored document."""

    doc_id: EventId
    char_start: int = Field(ge=0)
    char_end: int = Field(gt=0)
    fields: EventFields
    reviewer: Reviewer
    note: Note


class Merge(BaseModel):
    event_ids: list[EventId] = Field(min_length=2, max_length=50, description="The first takes the others.")
    reviewer: Reviewer
    note: Note


class Split(BaseModel):
    reports: list[int] = Field(min_length=1, max_length=50, description="Mention indexes, 1 and up.")
    reviewer: Reviewer
    note: Note


class DocumentEdit(BaseModel):
    date: Text | None = Field(None, max_length=500, description="YYYY-MM-DD; re-dates the undated events.")
    title: Text | None = None
    publisher: Text | None = None
    reviewer: Reviewer
    note: Note


class ReviewState(BaseModel):
    """An event's reviewed state."""

    event: dict[str, Any]
    review_status: str | None = Field(description="accepted, rejected, or null (edited only).")
    merged_into: str | None
    origin: str | None = Field(description="machine, hand or split.")


class DocumentResult(BaseModel):
    document: dict[str, Any]
    redated: list[str] = Field(description="The events given the new date.")


class Settings(BaseModel):
    """Whether this server takes reviews."""

    writable: bool
    flagged: list[str] = Field(description="Reviewed events that the last ingest no longer found.")


def authorized(request: Request) -> None:
    """Refuse a write to a read-only server (E078)."""
    if not request.app.state.writable:
        raise Forbidden(errors.E078)


# one review at a time: two transactions changing the same event would have DuckDB refuse one
WRITE_LOCK = threading.Lock()


def writing_store(request: Request, _: Annotated[None, Depends(authorized)]) -> Iterator[Store]:
    with WRITE_LOCK:
        store = Store.for_reading(request.app.state.db_path, write=True)
        try:
            yield store
        finally:
            store.close()


Writing = Annotated[Store, Depends(writing_store)]
router = APIRouter(prefix="/api")
NOT_FOUND = {404: {"description": "No such event or document"}}


@router.get("/review")
def settings(request: Request, store: StoreDep) -> Settings:
    """What the page needs to offer reviews."""
    writable = request.app.state.writable
    return Settings(
        writable=writable,
        flagged=reviews.flagged(store) if store.has_reviews else [],
    )


@router.patch("/events/{event_id}", responses=NOT_FOUND)
def review_event(store: Writing, event_id: str, body: EventReview) -> ReviewState:
    """Accept, reject or edit an event; the machine's own stays (`?raw` readers see it)."""
    return reviews.review(store, event_id, body.reviewer, body.status, body.fields.changes(), body.note)


@router.post("/events", responses=NOT_FOUND)
def add_event(store: Writing, body: NewEvent) -> ReviewState:
    """An event made by hand from a span of a document; type, source and target are needed."""
    return reviews.add_event(
        store, body.doc_id, body.char_start, body.char_end, body.fields.changes(), body.reviewer, body.note
    )


@router.post("/events/merge", responses=NOT_FOUND)
def merge_events(store: Writing, body: Merge) -> ReviewState:
    """Merge events that report the same thing into the first."""
    return reviews.merge(store, body.event_ids, body.reviewer, body.note)


@router.post("/events/{event_id}/split", responses=NOT_FOUND)
def split_event(store: Writing, event_id: str, body: Split) -> list[ReviewState]:
    """Split reports off an event into events of their own."""
    return reviews.split(store, event_id, body.reports, body.reviewer, body.note)


@router.get("/events/{event_id}/history", responses=NOT_FOUND)
def history(store: StoreDep, event_id: str) -> list[dict[str, Any]]:
    """The event's reviews, oldest first: reviewer, made_at, action, before, after, note."""
    if not store.has_reviews:  # nothing reviewed yet (or a store from before reviews)
        reviews.current(store, event_id)
        return []
    return reviews.history(store, event_id)


@router.patch("/documents/{doc_id}", responses=NOT_FOUND)
def edit_document(store: Writing, doc_id: str, body: DocumentEdit) -> DocumentResult:
    """Correct a document's date, title or publisher; a new date re-dates its undated events."""
    changes = {"date": body.date, "title": body.title, "publisher": body.publisher}
    return reviews.edit_document(store, doc_id, changes, body.reviewer, body.note)
