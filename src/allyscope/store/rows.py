"""A batch of extracted documents as the store's rows, which the writer turns into one Arrow table
per table of the store and appends with one `INSERT ... SELECT` each. The rows are built where the
extraction runs (a worker process, a Dask worker), so that the process that owns the store only
appends; the Arrow tables are built by the writer, because `pa.array` imports pandas (about 0.3 s
of CPU) to ask whether its input is a pandas object, and a worker would pay that on every start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from ..documents.reader import content_id
from ..model import Document, Event

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("url", pa.string()),
        ("date", pa.string()),
        ("date_source", pa.string()),
        ("path", pa.string()),
        ("text", pa.string()),
        ("text_hash", pa.string()),
        ("n_events", pa.int32()),
    ]
)
EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("type", pa.string()),
        ("cameo", pa.string()),
        ("plover", pa.string()),
        ("quad_class", pa.int32()),
        ("goldstein", pa.float64()),
        ("modality", pa.string()),
        ("source_code", pa.string()),
        ("source_name", pa.string()),
        ("source_kind", pa.string()),
        ("source_sector", pa.string()),
        ("target_code", pa.string()),
        ("target_name", pa.string()),
        ("target_kind", pa.string()),
        ("target_sector", pa.string()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("day", pa.string()),
        ("location_name", pa.string()),
        ("location_country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("amount_value", pa.float64()),
        ("amount_currency", pa.string()),
        ("amount_usd", pa.float64()),
        ("aid_kind", pa.list_(pa.string())),
        ("cited_outlet", pa.string()),
        ("cited_date", pa.string()),
        ("sentence", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("confidence", pa.float64()),
        ("explanation", pa.string()),
        ("trigger", pa.string()),
        ("record", pa.string()),
        ("n_mentions", pa.int32()),
        ("n_documents", pa.int32()),
        ("sources", pa.list_(pa.string())),
        ("arrangement", pa.string()),
    ]
)
EVENT_COLUMNS = EVENT_SCHEMA.names
MENTION_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("ordinal", pa.int32()),
        ("doc_id", pa.string()),
        ("sentence", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("trigger", pa.string()),
        ("cited_outlet", pa.string()),
        ("cited_date", pa.string()),
    ]
)
MENTION_COLUMNS = MENTION_SCHEMA.names
# places in a document's row
DOC_ID, PATH, DATE, N_EVENTS = (
    DOCUMENT_SCHEMA.get_field_index(n) for n in ("doc_id", "path", "date", "n_events")
)
ACTOR_SCHEMA = pa.schema([("code", pa.string()), ("name", pa.string()), ("kind", pa.string())])


def first_day(date: str | None) -> str | None:
    """`2004` -> `2004-01-01`, `2004-09` -> `2004-09-01`: a sortable day for partial dates."""
    if not date:
        return None
    parts = (date.split("-") + ["01", "01"])[:3]
    return "-".join(parts)


def event_row(event: Event) -> list:
    from ..analysis.arrangements import classify

    rule = classify(event)
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
        event.to_json(),
        len(event.mentions),
        event.n_documents,
        event.sources,
        rule and rule.kind,
    ]


def mention_rows(event: Event) -> list[list]:
    return [
        [
            event.event_id,
            ordinal,
            m.doc_id,
            m.sentence,
            m.char_start,
            m.char_end,
            m.trigger,
            (m.cited_source or {}).get("outlet"),
            (m.cited_source or {}).get("date"),
        ]
        for ordinal, m in enumerate(event.mentions)
    ]


def event_tables(events: list[Event]) -> tuple[pa.Table, pa.Table]:
    """The events' rows and their mentions' rows."""
    return (
        table([event_row(e) for e in events], EVENT_SCHEMA),
        table([row for e in events for row in mention_rows(e)], MENTION_SCHEMA),
    )


def table(rows: list[list], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    return pa.table([pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema)


@dataclass
class Rows:
    """The rows of a batch of documents, ready to append.

    Attributes:
        documents, actors: rows in the columns of the store's tables (DOCUMENT_SCHEMA,
            ACTOR_SCHEMA); `tables` makes them Arrow tables.
        events: the documents' events as each document's grouping left them; the writer joins
            them into stored ones and only then builds their rows (`event_tables`).
        config: the configuration of the pipeline that extracted them (`Pipeline.config`).
    """

    documents: list[list]
    events: list[Event]
    actors: list[tuple[str, str, str]]
    config: dict = field(default_factory=dict)

    @classmethod
    def joined(cls, parts: list[Rows]) -> Rows:
        """The rows of several batches, to append in one transaction."""
        return cls(
            [row for part in parts for row in part.documents],
            [event for part in parts for event in part.events],
            sorted({actor for part in parts for actor in part.actors}),
            parts[0].config,
        )

    def tables(self) -> tuple[pa.Table, pa.Table]:
        """The documents' and the actors' Arrow tables."""
        return table(self.documents, DOCUMENT_SCHEMA), table(self.actors, ACTOR_SCHEMA)


def rows_of(
    pairs: list[tuple[Document, list[Event]]],
    code_name: Callable[[str], tuple[str, str, str]],
    config: dict | None = None,
) -> Rows:
    """The rows of extracted documents; `code_name` names the parties' codes (a Pipeline's, so
    that the codes of extra actor dictionaries are named)."""
    documents = [
        [
            d.doc_id,
            d.title,
            d.publisher,
            d.url,
            d.date,
            d.date_source,
            d.path,
            d.text,
            content_id(d.text),
            len(e),
        ]
        for d, e in pairs
    ]
    actors = {code_name(a.code) for _, found in pairs for e in found for a in (e.source, e.target) if a}
    return Rows(documents, [e for _, found in pairs for e in found], sorted(actors), config or {})


def extract_rows(documents: list[Document], actors: tuple[str, ...] = ()) -> Rows:
    """Extract a batch of documents and give their rows (what a worker runs)."""
    from .. import pipeline as stages

    pairs = list(stages.extract_documents(documents, actors))
    pipeline = stages.Pipeline.of(actors=actors)  # the one extract_documents ran: built once per process
    return rows_of(pairs, pipeline.code_name, pipeline.config())
