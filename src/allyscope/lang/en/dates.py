"""English date expressions -> (ISO date, precision): "September 20", "mid-October 2004",
"last week", "two days later". dateparser resolves the calendar; the patterns cut out what it
needs and say the precision."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from .. import FUTURE, PAST
from .patterns import (
    DAY_FIRST,
    LATER,
    MONTH_FIRST,
    MONTH_ONLY,
    RELATIVE_DAY,
    RELATIVE_MONTH,
    RELATIVE_YEAR,
    SHIFT,
    YEAR,
)

NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def shift_context(text: str, context: date | None) -> tuple[str, str] | None:
    """ "Two days later", "the next day": a date relative to the one the story was just telling."""
    match = LATER.search(text)
    if not match or context is None:
        return None
    if match.group(1):
        count = NUMBERS.get(match.group(1).lower()) or (
            int(match.group(1)) if match.group(1).isdigit() else None
        )
        if count is None:
            return None
        unit, sign = match.group(2).lower(), -1 if match.group(3).lower() in ("earlier", "before") else 1
    else:
        count, unit, sign = 1, match.group(5).lower(), -1 if match.group(4).lower() == "previous" else 1
    days = count * (7 if unit == "week" else 1) * sign
    return (context + timedelta(days=days)).isoformat(), "day"


def weekday(text: str, anchor: date) -> date | None:
    """ "on Saturday": the nearest such day on or before the document date (news dates even a
    plan by the day it was announced); "next Tuesday" the first one after it, "last Tuesday"
    the last one before it."""
    words = text.lower().split()
    day = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    if day is None:
        return None
    if "next" in words:
        return anchor + timedelta(days=(day - anchor.weekday()) % 7 or 7)
    if "last" in words:
        return anchor - timedelta(days=(anchor.weekday() - day) % 7 or 7)
    return anchor - timedelta(days=(anchor.weekday() - day) % 7)


def in_year(month: int, day: int, anchor: date, tense: int | None) -> int:
    """The year of a month and day the text gives without one: in the past, the last such day on
    or before the document date ("visited India in October" in a January article is last
    October); in the future, the next one on or after it; with neither known, the document's
    year unless that puts it more than two months after the document."""
    value = date(anchor.year, month, min(day, 28))
    if tense == PAST:
        return anchor.year - (value > anchor)
    if tense == FUTURE:
        return anchor.year + (value < date(anchor.year, anchor.month, min(anchor.day, 28)))
    return anchor.year - (value > anchor + timedelta(days=60))


# what a resolved date may be: a year of the calendar datetime.date knows (1-9999), possibly a
# month, a day, in ASCII digits ("20২1" matches the patterns' \d, and int() reads it)
CALENDAR = re.compile(r"(?!0000)[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


@lru_cache(maxsize=4096)  # a paragraph's dates are read again for each of its events
def parse(
    text: str, anchor: date | None, context: date | None = None, tense: int | None = None
) -> tuple[str, str] | None:
    """(ISO date, precision) for one date expression, or None.

    Args:
        text: the expression ("September 20", "mid-October 2004", "two days later").
        anchor: the document date, for expressions without a year and relative ones.
        context: the date the story was telling just before, for "two days later".
        tense: PAST or FUTURE when the event's time is known to lie before or after the
            document; it chooses the year of a month without one.
    Returns:
        None also when the date would fall outside the calendar (years 1 to 9999): "on Friday"
        in a document dated 0001-01-01, "next year" in one dated 9999-12-31.
    """
    try:
        found = resolve(text, anchor, context, tense)
    except (OverflowError, ValueError):  # date arithmetic past either end of the calendar
        return None
    return found if found is None or CALENDAR.fullmatch(found[0]) else None


def resolve(
    text: str, anchor: date | None, context: date | None, tense: int | None
) -> tuple[str, str] | None:
    """parse without the calendar's bounds checked."""
    shifted = shift_context(text, context)
    if shifted:
        return shifted
    base = datetime.combine(anchor, datetime.min.time()) if anchor else None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = base
    for pattern in (MONTH_FIRST, DAY_FIRST):
        match = pattern.search(text)
        if match:
            year = match.group(3)
            if not year and not anchor:
                break
            month, day = (
                (match.group(1), match.group(2))
                if pattern is MONTH_FIRST
                else (match.group(2), match.group(1))
            )
            parsed = dateparser.parse(
                f"{month.rstrip('.')} {day} {year or anchor.year}", languages=["en"], settings=settings
            )
            if parsed:
                value = parsed.date()
                if not year and (value.month, value.day) != (2, 29):
                    value = value.replace(year=in_year(value.month, value.day, anchor, tense))
                return value.isoformat(), "day"
    match = RELATIVE_DAY.search(text)
    day = weekday(text, anchor) if match and anchor else None
    if day is not None:
        return day.isoformat(), "day"
    if match and anchor:
        parsed = dateparser.parse(match.group(1).replace("on ", ""), languages=["en"], settings=settings)
        if parsed:
            return parsed.date().isoformat(), "day"
    match = MONTH_ONLY.search(text)
    if match and (match.group(2) or anchor):
        parsed = dateparser.parse(
            f"{match.group(1).rstrip('.')} 1 {match.group(2) or anchor.year}", languages=["en"]
        )
        if parsed and not match.group(2):
            # the month's first day is compared: "in January" of a January article is this January
            parsed = parsed.replace(year=in_year(parsed.month, 1, anchor.replace(day=1), tense))
        if parsed:
            return parsed.strftime("%Y-%m"), "month"
    match = RELATIVE_MONTH.search(text)
    if match and anchor:
        month = anchor.month - 1 + SHIFT[match.group(1).lower()]
        return f"{anchor.year + month // 12:04d}-{month % 12 + 1:02d}", "month"
    match = RELATIVE_YEAR.search(text)
    if match and anchor:
        return f"{anchor.year + SHIFT[match.group(1).lower()]:04d}", "year"
    match = YEAR.search(text)
    if match:
        return match.group(1), "year"
    return None
