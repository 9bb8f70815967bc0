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
ID_PATTERN = r"^[^\W_][\w.\-]{0,63}$"


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


def _id(value: Any) -> str:
    # An id written as a bare integer (`id: 1`) is read as text: it names the same thing.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = _text(value)
    if not ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "id_format",
            "invalid id {got}: use 1-64 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit (no spaces, no '/')",
            {"got": repr(value)},
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
Severity = Literal["error", "warning", "info", "off"]


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


# `checkins:` with nothing after it is an empty list, as a reader of the file expects.
EmptyOk = BeforeValidator(_none_is_empty)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- okr.yaml ---------------------------------------------------------------------------


class Cycle(Strict):
    id: Id
    start: Date
    end: Date
    name: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Cycle:
        if self.end < self.start:
            raise PydanticCustomError(
                "cycle_order", "cycle {id} ends before it starts", {"id": self.id}
            )
        return self


class Team(Strict):
    id: Id
    name: Text | None = None
    parent: Id | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class Person(Strict):
    id: Id
    name: Text | None = None
    team: Id | None = None
    email: Text | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class LintSettings(Strict):
    max_objectives: Count = 5
    max_key_results: Count = 5
    ignore: Annotated[list[Text], EmptyOk] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)


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
        for item in (*self.teams, *self.people):
            if item.id == owner:
                return item.label
        return owner

    def is_owner(self, owner: str) -> bool:
        return any(item.id == owner for item in (*self.teams, *self.people))

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
    date: Date
    value: CheckinValue
    confidence: Fraction | None = None
    note: Text | None = None


class Change(Strict):
    date: Date
    field: Literal["start", "target", "due", "above", "below"]
    old: Annotated[Any, WithJsonSchema({})] = None
    new: Annotated[Any, WithJsonSchema({})] = None
    reason: Text


class Dropped(Strict):
    date: Date
    reason: Text


Kind = Literal["metric", "threshold", "milestone"]


class KeyResult(Strict):
    id: Id
    title: Text
    kind: Kind = "metric"
    start: Number | None = None
    target: Number | None = None
    above: Number | None = None
    below: Number | None = None
    unit: Text | None = None
    due: Date | None = None
    weight: Positive = 1
    owner: Id | None = None
    checkins: Annotated[list[Checkin], EmptyOk] = Field(default_factory=list)
    changes: Annotated[list[Change], EmptyOk] = Field(default_factory=list)
    dropped: Dropped | None = None
    grade: Fraction | None = None
    grade_note: Text | None = None


class Objective(Strict):
    id: Id
    title: Text
    committed: Bool = False
    aligns_to: Ref | None = None
    description: Text | None = None
    key_results: Annotated[list[KeyResult], EmptyOk] = Field(default_factory=list)


class OkrFile(Strict):
    owner: Id
    cycle: Id
    objectives: Annotated[list[Objective], EmptyOk] = Field(default_factory=list)


def parse_ref(ref: str) -> tuple[str, ...]:
    """Split ``OWNER/OBJECTIVE[/KR]`` into its parts; empty parts are kept for the caller."""
    return tuple(ref.split("/"))
