"""The values of the model's fields: numbers, dates, text, ids and lists, each with the
limits the commands rely on. Pure: plain Python data in, a value or a
``PydanticCustomError`` out (its type names the schema rule that reports it).

The errors' messages become findings of ``okr check``: they are put in the reader's
language when the error is raised (validation runs when a command reads a file, after the
language is chosen), never when this module is imported.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import CoreSchema, PydanticCustomError
from pydantic_core import core_schema as cs

from okrcli.i18n import N_, _

ID_RE = re.compile(r"[^\W_][\w.\-]{0,63}")
# Shown where an id is refused (translate it there: ``_(ID_RULE)``).
ID_RULE = N_("use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit "
             "(no spaces, no '/')")
# The same rule for JSON Schema, written so that JavaScript (where \w is ASCII-only) and
# Python read it alike: ASCII letters, digits, . _ - and any non-ASCII character.
ID_PATTERN = r"^[A-Za-z0-9\u0080-\uFFFF][A-Za-z0-9._\-\u0080-\uFFFF]{0,63}$"


# --- limits ------------------------------------------------------------------------------
# Bounds the commands rely on, so that what `okr check` passes every command can read and
# render in time and space linear in the file (README: "Limits"). Each is a located finding.

MAX_NUMBER = 1e15  # integers stay exact in a float; sums and ratios of them stay finite
MIN_NUMBER = 1e-9  # the smallest magnitude besides 0: a ratio of two numbers stays finite
MAX_COUNT = 1_000_000  # whole numbers of settings (max_objectives...)
MAX_DAYS = 3650  # settings in days: ten years
MAX_TEXT = {"title": 500, "unit": 40, "name": 200, "email": 320, "note": 2000,
            "reason": 2000, "description": 10_000, "path": 255, "rule": 100}
MAX_ITEMS = {"checkins": 1000, "changes": 1000, "key_results": 100, "objectives": 100,
             "cycles": 1000, "teams": 100_000, "people": 100_000, "ignore": 1000}


def _number(value: Any) -> int | float:
    # The common cases first: this runs for every number of every file.
    kind = type(value)
    if kind is int:
        if -MAX_NUMBER <= value <= MAX_NUMBER:
            return value
    elif kind is float:
        if -MAX_NUMBER <= value <= MAX_NUMBER and not -MIN_NUMBER < value < MIN_NUMBER:
            return value
        if value == 0:
            return value
    # Booleans are ints in Python; in a key result they are a mistake, not a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "number_type", _("expected a number, got {got}"), {"got": describe(value)}
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "finite_number", _("numbers must be finite, got {got}"), {"got": describe(value)}
        )
    if isinstance(value, float) and -MIN_NUMBER < value < MIN_NUMBER:
        raise PydanticCustomError(
            "range", _("numbers other than 0 must be at least {least} in size, got {got}"),
            {"least": f"{MIN_NUMBER:g}", "got": describe(value)})
    if isinstance(value, int) and -MAX_NUMBER <= value <= MAX_NUMBER:
        return int(value)  # a subclass of int (never from YAML): as an int
    raise PydanticCustomError(
        "range", _("numbers must be between -{most} and {most}, got {got}"),
        {"most": f"{MAX_NUMBER:g}", "got": describe(value)})


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "date_type", _("dates are plain YYYY-MM-DD, without a time: {got}"), {"got": str(value)}
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_value", _("{got} is not a real date"), {"got": value}
            ) from None
    raise PydanticCustomError(
        "date_type", _("expected a date YYYY-MM-DD, got {got}"), {"got": describe(value)}
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "string_type", _("expected text, got {got}; quote it"), {"got": describe(value)}
        )
    return value


def _bounded(kind: str) -> Any:
    """A validator of text of at most MAX_TEXT[kind] characters."""
    most = MAX_TEXT[kind]

    def check(value: Any) -> str:
        value = _text(value)
        if len(value) > most:
            raise PydanticCustomError(
                "too_long", _("{length} characters long; at most {most} here"),
                {"length": len(value), "most": most})
        return value

    return check


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
            "id_format", _("invalid id {got}: {rule}"), {"got": repr(value), "rule": _(ID_RULE)}
        )
    return value


def describe(value: Any) -> str:
    """A value as a message names it: its kind, and a short text of it."""
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("a boolean ({value})").format(value="true" if value else "false")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text {text}").format(text=repr(shorten(value)))
    if isinstance(value, int) and not -MAX_NUMBER <= value <= MAX_NUMBER:
        if abs(value) >= 10**4000:
            return _("a number of over 4000 digits")
        return _("a number of {digits} digits").format(digits=len(str(abs(value))))
    return shorten(repr(value))


def shorten(text: str, most: int = 60) -> str:
    """``text`` cut to ``most`` characters with an ellipsis: for values quoted in messages."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _unit_interval(value: int | float) -> int | float:
    if not 0 <= value <= 1:
        raise PydanticCustomError("range", _("must be between 0 and 1, got {got}"),
                                  {"got": value})
    return value


def _positive(value: int | float) -> int | float:
    if value <= 0:
        raise PydanticCustomError("range", _("must be greater than 0, got {got}"),
                                  {"got": value})
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise PydanticCustomError(
            "bool_type", _("expected true or false, got {got}"), {"got": describe(value)}
        )
    return value


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PydanticCustomError(
            "int_type", _("expected a whole number >= 0, got {got}"), {"got": describe(value)}
        )
    if value > MAX_COUNT:
        raise PydanticCustomError("range", _("must be at most {most}, got {got}"),
                                  {"most": MAX_COUNT, "got": describe(value)})
    return value


def _days(value: Any) -> int:
    value = _non_negative_int(value)
    if value > MAX_DAYS:  # a date this far from a cycle is past the calendar's end
        raise PydanticCustomError("range", _("at most {most} days, got {got}"),
                                  {"most": MAX_DAYS, "got": value})
    return value


# --- native twins ------------------------------------------------------------------------
# Each common field type also carries a pydantic-core schema that runs without calling
# Python and accepts a part of what its validator accepts, giving the same value (strict:
# no bool for a number, no int for a text; the ranges written out). ``validation.py``
# validates a file with these first; a file they refuse is validated again with the
# Python validators above, whose errors and messages are the only ones ever shown.

NATIVE = "okr_native"  # the key of the twin in a schema's metadata


class Native:
    """Annotated metadata: the native twin of the field type it ends."""

    def __init__(self, schema: CoreSchema) -> None:
        self.schema = schema

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        schema = handler(source)
        metadata = {**schema.get("metadata", {}), NATIVE: self.schema}
        return {**schema, "metadata": metadata}


def _numbers(least: float | None = None, most: float = MAX_NUMBER) -> CoreSchema:
    """Numbers in [least, most] (all of _number's when least is None), as _number and the
    range checks after it take them: an int stays an int, a float other than 0 is at least
    MIN_NUMBER in size, no bool, nan or infinity."""
    low = -MAX_NUMBER if least is None else least
    choices: list[CoreSchema | tuple[CoreSchema, str]] = [
        cs.int_schema(strict=True, ge=math.ceil(low), le=math.floor(most))]
    if most >= MIN_NUMBER:
        choices.append(cs.float_schema(strict=True, allow_inf_nan=False,
                                       ge=max(low, MIN_NUMBER), le=most))
    if low <= -MIN_NUMBER:
        choices.append(cs.float_schema(strict=True, allow_inf_nan=False, ge=low,
                                       le=-MIN_NUMBER))
    if low <= 0:
        choices.append(cs.float_schema(strict=True, allow_inf_nan=False, ge=0, le=0))
    return cs.union_schema(choices, mode="left_to_right")


def _texts(kind: str | None = None) -> CoreSchema:
    return cs.str_schema(strict=True, max_length=MAX_TEXT[kind] if kind else None)


NATIVE_NUMBER = _numbers()
NATIVE_DATE = cs.date_schema(strict=True)  # a date, never a datetime
# The ASCII part of the id rule (an id of other letters takes the Python validator).
NATIVE_ID = cs.str_schema(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")

Number = Annotated[float, PlainValidator(_number), WithJsonSchema({"type": "number"}),
                   Native(NATIVE_NUMBER)]
Fraction = Annotated[
    float,
    PlainValidator(_number),
    AfterValidator(_unit_interval),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
    Native(_numbers(0, 1)),
]
Positive = Annotated[
    float,
    PlainValidator(_number),
    AfterValidator(_positive),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
    Native(_numbers(MIN_NUMBER)),
]
Count = Annotated[int, PlainValidator(_non_negative_int),
                  WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_COUNT})]
Days = Annotated[int, PlainValidator(_days),
                 WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_DAYS})]
Bool = Annotated[bool, PlainValidator(_bool), WithJsonSchema({"type": "boolean"}),
                 Native(cs.bool_schema(strict=True))]
Date = Annotated[
    dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"}),
    Native(NATIVE_DATE),
]
Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": "string"}),
                 Native(_texts())]


def _long(kind: str) -> dict[str, Any]:
    return {"type": "string", "maxLength": MAX_TEXT[kind]}


Title = Annotated[str, PlainValidator(_bounded("title")), WithJsonSchema(_long("title")),
                  Native(_texts("title"))]
Unit = Annotated[str, PlainValidator(_bounded("unit")), WithJsonSchema(_long("unit")),
                 Native(_texts("unit"))]
Name = Annotated[str, PlainValidator(_bounded("name")), WithJsonSchema(_long("name")),
                 Native(_texts("name"))]
Email = Annotated[str, PlainValidator(_bounded("email")), WithJsonSchema(_long("email")),
                  Native(_texts("email"))]
_note = _bounded("note")
Note = Annotated[str, PlainValidator(_note), WithJsonSchema(_long("note")),
                 Native(_texts("note"))]
Reason = Annotated[str, PlainValidator(_bounded("reason")), WithJsonSchema(_long("reason")),
                   Native(_texts("reason"))]
Description = Annotated[str, PlainValidator(_bounded("description")),
                        WithJsonSchema(_long("description")), Native(_texts("description"))]
RuleName = Annotated[str, PlainValidator(_bounded("rule")), WithJsonSchema(_long("rule")),
                     Native(_texts("rule"))]


def _okr_dir(value: Any) -> str:
    """A folder inside the workspace: relative, without '..' (the store also refuses one
    that leads outside through a link)."""
    value = _bounded("path")(value)
    parts = value.replace("\\", "/").split("/")
    if not value.strip() or value.startswith(("/", "~")) or ".." in parts or (
            len(value) > 1 and value[1] == ":"):
        raise PydanticCustomError(
            "path_outside", _("okr_dir must be a folder inside the workspace, relative to "
                              "okr.yaml and without '..', got {got}"),
            {"got": repr(shorten(value))})
    return value


OkrDir = Annotated[str, PlainValidator(_okr_dir),
                   WithJsonSchema(_long("path"))]

Id = Annotated[str, PlainValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
               Native(NATIVE_ID)]
Ref = Annotated[
    str,
    PlainValidator(_bounded("path")),
    WithJsonSchema({"type": "string", "description": "OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR"}),
    Native(_texts("path")),
]
Level = Literal["error", "warning", "info", "off"]


def _carried_from(value: Any) -> str:
    """CYCLE/OWNER/OBJECTIVE: three ids."""
    value = _bounded("path")(value)
    parts = value.split("/")
    if len(parts) != 3 or not all(is_id(p) for p in parts):
        raise PydanticCustomError(
            "ref_format", _("expected CYCLE/OWNER/OBJECTIVE, three ids, got {got}"),
            {"got": repr(shorten(value))})
    return value


CarriedFrom = Annotated[str, PlainValidator(_carried_from), WithJsonSchema(
    {"type": "string", "pattern": ID_PATTERN[:-1] + "/" + ID_PATTERN[1:-1] + "/"
     + ID_PATTERN[1:], "description": "CYCLE/OWNER/OBJECTIVE"})]


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


# `checkins:` with nothing after it is an empty list, as a reader of the file expects.
EmptyOk = BeforeValidator(_none_is_empty)


def _most(kind: str) -> Any:
    """At most MAX_ITEMS[kind] items in a list (a "too_long" error, as for text)."""
    return Field(max_length=MAX_ITEMS[kind])
