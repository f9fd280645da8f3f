"""Event dates: the DATE expression nearest the trigger, resolved against the document date.

Precision comes from what the text says (`September 20` -> day, `mid-September 2004` -> month,
`2002` -> year); dateparser resolves the calendar date relative to the document date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from spacy.tokens import Span, Token

from .syntax import tree_distance
from .words import attribute_words

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+({MONTH})(?:,?\s+(\d{{4}}))?")
MONTH_FIRST = re.compile(
    rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\b(?:,?\s+(\d{{4}}))?"
)
# (?!\w): "Dec" but not "decade", "Mar" but not "Marshall", since the match ignores case
MONTH_ONLY = re.compile(
    rf"\b(?:(?:early|mid|late|the end of|the beginning of)[-\s]+)?({MONTH})(?!\w)(?:,?\s+(?:of\s+)?(\d{{4}}))?",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
RELATIVE_DAY = re.compile(
    r"\b(yesterday|today|tomorrow|(?:last|this|next)\s+week|\d+\s+days?\s+ago|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)
RELATIVE_MONTH = re.compile(r"\b(last|this|next)\s+month\b", re.IGNORECASE)
SHIFT = {"last": -1, "this": 0, "next": 1}
RELATIVE_YEAR = re.compile(r"\b(last|this|next)\s+year\b", re.IGNORECASE)


LATER = re.compile(
    r"\b(?:(\w+) (day|week)s? (later|earlier|before)|(?:the )?(next|following|previous) (day|week))\b", re.I
)
NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


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


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


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


@lru_cache(maxsize=4096)  # a paragraph's dates are read again for each of its events
def parse(text: str, anchor: date | None, context: date | None = None) -> tuple[str, str] | None:
    """(ISO date, precision) for one date expression, or None.

    Args:
        text: the expression ("September 20", "mid-October 2004", "two days later").
        anchor: the document date, for expressions without a year and relative ones.
        context: the date the story was telling just before, for "two days later".
    """
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
                if not year and anchor and value > anchor + timedelta(days=60):
                    value = value.replace(year=value.year - 1)
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
        if parsed:
            return parsed.strftime("%Y-%m"), "month"
    match = RELATIVE_MONTH.search(text)
    if match and anchor:
        month = anchor.month - 1 + SHIFT[match.group(1).lower()]
        return f"{anchor.year + month // 12:04d}-{month % 12 + 1:02d}", "month"
    match = RELATIVE_YEAR.search(text)
    if match and anchor:
        return str(anchor.year + SHIFT[match.group(1).lower()]), "year"
    match = YEAR.search(text)
    if match:
        return match.group(1), "year"
    return None


def in_name(expr: Span) -> bool:
    """A year that is part of a name: "Peace Mission 2005", "Regional Cooperation 22"."""
    return (
        len(expr) == 1
        and expr.start > 0
        and expr.doc[expr.start - 1].pos_ == "PROPN"
        and (expr.doc[expr.start - 1].ent_type_ != "DATE")
    )


def date_expressions(sent: Span) -> list[Span]:
    """DATE entities of a sentence, plus bare years that the tagger left out."""
    found = []
    for ent in (e for e in sent.ents if e.label_ == "DATE" and not in_name(e)):
        after = sent.doc[ent.end] if ent.end < len(sent.doc) else None
        # "Two days later": the tagger leaves out the word that makes it relative
        found.append(
            sent.doc[ent.start : ent.end + 1]
            if after is not None and after.lower_ in ("later", "earlier", "before")
            else ent
        )
    covered = {t.i for e in found for t in e}
    for token in sent:
        if token.i not in covered and YEAR.fullmatch(token.text) and token.dep_ in ("pobj", "npadvmod"):
            found.append(sent.doc[token.i : token.i + 1])
    return found


END_POINT = attribute_words("end_point_words")


def is_end_point(expr: Span) -> bool:
    """ "a lease until 2042", "from 2002 to 2010": the end of a span is not when an event happened."""
    before = expr.doc[expr.start - 1] if expr.start > 0 else None
    return before is not None and before.lower_ in END_POINT


def describes_other_noun(expr: Span, trigger: Token | None) -> bool:
    """ "Under a 2012 agreement, Russia will keep its base": a date that modifies another noun
    dates that thing, not the event (unless that noun is the trigger or its object); with no
    trigger, any such date (a story's own time is told by adverbials)."""
    root = expr.root
    if root.dep_ not in ("compound", "nummod", "amod") or root.head.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = root.head
    if trigger is None:
        return True
    return noun.i != trigger.i and not (noun.head.i == trigger.i and noun.dep_ in ("dobj", "nsubjpass"))


def event_date(
    sent: Span,
    trigger: Token,
    anchor: date | None,
    exclude: set[int] = frozenset(),
    context: date | None = None,
) -> tuple[str, str, str] | None:
    """(ISO date, precision, text) of the date expression nearest the trigger in its sentence."""
    candidates = []
    for expr in date_expressions(sent):
        if expr.start in exclude or is_end_point(expr) or describes_other_noun(expr, trigger):
            continue
        parsed = parse(expr.text, anchor, context)
        if parsed:
            candidates.append((tree_distance(trigger, expr.root), expr.start, parsed, expr.text))
    if not candidates:
        return None
    _, _, (value, precision), text = min(candidates)
    return value, precision, text
