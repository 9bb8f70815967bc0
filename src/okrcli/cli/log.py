"""okr log REF: the history of a key result, an objective or an owner, from git."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import (
    CycleOpt,
    RootOpt,
    TodayOpt,
    console,
    emit,
    handled,
    parse_date,
    session,
    today,
)
from okrcli.i18n import N_, _

app = typer.Typer()


class LogFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("log")
@handled
def log(
    ref: Annotated[str, typer.Argument(metavar="OWNER[/OBJ[/KR]]",
                                       autocompletion=complete.any_refs)],
    since: Annotated[str | None, typer.Option(
        "--since", help=N_("Only commits made on or after this day (YYYY-MM-DD)."),
        show_default=False)] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help=N_("Only commits made on or before this day (YYYY-MM-DD); "
                           "leaves out uncommitted changes."), show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(
        "-n", "--max-count", min=1, metavar="N",
        help=N_("Only the N newest entries (changes, not commits)."),
        show_default=False)] = None,
    fmt: Annotated[LogFormat, typer.Option("--format", "-f")] = LogFormat.table,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """The history of a key result, an objective or an owner from git, newest first:
    check-ins, goalposts moved (with their reason or none), fields changed, drops,
    check-ins rewritten after they were committed, and who did each, when."""
    from okrcli.services import log as service

    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start is not None and end is not None and start > end:
        raise typer.BadParameter(_("{since} is after --until {until}: no day is in both").format(
            since=start, until=end), param_hint="--since")
    result = service.log(session(root), ref, cycle, today(today_opt), since=start, until=end,
                         limit=limit)
    from okrcli.render import log as render

    if fmt is LogFormat.json:
        from okrcli.render import machine

        emit(machine.dumps(render.as_json(result)), None)
    else:
        console().print(render.table(result))
