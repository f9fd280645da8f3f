"""Language stage: the spaCy English pipeline with allyscope's registered components."""

from .nlp import load_nlp

__all__ = ["load_nlp"]
