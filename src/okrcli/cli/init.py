"""okr init: start a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import TodayOpt, done, handled, today
from okrcli.i18n import N_

app = typer.Typer()


@app.command("init")
@handled
def init_cmd(
    folder: Annotated[Path, typer.Argument(help=N_("Where to start the workspace."))] = Path("."),
    example: Annotated[str | None, typer.Option(
        "--example", help=N_("Copy a complete example: distribution-platform."))] = None,
    organization: Annotated[str | None, typer.Option(
        "--organization", help=N_("The organization's name."))] = None,
    today_opt: TodayOpt = None,
) -> None:
    """Start a workspace: okr.yaml and an okrs/ folder (or a complete example)."""
    from okrcli.services import write

    done(write.init(folder, example, organization, today(today_opt)).message)
