"""The `allyscope_events` spaCy component: triggers + arguments + modality -> `doc._.events`.

Each candidate is a Candidate (type, source and target actor spans, trigger, modality, the
rule that produced it). Attributes (date, place, amount, citation) are added by the next stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.component import actor_at
from ..ontology import GENERAL_TYPES, general_type, is_directed
from .arguments import BORDER_NOUNS, is_party_object, is_topic, relations, role_actors
from .modality import modality
from .triggers import (
    Trigger,
    general_matches,
    load_frames,
    load_lexicon,
    load_triggers,
    matches,
    security_terms,
)

Doc.set_extension("events", default=None, force=True)

FALLBACK_CONFIDENCE = 0.45
# "exercises in Tajikistan": the state where it happens takes part; "near the Taiwan Strait" not
HOST_PREPS = {"in", "inside", "at", "within", "throughout", "across"}
FACILITY_NOUNS = load_lexicon()["facility_nouns"]
# Sectors of groups that stand apart from their state: "Zimbabwe's opposition demanded that Mugabe
# resign" is an event inside one country, which counts outside security cooperation.
DOMESTIC_SECTORS = {"REB", "OPP", "REF", "ETH", "INS", "CVL"}


# What a complement verb's event may hang on: "agreed to hold exercises"
OBJECTS = {"dobj", "pcomp", "nsubjpass"}


def side_of(event_type: str):
    """How the two sides of an event of `event_type` are told apart: by country (or organisation),
    and for the general types also a country's non-state groups from its state."""
    if event_type not in GENERAL_TYPES:
        return lambda span: span._.actor.code

    def side(span: Span) -> str:
        actor = span._.actor
        domestic = actor.kind == "non_state" or actor.sector in DOMESTIC_SECTORS
        return f"{actor.code}/{actor.sector or actor.kind}" if domestic else actor.code

    return side


@dataclass
class Candidate:
    """An event found in one sentence, before attributes are attached."""

    type: str
    cameo: str
    trigger: Token
    rule: Trigger
    source: Span | None
    target: Span | None
    modality: str
    modality_cue: str
    confidence: float
    how: str

    @property
    def key(self) -> tuple:
        codes = (
            self.source._.actor.code if self.source else None,
            self.target._.actor.code if self.target else None,
        )
        if not is_directed(self.type):
            codes = tuple(sorted(codes, key=str))
        return (self.type, *codes)


class EventExtractor:
    """Finds trigger words, reads their arguments from the parse and codes each event."""

    def __init__(self) -> None:
        self.triggers = load_triggers()
        self.frames = load_frames()

    def __call__(self, doc: Doc) -> Doc:
        events: list[Candidate] = []
        context = Discourse(doc)
        previous: set[str] = set()
        for sent in doc.sents:
            own = {t.lemma_.lower() for t in sent}
            lemmas, previous = own | previous, own  # the security setting of the sentence before counts
            security = bool(lemmas & security_terms())
            found: list[Candidate] = []
            demanded: set[int] = set()  # what a demand asks for, whether or not its parties are known
            for token in sent:
                if actor_at(token) is not None:
                    continue  # "the Collective Security Treaty Organization" names a party, not a treaty
                # a named event is a proper noun: "Exercise Khanjar", "the Peace Mission"
                pos = "NOUN" if token.pos_ == "PROPN" else token.pos_
                for rule in self.triggers.get((token.lemma_.lower(), pos), []):
                    if not matches(token, rule):
                        continue
                    if self.frames[rule.frame].get("absorbs_complement"):
                        demanded |= {t.i for t in content(token)}
                    if security or not rule.needs_context:
                        found += self.build(token, rule, sent, context, rule.type, rule.cameo)
                    elif general_matches(token, rule):
                        general = general_type(rule.general_cameo)
                        found += self.build(token, rule, sent, context, general, rule.general_cameo)
            events += dedupe(self.defer_to_complements(found, demanded))
            context.update(sent)
            context.remember(found)
        doc._.events = events
        return doc

    def build(
        self, trigger: Token, rule: Trigger, sent: Span, context: Discourse, event_type: str, cameo: str
    ) -> list[Candidate]:
        frame = self.frames[rule.frame]
        places = bool(frame.get("places_as_parties"))
        rel = relations(trigger)
        if rule.obj_is_party and not any(is_party_object(o) for o in rel.get("obj", [])):
            return []
        mood, cue = modality(trigger, rule.modality)
        if frame.get("symmetric"):
            pairs, how = self.symmetric(rel, frame, places, trigger, sent, context, event_type, mood)
        else:
            pairs, how = self.directed(rel, frame, places, trigger, sent, context, event_type)
        confidence = 0.8 if "fallback" not in how else FALLBACK_CONFIDENCE
        side = side_of(event_type)
        found = []
        for s, t in pairs:
            if s is not None and t is not None and side(s) == side(t):
                continue
            if event_type in GENERAL_TYPES or not any(
                a is not None and a._.actor.kind == "non_state" for a in (s, t)
            ):
                found.append(Candidate(event_type, cameo, trigger, rule, s, t, mood, cue, confidence, how))
            else:
                # security cooperation is between states and organisations: arms for rebels or a
                # militia are a general event, kept with their own code (072 is still military aid)
                general = general_type(cameo)
                found.append(Candidate(general, cameo, trigger, rule, s, t, mood, cue, confidence, how))
        return found

    def symmetric(self, rel, frame, places, trigger, sent, context, event_type, mood):
        groups = []
        for name in frame["parties"]:
            spans, _ = role_actors(rel, [name], places and name != "subj", trigger)
            spans = [s for s in spans if all(s._.actor.code != g._.actor.code for grp in groups for g in grp)]
            if spans:
                groups.append(spans)
        if not groups:
            # "The Agreement was signed in Moscow": a definite mention of the last event of its type
            if self.definite_mention(trigger, rel, event_type):
                return context.last_pairs.get(event_type, []), "parties of the previous mention (fallback)"
            # only for what happened: "foreign troops will not be stationed here" names no guest
            if event_type == "agreement" and not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                for c in (
                    trigger.head if trigger.pos_ == "VERB" and trigger.dep_ == "acl" else trigger
                ).children
            ):
                # "Turkey will train Kyrgyz officers under an agreement signed in Ankara": between them
                named = context.named_parties(sent, trigger)
                if len(named) == 2:
                    return [tuple(named)], "parties named in the sentence (fallback)"
            host = context.host(sent, trigger) if places and mood == "realized" else None
            guest = context.other_party(sent, trigger, {host._.actor.code}) if host is not None else None
            if host is not None and guest is not None:
                # "up to 7,000 servicemen are stationed in Dushanbe", in a story about Russia's base
                return [(host, guest)], "host from the place, other party from context (fallback)"
            return [], "no parties"
        how = "parties from parse"
        flat = [s for g in groups for s in g]
        # "talks with two partners": the other side is named, just not as a party we know
        named_other = any(rel.get(k) for k in ("prep:with", "prep:between", "prep:among"))
        if (
            len({s._.actor.code for s in flat}) < 2
            and not (named_other and len(groups) == 1)
            and not frame.get("no_fallback")
        ):
            extra = context.other_party(sent, trigger, {s._.actor.code for s in flat})
            if extra is not None:
                groups.append([extra])
                how += ", other party by fallback"
                flat.append(extra)
        first, rest = groups[0], [s for g in groups[1:] for s in g]
        pairs = [(a, b) for a in first for b in rest]
        pairs += list(combinations(first, 2))
        if not pairs:
            pairs = list(combinations(flat, 2))
        return pairs, how

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
            if not (self.frames[c.rule.frame].get("defer_to_complement") and complement_is_event(c.trigger))
            and not (
                c.type in GENERAL_TYPES
                and c.trigger.i in demanded
                and not self.frames[c.rule.frame].get("absorbs_complement")  # "insisted on its demands"
            )
        ]

    def definite_mention(self, trigger: Token, rel: dict, event_type: str) -> bool:
        """ "the agreement" as trigger, or as the object of its verb ("The Agreement was signed")."""
        nouns = (
            []  # a bare noun ("the meetings") refers back to events already coded
            if trigger.pos_ == "NOUN"
            else [
                o
                for o in rel.get("obj", [])
                if any(r.type == event_type for r in self.triggers.get((o.lemma_.lower(), "NOUN"), []))
            ]
        )
        return any(
            c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its")
            for n in nouns
            for c in n.children
        )

    def directed(self, rel, frame, places, trigger, sent, context, rule_type):
        # "the withdrawal of forces from Panama": "from" says where they leave, not who they are
        through_from = not frame.get("from_is_place")
        side = side_of(rule_type)
        sources, source_rel = role_actors(rel, frame["source"], False, trigger, through_from)
        targets, target_rel = role_actors(
            rel, frame["target"], places, trigger, through_from, frozenset(side(s) for s in sources), side
        )
        if len(sources) > 1 and targets:
            # "the two sides discussed the supply of X to the Tajik army": the other side supplies
            sources = [s for s in sources if all(side(s) != side(t) for t in targets)]
        targets = [t for t in targets if all(side(t) != side(s) for s in sources)]
        how = f"source from {source_rel}, target from {target_rel}"
        if not sources and frame.get("source_fallback") == "context":
            # a visit's host: the place or main country of the story ("a visit by India's defence secretary")
            host = context.other_party(sent, trigger, {t._.actor.code for t in targets}, symmetric=False)
            if host is not None:
                sources = [host]
                how = how.replace("source from None", "source from sentence context (fallback)")
        if not sources:
            carried = context.subject(exclude={t._.actor.code for t in targets})
            if carried is not None:
                sources = [carried]
                how = how.replace("source from None", "source carried from previous sentence (fallback)")
        if not targets and not frame.get("no_fallback"):
            extra = context.other_party(sent, trigger, {s._.actor.code for s in sources}, symmetric=False)
            if extra is not None:
                targets = [extra]
                how = how.replace("target from None", "target from sentence context (fallback)")
        if not source_rel and not target_rel:
            # "This project will provide ...": a definite subject resumes the last event of its type
            subjects = rel.get("subj", [])
            if any(
                c.dep_ == "det" and c.lower_ in ("this", "the", "these", "that")
                for s in subjects
                for c in s.children
            ):
                return context.last_pairs.get(rule_type, []), "parties of the previous mention (fallback)"
            return [], how  # neither party is in the parse: too weak to report
        if frame.get("needs_both") and not (source_rel and target_rel):
            return [], how  # both sides must be in the parse ("said", "trained at")
        distinct = {side(s): s for s in sources}
        if (
            not targets
            and (rule_type == "reduce_cooperation" or frame.get("pair_sources"))
            and len(distinct) > 1
        ):
            # "Kyrgyzstan and Tajikistan agreed to withdraw troops": each from the other
            return list(combinations(distinct.values(), 2)), how.replace(
                "target from None", "target: each other"
            )
        if sources and not targets:
            return [(s, None) for s in sources], how.replace("target from None", "target unknown")
        if targets and not sources:
            return [(None, t) for t in targets], how.replace("source from None", "source unknown")
        return [(s, t) for s in sources for t in targets], how


class Discourse:
    """What the document says around a sentence: earlier subject actors, and how often each
    party is mentioned in the whole document (its main country ranks first)."""

    def __init__(self, doc: Doc) -> None:
        self.subjects: list[Span] = []
        self.last_pairs: dict[str, list[tuple[Span, Span]]] = {}
        self.counts: dict[str, int] = {}
        self.spans: dict[str, Span] = {}
        self.agent_counts: dict[str, int] = doc.user_data.get("allyscope_counts", {})
        for span in doc.spans["actors"]:
            code = span._.actor.code
            self.counts[code] = self.counts.get(code, 0) + 1
            self.spans.setdefault(code, span)

    def remember(self, found: list[Candidate]) -> None:
        """Keep each trigger word's latest parties for later definite mentions ("the Agreement")."""
        for cand in found:
            if cand.source is not None and cand.target is not None:
                self.last_pairs[cand.type] = [(cand.source, cand.target)]

    def update(self, sent: Span) -> None:
        for span in sent.doc.spans["actors"]:
            if (
                span.start >= sent.start
                and span.end <= sent.end
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
        others = [
            s
            for s in sent.doc.spans["actors"]
            if s.start >= sent.start
            and s.end <= sent.end
            and s._.actor.code not in exclude
            and s._.actor.kind != "person"
            and not (s.start <= trigger.i < s.end)
        ]
        in_sentence = [
            s
            for s in others
            if (s._.place_use and s.root.dep_ == "pobj" and s.root.head.lower_ in HOST_PREPS)
            or on_shared_border(s)
            or (symmetric and s.root.dep_ == "compound" and s.root.head.lemma_.lower() in FACILITY_NOUNS)
        ]
        if not in_sentence and symmetric:
            # any other party named in the sentence, nearest first, unless only a topic
            # ("drug smuggling from Afghanistan", "strikes against the Taliban")
            named = [s for s in others if not s._.place_use and not is_topic(s)]
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
        for span in sent.doc.spans["actors"]:
            if (
                sent.start <= span.start < sent.end
                and not span._.place_use
                and not is_topic(span)
                and not across_border(span)
            ):
                found.setdefault(span._.actor.code, span)
        return list(found.values())

    def host(self, sent: Span, trigger: Token) -> Span | None:
        """The state a sentence places its event in: "stationed in the Tajik capital Dushanbe"."""
        places = [
            s
            for s in sent.doc.spans["actors"]
            if s.start >= sent.start
            and s.end <= sent.end
            and s._.place_use
            and s.root.dep_ == "pobj"
            and s.root.head.lower_ in HOST_PREPS
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


def on_shared_border(span: Span) -> bool:
    """ "the Tajik-Afghan border" or "Tajikistan's border": the state whose border it is may be a
    party; "the Afghan border" alone or "its border with Afghanistan" names only the neighbour."""
    root, head = span.root, span.root.head
    if (
        root.dep_ in ("amod", "compound")
        and head.dep_ in ("amod", "compound")
        and (head.head.lemma_.lower() in BORDER_NOUNS)
    ):
        return actor_at(head) is not None  # "Tajik" hung under "Afghan" in "the Tajik-Afghan border"
    if head.lemma_.lower() not in BORDER_NOUNS or root.dep_ not in ("amod", "compound", "poss"):
        return False
    if root.dep_ == "poss":
        return True
    states = [c for c in head.children if c.dep_ in ("amod", "compound") and actor_at(c) is not None]
    nested = [
        g for c in states for g in c.children if g.dep_ in ("amod", "compound") and actor_at(g) is not None
    ]
    return len(states) + len(nested) >= 2


def across_border(span: Span) -> bool:
    """ "along the frontier with Afghanistan": the neighbour locates the event, it takes no part.
    The word before "with" counts too, as the parser often hangs the phrase higher up."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "with":
        return False
    before = span.doc[root.head.i - 1] if root.head.i > 0 else root.head
    return bool({root.head.head.lemma_.lower(), before.lemma_.lower()} & BORDER_NOUNS)


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


@Language.factory("allyscope_events")
def make_event_extractor(nlp: Language, name: str):
    return EventExtractor()
