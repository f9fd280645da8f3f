"""Scoring of event grouping: which mentions the system joins into one event, against gold.

Gold mentions. Each required gold event of a scored type is reported by the sentence of its
`evidence` and by the sentences of its `mentions` (phrases in the gold file, or in a separate
mentions file for gold files we do not edit: `{"documents": {"name.txt": [{"evidence": ...,
"mentions": [...]}]}}`). A phrase is located in the document text; a system mention matches a
gold mention when the system event has the gold event's key (type and dyad) and the mention's
sentence holds the phrase. Matching is one to one, in gold order, pairs of an allowed modality
first. Mentions that match only an optional gold event are ignored.

Scores, per document and micro-averaged over all (`ALL`):
- mention level: precision, recall and F1 of system mentions against gold mentions;
- event level: a gold event is found by the system event holding most of its matched mentions
  (each system event finds at most one); a second system event of the same gold event is a
  false positive, so splitting one event in two costs precision, and joining two costs recall;
- grouping: B-cubed precision and recall over the matched mentions (for each mention, the
  share of its system event's mentions that are in its gold event, and the share of its gold
  event's mentions that are in its system event; averaged over mentions).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from .. import ontology
from ..model import Event
from .gold import Gold, GoldEvent
from .score import prf


def load_mentions(path: str | Path) -> dict[str, dict[str, list[str]]]:
    """A mentions file: document name -> gold evidence -> phrases of its other mentions.

    Raises:
        ValueError: naming the file, if it is not shaped as the module docstring says.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        return {
            doc: {item["evidence"]: list(item["mentions"]) for item in items}
            for doc, items in data["documents"].items()
        }
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path}: not a mentions file ({exc.__class__.__name__}: {exc})") from None


def locate(text: str, phrase: str, doc: str) -> tuple[int, int]:
    """Character span of a gold phrase in the text (whitespace may differ).

    Raises:
        ValueError: naming the document, if the phrase is not in its text.
    """
    words = [re.escape(w) for w in phrase.split()]
    match = re.search(r"\s+".join(words), text)
    if not match:
        raise ValueError(f"{doc}: gold phrase not in the text: {phrase!r}")
    return match.span()


def gold_mentions(gold_events: list[GoldEvent], text: str, doc: str, extra: dict[str, list[str]]) -> list:
    """(gold event index, span) of every mention of the gold events."""
    found = []
    for i, g in enumerate(gold_events):
        phrases = dict.fromkeys([g.evidence, *g.mentions, *extra.get(g.evidence, [])])
        found += [(i, locate(text, p, doc)) for p in phrases if p]
    return found


def system_mentions(events: list[Event]) -> list:
    """(system event index, mention) of every mention of the scored events with both parties."""
    return [
        (i, m)
        for i, e in enumerate(events)
        if e.type in ontology.scored_types() and e.source and e.target
        for m in e.mentions
    ]


def fits(gold: GoldEvent, event: Event, span: tuple[int, int], mention) -> bool:
    return gold.matches(event.type, event.source.code, event.target.code) and (
        mention.char_start < span[1] and span[0] < mention.char_end
    )


def match_mentions(golds: list[GoldEvent], gold_spans: list, events: list[Event], found: list) -> dict:
    """One-to-one matches: gold mention index -> system mention index. Pairs whose modality the
    gold allows go first: the extractor keeps one event per type and dyad in a sentence, so a
    sentence that tells a done exercise and a planned one has one system mention for both."""
    matches: dict[int, int] = {}
    taken: set[int] = set()
    for strict in (True, False):
        for gi, (g, span) in enumerate(gold_spans):
            if gi in matches:
                continue
            for si, (e, mention) in enumerate(found):
                agrees = events[e].modality in golds[g].modality or not strict
                if si not in taken and agrees and fits(golds[g], events[e], span, mention):
                    matches[gi] = si
                    taken.add(si)
                    break
    return matches


def b_cubed(pairs: list[tuple[int, int]]) -> tuple[float, float]:
    """Summed B-cubed precision and recall over (gold event, system event) pairs of matched mentions."""
    by_gold, by_system, both = Counter(g for g, _ in pairs), Counter(s for _, s in pairs), Counter(pairs)
    precision = sum(both[(g, s)] / by_system[s] for g, s in pairs)
    recall = sum(both[(g, s)] / by_gold[g] for g, s in pairs)
    return precision, recall


def score_grouping(
    gold: Gold, events: list[Event], text: str, extra: dict[str, list[str]] | None = None
) -> dict:
    """Mention, event and grouping counts of one document.

    Args:
        gold: the document's gold.
        events: the system's events of the document (grouped, with their mentions).
        text: the document text (gold phrases are located in it).
        extra: gold evidence -> phrases of further mentions, from a mentions file.
    Returns:
        Counts (`mention_tp/fp/fn`, `event_tp/fp/fn`, summed `b3_p`, `b3_r` and `matched`),
        `gold_mentions`, `gold_events`, `system_mentions`, `system_events`, and `split` and
        `merged`: the pairs of matched mentions the system kept apart or joined wrongly, as
        (gold event of the first, its sentence, the second's sentence, the system's note);
        `found`: (gold event index, gold event, the system event that finds it).
    """
    doc = gold.text_path.name
    scored = ontology.scored_types()
    required = [g for g in gold.events if g.type in scored]
    optional = [g for g in gold.optional if g.type in scored]
    unknown = set(extra or {}) - {g.evidence for g in required}
    if unknown:
        raise ValueError(f"{doc}: mentions given for no required gold event's evidence: {sorted(unknown)}")
    spans = gold_mentions(required, text, doc, extra or {})
    optional_spans = gold_mentions(optional, text, doc, extra or {})
    found = system_mentions(events)
    matches = match_mentions(required, spans, events, found)
    ignored = {
        si
        for si, (e, m) in enumerate(found)
        if si not in matches.values() and any(fits(optional[g], events[e], s, m) for g, s in optional_spans)
    }
    pairs = [(spans[gi][0], found[si][0]) for gi, si in matches.items()]
    sentences = [found[si][1].sentence for si in matches.values()]
    claimed: dict[int, int] = {}  # gold event -> system event that finds it
    for g in range(len(required)):
        votes = Counter(s for pg, s in pairs if pg == g and s not in claimed.values())
        if votes:
            claimed[g] = min(votes, key=lambda s: (-votes[s], s))
    scored = {e for e, _ in found}
    only_optional = {e for e in scored if all(si in ignored for si, (x, _) in enumerate(found) if x == e)}
    b3_p, b3_r = b_cubed(pairs)
    split, merged = [], []
    for i, j in pair_errors(pairs):
        (g, a), (_, b) = pairs[i], pairs[j]
        # kept apart: the note of the event told later says why; joined: the event's note
        later = max(a, b, key=lambda e: events[e].char_start)
        error = (required[g], sentences[i], sentences[j], events[later].grouping)
        (split if a != b else merged).append(error)
    return {
        "doc": doc,
        "gold_mentions": len(spans),
        "gold_events": len(required),
        "system_mentions": len(found) - len(ignored),
        "system_events": len(scored - only_optional),
        "mention_tp": len(matches),
        "mention_fp": len(found) - len(matches) - len(ignored),
        "mention_fn": len(spans) - len(matches),
        "event_tp": len(claimed),
        "event_fp": len(scored - only_optional - set(claimed.values())),
        "event_fn": len(required) - len(claimed),
        "matched": len(pairs),
        "b3_p": b3_p,
        "b3_r": b3_r,
        "split": split,
        "merged": merged,
        "found": [(g, required[g], events[e]) for g, e in claimed.items()],
    }


def pair_errors(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Index pairs of matched mentions that are one gold event in two system events, or two gold
    events in one system event."""
    return [
        (i, j)
        for i, (g1, s1) in enumerate(pairs)
        for j, (g2, s2) in enumerate(pairs[i + 1 :], start=i + 1)
        if (g1 == g2) != (s1 == s2)
    ]


def grouping_row(name: str, counts: list[dict]) -> dict:
    total = {k: sum(c[k] for c in counts) for k in counts[0] if k not in ("doc", "split", "merged", "found")}
    mention = prf(total["mention_tp"], total["mention_fp"], total["mention_fn"])
    event = prf(total["event_tp"], total["event_fp"], total["event_fn"])
    matched = total["matched"]
    b3 = (total["b3_p"] / matched, total["b3_r"] / matched) if matched else (float("nan"),) * 2
    return {
        "doc": name,
        "gold_mentions": total["gold_mentions"],
        "gold_events": total["gold_events"],
        "system_mentions": total["system_mentions"],
        "system_events": total["system_events"],
        "mention_p": mention[0],
        "mention_r": mention[1],
        "mention_f1": mention[2],
        "event_p": event[0],
        "event_r": event[1],
        "event_f1": event[2],
        "b3_p": b3[0],
        "b3_r": b3[1],
    }


def grouping(frame: pd.DataFrame, mentions: dict[str, dict[str, list[str]]] | None = None) -> pd.DataFrame:
    """Grouping scores of an `evaluate` frame (see the module docstring).

    Args:
        frame: `evaluate` output (its attrs hold each document's gold, events and text).
        mentions: further gold mentions per document (`load_mentions`).
    Returns:
        DataFrame with one row per document and an `ALL` row: gold and system mentions and
        events, mention and event precision, recall and F1, B-cubed precision and recall
        (NaN where no mention matched). `frame.attrs["pairs"]` lists the grouping errors.
    Raises:
        ValueError: if a gold phrase is not in its document's text, or a mentions file names
            an evidence that is no required gold event's.
    """
    counts = document_counts(frame, mentions)
    rows = [grouping_row(c["doc"], [c]) for c in counts]
    rows.append(grouping_row("ALL", counts))
    out = pd.DataFrame(rows)
    out.attrs["pairs"] = pair_rows(counts)
    return out


def document_counts(frame: pd.DataFrame, mentions: dict[str, dict[str, list[str]]] | None) -> list[dict]:
    """`score_grouping` of each document of an `evaluate` frame."""
    mentions = mentions or {}
    return [
        score_grouping(r["gold"], r["events"], r["text"], mentions.get(r["doc"]))
        for r in frame.attrs["results"]
    ]


def across_documents(
    frame: pd.DataFrame, mentions: dict[str, dict[str, list[str]]] | None = None
) -> pd.DataFrame:
    """How the events found in several documents are joined across them (coreference.cluster_events),
    against the gold's `same_as` labels (one label for the gold events of several documents that
    report one real-world event).

    Only gold events that the system finds take part (a miss is no grouping error). A link is a
    pair of them in different documents: a gold link when they share a label, a system link
    when their system events end in one cluster.

    Args:
        frame: `evaluate` output over several documents.
        mentions: further gold mentions per document (`load_mentions`).
    Returns:
        One row: gold_links, system_links, correct_links, link_p and link_r (NaN where there
        is no link), and B-cubed b3_p and b3_r over the found gold events. `attrs["pairs"]`
        lists the links missed (`split`) or made wrongly (`merged`) with the system's note.
    """
    from ..coreference import cluster_events
    from ..coreference.facts import dyad

    found = [(c["doc"], i, g, e) for c in document_counts(frame, mentions) for i, g, e in c["found"]]
    clusters = cluster_events(e for r in frame.attrs["results"] for e in r["events"])
    # a sentence holds one event per type and dyad: its place and dyad name a system event
    cluster_of = {(m.doc_id, m.char_start, dyad(c)): i for i, c in enumerate(clusters) for m in c.mentions}
    elements = [
        (g.same_as or f"{doc}#{i}", cluster_of[(e.doc_id, e.char_start, dyad(e))], doc, e)
        for doc, i, g, e in found
    ]
    links = Counter()
    errors = []
    for i, (label, cluster, doc, event) in enumerate(elements):
        for other_label, other_cluster, other_doc, other in elements[i + 1 :]:
            same_gold, same_system = label == other_label, cluster == other_cluster
            if doc == other_doc:
                continue
            links.update(gold=same_gold, system=same_system, correct=same_gold and same_system)
            if same_gold != same_system:
                errors.append(
                    (
                        f"{doc} / {other_doc}",
                        "split" if same_gold else "merged",
                        label if same_gold else f"{label} / {other_label}",
                        f"{event.sentence} / {other.sentence}",
                        clusters[max(cluster, other_cluster)].grouping,
                    )
                )
    b3_p, b3_r = b_cubed([(label, cluster) for label, cluster, _, _ in elements])
    n = len(elements)
    row = {
        "gold_links": links["gold"],
        "system_links": links["system"],
        "correct_links": links["correct"],
        "link_p": links["correct"] / links["system"] if links["system"] else float("nan"),
        "link_r": links["correct"] / links["gold"] if links["gold"] else float("nan"),
        "b3_p": b3_p / n if n else float("nan"),
        "b3_r": b3_r / n if n else float("nan"),
    }
    out = pd.DataFrame([row])
    out.attrs["pairs"] = pd.DataFrame(errors, columns=["doc", "error", "gold", "text", "explanation"])
    return out


def pair_rows(counts: list[dict]) -> pd.DataFrame:
    """The grouping errors as rows: doc, error (`split`: one gold event in two system events, or
    `merged`: two in one), type, gold (the first mention's gold evidence), text (the two
    mentions' sentences) and explanation (the system's note of why it kept them apart or
    joined them)."""
    rows = []
    for c in counts:
        for error in ("split", "merged"):
            for g, first, second, note in c[error]:
                rows.append((c["doc"], error, g.type, g.evidence, f"{first} / {second}", note))
    return pd.DataFrame(rows, columns=["doc", "error", "type", "gold", "text", "explanation"])
