"""The event ontology: one table mapping (type, modality) to CAMEO, PLOVER, quad class, Goldstein.

Read from `data/types.csv` (type x modality -> default CAMEO code) and `data/cameo.csv`
(CAMEO code -> label, PLOVER type, Goldstein score, the codes of the same act intended
and refused, and its PLOVER mode). A trigger may name a more precise CAMEO code for realized events (042 visit,
043 host, 064 intelligence, 190 attack); events outside security cooperation keep their
trigger's own code (`general_type`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from .paths import DATA

MODALITIES = ("realized", "planned", "hypothetical", "negated")
SCORED_TYPES = (
    "consult",
    "agreement",
    "military_cooperation",
    "military_aid",
    "request",
    "reduce_cooperation",
)
GENERAL_TYPES = ("statement", "conflict")
ALL_TYPES = (*SCORED_TYPES, *GENERAL_TYPES)


@dataclass(frozen=True)
class Coding:
    """CAMEO code, PLOVER type, quad class and Goldstein score of one event."""

    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    label: str


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def cameo_table() -> dict[str, dict[str, str]]:
    """CAMEO code -> row of data/cameo.csv."""
    return {row["code"]: row for row in _read_csv("cameo.csv")}


@cache
def type_table() -> dict[tuple[str, str], dict[str, str]]:
    """(type, modality) -> row of data/types.csv."""
    return {(row["type"], row["modality"]): row for row in _read_csv("types.csv")}


def all_types() -> tuple[str, ...]:
    """Every type of data/types.csv, in its order."""
    return tuple(dict.fromkeys(t for t, _ in type_table()))


def scored_types() -> tuple[str, ...]:
    """The types the partner analysis counts: those data/types.csv marks scored, in its order."""
    return tuple(dict.fromkeys(t for (t, _), row in type_table().items() if row["scored"] == "1"))


def quad_class(cameo: str) -> int:
    """CAMEO quad class of a code: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict."""
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def is_directed(event_type: str) -> bool:
    """Whether events of this type have a provider/requester side (SPEC direction column)."""
    return type_table()[(event_type, "realized")]["directed"] == "1"


def takes_amount(event_type: str) -> bool:
    """Whether a money amount in the sentence may belong to events of this type (not a meeting)."""
    return type_table()[(event_type, "realized")]["amounts"] == "1"


def general_type(cameo: str) -> str:
    """The type of an event outside security cooperation: `statement` for cooperation (CAMEO quad
    classes 1 and 2), `conflict` for conflict (3 and 4)."""
    return "statement" if quad_class(cameo) <= 2 else "conflict"


def code(
    event_type: str, modality: str, realized_cameo: str | None = None, realized_plover: str | None = None
) -> Coding:
    """The coding of an event of `event_type` with `modality`.

    Args:
        event_type: one of ALL_TYPES.
        modality: one of MODALITIES.
        realized_cameo: a trigger's more precise code, used when the event is realized. For the
            general types (statement, conflict) it is the trigger's own code whatever the modality:
            its `intent` column (data/cameo.csv) codes a planned or hypothetical act ("will give
            aid" is 033, an intent) and its `refusal` column a negated one ("refused to
            withdraw" is 124).
        realized_plover: a trigger's PLOVER type where CAMEO's code is too coarse (a troop
            withdrawal is CAMEO 166, like an expulsion, but PLOVER RETREAT, not SANCTION).
    Returns:
        The Coding. PLOVER follows CAMEO2PLOVER: intent codes (036, 0312, 0332) are AGREE.
    """
    cameo = type_table()[(event_type, modality)]["cameo"]
    if realized_cameo and event_type in GENERAL_TYPES:
        row = cameo_table()[realized_cameo]
        column = {"planned": "intent", "hypothetical": "intent", "negated": "refusal"}.get(modality)
        refused = "120" if column == "refusal" and quad_class(realized_cameo) <= 2 else realized_cameo
        cameo = (row[column] if column else "") or refused  # "did not agree": 120, reject
    elif realized_cameo and modality == "realized":
        cameo = realized_cameo
    row = cameo_table()[cameo]
    plover = row["plover"] or None
    if realized_plover and modality == "realized":
        plover = realized_plover
    return Coding(cameo, plover, quad_class(cameo), float(row["goldstein"]), row["label"])
