"""Evaluation: score extraction against gold files (SPEC "Gold file format")."""

from .score import evaluate, score_document

__all__ = ["evaluate", "score_document"]
