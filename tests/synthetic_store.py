"""A small hand-made store for the analysis, report, network and export tests.

Tajikistan's partners, 2003 and 2004 (type weights: aid and exercises 3, consult 1, reduce 0;
modality: realized 1, planned 0.5, hypothetical 0):

2003: RUS exercise 3 + RUS consult 1 = 4; USA aid 3 ($1m)                    -> total 7
2004: RUS exercise 3 + RUS aid 3 + RUS hypothetical aid 0 + TJK->RUS planned
      withdrawal 0 = 6; USA aid 3 ($2.3m); IND consult 1 + planned aid 1.5 = 2.5;
      POL planned aid 1.5                                                     -> total 13
plus one statement (not scored) and one KGZ-RUS exercise (for the network only).
"""

from __future__ import annotations

from pathlib import Path

from allyscope.model import Actor, Document, Event
from allyscope.ontology import code
from allyscope.store import Store

NAMES = {
    "TJK": "Tajikistan",
    "RUS": "Russia",
    "USA": "United States",
    "IND": "India",
    "POL": "Poland",
    "KGZ": "Kyrgyzstan",
}


def actor(iso: str, text: str | None = None) -> Actor:
    return Actor(text=text or NAMES[iso], name=NAMES[iso], code=iso, kind="state", cameo_code=iso)


def event(n: int, doc: str, kind: str, modality: str, source: str, target: str, date: str, **extra) -> Event:
    coding = code(kind, modality)
    src, tgt = actor(source), actor(target)
    trigger = extra.pop("trigger", "held")
    return Event(
        event_id=f"{n:016x}",
        doc_id=doc,
        type=kind,
        cameo=coding.cameo,
        plover=coding.plover,
        quad_class=coding.quad_class,
        goldstein=coding.goldstein,
        modality=modality,
        source=src,
        target=tgt,
        date=date,
        date_precision="day",
        location=None,
        amount=extra.pop("amount", None),
        sentence=f"{src.text} and {tgt.text} {trigger} something on {date}.",
        char_start=n * 100,
        char_end=n * 100 + 50,
        trigger=trigger,
        **extra,
    )


def usd(value: float) -> dict:
    return {"text": f"${value:,.0f}", "value": value, "currency": "USD", "value_usd": value}


EVENTS_2003 = [
    (1, "military_cooperation", "realized", "RUS", "TJK", "2003-05-01"),
    (2, "military_aid", "realized", "USA", "TJK", "2003-06-01", {"amount": usd(1_000_000)}),
    (3, "consult", "realized", "RUS", "TJK", "2003-07-01"),
]
EVENTS_2004 = [
    (4, "military_cooperation", "realized", "RUS", "TJK", "2004-09-17", {"trigger": "manoeuvres"}),
    (5, "consult", "realized", "TJK", "IND", "2004-09-20", {"trigger": "hosted"}),
    (6, "military_aid", "planned", "IND", "TJK", "2004-09-20"),
    (7, "military_aid", "planned", "POL", "TJK", "2004-09-22"),
    (8, "military_aid", "realized", "USA", "TJK", "2004-09-24", {"amount": usd(2_300_000)}),
    (9, "military_aid", "hypothetical", "RUS", "TJK", "2004-10-01"),
    (10, "reduce_cooperation", "planned", "TJK", "RUS", "2004-10-02"),
    (11, "statement", "realized", "TJK", "RUS", "2004-10-03"),
    (
        12,
        "military_aid",
        "realized",
        "RUS",
        "TJK",
        "2004-10-04",
        {"cited_source": {"outlet": "Avesta", "date": None}},
    ),
    (13, "military_cooperation", "realized", "KGZ", "RUS", "2004-11-01"),
]


def build_store(path: Path) -> Path:
    """Write the two documents and their events to a DuckDB file at `path`."""
    with Store(path) as store:
        for doc_id, rows, year in (("doc2003", EVENTS_2003, 2003), ("doc2004", EVENTS_2004, 2004)):
            events = [event(n, doc_id, *rest[:5], **(rest[5] if len(rest) > 5 else {})) for n, *rest in rows]
            document = Document(
                text="...",
                doc_id=doc_id,
                title=f"Tajikistan's partners in {year}",
                publisher="Test Review",
                url=f"https://example.org/{doc_id}" if year == 2004 else None,
                date=f"{year}-12-31",
                path=f"/corpus/{doc_id}.txt",
            )
            store.write(document, events)
    return path


def written(folder: Path, texts: dict[str, str]) -> Path:
    """`folder` holding a file per name of `texts`."""
    for name, text in texts.items():
        (folder / name).write_text(text)
    return folder


def ingested(folder: Path, texts: dict[str, str]) -> Path:
    """A store at `folder/built.duckdb` of the `texts` written into `folder` and ingested."""
    with Store(folder / "built.duckdb") as store:
        store.ingest([written(folder, texts)])
    return folder / "built.duckdb"
