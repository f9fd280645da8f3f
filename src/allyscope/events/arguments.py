"""Arguments of a trigger from the dependency parse: whose clause it is and which actors a
relation token names. The relations themselves are in `relations.py`."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..actors.spans import actor_at, actors_starting_in

# Dependencies that stay inside one noun phrase when looking for the actor it names.
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "conj", "det", "pobj", "prep"}


def conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def coordinated(token: Token) -> list[Token]:
    """Tokens listed with `token`: "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan" (the parser
    links such lists by conj and appos)."""
    found, todo = [], [token, *token.conjuncts]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo += [c for c in current.children if c.dep_ in ("conj", "appos") and c.pos_ == "PROPN"]
    return [t for t in found if t is not token]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agents(verb: Token) -> list[Token]:
    """The `by` phrase of a passive verb: "hosted by Tajikistan"."""
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


class Arguments:
    """Clause structure and actor lookup in the words of one language."""

    def __init__(self, lang, sectors):
        self.words = lang.words
        self.syntax = lang.syntax
        self.sectors = sectors

    def clause_subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        """Subjects of a verb, inherited through coordination, control and relative clauses."""
        words = self.words
        if depth > 4:
            return []
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            return [self.relative_antecedent(s) if s.tag_ in ("WP", "WDT") else s for s in subjects]
        by = agents(verb)
        if by:
            return by
        passive_subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive_subjects and verb.lemma_.lower() in words.raising:
            return passive_subjects  # "Washington is expected to discuss ..."
        head = verb.head
        if head is verb:
            return []
        if verb.dep_ == "conj":
            if is_passive(head):  # "was indicted by the court and will resign": the one indicted resigns
                return [c for c in head.children if c.dep_ == "nsubjpass"]
            return self.clause_subjects(head, depth + 1)
        if verb.dep_ == "acomp":
            return self.clause_subjects(head, depth + 1)
        if verb.dep_ == "pcomp" and head.head.pos_ == "NOUN":
            # "Warsaw's interest in supplying", "discussed the possibility of holding"
            noun = head.head
            owners = [c for c in noun.children if c.dep_ == "poss"]
            if owners:
                return owners
            if noun.dep_ in ("dobj", "nsubj", "pobj") and noun.head.pos_ in ("VERB", "AUX"):
                return self.clause_subjects(noun.head, depth + 1)
            asked = (
                noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in words.requested_preps else None
            )
            if asked is not None and asked.lemma_.lower() in words.object_control:
                # "asked Washington for help in equipping its units": the one asked would equip
                return [c for c in asked.children if c.dep_ in ("dobj", "dative")]
            return []
        if verb.dep_ in ("xcomp", "advcl") or (verb.dep_ == "pcomp" and head.head.pos_ == "VERB"):
            governor = head if verb.dep_ != "pcomp" else head.head
            objects = [c for c in governor.children if c.dep_ in ("dobj", "dative")]
            controlled = verb.dep_ == "xcomp" or self.syntax.has_infinitive(verb)
            if governor.lemma_.lower() in words.object_control and objects and controlled:
                return objects
            if verb.dep_ == "pcomp" and governor.lemma_.lower() in words.thanking and objects:
                return objects  # "thanked his Estonian counterpart for hosting U.S. forces": Estonia hosts
            return self.clause_subjects(governor, depth + 1)
        if verb.dep_ == "relcl":
            return [head]
        if verb.dep_ == "acl":
            governed = (
                head.head if head.dep_ in ("dobj", "attr", "pobj") and head.head.pos_ == "VERB" else None
            )
            outer = self.clause_subjects(governed, depth + 1) if governed is not None else []
            if head.lemma_.lower() in words.addressed_nouns:
                return outer  # "rejected Russia's offer to join the CSTO": the one offered would join
            if governed is not None and governed.lemma_.lower() in words.responses:
                return [head]  # "Tajikistan accepted a Chinese proposal to build": China builds
            return [head, *outer]  # "a U.S. request to set up a hub" (turned down by Tajikistan)
        return []

    def relative_antecedent(self, pronoun: Token) -> Token:
        """What "who" or "which" stands for: the nearest person before "who", else the clause head."""
        verb = pronoun.head
        if pronoun.lower_ in self.words.relative_person_pronouns:
            in_sentence = actors_starting_in(pronoun.doc, pronoun.sent.start, pronoun.i)
            people = [s for s in in_sentence if s._.actor.kind == "person"]
            if people:
                return people[-1].root
        return verb.head if verb.dep_ == "relcl" else pronoun

    def is_topic(self, span: Span) -> bool:
        """A party named only as what an event is about or where it goes: "smuggling from Afghanistan"."""
        token = span.root
        for _ in range(3):
            if token.dep_ == "pobj" and token.head.lower_ in self.words.topic_preps:
                return True
            if token.head is token:
                return False
            token = token.head
        return False

    def reporters(self, clause: Token) -> list[Token]:
        """Who states a content clause: the subject of the verb it completes ("X said that ..."), or the
        owner of the noun it completes ("X's demand that ...", "X issued a reminder that ...")."""
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        head = clause.head
        if clause.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX"):
            return self.clause_subjects(head)
        if clause.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN":
            owners = [c for c in head.children if c.dep_ == "poss"]
            if owners:
                return owners
            if head.dep_ == "dobj":
                return self.clause_subjects(head.head)
        return []

    def under_topic(self, token: Token, top: Token) -> bool:
        """Whether `token` sits in what is talked about below `top`: "shared evidence about contacts
        between al Qaeda and Baghdad"."""
        while token.i != top.i and token.head.i != token.i:
            token = token.head
            if token.dep_ == "prep" and token.lower_ in self.words.topic_markers:
                return True
        return False

    def between_parties(self, trigger: Token) -> list[Token]:
        """Objects of "between X and Y" anywhere in the trigger's clause: "established within the
        framework of the Union State between Russia and Belarus"."""
        found = []
        for token in trigger.subtree:
            if (
                token.lower_ in self.words.between_preps
                and token.dep_ == "prep"
                and not self.under_topic(token, trigger)
            ):
                for obj in (c for c in token.children if c.dep_ == "pobj"):
                    found += [obj, *obj.conjuncts]
        return found

    def actors_in(self, token: Token, allow_places: bool, through_from: bool = True) -> list[Span]:
        """The actor spans a relation token names: itself, its coordinated tokens, or the nearest
        actor inside its noun phrase ("the [Uzbekistan] Ministry of Defense", "Russian troops");
        "the two sides" names the two parties last mentioned (see actors.references)."""
        pairs = token.doc._.actor_pairs
        pair = pairs.get(token.i) if pairs else None
        if pair:
            return list(pair)
        words = self.words
        found: list[Span] = []
        for start in conjuncts(token):
            level = [start]
            seen = set()
            for _ in range(8):
                hits = []
                for t in level:
                    span = actor_at(t)
                    if span is not None and (allow_places or not span._.place_use):
                        hits.append(span)
                if hits and all(h.root.head.lemma_.lower() in words.border_nouns for h in hits):
                    # "Tajik-Afghan frontier": the parser hangs "Tajik" under "Afghan"
                    hits += [
                        actor_at(c)
                        for h in hits
                        for c in h.root.children
                        if actor_at(c) is not None and actor_at(c) not in hits
                    ]
                    counts = token.doc._.actor_counts or {}
                    hits = [max(hits, key=lambda h: counts.get(h._.actor.code, 0))]  # "Tajik-Afghan border"
                if hits:
                    for span in hits:
                        if span not in found:
                            found.append(span)
                        for other in coordinated(span.root):
                            extra = actor_at(other)
                            if extra is not None and extra not in found and not extra._.place_use:
                                found.append(extra)
                    break
                nxt = []
                for t in level:
                    seen.add(t.i)
                    adversary = t.lemma_.lower() in words.adversary_nouns
                    for c in t.children:
                        if c.i in seen or c.dep_ not in NP_DEPS:
                            continue
                        if adversary and c.dep_ != "appos":
                            continue  # "selling weapons to Armenia's enemy" names no party but the enemy
                        if (
                            c.dep_ == "prep"
                            and actor_at(c) is None
                            and (
                                c.lower_ not in words.noun_phrase_preps
                                or (c.lower_ in words.origin_preps and not through_from)
                            )
                        ):
                            continue  # (a name the parser took for a preposition is still followed)
                        if c.dep_ == "conj" and t is not start:
                            continue
                        nxt.append(c)
                level = nxt
                if not level:
                    break
        return found

    def role_actors(
        self,
        rel,
        names: list[str],
        allow_places: bool,
        trigger: Token,
        through_from: bool = True,
        exclude: frozenset[str] = frozenset(),
        side=lambda span: span._.actor.code,
    ) -> tuple[list[Span], str | None]:
        """Actors of the first relation in `names` that names any (other than the `exclude` sides;
        a side is an actor's code unless `side` says otherwise), and that relation's name.

        A noun trigger's own modifiers and prepositions come first: in "turned down a U.S. request"
        the requester is the U.S., not the subject of "turned down"; in "India and Tajikistan signed
        a pact at the end of a visit by India's defence secretary" the visitor is India."""
        if trigger.pos_ == "NOUN":
            names = sorted(
                names, key=lambda n: 0 if n in ("mod", "poss", "of") else 1 if n.startswith("prep:") else 2
            )
        for name in names:
            spans: list[Span] = []
            for token in rel.get(name, []):
                for span in self.actors_in(token, allow_places, through_from):
                    if (
                        trigger.i not in range(span.start, span.end)
                        and span not in spans
                        and side(span) not in exclude
                    ):
                        spans.append(span)
            if spans:
                return spans, name
        return [], None

    def is_party_object(self, token: Token) -> bool:
        """Whether an object names a party itself ("received [the Polish ambassador]") rather than
        a thing ("received [$2.3 million of U.S. assistance]")."""
        if token.ent_type_ == "PERSON" or actor_at(token) is not None:
            return True
        # "an Indian military delegation", "the Polish ambassador"; not "the Russian proposal"
        return self.sectors.phrase_sector(token) is not None and bool(self.actors_in(token, False))
