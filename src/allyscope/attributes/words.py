"""Word classes of the attribute rules, from data/attribute_words.json."""

from __future__ import annotations

import json
from functools import cache

from ..paths import DATA


@cache
def word_classes() -> dict[str, frozenset[str]]:
    with (DATA / "attribute_words.json").open(encoding="utf-8") as f:
        return {k: frozenset(v["words"]) for k, v in json.load(f).items() if not k.startswith("_")}


def attribute_words(name: str) -> frozenset[str]:
    """The words of one class ("place_nouns", "end_point_words", ...)."""
    return word_classes()[name]
