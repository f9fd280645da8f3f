"""Event dates: the DATE expression nearest the trigger, resolved against the document date.

Precision comes from what the text says (`September 20` -> day, `mid-September 2004` -> month,
`2002` -> year); the language's `dates.parse` resolves the calendar date relative to the
document date.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from ..lang import FUTURE, PAST
from ..language.strings import token_strings
from .syntax import tree_distance


def in_name(expr: Span) -> bool:
    """A year that is part of a name: "Peace Mission 2005", "Regional Cooperation 22" (a number;
    "welcomed him to the Pentagon yesterday" is a date)."""
    return (
        len(expr) == 1
        and expr[0].like_num
        and expr.start > 0
        and expr.doc[expr.start - 1].pos_ == "PROPN"
        and (expr.doc[expr.start - 1].ent_type_ != "DATE")
    )


def describes_other_noun(expr: Span, trigger: Token | None) -> bool:
    """ "Under a 2012 agreement, Russia will keep its base": a date that modifies another noun
    dates that thing, not the event (unless that noun is the trigger or its object, or the event
    is told in a relative clause of it: "a 1993 agreement that allowed for the use of the base");
    with no trigger, any such date (a story's own time is told by adverbials)."""
    root = expr.root
    if root.dep_ not in ("compound", "nummod", "amod") or root.head.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = root.head
    if trigger is None:
        return True
    if any(t.dep_ == "relcl" and t.head.i == noun.i for t in (trigger, *trigger.ancestors)):
        return False
    return noun.i != trigger.i and not (noun.head.i == trigger.i and noun.dep_ in ("dobj", "nsubjpass"))


MODALITY_TENSE = {"realized": PAST, "negated": PAST, "planned": FUTURE, "hypothetical": FUTURE}


def too_late(value: str, tense: int | None, published: date | None) -> bool:
    """Whether an ISO date (of any precision) lies after the publication of a document that
    tells its event in the past."""
    return tense == PAST and published is not None and value > published.isoformat()[: len(value)]


class Dates:
    """Date expressions of a sentence in one language."""

    def __init__(self, lang):
        self.parse = lang.dates.parse
        self.year = lang.patterns.YEAR
        self.words = lang.words

    def tense(self, token: Token, modality: str | None = None) -> int | None:
        """Whether the time of a word (a date expression's root, a trigger) lies before (PAST)
        or after (FUTURE) the document: the tense of the verb it is or hangs from ("visited ...
        in October", "will visit in March"), else the event's modality (a realized event happened
        by the time of the report; a planned or hypothetical one is to come); None when neither
        says."""
        verb = next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None:
            if any(c.dep_ == "aux" and c.lower_ in self.words.future_auxiliaries for c in verb.children):
                return FUTURE
            if verb.tag_ == "VBD" or any(
                c.dep_ == "aux" and c.lemma_ in self.words.perfect_auxiliaries for c in verb.children
            ):
                return PAST
        return MODALITY_TENSE.get(modality or "")

    def expressions(self, sent: Span, ents: list[Span]) -> list[Span]:
        """DATE entities of a sentence (`ents`: its entities), plus bare years that the tagger left out."""
        found = []
        doc = sent.doc
        for ent in (e for e in ents if e.label_ == "DATE" and not in_name(e)):
            after = doc[ent.end] if ent.end < len(doc) else None
            # "Two days later": the tagger leaves out the word that makes it relative
            relative = after is not None and after.lower_ in self.words.relative_time_words
            found.append(doc[ent.start : ent.end + 1] if relative else ent)
        covered = {i for e in found for i in range(e.start, e.end)}
        strings = token_strings(doc)
        for i in range(sent.start, sent.end):
            if (
                i not in covered
                and self.year.fullmatch(strings.text[i])
                and strings.dep[i] in ("pobj", "npadvmod")
            ):
                found.append(doc[i : i + 1])
        return found

    def is_end_point(self, expr: Span) -> bool:
        """ "a lease until 2042", "from 2002 to 2010": the end of a span is not when an event happened."""
        before = expr.doc[expr.start - 1] if expr.start > 0 else None
        return before is not None and before.lower_ in self.words.end_point_words

    def event_date(
        self,
        sent: Span,
        ents: list[Span],
        trigger: Token,
        anchor: date | None,
        exclude: set[int] = frozenset(),
        context: date | None = None,
        modality: str | None = None,
        published: date | None = None,
    ) -> tuple[str, str, Span] | None:
        """(ISO date, precision, expression) of the date expression nearest the trigger in its sentence.
        A date after the document's publication (`published`, when known) is never that of an
        event told in the past: "the lease, which runs out in 2044, was signed" does not date
        the signing."""
        candidates = []
        for expr in self.expressions(sent, ents):
            if expr.start in exclude or self.is_end_point(expr) or describes_other_noun(expr, trigger):
                continue
            tense = self.tense(expr.root, modality)
            parsed = self.parse(expr.text, anchor, context, tense)
            if parsed and too_late(parsed[0], tense, published):
                continue
            if parsed:
                candidates.append((tree_distance(trigger, expr.root), expr.start, parsed, expr))
        if not candidates:
            return None
        _, _, (value, precision), expr = min(candidates, key=lambda c: c[:2])
        return value, precision, expr

    def period(
        self, expr: Span, ents: list[Span], anchor: date | None, published: date | None
    ) -> dict | None:
        """The span a date expression opens, {start, end} (ISO dates), or None: "since 2002"
        runs to the document's publication, "between 2002 and 2010" and "from 2005 to 2009" to
        their second date."""
        doc = expr.doc
        opener = expr[0] if expr[0].lower_ in self.words.span_start_words else None
        if opener is None and expr.start > 0 and doc[expr.start - 1].lower_ in self.words.span_start_words:
            opener = doc[expr.start - 1]
        if opener is None:
            return None
        years = self.year.findall(expr.text)
        start = self.parse(expr.text, anchor)
        if start is None:
            return None
        if len(years) > 1:  # "Between 2002 and 2010"
            return {"start": start[0], "end": years[-1]}
        ends = [e for e in self.expressions(expr.sent, ents) if e.start > expr.start and self.is_end_point(e)]
        if ends:  # "from 2005 to 2009"
            end = self.parse(ends[0].text, anchor)
            return {"start": start[0], "end": end[0] if end else None}
        return {"start": start[0], "end": published.isoformat() if published else None}
