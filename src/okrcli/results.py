"""What the services return: plain, typed result objects that renderers format. Every
result type of every command is here. Data only: no files, no terminal, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: a result is read without the models or the scoring
    from collections.abc import Callable

    from okrcli.diagnostics import Diagnostic
    from okrcli.model import Cycle, KeyResult
    from okrcli.scoring import Band, KRState, ObjectiveState, Status

# --- status, tree, show, grade ------------------------------------------------------------


@dataclass
class Driven:
    """Key results an owner drives (their ``owner:``) in another owner's objective."""

    objective: ObjectiveState
    key_results: list[tuple[KeyResult, KRState]]


@dataclass
class OwnerStatus:
    owner: str
    name: str
    score: float | None
    objectives: list[ObjectiveState]
    driven: list[Driven] = field(default_factory=list)  # okr status OWNER: theirs elsewhere
    score_before: float | None = None  # on StatusResult.since


@dataclass
class StatusResult:
    cycle: Cycle
    today: dt.date
    owners: list[OwnerStatus]
    problems: list[Diagnostic] = field(default_factory=list)  # files that could not be read
    states: dict[str, ObjectiveState] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # owner id -> display name
    since: dt.date | None = None  # okr status --since: the day changes are counted from
    before: dict[str, ObjectiveState] = field(default_factory=dict)  # the states on ``since``
    origin: Origin | None = None  # the commit it was read from (the outputs that name it)
    elsewhere: set[str] = field(default_factory=set)  # problems' files of another cycle

    def name(self, owner: str) -> str:
        """A person's or team's name for a reader (the id when okr.yaml names none)."""
        return self.labels.get(owner, owner)

    def previous(self, objective: str, kr: str) -> KRState | None:
        """A key result's state on ``since`` (None without --since, or when it was not
        there yet)."""
        state = self.before.get(objective)
        return next((st for one, st in state.key_results if one.id == kr), None) if state \
            else None

    def roots(self) -> list[str]:
        """Objectives that align to nothing inside the cycle (or sit in a loop's entry),
        in the order of their owners."""
        children = {c for s in self.states.values() for c in s.children}
        order = {o.owner: i for i, o in enumerate(self.owners)}
        return sorted((r for r in self.states if r not in children),
                      key=lambda r: order.get(self.states[r].owner, len(order)))


@dataclass
class GradeRow:
    ref: str
    owner: str
    title: str
    committed: bool
    grade: float | None
    band: Band | None
    flag: str | None
    outcome: str | None = None  # written at the cycle's close (okr cycle close)


@dataclass
class OwnerGrade:
    owner: str
    name: str
    grade: float | None
    note: str | None


@dataclass
class GradeResult:
    cycle: Cycle
    rows: list[GradeRow]
    owners: list[OwnerGrade]
    problems: list[Diagnostic]
    today: dt.date | None = None
    provisional: bool = False  # the cycle has not ended: grades may still move
    origin: Origin | None = None  # the commit it was read from (the outputs that name it)


@dataclass
class ShowResult:
    ref: str
    cycle: Cycle
    owner_name: str
    objective: ObjectiveState
    kr: KeyResult | None = None
    state: KRState | None = None
    path: str = ""
    driver: str | None = None  # the display name of the key result's owner
    labels: dict[str, str] = field(default_factory=dict)  # owner id -> display name
    problems: list[Diagnostic] = field(default_factory=list)  # files that could not be read
    today: dt.date | None = None
    origin: Origin | None = None  # the commit it was read from (the outputs that name it)


@dataclass(frozen=True)
class KrRow:
    """One key result of ``okr kr list``."""

    ref: str
    title: str
    kind: str
    owner: str  # the file's owner
    driver: str  # the display name of who drives it: its owner, else the file's owner
    status: Status
    dropped: bool


@dataclass
class KrListResult:
    cycle: Cycle
    owner: str | None  # the owner asked for; None: everyone
    rows: list[KrRow]
    problems: list[Diagnostic] = field(default_factory=list)  # files that could not be read


# --- check --------------------------------------------------------------------------------


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: list[str]  # the files reported on, relative to the workspace root
    failing: list[Diagnostic]  # what fails under the policy (errors; warnings when strict)

    @property
    def fails(self) -> bool:
        return bool(self.failing)


# --- writes ---------------------------------------------------------------------------------


@dataclass
class Written:
    """What an edit wrote, and the problems of the file it did not touch (named on stderr,
    the edit went through)."""

    path: str
    message: str
    ref: str = ""
    problems: list[Diagnostic] = field(default_factory=list)
    state: KRState | None = None  # a check-in: the key result's state after it


@dataclass(frozen=True)
class WalkItem:
    """A key result the guided check-in asks about: where it is, and how it stands."""

    ref: str
    kr: KeyResult
    state: KRState
    path: Path
    at: tuple[int, int]  # objective and key result indices in the file


@dataclass
class Walk:
    """The guided weekly check-in of one owner: the key results to ask about, and the
    bytes of each file they were read from (the answers are written into those)."""

    cycle: Cycle
    today: dt.date
    owner: str
    name: str
    items: list[WalkItem]
    dropped: int  # key results of the owner left out: dropped, done
    done: int
    problems: list[Diagnostic]  # files that could not be read
    raw: dict[Path, bytes] = field(default_factory=dict)


# --- the weekly review ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    owner: str
    ref: str
    title: str
    kind: str
    unit: str | None
    date: dt.date
    value: Any
    previous: Any  # the value before this check-in (the start for a first metric one)
    confidence: float | None
    note: str | None
    better: bool | None = None  # good news by the key result's direction; None: no move
    dropped_on: dt.date | None = None  # the key result was dropped (by the window's end)

    @property
    def after_drop(self) -> bool:
        """A check-in dated after its key result's drop: a mistake the check reports."""
        return self.dropped_on is not None and self.date > self.dropped_on

    @property
    def change(self) -> float | None:
        if self.kind == "milestone" or self.previous is None or isinstance(self.value, bool):
            return None
        change: float = self.value - self.previous
        return change


@dataclass(frozen=True, slots=True)
class Attention:
    ref: str
    title: str
    owner: str  # who drives it: the key result's owner, else the file's owner
    status: Status
    score: float
    expected: float
    stale: bool
    confidence: float | None
    confidence_before: float | None
    reasons: tuple[str, ...]
    kind: str = "metric"  # only a metric has an expected progress worth showing


@dataclass(frozen=True, slots=True)
class Goalpost:
    ref: str
    title: str
    owner: str
    date: dt.date
    field: str
    old: Any
    new: Any
    reason: str


@dataclass(frozen=True, slots=True)
class Drop:
    """A key result dropped inside the review's window."""

    ref: str
    title: str
    owner: str
    date: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class Silent:
    """A live key result (not done, not dropped) with no check-in inside the window."""

    ref: str
    title: str
    owner: str  # who drives it: the key result's owner, else the file's owner
    last_checkin: dt.date | None
    status: Status


@dataclass(frozen=True, slots=True)
class Due:
    ref: str
    title: str
    owner: str
    due: dt.date
    status: Status
    score: float


@dataclass(slots=True)
class OwnerLine:
    owner: str
    name: str
    score: float | None
    score_before: float | None
    counts: dict[Status, int]


@dataclass
class Report:
    cycle: Cycle
    since: dt.date
    until: dt.date
    score: float | None
    score_before: float | None
    counts: dict[Status, int]
    moved: dict[str, list[Move]]
    attention: list[Attention]
    goalposts: list[Goalpost]
    due: list[Due]
    owners: list[OwnerLine]
    labels: dict[str, str] = field(default_factory=dict)
    status: StatusResult | None = None  # the state at ``until``, for the dashboard
    drops: list[Drop] = field(default_factory=list)
    silent: list[Silent] = field(default_factory=list)  # by owner (okr.yaml's order), ref
    organization: str | None = None
    roots: list[str] = field(default_factory=list)  # the owners whose score is the company's
    origin: Origin | None = None  # the commit it was read from (the outputs that name it)
    top: TopOfTree | None = None  # the company and its departments (issue 13, output)

    @property
    def change(self) -> float | None:
        if self.score is None or self.score_before is None:
            return None
        return self.score - self.score_before


# --- where a result comes from ------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """The commit a result was built from, so that a published page can be rebuilt:
    ``commit`` its full name (None outside a git repository, or before its first
    commit), ``short`` as git abbreviates it, ``uncommitted`` whether the workspace's
    okr.yaml or OKR files in the working tree differ from it (None outside git), ``at``
    read from that commit (``--at``) rather than from the working tree."""

    commit: str | None
    short: str | None = None
    uncommitted: bool | None = None
    at: bool = False


__all__ = [
    "Attention",
    "Branch",
    "CheckResult",
    "Driven",
    "Drop",
    "Due",
    "Equipped",
    "Goalpost",
    "GradeResult",
    "GradeRow",
    "KrListResult",
    "KrRow",
    "Move",
    "Origin",
    "OwnerGrade",
    "OwnerLine",
    "OwnerStatus",
    "Report",
    "ShowResult",
    "Silent",
    "Site",
    "StatusResult",
    "TopOfTree",
    "Walk",
    "WalkItem",
    "Written",
]


# --- issue 13, output: okr status on a workspace of more owners than a screenful --------


@dataclass
class Branch:
    """A team at the top of the tree (a root of okr.yaml's teams, or a department: a
    team whose parent is a root) with what lies below it, itself included."""

    owner: str
    name: str
    depth: int  # 0: a root (the company); 1: a department
    score: float | None  # the team's own score (the mean of its objectives)
    score_before: float | None  # on --since
    owners: int  # owners with objectives in the cycle, the team and everyone below it
    people: int  # okr.yaml's people below it
    objectives: int
    counts: dict[Status, int]  # live key results by status


@dataclass
class TopOfTree:
    """``okr status`` when the owners are more than a screenful: the company and its
    departments with their counts; ``rest`` sums the owners below none of them."""

    cycle: Cycle
    today: dt.date
    branches: list[Branch]
    rest: Branch | None
    owners: int  # every owner with objectives in the cycle
    since: dt.date | None = None
    problems: list[Diagnostic] = field(default_factory=list)


# --- the dashboard as a site (issue 13, point 5: okr report --format html -o DIR) --------


@dataclass
class Site:
    """The review and its state (``report``); ``parents``: each team's parent, each
    person's team (okr.yaml); ``whole``: an owner's key results with every check-in by
    objective ref, for its page's charts (None: the report's are whole)."""

    report: Report
    parents: dict[str, str] = field(default_factory=dict)
    whole: Callable[[str], dict[str, list[tuple[KeyResult, KRState]]] | None] | None = None


# --- editors equipped (issue 14, point 1: okr init, okr schema --install) ----------------


@dataclass
class Equipped:
    """What equipping a workspace did: one line per kind (the schemas, okr.yaml, the OKR
    files); each schema's state before (missing, stale, current, newer, other); the files
    a modeline was added to, and those that had one."""

    lines: list[str]
    schemas: dict[str, str]
    added: list[str]
    kept: list[str]
