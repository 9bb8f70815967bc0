"""A key result's owner names nobody.

`owner:` on a key result names the person (or team) who drives it, from okr.yaml.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: site, title: 上线品牌官网, kind: milestone, owner: li.na}

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
            owner: lina
                   ^ OKR111
"""

from okrcli.checks.base import ERROR, WORKSPACE, Context, Found, Rule
from okrcli.i18n import _

RULE = Rule("OKR111", "unknown-kr-owner", ERROR, WORKSPACE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                if kr.owner is not None and not ctx.is_owner(kr.owner):
                    yield handle, RULE.at(
                        _("owner {owner} is no person or team in okr.yaml").format(
                            owner=repr(kr.owner)),
                        ("objectives", oi, "key_results", ki, "owner"))
