"""A cycle's lifecycle: the next cycle (okr cycle add --next), the list with each cycle's
state, okr cycle close (grades, outcomes and retro notes written, the cycle marked closed,
all in one transaction) and reopen; the guard that keeps a closed cycle's files as they
were closed, and the corrections it still allows (each recorded with its reason)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrcli import grading, scoring
from okrcli.cycleresults import CycleClosed, CycleList, CycleRow
from okrcli.diagnostics import OkrError, UsageError
from okrcli.i18n import _
from okrcli.model import OUTCOMES, Config, Cycle, KeyResult, OkrFile
from okrcli.pipeline import Valid
from okrcli.refs import objective_ref
from okrcli.results import Written
from okrcli.scalars import whole
from okrcli.services.common import Session, did_you_mean, parse_ref, pick_cycle
from okrcli.services.editing import edit_file, edit_files
from okrcli.services.write import _locate, _owner_file, _reason, _text_edit
from okrcli.store import CONFIG_NAME

# --- the guard ----------------------------------------------------------------------------


def refuse_closed(cycle: Cycle, what: str) -> None:
    """Refuse ``what`` (a check-in, an edit, a new objective: said in the reader's
    language) in a closed cycle."""
    if cycle.closed is not None:
        raise OkrError(_("cycle {cycle} is closed (on {date}): {what} is refused; reopen it "
                         "first (okr cycle reopen {cycle} --reason ...)").format(
            cycle=cycle.id, date=cycle.closed, what=what))


# --- the next cycle and the list -------------------------------------------------------------

_PATTERNS = (  # prefix, year, the part after it; how the id of the next one reads
    re.compile(r"(?P<prefix>.*?)(?P<year>\d{4})-Q(?P<n>[1-4])"),
    re.compile(r"(?P<prefix>.*?)(?P<year>\d{4})-H(?P<n>[12])"),
    re.compile(r"(?P<prefix>.*?)(?P<year>\d{4})-(?P<n>0[1-9]|1[0-2])"),
    re.compile(r"(?P<prefix>.*?)(?P<year>\d{4})"),
)


def _next_id(cycle_id: str) -> str | None:
    """2026-Q4 -> 2027-Q1, 2026-H2 -> 2027-H1, 2026-11 -> 2026-12, 2026 -> 2027 (a prefix,
    FY2026-Q4, is kept); None for another pattern."""
    for kind, pattern in enumerate(_PATTERNS):
        found = pattern.fullmatch(cycle_id)
        if found is None:
            continue
        prefix, year = found["prefix"], int(found["year"])
        if kind == 3:
            return f"{prefix}{year + 1}"
        n, per_year = int(found["n"]), (4, 2, 12)[kind]
        year, n = (year + 1, 1) if n == per_year else (year, n + 1)
        return f"{prefix}{year}-" + (f"Q{n}", f"H{n}", f"{n:02d}")[kind]
    return None


def _months_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` months after ``day``'s (``day`` a 1st)."""
    index = day.year * 12 + day.month - 1 + months - 1
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def next_cycle(config: Config) -> dict[str, Any]:
    """The cycle after the latest one (by start): the day after its end, as long (whole
    calendar months when it spans whole months, else as many days), its id in the same
    pattern."""
    if not config.cycles:
        raise OkrError(_("okr.yaml has no cycle yet to follow: give ID --start --end"))
    latest = max(config.cycles, key=lambda c: c.start)
    new_id = _next_id(latest.id)
    if new_id is None:
        raise OkrError(_("okr cannot tell the id after {id} (it knows 2026-Q4, 2026-H2, "
                         "2026-11 and 2026): give ID --start --end").format(id=latest.id))
    start = latest.end + dt.timedelta(days=1)
    months = (latest.end.year - latest.start.year) * 12 + latest.end.month - latest.start.month + 1
    whole = latest.start.day == 1 and (latest.end + dt.timedelta(days=1)).day == 1
    end = (_months_after(start, months) if whole
           else start + (latest.end - latest.start))
    if end.year > 2999:
        raise OkrError(_("the cycle after {id} would end after the year 2999").format(
            id=latest.id))
    return {"id": new_id, "start": start, "end": end}


def state_of(cycle: Cycle, today: dt.date) -> str:
    """closed, running, upcoming or ended (past its end, not closed): JSON words."""
    if cycle.closed is not None:
        return "closed"
    if today < cycle.start:
        return "upcoming"
    return "running" if today <= cycle.end else "ended"


def cycle_list(session: Session, today: dt.date) -> CycleList:
    rows = [CycleRow(c.id, c.name, c.start, c.end, c.closed, state_of(c, today))
            for c in session.config.cycles]
    return CycleList(today, rows)


# --- close -------------------------------------------------------------------------------------


def _assignments(values: list[str], option: str) -> dict[str, str]:
    """OWNER/OBJ=TEXT values of --note / --outcome, by objective ref."""
    out: dict[str, str] = {}
    for value in values:
        ref, sep, text = value.partition("=")
        if not sep or not text.strip():
            raise UsageError(_("{option} takes OWNER/OBJ=TEXT, not {value!r}").format(
                option=option, value=value))
        key = str(parse_ref(ref.strip(), (2,)))
        if key in out:
            raise UsageError(_("{option} names {ref} twice").format(option=option, ref=key))
        out[key] = text.strip()
    return out


def close(session: Session, cycle_id: str, today: dt.date, *, early: bool = False,
          notes: list[str] | None = None, outcomes: list[str] | None = None,
          ask: Callable[[str, str], str] | None = None) -> CycleClosed:
    """Close a cycle: a ``grade`` (its final score, rounded to 0.01) on every key result
    without one that is not dropped; an ``outcome`` (given, else derived from the grade)
    and a ``retro`` note (given, or ``ask(ref, title)``'s answer) on every objective
    without one; ``closed: today`` on the cycle. Refused before the cycle's end (unless
    ``early``), for a closed cycle, and while its files or okr.yaml fail okr check. Every
    file and okr.yaml are written in one transaction, or none."""
    from okrcli.services import check

    given_notes = _assignments(notes or [], "--note")
    given_outcomes = _assignments(outcomes or [], "--outcome")
    for ref, word in given_outcomes.items():
        if word not in OUTCOMES:
            raise UsageError(_("{ref}: the outcome is one of {words}, not {word!r}").format(
                ref=ref, words=", ".join(OUTCOMES), word=word))
    config = session.config
    cycle = pick_cycle(config, cycle_id, today)
    if cycle.closed is not None:
        raise OkrError(_("cycle {cycle} is closed already (on {date})").format(
            cycle=cycle.id, date=cycle.closed))
    if today <= cycle.end and not early:
        raise OkrError(_("cycle {cycle} runs until {end}: close it after its end, or pass "
                         "--early").format(cycle=cycle.id, end=cycle.end))
    paths = session.files(cycle.id)
    found = check.run(session, today, [session.ws.config_path, *paths])
    if found.failing:
        raise OkrError(_("cycle {cycle} cannot be closed while okr check fails on its files "
                         "(above): fix them first; nothing was written").format(
            cycle=cycle.id), found.failing)
    readings = [r for r in (session.reading(p) for p in paths) if isinstance(r, Valid)]
    th = scoring.thresholds(config.settings)
    # Closed before and reopened (a late check-in, say): closing again grades again what a
    # close derives (a key result's grade without a grade note or a recorded correction,
    # an objective's achieved/partial/missed without a recorded correction); what the
    # team wrote, and carried or dropped, stays.
    reopened = bool(cycle.reopened)

    def tools(kr: KeyResult) -> bool:
        return reopened and kr.grade is not None and kr.grade_note is None and not any(
            c.field == "grade" for c in kr.changes)

    # The key results' grades first: the objectives' grades (and outcomes) are theirs.
    # One scoring of the cycle as written gives both the scores to grade by and the
    # objectives' grades as they stand (what a first close derived its outcomes from).
    as_written = scoring.evaluate_objectives(
        [(r.model.owner, o) for r in readings for o in r.model.objectives], cycle, today, th)
    written = grading.objective_grades(as_written)
    kr_grades: dict[tuple[Path, int, int], float] = {}
    items = []
    for reading in readings:
        for oi, objective in enumerate(reading.model.objectives):
            state = as_written[objective_ref(reading.model.owner, objective.id)]
            krs = []
            for ki, (kr, kr_state) in enumerate(state.key_results):
                grade = round(kr_state.score, 2)
                if (kr.grade is None or tools(kr)) and not kr_state.dropped \
                        and not state.dropped and grade != kr.grade:
                    kr_grades[(reading.path, oi, ki)] = whole(grade)  # 1, not 1.0
                    kr = kr.model_copy(update={"grade": grade})
                krs.append(kr)
            items.append((reading.model.owner,
                          objective.model_copy(update={"key_results": krs})))
    states = scoring.evaluate_objectives(items, cycle, today, th)
    grades = grading.objective_grades(states)
    known = list(states)
    for ref in [*given_notes, *given_outcomes]:
        if ref not in states:
            raise OkrError(_("no objective {ref} in cycle {cycle}{hint}").format(
                ref=ref, cycle=cycle.id, hint=did_you_mean(ref, known)))
    # What each objective gets: (outcome or None, retro note or None).
    plan: dict[str, tuple[str | None, str | None]] = {}
    for ref, state in states.items():
        objective = state.objective
        if ref in given_outcomes and objective.outcome is not None:
            raise OkrError(_("{ref} has an outcome already ({outcome}): correct it after the "
                             "close with okr objective edit --outcome --reason").format(
                ref=ref, outcome=objective.outcome))
        if ref in given_notes and objective.retro is not None:
            raise OkrError(_("{ref} has a retro note already: correct it after the close with "
                             "okr objective edit --retro --reason").format(ref=ref))
        derived = grading.outcome_of(objective.committed, grades[ref], grading.gone(state))
        # derived at the first close (from the grades as they stand), and no more
        again = reopened and objective.outcome in ("achieved", "partial", "missed") and \
            objective.outcome == grading.outcome_of(objective.committed, written.get(ref),
                                                    grading.gone(state)) != derived and not any(
                c.field == "outcome" for c in objective.changes)
        outcome = None if objective.outcome is not None and not again else given_outcomes.get(
            ref, derived)
        plan[ref] = (outcome, given_notes.get(ref))
    if ask is not None:  # before the lock: a person may take a while to answer
        for ref, state in states.items():
            if state.objective.retro is None and plan[ref][1] is None:
                answer = ask(ref, state.objective.title).strip()
                plan[ref] = (plan[ref][0], answer or None)
    raws = {r.path: r.source.raw for r in readings}

    def change_of(path: Path) -> Callable[[Valid[Any]], str]:
        def change(reading: Valid[Any]) -> str:
            if reading.source.raw != raws.get(path, reading.source.raw):
                raise OkrError(_("{file} changed while the cycle was being closed; nothing "
                                 "was written: run okr cycle close again").format(
                    file=session.rel(path)))
            edit = _text_edit(reading)
            if isinstance(reading.model, Config):
                at = [c.id for c in reading.model.cycles].index(cycle.id)
                edit.set_value(("cycles", at), "closed", today, before=("reopened",))
                return edit.text
            doc: OkrFile = reading.model
            edit.backwards()  # the last objective first, in each its keys after its KRs
            for oi in reversed(range(len(doc.objectives))):
                objective = doc.objectives[oi]
                outcome, note = plan[objective_ref(doc.owner, objective.id)]
                if note is not None:
                    edit.set_value(("objectives", oi), "retro", note, before=("changes",))
                if outcome is not None:
                    edit.set_value(("objectives", oi), "outcome", outcome,
                                   before=("retro", "changes"))
                for ki in reversed(range(len(objective.key_results))):
                    grade = kr_grades.get((path, oi, ki))
                    if grade is not None:
                        edit.set_value(("objectives", oi, "key_results", ki), "grade", grade,
                                       before=("grade_note",))
            return edit.text
        return change

    config_path = session.ws.config_path
    saved = edit_files(session, [(p, change_of(p)) for p in [*paths, config_path]],
                       OkrFile, today)
    counted = Counter(outcome for outcome, _note in plan.values() if outcome is not None)
    return CycleClosed(
        cycle.id, today, len(kr_grades), sum(counted.values()),
        sum(note is not None for _outcome, note in plan.values()),
        {word: counted[word] for word in OUTCOMES if counted[word]},
        [session.rel(p) for p in paths], [d for _r, left in saved for d in left])


def reopen(session: Session, cycle_id: str, today: dt.date, reason: str) -> Written:
    """Open a closed cycle again: ``closed:`` goes, ``reopened:`` records when, the close
    it undid and why."""
    reason = _reason(reason)
    cycle = pick_cycle(session.config, cycle_id, today)
    if cycle.closed is None:
        raise OkrError(_("cycle {cycle} is not closed").format(cycle=cycle.id))
    closed = cycle.closed

    def change(reading: Valid[Config]) -> str:
        at = [c.id for c in reading.model.cycles].index(cycle.id)
        edit = _text_edit(reading)
        edit.remove_key(("cycles", at), "closed")
        edit.append(("cycles", at), "reopened",
                    {"date": today, "closed": closed, "reason": reason})
        return edit.text

    _saved, left = edit_file(session, session.ws.config_path, Config, None, change)
    return Written(CONFIG_NAME, _("reopened cycle {cycle} (closed on {date})").format(
        cycle=cycle.id, date=closed), cycle.id, left)


# --- corrections ---------------------------------------------------------------------------


def _corrected(session: Session, text: str, today: dt.date, parts: int,
               fields: dict[str, Any], reason: str | None, cycle_id: str | None) -> Written:
    """Set ``fields`` (None: unchanged; "": removed) of a key result (``parts`` 3) or an
    objective (2); in a closed cycle each changed one needs ``reason`` and appends a
    ``changes:`` record {date, field, old, new, reason}."""
    ref = parse_ref(text, (parts,))
    fields = {k: v for k, v in fields.items() if v is not None}
    if reason is not None:
        reason = _reason(reason)
    cycle = pick_cycle(session.config, cycle_id, today)
    if cycle.closed is None and today <= cycle.end:
        ended = sorted((c for c in session.config.cycles if c.end < today),
                       key=lambda c: c.end)
        raise OkrError(_("cycle {cycle} runs until {end}: grades and outcomes are given at "
                         "its end (okr cycle close){hint}").format(
            cycle=cycle.id, end=cycle.end, hint=_("; for cycle {ended}, add --cycle "
                                                   "{ended}").format(ended=ended[-1].id)
            if ended else ""))
    _config, cycle, path = _owner_file(session, ref.owner, cycle.id, today)
    if cycle.closed is not None and reason is None:
        raise OkrError(_("cycle {cycle} is closed (on {date}): a correction of {fields} "
                         "needs --reason, which is recorded in the changes").format(
            cycle=cycle.id, date=cycle.closed, fields=", ".join(fields)))
    said: list[str] = []

    def change(reading: Valid[OkrFile]) -> str:
        oi, ki = _locate(reading.model, str(ref.objective), ref.kr if parts == 3 else None)
        objective = reading.model.objectives[oi]
        item: Any = objective.key_results[ki] if parts == 3 else objective
        where: tuple[Any, ...] = ("objectives", oi, "key_results", ki) if parts == 3 \
            else ("objectives", oi)
        later = ("grade_note",) if parts == 3 else ("retro", "changes")
        edit = _text_edit(reading)
        records = []  # after the fields: a new `changes:` list comes after them
        for key, value in fields.items():
            old, new = getattr(item, key), value if value != "" else None
            if old == new:
                continue
            if new is None:
                edit.remove_key(where, key)
            else:
                edit.set_value(where, key, new, before=later if key in ("grade", "outcome")
                               else ("changes",) if parts == 2 else ())
            said.append(f"{key} = {new}" if new is not None else _("{field} removed").format(
                field=key))
            records.append({"date": today, "field": key, "old": old, "new": new,
                            "reason": reason})
        for record in records if cycle.closed is not None else []:
            edit.append(where, "changes", record)
        return edit.text

    _saved, left = edit_file(session, path, OkrFile, today, change)
    if not said:
        return Written(session.rel(path), _("{ref} has these values already").format(ref=text),
                       text, left)
    message = (_("corrected {ref}: {changes} (recorded in its changes)")
               if cycle.closed is not None else _("changed {ref}: {changes}"))
    # TRANSLATORS: between the changes an edit lists ("title = X, aligns to Y").
    return Written(session.rel(path), message.format(ref=text, changes=_(", ").join(said)),
                   text, left)


def correct_kr(session: Session, text: str, today: dt.date, *, grade: float | None = None,
               grade_note: str | None = None, reason: str | None = None,
               cycle_id: str | None = None) -> Written:
    """okr kr edit --grade / --grade-note: the team's grade of a key result."""
    if grade is not None and not 0 <= grade <= 1:
        raise UsageError(_("a grade is between 0 and 1, not {grade:g}").format(grade=grade))
    return _corrected(session, text, today, 3, {"grade": grade, "grade_note": grade_note},
                      reason, cycle_id)


def correct_objective(session: Session, text: str, today: dt.date, *,
                      outcome: str | None = None, retro: str | None = None,
                      reason: str | None = None, cycle_id: str | None = None) -> Written:
    """okr objective edit --outcome / --retro: an objective's outcome and 复盘 note."""
    if outcome is not None and outcome not in OUTCOMES:
        raise UsageError(_("the outcome is one of {words}, not {word!r}").format(
            words=", ".join(OUTCOMES), word=outcome))
    return _corrected(session, text, today, 2, {"outcome": outcome, "retro": retro},
                      reason, cycle_id)
