"""Interfaces: the country brief (HTML with inline SVG charts, or Markdown with PNGs)."""

from __future__ import annotations

from pathlib import Path

from .. import values
from ..analysis.options import Options
from ..store import Store
from .brief import MAX_EVENTS, Brief, build_brief
from .html import render_html
from .markdown import render_markdown

FORMATS = ("html", "md")


def report(
    store: Store,
    country: str,
    out: str | Path,
    format: str = "html",
    options: Options | None = None,
    max_events: int = MAX_EVENTS,
) -> Brief:
    """Write the country brief.

    Args:
        store: the store to read.
        country: ISO3 code.
        out: the HTML or Markdown file to write (Markdown puts its PNGs in `<stem>_files/`).
        format: html or md.
        options: as for analysis.dependence(); default Options().
        max_events: how many events the brief lists and its timeline shows (the latest).
    Returns:
        The Brief that was written.
    """
    values.parse_choice(format, FORMATS, "report format")
    brief = build_brief(store, country, options or Options(), max_events)
    out = Path(out)
    text = render_html(brief) if format == "html" else render_markdown(brief, out)
    out.write_text(text, encoding="utf-8")
    return brief


__all__ = ["Brief", "build_brief", "report"]
