"""Whether two reports can be one event, and the event they make together.

Two reports can be one event when they have the same type and dyad (unordered where the type
is symmetric) and no fact sets them apart: the same side of the modality (done, intended or
not done), dates that agree at their precision (`2004-09` agrees with `2004-09-20`, not with
`2004-10`; an undated report with the month before its document), the same place (one name
holding the other, towns close together, or a country and a place in it), the same amount,
and the same name where both give one. Two facts of the same key (two amounts, two dates, two
places) are two events. The joined event takes the most precise attribute of its reports.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from ..days import interval
from ..model import Event
from ..ontology import is_directed
from .cues import normal_name

# An undated report (date_precision "document": the document's date is an upper bound) tells of
# something recent: it agrees with dates in the month before its document.
UNDATED_WINDOW = timedelta(days=31)
# Reports of one event in different documents often disagree on its day by a little ("on
# Tuesday", "last week", a span's first day): across documents two days this close agree.
DAY_TOLERANCE = timedelta(days=3)
AMOUNT_TOLERANCE = 0.05
# "near Balykchy" and "at the Edelweiss range" may be one place; towns further apart are not
NEARBY_KM = 50
EARTH_RADIUS_KM = 6371.0
SIDES = {"realized": "done", "planned": "intended", "hypothetical": "intended", "negated": "not done"}
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "document": 0}


def dyad(event: Event) -> tuple:
    """The event's type and party codes, ordered only where the type is directed."""
    codes = (event.source and event.source.code, event.target and event.target.code)
    if not is_directed(event.type):
        codes = tuple(sorted(codes, key=str))
    return (event.type, *codes)


def span_of(event: Event) -> tuple[date, date]:
    """The days the event's date allows; an undated one the month before its document."""
    start, end = interval(event.date)
    if event.date_precision != "document":
        return start, end
    return end - min(UNDATED_WINDOW, end - date.min), end  # the month before, within the calendar


def date_conflict(a: Event, b: Event, across: bool) -> str | None:
    """Why the two dates cannot be one event's, or None. An undated report tells of the month
    before its document; across documents two days agree within DAY_TOLERANCE."""
    if not a.date or not b.date:
        return None
    undated = "document" in (a.date_precision, b.date_precision)
    (s1, e1), (s2, e2) = span_of(a), span_of(b)
    if undated:
        agree = s1 <= e2 and s2 <= e1
    elif across and a.date_precision == b.date_precision == "day":
        agree = abs(s1 - s2) <= DAY_TOLERANCE
    else:
        agree = a.date.startswith(b.date) or b.date.startswith(a.date)
    return None if agree else f"different date ({a.date} / {b.date})"


def distance_km(a: dict, b: dict) -> float:
    """Great-circle distance between two places with coordinates."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def same_place(a: Event, b: Event) -> bool:
    """Whether both events name a place and one name holds the other ("the Khatlon region", "Khatlon")."""
    one, two = (
        str((e.location or {}).get("name") or (e.location or {}).get("text") or "").lower() for e in (a, b)
    )
    return bool(one and two) and (one in two or two in one)


def place_conflict(a: Event, b: Event) -> str | None:
    """Why the two places cannot be one event's, or None. One may name the other ("the Khatlon
    region", "Khatlon"); two places with coordinates must be near each other ("the Edelweiss
    range near Balykchy", "Balykchy"); a place without them (a country, a region) agrees with any
    place in its country, as we cannot tell which region holds a town, but not with a place of
    another or an unknown country ("the Harb-Maidon range" is not Termez)."""
    if not a.location or not b.location or same_place(a, b):
        return None
    x, y = a.location, b.location
    if x.get("lat") is not None and y.get("lat") is not None:
        if distance_km(x, y) <= NEARBY_KM:
            return None
    elif x.get("country") and x.get("country") == y.get("country"):
        return None
    return f"different place ({x.get('name')} / {y.get('name')})"


def amount_value(event: Event) -> tuple:
    amount = event.amount or {}
    if amount.get("value_usd") is not None:
        return (float(amount["value_usd"]), "USD")
    return (float(amount.get("value") or 0), amount.get("currency"))


def amount_conflict(a: Event, b: Event) -> str | None:
    if not a.amount or not b.amount:
        return None
    (x, unit_x), (y, unit_y) = amount_value(a), amount_value(b)
    if unit_x == unit_y and abs(x - y) <= AMOUNT_TOLERANCE * max(x, y):
        return None
    return f"different amount ({a.amount.get('text')} / {b.amount.get('text')})"


def modality_conflict(a: Event, b: Event) -> str | None:
    """Why the two modalities cannot be one event's (done, intended, not done), or None."""
    if SIDES[a.modality] == SIDES[b.modality]:
        return None
    return f"one {SIDES[a.modality]}, one {SIDES[b.modality]} ({a.modality} / {b.modality})"


def fact_conflict(a: Event, b: Event, across: bool = False) -> str | None:
    """Why the names, dates, places or amounts of two events cannot be one event's, or None."""
    if a.name and b.name and normal_name(a.name) != normal_name(b.name):
        return f"different names ({a.name} / {b.name})"
    return date_conflict(a, b, across) or place_conflict(a, b) or amount_conflict(a, b)


def conflict(a: Event, b: Event, across: bool = False) -> str | None:
    """Why two events of the same type and dyad are two events, or None if they may be one.

    Args:
        a, b: the events (or reports) to compare.
        across: whether they come from different documents (their days may then differ a little).
    Returns:
        The first fact that sets them apart, in words ("different date (2004-09 / 2004-11)").
    """
    return modality_conflict(a, b) or fact_conflict(a, b, across)


def location_rank(location: dict | None) -> int:
    if not location:
        return 0
    return 2 if location.get("lat") is not None else 1


def merge(event: Event, other: Event, why: str) -> None:
    """Take `other`'s mentions into `event`, with the more precise of each attribute.

    Args:
        event: the event that stays (its id and evidence are kept); changed in place.
        other: the event or report joined into it.
        why: why they are one, appended to `event.grouping`.
    """
    if PRECISION_RANK.get(other.date_precision, -1) > PRECISION_RANK.get(event.date_precision, -1):
        event.date, event.date_precision = other.date, other.date_precision
    if location_rank(other.location) > location_rank(event.location):
        event.location = other.location
    event.amount = event.amount or other.amount
    event.cited_source = event.cited_source or other.cited_source
    event.name = event.name or other.name
    event.aid_kind = sorted(set(event.aid_kind) | set(other.aid_kind))
    event.confidence = max(event.confidence, other.confidence)
    event.mentions = event.mentions + other.mentions
    event.count_reports()
    notes = [n for n in (event.grouping, why, other.grouping) if n]
    event.grouping = "; ".join(notes)
