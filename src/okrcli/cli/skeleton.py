"""okr cycle / team / person: the skeleton in okr.yaml."""

from __future__ import annotations

from typing import Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import RootOpt, console, done, handled, parse_date, session
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


@cycle_app.command("add")
@handled
def cycle_add(
    cycle_id: Annotated[str, typer.Argument(metavar="ID", help=N_("For example 2027-Q1."))],
    start: Annotated[str, typer.Option("--start", help=N_("First day, YYYY-MM-DD."))],
    end: Annotated[str, typer.Option("--end", help=N_("Last day, YYYY-MM-DD."))],
    root: RootOpt = None,
) -> None:
    """Add a cycle."""
    from okrcli.diagnostics import UsageError

    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    if first and last and last < first:
        raise UsageError(_("--end is before --start"))
    _add(root, "cycles", {"id": cycle_id, "start": first, "end": last})


@cycle_app.command("list")
@handled
def cycle_list(root: RootOpt = None) -> None:
    """List the cycles in okr.yaml."""
    _list(root, "cycle")


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
