"""What the numbers mean: progress, score, expected progress, status, roll-up and grades.

Pure functions of the models and ``today``; nothing here reads a file or a clock. ``today``
is also the as-of day: check-ins, changes and drops dated after it are ignored, so the
state on any earlier day is the same computation with an earlier ``today``. The rules that
``okr check`` and the commands share (the check-in window, the grade rules) are written
here once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from okrcli.i18n import N_
from okrcli.model import Checkin, Cycle, KeyResult, Objective, Settings
from okrcli.refs import objective_ref, parent_objective


class Status(StrEnum):
    """A key result's or objective's status. The value is the machine word (JSON)."""

    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    PENDING = "pending"

    @property
    def order(self) -> int:
        """0 for the worst: an objective's status is its key results' lowest."""
        return _STATUS[self][0]

    @property
    def label(self) -> str:
        return _STATUS[self][1]

    @property
    def style(self) -> str:
        """A Rich style: data, so that every renderer colours a status alike."""
        return _STATUS[self][2]


_STATUS = {  # the labels in English: ``_(status.label)`` where one is shown
    Status.OFF_TRACK: (0, N_("off track"), "bold red"),
    Status.AT_RISK: (1, N_("at risk"), "yellow"), Status.PENDING: (2, N_("pending"), "dim"),
    Status.ON_TRACK: (3, N_("on track"), "green"), Status.DONE: (4, N_("done"), "bold blue"),
}
# The order a review lists status counts in: best first.
SHOWN = (Status.DONE, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.PENDING)


class Band(StrEnum):
    """Google's grade bands, made half-open: red below 0.4, yellow below 0.7, green."""

    RED = N_("red")  # the values are machine words (JSON); ``_(band.value)`` is shown
    YELLOW = N_("yellow")
    GREEN = N_("green")

    @property
    def style(self) -> str:
        return {"red": "bold red", "yellow": "yellow", "green": "green"}[self.value]


@dataclass(frozen=True)
class Thresholds:
    on_track_gap: float = -0.2
    at_risk_gap: float = -0.4
    stale_after_days: int = 14


def thresholds(settings: Settings) -> Thresholds:
    return Thresholds(settings.on_track_gap, settings.at_risk_gap, settings.stale_after_days)


# --- rules shared by `okr check` and the commands -----------------------------------------


@dataclass(frozen=True)
class CheckinWindow:
    """The days a check-in of a cycle may carry: from the cycle's start to its end plus
    ``grace_days`` (final values are often measured just after the end), and not after
    today."""

    first: dt.date
    last: dt.date
    today: dt.date

    def problem(self, day: dt.date) -> Literal["future", "outside"] | None:
        if day > self.today:
            return "future"
        if not self.first <= day <= self.last:
            return "outside"
        return None


def checkin_window(cycle: Cycle, grace_days: int, today: dt.date) -> CheckinWindow:
    return CheckinWindow(cycle.start, cycle.end + dt.timedelta(days=grace_days), today)


class Seen:
    """A check-in as a lean state keeps it (``review.Needed``): its four values in 64
    bytes, where the model takes 264 (its dict, its fields given). Read like a
    ``Checkin``; never written."""

    __slots__ = ("confidence", "date", "note", "value")

    def __init__(self, date: dt.date, value: Any, confidence: float | None,
                 note: str | None) -> None:
        self.date, self.value, self.confidence, self.note = date, value, confidence, note

    def __reduce__(self) -> tuple[type[Seen], tuple[Any, ...]]:
        return Seen, (self.date, self.value, self.confidence, self.note)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Seen | Checkin) and (
            self.date, self.value, self.confidence, self.note) == (
            other.date, other.value, other.confidence, other.note)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Seen(date={self.date!r}, value={self.value!r}, "
                f"confidence={self.confidence!r}, note={self.note!r})")


@dataclass(frozen=True, slots=True)  # slots: a workspace's 160,000 are held at once
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
    status: Status
    confidence: float | None
    last_checkin: dt.date | None
    stale: bool
    dropped: bool
    grade: float | None
    checkins: tuple[Checkin | Seen, ...] = ()  # Seen: as a lean state keeps them


def effective(kr: KeyResult, cycle: Cycle, today: dt.date) -> dict[str, Any]:
    """Start, target, due, above and below as they stood on ``today``: a change dated
    later is undone by restoring its recorded old value."""
    values = {
        "start": kr.start, "target": kr.target, "due": kr.due or cycle.end,
        "above": kr.above, "below": kr.below,
    }
    # newest first, and of one day's changes the one written last first
    for change in reversed(sorted(kr.changes, key=lambda c: c.date)):
        if change.date > today and change.field in values:
            old = change.old
            if change.field == "due" and old is None:
                old = cycle.end
            values[change.field] = old
    return values


def visible_checkins(kr: KeyResult, today: dt.date) -> list[Checkin]:
    """Check-ins dated up to ``today``, oldest first; same-day ones keep file order."""
    dates = [c.date for c in kr.checkins]
    if dates and dates[-1] <= today and sorted(dates) == dates:
        return list(kr.checkins)  # the usual file: in order, none after today (C loops)
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


def gap_status(score: float, expected: float, th: Thresholds) -> Status:
    gap = score - expected
    if gap >= th.on_track_gap:
        return Status.ON_TRACK
    if gap >= th.at_risk_gap:
        return Status.AT_RISK
    return Status.OFF_TRACK


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

    status: Status
    if kr.kind == "milestone" and score < 1.0:
        # A milestone is done or not: not done is on track until its due date, off track
        # after it; without a check-in it is pending until then.
        if today > eff["due"]:
            status = Status.OFF_TRACK
        else:
            status = Status.PENDING if latest is None else Status.ON_TRACK
    elif latest is None:
        status = Status.PENDING
    elif kr.kind == "threshold":
        status = Status.ON_TRACK if score >= 1.0 else Status.OFF_TRACK
    elif score >= 1.0:
        status = Status.DONE
    else:
        status = gap_status(score, expected, th)

    confidence = next((c.confidence for c in reversed(checkins) if c.confidence is not None),
                      None)
    dropped = kr.dropped is not None and kr.dropped.date <= today
    # a cycle closed early runs no more: nothing in it can be checked in
    running = cycle.start <= today <= cycle.end and (
        cycle.closed is None or today < cycle.closed)
    last_day = latest.date if latest else cycle.start
    stale = (
        running and status is not Status.DONE and not dropped
        and (today - last_day).days > th.stale_after_days
    )
    return KRState(
        kind=kr.kind, start=eff["start"], target=eff["target"], above=eff["above"],
        below=eff["below"], due=eff["due"], current=current, progress=progress, score=score,
        expected=expected, status=status, confidence=confidence,
        last_checkin=latest.date if latest else None, stale=stale, dropped=dropped,
        grade=kr.grade, checkins=tuple(checkins),
    )


def shows_expected(kind: str) -> bool:
    """Whether an expected-progress marker means anything for this kind: a metric moves
    towards its target over time; a threshold holds a line and a milestone is done or not,
    so neither is drawn against the expected line."""
    return kind == "metric"


def better(kind: str, state: KRState, value: Any, previous: Any) -> bool | None:
    """Whether a move from ``previous`` to ``value`` is good news for the key result: for a
    metric towards its target, for a threshold away from the wrong side of its line
    (up for ``above``, down for ``below``), for a milestone becoming done. None when it did
    not move or the direction is unknown."""
    if previous is None or value == previous:
        return None
    if kind == "milestone" or isinstance(value, bool) or isinstance(previous, bool):
        return value is True if isinstance(value, bool) else None
    if kind == "metric":
        if state.start is None or state.target is None or state.target == state.start:
            return None
        return bool((value - previous) * (state.target - state.start) > 0)
    if state.above is not None:
        return bool(value > previous)
    if state.below is not None:
        return bool(value < previous)
    return None


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
    total = sum([weight for _, weight in pairs])
    if not pairs or total <= 0:
        return None
    return sum([score * weight for score, weight in pairs]) / total


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def worst_status(statuses: Iterable[Status]) -> Status:
    return min(statuses, key=lambda s: s.order, default=Status.PENDING)


# --- objectives and the alignment graph ---------------------------------------------------


@dataclass(slots=True)
class ObjectiveState:
    ref: str
    owner: str
    objective: Objective
    key_results: list[tuple[KeyResult, KRState]]
    score: float | None = None
    rollup: float | None = None
    status: Status = Status.PENDING
    children: list[str] = field(default_factory=list)
    dropped: bool = False  # dropped on or before the day: out of every score and roll-up
    rollup_of: int = 0  # how many aligned objectives have a score: the roll-up's mean

    @property
    def own_score(self) -> float | None:
        return summed(self.key_results)[0]


def summed(pairs: Sequence[tuple[KeyResult, KRState]]) -> tuple[float | None, Status]:
    """An objective's own score (its live key results' weighted mean) and lowest status."""
    live = [(kr, st) for kr, st in pairs if not st.dropped]
    return (weighted_mean([(st.score, kr.weight) for kr, st in live]),
            worst_status([st.status for _, st in live]))


class Scored(list[tuple[KeyResult, KRState]]):
    """An objective's key results with their states, as ``evaluate_objectives`` takes
    them (``known``), and ``summed`` of them (``own``, ``worst``), kept with a lean file:
    scoring 40,000 objectives then walks none of their key results."""

    __slots__ = ("own", "worst")
    own: float | None
    worst: Status


def evaluate_objectives(
    items: Sequence[tuple[str, Objective]],
    cycle: Cycle,
    today: dt.date,
    th: Thresholds,
    known: Mapping[int, list[tuple[KeyResult, KRState]]] | None = None,
) -> dict[str, ObjectiveState]:
    """Score every objective of one cycle; ``items`` are (owner, objective) pairs. The
    roll-up of an objective is the mean score of the objectives aligned to it or to one of
    its key results; an objective without key results of its own takes its roll-up.
    ``known``: the states of an objective's key results (by the objective's ``id()``),
    evaluated already for this cycle, day and thresholds (``sketch.py``)."""
    states: dict[str, ObjectiveState] = {}
    owns: dict[str, float | None] = {}  # each one's own score (kept by a lean file: Scored)
    for owner, objective in items:
        ref = objective_ref(owner, objective.id)
        given = known.get(id(objective)) if known else None
        krs = given if given is not None else [  # known: read, never changed
            (kr, evaluate_kr(kr, cycle, today, th)) for kr in objective.key_results]
        owns[ref], worst = (krs.own, krs.worst) if type(krs) is Scored else summed(krs)
        dropped = objective.dropped is not None and objective.dropped.date <= today
        states[ref] = ObjectiveState(ref, owner, objective, krs, status=worst, dropped=dropped)
    for ref, state in states.items():
        target = state.objective.aligns_to
        parent = parent_objective(target) if target else None
        if parent is not None and parent in states and parent != ref:
            states[parent].children.append(ref)

    # Each objective after those aligned to it, without recursion (a chain of any depth
    # costs one pass); in a loop (reported by `okr check`) the member that closes it is
    # not scored yet when the one below it is, so it counts as unknown there.
    for ref in _post_order(states):
        state = states[ref]
        if state.children:  # (most objectives have none: their roll-up stays None)
            scores = [states[child].score for child in state.children]
            state.rollup = mean(scores)
            state.rollup_of = sum([score is not None for score in scores])
            live = [states[c].status for c in state.children if not states[c].dropped]
            if live and all(st.dropped for _, st in state.key_results):  # by roll-up:
                state.status = worst_status(live)  # its status is theirs, not "pending"
        own = owns[ref]
        # Dropped, it scores nothing and counts in no roll-up; those aligned to it keep theirs.
        state.score = None if state.dropped else own if own is not None else state.rollup
    return states


def _post_order(states: dict[str, ObjectiveState]) -> list[str]:
    """Every objective after the objectives aligned to it (a loop cut where it closes),
    without recursion."""
    order: list[str] = []
    seen: set[str] = set()
    for top in states:
        if top in seen:
            continue
        seen.add(top)
        stack: list[tuple[str, int]] = [(top, 0)]
        while stack:
            ref, at = stack[-1]
            children = states[ref].children
            if at < len(children):
                stack[-1] = (ref, at + 1)
                if children[at] not in seen:
                    seen.add(children[at])
                    stack.append((children[at], 0))
                continue
            stack.pop()
            order.append(ref)
    return order
