"""An objective with no key result.

An objective says what we want; its key results say how we will know. Without them
nobody can tell whether it moved. (An objective measured only through the objectives
aligned to it, as company objectives often are, is not flagged.)

PASS:
  - id: awareness
    title: 提高分销平台的市场知名度
    key_results:
      - id: followers
        ...

FAIL:
  - id: awareness
    title: 提高分销平台的市场知名度
"""

from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR202", "objective-without-key-results", WARNING, __doc__)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        states = ctx.states(doc.cycle)
        for oi, objective in enumerate(doc.objectives):
            state = states.get(f"{doc.owner}/{objective.id}")
            if not objective.key_results and not (state and state.children):
                yield handle, Finding(
                    RULE.code,
                    f"objective {doc.owner}/{objective.id} has no key result: add two to "
                    "five measurable results",
                    ("objectives", oi, "id"), at_key=True,
                )
