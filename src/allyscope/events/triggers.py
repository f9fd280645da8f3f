"""The trigger interpreter: which lines of triggers.jsonl fire on a token.

A line fires when its word is there (lemma and POS; a compound lemma such as "war game" with
its modifiers), the three guards below pass, and every condition it names holds (see
events/conditions.py, where each condition is a small named function).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..language.strings import TokenStrings
from ..rules import Rules, TriggerRule
from .arguments import Arguments
from .conditions import CONDITIONS, object_words
from .relations import Relations


def compound_lemma(token: Token, rule: TriggerRule) -> bool:
    """A compound lemma's first words are the token's modifiers: "war [games]" for "war game"."""
    words = rule.lemma.split()
    if len(words) == 1:
        return True
    left = [t.lemma_.lower() for t in token.lefts if t.dep_ in ("compound", "amod")]
    return words[:-1] == left[-(len(words) - 1) :]


def verb_acts(token: Token, rule: TriggerRule) -> bool:
    """A verb trigger is an action, not a modifier: "training range", "the U.S.-funded post"."""
    return not (rule.pos == "VERB" and token.dep_ in ("amod", "compound", "nmod", "npadvmod"))


def noun_is_event(token: Token, rule: TriggerRule, event_heads: frozenset[str]) -> bool:
    """A noun trigger that modifies another noun names no event ("training range", "attack
    jets"), unless it names one itself ("Exercise Khanjar") or the noun is an event head ("an
    aid package")."""
    return not (
        token.dep_ == "compound"
        and rule.pos == "NOUN"
        and token.pos_ != "PROPN"
        and token.head.lemma_.lower() not in event_heads
    )


class TriggerMatcher:
    """Finds the trigger lines that fire on a token; the environment conditions are tested in."""

    def __init__(self, rules: Rules, arguments: Arguments, noun_lemma: Callable[[str], str]):
        self.triggers = rules.triggers
        self.noun_lemma = noun_lemma
        self.words = rules.lang.words
        self.syntax = rules.lang.syntax
        self.arguments = arguments
        self.event_heads = self.words.event_heads
        self._relations: dict[int, Relations] = {}

    def relations(self, token: Token) -> Relations:
        """The relations of a trigger token, computed once per token of the current document."""
        found = self._relations.get(token.i)
        if found is None:
            found = self._relations[token.i] = Relations(token, self.arguments)
        return found

    def forget(self) -> None:
        """Drop the relations of the previous document (call before each document)."""
        self._relations.clear()

    def rules_at(self, strings: TokenStrings, i: int) -> list[TriggerRule]:
        """The trigger lines of token `i`'s word, from the document's token strings (a named event
        is a proper noun: "Exercise Khanjar"; a plural name keeps its plural as lemma: "Foreign
        Military Sales" is a sale)."""
        pos = "NOUN" if strings.pos[i] == "PROPN" else strings.pos[i]
        lemma = self.noun_lemma(strings.text[i]) if strings.tag[i] == "NNPS" else strings.lemma[i]
        return self.triggers.get((lemma, pos), [])

    def matches(self, token: Token, rule: TriggerRule) -> bool:
        """Whether `token` satisfies the line's guards and conditions (other than `needs_context`)."""
        if not (
            compound_lemma(token, rule)
            and verb_acts(token, rule)
            and noun_is_event(token, rule, self.event_heads)
        ):
            return False
        return all(CONDITIONS[name].test(token, value, self) for name, value in rule.conditions)

    def general_matches(self, token: Token, rule: TriggerRule) -> bool:
        """Whether the trigger codes its general act here (`general_cameo`, `general_needs_obj`)."""
        if not rule.general_cameo:
            return False
        return not rule.general_needs_obj or bool(object_words(token) & rule.general_needs_obj)
