"""A number outside its range.

Confidence and grades are between 0 and 1, weights are above 0, and numbers are
finite (.nan and .inf are not numbers here) and at most 10^15 in size, and other than 0
at least 10^-9 (so that every score and ratio of them stays a number). `okr_dir` in
okr.yaml is a folder inside the workspace.

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
            checkins:
              - {date: 2026-11-20, value: 11800, confidence: 0.8}

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
            target: 15000
            unit: 粉丝
            checkins:
              - date: 2026-11-20
                value: 11800
                confidence: 80
                            ^ OKR007
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule, field_message
from okrcli.diagnostics import Finding

RULE = Rule("OKR007", "out-of-range", ERROR, SCHEMA, __doc__ or "")
ERRORS = ("range", "finite_number", "path_outside")  # the model's error types (model.py)


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    if error["type"] not in ERRORS:
        return None
    return RULE.at(field_message(error), tuple(error["loc"]))
