"""Standing arrangements: bases and stationed forces, border guards, leases, transit rights,
alliances and treaties. They are states of affairs with a start and an end, not one-day events,
so they count in every period in which they are active.

They are built from the events that open, renew and end them ("formally opened an air base",
"signed a 49-year lease", "an agreement extending the stay of the base until 2042", "the
withdrawal of Russian border troops", "handed the Transit Center back") and from present-tense
statements ("the Russian 201st division based in Dushanbe": active at the report's date).
Which event does what is data: data/arrangements.csv, one rule a row, the first that fits wins:
the event's type, its trigger lemmas (`*` any), words its sentences must hold (`|` one of, `+`
and) and words that rule it out ("hosted 5,000 troops for an exercise" stations no one). Only
realized events count: a planned closure ends nothing.

An arrangement is one per kind and pair of parties at a time: an opening while one is active
confirms it, an end closes it (a second report of the same end, at another precision, joins
it), and a later opening starts a new one. A stated term ("a
49-year lease", "until 2042") sets its end unless an end event comes first. An arrangement
that was opened or renewed lasts until it ends; one known only from statements is active from
its first to its last statement, as far as the sources attest (a statement attests it at the
date of its latest report too: "stationed there since 1993" in a 2004 article); one known only from its end was
active at least in the period of its end.
"""

from __future__ import annotations

import csv
import re
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date
from functools import cache
from pathlib import Path

import pandas as pd

from ..days import interval
from ..model import Event
from ..ontology import SCORED_TYPES
from ..paths import DATA

ACTIONS = ("open", "renew", "end", "state")
# A stated term: "a 49-year lease", "for 15 years", "until 2042"
TERM_YEARS = re.compile(r"\b(\d{1,2})[- ]year\b|\bfor (\d{1,2}) years\b")
TERM_UNTIL = re.compile(r"\b(?:until|till|through) (\d{4})\b")
COLUMNS = ["kind", "party_a", "party_b", "host", "place", "start", "end", "opened", "weight", "evidence"]


@dataclass(frozen=True)
class Rule:
    """One row of data/arrangements.csv: events of `types` whose trigger lemma is one of
    `lemmas` (empty: any) and whose sentences hold a word of each group in `objects` and none
    of `unless` do `action` to an arrangement of `kind`."""

    kind: str
    action: str
    types: frozenset[str]
    lemmas: frozenset[str]
    objects: tuple[re.Pattern, ...]
    unless: re.Pattern | None


def words_pattern(words: list[str]) -> re.Pattern:
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b")


@cache
def rules(path: Path = DATA / "arrangements.csv") -> tuple[Rule, ...]:
    """The rules, checked: a known action and event types, and words to look for.

    Raises:
        ValueError: naming the file, the row and what is wrong with it.
    """
    found = []
    with path.open(encoding="utf-8") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            types = frozenset(row["type"].split("|"))
            groups = [g.split("|") for g in row["objects"].split("+")]
            if (
                row["action"] not in ACTIONS
                or not types <= set(SCORED_TYPES)
                or not all(all(g) for g in groups)
            ):
                raise ValueError(
                    f"{path}, row {number}: action must be one of {', '.join(ACTIONS)}, types scored "
                    f"event types and objects words (got {row['action']!r}, {row['type']!r}, {row['objects']!r})"
                )
            lemmas = frozenset() if row["lemmas"] == "*" else frozenset(row["lemmas"].split("|"))
            patterns = tuple(words_pattern(g) for g in groups)
            unless = words_pattern(row["unless"].split("|")) if row["unless"] else None
            found.append(Rule(row["kind"], row["action"], types, lemmas, patterns, unless))
    return tuple(found)


def kinds() -> list[str]:
    """The arrangement kinds of the rules, in their order."""
    return list(dict.fromkeys(r.kind for r in rules()))


def classify(event: Event) -> Rule | None:
    """The rule a realized event fits, or None."""
    if event.modality != "realized":
        return None
    lemmas = {m.lemma or m.trigger.lower() for m in event.mentions}
    text = " ".join(m.sentence for m in event.mentions).lower()
    for rule in rules():
        if event.type not in rule.types or (rule.lemmas and not lemmas & rule.lemmas):
            continue
        if all(p.search(text) for p in rule.objects) and not (rule.unless and rule.unless.search(text)):
            return rule
    return None


def term_end(event: Event, start: date) -> date | None:
    """The end of a stated term: "a 49-year lease" from `start`, "until 2042"."""
    text = " ".join(m.sentence for m in event.mentions)
    until = TERM_UNTIL.search(text)
    if until:
        return date(max(int(until.group(1)), MINYEAR), 12, 31)
    years = TERM_YEARS.search(text)
    if years:
        # a term from February 29 ends on the 28th; one past the calendar's end, at its end
        year = min(start.year + int(years.group(1) or years.group(2)), MAXYEAR)
        return date(year, start.month, min(start.day, monthrange(year, start.month)[1]))
    return None


@dataclass
class Arrangement:
    """A standing arrangement between two parties.

    Args:
        kind: base, border_guards, lease, transit or alliance (data/arrangements.csv).
        parties: the two party codes, sorted.
        host: the party on whose soil it is, where the events' places tell.
        place: where it is, as the first event that names a place says.
        start: when it opened, or when it was first reported.
        end: when it ended, or when its stated term runs out; None while it lasts.
        opened: whether `start` is an opening rather than a first report.
        evidence: (event id, action, date) of every event it rests on.
    """

    kind: str
    parties: tuple[str, str]
    host: str | None
    place: str | None
    start: date
    end: date | None = None
    opened: bool = False
    evidence: list[tuple[str, str, str]] = field(default_factory=list)

    def last_day(self) -> date | None:
        """The last day it is active: its end; None (lasting) once opened or renewed; else
        the day of its last statement."""
        if self.end is not None or any(action in ("open", "renew") for _, action, _ in self.evidence):
            return self.end
        return max(interval(when)[1] for _, _, when in self.evidence)


def same_date(one: str, two: str) -> bool:
    """Whether two dates agree at their precision (`2005` and `2005-07-30`)."""
    return one.startswith(two) or two.startswith(one)


def parties(event: Event) -> tuple[str, str] | None:
    if not (event.source and event.target) or event.source.code == event.target.code:
        return None
    return tuple(sorted((event.source.code, event.target.code)))


def attested(event: Event, rule: Rule) -> str:
    """The date an event attests its arrangement at: a statement's latest report (its document's
    date) where that is later than the event's own date, else the event's date."""
    reported = [m.published for m in event.mentions if m.published] if rule.action == "state" else []
    return max([event.date, *reported], key=lambda when: interval(when)[1])


def build_arrangements(events: Iterable[Event]) -> list[Arrangement]:
    """The arrangements the events open, renew, end or state, in order of start.

    Args:
        events: events (grouped, as extract or the store give them); those without a date or
            two parties, not realized, or fitting no rule are left out.
    Returns:
        Arrangements, each with the events it rests on.
    """
    found: list[tuple[date, Event, Rule, tuple[str, str]]] = []
    for event in events:
        rule = classify(event)
        pair = parties(event)
        if rule and pair and event.date:
            found.append((interval(event.date)[0], event, rule, pair))
    found.sort(key=lambda f: (f[0], f[1].event_id))
    current: dict[tuple, Arrangement] = {}
    done: list[Arrangement] = []
    for day, event, rule, pair in found:
        key = (rule.kind, pair)
        now = current.get(key)
        if now is not None and now.end is not None and now.end < day:  # its term ran out
            done.append(current.pop(key))
            now = None
        ended = next((a for a in reversed(done) if (a.kind, a.parties) == key), None)
        if now is None and rule.action == "end" and ended and same_date(ended.evidence[-1][2], event.date):
            if len(event.date) > len(ended.evidence[-1][2]):  # the same end, told more precisely
                ended.start = day if ended.start == ended.end else ended.start
                ended.end = day
            ended.evidence.append((event.event_id, rule.action, event.date))
            continue
        if now is None:
            now = current[key] = Arrangement(rule.kind, pair, None, None, day, opened=rule.action == "open")
        now.evidence.append((event.event_id, rule.action, attested(event, rule)))
        location = event.location or {}
        now.place = now.place or location.get("name")
        now.host = now.host or (location.get("country") if location.get("country") in pair else None)
        if rule.action == "end":
            now.end = day
            done.append(current.pop(key))
        elif rule.action in ("open", "renew"):
            now.end = term_end(event, day) or (None if rule.action == "renew" else now.end)
    return sorted(done + list(current.values()), key=lambda a: (a.start, a.kind, a.parties))


def active(
    arrangements: Iterable[Arrangement], since: str, until: str, weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """The arrangements active at some time in a period, with their weight.

    Args:
        arrangements: from `build_arrangements`.
        since, until: the period's first and last day (ISO dates, inclusive).
        weights: weight by kind; default the `arrangements` of data/weights.json (analysis.weights).
    Returns:
        DataFrame with COLUMNS: kind, party_a, party_b, host, place, start, end (ISO dates;
        end as `Arrangement.last_day`), opened, weight and evidence (the event ids).
    """
    if weights is None:
        from .weights import bundled_weights

        weights = bundled_weights().arrangements
    first, last = date.fromisoformat(since), date.fromisoformat(until)
    rows = [
        (
            a.kind,
            *a.parties,
            a.host,
            a.place,
            a.start.isoformat(),
            a.last_day() and a.last_day().isoformat(),
            a.opened,
            weights[a.kind],
            [e for e, _, _ in a.evidence],
        )
        for a in arrangements
        if a.start <= last and (a.last_day() is None or a.last_day() >= first)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
