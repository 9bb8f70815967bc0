"""okr objective add/edit/drop, okr kr add/edit/drop: the commands that write (okr
checkin is ``checkin.py``); and okr kr list, which reads, with its sub-app."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

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

app = typer.Typer()
objective_app = typer.Typer(help="Objectives.", no_args_is_help=True)
kr_app = typer.Typer(help="Key results.", no_args_is_help=True)


def _whole(value: float | None) -> float | int | None:
    """Options arrive as floats; 15000.0 is written to the file as 15000."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


@objective_app.command("add")
@handled
def objective_add(
    owner: Annotated[str, typer.Argument(help="Team or person id.",
                                         autocompletion=complete.owners)],
    title: Annotated[str, typer.Argument(help="What we want to achieve, in words.")],
    obj_id: Annotated[str | None, typer.Option("--id", help="Id (default: o1, o2, ...).")]
    = None,
    aligns_to: Annotated[str | None, typer.Option(
        "--aligns-to", help="OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR above this one.",
        autocompletion=complete.alignment_refs)] = None,
    committed: Annotated[bool, typer.Option(
        "--committed", help="Must reach 1.0 (default: aspirational).")] = False,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Add an objective to an owner's OKR file for the cycle (creating the file)."""
    from okrcli.services import write

    result = write.objective_add(
        session(root), owner, title, today(today_opt), obj_id=obj_id, aligns_to=aligns_to,
        committed=committed, cycle_id=cycle)
    done(f"{result.message} in {result.path}", result.problems)


@objective_app.command("edit")
@handled
def objective_edit(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ",
                                       autocompletion=complete.objective_refs)],
    title: Annotated[str | None, typer.Option("--title", help="The new title.")] = None,
    aligns_to: Annotated[str | None, typer.Option(
        "--aligns-to", help="OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR above it; '' for none.",
        autocompletion=complete.alignment_refs)]
    = None,
    committed: Annotated[bool | None, typer.Option(
        "--committed/--aspirational", help="Must reach 1.0, or about 0.7 is good.",
        show_default=False)] = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Change an objective's title, alignment or commitment (only those lines)."""
    from okrcli.services import write

    result = write.objective_edit(session(root), ref, today(today_opt), title=title,
                                  aligns_to=aligns_to, committed=committed, cycle_id=cycle)
    done(f"{result.message} in {result.path}", result.problems)


@objective_app.command("drop")
@handled
def objective_drop(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ",
                                       autocompletion=complete.objective_refs)],
    reason: Annotated[str, typer.Option("--reason", help="Why it no longer makes sense.")],
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Drop an objective with its key results: they stay in the file and the reports, out
    of every score."""
    from okrcli.services import write

    result = write.objective_drop(session(root), ref, today(today_opt), reason, cycle)
    done(f"{result.message} in {result.path}", result.problems)


class KrListFormat(StrEnum):
    table = "table"
    tsv = "tsv"


@kr_app.command("list")
@handled
def kr_list(
    owner: Annotated[str | None, typer.Argument(
        metavar="OWNER", help="A team or person: the key results in its file, and those "
        "the person drives in others (default: everyone).", show_default=False,
        autocompletion=complete.owners)] = None,
    fmt: Annotated[KrListFormat | None, typer.Option(
        "--format", "-f", help="Default: table on a terminal, tsv (REF<TAB>TITLE a line) "
        "when piped.", show_default=False)] = None,
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
        whose = f" of {owner}" if owner else ""
        console(stderr=True).print(plain(
            f"no key results{whose} in cycle {result.cycle.id}", style="dim"))
    finish(result.problems)


@kr_app.command("add", cls=NumbersOk)
@handled
def kr_add(
    objective_ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ",
                                                 autocompletion=complete.objective_refs)],
    title: Annotated[str, typer.Argument(help="The measurable result, in words.")],
    kr_id: Annotated[str | None, typer.Option("--id", help="Id (default: kr1, ...).")] = None,
    target: Annotated[float | None, typer.Option("--target", help="Metric: the target.")]
    = None,
    start: Annotated[float | None, typer.Option("--start", help="Metric: where it starts "
                                                "(default 0).")] = None,
    above: Annotated[float | None, typer.Option("--above", help="Threshold: stay at or "
                                                "above.")] = None,
    below: Annotated[float | None, typer.Option("--below", help="Threshold: stay at or "
                                                "below.")] = None,
    milestone: Annotated[bool, typer.Option("--milestone", help="Done or not.")] = False,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD (default: the "
                                            "cycle's end).")] = None,
    weight: Annotated[float | None, typer.Option("--weight")] = None,
    kr_owner: Annotated[str | None, typer.Option("--owner", help="Person who drives it.",
                                                 autocompletion=complete.people)]
    = None,
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
    done(f"{result.message} in {result.path}", result.problems)


@kr_app.command("edit", cls=NumbersOk)
@handled
def kr_edit(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ/KR",
                                       autocompletion=complete.kr_refs)],
    title: Annotated[str | None, typer.Option("--title")] = None,
    target: Annotated[float | None, typer.Option("--target")] = None,
    start: Annotated[float | None, typer.Option("--start")] = None,
    above: Annotated[float | None, typer.Option("--above")] = None,
    below: Annotated[float | None, typer.Option("--below")] = None,
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD")] = None,
    weight: Annotated[float | None, typer.Option("--weight")] = None,
    kr_owner: Annotated[str | None, typer.Option("--owner",
                                                 autocompletion=complete.people)] = None,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="Why: required for start/target/due once the cycle has started.")]
    = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Change a key result. Moving a goalpost after the cycle's start needs --reason and
    is recorded under the key result's changes."""
    from okrcli.services import write

    changes = {
        "title": title, "target": _whole(target), "start": _whole(start),
        "above": _whole(above), "below": _whole(below), "due": parse_date(due, "--due"),
        "weight": _whole(weight), "owner": kr_owner, "unit": unit,
    }
    result = write.kr_edit(session(root), ref, today(today_opt), changes, reason=reason,
                           cycle_id=cycle)
    done(f"{result.message} in {result.path}", result.problems)


@kr_app.command("drop")
@handled
def kr_drop(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ/KR",
                                       autocompletion=complete.kr_refs)],
    reason: Annotated[str, typer.Option("--reason", help="Why it no longer makes sense.")],
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Drop a key result: it stays in the file and the reports, out of every score."""
    from okrcli.services import write

    result = write.kr_drop(session(root), ref, today(today_opt), reason, cycle)
    done(f"{result.message} in {result.path}", result.problems)
