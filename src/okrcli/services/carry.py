"""okr carry: unfinished objectives taken into a later cycle. The objective keeps its id
and says where it came from (``carried_from``); its unfinished key results go with it,
each metric starting at its last value, without check-ins, changes or grades, due dates
moved into the new cycle; the old objective's outcome becomes ``carried``. The target
file and the source file change in one transaction (``editing``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrcli import grading
from okrcli.cycleresults import Carried, CarriedKR, CarryResult, Skipped
from okrcli.diagnostics import OkrError
from okrcli.edit import TextEdit
from okrcli.i18n import _
from okrcli.model import Config, Cycle, KeyResult, Objective, OkrFile
from okrcli.pipeline import Valid
from okrcli.refs import Ref, objective_ref, owner_of
from okrcli.scalars import whole
from okrcli.scoring import KRState, ObjectiveState
from okrcli.services import read
from okrcli.services.common import Session, did_you_mean, owner_ids, parse_ref, pick_cycle
from okrcli.services.editing import create_file, edit_files

# An objective's keys after ``outcome`` in the house order (a new one goes before them).
_AFTER_OUTCOME = ("retro", "changes")


def carry(session: Session, text: str, to_id: str, today: dt.date, *,
          from_id: str | None = None, include_done: bool = False) -> CarryResult:
    """Carry the objective ``text`` (OWNER/OBJ), or every unfinished objective of the
    owner ``text``, from ``from_id`` (default: the latest cycle that starts before the
    target) into ``to_id``. Nothing is written when anything is refused."""
    ref = parse_ref(text, (1, 2))
    config = session.config
    target = pick_cycle(config, to_id, today)
    source = _source_cycle(config, target, from_id, today)
    if target.closed is not None:
        raise OkrError(_("cycle {cycle} is closed (on {date}): nothing can be carried into "
                         "it; okr cycle reopen {cycle} --reason ... opens it again").format(
            cycle=target.id, date=target.closed))
    if not config.is_owner(ref.owner):
        raise OkrError(_("unknown owner {owner!r}{hint}").format(
            owner=ref.owner, hint=did_you_mean(ref.owner, owner_ids(config))))
    source_path = session.owner_file(ref.owner, source.id)
    if source_path is None:
        raise OkrError(_("{owner} has no OKR file in cycle {cycle}: nothing to carry").format(
            owner=ref.owner, cycle=source.id))
    reading = session.reading(source_path)
    problems = session.blocking(reading)
    if problems or not isinstance(reading, Valid):
        raise OkrError(_("{file} has errors: fix them before carrying from it; nothing was "
                         "written").format(file=session.rel(source_path)), problems)
    doc: OkrFile = reading.model
    states = read.status(session, source.id, today, [ref.owner]).states
    grades = grading.objective_grades(states)

    target_path = session.owner_file(ref.owner, target.id)
    there: list[Objective] = []
    if target_path is not None:
        target_doc = _valid(session, target_path)
        there = list(target_doc.objectives)
    chosen, skipped = _choose(doc, ref, source, target, states, grades, there, include_done)

    # What the target cycle holds: the parents an alignment may keep.
    taken = [(objective, _taken(state)) for objective, state in chosen]
    present = _refs_in(session, target, {owner_of(o.aligns_to) for o, _s in chosen
                                          if o.aligns_to}, target_path)
    for objective, krs in taken:
        name = objective_ref(ref.owner, objective.id)
        present |= {name} | {f"{name}/{kr.id}" for kr, _st in krs}
    carried, items = [], []
    for objective, krs in taken:
        item, done = _carried(ref.owner, objective, krs, source, target, present)
        carried.append(done)
        items.append(item)
    path = target_path or (session.ws.root / config.settings.okr_dir / target.id
                           / f"{ref.owner}.yaml")
    result = CarryResult(source, target, carried, skipped, session.rel(path),
                         session.rel(source_path), created=target_path is None and bool(items))
    # The source's objectives whose outcome becomes carried: those carried now, and one
    # found carried whose outcome does not say so (a carry cut short). One that says so
    # already is left alone: a second run writes nothing.
    behind = {s.ref for s in skipped if s.reason == "already_carried"}
    marked = [o for o in doc.objectives if o.outcome != "carried" and (
        any(o is c for c, _s in chosen) or objective_ref(doc.owner, o.id) in behind)]
    result.marked = [objective_ref(doc.owner, o.id) for o in marked]
    edits: list[tuple[Path, Callable[[Valid[OkrFile]], str]]] = []
    if items and target_path is not None:
        edits.append((target_path, _adding(items)))
    if marked:
        edits.append((source_path, _marking([o.id for o in marked], source, target, today)))
    if items and target_path is None:
        # A new file is made first; were the source refused after it, the next run finds
        # the objectives carried and marks them then.
        create_file(session, path, today,
                    {"owner": ref.owner, "cycle": target.id, "objectives": items})
    if edits:
        written = edit_files(session, edits, OkrFile, today)
        result.problems = [d for _after, left in written for d in left]
    return result


def _adding(items: list[dict[str, Any]]) -> Callable[[Valid[OkrFile]], str]:
    def change(reading: Valid[OkrFile]) -> str:
        edit = TextEdit(reading.source.text, reading.source.newline)
        for item in items:
            edit.append((), "objectives", item)
        return edit.text

    return change


def _taken(state: ObjectiveState) -> list[tuple[KeyResult, KRState]]:
    """The key results that go: the unfinished ones not dropped (by their grade where the
    team gave one, else their score), or every one not dropped when all are finished."""
    live = [(kr, st) for kr, st in state.key_results if kr.dropped is None]
    unfinished = [(kr, st) for kr, st in live if grading.kr_grade(st) < 1.0]
    return unfinished or live


def _source_cycle(config: Config, target: Cycle, from_id: str | None,
                  today: dt.date) -> Cycle:
    if from_id is not None:
        source = pick_cycle(config, from_id, today)
        if source.start >= target.start:
            raise OkrError(_("cycle {target} does not start after {source}: objectives are "
                             "carried into a later cycle").format(target=target.id,
                                                                  source=source.id))
        return source
    earlier = [c for c in config.cycles if c.start < target.start]
    if not earlier:
        raise OkrError(_("no cycle starts before {cycle}: there is nothing to carry from"
                         ).format(cycle=target.id))
    return max(earlier, key=lambda c: c.start)


def _valid(session: Session, path: Path) -> OkrFile:
    reading = session.reading(path)
    problems = session.blocking(reading)
    if problems or not isinstance(reading, Valid):
        raise OkrError(_("{file} has errors: fix them before carrying into it; nothing was "
                         "written").format(file=session.rel(path)), problems)
    model: OkrFile = reading.model
    return model


def _choose(doc: OkrFile, ref: Ref, source: Cycle, target: Cycle, states: dict[str, ObjectiveState],
            grades: dict[str, float | None], there: list[Objective], include_done: bool
            ) -> tuple[list[tuple[Objective, ObjectiveState]], list[Skipped]]:
    """The objectives to carry, and those left with why. A named objective that cannot be
    carried is refused; of an owner's, those are skipped."""
    if ref.objective is not None:
        found = next((o for o in doc.objectives if o.id == ref.objective), None)
        if found is None:
            raise OkrError(_("no objective {ref} in cycle {cycle}{hint}").format(
                ref=ref, cycle=source.id,
                hint=did_you_mean(ref.objective, [o.id for o in doc.objectives])))
        candidates = [found]
    else:
        candidates = list(doc.objectives)
    chosen, skipped = [], []
    for objective in candidates:
        name = objective_ref(doc.owner, objective.id)
        origin = f"{source.id}/{name}"
        outcome = objective.outcome or grading.outcome_of(
            objective.committed, grades.get(name), objective.dropped is not None or (
                bool(objective.key_results) and all(kr.dropped for kr in
                                                    objective.key_results)))
        before = next((o for o in there if o.carried_from == origin), None)
        if before is not None:
            skipped.append(Skipped(name, "already_carried", objective_ref(doc.owner,
                                                                           before.id)))
        elif objective.dropped is not None or outcome == "dropped":
            if ref.objective is not None:
                raise OkrError(_("{ref} was dropped: a dropped objective is not carried"
                                 ).format(ref=name))
            skipped.append(Skipped(name, "dropped"))
        elif outcome == "achieved" and not include_done:
            if ref.objective is not None:
                raise OkrError(_("{ref} was achieved: give --include-done to carry it "
                                 "anyway").format(ref=name))
            skipped.append(Skipped(name, "achieved"))
        else:
            clash = next((o for o in there if o.id == objective.id), None)
            if clash is not None:
                raise OkrError(_("{ref} exists in {cycle} already and was not carried from "
                                 "{origin}: give one of them another id first; nothing was "
                                 "written").format(ref=name, cycle=target.id,
                                                   origin=origin))
            chosen.append((objective, states[name]))
    return chosen, skipped


def _refs_in(session: Session, cycle: Cycle, owners: set[str], own: Path | None) -> set[str]:
    """The objectives and key results of ``owners`` (and of the owner's own target file)
    in ``cycle``, from the files commands can read."""
    paths = [p for p in session.files(cycle.id, owners) if p != own]
    files, _problems = session.usable(paths + ([own] if own else []), dt.date.min)
    found: set[str] = set()
    for reading in files:
        for objective in reading.model.objectives:
            name = objective_ref(reading.model.owner, objective.id)
            found |= {name} | {f"{name}/{kr.id}" for kr in objective.key_results}
    return found


def _carried(owner: str, objective: Objective, taken: list[tuple[KeyResult, KRState]],
             source: Cycle, target: Cycle, present: set[str]
             ) -> tuple[dict[str, Any], Carried]:
    """The objective as the target file gets it, and what was taken."""
    name = objective_ref(owner, objective.id)
    item: dict[str, Any] = {"id": objective.id, "title": objective.title}
    if objective.committed:
        item["committed"] = True
    kept = dropped = None
    if objective.aligns_to:
        if objective.aligns_to in present:
            kept = item["aligns_to"] = objective.aligns_to
        else:
            dropped = objective.aligns_to
    item["carried_from"] = f"{source.id}/{name}"
    if objective.description:
        item["description"] = objective.description
    krs, said = [], []
    for kr, st in taken:
        fields, carried = _key_result(kr, st, source, target)
        krs.append(fields)
        said.append(carried)
    if krs:
        item["key_results"] = krs
    left = [kr.id for kr in objective.key_results if all(kr is not k for k, _s in taken)]
    return item, Carried(name, item["carried_from"], said, left, kept, dropped)


def _key_result(kr: KeyResult, state: KRState, source: Cycle, target: Cycle
                ) -> tuple[dict[str, Any], CarriedKR]:
    """A key result for the new cycle: its goal as it stands, a metric starting at its
    last value, no check-ins, changes or grade; a due date at the same distance from the
    cycle's start (the cycle's end, when it would fall after it)."""
    fields: dict[str, Any] = {"id": kr.id, "title": kr.title}
    if kr.kind != "metric":
        fields["kind"] = kr.kind
    start = None
    if kr.kind == "metric":
        start = _last_value(kr, state)
        fields["start"] = start if start is not None else kr.start
    for key in ("target", "above", "below", "unit"):
        value = getattr(kr, key)
        if value is not None:
            fields[key] = whole(value)
    due = None
    if kr.due is not None and kr.due != source.end:
        due = min(target.start + (kr.due - source.start), target.end)
        if due != target.end:
            fields["due"] = due
        else:
            due = None
    if kr.weight != 1:
        fields["weight"] = whole(kr.weight)
    if kr.owner:
        fields["owner"] = kr.owner
    if fields.get("start") is not None:
        fields["start"] = whole(fields["start"])
    return fields, CarriedKR(kr.id, kr.kind, start, due)


def _last_value(kr: KeyResult, state: KRState) -> float | None:
    """A metric's last value, its new start; None (the start kept) without a check-in, or
    when the value reached its target (a start equal to or past the target measures
    nothing)."""
    current = state.current
    if not state.checkins or isinstance(current, bool) or current is None:
        return None
    if kr.target is None or kr.start is None:
        return whole(current)
    rising = kr.target >= kr.start
    if (rising and current >= kr.target) or (not rising and current <= kr.target):
        return None
    return whole(current)


def _marking(ids: list[str], source: Cycle, target: Cycle,
             today: dt.date) -> Callable[[Valid[OkrFile]], str]:
    """The source file's change: each carried objective's outcome becomes ``carried``;
    in a closed cycle that is a correction, recorded in the objective's ``changes``."""
    def change(reading: Valid[OkrFile]) -> str:
        edit = TextEdit(reading.source.text, reading.source.newline)
        for oi, objective in enumerate(reading.model.objectives):
            if objective.id not in ids or objective.outcome == "carried":
                continue
            edit.set_value(("objectives", oi), "outcome", "carried", before=_AFTER_OUTCOME)
            if source.closed is not None:
                edit.append(("objectives", oi), "changes", {
                    "date": today, "field": "outcome", "old": objective.outcome,
                    "new": "carried", "reason": _("carried to {cycle}").format(
                        cycle=target.id)})
        return edit.text

    return change
