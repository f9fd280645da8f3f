"""`allyscope serve` in a thread of the test process, for the tests that need a real server."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`allyscope serve` in a thread of this process."""

    def __init__(self, db: Path, writable: bool = True):
        import uvicorn

        from allyscope.api import create_app

        self.port = free_port()
        config = uvicorn.Config(create_app(db, writable=writable), port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
