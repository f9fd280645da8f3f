"""Gold files: one JSON per document, next to its text (SPEC "Gold file format")."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GoldEvent:
    """One gold event; `mentions` are phrases of the other sentences that report it (its own
    `evidence` is its first mention); `same_as` a label shared with the gold events of other
    documents that report the same real-world event."""

    type: str
    dyad: tuple[str, str]
    directed: bool
    modality: list[str]
    date: str | None = None
    location: list[str] | None = None
    amount_usd: float | None = None
    evidence: str = ""
    mentions: list[str] = field(default_factory=list)
    same_as: str | None = None

    def matches(self, type_: str, source: str | None, target: str | None) -> bool:
        """Whether a system event's (type, source, target) has this gold event's key."""
        if type_ != self.type or source is None or target is None:
            return False
        if self.directed:
            return (source, target) == self.dyad
        return {source, target} == set(self.dyad)

    @property
    def key(self) -> tuple:
        dyad = self.dyad if self.directed else tuple(sorted(self.dyad))
        return (self.type, *dyad, self.directed)


@dataclass
class Gold:
    path: Path
    text_path: Path
    anchor_date: str | None
    focus_country: str | None
    events: list[GoldEvent] = field(default_factory=list)
    optional: list[GoldEvent] = field(default_factory=list)


def gold_event(record: dict) -> GoldEvent:
    return GoldEvent(
        type=record["type"],
        dyad=tuple(record["dyad"]),
        directed=bool(record.get("directed")),
        modality=list(record.get("modality") or []),
        date=record.get("date"),
        location=record.get("location"),
        amount_usd=record.get("amount_usd"),
        evidence=record.get("evidence", ""),
        mentions=list(record.get("mentions") or []),
        same_as=record.get("same_as"),
    )


def load_gold(path: str | Path) -> Gold:
    """Read a gold file; its text is `doc` resolved next to it."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    return Gold(
        path=path,
        text_path=path.parent / data["doc"],
        anchor_date=data.get("anchor_date"),
        focus_country=data.get("focus_country"),
        events=[gold_event(e) for e in data.get("events", [])],
        optional=[gold_event(e) for e in data.get("optional", [])],
    )
