"""okr diff: what changed between two revisions in OKR terms, and what it does to the
scores up the alignment tree."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import (
    CycleOpt,
    RootOpt,
    TodayOpt,
    console,
    emit,
    handled,
    print_diagnostics,
    session,
    today,
)
from okrcli.i18n import N_

app = typer.Typer()


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    github = "github"


@app.command("diff")
@handled
def diff(
    revisions: Annotated[list[str] | None, typer.Argument(
        metavar="[REV] [REV]", show_default=False, help=N_(
            "None: HEAD against the working tree; one: that revision against it; two, "
            "or A..B: the first against the second; A...B: the merge base of A and B "
            "against B (what a pull request changes)."))] = None,
    fmt: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help=N_("text, markdown (a pull-request comment), json or github "
                                  "(annotations)."))] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help=N_("Write the report to this file."), dir_okay=False)] = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Show what changed between two revisions in OKR terms, by owner (objectives and key
    results added, deleted or dropped, goalposts moved with their reasons, check-ins added
    or rewritten), and what it does to the scores up to the company. Exit 0: a diff is
    not a failure."""
    from okrcli.render import diff as render
    from okrcli.services import diff as service

    ws = session(root)
    result = service.diff(ws, list(revisions or []), cycle, today(today_opt),
                          lines=fmt in (DiffFormat.json, DiffFormat.github))
    if fmt is DiffFormat.json:
        emit(render.as_json(result), output)
    elif fmt is DiffFormat.markdown:
        emit(render.markdown(result), output)
    elif fmt is DiffFormat.github:
        emit(render.github(result), output)
    else:
        from rich.console import Group

        out = console()
        if output is not None:
            from io import StringIO

            from rich.console import Console

            buffer = StringIO()
            Console(file=buffer, width=100, highlight=False, no_color=True).print(
                Group(*render.text(result)))
            emit(buffer.getvalue(), output)
        else:
            out.print(Group(*render.text(result)))
        console(stderr=True).print(render.summary(result), style="dim", markup=False)
    if result.problems:
        print_diagnostics(result.problems)
