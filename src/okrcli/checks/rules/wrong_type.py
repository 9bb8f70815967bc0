"""A value of the wrong type.

Numbers are numbers (`true` and `"10"` are not), titles are text, lists are lists,
and `kind` is one of metric, threshold, milestone.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: followers, title: 社交媒体粉丝增长50%, start: 10000, target: 15000,
             unit: 粉丝}

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
            target: "15000"
                    ^ OKR005
            unit: 粉丝
"""

import re
from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule, field_message
from okrcli.diagnostics import Finding
from okrcli.fields import describe
from okrcli.i18n import _, listed

RULE = Rule("OKR005", "wrong-type", ERROR, SCHEMA, __doc__ or "")


def from_error(error: Any, model: type[BaseModel]) -> Finding:
    """Every validation error the other schema rules do not claim."""
    kind, loc = error["type"], tuple(error["loc"])
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return RULE.at(_("expected a mapping of keys and values"), loc)
    if kind == "list_type":
        return RULE.at(_("expected a list (items starting with '- ')"), loc)
    if kind == "literal_error":
        expected = _choices(str(error.get("ctx", {}).get("expected", "")))
        return RULE.at(_("{key} must be one of {expected}, got {got}").format(
            key=loc[-1], expected=expected, got=describe(error["input"])), loc)
    return RULE.at(field_message(error), loc)


def _choices(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" in the reader's language."""
    names = re.findall(r"'[^']*'", expected)
    if len(names) < 2 or expected != ", ".join(names[:-1]) + " or " + names[-1]:
        return expected
    return listed(names, _("{names} or {last}"))
