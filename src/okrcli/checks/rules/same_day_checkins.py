"""Two check-ins of one key result on one date.

Usually a typo corrected by checking in again: both values stay in the file, the later
written one is the one every score reads, and the weekly review shows the jump between
them as a change. Correct a value with `okr checkin REF VALUE --amend`, which replaces the
latest check-in instead of adding one.

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
              - {date: 2026-11-13, value: 11200}
              - {date: 2026-11-20, value: 11800}

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
              - {date: 2026-11-20, value: 18100}
              - {date: 2026-11-20, value: 11800}
                       ^ OKR212
"""

import datetime as dt

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import _
from okrcli.refs import Ref

RULE = Rule("OKR212", "same-day-checkins", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                seen: set[dt.date] = set()
                for ci, checkin in enumerate(kr.checkins):
                    if checkin.date not in seen:
                        seen.add(checkin.date)
                        continue
                    ref = Ref(doc.owner, objective.id, kr.id)
                    yield handle, RULE.at(
                        _("{ref} has two check-ins on {date}: the later written one counts; "
                          "to correct a value, okr checkin {ref} VALUE --amend").format(
                            ref=ref, date=checkin.date),
                        ("objectives", oi, "key_results", ki, "checkins", ci, "date"))
