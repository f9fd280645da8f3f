"""The extraction pipeline end to end: documents -> spaCy (actors, events) -> attributes ->
coreference -> Events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .attributes.build import build_events
from .coreference import group_mentions
from .documents import read_documents, read_text
from .errors import InputError
from .language import load_nlp
from .model import Document, Event

BATCH_SIZE = 16


def extract_documents(
    documents: Iterable[Document],
    actors: tuple[str, ...] = (),
    batch_size: int = BATCH_SIZE,
    mentions: bool = False,
) -> Iterator[tuple[Document, list[Event]]]:
    """Run the pipeline over documents with `nlp.pipe`; yields (document, its events).

    Events are grouped within each document (coreference.group_mentions); with `mentions`
    every sentence's report is an event of its own (the per-mention view).
    """
    nlp = load_nlp(tuple(actors))
    stream = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield document, group_mentions(doc, document, build_events(doc, document), join=not mentions)


def is_path(text: str) -> bool:
    """Whether a string names an existing file or folder rather than being article text."""
    if "\n" in text or len(text) > 1024:
        return False
    try:
        return Path(text).exists()
    except OSError:  # longer than a file name may be: it is text
        return False


def extract(
    text_or_path: str | Path, date: str | None = None, actors: tuple[str, ...] = (), mentions: bool = False
) -> list[Event]:
    """Events of one article, or of every article under a path.

    Args:
        text_or_path: article text, or a path to a .txt/.html/.jsonl file or a folder.
        date: document date (YYYY-MM-DD) used to resolve "September 20" or "last week"
            when the document's own metadata gives none.
        actors: extra actor dictionaries (JSONL, CSV or PETRARCH .actors.txt).
        mentions: give every sentence's report of an event as an event of its own, instead of
            the events with all their mentions.
    Returns:
        Events in document and text order (each document's mentions of one event joined).
    Raises:
        InputError: if a path cannot be read.
    """
    if isinstance(text_or_path, Path) or (isinstance(text_or_path, str) and is_path(text_or_path)):
        documents = []
        for item in read_documents([text_or_path], date=date):
            if isinstance(item, InputError):
                raise item
            documents.append(item)
    else:
        documents = [read_text(str(text_or_path), date=date)]
    return [e for _, events in extract_documents(documents, actors, mentions=mentions) for e in events]
