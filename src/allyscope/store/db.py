"""The Store: ingest documents into one DuckDB file and query their events.

Ingest is idempotent (a document whose `doc_id` is stored is skipped) and each batch of
documents is written in one transaction, so an interrupted ingest leaves no half batch and a
rerun resumes where it stopped (see `store.ingest`).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .. import errors
from ..errors import InputError, NotFound, Unavailable
from ..model import Document, Event
from ..values import env_number
from .rows import DOC_ID, MENTION_COLUMNS, Rows, event_tables, first_day, rows_of

if TYPE_CHECKING:
    import pandas as pd

    from ..workers import Guard

SCHEMA = Path(__file__).with_name("schema.sql")
LOCK_WAIT = 10.0  # seconds a writer waits for another process to release the store
HOLDER_CHARS = 200  # of the command line of the process that holds the store, in the message
REVIEW_SCHEMA = Path(__file__).with_name("reviews.sql")


# date order; event_id last, so that the events of one sentence come in the same order on every run
EVENT_ORDER = "e.day NULLS LAST, e.doc_id, e.char_start, e.event_id"
REVERSE_ORDER = "e.day DESC NULLS FIRST, e.doc_id DESC, e.char_start DESC, e.event_id DESC"
DEEP_PAGE = 10_000  # an offset from which a page may be counted from the end


def default_db_path() -> str:
    """`ALLYSCOPE_DB` if set, else ./allyscope.duckdb."""
    return os.environ.get("ALLYSCOPE_DB", "allyscope.duckdb")


@dataclass
class IngestReport:
    """What an ingest did: documents added, skipped as already stored, events added (grouped
    within each document), how many of those joined an event stored before, errors (unreadable,
    skipped by the guard, or an id taken by another document), and the paths of the added
    documents that have no date."""

    added: int = 0
    skipped: int = 0
    events: int = 0
    joined: int = 0
    errors: list[InputError] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)


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


def report_record(record: dict, ordinal: int) -> dict:
    """A stored event's record as the record of one of its reports (the per-mention view): the
    report's document and evidence, and the report as its one mention."""
    mention = record["mentions"][ordinal]
    outlet = (mention.get("cited_source") or {}).get("outlet") or mention.get("publisher")
    evidence = {
        k: mention[k] for k in ("doc_id", "sentence", "char_start", "char_end", "trigger", "cited_source")
    }
    return {
        **record,
        **evidence,
        "mentions": [mention],
        "n_documents": 1,
        "sources": [outlet] if outlet else [],
    }


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
    min_confidence: float | None = None,
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
    if min_confidence:
        where.append("e.confidence >= ?")
        params.append(min_confidence)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def connect_for_writing(path: str) -> duckdb.DuckDBPyConnection:
    """A writable connection to the store at `path`; while another process holds the file, try
    again for up to ALLYSCOPE_LOCK_WAIT seconds.

    Raises:
        Unavailable: E031 naming the process that still holds the store; E027 for a file that
            is no store.
        UsageError: E090 for an ALLYSCOPE_LOCK_WAIT that is no number of seconds.
    """
    seconds = env_number("ALLYSCOPE_LOCK_WAIT", LOCK_WAIT, 0)
    deadline = time.monotonic() + seconds
    while True:
        try:
            return duckdb.connect(path)
        except duckdb.IOException as exc:
            message = str(exc)
            if "Conflicting lock" not in message:
                raise Unavailable(errors.E027.format(path=path, cause=message.splitlines()[0])) from None
            if time.monotonic() >= deadline:
                raise Unavailable(
                    errors.E031.format(path=path, holder=holder(message), seconds=seconds)
                ) from None
            time.sleep(0.2)
        except duckdb.Error as exc:
            raise Unavailable(errors.E027.format(path=path, cause=str(exc).splitlines()[0])) from None


def holder(lock_message: str) -> str:
    """The process DuckDB's lock error names, with its command line where this user may read it."""
    found = re.search(r"\(PID (\d+)\)", lock_message)
    if not found:
        return "another process"
    pid = found.group(1)
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return f"process {pid}"
    command = " ".join(command.replace("\0", " ").split())  # one line, whatever the arguments hold
    return f"process {pid} ({command[:HOLDER_CHARS]}{'…' if len(command) > HOLDER_CHARS else ''})"


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
        if read_only:
            self.con = duckdb.connect(self.path, read_only=True)
        else:
            self.con = connect_for_writing(self.path)
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
        self.mentions_table = "reviewed_mentions" if reviewed else "mentions"

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

    def stored(self, doc_ids: list[str]) -> dict[str, tuple[str, str | None]]:
        """doc_id -> (content_id of its text, path) of those of `doc_ids` that are stored, in one query."""
        from ..documents.reader import content_id

        rows = self.con.execute(
            "SELECT doc_id, text_hash, path, CASE WHEN text_hash IS NULL THEN text END FROM documents"
            " WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [doc_ids],
        ).fetchall()
        return {doc_id: (found or content_id(text or ""), path) for doc_id, found, path, text in rows}

    def ingest(
        self,
        paths: Iterable[str | Path],
        date: str | None = None,
        actors: tuple[str, ...] = (),
        scheduler: str | None = None,
        on_document: Callable[[Document | InputError, int], None] | None = None,
        workers: int = 0,
        guard: Guard | None = None,
    ) -> IngestReport:
        """Read, extract and store every new document under `paths`, a batch at a time.

        Args:
            paths: files, folders or "-".
            date: document date for documents without one (see `extract`).
            actors: extra actor dictionaries.
            scheduler: a Dask scheduler address ("tcp://host:8786") or "local" to extract on a
                Dask cluster.
            on_document: called after each document (or error) with its event count, for progress.
            workers: extract in this many worker processes, each document within `guard`'s
                time and memory budget; 0 extracts in this process, unguarded.
            guard: the budget of one document; default `Guard.from_env()`.
        Returns:
            An IngestReport.
        """
        from ..documents import read_documents

        return self.ingest_documents(
            read_documents(paths, date=date), actors, scheduler, on_document, workers, guard
        )

    def ingest_documents(
        self,
        items: Iterable[Document | InputError],
        actors: tuple[str, ...] = (),
        scheduler: str | None = None,
        on_document: Callable[[Document | InputError, int], None] | None = None,
        workers: int = 0,
        guard: Guard | None = None,
    ) -> IngestReport:
        """`ingest` for documents as `read_documents` gives them, errors included (read as needed)."""
        from .ingest import ingest

        return ingest(self, items, tuple(map(str, actors)), scheduler, on_document, workers, guard)

    def append(self, rows: Rows) -> int:
        """Store a batch of documents with their events in one transaction (one `INSERT ...
        SELECT` per table), and the configuration of the pipeline that extracted them.

        An event that reports a stored event (coreference.absorb: same type and dyad, agreeing
        facts, something that ties them) joins it: the stored event takes the new mentions and
        keeps its id. Returns how many of the batch's events joined a stored one.
        """
        from ..coreference import absorb

        new = rows.events
        self.con.execute("BEGIN TRANSACTION")
        try:
            joined = absorb(self.stored_like(new), new) if new else None
            if joined and joined.updated:
                ids = [e.event_id for e in joined.updated]
                marks = ", ".join("?" * len(ids))
                self.con.execute(f"DELETE FROM mentions WHERE event_id IN ({marks})", ids)
                self.con.execute(f"DELETE FROM events WHERE event_id IN ({marks})", ids)
            events, mentions = event_tables(joined.updated + joined.added) if joined else (None, None)
            documents, actors = rows.tables()
            for table, frame in (
                ("documents", documents),
                ("events", events),
                ("mentions", mentions),
                ("actors", actors),
            ):
                if frame is not None and frame.num_rows:
                    columns = ", ".join(frame.column_names)
                    self.con.register("batch", frame)
                    self.con.execute(
                        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM batch ON CONFLICT DO NOTHING"
                    )
                    self.con.unregister("batch")
            if joined and joined.updated:
                from .reviews import follow

                follow(self, joined.updated, {row[DOC_ID] for row in rows.documents})
            if rows.config:
                self.con.execute(
                    "INSERT OR REPLACE INTO settings VALUES ('pipeline', ?)", [json.dumps(rows.config)]
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return sum(len(ids) for ids in joined.absorbed.values()) if joined else 0

    def write(
        self,
        document: Document,
        events: list[Event],
        code_name: Callable[[str], tuple[str, str, str]] = code_name,
    ) -> int:
        """Store one document and its events in a single transaction; `code_name` names the
        parties' codes (a Pipeline's, so that codes of extra actor dictionaries are named).
        Returns how many of the document's events joined a stored event."""
        return self.append(rows_of([(document, events)], code_name))

    def stored_like(self, events: list[Event]) -> list[Event]:
        """The stored events the new ones may join: those of their types and dyads (either way
        round where the type is symmetric), read by one narrow query."""
        from ..coreference import dyad
        from ..ontology import is_directed

        where, params = [], []
        for type_, one, two in sorted({dyad(e) for e in events}, key=str):
            pairs = [(one, two)] if is_directed(type_) else [(one, two), (two, one)]
            for a, b in dict.fromkeys(pairs):
                where.append(
                    "(type = ? AND source_code IS NOT DISTINCT FROM ? AND target_code IS NOT DISTINCT FROM ?)"
                )
                params += [type_, a, b]
        if not where:
            return []
        rows = self.con.execute(f"SELECT record FROM events WHERE {' OR '.join(where)}", params).fetchall()
        return [Event.from_dict(json.loads(r)) for (r,) in rows]

    def query_events(
        self,
        country: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        event_id: str | None = None,
        min_confidence: float | None = None,
        partner: str | None = None,
        review: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        columns: list[str] | None = None,
        ordered: bool = True,
        count: str = "events",
    ) -> pd.DataFrame:
        """Stored events as a DataFrame, filtered by country (either side), type, day range,
        modality, id or least confidence; `limit` and `offset` page through them in date order.

        Args:
            partner: only events between `country` and this party (without `country`: either side).
            review: unreviewed, low_confidence (under 0.6) or changed (reviewed in the last day).
            columns: the events table's columns to read (the analysis needs a dozen); default
                all of them plus the document's doc_title, doc_publisher, doc_url and doc_path.
            ordered: False leaves the rows in the order the database finds them, which saves
                sorting a country's 200,000 events when their order does not matter.
            count: "events", or "mentions" for one row per report of an event (the event's
                columns with the report's document, sentence, offsets, trigger and citation).
        """
        source = self.relation(count)
        where, params = self.filters(
            country=country,
            type=type,
            since=since,
            until=until,
            modality=modality,
            event_id=event_id,
            min_confidence=min_confidence,
            partner=partner,
            review=review,
        )
        if limit is not None and count == "mentions":
            where += f" ORDER BY {EVENT_ORDER}, e.ordinal LIMIT {int(limit)} OFFSET {int(offset)}"
        elif limit is not None:
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
            sql = f"SELECT {', '.join(f'e.{c}' for c in columns)} FROM (SELECT * FROM {source}{where}) e"
        else:
            # the documents of the chosen events only: a join with the whole table scans all of it
            sql = (
                f"WITH e AS (SELECT * FROM {source}{where}) SELECT e.*, d.title AS doc_title,"
                " d.publisher AS doc_publisher, d.url AS doc_url, d.path AS doc_path FROM e LEFT JOIN"
                f" (SELECT doc_id, title, publisher, url, path FROM {self.documents_table}"
                " WHERE doc_id IN (SELECT doc_id FROM e)) d USING (doc_id)"
            )
        order = EVENT_ORDER + (", e.ordinal" if count == "mentions" else "")
        return self.con.execute(sql + (f" ORDER BY {order}" if ordered else ""), params).df()

    def filters(self, **filters) -> tuple[str, list]:
        """`event_filters` on the events this store reads (the reviewed view or the machine's)."""
        return event_filters(**filters, reviewed=self.events_table != "events")

    def relation(self, count: str = "events") -> str:
        """What a query counts, as the relation `e`: the events this store reads, or one row per
        mention carrying its event's columns with the mention's own document and evidence, and
        `n_mentions` 1 (the per-mention view; a reviewed event's mentions are those of its
        reviewed state, so a merge or split moves its reports)."""
        if count == "events":
            return f"{self.events_table} e"
        own = ", ".join([*(f"m.{c} AS {c}" for c in MENTION_COLUMNS[2:]), "1 AS n_mentions"])
        return (
            f"(SELECT e.* REPLACE ({own}), m.ordinal FROM {self.mentions_table} m"
            f" JOIN {self.events_table} e USING (event_id)) e"
        )

    def count_events(self, count: str = "events", **filters) -> int:
        """How many stored events (or their mentions, `count="mentions"`) pass the filters of
        `query_events`."""
        where, params = self.filters(**filters)
        return self.con.execute(f"SELECT count(*) FROM {self.relation(count)}{where}", params).fetchone()[0]

    def events(self, count: str = "events", **filters) -> list[Event]:
        """Stored events as Event records; the filters and paging of `query_events`. With
        `count="mentions"`, each report is a record of its own: its event with the report's
        document and evidence as its one mention."""
        if count == "events":
            frame = self.query_events(**filters, columns=["record"])
            return [Event.from_dict(json.loads(r)) for r in frame["record"]]
        frame = self.query_events(**filters, columns=["record", "ordinal"], count=count)
        return [
            Event.from_dict(report_record(json.loads(r), n))
            for r, n in zip(frame["record"], frame["ordinal"], strict=True)
        ]

    def arrangement_events(self, country: str) -> list[Event]:
        """The country's events that an arrangement rule fitted when they were stored (a base
        opened, border guards withdrawn, a treaty signed), whatever their date: an arrangement
        opened before a window may be active in it."""
        rows = self.con.execute(
            f"SELECT record FROM {self.events_table} WHERE arrangement IS NOT NULL"
            " AND (source_code = ? OR target_code = ?)",
            [country, country],
        ).fetchall()
        return [Event.from_dict(json.loads(r)) for (r,) in rows]

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
        count: str = "events",
    ) -> pd.DataFrame:
        """Events of `types` between two different coded parties, counted per kind of event: the
        rows of a dyad network, summed in the database rather than read one by one.

        Args:
            types: the event types to count.
            country: only the country, the parties it has such events with, and the events among
                them.
            since, until: the day range.
            among: only events whose two parties are both among these codes.
            count: "events", or "mentions" to count every report of an event.
        Returns:
            DataFrame: source_code, source_kind, target_code, target_kind, type, modality,
            goldstein, amount_usd, and `n` events alike in all of them.
        """
        marks = ", ".join("?" * len(among or ()))
        scope = [f"e.type IN ({', '.join('?' * len(types))})", "e.source_code <> e.target_code"]
        if among is not None:
            scope += [f"e.source_code IN ({marks})", f"e.target_code IN ({marks})"] if among else ["false"]
        where, params = event_filters(since=since, until=until, also=tuple(scope))
        sql = f"SELECT e.* FROM {self.relation(count)}{where}"
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
        # the events it reports, those that other documents reported first included
        records = self.con.execute(
            f"SELECT e.record FROM {self.events_table} e JOIN (SELECT event_id, min(char_start) AS at"
            f" FROM {self.mentions_table} WHERE doc_id = ? GROUP BY event_id) m USING (event_id)"
            " ORDER BY m.at, e.event_id",
            [doc_id],
        ).fetchall()
        found["events"] = [json.loads(r) for (r,) in records]
        return found

    def counts(self) -> tuple[int, int]:
        """(documents, events) stored."""
        return self.con.execute(
            f"SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM {self.events_table})"
        ).fetchone()

    def grouping_counts(self) -> tuple[int, int, int]:
        """(mentions, events within documents, events): every stored report, the events the
        documents give once each one's reports are joined, and the events once reports of one
        event in several documents are joined too."""
        return self.con.execute(
            "SELECT (SELECT count(*) FROM mentions), (SELECT CAST(coalesce(sum(n_events), 0) AS INTEGER)"
            " FROM documents), (SELECT count(*) FROM events)"
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
