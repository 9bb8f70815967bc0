"""The reading commands: status, tree, show, grade, report, and the lists of okr.yaml.
Each reads what it needs through the session and returns a result object; files that
cannot be read are named in the result's ``problems`` (the command shows the rest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from okrcli import grading, scoring
from okrcli.diagnostics import OkrError, UsageError
from okrcli.i18n import N_, _
from okrcli.model import Config, KeyResult
from okrcli.refs import key_result_ref
from okrcli.results import (
    Driven,
    GradeResult,
    GradeRow,
    KrListResult,
    KrRow,
    Origin,
    OwnerGrade,
    OwnerStatus,
    Report,
    ShowResult,
    StatusResult,
)
from okrcli.services import overview, review
from okrcli.services.common import (
    Session,
    did_you_mean,
    owner_ids,
    owner_order,
    parse_ref,
    pick_cycle,
)


def config(session: Session) -> Config:
    """okr.yaml, for the cycle, team and person lists."""
    return session.config


def status(session: Session, cycle_id: str | None, today: dt.date,
           owners: list[str] | None = None, *, members: bool = False, driven: bool = False,
           since: dt.date | None = None, origin: bool = False,
           lean: bool = False) -> StatusResult:
    """Every owner's objectives and key results, scored on ``today`` (or those of
    ``owners``, with the files their roll-ups need). ``members``: a team's people too;
    ``driven``: the key results each owner drives in other owners' objectives (from every
    other file of the cycle that can be read); ``since``: the states on that day;
    ``origin``: name the commit it was read from (git is asked only then); ``lean``: the
    key results' states without their check-ins (``Session.lean``: what a whole
    workspace's status, tree and grades need, in a tenth of the memory)."""
    config = session.config
    cycle = pick_cycle(config, cycle_id, today)
    driven = driven and bool(owners)  # everyone's status shows every key result once
    if since is not None and since >= today:
        raise UsageError(_("--since {since} is not before {today}").format(since=since,
                                                                         today=today))
    read_from = _asked(session, origin)
    if lean:
        session.lean(cycle, [today] if since is None else [today, since])
    if owners:
        unknown = [o for o in owners if not config.is_owner(o)
                   and not any(e.owner == o for e in session.index())]
        if unknown:
            raise OkrError(_("unknown owner {owner!r}{hint}").format(
                owner=unknown[0], hint=did_you_mean(unknown[0], owner_ids(config))))
        named = set(owners)  # shown even when empty; a team's members only with something
        if members:
            owners = _with_members(config, owners)
        paths = session.with_descendants(cycle.id, set(owners))
    elif members:
        raise UsageError(_("--members needs a team: okr status TEAM --members"))
    else:
        named, paths = set(), session.files(cycle.id)
    loaded, problems = session.usable(list(dict.fromkeys([*paths, *session.unplaced()])),
                                      today, lean=lean)
    if driven:  # the others' files, for what these owners drive in them; one
        # that cannot be read is theirs to fix (okr check names it), not these owners'
        others, _problems = session.usable(_naming(session, [
            p for p in session.files(cycle.id) if p not in paths], owners or []), today)
        loaded += others
    items = [(doc.model.owner, objective) for doc in loaded if doc.model.cycle == cycle.id
             for objective in doc.model.objectives]
    th = scoring.thresholds(config.settings)
    known = session.known if lean else lambda _day: None
    states = scoring.evaluate_objectives(items, cycle, today, th, known(today))
    before = scoring.evaluate_objectives(items, cycle, since, th,
                                         known(since)) if since else {}
    shown = set(owners) if owners else {doc.model.owner for doc in loaded}
    # Indexed once (by owner, and by the person driving a key result): each owner's
    # objectives are a look-up, never a pass over every objective of the company.
    theirs_by = by_owner(states)
    drives = _drives(states) if driven else {}
    names = overview.owner_labels(config)
    result = []
    for owner in owner_order(config, shown):
        objectives = theirs_by.get(owner, [])
        theirs = drives.get(owner, [])
        if owner not in named and not objectives and not theirs:
            continue
        result.append(OwnerStatus(
            owner, names.get(owner, owner), scoring.mean(s.score for s in objectives),
            objectives, theirs,
            scoring.mean(before[s.ref].score for s in objectives if s.ref in before)
            if since else None))
    people = {s.owner for s in states.values()} | {o.owner for o in result} | {
        kr.owner for s in states.values() for kr, _ in s.key_results if kr.owner}
    labels = {o: names.get(o, o) for o in people}
    # a file named for its errors though it is of another cycle (its owner unread): not
    # left out of this one
    elsewhere = {session.rel(e.path) for e in session.index()
                 if e.owner is None and e.cycle not in (None, cycle.id)}
    return StatusResult(cycle, today, result, problems, states, labels, since, before,
                        read_from, elsewhere)


def _asked(session: Session, origin: bool) -> Origin | None:
    """The commit read from, when the output names it: asked before the files are read,
    so that git's process is forked from a small one (its peak is counted as the
    command's)."""
    return session.origin() if origin else None


def by_owner(states: dict[str, scoring.ObjectiveState]
             ) -> dict[str, list[scoring.ObjectiveState]]:
    """Each owner's objectives, in the order of ``states``: one pass over them."""
    out: dict[str, list[scoring.ObjectiveState]] = {}
    for state in states.values():
        out.setdefault(state.owner, []).append(state)
    return out


def _drives(states: dict[str, scoring.ObjectiveState]) -> dict[str, list[Driven]]:
    """For each person who drives a key result (its ``owner``) in another owner's
    objective: those objectives with those key results, in the order of ``states``."""
    out: dict[str, list[Driven]] = {}
    for state in states.values():
        found: dict[str, list[tuple[KeyResult, scoring.KRState]]] = {}
        for kr, st in state.key_results:
            if kr.owner and kr.owner != state.owner:
                found.setdefault(kr.owner, []).append((kr, st))
        for person, krs in found.items():
            out.setdefault(person, []).append(Driven(state, krs))
    return out


def _with_members(config: Config, owners: list[str]) -> list[str]:
    """``owners``, each team followed by its people (okr.yaml's ``team``)."""
    teams = {t.id for t in config.teams}
    out: list[str] = []
    for owner in owners:
        if owner not in teams:
            raise UsageError(_("--members takes teams: {owner!r} is not a team").format(
                owner=owner))
        out += [owner, *(p.id for p in config.people if p.team == owner)]
    return list(dict.fromkeys(out))


def _naming(session: Session, paths: list[Path], ids: list[str]) -> list[Path]:
    """The files of ``paths`` that can hold a key result one of ``ids`` drives: those whose
    text names one of them as an ``owner:`` (or where a text scan cannot be sure: the index
    keeps what the scans found), and every file of an owner with several (which of them a
    command reads is chosen among all). So ``okr status PERSON`` parses a handful of them,
    not thousands."""
    wanted = set(ids)
    count: dict[str | None, int] = {}
    owner = {e.path: e.owner for e in session.index()}
    for path in paths:
        count[owner.get(path)] = count.get(owner.get(path), 0) + 1
    out = []
    for path in paths:
        names = session.drivers(path)
        if names is None or names & wanted or count[owner.get(path)] > 1:
            out.append(path)
    session.ws.keep_index()  # what the scans learnt, for the next command (indexcache.py)
    return out


def tree(session: Session, cycle_id: str | None, today: dt.date, *,
         origin: bool = False) -> StatusResult:
    """The alignment tree is everyone's status, drawn from its roots."""
    return status(session, cycle_id, today, origin=origin, lean=True)


def show(session: Session, text: str, cycle_id: str | None, today: dt.date, *,
         origin: bool = False) -> ShowResult:
    ref = parse_ref(text, (2, 3))
    result = status(session, cycle_id, today, [ref.owner])
    key = str(ref.objective_ref)
    state = result.states.get(key)
    if state is None and result.problems:  # the objective may be in a file that is broken
        raise OkrError(_("{ref} cannot be shown: a file it needs has errors; fix them first"
                         ).format(ref=key), result.problems)
    if state is None:
        options = [r for r in result.states if r.startswith(ref.owner + "/")]
        raise OkrError(_("no objective {ref!r} in cycle {cycle}{hint}").format(
            ref=key, cycle=result.cycle.id, hint=did_you_mean(key, options)))
    path = next((session.rel(p) for p in session.files(result.cycle.id, {ref.owner})), "")
    out = ShowResult(text, result.cycle, result.labels.get(ref.owner, ref.owner), state,
                     path=path, problems=result.problems, labels=result.labels, today=today,
                     origin=session.origin() if origin else None)
    if ref.kr is not None:
        match = next(((kr, st) for kr, st in state.key_results if kr.id == ref.kr), None)
        if match is None:
            raise OkrError(_("no key result {ref!r}{hint}; if it was deleted, `okr log {ref}` "
                             "shows its history and `--at REV` a commit that had it").format(
                ref=text, hint=did_you_mean(ref.kr, [kr.id for kr, _st in state.key_results])))
        out.kr, out.state = match
        if out.kr.owner:
            out.driver = session.config.owner_label(out.kr.owner)
    return out


def grade(session: Session, cycle_id: str | None, today: dt.date, *,
          origin: bool = False) -> GradeResult:
    """Every objective's grade against the bands, and each owner's."""
    read_from = _asked(session, origin)
    result = status(session, cycle_id, today, lean=True)
    grades = grading.objective_grades(result.states)
    rows, owners = [], []
    provisional = today <= result.cycle.end
    # English in the result (its JSON says it so in every language); shown through _().
    short = (N_("committed objective under 100% so far") if provisional
             else N_("committed objective graded under 100%"))
    for owner in result.owners:
        aspirational = []
        for state in owner.objectives:
            value = grades[state.ref]
            committed = state.objective.committed
            flag = (N_("dropped") if state.dropped else short
                    if grading.committed_short(committed, value) else None)
            if not committed:
                aspirational.append(value)
            rows.append(GradeRow(state.ref, owner.owner, state.objective.title, committed,
                                 value, grading.band(value), flag, state.objective.outcome))
        note = (N_("every aspirational objective scored over 90%: the goals may be too safe")
                if grading.too_safe(aspirational) else None)
        owners.append(OwnerGrade(owner.owner, owner.name,
                                 scoring.mean(grades.get(s.ref) for s in owner.objectives),
                                 note))
    return GradeResult(result.cycle, rows, owners, result.problems, today,
                       provisional=provisional, origin=read_from)


def report(session: Session, cycle_id: str | None, until: dt.date,
           since: dt.date | None = None, *, origin: bool = False,
           lean: bool = False) -> Report:
    """The review of the window (since, until]: what moved, what needs attention, moved
    goalposts, what is due, owners; with the state at ``until`` for the dashboard (which
    draws every check-in: ``lean`` keeps only the review's, for Markdown and JSON)."""
    since = since or until - dt.timedelta(days=7)
    if since >= until:
        raise UsageError(_("--since {since} is not before --until {until}").format(
            since=since, until=until))
    read_from = _asked(session, origin)
    if lean:
        session.lean(pick_cycle(session.config, cycle_id, until), [until, since],
                     review.Needed(until, since))
    now = status(session, cycle_id, until, lean=lean)
    before = status(session, now.cycle.id, since, lean=lean)
    roots = [t.id for t in session.config.teams if t.parent is None]
    names = overview.owner_labels(session.config)
    labels = {o: names.get(o, o) for o in owner_ids(session.config)}
    out = review.build(now, before, roots, since, session.config.organization, labels)
    out.origin = read_from
    out.top = overview.top_of_tree(session, now, before)  # where the review is cut (render/review)
    return out


def kr_list(session: Session, cycle_id: str | None, today: dt.date,
            owner: str | None = None) -> KrListResult:
    """Every key result of the cycle, or those of one owner: in the owner's file, or
    driven by that person (``owner:``) in another file."""
    result = status(session, cycle_id, today)
    config = session.config
    rows = [
        KrRow(key_result_ref(state.ref, kr.id), kr.title, kr.kind, state.owner,
              config.owner_label(kr.owner or state.owner), st.status, st.dropped)
        for line in result.owners for state in line.objectives
        for kr, st in state.key_results if owner is None or owner in (state.owner, kr.owner)
    ]
    if owner is not None and not rows and not config.is_owner(owner) \
            and not any(e.owner == owner for e in session.index()):
        raise OkrError(_("unknown owner {owner!r}{hint}").format(
            owner=owner, hint=did_you_mean(owner, owner_ids(config))))
    return KrListResult(result.cycle, owner, rows, result.problems)
