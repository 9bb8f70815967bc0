"""okr check: the CI and pre-commit gate, and okr schema for editors."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import RootOpt, TodayOpt, console, handled, today


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


def _codes(values: list[str] | None) -> set[str] | None:
    """Rule codes from --select/--ignore values (codes or names, comma-separated)."""
    if not values:
        return None
    from okrcli import checks
    from okrcli.diagnostics import UsageError

    codes = set()
    for value in values:
        for part in filter(None, (p.strip() for p in value.split(","))):
            rule = checks.lookup(part)
            if rule is None:
                raise UsageError(f"unknown rule {part!r}: okr check --list-rules lists them")
            codes.add(rule.code)
    return codes


def register(app: typer.Typer) -> None:
    @app.command("check")
    @handled
    def check(
        paths: Annotated[list[Path] | None, typer.Argument(
            metavar="[PATH]...", help="Report on these files only (the whole workspace is "
            "still read for references).")] = None,
        fmt: Annotated[CheckFormat | None, typer.Option(
            "--format", "-f", help="text, json, github or junit (default: text; github "
            "inside GitHub Actions).", show_default=False)] = None,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="Write the report to this file.", dir_okay=False)] = None,
        strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
        select: Annotated[list[str] | None, typer.Option(
            "--select", help="Only these rules (codes or names, comma-separated).")] = None,
        ignore: Annotated[list[str] | None, typer.Option(
            "--ignore", help="Skip these rules (codes or names, comma-separated).")] = None,
        explain: Annotated[str | None, typer.Option(
            "--explain", metavar="CODE", help="Explain one rule and exit.")] = None,
        list_rules: Annotated[bool, typer.Option(
            "--list-rules", help="List every rule and exit.")] = False,
        root: RootOpt = None, today_opt: TodayOpt = None,
    ) -> None:
        """Check okr.yaml and every OKR file: schema, references and OKR practice.
        Exit 0 when there is no error (warnings fail only with --strict), 1 on failing
        findings, 2 on a usage error."""
        from okrcli import checks, services
        from okrcli.diagnostics import UsageError
        from okrcli.render import findings as render

        if list_rules:
            _list_rules()
            return
        if explain:
            rule = checks.lookup(explain)
            if rule is None:
                raise UsageError(f"unknown rule {explain!r}: okr check --list-rules lists them")
            typer.echo(f"{rule.code} {rule.name} ({rule.severity.value})\n")
            typer.echo(_dedent_doc(rule.doc))
            return
        selected, ignored = _codes(select), _codes(ignore) or set()
        if fmt is None:
            fmt = CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" \
                else CheckFormat.text
        ws = _workspace(root, paths)
        result = services.check(ws, today(today_opt),
                                [p.resolve() for p in paths] if paths else None,
                                select=selected, ignore=ignored)
        found = result.diagnostics
        if fmt is CheckFormat.json:
            _emit(render.as_json(found), output)
        elif fmt is CheckFormat.github:
            _emit(render.github(found, _git_prefix(ws.root)), output)
        elif fmt is CheckFormat.junit:
            failing = [d for d in found if d.severity.value == "error"
                       or (strict and d.severity.value == "warning")]
            _emit(render.junit(failing, result.files), output)
        elif output is not None:
            _emit(render.text(found).plain, output)
        else:
            out = console()
            sources = _sources(ws.root, found) if out.is_terminal else None
            out.print(render.text(found, sources), end="", soft_wrap=True)
        if fmt is CheckFormat.text:
            console(stderr=True).print(f"okr check: {render.summary(found)}", style="dim")
        failing_levels = {"error"} | ({"warning"} if strict else set())
        if any(d.severity.value in failing_levels for d in found):
            raise typer.Exit(1)

    @app.command("schema")
    @handled
    def schema(
        config: Annotated[bool, typer.Option(
            "--config", help="The schema of okr.yaml instead of an OKR file.")] = False,
        output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False)] = None,
    ) -> None:
        """Print the JSON Schema (draft-07) of an OKR file, or of okr.yaml, for editors."""
        from okrcli import schema as schemas

        data = schemas.config_schema() if config else schemas.okr_file_schema()
        _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)


def _sources(root: Path, found: list) -> dict[str, list[str]]:  # type: ignore[type-arg]
    """The lines of the files with findings, for the excerpts shown on a terminal."""
    out: dict[str, list[str]] = {}
    for path in {d.path for d in found}:
        try:
            out[path] = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
    return out


def _list_rules() -> None:
    from rich.table import Table

    from okrcli import checks

    table = Table(box=None, pad_edge=False)
    for name in ("code", "name", "severity", "what"):
        table.add_column(name, overflow="fold")
    for rule in checks.RULES:
        table.add_row(rule.code, rule.name, rule.severity.value, rule.summary)
    console().print(table)


def _dedent_doc(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc) + "\n"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from okrcli.yamlio import atomic_write

    output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(output, text.encode("utf-8"))


def _workspace(root: Path | None, paths: list[Path] | None):  # type: ignore[no-untyped-def]
    """The workspace of --root, else the one around the first path (pre-commit runs from
    the repository's root, where the workspace may be a subfolder), else the cwd's."""
    from okrcli.store import Workspace, find_root

    if root is None and paths:
        first = paths[0].resolve()
        return Workspace(find_root(first if first.is_dir() else first.parent))
    return Workspace(find_root(override=root))


def _git_prefix(root: Path) -> str:
    """The workspace's folder relative to the git repository's root ('' at the top)."""
    here = root.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            rel = here.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""
