"""An objective with more key results than `settings.lint.max_key_results` (5).

Many key results dilute an objective; pick the few that prove it. The finding points at
the first key result over the limit.

PASS:
    key_results: [three or four key results]

FAIL:
    key_results: [seven key results]
"""

from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR203", "too-many-key-results", WARNING, __doc__)


def check(ctx: Context) -> Found:
    limit = ctx.config.settings.lint.max_key_results
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            if len(objective.key_results) > limit:
                yield handle, Finding(
                    RULE.code,
                    f"objective {doc.owner}/{objective.id} has {len(objective.key_results)} "
                    f"key results (at most {limit}): keep the few that prove it",
                    ("objectives", oi, "key_results", limit),
                )
