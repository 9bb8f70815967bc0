"""okr status, tree, show, report, grade: the commands that read."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import (
    AsOfOpt,
    AtOpt,
    CycleOpt,
    RootOpt,
    TodayOpt,
    console,
    emit,
    emit_pieces,
    finish,
    handled,
    parse_date,
    plain,
    session,
    today,
)
from okrcli.diagnostics import UsageError
from okrcli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from okrcli.services import Session

app = typer.Typer()


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    html = "html"


class TreeFormat(StrEnum):
    tree = "tree"
    json = "json"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


def committed_note(opened: Session) -> None:
    """Above a table read with --at: which commit it shows (on stderr: the table's own
    lines stay as ever)."""
    if opened.committed is None:
        return
    found = opened.origin()
    console(stderr=True).print(plain(_("as committed at {commit} on {date}").format(
        commit=found.short or found.commit, date=opened.committed.date()), style="dim"))


# How many owners `okr status` shows whole: above it, the top of the tree. A fixed number,
# on a terminal as in a pipe, so that what a person sees and what a script reads agree.
SCREENFUL = 50


def write_lines(out: Console, lines: list[Text]) -> None:
    """Lines already laid out for the console's width: without colours their text as it
    is, with colours as Rich would write them (``layout.written``), without Rich's cost
    per line; through Rich where only Rich can write them."""
    if not lines:
        return
    if out.color_system is None:
        out.file.write("".join(line.plain + "\n" for line in lines))
        return
    from okrcli.render.layout import written

    for at in range(0, len(lines), _CHUNK):  # a few thousand at a time: never all held
        part = lines[at:at + _CHUNK]
        text = written(part, out)
        if text is None:
            out.print(*part, sep="\n", soft_wrap=True)
        else:
            out.file.write(text)


_CHUNK = 2000


@app.command("status")
@handled
def status(
    owners: Annotated[list[str] | None, typer.Argument(
        metavar="[OWNER]...", help=N_("Team or person ids (default: everyone); with each, the "
                                   "key results they drive in other owners' objectives."),
        autocompletion=complete.owners)] = None,
    fmt: Annotated[StatusFormat, typer.Option("--format", "-f")] = StatusFormat.table,
    members: Annotated[bool, typer.Option(
        "--members", help=N_("With each TEAM, its people (okr.yaml's team)."))] = False,
    every: Annotated[bool, typer.Option(
        "--all", help=N_("Every owner's objectives, written owner by owner. Without it, "
                         "more than 50 owners show the top of the tree: the company and "
                         "its departments with their counts."))] = False,
    since: Annotated[str | None, typer.Option(
        "--since", help=N_("Add a change column: each value's change since this day "
                           "(YYYY-MM-DD), good or bad by the key result's direction."),
        show_default=False)]
    = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
    as_of: AsOfOpt = None, at: AtOpt = None,
) -> None:
    """Scores, progress, expected progress, status, confidence and last check-in."""
    from okrcli.services import read

    start = parse_date(since, "--since")
    if every and owners:
        raise UsageError(_("--all shows every owner: leave out the owners, or leave out "
                           "--all to see only them"))
    if start is not None and fmt is StatusFormat.json:
        raise typer.BadParameter(_("is for the table and markdown; the changes as JSON: "
                                   "okr report --since D --format json"), param_hint="--since")
    opened = session(root, at=at)
    result = read.status(opened, cycle, today(today_opt, as_of, opened), owners or None,
                         members=members, driven=fmt is not StatusFormat.json,
                         since=start, origin=fmt is not StatusFormat.table,
                         lean=not owners)  # everyone: no check-in is shown
    if fmt is StatusFormat.json:
        from okrcli.render import machine

        emit_pieces(machine.pieces(machine.status(result)))  # owner by owner
    elif fmt is StatusFormat.markdown:
        from okrcli.render import markdown

        emit(markdown.status(result), None)
    else:
        from okrcli.render import tables

        out = console()
        committed_note(opened)
        if not owners and not every and len(result.owners) > SCREENFUL:
            from okrcli.render import overview as top
            from okrcli.services import overview

            out.print(top.top_of_tree(overview.top_of_tree(opened, result)))
        else:  # written as it is drawn, owner by owner: the lines of one table
            for lines in tables.status_lines(result, out.width):
                write_lines(out, lines)
        if not result.owners:
            console(stderr=True).print(tables.user(
                _("no objectives in cycle {cycle} yet: add one with "
                  "`okr objective add OWNER TITLE`").format(cycle=result.cycle.id),
                style="dim"))
    finish(result.problems)


@app.command("tree")
@handled
def tree(
    fmt: Annotated[TreeFormat, typer.Option("--format", "-f")] = TreeFormat.tree,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
    as_of: AsOfOpt = None, at: AtOpt = None,
) -> None:
    """The alignment tree: company objectives, the objectives aligned to them, and so
    on down, each with its score (or roll-up) and status."""
    from okrcli.services import read

    opened = session(root, at=at)
    result = read.tree(opened, cycle, today(today_opt, as_of, opened),
                       origin=fmt is TreeFormat.json)
    if fmt is TreeFormat.json:
        from okrcli.render import machine

        emit(machine.dumps(machine.tree(result)), None)
    else:
        from okrcli.render import tables

        committed_note(opened)
        out, drawn = console(), tables.tree(result)
        lines = drawn.lines(out)
        if lines is None:
            out.print(drawn.tree)  # Rich draws it
        else:
            write_lines(out, lines)
    finish(result.problems)


@app.command("show")
@handled
def show(
    ref: Annotated[str, typer.Argument(metavar="OWNER/OBJ[/KR]",
                                       autocompletion=complete.any_refs)],
    every: Annotated[bool, typer.Option(
        # the number is render.SHOWN_CHECKINS (tests/test_zh_cli.py holds them together)
        "--all", help=N_("Every check-in of a key result, not only the latest 20."))]
    = False,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.table,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
    as_of: AsOfOpt = None, at: AtOpt = None,
) -> None:
    """One objective or key result: its fields, changes and check-in history as a
    chart."""
    from okrcli.services import read

    opened = session(root, at=at)
    result = read.show(opened, ref, cycle, today(today_opt, as_of, opened),
                       origin=fmt is ShowFormat.json)
    if fmt is ShowFormat.json:
        from okrcli.render import machine

        emit(machine.dumps(machine.show(result)), None)
    else:
        from okrcli.render import tables

        committed_note(opened)
        console().print(tables.show(result, every))
    finish(result.problems)


@app.command("report")
@handled
def report(
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.markdown,
    since: Annotated[str | None, typer.Option(
        "--since", help=N_("Window start, YYYY-MM-DD (default: seven days before --until)."),
        show_default=False)] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help=N_("Window end, YYYY-MM-DD (default: today)."), show_default=False)]
    = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help=N_(
            "Write the report to this file. With --format html, a folder (an existing one, "
            "or a name not ending in .html) gets the dashboard as a site: an index and a "
            "page per owner."))] = None,
    people: Annotated[bool, typer.Option(
        "--people", help=N_("Markdown: every owner and every item of each list. Without "
                            "it each list shows its first 50 and says how many more, and "
                            "above 50 owners the owners' table is the company and its "
                            "departments."))] = False,
    retro: Annotated[bool, typer.Option(
        "--retro", help=N_("The end-of-cycle review (复盘) instead: grades, outcomes, moved "
                           "goalposts, drops, carry-overs, notes and confidence calibration; "
                           "of the latest closed cycle unless --cycle."))] = False,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
    as_of: AsOfOpt = None, at: AtOpt = None,
) -> None:
    """The weekly review (what moved, what needs attention, moved goalposts, what is
    due, owners) as Markdown or JSON, or the public dashboard as one HTML file."""
    from okrcli.services import read

    if people and (retro or fmt is not ReportFormat.markdown):
        raise UsageError(_("--people is for the Markdown weekly review (the JSON and the "
                           "dashboard always hold everyone)"))
    if output is not None and output.is_dir() and (retro or fmt is not ReportFormat.html):
        raise typer.BadParameter(_("{name} is a folder, not a file.").format(
            name=f"'{output}'"), param_hint="'--output' / '-o'")
    opened = session(root, at=at)
    if retro:
        if since is not None or until is not None:
            raise typer.BadParameter(_("is for the weekly review; the end-of-cycle review "
                                       "covers the whole cycle"),
                                     param_hint="--since" if since is not None else "--until")
        retro_report(opened, fmt, output, cycle, today(today_opt, as_of, opened),
                     generated_at(today_opt, opened))
        return
    end = parse_date(until, "--until") or today(today_opt, as_of, opened)
    if fmt is ReportFormat.html:
        dashboard(opened, output, cycle, end, parse_date(since, "--since"),
                  generated_at(today_opt, opened))
        return
    result = read.report(opened, cycle, end, parse_date(since, "--since"), origin=True,
                         lean=True)  # the review's check-ins only: no chart is drawn
    if fmt is ReportFormat.json:
        from okrcli.render import machine

        pieces = machine.pieces(machine.report(result))
        if output is None:
            emit_pieces(pieces)  # as it is made
        else:
            emit("".join(pieces), output, announce=True)
    else:
        from okrcli.render import review

        emit(review.markdown(result, people=people), output, announce=True)
    finish(result.status.problems if result.status else [])


def dashboard(opened: Session, output: Path | None, cycle: str | None, end: dt.date,
              since: dt.date | None, made: dt.datetime) -> None:
    """okr report --format html: with ``-o`` a folder, the site (the folder checked before
    anything is read); else the one page, for a cycle of at most so many owners."""
    from okrcli.services import site

    if output is not None and site.is_site_path(output):
        from okrcli.render import site as pages

        folder = site.target(output)
        found = site.site(opened, cycle, end, since)
        count = site.write(output, folder, pages.pages(found, made))
        console(stderr=True).print(plain(ngettext(
            "wrote the site {path}: {n} page", "wrote the site {path}: {n} pages",
            count).format(path=output, n=count), style="dim"))
        status = found.report.status
    else:
        from okrcli.render import html
        from okrcli.services import read

        site.single_page(opened, cycle, end)
        result = read.report(opened, cycle, end, since, origin=True)
        emit(html.dashboard(result, made), output, announce=True)
        status = result.status
    finish(status.problems if status else [])


def retro_report(opened: Session, fmt: ReportFormat, output: Path | None, cycle: str | None,
                 day: dt.date, made: dt.datetime) -> None:
    """okr report --retro: the 复盘 in the chosen format."""
    from okrcli.services import retro

    result = retro.retro(opened, cycle, day, origin=True)
    problems = list(result.problems)
    if fmt is ReportFormat.json:
        from okrcli.render import machine

        text = machine.dumps(machine.retro(result))
    elif fmt is ReportFormat.html:
        from okrcli.render import history as trend
        from okrcli.render import retrohtml
        from okrcli.services import history

        across = history.history(opened, None, day)  # every owner's grade per cycle
        problems += [p for p in across.problems if p not in problems]
        text = retrohtml.page(result, made, trend.history_svg(across) if across.cycles
                              else None)
    else:
        from okrcli.render import retro as markdown

        text = markdown.markdown(result)
    emit(text, output, announce=True)
    finish(problems)


def generated_at(today_opt: str | None, opened: Session | None = None) -> dt.datetime:
    """When the dashboard is made: now, with the local timezone; under --today /
    OKR_TODAY that day at midnight UTC, so that a pinned run makes the same file; under
    --at the moment of the commit it shows, so that a rebuilt page is the same file."""
    pinned = parse_date(today_opt, "--today")
    if pinned is not None:
        return dt.datetime.combine(pinned, dt.time(), dt.UTC)
    if opened is not None and opened.committed is not None:
        return opened.committed
    return dt.datetime.now().astimezone()


class GradeFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("grade")
@handled
def grade(
    fmt: Annotated[GradeFormat, typer.Option("--format", "-f")] = GradeFormat.table,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
    at: AtOpt = None,
) -> None:
    """End-of-cycle grades against the red / yellow / green bands.

    Before the cycle ends the grades are today's scores, and say they are provisional."""
    from okrcli.services import read

    opened = session(root, at=at)
    result = read.grade(opened, cycle, today(today_opt, None, opened),
                        origin=fmt is not GradeFormat.table)
    if fmt is GradeFormat.json:
        from okrcli.render import machine

        emit(machine.dumps(machine.grade(result)), None)
    elif fmt is GradeFormat.markdown:
        from okrcli.render import markdown

        emit(markdown.grade(result), None)
    else:
        from okrcli.render import tables

        committed_note(opened)
        out = console()
        for lines in tables.grade_lines(result, out.width):  # written as it is drawn
            write_lines(out, lines)
    finish(result.problems)
