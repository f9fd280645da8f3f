"""A document's token attributes as lists of strings, read once per document.

Creating a spaCy Token and reading one of its strings costs about 0.2 µs; a stage that tests
every word of a document for a word list pays it for every token, and the actor, reference and
event stages had a dozen such passes. Their loops test these lists instead and create a Token
only for the words that pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc

Doc.set_extension("token_strings", default=None, force=True)


@dataclass(frozen=True)
class TokenStrings:
    """Per token index: text, lower-case form, lower-case lemma, fine tag, part of speech and
    dependency label (what `token.text`, `token.lower_`, `token.lemma_.lower()`, `token.tag_`,
    `token.pos_` and `token.dep_` give)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    tag: list[str]
    pos: list[str]
    dep: list[str]


def token_strings(doc: Doc) -> TokenStrings:
    """The strings of a parsed document's tokens, built on the first call and kept with the
    document (the stages after the parser do not change its tokens or their analysis)."""
    found = doc._.token_strings
    if found is None:
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, LEMMA, TAG, POS, DEP]).T.tolist() if len(doc) else [[]] * 6
        text, lower, lemma, tag, pos, dep = ([strings[h] for h in column] for column in columns)
        found = TokenStrings(text, lower, [w.lower() for w in lemma], tag, pos, dep)
        doc._.token_strings = found
    return found


def indexes(words: list[str], wanted: set[str] | frozenset[str]) -> list[int]:
    """The token indexes whose string (in `words`, one of a TokenStrings' lists) is in `wanted`."""
    return [i for i, w in enumerate(words) if w in wanted]
