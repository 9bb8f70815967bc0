"""A whole workspace read in a tenth of the memory (``Session.lean``).

``status``, ``tree`` and ``grade`` of everyone show each key result's state, never its
check-ins; the review (``report`` as Markdown or JSON) reads a few of them
(``review.needed``). Read lean, a file of the cycle, once read, keeps its model without
check-ins (``slim.without``) and its key results' states on the days the command shows
(``known``, for ``scoring.evaluate_objectives``), evaluated over the whole model before it
goes; not its bytes. The whole models of 10,000 files are 1.6 GB; these, a tenth of that.
The dashboard's pages draw each owner's charts from its file read whole again, one owner
at a time (``whole_states``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from okrcli import scoring, slim
from okrcli.model import Checkin, Cycle, KeyResult, OkrFile
from okrcli.pipeline import Valid
from okrcli.refs import objective_ref

# What is kept of a key result's check-ins on a day (none: the state alone).
Keep = Callable[[dt.date, tuple[Checkin, ...]], tuple[Checkin, ...]]
States = list[tuple[KeyResult, scoring.KRState]]


class Lean:
    """The files of one cycle read lean for ``days`` (the first of them the one whose
    states keep ``keep``'s check-ins), and what was kept of each."""

    def __init__(self, cycle: Cycle, days: list[dt.date], th: scoring.Thresholds,
                 keep: Keep | None = None) -> None:
        self.cycle, self.days, self.th, self.keep = cycle, tuple(dict.fromkeys(days)), th, keep
        self.known: dict[dt.date, dict[int, States]] = {day: {} for day in self.days}
        self.ids: set[int] = set()  # of the lean readings
        self.paths: dict[str, Path] = {}  # each owner's lean file

    def covers(self, cycle: Cycle, days: list[dt.date], th: scoring.Thresholds,
               keep: Keep | None) -> bool:
        """Whether these states serve a command asking for these (some of the same days:
        yes)."""
        return (cycle == self.cycle and th == self.th and set(days) <= set(self.days)
                and keep in (None, self.keep))

    def made(self, reading: Valid[OkrFile]) -> Valid[OkrFile]:
        """``reading`` lean: its states on every day noted, its model without check-ins,
        its bytes gone (a lean reading is never placed: the first file of its owner)."""
        doc = reading.model
        lean = dataclasses.replace(reading, model=slim.without(doc),
                                   source=dataclasses.replace(reading.source, raw=b""))
        for day in self.days:
            known = self.known[day]
            for objective, kept in zip(doc.objectives, lean.model.objectives, strict=True):
                states = [(slim_kr, scoring.evaluate_kr(kr, self.cycle, day, self.th))
                          for kr, slim_kr in zip(objective.key_results, kept.key_results,
                                                 strict=True)]
                known[id(kept)] = [(kr, slim.bare(st, slim.sharing(
                    self.keep(day, st.checkins)) if self.keep else ())) for kr, st in states]
        self.ids.add(id(lean))
        self.paths[doc.owner] = reading.path
        return lean

    def whole_states(self, owner: str, reading: Callable[[Path], object],
                     day: dt.date) -> dict[str, States] | None:
        """The states on ``day`` of the key results of ``owner``'s lean file, with every
        check-in, by objective ref, from ``reading`` it whole again (not kept); None when
        no lean file is theirs, or it no longer reads as theirs."""
        path = self.paths.get(owner)
        if path is None:
            return None
        again = reading(path)
        if not isinstance(again, Valid) or not isinstance(again.model, OkrFile) \
                or again.model.owner != owner:
            return None
        return {objective_ref(owner, o.id): [
            (kr, scoring.evaluate_kr(kr, self.cycle, day, self.th)) for kr in o.key_results]
            for o in again.model.objectives}
