"""A hostile article: markup, scripts, a `javascript:` URL, formulas, terminal escape codes and a
bidi override in its header and sentences, for the tests of every output (our own sentences)."""

from __future__ import annotations

from pathlib import Path

from allyscope.store import Store

# each of these, run, sets `data-pwned` on the page's body
PWNED = "document.body.dataset.pwned=1"
ARTICLE = f"""TITLE: <script>{PWNED}</script>Tajikistan <img src=x onerror="{PWNED}"> partners
PUBLISHER: =HYPERLINK("http://evil.example/","click") <b>Review</b>
URL: javascript:{PWNED}
DATE: 2004-09-24
---
On September 20 Tajikistan's Defence Minister hosted an Indian military delegation <script>{PWNED}</script> \
in Dushanbe, and the two sides discussed joint exercises [click](javascript:{PWNED}) and the supply of \
equipment to the Tajik army <img src=x onerror="{PWNED}">.

The United States gave Tajikistan $2.3 million of military assistance this year, the embassy said; the \
money pays for border equipment =1+1 and training.

Russian and Tajik units held a joint exercise near the Afghan border, the ministry said \x1b[2J\x1b]0;owned\x07\u202eon Friday. **bold** _it_ | pipe
"""


def build_hostile_store(folder: Path) -> Path:
    """The article ingested (through the whole pipeline) into a store in `folder`."""
    article = folder / "hostile.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = folder / "hostile.duckdb"
    with Store(db) as store:
        report = store.ingest([article])
    assert report.added == 1 and report.events >= 3, report
    return db
