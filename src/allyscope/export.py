"""Events out of the store: CSV, Parquet, Excel, GDELT-style TSV and PLOVER JSON.

The GDELT TSV uses GDELT 2.0 event column names where a field applies and leaves the others out;
codes stay allyscope's (ISO3 countries rather than GDELT's FIPS place codes). IsRootEvent is 1
when the evidence is the document's first sentence. The PLOVER JSON follows the PLOVER event
fields (id, date, actor1, actor2, event, mode, context, ...) with allyscope's modality and
evidence added. The Excel workbook has a sheet of events, each with its evidence sentence and a
link to its document, and a sheet of the country's partners with the event ids behind each row.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from . import safe
from .ontology import cameo_table, scored_types
from .output import output
from .store.rows import EVENT_COLUMNS

FORMATS = ("csv", "parquet", "xlsx", "tsv-gdelt", "plover-json")
# the events table's columns (less the JSON record) and the document's, as Store.query_events gives
FLAT_COLUMNS = [c for c in EVENT_COLUMNS if c not in ("day", "record")] + [
    "doc_title",
    "doc_publisher",
    "doc_url",
    "doc_path",
]


def source_url(row: pd.Series) -> str:
    """The document's URL, else a file URI of the path it was read from."""
    if isinstance(row.get("doc_url"), str) and row["doc_url"]:
        return row["doc_url"]
    path = row.get("doc_path")
    if isinstance(path, str) and path not in ("", "-"):
        return Path(path).resolve().as_uri()
    return ""


def joined_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a list in a cell (the event ids of a partners row) as one field, joined by
    ";", for CSV and spreadsheets."""
    lists = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, list)).any()]
    return frame.assign(**{c: frame[c].map(";".join) for c in lists})


def flat(events: pd.DataFrame) -> pd.DataFrame:
    """Events as flat columns (aid_kind joined with ';'), without the JSON record."""
    out = events.reindex(columns=FLAT_COLUMNS).copy()
    out["aid_kind"] = out["aid_kind"].map(lambda kinds: ";".join(kinds) if kinds is not None else "")
    return out


def actor_columns(events: pd.DataFrame, side: str, number: int) -> dict[str, pd.Series]:
    """GDELT Actor<n> columns of one side of the events."""
    from .actors.dictionary import code_names

    known = code_names()
    records = events["record"].map(json.loads)
    actor = records.map(lambda r: r.get(side) or {})
    cameo = actor.map(lambda a: a.get("cameo_code") or a.get("code") or "")
    code = events[f"{side}_code"].fillna("")
    # a state's own code, else the state a group's CAMEO code starts with (Hamas is PSEINS)
    country = [
        c
        if known.get(c, ("", "state"))[1] == "state"
        else (k[:3] if known.get(k[:3], ("", ""))[1] == "state" else "")
        for c, k in zip(code, cameo, strict=True)
    ]
    prefix = f"Actor{number}"
    return {
        f"{prefix}Code": cameo,
        f"{prefix}Name": events[f"{side}_name"].fillna("").str.upper(),
        f"{prefix}CountryCode": pd.Series(country, index=events.index, dtype=object).where(code != "", ""),
        f"{prefix}KnownGroupCode": code.where(
            code.map(lambda c: known.get(c, ("", "state"))[1] != "state"), ""
        ),
        f"{prefix}Type1Code": events[f"{side}_sector"].fillna(""),
    }


def to_gdelt(events: pd.DataFrame) -> pd.DataFrame:
    """Events as GDELT event columns.

    Args:
        events: stored events (Store.query_events).
    Returns:
        DataFrame whose columns are GDELT 2.0 event field names.
    """
    day = pd.to_datetime(events["day"])
    return pd.DataFrame(
        {
            # GDELT ids are signed 64-bit integers: our 16 hex digits less their top bit
            "GLOBALEVENTID": events["event_id"].map(lambda i: int(i, 16) % 2**63),
            "SQLDATE": day.dt.strftime("%Y%m%d"),
            "MonthYear": day.dt.strftime("%Y%m"),
            "Year": day.dt.strftime("%Y"),
            "FractionDate": (day.dt.year + (day.dt.day_of_year - 1) / 365).round(4),
            **actor_columns(events, "source", 1),
            **actor_columns(events, "target", 2),
            "IsRootEvent": (events["char_start"] == 0).astype(int),
            "EventCode": events["cameo"],
            "EventBaseCode": events["cameo"].str[:3],
            "EventRootCode": events["cameo"].str[:2],
            "QuadClass": events["quad_class"],
            "GoldsteinScale": events["goldstein"],
            "NumMentions": 1,
            "NumSources": 1,
            "NumArticles": 1,
            "ActionGeo_FullName": events["location_name"].fillna(""),
            "ActionGeo_CountryCode": events["location_country"].fillna(""),
            "ActionGeo_Lat": events["lat"],
            "ActionGeo_Long": events["lon"],
            "SOURCEURL": events.apply(source_url, axis=1) if len(events) else pd.Series(dtype=str),
        }
    )


def plover_actor(actor: dict | None) -> dict | None:
    if not actor:
        return None
    return {
        "name": actor["name"],
        "code": actor["code"],
        "kind": actor["kind"],
        "sector": actor.get("sector"),
        "text": actor["text"],
    }


def to_plover(events: pd.DataFrame) -> list[dict]:
    """Events as PLOVER event records.

    Args:
        events: stored events (Store.query_events).
    Returns:
        A list of dicts: id, date, actor1, actor2, event, mode, context, quad_class, goldstein,
        location, amount, modality, source, text.
    """
    out, scored = [], scored_types()
    for (_, row), record in zip(events.iterrows(), events["record"].map(json.loads), strict=True):
        out.append(
            {
                "id": record["event_id"],
                "date": record["date"],
                "actor1": plover_actor(record["source"]),
                "actor2": plover_actor(record["target"]),
                "event": record["plover"],
                "mode": cameo_table()[record["cameo"]]["plover_mode"],
                # security cooperation is military; a general event's context is its aid kind, if any
                "context": (["military"] if record["type"] in scored else []) + record["aid_kind"],
                "quad_class": record["quad_class"],
                "goldstein": record["goldstein"],
                "location": record["location"],
                "amount": record["amount"],
                "modality": record["modality"],
                "source": {
                    "doc_id": record["doc_id"],
                    "title": row["doc_title"],
                    "publisher": row["doc_publisher"],
                    "url": source_url(row),
                    "cited": record["cited_source"],
                },
                "text": record["sentence"],
            }
        )
    return out


def to_xlsx(events: pd.DataFrame, out: Path, partners: pd.DataFrame | None = None) -> None:
    """An Excel workbook: sheet `events` (flat columns, the evidence sentence, a link to the
    document) and, given a partner portfolio (analysis.partners.portfolio), sheet `partners`
    with the event ids of each row joined by ";". A cell Excel would take for a formula is
    written with a leading `'`, as in CSV (openpyxl stores a text starting with "=" as one)."""
    sheets = {"events": flat(events).assign(link=events.apply(source_url, axis=1) if len(events) else "")}
    if partners is not None:
        sheets["partners"] = joined_lists(partners)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe.csv_frame(frame).to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[name]
            sheet.auto_filter.ref = sheet.dimensions
            for column in sheet.iter_cols(min_row=1, max_row=1):
                width = 70 if column[0].value == "sentence" else 14
                sheet.column_dimensions[column[0].column_letter].width = width
        links = writer.sheets["events"]
        column = list(sheets["events"].columns).index("link") + 1
        for row in range(2, len(events) + 2):
            cell = links.cell(row=row, column=column)
            if cell.value:
                cell.hyperlink, cell.style = cell.value, "Hyperlink"


def export(
    events: pd.DataFrame,
    out: str | Path,
    format: str = "csv",
    force: bool = False,
    store: str | Path | None = None,
    partners: pd.DataFrame | None = None,
) -> Path | None:
    """Write events to a file.

    Args:
        events: stored events (Store.query_events).
        out: the file to write, or `-` for stdout.
        format: csv, parquet, xlsx, tsv-gdelt (tab-separated, header of GDELT names) or
            plover-json (a JSON array of PLOVER records). A CSV, TSV or Excel cell that a
            spreadsheet would read as a formula is written with a leading `'` (safe.csv_cell).
        force: overwrite `out` if it exists.
        store: the store the events come from; `out` may not be it (output.check_out).
        partners: for xlsx, a partner portfolio to write as a second sheet.
    Returns:
        The path written; None for stdout.
    Raises:
        UsageError: as output.check_out.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; use {', '.join(FORMATS)}")
    with output(out, force, store) as part:
        if format == "csv":
            safe.csv_frame(flat(events)).to_csv(part, index=False)
        elif format == "xlsx":
            to_xlsx(events, part, partners)
        elif format == "parquet":
            # DuckDB writes Parquet without pulling in pyarrow
            frame = events.drop(columns=["record"], errors="ignore")
            duckdb.from_df(frame).write_parquet(str(part))
        elif format == "tsv-gdelt":
            safe.csv_frame(to_gdelt(events)).to_csv(part, sep="\t", index=False)
        else:
            part.write_text(json.dumps(to_plover(events), ensure_ascii=False, indent=1), encoding="utf-8")
    return None if str(out) == "-" else Path(out)
