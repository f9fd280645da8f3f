"""The `allyscope_events` spaCy component: triggers + arguments + modality -> `doc._.events`.

Each candidate is a Candidate (type, source and target actor spans, trigger, modality, and
where its parties came from). Attributes (date, place, amount, citation) are added by the
next stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.sectors import SectorNouns
from ..actors.spans import actor_at, actors_of, actors_starting_in
from ..rules import Frame, TriggerRule, load_rules
from .arguments import Arguments
from .modality import Modality
from .triggers import TriggerMatcher

Doc.set_extension("events", default=None, force=True)

CONFIDENCE, FALLBACK_CONFIDENCE = 0.8, 0.45
# Sectors of groups that stand apart from their state: "Zimbabwe's opposition demanded that Mugabe
# resign" is an event inside one country, which counts outside security cooperation.
DOMESTIC_SECTORS = {"REB", "OPP", "REF", "ETH", "INS", "CVL"}

# What a complement verb's event may hang on: "agreed to hold exercises"
OBJECTS = {"dobj", "pcomp", "nsubjpass"}

# How a side of a directed event was found when no relation named it (else: the relation's name)
CONTEXT, CARRIED, UNKNOWN, EACH_OTHER = "context", "carried", "unknown", "each other"
# How the parties of a symmetric event (or of a definite mention) were found
PARSE, PARSE_FALLBACK, NAMED, HOST, PREVIOUS = "parse", "parse+fallback", "named", "host", "previous"
FALLBACKS = {CONTEXT, CARRIED, PARSE_FALLBACK, NAMED, HOST, PREVIOUS}
EXPLAINED = {
    PARSE: "parties from parse",
    PARSE_FALLBACK: "parties from parse, other party by fallback",
    NAMED: "parties named in the sentence (fallback)",
    HOST: "host from the place, other party from context (fallback)",
    PREVIOUS: "parties of the previous mention (fallback)",
}


@dataclass(frozen=True)
class Found:
    """Where a candidate's parties came from.

    Directed frames: `source` and `target` are the relations that named them (frames.json), or
    how they were guessed: CONTEXT (the sentence or the story), CARRIED (the subject of the
    sentence before), UNKNOWN (none found), EACH_OTHER ("Kyrgyzstan and Tajikistan agreed to
    withdraw troops": each from the other). Symmetric frames and definite mentions: `parties`.
    """

    source: str | None = None
    target: str | None = None
    parties: str | None = None

    @property
    def fallback(self) -> bool:
        """Whether a party was guessed rather than read from the parse."""
        return bool({self.source, self.target, self.parties} & FALLBACKS)

    def __str__(self) -> str:
        if self.parties:
            return EXPLAINED[self.parties]
        source = {
            CONTEXT: "source from sentence context (fallback)",
            CARRIED: "source carried from previous sentence (fallback)",
            UNKNOWN: "source unknown",
        }.get(self.source, f"source from {self.source}")
        target = {
            CONTEXT: "target from sentence context (fallback)",
            EACH_OTHER: "target: each other",
            UNKNOWN: "target unknown",
        }.get(self.target, f"target from {self.target}")
        return f"{source}, {target}"


@dataclass
class Candidate:
    """An event found in one sentence, before attributes are attached."""

    type: str
    cameo: str
    trigger: Token
    rule: TriggerRule
    source: Span | None
    target: Span | None
    modality: str
    modality_cue: str
    found: Found
    directed: bool

    @property
    def confidence(self) -> float:
        return FALLBACK_CONFIDENCE if self.found.fallback else CONFIDENCE

    @property
    def key(self) -> tuple:
        codes = (
            self.source._.actor.code if self.source else None,
            self.target._.actor.code if self.target else None,
        )
        if not self.directed:
            codes = tuple(sorted(codes, key=str))
        return (self.type, *codes)

    def explanation(self) -> str:
        """Which rule found it and how: "supply (verb) -> military_aid; source from subj, ..."."""
        return (
            f"{self.rule.lemma} ({self.trigger.pos_.lower()}) -> {self.type}; "
            f"{self.found}; modality {self.modality} ({self.modality_cue})"
        )


class EventExtractor:
    """Finds trigger words, reads their arguments from the parse and codes each event."""

    def __init__(self, lang: str = "en", rules: str | None = None):
        self.rules = load_rules(lang, rules)
        self.ontology = self.rules.ontology
        self.frames = self.rules.frames
        self.words = self.rules.lang.words
        self.syntax = self.rules.lang.syntax
        self.arguments = Arguments(self.rules.lang, SectorNouns(self.rules))
        self.matcher = TriggerMatcher(self.rules, self.arguments)
        self.modality = Modality(self.rules.modality, self.rules.lang)

    def side_of(self, event_type: str):
        """How the two sides of an event of `event_type` are told apart: by country (or organisation),
        and for the general types also a country's non-state groups from its state."""
        if event_type not in self.ontology.general_types:
            return lambda span: span._.actor.code

        def side(span: Span) -> str:
            actor = span._.actor
            domestic = actor.kind == "non_state" or actor.sector in DOMESTIC_SECTORS
            return f"{actor.code}/{actor.sector or actor.kind}" if domestic else actor.code

        return side

    def __call__(self, doc: Doc) -> Doc:
        events: list[Candidate] = []
        self.matcher.forget()
        context = Discourse(doc, self.words, self.arguments)
        previous: set[str] = set()
        security_terms = self.words.security_terms
        for sent in doc.sents:
            own = {t.lemma_.lower() for t in sent}
            lemmas, previous = own | previous, own  # the security setting of the sentence before counts
            security = bool(lemmas & security_terms)
            found: list[Candidate] = []
            demanded: set[int] = set()  # what a demand asks for, whether or not its parties are known
            for token in sent:
                if actor_at(token) is not None:
                    continue  # "the Collective Security Treaty Organization" names a party, not a treaty
                for rule in self.matcher.rules_for(token):
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
            host = context.host(sent, trigger) if places and mood == "realized" else None
            guest = context.other_party(sent, trigger, {host._.actor.code}) if host is not None else None
            if host is not None and guest is not None:
                # "up to 7,000 servicemen are stationed in Dushanbe", in a story about Russia's base
                return [(host, guest)], Found(parties=HOST)
            return [], Found(parties=PARSE)
        how = PARSE
        flat = [s for g in groups for s in g]
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
        if not targets and not frame.no_fallback:
            extra = context.other_party(sent, trigger, {s._.actor.code for s in sources}, symmetric=False)
            if extra is not None:
                targets = [extra]
                target_note = target_note or CONTEXT
        found = Found(source_note, target_note)
        if not source_rel and not target_rel:
            # "This project will provide ...": a definite subject resumes the last event of its type
            if any(self.syntax.is_definite(s) for s in rel.get("subj", [])):
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


class Discourse:
    """What the document says around a sentence: earlier subject actors, and how often each
    party is mentioned in the whole document (its main country ranks first)."""

    def __init__(self, doc: Doc, words, arguments: Arguments) -> None:
        self.words = words
        self.arguments = arguments
        self.subjects: list[Span] = []
        self.last_pairs: dict[str, list[tuple[Span, Span]]] = {}
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
        if not in_sentence and symmetric:
            # any other party named in the sentence, nearest first, unless only a topic
            # ("drug smuggling from Afghanistan", "strikes against the Taliban")
            named = [s for s in others if not s._.place_use and not self.arguments.is_topic(s)]
            if named:
                return min(named, key=lambda s: abs(s.start - trigger.i))
        if in_sentence:
            # the document's main country first ("the Tajik-Afghan border" in a Tajik story)
            return min(in_sentence, key=lambda s: (-self.agent_counts.get(s._.actor.code, 0), s.start))
        main = self.main_party(exclude)
        return self.spans[main] if main is not None else None

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


def content(trigger: Token) -> list[Token]:
    """What a demand asks for: the words under it, the clause of "must", or the clause that
    completes the verb of a demand noun ("reiterated its demand that ...")."""
    if trigger.tag_ == "MD":
        return [t for t in trigger.head.subtree if t.i != trigger.i]
    words = [t for t in trigger.subtree if t.i != trigger.i]
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
        words += [t for c in trigger.head.children if c.dep_ == "ccomp" for t in c.subtree]
    return words


def dedupe(found: list[Candidate]) -> list[Candidate]:
    """One event per (type, dyad) and sentence: the most confident, then the first."""
    best: dict[tuple, Candidate] = {}
    for cand in found:
        old = best.get(cand.key)
        if old is None or cand.confidence > old.confidence:
            best[cand.key] = cand
    return sorted(best.values(), key=lambda c: c.trigger.i)


@Language.factory(
    "allyscope_events",
    default_config={"lang": "en", "rules": None},
    assigns=["doc._.events"],
    requires=["doc.sents", "token.lemma", "token.dep", "token.pos", "doc._.actor_index"],
)
def make_event_extractor(nlp: Language, name: str, lang: str, rules: str | None):
    return EventExtractor(lang, rules)
