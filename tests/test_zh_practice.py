"""The practice rules read Chinese: OKR206 counts Chinese numerals used as counts in an
objective's title (三场, 十家), not idioms (一流, 第一); OKR207 knows Chinese activity words
(拜访, 推动, 落实 ...). Their messages follow the language; codes and names do not."""

from __future__ import annotations

import json
import time

import pytest

from okrcli.checks.rules import activity_key_result as okr207
from okrcli.checks.rules import number_in_objective as okr206

# An objective's title -> whether OKR206 flags it.
OBJECTIVES = [
    # Chinese numerals before a measure word: a count.
    ("举办三场行业沙龙", True),
    ("开拓十家核心渠道", True),
    ("打造两个明星品类", True),
    ("推出五款自有品牌商品", True),
    ("签下二十家连锁超市", True),
    ("服务一百位重点客户", True),
    ("拿下一万户商家", True),
    ("打开三大区域市场", True),
    ("两个月内打开华东市场", True),
    ("把客户流失减少三成", True),
    ("订单处理时间缩短到两小时", True),
    ("客户满意度达到九十分", True),
    ("营收突破一千万元", True),
    ("发展几十家区域代理", True),
    ("十一家门店开业", True),
    ("在第一季度之后再开三家仓库", True),
    ("建立十万一千家的供应商库", True),
    ("打造百分之十的复购增长", True),
    # Digits, as before.
    ("华东市场占有率提高10%", True),
    ("开拓１０家渠道", True),
    # Not a count: idioms, ordinals, a lone 一 ("a"), labels.
    ("打造一流的分销平台", False),
    ("成为客户的第一选择", False),
    ("建立统一的供应链", False),
    ("和客户一起成长", False),
    ("一定守住口碑", False),
    ("做客户唯一的供货商", False),
    ("推进仓配一体化", False),
    ("万一断货也能准时交付", False),
    ("吸引并留住一批活跃客户", False),
    ("打造一个可靠的平台", False),
    ("让客户十分满意", False),
    ("让商品走进千家万户", False),
    ("打造百年老店", False),
    ("提升客户二次购买意愿", False),
    ("打赢双十一大促", False),
    ("引入第三方物流伙伴", False),
    ("做好几个核心品类", False),
    ("二〇二六年打开华东市场", False),
    ("二零二六年度打开华东市场", False),
    ("四季度打开华东市场", False),
    ("第四季度打开华东市场", False),
    ("2026年打开华东市场", False),
    ("Q4 打开华东市场", False),
    ("深耕一二线城市", False),
    ("拓展四川市场", False),
    ("拓展五金品类", False),
    ("实现零投诉", False),
    ("扩大客户规模,打开区域市场", False),
    ("让客户满意并愿意再次下单", False),
    ("Win loyal customers", False),
    ("", False),
]

# A key result's title -> the activity word OKR207 reports, or None.
KEY_RESULTS = [
    ("拜访华东地区重点客户", "拜访"),
    ("推动渠道合作落地", "推动"),
    ("跟进展会获得的销售线索", "跟进"),
    ("负责华东区域的客户开发", "负责"),
    ("组织线下推广活动", "组织"),
    ("开展社交媒体营销", "开展"),
    ("落实年度品牌推广计划", "落实"),
    ("  拜访重点客户", "拜访"),
    ("协助销售部开拓华东市场", "协助"),
    ("参与供应商评估", "参与"),
    ("Support the sales team", "Support"),
    ("help sales", "help"),
    # At the start only; 组织 as a noun is the organisation.
    ("重点客户拜访后签约率达到30%", None),
    ("渠道合作在年底前推动落地", None),
    ("组织架构调整到位", None),
    ("组织结构完成调整", None),
    ("组织能力评估得分达到80分", None),
    ("组织效能提升20%", None),
    ("组织文化调研满意度达到90%", None),
    ("客户支持满意度达到90%", None),
    ("年度品牌推广计划全部落实", None),
    ("新签约客户达到120家", None),
    ("helpdesk tickets under 50", None),
]


@pytest.mark.parametrize(("title", "flagged"), OBJECTIVES, ids=[t or "empty" for t, _ in
                                                               OBJECTIVES])
def test_number_in_objective(title, flagged):
    assert okr206.numbered(title) is flagged


@pytest.mark.parametrize(("title", "word"), KEY_RESULTS, ids=[t for t, _ in KEY_RESULTS])
def test_activity_key_result(title, word):
    assert okr207.activity(title) == word


@pytest.mark.parametrize("title", [
    "三" * 50_000,  # one long run of numerals without a measure word
    "三四" * 25_000 + "家",  # the run counts only at its very end
    "第三" * 25_000,  # ordinals, each one a run
    "十分" * 25_000,  # idioms back to back
    "一流" * 25_000,
    "三十" * 12_500 + "a" * 25_000,
    "组织" * 25_000,
])
def test_matching_is_linear(title):
    # 100 times the longest title okr reads (OKR014: 500 characters): a quadratic match
    # would take minutes, a linear one takes milliseconds.
    start = time.perf_counter()
    okr206.numbered(title)
    okr207.activity(title)
    assert time.perf_counter() - start < 1.0


def _workspace(example):
    sales = example / "okrs" / "2026-Q4" / "sales.yaml"
    text = sales.read_text(encoding="utf-8")
    text = text.replace("title: 扩大客户规模,打开区域市场", "title: 扩大客户规模,新开十家区域门店")
    text = text.replace("title: 新签约客户达到120家", "title: 拜访并签约新客户达到120家")
    sales.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("lang", "m206", "m207"), [
    ("zh-CN", "目标的标题里有数字：用文字写出想要达成什么，把数字移到关键结果里",
     "关键结果以动作词 '拜访' 开头：写出做成之后会是什么结果，并用数字衡量"),
    ("en", "a number in an objective's title: say what you want in words and move the number "
     "into a key result", "key result starts with the activity '拜访': say what will be true "
     "when it is done, with a number"),
])
def test_messages_follow_the_language(okr, example, lang, m206, m207):
    _workspace(example)
    result = okr("--lang", lang, "check", "--format", "json", env={"OKR_NO_CACHE": "1"})
    assert result.exit_code == 0
    found = {d["code"]: d for d in json.loads(result.stdout)}
    assert (found["OKR206"]["name"], found["OKR206"]["severity"]) == (
        "number-in-objective", "warning")
    assert (found["OKR207"]["name"], found["OKR207"]["severity"]) == (
        "activity-key-result", "warning")
    assert found["OKR206"]["message"] == m206
    assert found["OKR207"]["message"] == m207
    assert (found["OKR206"]["line"], found["OKR207"]["line"]) == (5, 10)


def test_the_example_raises_neither(okr):
    result = okr("check", "--format", "json")
    assert {d["code"] for d in json.loads(result.stdout)}.isdisjoint({"OKR206", "OKR207"})
