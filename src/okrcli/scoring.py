"""What the numbers mean: progress, score, expected progress, status, roll-up and grades.

Pure functions of the models and ``today``; nothing here reads a file or a clock. ``today``
is also the as-of day: check-ins, changes and drops dated after it are ignored, so the
state on any earlier day is the same computation with an earlier ``today``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from okrcli.model import Checkin, Cycle, KeyResult, Objective

STATUS_ORDER = ("off_track", "at_risk", "pending", "on_track", "done")  # worst first


@dataclass(frozen=True)
class Thresholds:
    on_track_gap: float = -0.2
    at_risk_gap: float = -0.4
    stale_after_days: int = 14


@dataclass(frozen=True)
class KRState:
    kind: str
    start: float | None
    target: float | None
    above: float | None
    below: float | None
    due: dt.date
    current: Any  # number, bool or None
    progress: float | None  # unclamped; metrics only
    score: float
    expected: float
    status: str
    confidence: float | None
    last_checkin: dt.date | None
    stale: bool
    dropped: bool
    grade: float | None
    checkins: tuple[Checkin, ...] = ()


def effective(kr: KeyResult, cycle: Cycle, today: dt.date) -> dict[str, Any]:
    """Start, target, due, above and below as they stood on ``today``: a change dated
    later is undone by restoring its recorded old value."""
    values = {
        "start": kr.start, "target": kr.target, "due": kr.due or cycle.end,
        "above": kr.above, "below": kr.below,
    }
    for change in sorted(kr.changes, key=lambda c: c.date, reverse=True):
        if change.date > today:
            old = change.old
            if change.field == "due" and old is None:
                old = cycle.end
            values[change.field] = old
    return values


def visible_checkins(kr: KeyResult, today: dt.date) -> list[Checkin]:
    """Check-ins dated up to ``today``, oldest first; same-day ones keep file order."""
    return sorted((c for c in kr.checkins if c.date <= today), key=lambda c: c.date)


def expected_progress(cycle_start: dt.date, due: dt.date, day: dt.date) -> float:
    span = (due - cycle_start).days
    if span <= 0:
        return 1.0 if day >= due else 0.0
    return min(1.0, max(0.0, (day - cycle_start).days / span))


def metric_progress(current: float, start: float, target: float) -> float:
    return (current - start) / (target - start)


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def gap_status(score: float, expected: float, th: Thresholds) -> str:
    gap = score - expected
    if gap >= th.on_track_gap:
        return "on_track"
    if gap >= th.at_risk_gap:
        return "at_risk"
    return "off_track"


def evaluate_kr(kr: KeyResult, cycle: Cycle, today: dt.date, th: Thresholds) -> KRState:
    eff = effective(kr, cycle, today)
    checkins = visible_checkins(kr, today)
    latest = checkins[-1] if checkins else None
    expected = expected_progress(cycle.start, eff["due"], today)
    progress: float | None = None
    current: Any
    if kr.kind == "metric":
        current = latest.value if latest else eff["start"]
        if (isinstance(current, bool) or current is None or eff["start"] is None
                or eff["target"] is None or eff["start"] == eff["target"]):
            score = 0.0
        else:
            progress = metric_progress(current, eff["start"], eff["target"])
            score = clamp(progress)
    elif kr.kind == "threshold":
        current = latest.value if latest else None
        if isinstance(current, bool) or current is None:
            score = 0.0
        elif eff["above"] is not None:
            score = 1.0 if current >= eff["above"] else 0.0
        else:
            score = 1.0 if eff["below"] is not None and current <= eff["below"] else 0.0
    else:
        current = latest.value if latest else None
        score = 1.0 if current is True else 0.0

    if latest is None:
        status = "pending"
    elif kr.kind == "threshold":
        status = "on_track" if score >= 1.0 else "off_track"
    elif score >= 1.0:
        status = "done"
    else:
        status = gap_status(score, expected, th)

    confidence = next((c.confidence for c in reversed(checkins) if c.confidence is not None),
                      None)
    dropped = kr.dropped is not None and kr.dropped.date <= today
    running = cycle.start <= today <= cycle.end
    last_day = latest.date if latest else cycle.start
    stale = (
        running and status != "done" and not dropped
        and (today - last_day).days > th.stale_after_days
    )
    return KRState(
        kind=kr.kind, start=eff["start"], target=eff["target"], above=eff["above"],
        below=eff["below"], due=eff["due"], current=current, progress=progress, score=score,
        expected=expected, status=status, confidence=confidence,
        last_checkin=latest.date if latest else None, stale=stale, dropped=dropped,
        grade=kr.grade, checkins=tuple(checkins),
    )


def checkin_fraction(kind: str, state: KRState, value: Any) -> float:
    """How far one check-in's value went, for charts: a metric's unclamped progress, a
    threshold 1 when the value holds the line (else 0), a milestone 1 when done."""
    if kind == "metric":
        if state.start is None or state.target in (None, state.start) or isinstance(
                value, bool):
            return 0.0
        return metric_progress(value, state.start, state.target)
    if kind == "threshold":
        if isinstance(value, bool):
            return 0.0
        if state.above is not None:
            return 1.0 if value >= state.above else 0.0
        return 1.0 if state.below is not None and value <= state.below else 0.0
    return 1.0 if value is True else 0.0


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    pairs = list(pairs)
    total = sum(weight for _, weight in pairs)
    if not pairs or total <= 0:
        return None
    return sum(score * weight for score, weight in pairs) / total


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def worst_status(statuses: Iterable[str]) -> str:
    statuses = list(statuses)
    if not statuses:
        return "pending"
    return min(statuses, key=STATUS_ORDER.index)


# --- objectives and the alignment graph ---------------------------------------------------


@dataclass
class ObjectiveState:
    ref: str
    owner: str
    objective: Objective
    key_results: list[tuple[KeyResult, KRState]]
    score: float | None = None
    rollup: float | None = None
    status: str = "pending"
    children: list[str] = field(default_factory=list)

    @property
    def own_score(self) -> float | None:
        return weighted_mean(
            (state.score, kr.weight) for kr, state in self.key_results if not state.dropped
        )


def evaluate_objectives(
    items: Sequence[tuple[str, Objective]],
    cycle: Cycle,
    today: dt.date,
    th: Thresholds,
) -> dict[str, ObjectiveState]:
    """Score every objective of one cycle; ``items`` are (owner, objective) pairs. The
    roll-up of an objective is the mean score of the objectives aligned to it or to one of
    its key results; an objective without key results of its own takes its roll-up."""
    states: dict[str, ObjectiveState] = {}
    for owner, objective in items:
        ref = f"{owner}/{objective.id}"
        krs = [(kr, evaluate_kr(kr, cycle, today, th)) for kr in objective.key_results]
        active = [state.status for _, state in krs if not state.dropped]
        states[ref] = ObjectiveState(ref, owner, objective, krs, status=worst_status(active))
    for ref, state in states.items():
        target = state.objective.aligns_to
        if target:
            parent = "/".join(target.split("/")[:2])
            if parent in states and parent != ref:
                states[parent].children.append(ref)

    done: set[str] = set()

    def resolve(ref: str, path: tuple[str, ...]) -> float | None:
        state = states[ref]
        if ref in done:
            return state.score
        if ref in path:  # an alignment loop: reported by `okr check`, cut here
            return None
        child_scores = [resolve(child, (*path, ref)) for child in state.children]
        state.rollup = mean(child_scores)
        own = state.own_score
        state.score = own if own is not None else state.rollup
        done.add(ref)
        return state.score

    for ref in states:
        resolve(ref, ())
    return states


# --- grades -------------------------------------------------------------------------------


def band(score: float | None) -> str | None:
    """Google's bands made half-open: red below 0.4, yellow below 0.7, else green."""
    if score is None:
        return None
    if score < 0.4:
        return "red"
    if score < 0.7:
        return "yellow"
    return "green"


def kr_grade(state: KRState) -> float:
    return state.grade if state.grade is not None else state.score


def objective_grade(
    state: ObjectiveState, grade_of: Callable[[str], float | None]
) -> float | None:
    own = weighted_mean(
        (kr_grade(s), kr.weight) for kr, s in state.key_results if not s.dropped
    )
    if own is not None:
        return own
    return mean(grade_of(child) for child in state.children)


def objective_grades(states: dict[str, ObjectiveState]) -> dict[str, float | None]:
    """Every objective's grade: its key results' grades (a recorded ``grade`` where given,
    else the score), or the mean grade of the objectives aligned to it."""
    grades: dict[str, float | None] = {}

    def grade_of(ref: str) -> float | None:
        if ref not in grades:
            grades[ref] = None  # an alignment loop yields None
            grades[ref] = objective_grade(states[ref], grade_of)
        return grades[ref]

    for ref in states:
        grade_of(ref)
    return grades


def current_cycle(cycles: Sequence[Cycle], today: dt.date) -> Cycle | None:
    """The cycle that contains today, else the one that started last (by today)."""
    containing = [c for c in cycles if c.start <= today <= c.end]
    if containing:
        return max(containing, key=lambda c: c.start)
    started = [c for c in cycles if c.start <= today]
    if started:
        return max(started, key=lambda c: c.start)
    return min(cycles, key=lambda c: c.start) if cycles else None
