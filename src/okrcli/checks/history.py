"""What the history rules (``okr check --base REV``) read: the changes in OKR terms
between the files as committed at REV and as the check reads them now (``okrdiff``), the
files on both sides, okr.yaml and today, and when each check-in was added.

Pure, as every rule's context: the service (``services/base.py``) reads git and builds
it. Each side of a change is a ``Version`` of one file: a rule yields the reading a
finding goes in and the finding, and ``place`` says which reading and which node that is:
the new file's, or, for a file deleted whole, the old file's (at REV).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from okrcli.diagnostics import YPath
from okrcli.model import Config, Cycle, KeyResult, Objective, OkrFile, Settings
from okrcli.okrdiff import Delta
from okrcli.refs import key_result_ref, objective_ref

__all__ = ["History", "Version"]


@dataclass(eq=False)
class Version:
    """One file on one side of the comparison: its path in the workspace, its reading
    (where findings are placed) and its model. An old version names the new version of
    the same file (``successor``: renames followed), None when the file was deleted."""

    rel: str
    reading: Any
    doc: OkrFile
    successor: Version | None = None


@dataclass
class History:
    config: Config
    today: dt.date
    base: str  # the base revision as the user knows it: its short object name
    deltas: Sequence[Delta]
    # When a check-in was added: (the new version, the KR's ref, the check-in as JSON) ->
    # the date of the first commit since REV that has it, or today (the working tree).
    added_on: Callable[[Version, str, dict[str, Any]], dt.date] = (
        lambda version, ref, checkin: dt.date.min)
    old: Sequence[Version] = ()  # the files at REV that changed
    # REV's okr.yaml (None: it had none that reads): what the base branch agreed, whose
    # grace_days and cycles' first days the rules apply, not the pull request's own.
    agreed: Config | None = None
    _cycles: dict[str, Cycle | None] = field(default_factory=dict)
    _was: dict[str, KeyResult] | None = None
    _was_objective: dict[str, Objective] | None = None

    @property
    def grace_days(self) -> int:
        """The allowance of a late check-in: REV's (the default when REV's okr.yaml does
        not read)."""
        return (self.agreed.settings if self.agreed is not None else Settings()).grace_days

    def cycle(self, delta: Delta) -> Cycle | None:
        """The cycle of the file the changed thing is in, as REV's okr.yaml has it (a
        cycle new since REV: as okr.yaml has it now; None: unknown to both)."""
        cycle_id = delta.file.doc.cycle
        if cycle_id not in self._cycles:
            agreed = self.agreed.cycle(cycle_id) if self.agreed is not None else None
            self._cycles[cycle_id] = agreed or self.config.cycle(cycle_id)
        return self._cycles[cycle_id]

    def started(self, delta: Delta) -> bool:
        """Whether the changed thing's cycle has started (today, as `okr kr edit` asks
        for a reason from the cycle's first day on)."""
        cycle = self.cycle(delta)
        return cycle is not None and self.today >= cycle.start

    def was(self, ref: str) -> KeyResult | None:
        """The key result ``ref`` as it was at REV (None: it was not there)."""
        if self._was is None:
            self._was = {}
            for version in self.old:
                doc = version.doc
                for objective in doc.objectives:
                    for kr in objective.key_results:
                        self._was.setdefault(
                            key_result_ref(objective_ref(doc.owner, objective.id), kr.id), kr)
        return self._was.get(ref)

    def was_objective(self, ref: str) -> Objective | None:
        """The objective ``ref`` as it was at REV (None: it was not there)."""
        if self._was_objective is None:
            self._was_objective = {}
            for version in self.old:
                for objective in version.doc.objectives:
                    self._was_objective.setdefault(
                        objective_ref(version.doc.owner, objective.id), objective)
        return self._was_objective.get(ref)

    def closed(self, cycle_id: str) -> Cycle | None:
        """The cycle as okr.yaml has it now when REV's okr.yaml had it closed, it is closed
        now and no ``reopened:`` entry undoes REV's close (None otherwise: a cycle open at
        REV, reopened since, or not known to REV's okr.yaml)."""
        was = self.agreed.cycle(cycle_id) if self.agreed is not None else None
        now = self.config.cycle(cycle_id)
        if was is None or now is None or was.closed is None or now.closed is None:
            return None
        if any(r.closed == was.closed and r not in was.reopened for r in now.reopened):
            return None
        return now

    def place(self, delta: Delta) -> tuple[Any, YPath]:
        """The reading and the node a finding about ``delta`` is reported at: in the new
        file; for a thing deleted from a file that is still there, that file's
        ``objectives``; for a file deleted whole, the thing's place in the file at REV."""
        version: Version = delta.file
        if delta.gone and version.successor is not None:
            return version.successor.reading, ("objectives",)
        return version.reading, delta.where

    def objective(self, delta: Delta) -> Objective | None:
        """The objective at ``delta.where`` in its file (``objectives, i``)."""
        where = delta.where
        if len(where) < 2 or where[0] != "objectives":
            return None
        objectives = delta.file.doc.objectives
        return objectives[where[1]] if 0 <= where[1] < len(objectives) else None

    def key_result(self, delta: Delta) -> KeyResult | None:
        """The key result at ``delta.where`` in its file (``objectives, i, key_results, j``)."""
        where = delta.where
        if len(where) < 4 or where[0] != "objectives" or where[2] != "key_results":
            return None
        objectives = delta.file.doc.objectives
        if not 0 <= where[1] < len(objectives):
            return None
        krs = objectives[where[1]].key_results
        return krs[where[3]] if 0 <= where[3] < len(krs) else None
