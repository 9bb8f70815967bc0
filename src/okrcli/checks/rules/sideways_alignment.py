"""aligns_to points sideways.

An objective normally aligns to its own owner's or to an ancestor's (a person's team
and that team's parents). Sideways alignment happens, but is rare: check it.

PASS:
    owner: li.na
    cycle: 2026-Q4
    objectives:
      - id: reach
        title: 让更多潜在客户认识我们
        aligns_to: company/customers

FAIL:
    # file: okrs/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群, aligns_to: company/customers}
    # file: okrs/li.na.yaml
    owner: li.na
    cycle: 2026-Q4
    objectives:
      - id: reach
        title: 让更多潜在客户认识我们
        aligns_to: sales/growth
                   ^ OKR109
"""

from okrcli.checks.base import WARNING, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _
from okrcli.refs import Ref

RULE = Rule("OKR109", "sideways-alignment", WARNING, WORKSPACE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        ancestors = {*ctx.ancestors(doc.owner), doc.owner}
        for oi, objective in enumerate(doc.objectives):
            target = objective.aligns_to
            ref = Ref.parse(target) if target else None
            if ref is None or ref.owner in ancestors or ctx.resolve(str(target), doc.cycle):
                continue
            yield handle, RULE.at(
                # TRANSLATORS: {other} is the owner aligned to; {owner} the file's owner.
                _("aligns_to {target} points sideways: {other} is not {owner} or one of its "
                  "teams").format(target=repr(target), other=repr(ref.owner),
                                  owner=repr(doc.owner)), ("objectives", oi, "aligns_to"))
