"""okr report --retro: the 复盘 of a cycle (markdown, json, html), on a copy of the example
with a closed 2026-Q3 built here: grades, outcomes, retro notes, confidences, a moved
goalpost, a drop, corrections after the close, one objective carried into 2026-Q4 and one
carried in from 2026-Q2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, golden  # noqa: F401

CYCLES = """  - id: 2026-Q2
    start: 2026-04-01
    end: 2026-06-30
  - id: 2026-Q3
    start: 2026-07-01
    end: 2026-09-30
    closed: 2026-10-09
"""
COMPANY = """owner: company
cycle: 2026-Q3
objectives:
  - id: launch
    title: 平台上线并跑通第一批交易
    committed: true
    key_results:
      - id: go-live
        title: 平台7月底前上线
        kind: milestone
        due: 2026-07-31
        checkins:
          - date: 2026-07-28
            value: true
            confidence: 0.9
        grade: 1.0
      - id: first-orders
        title: 完成首批100笔订单
        start: 0
        target: 100
        unit: 笔
        checkins:
          - date: 2026-08-15
            value: 40
            confidence: 0.8
          - date: 2026-09-25
            value: 100
            confidence: 0.9
        grade: 1.0
    outcome: achieved
    retro: 上线节奏把控得好，下季度重点转向规模
"""
SALES = """owner: sales
cycle: 2026-Q3
objectives:
  - id: channels
    title: 打通线上分销渠道
    aligns_to: company/launch
    key_results:
      - id: dealers
        title: 签约经销商40家
        start: 0
        target: 40
        unit: 家
        changes:
          - date: 2026-08-20
            field: target
            old: 60
            new: 40
            reason: 招商团队到岗晚了一个月
        checkins:
          - date: 2026-07-15
            value: 5
            confidence: 0.6
          - date: 2026-08-31
            value: 18
            confidence: 0.5
          - date: 2026-09-30
            value: 26
            confidence: 0.4
        grade: 0.65
      - id: online-share
        title: 线上订单占比达到30%
        start: 0
        target: 30
        unit: "%"
        checkins:
          - date: 2026-07-20
            value: 3
            confidence: 0.5
        dropped:
          date: 2026-08-10
          reason: 线上渠道先做区域试点
    outcome: carried
    retro: 渠道招募比预期慢，下季度先做区域试点
    changes:
      - date: 2026-10-15
        field: outcome
        old: partial
        new: carried
        reason: carried to 2026-Q4
  - id: pricing
    title: 建立分销价格体系
    committed: true
    key_results:
      - id: price-list
        title: 发布统一价格表
        kind: milestone
        checkins:
          - date: 2026-09-10
            value: true
            confidence: 0.7
        changes:
          - date: 2026-10-12
            field: grade
            old: 1.0
            new: 0.8
            reason: 华南区域未执行统一价格
        grade: 0.8
        grade_note: 价格表已发布，但华南区域未执行
"""
MARKETING = """owner: marketing
cycle: 2026-Q3
objectives:
  - id: brand
    title: 建立品牌认知
    carried_from: 2026-Q2/marketing/brand
    key_results:
      - id: leads
        title: 获取销售线索500条
        start: 0
        target: 500
        unit: 条
        checkins:
          - date: 2026-08-01
            value: 200
            confidence: 0.9
          - date: 2026-09-28
            value: 480
            confidence: 0.95
          - date: 2026-10-11
            value: 500
            confidence: 1.0
        grade: 0.96
      - id: conversion
        title: 官网转化率保持在2%以上
        kind: threshold
        above: 2
        unit: "%"
        checkins:
          - date: 2026-09-30
            value: 2.4
        grade: 1.0
    outcome: achieved
"""
PURCHASING = """owner: purchasing
cycle: 2026-Q3
objectives:
  - id: suppliers
    title: 引入首批供应商
    key_results:
      - id: signed
        title: 签约供应商20家
        start: 0
        target: 20
        unit: 家
        checkins:
          - date: 2026-09-20
            value: 12
        grade: 0.6
    outcome: partial
"""
CARRIED = """  - id: channels
    title: 打通线上分销渠道
    carried_from: 2026-Q3/sales/channels
    key_results:
      - id: dealers
        title: 签约经销商40家
        start: 26
        target: 40
        unit: 家
"""


def retro_workspace(target: Path) -> Path:
    """A copy of the example with the closed 2026-Q3 above (and an empty 2026-Q2)."""
    shutil.copytree(EXAMPLE, target)
    config = target / "okr.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("cycles:\n", "cycles:\n" + CYCLES, 1), encoding="utf-8")
    folder = target / "okrs" / "2026-Q3"
    folder.mkdir()
    for name, body in (("company", COMPANY), ("sales", SALES), ("marketing", MARKETING),
                       ("purchasing", PURCHASING)):
        (folder / f"{name}.yaml").write_text(body, encoding="utf-8")
    sales = target / "okrs" / "2026-Q4" / "sales.yaml"
    sales.write_text(sales.read_text(encoding="utf-8") + CARRIED, encoding="utf-8")
    return target


@pytest.fixture
def ws(tmp_path: Path) -> Okr:
    return Okr(retro_workspace(tmp_path / "ws"))


def data(ws: Okr, *args: str) -> dict:
    result = ws("report", "--retro", "--format", "json", *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_workspace_is_clean(ws):
    result = ws("check", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
