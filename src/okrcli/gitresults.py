"""The results of the commands that read git: okr diff, okr log, the merge driver and
okr git-setup. Plain values, as in results.py: services make them, renderers read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only
    from okrcli.diagnostics import Diagnostic
    from okrcli.model import Cycle
    from okrcli.scoring import Status

# --- okr diff -----------------------------------------------------------------------------


@dataclass
class DiffChange:
    """One change in OKR terms (``delta``, an ``okrdiff.Delta``), with the owner it is
    grouped under and where it is: the file (below the workspace and from the
    repository's top) and the line and column there (None: the thing is gone)."""

    delta: Any
    owner: str
    path: str
    repo_path: str
    line: int | None = None
    col: int | None = None


@dataclass
class DiffEffect:
    """What the change does to one key result, objective or owner (``kind``
    ``key_result``, ``objective``, ``owner``): its score and status before and after
    (None where it is not there)."""

    ref: str
    kind: str
    owner: str
    title: str
    score_before: float | None
    score_after: float | None
    status_before: Status | None
    status_after: Status | None
    dropped_before: bool = False  # dropped on that side (its status then says nothing)
    dropped_after: bool = False


@dataclass
class DiffResult:
    """``okr diff``: from the commit ``old`` to the commit ``new`` (None: the working
    tree); the changes in the order of the files, the effects up the alignment tree."""

    old: str
    new: str | None
    old_label: str
    new_label: str
    changes: list[DiffChange] = field(default_factory=list)
    effects: list[DiffEffect] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # owner id -> display name
    problems: list[Diagnostic] = field(default_factory=list)
    today: dt.date | None = None

    def name(self, owner: str) -> str:
        return self.labels.get(owner, owner)


# --- the merge driver (okr merge-file, okr git-setup) ------------------------------------


@dataclass(frozen=True)
class MergeConflict:
    """A thing both sides of a merge changed, each its own way."""

    ref: str
    kind: str  # field, added, same-day (services/merging.py)
    field: str | None = None


@dataclass(frozen=True)
class MergeResult:
    """What ``okr merge-file`` left in OURS. ``line_merge`` says why git's own line merge
    did the work (None: merged by meaning); ``exit_code`` is git's contract: 0 clean,
    1 conflicts."""

    path: str
    exit_code: int
    conflicts: list[MergeConflict] = field(default_factory=list)
    line_merge: str | None = None
    invalid: bool = False  # the merge reads as no valid OKR file: a conflict too


@dataclass(frozen=True)
class GitSetup:
    """What ``okr git-setup`` configured: git config keys and values, and the
    ``.gitattributes`` file with the lines it added (none: they were there)."""

    config: list[tuple[str, str]]
    attributes: str
    added: list[str]


# --- okr log ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    """One change in ``okr log``: a ``Delta`` of okrdiff (``kind`` one of its KINDS), or
    ``renamed`` (the file's path changed) or ``unreadable`` (a version that cannot be read:
    ``reason`` says why), with the commit that made it: ``sha`` None for the uncommitted
    changes of the working tree."""

    sha: str | None
    short: str | None
    author: str | None
    email: str | None
    date: dt.datetime | None
    subject: str | None
    path: str  # the file, relative to the workspace, as that commit has it
    ref: str
    kind: str
    field: str | None = None
    old: Any = None
    new: Any = None
    reason: str | None = None


@dataclass
class LogResult:
    ref: str
    cycle: Cycle
    path: str  # the file that holds ``ref`` now, relative to the workspace
    entries: list[LogEntry]
    shallow: tuple[str, dt.datetime] | None = None  # a shallow clone: where history starts
    more: bool = False  # -n cut older entries off
