"""A key result due outside its cycle.

Key results are time-bound within their cycle: a due date before the cycle starts or
after it ends belongs to another cycle.

PASS:
        due: 2026-11-30          # cycle 2026-10-01 .. 2026-12-31

FAIL:
        due: 2027-03-31
"""

from okrcli.checks.base import WARNING, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR204", "due-outside-cycle", WARNING, __doc__)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        cycle = ctx.cycle(doc.cycle)
        if cycle is None:
            continue
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                if kr.due is not None and not cycle.start <= kr.due <= cycle.end:
                    yield handle, Finding(
                        RULE.code,
                        f"due {kr.due} is outside cycle {cycle.id} ({cycle.start} to "
                        f"{cycle.end}): move it into the cycle or to the next one",
                        ("objectives", oi, "key_results", ki, "due"),
                    )
