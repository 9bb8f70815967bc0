"""Two files for one owner and cycle.

One file holds one owner's OKRs for one cycle, so that every objective has one home.
Merge the two files.

PASS:
    # file: okrs/2026-Q4/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives: []

FAIL:
    # file: okrs/2026-Q4/sales.yaml
    owner: sales
    cycle: 2026-Q4
    objectives: []
    # file: okrs/2026-Q4/sales_extra.yaml
    owner: sales
           ^ OKR104
    cycle: 2026-Q4
    objectives: []
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR104", "duplicate-owner-file", ERROR, WORKSPACE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    first = ctx.first_files()
    for handle, doc in ctx.files:
        home = first[(doc.owner, doc.cycle)]
        if home is not handle:
            yield handle, RULE.at(
                _("a second file for owner {owner} in cycle {cycle} (the first is {first}): "
                  "merge them").format(owner=repr(doc.owner), cycle=repr(doc.cycle),
                                       first=ctx.name(home)), ("owner",))
