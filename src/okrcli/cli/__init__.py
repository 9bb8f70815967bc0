"""The Typer app. Each command is a module-level function on its module's sub-app:
``init``, ``checkin``, ``write`` (objective, kr), ``read`` (status, tree, show, report,
grade), ``check`` (check, schema), ``skeleton`` (cycle, team, person), ``complete``
(completion, and the shell completion of owners and refs). ``COMMANDS`` says which
command lives where: a command's module is imported, and its Click command built, only
when the command line asks for it (``cli/lazy.py``). Command modules import nothing heavy
at import time; each command imports its service and renderer when it runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from okrcli import __version__, replay
from okrcli.cli import complete, lazy, words
from okrcli.cli.common import Language
from okrcli.i18n import N_, _

# Every command, in the order `okr --help` lists them: its name -> (the module of
# okrcli.cli it is written in, the sub-app when it is a group of commands, else None: the
# command of that name on the module's `app`). tests/test_startup.py holds this to the
# modules.
COMMANDS: dict[str, tuple[str, str | None]] = {
    "init": ("init", None), "checkin": ("checkin", None),
    "status": ("read", None), "tree": ("read", None), "show": ("read", None),
    "report": ("read", None), "grade": ("read", None),
    "history": ("history", None), "carry": ("carry", None),
    "check": ("check", None), "schema": ("check", None),
    "diff": ("diff", None), "log": ("log", None), "completion": ("complete", None),
    "merge-file": ("merge", None), "git-setup": ("merge", None),
    "cycle": ("skeleton", "cycle_app"), "team": ("skeleton", "team_app"),
    "person": ("skeleton", "person_app"),
    "objective": ("write", "objective_app"), "kr": ("write", "kr_app"),
}


class OkrGroup(TyperGroup):
    """The top-level group. It decides the language before anything else (``--lang``,
    ``OKR_LANG``, okr.yaml, the locale: ``okrcli.language``), puts every help text through
    the catalogue, and says usage errors itself, in that language: Click's own words are
    English only (``cli/words.py``). Its commands are built when first named
    (``cli/lazy.py``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = lazy.Commands(
            {name: lazy.builder(app, module, name, group)
             for name, (module, group) in COMMANDS.items()}, made=dict(self.commands))
        lazy.defer_coercion(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names: building every command is for its help

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        from okrcli.language import speak

        args = list(sys.argv[1:] if args is None else args)
        speak(args)
        words.reach()
        words.translate(self)
        if isinstance(self.commands, lazy.Commands):
            self.commands.on_build = words.translate
        try:
            value = super().main(args, prog_name, complete_var, standalone_mode=False,
                                 windows_expand_args=windows_expand_args, **extra)
        except typer.Abort:
            if not standalone_mode:
                raise
            replay.unkept()  # Ctrl-C: "Aborted!" is no answer to keep
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        except Exception as error:
            if not standalone_mode or not hasattr(error, "exit_code") or not hasattr(
                    error, "format_message"):
                raise
            words.show(error)
            sys.exit(error.exit_code)
        if not standalone_mode:
            return value
        sys.exit(value if type(value) is int else 0)


app = typer.Typer(
    name="okr",
    cls=OkrGroup,
    help=N_("Objectives and key results as YAML files in git."),
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
                                 help=N_("Print the version and exit.")),
    debug: bool = typer.Option(False, "--debug", help=N_(
        "Show a traceback on internal errors (also OKR_DEBUG=1).")),
    lang: Language | None = typer.Option(
        None, "--lang", show_default=False, help=N_(
            "The language okr speaks: zh-CN or en (also OKR_LANG; default: "
            "settings.language of okr.yaml, else the locale).")),
) -> None:
    """Objectives and key results as YAML files in git: write them, check in every week,
    gate them in CI, report to everyone."""
    if debug:
        os.environ["OKR_DEBUG"] = "1"


# `okr completion SHELL` prints the script; `--install-completion` (add_completion) would
# edit the user's shell start-up files.
complete.enable()

__all__ = ["app"]
