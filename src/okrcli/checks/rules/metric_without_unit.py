"""A metric key result without a unit.

`15000` of what? A unit (粉丝, 家, %, 小时) makes a number readable by everyone in the
company.

PASS:
        start: 10000
        target: 15000
        unit: 粉丝

FAIL:
        start: 10000
        target: 15000
"""

from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR208", "metric-without-unit", WARNING, __doc__)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                if kr.kind == "metric" and not kr.unit:
                    yield handle, Finding(
                        RULE.code,
                        f"metric {doc.owner}/{objective.id}/{kr.id} has no unit: add unit:",
                        ("objectives", oi, "key_results", ki, "id"), at_key=True,
                    )
