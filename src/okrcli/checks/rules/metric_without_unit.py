"""A metric key result without a unit.

`15000` of what? A unit (粉丝, 家, %, 小时) makes a number readable by everyone in the
company.

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

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: followers
            ^ OKR208
            title: 社交媒体粉丝增长50%
            start: 10000
            target: 15000
"""

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import _
from okrcli.refs import Ref

RULE = Rule("OKR208", "metric-without-unit", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                if kr.kind == "metric" and not kr.unit:
                    where = ("objectives", oi, "key_results", ki)
                    yield handle, RULE.at(
                        _("metric {ref} has no unit: add unit:").format(
                            ref=Ref(doc.owner, objective.id, kr.id)),
                        (*where, "id"), at_key=True, subject=where)
