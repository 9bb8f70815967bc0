"""okr carry REF --to CYCLE: unfinished objectives taken into a later cycle."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import (
    RootOpt,
    TodayOpt,
    console,
    emit,
    handled,
    plain,
    print_diagnostics,
    session,
    today,
)
from okrcli.i18n import N_

app = typer.Typer()


class CarryFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("carry")
@handled
def carry(
    ref: Annotated[str, typer.Argument(metavar="OWNER[/OBJ]", help=N_(
        "An objective, or an owner: all of its unfinished objectives."),
        autocompletion=complete.objective_refs)],
    to: Annotated[str, typer.Option("--to", metavar="CYCLE", help=N_(
        "The cycle to carry into."), show_default=False)],
    source: Annotated[str | None, typer.Option("--from", metavar="CYCLE", help=N_(
        "The cycle to carry from (default: the latest that starts before --to)."),
        show_default=False)] = None,
    include_done: Annotated[bool, typer.Option("--include-done", help=N_(
        "Carry achieved objectives too (never dropped ones)."))] = False,
    fmt: Annotated[CarryFormat, typer.Option("--format", "-f")] = CarryFormat.text,
    root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Carry unfinished objectives into a later cycle.

    Ids are kept and carried_from recorded; their unfinished key results go without
    check-ins, each metric starting at its last value, due dates moved into the new cycle;
    the old objective's outcome becomes carried. Run twice, the second run writes
    nothing."""
    from okrcli.render import carry as render
    from okrcli.services import carry as service

    result = service.carry(session(root), ref, to, today(today_opt), from_id=source,
                           include_done=include_done)
    if fmt is CarryFormat.json:
        from okrcli.render import machine

        emit(machine.dumps(render.data(result)), None)
        if result.problems:
            print_diagnostics(result.problems)
        return
    from okrcli.render.layout import indented

    out = console()
    for line in render.lines(result):
        # what went with an objective is indented under it, and stays so when it wraps
        pad = len(line) - len(line.lstrip(" "))
        for part in indented(plain(line[pad:]), out.width, pad + 2, pad):
            out.print(part)
    if result.problems:
        print_diagnostics(result.problems)
