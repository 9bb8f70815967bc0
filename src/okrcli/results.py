"""What the reading commands return: plain result objects that services build and
renderers format. Data only: no files, no terminal, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from okrcli import scoring
from okrcli.diagnostics import Diagnostic
from okrcli.model import Cycle, KeyResult


@dataclass
class OwnerStatus:
    owner: str
    name: str
    score: float | None
    objectives: list[scoring.ObjectiveState]


@dataclass
class StatusResult:
    cycle: Cycle
    today: dt.date
    owners: list[OwnerStatus]
    problems: list[Diagnostic] = field(default_factory=list)
    states: dict[str, scoring.ObjectiveState] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class GradeRow:
    ref: str
    owner: str
    title: str
    committed: bool
    grade: float | None
    band: str | None
    flag: str | None


@dataclass
class GradeResult:
    cycle: Cycle
    rows: list[GradeRow]
    owners: list[tuple[str, str, float | None, str | None]]  # owner, name, grade, note
    problems: list[Diagnostic]


@dataclass
class ShowResult:
    ref: str
    cycle: Cycle
    owner_name: str
    objective: scoring.ObjectiveState
    kr: KeyResult | None = None
    state: scoring.KRState | None = None
    path: str = ""
    driver: str | None = None  # the display name of the key result's owner


def tree_roots(result: StatusResult) -> list[str]:
    """Objectives that align to nothing inside the cycle (or sit in a loop's entry)."""
    children = {c for s in result.states.values() for c in s.children}
    roots = [r for r in result.states if r not in children]
    order = {o.owner: i for i, o in enumerate(result.owners)}
    return sorted(roots, key=lambda r: order.get(result.states[r].owner, len(order)))
