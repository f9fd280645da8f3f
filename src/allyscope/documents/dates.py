"""Document dates: ISO values from metadata, or a date inferred from the text with the
language's patterns and date parser."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from ..days import interval
from ..values import leading_date

if TYPE_CHECKING:
    from ..lang import Language

PRECISIONS = ("year", "month", "day")  # by the number of dashes in an ISO date


def period_end(value: str | None) -> tuple[str, str] | None:
    """The day an ISO date of any precision anchors, and the precision given.

    `2004-09-23` (or `2004-09-23T10:00`) -> (`2004-09-23`, day); `2004-09` -> (`2004-09-30`,
    month); `2004` -> (`2004-12-31`, year); anything else -> None. A year or a month anchors at
    its end: news tells what happened by then, so "on June 14" in a text of 2004 is 2004-06-14.
    """
    found, _ = leading_date(value or "")
    return (interval(found)[1].isoformat(), PRECISIONS[found.count("-")]) if found else None


@cache
def language() -> Language:
    # the reader admits English texts only (reader.check_english); loaded when a text is first
    # dated, so that the store and the analysis, which read period_end, start without it
    from ..lang import load_language

    return load_language("en")


def bounds(text: str, start: int) -> bool:
    """Whether the word before `start` makes what follows a plan's or a deadline's date ("by
    2005", "until December 31, 2042"), which says nothing of when the text was written: the
    words that end a span for an event's date too (words.json's end_point_words)."""
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower() in language().words.end_point_words


def day_of(expression: str, anchor: date | None = None) -> str | None:
    """The ISO day a date expression names, None when it names no day of the calendar."""
    found = language().dates.parse(expression, anchor)
    return found[0] if found and found[1] == "day" else None


def full_dates(text: str) -> list[str]:
    """Every complete date (`March 4, 2022`, `4 March 2022`) in the text that is no deadline, in ISO form."""
    found = (
        day_of(match.group())
        for match in language().patterns.FULL_DATE.finditer(text)
        if not bounds(text, match.start())
    )
    return [day for day in found if day]


def report_year(text: str) -> str | None:
    """The latest year the text states, leaving out the years of plans and deadlines ("by 2005")."""
    years = language().patterns.YEAR.finditer(text)
    return max((m.group(1) for m in years if not bounds(text, m.start())), default=None)


def infer_date(text: str, window: int = 400) -> str | None:
    """The date of a document that gives none, from its text.

    In this order: a dateline (the first complete date in the first `window` characters); the
    latest complete date anywhere in the text; the latest day on which the text cites an outlet
    ("(Avesta, September 17)") in the latest year it states outside plans and deadlines. None
    when the text allows none of these.
    """
    top = full_dates(text[:window])
    if top:
        return top[0]
    dates = full_dates(text)
    if dates:
        return max(dates)
    year = report_year(text)
    if year is None:
        return None
    end = date(int(year), 12, 31)
    cited = (day_of(m.group(2), end) for m in language().patterns.CITATION.finditer(text))
    return max((day for day in cited if day), default=None)
