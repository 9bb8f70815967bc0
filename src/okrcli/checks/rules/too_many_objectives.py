"""Too many objectives for one owner.

OKRs exist to focus scarce people and money: a handful of objectives a cycle, at most
`settings.lint.max_objectives` (5 by default). The finding points at the first objective
over the limit.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高市场知名度, aligns_to: company/customers}
      - {id: loyalty, title: 让老客户更忠诚, aligns_to: company/customers}

FAIL:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
      - {id: marketing, parent: company}
    settings:
      lint: {max_objectives: 2}
    # file: okrs/marketing.yaml
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - {id: awareness, title: 提高市场知名度}
      - {id: loyalty, title: 让老客户更忠诚}
      - {id: events, title: 办好线下活动}
        ^ OKR201
"""

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import ngettext

RULE = Rule("OKR201", "too-many-objectives", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    limit = ctx.config.settings.lint.max_objectives
    for handle, doc in ctx.files:
        count = len(doc.objectives)
        if count > limit:
            message = ngettext("{owner} has {count} objective in {cycle} (at most {limit}): "
                               "focus on fewer", "{owner} has {count} objectives in {cycle} "
                               "(at most {limit}): focus on fewer", count)
            yield handle, RULE.at(
                message.format(owner=doc.owner, count=count, cycle=doc.cycle, limit=limit),
                ("objectives", limit), subject=("objectives",))
