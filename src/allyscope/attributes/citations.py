"""Cited sources: "(Avesta, September 20)", "(Itar-Tass, September 14)", "according to Interfax"."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span


def outlet_name(text: str) -> str:
    """The outlet as written, without the sentence's punctuation."""
    text = text.strip().rstrip(",;:")
    # "U.S." ends an abbreviation (capital before the dot); "Interfax." and "EurasiaNet.org." end a sentence
    last = text.split()[-1] if text else ""
    abbreviation = last.count(".") > 1 and last[-2:-1].isupper()  # "U.S." keeps its dot, "TASS." not
    return text[:-1] if text.endswith(".") and not abbreviation else text


class Citations:
    """The citations of a text, with the language's citation patterns."""

    def __init__(self, lang):
        self.paren = lang.patterns.CITATION
        self.named = lang.patterns.NAMED_SOURCES
        self.parse = lang.dates.parse

    def citations_in(self, text: str, anchor: date | None) -> list[dict]:
        """All citations in a piece of text, in order, as {outlet, date}."""
        found = []
        for match in self.paren.finditer(text):
            parsed = self.parse(match.group(2), anchor)
            found.append(
                (match.start(), {"outlet": match.group(1).strip(), "date": parsed[0] if parsed else None})
            )
        for pattern in self.named:
            for match in pattern.finditer(text):
                found.append((match.start(), {"outlet": outlet_name(match.group(1)), "date": None}))
        return [c for _, c in sorted(found, key=lambda x: x[0])]

    def by_sentence(self, sents: list[Span], text: str, anchor: date | None) -> dict[int, dict]:
        """Sentence start -> citation: its own, else the next one later in the same paragraph.
        `text` is the document's (a sentence's own text is cut from it: spaCy builds `sent.text`
        from its tokens on every access)."""
        result: dict[int, dict] = {}
        pending: list[Span] = []
        for sent in sents:
            pending.append(sent)
            own = self.citations_in(text[sent.start_char : sent.end_char], anchor)
            if own:
                for earlier in pending:
                    result[earlier.start] = own[0]
                pending = []
            with_space = text[sent.start_char : sent.end_char + len(sent[-1].whitespace_)]
            if "\n\n" in with_space or with_space.endswith("\n"):
                pending = []
        return result

    def tokens(self, sent: Span, text: str) -> set[int]:
        """Tokens inside parenthetical citations, whose dates are report dates, not event dates
        (`text`: the document's)."""
        spans = [
            sent.doc.char_span(
                sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
            )
            for m in self.paren.finditer(text[sent.start_char : sent.end_char])
        ]
        return {t.i for span in spans if span is not None for t in span}
