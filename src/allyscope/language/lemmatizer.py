"""The model's rule lemmatizer, run over a document's arrays.

spaCy's rule lemmatizer reads each token's key (word, part of speech, morphology) and writes its
lemma through a Token and its morphology object, and it keeps the lemmas only of the words it
had to analyse: a name, a number, a punctuation mark or a base form is analysed again at each
occurrence (two tokens in three): about 10 µs a token, more than the parser's share. Here the
keys come from one array, a key seen before takes its lemma from this component's table, a new
one asks the model's lemmatizer itself, and the lemmas go back in one array: the same lemmas
(`tests/test_model_components.py` checks this against the stock component). The table, like
spaCy's own cache, holds a lemma per key the lemmatizer was asked: its answer depends on
nothing else (a token without a part of speech is not kept: spaCy warns of each)."""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc


class ArrayLemmatizer:
    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.lemmatize = lemmatizer.lemmatize  # what a caller asks of a lemmatizer, one token
        self.lemmas: dict[tuple[int, int, int], int] = {}  # (word, part of speech, morphology) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer.mode != "rule" or not len(doc):
            return lemmatizer(doc)
        if not lemmatizer._validated:  # the check of its tables spaCy's lemmatizer makes first
            lemmatizer._validate_tables(Errors.E1004)
        strings, known = doc.vocab.strings, self.lemmas
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not lemmatizer.overwrite:
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = strings.add(lemmatizer.lemmatize(doc[i])[0])
                if pos:
                    known[key] = found
            lemmas[i] = found
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
