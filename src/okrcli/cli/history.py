"""okr history [OWNER]: each owner's score and grade per cycle, oldest first."""

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
    finish,
    handled,
    plain,
    session,
    today,
)
from okrcli.i18n import N_, _

app = typer.Typer()


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("history")
@handled
def history(
    owner: Annotated[str | None, typer.Argument(
        metavar="OWNER", help=N_("Team or person id (default: everyone)."),
        autocompletion=complete.owners, show_default=False)] = None,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f")] = HistoryFormat.table,
    root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Each owner's grade per cycle, oldest first, with a trend.

    Every cycle that has started and has files, each grade with its band: a closed cycle
    as graded at its close, any other as it stands today."""
    from okrcli.services import history as service

    opened = session(root)
    result = service.history(opened, owner, today(today_opt), origin=fmt is HistoryFormat.json)
    from okrcli.render import history as render

    if fmt is HistoryFormat.json:
        from okrcli.render import machine

        emit(machine.dumps(render.as_json(result)), None)
    else:
        console().print(render.table(result))
        if not result.cycles:
            console(stderr=True).print(plain(
                _("no cycle with OKR files has started by {today}").format(today=result.today),
                style="dim"))
    finish(result.problems)
