"""A file validated by pydantic-core alone first, by the models' Python validators only
when that refuses it.

The models' field types (``fields.py``) each carry a native twin: a core schema that
accepts a part of what the type's Python validator accepts, with the same value. Built
from the model's own schema with every type replaced by its twin, a second validator
checks a plain file without calling Python once per number, date or text. Whatever it
refuses (an error, or only something it leaves to Python: a non-ASCII id, an id written
as a number, a date as text) is validated again by the model itself, so every error,
message and position comes from the one set of validators, as before; and what it
accepts the model would accept alike, giving the same model (a test compares them over
the case folder).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator

from okrcli.fields import NATIVE

M = TypeVar("M", bound=BaseModel)

_NATIVE: dict[type[BaseModel], SchemaValidator | None] = {}


def natively(schema: Any) -> Any:
    """The core schema with every field type that has a native twin replaced by it."""
    if isinstance(schema, dict):
        twin = (schema.get("metadata") or {}).get(NATIVE)
        if twin is not None:
            return twin
        return {key: natively(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [natively(item) for item in schema]
    return schema


def _models(schema: Any) -> set[type[BaseModel]]:
    """The model classes a core schema builds."""
    found: set[type[BaseModel]] = set()
    if isinstance(schema, dict):
        if schema.get("type") == "model":
            found.add(schema["cls"])
        for value in schema.values():
            found |= _models(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= _models(item)
    return found


def native_validator(model: type[BaseModel]) -> SchemaValidator | None:
    """The native validator of ``model``, built on first use; None when it cannot be
    built (a Pydantic whose schemas this code does not know): the model validates alone."""
    if model in _NATIVE:
        return _NATIVE[model]
    try:
        return _build(model)
    except Exception:  # never an error: only the speed of the native pass is lost
        _NATIVE[model] = None
        return None


def _build(model: type[BaseModel]) -> SchemaValidator:
    found = _NATIVE.get(model)
    if found is None:
        if not model.__pydantic_complete__:
            model.model_rebuild()  # the models defer their build to first use (model.py)
        schema = natively(model.__pydantic_core_schema__)
        # pydantic-core builds a model of a complete class with the class's own validator
        # (the Python one): marked incomplete while this one is built, each is built anew
        # from the native schema.
        classes = {cls: cls.__pydantic_complete__ for cls in _models(schema)}
        try:
            for cls in classes:
                cls.__pydantic_complete__ = False
            found = _NATIVE[model] = SchemaValidator(schema)
        finally:
            for cls, complete in classes.items():
                cls.__pydantic_complete__ = complete
    return found


def validate(model: type[M], data: Any) -> M:
    """``model.model_validate(data)``, the same model or the same ``ValidationError``."""
    native = native_validator(model)
    if native is None:
        return model.model_validate(data)
    try:
        validated: M = native.validate_python(data)
        return validated
    except ValidationError:
        return model.model_validate(data)
