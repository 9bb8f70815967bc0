"""The Typer app. Each command is a module-level function on its module's sub-app:
``init``, ``checkin``, ``write`` (objective, kr), ``read`` (status, tree, show, report,
grade), ``check`` (check, schema), ``skeleton`` (cycle, team, person). Command modules
import nothing heavy at import time, so that ``okr --help`` stays fast; each command
imports its service and renderer when it runs."""

from __future__ import annotations

import os

import typer

from okrcli import __version__
from okrcli.cli import check, checkin, init, read, skeleton, write

app = typer.Typer(
    name="okr",
    help="Objectives and key results as YAML files in git.",
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"okr {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on internal errors "
                               "(also OKR_DEBUG=1)."),
) -> None:
    """Objectives and key results as YAML files in git: write them, check in every week,
    gate them in CI, report to everyone."""
    if debug:
        os.environ["OKR_DEBUG"] = "1"


for commands in (init.app, checkin.app, write.app, read.app, check.app):
    app.add_typer(commands)
app.add_typer(skeleton.cycle_app, name="cycle")
app.add_typer(skeleton.team_app, name="team")
app.add_typer(skeleton.person_app, name="person")
app.add_typer(write.objective_app, name="objective")
app.add_typer(write.kr_app, name="kr")

__all__ = ["app"]
