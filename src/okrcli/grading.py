"""What a cycle's end means: grades and their bands, the outcome of an objective, and the
judgements on a cycle's grades (committed short of 1.0, goals too safe). Pure, as
``scoring`` is."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from okrcli.model import Outcome
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
