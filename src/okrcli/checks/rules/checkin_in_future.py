"""A check-in dated after today.

A value cannot be measured in the future; usually a typo in the date.

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
    # today: 2026-11-26
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
              - date: 2026-12-20
                      ^ OKR107
                value: 11800
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR107", "checkin-in-future", ERROR, WORKSPACE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, _doc, where, checkin in ctx.misdated("future"):
        yield handle, RULE.at(_("check-in dated {date} is in the future (today is "
                                "{today})").format(date=checkin.date, today=ctx.today),
                              where)
