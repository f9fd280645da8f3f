"""The FastAPI application: JSON endpoints under /api over one store file, and the web page at /.

Each request opens the DuckDB file read-only and closes it when done: DuckDB connections
must not be shared across threads, and holding the file open between requests would lock
`allyscope ingest` out for as long as the server runs.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import pycountry
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .. import errors, values
from ..analysis.dependence import partners as dependence_of
from ..analysis.options import COUNTS, PERIODS, SCHEMES, Options
from ..errors import AllyscopeError, NotFound
from ..model import Event
from ..ontology import MODALITIES, all_types, scored_types, type_table
from ..store import Store
from ..store.db import REVIEW_FILTERS, report_record
from . import review
from .guard import MAX_BODY, Guard, check_bind
from .stores import StoreDep
from .workers import SECONDS, WORKERS, ExtractPool

WEB = Path(__file__).parent.parent / "web"

Period = Literal[PERIODS]
Weight = Literal[SCHEMES]
Count = Literal[COUNTS]
Review = Literal[tuple(REVIEW_FILTERS)]
COUNT = Query(
    description="events: each real-world event once (and, for partners, the standing arrangements);"
    " mentions: every report of an event, as its own record (press coverage)."
)
SINCE = Query(description="Earliest event date: YYYY, YYYY-MM or YYYY-MM-DD.")
UNTIL = Query(description="Latest event date: YYYY, YYYY-MM or YYYY-MM-DD (the whole period).")
MIN_CONFIDENCE = Query(
    description="Only events at least this confident, 0..1 (an event at 0.9 was right about 9 times in 10 on"
    " the development sets)."
)
COUNTRY = "Country or organisation: ISO3 code, acronym or name (TJK, NATO, Armenia)."


@dataclass
class DocumentRef:
    """The document an event comes from."""

    doc_id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass
class StoredEvent(Event):
    """An event record (SPEC.md) with its source document and its review status (accepted,
    rejected or null) and time."""

    document: DocumentRef | None = None
    review_status: str | None = None
    reviewed_at: str | None = None


class EventPage(BaseModel):
    """One page of the events matching a query; `total` counts them all."""

    country: str | None = Field(description="The code of the country asked for (given by code or name).")
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


class DocumentPage(BaseModel):
    """One page of the stored documents; `total` counts them all."""

    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]


class PartnerResult(BaseModel):
    """analysis.dependence: the portfolio, concentration, trend and verdict of one country."""

    country: str
    name: str
    options: dict[str, Any] = Field(description="by, since, until, weight, realized_only, period, count")
    portfolio: list[dict[str, Any]] = Field(description="Per period and partner: counts, aid, weight, share.")
    concentration: list[dict[str, Any]] = Field(description="Per period: HHI and its interval, top partner.")
    trend: dict[str, Any] = Field(description="Slope of HHI per year with its bootstrap interval.")
    verdict: dict[str, Any] = Field(description="`text` and the numbers behind it.")
    arrangements: list[dict[str, Any]] = Field(
        default=[],
        description="Standing arrangements (bases, border guards, leases, transit, alliances) active in"
        " the window: kind, partner, place, start, end (null while in force), weight and the events behind.",
    )


class TypeInfo(BaseModel):
    """An event type of data/types.csv."""

    name: str
    label: str
    scored: bool = Field(description="Counted by the partner analysis (security cooperation).")
    directed: bool = Field(description="Has a provider, host or requester side.")


class Ontology(BaseModel):
    """What events can be: their types and modalities, and the analysis' periods and weights."""

    types: list[TypeInfo]
    modalities: list[str]
    periods: list[str]
    weights: list[str]


class Health(BaseModel):
    status: str
    store: str = Field(description="The store's file name (not its path: that is the server's business).")
    documents: int
    events: int


class ExtractRequest(BaseModel):
    text: str = Field(
        min_length=1, max_length=MAX_BODY, description="Article text, optionally with a header."
    )
    date: str | None = Field(None, description="Document date YYYY-MM-DD for resolving relative dates.")


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
    """Events of a `Store.query_events` frame: each stored JSON record with its document and its
    review added (in the per-mention view, each report's record, store.db.report_record)."""
    ordinals = frame["ordinal"] if "ordinal" in frame else [None] * len(frame)
    unreviewed = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    rows = zip(
        frame["record"],
        ordinals,
        frame["doc_id"],
        frame["doc_title"],
        frame["doc_publisher"],
        frame["doc_url"],
        frame.get("review_status", unreviewed),
        frame.get("reviewed_at", unreviewed),
        strict=True,
    )
    found = []
    for record, ordinal, doc_id, title, publisher, url, status, at in rows:
        event = json.loads(record)
        if ordinal is not None:
            event = report_record(event, int(ordinal))
        event["review_status"], event["reviewed_at"] = plain(status), plain(at)
        event["document"] = {
            "doc_id": doc_id,
            "title": plain(title),
            "publisher": plain(publisher),
            "url": plain(url),
        }
        found.append(event)
    return found


def country_code(value: str | None, store: Store) -> str | None:
    """The code of a country or organisation given by code or name (values.parse_country)."""
    return values.parse_country(value, store.actors()).code if value is not None else None


router = APIRouter(prefix="/api")


@router.get("/health")
def health(store: StoreDep) -> Health:
    """Whether the store opens, and how much it holds."""
    documents, events = store.counts()
    return Health(status="ok", store=Path(store.path).name, documents=documents, events=events)


@router.get("/ontology")
def ontology() -> Ontology:
    """The event types of data/types.csv and the modalities, periods and weight schemes: the lists
    the web page offers."""
    scored = set(scored_types())
    rows = {t: type_table()[(t, "realized")] for t in all_types()}
    return Ontology(
        types=[
            TypeInfo(
                name=t,
                label=row.get("label") or t.replace("_", " ").capitalize(),
                scored=t in scored,
                directed=row["directed"] == "1",
            )
            for t, row in rows.items()
        ],
        modalities=list(MODALITIES),
        periods=list(PERIODS),
        weights=list(SCHEMES),
    )


def store_state(path: str) -> tuple:
    """What changes when the store does: size and time of the file and of its write-ahead log."""
    files = (Path(path), Path(f"{path}.wal"))
    return tuple((f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else None for f in files)


@lru_cache(maxsize=8)
def country_list(path: str, state: tuple, write: bool) -> list[Country]:
    """The parties to a store's events, for one state of the store (a scan of every event)."""
    with Store.for_reading(path, write=write) as store:
        rows = store.parties()
    found = []
    for code, name, kind, n in rows:
        # a code seen only through a person or agency carries that person's name, not the country's
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        found.append(
            Country(code=code, name=name or (country.name if country else code), kind=kind, events=n)
        )
    return sorted(found, key=lambda c: c.name)


@router.get("/countries")
def countries(request: Request) -> list[Country]:
    """Countries and organisations that are a party to stored events, by name."""
    path = request.app.state.db_path
    return country_list(path, store_state(path), request.app.state.writable)


@router.get("/events")
def events(
    store: StoreDep,
    country: Annotated[str | None, Query(description=COUNTRY + " Either side of the event.")] = None,
    type: Annotated[str | None, Query(description=f"One of {', '.join(all_types())}.")] = None,
    since: Annotated[str | None, SINCE] = None,
    until: Annotated[str | None, UNTIL] = None,
    modality: Annotated[str | None, Query(description=f"One of {', '.join(MODALITIES)}.")] = None,
    min_confidence: Annotated[float | None, MIN_CONFIDENCE] = None,
    partner: Annotated[str | None, Query(description=COUNTRY + " The other side, with `country`.")] = None,
    review: Annotated[
        Review | None,
        Query(
            description="Only unreviewed events, those of low confidence, or those reviewed in the last day."
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    count: Annotated[Count, COUNT] = "events",
) -> EventPage:
    """Stored events in date order, filtered as `allyscope events` filters them."""
    filters = {
        "country": country_code(country, store),
        "type": values.parse_type(type),
        "since": values.parse_date(since),
        "until": values.parse_date(until),
        "modality": values.parse_modality(modality),
        "min_confidence": values.check_share(min_confidence, "min_confidence"),
        "partner": country_code(partner, store),
        "review": review,
    }
    page = store.query_events(**filters, limit=limit, offset=offset, count=count)
    return EventPage(
        country=filters["country"],
        total=store.count_events(count, **filters),
        limit=limit,
        offset=offset,
        events=stored_events(page),
    )


@router.get("/events/{event_id}", responses={404: {"description": "No such event"}})
def event(store: StoreDep, event_id: str) -> StoredEvent:
    """One stored event with its source document."""
    frame = store.query_events(event_id=event_id)
    if frame.empty:
        raise NotFound(errors.E025.format(value=event_id))
    return stored_events(frame)[0]


@router.get("/documents")
def documents(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DocumentPage:
    """Stored documents (without text) in date order, one page at a time."""
    total, _ = store.counts()
    page = records(store.documents(limit=limit, offset=offset))
    return DocumentPage(total=total, limit=limit, offset=offset, documents=page)


@router.get("/documents/{doc_id}", responses={404: {"description": "No such document"}})
def document(store: StoreDep, doc_id: str) -> DocumentDetail:
    """One document with its text and its events."""
    found = store.document(doc_id)
    if found is None:
        raise NotFound(errors.E026.format(value=doc_id))
    return found


@lru_cache(maxsize=64)
def partner_result(
    path: str, state: tuple, country: str, options: Options, top: int, raw: bool, write: bool
) -> dict[str, Any]:
    """allyscope.partners as JSON for one state of the store. The analysis of a country with
    200,000 events takes seconds, and the page asks for the same result on every visit; a new
    ingest or a review changes `state` and so the key."""
    with Store.for_reading(path, raw=raw, write=write) as store:
        return dependence_of(store, country, options).to_json(top)


@router.get("/partners/{country}")
def partners(
    request: Request,
    store: StoreDep,
    country: str,
    by: Period = "year",
    since: Annotated[str | None, SINCE] = None,
    until: Annotated[str | None, UNTIL] = None,
    weight: Annotated[Weight, Query(description="What an event counts, times its modality weight.")] = "type",
    realized_only: Annotated[bool, Query(description="Count only realized events.")] = False,
    min_confidence: Annotated[float, MIN_CONFIDENCE] = 0.0,
    top: Annotated[int, Query(ge=0, description="Partners per period in `portfolio` (0: all).")] = 10,
    count: Annotated[Count, COUNT] = "events",
) -> PartnerResult:
    """The country's security partners per period (the `top` strongest of each), the concentration,
    its trend and the verdict on its dependence (analysis.dependence, as `allyscope partners
    --format json` gives it)."""
    options = Options(
        by=by,
        since=since,
        until=until,
        weight=weight,
        realized_only=realized_only,
        min_confidence=min_confidence,
        count=count,
    )
    path = request.app.state.db_path
    code = country_code(country, store)
    return partner_result(path, store_state(path), code, options, top, store.raw, request.app.state.writable)


@router.post("/extract", responses={503: {"description": "Every extraction worker is busy"}})
def extract(request: Request, body: ExtractRequest) -> list[Event]:
    """Events of one posted article; nothing is stored. The text is extracted in a worker
    process within a time budget (api/workers.py); the other endpoints answer meanwhile."""
    date = values.parse_date(body.date)
    return request.app.state.extract.run(body.text, date)


def error_response(request: Request, exc: AllyscopeError) -> JSONResponse:
    """An allyscope error as JSON: its coded one-line message, under the error's HTTP status."""
    message = str(exc.cause) if isinstance(exc, errors.InputError) else str(exc)
    return JSONResponse({"detail": message}, status_code=exc.status)


def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's check of a parameter's type or bounds as one coded line (E028), with a 422."""
    causes = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()
    )
    return JSONResponse({"detail": errors.E028.format(name="request", cause=causes)}, status_code=422)


def create_app(
    db_path: str | Path,
    host: str = "127.0.0.1",
    token: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
    extract_workers: int = WORKERS,
    extract_seconds: float = SECONDS,
    writable: bool = False,
) -> FastAPI:
    """The web page and REST API over one store.

    Args:
        db_path: the DuckDB file, opened on each request.
        host: the address the server listens on; one other machines can reach needs a token.
        token: what every /api/ request must send as `Authorization: Bearer <token>`; default
            $ALLYSCOPE_TOKEN (unset or empty: no token).
        allowed_hosts: names besides the loopback ones and `host` that the Host header may give.
        extract_workers: texts POST /api/extract extracts at once (api/workers.py).
        extract_seconds: the time budget of one of them.
        writable: take reviews (api/review.py): every request then opens the file read-write
            (DuckDB refuses both modes in one process); else read-only.
    Returns:
        A FastAPI app: JSON under /api, OpenAPI docs at /docs, the page at /, behind api/guard.py.
    Raises:
        NotFound: E020 if there is no store at `db_path`.
        UsageError: E054 for a `host` other machines can reach, without a token.
    """
    token = token or os.environ.get("ALLYSCOPE_TOKEN") or None
    check_bind(host, token)
    path = Path(db_path)
    if not path.is_file():
        raise NotFound(errors.E020.format(path=path))
    pool = ExtractPool(extract_workers, extract_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="allyscope",
        summary="Security-cooperation events from English news, and partner-dependence analysis.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.db_path = str(path)
    app.state.extract = pool
    app.state.writable = writable
    app.include_router(router)
    app.include_router(review.router)
    app.add_exception_handler(AllyscopeError, error_response)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.mount("/", StaticFiles(directory=WEB, html=True), name="web")
    app.add_middleware(Guard, host=host, token=token, allowed_hosts=allowed_hosts)
    return app
