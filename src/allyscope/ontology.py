"""The event ontology: the event types and how each (type, modality) is coded in CAMEO and PLOVER.

Everything comes from two tables, so that adding a type is a change to data only:
`types.csv` (type x modality -> default CAMEO code; whether the type is `scored` (security
cooperation, counted by the partner analysis), `directed`, may take a money `amounts`, has
`aid_kinds`, is `mutual` (coordinated sources with no target act on each other: "Kyrgyzstan and
Tajikistan agreed to withdraw troops") and takes its `named_parties` when the parse gives none
("under an agreement signed in Ankara": the two parties the sentence names); its `label`) and `cameo.csv` (CAMEO code -> label, PLOVER type,
Goldstein score, the codes of the same act intended and refused, and its PLOVER mode). A
trigger may name a more precise CAMEO code for realized events (042 visit, 043 host, 064
intelligence, 190 attack); events outside security cooperation keep their trigger's own code
(`general_type`).

`Ontology(types, cameo)` reads a pair of tables (a pipeline's rules may bring their own);
the module functions answer for the bundled tables.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .paths import DATA

MODALITIES = ("realized", "planned", "hypothetical", "negated")  # SPEC's modalities
# SPEC's aid kinds; a sale is arms sold or transferred (its amount is the price, not funds given)
SALE = "sale"
AID_KINDS = ("funds", "equipment", "training", "personnel", "infrastructure", "protection", SALE)


@dataclass(frozen=True)
class Coding:
    """CAMEO code, PLOVER type, quad class and Goldstein score of one event."""

    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    label: str


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


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


class Ontology:
    """The types of one pair of tables and the coding of their events.

    Attributes:
        types: every type, in the order of types.csv.
        scored_types: the types the partner analysis counts (security cooperation).
        general_types: the others (statement, conflict): general political acts.
        labels: type -> its label for people ("Military aid").
        short: type -> its word in a narrow table ("aid"; column `short`, optional: the type).
    """

    def __init__(self, types: Path = DATA / "types.csv", cameo: Path = DATA / "cameo.csv"):
        self.types_path, self.cameo_path = types, cameo
        self.cameo_table = {row["code"]: row for row in read_csv(cameo)}
        self.type_table = {(row["type"], row["modality"]): row for row in read_csv(types)}
        self.types = tuple(dict.fromkeys(t for t, _ in self.type_table))
        realized = {t: self.type_table[(t, "realized")] for t in self.types}
        self.scored_types = tuple(t for t in self.types if realized[t]["scored"] == "1")
        self.general_types = tuple(t for t in self.types if realized[t]["scored"] != "1")
        self.directed_types = frozenset(t for t in self.types if realized[t]["directed"] == "1")
        self.amount_types = frozenset(t for t in self.types if realized[t]["amounts"] == "1")
        self.aid_kind_types = frozenset(t for t in self.types if realized[t]["aid_kinds"] == "1")
        self.mutual_types = frozenset(t for t in self.types if realized[t]["mutual"] == "1")
        self.named_party_types = frozenset(t for t in self.types if realized[t]["named_parties"] == "1")
        self.labels = {t: realized[t]["label"] for t in self.types}
        self.short = {t: realized[t].get("short") or t for t in self.types}
        # a general act is a statement when it cooperates (quad class 1-2), a conflict otherwise:
        # the general type whose realized code is of that kind
        self.general_by_kind = {
            quad_class(realized[t]["cameo"]) <= 2: t for t in reversed(self.general_types)
        }

    def is_directed(self, event_type: str) -> bool:
        """Whether events of this type have a provider/requester side (SPEC direction column)."""
        return event_type in self.directed_types

    def takes_amount(self, event_type: str) -> bool:
        """Whether a money amount in the sentence may belong to events of this type (not a meeting)."""
        return event_type in self.amount_types

    def general_type(self, cameo: str) -> str:
        """The type of an event outside security cooperation: `statement` for cooperation (CAMEO
        quad classes 1 and 2), `conflict` for conflict (3 and 4)."""
        return self.general_by_kind[quad_class(cameo) <= 2]

    def code(
        self,
        event_type: str,
        modality: str,
        realized_cameo: str | None = None,
        realized_plover: str | None = None,
    ) -> Coding:
        """The coding of an event of `event_type` with `modality`.

        Args:
            event_type: one of `types`.
            modality: one of MODALITIES.
            realized_cameo: a trigger's more precise code, used when the event is realized. For the
                general types (statement, conflict) it is the trigger's own code whatever the modality:
                its `intent` column (cameo.csv) codes a planned or hypothetical act ("will give
                aid" is 033, an intent) and its `refusal` column a negated one ("refused to
                withdraw" is 124).
            realized_plover: a trigger's PLOVER type where CAMEO's code is too coarse (a troop
                withdrawal is CAMEO 166, like an expulsion, but PLOVER RETREAT, not SANCTION).
        Returns:
            The Coding. PLOVER follows CAMEO2PLOVER: intent codes (036, 0312, 0332) are AGREE.
        """
        cameo = self.type_table[(event_type, modality)]["cameo"]
        if realized_cameo and event_type in self.general_types:
            row = self.cameo_table[realized_cameo]
            column = {"planned": "intent", "hypothetical": "intent", "negated": "refusal"}.get(modality)
            refused = "120" if column == "refusal" and quad_class(realized_cameo) <= 2 else realized_cameo
            cameo = (row[column] if column else "") or refused  # "did not agree": 120, reject
        elif realized_cameo and modality == "realized":
            cameo = realized_cameo
        row = self.cameo_table[cameo]
        plover = row["plover"] or None
        if realized_plover and modality == "realized":
            plover = realized_plover
        return Coding(cameo, plover, quad_class(cameo), float(row["goldstein"]), row["label"])


@cache
def bundled() -> Ontology:
    """The ontology of the bundled tables (data/types.csv, data/cameo.csv), read once."""
    return Ontology()


def cameo_table() -> dict[str, dict[str, str]]:
    """CAMEO code -> row of data/cameo.csv."""
    return bundled().cameo_table


def type_table() -> dict[tuple[str, str], dict[str, str]]:
    """(type, modality) -> row of data/types.csv."""
    return bundled().type_table


def is_directed(event_type: str) -> bool:
    return bundled().is_directed(event_type)


def takes_amount(event_type: str) -> bool:
    return bundled().takes_amount(event_type)


def general_type(cameo: str) -> str:
    return bundled().general_type(cameo)


def code(
    event_type: str, modality: str, realized_cameo: str | None = None, realized_plover: str | None = None
):
    return bundled().code(event_type, modality, realized_cameo, realized_plover)


def scored_types() -> tuple[str, ...]:
    """The scored types of the bundled tables."""
    return bundled().scored_types


def all_types() -> tuple[str, ...]:
    """Every type of the bundled tables, scored ones first."""
    return bundled().types


def __getattr__(name: str):
    # SCORED_TYPES, GENERAL_TYPES, ALL_TYPES: read from types.csv when first asked for, not typed here
    lists = {"SCORED_TYPES": "scored_types", "GENERAL_TYPES": "general_types", "ALL_TYPES": "types"}
    if name in lists:
        return getattr(bundled(), lists[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
