"""Headless chromium driven through the Chrome DevTools protocol (no browser download: Debian's
chromium), for the tests that load the web page."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")


class Browser:
    """Headless chromium and one page of it, over the DevTools protocol."""

    def __init__(self, profile: Path):
        websocket = pytest.importorskip("websocket", reason="websocket-client drives the browser")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "--window-size=1280,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self.socket = websocket.create_connection(
                self.debugger(profile), timeout=60, suppress_origin=True
            )
        except BaseException:
            self.process.terminate()  # a browser that cannot be driven is not left running
            raise
        self.next_id, self.events = 0, []
        self.call("Page.enable")
        self.call("Runtime.enable")

    @staticmethod
    def debugger(profile: Path) -> str:
        """The DevTools address of the browser's page, from the port it wrote to its profile."""
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            assert time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json").read())
        return next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]

    def call(self, method: str, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        """The parameters of the first event `method` the page sends (Page.javascriptDialogOpening)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)["params"]
            assert time.monotonic() < deadline, f"no {method}"
            self.events.append(json.loads(self.socket.recv()))

    def js(self, expression: str):
        """The value of a JavaScript expression (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.js(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.1)

    def open(self, url: str) -> None:
        """Load the page and wait until it shows events and partners."""
        self.call("Page.navigate", url=url)
        self.wait(
            "document.readyState === 'complete' && document.querySelectorAll('#events tr[data-event-id]').length > 0"
            " && document.querySelectorAll('#partners tbody td.partner').length > 0"
        )

    def screenshot(self, name: str) -> None:
        folder = os.environ.get("ALLYSCOPE_SCREENSHOTS")
        if folder:
            data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
            (Path(folder) / name).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        self.process.wait(10)
