"""Evaluation: score extraction against gold files (SPEC "Gold file format") and peers' test suites."""

from .petrarch import evaluate_petrarch
from .plover import evaluate_plover
from .score import by_type, error_rows, evaluate, score_document

__all__ = ["by_type", "error_rows", "evaluate", "evaluate_petrarch", "evaluate_plover", "score_document"]
