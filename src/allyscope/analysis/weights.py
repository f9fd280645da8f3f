"""Event weights: how much one event counts towards a partner's share (data/weights.json).

An event's weight is its modality weight times the value of the chosen scheme:

- `count`: 1 per event;
- `type`: the weight of its type (military aid and exercises outweigh talks);
- `goldstein`: the positive part of its Goldstein score (cooperative intensity);
- `amount`: its USD value when it is military aid from the partner, else 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..ontology import MODALITIES, SCORED_TYPES
from ..paths import DATA

SCHEMES = ("count", "goldstein", "amount", "type")


@dataclass(frozen=True)
class Weights:
    """Modality and type weights.

    Args:
        modality: weight of each modality (realized, planned, hypothetical, negated).
        type: weight of each scored event type, used by the `type` scheme.
    """

    modality: dict[str, float]
    type: dict[str, float]


@cache
def bundled_weights() -> Weights:
    """data/weights.json, read once: every analysis call without a weights file uses it."""
    return load_weights()


def load_weights(path: str | Path | None = None) -> Weights:
    """The bundled weights, updated with the user's file.

    Args:
        path: a JSON file shaped like data/weights.json; keys it leaves out keep the bundled value.
    Returns:
        Weights.
    Raises:
        ValueError: on an unknown modality or type, or a negative weight.
    """
    data = json.loads((DATA / "weights.json").read_text(encoding="utf-8"))
    if path:
        user = json.loads(Path(path).read_text(encoding="utf-8"))
        for part in ("modality", "type"):
            data[part].update(user.get(part, {}))
    for part, known in (("modality", MODALITIES), ("type", SCORED_TYPES)):
        unknown = set(data[part]) - set(known)
        if unknown:
            raise ValueError(
                f"unknown {part} in weights: {', '.join(sorted(unknown))}; use {', '.join(known)}"
            )
        if any(float(v) < 0 for v in data[part].values()):
            raise ValueError(f"{part} weights must not be negative")
    return Weights(
        {k: float(v) for k, v in data["modality"].items()}, {k: float(v) for k, v in data["type"].items()}
    )


def event_weights(
    rows: pd.DataFrame,
    scheme: str = "type",
    weights: Weights | None = None,
    realized_only: bool = False,
) -> pd.Series:
    """The weight of each event row of `counterparts()`.

    Args:
        rows: events with `type`, `modality`, `goldstein`, `amount_usd`, `source_code` and `partner`.
        scheme: count, goldstein, amount or type.
        weights: modality and type weights; default `bundled_weights()`.
        realized_only: give every non-realized event weight 0.
    Returns:
        A float Series aligned with `rows`.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown weight {scheme!r}; use {', '.join(SCHEMES)}")
    weights = weights or bundled_weights()
    modality = rows["modality"].map(weights.modality).fillna(0.0).astype(float)
    if realized_only:
        modality = modality.where(rows["modality"] == "realized", 0.0)
    if scheme == "count":
        base = pd.Series(1.0, index=rows.index)
    elif scheme == "type":
        base = rows["type"].map(weights.type).fillna(0.0).astype(float)
    elif scheme == "goldstein":
        base = rows["goldstein"].astype(float).clip(lower=0).fillna(0.0)
    else:
        base = aid_usd(rows)
    return modality * base


def aid_usd(rows: pd.DataFrame) -> pd.Series:
    """USD of military aid given by the partner in each row (0 where none)."""
    given = (rows["type"] == "military_aid") & (rows["source_code"] == rows["partner"])
    amount = pd.to_numeric(rows["amount_usd"], errors="coerce").astype(float)
    return pd.Series(np.where(given, amount.fillna(0.0), 0.0), index=rows.index)
