"""okr cycle / team / person: the skeleton in okr.yaml."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import (
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

cycle_app = typer.Typer(help=N_("Cycles (quarters, halves) in okr.yaml."), no_args_is_help=True)
team_app = typer.Typer(help=N_("Teams (company, departments) in okr.yaml."), no_args_is_help=True)
person_app = typer.Typer(help=N_("People in okr.yaml."), no_args_is_help=True)


def _add(root: RootOpt, key: str, item: dict[str, object]) -> None:
    from okrcli.services import skeleton

    result = skeleton.config_add(session(root), key, item)
    done(result.message, result.problems)


def _rename(root: RootOpt, key: str, item_id: str, name: str) -> None:
    from okrcli.services import skeleton

    result = skeleton.config_rename(session(root), key, item_id, name)
    done(result.message, result.problems)


def _list(root: RootOpt, kind: str) -> None:
    from okrcli.render import tables
    from okrcli.services import read

    console().print(tables.listing(read.config(session(root)), kind))


class CycleFormat(StrEnum):
    table = "table"
    json = "json"


class CloseFormat(StrEnum):
    text = "text"
    json = "json"


@cycle_app.command("add")
@handled
def cycle_add(
    cycle_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", help=N_("For example 2027-Q1 (none with --next)."),
        show_default=False)] = None,
    start: Annotated[str | None, typer.Option("--start", help=N_("First day, YYYY-MM-DD."),
                                              show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--end", help=N_("Last day, YYYY-MM-DD."),
                                            show_default=False)] = None,
    after: Annotated[bool, typer.Option(
        "--next", help=N_("The cycle after the latest one: as long, its id in the same "
                          "pattern (2026-Q4 -> 2027-Q1, 2026-H2 -> 2027-H1, 2026-11 -> "
                          "2026-12)."))] = False,
    root: RootOpt = None,
) -> None:
    """Add a cycle: ID --start --end, or --next."""
    from okrcli.diagnostics import UsageError

    if after:
        if cycle_id is not None or start is not None or end is not None:
            raise UsageError(_("--next takes no ID, --start or --end: it works them out"))
        from okrcli.services import cycle

        opened = session(root)
        _add(root, "cycles", cycle.next_cycle(opened.config))
        return
    if cycle_id is None or start is None or end is None:
        raise UsageError(_("give ID --start --end, or --next"))
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    if first and last and last < first:
        raise UsageError(_("--end is before --start"))
    _add(root, "cycles", {"id": cycle_id, "start": first, "end": last})


@cycle_app.command("list")
@handled
def cycle_list(
    fmt: Annotated[CycleFormat, typer.Option("--format", "-f")] = CycleFormat.table,
    root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """List the cycles in okr.yaml: which is running, which are closed."""
    from okrcli.render import cycle as render
    from okrcli.render.machine import dumps
    from okrcli.services import cycle

    result = cycle.cycle_list(session(root), today(today_opt))
    if fmt is CycleFormat.json:
        emit(dumps(render.listing_json(result)), None)
    else:
        console().print(render.table(result))


@cycle_app.command("close")
@handled
def cycle_close(
    cycle_id: Annotated[str, typer.Argument(metavar="ID")],
    early: Annotated[bool, typer.Option(
        "--early", help=N_("Close it before its end."))] = False,
    notes: Annotated[list[str] | None, typer.Option(
        "--note", metavar="OWNER/OBJ=TEXT",
        help=N_("An objective's retro note (复盘); repeat for others."))] = None,
    outcomes: Annotated[list[str] | None, typer.Option(
        "--outcome", metavar="OWNER/OBJ=WORD",
        help=N_("An objective's outcome (`achieved`, `partial`, `missed`, `carried`, "
                "`dropped`) instead of the one its grade gives; repeat for others."))] = None,
    no_input: Annotated[bool, typer.Option(
        "--no-input", help=N_("Ask for no retro notes, even on a terminal."))] = False,
    fmt: Annotated[CloseFormat, typer.Option("--format", "-f")] = CloseFormat.text,
    root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Close a cycle: grade every key result without a grade (its final score), give
    every objective an outcome and a retro note, mark the cycle closed in okr.yaml."""
    from okrcli.render import cycle as render
    from okrcli.render.machine import dumps
    from okrcli.services import cycle

    ask = None
    if sys.stdin.isatty() and sys.stdout.isatty() and not notes and not no_input:
        def ask(ref: str, title: str) -> str:
            console().print(plain(f"{ref}  {title}", style="bold"))
            answer: str = typer.prompt(_("retro note (empty: none)"), default="",
                                       show_default=False)
            return answer

    result = cycle.close(session(root), cycle_id, today(today_opt), early=early,
                         notes=notes, outcomes=outcomes, ask=ask)
    if fmt is CloseFormat.json:
        emit(dumps(render.closed_json(result)), None)
        finish(result.problems)
    else:
        done(render.closed_text(result), result.problems)


@cycle_app.command("reopen")
@handled
def cycle_reopen(
    cycle_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why it is opened again."))],
    root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Open a closed cycle again; okr.yaml records when, the close it undid and why."""
    from okrcli.services import cycle

    result = cycle.reopen(session(root), cycle_id, today(today_opt), reason)
    done(result.message, result.problems)


@team_app.command("add")
@handled
def team_add(
    team_id: Annotated[str, typer.Argument(metavar="ID")],
    name: Annotated[str | None, typer.Option("--name", help=N_("Display name."))] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=N_("Parent team id."),
                                               autocompletion=complete.teams)] = None,
    root: RootOpt = None,
) -> None:
    """Add a team (a department, or the company itself when it has no parent)."""
    _add(root, "teams", {"id": team_id, "name": name, "parent": parent})


@team_app.command("rename")
@handled
def team_rename(
    team_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete.teams)],
    name: Annotated[str, typer.Argument(metavar="NAME", help=N_("The new display name."))],
    root: RootOpt = None,
) -> None:
    """Change a team's display name (its id, used in files and refs, stays)."""
    _rename(root, "teams", team_id, name)


@team_app.command("list")
@handled
def team_list(root: RootOpt = None) -> None:
    """List the teams in okr.yaml."""
    _list(root, "team")


@person_app.command("add")
@handled
def person_add(
    person_id: Annotated[str, typer.Argument(metavar="ID")],
    name: Annotated[str | None, typer.Option("--name", help=N_("Display name."))] = None,
    team_id: Annotated[str | None, typer.Option("--team", help=N_("The person's team."),
                                                autocompletion=complete.teams)] = None,
    root: RootOpt = None,
) -> None:
    """Add a person."""
    _add(root, "people", {"id": person_id, "name": name, "team": team_id})


@person_app.command("rename")
@handled
def person_rename(
    person_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete.people)],
    name: Annotated[str, typer.Argument(metavar="NAME", help=N_("The new display name."))],
    root: RootOpt = None,
) -> None:
    """Change a person's display name (their id, used in files and refs, stays)."""
    _rename(root, "people", person_id, name)


@person_app.command("list")
@handled
def person_list(root: RootOpt = None) -> None:
    """List the people in okr.yaml."""
    _list(root, "person")
