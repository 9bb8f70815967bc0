"""The ``okr`` executable. ``okr --version`` answers before Typer, Pydantic or ruamel are
imported: start-up time is part of the product."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from okrcli import __version__

        sys.stdout.write(f"okr {__version__}\n")
        return
    from okrcli.cli import app

    app(prog_name="okr")


if __name__ == "__main__":  # pragma: no cover
    main()
