"""Shared by the peer-suite adapters: locate their data and run the extractor on single sentences."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..model import Document, Event

SHARED_EVAL = Path("..") / "shared" / "eval"


def resolve(path: str | Path | None, folder: str, name: str) -> Path:
    """The data file of a suite: `path` itself, `name` inside `path` if it is a folder, or the default.

    Args:
        path: explicit file or folder, or None for `../shared/eval/<folder>/<name>` (from the cwd).
        folder: the suite's folder under shared/eval.
        name: the data file's name.
    Returns:
        The file's path (not checked for existence).
    """
    path = Path(path) if path is not None else SHARED_EVAL / folder
    return path / name if path.is_dir() else path


def read_records(path: Path) -> list[dict]:
    """JSON lines -> list of dicts."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def extract_sentences(
    texts: Iterable[tuple[str, str, str | None]], actors: tuple[str, ...] = ()
) -> list[list[Event]]:
    """Run the pipeline on each sentence as a one-sentence document.

    Args:
        texts: (id, text, ISO date or None) per sentence.
        actors: extra actor dictionaries.
    Returns:
        The events of each sentence, in input order.
    """
    from ..pipeline import extract_documents

    documents = [
        Document(text=text, doc_id=id_, date=date, date_source="option" if date else None)
        for id_, text, date in texts
    ]
    return [found for _, found in extract_documents(documents, actors, batch_size=64)]
