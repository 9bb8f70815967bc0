"""A number in an objective's title.

Objectives are qualitative and inspiring; numbers belong in key results. ASCII and
full-width digits count; a year, a quarter, a half or a fiscal label (2026年, Q3, H1,
FY21) does not.

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: east
        title: 2026年打开华东市场
        aligns_to: company/customers

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: east
        title: 华东市场占有率提高10%
               ^ OKR206
        aligns_to: company/customers
"""

import re

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule

RULE = Rule("OKR206", "number-in-objective", WARNING, PRACTICE, __doc__ or "")

LABELS = re.compile(
    r"(?:FY|财年)\s*[0-9０-９]{2,4}|(?:19|20|１９|２０)[0-9０-９]{2}\s*(?:年|财年|年度)?"
    r"|\b[QqHh][1-4１-４]\b|第?[一二三四1-4１-４]季度",
)
DIGIT = re.compile(r"[0-9０-９]")


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            if DIGIT.search(LABELS.sub("", objective.title)):
                yield handle, RULE.at(
                    "a number in an objective's title: say what you want in words and "
                    "move the number into a key result", ("objectives", oi, "title"))
