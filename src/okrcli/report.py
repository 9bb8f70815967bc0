"""The weekly (or monthly) review: what moved in a window of days, what needs attention,
which goalposts moved, what is due, and how each owner stands. Pure: built from two
evaluations of the workspace (at the window's start and at its end)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from okrcli import scoring
from okrcli.model import KeyResult

DUE_DAYS = 14
STATUSES = ("done", "on_track", "at_risk", "off_track", "pending")


@dataclass(frozen=True)
class Move:
    owner: str
    ref: str
    title: str
    kind: str
    unit: str | None
    date: dt.date
    value: Any
    previous: Any  # the value before this check-in (the start for a first metric one)
    confidence: float | None
    note: str | None

    @property
    def change(self) -> float | None:
        if self.kind == "milestone" or self.previous is None or isinstance(self.value, bool):
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class Attention:
    ref: str
    title: str
    owner: str  # who drives it: the key result's owner, else the file's owner
    status: str
    score: float
    expected: float
    stale: bool
    confidence: float | None
    confidence_before: float | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Goalpost:
    ref: str
    title: str
    owner: str
    date: dt.date
    field: str
    old: Any
    new: Any
    reason: str


@dataclass(frozen=True)
class Due:
    ref: str
    title: str
    owner: str
    due: dt.date
    status: str
    score: float


@dataclass
class OwnerLine:
    owner: str
    name: str
    score: float | None
    score_before: float | None
    counts: dict[str, int]


@dataclass
class Report:
    cycle: Any
    since: dt.date
    until: dt.date
    score: float | None
    score_before: float | None
    counts: dict[str, int]
    moved: dict[str, list[Move]]
    attention: list[Attention]
    goalposts: list[Goalpost]
    due: list[Due]
    owners: list[OwnerLine]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        if self.score is None or self.score_before is None:
            return None
        return self.score - self.score_before


def _counts(states: list[scoring.KRState]) -> dict[str, int]:
    found = Counter(s.status for s in states if not s.dropped)
    return {status: found.get(status, 0) for status in STATUSES}


def build(now: Any, before: Any, roots: list[str], since: dt.date) -> Report:
    """``now`` and ``before`` are status results (services.StatusResult) evaluated at the
    window's end and at its start; ``roots`` the owners whose score is the company's."""
    until = now.today
    moved: dict[str, list[Move]] = {}
    attention, goalposts, due = [], [], []
    all_states = []
    for owner in now.owners:
        for state in owner.objectives:
            for kr, st in state.key_results:
                ref = f"{state.ref}/{kr.id}"
                driver = kr.owner or owner.owner
                all_states.append(st)
                moved_here = _moves(owner.owner, ref, kr, st, since)
                if moved_here:
                    moved.setdefault(owner.owner, []).extend(moved_here)
                goalposts += [
                    Goalpost(ref, kr.title, driver, c.date, c.field, c.old, c.new, c.reason)
                    for c in kr.changes if since < c.date <= until
                ]
                if st.dropped:
                    continue
                item = _attention(ref, kr, st, driver)
                if item is not None:
                    attention.append(item)
                if st.status != "done" and until <= st.due <= until + dt.timedelta(DUE_DAYS):
                    due.append(Due(ref, kr.title, driver, st.due, st.status, st.score))
    before_scores = {o.owner: o.score for o in before.owners}
    owners = [
        OwnerLine(o.owner, o.name, o.score, before_scores.get(o.owner),
                  _counts([st for s in o.objectives for _, st in s.key_results]))
        for o in now.owners
    ]
    root_now = [o.score for o in now.owners if o.owner in roots]
    root_before = [o.score for o in before.owners if o.owner in roots]
    order = {status: i for i, status in enumerate(scoring.STATUS_ORDER)}
    attention.sort(key=lambda a: (order[a.status], a.ref))
    return Report(
        cycle=now.cycle, since=since, until=until,
        score=scoring.mean(root_now), score_before=scoring.mean(root_before),
        counts=_counts(all_states), moved=moved, attention=attention,
        goalposts=sorted(goalposts, key=lambda g: (g.date, g.ref)),
        due=sorted(due, key=lambda d: (d.due, d.ref)), owners=owners, labels=now.labels,
    )


def _moves(owner: str, ref: str, kr: KeyResult, st: scoring.KRState,
           since: dt.date) -> list[Move]:
    out = []
    previous = st.start if kr.kind == "metric" else None
    for checkin in st.checkins:
        if checkin.date > since:
            out.append(Move(owner, ref, kr.title, kr.kind, kr.unit, checkin.date,
                            checkin.value, previous, checkin.confidence, checkin.note))
        previous = checkin.value
    return out


def _attention(ref: str, kr: KeyResult, st: scoring.KRState, owner: str) -> Attention | None:
    reasons = []
    if st.status in ("at_risk", "off_track"):
        reasons.append(st.status.replace("_", " "))
    confidences = [c.confidence for c in st.checkins if c.confidence is not None]
    before = confidences[-2] if len(confidences) >= 2 else None
    if before is not None and confidences[-1] < before:
        reasons.append("confidence dropped")
    if st.stale:
        reasons.append("stale")
    if not reasons:
        return None
    return Attention(ref, kr.title, owner, st.status, st.score, st.expected, st.stale,
                     st.confidence, before, tuple(reasons))


def as_json(report: Report) -> dict[str, Any]:
    """The contract of ``okr report --format json`` (README): add fields, never rename."""

    def day(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    return {
        "cycle": report.cycle.id,
        "since": day(report.since),
        "until": day(report.until),
        "summary": {
            "score": report.score, "score_before": report.score_before,
            "change": report.change, "counts": report.counts,
        },
        "moved": [
            {"owner": owner, "name": report.labels.get(owner, owner), "checkins": [
                {"ref": m.ref, "title": m.title, "date": day(m.date), "value": m.value,
                 "previous": m.previous, "change": m.change, "unit": m.unit,
                 "confidence": m.confidence, "note": m.note}
                for m in moves]}
            for owner, moves in report.moved.items()
        ],
        "attention": [
            {"ref": a.ref, "title": a.title, "owner": a.owner, "status": a.status,
             "score": a.score, "expected": a.expected, "stale": a.stale,
             "confidence": a.confidence, "confidence_before": a.confidence_before,
             "reasons": list(a.reasons)}
            for a in report.attention
        ],
        "goalposts": [
            {"ref": g.ref, "title": g.title, "owner": g.owner, "date": day(g.date),
             "field": g.field, "old": plain(g.old), "new": plain(g.new), "reason": g.reason}
            for g in report.goalposts
        ],
        "due": [
            {"ref": d.ref, "title": d.title, "owner": d.owner, "due": day(d.due),
             "status": d.status, "score": d.score}
            for d in report.due
        ],
        "owners": [
            {"owner": o.owner, "name": o.name, "score": o.score,
             "score_before": o.score_before, "counts": o.counts}
            for o in report.owners
        ],
    }
