"""Interfaces: the country brief (HTML with inline SVG charts, or Markdown with PNGs)."""

from __future__ import annotations

from pathlib import Path

from .. import values
from ..analysis.options import Options
from ..output import STDOUT, output
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
    force: bool = False,
    compare: str | None = None,
) -> Brief:
    """Write the country brief.

    Args:
        store: the store to read.
        country: ISO3 code.
        out: the HTML or Markdown file to write (Markdown puts its PNGs in `<stem>_files/`), or
            `-` for stdout (Markdown without charts then: there is no folder for them).
        format: html or md.
        options: as for analysis.dependence(); default Options().
        max_events: how many events the brief lists and its timeline shows (the latest).
        force: overwrite `out` if it exists.
        compare: ISO3 code of a second country to set beside this one, period by period.
    Returns:
        The Brief that was written.
    Raises:
        UsageError: as output.check_out (`out` is never the store).
    """
    values.parse_choice(format, FORMATS, "report format")
    with output(out, force, store.path) as part:
        brief = build_brief(store, country, options or Options(), max_events, compare)
        if format == "html":
            text = render_html(brief)
        else:
            text = render_markdown(brief, None if str(out) == STDOUT else Path(out))
        part.write_text(text, encoding="utf-8")
    return brief


__all__ = ["Brief", "build_brief", "report"]
