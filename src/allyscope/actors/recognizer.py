"""The `allyscope_actors` spaCy component: actor names -> coded spans in `doc.spans["actors"]`.

A PhraseMatcher over the actor dictionary finds the names; each is coded with the sector of
the noun it modifies ("Tajik border guards": TJK BORDER) and marked as a place where it is
used as one ("in Moscow", a dateline). Group coding and reference resolution are the next two
components (actors/groups.py, actors/references.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..model import Actor
from ..rules import load_rules
from .dictionary import Entry, load_dictionary
from .sectors import SectorNouns
from .spans import set_actors


def is_place_use(span: Span, entry: Entry, words, sectors: SectorNouns) -> bool:
    """A state name or capital used as the place where something happens, not as a party."""
    if entry.kind != "state":
        return False
    root = span.root
    head = root.head
    locative = words.locative_preps
    if root.dep_ == "pobj" and head.lower_ in locative:
        # "the U.S. Embassy in Dushanbe": a place; "aid to Tajikistan": a party (to is not locative)
        return True
    if root.dep_ in ("appos", "conj") and head.ent_type_ == "GPE" and head.dep_ == "pobj":
        return head.head.lower_ in locative
    if root.dep_ == "compound" and head.dep_ == "pobj" and head.head.lower_ in locative:
        return sectors.phrase_sector(head) is None  # "near the Taiwan Strait", not "in Tajik army units"
    if entry.role == "capital" and any(c.lower_ in words.post_nouns for c in root.lefts):
        return True  # "U.S. Embassy Dushanbe": where the embassy is
    # a dateline: "DUSHANBE, Tajikistan - ..."
    return entry.role == "capital" and root.dep_ in ("npadvmod", "ROOT") and span.start == span.sent.start


def in_feature_name(doc: Doc, start: int, end: int, words) -> bool:
    """A state's name inside the name of a sea, gulf or peninsula: "the South China Sea", "the
    Indian Ocean", "the Korean Peninsula", "the Sea of Japan", "the Gulf of Oman" name places."""
    features = words.geographic_features
    after = doc[end] if end < len(doc) else None
    if after is not None and after.is_title and after.lower_ in features:
        return True
    before = doc[start - 2 : start]
    return (
        len(before) == 2
        and before[0].is_title
        and before[0].lower_ in features
        and before[1].lower_ in words.genitive_preps
    )


class ActorRecognizer:
    """Finds actor mentions with a PhraseMatcher over the actor dictionary and codes them."""

    def __init__(self, nlp: Language, lang: str, rules: str | None, extra_dictionaries: list[str]):
        self.rules = load_rules(lang, rules)
        self.words = self.rules.lang.words
        self.sectors = SectorNouns(self.rules)
        self.names = load_dictionary(tuple(extra_dictionaries))
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for name in self.names:
            forms = {name, name.upper()} if len(name) > 3 else {name}
            self.matcher.add(name, list(nlp.tokenizer.pipe(sorted(forms))))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        person_at = {
            t: e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in range(e.start, e.end)
        }
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            entry = self.names[span.label_]
            person = person_at.get(start)
            if (
                entry.role == "capital"
                and person is not None
                and end <= person.end
                and len(person) > end - start
            ):
                continue  # "Colonel General Kabul Berdiyev": a capital's name inside a person's
            if in_feature_name(doc, start, end, self.words):
                continue
            spans.append(span)
        coded = []
        for span in filter_spans(spans):
            entry = self.names[span.label_]
            actor = self.code(span, entry)
            if actor is None:
                continue
            span._.actor = actor
            span._.entry = entry
            span._.place_use = is_place_use(span, entry, self.words, self.sectors)
            coded.append(span)
        set_actors(doc, coded)
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
        head = self.sectors.sector_head(span) if entry.kind == "state" else None
        if head is not None:
            found = self.sectors.phrase_sector(head)
            if found:
                sector, kind = found
        return Actor(
            span.text, entry.name, entry.code, kind, sector, entry.cameo_code or (entry.code + (sector or ""))
        )


@Language.factory(
    "allyscope_actors",
    default_config={"lang": "en", "rules": None, "extra_dictionaries": []},
    assigns=["doc.spans", "span._.actor", "span._.entry", "span._.place_use", "doc._.actor_index"],
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
)
def make_actor_recognizer(
    nlp: Language, name: str, lang: str, rules: str | None, extra_dictionaries: list[str]
):
    return ActorRecognizer(nlp, lang, rules, extra_dictionaries)
