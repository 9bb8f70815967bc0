"""What every rule module shares: the Rule record and the context practice rules read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from okrcli import scoring
from okrcli.diagnostics import Finding, Severity
from okrcli.model import Config, Cycle, OkrFile

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str = ""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


Found = Iterator[tuple[Any, Finding]]


@dataclass
class Context:
    """What practice rules look at: the config, every valid file (with the caller's handle
    for it), and today. Scores are computed once per cycle, on demand."""

    config: Config
    files: Sequence[tuple[Any, OkrFile]]
    today: dt.date
    _states: dict[str, dict[str, scoring.ObjectiveState]] = field(default_factory=dict)

    def cycle(self, cycle_id: str) -> Cycle | None:
        return self.config.cycle(cycle_id)

    def states(self, cycle_id: str) -> dict[str, scoring.ObjectiveState]:
        if cycle_id not in self._states:
            cycle = self.cycle(cycle_id)
            items = [(doc.owner, o) for _, doc in self.files if doc.cycle == cycle_id
                     for o in doc.objectives]
            s = self.config.settings
            th = scoring.Thresholds(s.on_track_gap, s.at_risk_gap, s.stale_after_days)
            self._states[cycle_id] = (
                scoring.evaluate_objectives(items, cycle, self.today, th) if cycle else {}
            )
        return self._states[cycle_id]

    def ended(self, cycle_id: str) -> bool:
        cycle = self.cycle(cycle_id)
        return cycle is not None and self.today > cycle.end
