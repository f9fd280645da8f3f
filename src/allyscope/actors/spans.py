"""What the actor components hand on, as registered extensions.

`doc.spans["actors"]` holds the actor mentions, each with `span._.actor` (a model.Actor) and
`span._.place_use` (the name is used as a place: "in Moscow"); a name found in the actor
dictionary also has `span._.entry`, its dictionary Entry. `doc._.actor_index` maps a token
to the actor span covering it, `doc._.actor_pairs` a word such as "sides" in "the two sides" (or
"they" after "Iran and Turkmenistan") to the two parties it stands for, and `doc._.actor_counts`
a party's code to how often it acts in the text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

Span.set_extension("actor", default=None, force=True)
Span.set_extension("place_use", default=False, force=True)
Span.set_extension("entry", default=None, force=True)
Doc.set_extension("actor_index", default=None, force=True)
Doc.set_extension("actor_pairs", default=None, force=True)
Doc.set_extension("actor_counts", default=None, force=True)

SPANS = "actors"


def actor_index(spans: list[Span]) -> dict[int, Span]:
    """Token index -> the actor span covering it."""
    return {t: s for s in spans for t in range(s.start, s.end)}


def set_actors(doc: Doc, spans: list[Span]) -> None:
    """Store the actor spans of a document and the index over them."""
    doc.spans[SPANS] = spans
    doc._.actor_index = actor_index(spans)


def actors_of(doc: Doc) -> list[Span]:
    """The actor spans of a document, in text order."""
    return list(doc.spans[SPANS]) if SPANS in doc.spans else []


def actor_at(token: Token) -> Span | None:
    """The actor span covering `token`, if any."""
    index = token.doc._.actor_index
    return index.get(token.i) if index else None
