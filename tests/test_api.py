"""The REST API and web page, served by a real uvicorn over a real store, driven by httpx and Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from allyscope.api import create_app
from allyscope.paths import DATA
from allyscope.store import Store

DEMO = DATA / "demo"
BRIEFS = [
    "06-tajikistan-india-poland-partners-2004.txt",
    "07-tajikistan-russia-base-border-deal-2004.txt",
    "03-tajikistan-french-jets-russian-guards-2002.txt",
    "09-uzbekistan-evicts-us-base-2005.txt",  # events without Tajikistan, for the country filter
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "api.duckdb"
    with Store(path) as store:
        report = store.ingest([DEMO / name for name in BRIEFS])
    assert report.added == len(BRIEFS) and report.events > 0
    return path


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """A real uvicorn server over the store, in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(db_path) -> Iterator[str]:
    with serving(db_path) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url) -> httpx.Client:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


def test_health_counts_the_store(client, db_path):
    body = client.get("/api/health").json()
    with Store(db_path, read_only=True) as store:
        n_events = len(store.query_events())
    assert body == {"status": "ok", "store": db_path.name, "documents": len(BRIEFS), "events": n_events}


def test_countries_are_the_parties_to_stored_events(client):
    countries = {c["code"]: c for c in client.get("/api/countries").json()}
    assert countries["TJK"]["name"] == "Tajikistan" and countries["TJK"]["kind"] == "state"
    assert countries["RUS"]["name"] == "Russia" and countries["RUS"]["events"] > 0


def test_events_filters_and_pages(client):
    everything = client.get("/api/events", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["events"]) > 5
    first = everything["events"][0]
    assert {"event_id", "type", "modality", "source", "target", "sentence", "char_start", "document"} <= set(
        first
    )
    assert first["document"]["title"]

    tajik = client.get("/api/events", params={"country": "tjk", "limit": 1000}).json()
    assert 0 < tajik["total"] < everything["total"] and tajik["country"] == "TJK"
    by_name = client.get("/api/events", params={"country": "Tajikistan", "limit": 1000}).json()
    assert by_name["country"] == "TJK" and by_name["events"] == tajik["events"]
    assert all(
        "TJK" in ((e["source"] or {}).get("code"), (e["target"] or {}).get("code")) for e in tajik["events"]
    )

    aid = client.get("/api/events", params={"type": "military_aid"}).json()["events"]
    assert aid and {e["type"] for e in aid} == {"military_aid"}
    realized = client.get("/api/events", params={"modality": "realized"}).json()["events"]
    assert realized and {e["modality"] for e in realized} == {"realized"}

    in_2004 = client.get("/api/events", params={"since": "2004-01-01", "until": "2004-12-31"}).json()[
        "events"
    ]
    assert in_2004 and all(e["date"].startswith("2004") for e in in_2004)

    page = client.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == everything["total"]
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in everything["events"][1:3]]


def test_event_by_id(client):
    listed = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    assert client.get(f"/api/events/{listed['event_id']}").json() == listed


def test_documents_and_their_text(client):
    page = client.get("/api/documents").json()
    documents = page["documents"]
    assert page["total"] == len(documents) == len(BRIEFS)
    assert "text" not in documents[0]
    second = client.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert [d["doc_id"] for d in second["documents"]] == [d["doc_id"] for d in documents[1:3]]
    poland = next(d for d in documents if d["title"] == "Dushanbe widens its circle of military partners")
    assert poland["date"] == "2004-09-24"
    detail = client.get(f"/api/documents/{poland['doc_id']}").json()
    assert detail["text"].startswith("In one week this month")
    assert detail["events"] and detail["n_events"] == len(detail["events"])
    for event in detail["events"]:
        assert detail["text"][event["char_start"] : event["char_end"]].strip() == event["sentence"]


def test_partners_shares_and_verdict(client):
    body = client.get("/api/partners/TJK", params={"by": "year"}).json()
    assert body["country"] == "TJK" and body["options"]["by"] == "year"
    rows = body["portfolio"]
    assert {"period", "partner", "share", "hhi", "effective_partners"} <= set(rows[0])
    assert "RUS" in {r["partner"] for r in rows}
    for period in {r["period"] for r in rows}:
        shares = [r["share"] for r in rows if r["period"] == period and r["share"] is not None]
        if shares:
            assert sum(shares) == pytest.approx(1)
            assert rows[[r["period"] for r in rows].index(period)]["hhi"] == pytest.approx(
                sum(s * s for s in shares)
            )
    assert body["verdict"]["country"] == "TJK" and "Tajikistan" in body["verdict"]["text"]

    assert body["verdict"]["low"] == body["trend"]["low"] and body["concentration"][-1]["hhi"] is not None

    narrowed = client.get("/api/partners/TJK", params={"by": "all", "until": "2003"}).json()
    assert {r["period"] for r in narrowed["portfolio"]} <= {"all"}
    assert sum(r["events"] for r in narrowed["portfolio"]) < sum(r["events"] for r in rows)


def test_partners_weight_realized_and_names(client):
    """The CLI's --weight and --realized-only, and a country by its name: the same result as the CLI."""
    params = {"by": "all", "weight": "count", "realized_only": "true"}
    body = client.get("/api/partners/tajikistan", params=params).json()
    assert (
        body["country"] == "TJK" and body["options"]["weight"] == "count" and body["options"]["realized_only"]
    )
    assert "realized cooperation events" in body["verdict"]["text"]
    # under the count scheme each realized event counts 1, and each active arrangement 1
    realized = {r["partner"]: r["realized"] + r["arrangements"] for r in body["portfolio"]}
    assert {r["partner"]: r["weight"] for r in body["portfolio"]} == realized


def test_partners_top_and_a_result_kept_until_the_store_changes(tmp_path):
    from synthetic_store import build_store

    path = build_store(tmp_path / "store.duckdb")
    with serving(path) as url, httpx.Client(base_url=url, timeout=30) as client:
        full = client.get("/api/partners/TJK", params={"top": 0}).json()
        top = client.get("/api/partners/TJK", params={"top": 2}).json()
        assert len(full["portfolio"]) == 6 and [r["partner"] for r in top["portfolio"]] == [
            "RUS",
            "USA",
            "RUS",
            "USA",
        ]
        assert client.get("/api/partners/TJK", params={"top": 0}).json() == full
        # an ingest by another process while the server runs
        write = (
            "import sys; sys.path.insert(0, sys.argv[2])\n"
            "from synthetic_store import event\nfrom allyscope.model import Document\n"
            "from allyscope.store import Store\n"
            "with Store(sys.argv[1]) as store:\n"
            "    aid = event(99, 'doc2005', 'military_aid', 'realized', 'KGZ', 'TJK', '2005-01-01')\n"
            "    store.write(Document('...', 'doc2005', date='2005-01-01'), [aid])\n"
        )
        subprocess.run([sys.executable, "-c", write, str(path), str(Path(__file__).parent)], check=True)
        again = client.get("/api/partners/TJK", params={"top": 0}).json()
    assert again["verdict"]["period"] == "2005" and again["verdict"]["top_partner"] == "KGZ"


def test_ontology_lists_the_types_of_types_csv(client):
    from allyscope.ontology import all_types, scored_types

    body = client.get("/api/ontology").json()
    assert [t["name"] for t in body["types"]] == list(all_types())
    assert [t["name"] for t in body["types"] if t["scored"]] == list(scored_types())
    assert body["modalities"] == ["realized", "planned", "hypothetical", "negated"]
    assert body["periods"] == ["month", "quarter", "year", "all"]


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("/api/events/no-such-event", {}, 404, "E025: no event with id 'no-such-event'"),
        ("/api/documents/no-such-doc", {}, 404, "E026: no document with id 'no-such-doc'"),
        ("/api/events", {"since": "2004-13-45"}, 422, "E012: invalid date '2004-13-45'"),
        ("/api/events", {"country": "XQZ"}, 422, "E013: unknown country or organisation 'XQZ'"),
        ("/api/events", {"type": "picnic"}, 422, "E021: invalid event type 'picnic'; use one of consult"),
        ("/api/events", {"modality": "maybe"}, 422, "E021: invalid modality 'maybe'"),
        ("/api/events", {"limit": 0}, 422, "E028: invalid request: limit: Input should be greater than"),
        ("/api/events", {"offset": -1}, 422, "E028: invalid request: offset: Input should be greater than"),
        ("/api/events", {"offset": "next"}, 422, "E028: invalid request: offset: Input should be a valid"),
        ("/api/documents", {"limit": 5000}, 422, "E028: invalid request: limit: Input should be less than"),
        ("/api/partners/XQZ", {}, 422, "E013: unknown country or organisation 'XQZ'"),
        ("/api/partners/TJK", {"by": "decade"}, 422, "E028: invalid request: by: Input should be"),
        ("/api/partners/TJK", {"weight": "fame"}, 422, "E028: invalid request: weight: Input should be"),
        ("/api/partners/TJK", {"until": "soon"}, 422, "E012: invalid date 'soon'"),
    ],
)
def test_errors_are_clear_json(client, path, params, status, detail):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)


def test_extract_returns_events_without_storing(client):
    before = client.get("/api/health").json()["events"]
    text = "On September 20 Tajikistan's defence minister hosted an Indian military delegation in Dushanbe."
    response = client.post("/api/extract", json={"text": text, "date": "2004-09-24"})
    assert response.status_code == 200
    events = response.json()
    consult = next(e for e in events if e["type"] == "consult")
    assert {consult["source"]["code"], consult["target"]["code"]} == {"TJK", "IND"}
    assert consult["date"] == "2004-09-20"
    assert client.get("/api/health").json()["events"] == before


def test_extract_reads_no_server_files(client):
    response = client.post("/api/extract", json={"text": str(DEMO / BRIEFS[0])})
    assert response.status_code == 200 and response.json() == []


def test_extract_rejects_bad_input(client):
    assert client.post("/api/extract", json={"text": ""}).status_code == 422
    response = client.post("/api/extract", json={"text": "Russia armed Tajikistan.", "date": "20 Sept"})
    assert response.status_code == 422 and "invalid date" in response.json()["detail"]


def test_openapi_documents_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    assert {
        "/api/health",
        "/api/countries",
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/partners/{country}",
        "/api/ontology",
        "/api/extract",
    } <= set(schema["paths"])
    assert "swagger-ui" in client.get("/docs").text


def test_page_and_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and '<table id="events"' in page.text
    for asset, kind in (("/app.js", "javascript"), ("/style.css", "text/css")):
        response = client.get(asset)
        assert response.status_code == 200 and kind in response.headers["content-type"]
    assert "http" not in page.text.replace("http-equiv", ""), "the page must not fetch from the network"


def render(url: str, tmp_path: Path) -> tuple[str, str]:
    """The DOM of `url` after its scripts ran in headless Chromium, and Chromium's log."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_page_renders_partners_events_and_evidence(base_url, client, tmp_path):
    event = client.get("/api/events", params={"country": "TJK", "type": "military_aid"}).json()["events"][0]
    dom, log = render(f"{base_url}/#country=TJK&doc={event['doc_id']}&event={event['event_id']}", tmp_path)
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    assert 'id="error" class="error" role="alert" hidden' in dom
    total = client.get("/api/events", params={"country": "TJK"}).json()["total"]
    assert dom.count('class="event-row"') == min(total, 50)
    assert '<mark class="actor src"' in dom and '<mark class="actor tgt"' in dom
    assert "Security partners of Tajikistan" in dom and 'class="period"' in dom
    assert f">{event['sentence']}</mark>" in dom, "the document view marks the evidence sentence"
