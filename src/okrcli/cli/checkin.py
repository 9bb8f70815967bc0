"""okr checkin: record a key result's value."""

from __future__ import annotations

from typing import Annotated

import typer

from okrcli.cli.common import (
    CycleOpt,
    NumbersOk,
    RootOpt,
    TodayOpt,
    done,
    handled,
    parse_date,
    session,
    today,
)

app = typer.Typer()


@app.command("checkin", cls=NumbersOk)
@handled
def checkin(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ/KR")],
    value: Annotated[str, typer.Argument(help="A number, or done / not-done for a milestone.")],
    confidence: Annotated[float | None, typer.Option(
        "--confidence", "-c", help="0..1: will we make it?")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n")] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")]
    = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Record this week's value of a key result (adds only its own lines to the file)."""
    from okrcli.services import checkin as service

    result = service.checkin(
        session(root), ref, value, today(today_opt), confidence=confidence, note=note,
        day=parse_date(date, "--date"), cycle_id=cycle)
    assert result.state is not None
    done(f"{result.message} in {result.path}: score {result.state.score:.2f}, "
         f"{result.state.status.label}", result.problems)
