"""The `allyscope_events` spaCy component: triggers + arguments + modality -> `doc._.events`.

Each candidate is a Candidate (type, source and target actor spans, trigger, modality, and
where its parties came from). Attributes (date, place, amount, citation) are added by the
next stage.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.sectors import SectorNouns
from ..actors.spans import actor_at
from ..attributes.places import Places
from ..language.nlp import noun_lemmatizer
from ..language.strings import token_strings
from ..rules import Frame, TriggerRule, load_rules
from .arguments import Arguments
from .candidate import (
    CARRIED,
    CONTEXT,
    EACH_OTHER,
    HOST,
    NAMED,
    PARSE,
    PARSE_FALLBACK,
    PREVIOUS,
    UNKNOWN,
    Candidate,
    Found,
)
from .discourse import Discourse
from .modality import Modality
from .triggers import TriggerMatcher

Doc.set_extension("events", default=None, force=True)

# What a complement verb's event may hang on: "agreed to hold exercises"
OBJECTS = {"dobj", "pcomp", "nsubjpass"}


class EventExtractor:
    """Finds trigger words, reads their arguments from the parse and codes each event."""

    def __init__(
        self, lang: str = "en", rules: str | None = None, noun_lemma: Callable[[str], str] = str.lower
    ):
        self.rules = load_rules(lang, rules)
        self.ontology = self.rules.ontology
        self.frames = self.rules.frames
        self.words = self.rules.lang.words
        self.syntax = self.rules.lang.syntax
        self.arguments = Arguments(self.rules.lang, SectorNouns(self.rules))
        self.matcher = TriggerMatcher(self.rules, self.arguments, noun_lemma)
        self.modality = Modality(self.rules.modality, self.rules.lang)
        self.places = Places(self.rules.lang)

    def side_of(self, event_type: str):
        """How the two sides of an event of `event_type` are told apart: by country (or organisation),
        and for the general types also a country's non-state groups from its state."""
        if event_type not in self.ontology.general_types:
            return lambda span: span._.actor.code
        domestic_sectors = self.rules.domestic_sectors

        def side(span: Span) -> str:
            actor = span._.actor
            domestic = actor.kind == "non_state" or actor.sector in domestic_sectors
            return f"{actor.code}/{actor.sector or actor.kind}" if domestic else actor.code

        return side

    def __call__(self, doc: Doc) -> Doc:
        events: list[Candidate] = []
        self.matcher.forget()
        context = Discourse(doc, self.words, self.arguments, self.places.named_facilities(doc))
        previous: set[str] = set()
        security_terms = self.words.security_terms
        strings = token_strings(doc)
        for sent in doc.sents:
            own = set(strings.lemma[sent.start : sent.end])
            lemmas, previous = own | previous, own  # the security setting of the sentence before counts
            security = bool(lemmas & security_terms)
            found: list[Candidate] = []
            demanded: set[int] = set()  # what a demand asks for, whether or not its parties are known
            for i in range(sent.start, sent.end):
                rules = self.matcher.rules_at(strings, i)
                if not rules:
                    continue
                token = doc[i]
                if actor_at(token) is not None:
                    continue  # "the Collective Security Treaty Organization" names a party, not a treaty
                for rule in rules:
                    if not self.matcher.matches(token, rule):
                        continue
                    if self.frames[rule.frame].absorbs_complement:
                        demanded |= {t.i for t in content(token)}
                    if security or not rule.needs_context:
                        found += self.build(token, rule, sent, context, rule.type, rule.cameo)
                    elif self.matcher.general_matches(token, rule):
                        general = self.ontology.general_type(rule.general_cameo)
                        found += self.build(token, rule, sent, context, general, rule.general_cameo)
            events += dedupe(self.defer_to_complements(found, demanded))
            context.update(sent)
            context.remember(found)
        doc._.events = events
        return doc

    def build(
        self, trigger: Token, rule: TriggerRule, sent: Span, context: Discourse, event_type: str, cameo: str
    ) -> list[Candidate]:
        frame = self.frames[rule.frame]
        rel = self.matcher.relations(trigger)
        mood, cue = self.modality(trigger, rule.modality)
        if frame.symmetric:
            pairs, found_by = self.symmetric(rel, frame, trigger, sent, context, event_type, mood)
        else:
            pairs, found_by = self.directed(rel, frame, trigger, sent, context, event_type)
        side = self.side_of(event_type)
        found = []
        for s, t in pairs:
            if s is not None and t is not None and side(s) == side(t):
                continue
            kind = event_type
            if event_type not in self.ontology.general_types and any(
                a is not None and a._.actor.kind == "non_state" for a in (s, t)
            ):
                # security cooperation is between states and organisations: arms for rebels or a
                # militia are a general event, kept with their own code (072 is still military aid)
                kind = self.ontology.general_type(cameo)
            found.append(
                Candidate(
                    kind, cameo, trigger, rule, s, t, mood, cue, found_by, self.ontology.is_directed(kind)
                )
            )
        return found

    def symmetric(self, rel, frame: Frame, trigger, sent, context, event_type, mood):
        places = frame.places_as_parties
        hub = self.hub(rel, frame, trigger, context, event_type)
        groups = []
        for name in frame.parties:
            spans, _ = self.arguments.role_actors(rel, [name], places and name != "subj", trigger)
            spans = [s for s in spans if all(s._.actor.code != g._.actor.code for grp in groups for g in grp)]
            if spans:
                groups.append(spans)
        if not groups:
            # "The Agreement was signed in Moscow": a definite mention of the last event of its type
            if self.definite_mention(trigger, rel, event_type):
                return context.last_pairs.get(event_type, []), Found(parties=PREVIOUS)
            # only for what happened: "foreign troops will not be stationed here" names no guest
            if event_type in self.ontology.named_party_types and not self.syntax.is_definite(
                trigger.head if trigger.pos_ == "VERB" and trigger.dep_ == "acl" else trigger
            ):
                # "Turkey will train Kyrgyz officers under an agreement signed in Ankara": between them
                named = context.named_parties(sent, trigger)
                if len(named) == 2:
                    return [tuple(named)], Found(parties=NAMED)
            host = (
                (context.host(sent, trigger) or context.facility_state(trigger))
                if places and mood == "realized"
                else None
            )
            guest = context.other_party(sent, trigger, {host._.actor.code}) if host is not None else None
            if host is not None and guest is not None:
                # "up to 7,000 servicemen are stationed in Dushanbe", in a story about Russia's base
                return [(host, guest)], Found(parties=HOST)
            return [], Found(parties=PARSE)
        how = PARSE
        flat = [s for g in groups for s in g]
        if hub is None:
            context.organisers.pop(event_type, None)  # "Japan and India held an exercise": a new one
        elif any(s._.actor.code != hub._.actor.code for s in flat):
            # "an Oman-led exercise with France and Japan": Oman with each, not France with Japan
            others = {s._.actor.code: s for s in flat if s._.actor.code != hub._.actor.code}
            return [(hub, s) for s in others.values()], Found(parties=how)
        # "talks with two partners": the other side is named, just not as a party we know
        named_other = any(rel.get("prep:" + p) for p in self.words.reciprocal_preps)
        if (
            len({s._.actor.code for s in flat}) < 2
            and not (named_other and len(groups) == 1)
            and not frame.no_fallback
        ):
            extra = context.other_party(sent, trigger, {s._.actor.code for s in flat})
            if extra is not None:
                groups.append([extra])
                how = PARSE_FALLBACK
                flat.append(extra)
        first, rest = groups[0], [s for g in groups[1:] for s in g]
        pairs = [(a, b) for a in first for b in rest]
        pairs += list(combinations(first, 2))
        if not pairs:
            pairs = list(combinations(flat, 2))
        return pairs, Found(parties=how)

    def hub(self, rel, frame: Frame, trigger: Token, context: Discourse, event_type: str) -> Span | None:
        """The host or organiser of a multi-party event: named with it ("an Oman-led exercise"),
        or, for a definite mention ("the exercise") or its participants, the one the story last
        named for an event of the type (a new event with parties of its own forgets it)."""
        if not frame.hub:
            return None
        named, _ = self.arguments.role_actors(rel, list(frame.hub), False, trigger)
        if named:
            context.organisers[event_type] = named[0]
            return named[0]
        if self.syntax.is_definite(trigger) or trigger.lemma_.lower() in self.words.participant_nouns:
            return context.organisers.get(event_type)
        return None

    def asks_for_help(self, trigger: Token) -> bool:
        """Whether a request asks for security help ("request for military assistance"), not for
        something else ("asked that his name not be used"), and is made, not the condition of an
        offer ("could help if Turkmenistan asked")."""
        words = self.words
        if any(c.dep_ == "mark" and c.lower_ in words.condition_marks for c in trigger.children):
            return False
        kinds = self.rules.aid_kinds  # "requested to buy": the words that say a kind of aid
        return any(
            t.lemma_.lower() in words.security_terms
            or t.lemma_.lower() in kinds
            or t.lower_ in words.military_goods
            for t in trigger.subtree
        )

    def defer_to_complements(self, found: list[Candidate], demanded: set[int]) -> list[Candidate]:
        """Drop a commitment ("agreed to", "is ready to") whose complement verb is itself an event:
        "agreed to provide aid" is the aid, coded as intended. Drop too the general events a demand
        asks for: in "demanded that Israel ease restrictions" (or "Israel must ease ...") Israel
        has not yet eased anything."""
        triggers = {c.trigger.i for c in found}

        def complement_is_event(trigger: Token) -> bool:
            # "agreed to repair aircraft and to train pilots", "agreed to let U.S. troops use the base"
            todo = [k for k in trigger.children if k.dep_ in ("xcomp", "ccomp", "pcomp", "prep")]
            for _ in range(2):
                todo = [w for v in todo for w in (v, *v.conjuncts)]
                if any(
                    w.i in triggers for v in todo for w in (v, *v.children) if w.i == v.i or w.dep_ in OBJECTS
                ):
                    return True
                todo = [k for v in todo for k in v.children if k.dep_ in ("xcomp", "ccomp")]
            return False

        return [
            c
            for c in found
            if not (self.frames[c.rule.frame].defer_to_complement and complement_is_event(c.trigger))
            and not (
                c.type in self.ontology.general_types
                and c.trigger.i in demanded
                and not self.frames[c.rule.frame].absorbs_complement  # "insisted on its demands"
            )
        ]

    def definite_mention(self, trigger: Token, rel, event_type: str) -> bool:
        """ "the agreement" as trigger, or as the object of its verb ("The Agreement was signed")."""
        if trigger.pos_ == "NOUN":
            return False  # a bare noun ("the meetings") refers back to events already coded
        nouns = [
            o
            for o in rel.get("obj", [])
            if any(r.type == event_type for r in self.rules.triggers.get((o.lemma_.lower(), "NOUN"), []))
        ]
        return any(self.syntax.is_definite(n) or self.syntax.has_possessive(n) for n in nouns)

    def states_value(self, trigger: Token) -> bool:
        """Whether a noun trigger, or the noun it names ("the original Foreign Military Sales
        case"), is a definite phrase that states its own value ("valued at $41.6 million"): a
        deal told before, between the same parties, now with a price (one of its own, if it
        is another deal)."""
        if trigger.pos_ not in ("NOUN", "PROPN"):
            return False
        phrase = trigger.head if trigger.dep_ in ("compound", "nmod") else trigger
        return self.syntax.is_definite(phrase) and any(t.ent_type_ == "MONEY" for t in phrase.subtree)

    def directed(self, rel, frame: Frame, trigger, sent, context, rule_type):
        # "the withdrawal of forces from Panama": "from" says where they leave, not who they are
        through_from = not frame.from_is_place
        places = frame.places_as_parties
        side = self.side_of(rule_type)
        role_actors = self.arguments.role_actors
        sources, source_rel = role_actors(rel, list(frame.source), False, trigger, through_from)
        targets, target_rel = role_actors(
            rel, list(frame.target), places, trigger, through_from, frozenset(side(s) for s in sources), side
        )
        if len(sources) > 1 and targets:
            # "the two sides discussed the supply of X to the Tajik army": the other side supplies
            sources = [s for s in sources if all(side(s) != side(t) for t in targets)]
        targets = [t for t in targets if all(side(t) != side(s) for s in sources)]
        source_note, target_note = source_rel, target_rel
        if not sources and frame.source_fallback == CONTEXT:
            # a visit's host: the place or main country of the story ("a visit by India's defence secretary")
            host = context.other_party(sent, trigger, {t._.actor.code for t in targets}, symmetric=False)
            if host is not None:
                sources = [host]
                source_note = source_note or CONTEXT
        if not sources:
            carried = context.subject(exclude={t._.actor.code for t in targets})
            if carried is not None:
                sources = [carried]
                source_note = source_note or CARRIED
        if not targets and sources and frame.target_fallback == CONTEXT and self.asks_for_help(trigger):
            # "Georgia's request for military assistance" in a story about Georgia and the U.S.:
            # asked of the story's other main party (a story about many states has none)
            main = context.main_party({side(s) for s in sources})
            if main is not None:
                targets = [context.spans[main]]
                target_note = target_note or CONTEXT
        adversary = self.words.adversary_nouns
        if (
            not targets
            and not frame.no_fallback
            # "selling weapons to Armenia's enemy": the other side is named, just not as a party we know
            and not any(t.lemma_.lower() in adversary for name in frame.target for t in rel[name])
        ):
            extra = context.other_party(sent, trigger, {s._.actor.code for s in sources}, symmetric=False)
            if extra is not None:
                targets = [extra]
                target_note = target_note or CONTEXT
        found = Found(source_note, target_note)
        if not source_rel and not target_rel:
            # "This project will provide ...": a definite subject resumes the last event of its type
            if any(self.syntax.is_definite(s) for s in rel.get("subj", [])) or self.states_value(trigger):
                return context.last_pairs.get(rule_type, []), Found(parties=PREVIOUS)
            return [], found  # neither party is in the parse: too weak to report
        if frame.needs_both and not (source_rel and target_rel):
            return [], found  # both sides must be in the parse ("said", "trained at")
        distinct = {side(s): s for s in sources}
        if (
            not targets
            and (rule_type in self.ontology.mutual_types or frame.pair_sources)
            and len(distinct) > 1
        ):
            # "Kyrgyzstan and Tajikistan agreed to withdraw troops": each from the other
            return list(combinations(distinct.values(), 2)), Found(source_note, target_note or EACH_OTHER)
        if sources and not targets:
            return [(s, None) for s in sources], Found(source_note, target_note or UNKNOWN)
        if targets and not sources:
            return [(None, t) for t in targets], Found(source_note or UNKNOWN, target_note)
        return [(s, t) for s in sources for t in targets], found


def content(trigger: Token) -> list[Token]:
    """What a demand asks for: the words under it, the clause of "must", or the clause that
    completes the verb of a demand noun ("reiterated its demand that ...")."""
    if trigger.tag_ == "MD":
        return [t for t in trigger.head.subtree if t.i != trigger.i]
    words = [t for t in trigger.subtree if t.i != trigger.i]
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
        words += [t for c in trigger.head.children if c.dep_ == "ccomp" for t in c.subtree]
    return words


def completes(whole: Candidate, part: Candidate) -> bool:
    """Whether `whole` is `part` with the side it lacks: "Georgia received (GEO, a giver unknown)
    $40 million in British military aid (GBR to GEO)", one trigger inside the other's phrase."""
    if whole is part or whole.type != part.type or whole.source is None or whole.target is None:
        return False
    if not any(
        mine is not None and mine._.actor.code == theirs._.actor.code
        for mine, theirs in ((part.source, whole.source), (part.target, whole.target))
    ):
        return False
    return whole.trigger in part.trigger.subtree or part.trigger in whole.trigger.subtree


def dedupe(found: list[Candidate]) -> list[Candidate]:
    """One event per (type, dyad) and sentence: the most confident, then the first; and none
    that lacks a side another event of its type in the sentence completes."""
    best: dict[tuple, Candidate] = {}
    for cand in found:
        old = best.get(cand.key)
        if old is None or cand.confidence > old.confidence:
            best[cand.key] = cand
    kept = [
        c
        for c in best.values()
        if not ((c.source is None or c.target is None) and any(completes(w, c) for w in best.values()))
    ]
    return sorted(kept, key=lambda c: c.trigger.i)


@Language.factory(
    "allyscope_events",
    default_config={"lang": "en", "rules": None},
    assigns=["doc._.events"],
    requires=["doc.sents", "token.lemma", "token.dep", "token.pos", "doc._.actor_index"],
)
def make_event_extractor(nlp: Language, name: str, lang: str, rules: str | None):
    return EventExtractor(lang, rules, noun_lemmatizer(nlp))
