"""allyscope: security-cooperation events from English news, and partner-dependence analysis.

The Python API has the verbs of the command line:
    allyscope.extract(text_or_path, date=...) -> list[Event]
    allyscope.Pipeline(lang="en", rules=FOLDER, actors=(...)): what extract runs with (pipeline=...)
    Store(path).ingest(paths) / .events(...) / .partners(...)
    allyscope.evaluate(gold_paths) -> DataFrame
"""

from .evaluation import evaluate
from .model import Actor, Document, Event
from .pipeline import Pipeline, extract, extract_documents

__all__ = ["Actor", "Document", "Event", "Pipeline", "evaluate", "extract", "extract_documents"]
