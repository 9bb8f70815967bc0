"""A date that is not a real day.

Dates are plain YYYY-MM-DD days that exist (no 2026-02-30, no time of day); a cycle
ends on or after its start.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: site, title: 上线品牌官网, kind: milestone, due: 2026-12-31}

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: site
            title: 上线品牌官网
            kind: milestone
            due: 2026-02-30
                 ^ OKR006
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule, field_message
from okrcli.diagnostics import Finding

RULE = Rule("OKR006", "invalid-date", ERROR, SCHEMA, __doc__ or "")
ERRORS = ("date_value", "cycle_order")  # the model's error types (model.py)


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    if error["type"] not in ERRORS:
        return None
    return RULE.at(field_message(error), tuple(error["loc"]))
