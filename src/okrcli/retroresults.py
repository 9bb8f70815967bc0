"""The result types of okr report --retro, the 复盘 (issue 12): data only, as in
results.py (which is at its size limit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from okrcli.diagnostics import Diagnostic
from okrcli.model import Cycle
from okrcli.results import Origin
from okrcli.scoring import Band


@dataclass(frozen=True)
class RetroObjective:
    """An objective at the cycle's end: its grade, band and outcome (written, or derived
    from the grade when the team wrote none)."""

    ref: str
    owner: str
    title: str
    committed: bool
    grade: float | None
    band: Band | None
    outcome: str
    outcome_derived: bool
    retro: str | None
    dropped: bool


@dataclass(frozen=True)
class RetroGoalpost:
    """A moved goalpost, with its key result's grade against the goalposts as first set
    beside the grade against the final ones."""

    ref: str
    owner: str
    title: str
    date: dt.date
    field: str
    old: Any
    new: Any
    reason: str
    grade_original: float
    grade_final: float


@dataclass(frozen=True)
class RetroDrop:
    ref: str
    owner: str
    title: str
    kind: str  # "objective" or "key_result"
    date: dt.date
    reason: str


@dataclass(frozen=True)
class CarriedOut:
    """An objective carried into a later cycle: ``to`` that cycle and ``to_ref`` the
    objective there (both None when its outcome says carried but no later file has it)."""

    ref: str
    owner: str
    title: str
    to: str | None
    to_ref: str | None


@dataclass(frozen=True)
class CarriedIn:
    ref: str
    owner: str
    title: str
    source: str  # CYCLE/OWNER/OBJECTIVE (``carried_from``)


@dataclass(frozen=True)
class RetroNote:
    ref: str
    owner: str
    title: str
    field: str  # "retro" (an objective's) or "grade_note" (a key result's)
    text: str


@dataclass(frozen=True)
class RetroCorrection:
    """A grade, grade note, outcome or retro note corrected after the close (recorded)."""

    ref: str
    owner: str
    title: str
    date: dt.date
    field: str
    old: Any
    new: Any
    reason: str


@dataclass(frozen=True)
class Calibration:
    """How well an owner's confidences predicted the end: the Brier score over
    ``checkins`` check-ins with a confidence (None when there were none)."""

    owner: str
    name: str
    brier: float | None
    checkins: int


@dataclass
class RetroResult:
    cycle: Cycle
    closed: dt.date | None  # the close day (scores are taken on it), None while open
    as_of: dt.date  # the day the scores are taken on
    today: dt.date
    organization: str | None
    objectives: list[RetroObjective]
    committed_short: list[RetroObjective]
    too_safe: list[str]  # owners
    goalposts: list[RetroGoalpost]
    drops: list[RetroDrop]
    carried: list[CarriedOut]
    carried_in: list[CarriedIn]
    notes: list[RetroNote]
    corrections: list[RetroCorrection]
    calibration: list[Calibration]
    labels: dict[str, str] = field(default_factory=dict)  # owner id -> display name
    owners: list[str] = field(default_factory=list)  # in okr.yaml's order
    problems: list[Diagnostic] = field(default_factory=list)
    origin: Origin | None = None

    def name(self, owner: str) -> str:
        return self.labels.get(owner, owner)

    @property
    def provisional(self) -> bool:
        """Not closed and still running: the grades are today's scores."""
        return self.closed is None and self.today <= self.cycle.end
