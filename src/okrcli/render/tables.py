"""Rich renderables for the terminal. Every cell is a ``Text``, never a string Rich would
parse as markup, and every user string in it passes through ``visible`` first (no escape
sequence reaches the terminal, no ``::`` starts a line). Every bar has its number beside
it, so the tables read the same without colour. The tables of status, show and grade are
``layout.Grid``s: laid out for the width they are drawn at, with lines broken only where
``layout.wrap`` allows (never inside a number, a word or a ref)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.table import Table
from rich.text import Span, Text
from rich.tree import Tree

from okrcli import scoring
from okrcli.diagnostics import Rule
from okrcli.i18n import _, ngettext
from okrcli.model import Checkin, Config, KeyResult
from okrcli.refs import key_result_ref
from okrcli.render import SHOWN_CHECKINS, day, field_value, num, pct, value_text, word
from okrcli.render.cells import (
    driven_by,
    dropped_on,
    kr_score,
    no_checkins,
    progress_cell,
    ref_line,
    rollup_note,
    score_cell,
    status_text,
    user,
    value_cell,
)
from okrcli.render.escape import clip, visible
from okrcli.render.fields import field_name
from okrcli.render.layout import Column, Drawn, Fit, Grid, Row, Wrapped, streamed, wrap
from okrcli.render.status import status_lines, status_table  # noqa: F401 (okr status)
from okrcli.results import GradeResult, GradeRow, ShowResult, StatusResult


def tree(result: StatusResult) -> Drawn:
    """The alignment tree: Rich's ``Tree``, drawn by ``layout.tree_lines``."""
    root = Tree(Wrapped(user(f"{result.cycle.id} · {result.today}", style="bold")))

    def label(ref: str) -> Wrapped:
        # Made at once, as the appends of ``user(name, style="bold")``, " · ", the title,
        # the score (cyan), the status and the roll-up (dim) would make it: one Text of
        # tens of thousands, not six (a fifth of drawing a tree of 10,000 files).
        state = result.states[ref]
        head = f"{visible(result.name(state.owner))} · {visible(state.objective.title)}  "
        score = f"{pct(state.score)} "
        status = status_text(state.status, dropped=state.dropped)
        if state.rollup is not None and state.key_results:
            n = state.rollup_of
            tail = ngettext("  roll-up {score} (mean of {n} aligned objective)",
                            "  roll-up {score} (mean of {n} aligned objectives)", n
                            ).format(score=pct(state.rollup), n=n)
        elif state.rollup is not None:
            tail = _("  (the roll-up: no key results of its own)")
        else:
            tail = ""
        at = len(head) - 2
        spans = [Span(at, at + 2 + len(score), "cyan")]
        at += 2 + len(score)
        if status.style:
            spans.append(Span(at, at + len(status), status.style))
        spans += [Span(at + start, at + end, style) for start, end, style in status.spans]
        at += len(status)
        if tail:
            spans.append(Span(at, at + len(tail), "dim"))
        return Wrapped(Text(head + score + status.plain + tail, style="bold", spans=spans),
                       indent=2)

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
    return Drawn(root)


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
    expected line stands (metrics only). More check-ins than ``width`` has room for are
    sampled."""
    points = sample(list(st.checkins), max(1, width // 2))
    if not points:
        return Text(no_checkins(), style="dim")
    fractions = [scoring.clamp(scoring.checkin_fraction(kr.kind, st, c.value)) for c in points]
    expected = [scoring.expected_progress(cycle_start, st.due, c.date) if
                scoring.shows_expected(kr.kind) else None for c in points]
    lines = []
    for row in range(height, 0, -1):
        level = row / height
        line = Text("100% │" if row == height else "     │")
        for f, e in zip(fractions, expected, strict=True):
            if f >= level - 1e-9:
                line.append("██", style="cyan")
            elif e is not None and abs(e - level) < 0.5 / height:
                line.append("··", style="yellow")
            else:
                line.append("  ")
        line.rstrip()
        lines.append(line)
    lines.append(Text("  0% └" + "──" * len(points)))
    first, last, count = points[0].date, points[-1].date, len(st.checkins)
    if len(points) < count:
        said = ngettext("({count} check-in, {shown} shown)",
                        "({count} check-ins, {shown} shown)", count)
    else:
        said = ngettext("({count} check-in)", "({count} check-ins)", count)
    lines.append(Text(f"      {first:%m-%d}" + (f" … {last:%m-%d}" if last != first else "")
                      + "  " + said.format(count=count, shown=len(points))))
    out = Text("\n").join(lines)
    # TRANSLATORS: the legends of a chart: of a metric, a threshold, a milestone
    legend = (_("██ progress to target   ·· expected by then") if kr.kind == "metric" else
              _("██ the line held") if kr.kind == "threshold" else _("██ done"))
    out.append("\n" + legend, style="dim")
    return out


def show(result: ShowResult, every: bool = False) -> Fit:
    """``okr show``: an objective with its key results, or one key result with its fields,
    changes, the latest SHOWN_CHECKINS check-ins (``every``: all of them) and a chart;
    laid out for the width it is drawn at."""
    return Fit(lambda width: _show(result, every, width))


def _show(result: ShowResult, every: bool, width: int) -> list[Any]:
    state = result.objective
    parts: list[Any] = []
    head = user(state.objective.title, style="bold")
    head.append(visible(f"  {state.ref} · {result.owner_name} · {result.cycle.id}"),
                style="dim")
    parts += wrap(head, width)
    line = Text(_("score") + " ")
    line.append_text(progress_cell(state.score))
    line.append("  ")
    line.append_text(status_text(state.status, dropped=state.dropped))
    if state.dropped and state.objective.dropped is not None:
        line.append(visible("  " + dropped_on(state.objective.dropped.date,
                                              state.objective.dropped.reason)), style="dim")
    if state.objective.aligns_to:
        line.append(visible(_("  aligns to {ref}").format(ref=state.objective.aligns_to)),
                    style="dim")
    note = rollup_note(state)
    if note:
        line.append(_("  ({note})").format(note=note), style="dim")
    parts += wrap(line, width)
    if result.kr is None:
        columns = [Column(_("Key result"), flex=True), Column(_("Value"), wraps=10, hide=2),
                   Column(_("Score")), Column(_("Status")),
                   # TRANSLATORS: a column header: the latest check-ins as a sparkline
                   Column(_("History"), hide=1)]
        rows = []
        for one, one_state in state.key_results:
            notes = []
            if one.owner:
                notes.append(driven_by(result.labels.get(one.owner, one.owner)))
            if one.dropped and one_state.dropped:
                notes.append(dropped_on(one.dropped.date, clip(one.dropped.reason, 60)))
            rows.append(Row(
                [user(one.title), value_cell(one, one_state), kr_score(one, one_state),
                 status_text(one_state.status, dropped=one_state.dropped),
                 Text(_spark(one, one_state))],
                under=[ref_line(key_result_ref(state.ref, one.id), *notes,
                                stale=one_state.stale and not one_state.dropped)],
                under_indent=2, style="dim" if one_state.dropped else ""))
        parts += [Text(), *Grid(columns, rows, least=20).lines(width)]
        return parts
    kr, st = result.kr, result.state
    assert st is not None
    parts += _fields(result, kr, st).lines(width)
    if kr.changes:
        columns = [Column(_("Date")), Column(_("Field")), Column(_("Old"), wraps=6, most=20),
                   Column(_("New"), wraps=6, most=20), Column(_("Reason"), flex=True)]
        rows = [Row([Text(day(c.date)), user(field_name(c.field)), user(field_value(c.old)),
                     user(field_value(c.new)), user(c.reason)]) for c in kr.changes]
        # TRANSLATORS: the title of a key result's recorded changes (target, due...)
        parts += [Text(), Text(_("Changes"), style="italic"),
                  *Grid(columns, rows, least=12).lines(width)]
    parts += _history(st.checkins, every, width)
    if st.checkins:  # else the history said "no check-ins yet": no empty chart
        parts.append(Text())
        parts.append(chart(kr, st, result.cycle.start, width=max(2, min(40, width - 8))))
    return parts


def _fields(result: ShowResult, kr: KeyResult, st: scoring.KRState) -> Grid:
    dropped = bool(kr.dropped and st.dropped)
    rows = [(_("key result"), user(kr.title)), (_("ref"), user(result.ref)),
            (_("kind"), user(word(kr.kind)))]
    if kr.kind == "metric":  # what the score counts from: the value alone reads as progress
        unit = f" {kr.unit}" if kr.unit else ""
        rows.append((_("start value"), user(f"{num(st.start)}{unit}")))
    rows += [
        (_("value"), user(value_text(kr, st))),
        (_("score"), Text(_("— dropped: {score} when dropped").format(score=pct(st.score)),
                          style="dim") if dropped
         else progress_cell(st.score, st.progress, st.expected
                            if scoring.shows_expected(kr.kind) else None)),
    ]
    if scoring.shows_expected(kr.kind) and not dropped:
        rows.append((_("expected"), Text(pct(st.expected))))
    rows += [(_("status"), status_text(st.status, st.stale, st.dropped)),
             (_("confidence"), Text(pct(st.confidence))), (_("due"), Text(day(st.due)))]
    if kr.owner:
        rows.append((_("driven by"), user(f"{result.driver or kr.owner} ({kr.owner})"
                                          if result.driver != kr.owner else kr.owner)))
    if kr.dropped:
        rows.append((_("dropped"), user(_("{date}: {reason}").format(
            date=kr.dropped.date, reason=kr.dropped.reason), style="bold" if dropped else "")))
    columns = [Column("", wraps=4), Column("", flex=True)]
    return Grid(columns, [Row([Text(name, style="dim"), cell]) for name, cell in rows],
                header=False, least=10)


def _history(checkins: Sequence[Checkin | scoring.Seen], every: bool, width: int) -> list[Any]:
    """The check-in table: the latest SHOWN_CHECKINS, and how many earlier ones it left
    out, so that a key result with thousands of them prints a screenful."""
    title = Text(_("Check-ins"), style="italic")
    if not checkins:  # no table of headers over nothing
        return [Text(), title, Text(no_checkins(), style="dim")]
    shown = checkins if every else checkins[-SHOWN_CHECKINS:]
    columns = [Column(_("Date")), Column(_("Value"), wraps=6, most=20),
               Column(_("Conf."), justify="right"), Column(_("Note"), flex=True)]
    rows = [Row([Text(day(c.date)), Text(num(c.value)), Text(pct(c.confidence)), user(c.note)])
            for c in shown]
    out: list[Any] = [Text(), title, *Grid(columns, rows, least=12).lines(width)]
    hidden = len(checkins) - len(shown)
    if hidden:
        out += wrap(Text(ngettext("{n} earlier check-in not shown (--all shows them)",
                                  "{n} earlier check-ins not shown (--all shows them)",
                                  hidden).format(n=hidden), style="dim"), width)
    return out


def _spark(kr: KeyResult, st: scoring.KRState) -> str:
    ticks = "▁▂▃▄▅▆▇█"
    out = []
    for c in st.checkins[-12:]:
        f = scoring.clamp(scoring.checkin_fraction(kr.kind, st, c.value))
        out.append(ticks[round(f * (len(ticks) - 1))])
    return "".join(out) or "—"


def provisional(result: GradeResult) -> str | None:
    """What a reader must know before reading grades of a cycle that has not ended."""
    if not result.provisional:
        return None
    return _("Provisional: {cycle} runs until {end}; these grades are today's scores and "
             "may still move.").format(cycle=result.cycle.id, end=result.cycle.end)


def grade_table(result: GradeResult) -> Fit:
    return Fit(lambda width: _grades(result, width))


def _grades(result: GradeResult, width: int) -> list[Any]:
    return [line for lines in grade_lines(result, width) for line in lines]


ROWS_AT_ONCE = 256  # of the grades' table, drawn at a time (grade_lines)


def grade_lines(result: GradeResult, width: int) -> Iterator[list[Text]]:
    """The lines of ``grade_table`` at ``width``, a few hundred rows at a time (measured in
    one pass and drawn in another, ``layout.streamed``): the grades of 10,000 owners are
    written as they are drawn, never held drawn whole."""
    warning = provisional(result)
    if warning:
        yield wrap(Text(warning, style="bold yellow"), width)
    columns = [Column(_("Objective"), flex=True), Column(_("Owner"), wraps=6, most=16, hide=1),
               # TRANSLATORS: a column header: the grade's band (red, yellow, green)
               Column(_("Grade")), Column(_("Band")), Column(_("Note"), wraps=12, most=40)]
    names = {o.owner: o.name for o in result.owners}

    def row_of(row: GradeRow) -> Row:
        band = Text(_(row.band.value), style=row.band.style) if row.band else Text("—")
        # "committed" once a row: on the ref line, unless the flag already says it
        word, flag = _("committed"), _(row.flag) if row.flag else None
        committed = word if row.committed and word not in (flag or "") else ""
        return Row([user(row.title), user(names.get(row.owner, row.owner)),
                    score_cell(row.grade), band,
                    user(flag, style="bold red" if flag else "")],
                   under=[ref_line(row.ref, committed)], under_indent=2)

    def grades() -> Iterator[list[Row]]:
        for start in range(0, len(result.rows), ROWS_AT_ONCE):
            yield [row_of(row) for row in result.rows[start:start + ROWS_AT_ONCE]]

    def owners() -> Iterator[list[Row]]:
        for start in range(0, len(result.owners), ROWS_AT_ONCE):
            yield [Row([user(f"{o.name} ({o.owner})" if o.name != o.owner else o.name),
                        score_cell(o.grade), user(o.note and _(o.note))])
                   for o in result.owners[start:start + ROWS_AT_ONCE]]

    yield from streamed(columns, grades, width,
                        title=user(_("Grades · {cycle}").format(cycle=result.cycle.id)))
    yield [Text(), Text(_("Owners"), style="italic")]
    yield from streamed([Column(_("Owner"), flex=True), Column(_("Grade")),
                         Column(_("Note"), wraps=12, most=40)], owners, width, least=12)


def listing(config: Config, kind: str) -> Table:
    """``okr cycle list``, ``okr team list``, ``okr person list``."""
    table = Table(box=None, pad_edge=False)
    rows: list[tuple[str, str, str]]
    # TRANSLATORS: column headers of okr cycle list, team list and person list
    if kind == "cycle":
        columns = (_("id"), _("start"), _("end"))
        rows = [(c.id, c.start.isoformat(), c.end.isoformat()) for c in config.cycles]
    elif kind == "team":
        columns = (_("id"), _("name"), _("parent"))
        rows = [(t.id, t.name or "", t.parent or "") for t in config.teams]
    else:
        columns = (_("id"), _("name"), _("team"))
        rows = [(p.id, p.name or "", p.team or "") for p in config.people]
    for name in columns:
        table.add_column(name)
    for row in rows:
        table.add_row(*(user(cell) for cell in row))
    return table


def rules(found: tuple[Rule, ...]) -> Table:
    """``okr check --list-rules``."""
    table = Table(box=None, pad_edge=False)
    # TRANSLATORS: column headers of okr check --list-rules
    for name in (_("code"), _("name"), _("severity"), _("what")):
        table.add_column(name, overflow="fold")
    for rule in found:
        table.add_row(Text(rule.code), Text(rule.name),
                      Text(word(rule.severity.value)), Wrapped(Text(rule.summary)))
    return table
