"""okr cycle list (a table, JSON) and what okr cycle close says (a summary, JSON)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from okrcli.cycleresults import CycleClosed, CycleList
from okrcli.i18n import N_, _, ngettext
from okrcli.render.cells import user
from okrcli.render.fields import OUTCOMES

# The JSON words of a cycle's state, as people read them.
STATES = {"running": N_("running"), "upcoming": N_("upcoming"), "ended": N_("ended"),
          "closed": N_("closed {date}")}


def table(result: CycleList) -> Table:
    """Each cycle: id, name, start, end, state."""
    out = Table(box=None, pad_edge=False)
    # TRANSLATORS: column headers of okr cycle list
    for name in (_("id"), _("name"), _("start"), _("end"), _("state")):
        out.add_column(name)
    for row in result.rows:
        state = _(STATES[row.state]).format(date=row.closed)
        out.add_row(user(row.id), user(row.name or ""), user(row.start.isoformat()),
                    user(row.end.isoformat()), user(state, style="green" if row.state == "running"
                                              else "dim" if row.state == "closed" else ""))
    return out


def listing_json(result: CycleList) -> list[dict[str, Any]]:
    return [{"id": r.id, "name": r.name, "start": r.start.isoformat(), "end": r.end.isoformat(),
             "closed": r.closed.isoformat() if r.closed else None, "state": r.state}
            for r in result.rows]


def closed_text(result: CycleClosed) -> str:
    """The close in two sentences: what was written, then the outcomes counted."""
    said = _("closed cycle {cycle} on {date}: {grades}, {outcomes}, {notes}").format(
        cycle=result.cycle, date=result.closed,
        grades=ngettext("{n} grade", "{n} grades", result.grades).format(n=result.grades),
        outcomes=ngettext("{n} outcome", "{n} outcomes", result.outcomes).format(
            n=result.outcomes),
        notes=ngettext("{n} retro note", "{n} retro notes", result.notes).format(
            n=result.notes))
    if result.by_outcome:
        # TRANSLATORS: the outcomes counted after okr cycle close ("achieved 2, partial 1")
        counts = _(", ").join(_("{outcome} {n}").format(outcome=_(OUTCOMES[word]), n=n)
                              for word, n in result.by_outcome.items())
        said += _("; outcomes: {counts}").format(counts=counts)
    return said


def closed_json(result: CycleClosed) -> dict[str, Any]:
    return {"cycle": result.cycle, "closed": result.closed.isoformat(),
            "grades_written": result.grades, "outcomes_written": result.outcomes,
            "notes_written": result.notes, "by_outcome": result.by_outcome,
            "files": result.files}
