"""What the document says around a sentence: the parties the events component falls back on."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.dictionary import code_names
from ..actors.spans import actor_at, actors_of, actors_starting_in
from ..attributes.places import gazetteer, proper_phrase
from ..model import Actor
from .arguments import Arguments
from .candidate import Candidate


class Discourse:
    """What the document says around a sentence: earlier subject actors, and how often each
    party is mentioned in the whole document (its main country ranks first)."""

    def __init__(self, doc: Doc, words, arguments: Arguments, facilities: list[tuple[int, Span]]) -> None:
        self.words = words
        self.facilities = facilities  # the facilities named with a proper noun, as (token, name)
        self.arguments = arguments
        self.subjects: list[Span] = []
        self.last_pairs: dict[str, list[tuple[Span, Span]]] = {}
        self.organisers: dict[str, Span] = {}  # event type -> the host of the story's last such event
        self.counts: dict[str, int] = {}
        self.spans: dict[str, Span] = {}
        self.agent_counts: dict[str, int] = doc._.actor_counts or {}
        self.doc = doc
        for span in actors_of(doc):
            code = span._.actor.code
            self.counts[code] = self.counts.get(code, 0) + 1
            self.spans.setdefault(code, span)

    def remember(self, found: list[Candidate]) -> None:
        """Keep each trigger word's latest parties for later definite mentions ("the Agreement")."""
        for cand in found:
            if cand.source is not None and cand.target is not None:
                self.last_pairs[cand.type] = [(cand.source, cand.target)]

    def in_sentence(self, sent: Span) -> list[Span]:
        """The actor spans that start in the sentence, in text order."""
        return actors_starting_in(self.doc, sent.start, sent.end)

    def update(self, sent: Span) -> None:
        for span in self.in_sentence(sent):
            if (
                span.end <= sent.end
                and not span._.place_use
                and (
                    span.root.dep_ in ("nsubj", "nsubjpass")
                    or (span.root.head.dep_ == "nsubj" and span.root.dep_ in ("compound", "amod", "poss"))
                )
            ):
                self.subjects.append(span)

    def subject(self, exclude: set[str]) -> Span | None:
        for span in reversed(self.subjects[-3:]):
            if span._.actor.code not in exclude:
                return span
        return None

    def other_party(
        self, sent: Span, trigger: Token, exclude: set[str], symmetric: bool = True
    ) -> Span | None:
        """A party the sentence implies: a state it happens in ("exercises in Tajikistan", "the
        Tajik-Afghan border"), for symmetric events any other party it names, else one of the
        document's two main parties (`main_party`)."""
        words = self.words
        others = [
            s
            for s in self.in_sentence(sent)
            if s.end <= sent.end
            and s._.actor.code not in exclude
            and s._.actor.kind != "person"
            and not (s.start <= trigger.i < s.end)
        ]
        in_sentence = [
            s
            for s in others
            if (s._.place_use and s.root.dep_ == "pobj" and s.root.head.lower_ in words.host_preps)
            or on_shared_border(s, words.border_nouns)
            or (
                symmetric and s.root.dep_ == "compound" and s.root.head.lemma_.lower() in words.facility_nouns
            )
        ]
        placed = self.facility_state(trigger)
        if placed is not None and placed._.actor.code not in exclude:
            in_sentence.append(placed)
        if not in_sentence and symmetric:
            # any other party named in the sentence, nearest first, unless only a topic
            # ("drug smuggling from Afghanistan", "strikes against the Taliban")
            named = [
                s
                for s in others
                if not s._.place_use and not self.arguments.is_topic(s) and not self.is_destination(s)
            ]
            if named:
                return min(named, key=lambda s: abs(s.start - trigger.i))
        if in_sentence:
            # the document's main country first ("the Tajik-Afghan border" in a Tajik story)
            return min(in_sentence, key=lambda s: (-self.agent_counts.get(s._.actor.code, 0), s.start))
        main = self.main_party(exclude)
        return self.spans[main] if main is not None else None

    def facility_state(self, trigger: Token) -> Span | None:
        """The state a facility of the trigger's phrase lies in, by the place that names it
        ("operates the Kant air base", "an air base at Termez", "Cam Ranh Bay became a naval
        base"), or for "the base" by the facility the story named last: a base run in another
        country makes that country a party. A place the gazetteer does not know, or places in a
        state the story does not name, names no state."""
        words = self.words
        facilities = words.facility_nouns | words.operated_facilities
        for facility in trigger.subtree:
            if facility.lemma_.lower() not in facilities:
                continue
            names = [
                proper_phrase(c)
                for c in facility.lefts
                if c.dep_ in ("compound", "amod", "nmod") and c.pos_ == "PROPN"
            ]
            names += [
                proper_phrase(o) for o in self.arguments.syntax.objects_of(facility, words.locative_preps)
            ]
            if facility.dep_ == "attr" and facility.head.lemma_.lower() in words.equative_verbs:
                names += [proper_phrase(c) for c in facility.head.children if c.dep_ == "nsubj"]
            if not names and self.arguments.syntax.is_definite(facility):
                told = [name for i, name in self.facilities if i < facility.sent.start]
                names = told[-1:]
            for name in names:
                span = self.place_state(name)
                if span is not None:
                    return span
        return None

    def place_state(self, name: Span) -> Span | None:
        """The longest start of a place name that is no actor and that the gazetteer knows, as a
        span standing for the state it lies in, if the story names that state ("Kant" is
        Kyrgyzstan; "Cam Ranh Bay" is found as "Cam Ranh", "Ayni Air Base" as "Ayni")."""
        tokens = [t for t in name if t.lower_ not in self.words.articles]  # "the Kant air base"
        if not tokens or tokens[0].pos_ != "PROPN" or any(actor_at(t) is not None for t in tokens):
            return None
        doc, start = name.doc, tokens[0].i
        for end in range(tokens[-1].i + 1, start, -1):
            place = gazetteer().get(doc[start:end].text.lower())
            if place is None:
                continue
            if place["country"] not in self.counts:
                return None  # a town of a state the story never names is more likely another one's
            span = doc[start:end]
            code = place["country"]
            state, kind = code_names().get(code, (code, "state"))
            span._.actor = Actor(span.text, state, code, kind, None, code)
            span._.place_use = True
            return span
        return None

    def is_destination(self, span: Span) -> bool:
        """ "The visit to Bahrain fell on the first day of an exercise": where another act goes
        takes no part in this one."""
        root = span.root
        return root.dep_ == "pobj" and root.head.lower_ in self.words.direction_preps

    def named_parties(self, sent: Span, trigger: Token) -> list[Span]:
        """The distinct parties a sentence names as actors (not places, topics or people's titles)."""
        found: dict[str, Span] = {}
        for span in self.in_sentence(sent):
            if (
                not span._.place_use
                and not self.arguments.is_topic(span)
                and not across_border(span, self.words)
            ):
                found.setdefault(span._.actor.code, span)
        return list(found.values())

    def host(self, sent: Span, trigger: Token) -> Span | None:
        """The state a sentence places its event in: "stationed in the Tajik capital Dushanbe"."""
        places = [
            s
            for s in self.in_sentence(sent)
            if s.end <= sent.end
            and s._.place_use
            and s.root.dep_ == "pobj"
            and s.root.head.lower_ in self.words.host_preps
            and s.root.head.head.i == trigger.i
        ]
        return places[0] if places else None

    def main_party(self, exclude: set[str]) -> str | None:
        """One of the document's two main parties, other than `exclude`: a bilateral story (or one
        about a single country) names them far more often than anyone else. A story about many
        countries has no main party, and then no party is guessed."""
        ranked = sorted(self.counts.items(), key=lambda kv: -kv[1])
        third = ranked[2][1] if len(ranked) > 2 else 0
        for code, count in ranked[:2]:
            if code not in exclude:
                return code if count >= 2 and count >= 1.5 * third else None
        return None


def on_shared_border(span: Span, border_nouns: frozenset[str]) -> bool:
    """ "the Tajik-Afghan border" or "Tajikistan's border": the state whose border it is may be a
    party; "the Afghan border" alone or "its border with Afghanistan" names only the neighbour."""
    root, head = span.root, span.root.head
    if (
        root.dep_ in ("amod", "compound")
        and head.dep_ in ("amod", "compound")
        and (head.head.lemma_.lower() in border_nouns)
    ):
        return actor_at(head) is not None  # "Tajik" hung under "Afghan" in "the Tajik-Afghan border"
    if head.lemma_.lower() not in border_nouns or root.dep_ not in ("amod", "compound", "poss"):
        return False
    if root.dep_ == "poss":
        return True
    states = [c for c in head.children if c.dep_ in ("amod", "compound") and actor_at(c) is not None]
    nested = [
        g for c in states for g in c.children if g.dep_ in ("amod", "compound") and actor_at(g) is not None
    ]
    return len(states) + len(nested) >= 2


def across_border(span: Span, words) -> bool:
    """ "along the frontier with Afghanistan": the neighbour locates the event, it takes no part.
    The word before "with" counts too, as the parser often hangs the phrase higher up."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ not in words.companion_preps:
        return False
    before = span.doc[root.head.i - 1] if root.head.i > 0 else root.head
    return bool({root.head.head.lemma_.lower(), before.lemma_.lower()} & words.border_nouns)
