"""`serve` and the API as a neighbour or a web page would try them: bind address, Host header,
token, body size, security headers, and /api/extract's time budget and worker pool."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from browser import CHROMIUM, Browser
from hostile import build_hostile_store
from servers import serving
from synthetic_store import build_store
from typer.testing import CliRunner

from allyscope.api import create_app
from allyscope.api.guard import MAX_BODY, PAGE_CSP
from allyscope.cli import app as cli_app
from allyscope.errors import UsageError

SENTENCE = (
    "On September 20 the defence minister of Tajikistan hosted an Indian military delegation in"
    " Dushanbe, and the two sides discussed joint exercises. "
)
LONGER = SENTENCE * 600  # well over a one-second budget, even on a fast idle machine


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("store") / "synthetic.duckdb")


# where it listens


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1"])
def test_serve_refuses_an_open_address_without_a_token(db, monkeypatch, host):
    monkeypatch.delenv("ALLYSCOPE_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--host", host, "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: E054: --host {host} is reachable from other machines; set ALLYSCOPE_TOKEN"
    )
    assert result.stderr.count("\n") == 1
    with pytest.raises(UsageError, match="E054"):
        create_app(db, host=host)


def test_an_open_address_is_served_with_a_token_and_loopback_without(db, monkeypatch):
    monkeypatch.setenv("ALLYSCOPE_TOKEN", "s3cret")
    assert create_app(db, host="0.0.0.0") is not None
    monkeypatch.delenv("ALLYSCOPE_TOKEN")
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert create_app(db, host=host) is not None


# what it answers


@pytest.fixture(scope="module")
def open_url(db) -> Iterator[str]:
    with serving(create_app(db, allowed_hosts=("allyscope.lan",))) as url:
        yield url


def test_the_host_header_must_name_this_server(open_url):
    port = open_url.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example"):
        response = httpx.get(f"{open_url}/api/health", headers={"Host": host})
        assert response.status_code == 421, host
        assert response.json()["detail"].startswith(f"E056: Host {host.split(':')[0]!r} is not a name")
    assert httpx.get(f"{open_url}/", headers={"Host": "evil.example"}).status_code == 421, "the page too"
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", "allyscope.lan:80"):
        assert httpx.get(f"{open_url}/api/health", headers={"Host": host}).status_code == 200, host


def test_health_does_not_show_the_store_path(open_url, db):
    body = httpx.get(f"{open_url}/api/health").json()
    assert body["store"] == db.name and str(db.parent) not in str(body)


def test_security_headers(open_url):
    for path in ("/", "/app.js", "/api/health", "/api/events?limit=0"):
        headers = httpx.get(f"{open_url}{path}").headers
        assert headers["content-security-policy"] == PAGE_CSP, path
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_request_bodies_are_bounded(open_url):
    big = {"text": "x" * (MAX_BODY + 1)}
    response = httpx.post(f"{open_url}/api/extract", json=big)
    assert response.status_code == 413
    assert response.json() == {"detail": f"E057: request body is larger than {MAX_BODY:,} bytes"}

    def chunks():  # no Content-Length: the body is counted as it comes
        for _ in range(MAX_BODY // 4096 + 2):
            yield b"x" * 4096

    response = httpx.post(
        f"{open_url}/api/extract", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["detail"].startswith("E057: ")


def test_with_a_token_every_api_request_needs_it(db):
    with serving(create_app(db, token="s3cret")) as url:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
            response = httpx.get(f"{url}/api/health", headers=headers)
            assert response.status_code == 401
            assert response.json()["detail"].startswith("E055: this server needs its token")
            assert response.headers["www-authenticate"] == "Bearer"
        assert httpx.post(f"{url}/api/extract", json={"text": SENTENCE}).status_code == 401
        assert httpx.post(f"{url}/anything", content=b"x").status_code == 401, "a write anywhere needs it"
        good = {"Authorization": "Bearer s3cret"}
        assert httpx.get(f"{url}/api/health", headers=good).status_code == 200
        assert httpx.get(f"{url}/").status_code == 200, "the page itself is public; it asks for the token"


# /api/extract


def test_extract_stops_a_text_over_its_time_budget_and_goes_on(db):
    with (
        serving(create_app(db, extract_workers=1, extract_seconds=1.0)) as url,
        httpx.Client(timeout=120) as client,
    ):
        assert client.post(f"{url}/api/extract", json={"text": SENTENCE}).status_code == 200
        started = time.monotonic()
        response = client.post(f"{url}/api/extract", json={"text": LONGER})
        assert response.status_code == 422
        assert (
            response.json()["detail"]
            == "E059: extraction took longer than 1 s and was stopped; send a shorter text"
        )
        assert time.monotonic() - started < 5
        # a fresh worker takes the next text
        events = client.post(f"{url}/api/extract", json={"text": SENTENCE}).json()
        assert {e["type"] for e in events} >= {"consult"}


def test_extract_does_not_block_the_other_endpoints(db):
    # a generous budget: on a loaded machine the long text must still be running, not refused
    app = create_app(db, extract_workers=1, extract_seconds=600)
    with serving(app) as url, httpx.Client(timeout=600) as client:
        # the first text starts the worker
        assert client.post(f"{url}/api/extract", json={"text": SENTENCE}).status_code == 200
        long = {}
        thread = threading.Thread(
            target=lambda: long.update(r=client.post(f"{url}/api/extract", json={"text": LONGER}))
        )
        thread.start()
        time.sleep(0.3)
        busy = client.post(f"{url}/api/extract", json={"text": SENTENCE})
        latencies = []
        for _ in range(3):
            started = time.monotonic()
            assert client.get(f"{url}/api/health").status_code == 200
            latencies.append(time.monotonic() - started)
        assert thread.is_alive(), "the long text was still being extracted"
        thread.join()
        assert busy.status_code == 503
        assert busy.json()["detail"] == "E058: every extraction worker is busy (1); retry in a few seconds"
        assert max(latencies) < 1.0, latencies
        assert long["r"].status_code == 200 and len(long["r"].json()) >= 600


# the page


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_the_page_runs_no_article_script_and_links_no_javascript(tmp_path):
    hostile = build_hostile_store(tmp_path)
    with serving(create_app(hostile)) as url:
        page = httpx.get(f"{url}/api/events", params={"country": "TJK"}).json()
        doc = page["events"][0]["doc_id"]
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'chromium'}", "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=5000", "--dump-dom", f"{url}/#country=TJK&doc={doc}"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert dom.count('class="event-row"') == page["total"], "the events are shown"
    assert "&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;" in dom, "the article's markup as text"
    assert "data-pwned" not in dom
    assert "javascript:" not in dom.replace("[click](javascript:", "").replace('"javascript:document', ""), (
        dom
    )
    assert 'href="javascript:' not in dom
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_the_page_asks_for_the_token_and_sends_it(db, tmp_path):
    browser = Browser(tmp_path / "chromium")
    try:
        with serving(create_app(db, token="s3cret")) as url:
            browser.call("Page.navigate", url=f"{url}/#country=TJK")
            dialog = browser.wait_for("Page.javascriptDialogOpening")
            assert dialog["type"] == "prompt" and "ALLYSCOPE_TOKEN" in dialog["message"]
            browser.call("Page.handleJavaScriptDialog", accept=True, promptText="s3cret")
            browser.wait("document.querySelectorAll('.event-row').length > 0")
            assert browser.js("sessionStorage.getItem('allyscope-token')") == "s3cret"
            assert browser.js("document.querySelector('#error').hidden") is True
    finally:
        browser.close()
