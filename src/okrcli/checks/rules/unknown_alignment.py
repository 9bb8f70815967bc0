"""aligns_to names nothing.

`aligns_to` is OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR of the same cycle, and it must
exist.

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        aligns_to: company/customers

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        aligns_to: company/customer
                   ^ OKR103
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule, Unchecked
from okrcli.refs import Ref

RULE = Rule("OKR103", "unknown-alignment", ERROR, WORKSPACE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            target = objective.aligns_to
            problem = ctx.resolve(target, doc.cycle) if target else None
            if target is None or problem is None:
                continue
            where = ("objectives", oi, "aligns_to")
            ref = Ref.parse(target)
            # The objective may be in a file of its owner that could not be read.
            unread = ctx.unread_owner(ref.owner, doc.cycle) if ref else None
            if unread is not None:
                yield handle, Unchecked(where, unread)
            else:
                yield handle, RULE.at(problem, where)
