"""A stale key result (a nudge, not an error).

In a running cycle, a key result that is not done or dropped and whose latest check-in
(or the cycle's start, when it has none) is more than `stale_after_days` (14) days old.
Check in this week's value.

PASS:
          - date: 2026-11-20     # today 2026-11-26

FAIL:
          - date: 2026-10-30     # today 2026-11-26: 27 days ago
"""

from okrcli.checks.base import INFO, Context, Found, Rule
from okrcli.diagnostics import Finding

RULE = Rule("OKR209", "stale-key-result", INFO, __doc__)


def check(ctx: Context) -> Found:
    days = ctx.config.settings.stale_after_days
    for handle, doc in ctx.files:
        states = ctx.states(doc.cycle)
        for oi, objective in enumerate(doc.objectives):
            state = states.get(f"{doc.owner}/{objective.id}")
            if state is None:
                continue
            for ki, (kr, st) in enumerate(state.key_results):
                if st.stale:
                    since = st.last_checkin or "the cycle's start"
                    yield handle, Finding(
                        RULE.code,
                        f"{doc.owner}/{objective.id}/{kr.id} has no check-in since {since} "
                        f"(more than {days} days): okr checkin it",
                        ("objectives", oi, "key_results", ki, "id"), at_key=True,
                    )
