"""The weekly (or monthly) review: what moved in a window of days, what needs attention,
which goalposts moved, what is due, and how each owner stands. Pure: built from two
evaluations of the workspace, at the window's start and at its end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from okrcli import scoring
from okrcli.i18n import N_
from okrcli.model import GOALPOSTS, Checkin, KeyResult
from okrcli.refs import key_result_ref
from okrcli.results import (
    Attention,
    Drop,
    Due,
    Goalpost,
    Move,
    OwnerLine,
    Report,
    Silent,
    StatusResult,
)
from okrcli.scoring import KRState, Seen, Status

DUE_DAYS = 14


def counts(states: Iterable[KRState]) -> dict[Status, int]:
    """Key results by status (dropped ones left out), best first."""
    found = Counter(s.status for s in states if not s.dropped)
    return {status: found.get(status, 0) for status in scoring.SHOWN}


def build(now: StatusResult, before: StatusResult, roots: list[str], since: dt.date,
          organization: str | None = None, labels: dict[str, str] | None = None) -> Report:
    """``now`` and ``before`` are evaluated at the window's end and at its start; ``roots``
    are the owners whose score is the company's; ``labels`` the names of every team and
    person of okr.yaml, in its order (key results' owners need not own a file)."""
    until = now.today
    names = {**now.labels, **(labels or {})}
    order = {o: i for i, o in enumerate(dict.fromkeys([*(labels or {}),
                                                       *(o.owner for o in now.owners)]))}
    moved: dict[str, list[Move]] = {}
    attention: list[Attention] = []
    goalposts: list[Goalpost] = []
    due: list[Due] = []
    drops: list[Drop] = []
    silent: list[Silent] = []
    all_states = []
    for owner in now.owners:
        for state in owner.objectives:
            for kr, st in state.key_results:
                ref = key_result_ref(state.ref, kr.id)
                driver = kr.owner or owner.owner
                all_states.append(st)
                moved_here = _moves(owner.owner, ref, kr, st, since)
                if moved_here:
                    moved.setdefault(owner.owner, []).extend(moved_here)
                goalposts += [
                    Goalpost(ref, kr.title, driver, c.date, c.field, c.old, c.new, c.reason)
                    for c in kr.changes if since < c.date <= until and c.field in GOALPOSTS
                ]
                if kr.dropped is not None and since < kr.dropped.date <= until:
                    drops.append(Drop(ref, kr.title, driver, kr.dropped.date,
                                      kr.dropped.reason))
                if st.dropped:
                    continue
                if st.status is not Status.DONE and not moved_here:
                    silent.append(Silent(ref, kr.title, driver, st.last_checkin, st.status))
                item = _attention(ref, kr, st, driver, since)
                if item is not None:
                    attention.append(item)
                if st.status is not Status.DONE and until <= st.due <= until + dt.timedelta(
                        DUE_DAYS):
                    due.append(Due(ref, kr.title, driver, st.due, st.status, st.score))
    before_scores = {o.owner: o.score for o in before.owners}
    owners = [
        OwnerLine(o.owner, o.name, o.score, before_scores.get(o.owner),
                  counts(st for s in o.objectives for _, st in s.key_results))
        for o in now.owners
    ]
    attention.sort(key=lambda a: (a.status.order, a.ref))
    return Report(
        cycle=now.cycle, since=since, until=until,
        score=scoring.mean(o.score for o in now.owners if o.owner in roots),
        score_before=scoring.mean(o.score for o in before.owners if o.owner in roots),
        counts=counts(all_states), moved=moved, attention=attention,
        goalposts=sorted(goalposts, key=lambda g: (g.date, g.ref)),
        due=sorted(due, key=lambda d: (d.due, d.ref)), owners=owners, labels=names,
        status=now, drops=sorted(drops, key=lambda d: (d.date, d.ref)),
        silent=sorted(silent, key=lambda s: (order.get(s.owner, len(order)), s.owner, s.ref)),
        organization=organization, roots=list(roots),
    )


class Needed:
    """What the review reads of a key result's check-ins as they stand on ``until``: those
    after ``since`` (``_moves``), the one before them (where the first move starts from)
    and the last two with a confidence (``_attention``), in their order, each as a
    ``Seen`` (its note only inside the window: no other is shown); none on other days
    (``Session.lean``: a 10,000-file review without every check-in held). ``key`` names
    it for the user's cache of lean files."""

    def __init__(self, until: dt.date, since: dt.date) -> None:
        self.until, self.since = until, since
        self.key = f"review-2 {until} {since}"

    def __call__(self, day: dt.date, checkins: tuple[Checkin | Seen, ...]
                 ) -> tuple[Seen, ...]:
        if day != self.until:
            return ()
        since = self.since
        first = next((i for i, c in enumerate(checkins) if c.date > since), len(checkins))
        rated = [i for i, c in enumerate(checkins) if c.confidence is not None][-2:]
        return tuple(Seen(c.date, c.value, c.confidence, c.note if c.date > since else None)
                     for c in (checkins[i] for i in sorted(
                         {*range(max(0, first - 1), len(checkins)), *rated})))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Needed) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def _moves(owner: str, ref: str, kr: KeyResult, st: KRState, since: dt.date) -> list[Move]:
    out = []
    previous = st.start if kr.kind == "metric" else None
    dropped_on = kr.dropped.date if st.dropped and kr.dropped is not None else None
    for checkin in st.checkins:
        if checkin.date > since:
            # a milestone starts not done: its first "done" is good news too
            before = False if previous is None and kr.kind == "milestone" else previous
            out.append(Move(owner, ref, kr.title, kr.kind, kr.unit, checkin.date,
                            checkin.value, previous, checkin.confidence, checkin.note,
                            scoring.better(kr.kind, st, checkin.value, before),
                            dropped_on))
        previous = checkin.value
    return out


def _attention(ref: str, kr: KeyResult, st: KRState, owner: str,
               since: dt.date) -> Attention | None:
    # English in the result (its JSON says it so in every language); shown through _().
    reasons = []
    if st.status in (Status.AT_RISK, Status.OFF_TRACK):
        reasons.append(st.status.label)
    # A confidence that dropped in this window: the check-in that lowered it is inside it
    # (a drop three weeks ago with no check-in since is not news; stale says the rest).
    rated = [c for c in st.checkins if c.confidence is not None]
    before = rated[-2].confidence if len(rated) >= 2 else None
    if (before is not None and rated[-1].confidence is not None
            and rated[-1].confidence < before and rated[-1].date > since):
        reasons.append(N_("confidence dropped"))
    if st.stale:
        reasons.append(N_("stale"))
    if not reasons:
        return None
    return Attention(ref, kr.title, owner, st.status, st.score, st.expected, st.stale,
                     st.confidence, before, tuple(reasons), kr.kind)
