"""A committed objective graded under 1.0 after its cycle.

Committed objectives are promises: they reach 1.0. Once the cycle has ended, one that
did not is flagged for the retrospective (a key result's `grade:` counts where given).

PASS:
    # today: 2027-01-05
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        committed: true
        aligns_to: company/customers
        key_results:
          - {id: contracts, title: 新签约客户120家, start: 0, target: 120, unit: 家,
             checkins: [{date: 2026-12-30, value: 120}]}

FAIL:
    # today: 2027-01-05
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        committed: true
                   ^ OKR210
        aligns_to: company/customers
        key_results:
          - {id: contracts, title: 新签约客户120家, start: 0, target: 120, unit: 家,
             checkins: [{date: 2026-12-30, value: 96}]}
"""

from okrcli import grading
from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule, Unchecked
from okrcli.i18n import _
from okrcli.refs import objective_ref

RULE = Rule("OKR210", "committed-under-one", WARNING, PRACTICE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        if not ctx.ended(doc.cycle):
            continue
        grades = ctx.grades(doc.cycle)
        for oi, objective in enumerate(doc.objectives):
            ref = objective_ref(doc.owner, objective.id)
            if ref not in grades or not grading.committed_short(objective.committed,
                                                                 grades[ref]):
                continue
            where = ("objectives", oi, "committed")
            unread = None if objective.key_results else ctx.unread_below(ref, doc.cycle)
            if unread is not None:  # graded by its roll-up, which that file is part of
                yield handle, Unchecked(where, unread, subject=("objectives", oi))
                continue
            grade = grades[ref]
            message = (_("committed objective {ref} ended with no grade, under 1.0: discuss it "
                         "in the retrospective") if grade is None else
                       _("committed objective {ref} ended at {grade}, under 1.0: discuss it "
                         "in the retrospective"))
            yield handle, RULE.at(
                message.format(ref=ref, grade=f"{grade:.2f}" if grade is not None else ""),
                where, subject=("objectives", oi))
