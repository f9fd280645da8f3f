"""Document dates: ISO values from metadata, or the first full date near the top of the text."""

from __future__ import annotations

import re
from datetime import date

ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
DATELINE = re.compile(
    rf"\b(?:(\d{{1,2}}) ({MONTHS})|({MONTHS})\.? (\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?,?) (\d{{4}})\b"
)


def parse_iso_date(value: str | None) -> str | None:
    """`2004-09-23`, `2004-09-23T10:00` -> `2004-09-23`; anything else -> None."""
    match = ISO.match(value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def infer_date(text: str, window: int = 400) -> str | None:
    """The first complete date (`March 4, 2022`, `4 March 2022`) in the first `window` characters."""
    import dateparser

    match = DATELINE.search(text[:window])
    if not match:
        return None
    day, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    parsed = dateparser.parse(f"{day} {month.rstrip('.')} {match.group(5)}", languages=["en"])
    return parsed.date().isoformat() if parsed else None
