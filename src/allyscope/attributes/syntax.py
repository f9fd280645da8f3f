"""Distances in the dependency tree, used to tie a date, place or amount to the nearest event."""

from __future__ import annotations

from spacy.tokens import Token


def tree_distance(a: Token, b: Token) -> int:
    """Number of edges between two tokens of one sentence (large if they are unrelated)."""
    path_a = [a, *a.ancestors]
    depth_a = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth_a:
            return depth_a[t.i] + n
    return 100 + abs(a.i - b.i)
