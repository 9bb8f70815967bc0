"""okr status, tree, show, grade: the commands that read."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from okrcli.cli.common import (
    AsOfOpt,
    CycleOpt,
    RootOpt,
    TodayOpt,
    console,
    handled,
    parse_date,
    print_diagnostics,
    today,
    workspace,
)


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    html = "html"


class TreeFormat(StrEnum):
    tree = "tree"
    json = "json"


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _finish(problems: list[Any]) -> None:
    """Files that could not be read are named on stderr; the command then fails (exit 1)
    after showing everything it could."""
    if problems:
        print_diagnostics(problems)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    @app.command("status")
    @handled
    def status(
        owners: Annotated[list[str] | None, typer.Argument(
            metavar="[OWNER]...", help="Team or person ids (default: everyone).")] = None,
        fmt: Annotated[StatusFormat, typer.Option("--format", "-f")] = StatusFormat.table,
        cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
        as_of: AsOfOpt = None,
    ) -> None:
        """Scores, progress, expected progress, status, confidence and last check-in."""
        from okrcli import services

        result = services.evaluate(workspace(root), cycle, today(today_opt, as_of),
                                   owners or None)
        if fmt is StatusFormat.json:
            _json(services.status_json(result))
        elif fmt is StatusFormat.markdown:
            from okrcli.render import markdown

            typer.echo(markdown.status(result), nl=False)
        else:
            from okrcli.render import tables

            out = console()
            out.print(tables.status_table(result, out.width))
            if not result.owners:
                console(stderr=True).print(
                    f"no objectives in cycle {result.cycle.id} yet: add one with "
                    "`okr objective add OWNER TITLE`", style="dim")
        _finish(result.problems)

    @app.command("tree")
    @handled
    def tree(
        fmt: Annotated[TreeFormat, typer.Option("--format", "-f")] = TreeFormat.tree,
        cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
        as_of: AsOfOpt = None,
    ) -> None:
        """The alignment tree: company objectives, the objectives aligned to them, and so
        on down, each with its score (or roll-up) and status."""
        from okrcli import services

        result = services.evaluate(workspace(root), cycle, today(today_opt, as_of))
        if fmt is TreeFormat.json:
            _json(services.tree_json(result))
        else:
            from okrcli.render import tables

            console().print(tables.tree(result))
        _finish(result.problems)

    @app.command("show")
    @handled
    def show(
        ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ[/KR]")],
        cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
        as_of: AsOfOpt = None,
    ) -> None:
        """One objective or key result: its fields, changes and check-in history as a
        chart."""
        from okrcli import services
        from okrcli.render import tables

        result = services.show(workspace(root), ref, cycle, today(today_opt, as_of))
        console().print(tables.show(result))

    @app.command("report")
    @handled
    def report(
        fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.markdown,
        since: Annotated[str | None, typer.Option(
            "--since", help="Window start, YYYY-MM-DD (default: seven days before --until).",
            show_default=False)] = None,
        until: Annotated[str | None, typer.Option(
            "--until", help="Window end, YYYY-MM-DD (default: today).",
            show_default=False)] = None,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="Write the report to this file.", dir_okay=False)] = None,
        cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
        as_of: AsOfOpt = None,
    ) -> None:
        """The weekly review (what moved, what needs attention, moved goalposts, what is
        due, owners) as Markdown or JSON, or the public dashboard as one HTML file."""
        from okrcli import report as review
        from okrcli import services

        end = parse_date(until, "--until") or today(today_opt, as_of)
        start = parse_date(since, "--since")
        ws = workspace(root)
        result, status = services.report(ws, cycle, end, start)
        if fmt is ReportFormat.json:
            text = json.dumps(review.as_json(result), ensure_ascii=False, indent=2) + "\n"
        elif fmt is ReportFormat.html:
            from okrcli.render import html

            text = html.dashboard(result, status, [])
        else:
            from okrcli.render import review as render

            text = render.markdown(result)
        if output is None:
            typer.echo(text, nl=False)
        else:
            from okrcli.yamlio import atomic_write

            output.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(output, text.encode("utf-8"))
            console(stderr=True).print(f"wrote {output}", style="dim")
        _finish(status.problems)

    @app.command("grade")
    @handled
    def grade(
        cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
    ) -> None:
        """End-of-cycle grades against the red / yellow / green bands."""
        from okrcli import services
        from okrcli.render import tables

        result = services.grade(workspace(root), cycle, today(today_opt))
        console().print(tables.grade_table(result))
        _finish(result.problems)
