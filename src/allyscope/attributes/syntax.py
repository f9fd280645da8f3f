"""Distances in the dependency tree, used to tie a date, place or amount to the nearest event."""

from __future__ import annotations

from spacy.tokens import Token


def clause_of(token: Token) -> int:
    """The head of the clause a token stands in, among clauses joined side by side with subjects
    of their own ("X received aid; Y trains officers", "X gave aid and Y sent troops"). A
    subordinate clause ("aid, which cost $5 million") belongs to the clause it hangs from, and
    verbs that share one subject ("will provide training and improve posts at a cost of $1
    million") are one clause. A semicolon between a verb and its head parts their clauses however
    the parser joined them."""
    doc = token.doc
    for t in [token, *token.ancestors]:
        if t.dep_ == "ROOT":
            return t.i
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            between = doc[min(t.i, t.head.i) : max(t.i, t.head.i)]
            if t.dep_ in ("conj", "parataxis") or any(w.text == ";" for w in between):
                return t.i
    return token.i


def tree_distance(a: Token, b: Token) -> int:
    """Number of edges between two tokens of one sentence (large if they are unrelated)."""
    path_a = [a, *a.ancestors]
    depth_a = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth_a:
            return depth_a[t.i] + n
    return 100 + abs(a.i - b.i)
