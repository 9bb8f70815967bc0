"""The top of the tree on the terminal (``okr status`` of more owners than a screenful):
the company and its departments, one line each, with their scores and counts, then one
line saying how to see one owner or everyone. A ``layout.Grid``: laid out for the width
it is drawn at, the counts of pending and done key results going first where room runs
out."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from okrcli.i18n import N_, _, ngettext
from okrcli.render.cells import score_cell, score_change, translated, user
from okrcli.render.escape import visible
from okrcli.render.layout import Cell, Column, Fit, Grid, Row, wrap
from okrcli.results import Branch, TopOfTree
from okrcli.scoring import SHOWN, Status

# Headers in English (``N_``), translated where they are shown; the key results' columns
# are headed by their status, as the review's owners table is.
COLUMNS = [
    # TRANSLATORS: a column header: the company and its departments
    Column(N_("Team"), flex=True),
    Column(N_("Score")),
    # TRANSLATORS: a column header: how many owners have objectives in the team and below
    Column(N_("OKR owners"), justify="right", hide=3, label=N_("owners")),
    # TRANSLATORS: a column header: how many of okr.yaml's people are in the team
    Column(N_("People"), justify="right", hide=2, label=N_("people")),
    # TRANSLATORS: a column header: how many objectives the team and those below it have
    Column(N_("Obj."), justify="right", label=N_("obj.")),
]
HIDE = {Status.PENDING: 1, Status.DONE: 4}  # of the status columns: the first to go
CHANGE = Column(N_("Change"), justify="right", hide=5, label=N_("change"))


def top_of_tree(top: TopOfTree) -> Fit:
    return Fit(lambda width: _lines(top, width))


def _lines(top: TopOfTree, width: int) -> list[Any]:
    since = top.since is not None
    columns = [translated(c) for c in COLUMNS]
    for status in SHOWN:
        word = _(status.label)
        columns.append(Column(word.capitalize(), justify="right", hide=HIDE.get(status, 0),
                              label=word))
    if since:
        columns.insert(2, translated(CHANGE))
    rows = [_row(line, since) for line in top.branches]
    if top.rest is not None:
        # TRANSLATORS: the line of the owners in no team at the top of okr.yaml's tree
        rest = _row(top.rest, since, Text(_("in none of these teams"), style="italic"))
        rest.gap_before = True
        rows.append(rest)
    title = user(_("OKR status · {cycle} · {today}").format(cycle=top.cycle.id,
                                                             today=top.today))
    title.append(_(" · the top of the tree"))
    if since:
        title.append(_(" · changes since {day}").format(day=top.since))
    out: list[Any] = Grid(columns, rows, title=title, least=16).lines(width)
    out += wrap(Text(_("Score: the team's own. The other columns count everyone in it: "
                       "owners with OKRs, people, objectives, then key results by status."),
                     style="dim"), width)
    out += wrap(Text(hint(top.owners), style="dim"), width)
    return out


def _row(line: Branch, since: bool, name: Text | None = None) -> Row:
    if name is None:
        name = user(line.name, style="bold" if line.depth == 0 else "")
        if line.name != line.owner:
            name.append(visible(f" {line.owner}"), style="dim")
    cells: list[Cell] = [name, score_cell(line.score), Text(str(line.owners)),
                         Text(str(line.people)), Text(str(line.objectives))]
    cells += [Text(str(line.counts.get(s, 0)), style=s.style if line.counts.get(s) else "dim")
              for s in SHOWN]
    if since:
        cells.insert(2, score_change(line.score, line.score_before))
    return Row(cells, indent=2 * line.depth, gap_before=False)


def hint(owners: int) -> str:
    """The line under the top of the tree: how to see one owner, or everyone."""
    return ngettext("{n} owner: `okr status OWNER` shows one, `okr status --all` everyone.",
                    "{n} owners: `okr status OWNER` shows one, `okr status --all` everyone.",
                    owners).format(n=owners)
