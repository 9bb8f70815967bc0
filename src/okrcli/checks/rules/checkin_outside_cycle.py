"""A check-in outside its cycle.

Check-ins are dated within their cycle, or up to `grace_days` (14) after its end,
when final numbers are often measured.

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
              - date: 2026-11-20
                value: 11800

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
              - date: 2026-08-01
                      ^ OKR106
                value: 11800
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR106", "checkin-outside-cycle", ERROR, WORKSPACE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    grace = ctx.config.settings.grace_days
    for handle, doc, where, checkin in ctx.misdated("outside"):
        cycle = ctx.cycle(doc.cycle)
        if cycle is not None:  # always: a check-in has a window only in a known cycle
            yield handle, RULE.at(_(
                "check-in dated {date} is outside cycle {cycle} ({start} to {end}, plus "
                "{grace} days' grace)").format(
                    date=checkin.date, cycle=cycle.id, start=cycle.start, end=cycle.end,
                    grace=grace), where)
