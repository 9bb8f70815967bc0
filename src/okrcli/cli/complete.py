"""Shell completion. ``okr completion SHELL`` prints the script for bash, zsh or fish;
the shell then runs ``okr`` with ``_OKR_COMPLETE`` set, and Click's completion machinery
(through Typer) completes commands, options and choices itself, and owners and refs with
the callbacks below, attached with ``autocompletion=`` to the arguments and options that
take them.

A callback reads the workspace of the command line (``--root``, ``--cycle`` and
``--today`` when they were typed before, else their environment variables and defaults)
through ``services/complete.py``, and never raises: a broken workspace, or none, completes
nothing. Values are ids, which hold no character a shell acts on. Descriptions (names,
titles: user text) are shown by zsh and fish, after Typer renders them through Rich at the
terminal's width: they are made visible, escaped for Rich markup and clipped to a width
that never wraps (a wrapped one would be a line, and so a candidate, of its own).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from okrcli.cli.common import handled

if TYPE_CHECKING:
    from okrcli.services import Session

app = typer.Typer()

PROG = "okr"
COMPLETE_VAR = "_OKR_COMPLETE"  # Click's name for it: _{PROG}_COMPLETE
DESCRIPTION = 40  # terminal cells of a title shown next to a candidate (zsh, fish)

Candidates = list[tuple[str, str]]


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
@handled
def completion(shell: Annotated[Shell, typer.Argument(metavar="SHELL")]) -> None:
    """Print the completion script for bash, zsh or fish.

    Install it once: okr completion bash >> ~/.bashrc (bash); eval "$(okr completion zsh)"
    in ~/.zshrc (zsh); okr completion fish > ~/.config/fish/completions/okr.fish (fish).
    It completes commands, options, owners and refs (of the current cycle)."""
    from typer._completion_shared import get_completion_script

    sys.stdout.write(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR,
                                           shell=shell.value) + "\n")


def enable() -> None:
    """Register Typer's completion classes, whose protocol (``_OKR_COMPLETE=complete_bash``)
    the printed scripts speak. Typer does this itself only with ``add_completion=True``."""
    from typer._completion_classes import completion_init

    completion_init()


# The callbacks ---------------------------------------------------------------------------

def _safe(ctx: typer.Context, find: Callable[[Session], Candidates]) -> Candidates:
    """What ``find`` offers in the command line's workspace, descriptions made safe;
    nothing at all on any error."""
    try:
        from okrcli.cli.common import session

        return [(value, _about(text)) for value, text in find(session(ctx.params.get("root")))]
    except Exception:  # completion never shows an error in the shell
        return []


def _about(text: str) -> str:
    from rich.cells import cell_len, set_cell_size
    from rich.markup import escape

    from okrcli.render.escape import visible

    text = visible(text)
    if cell_len(text) > DESCRIPTION:
        text = set_cell_size(text, DESCRIPTION - 1).rstrip() + "…"
    return escape(text)


def _refs(ctx: typer.Context, incomplete: str, *, objectives: bool, key_results: bool,
          live: bool = False) -> Candidates:
    def find(s: Session) -> Candidates:
        from okrcli.cli.common import today
        from okrcli.services import complete

        day = today(ctx.params.get("today_opt"), ctx.params.get("as_of"))
        return complete.refs(s, incomplete, ctx.params.get("cycle"), day,
                             objectives=objectives, key_results=key_results, live=live)
    return _safe(ctx, find)


def _owners(ctx: typer.Context, incomplete: str, *, teams: bool = True,
            people: bool = True) -> Candidates:
    def find(s: Session) -> Candidates:
        from okrcli.services import complete

        return complete.owners(s, incomplete, teams=teams, people=people)
    return _safe(ctx, find)


def owners(ctx: typer.Context, incomplete: str) -> Candidates:
    """Team and person ids (OWNER)."""
    return _owners(ctx, incomplete)


def teams(ctx: typer.Context, incomplete: str) -> Candidates:
    """Team ids (--parent, --team)."""
    return _owners(ctx, incomplete, people=False)


def people(ctx: typer.Context, incomplete: str) -> Candidates:
    """Person ids (a key result's --owner)."""
    return _owners(ctx, incomplete, teams=False)


def objective_refs(ctx: typer.Context, incomplete: str) -> Candidates:
    """OWNER/OBJ."""
    return _refs(ctx, incomplete, objectives=True, key_results=False)


def kr_refs(ctx: typer.Context, incomplete: str) -> Candidates:
    """OWNER/OBJ/KR of a live key result (check in, edit, drop: not a dropped one)."""
    return _refs(ctx, incomplete, objectives=False, key_results=True, live=True)


def any_refs(ctx: typer.Context, incomplete: str) -> Candidates:
    """OWNER/OBJ or OWNER/OBJ/KR, dropped key results included (show)."""
    return _refs(ctx, incomplete, objectives=True, key_results=True)


def alignment_refs(ctx: typer.Context, incomplete: str) -> Candidates:
    """OWNER/OBJ or OWNER/OBJ/KR of a live key result (--aligns-to)."""
    return _refs(ctx, incomplete, objectives=True, key_results=True, live=True)
