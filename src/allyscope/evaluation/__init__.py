"""Evaluation: score extraction against gold files (SPEC "Gold file format") and peers' test suites."""

from .grouping import across_documents, grouping, load_mentions
from .petrarch import evaluate_petrarch
from .plover import evaluate_plover
from .score import by_type, error_rows, evaluate, score_document

__all__ = [
    "across_documents",
    "by_type",
    "error_rows",
    "evaluate",
    "evaluate_petrarch",
    "evaluate_plover",
    "grouping",
    "load_mentions",
    "score_document",
]
