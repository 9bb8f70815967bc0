"""A check-in committed at the base revision was removed, or its date or value changed.

A check-in is a measurement on a day: once committed it is history that reviews,
reports and grades were built from, and rewriting it changes the past quietly. Add a
new check-in instead (a correction is a new value on a new day, with a note). Editing
only a check-in's note or confidence is not a rewrite: the value and its day stand.

One case is a warning, not an error: the latest check-in of a key result given a new
value on its own date, by a commit of that day (or today, not committed yet): what
`okr checkin REF VALUE --amend` does when a value typed today was wrong, before anyone
reviewed it. The same correction a day later is an error. The finding is at the changed
value or date, or at the check-ins that lost one.

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
            unit: 万元
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
            unit: 万元
            checkins:
              - {date: 2026-10-09, value: 10, note: 两家大客户续约}
              - {date: 2026-11-20, value: 20}

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
            unit: 万元
            checkins:
              - {date: 2026-10-09, value: 10}
              - {date: 2026-10-16, value: 20}
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
            unit: 万元
            checkins:
              - {date: 2026-10-09, value: 15}
                                          ^ OKR121
              - {date: 2026-10-16, value: 20}

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
            unit: 万元
            checkins:
              - {date: 2026-10-09, value: 10}
              - {date: 2026-11-26, value: 20}
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
            unit: 万元
            checkins:
              - {date: 2026-10-09, value: 10}
              - {date: 2026-11-26, value: 22}
                                          ^ OKR121
"""

from dataclasses import replace
from typing import Any

from okrcli import okrdiff
from okrcli.checks.base import ERROR, HISTORY, WARNING, Found, Rule
from okrcli.checks.history import History
from okrcli.i18n import _

RULE = Rule("OKR121", "rewritten-checkin", ERROR, HISTORY, __doc__ or "")
# The same rule for its one lesser case: a policy that sets OKR121's severity still sets
# this one's (the code is the same); by default it is a warning, which an ignore comment
# may silence.
AMENDED = replace(RULE, severity=WARNING)


def check_history(ctx: History) -> Found:
    for delta in ctx.deltas:
        if delta.kind != okrdiff.REWRITTEN or delta.field != "checkins":
            continue
        old: dict[str, Any] = delta.old
        new: dict[str, Any] | None = delta.new
        reading, where = ctx.place(delta)
        if new is None:
            yield reading, RULE.at(_(
                "{ref}: the check-in of {date} (value {value}) committed at {base} was "
                "removed: a check-in is history; add a new one instead").format(
                    ref=delta.ref, date=old["date"], value=old["value"], base=ctx.base),
                where, at_key=bool(where) and where[-1] == "checkins")
        elif new["date"] != old["date"]:
            yield reading, RULE.at(_(
                "{ref}: the check-in of {old} committed at {base} was redated to {new}: "
                "a check-in is history; add a new one instead").format(
                    ref=delta.ref, old=old["date"], new=new["date"], base=ctx.base),
                (*where, "date"))
        elif new["value"] != old["value"]:
            if _latest(ctx, delta.ref, old["date"]) and ctx.added_on(
                    delta.file, delta.ref, new).isoformat() == old["date"]:
                yield reading, AMENDED.at(_(
                    "{ref}: the latest check-in ({date}) committed at {base} was given a new "
                    "value on its own date, {old} -> {new}: the value committed is gone "
                    "from the file").format(ref=delta.ref, date=old["date"], old=old["value"],
                                            new=new["value"], base=ctx.base),
                    (*where, "value"))
            else:
                yield reading, RULE.at(_(
                    "{ref}: the check-in of {date} committed at {base} was rewritten, value "
                    "{old} -> {new}: a check-in is history; add a new one instead").format(
                        ref=delta.ref, date=old["date"], old=old["value"],
                        new=new["value"], base=ctx.base),
                    (*where, "value"))


def _latest(ctx: History, ref: str, date: str) -> bool:
    """Whether the check-in of ``date`` was the latest (by date) of the KR at REV."""
    kr = ctx.was(ref)
    return kr is not None and bool(kr.checkins) and max(
        c.date for c in kr.checkins).isoformat() == date
