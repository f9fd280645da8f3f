"""Interfaces: the country brief (HTML with plotly, or Markdown with matplotlib PNGs)."""

from __future__ import annotations

from pathlib import Path

from ..analysis.weights import Weights
from ..store import Store
from .brief import Brief, build_brief
from .html import render_html
from .markdown import render_markdown

FORMATS = ("html", "md")


def report(
    store: Store,
    country: str,
    out: str | Path,
    format: str = "html",
    since: str | None = None,
    until: str | None = None,
    by: str = "year",
    weight: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
) -> Brief:
    """Write the country brief.

    Args:
        store: the store to read.
        country: ISO3 code.
        out: the HTML or Markdown file to write (Markdown puts its PNGs in `<stem>_files/`).
        format: html or md.
        since, until: date range of the events.
        by, weight, weights, realized_only: as for analysis.partners.portfolio().
    Returns:
        The Brief that was written.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}; use {', '.join(FORMATS)}")
    events = store.query_events(since=since, until=until)
    brief = build_brief(events, country, by, weight, weights, realized_only)
    out = Path(out)
    text = render_html(brief) if format == "html" else render_markdown(brief, out)
    out.write_text(text, encoding="utf-8")
    return brief


__all__ = ["Brief", "build_brief", "report"]
