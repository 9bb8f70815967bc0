"""okr merge-file: the merge driver git runs for OKR files; okr git-setup: the
repository's git told to run it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import RootOpt, console, done, handled, plain, session
from okrcli.i18n import N_

app = typer.Typer()


@app.command("merge-file")
@handled
def merge_file(
    base: Annotated[Path, typer.Argument(help=N_("The common ancestor (git's %O)."),
                                         show_default=False)],
    ours: Annotated[Path, typer.Argument(help=N_(
        "Our version (git's %A): the merge is written here."), show_default=False)],
    theirs: Annotated[Path, typer.Argument(help=N_("Their version (git's %B)."),
                                           show_default=False)],
    marker_size: Annotated[int, typer.Option(
        "--marker-size", help=N_("Length of the conflict markers (git's %L).")), ] = 7,
    path: Annotated[str | None, typer.Option(
        "--path", help=N_("The file's path in the repository (git's %P), for messages; "
                          "its workspace's okr.yaml chooses their language."),
        show_default=False)] = None,
) -> None:
    """Merge two versions of an OKR file by meaning, as git's merge driver: check-ins of
    both sides kept in date order, independent changes merged, a field changed two ways
    marked as a conflict. Exit 0 when clean, 1 on conflicts."""
    from okrcli.render import merge as render
    from okrcli.services import merge as service

    _speak_as(Path(path).parent if path else ours.parent)
    result = service.merge_file(base, ours, theirs, marker_size, path)
    err = console(stderr=True)
    for line in render.merged(result):
        err.print(plain(line))
    raise typer.Exit(result.exit_code)


def _speak_as(folder: Path) -> None:
    """Speak the language of the merged file's workspace: git runs the driver in the top
    folder of the repository and ``%P`` is relative to it, so the okr.yaml around the
    current folder may be another workspace's, or none. ``--lang`` and ``OKR_LANG`` still
    win; no okr.yaml above the file leaves the language as the current folder chose it."""
    from okrcli.language import CONFIG, setting, settle

    try:
        here = folder.resolve()
        root = next((f for f in (here, *here.parents)
                     if (f / CONFIG).is_file()), None)
    except (OSError, RuntimeError, ValueError):  # an unreadable folder: nothing to say
        return
    if root is not None:
        settle(lambda: setting(str(root)))


@app.command("git-setup")
@handled
def git_setup(
    command: Annotated[str, typer.Option(
        "--command", help=N_("How git runs okr (for example: `python -m okrcli`)."))] = "okr",
    root: RootOpt = None,
) -> None:
    """Tell this repository's git to merge OKR files with okr merge-file: the driver in
    .git/config (never committed: each clone runs this once) and the .gitattributes
    lines."""
    from okrcli.render import merge as render
    from okrcli.services import merge as service

    for line in render.set_up(service.git_setup(session(root), command)):
        done(line)
