"""okr objective add/edit/drop, okr kr add/edit/drop: the commands that write (okr
checkin is ``checkin.py``); and okr kr list, which reads, with its sub-app."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import (
    CycleOpt,
    NumbersOk,
    RootOpt,
    TodayOpt,
    console,
    done,
    emit,
    finish,
    handled,
    parse_date,
    plain,
    session,
    today,
)
from okrcli.i18n import N_, _

if TYPE_CHECKING:
    from okrcli.results import Written

app = typer.Typer()
objective_app = typer.Typer(help=N_("Objectives."), no_args_is_help=True)
kr_app = typer.Typer(help=N_("Key results."), no_args_is_help=True)
# The options kr add and kr edit share (their help the same for both)
TargetOpt = Annotated[float | None, typer.Option("--target", help=N_("Metric: the target."))]
AboveOpt = Annotated[float | None, typer.Option(
    "--above", help=N_("Threshold: stay at or above."))]
BelowOpt = Annotated[float | None, typer.Option(
    "--below", help=N_("Threshold: stay at or below."))]
UnitOpt = Annotated[str | None, typer.Option(
    "--unit", help=N_("The unit shown after its values (%, days, ...)."))]
DriverOpt = Annotated[str | None, typer.Option(
    "--owner", help=N_("Person who drives it."), autocompletion=complete.people)]


def written(result: Written) -> str:
    """What a write did and the file it wrote."""
    return _("{message} in {path}").format(message=result.message, path=result.path)


def _whole(value: float | None) -> float | int | None:
    """Options arrive as floats; 15000.0 is written to the file as 15000."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


@objective_app.command("add")
@handled
def objective_add(
    owner: Annotated[str, typer.Argument(help=N_("Team or person id."),
                                         autocompletion=complete.owners)],
    title: Annotated[str, typer.Argument(help=N_("What we want to achieve, in words."))],
    obj_id: Annotated[str | None, typer.Option("--id", help=N_("Id (default: o1, o2, ...)."))]
    = None,
    aligns_to: Annotated[str | None, typer.Option(
        "--aligns-to", help=N_("OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR above this one."),
        autocompletion=complete.alignment_refs)] = None,
    committed: Annotated[bool, typer.Option(
        "--committed", help=N_("Must reach 100% (default: aspirational)."))] = False,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Add an objective to an owner's OKR file for the cycle (creating the file)."""
    from okrcli.services import write

    result = write.objective_add(
        session(root), owner, title, today(today_opt), obj_id=obj_id, aligns_to=aligns_to,
        committed=committed, cycle_id=cycle)
    done(written(result), result.problems)


@objective_app.command("edit")
@handled
def objective_edit(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ",
                                       autocompletion=complete.objective_refs)],
    title: Annotated[str | None, typer.Option("--title", help=N_("The new title."))] = None,
    aligns_to: Annotated[str | None, typer.Option(
        "--aligns-to",
        help=N_("OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR above it; '' for none."),
        autocompletion=complete.alignment_refs)]
    = None,
    committed: Annotated[bool | None, typer.Option(
        "--committed/--aspirational", help=N_("Must reach 100%, or about 70% will do."),
        show_default=False)] = None,
    outcome: Annotated[OutcomeWord | None, typer.Option(
        "--outcome", help=N_("The outcome at the cycle's close."), show_default=False)] = None,
    retro: Annotated[str | None, typer.Option(
        "--retro", help=N_("The retro note (复盘); '' for none."))] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help=N_("Why: required for a correction once the cycle is closed."))]
    = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Change an objective's title, alignment or commitment (only those lines); or its
    outcome and retro note, a recorded correction once the cycle is closed."""
    from okrcli.services import cycle as lifecycle
    from okrcli.services import write

    correction = outcome is not None or retro is not None
    _alone(correction, title is not None or aligns_to is not None or committed is not None)
    if correction:
        result = lifecycle.correct_objective(
            session(root), ref, today(today_opt), outcome=outcome.value if outcome else None,
            retro=retro, reason=reason, cycle_id=cycle)
    else:
        result = write.objective_edit(session(root), ref, today(today_opt), title=title,
                                      aligns_to=aligns_to, committed=committed,
                                      cycle_id=cycle)
    done(written(result), result.problems)


@objective_app.command("drop")
@handled
def objective_drop(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ",
                                       autocompletion=complete.objective_refs)],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why it no longer makes sense."))],
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Drop an objective with its key results: they stay in the file and the reports, out
    of every score."""
    from okrcli.services import write

    result = write.objective_drop(session(root), ref, today(today_opt), reason, cycle)
    done(written(result), result.problems)


class OutcomeWord(StrEnum):
    achieved = "achieved"
    partial = "partial"
    missed = "missed"
    carried = "carried"
    dropped = "dropped"


def _alone(correction: bool, others: bool) -> None:
    """A correction (grade, outcome, retro note) is an edit of its own."""
    if correction and others:
        from okrcli.diagnostics import UsageError

        raise UsageError(_("a grade, an outcome or a retro note is corrected on its own: "
                           "give its options without the others"))


class KrListFormat(StrEnum):
    table = "table"
    tsv = "tsv"


@kr_app.command("list")
@handled
def kr_list(
    owner: Annotated[str | None, typer.Argument(
        metavar="OWNER", help=N_("A team or person: the key results in its file, and those "
                                 "the person drives in others (default: everyone)."),
        show_default=False,
        autocompletion=complete.owners)] = None,
    fmt: Annotated[KrListFormat | None, typer.Option(
        "--format", "-f", help=N_("Default: table on a terminal, tsv (REF<TAB>TITLE a line) "
                                  "when piped."), show_default=False)] = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """List key results: ref, title, kind, who drives it, status; piped, one
    REF<TAB>TITLE a line."""
    from okrcli.render import krs
    from okrcli.services import read

    result = read.kr_list(session(root), cycle, today(today_opt), owner)
    out = console()
    if fmt is None:  # a terminal, or what says it is one (FORCE_COLOR, TTY_COMPATIBLE)
        fmt = KrListFormat.table if out.is_terminal else KrListFormat.tsv
    if fmt is KrListFormat.tsv:
        emit(krs.tsv(result), None)
    elif result.rows:
        out.print(krs.table(result, out.width), soft_wrap=True)
    if not result.rows:
        said = (_("no key results of {owner} in cycle {cycle}") if owner
                else _("no key results in cycle {cycle}"))
        console(stderr=True).print(plain(said.format(owner=owner, cycle=result.cycle.id),
                                         style="dim"))
    finish(result.problems)


@kr_app.command("add", cls=NumbersOk)
@handled
def kr_add(
    objective_ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ",
                                                 autocompletion=complete.objective_refs)],
    title: Annotated[str, typer.Argument(help=N_("The measurable result, in words."))],
    kr_id: Annotated[str | None, typer.Option("--id", help=N_("Id (default: kr1, ...)."))]
    = None,
    target: TargetOpt = None,
    start: Annotated[float | None, typer.Option(
        "--start", help=N_("Metric: where it starts (default 0)."))] = None,
    above: AboveOpt = None, below: BelowOpt = None,
    milestone: Annotated[bool, typer.Option("--milestone", help=N_("Done or not."))] = False,
    unit: UnitOpt = None,
    due: Annotated[str | None, typer.Option(
        "--due", help=N_("The due date (default: the cycle's end)."))] = None,
    weight: Annotated[float | None, typer.Option(
        "--weight", help=N_("Its weight in the objective's score (default 1)."))] = None,
    kr_owner: DriverOpt = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Add a key result: a metric (--target), a threshold (--above/--below) or a
    milestone."""
    from okrcli.services import write

    result = write.kr_add(
        session(root), objective_ref, title, today(today_opt), kr_id=kr_id,
        target=_whole(target), start=_whole(start), above=_whole(above), below=_whole(below),
        milestone=milestone, unit=unit, due=parse_date(due, "--due"), weight=_whole(weight),
        owner=kr_owner, cycle_id=cycle)
    done(written(result), result.problems)


@kr_app.command("edit", cls=NumbersOk)
@handled
def kr_edit(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ/KR",
                                       autocompletion=complete.kr_refs)],
    title: Annotated[str | None, typer.Option("--title", help=N_("The new title."))] = None,
    target: TargetOpt = None,
    start: Annotated[float | None, typer.Option(
        "--start", help=N_("Metric: where it starts."))] = None,
    above: AboveOpt = None, below: BelowOpt = None,
    due: Annotated[str | None, typer.Option("--due", help=N_("The due date."))] = None,
    weight: Annotated[float | None, typer.Option(
        "--weight", help=N_("Its weight in the objective's score."))] = None,
    kr_owner: DriverOpt = None, unit: UnitOpt = None,
    grade: Annotated[float | None, typer.Option(
        "--grade", help=N_("The team's grade, 0 to 1."))] = None,
    grade_note: Annotated[str | None, typer.Option(
        "--grade-note", help=N_("Why this grade; '' for none."))] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason",
        help=N_("Why: required for a goalpost (start, target, due, above, below) once the "
                "cycle has started, and for a grade once it is closed."))]
    = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Change a key result. Moving a goalpost after the cycle's start needs --reason and
    is recorded under the key result's changes; so is a grade corrected once the cycle is
    closed."""
    from okrcli.services import cycle as lifecycle
    from okrcli.services import write

    if grade is not None or grade_note is not None:
        _alone(True, any(v is not None for v in (title, target, start, above, below, due,
                                                 weight, kr_owner, unit)))
        result = lifecycle.correct_kr(session(root), ref, today(today_opt),
                                      grade=_whole(grade), grade_note=grade_note,
                                      reason=reason, cycle_id=cycle)
        done(written(result), result.problems)
        return
    changes = {
        "title": title, "target": _whole(target), "start": _whole(start),
        "above": _whole(above), "below": _whole(below), "due": parse_date(due, "--due"),
        "weight": _whole(weight), "owner": kr_owner, "unit": unit,
    }
    result = write.kr_edit(session(root), ref, today(today_opt), changes, reason=reason,
                           cycle_id=cycle)
    done(written(result), result.problems)


@kr_app.command("drop")
@handled
def kr_drop(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ/KR",
                                       autocompletion=complete.kr_refs)],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why it no longer makes sense."))],
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Drop a key result: it stays in the file and the reports, out of every score."""
    from okrcli.services import write

    result = write.kr_drop(session(root), ref, today(today_opt), reason, cycle)
    done(written(result), result.problems)
