"""A key result that reads as an activity, not an outcome.

A key result says what will be true, not what we will do. Titles that start with an
activity word (help, support, participate, assist, consult, analyze; 协助, 参与, 支持, 配合,
帮助, 分析, 拜访, 推动, 跟进, 负责, 组织, 开展, 落实 ...) describe work. The match is at the
start only, so 客户支持满意度 passes; so does 组织 as a noun (组织架构, 组织能力): the
organisation, not organising.

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

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: east
        title: 打开华东市场
        aligns_to: company/customers
        key_results:
          - {id: signed, title: 重点客户拜访后签约率达到30%, start: 10, target: 30, unit: "%"}
          - {id: structure, title: 组织架构调整到位, kind: milestone}
          - {id: skills, title: 组织能力评估得分达到80分, start: 60, target: 80, unit: 分}

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: east
        title: 打开华东市场
        aligns_to: company/customers
        key_results:
          - {id: visits, title: 拜访华东地区重点客户, kind: milestone}
                                ^ OKR207
          - {id: push, title: 推动渠道合作落地, kind: milestone}
                              ^ OKR207
          - {id: leads, title: 跟进展会获得的销售线索, kind: milestone}
                               ^ OKR207
          - {id: owner, title: 负责华东区域的客户开发, kind: milestone}
                               ^ OKR207

FAIL:
    owner: marketing
    cycle: 2026-Q4
    objectives:
      - id: awareness
        title: 提高分销平台的市场知名度
        aligns_to: company/customers
        key_results:
          - {id: events, title: 组织线下推广活动, kind: milestone}
                                ^ OKR207
          - {id: media, title: 开展社交媒体营销, kind: milestone}
                               ^ OKR207
          - {id: plan, title: 落实年度品牌推广计划, kind: milestone}
                              ^ OKR207
"""

import re

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import N_, _

RULE = Rule("OKR207", "activity-key-result", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"

ENGLISH = ("help", "helps", "helping", "support", "supporting", "participate", "participating",
           "assist", "assisting", "consult", "consulting", "analyze", "analyse", "analyzing",
           "attend", "coordinate", "work on", "try to", "contribute to", "be involved")
CHINESE = ("协助", "参与", "支持", "配合", "帮助", "分析", "协调", "跟进", "尝试", "研究",
           "负责", "努力", "拜访", "推动", "组织", "开展", "落实")
# Words that start with an activity word and are nouns: the organisation, not organising.
NOUNS = {"组织": ("架构", "结构", "能力", "效能", "文化")}
PATTERN = re.compile(
    r"^\s*(?:(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b|"
    + "|".join(re.escape(w) + (f"(?!{'|'.join(NOUNS[w])})" if w in NOUNS else "")
               for w in CHINESE) + ")",
    re.IGNORECASE,
)
MESSAGE = N_("key result starts with the activity {word}: say what will be true when it is "
             "done, with a number")


def activity(title: str) -> str | None:
    """The activity word a key result's title starts with, or None."""
    match = PATTERN.match(title)
    return match.group().strip() if match else None


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                word = activity(kr.title)
                if word is not None:
                    yield handle, RULE.at(_(MESSAGE).format(word=repr(word)),
                                          ("objectives", oi, "key_results", ki, "title"))
