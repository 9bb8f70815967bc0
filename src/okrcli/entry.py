"""The ``okr`` executable. ``okr --version`` and ``okr --help`` answer before Typer,
Pydantic or ruamel are imported: start-up time is part of the product.

The top-level help is Typer's own text, saved in ``help.txt`` (and ``help.zh-CN.txt``: the
language is decided first, ``language.py``); a test renders it through Typer and fails
when the two differ (``OKR_UPDATE_GOLDEN=1`` rewrites it). Importing Typer
alone costs about six times an empty Python start.
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


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from okrcli import __version__

        sys.stdout.write(f"okr {__version__}\n")
        return
    # Click wraps help at min(terminal width, 80): the saved text is right from 80 up.
    if args in (["--help"], ["-h"]) and _columns() >= 80:
        from okrcli.language import decide

        try:
            sys.stdout.write(help_file(decide(args)).read_text(encoding="utf-8"))
            return
        except OSError:  # pragma: no cover - a broken install: let Typer answer
            pass
    if not os.environ.get("_OKR_COMPLETE"):
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
