"""A check-in dated after its key result, or its objective, was dropped.

A dropped key result is out of every score from its drop date on, and so is every key
result of a dropped objective (`okr objective drop` writes the drop on both, but the
objective's own `dropped` is enough): a value measured after that day counts for nothing
and usually went to the wrong key result (`okr checkin` refuses it). A check-in on the
drop date itself is allowed: the last value, recorded as the key result is dropped. Of
two drops (the key result's and its objective's) the earlier counts. Move the check-in
to the key result it belongs to, or delete it.

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        key_results:
          - id: agents
            title: 西南区域签约代理商5家
            start: 0
            target: 5
            unit: 家
            dropped:
              date: 2026-11-05
              reason: 市场变化,资源集中到华东
            checkins:
              - {date: 2026-10-16, value: 1}
              - {date: 2026-11-05, value: 2}

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        key_results:
          - id: agents
            title: 西南区域签约代理商5家
            start: 0
            target: 5
            unit: 家
            dropped:
              date: 2026-11-05
              reason: 市场变化,资源集中到华东
            checkins:
              - {date: 2026-10-16, value: 1}
              - {date: 2026-11-20, value: 2}
                       ^ OKR117

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: growth
        title: 扩大华东市场的客户群
        dropped:
          date: 2026-11-05
          reason: 销售重组,目标并入公司级
        key_results:
          - id: agents
            title: 西南区域签约代理商5家
            start: 0
            target: 5
            unit: 家
            checkins:
              - {date: 2026-11-05, value: 1}
              - {date: 2026-11-20, value: 2}
                       ^ OKR117
"""

from collections.abc import Iterator

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding
from okrcli.i18n import _
from okrcli.model import OkrFile, drop_of

RULE = Rule("OKR117", "checkin-after-drop", ERROR, FILE, __doc__ or "")


def check_file(doc: OkrFile) -> Iterator[Finding]:
    for oi, objective in enumerate(doc.objectives):
        for ki, kr in enumerate(objective.key_results):
            drop = drop_of(objective, kr)
            if drop is None:
                continue
            dropped, by_objective = drop
            for ci, checkin in enumerate(kr.checkins):
                if checkin.date > dropped.date:
                    message = (_("check-in of {date} is after its objective was dropped on "
                                 "{dropped}") if by_objective else
                               _("check-in of {date} is after the key result was dropped on "
                                 "{dropped}"))
                    yield RULE.at(
                        message.format(date=checkin.date, dropped=dropped.date),
                        ("objectives", oi, "key_results", ki, "checkins", ci, "date"))
