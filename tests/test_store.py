"""The store: idempotent, transactional ingest into a real DuckDB file, queries, partners, Dask."""

from __future__ import annotations

import json
import signal
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from synthetic_store import written

from allyscope import Options, partners, pipeline
from allyscope.model import Event
from allyscope.store import Store
from allyscope.store import ingest as store_ingest
from allyscope.store import rows as store_rows

BRIEFS = {
    "a-exercise-aid.txt": (
        "Date: 2004-09-23\n\n"
        "Russian and Tajik units held a joint military exercise near the Afghan border. "
        "The United States gave Tajikistan $2.3 million in military assistance."
    ),
    "b-india.txt": (
        "Date: 2004-10-05\n\n"
        "The Tajik defence minister hosted an Indian military delegation. "
        "Tajikistan and India signed a defence cooperation agreement."
    ),
    "c-helicopters.txt": "Date: 2005-03-01\n\nRussia delivered helicopters to Tajikistan.",
}
EXPECTED = {  # (type, source, target) by document date; undirected types sorted
    ("military_cooperation", "RUS", "TJK", "2004-09-23"),
    ("military_aid", "USA", "TJK", "2004-09-23"),
    ("consult", "IND", "TJK", "2004-10-05"),
    ("agreement", "IND", "TJK", "2004-10-05"),
    ("military_aid", "RUS", "TJK", "2005-03-01"),
}
DIRECTED = {"military_aid", "request", "reduce_cooperation"}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "briefs"
    folder.mkdir()
    return written(folder, BRIEFS)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    """A clean, uninterrupted ingest of the briefs: the ids of its documents and events."""
    tmp = written(tmp_path_factory.mktemp("reference"), BRIEFS)
    with Store(tmp / "ref.duckdb") as store:
        report = store.ingest([tmp])
        return {"report": report, "state": contents(store)}


def contents(store: Store) -> dict:
    docs = dict(store.con.execute("SELECT doc_id, n_events FROM documents").fetchall())
    events = store.con.execute("SELECT doc_id, event_id FROM events").fetchall()
    return {"documents": docs, "events": sorted(events)}


def assert_whole_documents(store: Store) -> None:
    """Every stored document has exactly its events, and no event lacks its document."""
    rows = store.con.execute(
        "SELECT d.doc_id, d.n_events, count(DISTINCT m.event_id) FROM documents d"
        " LEFT JOIN mentions m USING (doc_id) GROUP BY ALL"
    ).fetchall()
    assert all(n == counted for _, n, counted in rows), rows
    orphans = store.con.execute(
        "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
    ).fetchone()
    assert orphans == (0,)


def keys(events) -> set[tuple]:
    found = set()
    for e in events:
        parties = (e.source.code, e.target.code)
        if e.type not in DIRECTED:
            parties = tuple(sorted(parties))
        found.add((e.type, *parties, e.date))
    return found


def test_ingest_extracts_and_stores(reference):
    report = reference["report"]
    assert (report.added, report.skipped, report.errors) == (3, 0, [])
    assert report.events == len(reference["state"]["events"]) >= len(EXPECTED)


def test_ingest_twice_stores_once(corpus, tmp_path, reference):
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        first = store.ingest([corpus])
        second = store.ingest([corpus, corpus / "b-india.txt"])
        assert (first.added, second.added, second.skipped, second.events) == (3, 0, 4, 0)
        assert contents(store) == reference["state"]
    with Store(path, read_only=True) as reopened:
        assert contents(reopened) == reference["state"], "the file holds the data after close"


@pytest.fixture
def one_per_batch(monkeypatch):
    """Each document a batch and a transaction of its own, so that a test can stop between two."""
    monkeypatch.setattr(store_ingest, "BATCH", 1)
    monkeypatch.setattr(store_ingest, "WRITE_DOCS", 1)


@pytest.mark.parametrize("seconds,appends", [(3600, 2), (0, 3)])
def test_batches_that_come_back_together_share_a_transaction(
    corpus, tmp_path, monkeypatch, reference, seconds, appends
):
    """Three one-document batches, at most two documents a transaction: two appends, unless
    each batch has waited its time already; either way the store is the same."""
    monkeypatch.setattr(store_ingest, "BATCH", 1)
    monkeypatch.setattr(store_ingest, "WRITE_DOCS", 2)
    monkeypatch.setattr(store_ingest, "WRITE_SECONDS", seconds)
    sizes = []
    real_append = Store.append
    monkeypatch.setattr(
        Store, "append", lambda self, rows: sizes.append(len(rows.documents)) or real_append(self, rows)
    )
    with Store(tmp_path / "store.duckdb") as store:
        report = store.ingest([corpus])
        assert contents(store) == reference["state"]
    assert len(sizes) == appends and sum(sizes) == report.added == len(BRIEFS)


def test_interrupted_by_callback_then_resumed(corpus, tmp_path, reference, one_per_batch):
    path = tmp_path / "store.duckdb"
    stored = []

    def stop_at_second(item, n_events):
        stored.append(item.path)
        if len(stored) == 2:
            raise KeyboardInterrupt

    with Store(path) as store, pytest.raises(KeyboardInterrupt):
        store.ingest([corpus], on_document=stop_at_second)
    with Store(path) as store:
        assert_whole_documents(store)
        assert len(contents(store)["documents"]) == 2
        resumed = store.ingest([corpus])
        assert (resumed.added, resumed.skipped) == (1, 2)
        assert contents(store) == reference["state"]


@pytest.mark.parametrize("batch,kept", [(1, 1), (2, 0)])
def test_failure_while_writing_leaves_no_half_batch(corpus, tmp_path, monkeypatch, reference, batch, kept):
    monkeypatch.setattr(store_ingest, "BATCH", batch)
    monkeypatch.setattr(store_ingest, "WRITE_DOCS", batch)
    path = tmp_path / "store.duckdb"
    real_event_row = store_rows.event_row
    written_docs: set[str] = set()

    def failing_event_row(event):
        written_docs.add(event.doc_id)
        if len(written_docs) == 2:
            raise RuntimeError("disk full")
        return real_event_row(event)

    monkeypatch.setattr(store_rows, "event_row", failing_event_row)
    with Store(path) as store, pytest.raises(RuntimeError, match="disk full"):
        store.ingest([corpus])
    monkeypatch.setattr(store_rows, "event_row", real_event_row)
    with Store(path) as store:
        assert_whole_documents(store)
        assert len(contents(store)["documents"]) == kept, "the failed batch was rolled back whole"
        resumed = store.ingest([corpus])
        assert (resumed.added, resumed.skipped) == (3 - kept, kept)
        assert contents(store) == reference["state"]


class FailingEvents:
    """A store's connection whose INSERT of events fails, after the documents' has run."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO events"):
            raise RuntimeError("disk full")
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_batch_is_one_transaction(corpus, tmp_path, reference):
    """A failure while appending the events of a batch leaves none of its documents."""
    with Store(tmp_path / "store.duckdb") as store:
        store.con = FailingEvents(store.con)
        with pytest.raises(RuntimeError, match="disk full"):
            store.ingest([corpus])
        store.con = store.con.con
        assert_whole_documents(store)
        assert contents(store)["documents"] == {}
        store.ingest([corpus])
        assert contents(store) == reference["state"]


def test_extraction_failure_on_second_document(corpus, tmp_path, monkeypatch, reference, one_per_batch):
    path = tmp_path / "store.duckdb"
    real = pipeline.extract_documents  # Store.ingest imports it when it has something to extract
    extracted = []

    def failing(documents, actors=()):
        for pair in real(documents, actors):
            extracted.append(pair)
            if len(extracted) == 2:
                raise MemoryError("worker died")
            yield pair

    monkeypatch.setattr(pipeline, "extract_documents", failing)
    with Store(path) as store, pytest.raises(MemoryError):
        store.ingest([corpus])
    monkeypatch.setattr(pipeline, "extract_documents", real)
    with Store(path) as store:
        assert_whole_documents(store)
        assert len(contents(store)["documents"]) == 1
        store.ingest([corpus])
        assert contents(store) == reference["state"]


@pytest.fixture
def filled(corpus, tmp_path) -> Store:
    with Store(tmp_path / "filled.duckdb") as store:
        store.ingest([corpus])
        yield store


def test_stored_events_are_the_extracted_ones(filled):
    assert keys(filled.events()) >= EXPECTED
    frame = filled.query_events()
    assert {"doc_title", "doc_path", "amount_usd", "cited_outlet", "record"} <= set(frame.columns)
    aid = frame[(frame["type"] == "military_aid") & (frame["source_code"] == "USA")]
    assert aid["amount_usd"].tolist() == [2_300_000]


def test_a_stored_record_is_the_events_json(filled):
    # the writer serialises an event with Event.to_json: the SPEC's object, as to_dict gives it
    records = [json.loads(r) for r in filled.query_events()["record"]]
    events = [Event.from_dict(r) for r in records]
    assert any(e.source for e in events) and any(e.location for e in events) and any(e.amount for e in events)
    for event, record in zip(events, records, strict=True):
        assert event.to_json() == json.dumps(event.to_dict())
        assert json.loads(event.to_json()) == record


@pytest.mark.parametrize(
    "filters,dates",
    [
        ({"since": "2004-10"}, {"2004-10-05", "2005-03-01"}),
        ({"since": "2005"}, {"2005-03-01"}),
        ({"until": "2004"}, {"2004-09-23", "2004-10-05"}),
        ({"until": "2004-09"}, {"2004-09-23"}),
        ({"since": "2004-09-24", "until": "2004-12-31"}, {"2004-10-05"}),
        ({"since": "2006"}, set()),
    ],
)
def test_date_filters_take_partial_dates(filled, filters, dates):
    found = filled.events(**filters)
    assert {e.date for e in found} == dates
    assert all(e.date for e in found)


def test_country_type_and_modality_filters(filled):
    india = filled.events(country="IND")
    assert india and all("IND" in (e.source.code, e.target.code) for e in india)
    assert {e.type for e in india} >= {"consult", "agreement"}
    aid = filled.events(type="military_aid")
    assert {(e.source.code, e.target.code) for e in aid} == {("USA", "TJK"), ("RUS", "TJK")}
    assert filled.events(country="POL") == []
    assert len(filled.events(modality="realized")) == len(filled.events())
    assert filled.events(modality="negated") == []
    assert len(filled.events(country="tjk")) == len(filled.events())


def test_partners_hhi(filled):
    frame = partners(filled, "TJK", Options(by="year", weight="count")).portfolio
    rows = filled.query_events(country="TJK")
    rows = rows[rows["type"].isin(["military_cooperation", "military_aid", "consult", "agreement"])]
    # independent count: events per (year, partner)
    counted = {}
    for r in rows.itertuples():
        partner = r.target_code if r.source_code == "TJK" else r.source_code
        counted.setdefault(r.day.year, {}).setdefault(partner, 0)
        counted[r.day.year][partner] += 1
    for period, group in frame.groupby("period"):
        counts = counted[int(period)]
        total = sum(counts.values())
        expected = sum((n / total) ** 2 for n in counts.values())
        assert set(group["partner"]) == set(counts)
        assert group["hhi"].iloc[0] == pytest.approx(expected)
        assert group["effective_partners"].iloc[0] == pytest.approx(1 / expected)
        assert group["share"].sum() == pytest.approx(1.0)
    by_year = frame.groupby("period")["hhi"].first().to_dict()
    assert by_year == pytest.approx({"2004": 0.375, "2005": 1.0}), "2004: RUS 1, USA 1, IND 2; 2005: RUS"
    top = frame[frame["period"] == "2004"].iloc[0]
    assert (top["partner"], top["share"]) == ("IND", 0.5)
    assert frame.loc[frame["partner"] == "USA", "aid_usd"].tolist() == [2_300_000]


def test_partners_for_a_period_and_all_time(filled):
    frame = partners(filled, "TJK", Options(by="all", weight="count")).portfolio
    assert set(frame["partner"]) == {"RUS", "USA", "IND"}
    assert frame["hhi"].iloc[0] == pytest.approx(0.4**2 + 0.2**2 + 0.4**2)
    only_2005 = partners(filled, "TJK", Options(since="2005", by="year", weight="count")).portfolio
    assert only_2005[["period", "partner", "hhi"]].values.tolist() == [["2005", "RUS", 1.0]]


def test_read_only_store_refuses_writes(filled, tmp_path):
    path = filled.path
    filled.close()
    with Store(path, read_only=True) as reader:
        assert len(reader.events()) >= len(EXPECTED)
        with pytest.raises(duckdb.Error):
            reader.con.execute("DELETE FROM events")


@contextmanager
def time_limit(seconds: int):
    """Fail (rather than hang the suite) when the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_dask_local_cluster_gives_the_same_events(corpus, tmp_path, reference):
    """Scale-out path: extraction on a local Dask cluster (2 worker processes), limited to 30 s."""
    pytest.importorskip("distributed")
    with time_limit(30), Store(tmp_path / "dask.duckdb") as store:
        report = store.ingest([corpus], scheduler="local")
        assert (report.added, report.events) == (3, reference["report"].events)
        assert contents(store) == reference["state"]
        assert_whole_documents(store)


def test_dask_local_workers_keep_glibc_malloc_defaults():
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which fixes glibc's mmap threshold and costs
    about 13% more CPU per document; the local cluster's workers run without it."""
    pytest.importorskip("distributed")
    import os

    from distributed import Client

    from allyscope.scale import local_cluster

    with time_limit(30), local_cluster() as cluster, Client(cluster) as client:
        environs = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        assert len(environs) == 2
        assert set(environs.values()) == {None}


def test_a_country_named_through_its_groups_stays_a_state(tmp_path):
    brief = tmp_path / "groups.txt"
    brief.write_text(
        "Date: 2004-09-23\n\nRwandan rebels demanded that the Rwandan government release their leaders. "
        "Hamas fighters withdrew from the crossing."
    )
    with Store(tmp_path / "groups.duckdb") as store:
        store.ingest([brief])
        kinds = {code: kind for code, _, kind, _ in store.parties()}
    assert kinds["RWA"] == "state"
