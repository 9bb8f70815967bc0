"""An objective below the top that aligns to nothing.

OKRs cascade: every objective of a department, or of a person, supports one above it
(`aligns_to: OWNER/OBJECTIVE` or a parent's key result `OWNER/OBJECTIVE/KR`). Only the
root team (the company) sets objectives of its own.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        aligns_to: company/customers

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        ^ OKR205
        title: 提高分销平台的市场知名度
"""

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import _
from okrcli.refs import objective_ref

RULE = Rule("OKR205", "unaligned-objective", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    roots = {t.id for t in ctx.config.teams if t.parent is None}
    for handle, doc in ctx.files:
        if doc.owner in roots or not ctx.is_owner(doc.owner):
            continue
        for oi, objective in enumerate(doc.objectives):
            if not objective.aligns_to:
                yield handle, RULE.at(
                    _("objective {ref} aligns to nothing: add aligns_to: OWNER/OBJECTIVE of "
                      "the team above").format(ref=objective_ref(doc.owner, objective.id)),
                    ("objectives", oi, "id"), at_key=True, subject=("objectives", oi))
