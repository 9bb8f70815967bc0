"""okr cycle / team / person: the skeleton in okr.yaml."""

from __future__ import annotations

from typing import Annotated

import typer

from okrcli.cli.common import RootOpt, console, done, handled, parse_date, workspace


def register(app: typer.Typer) -> None:
    cycle = typer.Typer(help="Cycles (quarters, halves) in okr.yaml.", no_args_is_help=True)
    team = typer.Typer(help="Teams (company, departments) in okr.yaml.", no_args_is_help=True)
    person = typer.Typer(help="People in okr.yaml.", no_args_is_help=True)
    app.add_typer(cycle, name="cycle")
    app.add_typer(team, name="team")
    app.add_typer(person, name="person")

    @cycle.command("add")
    @handled
    def cycle_add(
        cycle_id: Annotated[str, typer.Argument(metavar="ID", help="For example 2027-Q1.")],
        start: Annotated[str, typer.Option("--start", help="First day, YYYY-MM-DD.")],
        end: Annotated[str, typer.Option("--end", help="Last day, YYYY-MM-DD.")],
        root: RootOpt = None,
    ) -> None:
        """Add a cycle."""
        from okrcli import services
        from okrcli.diagnostics import UsageError

        first, last = parse_date(start, "--start"), parse_date(end, "--end")
        if first and last and last < first:
            raise UsageError("--end is before --start")
        result = services.config_add(workspace(root), "cycles",
                                     {"id": cycle_id, "start": first, "end": last})
        done(result.message)

    @team.command("add")
    @handled
    def team_add(
        team_id: Annotated[str, typer.Argument(metavar="ID")],
        name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
        parent: Annotated[str | None, typer.Option("--parent", help="Parent team id.")] = None,
        root: RootOpt = None,
    ) -> None:
        """Add a team (a department, or the company itself when it has no parent)."""
        from okrcli import services

        result = services.config_add(workspace(root), "teams",
                                     {"id": team_id, "name": name, "parent": parent})
        done(result.message)

    @person.command("add")
    @handled
    def person_add(
        person_id: Annotated[str, typer.Argument(metavar="ID")],
        name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
        team_id: Annotated[str | None, typer.Option("--team", help="The person's team.")] = None,
        root: RootOpt = None,
    ) -> None:
        """Add a person."""
        from okrcli import services

        result = services.config_add(workspace(root), "people",
                                     {"id": person_id, "name": name, "team": team_id})
        done(result.message)

    def lister(kind: str) -> None:
        @handled
        def list_cmd(root: RootOpt = None) -> None:
            from rich.table import Table
            from rich.text import Text

            config = workspace(root).config
            table = Table(box=None, pad_edge=False)
            if kind == "cycle":
                for name in ("id", "start", "end"):
                    table.add_column(name)
                for c in config.cycles:
                    table.add_row(Text(c.id), c.start.isoformat(), c.end.isoformat())
            elif kind == "team":
                for name in ("id", "name", "parent"):
                    table.add_column(name)
                for t in config.teams:
                    table.add_row(Text(t.id), Text(t.name or ""), Text(t.parent or ""))
            else:
                for name in ("id", "name", "team"):
                    table.add_column(name)
                for p in config.people:
                    table.add_row(Text(p.id), Text(p.name or ""), Text(p.team or ""))
            console().print(table)

        list_cmd.__doc__ = f"List the {kind}s in okr.yaml."
        list_cmd.__name__ = f"{kind}_list"
        {"cycle": cycle, "team": team, "person": person}[kind].command("list")(list_cmd)

    for kind in ("cycle", "team", "person"):
        lister(kind)
