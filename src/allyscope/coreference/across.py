"""Across documents: the events of several documents that report the same real-world event
become one, with all their mentions, documents and outlets.

Two events of different documents are one when they have the same type and dyad, no fact sets
them apart (facts.conflict with `across=True`: the same side of the modality, dates that agree
at their precision, an undated report only with the month before its document, the same place,
the same amount, the same name where both give one; and no two different kinds of aid, as
"equipment" and "training"), and something ties them: the same name, the same amount, dates
that agree to the month, two undated reports of documents a week apart at most, or an undated
report at the same named place (two reports that share only a year may be of two events).
Events of one document are never joined here: the within-document grouping has judged them.
Where an event may join several, it joins the closest: the same name first, then the same
amount, the same place, the most precise date.

Order and ids. Events are taken in the order of their first mention (document date, doc_id,
offset, event id), and each joins the closest event before it that it may be (the earliest of
equally close ones), else starts one. So the same events in any input order give the same
clusters, and a new cluster's id is the id of its earliest event. A cluster that holds a stored
event keeps that event's id whatever joins it: ids already handed out never change; a report
earlier than its first becomes its first mention and evidence, as in a batch. Stored events are
never joined to each other (a new report that would bridge two joins the closest), so ingesting
documents in date order gives the clusters of clustering them all at once.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from ..days import interval
from ..model import Event
from .facts import PRECISION_RANK, conflict, dyad, merge, same_place

# Two undated reports of one act (an intention announced, a request made) in documents a week
# apart at most are the same news told twice.
SAME_NEWS = timedelta(days=7)


@dataclass
class Absorption:
    """What ingesting new events into stored ones does.

    Args:
        updated: stored events that took in new mentions (same ids, more mentions, maybe more
            precise attributes); store them in place of the old records.
        added: events to store as new: new events that joined no stored one, already clustered
            among themselves (a cluster's id is its earliest event's).
        absorbed: stored event id -> ids of the new events whose mentions it took in.
    """

    updated: list[Event] = field(default_factory=list)
    added: list[Event] = field(default_factory=list)
    absorbed: dict[str, list[str]] = field(default_factory=dict)


def first_report(event: Event) -> tuple:
    """The order of events: document date (undated last), doc_id, offset, id."""
    first = event.mentions[0]
    return (first.published or "9999", first.doc_id, first.char_start, event.event_id)


def documents(event: Event) -> set[str]:
    return {m.doc_id for m in event.mentions}


def aid_conflict(a: Event, b: Event) -> str | None:
    """Two different kinds of aid ("equipment" / "training") are two facts; money buys either."""
    one, two = set(a.aid_kind) - {"funds"}, set(b.aid_kind) - {"funds"}
    if one and two and not one & two:
        return f"different aid ({', '.join(sorted(one))} / {', '.join(sorted(two))})"
    return None


def tie(a: Event, b: Event) -> bool:
    """Whether something ties two agreeing reports of different documents: a name, an amount,
    dates to the month, two undated reports of documents a week apart at most, or, for an
    undated report, the same named place."""
    if (a.name and b.name) or (a.amount and b.amount):
        return True
    precisions = {a.date_precision, b.date_precision}
    if a.date and b.date and precisions <= {"day", "month"}:
        return True
    if precisions == {"document"} and abs(interval(a.date)[0] - interval(b.date)[0]) <= SAME_NEWS:
        return True
    return same_place(a, b) and precisions <= {"day", "month", "document"}


def reason_apart(cluster: Event, event: Event) -> str | None:
    """Why an event of another document cannot join a cluster, or None."""
    reason = conflict(cluster, event, across=True) or aid_conflict(cluster, event)
    if reason is None and not tie(cluster, event):
        reason = "nothing ties them (no shared name or amount, no dates to the month, no shared place)"
    return reason


def closeness(cluster: Event, event: Event) -> tuple:
    """How closely an event fits a cluster it may join: name, amount, place, date precision."""
    return (
        bool(cluster.name and event.name),
        bool(cluster.amount and event.amount),
        same_place(cluster, event),
        min(PRECISION_RANK.get(e.date_precision, -1) for e in (cluster, event)),
    )


def why_joined(event: Event, cluster: Event) -> str:
    named = f", same name '{event.name}'" if event.name and cluster.name else ""
    return (
        f"joined {event.event_id} of document {event.doc_id}: same type, dyad and modality,"
        f" agreeing date ({cluster.date} / {event.date}), place and amount{named}"
    )


def join(cluster: Event, event: Event) -> Event:
    """The cluster with the event's reports, under the cluster's id. The earlier report is the
    base (its evidence first, its attributes where two are equally precise), so that a stored
    event that an earlier article joins is the event that clustering both at once gives."""
    why = why_joined(event, cluster)
    if first_report(event) >= first_report(cluster):
        merge(cluster, event, why)
        return cluster
    merge(event, cluster, why)
    event.event_id = cluster.event_id
    return event


def copied(event: Event) -> Event:
    """A deep copy, through pickle: half the time of `copy.deepcopy`, which walks every field in
    Python (a stored event reported ten times has ten mentions to copy)."""
    return pickle.loads(pickle.dumps(event, pickle.HIGHEST_PROTOCOL))


def absorb(stored: Iterable[Event], new: Iterable[Event]) -> Absorption:
    """Join new events into stored ones where they report the same real-world event.

    Args:
        stored: events already stored that could match (the store passes those of the new
            events' types and dyads); they are not changed.
        new: the new documents' events (grouped within each document); not changed.
    Returns:
        An Absorption: the stored events that took in new mentions, the new events that stay
        events of their own (clustered among themselves), and which stored ids took in which
        new events.
    """
    clusters = sorted(stored, key=first_report)  # a stored event is copied when it changes
    n_stored = len(clusters)
    # the clusters of each dyad, in order (a cluster keeps its dyad: only its like join it)
    of_dyad: dict[tuple, list[int]] = {}
    for i, cluster in enumerate(clusters):
        of_dyad.setdefault(dyad(cluster), []).append(i)
    changed: set[int] = set()
    result = Absorption()
    for event in sorted(new, key=first_report):
        event = copied(event)
        own = documents(event)
        same = of_dyad.setdefault(dyad(event), [])
        like = [(i, clusters[i]) for i in same if not documents(clusters[i]) & own]
        reasons = {i: reason_apart(c, event) for i, c in like}
        possible = [(i, c) for i, c in like if reasons[i] is None]
        if possible:
            i, cluster = max(possible, key=lambda p: (closeness(p[1], event), -p[0]))
            new_id = event.event_id
            if i < n_stored and i not in changed:
                cluster = copied(cluster)
                changed.add(i)
            clusters[i] = cluster = join(cluster, event)
            if i < n_stored:
                result.absorbed.setdefault(cluster.event_id, []).append(new_id)
            continue
        if like:  # say why not the closest
            i, nearest = max(like, key=lambda p: (closeness(p[1], event), -p[0]))
            note = f"kept apart from {nearest.event_id}: {reasons[i]}"
            event.grouping = "; ".join(n for n in (event.grouping, note) if n)
        same.append(len(clusters))
        clusters.append(event)
    result.updated = [c for c in clusters[:n_stored] if c.event_id in result.absorbed]
    result.added = clusters[n_stored:]
    return result


def cluster_events(events: Iterable[Event]) -> list[Event]:
    """Events of several documents with those that report the same real-world event joined (see
    the module docstring); the same events in any order give the same result.

    Args:
        events: events grouped within their documents (allyscope.extract_documents).
    Returns:
        The joined events, in the order of their first report.
    """
    return absorb([], events).added
