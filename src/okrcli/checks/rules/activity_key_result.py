"""A key result that reads as an activity, not an outcome.

A key result says what will be true, not what we will do. Titles that start with an
activity word (help, support, participate, assist, consult, analyze; 协助, 参与, 支持, 配合,
帮助, 分析 ...) describe work. The match is at the start only, so 客户支持满意度 passes.

PASS:
    owner: service
    cycle: 2026-Q4
    objectives:
      - id: satisfaction
        title: 让客户满意
        key_results:
          - {id: complaints, title: 客户投诉率降至5%以下, start: 8, target: 5, unit: "%"}

FAIL:
    owner: service
    cycle: 2026-Q4
    objectives:
      - id: satisfaction
        title: 让客户满意
        key_results:
          - id: help
            title: 协助销售部开拓华东市场
                   ^ OKR207
            kind: milestone
"""

import re

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule

RULE = Rule("OKR207", "activity-key-result", WARNING, PRACTICE, __doc__ or "")

ENGLISH = ("help", "helps", "helping", "support", "supporting", "participate", "participating",
           "assist", "assisting", "consult", "consulting", "analyze", "analyse", "analyzing",
           "attend", "coordinate", "work on", "try to", "contribute to", "be involved")
CHINESE = ("协助", "参与", "支持", "配合", "帮助", "分析", "协调", "跟进", "尝试", "研究",
           "负责", "努力")
PATTERN = re.compile(
    r"^\s*(?:(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b|"
    + "|".join(CHINESE) + ")",
    re.IGNORECASE,
)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                match = PATTERN.match(kr.title)
                if match:
                    yield handle, RULE.at(
                        f"key result starts with the activity {match.group().strip()!r}: "
                        "say what will be true when it is done, with a number",
                        ("objectives", oi, "key_results", ki, "title"))
