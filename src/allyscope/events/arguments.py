"""Arguments of a trigger from the dependency parse: which actors fill which relation."""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Span, Token

from ..actors.component import actor_at
from .triggers import EVENT_HEADS, load_lexicon

LEXICON = load_lexicon()

OBJECT_CONTROL = LEXICON["object_control"]
PARTICIPATION = LEXICON["participation"]
LISTING = LEXICON["listing"]
THANKING = LEXICON["thanking"]
RESPONSES = LEXICON["responses"]
ANSWERS = LEXICON["answers"]
ADDRESSED_NOUNS = LEXICON["addressed_nouns"]
RAISING = LEXICON["raising"]
BORDER_NOUNS = LEXICON["border_nouns"]
# Dependencies that stay inside one noun phrase when looking for the actor it names.
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "conj", "det", "pobj", "prep"}
NP_PREPS = {
    "of",
    "from",
    "for",
}  # "the Border Forces of the State Committee for National Security of Tajikistan"
PARTY_PREPS = {
    "with",
    "between",
    "among",
    "to",
    "from",
    "for",
    "by",
    "on",
    "upon",
    "in",
    "at",
    "against",
    "about",
    "of",
    "into",
    "alongside",
}


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


def clause_subjects(verb: Token, depth: int = 0) -> list[Token]:
    """Subjects of a verb, inherited through coordination, control and relative clauses."""
    if depth > 4:
        return []
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return [relative_antecedent(s) if s.tag_ in ("WP", "WDT") else s for s in subjects]
    by = agents(verb)
    if by:
        return by
    passive_subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive_subjects and verb.lemma_.lower() in RAISING:
        return passive_subjects  # "Washington is expected to discuss ..."
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == "conj":
        if is_passive(head):  # "was indicted by the court and will resign": the one indicted resigns
            return [c for c in head.children if c.dep_ == "nsubjpass"]
        return clause_subjects(head, depth + 1)
    if verb.dep_ == "acomp":
        return clause_subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and head.head.pos_ == "NOUN":
        # "Warsaw's interest in supplying", "discussed the possibility of holding"
        noun = head.head
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if owners:
            return owners
        if noun.dep_ in ("dobj", "nsubj", "pobj") and noun.head.pos_ in ("VERB", "AUX"):
            return clause_subjects(noun.head, depth + 1)
        asked = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "for" else None
        if asked is not None and asked.lemma_.lower() in OBJECT_CONTROL:
            # "asked Washington for help in equipping its units": the one asked would equip
            return [c for c in asked.children if c.dep_ in ("dobj", "dative")]
        return []
    if verb.dep_ in ("xcomp", "advcl") or (verb.dep_ == "pcomp" and head.head.pos_ == "VERB"):
        governor = head if verb.dep_ != "pcomp" else head.head
        objects = [c for c in governor.children if c.dep_ in ("dobj", "dative")]
        controlled = verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if governor.lemma_.lower() in OBJECT_CONTROL and objects and controlled:
            return objects
        return clause_subjects(governor, depth + 1)
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "acl":
        governed = head.head if head.dep_ in ("dobj", "attr", "pobj") and head.head.pos_ == "VERB" else None
        outer = clause_subjects(governed, depth + 1) if governed is not None else []
        if head.lemma_.lower() in ADDRESSED_NOUNS:
            return outer  # "rejected Russia's offer to join the CSTO": the one offered would join
        if governed is not None and governed.lemma_.lower() in RESPONSES:
            return [head]  # "Tajikistan accepted a Chinese proposal to build": China builds
        return [head, *outer]  # "a U.S. request to set up a hub" (turned down by Tajikistan)
    return []


def relative_antecedent(pronoun: Token) -> Token:
    """What "who" or "which" stands for: the nearest person before "who", else the clause head."""
    verb = pronoun.head
    if pronoun.lower_ == "who":
        people = [
            s
            for s in pronoun.doc.spans.get("actors", [])
            if s._.actor.kind == "person" and pronoun.sent.start <= s.start < pronoun.i
        ]
        if people:
            return people[-1].root
    return verb.head if verb.dep_ == "relcl" else pronoun


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agents(verb: Token) -> list[Token]:
    """The `by` phrase of a passive verb: "hosted by Tajikistan"."""
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


TOPIC_PREPS = {"from", "against", "about", "on", "over", "into", "across", "through", "toward", "towards"}


def is_topic(span: Span) -> bool:
    """A party named only as what an event is about or where it goes: "smuggling from Afghanistan"."""
    token = span.root
    for _ in range(3):
        if token.dep_ == "pobj" and token.head.lower_ in TOPIC_PREPS:
            return True
        if token.head is token:
            return False
        token = token.head
    return False


def relations(trigger: Token) -> dict[str, list[Token]]:
    """Relation name -> tokens: subj, obj, iobj, mod, poss, of, prep:X (see data/events/frames.json)."""
    rel: dict[str, list[Token]] = defaultdict(list)
    if trigger.tag_ == "MD":
        # "Russia said that Sudan must return the helicopter": a demand by the one who said it
        clause = trigger.head
        rel["obliged"] += [c for c in clause.children if c.dep_ == "nsubj"]
        rel["reporter"] += reporters(clause)
        return rel
    heads = [trigger]
    if trigger.pos_ == "VERB":
        passive = is_passive(trigger)
        if passive:
            rel["subj"] += agents(trigger)
            rel["obj"] += [c for c in trigger.children if c.dep_ == "nsubjpass"]
        else:
            rel["subj"] += clause_subjects(trigger)
        rel["obj"] += [c for c in trigger.children if c.dep_ == "dobj"]
        rel["iobj"] += [c for c in trigger.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in OBJECT_CONTROL:
            rel["iobj"] += [c for c in trigger.head.children if c.dep_ == "dobj"]
            # "Japarov asked the CSTO to send peacekeepers": what is asked for goes to the asker
            rel["asker"] += clause_subjects(trigger.head)
        rel["obj_party"] += [
            o for o in rel["obj"] if is_party_object(o)
        ]  # "provided the Uzbek border guards with"
        # "sent a contingent of engineers to Iraq", "aid for Romania", "evacuated the wounded from
        # the Bosnian town", "a blockade on Palestinian lorries": the party hangs on the object
        for o in rel["obj"]:
            for t in o.subtree:
                if t.dep_ == "prep" and t.lower_ in ("to", "for", "from", "on"):
                    rel[f"obj_{t.lower_}"] += [c for c in t.children if c.dep_ == "pobj"]
        # "spent $15 million on equipment for the Kazakh battalion": the recipient hangs on what was bought
        bought = [
            c
            for p in trigger.children
            if p.dep_ == "prep" and p.lower_ == "on"
            for c in p.children
            if c.dep_ == "pobj"
        ]
        rel["obj_to"] += [
            c
            for o in bought
            for t in o.subtree
            if t.dep_ == "prep" and t.lower_ == "for"
            for c in t.children
            if c.dep_ == "pobj"
        ]
        if (
            trigger.dep_ == "acl"
            and trigger.head.dep_ == "dobj"
            and trigger.head.head.lemma_.lower() in RESPONSES
        ):
            rel["asker"] += clause_subjects(trigger.head.head)  # the one who accepts the proposal
        # "granted Kyrgyzstan equipment", parsed as a compound: the recipient in the object phrase
        rel["obj_compound"] += [
            c for o in rel["obj"] for c in o.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"
        ]
        rel["obj_deep"] += [
            t
            for o in rel["obj"]
            for t in o.subtree
            if t is not o and actor_at(t) is not None and not is_topic(actor_at(t))
        ]
        # "suspended its membership" (in what the sentence names): the organisation left
        if any(o.lemma_.lower() == "membership" for o in rel["obj"]):
            rel["organisation"] += [
                span.root
                for span in trigger.doc.spans["actors"]
                if span.sent == trigger.sent and span._.actor.kind == "igo"
            ]
        rel["between_deep"] += between_parties(trigger)
        complements = [c for c in trigger.children if c.dep_ in ("xcomp", "ccomp")] + [
            c
            for c in trigger.children
            if c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]  # "to beef up Tajikistan's defence": the purpose names who benefits
        rel["xobj"] += [o for c in complements for o in c.children if o.dep_ == "dobj"]
        # "offered to hand over to Great Britain two suspects": the one the promised act reaches
        rel["xobj_to"] += [
            o
            for c in complements
            for p in c.children
            if p.dep_ == "prep" and p.lower_ == "to"
            for o in p.children
        ]
        rel["ccomp_subj"] += [o for c in complements for o in c.children if o.dep_ in ("nsubj", "nsubjpass")]
    else:
        mods = [c for c in trigger.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
        # "the Russian-Tajik exercise": the parser hangs one adjective under the other
        rel["mod"] += mods + [g for m in mods for g in m.lefts if g.dep_ in ("compound", "amod")]
        rel["poss"] += [c for c in trigger.children if c.dep_ == "poss"]
        # "its demand that Israel ease restrictions": who is to act
        rel["ccomp_subj"] += [
            s for c in trigger.children if c.dep_ in ("acl", "ccomp") for s in c.children if s.dep_ == "nsubj"
        ]
        # "a mediation mission between Syria and Jordan"
        rel["between_phrase"] += between_parties(trigger.head if trigger.dep_ == "compound" else trigger)
        rel["appos"] += [
            c for c in trigger.children if c.dep_ == "appos"
        ]  # "Participants, soldiers from ..."
        # "the exercise, hosted by Tajikistan"; "the largest exercise the SCO has held"
        for clause in (c for c in trigger.children if c.dep_ in ("acl", "relcl")):
            rel["prep:by"] += agents(clause)
            if clause.dep_ == "relcl":
                rel["subj"] += [
                    c for c in clause.children if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP")
                ]
        anchor = trigger.head if trigger.dep_ == "compound" and trigger.pos_ == "PROPN" else trigger
        phrase = trigger.head
        if trigger.dep_ == "compound" and phrase.lemma_.lower() in EVENT_HEADS and phrase.dep_ == "dobj":
            rel["phrase_subj"] += clause_subjects(phrase.head)  # "X undertook a mediation mission"
        while anchor.head is not anchor and (
            anchor.dep_ == "conj"
            or (
                anchor.dep_ == "pobj"
                and anchor.head.lower_ in ("of", "for")  # "an Iranian proposal for a joint exercise"
                and anchor.head.head.pos_ in ("NOUN", "NUM")
            )
        ):
            # "a command post and field training exercise", "ten days of war games": the role of
            # the phrase the trigger completes
            anchor = anchor.head if anchor.dep_ == "conj" else anchor.head.head
        head = anchor.head
        if head.pos_ in ("VERB", "AUX") and anchor.dep_ in ("dobj", "nsubjpass", "attr", "nsubj", "acomp"):
            heads.append(head)
            if anchor.dep_ == "nsubj" and head.lemma_.lower() in LISTING:
                # "Participants included soldiers from Kazakhstan, Britain and the United States"
                rel["obj"] += [c for c in head.children if c.dep_ in ("dobj", "attr")]
                rel["obj_deep"] += [t for o in rel["obj"] for t in o.subtree if actor_at(t) is not None]
            if anchor.dep_ == "dobj":
                # "reiterated its demand that Israel ease ...": the clause hangs on the verb
                rel["ccomp_subj"] += [
                    s for c in head.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"
                ]
            if anchor.dep_ in ("acomp", "attr"):
                rel["subj"] += clause_subjects(head)
            elif anchor.dep_ != "nsubj":
                rel["subj"] += agents(head) if is_passive(head) else clause_subjects(head)
        elif anchor.dep_ == "pobj" and head.head.lemma_.lower() in ANSWERS and head.head.pos_ == "VERB":
            # "did not agree to a Russian request": the one who answers is the one asked
            rel["subj"] += clause_subjects(head.head)
        elif anchor.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in THANKING:
            # "The Uzbek side thanked Washington for the delivery": the thanked gave it to the thanker
            verb = head.head
            rel["prep:by"] += [c for c in verb.children if c.dep_ == "dobj"]
            rel["prep:to"] += clause_subjects(verb)
        elif (
            anchor.dep_ == "pobj"
            and head.head.pos_ in ("VERB", "AUX")
            and (
                head.lower_ in ("in", "during", "at")
                or (head.lower_ == "for" and head.head.lemma_.lower() in PARTICIPATION)
            )
        ):
            # "participants ... are involved in the exercise", "at the summit, X and Y reaffirmed"
            verb = head.head
            rel["subj"] += clause_subjects(verb) or [c for c in verb.children if c.dep_ == "nsubjpass"]
            heads.append(verb)
        if anchor is not trigger:
            rel["mod"] += [c for c in anchor.lefts if c.dep_ in ("compound", "amod")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ not in ("prep", "agent", "dative") or prep.lower_ not in PARTY_PREPS:
                continue
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            key = (
                "of"
                if prep.lower_ == "of" and head is trigger and trigger.pos_ == "NOUN"
                else (f"prep:{prep.lower_}")
            )
            rel[key] += objects
            if key == "of":
                rel["of_from"] += [
                    c
                    for o in objects
                    for p in o.children
                    if p.lower_ == "from"
                    for c in p.children
                    if c.dep_ == "pobj"
                ]
            if prep.lower_ == "between":
                rel[key] += [c for o in objects for c in o.conjuncts]
    return rel


def reporters(clause: Token) -> list[Token]:
    """Who states a content clause: the subject of the verb it completes ("X said that ..."), or the
    owner of the noun it completes ("X's demand that ...", "X issued a reminder that ...")."""
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    head = clause.head
    if clause.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX"):
        return clause_subjects(head)
    if clause.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN":
        owners = [c for c in head.children if c.dep_ == "poss"]
        if owners:
            return owners
        if head.dep_ == "dobj":
            return clause_subjects(head.head)
    return []


def under_topic(token: Token, top: Token) -> bool:
    """Whether `token` sits in what is talked about below `top`: "shared evidence about contacts
    between al Qaeda and Baghdad"."""
    while token.i != top.i and token.head.i != token.i:
        token = token.head
        if token.dep_ == "prep" and token.lower_ in ("about", "over", "regarding", "concerning"):
            return True
    return False


def between_parties(trigger: Token) -> list[Token]:
    """Objects of "between X and Y" anywhere in the trigger's clause: "established within the
    framework of the Union State between Russia and Belarus"."""
    found = []
    for token in trigger.subtree:
        if token.lower_ == "between" and token.dep_ == "prep" and not under_topic(token, trigger):
            for obj in (c for c in token.children if c.dep_ == "pobj"):
                found += [obj, *obj.conjuncts]
    return found


def actors_in(token: Token, allow_places: bool, through_from: bool = True) -> list[Span]:
    """The actor spans a relation token names: itself, its coordinated tokens, or the nearest
    actor inside its noun phrase ("the [Uzbekistan] Ministry of Defense", "Russian troops");
    "the two sides" names the two parties last mentioned (see actors.component)."""
    pair = token.doc.user_data.get("allyscope_pairs", {}).get(token.i)
    if pair:
        return list(pair)
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
            if hits and all(h.root.head.lemma_.lower() in BORDER_NOUNS for h in hits):
                # "Tajik-Afghan frontier": the parser hangs "Tajik" under "Afghan"
                hits += [
                    actor_at(c)
                    for h in hits
                    for c in h.root.children
                    if actor_at(c) is not None and actor_at(c) not in hits
                ]
                counts = token.doc.user_data.get("allyscope_counts", {})
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
                for c in t.children:
                    if c.i in seen or c.dep_ not in NP_DEPS:
                        continue
                    if (
                        c.dep_ == "prep"
                        and actor_at(c) is None
                        and (c.lower_ not in NP_PREPS or (c.lower_ == "from" and not through_from))
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
    rel: dict[str, list[Token]],
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
            for span in actors_in(token, allow_places, through_from):
                if (
                    trigger.i not in range(span.start, span.end)
                    and span not in spans
                    and side(span) not in exclude
                ):
                    spans.append(span)
        if spans:
            return spans, name
    return [], None


def is_party_object(token: Token) -> bool:
    """Whether an object names a party itself ("received [the Polish ambassador]") rather than
    a thing ("received [$2.3 million of U.S. assistance]")."""
    from ..actors.component import phrase_sector

    if token.ent_type_ == "PERSON" or actor_at(token) is not None:
        return True
    # "an Indian military delegation", "the Polish ambassador"; not "the Russian proposal"
    return phrase_sector(token) is not None and bool(actors_in(token, False))
