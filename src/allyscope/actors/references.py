"""The `allyscope_references` spaCy component: mentions that refer to an actor named elsewhere.

People are tied to a state by apposition or title ("Zenon Kuchak, Poland's ambassador") and
followed by surname; subject pronouns, "the organisation" and "the country" take the actor last
named; "the two sides" (and "they" after "Iran and Turkmenistan") stand for the two parties
last mentioned (`doc._.actor_pairs`). Last, each party's count of mentions as an acting party
(`doc._.actor_counts`).
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..language.strings import indexes, token_strings
from ..model import Actor
from ..rules import load_rules
from .dictionary import Entry, region_table
from .recognizer import is_place_use
from .sectors import SectorNouns
from .spans import actor_index, actors_of, actors_starting_in, set_actors

PERSON_PARTIES = ("state", "igo", "agency", "person")  # what a person may belong to


class ReferenceResolver:
    """Resolves people, pronouns and definite references to the actors they stand for."""

    def __init__(self, lang: str, rules: str | None):
        self.rules = load_rules(lang, rules)
        self.words = self.rules.lang.words
        self.syntax = self.rules.lang.syntax
        self.sectors = SectorNouns(self.rules)
        words = self.words
        self.pronoun_words = words.person_pronouns | words.group_pronouns | words.possessive_pronouns
        self.regions = region_table()

    def __call__(self, doc: Doc) -> Doc:
        coded = actors_of(doc)
        people = {s[-1].text: s._.actor for s in coded if s._.actor.kind == "person"}
        coded += self.people(doc, coded, people)
        coded.sort(key=lambda s: s.start)
        pairs: dict[int, tuple[Span, Span]] = {}
        coded += self.pronouns(doc, coded, pairs)
        coded += self.igo_anaphora(doc, coded)
        coded += self.country_anaphora(doc, coded)
        coded.sort(key=lambda s: s.start)
        set_actors(doc, coded)
        doc._.actor_pairs = {**pairs, **self.pairs(doc, coded)}
        doc._.actor_counts = self.counts(coded)
        return doc

    def counts(self, coded: list[Span]) -> dict[str, int]:
        """How often each party acts in the text (not where things happen or where they go)."""
        counts: dict[str, int] = {}
        for span in coded:
            if (
                not span._.place_use
                and not self.is_direction(span)
                and span.root.head.lemma_.lower() not in self.words.border_nouns
            ):
                counts[span._.actor.code] = counts.get(span._.actor.code, 0) + 1
        return counts

    def is_direction(self, span: Span) -> bool:
        """A party named as where things go: "flights to and from [Afghanistan]"."""
        return self.syntax.governs_via(span.root, self.words.direction_preps)

    def people(self, doc: Doc, coded: list[Span], people: dict[str, Actor]) -> list[Span]:
        """Named people tied to a state by apposition or title, and later mentions by surname.

        Names are PERSON entities, or proper-noun chains in apposition with a title ("Zenon
        Kuchak, Poland's ambassador"), since the small model often misses foreign names.
        """
        covered = {t for s in coded for t in range(s.start, s.end)}
        by_token = {t: s for s in coded for t in range(s.start, s.end)}
        # tokens of parties a person may belong to, in text order (see person_from_context)
        parties = sorted(t for t, s in by_token.items() if s._.actor.kind in PERSON_PARTIES)
        counts = self.state_counts(coded)
        names = [e for e in doc.ents if e.label_ == "PERSON"]
        strings = token_strings(doc)
        pos, dep = strings.pos, strings.dep
        chain_start = 0  # where the run of proper-noun compounds before the current token starts
        for i in range(len(doc)):
            if i == 0 or not (dep[i - 1] == "compound" and pos[i - 1] == "PROPN"):
                chain_start = i
            if pos[i] != "PROPN" or dep[i] == "compound":
                continue
            token = doc[i]
            if self.sectors.phrase_sector(token) is None and (  # "Minister" is a title, not a name
                any(c.dep_ == "appos" for c in token.children) or dep[i] == "appos"
            ):
                names.append(doc[chain_start : i + 1])
        found = []
        for ent in sorted(names, key=lambda e: e.start):
            if any(t.i in covered for t in ent) or ent[-1].lower_ in self.words.geographic_features:
                continue  # (the parser may take "the Korean Peninsula" for a person)
            actor = (
                self.person_from_context(ent, by_token, parties)
                or people.get(ent[-1].text)
                or self.titled_person(ent, coded, counts)
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
        for i, (text, part) in enumerate(zip(strings.text, pos, strict=True)):
            if i not in covered and text in people and part == "PROPN":
                span = Span(doc, i, i + 1, label="PERSON")
                span._.actor = people[text]
                found.append(span)
        return found

    @staticmethod
    def state_counts(coded: list[Span]) -> dict[str, int]:
        """How often each state or agency is named: the document's main country ranks first."""
        counts: dict[str, int] = {}
        for span in coded:
            if span._.actor.kind in ("state", "agency"):
                counts[span._.actor.code] = counts.get(span._.actor.code, 0) + 1
        return counts

    def titled_person(self, ent: Span, coded: list[Span], counts: dict[str, int]) -> Actor | None:
        """ "Defence Minister Rustam Kholov" with no country named: an official of the document's
        main country, since stories name foreign officials with their country."""
        # the nearest title before the name: "Defence Minister Rustam Kholov", "Secretary of
        # Defense Lloyd J. Austin III" (the parser takes the first names for the title)
        titles = [t for t in ent.root.lefts if t.dep_ in ("compound", "nmod") and t.i < ent.start]
        found = next(
            (f for f in map(self.sectors.phrase_sector, reversed(titles)) if f and f[1] == "person"), None
        )
        if found is None:
            return None
        if self.syntax.governs_via(ent.root, self.words.companion_preps):
            # "Washington will discuss aid with Defence Minister X": X is the other side
            counts = dict(counts)
            for span in actors_starting_in(ent.doc, ent.sent.start, ent.start):
                if span.root.dep_ in ("nsubj", "nsubjpass"):
                    counts.pop(span._.actor.code, None)
        if not counts:
            return None
        # a story datelined in a capital names that state's officials without their country
        # ("WASHINGTON -- Secretary of Defense X welcomed Thailand's prime minister")
        dateline = next((s for s in coded if is_dateline(s) and s._.actor.code in counts), None)
        code = dateline._.actor.code if dateline is not None else max(counts, key=counts.get)
        return Actor(ent.text, ent.text, code, "person", found[0], None)

    def person_from_context(self, ent: Span, by_token: dict[int, Span], parties: list[int]) -> Actor | None:
        """A person's state from "X, Tajikistan's defense minister" or "Tajik Defense Minister X":
        the first party (in text order) in the phrase of a word related to the name."""
        root = ent.root
        related = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            related.append(root.head)
        related += [t for t in root.lefts if t.dep_ == "compound" and t.i < ent.start]
        for head in related:
            if (
                head.dep_ == "appos"
                and by_token.get(head.i) is not None
                and self.sectors.phrase_sector(head) is None
            ):
                continue  # "Tokmok, Kyrgyzstan": a town and its country, not a person
            if ent.start <= head.i < ent.end:
                continue
            last = head.right_edge.i
            if head.dep_ != "appos" and head.i < ent.start:
                last = min(last, ent.start - 1)
            # the parties between the phrase's edges, looked up by position: walking the subtree
            # of every name would be quadratic in a long chain of appositions
            for i in parties[bisect_left(parties, head.left_edge.i) : bisect_left(parties, last + 1)]:
                if i == head.i or head.is_ancestor(head.doc[i]):
                    span = by_token[i]
                    sector = self.sectors.phrase_sector(head)
                    return Actor(
                        ent.text,
                        ent.text,
                        span._.actor.code,
                        "person",
                        sector[0] if sector else span._.actor.sector,
                        None,
                    )
        return None

    def igo_anaphora(self, doc: Doc, coded: list[Span]) -> list[Span]:
        """ "the organisation's summit" -> the international organisation last mentioned."""
        found = []
        index = actor_index(coded)
        earlier = Sweep(coded)
        latest: tuple[int, Span] | None = None  # the igo span latest in `coded` among those seen
        for i in indexes(token_strings(doc).lemma, self.words.igo_nouns):
            for k, span in earlier.upto(i):
                if span._.actor.kind == "igo" and (latest is None or k > latest[0]):
                    latest = (k, span)
            if index.get(i) is not None:
                continue
            token = doc[i]
            if not self.syntax.is_definite(token):
                continue
            if latest is not None:
                span = Span(doc, token.i, token.i + 1, label="IGO")
                span._.actor = latest[1]._.actor
                found.append(span)
        return found

    def country_anaphora(self, doc: Doc, coded: list[Span]) -> list[Span]:
        """ "stationed in the country" -> the state last named (by its name or capital) before it,
        other than a party of its own sentence: "Russia keeps its division in the country"."""
        found = []
        index = actor_index(coded)
        starts = sorted((s.start, s._.actor.code) for s in coded)
        earlier = Sweep(coded)
        # per code, among the states named (by name or capital) so far: the one latest in `coded`,
        # and whether one of them acts (is not only where things go: "flights to Afghanistan")
        latest: dict[str, tuple[int, Span]] = {}
        acts: dict[str, bool] = {}
        # the singular only: "the countries" are not one state
        for i in indexes(token_strings(doc).lower, self.words.country_nouns):
            for k, span in earlier.upto(i):
                code = span._.actor.code
                if getattr(span._.entry, "role", None) not in ("name", "capital"):
                    continue
                if code not in latest or k > latest[code][0]:
                    latest[code] = (k, span)
                acts[code] = acts.get(code, False) or not self.is_direction(span)
            if index.get(i) is not None:
                continue
            token = doc[i]
            if not self.syntax.is_definite(token):
                continue
            sent_start = token.sent.start
            own = {
                code
                for _, code in starts[bisect_left(starts, (sent_start,)) : bisect_left(starts, (token.i,))]
            }
            codes = [c for c in latest if c not in own]
            if not codes:
                continue
            region = " ".join(t.lower_ for t in token.lefts if t.dep_ in ("amod", "compound") and t.is_alpha)
            states = next((members for word, members in self.regions.items() if region.endswith(word)), None)
            if states:  # "the impoverished Central Asian country"
                codes = [c for c in codes if c in states] or codes
            agents = [c for c in codes if acts[c]] or codes
            actor = max((latest[c] for c in agents), key=lambda kv: kv[0])[1]._.actor
            span = Span(doc, token.i, token.i + 1, label="COUNTRY")
            span._.actor = Actor(token.text, actor.name, actor.code, "state", None, actor.code)
            entry = Entry(actor.code, actor.name, "state", None, "name")
            span._.place_use = is_place_use(span, entry, self.words, self.sectors)
            found.append(span)
        return found

    def pairs(self, doc: Doc, coded: list[Span]) -> dict[int, tuple[Span, Span]]:
        """Token index of "sides" in "the two sides" -> the two distinct parties last mentioned."""
        words = self.words
        result = {}
        starts = [s.start for s in coded]  # `coded` is in text order
        strings = token_strings(doc)
        for i, (lower, lemma, tag, dep) in enumerate(
            zip(strings.lower, strings.lemma, strings.tag, strings.dep, strict=True)
        ):
            bare = lower in words.pair_words and dep in ("nsubj", "nsubjpass", "pobj", "dobj")
            plural = tag in ("NNS", "NNPS")
            if not bare and (lemma not in words.pair_nouns or not plural):
                continue
            token = doc[i]
            # "the sides", "the presidents", "the ministers": the two parties just named
            definite_sides = (
                plural
                and self.syntax.is_definite(token)
                and not any(c.dep_ in ("amod", "compound", "prep") for c in token.children)
            )
            if (
                not bare
                and not definite_sides
                and not any(
                    c.lower_ in words.pair_words
                    for c in token.children
                    if c.dep_ in ("nummod", "det", "predet")
                )
            ):
                continue
            # "the two leaders" are people; where fewer than two were named as people ("the U.S.
            # defence secretary spoke with Vietnam's minister"), the two parties last named
            if token.lemma_.lower() in words.people_pair_nouns:
                pair = last_two(coded, starts, token, lambda s: s._.actor.kind == "person") or last_two(
                    coded, starts, token, lambda s: not s._.place_use
                )
            else:
                # "Kazakhstan and the U.S. established relations as Kazakhstan gained independence
                # from the Soviet Union. Since then, the two nations ...": the pair of the subject
                named_before = bisect_left(starts, token.i) > bisect_left(starts, token.sent.start)
                pair = (not named_before and subject_phrase_pair(token, coded, starts)) or last_two(
                    coded, starts, token, lambda s: True
                )
            if pair:
                result[token.i] = pair
        return result

    def pronouns(self, doc: Doc, coded: list[Span], pairs: dict[int, tuple[Span, Span]]) -> list[Span]:
        """Subject pronouns -> the latest subject actor of the same kind in earlier text; "they"
        after two coordinated parties stands for both (into `pairs`)."""
        words = self.words
        found = []
        index = actor_index(coded)
        starts = [s.start for s in coded]  # `coded` is in text order
        subjects: list[Span] = []
        ordered = iter(coded)
        pending = next(ordered, None)
        strings = token_strings(doc)
        relative, subject_pronouns = words.relative_possessives, self.pronoun_words
        for i, (lower, dep) in enumerate(zip(strings.lower, strings.dep, strict=True)):
            if lower not in relative and (
                dep not in ("nsubj", "nsubjpass", "poss") or lower not in subject_pronouns
            ):
                continue
            token = doc[i]
            while pending is not None and pending.end <= token.i:
                if pending.root.dep_ in ("nsubj", "nsubjpass") or pending.root.head.dep_ in (
                    "nsubj",
                    "nsubjpass",
                ):
                    subjects.append(pending)
                pending = next(ordered, None)
            if token.lower_ in words.relative_possessives and token.head.head.dep_ == "relcl":
                noun = token.head.head.head
                antecedent = index.get(noun.i) or next(
                    (index[c.i] for c in noun.lefts if c.dep_ in ("amod", "compound") and c.i in index), None
                )
                if antecedent is not None:
                    span = Span(doc, token.i, token.i + 1, label="PRON")
                    span._.actor = antecedent._.actor
                    found.append(span)
                continue
            if token.dep_ not in ("nsubj", "nsubjpass", "poss") or token.lower_ not in self.pronoun_words:
                continue
            if token.lower_ in words.plural_pronouns and token.dep_ == "nsubj":
                group = latest_group(subjects[-3:], index) or subject_phrase_pair(token, coded, starts)
                if group:
                    # "Iran and Turkmenistan agreed ... They also signed": both, as for "the two sides"
                    pairs[token.i] = group
                    continue
            want_person = token.lower_ in words.person_references
            candidates = subjects[-6:]
            sent_start = token.sent.start
            singular = want_person or token.lower_ in words.singular_pronouns  # "their" may be two parties
            if singular and not any(
                s.start >= sent_start and (s._.actor.kind == "person") == want_person for s in candidates
            ):
                # "discuss aid with Minister X when he visits", "reminded Iraq that it must": a
                # party earlier in the same sentence binds closer than the subject of an earlier one
                candidates = candidates + [
                    s
                    for s in coded[bisect_left(starts, sent_start) : bisect_left(starts, token.i)]
                    if s.end <= token.i and (s._.actor.kind == "person") == want_person and not s._.place_use
                ]
            for previous in reversed(candidates):
                actor = referent(previous, want_person)
                if actor is not None:
                    span = Span(doc, token.i, token.i + 1, label="PRON")
                    span._.actor = actor
                    found.append(span)
                    break
        return found


def referent(span: Span, want_person: bool) -> Actor | None:
    """What a pronoun that wants a person (or not) finds in an earlier mention: its actor, or for
    "it" the state named by "China's generals" (a state's name coded as its people)."""
    actor = span._.actor
    if (actor.kind == "person") == want_person:
        return actor
    entry = span._.entry
    if want_person or entry is None or entry.kind != "state":
        return None
    return Actor(span.text, entry.name, entry.code, "state", None, entry.cameo_code or entry.code)


class Sweep:
    """The spans of a list that end at or before a token, handed out once each as the token
    advances through the document (so that "the last one mentioned" is not a scan per token)."""

    def __init__(self, spans: list[Span]):
        self.order = sorted(range(len(spans)), key=lambda k: spans[k].end)
        self.spans = spans
        self.done = 0

    def upto(self, i: int) -> list[tuple[int, Span]]:
        """(index in the list, span) of the spans ending at or before token `i` not handed out yet."""
        new = []
        while self.done < len(self.order) and self.spans[self.order[self.done]].end <= i:
            k = self.order[self.done]
            new.append((k, self.spans[k]))
            self.done += 1
        return new


def latest_group(subjects: list[Span], index: dict[int, Span]) -> tuple[Span, Span] | None:
    """The last subject actor with another actor coordinated to it ("Iran and Turkmenistan")."""
    for span in reversed(subjects):
        others = [index[c.i] for c in span.root.conjuncts if c.i in index]
        others = [o for o in others if o._.actor.code != span._.actor.code]
        if others:
            return span, others[0]
    return None


def is_dateline(span: Span) -> bool:
    """A capital opening the document's dateline ("WASHINGTON --", "DUSHANBE, Tajikistan -")."""
    entry = span._.entry
    return (
        entry is not None and entry.role == "capital" and span._.place_use and span.start == span.sent.start
    )


def last_two(coded: list[Span], starts: list[int], token: Token, keep) -> tuple[Span, Span] | None:
    """The two distinct parties named last before `token`, of the spans `keep` accepts."""
    latest: list[Span] = []
    for k in range(bisect_left(starts, token.i) - 1, -1, -1):
        span = coded[k]
        if span.end > token.i or not keep(span):
            continue
        if all(span._.actor.code != o._.actor.code for o in latest):
            latest.append(span)
        if len(latest) == 2:
            return latest[1], latest[0]
    return None


def subject_phrase_pair(pronoun: Token, coded: list[Span], starts: list[int]) -> tuple[Span, Span] | None:
    """ "The heads of the Iranian and Turkmen border services met ... They also signed": the
    two parties named inside the previous sentence's subject (`coded` in text order, `starts`
    their starts)."""
    if pronoun.sent.start == 0:
        return None
    previous = pronoun.doc[pronoun.sent.start - 1].sent
    subjects = [t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
    in_previous = coded[bisect_left(starts, previous.start) : bisect_left(starts, previous.end)]
    for subject in subjects:
        inside = {t.i for t in subject.subtree}
        spans = [s for s in in_previous if s.start in inside and s._.actor.kind != "person"]
        codes = {s._.actor.code for s in spans}
        if len(codes) == 2:
            first = spans[0]
            second = next(s for s in spans if s._.actor.code != first._.actor.code)
            return first, second
    return None


@Language.factory(
    "allyscope_references",
    default_config={"lang": "en", "rules": None},
    assigns=["doc.spans", "doc._.actor_index", "doc._.actor_pairs", "doc._.actor_counts"],
    requires=["doc.spans", "span._.actor", "span._.entry", "doc._.actor_index"],
)
def make_reference_resolver(nlp: Language, name: str, lang: str, rules: str | None):
    return ReferenceResolver(lang, rules)
