"""What a cycle's end means: grades and their bands, the outcome of an objective, and the
judgements on a cycle's grades (committed short of 1.0, goals too safe). Pure, as
``scoring`` is."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from okrcli.model import GOALPOSTS, KeyResult, Outcome
from okrcli.scoring import Band, KRState, ObjectiveState, _post_order, mean, weighted_mean


def committed_short(committed: bool, grade: float | None) -> bool:
    """A committed objective that ended under 1.0 (or without a grade)."""
    return committed and (grade is None or grade < 1.0)


def outcome_of(committed: bool, grade: float | None, dropped: bool) -> Outcome:
    """An objective's outcome at its cycle's close, when the team wrote none: dropped when
    it was; achieved at 1.0 for a committed objective and in the green band (0.7) for an
    aspirational one; partial in the yellow band (from 0.4); else missed (no grade too).
    ``carried`` is written only by ``okr carry``."""
    if dropped:
        return "dropped"
    if grade is None or grade < 0.4:
        return "missed"
    return "achieved" if grade >= (1.0 if committed else 0.7) else "partial"


def gone(state: ObjectiveState) -> bool:
    """Dropped, or every key result of it dropped (and nothing aligned to it to measure it
    by): its outcome is ``dropped``, not ``missed``."""
    return state.dropped or (bool(state.key_results) and not state.children and all(
        st.dropped for _kr, st in state.key_results))


def too_safe(aspirational: Iterable[float | None]) -> bool:
    """Every aspirational objective graded over 0.9: the goals may have been too safe.
    (DESIGN.md says "average"; the check issue said "all", which is what both use.)"""
    grades = [g for g in aspirational if g is not None]
    return bool(grades) and all(g > 0.9 for g in grades)


def band(score: float | None) -> Band | None:
    if score is None:
        return None
    if score < 0.4:
        return Band.RED
    if score < 0.7:
        return Band.YELLOW
    return Band.GREEN


def kr_grade(state: KRState) -> float:
    return state.grade if state.grade is not None else state.score


def objective_grade(
    state: ObjectiveState, grade_of: Callable[[str], float | None]
) -> float | None:
    if state.dropped:
        return None
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
    order = _post_order(states)
    for ref in order:
        grades[ref] = objective_grade(states[ref], lambda child: grades.get(child))
    return grades


# --- the 复盘 (okr report --retro) ----------------------------------------------------------


def first_goalposts(kr: KeyResult) -> dict[str, Any]:
    """A key result's goalposts as first set, before any recorded change: every change of
    a goalpost undone by its ``old`` (the earliest change of a field names its first
    value; ``due: None`` is the cycle's end, as in the file)."""
    values: dict[str, Any] = {name: getattr(kr, name) for name in GOALPOSTS}
    # newest first, and of one day's changes the one written last first
    for change in reversed(sorted((c for c in kr.changes if c.field in GOALPOSTS),
                                  key=lambda c: c.date)):
        values[change.field] = change.old
    return values


def as_first_set(kr: KeyResult) -> KeyResult:
    """The key result with its first goalposts and no recorded change: scoring it on a day
    gives the grade its values would have earned had nothing moved."""
    return kr.model_copy(update={**first_goalposts(kr), "changes": []})


def brier(forecasts: Iterable[tuple[float, bool]]) -> float | None:
    """The Brier score of (confidence, reached) pairs: the mean of (confidence − reached)²,
    reached 1 or 0. 0 is a perfect forecaster, 0.25 one who always says 50%; lower is
    better. None without a forecast."""
    gaps = [(confidence - (1.0 if reached else 0.0)) ** 2 for confidence, reached in forecasts]
    return sum(gaps) / len(gaps) if gaps else None
