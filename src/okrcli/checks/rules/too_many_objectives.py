"""Too many objectives for one owner.

OKRs exist to focus scarce people and money: a handful of objectives a cycle, at most
`settings.lint.max_objectives` (5 by default). The finding points at the first objective
over the limit.

PASS:
    objectives:
      - id: awareness
      - id: loyalty

FAIL:
    objectives:          # six objectives with max_objectives: 5
      - id: o1
      ...
      - id: o6
"""

from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR201", "too-many-objectives", WARNING, __doc__)


def check(ctx: Context) -> Found:
    limit = ctx.config.settings.lint.max_objectives
    for handle, doc in ctx.files:
        if len(doc.objectives) > limit:
            yield handle, Finding(
                RULE.code,
                f"{doc.owner} has {len(doc.objectives)} objectives in {doc.cycle} (at most "
                f"{limit}): focus on fewer",
                ("objectives", limit),
            )
