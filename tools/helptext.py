"""The saved help of every okr command: what ``okr [COMMAND...] --help`` prints, answered
before Typer is imported (``src/okrcli/entry.py``).

    python tools/helptext.py          # rewrite src/okrcli/help.txt and help.zh-CN.txt
    python tools/helptext.py --check  # exit 1 when they are stale

Each language's help is rendered by Typer itself in a process of its own, as a terminal
of 80 columns gets it (Click wraps at ``min(columns, 80) - 2``; Typer's test runner forces
80, which is not what a terminal shows), for the top level and every command and group.
``tests/test_layers.py`` runs this and fails when a saved file differs.

A saved file is one record per command: ``\\x1e``, the command's path (``kr add``; empty
for the top level), a line break, then the help exactly as Typer prints it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "okrcli"
LANGS = ("en", "zh-CN")
SEP = "\x1e"

# Run in a fresh process per language: a command is built (and its help translated) once.
_RENDER = r"""
import contextlib, io, json, sys
import typer.main
from okrcli.cli import app

paths, todo = [], [((), typer.main.get_command(app))]
while todo:
    path, cmd = todo.pop(0)
    paths.append(path)
    todo += [((*path, name), sub) for name, sub in getattr(cmd, "commands", {}).items()]
out = {}
for path in paths:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            app([*path, "--help"], prog_name="okr")
        except SystemExit as stop:
            assert stop.code in (0, None), (path, stop.code)
    out[" ".join(path)] = buffer.getvalue()
sys.stdout.write(json.dumps(out))
"""


def rendered(lang: str) -> dict[str, str]:
    """Every command's help in ``lang``, as Typer prints it in an 80-column terminal."""
    # this checkout's okrcli, whatever the interpreter has installed
    path = os.pathsep.join(filter(None, [str(PACKAGE.parent), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "COLUMNS": "80", "LINES": "24", "OKR_LANG": lang, "PYTHONPATH": path}
    env.pop("OKR_ROOT", None)
    with tempfile.TemporaryDirectory() as away:  # no workspace around it
        result = subprocess.run([sys.executable, "-c", _RENDER], capture_output=True,
                                text=True, encoding="utf-8", env=env, cwd=away)
    if result.returncode:
        raise RuntimeError(f"rendering the {lang} help failed:\n{result.stderr}")
    found: dict[str, str] = json.loads(result.stdout)
    return found


def saved_file(lang: str) -> Path:
    return PACKAGE / ("help.txt" if lang == "en" else f"help.{lang}.txt")


def text(helps: dict[str, str]) -> str:
    """A saved file's text (``entry.saved_help`` reads it)."""
    return "".join(f"{SEP}{path}\n{body}" for path, body in helps.items())


def main() -> None:
    stale = []
    for lang in LANGS:
        wanted = text(rendered(lang))
        path = saved_file(lang)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != wanted:
            stale.append(path.name)
            if "--check" not in sys.argv:
                path.write_text(wanted, encoding="utf-8")
    if stale and "--check" in sys.argv:
        sys.exit(f"stale: {', '.join(stale)}: run python tools/helptext.py")


if __name__ == "__main__":
    main()
