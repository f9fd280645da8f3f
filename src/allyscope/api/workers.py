"""Extraction for POST /api/extract in a few worker processes.

One long or hostile text must neither hold up the rest of the API nor run without end: each
text goes to an idle worker process (none idle: 503 at once, E058), and a worker that is still
at it when the time budget is spent is killed and replaced by a fresh one (E059). spaCy runs in
the workers only, so the server's own threads stay free for the other endpoints.
"""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .. import errors
from ..errors import AllyscopeError, Unavailable, UsageError

WORKERS = 2  # texts extracted at once; each worker holds a spaCy pipeline (a few hundred MB)
SECONDS = 30.0  # the time budget of one text
START_SECONDS = 120.0  # a new worker loads spaCy and the rules before it takes its first text


def work(conn: Connection) -> None:
    """A worker process: load the pipeline, say "ready", then extract (text, date) after
    (text, date) until the pool closes the pipe."""
    from ..documents.reader import read_text
    from ..errors import InputError
    from ..pipeline import Pipeline, extract_documents

    Pipeline.of()
    conn.send("ready")
    while True:
        try:
            text, date = conn.recv()
        except EOFError:
            return
        try:
            document = read_text(text, path="<request>", date=date)
            found = [e.to_dict() for _, events in extract_documents([document]) for e in events]
            conn.send(("ok", found))
        except AllyscopeError as exc:
            conn.send(("error", exc.status, exc.cause if isinstance(exc, InputError) else str(exc)))
        except Exception as exc:  # a bug: the request fails with a 500, the worker lives on
            conn.send(("bug", 500, f"{type(exc).__name__}: {exc}"))


@dataclass
class Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ExtractPool:
    """At most `workers` worker processes, started when first needed.

    Args:
        workers: how many texts are extracted at once.
        seconds: the time budget of one text.
    """

    def __init__(self, workers: int = WORKERS, seconds: float = SECONDS):
        self.size, self.seconds = workers, seconds
        self.context = multiprocessing.get_context("spawn")  # no copy of the server's threads
        self.idle: list[Worker] = []
        self.workers: list[Worker] = []
        self.lock = threading.Lock()

    def take(self) -> Worker:
        with self.lock:
            if self.idle:
                return self.idle.pop()
            if len(self.workers) >= self.size:
                raise Unavailable(errors.E058.format(workers=self.size))
            parent, child = self.context.Pipe()
            process = self.context.Process(target=work, args=(child,), daemon=True, name="allyscope-extract")
            worker = Worker(process, parent)
            self.workers.append(worker)
        process.start()
        child.close()
        try:
            ready = parent.poll(START_SECONDS) and parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.drop(worker)
            raise Unavailable(errors.E058.format(workers=self.size))
        return worker

    def drop(self, worker: Worker) -> None:
        worker.kill()
        with self.lock:
            if worker in self.workers:  # not when the pool was closed meanwhile
                self.workers.remove(worker)

    def run(self, text: str, date: str | None) -> list[dict]:
        """The events of one text, as event records.

        Raises:
            Unavailable: E058 when every worker is busy.
            UsageError: E059 when the text takes longer than the time budget.
            AllyscopeError: what extraction raised (a text that is not English...), with its status.
        """
        worker = self.take()
        try:
            worker.conn.send((text, date))
            done = worker.conn.poll(self.seconds)
            answer = worker.conn.recv() if done else None
        except (EOFError, OSError):  # the worker died (out of memory)
            self.drop(worker)
            raise
        if answer is None:
            self.drop(worker)
            raise UsageError(errors.E059.format(seconds=self.seconds))
        with self.lock:
            self.idle.append(worker)
        if answer[0] == "ok":
            return answer[1]
        if answer[0] == "bug":
            raise RuntimeError(answer[2])
        failed = AllyscopeError(answer[2])
        failed.status = answer[1]
        raise failed

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        with self.lock:
            workers, self.workers, self.idle = self.workers, [], []
        for worker in workers:
            worker.kill()
