"""okr init: start a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import TodayOpt, done, handled, today

app = typer.Typer()


@app.command("init")
@handled
def init_cmd(
    folder: Annotated[Path, typer.Argument(help="Where to start the workspace.")] = Path("."),
    example: Annotated[str | None, typer.Option(
        "--example", help="Copy a complete example: distribution-platform.")] = None,
    organization: Annotated[str | None, typer.Option(
        "--organization", help="The organization's name.")] = None,
    today_opt: TodayOpt = None,
) -> None:
    """Start a workspace: okr.yaml and an okrs/ folder (or a complete example)."""
    from okrcli.services import write

    done(write.init(folder, example, organization, today(today_opt)).message)
