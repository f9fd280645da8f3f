"""The Store: ingest documents into one DuckDB file and query their events.

Ingest is idempotent (a document whose `doc_id` is stored is skipped) and each document is
written in its own transaction, so an interrupted ingest leaves no half document and a rerun
resumes where it stopped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from .. import errors
from ..errors import InputError, NotFound, Unavailable
from ..model import Document, Event

if TYPE_CHECKING:
    from ..pipeline import Pipeline

SCHEMA = Path(__file__).with_name("schema.sql")
REVIEW_SCHEMA = Path(__file__).with_name("reviews.sql")
EVENT_COLUMNS = [
    "event_id",
    "doc_id",
    "type",
    "cameo",
    "plover",
    "quad_class",
    "goldstein",
    "modality",
    "source_code",
    "source_name",
    "source_kind",
    "source_sector",
    "target_code",
    "target_name",
    "target_kind",
    "target_sector",
    "date",
    "date_precision",
    "day",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "amount_value",
    "amount_currency",
    "amount_usd",
    "aid_kind",
    "cited_outlet",
    "cited_date",
    "sentence",
    "char_start",
    "char_end",
    "confidence",
    "explanation",
    "trigger",
    "record",
]


# date order; event_id last, so that the events of one sentence come in the same order on every run
EVENT_ORDER = "e.day NULLS LAST, e.doc_id, e.char_start, e.event_id"
REVERSE_ORDER = "e.day DESC NULLS FIRST, e.doc_id DESC, e.char_start DESC, e.event_id DESC"
DEEP_PAGE = 10_000  # an offset from which a page may be counted from the end


def default_db_path() -> str:
    """`ALLYSCOPE_DB` if set, else ./allyscope.duckdb."""
    return os.environ.get("ALLYSCOPE_DB", "allyscope.duckdb")


@dataclass
class IngestReport:
    """What an ingest did: documents added, skipped as already stored, events added, errors."""

    added: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)


def last_day(date: str) -> str:
    """`2004` -> `2004-12-31`, `2004-02` -> `2004-02-29`: the end of a partial date's period."""
    import calendar

    parts = date.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return date


def first_day(date: str | None) -> str | None:
    """`2004` -> `2004-01-01`, `2004-09` -> `2004-09-01`: a sortable day for partial dates."""
    if not date:
        return None
    parts = (date.split("-") + ["01", "01"])[:3]
    return "-".join(parts)


def event_row(event: Event) -> list:
    src, tgt, loc, amt, cite = (
        event.source,
        event.target,
        event.location or {},
        event.amount or {},
        (event.cited_source or {}),
    )
    return [
        event.event_id,
        event.doc_id,
        event.type,
        event.cameo,
        event.plover,
        event.quad_class,
        event.goldstein,
        event.modality,
        src and src.code,
        src and src.name,
        src and src.kind,
        src and src.sector,
        tgt and tgt.code,
        tgt and tgt.name,
        tgt and tgt.kind,
        tgt and tgt.sector,
        event.date,
        event.date_precision,
        first_day(event.date),
        loc.get("name"),
        loc.get("country"),
        loc.get("lat"),
        loc.get("lon"),
        amt.get("value"),
        amt.get("currency"),
        amt.get("value_usd"),
        event.aid_kind,
        cite.get("outlet"),
        cite.get("date"),
        event.sentence,
        event.char_start,
        event.char_end,
        event.confidence,
        event.explanation,
        event.trigger,
        json.dumps(event.to_dict()),
    ]


def code_name(code: str) -> tuple[str, str, str]:
    """(code, name, kind) of a party code, from the actor dictionary (a person's or agency's
    code is their state's, so the row names the state)."""
    from ..actors.dictionary import code_names

    name, kind = code_names().get(code, (code, "state"))
    return code, name, kind


# review filters: the condition on the reviewed view, and on the machine's table (nothing reviewed)
REVIEW_FILTERS = {
    "unreviewed": ("e.review_status IS NULL", "true"),
    "low_confidence": ("e.confidence < 0.6", "e.confidence < 0.6"),
    "changed": ("e.reviewed_at >= now()::TIMESTAMP - INTERVAL 1 DAY", "false"),
}


def event_filters(
    country: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    event_id: str | None = None,
    partner: str | None = None,
    review: str | None = None,
    reviewed: bool = True,
    also: tuple[str, ...] = (),
) -> tuple[str, list]:
    """The WHERE clause (on events `e`) and its parameters for the filters of `Store.query_events`;
    `also` are conditions of the caller's, whose parameters come before the filters'. `reviewed`
    says whether `e` is the reviewed view (with review columns) or the machine's table."""
    where, params = list(also), []
    if event_id:
        where.append("e.event_id = ?")
        params.append(event_id)
    if country and partner:
        where.append(
            "((e.source_code = ? AND e.target_code = ?) OR (e.source_code = ? AND e.target_code = ?))"
        )
        params += [country.upper(), partner.upper(), partner.upper(), country.upper()]
    elif country or partner:
        where.append("(e.source_code = ? OR e.target_code = ?)")
        params += [(country or partner).upper()] * 2
    if review:
        where.append(REVIEW_FILTERS[review][0 if reviewed else 1])
    if type:
        where.append("e.type = ?")
        params.append(type)
    if since:
        where.append("e.day >= ?")
        params.append(first_day(since))
    if until:
        where.append("e.day <= ?")
        params.append(last_day(until))
    if modality:
        where.append("e.modality = ?")
        params.append(modality)
    return (" WHERE " + " AND ".join(where) if where else ""), params


class Store:
    """An allyscope database file.

    Args:
        path: the DuckDB file (created if missing); default `default_db_path()`.
        read_only: open without write access (several readers may share the file).
        raw: read the machine's events and documents as extracted, without the analysts' reviews
            (store/reviews.py); by default every query reads the reviewed state.
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False, raw: bool = False):
        self.path = str(path or default_db_path())
        self.raw = raw
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA.read_text())
            self.con.execute(REVIEW_SCHEMA.read_text())
        self.read_reviews()

    def read_reviews(self) -> None:
        """Point the queries at the reviewed views, or at the machine's tables when the store is
        opened `raw` or holds no review (`has_reviews`): a store from before reviews has no views,
        and reading a million events through an empty overlay costs a join for nothing."""
        self.has_reviews = bool(
            self.con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reviews'"
                " AND database_name = current_database()"
            ).fetchone()[0]
            and self.con.execute("SELECT count(*) FROM reviews").fetchone()[0]
        )
        reviewed = self.has_reviews and not self.raw
        self.events_table = "reviewed_events" if reviewed else "events"
        self.documents_table = "reviewed_documents" if reviewed else "documents"

    @classmethod
    def for_reading(cls, path: str | Path | None = None, raw: bool = False, write: bool = False) -> Store:
        """Open a store read-only to query it (several readers may share the file).

        Args:
            raw: the machine's events, without reviews.
            write: open it for writing too (a server that takes reviews: DuckDB refuses to open
                one file read-only and read-write in the same process).
        Raises:
            NotFound: E020 when there is no store at `path`; a query never creates one.
        """
        path = str(path or default_db_path())
        if not Path(path).is_file():
            raise NotFound(errors.E020.format(path=path))
        try:
            return cls(path, read_only=not write, raw=raw)
        except duckdb.Error as exc:
            cause = str(exc).splitlines()[0]
            raise Unavailable(errors.E027.format(path=path, cause=cause)) from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has_document(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone() is not None

    def ingest(
        self,
        paths: Iterable[str | Path],
        date: str | None = None,
        actors: tuple[str, ...] = (),
        scheduler: str | None = None,
        on_document: Callable[[Document | InputError, int], None] | None = None,
    ) -> IngestReport:
        """Read, extract and store every new document under `paths`.

        Args:
            paths: files, folders or "-".
            date: document date for documents without one (see `extract`).
            actors: extra actor dictionaries.
            scheduler: a Dask scheduler address ("tcp://host:8786") or "local" to extract on a
                Dask cluster; None extracts in this process.
            on_document: called after each document (or error) with its event count, for progress.
        Returns:
            An IngestReport.
        """
        from ..documents import read_documents

        return self.ingest_documents(read_documents(paths, date=date), actors, scheduler, on_document)

    def ingest_documents(
        self,
        items: Iterable[Document | InputError],
        actors: tuple[str, ...] = (),
        scheduler: str | None = None,
        on_document: Callable[[Document | InputError, int], None] | None = None,
    ) -> IngestReport:
        """`ingest` for documents already read (`read_documents`), errors included."""
        report = IngestReport()
        new_docs: list[Document] = []
        seen: set[str] = set()
        for item in items:
            if isinstance(item, InputError):
                report.errors.append(item)
                if on_document:
                    on_document(item, 0)
            elif item.doc_id in seen or self.has_document(item.doc_id):
                report.skipped += 1
                if on_document:
                    on_document(item, 0)
            else:
                seen.add(item.doc_id)
                new_docs.append(item)
        from ..pipeline import Pipeline, extract_documents  # spaCy: only when ingesting

        pipeline = Pipeline.of(actors=tuple(str(a) for a in actors))
        self.record_pipeline(pipeline)
        if scheduler:
            from ..scale import extract_on_cluster

            results = extract_on_cluster(new_docs, scheduler, actors)
        else:
            results = extract_documents(new_docs, actors)
        for document, events in results:
            self.write(document, events, pipeline.code_name)
            report.added += 1
            report.events += len(events)
            if on_document:
                on_document(document, len(events))
        return report

    def record_pipeline(self, pipeline: Pipeline) -> None:
        """Remember the configuration (language, rules, actor dictionaries, model) of the last ingest."""
        self.con.execute(
            "INSERT OR REPLACE INTO settings VALUES ('pipeline', ?)", [json.dumps(pipeline.config())]
        )

    def write(
        self,
        document: Document,
        events: list[Event],
        code_name: Callable[[str], tuple[str, str, str]] = code_name,
    ) -> None:
        """Store one document and its events in a single transaction; `code_name` names the
        parties' codes (a Pipeline's, so that codes of extra actor dictionaries are named)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "INSERT INTO documents (doc_id, title, publisher, url, date, date_source, path, text,"
                " n_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    document.doc_id,
                    document.title,
                    document.publisher,
                    document.url,
                    document.date,
                    document.date_source,
                    document.path,
                    document.text,
                    len(events),
                ],
            )
            if events:
                placeholders = ", ".join("?" * len(EVENT_COLUMNS))
                self.con.executemany(
                    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})"
                    " ON CONFLICT DO NOTHING",
                    [event_row(e) for e in events],
                )
                actors = {code_name(a.code) for e in events for a in (e.source, e.target) if a is not None}
                self.con.executemany(
                    "INSERT INTO actors VALUES (?, ?, ?) ON CONFLICT DO NOTHING", sorted(actors)
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def query_events(
        self,
        country: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        event_id: str | None = None,
        partner: str | None = None,
        review: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        columns: list[str] | None = None,
        ordered: bool = True,
    ) -> pd.DataFrame:
        """Stored events as a DataFrame, filtered by country (either side), type, day range,
        modality or id; `limit` and `offset` page through them in date order.

        Args:
            partner: only events between `country` and this party (without `country`: either side).
            review: unreviewed, low_confidence (under 0.6) or changed (reviewed in the last day).
            columns: the events table's columns to read (the analysis needs a dozen); default
                all of them plus the document's doc_title, doc_publisher, doc_url and doc_path.
            ordered: False leaves the rows in the order the database finds them, which saves
                sorting a country's 200,000 events when their order does not matter.
        """
        where, params = self.filters(
            country=country,
            type=type,
            since=since,
            until=until,
            modality=modality,
            event_id=event_id,
            partner=partner,
            review=review,
        )
        if limit is not None:
            # the page's ids from a sort of ids alone, then its rows by id: sorting whole rows (the
            # JSON record, the sentence) of a country with 200,000 events takes seconds
            order, skip, take = EVENT_ORDER, offset, limit
            if offset > DEEP_PAGE:
                # a page past the middle is counted from the end: a sort keeps only what lies
                # before the page, and the last page of 200,000 events is then a short sort too
                total = self.con.execute(
                    f"SELECT count(*) FROM {self.events_table} e{where}", params
                ).fetchone()[0]
                if offset > total / 2:
                    order, skip, take = (
                        REVERSE_ORDER,
                        max(0, total - offset - limit),
                        max(0, min(limit, total - offset)),
                    )
            page = self.con.execute(
                f"SELECT e.event_id FROM {self.events_table} e{where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, take, skip],
            ).fetchall()
            params = [event_id for (event_id,) in page]
            where = f" WHERE e.event_id IN ({', '.join('?' * len(params))})" if params else " WHERE false"
        if columns is not None:
            sql = f"SELECT {', '.join(f'e.{c}' for c in columns)} FROM {self.events_table} e{where}"
        else:
            # the documents of the chosen events only: a join with the whole table scans all of it
            sql = (
                f"WITH e AS (SELECT * FROM {self.events_table} e{where}) SELECT e.*, d.title AS doc_title,"
                " d.publisher AS doc_publisher, d.url AS doc_url, d.path AS doc_path FROM e LEFT JOIN"
                f" (SELECT doc_id, title, publisher, url, path FROM {self.documents_table}"
                " WHERE doc_id IN (SELECT doc_id FROM e)) d USING (doc_id)"
            )
        return self.con.execute(sql + (f" ORDER BY {EVENT_ORDER}" if ordered else ""), params).df()

    def filters(self, **filters) -> tuple[str, list]:
        """`event_filters` on the events this store reads (the reviewed view or the machine's)."""
        return event_filters(**filters, reviewed=self.events_table != "events")

    def count_events(self, **filters) -> int:
        """How many stored events pass the filters of `query_events`."""
        where, params = self.filters(**filters)
        return self.con.execute(f"SELECT count(*) FROM {self.events_table} e{where}", params).fetchone()[0]

    def events(self, **filters) -> list[Event]:
        """Stored events as Event records; the filters and paging of `query_events`."""
        frame = self.query_events(**filters, columns=["record"])
        return [Event.from_dict(json.loads(r)) for r in frame["record"]]

    def names(self, **filters) -> pd.DataFrame:
        """Distinct (code, name, kind) of the parties to the events that pass the filters of
        `query_events`: a country's 200,000 events name a few hundred parties."""
        where, params = self.filters(**filters)
        return self.con.execute(
            f"SELECT DISTINCT source_code AS code, source_name AS name, source_kind AS kind"
            f" FROM {self.events_table} e{where} UNION SELECT DISTINCT target_code, target_name, target_kind"
            f" FROM {self.events_table} e{where}",
            params * 2,
        ).df()

    def ties(
        self,
        types: tuple[str, ...],
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        among: list[str] | None = None,
    ) -> pd.DataFrame:
        """Events of `types` between two different coded parties, counted per kind of event: the
        rows of a dyad network, summed in the database rather than read one by one.

        Args:
            types: the event types to count.
            country: only the country, the parties it has such events with, and the events among
                them.
            since, until: the day range.
            among: only events whose two parties are both among these codes.
        Returns:
            DataFrame: source_code, source_kind, target_code, target_kind, type, modality,
            goldstein, amount_usd, and `n` events alike in all of them.
        """
        marks = ", ".join("?" * len(among or ()))
        scope = [f"e.type IN ({', '.join('?' * len(types))})", "e.source_code <> e.target_code"]
        if among is not None:
            scope += [f"e.source_code IN ({marks})", f"e.target_code IN ({marks})"] if among else ["false"]
        where, params = event_filters(since=since, until=until, also=tuple(scope))
        sql = f"SELECT e.* FROM {self.events_table} e{where}"
        args = [*types, *(among or ()), *(among or ()), *params]
        if country:
            sql = (
                f"WITH e AS ({sql}), ring AS (SELECT ? AS code UNION SELECT target_code FROM e"
                " WHERE source_code = ? UNION SELECT source_code FROM e WHERE target_code = ?)"
                " SELECT * FROM e WHERE source_code IN (SELECT code FROM ring)"
                " AND target_code IN (SELECT code FROM ring)"
            )
            args += [country, country, country]
        return self.con.execute(
            "SELECT source_code, source_kind, target_code, target_kind, type, modality, goldstein,"
            f" amount_usd, count(*) AS n FROM ({sql}) GROUP BY ALL ORDER BY ALL",
            args,
        ).df()

    def documents(self, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Stored documents without their text, in date order; `limit` and `offset` page."""
        sql = (
            "SELECT doc_id, title, publisher, CAST(date AS VARCHAR) AS date, date_source, path,"
            f" n_events FROM {self.documents_table} ORDER BY date NULLS LAST, doc_id"
        )
        params = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        return self.con.execute(sql, params).df()

    def document(self, doc_id: str) -> dict | None:
        """One document with its url, text and `events` (stored JSON records in text order)."""
        cursor = self.con.execute(
            "SELECT doc_id, title, publisher, CAST(date AS VARCHAR) AS date, date_source, path, n_events,"
            f" url, text FROM {self.documents_table} WHERE doc_id = ?",
            [doc_id],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        found = dict(zip([c[0] for c in cursor.description], row, strict=True))
        records = self.con.execute(
            f"SELECT record FROM {self.events_table} WHERE doc_id = ? ORDER BY char_start, event_id", [doc_id]
        ).fetchall()
        found["events"] = [json.loads(r) for (r,) in records]
        return found

    def counts(self) -> tuple[int, int]:
        """(documents, events) stored."""
        return self.con.execute(
            f"SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM {self.events_table})"
        ).fetchone()

    def actors(self) -> dict[str, str]:
        """Code -> name of every actor the store holds, its users' own dictionaries included."""
        return dict(self.con.execute("SELECT code, name FROM actors").fetchall())

    def parties(self) -> list[tuple[str, str | None, str, int]]:
        """(code, name, kind, events) of every actor code that is a party to a stored event; the
        name is the one given to the state or organisation itself, else None. A code's kind is
        the dictionary's where it has one: "Bosnian Serbs" (non_state) do not make BIH a group."""
        rows = self.con.execute(
            f"""
            WITH sides AS (
                SELECT source_code AS code, source_name AS name, source_kind AS kind, false AS again
                FROM {self.events_table}
                UNION ALL
                SELECT target_code, target_name, target_kind, coalesce(target_code = source_code, false)
                FROM {self.events_table}
            )
            SELECT code,
                   any_value(name) FILTER (WHERE kind IN ('state', 'igo')),
                   CASE WHEN bool_or(kind = 'igo') THEN 'igo'
                        WHEN bool_or(kind = 'non_state') THEN 'non_state' ELSE 'state' END,
                   count(*) FILTER (WHERE NOT again)
            FROM sides WHERE code IS NOT NULL GROUP BY code
            """
        ).fetchall()
        from ..actors.dictionary import code_names

        known = code_names()
        return [(code, name, known[code][1] if code in known else kind, n) for code, name, kind, n in rows]
