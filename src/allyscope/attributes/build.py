"""Turn a processed spaCy Doc's candidates into Event records with all their attributes."""

from __future__ import annotations

import hashlib
from datetime import date

from spacy.tokens import Doc, Span

from ..events.candidate import Candidate
from ..model import Actor, Document, Event
from ..ontology import SALE
from ..rules import Rules
from .amounts import Amounts
from .citations import Citations
from .dates import Dates, describes_other_noun, too_late
from .places import DocumentView, Places
from .syntax import clause_of, tree_distance


def event_id(doc_id: str, cand: Candidate) -> str:
    key = "|".join(map(str, (doc_id, cand.type, cand.key, cand.trigger.i)))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def actor_of(span: Span | None) -> Actor | None:
    if span is None:
        return None
    actor = span._.actor
    return Actor(span.text, actor.name, actor.code, actor.kind, actor.sector, actor.cameo_code)


class StoryDate:
    """The date a paragraph is telling about: the last date expressed in it, which carries to
    later sentences that give none ("On September 20 he hosted ... The two sides discussed ...").
    An event told in the past takes the last one not after the document ("met last Tuesday and
    agreed to patrol from April. They also signed ..." signed last Tuesday)."""

    def __init__(self, anchor: date | None, dates: Dates, view: DocumentView):
        self.anchor = anchor
        self.dates = dates
        self.view = view
        self.paragraph_end = -1
        self.previous: date | None = None
        self.told: list[tuple[tuple[str, str], str]] = []  # the paragraph's dates so far, with their text
        self.places: dict[str | None, dict] = {}  # date -> the location last stated for it in the paragraph

    @property
    def current(self) -> tuple[str, str] | None:
        return self.told[-1][0] if self.told else None

    def latest(self, tense: str | None, published: date | None) -> tuple[tuple[str, str], str] | None:
        """The last date told in the paragraph (with its text) that an event of `tense` may have."""
        return next((t for t in reversed(self.told) if not too_late(t[0][0], tense, published)), None)

    def read(self, sent: Span, skip: set[int]) -> None:
        """Take in a sentence before its events are dated; `skip`: tokens of citations."""
        if self.current and len(self.current[0]) == 10:
            self.previous = date.fromisoformat(self.current[0])  # kept across paragraphs for "two days later"
        if sent.start_char > self.paragraph_end:
            text = self.view.text
            end = text.find("\n\n", sent.start_char)
            self.paragraph_end = len(text) if end < 0 else end
            self.told = []
            self.places = {}
        for expr in self.dates.expressions(sent, self.view.entities[sent.start]):
            if expr.start in skip or self.dates.is_end_point(expr) or describes_other_noun(expr, None):
                continue
            parsed = self.dates.parse(expr.text, self.anchor, self.previous, self.dates.tense(expr.root))
            if parsed:
                self.told.append((parsed, expr.text))


class EventBuilder:
    """Attaches date, place, amount, aid kind and citation to a document's candidates."""

    def __init__(self, rules: Rules):
        lang = rules.lang
        self.ontology = rules.ontology
        self.calibration = rules.calibration
        self.aid_kind_terms = rules.aid_kinds
        self.words = lang.words
        self.syntax = lang.syntax
        self.amounts = Amounts(rules.amounts)
        self.citations = Citations(lang)
        self.dates = Dates(lang)
        self.places = Places(lang)

    def aid_kinds(self, cand: Candidate, has_amount: bool) -> list[str]:
        terms = self.aid_kind_terms
        trigger = cand.trigger
        words = {trigger.lemma_.lower()} | {t.lemma_.lower() for t in trigger.subtree}
        if trigger.pos_ == "NOUN" and trigger.head.pos_ == "VERB":
            words |= {t.lemma_.lower() for t in trigger.head.subtree}
        kinds = {terms[w] for w in words if w in terms}
        if has_amount and SALE not in kinds:
            kinds.add("funds")  # the amount of a sale is its price, not money given
        return sorted(kinds)

    def assign_amounts(
        self, sent: Span, ents: list[Span], cands: list[Candidate], year: int | None
    ) -> dict[int, dict]:
        """Each money expression goes to the nearest event of a type that carries money in its own
        clause: "Georgia received $40 million in British aid; Turkey trains its officers" gives
        the Turkish training nothing."""
        result: dict[int, dict] = {}
        eligible = [c for c in cands if self.ontology.takes_amount(c.type)]
        spans = self.amounts.spans(sent, ents)
        # "100 million somoni (US$8.9 million)": the author's own conversion wins over ours
        spans = [
            s
            for s in spans
            if not any(
                o.start > s.end - 1 and o.start - s.end <= 2 and "$" in o.text and "$" not in s.text
                for o in spans
            )
        ]
        for span in spans:
            amount = self.amounts.parse(span.text, year)
            if amount is None or not eligible:
                continue
            own = [c for c in eligible if clause_of(c.trigger) == clause_of(span.root)]
            if not own:
                continue
            distances = [tree_distance(c.trigger, span.root) for c in own]
            nearest = min(distances)
            for cand, dist in zip(own, distances, strict=False):
                if dist == nearest and id(cand) not in result:
                    result[id(cand)] = amount
        return result

    def follow_up_amount(self, sent: Span, ents: list[Span], year: int | None) -> dict | None:
        """The amount of a sentence that only gives the value of what was told before: "The
        total award amount for the four boats was over $1.7 million." (a definite value noun as
        the subject of the amount's clause)."""
        words = self.words
        for span in self.amounts.spans(sent, ents):
            clause = sent.doc[clause_of(span.root)]
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if (
                subject is not None
                and subject.lemma_.lower() in words.value_nouns
                and any(c.dep_ == "poss" or c.lower_ in words.definite_determiners for c in subject.children)
            ):
                return self.amounts.parse(span.text, year)
        return None

    def refers_back(self, trigger) -> bool:
        """Whether a noun trigger is a definite mention of an event told before: "the weeklong
        exercise will include forces from France"."""
        return trigger.pos_ == "NOUN" and self.syntax.is_definite(trigger)

    def governing_verb(self, trigger):
        return trigger if trigger.pos_ == "VERB" else trigger.head

    def is_present(self, trigger) -> bool:
        """Whether the trigger (or the verb governing a noun trigger) is in the present tense: "up to
        7,000 servicemen are stationed" tells the time of the report, not of the story before it."""
        verb = self.governing_verb(trigger)
        if verb.tag_ in ("VBZ", "VBP"):
            return True
        return verb.tag_ in ("VBN", "VBG") and any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") and c.lemma_ in self.words.copulas
            for c in verb.children
        )

    def is_perfect(self, trigger) -> bool:
        """Whether the trigger (or the verb governing a noun trigger) is in the perfect: "has received"."""
        verb = self.governing_verb(trigger)
        return verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_ in self.words.perfect_auxiliaries for c in verb.children
        )

    def __call__(self, doc: Doc, document: Document) -> list[Event]:
        """Events of one document, in text order, with date, place, amount, aid kind and citation."""
        anchor = date.fromisoformat(document.date) if document.date else None
        # a date read from the text itself (its first date) is no publication date: no bound
        published = anchor if document.date_source != "inferred" else None
        by_sentence: dict[int, list[Candidate]] = {}
        for cand in doc._.events or []:
            by_sentence.setdefault(cand.trigger.sent.start, []).append(cand)
        view = DocumentView.of(doc, document.text, self.places)
        cites = self.citations.by_sentence(list(doc.sents), view.text, anchor)
        events = []
        story = StoryDate(anchor, self.dates, view)
        dateline = self.places.dateline_place(view.text)
        placed: dict[str, dict] = {}  # event type -> where the last event of the type with a place was
        last_money: Event | None = None  # the last event of a type that carries money
        for sent in doc.sents:
            cands = by_sentence.get(sent.start, [])
            cited_dates = self.citations.tokens(sent, view.text)
            story.read(sent, cited_dates)
            ents = view.entities[sent.start]
            if (
                last_money is not None
                and last_money.amount is None
                and not any(self.ontology.takes_amount(c.type) for c in cands)
            ):
                amount = self.follow_up_amount(
                    sent, ents, int(last_money.date[:4]) if last_money.date else None
                )
                if amount:
                    last_money.amount = amount
                    if last_money.type in self.ontology.aid_kind_types:
                        last_money.aid_kind = sorted({*last_money.aid_kind, "funds"})
                    last_money.explanation += f"; amount from a later sentence ('{amount['text']}')"
            if not cands:
                continue
            start = sent.start
            amounts = self.assign_amounts(
                sent,
                ents,
                cands,
                int(story.current[0][:4]) if story.current else (anchor.year if anchor else None),
            )
            citation = cites.get(start)
            for cand in cands:
                coding = self.ontology.code(cand.type, cand.modality, cand.cameo, cand.rule.plover)
                found = self.dates.event_date(
                    sent, ents, cand.trigger, anchor, cited_dates, story.previous, cand.modality, published
                )
                told = story.latest(self.dates.tense(cand.trigger, cand.modality), published)
                period = None
                if found:
                    when, precision, expr = found
                    date_note = f"date from '{expr.text}'"
                    period = self.dates.period(expr, ents, anchor, published)
                elif told and not (anchor and self.is_present(cand.trigger)):
                    (when, precision), told_text = told
                    date_note = f"date of the paragraph's story so far ('{told_text}')"
                elif anchor and self.is_perfect(cand.trigger):
                    # "has received $2.3 million" tells the year of the report, not the day
                    when, precision, date_note = (
                        f"{anchor.year:04d}",
                        "year",
                        "year of the document (perfect tense)",
                    )
                elif anchor:  # an upper bound: it happened by the time of the report
                    when, precision, date_note = document.stated_date, "document", "date of the document"
                else:
                    when, precision, date_note = None, None, "no date"
                location, own = self.places.event_place(sent, cand.trigger, view)
                said = story.places.get(when)
                if own:
                    story.places[when] = location
                    placed[cand.type] = location
                elif said and (said["country"] or not dateline):
                    location = said  # same paragraph, same day: the place stated for it
                elif self.refers_back(cand.trigger) and cand.type in placed:
                    location = placed[cand.type]  # "the weeklong exercise": the one told before, there
                elif dateline and anchor and when == document.stated_date:
                    location = dateline  # a region ("Central Asia") gives way to the dateline's city
                amount = amounts.get(id(cand))
                if amount and period:  # a total over years: "$300 million since 2002"
                    amount = amount | {"period": period}
                events.append(
                    Event(
                        event_id=event_id(document.doc_id, cand),
                        doc_id=document.doc_id,
                        type=cand.type,
                        cameo=coding.cameo,
                        plover=coding.plover,
                        quad_class=coding.quad_class,
                        goldstein=coding.goldstein,
                        modality=cand.modality,
                        source=actor_of(cand.source),
                        target=actor_of(cand.target),
                        date=when,
                        date_precision=precision,
                        location=location,
                        amount=amount,
                        aid_kind=self.aid_kinds(cand, amount is not None)
                        if cand.type in self.ontology.aid_kind_types
                        else [],
                        cited_source=citation,
                        sentence=sent.text.strip(),
                        char_start=sent.start_char + len(sent.text) - len(sent.text.lstrip()),
                        char_end=sent.start_char + len(sent.text.rstrip()),
                        confidence=self.calibration(cand.confidence),
                        explanation=f"{cand.explanation()}; {date_note}",
                        trigger=cand.trigger.text,
                    )
                )
                if self.ontology.takes_amount(cand.type):
                    last_money = events[-1]
        return events
