"""allyscope: security-cooperation events from English news, and partner-dependence analysis.

The Python API has the verbs of the command line:
    allyscope.extract(text_or_path, date=...) -> list[Event]
    allyscope.Pipeline(lang="en", rules=FOLDER, actors=(...)): what extract runs with (pipeline=...)
    Store(path).ingest(paths) / .events(...) / .query_events(...)
    allyscope.partners(store, country, Options(...)) -> Dependence
    allyscope.evaluate(gold_paths) -> DataFrame

Names are imported when first used, so that `import allyscope` (and the store-only commands)
do not pay for spaCy and the evaluation adapters.
"""

from __future__ import annotations

from importlib import import_module

# public name -> the module that defines it
LAZY = {
    "Actor": "allyscope.model",
    "Document": "allyscope.model",
    "Event": "allyscope.model",
    "extract": "allyscope.pipeline",
    "extract_documents": "allyscope.pipeline",
    "Pipeline": "allyscope.pipeline",
    "evaluate": "allyscope.evaluation",
    "Store": "allyscope.store",
    "Options": "allyscope.analysis.options",
    "Dependence": "allyscope.analysis.dependence",
    "dependence": "allyscope.analysis.dependence",
    "partners": "allyscope.analysis.dependence",
}

__all__ = sorted(LAZY)


def __getattr__(name: str):
    if name in LAZY:
        return getattr(import_module(LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(LAZY))
