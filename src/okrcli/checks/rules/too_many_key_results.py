"""An objective with more key results than `settings.lint.max_key_results` (5).

Many key results dilute an objective; pick the few that prove it. The finding points at
the first key result over the limit.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: followers, title: 社交媒体粉丝增长50%, start: 10000, target: 15000,
             unit: 粉丝}

FAIL:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
      - {id: marketing, parent: company}
    settings:
      lint: {max_key_results: 1}
    # file: okrs/marketing.yaml
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - {id: followers, title: 社交媒体粉丝增长50%, start: 10000, target: 15000,
             unit: 粉丝}
          - {id: events, title: 举办3场线下活动, start: 0, target: 3, unit: 场}
            ^ OKR203
"""

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import ngettext
from okrcli.refs import objective_ref

RULE = Rule("OKR203", "too-many-key-results", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"


def check(ctx: Context) -> Found:
    limit = ctx.config.settings.lint.max_key_results
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            count = len(objective.key_results)
            if count > limit:
                yield handle, RULE.at(
                    ngettext("objective {ref} has {count} key result (at most {limit}): "
                             "keep the few that prove it", "objective {ref} has {count} key "
                             "results (at most {limit}): keep the few that prove it",
                             count).format(ref=objective_ref(doc.owner, objective.id),
                                           count=count, limit=limit),
                    ("objectives", oi, "key_results", limit),
                    subject=("objectives", oi, "key_results"))
