"""Event triggers, frames and context terms, loaded from `data/events/`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from ..paths import DATA, read_word_classes

EVENTS = DATA / "events"


@dataclass(frozen=True)
class Trigger:
    """One entry of data/events/triggers.jsonl: a word (lemma and POS) that signals an event.

    `type`, `frame` (data/events/frames.json) and `cameo` (the realized code) say what it codes;
    `general_cameo` is what it codes outside a security context, as an event of the general
    types ("gave Ivory Coast aid for farming" is 070, provide aid, not military aid), if its
    object has one of the `general_needs_obj` words ("delivered a message" is no aid);
    `plover` overrides the code's PLOVER type and `modality` sets the modality when no cue says
    otherwise ("pledge" is planned). The rest are conditions on the word in its sentence:
    `needs_context` (a security term in this or the previous sentence, else the trigger codes
    its `general_cameo` or nothing), `needs_prep`/`needs_mod`/`needs_adv`/`needs_obj`/`needs_of`
    (one of the |-separated words, or of an '@list' of word_lists.json, among its prepositions,
    modifiers, adverbs, object words or 'of' objects), `not_mod`/`not_adv`/`not_obj`/`not_subj`
    (none of them), `not_under` (not the object of these verbs), `needs_dobj` (has an object),
    `no_dobj` (has none), `obj_is_party` (its object names a party), `plural_only`.
    """

    lemma: str
    pos: str
    type: str
    frame: str
    cameo: str
    plover: str | None = None
    general_cameo: str | None = None
    general_needs_obj: str | None = None
    needs_context: bool = False
    needs_prep: str | None = None
    needs_mod: str | None = None
    needs_obj: str | None = None
    not_under: str | None = None
    obj_is_party: bool = False
    plural_only: bool = False
    not_obj: str | None = None
    needs_of: str | None = None
    modality: str | None = None
    needs_adv: str | None = None
    needs_dobj: bool = False
    no_dobj: bool = False
    not_subj: str | None = None
    not_adv: str | None = None
    not_mod: str | None = None


@cache
def load_triggers() -> dict[tuple[str, str], list[Trigger]]:
    """(lemma, POS) -> trigger entries; a compound lemma ("war game") is keyed by its last word."""
    table: dict[tuple[str, str], list[Trigger]] = {}
    known = set(Trigger.__dataclass_fields__)
    with (EVENTS / "triggers.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                trigger = Trigger(**{k: v for k, v in record.items() if k in known})
                table.setdefault((trigger.lemma.split()[-1], trigger.pos), []).append(trigger)
    return table


@cache
def load_frames() -> dict[str, dict]:
    with (EVENTS / "frames.json").open(encoding="utf-8") as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


@cache
def load_lexicon() -> dict[str, frozenset[str]]:
    """Word class -> its lemmas (data/events/lexicon.json)."""
    return read_word_classes(EVENTS / "lexicon.json", "lemmas")


EVENT_HEADS = load_lexicon()["event_heads"]
REFERENCE_NOUNS = load_lexicon()["reference_nouns"]


@cache
def load_modality_cues() -> dict[str, dict]:
    with (EVENTS / "modality.json").open(encoding="utf-8") as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


def read_word_list(name: str) -> frozenset[str]:
    with (EVENTS / name).open(encoding="utf-8") as f:
        return frozenset(w.strip().lower() for w in f if w.strip() and not w.startswith("#"))


@cache
def security_terms() -> frozenset[str]:
    return read_word_list("security_terms.txt")


@cache
def aid_kind_terms() -> dict[str, str]:
    with (EVENTS / "aid_kinds.tsv").open(encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and line[0] != "#"]
    return {row[0]: row[1] for row in rows}


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """List name -> its words (data/events/word_lists.json), named in conditions as '@name'."""
    return read_word_classes(EVENTS / "word_lists.json", "words")


@cache
def options(value: str | None) -> frozenset[str]:
    """The words of a condition: '|'-separated, each a word or an '@list' of word_lists.json."""
    words: set[str] = set()
    for part in (value or "").lower().split("|"):
        if part.startswith("@"):
            words |= word_lists()[part[1:]]
        elif part:
            words.add(part)
    return frozenset(words)


def is_reference(token: Token) -> bool:
    """An agreement mentioned as the frame of something else, unless the text says it was signed."""
    if any(
        c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("sign", "conclude", "ratify")
        for c in token.children
    ):
        return False
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "under":
        return True
    return token.dep_ == "pobj" and head.head.lemma_.lower() in REFERENCE_NOUNS


def object_words(token: Token) -> set[str]:
    return {w.lower_ for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr") for w in c.subtree}


def general_matches(token: Token, trigger: Trigger) -> bool:
    """Whether the trigger codes its general act here (`general_cameo`, `general_needs_obj`)."""
    if not trigger.general_cameo:
        return False
    return not trigger.general_needs_obj or bool(object_words(token) & options(trigger.general_needs_obj))


def matches(token: Token, trigger: Trigger) -> bool:
    """Whether `token` satisfies the trigger's conditions in its sentence (other than `needs_context`)."""
    words = trigger.lemma.split()
    if len(words) > 1:
        left = [t.lemma_.lower() for t in token.lefts if t.dep_ in ("compound", "amod")]
        if words[:-1] != left[-(len(words) - 1) :]:
            return False
    if trigger.plural_only and token.tag_ not in ("NNS", "NNPS"):
        return False
    if trigger.needs_prep:
        preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt", "agent")}
        if not preps & options(trigger.needs_prep):
            return False
    if trigger.pos == "VERB" and token.dep_ in ("amod", "compound", "nmod", "npadvmod"):
        return False  # "training range", "the U.S.-funded post": a modifier, not an action
    if trigger.type == "agreement" and trigger.pos == "NOUN" and is_reference(token):
        return False  # "as part of their cooperation agreements": an agreement cited, not concluded
    if trigger.type == "military_aid" and any(c.lower_ == "against" for c in token.children):
        return False  # "airstrikes delivered munitions against ISIL targets": an attack, not aid
    if trigger.no_dobj and any(c.dep_ in ("dobj", "dative") for c in token.children):
        return False  # "servicemen began training at Russian academies": the trainees are the subject
    if trigger.needs_dobj and not any(c.dep_ in ("dobj", "dative", "nsubjpass") for c in token.children):
        return False  # "to provide for the future"
    if trigger.not_subj and {
        w.lower_ for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for w in c.subtree
    } & options(trigger.not_subj):
        return False
    adverbs = {c.lower_ for c in token.children if c.dep_ == "advmod"}
    if trigger.needs_adv and not adverbs & options(trigger.needs_adv):
        return False
    if trigger.not_adv and adverbs & options(trigger.not_adv):
        return False
    # "the deployment of peacekeeping troops" is a peacekeeping deployment
    of_mods = {
        w.lower_
        for p in token.children
        if p.lower_ == "of" and token.pos_ in ("NOUN", "PROPN")
        for o in p.children
        for w in o.lefts
        if w.dep_ in ("amod", "compound")
    }
    if trigger.not_mod and (
        {c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound")} | of_mods
    ) & options(trigger.not_mod):
        return False
    if trigger.needs_mod:
        # with the modifiers' own compounds: "Border Management Programme"
        mods = {
            w.lower_
            for c in token.lefts
            if c.dep_ in ("amod", "compound", "nmod")
            for w in c.subtree
            if w.dep_ in ("amod", "compound", "nmod")
        }
        if not (mods | of_mods) & options(trigger.needs_mod):
            return False
    objects = object_words(token)
    if trigger.needs_obj and not objects & options(trigger.needs_obj):
        return False
    if trigger.not_obj and objects & options(trigger.not_obj):
        return False
    if (
        token.dep_ == "compound"
        and trigger.pos == "NOUN"
        and token.pos_ != "PROPN"  # "Exercise Khanjar" names the event
        and token.head.lemma_.lower() not in EVENT_HEADS
    ):
        return False  # "training range", "attack jets", "exercise area": a modifier, not an event
    if trigger.needs_of:
        of_objects = {
            w.lower_ for p in token.children if p.lower_ == "of" for c in p.children for w in c.subtree
        }
        if not of_objects & options(trigger.needs_of):
            return False
    return not (
        trigger.not_under
        and token.head.lemma_.lower() in options(trigger.not_under)
        and token.dep_ in ("dobj", "nsubjpass", "pobj", "conj", "attr", "xcomp")
    )
