"""An owner whose aspirational objectives all score over 0.9.

Aspirational objectives aim at about 0.7: reaching all of them comfortably means the
goals were too safe. Checked once the cycle has ended.

PASS:
    aspirational objectives ended at 0.72 and 0.95

FAIL:
    aspirational objectives ended at 0.95 and 1.0
"""

from okrcli import scoring
from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR211", "too-safe", WARNING, __doc__)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        if not ctx.ended(doc.cycle):
            continue
        graded = scoring.objective_grades(ctx.states(doc.cycle))
        grades = [graded.get(f"{doc.owner}/{o.id}") for o in doc.objectives
                  if not o.committed]
        grades = [g for g in grades if g is not None]
        if grades and all(g > 0.9 for g in grades):
            yield handle, Finding(
                RULE.code,
                f"every aspirational objective of {doc.owner} scored over 0.9: the goals "
                "may be too safe; aim higher next cycle",
                ("owner",),
            )
