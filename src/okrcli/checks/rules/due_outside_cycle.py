"""A key result due outside its cycle.

Key results are time-bound within their cycle: a due date before the cycle starts or
after it ends belongs to another cycle.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: site, title: 上线品牌官网, kind: milestone, due: 2026-11-30}

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: site
            title: 上线品牌官网
            kind: milestone
            due: 2027-03-31
                 ^ OKR204
"""

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR204", "due-outside-cycle", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        cycle = ctx.cycle(doc.cycle)
        if cycle is None:
            continue
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                if kr.due is not None and not cycle.start <= kr.due <= cycle.end:
                    yield handle, RULE.at(
                        _("due {due} is outside cycle {cycle} ({start} to {end}): move it "
                          "into the cycle or to the next one").format(
                            due=kr.due, cycle=cycle.id, start=cycle.start, end=cycle.end),
                        ("objectives", oi, "key_results", ki, "due"))
