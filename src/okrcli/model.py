"""Pydantic models of ``okr.yaml`` and of an OKR file, with their single-object rules.

No file I/O, no YAML and no notion of "today" here: the models take plain Python data
(as a safe YAML load gives it) and either accept it or raise a ``ValidationError`` whose
``loc`` paths the store maps back to a line and column.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_core import core_schema as cs

from okrcli.fields import (
    ID_RULE as ID_RULE,
)
from okrcli.fields import (
    MIN_NUMBER as MIN_NUMBER,
)
from okrcli.fields import (
    NATIVE_NUMBER,
    Bool,
    CarriedFrom,
    Count,
    Date,
    Days,
    Description,
    Email,
    EmptyOk,
    Fraction,
    Id,
    Level,
    Name,
    Native,
    Note,
    Number,
    OkrDir,
    Positive,
    Reason,
    Ref,
    RuleName,
    Title,
    Unit,
    _date,
    _most,
    _note,
    _number,
    describe,
)
from okrcli.fields import (
    is_id as is_id,
)
from okrcli.i18n import _


class Strict(BaseModel):
    # Attribute docstrings become the descriptions editors show from `okr schema`: read
    # there (schema_text.field_docs), not by Pydantic at every start.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- okr.yaml ---------------------------------------------------------------------------


class Reopened(Strict):
    """A closed cycle opened again (okr cycle reopen): when, the close it undid, and why."""

    date: Date
    """The day the cycle was opened again, YYYY-MM-DD."""
    closed: Date
    """The day of the close that was undone."""
    reason: Reason
    """Why the cycle was opened again."""


class Cycle(Strict):
    """A period for OKRs, usually a quarter."""

    id: Id
    """Cycle id, for example 2026-Q4."""
    start: Date
    """First day, YYYY-MM-DD."""
    end: Date
    """Last day, YYYY-MM-DD."""
    name: Name | None = None
    """Display name."""
    closed: Date | None = None
    """The day the cycle was closed (okr cycle close): no check-in or edit after it but
    corrections of grades, outcomes and retro notes, each recorded."""
    reopened: Annotated[list[Reopened], EmptyOk, _most("changes")] = Field(
        default_factory=list)
    """Each time the cycle was opened again after a close (okr cycle reopen), and why."""

    @model_validator(mode="after")
    def _ordered(self) -> Cycle:
        # Dates are counted from and to a cycle (grace days, stale days): a cycle far from
        # today's calendar would run those sums past the year 9999.
        if not (self.start.year >= 1900 and self.end.year <= 2999):
            raise PydanticCustomError(
                "range", _("cycle {id} must lie between the years 1900 and 2999"),
                {"id": self.id})
        if self.end < self.start:
            raise PydanticCustomError(
                "cycle_order", _("cycle {id} ends before it starts"), {"id": self.id}
            )
        if self.closed is not None and self.closed < self.start:
            raise PydanticCustomError(
                "cycle_order", _("cycle {id} is closed before it starts"), {"id": self.id})
        return self


class Team(Strict):
    """A team: the company (no parent) or a department below it."""

    id: Id
    """Team id, used as an owner in OKR files."""
    name: Name | None = None
    """Display name."""
    parent: Id | None = None
    """The team above; none for the company."""

    @property
    def label(self) -> str:
        return self.name or self.id


class Person(Strict):
    """A person who owns OKRs or drives key results."""

    id: Id
    """Person id, used as an owner in OKR files."""
    name: Name | None = None
    """Display name."""
    team: Id | None = None
    """The person's team."""
    email: Email | None = None
    """Contact address."""

    @property
    def label(self) -> str:
        return self.name or self.id


class LintSettings(Strict):
    max_objectives: Count = 5
    max_key_results: Count = 5
    ignore: Annotated[list[RuleName], EmptyOk, _most("ignore")] = Field(default_factory=list)
    severity: dict[str, Level] = Field(default_factory=dict)


class Settings(Strict):
    language: Literal["zh-CN", "en"] | None = None  # None: --lang, OKR_LANG, the locale
    okr_dir: OkrDir = "okrs"
    stale_after_days: Days = 14
    grace_days: Days = 14
    on_track_gap: Number = -0.2
    at_risk_gap: Number = -0.4
    lint: LintSettings = Field(default_factory=LintSettings)


class Config(Strict):
    organization: Name | None = None
    cycles: Annotated[list[Cycle], EmptyOk, _most("cycles")] = Field(default_factory=list)
    teams: Annotated[list[Team], EmptyOk, _most("teams")] = Field(default_factory=list)
    people: Annotated[list[Person], EmptyOk, _most("people")] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)

    # The lookups below, built once per model on first use (a model is frozen): a command
    # that asks them for each of 10,000 owners does not scan every team and person each time.
    _lookup: _Lookup | None = PrivateAttr(default=None)

    def _lookups(self) -> _Lookup:
        if self._lookup is None:
            self._lookup = _Lookup(self)
        return self._lookup

    def __getstate__(self) -> dict[Any, Any]:
        state: dict[Any, Any] = super().__getstate__()
        if (state.get("__pydantic_private__") or {}).get("_lookup") is not None:
            state["__pydantic_private__"] = {**state["__pydantic_private__"], "_lookup": None}
        return state  # pickled (the readings cache) without what it rebuilds

    def cycle(self, cycle_id: str) -> Cycle | None:
        return self._lookups().cycles.get(cycle_id)

    def owner_label(self, owner: str) -> str:
        """The first team's or person's (teams first) display name with that id."""
        return self._lookups().labels.get(owner, owner)

    def is_owner(self, owner: str) -> bool:
        return owner in self._lookups().labels

    def ancestors(self, owner: str) -> list[str]:
        """The owner's teams upwards: a person's team and its parents; a team's parents."""
        lookup = self._lookups()
        chain = lookup.chains.get(owner)
        if chain is None:
            parents = lookup.parents
            found: list[str] = []
            current = lookup.teams_of[owner] if owner in lookup.teams_of else parents.get(owner)
            while current and current not in found and current != owner:
                found.append(current)
                current = parents.get(current)
            chain = lookup.chains[owner] = tuple(found)
        return list(chain)


class _Lookup:
    """A config's teams, people and cycles by id, with the same answers as a scan in order
    (the first with an id, but a team's parent: the last team of that id, as before)."""

    def __init__(self, config: Config) -> None:
        self.cycles: dict[str, Cycle] = {}
        for cycle in config.cycles:
            self.cycles.setdefault(cycle.id, cycle)
        self.labels: dict[str, str] = {}
        items: list[Team | Person] = [*config.teams, *config.people]
        for item in items:
            self.labels.setdefault(item.id, item.label)
        self.parents: dict[str, str | None] = {t.id: t.parent for t in config.teams}
        self.teams_of: dict[str, str | None] = {}
        for person in config.people:
            self.teams_of.setdefault(person.id, person.team)
        self.chains: dict[str, tuple[str, ...]] = {}

    # Built or not, it is no part of the config's value: two equal configs stay equal.
    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, _Lookup)

    __hash__ = None  # type: ignore[assignment]


# --- an OKR file ------------------------------------------------------------------------


def _checkin_value(value: Any) -> bool | int | float:
    return value if isinstance(value, bool) else _number(value)


CheckinValue = Annotated[
    float,
    PlainValidator(_checkin_value),
    WithJsonSchema({"type": ["number", "boolean"], "description": "a number, or true/false"}),
    Native(cs.union_schema([cs.bool_schema(strict=True), NATIVE_NUMBER], mode="left_to_right")),
]


class Checkin(Strict):
    """One measurement of a key result."""

    date: Date
    """When the value was measured, YYYY-MM-DD."""
    value: CheckinValue
    """The value: a number, or true/false for a milestone."""
    confidence: Fraction | None = None
    """0..1: will we make it?"""
    note: Note | None = None
    """What moved, in a sentence."""


# The fields of a key result whose change after the cycle's start needs a reason.
GOALPOSTS = ("start", "target", "due", "above", "below")


class Change(Strict):
    """A moved goalpost, recorded by `okr kr edit`; in a closed cycle, a corrected grade or
    grade note."""

    date: Date
    field: Literal["start", "target", "due", "above", "below", "grade", "grade_note"]
    old: Annotated[Any, WithJsonSchema({"type": ["number", "string", "null"]})] = None
    new: Annotated[Any, WithJsonSchema({"type": ["number", "string", "null"]})] = None
    reason: Reason

    @field_validator("old", "new", mode="plain")
    @classmethod
    def _of_its_field(cls, value: Any, info: ValidationInfo) -> Any:
        """The old and new values are of the field's type: a date for due, text for a
        grade note, else a number; nothing (null) when the field was not set."""
        if value is None:
            return None
        if info.data.get("field") == "due":
            return _date(value)
        if info.data.get("field") == "grade_note":
            return _note(value)
        return _number(value)


Outcome = Literal["achieved", "partial", "missed", "carried", "dropped"]
OUTCOMES: tuple[Outcome, ...] = ("achieved", "partial", "missed", "carried", "dropped")


class Correction(Strict):
    """An objective's outcome or retro note corrected after its cycle was closed."""

    date: Date
    field: Literal["outcome", "retro"]
    old: Annotated[Any, WithJsonSchema({"type": ["string", "null"]})] = None
    new: Annotated[Any, WithJsonSchema({"type": ["string", "null"]})] = None
    reason: Reason

    @field_validator("old", "new", mode="plain")
    @classmethod
    def _of_its_field(cls, value: Any, info: ValidationInfo) -> Any:
        """An outcome is one of the outcome words, a retro note text; null when unset."""
        if value is None:
            return None
        if info.data.get("field") == "outcome":
            if value not in OUTCOMES:
                raise PydanticCustomError(
                    "outcome_type", _("expected one of {words}, got {got}"),
                    {"words": ", ".join(OUTCOMES), "got": describe(value)})
            return value
        return _note(value)


class Dropped(Strict):
    """Why and when a key result (or an objective) stopped making sense."""

    date: Date
    """The day it was dropped, YYYY-MM-DD."""
    reason: Reason
    """Why it no longer makes sense."""


Kind = Literal["metric", "threshold", "milestone"]


class KeyResult(Strict):
    """A measurable, time-bound result that shows the objective is reached."""

    id: Id
    """Key result id, unique in its objective."""
    title: Title
    """The result, in words with its number."""
    kind: Kind = "metric"
    """metric (start to target), threshold (stay above or below) or milestone (done)."""
    start: Number | None = None
    """Metric: the value at the cycle's start."""
    target: Number | None = None
    """Metric: the value to reach (lower than start for a falling target)."""
    above: Number | None = None
    """Threshold: stay at or above this line."""
    below: Number | None = None
    """Threshold: stay at or below this line."""
    unit: Unit | None = None
    """Unit of the numbers, for example % or 家."""
    due: Date | None = None
    """Due date (default: the cycle's end)."""
    weight: Positive = 1
    """Weight in the objective's score."""
    owner: Id | None = None
    """The person who drives it."""
    checkins: Annotated[list[Checkin], EmptyOk, _most("checkins")] = Field(default_factory=list)
    """The measurements, oldest first (okr checkin)."""
    changes: Annotated[list[Change], EmptyOk, _most("changes")] = Field(default_factory=list)
    """Goalposts moved after the cycle's start, each with its reason (okr kr edit)."""
    dropped: Dropped | None = None
    """Dropped during the cycle (okr kr drop): when and why."""
    grade: Fraction | None = None
    """0..1: the grade given at the cycle's end."""
    grade_note: Note | None = None
    """Why this grade, in a sentence."""


class Objective(Strict):
    """What we want to achieve, in words."""

    id: Id
    """Objective id, unique in its file."""
    title: Title
    """Qualitative and inspiring; numbers go in key results."""
    committed: Bool = False
    """true: must reach 1.0; false: aspirational, about 0.7 is good."""
    aligns_to: Ref | None = None
    """OWNER/OBJECTIVE (or OWNER/OBJECTIVE/KR) above this one, same cycle."""
    description: Description | None = None
    """Longer explanation."""
    key_results: Annotated[list[KeyResult], EmptyOk, _most("key_results")] = Field(
        default_factory=list)
    """The measurable results that show the objective is reached."""
    dropped: Dropped | None = None
    """Dropped with its key results (okr objective drop), each of which says so too."""
    carried_from: CarriedFrom | None = None
    """CYCLE/OWNER/OBJECTIVE this objective was carried over from (okr carry)."""
    outcome: Outcome | None = None
    """At the cycle's close: achieved, partial, missed, carried or dropped."""
    retro: Note | None = None
    """The 复盘 note: what we learned, what next."""
    changes: Annotated[list[Correction], EmptyOk, _most("changes")] = Field(
        default_factory=list)
    """Outcomes and retro notes corrected after the cycle was closed."""


class OkrFile(Strict):
    """One owner's objectives and key results for one cycle."""

    owner: Id
    """A team or person id from okr.yaml."""
    cycle: Id
    """A cycle id from okr.yaml."""
    objectives: Annotated[list[Objective], EmptyOk, _most("objectives")] = Field(
        default_factory=list)
    """The owner's objectives for the cycle."""


def drop_of(objective: Objective, kr: KeyResult) -> tuple[Dropped, bool] | None:
    """The drop that ends ``kr``: its own, or its objective's (True), the earlier of the
    two when both say so; None when neither is dropped. `okr checkin` and the rule
    checkin-after-drop share it."""
    drops = [(d, by_objective) for d, by_objective in ((kr.dropped, False),
                                                       (objective.dropped, True)) if d]
    return min(drops, key=lambda d: d[0].date) if drops else None
