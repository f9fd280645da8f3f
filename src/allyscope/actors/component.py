"""The `allyscope_actors` spaCy component: actor mentions -> `doc.spans["actors"]`.

Each span carries `span._.actor` (an Actor) and `span._.place_use` (True when the name is
used as a place, "in Moscow", rather than as a party, "Moscow decided"). People are resolved
through appositions, titles and possessives and followed through the document by surname
and by subject pronouns.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..model import Actor
from .dictionary import Entry, load_dictionary, noun_class, region_table, sector_table

LOCATIVE_PREPS = {
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "throughout",
    "across",
    "within",
    "around",
    "along",
    "on",
    "into",
    "over",
}
POST_NOUNS = noun_class("post_nouns")
PERSON_PRONOUNS = {"he", "she", "him", "her"}
PAIR_NOUNS = noun_class("pair_nouns")
PEOPLE_PAIR_NOUNS = noun_class("people_pair_nouns")
IGO_NOUNS = noun_class("igo_nouns")
ETHNIC_GROUPS = noun_class("ethnic_groups")
POPULATION_HEADS = noun_class("population_heads")
ETHNIC_MARKERS = noun_class("ethnic_markers")
COUNTRY_NOUNS = noun_class("country_nouns")
BORDER_NOUNS = noun_class("border_nouns")
# "the Albanians of southern Serbia": where a population group lives. "in" and "from" only for
# marked or stateless groups ("ethnic Albanians in Serbia", "Kurds from Iraq"): "the Russians in
# Syria" are more often Russia's forces there than a Syrian population.
RESIDENCE_PREPS = {"of"}
MARKED_RESIDENCE_PREPS = {"in", "of", "from"}
GROUP_PRONOUNS = {"it", "they", "them"}
POSSESSIVE_PRONOUNS = {"its", "their", "his"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | POSSESSIVE_PRONOUNS

Span.set_extension("actor", default=None, force=True)
Span.set_extension("place_use", default=False, force=True)


DIRECTION_PREPS = {"from", "to", "into", "toward", "towards", "through", "across", "via", "against"}


def is_direction(span: Span) -> bool:
    return span.root.dep_ == "pobj" and span.root.head.lower_ in DIRECTION_PREPS


def latest_group(subjects: list[Span], index: dict[int, Span]) -> tuple[Span, Span] | None:
    """The last subject actor with another actor coordinated to it ("Iran and Turkmenistan")."""
    for span in reversed(subjects):
        others = [index[c.i] for c in span.root.conjuncts if c.i in index]
        others = [o for o in others if o._.actor.code != span._.actor.code]
        if others:
            return span, others[0]
    return None


def subject_phrase_pair(pronoun: Token, coded: list[Span]) -> tuple[Span, Span] | None:
    """ "The heads of the Iranian and Turkmen border services met ... They also signed": the
    two parties named inside the previous sentence's subject."""
    if pronoun.sent.start == 0:
        return None
    previous = pronoun.doc[pronoun.sent.start - 1].sent
    subjects = [t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
    for subject in subjects:
        inside = {t.i for t in subject.subtree}
        spans = [s for s in coded if s.start in inside and s._.actor.kind != "person"]
        codes = {s._.actor.code for s in spans}
        if len(codes) == 2:
            first = spans[0]
            second = next(s for s in spans if s._.actor.code != first._.actor.code)
            return first, second
    return None


def actor_index(spans: list[Span]) -> dict[int, Span]:
    return {t: s for s in spans for t in range(s.start, s.end)}


def actor_at(token: Token) -> Span | None:
    """The actor span covering `token`, if any."""
    index = token.doc.user_data.get("allyscope_actor_index", {})
    return index.get(token.i)


def phrase_sector(token: Token) -> tuple[str, str] | None:
    """Sector and kind named by a head noun and its modifiers ("border guards", "ministry of defense")."""
    table = sector_table()
    lemma = token.lemma_.lower()
    compounds = [t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod") and t.is_alpha]
    candidates = []
    pobj = [
        c
        for p in token.rights
        if p.dep_ == "prep" and p.lower_ == "of"
        for c in p.children
        if c.dep_ == "pobj"
    ]
    if pobj:
        of_phrase = " ".join(t.lower_ for t in pobj[0].subtree if t.is_alpha)
        candidates.append(f"{token.lower_} of {of_phrase}")
        candidates.append(f"{lemma} of {pobj[0].lemma_.lower()}")
    for n in range(len(compounds), 0, -1):
        candidates.append(" ".join(compounds[-n:] + [lemma]))
    candidates.append(lemma)
    for candidate in candidates:
        if candidate in table:
            return table[candidate]
    return None


def group_sector(token: Token) -> str | None:
    """The sector of a noun that names a non-state group ("rebels", "opposition groups")."""
    found = phrase_sector(token)
    return found[0] if found and found[1] == "non_state" else None


def sector_head(span: Span) -> Token | None:
    """The noun a country mention modifies: "Tajik [border guards]", "Ministry of Defense of [Tajikistan]"."""
    root = span.root
    if root.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head
    token = root
    for _ in range(3):  # "the Ministry of Defense of Tajikistan": Defense, then Ministry
        if not (
            token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "PROPN")
        ):
            break
        token = token.head.head
        if phrase_sector(token):
            return token
    return None


def is_place_use(span: Span, entry: Entry) -> bool:
    """A state name or capital used as the place where something happens, not as a party."""
    if entry.kind != "state":
        return False
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
        # "the U.S. Embassy in Dushanbe": a place; "aid to Tajikistan": a party (to is not locative)
        return True
    if root.dep_ in ("appos", "conj") and head.ent_type_ == "GPE" and head.dep_ == "pobj":
        return head.head.lower_ in LOCATIVE_PREPS
    if root.dep_ == "compound" and head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
        return phrase_sector(head) is None  # "near the Taiwan Strait", not "in Tajik army units"
    if entry.role == "capital" and any(c.lower_ in POST_NOUNS for c in root.lefts):
        return True  # "U.S. Embassy Dushanbe": where the embassy is
    # a dateline: "DUSHANBE, Tajikistan - ..."
    return entry.role == "capital" and root.dep_ in ("npadvmod", "ROOT") and span.start == span.sent.start


class ActorRecognizer:
    """Finds actor mentions with a PhraseMatcher over the actor dictionary and codes them."""

    def __init__(self, nlp: Language, extra_dictionaries: list[str]):
        self.names = load_dictionary(tuple(extra_dictionaries))
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for name in self.names:
            forms = {name, name.upper()} if len(name) > 3 else {name}
            self.matcher.add(name, list(nlp.tokenizer.pipe(sorted(forms))))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        people = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            entry = self.names[span.label_]
            if entry.role == "capital" and any(
                p.start <= start and end <= p.end and len(p) > end - start for p in people
            ):
                continue  # "Colonel General Kabul Berdiyev": a capital's name inside a person's
            spans.append(span)
        spans = filter_spans(spans)
        people: dict[str, Actor] = {}
        coded = []
        for span in spans:
            entry = self.names[span.label_]
            actor = self.code(span, entry)
            if actor is None:
                continue
            span._.actor = actor
            span._.place_use = is_place_use(span, entry)
            coded.append(span)
            if actor.kind == "person":
                people[span[-1].text] = actor
        coded = self.population_groups(doc, coded)
        coded += self.people(doc, coded, people)
        coded.sort(key=lambda s: s.start)
        coded += self.pronouns(doc, coded)
        coded += self.igo_anaphora(doc, coded)
        coded += self.country_anaphora(doc, coded)
        coded.sort(key=lambda s: s.start)
        doc.spans["actors"] = coded
        doc.user_data.setdefault("allyscope_pairs", {}).update(self.pairs(doc, coded))
        # how often each party acts in the text (not where things happen or where they go)
        counts: dict[str, int] = {}
        for span in coded:
            if (
                not span._.place_use
                and not is_direction(span)
                and span.root.head.lemma_.lower() not in BORDER_NOUNS
            ):
                counts[span._.actor.code] = counts.get(span._.actor.code, 0) + 1
        doc.user_data["allyscope_counts"] = counts
        doc.user_data["allyscope_actor_index"] = actor_index(coded)
        return doc

    def code(self, span: Span, entry: Entry) -> Actor | None:
        """The Actor a matched name stands for, with the sector of the noun it modifies."""
        if (
            entry.role == "adjective"
            and span.root.dep_ in ("nsubj", "dobj", "pobj")
            and span.root.pos_ in ("ADJ",)
        ):
            return None  # "Tajik" used alone as a language or predicate adjective
        sector, kind = entry.sector, entry.kind
        head = sector_head(span) if entry.kind == "state" else None
        if head is not None:
            found = phrase_sector(head)
            if found:
                sector, kind = found
        return Actor(
            span.text, entry.name, entry.code, kind, sector, entry.cameo_code or (entry.code + (sector or ""))
        )

    def population_groups(self, doc: Doc, coded: list[Span]) -> list[Span]:
        """Ethnic and religious groups coded by the state they belong to, as CAMEO coders do.

        A people word is a plural demonym ("Serbs", "Albanians") or a word of
        `nouns.json:ethnic_groups` ("Kurds", "Kurdish", "Shiites"). It becomes a `non_state`
        group of:
        - the country whose adjective stands right before it: "Bosnian Serbs" are BIH,
          "Iraqi Kurds" IRQ, "Turkish Kurd refugees" TUR (the people word then modifies a
          population or sector head noun: "refugees", "forces");
        - else the country it lives in: "the Albanians of southern Serbia" and "ethnic
          Albanians in south Serbia" are SRB, "Kurdish rebels in Turkey" TUR (the country
          mention there becomes a place);
        - else, for a marked demonym ("ethnic Albanians"), its own nation, as a group.
        Unmarked demonyms alone ("Serbs rejected the plan") stay the state, and stateless
        peoples with no country named are left uncoded.
        """
        index = actor_index(coded)
        dropped: set[int] = set()
        added: list[Span] = []
        for token in doc:
            own = index.get(token.i)
            own_entry = self.names.get(own.label_) if own is not None else None
            modifier = token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i
            demonym = (
                own_entry is not None
                and len(own) == 1
                and own_entry.role == "adjective"
                and (modifier or token.pos_ in ("NOUN", "PROPN"))  # "Bosnian Serb forces", "Serbs"
            )
            # "opposition groups in Zimbabwe", "rebels from Chad": a group named by its sector
            group = own is None and token.tag_ in ("NNS", "NNPS") and group_sector(token)
            stateless = own is None and (token.lower_ in ETHNIC_GROUPS or bool(group))
            if not (demonym or stateless) or token.i in dropped or any(c.i in dropped for c in token.lefts):
                continue
            head = token.head if modifier else token
            if modifier and not (head.lemma_.lower() in POPULATION_HEADS or phrase_sector(head)):
                continue  # "the Serbian Albanian border": not a group of people
            if not modifier and not (token.tag_ in ("NNS", "NNPS") or token.lower_.endswith("s")):
                continue  # a single person ("a Serb") is not a group
            own_code = own._.actor.code if demonym else None
            marker = next((c for c in token.lefts if c.lower_ in ETHNIC_MARKERS and c.i == token.i - 1), None)
            start, country, place = token.i, None, None
            before = index.get(token.i - 1) if marker is None else None
            before_entry = self.names.get(before.label_) if before is not None else None
            if (
                before_entry is not None
                and before.end == token.i
                and before_entry.kind == "state"
                and before_entry.role == "adjective"
                and before_entry.code != own_code
            ):
                country, start = before_entry, before.start  # "Bosnian Serbs"
            elif not (modifier and demonym):  # "Afghan refugees in Pakistan" are still Afghans
                preps = MARKED_RESIDENCE_PREPS if (stateless or marker is not None) else RESIDENCE_PREPS
                for prep in head.rights:
                    if prep.dep_ != "prep" or prep.lower_ not in preps:
                        continue
                    for obj in prep.children:
                        if obj.dep_ != "pobj":
                            continue
                        # "in south Serbia", "in Serbia's south"
                        candidates = [obj] + [c for c in obj.children if c.dep_ in ("poss", "compound")]
                        place = next((index[c.i] for c in candidates if c.i in index), None)
                        entry = self.names.get(place.label_) if place is not None else None
                        if entry is not None and entry.kind == "state" and entry.role in ("name", "capital"):
                            country = entry
                            break
                        place = None
                    if country is not None:
                        break
            if country is None and demonym and marker is not None:
                country = own_entry  # "ethnic Albanians": a group of Albania's nation
            if country is None:
                continue
            if marker is not None:
                start = marker.i
            elif group:
                start = min([start] + [c.i for c in token.lefts if c.dep_ in ("compound", "amod")])
            found = phrase_sector(head) if modifier else None
            sector = found[0] if found else (None if modifier else group or "CVL")
            span = Span(doc, start, token.i + 1, label="GROUP")
            span._.actor = Actor(
                span.text, span.text, country.code, "non_state", sector, country.code + (sector or "")
            )
            added.append(span)
            dropped.update(range(start, token.i + 1))
            if place is not None:
                place._.place_use = True
        if not added:
            return coded
        kept = [s for s in coded if not any(t in dropped for t in range(s.start, s.end))]
        return sorted(kept + added, key=lambda s: s.start)

    def people(self, doc: Doc, coded: list[Span], people: dict[str, Actor]) -> list[Span]:
        """Named people tied to a state by apposition or title, and later mentions by surname.

        Names are PERSON entities, or proper-noun chains in apposition with a title ("Zenon
        Kuchak, Poland's ambassador"), since the small model often misses foreign names.
        """
        covered = {t for s in coded for t in range(s.start, s.end)}
        by_token = {t: s for s in coded for t in range(s.start, s.end)}
        names = [e for e in doc.ents if e.label_ == "PERSON"]
        for token in doc:
            if (
                token.pos_ == "PROPN"
                and token.dep_ != "compound"
                and phrase_sector(token) is None  # "Minister" is a title, not a name
                and (any(c.dep_ == "appos" for c in token.children) or token.dep_ == "appos")
            ):
                left = token.i
                while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].pos_ == "PROPN":
                    left -= 1
                names.append(doc[left : token.i + 1])
        found = []
        for ent in sorted(names, key=lambda e: e.start):
            if any(t.i in covered for t in ent):
                continue
            actor = (
                self.person_from_context(ent, by_token)
                or people.get(ent[-1].text)
                or self.titled_person(ent, coded)
            )
            if actor is None:
                continue
            actor = Actor(
                ent.text,
                actor.name if ent[-1].text in people else ent.text,
                actor.code,
                "person",
                actor.sector,
                actor.cameo_code,
            )
            people.setdefault(ent[-1].text, actor)
            span = Span(doc, ent.start, ent.end, label="PERSON")
            span._.actor = actor
            found.append(span)
            covered.update(range(ent.start, ent.end))
        for token in doc:
            if token.i not in covered and token.text in people and token.pos_ == "PROPN":
                span = Span(doc, token.i, token.i + 1, label="PERSON")
                span._.actor = people[token.text]
                found.append(span)
        return found

    @staticmethod
    def titled_person(ent: Span, coded: list[Span]) -> Actor | None:
        """ "Defence Minister Rustam Kholov" with no country named: an official of the document's
        main country, since stories name foreign officials with their country."""
        title = [t for t in ent.root.lefts if t.dep_ == "compound" and t.i < ent.start]
        if not title:
            return None
        found = phrase_sector(title[-1])
        if not found or found[1] != "person":
            return None
        counts: dict[str, int] = {}
        for span in coded:
            if span._.actor.kind in ("state", "agency"):
                counts[span._.actor.code] = counts.get(span._.actor.code, 0) + 1
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ == "with":
            # "Washington will discuss aid with Defence Minister X": X is the other side
            sent = ent.sent
            for span in coded:
                if sent.start <= span.start < ent.start and span.root.dep_ in ("nsubj", "nsubjpass"):
                    counts.pop(span._.actor.code, None)
        if not counts:
            return None
        code = max(counts, key=counts.get)
        return Actor(ent.text, ent.text, code, "person", found[0], None)

    @staticmethod
    def person_from_context(ent: Span, by_token: dict[int, Span]) -> Actor | None:
        """A person's state from "X, Tajikistan's defense minister" or "Tajik Defense Minister X"."""
        root = ent.root
        related = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            related.append(root.head)
        related += [t for t in root.lefts if t.dep_ == "compound" and t.i < ent.start]
        for head in related:
            if head.dep_ == "appos" and by_token.get(head.i) is not None and phrase_sector(head) is None:
                continue  # "Tokmok, Kyrgyzstan": a town and its country, not a person
            tokens = list(head.subtree) if head.i not in range(ent.start, ent.end) else []
            if head.dep_ != "appos" and head.i < ent.start:
                tokens = [t for t in tokens if t.i < ent.start]
            for token in tokens:
                span = by_token.get(token.i)
                if span is not None and span._.actor.kind in ("state", "igo", "agency", "person"):
                    sector = phrase_sector(head)
                    return Actor(
                        ent.text,
                        ent.text,
                        span._.actor.code,
                        "person",
                        sector[0] if sector else span._.actor.sector,
                        None,
                    )
        return None

    @staticmethod
    def igo_anaphora(doc: Doc, coded: list[Span]) -> list[Span]:
        """ "the organisation's summit" -> the international organisation last mentioned."""
        found = []
        index = actor_index(coded)
        for token in doc:
            if token.lemma_.lower() not in IGO_NOUNS or index.get(token.i) is not None:
                continue
            if not any(c.lower_ in ("the", "this") for c in token.children if c.dep_ == "det"):
                continue
            earlier = [s for s in coded if s.end <= token.i and s._.actor.kind == "igo"]
            if earlier:
                span = Span(doc, token.i, token.i + 1, label="IGO")
                span._.actor = earlier[-1]._.actor
                found.append(span)
        return found

    def country_anaphora(self, doc: Doc, coded: list[Span]) -> list[Span]:
        """ "stationed in the country" -> the state last named (by its name or capital) before it,
        other than a party of its own sentence: "Russia keeps its division in the country"."""
        found = []
        index = actor_index(coded)
        for token in doc:
            # the singular only: "the countries" are not one state
            if token.lower_ not in COUNTRY_NOUNS or index.get(token.i) is not None:
                continue
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
                continue
            own = {s._.actor.code for s in coded if token.sent.start <= s.start < token.i}
            named = [
                s
                for s in coded
                if s.end <= token.i
                and s._.actor.code not in own
                and getattr(self.names.get(s.label_), "role", None) in ("name", "capital")
            ]
            if not named:
                continue
            region = " ".join(t.lower_ for t in token.lefts if t.dep_ in ("amod", "compound") and t.is_alpha)
            states = next((codes for word, codes in region_table().items() if region.endswith(word)), None)
            if states:  # "the impoverished Central Asian country"
                named = [s for s in named if s._.actor.code in states] or named
            # a state only named as where things go ("flights to and from Afghanistan") is not "the country"
            agents = {s._.actor.code for s in named if not is_direction(s)}
            actor = next((s for s in reversed(named) if s._.actor.code in agents), named[-1])._.actor
            span = Span(doc, token.i, token.i + 1, label="COUNTRY")
            span._.actor = Actor(token.text, actor.name, actor.code, "state", None, actor.code)
            span._.place_use = is_place_use(span, Entry(actor.code, actor.name, "state", None, "name"))
            found.append(span)
        return found

    @staticmethod
    def pairs(doc: Doc, coded: list[Span]) -> dict[int, tuple[Span, Span]]:
        """Token index of "sides" in "the two sides" -> the two distinct parties last mentioned."""
        result = {}
        for token in doc:
            bare = token.lower_ in ("two", "both") and token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj")
            if not bare and (token.lemma_.lower() not in PAIR_NOUNS or token.tag_ not in ("NNS", "NNPS")):
                continue
            # "the sides", "the presidents", "the ministers": the two parties just named
            definite_sides = (
                token.tag_ in ("NNS", "NNPS")
                and any(c.lower_ == "the" for c in token.children if c.dep_ == "det")
                and not any(c.dep_ in ("amod", "compound", "prep") for c in token.children)
            )
            if (
                not bare
                and not definite_sides
                and not any(
                    c.lower_ in ("two", "both")
                    for c in token.children
                    if c.dep_ in ("nummod", "det", "predet")
                )
            ):
                continue
            latest: list[Span] = []
            people_only = token.lemma_.lower() in PEOPLE_PAIR_NOUNS  # "the two leaders" are people
            for span in reversed([s for s in coded if s.end <= token.i]):
                if people_only and span._.actor.kind != "person":
                    continue
                if all(span._.actor.code != o._.actor.code for o in latest):
                    latest.append(span)
                if len(latest) == 2:
                    result[token.i] = (latest[1], latest[0])
                    break
        return result

    @staticmethod
    def pronouns(doc: Doc, coded: list[Span]) -> list[Span]:
        """Subject pronouns -> the latest subject actor of the same kind in earlier text."""
        found = []
        index = actor_index(coded)
        subjects: list[Span] = []
        ordered = iter(coded)
        pending = next(ordered, None)
        for token in doc:
            while pending is not None and pending.end <= token.i:
                if pending.root.dep_ in ("nsubj", "nsubjpass") or pending.root.head.dep_ in (
                    "nsubj",
                    "nsubjpass",
                ):
                    subjects.append(pending)
                pending = next(ordered, None)
            if token.lower_ == "whose" and token.head.head.dep_ == "relcl":
                noun = token.head.head.head
                antecedent = index.get(noun.i) or next(
                    (index[c.i] for c in noun.lefts if c.dep_ in ("amod", "compound") and c.i in index), None
                )
                if antecedent is not None:
                    span = Span(doc, token.i, token.i + 1, label="PRON")
                    span._.actor = antecedent._.actor
                    found.append(span)
                continue
            if token.dep_ not in ("nsubj", "nsubjpass", "poss") or token.lower_ not in PRONOUNS:
                continue
            if token.lower_ == "they" and token.dep_ == "nsubj":
                group = latest_group(subjects[-3:], index) or subject_phrase_pair(token, coded)
                if group:
                    # "Iran and Turkmenistan agreed ... They also signed": both, as for "the two sides"
                    doc.user_data.setdefault("allyscope_pairs", {})[token.i] = group
                    continue
            want_person = token.lower_ in PERSON_PRONOUNS or token.lower_ == "his"
            candidates = subjects[-6:]
            sent_start = token.sent.start
            singular = want_person or token.lower_ in ("it", "its")  # "their" may be two parties
            if singular and not any(
                s.start >= sent_start and (s._.actor.kind == "person") == want_person for s in candidates
            ):
                # "discuss aid with Minister X when he visits", "reminded Iraq that it must": a
                # party earlier in the same sentence binds closer than the subject of an earlier one
                candidates = candidates + [
                    s
                    for s in coded
                    if sent_start <= s.start
                    and s.end <= token.i
                    and (s._.actor.kind == "person") == want_person
                    and not s._.place_use
                ]
            for previous in reversed(candidates):
                if (previous._.actor.kind == "person") == want_person:
                    span = Span(doc, token.i, token.i + 1, label="PRON")
                    span._.actor = previous._.actor
                    found.append(span)
                    break
        return found


@Language.factory("allyscope_actors", default_config={"extra_dictionaries": []})
def make_actor_recognizer(nlp: Language, name: str, extra_dictionaries: list[str]):
    return ActorRecognizer(nlp, extra_dictionaries)
