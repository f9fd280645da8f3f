"""The model's attribute ruler (part of speech, morphology and lemma exceptions by tag and
word), with the same rules matched over the attribute arrays of a batch of documents.

spaCy's Matcher tries each of the model's 179 patterns at every token, one token at a time:
about 16 µs a token, an eighth of the whole model's cost and more than all of allyscope's
components. The patterns are short sequences of tokens whose attributes equal a value, are
or are not in a set, or match a regular expression: each such test is one comparison over a
column of the batch's attributes, and a pattern matches where all its tokens' tests hold at
consecutive positions of one document. A pattern that uses anything else (an operator such as
"+", another attribute) goes through a Matcher of its own. The matches, their order (a later
rule wins) and so the attributes set are spaCy's own: `tests/test_model_components.py` checks
this against the stock component."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.util import minibatch

# attributes that `Doc.to_array` gives as the hash of the string a pattern names (or a flag)
COLUMNS = ("ORTH", "LOWER", "TAG", "DEP", "IS_SPACE")
COLUMN_IDS = [IDS[name] for name in COLUMNS]
STRING_COLUMNS = ("ORTH", "LOWER", "TAG", "DEP")


class Test(NamedTuple):
    """What one attribute of a pattern's token must be, as the Matcher's operators say it: `kind`
    IN or NOT_IN the hashes of `values`, or REGEX (`values` the expression)."""

    column: int
    kind: str
    values: tuple | str


class ArrayAttributeRuler(AttributeRuler):
    def __init__(self, vocab, name: str):
        super().__init__(vocab, name)
        self.clear()

    def clear(self) -> None:
        super().clear()
        self.rest = Matcher(self.vocab, validate=self.validate)
        # (rule number, its key, the tests of each of the pattern's tokens)
        self.sequences: list[tuple[int, int, tuple[tuple[Test, ...], ...]]] = []

    def add(self, patterns, attrs, index: int = 0) -> None:
        number = len(self.attrs)
        super().add(patterns, attrs, index)
        key = self.vocab.strings[str(number)]
        for pattern in patterns:
            tokens = [self.token_tests(token) for token in pattern]
            if pattern and all(tokens):
                self.sequences.append((number, key, tuple(tokens)))
            else:
                self.rest.add(key, [pattern])

    def token_tests(self, token: dict) -> tuple[Test, ...]:
        """The tests of one token of a pattern, or () when it uses anything else."""
        tests = []
        for name, value in token.items():
            column = COLUMNS.index(name.upper()) if name.upper() in COLUMNS else None
            kind, values = (
                next(iter(value.items())) if isinstance(value, dict) and len(value) == 1 else ("IN", [value])
            )
            if column is None or not isinstance(values, list | str):
                return ()
            if kind in ("IN", "NOT_IN") and all(isinstance(v, str | bool) for v in values):
                hashes = tuple(int(v) if isinstance(v, bool) else self.vocab.strings.add(v) for v in values)
                tests.append(Test(column, kind, hashes))
            elif kind == "REGEX" and isinstance(values, str) and COLUMNS[column] in STRING_COLUMNS:
                tests.append(Test(column, kind, values))
            else:
                return ()
        return tuple(tests)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        error_handler = self.get_error_handler()
        for docs in minibatch(stream, size=batch_size):
            try:
                for doc, matches in zip(docs, self.match_batch(docs), strict=True):
                    self.set_annotations(doc, matches)
            except Exception as e:
                error_handler(self.name, self, docs, e)
            yield from docs

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(rule number, its key, start, end) of every match, in spaCy's order."""
        return self.match_batch([doc])[0]

    def match_batch(self, docs: list[Doc]) -> list[list[tuple[int, int, int, int]]]:
        """The matches of each document of a batch: each test is one comparison over the
        batch's tokens (a comparison costs little more for 4,000 tokens than for 200)."""
        strings = self.vocab.strings
        found: list[set] = [set() for _ in docs]
        if len(self.rest):
            for doc, matches in zip(docs, found, strict=True):
                matches.update(
                    (int(strings[key]), key, s, e) for key, s, e in self.rest(doc, allow_missing=True)
                )
        sizes = [len(doc) for doc in docs]
        if not sum(sizes):
            return [sorted(matches) for matches in found]
        array = np.concatenate([doc.to_array(COLUMN_IDS).reshape(len(doc), len(COLUMNS)) for doc in docs])
        owner = np.repeat(np.arange(len(docs)), sizes)  # the document of each token
        first = np.cumsum([0, *sizes]).tolist()  # the batch's index of each document's first token
        held: dict[Test, np.ndarray] = {}  # where each test holds
        for number, key, tokens in self.sequences:
            starts = len(array) - len(tokens) + 1
            if starts <= 0:
                continue
            where = owner[:starts] == owner[len(tokens) - 1 :]  # a match lies within one document
            for offset, tests in enumerate(tokens):
                for test in tests:
                    if test not in held:
                        held[test] = holds(test, array[:, test.column], strings)
                    where &= held[test][offset : offset + starts]
            hits = np.flatnonzero(where)
            for i, n in zip(hits.tolist(), owner[hits].tolist(), strict=True):
                found[n].add((number, key, i - first[n], i - first[n] + len(tokens)))
        return [sorted(matches) for matches in found]


def holds(test: Test, column: np.ndarray, strings) -> np.ndarray:
    """Where in a column of hashes `test` holds."""
    if test.kind == "REGEX":
        values = [h for h in np.unique(column).tolist() if re.search(test.values, strings[h])]
    else:
        values = test.values
    hit = np.zeros(len(column), dtype=bool)
    for value in values:  # a few values each: faster than np.isin, which sorts
        hit |= column == value
    return ~hit if test.kind == "NOT_IN" else hit


@Language.factory("allyscope_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> ArrayAttributeRuler:
    return ArrayAttributeRuler(nlp.vocab, name)


def array_attribute_ruler(nlp: Language) -> None:
    """Replace the model's attribute ruler, if it has one, with ArrayAttributeRuler, its rules kept."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.replace_pipe("attribute_ruler", "allyscope_attribute_ruler")
    nlp.get_pipe("attribute_ruler").add_patterns(patterns)
