"""What the actor components hand on, as registered extensions.

`doc.spans["actors"]` holds the actor mentions (and `doc._.actor_spans` the same in text order
with their starts, for the actors of one sentence), each with `span._.actor` (a model.Actor) and
`span._.place_use` (the name is used as a place: "in Moscow"); a name found in the actor
dictionary also has `span._.entry`, its dictionary Entry. `doc._.actor_index` maps a token
to the actor span covering it, `doc._.actor_pairs` a word such as "sides" in "the two sides" (or
"they" after "Iran and Turkmenistan") to the two parties it stands for, and `doc._.actor_counts`
a party's code to how often it acts in the text.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

Span.set_extension("actor", default=None, force=True)
Span.set_extension("place_use", default=False, force=True)
Span.set_extension("entry", default=None, force=True)
Doc.set_extension("actor_spans", default=None, force=True)
Doc.set_extension("actor_index", default=None, force=True)
Doc.set_extension("actor_pairs", default=None, force=True)
Doc.set_extension("actor_counts", default=None, force=True)

SPANS = "actors"
# where spaCy keeps `doc._.actor_index`: actor_at runs for most tokens of a document, and
# `doc._` builds an Underscore object on every access (about 1 µs, more than the lookup)
INDEX_KEY = ("._.", "actor_index", None, None)


def actor_index(spans: list[Span]) -> dict[int, Span]:
    """Token index -> the actor span covering it."""
    return {t: s for s in spans for t in range(s.start, s.end)}


class ActorSpans:
    """A document's actor spans in text order, with their starts for range lookups, so that
    asking for the actors of one sentence does not scan the whole document."""

    def __init__(self, spans: list[Span]):
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def starting_in(self, start: int, end: int) -> list[Span]:
        """The spans that start at a token in [start, end), in text order."""
        return self.spans[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def set_actors(doc: Doc, spans: list[Span]) -> None:
    """Store the actor spans of a document (in text order) and the indexes over them."""
    doc.spans[SPANS] = spans
    doc._.actor_spans = ActorSpans(spans)
    doc._.actor_index = actor_index(spans)


def actors_of(doc: Doc) -> list[Span]:
    """The actor spans of a document, in text order."""
    found = doc._.actor_spans
    return list(found.spans) if found is not None else []


def actors_starting_in(doc: Doc, start: int, end: int) -> list[Span]:
    """The actor spans that start at a token in [start, end) (a sentence: `sent.start, sent.end`)."""
    found = doc._.actor_spans
    return found.starting_in(start, end) if found is not None else []


def actor_at(token: Token) -> Span | None:
    """The actor span covering `token`, if any."""
    index = token.doc.user_data.get(INDEX_KEY)
    return index.get(token.i) if index else None
