"""An event candidate: what the events component finds in one sentence, before attributes."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..rules import TriggerRule

CONFIDENCE, FALLBACK_CONFIDENCE = 0.8, 0.45
# How a side of a directed event was found when no relation named it (else: the relation's name)
CONTEXT, CARRIED, UNKNOWN, EACH_OTHER = "context", "carried", "unknown", "each other"
# How the parties of a symmetric event (or of a definite mention) were found
PARSE, PARSE_FALLBACK, NAMED, HOST, PREVIOUS = "parse", "parse+fallback", "named", "host", "previous"
FALLBACKS = {CONTEXT, CARRIED, PARSE_FALLBACK, NAMED, HOST, PREVIOUS}
EXPLAINED = {
    PARSE: "parties from parse",
    PARSE_FALLBACK: "parties from parse, other party by fallback",
    NAMED: "parties named in the sentence (fallback)",
    HOST: "host from the place, other party from context (fallback)",
    PREVIOUS: "parties of the previous mention (fallback)",
}


@dataclass(frozen=True)
class Found:
    """Where a candidate's parties came from.

    Directed frames: `source` and `target` are the relations that named them (frames.json), or
    how they were guessed: CONTEXT (the sentence or the story), CARRIED (the subject of the
    sentence before), UNKNOWN (none found), EACH_OTHER ("Kyrgyzstan and Tajikistan agreed to
    withdraw troops": each from the other). Symmetric frames and definite mentions: `parties`.
    """

    source: str | None = None
    target: str | None = None
    parties: str | None = None

    @property
    def fallback(self) -> bool:
        """Whether a party was guessed rather than read from the parse."""
        return bool({self.source, self.target, self.parties} & FALLBACKS)

    def __str__(self) -> str:
        if self.parties:
            return EXPLAINED[self.parties]
        source = {
            CONTEXT: "source from sentence context (fallback)",
            CARRIED: "source carried from previous sentence (fallback)",
            UNKNOWN: "source unknown",
        }.get(self.source, f"source from {self.source}")
        target = {
            CONTEXT: "target from sentence context (fallback)",
            EACH_OTHER: "target: each other",
            UNKNOWN: "target unknown",
        }.get(self.target, f"target from {self.target}")
        return f"{source}, {target}"


@dataclass
class Candidate:
    """An event found in one sentence, before attributes are attached."""

    type: str
    cameo: str
    trigger: Token
    rule: TriggerRule
    source: Span | None
    target: Span | None
    modality: str
    modality_cue: str
    found: Found
    directed: bool

    @property
    def confidence(self) -> float:
        return FALLBACK_CONFIDENCE if self.found.fallback else CONFIDENCE

    @property
    def key(self) -> tuple:
        codes = (
            self.source._.actor.code if self.source else None,
            self.target._.actor.code if self.target else None,
        )
        if not self.directed:
            codes = tuple(sorted(codes, key=str))
        return (self.type, *codes)

    def explanation(self) -> str:
        """Which rule found it and how: "supply (verb) -> military_aid; source from subj, ..."."""
        return (
            f"{self.rule.lemma} ({self.trigger.pos_.lower()}) -> {self.type}; "
            f"{self.found}; modality {self.modality} ({self.modality_cue})"
        )
