"""allyscope: security-cooperation events from English news, and partner-dependence analysis.

The Python API has the verbs of the command line:
    allyscope.extract(text_or_path, date=...) -> list[Event]
    Store(path).ingest(paths) / .events(...) / .partners(...)
    allyscope.evaluate(gold_paths) -> DataFrame
"""

from .evaluation import evaluate
from .model import Actor, Document, Event
from .pipeline import extract, extract_documents

__all__ = ["Actor", "Document", "Event", "evaluate", "extract", "extract_documents"]
