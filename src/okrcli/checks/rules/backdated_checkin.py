"""A check-in added since the base revision, dated more than `grace_days` before its commit.

A check-in says what was measured on its day; one written weeks later is a memory, and
it changes scores and reviews that were already read (a week that showed a key result
at risk now shows it on track). The day it was added is the author date of the first
commit since the base revision whose file has it (an amend or a rebase keeps it), or
today for one not committed yet; the allowance is `settings.grace_days` of okr.yaml as
committed at the base revision (14 by default: a pull request does not widen its own).
Check in when you measure; a value that really was measured then (a late report) can
keep its date with a `# okr: ignore[OKR123]` comment on its line. Check-ins of a key
result created since the base revision count as added too.

PASS:
    # base: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
            checkins:
              - {date: 2026-11-13, value: 30}
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
            checkins:
              - {date: 2026-11-13, value: 30}
              - {date: 2026-11-20, value: 41}

FAIL:
    # base: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
            checkins:
              - {date: 2026-10-09, value: 10}
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: revenue
        title: 扩大核心客户的销售规模
        aligns_to: company/customers
        key_results:
          - id: gmv
            title: 季度成交额达到120万元
            start: 0
            target: 100
            checkins:
              - {date: 2026-10-09, value: 10}
              - {date: 2026-10-23, value: 18}
                       ^ OKR123
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from okrcli import okrdiff
from okrcli.checks.base import HISTORY, WARNING, Found, Rule
from okrcli.checks.history import History
from okrcli.diagnostics import YPath
from okrcli.i18n import ngettext
from okrcli.okrdiff import Delta

RULE = Rule("OKR123", "backdated-checkin", WARNING, HISTORY, __doc__ or "")


def check_history(ctx: History) -> Found:
    grace = ctx.grace_days
    for delta, checkin, where in _added(ctx):
        added = ctx.added_on(delta.file, delta.ref, checkin)
        days = (added - dt.date.fromisoformat(checkin["date"])).days
        if days <= grace:
            continue
        reading, _where = ctx.place(delta)
        yield reading, RULE.at(ngettext(
            "{ref}: the check-in of {date} was added on {added}, {days} day later: more than "
            "grace_days ({grace}) after the day it says it was measured",
            "{ref}: the check-in of {date} was added on {added}, {days} days later: more "
            "than grace_days ({grace}) after the day it says it was measured", days).format(
                ref=delta.ref, date=checkin["date"], added=added, days=days, grace=grace),
            (*where, "date"))


def _added(ctx: History) -> Iterator[tuple[Delta, dict[str, Any], YPath]]:
    """Every check-in added since REV: appended to a key result, or in one created."""
    for delta in ctx.deltas:
        if delta.kind == okrdiff.CHECKIN and delta.field == "checkins":
            yield delta, delta.new, delta.where
        elif delta.kind == okrdiff.CREATED and delta.ref.count("/") == 2:
            kr = ctx.key_result(delta)
            for ci, checkin in enumerate(kr.checkins if kr else ()):
                yield delta, okrdiff.jsonable(checkin), (*delta.where, "checkins", ci)
