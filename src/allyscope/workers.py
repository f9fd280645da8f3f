"""Extraction in worker processes, each document inside a guard: a time and a memory budget.

A worker process loads the pipeline once and extracts one batch of documents at a time. A batch
that fails (runs past the time budget, runs out of memory, kills its worker or raises) is split:
its documents go again one by one, each with the whole budget, and only a document that fails
alone is skipped, with one line that says why. A worker that ran past its time or memory is
stopped, and replaced by a fresh one while work remains. Results come back in the order of the batches, so that any number of
workers gives what one gives.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from itertools import chain
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait

from . import errors
from .errors import AllyscopeError, InputError
from .model import Document
from .values import env_number

# batches read past the oldest unfinished one, per worker: a worker goes on to the next batch
# while an earlier one still runs elsewhere, and memory holds at most this many results
AHEAD = 2


@dataclass(frozen=True)
class Guard:
    """The budget of one document.

    Args:
        seconds: how long extracting it may take.
        memory_mb: the address space a worker may use (the model takes about 400 MB).
    """

    seconds: float = 120
    memory_mb: int = 4096

    @classmethod
    def from_env(cls) -> Guard:
        """ALLYSCOPE_TIME_LIMIT (seconds) and ALLYSCOPE_MEMORY_MB, else the defaults; E090 for
        a value the command line's --time-limit or --memory-mb would refuse."""
        return cls(
            env_number("ALLYSCOPE_TIME_LIMIT", cls.seconds, 0, above=True),
            env_number("ALLYSCOPE_MEMORY_MB", cls.memory_mb, 1024, whole=True),
        )


def extract_events(documents: list[Document], actors: tuple[str, ...]) -> list:
    """(document, events) of a batch: what `allyscope extract` prints."""
    from .pipeline import extract_documents

    return list(extract_documents(documents, actors))


def extract_rows(documents: list[Document], actors: tuple[str, ...]):
    """The store's rows of a batch: what `allyscope ingest` appends."""
    from .store.rows import extract_rows

    return extract_rows(documents, actors)


TASKS: dict[str, Callable] = {"events": extract_events, "rows": extract_rows}


def serve(conn: Connection, task: str, actors: tuple[str, ...], memory_mb: int) -> None:
    """A worker: limit its memory, load the pipeline, then answer batches until told to stop."""
    import resource

    # numpy's BLAS in one thread, set before numpy loads: the pool's parallelism is its processes,
    # and each BLAS thread takes about 40 MB of the address space the memory limit counts (on 16
    # cores 600 MB more before any document, enough to leave a 1024 MB worker no room to load)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    try:
        from .pipeline import Pipeline

        Pipeline.of(actors=actors)
    except BaseException as exc:  # e.g. no model installed: the parent reports it and stops
        conn.send(("fatal", str(exc)))
        return
    run = TASKS[task]
    with suppress(EOFError, OSError):  # the parent is gone (killed, perhaps): so is its work
        conn.send(("ready", None))
        while (documents := conn.recv()) is not None:
            try:
                answer = ("ok", run(documents, actors))
            except MemoryError:
                conn.send(("memory", None))
                return  # a worker that ran out of memory may be left in any state: start afresh
            except Exception as exc:
                answer = ("error", f"{type(exc).__name__}: {exc}")
            conn.send(answer)


class Worker:
    def __init__(self, task: str, actors: tuple[str, ...], guard: Guard):
        parent, child = get_context("spawn").Pipe()
        self.conn = parent
        self.process = get_context("spawn").Process(
            target=serve, args=(child, task, actors, guard.memory_mb), daemon=True
        )
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with suppress(OSError):
                self.conn.send(None)
        self.process.join()
        self.conn.close()


@dataclass
class Job:
    seq: int  # the batch it is, or is part of
    slot: int | None  # the document's place in its batch when it goes alone, else None
    documents: list[Document]


Outcome = tuple[list[Document], object] | InputError


class Pool:
    """Worker processes running `task` ("events" or "rows") on batches of documents."""

    def __init__(self, task: str, actors: tuple[str, ...], workers: int, guard: Guard):
        self.task, self.actors, self.guard, self.size = task, actors, guard, workers
        self.starting = [Worker(task, actors, guard) for _ in range(workers)]
        self.idle: list[Worker] = []
        self.busy: list[Worker] = []

    def close(self) -> None:
        for worker in self.starting + self.busy:
            worker.stop(kill=True)
        for worker in self.idle:
            worker.stop()

    def run(self, batches: Iterator[list[Document]]) -> Iterator[Outcome]:
        """Outcomes of the batches in their order: (documents, result) for each batch, or for
        each document of a failed batch, or an InputError for a document that was skipped."""
        jobs: deque[Job] = deque()
        done: dict[int, list] = {}  # seq -> its outcomes so far: one slot, or one per document
        ahead = AHEAD * self.size
        read = given = 0
        exhausted = False
        while True:
            # a worker stopped for running out of time or memory is replaced while work remains
            while len(self.starting + self.idle + self.busy) < self.size and (jobs or not exhausted):
                self.starting.append(Worker(self.task, self.actors, self.guard))
            while self.idle and (jobs or not exhausted):
                if not jobs:
                    if read - given >= ahead:
                        break
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                        break
                    jobs.append(Job(read, None, batch))
                    done[read] = [None]
                    read += 1
                self.give(self.idle.pop(), jobs.popleft())
            while given in done and all(o is not None for o in done[given]):
                yield from done.pop(given)
                given += 1
            if exhausted and not jobs and given == read:
                return
            self.wait(jobs, done)

    def give(self, worker: Worker, job: Job) -> None:
        worker.job, worker.deadline = job, time.monotonic() + self.guard.seconds
        with suppress(OSError):  # one that died while idle is noticed when its connection reads EOF
            worker.conn.send(job.documents)
        self.busy.append(worker)

    def wait(self, jobs: deque[Job], done: dict[int, list]) -> None:
        """Until a worker answers or runs out of time; then take its result or fail its job."""
        now = time.monotonic()
        timeout = min((w.deadline for w in self.busy), default=now + 60) - now
        ready = wait([w.conn for w in self.starting + self.busy], timeout=max(timeout, 0))
        for worker in [w for w in self.starting if w.conn in ready]:
            self.starting.remove(worker)
            kind, message = receive(worker)
            if kind != "ready":
                worker.stop(kill=True)
                raise AllyscopeError(message)
            self.idle.append(worker)
        for worker in list(self.busy):
            if worker.conn in ready:
                kind, value = receive(worker)
            elif time.monotonic() >= worker.deadline:
                kind, value = "time", None
            else:
                continue
            self.busy.remove(worker)
            job = worker.job
            if kind in ("ok", "error"):  # an exception leaves the worker able to go on
                self.idle.append(worker)
            else:
                worker.stop(kill=True)
            if kind == "ok":
                done[job.seq][job.slot or 0] = (job.documents, value)
            elif job.slot is None and len(job.documents) > 1:
                # each document again, alone and first in line, with the whole budget
                done[job.seq] = [None] * len(job.documents)
                jobs.extendleft(Job(job.seq, i, [d]) for i, d in reversed(list(enumerate(job.documents))))
            else:
                document = job.documents[0]
                done[job.seq][job.slot or 0] = InputError(
                    document.path or document.doc_id, self.reason(kind, value)
                )

    def reason(self, kind: str, value: object) -> str:
        if kind == "time":
            return errors.E032.format(seconds=self.guard.seconds)
        if kind == "memory":
            return errors.E033.format(mb=self.guard.memory_mb)
        return errors.E034.format(cause=value)


def receive(worker: Worker) -> tuple[str, object]:
    try:
        return worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(timeout=5)
        return "died", f"the worker process stopped with exit code {worker.process.exitcode}"


def run_guarded(
    batches: Iterable[list[Document]], task: str, actors: tuple[str, ...], workers: int, guard: Guard
) -> Iterator[Outcome]:
    """`Pool.run` on worker processes that start only when the first batch comes, so that a run
    with nothing to extract loads no model."""
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    pool = Pool(task, actors, workers, guard)
    try:
        yield from pool.run(chain([first], batches))
    finally:
        pool.close()
