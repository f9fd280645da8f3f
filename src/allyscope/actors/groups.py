"""The `allyscope_groups` spaCy component: population groups coded by the state they belong to."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..language.strings import token_strings
from ..model import Actor
from ..rules import load_rules
from .sectors import SectorNouns
from .spans import actor_index, actors_of, set_actors


class GroupCoder:
    """Ethnic and religious groups coded by the state they belong to, as CAMEO coders do.

    A people word is a plural demonym ("Serbs", "Albanians") or a word of the language's
    `ethnic_groups` ("Kurds", "Kurdish", "Shiites"). It becomes a `non_state` group of:
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

    def __init__(self, lang: str, rules: str | None):
        self.rules = load_rules(lang, rules)
        self.words = self.rules.lang.words
        self.sectors = SectorNouns(self.rules)

    def __call__(self, doc: Doc) -> Doc:
        coded = actors_of(doc)
        words, sectors = self.words, self.sectors
        index = actor_index(coded)
        dropped: set[int] = set()
        added: list[Span] = []
        strings = token_strings(doc)
        # the words that may be a group: an actor's word (a demonym), a plural (a sector's group),
        # an ethnic group's word
        plural = ("NNS", "NNPS")
        for i, (lower, tag) in enumerate(zip(strings.lower, strings.tag, strict=True)):
            if i not in index and tag not in plural and lower not in words.ethnic_groups:
                continue
            token = doc[i]
            own = index.get(token.i)
            own_entry = own._.entry if own is not None else None
            modifier = token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i
            demonym = (
                own_entry is not None
                and len(own) == 1
                and own_entry.role == "adjective"
                and (modifier or token.pos_ in ("NOUN", "PROPN"))  # "Bosnian Serb forces", "Serbs"
            )
            # "opposition groups in Zimbabwe", "rebels from Chad": a group named by its sector
            group = own is None and tag in plural and sectors.group_sector(token)
            stateless = own is None and (token.lower_ in words.ethnic_groups or bool(group))
            if not (demonym or stateless) or token.i in dropped or any(c.i in dropped for c in token.lefts):
                continue
            head = token.head if modifier else token
            if modifier and not (
                head.lemma_.lower() in words.population_heads or sectors.phrase_sector(head)
            ):
                continue  # "the Serbian Albanian border": not a group of people
            if not modifier and not (token.tag_ in ("NNS", "NNPS") or token.lower_.endswith("s")):
                continue  # a single person ("a Serb") is not a group
            own_code = own._.actor.code if demonym else None
            marker = next(
                (c for c in token.lefts if c.lower_ in words.ethnic_markers and c.i == token.i - 1), None
            )
            start, country, place = token.i, None, None
            before = index.get(token.i - 1) if marker is None else None
            before_entry = before._.entry if before is not None else None
            if (
                before_entry is not None
                and before.end == token.i
                and before_entry.kind == "state"
                and before_entry.role == "adjective"
                and before_entry.code != own_code
            ):
                country, start = before_entry, before.start  # "Bosnian Serbs"
            elif not (modifier and demonym):  # "Afghan refugees in Pakistan" are still Afghans
                marked = stateless or marker is not None
                preps = words.marked_residence_preps if marked else words.residence_preps
                for prep in head.rights:
                    if prep.dep_ != "prep" or prep.lower_ not in preps:
                        continue
                    for obj in prep.children:
                        if obj.dep_ != "pobj":
                            continue
                        # "in south Serbia", "in Serbia's south"
                        candidates = [obj] + [c for c in obj.children if c.dep_ in ("poss", "compound")]
                        place = next((index[c.i] for c in candidates if c.i in index), None)
                        entry = place._.entry if place is not None else None
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
            found = sectors.phrase_sector(head) if modifier else None
            sector = found[0] if found else (None if modifier else group or "CVL")
            span = Span(doc, start, token.i + 1, label="GROUP")
            span._.actor = Actor(
                span.text, span.text, country.code, "non_state", sector, country.code + (sector or "")
            )
            added.append(span)
            dropped.update(range(start, token.i + 1))
            if place is not None:
                place._.place_use = True
        if added:
            kept = [s for s in coded if not any(t in dropped for t in range(s.start, s.end))]
            set_actors(doc, sorted(kept + added, key=lambda s: s.start))
        return doc


@Language.factory(
    "allyscope_groups",
    default_config={"lang": "en", "rules": None},
    assigns=["doc.spans", "doc._.actor_index"],
    requires=["doc.spans", "span._.actor", "span._.entry", "doc._.actor_index"],
)
def make_group_coder(nlp: Language, name: str, lang: str, rules: str | None):
    return GroupCoder(lang, rules)
