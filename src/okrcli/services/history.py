"""okr history: each owner's score and grade in every cycle that has started, oldest first.
A cycle is scored as ``okr status`` and ``okr grade`` score it, on the day it stopped
moving: its close, else its end, else (while it runs) today. Each cycle's files are read
once, through the session."""

from __future__ import annotations

import datetime as dt

from okrcli import grading, scoring
from okrcli.cycleresults import HistoryPoint, HistoryResult, OwnerHistory
from okrcli.diagnostics import Diagnostic, OkrError
from okrcli.i18n import _
from okrcli.model import Cycle
from okrcli.services.common import Session, did_you_mean, owner_ids, owner_order


def history(session: Session, owner: str | None, today: dt.date, *,
            origin: bool = False) -> HistoryResult:
    """Every owner's (or ``owner``'s) score and grade per cycle started by ``today``; a
    cycle without files is left out. ``origin``: name the commit (git is asked only then)."""
    config = session.config
    if owner is not None and not config.is_owner(owner) \
            and not any(e.owner == owner for e in session.index()):
        raise OkrError(_("unknown owner {owner!r}{hint}").format(
            owner=owner, hint=did_you_mean(owner, owner_ids(config))))
    started = sorted((c for c in config.cycles if c.start <= today),
                     key=lambda c: (c.start, c.end, c.id))
    th = scoring.thresholds(config.settings)
    points: dict[str, list[HistoryPoint]] = {}
    shown: list[Cycle] = []
    problems: list[Diagnostic] = []
    for cycle in started:
        if not session.files(cycle.id):
            continue
        shown.append(cycle)
        # the owner's files and those aligned to them: what its roll-ups need
        paths = session.files(cycle.id) if owner is None \
            else session.with_descendants(cycle.id, {owner})
        # as okr grade and the 复盘 take them: on the close, else today (check-ins of the
        # grace days after the end count, as the value at the end)
        day = min(today, cycle.closed) if cycle.closed else today
        loaded, found = session.usable(paths, day)
        problems += found
        items = [(doc.model.owner, o) for doc in loaded if doc.model.cycle == cycle.id
                 for o in doc.model.objectives]
        states = scoring.evaluate_objectives(items, cycle, day, th)
        grades = grading.objective_grades(states)
        by_owner: dict[str, list[scoring.ObjectiveState]] = {}
        for state in states.values():
            by_owner.setdefault(state.owner, []).append(state)
        running = cycle.closed is None and cycle.start <= today <= cycle.end
        for who, objectives in by_owner.items():
            if owner is not None and who != owner:
                continue
            grade = scoring.mean(grades.get(s.ref) for s in objectives)
            points.setdefault(who, []).append(HistoryPoint(
                cycle.id, scoring.mean(s.score for s in objectives), grade,
                grading.band(grade), cycle.closed is not None, running))
    _files, unplaced = session.usable(session.unplaced(), today)  # anyone's: named once
    owners = [OwnerHistory(o, config.owner_label(o), points[o])
              for o in owner_order(config, set(points))]
    if owner is not None and not owners:  # known, with nothing yet: a line of dashes
        owners = [OwnerHistory(owner, config.owner_label(owner), [])]
    return HistoryResult(today, shown, owners, owner, problems + unplaced,
                         session.origin() if origin else None)
