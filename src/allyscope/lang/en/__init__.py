"""English: word lists (words.json), rule files, text patterns, date expressions and syntax helpers."""

from . import dates, patterns
from .syntax import Syntax

__all__ = ["Syntax", "dates", "patterns"]
