"""The days a date of any precision covers; what coreference and the arrangements both need, kept
free of spaCy so that the analysis commands start without it."""

from __future__ import annotations

import calendar
from datetime import date


def interval(value: str) -> tuple[date, date]:
    """The days an ISO date of any precision covers: `2004` the year, `2004-09` the month."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(*parts)[1]
        return date(*parts, 1), date(*parts, last)
    day = date(*parts)
    return day, day
