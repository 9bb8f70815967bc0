"""The status table of the terminal (``okr status``): each owner's line, its objectives and
key results, the key results it drives in others' objectives; laid out by ``layout.Grid``
for the width it is drawn at, whole or (``status_lines``) owner by owner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.text import Text

from okrcli import scoring
from okrcli.i18n import N_, _
from okrcli.model import KeyResult
from okrcli.refs import key_result_ref
from okrcli.render import day, pct
from okrcli.render.cells import (
    driven_by,
    dropped_on,
    expected_cell,
    kr_change,
    kr_score,
    ref_line,
    rollup_note,
    score_cell,
    score_change,
    status_text,
    translated,
    user,
    value_cell,
)
from okrcli.render.escape import clip, visible
from okrcli.render.layout import Cell, Column, Grid, Row, streamed
from okrcli.results import OwnerStatus, StatusResult


class Made(dict[tuple[Any, ...], Any]):
    """The cells many rows of one table show alike (a status, a bar, a confidence, a
    day), each made once by what it shows: a grid only reads its cells, never changes
    one (``layout.Grid``), so its rows may share them. At most ``KEPT`` are kept (a bar
    is keyed by its numbers, which few key results share in a real workspace): a
    streamed table holds a few thousand cells, never one per key result."""

    KEPT = 4096

    def cell(self, key: tuple[Any, ...], make: Any, *args: Any) -> Any:
        found = self.get(key)
        if found is None:
            found = make(*args)
            if len(self) < self.KEPT:
                self[key] = found
        return found


def _last(when: Any) -> tuple[Text, Text]:
    return Text(day(when)), Text(f"{when:%m-%d}" if when else "—")


def _kr_row(result: StatusResult, objective: str, kr: KeyResult, st: scoring.KRState,
            since: bool, made: Made) -> Row:
    notes = []
    if kr.owner:
        notes.append(driven_by(result.name(kr.owner)))
    gone = kr.dropped.date if kr.dropped and st.dropped else None
    if kr.dropped and st.dropped:
        notes.append(dropped_on(kr.dropped.date, clip(kr.dropped.reason, 60)))
    cells: list[Cell] = [
        user(kr.title), value_cell(kr, st),
        made.cell(("score", kr.kind, gone, st.score, st.progress, st.expected),
                  kr_score, kr, st),
        made.cell(("expected", kr.kind, st.dropped, st.expected), expected_cell, kr, st),
        made.cell(("status", st.status, st.dropped), status_text, st.status, False,
                  st.dropped),
        made.cell(("confidence", st.confidence), lambda c: Text(pct(c)), st.confidence),
        made.cell(("last", st.last_checkin), _last, st.last_checkin),
    ]
    if since:
        cells.insert(3, kr_change(kr, st, result.previous(objective, kr.id)))
    ref = ref_line(key_result_ref(objective, kr.id), *notes, stale=st.stale and not st.dropped)
    return Row(cells, indent=2, under=[ref],
               under_indent=4, style="dim" if st.dropped else "")


def _objective_row(result: StatusResult, state: scoring.ObjectiveState, since: bool,
                   whose: str = "") -> Row:
    title = Text("◆\u00a0", style="bold")
    title.append(visible(state.objective.title), style="" if whose else "bold")
    if state.objective.committed:
        title.append(_(" (committed)"), style="italic")
    cells: list[Cell] = [title, None, score_cell(state.score), None,
                         status_text(state.status, dropped=state.dropped), None, None]
    if since:
        before = result.before.get(state.ref)
        cells.insert(3, score_change(state.score, before.score if before else None))
    # TRANSLATORS: the objective (of a team) that holds a key result the person drives
    note = _("objective of {whose}").format(whose=whose) if whose else rollup_note(state)
    dropped = state.objective.dropped
    if dropped is not None and state.dropped:
        note = dropped_on(dropped.date, clip(dropped.reason, 60))
    return Row(cells, hang=2, under=[ref_line(state.ref, note)], under_indent=2,
               style="dim" if state.dropped else "")


# Headers and labels in English (``N_``): ``status_table`` shows them translated.
STATUS_COLUMNS = [
    Column(N_("Objective / key result"), flex=True),
    Column(N_("Value"), wraps=10, hide=4),
    Column(N_("Score")),
    # TRANSLATORS: a column header: the progress expected by today
    Column(N_("Exp."), justify="right", hide=2, label=N_("exp.")),
    Column(N_("Status")),
    # TRANSLATORS: a column header: confidence
    Column(N_("Conf."), justify="right", label=N_("conf.")),  # never hidden: the narrow layout
    # TRANSLATORS: a column header: the date of the latest check-in
    Column(N_("Last"), hide=1, label=N_("last")),
]
CHANGE_COLUMN = Column(N_("Change"), justify="right", hide=3, label=N_("change"))


def status_table(result: StatusResult, width: int | None = None) -> Grid:
    """The status table, laid out for the width it is drawn at: the columns shrink, then
    go (Last first, each named), before the titles get narrow; confidence stays (below
    that, each row is its title over its figures). The full ref of every objective and
    key result on its own line."""
    del width  # the grid measures the console it is printed on
    columns, options = _status_frame(result)
    made = Made()
    rows = [row for n, owner in enumerate(result.owners)
            for row in _owner_rows(result, owner, first=not n, made=made)]
    return Grid(columns, rows, **options)


def status_lines(result: StatusResult, width: int) -> Iterator[list[Text]]:
    """The lines of ``status_table`` at ``width``, owner by owner: measured in one pass
    and drawn in another, so that a table of thousands of owners is written as it is
    drawn, never held whole (``okr status --all``)."""
    columns, options = _status_frame(result)
    made = Made()  # both passes: the second draws the cells the first measured

    def groups() -> Iterator[list[Row]]:
        for n, owner in enumerate(result.owners):
            yield _owner_rows(result, owner, first=not n, made=made)

    return streamed(columns, groups, width, **options)


def _status_frame(result: StatusResult) -> tuple[list[Column], dict[str, Any]]:
    """The status table's columns, title and legend."""
    since = result.since is not None
    columns = [translated(c) for c in STATUS_COLUMNS]
    if since:
        columns.insert(3, translated(CHANGE_COLUMN))
    title = user(_("OKR status · {cycle} · {today}").format(cycle=result.cycle.id,
                                                             today=result.today))
    if since:
        title.append(_(" · changes since {day}").format(day=result.since))
    notes = []
    if since:
        notes.append(Text(_("▲ good news, ▼ bad news, by each key result's direction (its "
                            "value's change); objectives and owners: score change in points"),
                          style="dim"))
    return columns, {"title": title, "notes": notes}


def _owner_rows(result: StatusResult, owner: OwnerStatus, first: bool,
                made: Made) -> list[Row]:
    """One owner's rows: its line, its objectives with their key results, then the key
    results it drives in others' objectives."""
    since = result.since is not None
    head = user(owner.name, style="bold")
    if owner.name != owner.owner:
        head.append(visible(f" {owner.owner}"), style="dim")
    cells: list[Cell] = [head, None, score_cell(owner.score), None, None, None, None]
    if since:
        cells.insert(3, score_change(owner.score, owner.score_before))
    rows = [Row(cells, gap_before=not first)]
    for state in owner.objectives:
        rows.append(_objective_row(result, state, since))
        rows += [_kr_row(result, state.ref, kr, st, since, made)
                 for kr, st in state.key_results]
    for driven in owner.driven:
        rows.append(_objective_row(result, driven.objective, since,
                                   whose=result.name(driven.objective.owner)))
        rows += [_kr_row(result, driven.objective.ref, kr, st, since, made)
                 for kr, st in driven.key_results]
    return rows
