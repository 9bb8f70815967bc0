"""A required field is missing.

Objectives and key results need an id and a title; a file needs owner and cycle; a
check-in needs a date and a value. The finding points at the mapping that lacks it.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        ^ OKR004
        key_results: []
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule
from okrcli.diagnostics import Finding
from okrcli.i18n import _

RULE = Rule("OKR004", "missing-field", ERROR, SCHEMA, __doc__ or "")


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    if error["type"] != "missing":
        return None
    loc = tuple(error["loc"])
    return RULE.at(_("missing required field {field}: add it").format(field=repr(loc[-1])),
                   loc[:-1])
