"""The ``okr`` executable. ``okr --version`` and ``okr [COMMAND...] --help`` answer before
Typer, Pydantic or ruamel are imported: start-up time is part of the product.

Every help (the top level's, each command's and group's) is Typer's own text, saved in
``help.txt`` (and ``help.zh-CN.txt``: the language is decided first, ``language.py``) as
a terminal of 80 columns or more shows it; ``tools/helptext.py`` renders them through
Typer and writes the files, and a test fails when they differ (so they are the text of
the Typer the tests ran with: another release may lay out the same options a little
otherwise). A narrower terminal, or any other word on the command line, gets Typer's.
Importing Typer alone costs about six times an empty Python start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HELP = Path(__file__).with_name("help.txt")


def help_file(lang: str) -> Path:
    """The saved top-level help of a language: help.txt (English), help.zh-CN.txt."""
    return HELP if lang == "en" else HELP.with_name(f"help.{lang}.txt")


def _columns() -> int:
    import shutil  # not before it is needed: it costs more than an answer kept

    return shutil.get_terminal_size().columns


SEP = "\x1e"  # starts each record of a saved help: the command's path, a line break, its help


def saved(text: str) -> dict[str, str]:
    """A saved help file's helps, by command path (``kr add``; ``""``: the top level)."""
    return dict(record.split("\n", 1) for record in text.split(SEP)[1:])


def saved_help(args: list[str]) -> str | None:
    """The saved help of ``okr COMMAND... --help`` (or ``-h``) in the command's language;
    None for any other command line, a narrower terminal than Click's 80 columns, or a
    command without one (Typer answers)."""
    words = args[:-1]
    if not args or args[-1] not in ("--help", "-h") or os.environ.get("_OKR_COMPLETE") or any(
            a.startswith("-") or a.split() != [a] for a in words) or _columns() < 80:
        return None  # an option, an empty word or one with a space: Typer's error
    from okrcli.language import decide

    try:
        helps = saved(help_file(decide(args)).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a broken install: let Typer answer
        return None
    return helps.get(" ".join(words))


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from okrcli import __version__

        sys.stdout.write(f"okr {__version__}\n")
        return
    # Click wraps help at min(terminal width, 80): the saved text is right from 80 up.
    helped = saved_help(args)
    if helped is not None:
        sys.stdout.write(helped)
        return
    if not os.environ.get("_OKR_COMPLETE"):
        import gc

        # One command is one short process, and what it makes holds no cycles worth
        # collecting (collector.py): Python's cyclic collector would only walk, again and
        # again, what the command keeps to its end (the lean files of a whole workspace,
        # the lines of a tree). Off for the process, and for the children it forks: a
        # warm `okr tree` of 10,000 files 8.1 -> 6.0 s, the same peak memory.
        gc.disable()
        from okrcli import replay

        kept = replay.plan(args)
        if kept is not None and kept.answer():  # the same command on the same files
            sys.exit(kept.code)
        from okrcli.cli import app

        if kept is None:
            app(prog_name="okr")
        else:
            kept.record(lambda: app(prog_name="okr"))
        return
    try:
        from okrcli.cli import app

        app(prog_name="okr")
    except Exception:  # completion offers nothing rather than an error
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
