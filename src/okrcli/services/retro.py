"""okr report --retro: the 复盘, the end-of-cycle review. Everything comes from the files
(grades, outcomes, notes, ``changes:``, ``carried_from``), so it works without git.

A closed cycle is scored on its close day (check-ins dated later are not counted), an open
one on today. The grades are the recorded ones where the team wrote them, and the
outcomes those written at the close (else derived from the grade, and marked so)."""

from __future__ import annotations

import datetime as dt

from okrcli import grading, scoring
from okrcli.cycleresults import (
    Calibration,
    CarriedIn,
    CarriedOut,
    RetroCorrection,
    RetroDrop,
    RetroGoalpost,
    RetroNote,
    RetroObjective,
    RetroResult,
)
from okrcli.diagnostics import Diagnostic
from okrcli.model import GOALPOSTS, Config, Cycle
from okrcli.refs import key_result_ref, objective_ref
from okrcli.scoring import ObjectiveState
from okrcli.services import read
from okrcli.services.common import Session, pick_cycle

CORRECTED = ("grade", "grade_note")  # a key result's changes that correct its grade


def retro_cycle(config: Config, cycle_id: str | None, today: dt.date) -> Cycle:
    """The cycle named, else the latest closed one (closed by today), else the latest that
    has ended, else the current one."""
    if cycle_id:
        return pick_cycle(config, cycle_id, today)
    closed = [c for c in config.cycles if c.closed is not None and c.closed <= today]
    ended = [c for c in config.cycles if c.end < today]
    for found in (closed, ended):
        if found:
            return max(found, key=lambda c: c.start)
    return pick_cycle(config, None, today)


def retro(session: Session, cycle_id: str | None, today: dt.date, *,
          origin: bool = False) -> RetroResult:
    config = session.config
    cycle = retro_cycle(config, cycle_id, today)
    closed = cycle.closed if cycle.closed is not None and cycle.closed <= today else None
    as_of = closed or today
    status = read.status(session, cycle.id, as_of)
    states = status.states
    grades = grading.objective_grades(states)
    ordered = [s for owner in status.owners for s in owner.objectives]

    objectives = [_objective(s, grades[s.ref]) for s in ordered]
    short = [o for o in objectives
             if not o.dropped and grading.committed_short(o.committed, o.grade)]
    owners = [o.owner for o in status.owners]
    aspirational: dict[str, list[float | None]] = {}
    for o in objectives:
        if not o.committed and not o.dropped:
            aspirational.setdefault(o.owner, []).append(o.grade)
    too_safe = [owner for owner in owners if grading.too_safe(aspirational.get(owner, []))]
    by_owner: dict[str, list[ObjectiveState]] = {}
    for s in ordered:
        by_owner.setdefault(s.owner, []).append(s)
    th = scoring.thresholds(config.settings)
    later, problems = _later(session, config, cycle, today)
    return RetroResult(
        cycle, closed, as_of, today, config.organization, objectives, short, too_safe,
        _goalposts(ordered, cycle, as_of, th), _drops(ordered), _carried(ordered, cycle,
                                                                          later),
        [CarriedIn(s.ref, s.owner, s.objective.title, s.objective.carried_from)
         for s in ordered if s.objective.carried_from],
        _notes(ordered), _corrections(ordered),
        [_calibration(owner, status.name(owner), by_owner.get(owner, [])) for owner in owners],
        status.labels, owners, status.problems + problems,
        session.origin() if origin else None)


def _objective(state: ObjectiveState, grade: float | None) -> RetroObjective:
    objective = state.objective
    written = objective.outcome
    outcome = written or grading.outcome_of(objective.committed, grade, grading.gone(state))
    return RetroObjective(state.ref, state.owner, objective.title, objective.committed, grade,
                          grading.band(grade), outcome, written is None, objective.retro,
                          state.dropped)


def _goalposts(ordered: list[ObjectiveState], cycle: Cycle, as_of: dt.date,
               th: scoring.Thresholds) -> list[RetroGoalpost]:
    """Every goalpost moved by the day the scores are taken on; beside each, the key
    result's grade against the goalposts as first set and against the final ones (the
    first is the score its values earn: a team's own grade was given on the final ones)."""
    out = []
    for state in ordered:
        for kr, st in state.key_results:
            moves = sorted((c for c in kr.changes if c.field in GOALPOSTS and c.date <= as_of),
                           key=lambda c: c.date)
            if not moves:
                continue
            original = scoring.evaluate_kr(grading.as_first_set(kr), cycle, as_of, th).score
            final = grading.kr_grade(st)
            ref = key_result_ref(state.ref, kr.id)
            out += [RetroGoalpost(ref, state.owner, kr.title, c.date, c.field, c.old, c.new,
                                  c.reason, original, final) for c in moves]
    return out


def _drops(ordered: list[ObjectiveState]) -> list[RetroDrop]:
    """Dropped objectives and key results, with their reasons; a key result dropped with
    its objective (the same day and reason) is the objective's drop, listed once."""
    out = []
    for state in ordered:
        objective = state.objective
        if state.dropped and objective.dropped is not None:
            out.append(RetroDrop(state.ref, state.owner, objective.title, "objective",
                                 objective.dropped.date, objective.dropped.reason))
        for kr, st in state.key_results:
            if not st.dropped or kr.dropped is None or (
                    state.dropped and kr.dropped == objective.dropped):
                continue
            out.append(RetroDrop(key_result_ref(state.ref, kr.id), state.owner, kr.title,
                                 "key_result", kr.dropped.date, kr.dropped.reason))
    return out


def _later(session: Session, config: Config, cycle: Cycle, today: dt.date
           ) -> tuple[dict[str, tuple[str, str]], list[Diagnostic]]:
    """The objectives of later cycles carried from this one: CYCLE/OWNER/OBJ named by
    their ``carried_from`` -> (their cycle, their ref); with what keeps a file from being
    read."""
    found: dict[str, tuple[str, str]] = {}
    problems: list[Diagnostic] = []
    for later in sorted((c for c in config.cycles if c.start > cycle.start),
                        key=lambda c: c.start):
        loaded, trouble = session.usable(session.files(later.id), today)
        problems += trouble
        for doc in loaded:
            for objective in doc.model.objectives:
                source = objective.carried_from
                if source and source.startswith(cycle.id + "/") and source not in found:
                    found[source] = (later.id, objective_ref(doc.model.owner, objective.id))
    return found, problems


def _carried(ordered: list[ObjectiveState], cycle: Cycle,
             later: dict[str, tuple[str, str]]) -> list[CarriedOut]:
    """What was carried and where: an objective whose outcome says so, or one a later
    cycle's objective names as its source."""
    out = []
    for state in ordered:
        to = later.get(f"{cycle.id}/{state.ref}")
        if to is None and state.objective.outcome != "carried":
            continue
        out.append(CarriedOut(state.ref, state.owner, state.objective.title,
                              to[0] if to else None, to[1] if to else None))
    return out


def _notes(ordered: list[ObjectiveState]) -> list[RetroNote]:
    out = []
    for state in ordered:
        if state.objective.retro:
            out.append(RetroNote(state.ref, state.owner, state.objective.title, "retro",
                                 state.objective.retro))
        out += [RetroNote(key_result_ref(state.ref, kr.id), state.owner, kr.title,
                          "grade_note", kr.grade_note)
                for kr, _st in state.key_results if kr.grade_note]
    return out


def _corrections(ordered: list[ObjectiveState]) -> list[RetroCorrection]:
    """The grades, grade notes, outcomes and retro notes corrected after the close (each
    a recorded change; whatever their date: the grades shown are the corrected ones)."""
    out = []
    for state in ordered:
        objective = state.objective
        out += [RetroCorrection(state.ref, state.owner, objective.title, c.date, c.field,
                                c.old, c.new, c.reason) for c in objective.changes]
        for kr, _st in state.key_results:
            out += [RetroCorrection(key_result_ref(state.ref, kr.id), state.owner, kr.title,
                                    c.date, c.field, c.old, c.new, c.reason)
                    for c in kr.changes if c.field in CORRECTED]
    return sorted(out, key=lambda c: c.date)


def _calibration(owner: str, name: str, ordered: list[ObjectiveState]) -> Calibration:
    """The owner's Brier score (``ordered``: the owner's objectives): every check-in with a
    confidence, of the key results not dropped in the owner's objectives, against whether
    the key result finally reached 1.0 (its score on the day the scores are taken on: what
    was measured, not the team's grade)."""
    forecasts = [(c.confidence, st.score >= 1.0)
                 for s in ordered if not s.dropped
                 for _kr, st in s.key_results if not st.dropped
                 for c in st.checkins if c.confidence is not None]
    return Calibration(owner, name, grading.brier(forecasts), len(forecasts))
