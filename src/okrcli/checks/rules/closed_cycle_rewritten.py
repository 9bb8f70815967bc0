"""A file of a closed cycle changed since the base revision beyond a recorded correction.

A cycle closed at the base revision (`closed:` in its okr.yaml) and still closed is
history: its grades, outcomes and retro notes are what the 复盘 read, and the next
cycle was planned from them. The only changes it takes are corrections of a key
result's `grade` or `grade_note` and an objective's `outcome` or `retro`, each with a
`changes:` record of that field and the new value (`okr kr edit REF --grade N --reason
TEXT`, `okr objective edit REF --outcome WORD --reason TEXT` write both), and those
records. Anything else is a finding, whatever its date: a check-in added (a backdated
one too), an objective or key result added, deleted or dropped, a goalpost moved, a
title edited, a grade changed with no record. It is at the changed thing in the new
file (a deletion: at the list it was in). To change more, reopen the cycle first (`okr
cycle reopen ID --reason TEXT`, which records why); a cycle reopened since the base
revision is not judged.

PASS:
    # base: okrs/example.yaml
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通线上分销渠道
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 30
            unit: 家
            checkins:
              - {date: 2026-09-25, value: 18}
            grade: 0.6
        outcome: partial
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通线上分销渠道
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 30
            unit: 家
            checkins:
              - {date: 2026-09-25, value: 18}
            grade: 0.7
            changes:
              - {date: 2026-10-12, field: grade, old: 0.6, new: 0.7, reason: 补录九月数据}
        outcome: achieved
        retro: 渠道招募比预期慢，下季度先做区域试点
        changes:
          - {date: 2026-10-12, field: outcome, old: partial, new: achieved, reason: 补录九月数据}
          - {date: 2026-10-12, field: retro, old: null, new: 渠道招募比预期慢，下季度先做区域试点,
             reason: 复盘会后补写}

FAIL:
    # base: okrs/example.yaml
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通线上分销渠道
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 30
            unit: 家
            checkins:
              - {date: 2026-09-25, value: 18}
            grade: 0.6
          - id: stores
            title: 开通线上门店20家
            start: 0
            target: 20
            unit: 家
        outcome: partial
    # file: okrs/example.yaml
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通全部线上分销渠道
               ^ OKR125
        key_results:
        ^ OKR125
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 30
            unit: 家
            checkins:
              - {date: 2026-09-25, value: 18}
              - {date: 2026-09-29, value: 21}
                ^ OKR125
            grade: 0.7
                   ^ OKR125
        outcome: partial
"""

from typing import Any

from okrcli import okrdiff
from okrcli.checks.base import ERROR, HISTORY, Found, Rule, after_close
from okrcli.checks.history import History
from okrcli.i18n import _
from okrcli.okrdiff import Delta, jsonable

RULE = Rule("OKR125", "closed-cycle-rewritten", ERROR, HISTORY, __doc__ or "")
KR_CORRECTIONS = ("grade", "grade_note")
OBJECTIVE_CORRECTIONS = ("outcome", "retro")


def check_history(ctx: History) -> Found:
    whole = {d.ref for d in ctx.deltas if d.ref.count("/") == 1
             and d.kind in (okrdiff.CREATED, okrdiff.DELETED)}
    for delta in ctx.deltas:
        cycle = ctx.closed(delta.file.doc.cycle)
        if cycle is None or cycle.closed is None or _recorded(ctx, delta):
            continue
        is_objective = delta.ref.count("/") == 1
        if (not is_objective and delta.kind in (okrdiff.CREATED, okrdiff.DELETED)
                and delta.ref.rsplit("/", 1)[0] in whole):
            continue  # said once, with its objective
        reading, where = ctx.place(delta)
        # a deletion at the key of the list it was in; a record removed, at its list's
        at_list = bool(where) and (where[-1] in ("key_results", "objectives") or (
            delta.new is None and where[-1] in ("checkins", "changes")))
        yield reading, RULE.at(_(
            "{change} since {base}, in cycle {cycle} closed on {closed}: {allowed}").format(
                change=_change(delta), base=ctx.base, cycle=cycle.id, closed=cycle.closed,
                allowed=after_close(cycle.id)),
            where, at_key=at_list)


def _recorded(ctx: History, delta: Delta) -> bool:
    """Whether ``delta`` is a correction whose new value a ``changes:`` record added since
    REV records (the field and the new value match)."""
    if delta.kind != okrdiff.CHANGED:
        return False
    was: Any
    now: Any
    if delta.ref.count("/") == 1:
        if delta.field not in OBJECTIVE_CORRECTIONS:
            return False
        was, now = ctx.was_objective(delta.ref), ctx.objective(delta)
    else:
        if delta.field not in KR_CORRECTIONS:
            return False
        was, now = ctx.was(delta.ref), ctx.key_result(delta)
    if now is None:
        return False
    before = [_record(c) for c in was.changes] if was is not None else []
    for record in now.changes:
        shown = _record(record)
        if shown in before:
            before.remove(shown)  # there at REV: not this correction's record
        elif record.field == delta.field and jsonable(record.new) == delta.new:
            return True
    return False


def _record(change: Any) -> tuple[Any, ...]:
    """A ``changes:`` record of a key result or an objective, comparable."""
    return (change.date, change.field, jsonable(change.old), jsonable(change.new),
            change.reason)


def _change(delta: Delta) -> str:
    """What changed, as the first half of the finding."""
    kind, ref, name = delta.kind, delta.ref, delta.field
    is_objective = ref.count("/") == 1
    if kind == okrdiff.CREATED:
        return (_("objective {ref} was added") if is_objective
                else _("key result {ref} was added")).format(ref=ref)
    if kind == okrdiff.DELETED:
        return (_("objective {ref} was deleted") if is_objective
                else _("key result {ref} was deleted")).format(ref=ref)
    if kind == okrdiff.CHECKIN:
        return _("{ref}: a check-in of {date} was added").format(ref=ref,
                                                                 date=delta.new["date"])
    if kind == okrdiff.DROPPED:
        return _("{ref} was dropped").format(ref=ref)
    if kind == okrdiff.RESTORED:
        return _("{ref}: its drop was taken back").format(ref=ref)
    if kind == okrdiff.MOVED:
        return _("{ref}: {field} was moved from {old} to {new}").format(
            ref=ref, field=name, old=_shown(delta.old), new=_shown(delta.new))
    if kind == okrdiff.REWRITTEN:
        if name == "checkins":
            return _("{ref}: a check-in was rewritten or removed").format(ref=ref)
        if name == "changes":
            return _("{ref}: a changes: record was rewritten or removed").format(ref=ref)
        return _("{ref}: its drop was rewritten").format(ref=ref)
    if name in (*KR_CORRECTIONS, *OBJECTIVE_CORRECTIONS):
        return _("{ref}: {field} was changed with no changes: record of the new "
                 "value").format(ref=ref, field=name)
    return _("{ref}: {field} was changed").format(ref=ref, field=name)


def _shown(value: object) -> str:
    # TRANSLATORS: a goalpost that had no value (an unset start, say)
    return _("nothing") if value is None else str(value)
