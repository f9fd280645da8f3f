"""An app under a real uvicorn, in a thread of the test process, for the tests that need a real
server (browsers, concurrent clients, chunked bodies)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Server:
    """The app on a free loopback port; `url` is its base URL."""

    def __init__(self, app):
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)

    @classmethod
    def of(cls, db: Path, writable: bool = True) -> Server:
        """`allyscope serve` over the store `db`."""
        from allyscope.api import create_app

        return cls(create_app(db, writable=writable))

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def serving(app) -> Iterator[str]:
    """The app served while the block runs; yields its base URL."""
    with Server(app) as server:
        yield server.url
