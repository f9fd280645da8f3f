"""The model's rule lemmatizer, run over a document's arrays.

spaCy's rule lemmatizer keeps each word's lemmas by (word, part of speech, morphology), but it
reads that key and writes the lemma through a Token and its morphology object, one token at a
time: about 6.5 µs a token, 5% of the whole model's cost. Here the keys come from one array,
a key seen before takes its lemma from the lemmatizer's own cache, a new one asks the
lemmatizer itself, and the lemmas go back in one array: the same lemmas
(`tests/test_language.py` checks this against the stock component)."""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc


class ArrayLemmatizer:
    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.lemmatize = lemmatizer.lemmatize  # what a caller asks of a lemmatizer, one token

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer.mode != "rule" or not len(doc):
            return lemmatizer(doc)
        if not lemmatizer._validated:  # the check of its tables spaCy's lemmatizer makes first
            lemmatizer._validate_tables(Errors.E1004)
        strings, cache = doc.vocab.strings, lemmatizer.cache
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not lemmatizer.overwrite:
                continue
            forms = cache.get((orth, pos, morph)) or lemmatizer.lemmatize(doc[i])
            lemmas[i] = strings.add(forms[0])
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("allyscope_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> ArrayLemmatizer:
    return ArrayLemmatizer(nlp.get_pipe("lemmatizer"))


def array_lemmatizer(nlp: Language) -> None:
    """Put the array lemmatizer, around the model's own, in the place of the model's lemmatizer."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    nlp.add_pipe("allyscope_lemmatizer", after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    nlp.rename_pipe("allyscope_lemmatizer", "lemmatizer")
