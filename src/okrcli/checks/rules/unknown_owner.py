"""The owner is no team or person.

Every OKR file belongs to a team or a person listed in okr.yaml.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives: []

FAIL:
    owner: marketting
           ^ OKR101
    cycle: 2026-Q4
    objectives: []
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR101", "unknown-owner", ERROR, WORKSPACE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        if not ctx.is_owner(doc.owner):
            yield handle, RULE.at(_("owner {owner} is no team or person in okr.yaml: add it "
                                    "(okr team add / okr person add) or fix the id").format(
                                      owner=repr(doc.owner)), ("owner",))
