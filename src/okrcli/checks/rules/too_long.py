"""A text or a list longer than okr reads.

Every command must read and show what `okr check` passes, in time and space that grow
with the file, so texts and lists have limits (README, "Limits"): a title 500
characters, a unit 40, a name 200, a note or a reason 2000, a description 10,000; 1000
check-ins or changes per key result, 100 key results per objective and 100 objectives
per file. A key result that needs more check-ins than that is checked in too often:
keep one a week.

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
            target: 15000
            unit: followers of all our accounts on every social network
                  ^ OKR014
"""

from typing import Any

from pydantic import BaseModel

from okrcli.checks.base import ERROR, SCHEMA, Rule, field_message
from okrcli.diagnostics import Finding
from okrcli.i18n import ngettext

RULE = Rule("OKR014", "too-long", ERROR, SCHEMA, __doc__ or "")


def from_error(error: Any, model: type[BaseModel]) -> Finding | None:
    if error["type"] != "too_long":
        return None
    loc = tuple(error["loc"])
    ctx = error.get("ctx", {})
    if "actual_length" in ctx:  # Pydantic's own limit of a list's length
        length, most = ctx["actual_length"], ctx["max_length"]
        message = ngettext("{key}: {length} item; at most {most} here",
                           "{key}: {length} items; at most {most} here", length)
        return RULE.at(message.format(key=loc[-1], length=length, most=most), loc, at_key=True)
    return RULE.at(field_message(error), loc)
