"""okr check: schema and references, the CI and pre-commit gate."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import RootOpt, TodayOpt, console, handled, today, workspace


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("check")
    @handled
    def check(
        paths: Annotated[list[Path] | None, typer.Argument(
            metavar="[PATH]...", help="Report on these files only (default: all).")] = None,
        fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.text,
        strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
        root: RootOpt = None, today_opt: TodayOpt = None,
    ) -> None:
        """Check okr.yaml and every OKR file: exit 0 when clean, 1 on errors."""
        from rich.text import Text

        from okrcli import services

        start = None
        if paths:
            start = paths[0].resolve().parent if paths[0].exists() else None
        ws = workspace(root) if root or not start else _workspace_near(start)
        diagnostics = services.check(ws, today(today_opt),
                                     [p.resolve() for p in paths] if paths else None)
        if fmt is CheckFormat.json:
            typer.echo(json.dumps([d.as_json() for d in diagnostics], ensure_ascii=False,
                                  indent=2))
        else:
            out = console()
            for d in diagnostics:
                style = {"error": "red", "warning": "yellow"}.get(d.severity.value, "")
                out.print(Text(str(d), style=style))
            errors = sum(d.severity.value == "error" for d in diagnostics)
            warnings = sum(d.severity.value == "warning" for d in diagnostics)
            summary = "no problems" if not diagnostics else \
                f"{errors} error(s), {warnings} warning(s)"
            console(stderr=True).print(Text(f"okr check: {summary}", style="dim"))
        failing = {"error"} | ({"warning"} if strict else set())
        if any(d.severity.value in failing for d in diagnostics):
            raise typer.Exit(1)


def _workspace_near(start: Path):  # type: ignore[no-untyped-def]
    from okrcli.store import Workspace, find_root

    return Workspace(find_root(start))
