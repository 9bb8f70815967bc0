"""Pydantic models of ``okr.yaml`` and of an OKR file, with their single-object rules.

No file I/O, no YAML and no notion of "today" here: the models take plain Python data
(as a safe YAML load gives it) and either accept it or raise a ``ValidationError`` whose
``loc`` paths the store maps back to a line and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_RE = re.compile(r"[^\W_][\w.\-]{0,63}")
ID_RULE = ("use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit "
           "(no spaces, no '/')")
# The same rule for JSON Schema, written so that JavaScript (where \w is ASCII-only) and
# Python read it alike: ASCII letters, digits, . _ - and any non-ASCII character.
ID_PATTERN = r"^[A-Za-z0-9\u0080-\uFFFF][A-Za-z0-9._\-\u0080-\uFFFF]{0,63}$"


def _number(value: Any) -> int | float:
    # Booleans are ints in Python; in a key result they are a mistake, not a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "number_type", "expected a number, got {got}", {"got": _describe(value)}
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "finite_number", "numbers must be finite, got {got}", {"got": _describe(value)}
        )
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "date_type", "dates are plain YYYY-MM-DD, without a time: {got}", {"got": str(value)}
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_value", "{got} is not a real date", {"got": value}
            ) from None
    raise PydanticCustomError(
        "date_type", "expected a date YYYY-MM-DD, got {got}", {"got": _describe(value)}
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "string_type", "expected text, got {got}; quote it", {"got": _describe(value)}
        )
    return value


def is_id(value: str) -> bool:
    """The id rule, for files and the command line alike."""
    return ID_RE.fullmatch(value) is not None


def _id(value: Any) -> str:
    # An id written as a bare integer (`id: 1`) is read as text: it names the same thing.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = _text(value)
    if not is_id(value):
        raise PydanticCustomError(
            "id_format", "invalid id {got}: {rule}", {"got": repr(value), "rule": ID_RULE}
        )
    return value


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean (" + ("true" if value else "false") + ")"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text " + repr(value)
    return repr(value)


def _unit_interval(value: int | float) -> int | float:
    if not 0 <= value <= 1:
        raise PydanticCustomError("range", "must be between 0 and 1, got {got}", {"got": value})
    return value


def _positive(value: int | float) -> int | float:
    if value <= 0:
        raise PydanticCustomError("range", "must be greater than 0, got {got}", {"got": value})
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise PydanticCustomError(
            "bool_type", "expected true or false, got {got}", {"got": _describe(value)}
        )
    return value


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PydanticCustomError(
            "int_type", "expected a whole number >= 0, got {got}", {"got": _describe(value)}
        )
    return value


Number = Annotated[float, PlainValidator(_number), WithJsonSchema({"type": "number"})]
Fraction = Annotated[
    float,
    PlainValidator(_number),
    AfterValidator(_unit_interval),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]
Positive = Annotated[
    float,
    PlainValidator(_number),
    AfterValidator(_positive),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]
Count = Annotated[int, PlainValidator(_non_negative_int), WithJsonSchema({"type": "integer"})]
Bool = Annotated[bool, PlainValidator(_bool), WithJsonSchema({"type": "boolean"})]
Date = Annotated[
    dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
]
Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": "string"})]
Id = Annotated[str, PlainValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
Ref = Annotated[
    str,
    PlainValidator(_text),
    WithJsonSchema({"type": "string", "description": "OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR"}),
]
Level = Literal["error", "warning", "info", "off"]


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


# `checkins:` with nothing after it is an empty list, as a reader of the file expects.
EmptyOk = BeforeValidator(_none_is_empty)


class Strict(BaseModel):
    # Attribute docstrings become the descriptions editors show from `okr schema`.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --- okr.yaml ---------------------------------------------------------------------------


class Cycle(Strict):
    """A period for OKRs, usually a quarter."""

    id: Id
    """Cycle id, for example 2026-Q4."""
    start: Date
    """First day, YYYY-MM-DD."""
    end: Date
    """Last day, YYYY-MM-DD."""
    name: Text | None = None
    """Display name."""

    @model_validator(mode="after")
    def _ordered(self) -> Cycle:
        if self.end < self.start:
            raise PydanticCustomError(
                "cycle_order", "cycle {id} ends before it starts", {"id": self.id}
            )
        return self


class Team(Strict):
    """A team: the company (no parent) or a department below it."""

    id: Id
    """Team id, used as an owner in OKR files."""
    name: Text | None = None
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
    name: Text | None = None
    """Display name."""
    team: Id | None = None
    """The person's team."""
    email: Text | None = None
    """Contact address."""

    @property
    def label(self) -> str:
        return self.name or self.id


class LintSettings(Strict):
    max_objectives: Count = 5
    max_key_results: Count = 5
    ignore: Annotated[list[Text], EmptyOk] = Field(default_factory=list)
    severity: dict[str, Level] = Field(default_factory=dict)


class Settings(Strict):
    okr_dir: Text = "okrs"
    stale_after_days: Count = 14
    grace_days: Count = 14
    on_track_gap: Number = -0.2
    at_risk_gap: Number = -0.4
    lint: LintSettings = Field(default_factory=LintSettings)


class Config(Strict):
    organization: Text | None = None
    cycles: Annotated[list[Cycle], EmptyOk] = Field(default_factory=list)
    teams: Annotated[list[Team], EmptyOk] = Field(default_factory=list)
    people: Annotated[list[Person], EmptyOk] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)

    def cycle(self, cycle_id: str) -> Cycle | None:
        return next((c for c in self.cycles if c.id == cycle_id), None)

    def owner_label(self, owner: str) -> str:
        items: list[Team | Person] = [*self.teams, *self.people]
        return next((item.label for item in items if item.id == owner), owner)

    def is_owner(self, owner: str) -> bool:
        return any(t.id == owner for t in self.teams) or any(
            p.id == owner for p in self.people)

    def ancestors(self, owner: str) -> list[str]:
        """The owner's teams upwards: a person's team and its parents; a team's parents."""
        parents = {t.id: t.parent for t in self.teams}
        person = next((p for p in self.people if p.id == owner), None)
        chain: list[str] = []
        current = person.team if person else parents.get(owner)
        while current and current not in chain and current != owner:
            chain.append(current)
            current = parents.get(current)
        return chain


# --- an OKR file ------------------------------------------------------------------------


def _checkin_value(value: Any) -> bool | int | float:
    return value if isinstance(value, bool) else _number(value)


CheckinValue = Annotated[
    float,
    PlainValidator(_checkin_value),
    WithJsonSchema({"type": ["number", "boolean"], "description": "a number, or true/false"}),
]


class Checkin(Strict):
    """One measurement of a key result."""

    date: Date
    """When the value was measured, YYYY-MM-DD."""
    value: CheckinValue
    """The value: a number, or true/false for a milestone."""
    confidence: Fraction | None = None
    """0..1: will we make it?"""
    note: Text | None = None
    """What moved, in a sentence."""


class Change(Strict):
    """A moved goalpost, recorded by `okr kr edit`."""

    date: Date
    field: Literal["start", "target", "due", "above", "below"]
    old: Annotated[Any, WithJsonSchema({})] = None
    new: Annotated[Any, WithJsonSchema({})] = None
    reason: Text


class Dropped(Strict):
    """Why and when a key result stopped making sense."""

    date: Date
    reason: Text


Kind = Literal["metric", "threshold", "milestone"]


class KeyResult(Strict):
    """A measurable, time-bound result that shows the objective is reached."""

    id: Id
    """Key result id, unique in its objective."""
    title: Text
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
    unit: Text | None = None
    """Unit of the numbers, for example % or 家."""
    due: Date | None = None
    """Due date (default: the cycle's end)."""
    weight: Positive = 1
    """Weight in the objective's score."""
    owner: Id | None = None
    """The person who drives it."""
    checkins: Annotated[list[Checkin], EmptyOk] = Field(default_factory=list)
    changes: Annotated[list[Change], EmptyOk] = Field(default_factory=list)
    dropped: Dropped | None = None
    grade: Fraction | None = None
    grade_note: Text | None = None


class Objective(Strict):
    """What we want to achieve, in words."""

    id: Id
    """Objective id, unique in its file."""
    title: Text
    """Qualitative and inspiring; numbers go in key results."""
    committed: Bool = False
    """true: must reach 1.0; false: aspirational, about 0.7 is good."""
    aligns_to: Ref | None = None
    """OWNER/OBJECTIVE (or OWNER/OBJECTIVE/KR) above this one, same cycle."""
    description: Text | None = None
    """Longer explanation."""
    key_results: Annotated[list[KeyResult], EmptyOk] = Field(default_factory=list)


class OkrFile(Strict):
    """One owner's objectives and key results for one cycle."""

    owner: Id
    """A team or person id from okr.yaml."""
    cycle: Id
    """A cycle id from okr.yaml."""
    objectives: Annotated[list[Objective], EmptyOk] = Field(default_factory=list)
