"""The FastAPI application: JSON endpoints under /api over one store file, and the web page at /.

Each request opens the DuckDB file read-only and closes it when done: DuckDB connections
must not be shared across threads, and holding the file open between requests would lock
`allyscope ingest` out for as long as the server runs.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import numpy as np
import pandas as pd
import pycountry
import typer
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .. import errors
from ..analysis.concentration import verdict
from ..analysis.partners import portfolio
from ..cli.options import parse_country, parse_date_option
from ..documents.dates import parse_iso_date
from ..documents.reader import read_text
from ..errors import InputError
from ..model import Event
from ..ontology import ALL_TYPES, MODALITIES
from ..pipeline import extract_documents
from ..store import Store

WEB = Path(__file__).parent.parent / "web"
# spaCy pipelines are not documented as safe for concurrent use from several threads.
EXTRACT_LOCK = threading.Lock()

EventType = Literal[ALL_TYPES]
Modality = Literal[MODALITIES]
Period = Literal["month", "quarter", "year", "all"]


@dataclass
class DocumentRef:
    """The document an event comes from."""

    doc_id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass
class StoredEvent(Event):
    """An event record (SPEC.md) with its source document."""

    document: DocumentRef | None = None


class EventPage(BaseModel):
    """One page of the events matching a query; `total` counts them all."""

    total: int
    limit: int
    offset: int
    events: list[StoredEvent]


class DocumentSummary(BaseModel):
    doc_id: str
    title: str | None
    publisher: str | None
    date: str | None
    date_source: str | None
    path: str | None
    n_events: int


class DocumentDetail(DocumentSummary):
    """A document with its full text and its events (offsets index `text`)."""

    url: str | None
    text: str
    events: list[Event]


class Country(BaseModel):
    """A country or organisation that is a party to at least one stored event."""

    code: str
    name: str
    kind: str
    events: int


class PartnerTable(BaseModel):
    """Store.partners rows as records, whatever columns it returns."""

    country: str
    by: Period
    since: str | None
    until: str | None
    rows: list[dict[str, Any]]
    verdict: dict[str, Any] | None = Field(
        None, description="analysis.concentration.verdict: `text` and the numbers behind it."
    )


class Health(BaseModel):
    status: str
    store: str
    documents: int
    events: int


class ExtractRequest(BaseModel):
    text: str = Field(
        min_length=1, max_length=1_000_000, description="Article text, optionally with a header."
    )
    date: str | None = Field(None, description="Document date YYYY-MM-DD for resolving relative dates.")


def open_store(request: Request) -> Iterator[Store]:
    """A read-only Store on the app's file for the length of one request."""
    try:
        store = Store(request.app.state.db_path, read_only=True)
    except duckdb.Error as exc:
        raise HTTPException(503, f"cannot open the store ({exc}); retry when the ingest finishes") from exc
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(open_store)]


def checked(parse, value: str | None) -> str | None:
    """`value` through one of the CLI's option parsers, with its usage error as a 422."""
    try:
        return parse(value)
    except typer.BadParameter as exc:
        raise HTTPException(422, str(exc)) from exc


def plain(value: Any) -> Any:
    """A DataFrame cell as a JSON value: NaN/NA -> None, numpy scalars and arrays -> Python, days -> ISO."""
    if isinstance(value, np.ndarray | list | tuple):
        return [plain(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value == value.replace(hour=0, minute=0, second=0)
            else value.isoformat()
        )
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts."""
    return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def stored_events(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Events of a `Store.query_events` frame: each stored JSON record with its document added."""
    rows = zip(
        frame["record"],
        frame["doc_id"],
        frame["doc_title"],
        frame["doc_publisher"],
        frame["doc_url"],
        strict=True,
    )
    found = []
    for record, doc_id, title, publisher, url in rows:
        event = json.loads(record)
        event["document"] = {
            "doc_id": doc_id,
            "title": plain(title),
            "publisher": plain(publisher),
            "url": plain(url),
        }
        found.append(event)
    return found


router = APIRouter(prefix="/api")


@router.get("/health")
def health(store: StoreDep) -> Health:
    """Whether the store opens, and how much it holds."""
    documents, events = store.counts()
    return Health(status="ok", store=store.path, documents=documents, events=events)


@router.get("/countries")
def countries(store: StoreDep) -> list[Country]:
    """Countries and organisations that are a party to stored events, by name."""
    rows = store.parties()
    found = []
    for code, name, kind, n in rows:
        # a code seen only through a person or agency carries that person's name, not the country's
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        found.append(
            Country(code=code, name=name or (country.name if country else code), kind=kind, events=n)
        )
    return sorted(found, key=lambda c: c.name)


@router.get("/events")
def events(
    store: StoreDep,
    country: Annotated[
        str | None, Query(description="ISO3 code or organisation acronym (either side).")
    ] = None,
    type: EventType | None = None,
    since: Annotated[str | None, Query(description="Earliest event date YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, Query(description="Latest event date YYYY[-MM[-DD]].")] = None,
    modality: Modality | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EventPage:
    """Stored events in date order, filtered as `allyscope events` filters them."""
    filters = {
        "country": checked(parse_country, country),
        "type": type,
        "since": checked(parse_date_option, since),
        "until": checked(parse_date_option, until),
        "modality": modality,
    }
    page = store.query_events(**filters, limit=limit, offset=offset)
    return EventPage(
        total=store.count_events(**filters), limit=limit, offset=offset, events=stored_events(page)
    )


@router.get("/events/{event_id}", responses={404: {"description": "No such event"}})
def event(store: StoreDep, event_id: str) -> StoredEvent:
    """One stored event with its source document."""
    frame = store.query_events(event_id=event_id)
    if frame.empty:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return stored_events(frame)[0]


@router.get("/documents")
def documents(store: StoreDep) -> list[DocumentSummary]:
    """Stored documents (without text) in date order."""
    return records(store.documents())


@router.get("/documents/{doc_id}", responses={404: {"description": "No such document"}})
def document(store: StoreDep, doc_id: str) -> DocumentDetail:
    """One document with its text and its events."""
    found = store.document(doc_id)
    if found is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return found


@router.get("/partners/{iso3}")
def partners(
    store: StoreDep,
    iso3: str,
    by: Period = "year",
    since: Annotated[str | None, Query(description="Earliest event date YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, Query(description="Latest event date YYYY[-MM[-DD]].")] = None,
) -> PartnerTable:
    """The country's security partners per period (Store.partners: counts, shares, HHI, whatever
    columns it gives) and the verdict on its dependence (analysis.concentration.verdict)."""
    code = checked(parse_country, iso3)
    since, until = checked(parse_date_option, since), checked(parse_date_option, until)
    events = store.query_events(country=code, since=since, until=until)
    frame, judged = portfolio(events, code, by=by), verdict(events, code, by=by)
    return PartnerTable(
        country=code, by=by, since=since, until=until, rows=records(frame), verdict=records(judged)[0]
    )


@router.post("/extract")
def extract(body: ExtractRequest) -> list[Event]:
    """Events of one posted article; nothing is stored."""
    date = None
    if body.date is not None:
        date = parse_iso_date(body.date)
        if date is None:
            raise HTTPException(422, errors.E012.format(value=body.date))
    # allyscope.extract would read a short text that names an existing file as that file
    try:
        document = read_text(body.text, path="<request>", date=date)
    except InputError as exc:
        raise HTTPException(422, exc.cause) from exc
    with EXTRACT_LOCK:
        return [e for _, found in extract_documents([document]) for e in found]


def create_app(db_path: str | Path) -> FastAPI:
    """The web page and REST API over one store.

    Args:
        db_path: the DuckDB file, opened read-only on each request.
    Returns:
        A FastAPI app: JSON under /api, OpenAPI docs at /docs, the page at /.
    Raises:
        FileNotFoundError: if `db_path` does not exist.
    """
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such store; build one with `allyscope ingest` or `allyscope demo`"
        )
    app = FastAPI(
        title="allyscope",
        summary="Security-cooperation events from English news, and partner-dependence analysis.",
        version="0.1.0",
    )
    app.state.db_path = str(path)
    app.include_router(router)
    app.mount("/", StaticFiles(directory=WEB, html=True), name="web")
    return app
