"""What rule modules share: severities, the context that workspace and practice rules read,
and the marker a rule yields when it cannot conclude because another file is unreadable.

Handles: the pipeline gives every file to the rules as ``(handle, model)``; a rule yields
``(handle, Finding)`` and the pipeline places the finding in that file. Rules never touch
files and never see the handle's inside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from okrcli import grading, scoring
from okrcli.diagnostics import Finding, Rule, Severity, Stage, YPath
from okrcli.i18n import _
from okrcli.model import Checkin, Config, Cycle, Objective, OkrFile
from okrcli.refs import Ref, objective_ref, parent_objective

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
LOADER, SCHEMA, FILE = Stage.LOADER, Stage.SCHEMA, Stage.FILE
WORKSPACE, PRACTICE, HISTORY = Stage.WORKSPACE, Stage.PRACTICE, Stage.HISTORY

__all__ = ["ERROR", "FILE", "HISTORY", "INFO", "LOADER", "PRACTICE", "SCHEMA", "WARNING",
           "WORKSPACE", "Context", "Found", "Rule", "Unchecked", "Unread"]


@dataclass(frozen=True)
class Unchecked:
    """What a rule yields instead of a finding that would only follow from ``because``
    (another file) being unreadable. The pipeline turns it into one not-checked line."""

    ypath: YPath
    because: Any  # the unreadable file's handle
    at_key: bool = False
    subject: YPath | None = None  # as the finding it stands for (see Rule.at)


@dataclass(frozen=True)
class Unread:
    """A file without a full model (unparsable, or schema-invalid): what can still be said
    of it from its text."""

    handle: Any
    owner: str | None
    cycle: str | None
    aligns_to: frozenset[str]  # the objectives its text aligns to


Found = Iterator[tuple[Any, Finding | Unchecked]]


@dataclass
class Context:
    """What workspace and practice rules look at: the config, every file with a model (the
    valid ones, and the repaired copy of each broken one), the files without a full model,
    and today. Derived views are computed once per cycle, on demand."""

    config: Config
    files: Sequence[tuple[Any, OkrFile]]
    today: dt.date
    unread: Sequence[Unread] = ()
    name: Callable[[Any], str] = str  # a handle's name in messages: its path
    # Every file of the workspace is here, of every cycle (okr check): what no file has is
    # not there. An edit checks a file among the few its references need (False): what
    # those do not have may be in a file not read.
    whole: bool = True
    # The states of key results evaluated already (by their objective's id()): the
    # sketches' of an ended cycle, so that its grades are not evaluated again.
    known: dict[int, list[tuple[Any, scoring.KRState]]] = field(default_factory=dict)
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict)

    def _once(self, what: str, cycle_id: str, make: Callable[[], Any]) -> Any:
        key = (what, cycle_id)
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # okr.yaml ----------------------------------------------------------------------------

    def cycle(self, cycle_id: str) -> Cycle | None:
        return self._once("cycle", cycle_id, lambda: self.config.cycle(cycle_id))

    def is_owner(self, owner: str) -> bool:
        return self.config.is_owner(owner)  # the config's lookup: built once, not per file

    def ancestors(self, owner: str) -> list[str]:
        """The owner's teams upwards (a person's team and its parents; a team's parents)."""
        found: list[str] = self._once("ancestors", owner,
                                      lambda: self.config.ancestors(owner))
        return found

    def closed(self, cycle_id: str) -> dt.date | None:
        """The day the cycle was closed (okr cycle close), None while it is open."""
        cycle = self.cycle(cycle_id)
        return cycle.closed if cycle is not None else None

    def ended(self, cycle_id: str) -> bool:
        cycle = self.cycle(cycle_id)
        return cycle is not None and self.today > cycle.end

    # the files of a cycle ---------------------------------------------------------------

    def first_files(self) -> dict[tuple[str, str], Any]:
        """The first file of each (owner, cycle): the one its objectives are taken from."""
        def make() -> dict[tuple[str, str], Any]:
            first: dict[tuple[str, str], Any] = {}
            for handle, doc in self.files:
                first.setdefault((doc.owner, doc.cycle), handle)
            return first
        found: dict[tuple[str, str], Any] = self._once("first", "", make)
        return found

    def objectives(self, cycle_id: str) -> dict[str, Objective]:
        """Every objective of a cycle by its reference (from each owner's first file)."""
        def make() -> dict[str, Objective]:
            first = self.first_files()
            return {objective_ref(doc.owner, o.id): o for handle, doc in self.files
                    if doc.cycle == cycle_id and first[(doc.owner, doc.cycle)] is handle
                    for o in doc.objectives}
        found: dict[str, Objective] = self._once("objectives", cycle_id, make)
        return found

    def homes(self) -> dict[tuple[str, str], tuple[Any, int]]:
        """Where each objective is written: (cycle, ref) -> (its file, its index there),
        the first file's for an objective written twice."""
        def make() -> dict[tuple[str, str], tuple[Any, int]]:
            where: dict[tuple[str, str], tuple[Any, int]] = {}
            for handle, doc in self.files:
                for oi, objective in enumerate(doc.objectives):
                    where.setdefault((doc.cycle, objective_ref(doc.owner, objective.id)),
                                     (handle, oi))
            return where
        found: dict[tuple[str, str], tuple[Any, int]] = self._once("homes", "", make)
        return found

    def parents(self, cycle_id: str) -> dict[str, str | None]:
        """Each objective of the cycle and the objective its aligns_to names (None when it
        names none, or only one outside the cycle's objectives)."""
        def make() -> dict[str, str | None]:
            objectives = self.objectives(cycle_id)
            found: dict[str, str | None] = {}
            for ref, objective in objectives.items():
                target = parent_objective(objective.aligns_to) if objective.aligns_to else None
                found[ref] = target if target in objectives else None
            return found
        parents: dict[str, str | None] = self._once("parents", cycle_id, make)
        return parents

    def resolve(self, target: str, cycle_id: str) -> str | None:
        """Why ``aligns_to: target`` names nothing in the cycle, or None when it names an
        objective or one of its key results."""
        ref = Ref.parse(target)
        if ref is None:
            return _("aligns_to {target} is not OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR").format(
                target=repr(target))
        objective = self.objectives(cycle_id).get(str(ref.objective_ref))
        if objective is None:
            return _("aligns_to {target} names no objective in cycle {cycle}").format(
                target=repr(target), cycle=cycle_id)
        if ref.kr is not None and not any(kr.id == ref.kr for kr in objective.key_results):
            return _("aligns_to {target}: objective {objective} has no key result {kr}").format(
                target=repr(target), objective=ref.objective_ref, kr=repr(ref.kr))
        return None

    def states(self, cycle_id: str) -> dict[str, scoring.ObjectiveState]:
        def make() -> dict[str, scoring.ObjectiveState]:
            cycle = self.cycle(cycle_id)
            if cycle is None:
                return {}
            items = [(doc.owner, o) for _handle, doc in self.files if doc.cycle == cycle_id
                     for o in doc.objectives]
            return scoring.evaluate_objectives(items, cycle, self.today,
                                               scoring.thresholds(self.config.settings),
                                               self.known)
        found: dict[str, scoring.ObjectiveState] = self._once("states", cycle_id, make)
        return found

    def grades(self, cycle_id: str) -> dict[str, float | None]:
        found: dict[str, float | None] = self._once(
            "grades", cycle_id, lambda: grading.objective_grades(self.states(cycle_id)))
        return found

    def checkins(self) -> Iterator[tuple[Any, OkrFile, YPath, Checkin]]:
        """Every check-in of every file: (handle, file, the path of its date, check-in)."""
        for handle, doc in self.files:
            for oi, objective in enumerate(doc.objectives):
                for ki, kr in enumerate(objective.key_results):
                    for ci, checkin in enumerate(kr.checkins):
                        yield (handle, doc,
                               ("objectives", oi, "key_results", ki, "checkins", ci, "date"),
                               checkin)

    def misdated(self, problem: str) -> list[tuple[Any, OkrFile, YPath, Checkin]]:
        """The check-ins (as ``checkins`` gives them, in its order) whose day the window
        of their cycle refuses for ``problem`` ("future" or "outside"): one pass over
        every check-in finds both, and most days need only two comparisons."""
        def make() -> dict[str, list[tuple[Any, OkrFile, YPath, Checkin]]]:
            found: dict[str, list[tuple[Any, OkrFile, YPath, Checkin]]] = {
                "future": [], "outside": []}
            for handle, doc in self.files:
                window = self.window(doc.cycle)
                if window is None:
                    continue
                # within the window and not after today: no problem
                first, last = window.first, min(window.last, window.today)
                for oi, objective in enumerate(doc.objectives):
                    for ki, kr in enumerate(objective.key_results):
                        for ci, checkin in enumerate(kr.checkins):
                            if first <= checkin.date <= last:
                                continue
                            kind = window.problem(checkin.date)
                            if kind is not None:
                                found[kind].append((handle, doc, (
                                    "objectives", oi, "key_results", ki, "checkins", ci,
                                    "date"), checkin))
            return found
        misdated: dict[str, list[tuple[Any, OkrFile, YPath, Checkin]]] = self._once(
            "misdated", "", make)
        return misdated[problem]

    def window(self, cycle_id: str) -> scoring.CheckinWindow | None:
        """The days a check-in of the cycle may carry (None for an unknown cycle)."""
        cycle = self.cycle(cycle_id)
        if cycle is None:
            return None
        window: scoring.CheckinWindow = self._once("window", cycle_id, lambda: (
            scoring.checkin_window(cycle, self.config.settings.grace_days, self.today)))
        return window

    # what other files could not tell -------------------------------------------------------

    def unread_owner(self, owner: str, cycle_id: str) -> Any:
        """The handle of an unreadable file of ``owner`` in the cycle, or None."""
        return next((u.handle for u in self.unread
                     if u.owner == owner and u.cycle in (cycle_id, None)), None)

    def unread_below(self, ref: str, cycle_id: str) -> Any:
        """The handle of an unreadable file that may hold objectives aligned to ``ref``,
        directly or through others (so that ``ref``'s roll-up is not known), or None."""
        def make() -> dict[str, Any]:
            tainted: dict[str, Any] = {}
            states = self.states(cycle_id)
            for u in self.unread:
                if u.cycle not in (cycle_id, None):
                    continue
                for target in u.aligns_to:
                    current: str | None = target
                    while current is not None and current not in tainted:
                        tainted[current] = u.handle
                        state = states.get(current)
                        aligns = state.objective.aligns_to if state else None
                        current = parent_objective(aligns) if aligns else None
            return tainted
        tainted: dict[str, Any] = self._once("tainted", cycle_id, make)
        return tainted.get(ref)


def after_close(cycle_id: str) -> str:
    """What a closed cycle still takes, said by the rules of a closed cycle's files."""
    return _("after a close only grades, grade notes, outcomes and retro notes may be "
             "corrected, each with a changes: record (okr cycle reopen {cycle} --reason "
             "TEXT to change more)").format(cycle=cycle_id)


def field_message(error: Any) -> str:
    """``field: message`` for a validation error from the model (schema rules)."""
    field_name = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "value")
    return f"{field_name}: {error['msg']}"
