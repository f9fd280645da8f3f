"""Across documents: the events of several documents that report the same real-world event
become one, with all their mentions, documents and outlets.

Two events of different documents are one when they have the same type and dyad and no fact
sets them apart (facts.conflict with `across=True`: the same side of the modality, dates that
agree at their precision, an undated report only with the month before its document, the same
place, the same amount, the same name where both give one). Events of one document are never
joined here: the within-document grouping has already judged them.

Order and ids. Events are taken in the order of their first mention: (document date, doc_id,
offset, event id); each joins the first event before it that it may be, else starts one. So the
same events in any input order give the same clusters, and a new cluster's id is the id of its
earliest event. A cluster that holds a stored event keeps that event's id whatever joins it:
ids already handed out never change. Stored events are never joined to each other (a new report
that would bridge two stored events joins the earlier one), so ingesting documents in date
order gives the clusters of clustering them all at once; a later document that reports an
earlier event joins it the same way.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Event
from .facts import conflict, dyad, merge


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


def why_joined(event: Event, cluster: Event) -> str:
    named = f", same name '{event.name}'" if event.name and cluster.name else ""
    return (
        f"joined {event.event_id} of document {event.doc_id}: same type, dyad and modality,"
        f" agreeing date ({cluster.date} / {event.date}), place and amount{named}"
    )


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
    clusters = [copy.deepcopy(e) for e in sorted(stored, key=first_report)]
    n_stored = len(clusters)
    result = Absorption()
    for event in sorted(new, key=first_report):
        event = copy.deepcopy(event)
        apart = None
        for i, cluster in enumerate(clusters):
            if dyad(cluster) != dyad(event) or documents(cluster) & documents(event):
                continue
            reason = conflict(cluster, event, across=True)
            if reason is None:
                merge(cluster, event, why_joined(event, cluster))
                if i < n_stored:
                    result.absorbed.setdefault(cluster.event_id, []).append(event.event_id)
                break
            apart = apart or f"kept apart from {cluster.event_id}: {reason}"
        else:
            if apart:
                event.grouping = "; ".join(n for n in (event.grouping, apart) if n)
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
