"""The result types of a cycle's end: okr cycle (list, close), okr carry, okr report
--retro (the 复盘) and okr history. Data only, as in results.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only
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

    def of(self, owner: str) -> list[RetroObjective]:
        """The owner's objectives, in order: grouped once, so that a page of every owner
        costs one pass over the objectives."""
        if not hasattr(self, "_by_owner"):
            by_owner: dict[str, list[RetroObjective]] = {}
            for objective in self.objectives:
                by_owner.setdefault(objective.owner, []).append(objective)
            self._by_owner = by_owner
        return self._by_owner.get(owner, [])

    @property
    def provisional(self) -> bool:
        """Not closed and still running: the grades are today's scores."""
        return self.closed is None and self.today <= self.cycle.end


# --- okr carry (issue 12: carry-over) -------------------------------------------------------


@dataclass(frozen=True)
class CarriedKR:
    """A key result taken into the new cycle: its new ``start`` (a metric's last value;
    None when the start was kept) and its moved ``due`` (None: the cycle's end)."""

    id: str
    kind: str
    start: float | None = None
    due: dt.date | None = None


@dataclass(frozen=True)
class Carried:
    """An objective carried over (or, with ``done``, found carried already)."""

    ref: str  # OWNER/OBJECTIVE, the same in both cycles
    source: str  # CYCLE/OWNER/OBJECTIVE: its carried_from
    key_results: list[CarriedKR]
    left: list[str]  # the key results left behind (finished or dropped)
    aligns_to: str | None  # the alignment kept
    alignment_dropped: str | None  # the alignment left out: its parent is not in the cycle


@dataclass(frozen=True)
class Skipped:
    """An objective of the owner not carried: ``reason`` is achieved, dropped or
    already_carried (``where``: the objective of the target that was carried from it)."""

    ref: str
    reason: str
    where: str | None = None


@dataclass
class CarryResult:
    source: Cycle
    target: Cycle
    carried: list[Carried]
    skipped: list[Skipped]
    path: str = ""  # the target file (written, or that would be)
    source_path: str = ""
    created: bool = False
    marked: list[str] = field(default_factory=list)  # the source objectives now ``carried``
    problems: list[Diagnostic] = field(default_factory=list)  # left as they were


# --- okr history (issue 12, across cycles) ----------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    """One owner in one cycle: the mean score and the mean grade of its objectives (on the
    cycle's close, its end, or today while it runs), the grade's band, the cycle's state."""

    cycle: str
    score: float | None
    grade: float | None
    band: Band | None
    closed: bool
    running: bool


@dataclass
class OwnerHistory:
    owner: str
    name: str
    points: list[HistoryPoint]  # the cycles it has objectives in, oldest first

    def point(self, cycle: str) -> HistoryPoint | None:
        return next((p for p in self.points if p.cycle == cycle), None)

    @property
    def trend(self) -> float | None:
        """The grade's change from the owner's previous graded cycle to its latest, among
        the cycles that ended: a running one's grade is still moving (a quarter a few days
        old would read as a fall to nothing)."""
        grades = [p.grade for p in self.points if p.grade is not None and not p.running]
        return grades[-1] - grades[-2] if len(grades) > 1 else None


@dataclass
class HistoryResult:
    today: dt.date
    cycles: list[Cycle]  # those started by today that have files, oldest first
    owners: list[OwnerHistory]
    owner: str | None = None  # the owner asked for; None: everyone
    problems: list[Diagnostic] = field(default_factory=list)  # files that could not be read
    origin: Origin | None = None  # the commit it was read from (the outputs that name it)


# --- the cycle's lifecycle (okr cycle list, close; issue 12, part "cycle") ------------------


@dataclass(frozen=True)
class CycleRow:
    id: str
    name: str | None
    start: dt.date
    end: dt.date
    closed: dt.date | None
    state: str  # running, upcoming, ended (not closed), closed: JSON words


@dataclass
class CycleList:
    today: dt.date
    rows: list[CycleRow]


@dataclass
class CycleClosed:
    """What okr cycle close wrote: how many grades, outcomes and retro notes, the outcomes
    counted by word (in OUTCOMES' order), the cycle's files."""

    cycle: str
    closed: dt.date
    grades: int
    outcomes: int
    notes: int
    by_outcome: dict[str, int]
    files: list[str]
    problems: list[Diagnostic] = field(default_factory=list)
