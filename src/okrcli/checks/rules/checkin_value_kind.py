"""A check-in value of the wrong kind.

Metrics and thresholds take numbers; milestones take true or false.

PASS:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: site
            title: 上线品牌官网
            kind: milestone
            checkins:
              - {date: 2026-11-02, value: true}

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        key_results:
          - id: site
            title: 上线品牌官网
            kind: milestone
            checkins:
              - {date: 2026-11-02, value: 1}
                                          ^ OKR108
"""

from collections.abc import Iterator

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding
from okrcli.i18n import _
from okrcli.model import OkrFile

RULE = Rule("OKR108", "checkin-value-kind", ERROR, FILE, __doc__ or "")


def check_file(doc: OkrFile) -> Iterator[Finding]:
    for oi, objective in enumerate(doc.objectives):
        for ki, kr in enumerate(objective.key_results):
            milestone = kr.kind == "milestone"
            # a file holds thousands of check-ins: only those of the wrong kind are placed
            wrong = [ci for ci, checkin in enumerate(kr.checkins)
                     if isinstance(checkin.value, bool) is not milestone]
            for ci in wrong:
                where = ("objectives", oi, "key_results", ki, "checkins", ci, "value")
                if milestone:
                    yield RULE.at(_("a milestone check-in value is true or false"), where)
                elif kr.kind == "threshold":
                    yield RULE.at(_("a threshold check-in value is a number, not true/false"),
                                  where)
                else:
                    yield RULE.at(_("a metric check-in value is a number, not true/false"),
                                  where)
