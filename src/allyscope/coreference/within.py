"""Within one document: mentions of the same real-world event become one event.

The attribute stage makes one event per sentence, type and dyad: a *mention*. A mention joins
an event told earlier in the same document when they have the same type and dyad, no fact
sets them apart (facts.conflict), and a cue says they are the same:

- the same name ("the Steppe Eagle exercise" ... "Steppe Eagle");
- a noun phrase that points back, headed by or next to the trigger: "such support", "these
  assistance programs", "the exercise", "this aid" (and no "another", "a second", "new");
- the next sentence of the same paragraph, elaborating: it gives no date of its own, no
  "also" adds a second act, and its trigger is not the same word again ("Russia gave ten
  helicopters. Russia gave 5,000 rifles." tells two acts);
- a verb whose subject refers back to the two parties ("The leaders discussed ..." later in a
  readout of their meeting), with no "also" (a date that differs is a fact that sets it apart);
- a verb that tells what a meeting was about ("Carter and Hanso also discussed ..."), with no
  date of its own: even with "also", it is the meeting's content, not a second meeting.

The mention joins the event of the same name, else the nearest such event. Only the date and
place that a mention's own sentence gives count (the attribute stage lends a sentence without
them the story's date and place so far). Without a cue, or when a fact differs, it starts an
event of its own, whose `grouping` note says why it was kept apart from the like event before
it. Mentions in one sentence are never joined: the extractor already keeps one per type and
dyad there, so two are two facts ("ready to supply equipment and to train officers").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..lang import Words
from ..model import Document, Event
from .cues import Cues, document_cues, normal_name
from .facts import dyad, fact_conflict, merge, modality_conflict

if TYPE_CHECKING:
    from spacy.tokens import Doc

# how many earlier events of its type and dyad a mention may join, nearest first
NEAREST = 50


@dataclass
class Group:
    """An event being built, with the place of its latest mention."""

    event: Event
    sentence: int
    paragraph: int


def same_name(group: Group, cues: Cues) -> bool:
    return bool(cues.name and group.event.name) and normal_name(cues.name) == normal_name(group.event.name)


def next_sentence(group: Group, cues: Cues) -> bool:
    return cues.sentence == group.sentence + 1 and cues.paragraph == group.paragraph


def repeated(group: Group, cues: Cues) -> bool:
    """Whether the mention's trigger word is one the event was already told with."""
    return cues.lemma in {m.lemma for m in group.event.mentions}


def join_cue(group: Group, cues: Cues) -> str | None:
    """The cue, other than a shared name, that a mention is the group's event, in words, or None."""
    if cues.new_instance:
        return None
    if cues.anaphor:
        return f"'{cues.anaphor}' points back"
    if next_sentence(group, cues) and not cues.addition and not cues.dated and not repeated(group, cues):
        return "the next sentence elaborates"
    if cues.pair_subject and not cues.addition:
        return f"'{cues.pair_subject}' are its parties, told again"
    if cues.content and not cues.dated:
        return f"'{cues.lemma}' tells what the meeting was about"
    return None


def own_facts(event: Event, cues: Cues) -> Event:
    """The mention with only the date and place its own sentence gives: the story's date and
    place so far, which the attribute stage lends to a sentence without them, say nothing for
    or against another event."""
    kept = {} if cues.dated else {"date": None, "date_precision": None}
    if not cues.placed:
        kept["location"] = None
    return replace(event, **kept) if kept else event


def missing_cue(group: Group, cues: Cues) -> str:
    """Why a compatible mention was not joined, in words."""
    if cues.new_instance:
        return f"'{cues.new_instance}' is a new one"
    if cues.addition:
        return f"'{cues.addition}' adds a second act"
    if cues.dated:
        return "it gives a date of its own"
    if next_sentence(group, cues) and repeated(group, cues):
        return f"'{cues.lemma}' again is a second act"
    return "nothing says it is the same (no shared name, no phrase pointing back, not the next sentence)"


def describe(event: Event) -> str:
    return f"'{event.trigger}' at {event.char_start}"


def stamp(event: Event, cues: Cues, document: Document) -> None:
    """Give a mention what grouping needs: its trigger lemma, its name, its document's date and outlet."""
    mention = event.mentions[0]
    mention.lemma, mention.published, mention.publisher = cues.lemma, document.date, document.publisher
    event.name = cues.name
    event.count_reports()


def reason_apart(group: Group, event: Event, cues: Cues) -> str | None:
    """Why a mention cannot be the group's event, or None. A phrase pointing back or a shared
    name may join what is done and what is intended ("China wanted to hold the exercise near
    the Taiwan Strait"): the modality there is the sentence's, not the event's."""
    facts = fact_conflict(group.event, event)
    if facts:
        return facts
    sides = modality_conflict(group.event, event)
    named = cues.anaphor or same_name(group, cues)
    if sides and named and "negated" not in (group.event.modality, event.modality):
        return None
    return sides


def find_group(groups: list[Group], event: Event, cues: Cues) -> tuple[Group | None, str]:
    """The event a mention joins and why; or None and why it was kept apart from the nearest
    event of its type and dyad ("" if there is none). A shared name wins over nearness.

    `groups` are the events of the mention's type and dyad, the one told last at the end; only
    the NEAREST last ones are candidates, so that a document of thousands of like sentences
    is grouped in linear time.
    """
    like = [g for g in reversed(groups[-NEAREST:]) if g.sentence != cues.sentence]
    reasons: dict[int, str | None] = {}

    def apart(group: Group) -> str | None:
        if id(group) not in reasons:
            reasons[id(group)] = reason_apart(group, event, cues)
        return reasons[id(group)]

    for group in like:
        if same_name(group, cues) and apart(group) is None:
            return group, f"same name '{cues.name}'"
    for group in like:
        cue = join_cue(group, cues)
        if cue and apart(group) is None:
            return group, cue
    if not like:
        return None, ""
    nearest = like[0]
    return None, f"kept apart from {describe(nearest.event)}: {apart(nearest) or missing_cue(nearest, cues)}"


def last_index(groups: list[Group], group: Group) -> int:
    """Where `group` is in `groups`, searched from the end (by identity: comparing events field
    by field is slow)."""
    return next(i for i in range(len(groups) - 1, -1, -1) if groups[i] is group)


def group_mentions(
    doc: Doc, document: Document, mentions: list[Event], words: Words, join: bool = True
) -> list[Event]:
    """The events of one document, each with its mentions.

    Args:
        doc: the parsed document (the cues are read from its parse).
        document: the document (its date and publisher go on each mention).
        mentions: the events of its sentences (the pipeline's EventBuilder), in text order.
        words: the language's word lists (the cue words of coreference/cues.py).
        join: False gives every mention as an event of its own (the per-mention view).
    Returns:
        Events in the order of their first mention; each keeps the id and evidence of its
        first mention, the most precise attributes of all, and a `grouping` note.
    """
    cues = document_cues(doc, document.text, mentions, words)
    for event, found in zip(mentions, cues, strict=True):
        stamp(event, found, document)
    if not join:
        return mentions
    by_dyad: dict[tuple, list[Group]] = {}
    for event, found in zip(mentions, cues, strict=True):
        groups = by_dyad.setdefault(dyad(event), [])
        group, why = find_group(groups, own_facts(event, found), found)
        if group is None:
            event.grouping = why
            groups.append(Group(event, found.sentence, found.paragraph))
            continue
        merge(group.event, own_facts(event, found), f"joined {describe(event)}: {why}")
        group.sentence, group.paragraph = found.sentence, found.paragraph
        del groups[last_index(groups, group)]
        groups.append(group)  # the nearest event is the one told last
    kept = {
        id(g.event) for groups in by_dyad.values() for g in groups
    }  # an event is the record of its first mention
    return [e for e in mentions if id(e) in kept]
