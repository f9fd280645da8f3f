"""The review loop in a real browser: Debian's chromium, driven through the Chrome DevTools
protocol, on the page served by `allyscope serve`. Filter by pair, reject an event and see the
partner share change, merge two events, correct a document's date and see its events move to
their year; the page's shares equal `allyscope partners` before and after. A hostile article
runs no script; a server with a token refuses a write without it.

Screenshots go to $ALLYSCOPE_SCREENSHOTS when set (docs/ holds those of the last such run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import Browser, needs_chromium
from servers import Server
from synthetic_store import ingested

from allyscope.store import Store

pytestmark = needs_chromium

BRIEFS = {
    "a.txt": (
        "Title: Exercise and aid\nDate: 2004-09-23\n\n"
        "Russian and Tajik units held a joint military exercise near the Afghan border. "
        "The United States gave Tajikistan $2.3 million in military assistance."
    ),
    "b.txt": (
        "Title: Indian delegation\nDate: 2004-10-05\n\n"
        "The Tajik defence minister hosted an Indian military delegation. "
        "Tajikistan and India signed a defence cooperation agreement."
    ),
    # undated until the analyst gives it a date
    "c.txt": "Russia delivered helicopters to Tajikistan. France gave Tajikistan two transport aircraft.",
    # hostile markup in the title and the text
    "d.html": (
        "<html><head><title>&lt;img src=x onerror=window.pwned=1&gt;</title></head><body><p>"
        "Date: 2004-11-02</p><p>Russia gave Tajikistan &lt;script&gt;window.pwned=2&lt;/script&gt; "
        "military aid worth $5 million.</p></body></html>"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return ingested(tmp_path_factory.mktemp("browser"), BRIEFS)


@pytest.fixture
def db(built, tmp_path) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copy(built, path)
    return path


@pytest.fixture
def browser(tmp_path):
    opened = Browser(tmp_path / "profile")
    yield opened
    opened.close()


# The partners table as the page shows it: (period, partner) -> share in whole percent.
PAGE_SHARES = """
(() => {
  const found = {};
  let period = null;
  for (const row of document.querySelectorAll('#partners tbody tr')) {
    const head = row.querySelector('th.period');
    if (head) period = head.textContent;
    const partner = row.querySelector('td.partner .code');
    if (partner) found[period + ' ' + partner.textContent] = row.querySelector('.bar-label').textContent;
  }
  return found;
})()
"""


def cli_portfolio(db: Path) -> list[dict]:
    """The portfolio of `allyscope partners TJK --format json` on the store; tried again while
    the server holds the file for a request (E027)."""
    command = [sys.executable, "-c", "from allyscope.cli import main; main()"]
    command += ["partners", "TJK", "--db", str(db), "--format", "json"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for _ in range(20):
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        if done.returncode == 0 or "E027" not in done.stderr:
            break
        time.sleep(0.2)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["portfolio"]


def cli_shares(db: Path) -> dict[str, str]:
    """The shares of `allyscope partners TJK`, in the page's terms: (period partner) -> percent."""
    return {f"{row['period']} {row['partner']}": f"{100 * row['share']:.0f}%" for row in cli_portfolio(db)}


def page_matches_cli(browser: Browser, db: Path, timeout: float = 30) -> bool:
    """Whether the page's shares come to equal those of `allyscope partners` (the page redraws
    its partners and its events separately after a change)."""
    expected = cli_shares(db)
    deadline = time.monotonic() + timeout
    while browser.js(PAGE_SHARES) != expected:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def row_of(browser: Browser, type: str, code: str, words: str = "") -> str:
    """The event id of the listed event of a type with a party, whose evidence has `words`."""
    return browser.js(
        f"""[...document.querySelectorAll('#events tr[data-event-id]')].map((r) => r.querySelector('td.review').event)
        .filter((e) => e.type === '{type}' && [e.source && e.source.code, e.target && e.target.code].includes('{code}'))
        .filter((e) => e.sentence.includes('{words}')).map((e) => e.event_id)[0] || null"""
    )


def merge_the_aid_of_the_undated_document(browser: Browser) -> tuple[str, str]:
    """Select France's and Russia's aid of the undated document and merge them; their ids."""
    first, second = (
        row_of(browser, "military_aid", "FRA"),
        row_of(browser, "military_aid", "RUS", "helicopters"),
    )
    for event_id in (first, second):
        click(browser, f"tr[data-event-id='{event_id}'] input.select")
    click(browser, "#merge")
    return first, second


def click(browser: Browser, selector: str) -> None:
    browser.js(f"document.querySelector({json.dumps(selector)}).click()")


def test_the_review_loop_in_a_browser(db, browser):
    with Server.of(db) as server:
        browser.open(f"{server.url}/#country=TJK&by=year")
        browser.js("document.querySelector('#reviewer').value = 'ana'")
        before = browser.js(PAGE_SHARES)
        assert before == cli_shares(db) and "2004 USA" in before
        browser.screenshot("review-1-start.png")

        # filter by pair: the events between Tajikistan and the United States
        browser.js("document.querySelector('#filters [name=partner]').value = 'United States'")
        browser.js("document.querySelector('#filters').requestSubmit()")
        browser.wait("document.querySelectorAll('#events tr[data-event-id]').length === 1")
        aid = row_of(browser, "military_aid", "USA")
        assert aid
        browser.screenshot("review-2-pair.png")

        # reject it: the share of the United States goes, the others grow, as the CLI says
        click(browser, f"tr[data-event-id='{aid}'] button.reject")
        browser.wait("!document.querySelector('#partners tbody').textContent.includes('USA')")
        after = browser.js(PAGE_SHARES)
        assert "2004 USA" not in after and after != before
        assert page_matches_cli(browser, db)
        browser.screenshot("review-3-rejected.png")

        # merge the two aid events of the undated document into one
        browser.js("document.querySelector('#filters').reset()")
        browser.wait("document.querySelectorAll('#events tr[data-event-id]').length > 1")
        listed = browser.js("document.querySelectorAll('#events tr[data-event-id]').length")
        first, second = merge_the_aid_of_the_undated_document(browser)
        browser.wait(f"document.querySelectorAll('#events tr[data-event-id]').length === {listed - 1}")
        assert (
            browser.js(
                f"document.querySelector(\"tr[data-event-id='{first}'] td.review\").event.mentions.length"
            )
            == 2
        )
        browser.screenshot("review-4-merged.png")

        # the undated document gets its date: its event moves to 2006 in the events and the shares
        doc = browser.js(f"document.querySelector(\"tr[data-event-id='{first}'] td.review\").event.doc_id")
        browser.js(f"openDocument('{doc}')")
        browser.wait("document.querySelector('#doc-view').open")
        browser.js("document.querySelector('#doc-edit [name=date]').value = '2006-05-01'")
        browser.screenshot("review-5-document.png")
        browser.js("document.querySelector('#doc-edit').requestSubmit()")
        browser.wait("document.querySelector('#partners tbody').textContent.includes('2006')")
        browser.js("document.querySelector('#doc-view').close()")
        assert (
            browser.js(f"document.querySelector(\"tr[data-event-id='{first}'] td.date\").textContent")
            == "2006-05-01"
        )
        assert page_matches_cli(browser, db)
        # the partner timeline's axis runs through 2005, a year without events, shown as a gap
        gaps = browser.js(
            "[...document.querySelectorAll('#partner-timeline rect.gap title')].map((t) => t.textContent)"
        )
        assert gaps == ["2005: no events"]
        browser.screenshot("review-6-redated.png")

        # the history of the merged event says who did what
        click(browser, f"tr[data-event-id='{first}'] button.edit")
        browser.wait("document.querySelectorAll('#history li').length >= 2")
        trail = browser.js("document.querySelector('#history').textContent")
        assert "ana · merge" in trail and "ana · redate" in trail
        browser.screenshot("review-7-history.png")


def test_keyboard_queue(db, browser):
    with Server.of(db) as server:
        browser.open(f"{server.url}/#country=TJK")
        browser.js("document.querySelector('#reviewer').value = 'ana'")
        press = "(key) => document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))"
        browser.js(f"({press})('n')")
        first = browser.js("document.querySelector('#events tr.focused').dataset.eventId")
        browser.js(f"({press})('a')")
        browser.wait(
            f"document.querySelector(\"tr[data-event-id='{first}'] .review-status\").textContent === 'accepted'"
        )
        browser.js(f"({press})('n')")
        second = browser.js("document.querySelector('#events tr.focused').dataset.eventId")
        assert second != first
        browser.js(f"({press})('r')")
        browser.wait(f"!document.querySelector(\"tr[data-event-id='{second}']\")")
        with Store.for_reading(db, write=True) as store:
            states = dict(store.con.execute("SELECT event_id, review_status FROM event_reviews").fetchall())
        assert states == {first: "accepted", second: "rejected"}


def test_a_read_only_server_shows_no_review_controls(db, browser):
    with Server.of(db, writable=False) as server:
        browser.open(f"{server.url}/#country=TJK")
        shown = (
            "(s) => [...document.querySelectorAll(s)].filter((e) => getComputedStyle(e).display !== 'none')"
        )
        assert browser.js(f"({shown})('#identity, #review-bar, #doc-edit, button.accept').length") == 0


def test_a_hostile_article_runs_no_script(db, browser):
    with Server.of(db) as server:
        browser.open(f"{server.url}/#country=TJK")
        doc = browser.js(
            "[...document.querySelectorAll('#events td.review')].map((c) => c.event)"
            ".find((e) => e.sentence.includes('<script>')).doc_id"
        )
        browser.js(f"openDocument('{doc}')")
        browser.wait("document.querySelector('#doc-view').open")
        assert "<script>" in browser.js("document.querySelector('#doc-text').textContent")
        assert browser.js("document.querySelectorAll('#doc-text script, #events script, img').length") == 0
        assert browser.js("window.pwned === undefined")


def test_a_token_guards_writes(db, browser, monkeypatch):
    monkeypatch.setenv("ALLYSCOPE_TOKEN", "s3cret")
    with Server.of(db) as server:
        browser.call("Page.navigate", url=f"{server.url}/#country=TJK")
        browser.call("Page.handleJavaScriptDialog", **answer(browser, "s3cret"))
        browser.wait("document.querySelectorAll('#events tr[data-event-id]').length > 0")
        # a write without the token is refused; the page's writes send the one it was given
        refused = browser.js(
            "fetch('/api/events/x', {method: 'PATCH', headers: {'Content-Type': 'application/json'},"
            " body: JSON.stringify({status: 'accepted', reviewer: 'ana'})}).then((r) => r.status)"
        )
        assert refused == 401
        browser.js("document.querySelector('#reviewer').value = 'ana'")
        click(browser, "#events tr[data-event-id] button.accept")
        browser.wait("document.querySelector('#events .review-status.accepted') !== null")


def answer(browser, token: str) -> dict:
    """The reply to the page's question for the token."""
    dialog = browser.wait_for("Page.javascriptDialogOpening")
    assert dialog["type"] == "prompt" and "ALLYSCOPE_TOKEN" in dialog["message"]
    return {"accept": True, "promptText": token}


def test_edit_add_from_a_selection_and_split_in_the_page(db, browser):
    with Server.of(db) as server:
        browser.open(f"{server.url}/#country=TJK")
        browser.js("document.querySelector('#reviewer').value = 'ana'")
        # the edit form: the United States' aid was Russia's
        aid = row_of(browser, "military_aid", "USA")
        click(browser, f"tr[data-event-id='{aid}'] button.edit")
        browser.wait("document.querySelector('#edit-view').open")
        browser.js("document.querySelector('#edit-form [name=source]').value = 'Russia'")
        browser.js("document.querySelector('#edit-form [name=note]').value = 'misread donor'")
        browser.js("document.querySelector('#edit-form').requestSubmit()")
        browser.wait(
            f"document.querySelector(\"tr[data-event-id='{aid}'] .parties\").textContent.startsWith('RUS')"
        )
        browser.wait("!document.querySelector('#partners tbody').textContent.includes('USA')")
        # an event the machine missed, from a selected sentence of a document
        doc = browser.js(f"document.querySelector(\"tr[data-event-id='{aid}'] td.review\").event.doc_id")
        browser.js(f"openDocument('{doc}')")
        browser.wait("document.querySelector('#doc-view').open")
        browser.js(
            """(() => {
              const node = document.querySelector('#doc-text').firstChild;
              const at = node.textContent.indexOf('Russian and Tajik');
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, node.textContent.indexOf('border.') + 'border.'.length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
            })()"""
        )
        click(browser, "#add-from-selection")
        browser.wait("document.querySelector('#edit-view').open")
        assert browser.js("document.querySelector('#edit-evidence').textContent").startswith(
            "Russian and Tajik units"
        )
        browser.js("document.querySelector('#edit-form [name=type]').value = 'military_aid'")
        browser.js("document.querySelector('#edit-form [name=source]').value = 'RUS'")
        browser.js("document.querySelector('#edit-form [name=target]').value = 'Tajikistan'")
        listed = browser.js("document.querySelectorAll('#events tr[data-event-id]').length")
        browser.js("document.querySelector('#edit-form').requestSubmit()")
        browser.wait(f"document.querySelectorAll('#events tr[data-event-id]').length === {listed + 1}")
        made = browser.js(
            "[...document.querySelectorAll('#events td.review')].map((c) => c.event).find((e) => e.event_id.startsWith('h'))"
        )
        assert made["sentence"].startswith("Russian and Tajik") and made["review_status"] == "accepted"
        assert (made["source"]["code"], made["target"]["code"], made["type"]) == (
            "RUS",
            "TJK",
            "military_aid",
        )
        # two reports merged by the analyst, and split apart again from the edit form
        first, second = merge_the_aid_of_the_undated_document(browser)
        browser.wait(f"!document.querySelector(\"tr[data-event-id='{second}']\")")
        click(browser, f"tr[data-event-id='{first}'] button.edit")
        browser.wait("document.querySelectorAll('#edit-reports input[name=report]').length === 1")
        click(browser, "#edit-reports input[name=report]")
        click(browser, "#split")
        browser.wait(f"document.querySelector(\"tr[data-event-id='{second}']\") !== null")
        assert page_matches_cli(browser, db)


def test_numbers_link_to_their_events(db, browser):
    with Server.of(db) as server:
        browser.open(f"{server.url}/#country=TJK")
        listed = (
            "[...document.querySelectorAll('#events tr[data-event-id]')].map((r) => r.dataset.eventId).sort()"
        )
        rows = {(r["period"], r["partner"]): r for r in cli_portfolio(db)}
        # the verdict's footnote: the events of its top partner in its period
        click(browser, "#verdict a.evidence-link")
        browser.wait("document.querySelector('#filters [name=partner]').value !== ''")
        top = browser.js("document.querySelector('#filters [name=partner]').value")
        browser.wait(
            f"JSON.stringify({listed}) === {json.dumps(json.dumps(rows[('2004', top)]['event_ids'], separators=(',', ':')))}"
        )
        # a share: the events of that partner in that period
        click(browser, "#partners tbody tr:nth-child(2) td.share a")
        browser.wait("document.querySelector('#filters [name=partner]').value === 'IND'")
        browser.wait(
            f"JSON.stringify({listed}) === {json.dumps(json.dumps(rows[('2004', 'IND')]['event_ids'], separators=(',', ':')))}"
        )
        # India beside Tajikistan: its partners on the same time axis
        browser.js(
            "const c = document.querySelector('#compare'); c.value = 'IND'; c.dispatchEvent(new Event('change'))"
        )
        browser.wait("document.querySelector('#compare-timeline svg') !== null")
        assert (
            browser.js("document.querySelector('#compare-timeline .trend-title').textContent")
            == "Compared: India"
        )
        labels = "(box) => [...document.querySelectorAll(box + ' text.top')].map((t) => t.textContent)"
        assert browser.js(f"({labels})('#compare-timeline')") == ["TJK"]
        axis = (
            "(box) => [...document.querySelectorAll(box + ' text.axis:not(.top)')].map((t) => t.textContent)"
        )
        assert browser.js(f"({axis})('#compare-timeline')") == browser.js(f"({axis})('#partner-timeline')")
