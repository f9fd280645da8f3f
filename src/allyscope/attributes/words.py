"""Word classes of the attribute rules, from data/attribute_words.json."""

from __future__ import annotations

from functools import cache

from ..paths import DATA, read_word_classes


@cache
def word_classes() -> dict[str, frozenset[str]]:
    return read_word_classes(DATA / "attribute_words.json", "words")


def attribute_words(name: str) -> frozenset[str]:
    """The words of one class ("place_nouns", "end_point_words", ...)."""
    return word_classes()[name]
