"""How a country's dependence is computed: one options object, checked when it is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import errors, values
from ..errors import UsageError

if TYPE_CHECKING:
    from .weights import Weights

PERIODS = ("month", "quarter", "year", "all")
SCHEMES = ("count", "goldstein", "amount", "type")
# what the analysis counts: events (with the standing arrangements), or every report of them
COUNTS = ("events", "mentions")


@dataclass(frozen=True)
class Options:
    """The settings of `analysis.dependence` and of everything that renders it.

    Args:
        by: the period of the portfolio: month, quarter, year or all.
        since, until: the events' date window, of any precision (`2004`, `2004-09`, `2004-09-20`).
        weight: what an event counts (analysis.weights): count, goldstein, amount or type.
        weights_file: a JSON file overriding data/weights.json.
        realized_only: count only realized events.
        min_confidence: count only events at least this confident (0..1; data/calibration.json
            makes an event's confidence the share of like events that were right).
        period: the period the verdict judges; default the last one with realized cooperation.
        n_boot, seed, level: bootstrap resamples, their seed, and the coverage of the intervals.
        count: "events" (each real-world event once, and the standing arrangements in every
            period they are active) or "mentions" (every report of an event: press coverage).
    Attributes:
        weights: the modality and type weights: data/weights.json updated with `weights_file`.
    Raises:
        UsageError: on a value outside its choices; DataError: on a bad weights file.
    """

    by: str = "year"
    since: str | None = None
    until: str | None = None
    weight: str = "type"
    weights_file: str | Path | None = None
    realized_only: bool = False
    min_confidence: float = 0.0
    period: str | None = None
    n_boot: int = 1000
    seed: int = 0
    level: float = 0.9
    count: str = "events"
    weights: Weights = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values.parse_choice(self.by, PERIODS, "period")
        values.parse_choice(self.weight, SCHEMES, "weight")
        values.parse_choice(self.count, COUNTS, "count")
        # frozen: the normal forms of the dates are set through object's own setattr
        object.__setattr__(self, "since", values.parse_date(self.since))
        object.__setattr__(self, "until", values.parse_date(self.until))
        values.check_range(self.n_boot, "n_boot", 1)
        values.check_share(self.min_confidence, "min_confidence")
        if not 0 < self.level < 1:
            raise UsageError(errors.E022.format(name="level", value=self.level, rule="between 0 and 1"))
        from .weights import bundled_weights, load_weights

        # read now: a bad weights file is an error here, not in the middle of a report
        weights = load_weights(self.weights_file) if self.weights_file else bundled_weights()
        object.__setattr__(self, "weights", weights)

    @property
    def periodic(self) -> bool:
        """Whether the portfolio has periods in time (by month, quarter or year, not all)."""
        return self.by != "all"
