"""English syntax helpers over spaCy's parse, for the stage modules (which hold no words)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reader dates documents with this language and loads no spaCy
    from spacy.tokens import Token


class Syntax:
    """Questions about a token that English answers with function words."""

    def __init__(self, words):
        self.words = words
        self.definite = words.definite_determiners
        self.infinitive = words.infinitive_markers
        self.genitive = words.genitive_preps

    def is_definite(self, token: Token) -> bool:
        """ "the organisation", "this agreement": a noun phrase that refers back."""
        return any(c.dep_ == "det" and c.lower_ in self.definite for c in token.children)

    def has_infinitive(self, verb: Token) -> bool:
        """ "agreed to hold", "a project to enhance": the verb is a to-infinitive."""
        return any(c.dep_ == "aux" and c.lower_ in self.infinitive for c in verb.children)

    def objects_of(
        self, token: Token, preps: Iterable[str], deps: tuple[str, ...] = ("prep",)
    ) -> list[Token]:
        """Objects of the token's prepositions among `preps`: "aid [for] Romania" -> Romania."""
        return [
            c
            for p in token.children
            if p.dep_ in deps and p.lower_ in preps
            for c in p.children
            if c.dep_ == "pobj"
        ]

    def genitive_objects(self, token: Token) -> list[Token]:
        """Everything under the token's genitive phrase ("of"), whatever the parser called it:
        "the deployment [of peacekeeping troops]"."""
        return [c for p in token.children if p.lower_ in self.genitive for c in p.children]

    def is_genitive(self, token: Token) -> bool:
        """Whether a preposition is the genitive one ("of")."""
        return token.lower_ in self.genitive

    def governs_via(self, token: Token, preps: Iterable[str]) -> bool:
        """Whether the token is the object of one of `preps`: "in [Moscow]"."""
        return token.dep_ == "pobj" and token.head.lower_ in preps

    def has_possessive(self, token: Token) -> bool:
        """ "its agreement": a noun owned by a pronoun that refers back."""
        return any(c.dep_ == "poss" and c.lower_ in self.words.possessive_pronouns for c in token.children)
