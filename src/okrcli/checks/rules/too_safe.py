"""An owner whose aspirational objectives all score over 0.9.

Aspirational objectives aim at about 0.7: reaching all of them comfortably means the
goals were too safe. Checked once the cycle has ended.

PASS:
    # today: 2027-01-05
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        aligns_to: company/customers
        key_results:
          - {id: contracts, title: 新签约客户120家, start: 0, target: 120, unit: 家,
             checkins: [{date: 2026-12-30, value: 86}]}

FAIL:
    # today: 2027-01-05
    owner: sales
           ^ OKR211
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        aligns_to: company/customers
        key_results:
          - {id: contracts, title: 新签约客户120家, start: 0, target: 120, unit: 家,
             checkins: [{date: 2026-12-30, value: 120}]}
"""

from okrcli import grading
from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule, Unchecked
from okrcli.i18n import _
from okrcli.refs import objective_ref

RULE = Rule("OKR211", "too-safe", WARNING, PRACTICE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        if not ctx.ended(doc.cycle):
            continue
        grades = ctx.grades(doc.cycle)
        aspirational = [(o, objective_ref(doc.owner, o.id)) for o in doc.objectives
                        if not o.committed]
        if not grading.too_safe(grades.get(ref) for _, ref in aspirational):
            continue
        unread = next((u for o, ref in aspirational if not o.key_results
                       for u in [ctx.unread_below(ref, doc.cycle)] if u is not None), None)
        if unread is not None:  # a roll-up that file is part of
            yield handle, Unchecked(("owner",), unread, subject=())
            continue
        yield handle, RULE.at(
            _("every aspirational objective of {owner} scored over 0.9: the goals may be too "
              "safe; aim higher next cycle").format(owner=doc.owner), ("owner",), subject=())
