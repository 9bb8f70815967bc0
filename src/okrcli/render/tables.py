"""Rich renderables for the terminal. Every cell is a ``Text``, never a string Rich would
parse as markup, and every user string in it passes through ``visible`` first (no escape
sequence reaches the terminal, no ``::`` starts a line). Every bar has its number beside
it, so the tables read the same without colour."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from okrcli import scoring
from okrcli.diagnostics import Rule
from okrcli.model import Checkin, Config, KeyResult
from okrcli.render import (
    SHOWN_CHECKINS,
    bar,
    day,
    field_value,
    num,
    pct,
    score,
    value_text,
)
from okrcli.render.escape import visible
from okrcli.results import GradeResult, ShowResult, StatusResult
from okrcli.scoring import Status


def user(text: str | None, style: str = "") -> Text:
    """User text (or an empty cell) as a cell: visible, never markup."""
    return Text(visible(text or ""), style=style)


def status_text(status: Status, stale: bool = False, dropped: bool = False) -> Text:
    if dropped:
        return Text("dropped", style="dim strike")
    text = Text(status.label, style=status.style)
    if stale:
        text.append(" · stale", style="magenta")
    return text


def progress_cell(fraction: float | None, progress: float | None = None,
                  expected: float | None = None) -> Text:
    text = Text(bar(fraction, expected=expected), style="cyan")
    shown = progress if progress is not None and not 0 <= progress <= 1 else fraction
    text.append(" " + pct(shown).rjust(4))
    return text


def status_table(result: StatusResult, width: int = 120) -> Table:
    """The status table; below 100 columns the confidence and last check-in columns give
    their room to the titles."""
    wide = width >= 100
    table = Table(
        title=user(f"OKR status · {result.cycle.id} · {result.today}"),
        box=box.SIMPLE_HEAVY, pad_edge=False,
    )
    table.add_column("Objective / key result", overflow="fold", min_width=16)
    table.add_column("Value", overflow="fold", max_width=18)
    table.add_column("Score", no_wrap=True)
    table.add_column("Exp.", justify="right", no_wrap=True)
    table.add_column("Status", overflow="fold", max_width=10)
    if wide:
        table.add_column("Conf.", justify="right", no_wrap=True)
        table.add_column("Last", no_wrap=True)
    extra = [Text(), Text()] if wide else []
    for owner in result.owners:
        head = user(owner.name, style="bold")
        if owner.name != owner.owner:
            head.append(visible(f" {owner.owner}"), style="dim")
        table.add_row(head, Text(), progress_cell(owner.score), Text(), Text(), *extra)
        for state in owner.objectives:
            title = Text("◆\u00a0", style="bold")
            title.append(visible(state.objective.title), style="bold")
            title.append(visible(f" {state.ref}"), style="dim")
            if state.objective.committed:
                title.append(" (committed)", style="italic")
            table.add_row(title, Text(), progress_cell(state.score), Text(),
                          status_text(state.status), *extra)
            for kr, st in state.key_results:
                label = Text("\u00a0\u00a0")
                label.append(visible(kr.title))
                label.append(visible(f" {kr.id}"), style="dim")
                cells = [
                    label, user(value_text(kr, st)), progress_cell(st.score, st.progress,
                                                                   st.expected),
                    Text(pct(st.expected)), status_text(st.status, st.stale, st.dropped),
                ]
                if wide:
                    cells += [Text(pct(st.confidence)), Text(day(st.last_checkin))]
                table.add_row(*cells)
        table.add_section()
    return table


def tree(result: StatusResult) -> Tree:
    root = Tree(user(f"{result.cycle.id} · {result.today}", style="bold"))

    def label(ref: str) -> Text:
        state = result.states[ref]
        text = user(result.labels.get(state.owner, state.owner), style="bold")
        text.append(" · ")
        text.append(visible(state.objective.title))
        text.append(f"  {score(state.score)} ", style="cyan")
        text.append_text(status_text(state.status))
        if state.rollup is not None and state.key_results:
            text.append(f"  roll-up {score(state.rollup)}", style="dim")
        return text

    # Depth first with an explicit stack (a chain of any length, no recursion); a child
    # already on the path above it (an alignment loop) is not drawn again.
    on_path: set[str] = set()
    stack: list[tuple[Tree, str] | str] = [(root, ref) for ref in reversed(result.roots())]
    while stack:
        item = stack.pop()
        if isinstance(item, str):  # leaving ``item``'s branch
            on_path.discard(item)
            continue
        branch, ref = item
        node = branch.add(label(ref))
        on_path.add(ref)
        stack.append(ref)
        stack.extend((node, child) for child in reversed(result.states[ref].children)
                     if child not in on_path)
    return root


def sample(items: list[Any], most: int) -> list[Any]:
    """At most ``most`` items, evenly spread, the first and the last always among them."""
    if len(items) <= most:
        return items
    if most < 2:
        return items[-most:] if most else []
    step = (len(items) - 1) / (most - 1)
    return [items[round(i * step)] for i in range(most)]


def chart(kr: KeyResult, st: scoring.KRState, cycle_start: Any, width: int = 40,
          height: int = 8) -> Text:
    """A small text chart of a key result's check-ins: one column (two cells wide) per
    check-in, '█' up to its value's share of the way to the target, '·' where the
    expected line stands. More check-ins than ``width`` has room for are sampled."""
    points = sample(list(st.checkins), max(1, width // 2))
    if not points:
        return Text("no check-ins yet", style="dim")
    fractions = [scoring.clamp(scoring.checkin_fraction(kr.kind, st, c.value)) for c in points]
    expected = [scoring.expected_progress(cycle_start, st.due, c.date) for c in points]
    lines = []
    for row in range(height, 0, -1):
        level = row / height
        line = Text("100% │" if row == height else "     │")
        for f, e in zip(fractions, expected, strict=True):
            if f >= level - 1e-9:
                line.append("██", style="cyan")
            elif abs(e - level) < 0.5 / height:
                line.append("··", style="yellow")
            else:
                line.append("  ")
        lines.append(line)
    lines.append(Text("  0% └" + "──" * len(points)))
    first, last, count = points[0].date, points[-1].date, len(st.checkins)
    shown = f", {len(points)} shown" if len(points) < count else ""
    lines.append(Text(f"      {first:%m-%d}" + (f" … {last:%m-%d}" if last != first else "")
                      + f"  ({count} check-in{'s' if count != 1 else ''}{shown})"))
    out = Text("\n").join(lines)
    out.append("\n██ progress to target   ·· expected by then", style="dim")
    return out


def show(result: ShowResult, every: bool = False) -> Group:
    """``okr show``: an objective with its key results, or one key result with its fields,
    changes, the latest SHOWN_CHECKINS check-ins (``every``: all of them) and a chart."""
    state = result.objective
    parts: list[Any] = []
    head = user(state.objective.title, style="bold")
    head.append(visible(f"  {state.ref} · {result.owner_name} · {result.cycle.id}"),
                style="dim")
    parts.append(head)
    line = Text("score ")
    line.append_text(progress_cell(state.score))
    line.append("  ")
    line.append_text(status_text(state.status))
    if state.objective.aligns_to:
        line.append(visible(f"  aligns to {state.objective.aligns_to}"), style="dim")
    parts.append(line)
    if result.kr is None:
        table = Table(box=box.SIMPLE, pad_edge=False)
        for name in ("Key result", "Value", "Score", "Status", "History"):
            table.add_column(name, overflow="fold")
        for one, one_state in state.key_results:
            table.add_row(user(one.title), user(value_text(one, one_state)),
                          progress_cell(one_state.score),
                          status_text(one_state.status, one_state.stale, one_state.dropped),
                          Text(_spark(one, one_state)))
        parts.append(table)
        return Group(*parts)
    kr, st = result.kr, result.state
    assert st is not None
    parts.append(_fields(result, kr, st))
    if kr.changes:
        changes = Table(title="Changes", box=box.SIMPLE, pad_edge=False, title_justify="left")
        for name in ("Date", "Field", "Old", "New", "Reason"):
            changes.add_column(name, overflow="fold")
        for change in kr.changes:
            changes.add_row(Text(day(change.date)), user(change.field),
                            user(field_value(change.old)), user(field_value(change.new)),
                            user(change.reason))
        parts.append(changes)
    parts += _history(st.checkins, every)
    parts.append(chart(kr, st, result.cycle.start))
    return Group(*parts)


def _fields(result: ShowResult, kr: KeyResult, st: scoring.KRState) -> Table:
    rows = [
        ("key result", user(kr.title)), ("ref", user(result.ref)), ("kind", user(kr.kind)),
        ("value", user(value_text(kr, st))),
        ("score", progress_cell(st.score, st.progress, st.expected)),
        ("expected", Text(pct(st.expected))),
        ("status", status_text(st.status, st.stale, st.dropped)),
        ("confidence", Text(pct(st.confidence))), ("due", Text(day(st.due))),
    ]
    if kr.owner:
        rows.append(("driven by", user(f"{result.driver or kr.owner} ({kr.owner})"
                                       if result.driver != kr.owner else kr.owner)))
    if kr.dropped:
        rows.append(("dropped", user(f"{kr.dropped.date}: {kr.dropped.reason}")))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim")
    fields.add_column(overflow="fold")
    for name, cell in rows:
        fields.add_row(Text(name), cell)
    return fields


def _history(checkins: Sequence[Checkin], every: bool) -> list[Any]:
    """The check-in table: the latest SHOWN_CHECKINS, and how many earlier ones it left
    out, so that a key result with thousands of them prints a screenful."""
    shown = checkins if every else checkins[-SHOWN_CHECKINS:]
    history = Table(title="Check-ins", box=box.SIMPLE, pad_edge=False, title_justify="left")
    for name in ("Date", "Value", "Conf.", "Note"):
        history.add_column(name, overflow="fold")
    for c in shown:
        history.add_row(Text(day(c.date)), Text(num(c.value)), Text(pct(c.confidence)),
                        user(c.note))
    hidden = len(checkins) - len(shown)
    if not hidden:
        return [history]
    return [history, Text(f"{hidden} earlier check-in{'s' if hidden != 1 else ''} not shown "
                          "(--all shows them)", style="dim")]


def _spark(kr: KeyResult, st: scoring.KRState) -> str:
    ticks = "▁▂▃▄▅▆▇█"
    out = []
    for c in st.checkins[-12:]:
        f = scoring.clamp(scoring.checkin_fraction(kr.kind, st, c.value))
        out.append(ticks[round(f * (len(ticks) - 1))])
    return "".join(out) or "—"


def grade_table(result: GradeResult) -> Group:
    table = Table(title=user(f"Grades · {result.cycle.id}"), box=box.SIMPLE_HEAVY,
                  pad_edge=False)
    table.add_column("Objective", overflow="fold", ratio=3)
    table.add_column("Grade", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Note", overflow="fold", ratio=2)
    for row in result.rows:
        title = user(row.title)
        title.append(visible(f"  {row.ref}"), style="dim")
        if row.committed:
            title.append(" [committed]", style="italic")
        band = Text(row.band.value, style=row.band.style) if row.band else Text("—")
        table.add_row(title, progress_cell(row.grade), band,
                      user(row.flag, style="bold red" if row.flag else ""))
    owners = Table(box=box.SIMPLE, pad_edge=False, title="Owners", title_justify="left")
    for name in ("Owner", "Grade", "Note"):
        owners.add_column(name, overflow="fold")
    for o in result.owners:
        owners.add_row(user(f"{o.name} ({o.owner})" if o.name != o.owner else o.name),
                       progress_cell(o.grade), user(o.note))
    return Group(table, owners)


def listing(config: Config, kind: str) -> Table:
    """``okr cycle list``, ``okr team list``, ``okr person list``."""
    table = Table(box=None, pad_edge=False)
    rows: list[tuple[str, str, str]]
    if kind == "cycle":
        columns = ("id", "start", "end")
        rows = [(c.id, c.start.isoformat(), c.end.isoformat()) for c in config.cycles]
    elif kind == "team":
        columns = ("id", "name", "parent")
        rows = [(t.id, t.name or "", t.parent or "") for t in config.teams]
    else:
        columns = ("id", "name", "team")
        rows = [(p.id, p.name or "", p.team or "") for p in config.people]
    for name in columns:
        table.add_column(name)
    for row in rows:
        table.add_row(*(user(cell) for cell in row))
    return table


def rules(found: tuple[Rule, ...]) -> Table:
    """``okr check --list-rules``."""
    table = Table(box=None, pad_edge=False)
    for name in ("code", "name", "severity", "what"):
        table.add_column(name, overflow="fold")
    for rule in found:
        table.add_row(Text(rule.code), Text(rule.name), Text(rule.severity.value),
                      Text(rule.summary))
    return table
