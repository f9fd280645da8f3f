"""The extraction pipeline end to end: documents -> spaCy (actors, events) -> attributes ->
coreference -> Events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from . import errors
from .actors.dictionary import code_names
from .attributes.build import EventBuilder
from .coreference import group_mentions
from .documents import read_documents, read_text
from .errors import InputError
from .language import load_nlp
from .model import Document, Event
from .rules import load_rules

BATCH_SIZE = 16


class Pipeline:
    """What extraction runs with: a language, its rules (optionally a folder of replacement
    rule files) and the actor dictionaries (the bundled one plus extras). The rules are read
    and validated here, once per configuration; a bad rule file raises RuleError.

    Args:
        lang: the language, a folder of allyscope/lang ("en").
        rules: a folder whose rule files replace the bundled ones (see allyscope.rules).
        actors: extra actor dictionaries (JSONL, CSV or PETRARCH .actors.txt).
    """

    def __init__(self, lang: str = "en", rules: str | Path | None = None, actors: Iterable[str | Path] = ()):
        self.lang = lang
        self.rules_folder = str(rules) if rules else None
        self.actors = tuple(str(a) for a in actors)
        self.rules = load_rules(lang, self.rules_folder)
        self.ontology = self.rules.ontology
        self.nlp = load_nlp(self.actors, lang, self.rules_folder)
        self.build_events = EventBuilder(self.rules)

    @classmethod
    @cache
    def of(cls, lang: str = "en", rules: str | None = None, actors: tuple[str, ...] = ()) -> Pipeline:
        """The pipeline of one configuration, built once per process."""
        return cls(lang, rules, actors)

    def config(self) -> dict:
        """The configuration, as a store records it: language, rules folder, actor dictionaries, model."""
        return {
            "lang": self.lang,
            "rules": self.rules_folder,
            "actors": list(self.actors),
            "model": f"{self.nlp.meta.get('lang')}_{self.nlp.meta.get('name')}-{self.nlp.meta.get('version')}",
        }

    def code_name(self, code: str) -> tuple[str, str, str]:
        """(code, name, kind) of a party code in this pipeline's dictionaries (extras included);
        a code no dictionary names is its own name, a state."""
        name, kind = code_names(self.actors).get(code, (code, "state"))
        return code, name, kind

    def run(
        self, documents: Iterable[Document], batch_size: int = BATCH_SIZE, mentions: bool = False
    ) -> Iterator[tuple[Document, list[Event]]]:
        """Run over documents with `nlp.pipe`; yields (document, its events).

        Events are grouped within each document (coreference.group_mentions); with `mentions`
        every sentence's report is an event of its own (the per-mention view).
        """
        stream = ((d.text, d) for d in documents)
        for doc, document in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            events = self.build_events(doc, document)
            yield document, group_mentions(doc, document, events, self.rules.lang.words, join=not mentions)


def extract_documents(
    documents: Iterable[Document],
    actors: tuple[str, ...] = (),
    batch_size: int = BATCH_SIZE,
    pipeline: Pipeline | None = None,
    mentions: bool = False,
) -> Iterator[tuple[Document, list[Event]]]:
    """Run the pipeline over documents with `nlp.pipe`; yields (document, its events).

    Args:
        documents: the documents.
        actors: extra actor dictionaries (ignored when `pipeline` is given).
        batch_size: documents per `nlp.pipe` batch.
        pipeline: the Pipeline to run; default: the bundled rules of English with `actors`.
        mentions: every sentence's report of an event as an event of its own (the per-mention
            view) instead of a document's mentions of one event joined.
    """
    pipeline = pipeline or Pipeline.of(actors=tuple(str(a) for a in actors))
    yield from pipeline.run(documents, batch_size, mentions)


def is_path(text: str) -> bool:
    """Whether a string names an existing file or folder rather than being article text."""
    if "\n" in text or len(text) > 1024:
        return False
    try:
        return Path(text).exists()
    except OSError:  # longer than a file name may be: it is text
        return False


def extract(
    text_or_path: str | Path,
    date: str | None = None,
    actors: tuple[str, ...] = (),
    pipeline: Pipeline | None = None,
    mentions: bool = False,
) -> list[Event]:
    """Events of one article, or of every article under a path.

    Args:
        text_or_path: article text, or a path to a .txt/.html/.jsonl file or a folder.
        date: document date (YYYY-MM-DD) used to resolve "September 20" or "last week"
            when the document's own metadata gives none.
        actors: extra actor dictionaries (JSONL, CSV or PETRARCH .actors.txt).
        pipeline: the Pipeline to run (its own actors then apply); default: English, bundled rules.
        mentions: give every sentence's report of an event as an event of its own, instead of
            the events with all their mentions.
    Returns:
        Events in document and text order (each document's mentions of one event joined).
    Raises:
        InputError: if a path cannot be read, or the text is empty (E045: "" is not the
            current folder).
    """
    if isinstance(text_or_path, str) and not text_or_path.strip():
        raise InputError("<text>", errors.E045)
    if isinstance(text_or_path, Path) or (isinstance(text_or_path, str) and is_path(text_or_path)):
        documents = []
        for item in read_documents([text_or_path], date=date):
            if isinstance(item, InputError):
                raise item
            documents.append(item)
    else:
        documents = [read_text(str(text_or_path), date=date)]
    return [
        e
        for _, events in extract_documents(documents, actors, pipeline=pipeline, mentions=mentions)
        for e in events
    ]
