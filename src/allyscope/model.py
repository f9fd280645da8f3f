"""The records that flow between stages: Document in, Actor and Event out (SPEC.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One input article.

    Args:
        text: the body text; event offsets refer to it.
        doc_id: stable id (content hash unless the input gives one).
        title, publisher, url: metadata where known.
        date: ISO date of publication, or None.
        date_source: where `date` came from: metadata, header, option, text or None.
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
class Event:
    """One security-cooperation event with its evidence; fields as in SPEC.md."""

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

    def to_dict(self) -> dict[str, Any]:
        """The event as the SPEC's JSON object."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from `to_dict` output (as stored)."""
        values = dict(data)
        for role in ("source", "target"):
            if values.get(role) is not None:
                values[role] = Actor(**values[role])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})
