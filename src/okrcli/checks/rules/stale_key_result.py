"""A stale key result (a nudge, not an error).

In a running cycle, a key result that is not done or dropped and whose latest check-in
(or the cycle's start, when it has none) is more than `stale_after_days` (14) days old.
Check in this week's value.

PASS:
    # today: 2026-11-26
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: followers
            title: 社交媒体粉丝增长50%
            start: 10000
            target: 15000
            unit: 粉丝
            checkins:
              - {date: 2026-11-20, value: 11800}

FAIL:
    # today: 2026-11-26
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: followers
            ^ OKR209
            title: 社交媒体粉丝增长50%
            start: 10000
            target: 15000
            unit: 粉丝
            checkins:
              - {date: 2026-10-30, value: 10900}
"""

from okrcli.checks.base import INFO, PRACTICE, Context, Found, Rule
from okrcli.i18n import ngettext
from okrcli.refs import Ref, objective_ref

RULE = Rule("OKR209", "stale-key-result", INFO, PRACTICE, __doc__ or "")
# What it reads: its own file and the other files of its owner and cycle, okr.yaml, today.
SCOPE = "owner"


def check(ctx: Context) -> Found:
    days = ctx.config.settings.stale_after_days
    for handle, doc in ctx.files:
        states = ctx.states(doc.cycle)
        for oi, objective in enumerate(doc.objectives):
            state = states.get(objective_ref(doc.owner, objective.id))
            if state is None or state.objective is not objective:
                continue
            for ki, (kr, st) in enumerate(state.key_results):
                if st.stale:
                    ref = Ref(doc.owner, objective.id, kr.id)
                    where = ("objectives", oi, "key_results", ki)
                    if st.last_checkin:
                        # TRANSLATORS: "okr checkin it": check in the key result {ref}.
                        message = ngettext(
                            "{ref} has no check-in since {date} (more than {days} day): okr "
                            "checkin it", "{ref} has no check-in since {date} (more than "
                            "{days} days): okr checkin it", days)
                    else:
                        message = ngettext(
                            "{ref} has no check-in since the cycle's start (more than {days} "
                            "day): okr checkin it", "{ref} has no check-in since the cycle's "
                            "start (more than {days} days): okr checkin it", days)
                    yield handle, RULE.at(
                        message.format(ref=ref, date=st.last_checkin, days=days),
                        (*where, "id"), at_key=True, subject=where)
