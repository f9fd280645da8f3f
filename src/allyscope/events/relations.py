"""The relations a frame (frames.json) reads its parties from, as a registry of small functions.

`Relations(trigger, arguments)` is a mapping from a relation name to the tokens that fill it,
computed when a frame first asks. Each relation is a function of the trigger's `Clause`
registered under its name; its docstring shows a sentence it reads ("Russia [subj] gave ...").
`prep:X` is the family of the trigger's own prepositions (X one of the language's
`party_preps`; for a noun trigger "of" is its own relation `of`), `obj_X` that of its object's
prepositions (X one of `object_preps`). A verb trigger and a noun
trigger fill different relations; a modal "must" fills only `obliged` and `reporter`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property

from spacy.tokens import Token

from ..actors.spans import actor_at, actors_starting_in
from .arguments import Arguments, agents, is_passive

PREP, OBJ = "prep:", "obj_"
RELATIONS: dict[str, Callable[[Clause], list[Token]]] = {}


def relation(name: str):
    def register(fill):
        RELATIONS[name] = fill
        return fill

    return register


def is_relation(name: str, words) -> bool:
    """Whether a frame may name `name`: a registered relation, or prep:X for a party preposition."""
    if name in RELATIONS:
        return True
    if name.startswith(PREP):
        return name[len(PREP) :] in words.party_preps
    return name.startswith(OBJ) and name[len(OBJ) :] in words.object_preps


class Clause:
    """A trigger with what its relations are read from: its kind (modal, verb or noun), the
    phrase a noun trigger completes and the verb that governs that phrase."""

    def __init__(self, trigger: Token, arguments: Arguments):
        self.trigger = trigger
        self.args = arguments
        self.words = arguments.words
        self.modal = trigger.tag_ == "MD"
        self.verbal = not self.modal and trigger.pos_ == "VERB"
        self.nominal = not self.modal and not self.verbal

    @cached_property
    def objects(self) -> list[Token]:
        """A verb trigger's objects (the subject of a passive first), or the listed objects of a
        verb that a noun trigger is the subject of: "Participants included soldiers from ..."."""
        t = self.trigger
        if self.verbal:
            passive = [c for c in t.children if c.dep_ == "nsubjpass"] if is_passive(t) else []
            return passive + [c for c in t.children if c.dep_ == "dobj"]
        kind, verb = self.governor
        if kind == "arg" and self.anchor.dep_ == "nsubj" and verb.lemma_.lower() in self.words.listing:
            return [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        return []

    @cached_property
    def complements(self) -> list[Token]:
        """A verb trigger's complement clauses, with a purpose clause: "to beef up Tajikistan's
        defence" names who benefits."""
        t = self.trigger
        return [c for c in t.children if c.dep_ in ("xcomp", "ccomp")] + [
            c for c in t.children if c.dep_ == "advcl" and self.args.syntax.has_infinitive(c)
        ]

    @cached_property
    def anchor(self) -> Token:
        """The phrase a noun trigger completes: "a command post and field training [exercise]",
        "ten days of [war games]", "an Iranian [proposal] for a joint exercise"."""
        t = self.trigger
        anchor = t.head if t.dep_ == "compound" and t.pos_ == "PROPN" else t
        while anchor.head is not anchor and (
            anchor.dep_ == "conj"
            or (
                anchor.dep_ == "pobj"
                and anchor.head.lower_ in self.words.noun_complement_preps
                and anchor.head.head.pos_ in ("NOUN", "NUM")
            )
        ):
            anchor = anchor.head if anchor.dep_ == "conj" else anchor.head.head
        return anchor

    @cached_property
    def governor(self) -> tuple[str | None, Token | None]:
        """How a noun trigger's phrase hangs on a verb: as its argument ("arg": "held [an
        exercise]"), as what it answers ("answer": "did not agree to [a request]"), as what it
        thanks for ("thanks": "thanked Washington for [the delivery]"), or as its setting
        ("setting": "are involved in [the exercise]")."""
        if not self.nominal:
            return None, None
        anchor, words = self.anchor, self.words
        head = anchor.head
        if head.pos_ in ("VERB", "AUX") and anchor.dep_ in ("dobj", "nsubjpass", "attr", "nsubj", "acomp"):
            return "arg", head
        if anchor.dep_ != "pobj":
            return None, None
        verb = head.head
        if verb.lemma_.lower() in words.answers and verb.pos_ == "VERB":
            return "answer", verb
        if head.lower_ in words.requested_preps and verb.lemma_.lower() in words.thanking:
            return "thanks", verb
        if verb.pos_ in ("VERB", "AUX") and (
            head.lower_ in words.participation_preps
            or (head.lower_ in words.requested_preps and verb.lemma_.lower() in words.participation)
        ):
            return "setting", verb
        return None, None

    @cached_property
    def heads(self) -> list[Token]:
        """The words whose prepositions are the trigger's: itself, and the verb a noun trigger is
        an argument or the setting of ("held talks [with] India")."""
        kind, verb = self.governor
        return [self.trigger, verb] if kind in ("arg", "setting") else [self.trigger]

    @cached_property
    def preps(self) -> dict[str, list[Token]]:
        """prep:X (and `of` for a noun trigger's own "of") -> the objects of those prepositions."""
        found: dict[str, list[Token]] = {}
        if self.modal:
            return found
        t, words = self.trigger, self.words
        for head in self.heads:
            for prep in head.children:
                if prep.dep_ not in ("prep", "agent", "dative") or prep.lower_ not in words.party_preps:
                    continue
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                own = head is t and t.pos_ == "NOUN" and self.args.syntax.is_genitive(prep)
                key = "of" if own else PREP + prep.lower_
                found.setdefault(key, []).extend(objects)
                if prep.lower_ in words.between_preps:
                    found[key] += [c for o in objects for c in o.conjuncts]
        return found


class Relations(Mapping[str, list[Token]]):
    """Relation name -> the tokens that fill it for one trigger, computed on first use."""

    def __init__(self, trigger: Token, arguments: Arguments):
        self.clause = Clause(trigger, arguments)
        self._filled: dict[str, list[Token]] = {}

    def __getitem__(self, name: str) -> list[Token]:
        if name not in self._filled:
            if name in RELATIONS:
                self._filled[name] = RELATIONS[name](self.clause)
            elif name.startswith(PREP):
                self._filled[name] = prep_relation(self.clause, name[len(PREP) :])
            elif name.startswith(OBJ):
                self._filled[name] = object_relation(self.clause, name[len(OBJ) :])
            else:
                raise KeyError(name)
        return self._filled[name]

    def __iter__(self) -> Iterator[str]:
        return iter(RELATIONS)

    def __len__(self) -> int:
        return len(RELATIONS)


def prep_relation(c: Clause, prep: str) -> list[Token]:
    """prep:X: "aid [to] Tajikistan" (prep:to), "talks [with] India" (prep:with), "hosted [by]
    Tajikistan" (prep:by). A noun trigger also has the agent of its participle ("the exercise,
    hosted by Tajikistan": prep:by), and "X thanked Y for the delivery" says Y gave (prep:by)
    to X (prep:to)."""
    found: list[Token] = []
    if c.nominal and prep in c.words.passive_agent_preps:
        found += [
            a for clause in c.trigger.children if clause.dep_ in ("acl", "relcl") for a in agents(clause)
        ]
    kind, verb = c.governor
    if kind == "thanks":
        if prep in c.words.passive_agent_preps:
            found += [o for o in verb.children if o.dep_ == "dobj"]
        elif prep in c.words.recipient_direction_preps:
            found += c.args.clause_subjects(verb)
    return found + c.preps.get(PREP + prep, [])


@relation("subj")
def subj(c: Clause) -> list[Token]:
    """Who acts: "[India] trained Tajik officers", "hosted by [Tajikistan]" (the agent of a
    passive), "the exercise [the SCO] has held", "[Russia] held an exercise", "[X] and Y took
    part in the exercise"."""
    t = c.trigger
    if c.modal:
        return []
    if c.verbal:
        return agents(t) if is_passive(t) else c.args.clause_subjects(t)
    found = [
        s
        for clause in t.children
        if clause.dep_ == "relcl"
        for s in clause.children
        if s.dep_ == "nsubj" and s.tag_ not in ("WDT", "WP")
    ]
    kind, verb = c.governor
    anchor = c.anchor
    if receives(c):
        return found  # "Georgia received $40 million in British aid": Georgia gives nothing
    if kind == "arg":
        if anchor.dep_ in ("acomp", "attr"):
            found += c.args.clause_subjects(verb)
        elif anchor.dep_ != "nsubj":
            found += agents(verb) if is_passive(verb) else c.args.clause_subjects(verb)
    elif kind == "answer":
        found += c.args.clause_subjects(verb)  # "did not agree to a Russian request": the one asked
    elif kind == "setting":
        found += c.args.clause_subjects(verb) or [s for s in verb.children if s.dep_ == "nsubjpass"]
    return found


def receives(c: Clause) -> bool:
    """Whether a noun trigger is what its verb's subject receives: "received $40 million [in]
    British military [aid]"."""
    kind, verb = c.governor
    return kind in ("arg", "setting") and verb.lemma_.lower() in c.words.receiving_verbs


@relation("receiver")
def receiver(c: Clause) -> list[Token]:
    """Who receives what a noun trigger names: "[Georgia] received $40 million in British
    military aid"."""
    return c.args.clause_subjects(c.governor[1]) if receives(c) else []


@relation("obj")
def obj(c: Clause) -> list[Token]:
    """The object: "hosted [an Indian delegation]"; the subject of a passive: "[India] was
    visited"; what a noun trigger's verb lists: "Participants included [soldiers] from ..."."""
    return c.objects


@relation("iobj")
def iobj(c: Clause) -> list[Token]:
    """The indirect object: "gave [Tajikistan] equipment"; the one asked: "asked [the CSTO] to send"."""
    t = c.trigger
    if not c.verbal:
        return []
    found = [o for o in t.children if o.dep_ == "dative" and o.pos_ != "ADP"]
    if t.dep_ == "xcomp" and t.head.lemma_.lower() in c.words.object_control:
        found += [o for o in t.head.children if o.dep_ == "dobj"]
    return found


@relation("asker")
def asker(c: Clause) -> list[Token]:
    """Who asked for it: "[Japarov] asked the CSTO to send peacekeepers", or accepted it:
    "[Tajikistan] accepted a Chinese proposal to build posts"."""
    t = c.trigger
    if not c.verbal:
        return []
    found = []
    if t.dep_ == "xcomp" and t.head.lemma_.lower() in c.words.object_control:
        found += c.args.clause_subjects(t.head)
    if t.dep_ == "acl" and t.head.dep_ == "dobj" and t.head.head.lemma_.lower() in c.words.responses:
        found += c.args.clause_subjects(t.head.head)
    return found


@relation("obj_party")
def obj_party(c: Clause) -> list[Token]:
    """An object that is itself a party: "provided [the Uzbek border guards] with radios"."""
    return [o for o in c.objects if c.args.is_party_object(o)] if c.verbal else []


def object_relation(c: Clause, prep: str) -> list[Token]:
    """obj_X: the object's own preposition X (one of `object_preps`): "sent a contingent of
    engineers to [Iraq]" (obj_to), "approved aid for [Romania]" (obj_for), "evacuated the wounded
    from [the Bosnian town]" (obj_from), "a blockade on [Palestinian lorries]" (obj_on). The
    recipient's relation also takes the one what was bought is for: "spent $15 million on
    equipment for [the Kazakh battalion]" (obj_to)."""
    if not c.verbal:
        return []
    words = c.words
    found = [
        x
        for o in c.objects
        for t in o.subtree
        if t.dep_ == "prep" and t.lower_ == prep
        for x in t.children
        if x.dep_ == "pobj"
    ]
    if prep in words.recipient_direction_preps:
        bought = c.args.syntax.objects_of(c.trigger, words.spending_preps)
        found += [
            x
            for o in bought
            for t in o.subtree
            if t.dep_ == "prep" and t.lower_ in words.recipient_preps
            for x in t.children
            if x.dep_ == "pobj"
        ]
    return found


@relation("obj_compound")
def obj_compound(c: Clause) -> list[Token]:
    """A party parsed as a compound of the object: "granted [Kyrgyzstan] equipment"."""
    return (
        [x for o in c.objects for x in o.lefts if x.dep_ == "compound" and x.pos_ == "PROPN"]
        if c.verbal
        else []
    )


@relation("obj_deep")
def obj_deep(c: Clause) -> list[Token]:
    """Any party inside the object: "expelled the staff of [the U.S.] embassy"; for a noun
    trigger, inside what its verb lists: "included soldiers from [Kazakhstan]"."""
    if c.verbal:
        return [
            t
            for o in c.objects
            for t in o.subtree
            if t is not o and actor_at(t) is not None and not c.args.is_topic(actor_at(t))
        ]
    return [t for o in c.objects for t in o.subtree if actor_at(t) is not None]


@relation("organisation")
def organisation(c: Clause) -> list[Token]:
    """The organisation the sentence names, for "[Uzbekistan] suspended its membership in [the CSTO]"."""
    t = c.trigger
    if not (c.verbal and any(o.lemma_.lower() in c.words.membership_nouns for o in c.objects)):
        return []
    sent = t.sent
    return [s.root for s in actors_starting_in(t.doc, sent.start, sent.end) if s._.actor.kind == "igo"]


@relation("between_deep")
def between_deep(c: Clause) -> list[Token]:
    """ "between X and Y" anywhere in a verb trigger's clause: "established within the framework
    of the Union State between [Russia] and [Belarus]"."""
    return c.args.between_parties(c.trigger) if c.verbal else []


@relation("between_phrase")
def between_phrase(c: Clause) -> list[Token]:
    """ "between X and Y" on a noun trigger's phrase: "a mediation mission between [Syria] and [Jordan]"."""
    t = c.trigger
    if not c.nominal:
        return []
    return c.args.between_parties(t.head if t.dep_ == "compound" else t)


@relation("xobj")
def xobj(c: Clause) -> list[Token]:
    """The object of the complement verb: "agreed to help [Tajikistan]", "to beef up
    [Tajikistan's] defence"."""
    return [o for x in c.complements for o in x.children if o.dep_ == "dobj"] if c.verbal else []


@relation("xobj_to")
def xobj_to(c: Clause) -> list[Token]:
    """The complement verb's "to": "offered to hand over to [Great Britain] two suspects"."""
    if not c.verbal:
        return []
    words = c.words
    return [
        o
        for x in c.complements
        for p in x.children
        if p.dep_ == "prep" and p.lower_ in words.recipient_direction_preps
        for o in p.children
    ]


@relation("ccomp_subj")
def ccomp_subj(c: Clause) -> list[Token]:
    """Who is to act in a content clause: "demanded that [Israel] ease restrictions", "its
    demand that [Israel] ease ...", "reiterated its demand that [Israel] ..."."""
    t = c.trigger
    if c.verbal:
        return [o for x in c.complements for o in x.children if o.dep_ in ("nsubj", "nsubjpass")]
    if not c.nominal:
        return []
    found = [s for x in t.children if x.dep_ in ("acl", "ccomp") for s in x.children if s.dep_ == "nsubj"]
    kind, verb = c.governor
    if kind == "arg" and c.anchor.dep_ == "dobj":
        found += [s for x in verb.children if x.dep_ == "ccomp" for s in x.children if s.dep_ == "nsubj"]
    return found


@relation("mod")
def mod(c: Clause) -> list[Token]:
    """A noun trigger's modifiers: "the [Russian]-[Tajik] exercise", "[U.S.] assistance" (the
    parser hangs one adjective under the other), and those of the phrase it completes."""
    t = c.trigger
    if not c.nominal:
        return []
    mods = [m for m in t.lefts if m.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    found = mods + [g for m in mods for g in m.lefts if g.dep_ in ("compound", "amod")]
    if c.anchor is not t:
        found += [m for m in c.anchor.lefts if m.dep_ in ("compound", "amod")]
    return found


@relation("organiser")
def organiser(c: Clause) -> list[Token]:
    """Who hosts or leads a noun trigger's event: "an [Oman]-led exercise", "the exercise, hosted
    by [Mongolia]", "[Mongolia] hosted the exercise", or in its sentence "[soldiers] from the
    Mongolian Armed Forces hosted participants from 20 nations"."""
    t, words = c.trigger, c.words
    if not c.nominal:
        return []
    found = []
    for m in t.children:
        if (
            m.dep_ in ("amod", "compound", "acl")
            and m.lower_.rsplit("-", 1)[-1] in words.organising_participles
        ):
            # "U.S.-led" is one token, the actor itself; "Oman - led" hangs "Oman" under "led"
            named = [g for g in m.children if g.dep_ in ("npadvmod", "compound", "amod", "nmod")]
            found += agents(m) or named or ([m] if actor_at(m) is not None else [])
    kind, verb = c.governor
    if kind == "arg" and c.anchor.dep_ == "dobj" and verb.lemma_.lower() in words.organising_verbs:
        found += c.args.clause_subjects(verb)
    for v in t.sent:
        if (
            v.pos_ == "VERB"
            and v.lemma_.lower() in words.organising_verbs
            and any(o.dep_ == "dobj" and o.lemma_.lower() in words.participant_nouns for o in v.children)
        ):
            own = [s for s in v.children if s.dep_ == "nsubj"]
            before = t.doc[v.i - 1] if v.i > t.sent.start else v
            if not own and v.dep_ == "conj" and before.pos_ in ("NOUN", "PROPN"):
                # "as soldiers from the Mongolian Armed Forces hosted": the parser lost the
                # subject and joined the verb to the clause before; the phrase just before it acts
                own = [before]
            found += own or c.args.clause_subjects(v)
    return found


@relation("participants")
def participants(c: Clause) -> list[Token]:
    """Where the participants of a noun trigger's event come from, however the parser hangs the
    list: "Over 900 participants from [Japan], [Nepal] and [Vietnam] took part in the exercise",
    "the exercise brought together troops from [Japan] and [India]" (the phrase on the verb)."""
    t, words = c.trigger, c.words
    if not c.nominal:
        return []
    kind, verb = c.governor
    scope = verb if kind in ("arg", "setting") else t
    return [
        x
        for n in scope.subtree
        if n.lemma_.lower() in words.participant_nouns
        for h in ((n, n.head) if n.dep_ == "dobj" else (n,))
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in words.origin_preps
        for o in p.children
        if o.dep_ == "pobj"
        for x in (o, *o.conjuncts)
    ]


@relation("poss")
def poss(c: Clause) -> list[Token]:
    """A noun trigger's possessor: "[India's] visit"."""
    return [p for p in c.trigger.children if p.dep_ == "poss"] if c.nominal else []


@relation("appos")
def appos(c: Clause) -> list[Token]:
    """A noun trigger's apposition: "Participants, [soldiers] from Kazakhstan and Britain"."""
    return [a for a in c.trigger.children if a.dep_ == "appos"] if c.nominal else []


@relation("phrase_subj")
def phrase_subj(c: Clause) -> list[Token]:
    """Who does what a compound noun trigger names: "[Qatar] undertook a mediation mission"."""
    t = c.trigger
    phrase = t.head
    if not (c.nominal and t.dep_ == "compound" and phrase.dep_ == "dobj"):
        return []
    return c.args.clause_subjects(phrase.head) if phrase.lemma_.lower() in c.words.event_heads else []


@relation("of")
def of(c: Clause) -> list[Token]:
    """A noun trigger's "of": "the withdrawal of [Russian forces]"."""
    return c.preps.get("of", [])


@relation("of_from")
def of_from(c: Clause) -> list[Token]:
    """The "from" of a noun trigger's "of" object: "the withdrawal of forces from [Panama]"."""
    origin = c.words.origin_preps
    return [
        x
        for o in c.preps.get("of", [])
        for p in o.children
        if p.lower_ in origin
        for x in p.children
        if x.dep_ == "pobj"
    ]


@relation("obliged")
def obliged(c: Clause) -> list[Token]:
    """Who "must" act: "Russia said that [Sudan] must return the helicopter"."""
    return [s for s in c.trigger.head.children if s.dep_ == "nsubj"] if c.modal else []


@relation("reporter")
def reporter(c: Clause) -> list[Token]:
    """Who said someone "must" act: "[Russia] said that Sudan must return the helicopter"."""
    return c.args.reporters(c.trigger.head) if c.modal else []
