"""An objective with no key result.

An objective says what we want; its key results say how we will know. Without them
nobody can tell whether it moved. (An objective measured only through the objectives
aligned to it, as company objectives often are, is not flagged.)

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        aligns_to: company/customers
        key_results:
          - {id: followers, title: 社交媒体粉丝增长50%, start: 10000, target: 15000,
             unit: 粉丝}

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        ^ OKR202
        title: 提高分销平台的市场知名度
        aligns_to: company/customers
"""

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule, Unchecked
from okrcli.i18n import _
from okrcli.refs import objective_ref

RULE = Rule("OKR202", "objective-without-key-results", WARNING, PRACTICE, __doc__ or "")
# What it reads: other files of the workspace too.
SCOPE = "workspace"


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            if objective.key_results:
                continue  # the cycle's states are computed only when one has none
            ref = objective_ref(doc.owner, objective.id)
            state = ctx.states(doc.cycle).get(ref)
            if state and state.children:
                continue
            unread = ctx.unread_below(ref, doc.cycle)
            if unread is not None:  # what aligns to it may be in that file
                yield handle, Unchecked(("objectives", oi, "id"), unread, at_key=True,
                                        subject=("objectives", oi))
                continue
            yield handle, RULE.at(
                _("objective {ref} has no key result: add two to five measurable "
                  "results").format(ref=ref),
                ("objectives", oi, "id"), at_key=True, subject=("objectives", oi))
