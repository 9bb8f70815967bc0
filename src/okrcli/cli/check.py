"""okr check: the CI and pre-commit gate; and okr schema for editors."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from okrcli.cli.common import RootOpt, TodayOpt, console, done, emit, handled, session, today
from okrcli.i18n import N_, _

# TRANSLATORS: a rule's severity, in the heading of `okr check --explain`
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}

app = typer.Typer()


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


@app.command("check")
@handled
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", exists=True, help=N_(
            "Report on these files (or the files in these folders) only; the whole "
            "workspace is still read for references."))] = None,
    fmt: Annotated[CheckFormat | None, typer.Option(
        "--format", "-f", help=N_("text, json, github or junit (default: text; github "
                                  "inside GitHub Actions)."), show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help=N_("Write the report to this file."), dir_okay=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Warnings fail too."))] = False,
    select: Annotated[list[str] | None, typer.Option(
        "--select", help=N_("Only these rules (codes or names, comma-separated)."))] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", help=N_("Skip these rules (codes or names, comma-separated)."))] = None,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="CODE", help=N_("Explain one rule and exit."))] = None,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help=N_("List every rule and exit."))] = False,
    base: Annotated[str | None, typer.Option(
        "--base", metavar="REV", help=N_(
            "Also check the integrity of history since this git revision (origin/main in "
            "a pull request): goalposts moved without a reason, check-ins rewritten or "
            "backdated, objectives deleted instead of dropped, records rewritten."))] = None,
    root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Check okr.yaml and every OKR file: schema, references and OKR practice.
    Exit 0 when there is no error (warnings fail only with --strict), 1 on failing
    findings, 2 on a usage error."""
    from okrcli.render import findings as render
    from okrcli.services import check as service

    if list_rules:
        from okrcli.render import tables

        console().print(tables.rules(service.rules()))
        return
    if explain:
        rule = service.rule(explain)
        severity = _(SEVERITIES[rule.severity.value])
        typer.echo(_("{code} {name} ({severity})").format(
            code=rule.code, name=rule.name, severity=severity) + "\n")
        typer.echo(rule.explanation + "\n")
        typer.echo(service.examples(), nl=False)
        return
    selected, ignored = service.rules_named(select), service.rules_named(ignore)
    if fmt is None:
        fmt = CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" \
            else CheckFormat.text
    # pre-commit runs from the repository's root, where the workspace may be a subfolder.
    near = paths[0] if root is None and paths else None
    ws = session(root, near if near is None or near.is_dir() else near.parent)
    result = service.run(ws, today(today_opt), paths, select=selected, ignore=ignored,
                         strict=strict, base=base)
    found = result.diagnostics
    if fmt is CheckFormat.json:
        emit(render.as_json(found), output)
    elif fmt is CheckFormat.github:
        emit(render.github(found, service.git_prefix(ws)), output)
    elif fmt is CheckFormat.junit:
        emit(render.junit(result.failing, result.files), output)
    elif output is not None:
        emit(render.text(found).plain, output)
    elif found:  # no findings, no text: nothing to draw
        out = console()
        sources = service.sources(ws, found) if out.is_terminal else None
        out.print(render.text(found, sources), end="", soft_wrap=True)
    if fmt is CheckFormat.text:
        # TRANSLATORS: the last line of `okr check`; "okr check" is the command
        _dim(_("okr check: {summary}").format(summary=render.summary(found)))
    if result.fails:
        raise typer.Exit(1)


def _dim(line: str) -> None:
    """A line on stderr, dim on a terminal. Piped (pre-commit, CI), where Rich would write
    it plain, it is written without importing Rich."""
    if sys.stderr.isatty() or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE"):
        console(stderr=True).print(line, style="dim", markup=False)
    else:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


@app.command("schema")
@handled
def schema(
    config: Annotated[bool, typer.Option(
        "--config", help=N_("The schema of okr.yaml instead of an OKR file."))] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help=N_("Write the schema to this file."), dir_okay=False)] = None,
    install: Annotated[bool, typer.Option("--install", help=N_(
        "Equip the workspace for editors: both schemas into .okr/, and a modeline into "
        "okr.yaml and each OKR file that has none."))] = False,
    root: RootOpt = None,
) -> None:
    """Print the JSON Schema (draft-07) of an OKR file, or of okr.yaml, for editors.

    With --install, equip the workspace instead: both schemas into .okr/ (in the
    workspace's language), and a modeline into okr.yaml and each OKR file that has none."""
    if install:
        from okrcli.diagnostics import UsageError
        from okrcli.services import equip

        if config or output is not None:
            raise UsageError(_("--install writes both schemas into .okr/: it takes no "
                               "--config or --output"))
        for line in equip.install(session(root)).lines:
            done(line)
        return
    from okrcli import schema as schemas
    from okrcli.render import machine

    emit(machine.dumps(schemas.config_schema() if config else schemas.okr_file_schema()),
         output)
