"""A committed objective graded under 1.0 after its cycle.

Committed objectives are promises: they reach 1.0. Once the cycle has ended, one that
did not is flagged for the retrospective (a key result's `grade:` counts where given).

PASS:
    committed: true              # graded 1.0

FAIL:
    committed: true              # cycle over, graded 0.8
"""

from okrcli import scoring
from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR210", "committed-under-one", WARNING, __doc__)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        if not ctx.ended(doc.cycle):
            continue
        grades = scoring.objective_grades(ctx.states(doc.cycle))
        for oi, objective in enumerate(doc.objectives):
            ref = f"{doc.owner}/{objective.id}"
            if not objective.committed or ref not in grades:
                continue
            grade = grades[ref]
            if grade is None or grade < 1.0:
                shown = "no grade" if grade is None else f"{grade:.2f}"
                yield handle, Finding(
                    RULE.code,
                    f"committed objective {doc.owner}/{objective.id} ended at {shown}, "
                    "under 1.0: discuss it in the retrospective",
                    ("objectives", oi, "committed"),
                )
