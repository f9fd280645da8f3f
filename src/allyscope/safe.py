"""Text that comes from an article, made safe for the place it is written to.

A title, URL, sentence or actor name is written by whoever wrote the article. Each output
passes such text through one function here: a terminal, a CSV cell, HTML, Markdown, a link.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    import pandas as pd

# ANSI escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-byte ESC x
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?")
# C0 and C1 controls but tab and newline, DEL, and the bidi embeddings, overrides and isolates that
# reorder what follows them (a "Trojan Source" line reads differently from what it is)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# a cell a spreadsheet would read as a formula (OWASP: CSV injection); a lone "-" is no formula
FORMULA = re.compile(r"[=+\-@\t\r].", re.DOTALL)
# what Markdown reads as markup within a line (links and images need `[`; raw HTML `<`, escaped apart)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
LINK_SCHEMES = ("http", "https")
# what a Markdown link target may hold as it is; spaces, brackets and parentheses are encoded
URL_SAFE = ":/?#@!$&'*+,;=%~.-_"


def terminal(text: str) -> str:
    """Text a terminal shows as it is: escape sequences, control characters and bidi overrides
    removed."""
    return CONTROL.sub("", ESCAPE_SEQUENCE.sub("", text))


def csv_cell(value):
    """A CSV or TSV cell a spreadsheet shows as text: a string that starts like a formula gets a
    leading `'`. Other values pass unchanged."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with csv_cell applied to its text columns (numbers stay numbers)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not (is_object_dtype(values) or is_string_dtype(values)):
            continue
        formula = values.map(lambda v: isinstance(v, str) and FORMULA.match(v) is not None).astype(bool)
        out[column] = values.where(~formula, "'" + values[formula].astype(str))
    return out


def html_text(text: str) -> str:
    """Text (or an attribute value) in HTML, without control characters and bidi overrides."""
    return html.escape(terminal(text), quote=True)


def markdown(text: str) -> str:
    """Text in a Markdown line (a table cell, a heading, a quote): its markup characters are
    backslash-escaped, `<`, `>` and `&` are entities (no raw HTML), it stays on one line, and
    control characters and bidi overrides are removed (safe.terminal)."""
    text = MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", terminal(text)))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None: a `javascript:`, `data:` or `file:` URL is
    shown as text, never as a link."""
    if not isinstance(url, str):
        return None
    url = terminal(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def markdown_link(text: str, url: str | None) -> str:
    """`[text](url)` for an http(s) URL (spaces, brackets and parentheses percent-encoded),
    else the escaped text with the URL after it as text."""
    target = link(url)
    if target is None:
        return markdown(text) + (f" ({markdown(url)})" if isinstance(url, str) and url else "")
    return f"[{markdown(text)}]({quote(target, safe=URL_SAFE)})"
