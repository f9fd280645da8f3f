"""Cited sources: "(Avesta, September 20)", "(Itar-Tass, September 14)", "according to Interfax"."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span

from .dates import MONTH, parse

PAREN = re.compile(
    rf"\(\s*([A-Z][^(),;]{{1,60}}?),\s*((?:{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)|"
    rf"(?:\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?)|(?:{MONTH}\s+\d{{4}})|\d{{4}})\s*\)"
)
# a named source, optionally followed by the body it speaks for: "the U.S. embassy", "Interfax"
SOURCE_NAME = (
    r"((?:[A-Z][\w.&'-]*)(?:[ -](?:[A-Z][\w.&'-]*|of|for|news agency))*"
    r"(?: (?:embassy|ministry|agency|office|service|press service|spokesman|spokesperson|officials|sources|"
    r"media|press|television|radio|newspaper|daily|news agency))?)"
)
ACCORDING = re.compile(r"\b(?i:according to) (?:the |a |an )?" + SOURCE_NAME)
# ", the Kyrgyz Defense Ministry said." at the end of a report
SAID = re.compile(
    r", (?:the |a |an )?((?:[A-Z][\w.&'-]* )*(?:[A-Z][\w.&'-]*|embassy|ministry|agency|office|service|"
    r"spokesman|spokesperson|officials|sources)) (?:said|says|announced|reported)\b"
)
REPORTED = re.compile(r"\b((?:[A-Z][\w.&'-]+)(?: [A-Z][\w.&'-]+)*) (?:reported|reports|quoted)\b")


def outlet_name(text: str) -> str:
    """The outlet as written, without the sentence's punctuation."""
    text = text.strip().rstrip(",;:")
    # "U.S." ends an abbreviation (capital before the dot); "Interfax." and "EurasiaNet.org." end a sentence
    last = text.split()[-1] if text else ""
    abbreviation = last.count(".") > 1 and last[-2:-1].isupper()  # "U.S." keeps its dot, "TASS." not
    return text[:-1] if text.endswith(".") and not abbreviation else text


def citations_in(text: str, anchor: date | None) -> list[dict]:
    """All citations in a piece of text, in order, as {outlet, date}."""
    found = []
    for match in PAREN.finditer(text):
        parsed = parse(match.group(2), anchor)
        found.append(
            (match.start(), {"outlet": match.group(1).strip(), "date": parsed[0] if parsed else None})
        )
    for pattern in (ACCORDING, REPORTED, SAID):
        for match in pattern.finditer(text):
            found.append((match.start(), {"outlet": outlet_name(match.group(1)), "date": None}))
    return [c for _, c in sorted(found, key=lambda x: x[0])]


def sentence_citations(sents: list[Span], anchor: date | None) -> dict[int, dict]:
    """Sentence start -> citation: its own, else the next one later in the same paragraph."""
    result: dict[int, dict] = {}
    pending: list[Span] = []
    for sent in sents:
        pending.append(sent)
        own = citations_in(sent.text, anchor)
        if own:
            for earlier in pending:
                result[earlier.start] = own[0]
            pending = []
        if "\n\n" in sent.text_with_ws or sent.text_with_ws.endswith("\n"):
            pending = []
    return result
