"""Language stage: the spaCy English pipeline with allyscope's registered components."""

from .nlp import load_nlp, pipe

__all__ = ["load_nlp", "pipe"]
