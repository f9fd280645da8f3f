"""The records that flow between stages: Document in, Actor and Event out (SPEC.md)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One input article.

    Args:
        text: the body text; event offsets refer to it.
        doc_id: stable id (content hash unless the input gives one).
        title, publisher, url: metadata where known.
        date: ISO date of publication (a day), or None.
        date_source: where `date` came from: metadata, option, inferred (from the text) or None.
        date_precision: `day`, or `month` or `year` when only that was given: `date` is then
            the period's last day, which anchors "September 20" and "last week".
        path: the file it was read from ("-" for stdin).
    """

    text: str
    doc_id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    date_source: str | None = None
    path: str | None = None
    date_precision: str | None = None

    @property
    def stated_date(self) -> str | None:
        """The date as precise as it was given: `2004` for a document of 2004, not its last day."""
        if self.date is None:
            return None
        return self.date[: {"year": 4, "month": 7}.get(self.date_precision or "day", 10)]


@dataclass
class Actor:
    """A coded party: `code` is ISO3 for states (and their people and agencies) or an IGO acronym."""

    text: str
    name: str
    code: str
    kind: str
    sector: str | None = None
    cameo_code: str | None = None


@dataclass
class Mention:
    """One report of an event: a sentence of one document (SPEC "mentions").

    Args:
        doc_id, sentence, char_start, char_end: the document and the evidence sentence with its
            offsets in the document text.
        trigger: the word that states the event; lemma: its lemma ("" in records from before
            mentions were kept).
        cited_source: `{outlet, date}` when the sentence attributes the fact, else None.
        published, publisher: the document's date and outlet, where known (they order the
            mentions of an event and name its sources).
    """

    doc_id: str
    sentence: str
    char_start: int
    char_end: int
    trigger: str
    cited_source: dict[str, Any] | None = None
    lemma: str = ""
    published: str | None = None
    publisher: str | None = None

    @property
    def outlet(self) -> str | None:
        """Who reports it: the outlet the sentence cites, else the document's publisher."""
        return (self.cited_source or {}).get("outlet") or self.publisher


@dataclass
class Event:
    """One security-cooperation event with its evidence; fields as in SPEC.md.

    `mentions` are its reports, the first being the event's own evidence (`sentence`,
    `char_start`, `char_end`); an event built from one sentence has that sentence as its only
    mention. `name` is the named exercise, operation or agreement where the text gives one;
    `grouping` says why mentions were joined into it, or kept apart from a like event.
    """

    event_id: str
    doc_id: str
    type: str
    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    modality: str
    source: Actor | None
    target: Actor | None
    date: str | None
    date_precision: str | None
    location: dict[str, Any] | None
    amount: dict[str, Any] | None
    aid_kind: list[str] = field(default_factory=list)
    cited_source: dict[str, Any] | None = None
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0
    confidence: float = 0.5
    explanation: str = ""
    trigger: str = ""
    name: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    n_documents: int = 0
    sources: list[str] = field(default_factory=list)
    grouping: str = ""

    def __post_init__(self) -> None:
        if not self.mentions:
            self.mentions = [
                Mention(
                    self.doc_id,
                    self.sentence,
                    self.char_start,
                    self.char_end,
                    self.trigger,
                    self.cited_source,
                )
            ]
        if not self.n_documents:
            self.count_reports()

    def count_reports(self) -> None:
        """Set `n_documents` and `sources` from the mentions (sources in the order first named)."""
        self.n_documents = len({m.doc_id for m in self.mentions})
        outlets = (m.outlet for m in self.mentions)
        self.sources = list(dict.fromkeys(o for o in outlets if o))

    def to_dict(self) -> dict[str, Any]:
        """The event as the SPEC's JSON object."""
        return asdict(self)

    def to_json(self) -> str:
        """`json.dumps(self.to_dict())`, written without asdict's copy of every value first (the
        store's writer serialises each event it writes: a quarter of the time it builds rows in)."""
        return json.dumps(self, default=vars)  # a dataclass's __dict__ holds its fields, in order

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from `to_dict` output (as stored); records from before mentions were
        kept get their own evidence as their one mention."""
        values = dict(data)
        for role in ("source", "target"):
            if values.get(role) is not None:
                values[role] = Actor(**values[role])
        mention_fields = set(Mention.__dataclass_fields__)
        values["mentions"] = [
            Mention(**{k: v for k, v in m.items() if k in mention_fields})
            for m in values.get("mentions") or []
        ]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})
