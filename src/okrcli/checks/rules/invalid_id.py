"""An id that is not a valid id.

Ids are 1-64 letters of any script, digits, `.`, `_` and `-`, starting with a
letter or digit: they appear in references such as `marketing/awareness/followers`,
so no spaces and no `/`.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: 品牌知名度
        title: 提高分销平台的市场知名度

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: brand awareness
            ^ OKR011
        title: 提高分销平台的市场知名度
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule, field_message
from okrcli.diagnostics import Finding

RULE = Rule("OKR011", "invalid-id", ERROR, SCHEMA, __doc__ or "")
ERRORS = ("id_format",)  # the model's error type (model.py)


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    if error["type"] not in ERRORS:
        return None
    return RULE.at(field_message(error), tuple(error["loc"]))
