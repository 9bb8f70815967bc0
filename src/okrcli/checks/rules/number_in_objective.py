"""A number in an objective's title.

Objectives are qualitative and inspiring; numbers belong in key results. ASCII and
full-width digits count; a year, a quarter, a half or a fiscal label (2026年, Q3, H1,
FY21) does not.

Chinese numerals count when they count something: a numeral before a measure word
(三场, 十家, 两个, 五款, 二十家, 一百位, 三大). A year or a quarter (二〇二六年,
四季度), an ordinal (第一, 第三方), a lone 一, which reads as "a" (一个, 一批, 一流,
统一, 一起, 一定, 唯一, 一体化), and idioms (十分, 万一, 千家万户) do not.

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: east
        title: 2026年打开华东市场
        aligns_to: company/customers

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: first, title: 成为客户的第一选择, aligns_to: company/customers}
      - {id: best, title: 打造一流、统一的一体化服务, aligns_to: company/customers}
      - {id: grow, title: 和客户一起成长，一定守住口碑, aligns_to: company/customers}
      - {id: only, title: 做唯一让人十分放心的供货商, aligns_to: company/customers}
      - {id: year, title: 二〇二六年四季度万一断货也不慌, aligns_to: company/customers}

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - id: east
        title: 华东市场占有率提高10%
               ^ OKR206
        aligns_to: company/customers

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: salon, title: 举办三场行业沙龙, aligns_to: company/customers}
                           ^ OKR206
      - {id: shops, title: 开拓十家核心渠道, aligns_to: company/customers}
                           ^ OKR206
      - {id: lines, title: 打造两个明星品类, aligns_to: company/customers}
                           ^ OKR206
      - {id: goods, title: 推出五款自有品牌商品, aligns_to: company/customers}
                           ^ OKR206
      - {id: chain, title: 签下二十家连锁超市, aligns_to: company/customers}
                           ^ OKR206
"""

import re

from okrcli.checks.base import PRACTICE, WARNING, Context, Found, Rule
from okrcli.i18n import N_, _

RULE = Rule("OKR206", "number-in-objective", WARNING, PRACTICE, __doc__ or "")
# What it reads: its own file, okr.yaml and today (no other file).
SCOPE = "file"

MESSAGE = N_("a number in an objective's title: say what you want in words and move the "
             "number into a key result")
LABELS = re.compile(
    r"(?:FY|财年)\s*[0-9０-９]{2,4}|(?:19|20|１９|２０)[0-9０-９]{2}\s*(?:年|财年|年度)?"
    r"|\b[QqHh][1-4１-４]\b|第?[一二三四1-4１-４]季度",
)
DIGIT = re.compile(r"[0-9０-９]")

# Chinese numerals: a run of them, with the ordinal 第 it may follow. The run is maximal
# and nothing comes after it in the pattern, so finditer reads each character once.
NUMERALS = "零〇一二两三四五六七八九十百千万亿几"
NUMERAL = re.compile(f"第?[{NUMERALS}]+")
DIGITS = frozenset("零〇一二三四五六七八九")  # of a year written out: 二〇二六年
# Measure words: what a numeral before them counts (三场, 十家, 两个, 五款, 三大).
MEASURES = frozenset("个位名人家户场款项次件条种类套台本篇份单笔张支只所座间"
                     "届期批元块天周年倍成分大省城")
LONGER = ("小时", "分钟")
# Numerals as words, not counts (十分 is "very", 万一 "in case"); taken out before the
# runs are read, but not from inside a longer numeral (九十分, 十万一千).
IDIOMS = re.compile(f"(?<![{NUMERALS}])(?:千家万户|万家灯火|百家争鸣|百年|十分(?!之)|万分|万一"
                    f"|二次|双十一|双十二)(?![{NUMERALS}])")


def counted(title: str) -> bool:
    """Whether a Chinese numeral of the title counts something (see the docstring)."""
    text = IDIOMS.sub(" ", title)
    for match in NUMERAL.finditer(text):
        run, end = match.group(), match.end()
        if run[0] == "第" or run == "一" or set(run) == {"几"}:
            continue  # an ordinal, "a", "a few"
        if end == len(text) or (text[end] not in MEASURES and not text.startswith(LONGER, end)):
            continue  # no measure word: not a count
        if len(run) == 4 and set(run) <= DIGITS and text[end] == "年":
            continue  # a year
        return True
    return False


def numbered(title: str) -> bool:
    """Whether an objective's title holds a number: digits or a Chinese count."""
    title = LABELS.sub("", title)
    return bool(DIGIT.search(title)) or counted(title)


def check(ctx: Context) -> Found:
    for handle, doc in ctx.files:
        for oi, objective in enumerate(doc.objectives):
            if numbered(objective.title):
                yield handle, RULE.at(_(MESSAGE), ("objectives", oi, "title"))
