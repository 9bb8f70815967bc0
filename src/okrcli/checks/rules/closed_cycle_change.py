"""A check-in, a moved goalpost or a drop dated after its cycle was closed.

`okr cycle close` marks the cycle `closed: DATE` in okr.yaml once its grades, outcomes
and retro notes are written: from then on the cycle is history that the 复盘 and the
next cycle's plan were made from. Corrections of a grade, a grade note, an outcome or a
retro note are still allowed, each with its `changes:` record (`okr kr edit REF --grade
N --reason TEXT`, `okr objective edit REF --outcome WORD --reason TEXT`). A check-in, a
goalpost's `changes:` entry or a `dropped` dated after the close is not: a value measured
later belongs to the next cycle (`okr carry` takes an unfinished objective there), and
to change the closed cycle itself, reopen it first (`okr cycle reopen ID --reason
TEXT`), which keeps why. The finding is at the date of the check-in, the change or the
drop. `okr check --base REV` also finds what was changed in a closed cycle's files
whatever its date (closed-cycle-rewritten).

PASS:
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
              - {date: 2026-10-09, value: 19}
            grade: 0.7
            changes:
              - {date: 2026-10-12, field: grade, old: 0.63, new: 0.7, reason: 补录九月数据}
        outcome: partial
        retro: 渠道招募比预期慢，下季度先做区域试点
        changes:
          - {date: 2026-10-12, field: outcome, old: missed, new: partial, reason: 补录九月数据}

FAIL:
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
              - {date: 2026-10-12, value: 20}
                       ^ OKR118
            grade: 0.6
        outcome: partial

FAIL:
    owner: sales
    cycle: 2026-Q3
    objectives:
      - id: channels
        title: 打通线上分销渠道
        key_results:
          - id: dealers
            title: 签约经销商30家
            start: 0
            target: 25
            unit: 家
            changes:
              - {date: 2026-10-12, field: target, old: 30, new: 25, reason: 市场变化}
                       ^ OKR118
            grade: 0.7
          - id: stores
            title: 开通线上门店20家
            start: 0
            target: 20
            unit: 家
            dropped: {date: 2026-10-12, reason: 渠道合并}
                            ^ OKR118
        outcome: partial
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule, after_close
from okrcli.i18n import _
from okrcli.model import GOALPOSTS

RULE = Rule("OKR118", "closed-cycle-change", ERROR, WORKSPACE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        closed = ctx.closed(doc.cycle)
        if closed is None:
            continue
        allowed = after_close(doc.cycle)
        for oi, objective in enumerate(doc.objectives):
            here = ("objectives", oi)
            gone = objective.dropped
            if gone is not None and gone.date > closed:
                yield handle, RULE.at(_(
                    "the objective was dropped on {date}, after cycle {cycle} was closed on "
                    "{closed}: {allowed}").format(date=gone.date, cycle=doc.cycle,
                                                  closed=closed, allowed=allowed),
                    (*here, "dropped", "date"))
            for ki, kr in enumerate(objective.key_results):
                at = (*here, "key_results", ki)
                for ci, checkin in enumerate(kr.checkins):
                    if checkin.date > closed:
                        yield handle, RULE.at(_(
                            "check-in of {date} is after cycle {cycle} was closed on "
                            "{closed}: {allowed}").format(
                                date=checkin.date, cycle=doc.cycle, closed=closed,
                                allowed=allowed), (*at, "checkins", ci, "date"))
                for n, change in enumerate(kr.changes):
                    if change.field in GOALPOSTS and change.date > closed:
                        yield handle, RULE.at(_(
                            "{field} was changed on {date}, after cycle {cycle} was closed on "
                            "{closed}: {allowed}").format(
                                field=change.field, date=change.date, cycle=doc.cycle,
                                closed=closed, allowed=allowed), (*at, "changes", n, "date"))
                drop = kr.dropped
                # a drop of the objective's day is its objective's (said once, there)
                if drop is not None and drop.date > closed and (
                        gone is None or gone.date != drop.date):
                    yield handle, RULE.at(_(
                        "the key result was dropped on {date}, after cycle {cycle} was closed "
                        "on {closed}: {allowed}").format(date=drop.date, cycle=doc.cycle,
                                                         closed=closed, allowed=allowed),
                        (*at, "dropped", "date"))
