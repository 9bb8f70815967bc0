"""The Typer app. Each command is a module-level function on its module's sub-app:
``init``, ``checkin``, ``write`` (objective, kr), ``read`` (status, tree, show, report,
grade), ``check`` (check, schema), ``skeleton`` (cycle, team, person), ``complete``
(completion, and the shell completion of owners and refs). Command modules
import nothing heavy at import time, so that ``okr --help`` stays fast; each command
imports its service and renderer when it runs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperGroup

from okrcli import __version__
from okrcli.cli import check, checkin, complete, init, read, skeleton, write


@contextlib.contextmanager
def _did_you_mean() -> Iterator[None]:
    """Click found the close matches of a misspelt long option; Typer's Click lists them as
    "(Possible options: ...)". Say it as Click and Typer's own command typos do."""
    try:
        yield
    except Exception as error:
        possible = sorted(getattr(error, "possibilities", None) or ())
        if possible and getattr(error, "option_name", None):  # Click's NoSuchOption
            names = " or ".join([", ".join(possible[:-1]), possible[-1]] if possible[1:]
                                else possible)
            error.message += f". Did you mean {names}?"  # type: ignore[attr-defined]
            error.possibilities = None  # type: ignore[attr-defined]
        raise


class OkrGroup(TyperGroup):
    """The top-level group: a misspelt long option of any command, or of okr itself, says
    "Did you mean"."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _did_you_mean():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _did_you_mean():
            return super().invoke(ctx)


app = typer.Typer(
    name="okr",
    cls=OkrGroup,
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


for commands in (init.app, checkin.app, write.app, read.app, check.app, complete.app):
    app.add_typer(commands)
app.add_typer(skeleton.cycle_app, name="cycle")
app.add_typer(skeleton.team_app, name="team")
app.add_typer(skeleton.person_app, name="person")
app.add_typer(write.objective_app, name="objective")
app.add_typer(write.kr_app, name="kr")

# `okr completion SHELL` prints the script; `--install-completion` (add_completion) would
# edit the user's shell start-up files.
complete.enable()

__all__ = ["app"]
