"""Ingest as a batch job: workers give what one process gives, the guard skips a document that runs
past its budget and goes on, taken ids are errors, a busy store is waited for and then named, a
kill -9 loses and duplicates nothing, a rerun over a complete store loads no model."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allyscope import pipeline
from allyscope.cli import app
from allyscope.documents.reader import max_bytes, max_chars
from allyscope.errors import UsageError
from allyscope.store import Store
from allyscope.store import ingest as store_ingest
from allyscope.workers import Guard

BRIEFS = [
    "Russian and Tajik units held a joint military exercise near the Afghan border.",
    "The United States gave Tajikistan $2.3 million in military assistance.",
    "The Tajik defence minister hosted an Indian military delegation.",
    "Tajikistan and India signed a defence cooperation agreement.",
    "Russia delivered helicopters to Tajikistan.",
    "Kyrgyzstan asked Russia for military aid.",
    "Dushanbe plans to ask Russian border guards to leave.",
    "Poland offered places in its military schools to Tajik officers.",
]
SRC = str(Path(__file__).resolve().parents[1] / "src")


def write_corpus(folder: Path, copies: int = 1) -> Path:
    """The briefs as text files, each `copies` times on different days, in different words (the
    same text would be the same document)."""
    folder.mkdir()
    for copy in range(copies):
        for n, text in enumerate(BRIEFS):
            again = f" It was report {copy + 1} of {copies}." if copies > 1 else ""
            (folder / f"{copy}{n:02d}.txt").write_text(f"Date: {2004 + copy}-09-{n + 10}\n\n{text}{again}")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "briefs")


def contents(path: Path) -> dict:
    """Everything a store holds but the time of ingest."""
    with Store(path, read_only=True) as store:
        return {
            table: store.con.execute(f"SELECT * EXCLUDE ({skip}) FROM {table} ORDER BY ALL").fetchall()
            for table, skip in (("documents", "ingested_at"), ("events", "record"), ("actors", "kind"))
        } | {"records": store.con.execute("SELECT record FROM events ORDER BY event_id").fetchall()}


@pytest.fixture
def reference(corpus, tmp_path) -> dict:
    """An uninterrupted ingest in this process."""
    path = tmp_path / "reference.duckdb"
    with Store(path) as store:
        report = store.ingest([corpus])
    assert report.added == len(BRIEFS) and report.events >= len(BRIEFS) - 1
    return contents(path)


def cli(*args, code: int = 0, env: dict | None = None):
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def test_two_workers_store_what_one_process_stores(corpus, tmp_path, reference, monkeypatch):
    monkeypatch.setattr(store_ingest, "BATCH", 3)  # three batches over two workers
    path = tmp_path / "workers.duckdb"
    with Store(path) as store:
        report = store.ingest([corpus], workers=2, guard=Guard(60))
    assert (report.added, report.errors) == (len(BRIEFS), [])
    assert contents(path) == reference


def test_extract_with_two_workers_prints_what_one_prints(corpus):
    one = cli("extract", corpus, "--format", "jsonl", "--workers", "1").stdout
    two = cli("extract", corpus, "--format", "jsonl", "--workers", "2").stdout
    assert one == two and len(one.splitlines()) >= len(BRIEFS) - 1


def test_a_document_past_its_time_is_skipped_and_the_batch_goes_on(corpus, tmp_path):
    slow = corpus / "zz-slow.txt"
    slow.write_text("Date: 2004-10-01\n\n" + " ".join(BRIEFS) * 400)  # about 8 s of extraction
    path = tmp_path / "guarded.duckdb"
    result = cli("ingest", corpus, "--db", path, code=1, env={"ALLYSCOPE_TIME_LIMIT": "1.5"})
    assert f"error: {slow}: E032: skipped: took longer than 1.5 s (ALLYSCOPE_TIME_LIMIT)\n" in result.stderr
    assert result.stdout.startswith(f"{len(BRIEFS)} document(s) added")
    with Store(path, read_only=True) as store:
        stored = {Path(p).name for (p,) in store.con.execute("SELECT path FROM documents").fetchall()}
    assert stored == {f"0{n:02d}.txt" for n in range(len(BRIEFS))}, "the rest of its batch is stored"


def jsonl(path: Path, records: list[tuple[str, str]]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": i, "text": t, "date": "2004-09-20"}) + "\n" for i, t in records)
    )
    return path


def test_a_taken_id_is_an_error_naming_both_files(tmp_path):
    first = jsonl(tmp_path / "first.jsonl", [("a1", BRIEFS[0]), ("a2", BRIEFS[1])])
    second = jsonl(tmp_path / "second.jsonl", [("a1", BRIEFS[2]), ("a3", BRIEFS[3])])
    same = jsonl(tmp_path / "same.jsonl", [("a2", BRIEFS[1])])
    path = tmp_path / "ids.duckdb"
    with Store(path) as store:
        store.ingest([first])
        report = store.ingest([second, same])
    assert [str(e) for e in report.errors] == [
        f"{second}:1: E030: id 'a1' is already taken by a different document ({first}:1);"
        " give one of them another id"
    ]
    assert (report.added, report.skipped) == (1, 1), "a3 added; a2, the same text again, already stored"
    # within one run too
    with Store(tmp_path / "one-run.duckdb") as store:
        report = store.ingest([first, second])
    assert [e.cause for e in report.errors] == [
        f"E030: id 'a1' is already taken by a different document ({first}:1); give one of them another id"
    ]


def test_a_rerun_over_a_complete_store_loads_no_model(corpus, tmp_path, monkeypatch):
    path = tmp_path / "again.duckdb"
    with Store(path) as store:
        store.ingest([corpus])

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(pipeline.Pipeline, "of", no_model)
    monkeypatch.setattr("allyscope.workers.Pool", no_model)
    with Store(path) as store:
        for workers in (0, 1):
            report = store.ingest([corpus], workers=workers)
            assert (report.added, report.skipped, report.errors) == (0, len(BRIEFS), [])


def test_undated_documents_are_named_in_a_warning(tmp_path):
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "a.txt").write_text(BRIEFS[0])
    (folder / "b.txt").write_text("Date: 2004-09-20\n\n" + BRIEFS[1])
    result = cli("ingest", folder, "--db", tmp_path / "undated.duckdb")
    assert (
        f"warning: E035: 1 document(s) have no date, so events they do not date have none: {folder / 'a.txt'};"
        in result.stderr
    )


HOLD = (
    "import sys, time\n"
    "from allyscope.store import Store\n"
    "store = Store(sys.argv[1])\n"
    "print('ready', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "store.close()\n"
    "time.sleep(60)\n"
)


def holding(path: Path, seconds: float) -> subprocess.Popen:
    """Another process that holds the store open for writing for `seconds`."""
    env = {**os.environ, "PYTHONPATH": SRC}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert holder.stdout.readline().strip() == "ready"
    return holder


def test_a_second_writer_waits_then_names_the_holder(corpus, tmp_path):
    path = tmp_path / "busy.duckdb"
    holder = holding(path, 60)
    try:
        started = time.monotonic()
        result = cli("ingest", corpus, "--db", path, code=1, env={"ALLYSCOPE_LOCK_WAIT": "1"})
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.stderr.startswith(
        f"error: E031: the store {path} is in use by process {holder.pid} ({sys.executable} -c "
    )
    assert "waited 1 s (ALLYSCOPE_LOCK_WAIT), retry when it finishes" in result.stderr
    assert result.stderr.count("\n") == 1 and 1 <= waited < 30


@pytest.mark.parametrize("value", ["abc", "-1", "nan", ""])
def test_a_malformed_lock_wait_is_one_coded_line(corpus, tmp_path, value):
    result = cli("ingest", corpus, "--db", tmp_path / "s.duckdb", code=2, env={"ALLYSCOPE_LOCK_WAIT": value})
    assert result.stderr == (
        f"error: E090: the environment sets ALLYSCOPE_LOCK_WAIT={value!r}, which is not a number of at"
        " least 0; correct it or unset it\n"
    )


@pytest.mark.parametrize(
    "name,value,read",
    [
        ("ALLYSCOPE_TIME_LIMIT", "0", Guard.from_env),
        ("ALLYSCOPE_MEMORY_MB", "2048.5", Guard.from_env),
        ("ALLYSCOPE_MEMORY_MB", "800", Guard.from_env),  # what --memory-mb refuses too
        ("ALLYSCOPE_MAX_CHARS", "many", max_chars),
        ("ALLYSCOPE_MAX_MB", "-1", max_bytes),
    ],
)
def test_every_number_setting_is_checked_where_it_is_read(monkeypatch, name, value, read):
    monkeypatch.setenv(name, value)
    with pytest.raises(UsageError, match=f"^E090: the environment sets {name}='{value}', which is not "):
        read()


def test_a_second_writer_goes_on_when_the_store_is_released(corpus, tmp_path, reference):
    path = tmp_path / "released.duckdb"
    holder = holding(path, 1)
    try:
        with Store(path) as store:
            report = store.ingest([corpus])
    finally:
        holder.kill()
        holder.wait()
    assert report.added == len(BRIEFS)
    assert contents(path) == reference


KILLED_INGEST = (
    "import sys\n"
    "from allyscope.store import Store, ingest\n"
    "ingest.BATCH = ingest.WRITE_DOCS = 2  # many commits, so that kills land between and within them\n"
    "with Store(sys.argv[2]) as store:\n"
    "    store.ingest([sys.argv[1]], workers=1, on_document=lambda item, n: print(item.path, flush=True))\n"
)


def stored_documents(path: Path) -> int:
    with Store(path, read_only=True) as store:
        return store.counts()[0]


def test_kill_9_during_ingest_loses_and_duplicates_nothing(tmp_path):
    """Three ingests (a worker process each) killed at random moments after a random number of
    documents were stored, then one to the end: the store equals an uninterrupted ingest's."""
    corpus = write_corpus(tmp_path / "corpus", copies=4)
    with Store(tmp_path / "reference.duckdb") as store:
        store.ingest([corpus])
    path = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": SRC}
    command = [sys.executable, "-c", KILLED_INGEST, str(corpus), str(path)]
    chance = random.Random(20041009)
    partial = []
    for _ in range(3):
        before = stored_documents(path) if path.exists() else 0
        ingest = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(before + chance.randint(1, 6)):  # the stored ones are reported first
            ingest.stdout.readline()
        time.sleep(chance.uniform(0, 0.2))
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
        partial.append(stored_documents(path))
    assert 0 < partial[0] < partial[-1] < 4 * len(BRIEFS), f"the kills landed mid-ingest: {partial}"
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    assert contents(path) == contents(tmp_path / "reference.duckdb")


def test_a_document_past_its_memory_is_skipped(corpus, tmp_path):
    """The limit is on address space, which a worker's allocators reserve as they find room
    (pyarrow's mimalloc 1 GB), so it must fall far from what either side needs: a worker that
    has stored the briefs holds about 770 MB (800 MB, the limit this test had, left it 34 MB),
    and the parser about 12 KB a token of its 50,000-character piece on top: two tokens in three
    characters ("a, a, ...") need more than 1,200 MB."""
    big = corpus / "zz-big.txt"
    big.write_text("Date: 2004-10-01\n\n" + "a, " * 17_000)  # one full piece of 33,000 tokens
    with Store(tmp_path / "memory.duckdb") as store:
        report = store.ingest([corpus], workers=1, guard=Guard(seconds=300, memory_mb=1024))
    assert [str(e) for e in report.errors] == [
        f"{big}: E033: skipped: needed more than 1024 MB of memory (ALLYSCOPE_MEMORY_MB)"
    ]
    assert report.added == len(BRIEFS)
