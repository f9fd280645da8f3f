"""Trigger conditions: the named tests a line of triggers.jsonl may put on its word.

Each condition is a small function `(token, value, env) -> bool` registered under the key a
trigger line uses; `value` is a set of words for the word conditions (written `"a|b|@list"` in
the data, an '@list' naming a word list of the language) and `true` for the flags. `env`
gives the language (`env.words`, `env.syntax`) and the trigger's relations (`env.relations`).
A trigger fires only where all its conditions hold. The docstring of each shows a sentence
where it decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token


@dataclass(frozen=True)
class Condition:
    name: str
    test: Callable[[Token, Any, Any], bool]
    takes_words: bool  # a set of words; else a flag that is true


CONDITIONS: dict[str, Condition] = {}


def condition(name: str, takes_words: bool = True):
    def register(test):
        CONDITIONS[name] = Condition(name, test, takes_words)
        return test

    return register


def object_words(token: Token) -> set[str]:
    """Every word of the token's objects: "delivered [300 tons of grain]"."""
    return {w.lower_ for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr") for w in c.subtree}


def of_modifiers(token: Token, env) -> set[str]:
    """Modifiers inside a noun's genitive phrase: "the deployment of [peacekeeping] troops"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return set()
    return {
        w.lower_
        for o in env.syntax.genitive_objects(token)
        for w in o.lefts
        if w.dep_ in ("amod", "compound")
    }


@condition("plural_only", takes_words=False)
def plural_only(token: Token, value, env) -> bool:
    """A plural noun: "held talks" (talk: plural_only), not "a talk on security"."""
    return token.tag_ in ("NNS", "NNPS")


@condition("needs_prep")
def needs_prep(token: Token, words, env) -> bool:
    """One of its prepositions or particles: "Tajik officials talked with India" (talk: needs_prep with)."""
    return bool({c.lower_ for c in token.children if c.dep_ in ("prep", "prt", "agent")} & words)


@condition("not_prep")
def not_prep(token: Token, words, env) -> bool:
    """None of these prepositions: "when asked about the Russian base, he said" is a question,
    not a request (ask: not_prep about)."""
    return not needs_prep(token, words, env)


def prep_objects(token: Token) -> set[str]:
    """The lemmas of the objects of the token's prepositions."""
    return {
        o.lemma_.lower() for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
    }


@condition("not_pobj")
def not_pobj(token: Token, words, env) -> bool:
    """None of the words among the objects of its prepositions: "Tajik officers trained with U.S.
    instructors" is aid, not joint training (train: not_pobj @trainer_nouns)."""
    return not prep_objects(token) & words


@condition("needs_pobj")
def needs_pobj(token: Token, words, env) -> bool:
    """One of the words among the objects of its prepositions: "access to Thailand's airfield"
    is basing (access: needs_pobj @operated_facilities), "access to markets" is not."""
    return bool(prep_objects(token) & words)


@condition("no_dobj", takes_words=False)
def no_dobj(token: Token, value, env) -> bool:
    """No object: "servicemen began training at Russian academies" (the trainees are the subject)."""
    return not any(c.dep_ in ("dobj", "dative") for c in token.children)


@condition("needs_dobj", takes_words=False)
def needs_dobj(token: Token, value, env) -> bool:
    """An object: "provided Tajikistan with radios", not "to provide for the future"."""
    return any(c.dep_ in ("dobj", "dative", "nsubjpass") for c in token.children)


@condition("not_subj")
def not_subj(token: Token, words, env) -> bool:
    """None of the words in its subject: "Russian troops travelled to Dushanbe" is no visit
    (travel: not_subj @moving_units)."""
    return (
        not {w.lower_ for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for w in c.subtree} & words
    )


@condition("needs_adv")
def needs_adv(token: Token, words, env) -> bool:
    """One of the words as its adverb: "the two armies trained jointly"."""
    return bool({c.lower_ for c in token.children if c.dep_ == "advmod"} & words)


@condition("not_adv")
def not_adv(token: Token, words, env) -> bool:
    """None of the words as its adverb: "the troops pulled back" vs "pulled out" (not_adv back)."""
    return not {c.lower_ for c in token.children if c.dep_ == "advmod"} & words


@condition("not_mod")
def not_mod(token: Token, words, env) -> bool:
    """None of the words among its modifiers or those of its genitive phrase: "humanitarian aid"
    is no military aid (aid: not_mod @civil_aid_modifiers)."""
    mods = {c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound")}
    return not (mods | of_modifiers(token, env)) & words


@condition("needs_mod")
def needs_mod(token: Token, words, env) -> bool:
    """One of the words among its modifiers (with their own compounds: "Border Management
    Programme") or those of its genitive phrase: "a phone call" (call: needs_mod phone|telephone)."""
    mods = {
        w.lower_
        for c in token.lefts
        if c.dep_ in ("amod", "compound", "nmod")
        for w in c.subtree
        if w.dep_ in ("amod", "compound", "nmod")
    }
    return bool((mods | of_modifiers(token, env)) & words)


@condition("needs_obj")
def needs_obj(token: Token, words, env) -> bool:
    """One of the words in its object: "Russia supplied helicopters" (supply: needs_obj @military_goods)."""
    return bool(object_words(token) & words)


@condition("not_obj")
def not_obj(token: Token, words, env) -> bool:
    """None of the words in its object: "Tajikistan hosts Russian troops" is no visit hosted
    (host: not_obj troops|...)."""
    return not object_words(token) & words


@condition("needs_of")
def needs_of(token: Token, words, env) -> bool:
    """One of the words in its genitive phrase: "the deployment of peacekeepers"."""
    return bool({w.lower_ for c in env.syntax.genitive_objects(token) for w in c.subtree} & words)


@condition("not_under")
def not_under(token: Token, words, env) -> bool:
    """Not the object of one of these verbs: "Kyrgyzstan cancelled the exercise" holds no
    exercise (exercise: not_under @stopping_verbs)."""
    return not (
        token.head.lemma_.lower() in words
        and token.dep_ in ("dobj", "nsubjpass", "pobj", "conj", "attr", "xcomp")
    )


@condition("obj_is_party", takes_words=False)
def obj_is_party(token: Token, value, env) -> bool:
    """Its object names a party: "the minister received the Polish ambassador", not "received
    $2.3 million of U.S. assistance" (receive as hosting: obj_is_party)."""
    return any(env.arguments.is_party_object(o) for o in env.relations(token).get("obj", []))


@condition("not_cited", takes_words=False)
def not_cited(token: Token, value, env) -> bool:
    """Not an agreement cited as the frame of something else: "as part of their cooperation
    agreements", "under the agreement" (unless the text says it was signed)."""
    words = env.words
    if any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in words.concluding_verbs for c in token.children):
        return True
    if token.dep_ != "pobj":
        return True
    return not (
        token.head.lower_ in words.cited_under_preps
        or token.head.head.lemma_.lower() in words.reference_nouns
    )


@condition("not_for_itself", takes_words=False)
def not_for_itself(token: Token, value, env) -> bool:
    """Not an owner's effort on what is its own: in "the recipient's efforts to modernize its
    armed forces" the recipient modernizes its own forces; no one else gives anything."""
    owned_effort = token.dep_ == "acl" and any(c.dep_ == "poss" for c in token.head.children)
    return not (
        owned_effort and any(env.syntax.has_possessive(o) for o in token.children if o.dep_ == "dobj")
    )


@condition("not_against", takes_words=False)
def not_against(token: Token, value, env) -> bool:
    """Nothing aimed against someone: "airstrikes delivered munitions against ISIL targets" is
    an attack, not aid."""
    return not any(c.lower_ in env.words.hostile_preps for c in token.children)
