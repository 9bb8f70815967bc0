"""okr init: start a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrcli import i18n
from okrcli.cli.common import Language, TodayOpt, done, handled, today
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
    lang: Annotated[Language | None, typer.Option(
        "--lang", show_default=False, help=N_(
            "Write settings.language: the language okr speaks in this workspace "
            "(zh-CN or en)."))] = None,
    today_opt: TodayOpt = None,
) -> None:
    """Start a workspace: okr.yaml and an okrs/ folder (or a complete example)."""
    from okrcli.services import write

    if lang is not None:  # the workspace's language, from its first words on
        i18n.use(lang.value)
    elif example:  # the example's own language, unless OKR_LANG chose
        from okrcli.language import setting, settle

        settle(lambda: setting(str(write.EXAMPLES / example)))
    done(write.init(folder, example, organization, today(today_opt),
                    lang.value if lang else None).message)
