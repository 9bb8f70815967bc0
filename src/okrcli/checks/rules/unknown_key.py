"""A key the format does not know.

Unknown keys are usually typos (`targt:`), and a typo must not pass silently: the
value would be ignored. The message suggests the closest known key.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: followers
            title: 社交媒体粉丝增长50%
            start: 10000
            target: 15000
            unit: 粉丝

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: followers
            title: 社交媒体粉丝增长50%
            start: 10000
            targt: 15000
            ^ OKR003
            unit: 粉丝
"""

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule
from okrcli.diagnostics import Finding
from okrcli.fields import shorten
from okrcli.i18n import _

RULE = Rule("OKR003", "unknown-key", ERROR, SCHEMA, __doc__ or "")


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    if error["type"] != "extra_forbidden":
        return None
    loc = tuple(error["loc"])
    key = loc[-1]
    owner = _model_at(model, loc[:-1])
    name = repr(shorten(str(key)))
    if owner is None:
        return RULE.at(_("unknown key {key}").format(key=name), loc, at_key=True)
    known = list(owner.model_fields)
    # difflib is quadratic in the length
    close = difflib.get_close_matches(str(key), known, n=1) if len(str(key)) <= 64 else []
    if close:
        message = _("unknown key {key} (did you mean {close}?)").format(
            key=name, close=repr(close[0]))
    else:
        message = _("unknown key {key} (known keys: {keys})").format(
            key=name, keys=", ".join(known))
    return RULE.at(message, loc, at_key=True)


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the model or list inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (for did-you-mean hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) and typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None
