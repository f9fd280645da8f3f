"""Document dates: ISO values from metadata, or a date inferred from the text."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

# a year, a month or a day, possibly followed by a time: `2004`, `2004-09`, `2004-09-23T10:00`
ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)")
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
DATELINE = re.compile(
    rf"\b(?:(\d{{1,2}}) ({MONTHS})|({MONTHS})\.? (\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?,?) (\d{{4}})\b"
)


def period_end(value: str | None) -> tuple[str, str] | None:
    """The day an ISO date of any precision anchors, and the precision given.

    `2004-09-23` (or `2004-09-23T10:00`) -> (`2004-09-23`, day); `2004-09` -> (`2004-09-30`,
    month); `2004` -> (`2004-12-31`, year); anything else -> None. A year or a month anchors at
    its end: news tells what happened by then, so "on June 14" in a text of 2004 is 2004-06-14.
    """
    match = ISO.match(value or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day:
            return date(year, month, day).isoformat(), "day"
        if month:
            return date(year, month, monthrange(year, month)[1]).isoformat(), "month"
        return date(year, 12, 31).isoformat(), "year"
    except ValueError:  # no such month or day, or year 0
        return None


# "(Avesta, September 17)": an outlet cited with the day of its report
CITED = re.compile(rf"\([^()]{{2,60}}?,\s*({MONTHS})\.? (\d{{1,2}})\)")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Dates that bound a plan or a deadline ("by 2005", "until 2042") say nothing of the report's.
BOUND_WORDS = {"by", "until", "till", "before", "through", "to", "next"}


def to_iso(day: str, month: str, year: str) -> str | None:
    import dateparser

    parsed = dateparser.parse(f"{day} {month.rstrip('.')} {year}", languages=["en"])
    return parsed.date().isoformat() if parsed else None


def bounds(text: str, start: int) -> bool:
    """Whether the word before `start` makes what follows a plan's or a deadline's date ("by
    2005", "until December 31, 2042"), which says nothing of when the text was written."""
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower() in BOUND_WORDS


def full_dates(text: str) -> list[str]:
    """Every complete date (`March 4, 2022`, `4 March 2022`) in the text that is no deadline, in ISO form."""
    found = []
    for match in DATELINE.finditer(text):
        day, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        iso = None if bounds(text, match.start()) else to_iso(day, month, match.group(5))
        if iso:
            found.append(iso)
    return found


def report_year(text: str) -> str | None:
    """The latest year the text states, leaving out the years of plans and deadlines ("by 2005")."""
    return max((m.group(1) for m in YEAR.finditer(text) if not bounds(text, m.start())), default=None)


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
    cited = [to_iso(day, month, year) for month, day in CITED.findall(text)] if year else []
    return max((c for c in cited if c), default=None)
