"""okr report --retro: the 复盘 of a cycle (markdown, json, html), on a copy of the example
with a closed 2026-Q3 built here: grades, outcomes, retro notes, confidences, a moved
goalpost, a drop, corrections after the close, one objective carried into 2026-Q4 and one
carried in from 2026-Q2."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, golden, without_q3

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
        reason: 结转到 2026-Q4
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
    without_q3(shutil.copytree(EXAMPLE, target))
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


def data(ws: Okr, *args: str, lang: str = "en") -> dict:
    result = ws("--lang", lang, "report", "--retro", "--format", "json", *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_workspace_is_clean_but_for_what_the_retro_must_bear(ws):
    """Its only errors are the two it has on purpose: a check-in after the close (which the
    retro, scored on the close day, leaves out) and a carried_from into a cycle without
    files (which the retro still lists as carried in)."""
    result = ws("check", "--format", "json")
    errors = [(f["path"], f["code"]) for f in json.loads(result.stdout)
              if f["severity"] == "error"]
    assert errors == [("okrs/2026-Q3/marketing.yaml", "OKR119"),
                      ("okrs/2026-Q3/marketing.yaml", "OKR118")], result.stdout


# --- the sections ----------------------------------------------------------------------


def test_the_latest_closed_cycle_scored_on_its_close_day(ws):
    found = data(ws)
    assert (found["cycle"], found["closed"], found["as_of"]) == ("2026-Q3", "2026-10-09",
                                                                   "2026-10-09")
    assert (found["commit"], found["uncommitted"]) == (None, None)
    assert set(found) == {"cycle", "closed", "as_of", "objectives", "committed_short",
                          "too_safe", "goalposts", "drops", "carried", "carried_in", "notes",
                          "corrections", "calibration", "commit", "uncommitted"}


def test_every_objective_with_its_grade_band_and_outcome_by_owner(ws):
    rows = {o["ref"]: o for o in data(ws)["objectives"]}
    assert list(rows) == ["company/launch", "purchasing/suppliers", "sales/channels",
                          "sales/pricing", "marketing/brand"]  # okr.yaml's owner order
    shown = {ref: (o["grade"], o["band"], o["outcome"], o["outcome_derived"])
             for ref, o in rows.items()}
    assert shown == {
        "company/launch": (1.0, "green", "achieved", False),
        "purchasing/suppliers": (0.6, "yellow", "partial", False),
        "sales/channels": (0.65, "yellow", "carried", False),  # the dropped KR counts not
        "sales/pricing": (0.8, "green", "partial", True),  # committed: derived, not achieved
        "marketing/brand": (pytest.approx(0.98), "green", "achieved", False),
    }
    assert rows["sales/pricing"]["name"] == "销售部"
    assert rows["company/launch"]["retro"] == "上线节奏把控得好，下季度重点转向规模"


def test_committed_short_and_too_safe(ws):
    found = data(ws)
    assert found["committed_short"] == [{"ref": "sales/pricing", "owner": "sales",
                                         "name": "销售部", "title": "建立分销价格体系",
                                         "grade": 0.8}]
    assert found["too_safe"] == [{"owner": "marketing", "name": "市场部"}]


def test_a_moved_goalpost_with_the_grade_against_the_original_and_the_final(ws):
    (moved,) = data(ws)["goalposts"]
    assert moved == {"ref": "sales/channels/dealers", "owner": "sales", "name": "销售部",
                     "title": "签约经销商40家", "date": "2026-08-20", "field": "target",
                     "old": 60, "new": 40, "reason": "招商团队到岗晚了一个月",
                     "grade_original": pytest.approx(26 / 60), "grade_final": 0.65}


def test_drops_carry_overs_notes_and_corrections(ws):
    found = data(ws)
    assert found["drops"] == [{"ref": "sales/channels/online-share", "owner": "sales",
                               "name": "销售部", "title": "线上订单占比达到30%",
                               "kind": "key_result", "date": "2026-08-10",
                               "reason": "线上渠道先做区域试点"}]
    assert found["carried"] == [{"ref": "sales/channels", "owner": "sales",
                                 "title": "打通线上分销渠道", "to": "2026-Q4",
                                 "to_ref": "sales/channels"}]
    assert found["carried_in"] == [{"ref": "marketing/brand", "owner": "marketing",
                                    "title": "建立品牌认知",
                                    "from": "2026-Q2/marketing/brand"}]
    assert [(n["ref"], n["field"]) for n in found["notes"]] == [
        ("company/launch", "retro"), ("sales/channels", "retro"),
        ("sales/pricing/price-list", "grade_note")]
    assert [(c["date"], c["ref"], c["field"], c["old"], c["new"], c["reason"])
            for c in found["corrections"]] == [
        ("2026-10-12", "sales/pricing/price-list", "grade", 1.0, 0.8, "华南区域未执行统一价格"),
        ("2026-10-15", "sales/channels", "outcome", "partial", "carried", "结转到 2026-Q4")]


def test_the_brier_score_by_hand(ws):
    calibration = {c["owner"]: (c["brier"], c["checkins"]) for c in data(ws)["calibration"]}
    # company: both KRs reached: (0.9-1)² + (0.8-1)² + (0.9-1)² over 3
    assert calibration["company"] == (pytest.approx((0.01 + 0.04 + 0.01) / 3), 3)
    # sales: dealers not reached (0.6² + 0.5² + 0.4²), price-list done ((0.7-1)²); the
    # dropped online-share's 0.5 does not count
    assert calibration["sales"] == (pytest.approx((0.36 + 0.25 + 0.16 + 0.09) / 4), 4)
    # marketing: leads ended at 480 of 500 on the close day (the check-in of 2026-10-11,
    # after the close, is not counted): 0.9² + 0.95²
    assert calibration["marketing"] == (pytest.approx((0.81 + 0.9025) / 2), 2)
    assert calibration["purchasing"] == (None, 0)


def test_brier_and_the_first_goalposts_are_pure():
    import datetime as dt

    from okrcli import grading
    from okrcli.model import KeyResult

    assert grading.brier([]) is None
    assert grading.brier([(0.8, True), (0.3, False)]) == pytest.approx((0.04 + 0.09) / 2)
    assert grading.brier([(1.0, False)]) == 1.0
    kr = KeyResult.model_validate({
        "id": "k", "title": "t", "start": 5, "target": 40, "due": "2026-09-01",
        "changes": [
            {"date": "2026-08-20", "field": "target", "old": 50, "new": 40, "reason": "r"},
            {"date": "2026-07-10", "field": "target", "old": 60, "new": 50, "reason": "r"},
            {"date": "2026-07-15", "field": "start", "old": 0, "new": 5, "reason": "r"},
            {"date": "2026-07-20", "field": "due", "old": None, "new": "2026-09-01",
             "reason": "r"},
            {"date": "2026-10-12", "field": "grade", "old": 1, "new": 0.8, "reason": "r"}]})
    assert grading.first_goalposts(kr) == {"start": 0, "target": 60, "due": None,
                                           "above": None, "below": None}
    first = grading.as_first_set(kr)
    assert (first.start, first.target, first.due, first.changes) == (0, 60, None, [])
    assert kr.target == 40 and kr.due == dt.date(2026, 9, 1)  # the original is untouched


def test_which_cycle_by_default():
    import datetime as dt

    from okrcli.model import Config
    from okrcli.services.retro import retro_cycle

    def config(*cycles: dict) -> Config:
        return Config.model_validate({"cycles": list(cycles)})

    q2 = {"id": "2026-Q2", "start": "2026-04-01", "end": "2026-06-30"}
    q3 = {"id": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"}
    q4 = {"id": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}
    day = dt.date(2026, 11, 26)
    closed_q2 = {**q2, "closed": "2026-07-05"}
    assert retro_cycle(config(closed_q2, q3, q4), None, day).id == "2026-Q2"  # closed wins
    assert retro_cycle(config(q2, q3, q4), None, day).id == "2026-Q3"  # else the last ended
    assert retro_cycle(config(q4), None, day).id == "2026-Q4"  # else the current one
    assert retro_cycle(config(q2, q3, q4), "2026-Q4", day).id == "2026-Q4"
    # closed after the day asked about: not closed yet on that day
    late = {**q3, "closed": "2026-12-01"}
    assert retro_cycle(config(q2, late, q4), None, day).id == "2026-Q3"


def test_an_open_cycle_is_scored_on_today_and_says_so(ws):
    found = data(ws, "--cycle", "2026-Q4")
    assert (found["cycle"], found["closed"], found["as_of"]) == ("2026-Q4", None,
                                                                   "2026-11-26")
    assert found["carried_in"] == [{"ref": "sales/channels", "owner": "sales",
                                    "title": "打通线上分销渠道",
                                    "from": "2026-Q3/sales/channels"}]
    assert found["goalposts"][0]["ref"] == "sales/growth/new-customers"
    assert all(o["outcome_derived"] for o in found["objectives"])
    out = ws("report", "--retro", "--cycle", "2026-Q4").stdout
    assert "still running: these grades are today's scores (2026-11-26)" in out


def test_window_options_are_refused_and_o_writes_a_file(ws, tmp_path):
    result = ws("report", "--retro", "--since", "2026-11-01")
    assert result.exit_code == 2 and "--since" in result.stderr and result.stdout == ""
    result = ws("report", "--retro", "--cycle", "2099-Q1")
    assert result.exit_code == 1 and "unknown cycle" in result.stderr
    target = tmp_path / "retro.md"
    result = ws("report", "--retro", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Retrospective · 星链分销 · 2026-Q3")


def test_a_broken_file_of_a_later_cycle_is_named(ws):
    (ws.root / "okrs" / "2026-Q4" / "broken.yaml").write_text(
        "owner: sales\ncycle: 2026-Q4\nobjectives: [\n", encoding="utf-8")
    result = ws("report", "--retro", "--format", "json")
    assert result.exit_code == 1 and "broken.yaml" in result.stderr
    assert json.loads(result.stdout)["cycle"] == "2026-Q3"  # everything it could, shown


# --- the formats -----------------------------------------------------------------------


def test_markdown_golden(ws):
    result = ws("report", "--retro")
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == ["## Grades and outcomes", "## Committed objectives under 100%",
                        "## Goals that may be too safe", "## Moved goalposts", "## Dropped",
                        "## Carried over", "## Retro notes", "## Corrections after the close",
                        "## Confidence calibration"]
    assert "| 建立分销价格体系 *(committed)* · `sales/pricing` | 80% | green | " \
        "partial (derived) |" in result.stdout
    assert "| 市场部 | 0.86 | 2 |" in result.stdout and "no confidence recorded" in result.stdout
    golden("retro.md", result.stdout)


def test_markdown_golden_in_chinese(ws):
    result = ws("--lang", "zh-CN", "report", "--retro")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# 复盘 · 星链分销 · 2026-Q3\n")
    for words in ("已于 2026-10-09 关闭周期", "部分达成（推算）", "已结转", "布里尔分数",
                  "信心校准", "未记录信心指数", "结转自 `2026-Q2/marketing/brand`"):
        assert words in out, words
    golden("retro.zh-CN.md", out)


def test_json_golden(ws):
    result = ws("report", "--retro", "--format", "json")
    assert result.exit_code == 0, result.stderr
    golden("retro.json", result.stdout)


def test_html_golden_self_contained(ws):
    result = ws("report", "--retro", "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in page
    assert '<h2 id="history">' in page and "<svg" in page  # grades across cycles
    names = page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, not fetched
    for fetched in ("<script", "<link", "src=", "url(", "http://", "https://"):
        assert fetched not in names, fetched
    assert "26 / 60" not in page and "43%" in page and "65%" in page  # the goalpost's grades
    golden("retro.html", page)


def test_the_history_chart_has_its_slot(tmp_path):
    import datetime as dt

    from okrcli.render import retrohtml
    from okrcli.services import open_session
    from okrcli.services.retro import retro

    result = retro(open_session(retro_workspace(tmp_path / "ws")), None, dt.date(2026, 11, 26))
    assert 'id="history"' not in retrohtml.page(result)
    page = retrohtml.page(result, history_chart='<svg class="history-chart"></svg>')
    assert '<div class="history"><svg class="history-chart"></svg></div>' in page
    assert page.index('id="history"') < page.index('id="short"')


def test_chinese_throughout_and_json_the_same_in_both_languages(ws, tmp_path):
    from test_zh_everything import leaks

    for args in ((), ("--cycle", "2026-Q4")):
        out = ws("--lang", "zh-CN", "report", "--retro", *args).stdout
        assert leaks(out) == [], leaks(out)
    page = tmp_path / "retro.html"
    assert ws("--lang", "zh-CN", "report", "--retro", "-f", "html", "-o", str(page)
              ).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    body = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert leaks(body) == [], leaks(body)
    assert data(ws) == data(ws, lang="zh-CN")


# --- hostile text ----------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Okr:
    """The hostile corpus of test_hostile_output, with a retro note, a grade note and a
    correction of its own."""
    from test_hostile_output import EVIL, FILE, TITLE, hostile_workspace

    root = hostile_workspace(tmp_path / "ws")
    evil = EVIL.replace("        changes:\n",
                        f'        grade_note: "{TITLE}"\n        changes:\n', 1)
    evil += (f'    outcome: missed\n    retro: "{TITLE}"\n    changes:\n'
             f'      - date: 2026-11-25\n        field: retro\n        old: "{TITLE}"\n'
             f'        new: "{TITLE}"\n        reason: "{TITLE}"\n')
    (root / "okrs" / "2026-Q4" / FILE).write_text(evil, encoding="utf-8")
    return Okr(root)


def test_hostile_text_is_shown_never_obeyed(hostile):
    from test_hostile_output import (
        NAME,
        TITLE,
        WORDS,
        Page,
        assert_markdown_shows_text,
        assert_plain,
        decoded,
        strict_json,
    )

    result = hostile("report", "--retro", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    found = strict_json(result.stdout)
    title = decoded(TITLE)
    assert {n["text"] for n in found["notes"]} == {title}
    assert [g["reason"] for g in found["goalposts"]] == [title]
    assert [c["reason"] for c in found["corrections"]] == [title]
    assert [d["reason"] for d in found["drops"]] == [title]
    assert decoded(NAME) in {c["name"] for c in found["calibration"]}

    markdown = hostile("report", "--retro")
    assert markdown.exit_code == 0, markdown.stderr
    assert_plain(markdown.stdout)
    page = assert_markdown_shows_text(markdown.stdout)
    text = page.plain.replace("@\u200b", "@")
    for word in WORDS:
        assert word in text, word
    for line in markdown.stdout.splitlines():  # a line break in user text starts no line
        assert line == "" or line.startswith(("#", "|", "- ", "_")), line

    html = hostile("report", "--retro", "--format", "html")
    assert html.exit_code == 0, html.stderr
    assert_plain(html.stdout)
    parsed = Page(html.stdout)
    assert parsed.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2",
                           "h3", "p", "div", "b", "span", "table", "tr", "th", "td", "ul",
                           "li", "i", "code",
                           # the chart across cycles (okr history's inline SVG)
                           "svg", "g", "rect", "line", "polyline", "circle", "text",
                           "path"}, parsed.tags
    assert parsed.comments == []
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    for word in WORDS:
        assert word in parsed.plain, word
