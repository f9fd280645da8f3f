"""Event weights: how much one event counts towards a partner's share (data/weights.json).

An event's weight is its modality weight times the value of the chosen scheme:

- `count`: 1 per event;
- `type`: the weight of its type (military aid and exercises outweigh talks);
- `goldstein`: the positive part of its Goldstein score (cooperative intensity);
- `amount`: its USD value when it is military aid from the partner, else 0.

A distancing type (`against`: a withdrawal, eviction, closure, freeze or non-delivery,
`reduce_cooperation`) weighs against its partner under the `type` scheme: its weight there is
modality times (`type[type]` minus `against[type]`), and a partner's summed weight in a period
goes no lower than 0. The other schemes measure something else (how many events, how
cooperative, how much money) and leave it as it is. A standing arrangement
(analysis.arrangements) counts `arrangements[kind]` (`count`: 1) in every period in which it is
active, and nothing under the goldstein and amount schemes.

Every modality, every scored type of data/types.csv and every arrangement kind of
data/arrangements.csv must have a weight: one added without it is an error when the weights are
loaded, not a silent 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import errors
from ..errors import DataError
from ..ontology import MODALITIES, scored_types
from ..paths import DATA

if TYPE_CHECKING:
    from .options import Options

BUNDLED = DATA / "weights.json"


@dataclass(frozen=True)
class Weights:
    """Modality, type, distancing and arrangement weights.

    Args:
        modality: weight of each modality (realized, planned, hypothetical, negated).
        type: weight of each scored event type, used by the `type` scheme.
        against: how much a distancing type weighs against its partner (`type` scheme).
        arrangements: weight of each kind of standing arrangement in a period it is active.
    """

    modality: dict[str, float]
    type: dict[str, float]
    against: dict[str, float]
    arrangements: dict[str, float]


@cache
def bundled_weights() -> Weights:
    """data/weights.json, read once: every analysis call without a weights file uses it."""
    return load_weights()


PARTS = ("modality", "type", "against", "arrangements")


def read_json(path: Path) -> dict:
    """A weights file as a dict with optional objects of PARTS, else DataError (E023)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(errors.E023.format(path=path, cause=errors.E001.text)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(errors.E023.format(path=path, cause=f"cannot read it ({exc})")) from None
    except json.JSONDecodeError as exc:
        raise DataError(errors.E023.format(path=path, cause=f"not valid JSON ({exc})")) from None
    if not isinstance(data, dict) or any(not isinstance(data.get(p, {}), dict) for p in PARTS):
        cause = (
            'want a JSON object {"modality": {...}, "type": {...}, "against": {...}, "arrangements": {...}}'
        )
        raise DataError(errors.E023.format(path=path, cause=cause))
    return data


def load_weights(path: str | Path | None = None) -> Weights:
    """The bundled weights, updated with the user's file.

    Args:
        path: a JSON file shaped like data/weights.json; keys it leaves out keep the bundled value.
    Returns:
        Weights.
    Raises:
        DataError: E023 on an unreadable file, an unknown modality, type or arrangement kind, or a
            weight that is not a number of at least 0; E024 when a scored type of data/types.csv
            has no weight; E060 when an arrangement kind of data/arrangements.csv has none.
    """
    from .arrangements import kinds

    data = read_json(BUNDLED)
    for part in PARTS:
        data[part] = dict(data.get(part, {}))
    source = BUNDLED
    if path:
        source = Path(path)
        user = read_json(source)
        for part in PARTS:
            data[part].update(user.get(part, {}))
    scored, arrangement_kinds = scored_types(), kinds()
    known_keys = (
        ("modality", MODALITIES),
        ("type", scored),
        ("against", scored),
        ("arrangements", arrangement_kinds),
    )
    for part, known in known_keys:
        unknown = set(data[part]) - set(known)
        if unknown:
            cause = f"unknown {part} {', '.join(sorted(unknown))}; use {', '.join(known)}"
            raise DataError(errors.E023.format(path=source, cause=cause))
        bad = [
            k for k, v in data[part].items() if isinstance(v, bool) or not isinstance(v, int | float) or v < 0
        ]
        if bad:
            cause = f"{part} weight of {', '.join(sorted(bad))} must be a number of at least 0"
            raise DataError(errors.E023.format(path=source, cause=cause))
    missing = [t for t in scored if t not in data["type"]]
    if missing:
        raise DataError(errors.E024.format(path=source, types=", ".join(missing)))
    missing = [m for m in MODALITIES if m not in data["modality"]]
    if missing:
        cause = f"no weight for the modality {', '.join(missing)}"
        raise DataError(errors.E023.format(path=source, cause=cause))
    missing = [k for k in arrangement_kinds if k not in data["arrangements"]]
    if missing:
        raise DataError(errors.E060.format(path=source, kinds=", ".join(missing)))
    return Weights(*({k: float(v) for k, v in data[part].items()} for part in PARTS))


def event_weights(rows: pd.DataFrame, options: Options) -> pd.Series:
    """The weight of each event row of `counterparts()`.

    Args:
        rows: events with `type`, `modality`, `goldstein`, `amount_usd`, `source_code` and
            `partner`; a distancing type weighs below 0.
        options: the weight scheme, the weights, and whether only realized events count.
    Returns:
        A float Series aligned with `rows`.
    """
    weights = options.weights
    modality = rows["modality"].map(weights.modality).astype(float).fillna(0.0)
    if options.realized_only:
        modality = modality.where(rows["modality"] == "realized", 0.0)
    if options.weight == "count":
        base = pd.Series(1.0, index=rows.index)
    elif options.weight == "type":
        against = rows["type"].map(weights.against).astype(float).fillna(0.0)
        base = rows["type"].map(weights.type).astype(float) - against
    elif options.weight == "goldstein":
        base = rows["goldstein"].astype(float).clip(lower=0).fillna(0.0)
    else:
        base = aid_usd(rows)
    return modality * base


def aid_usd(rows: pd.DataFrame) -> pd.Series:
    """USD of military aid given by the partner in each row (0 where none)."""
    given = (rows["type"] == "military_aid") & (rows["source_code"] == rows["partner"])
    amount = pd.to_numeric(rows["amount_usd"], errors="coerce").astype(float)
    return pd.Series(np.where(given, amount.fillna(0.0), 0.0), index=rows.index)
