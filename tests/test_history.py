"""okr history: each owner's score and grade per cycle, oldest first, on a workspace of
several cycles built here (the example's 2026-Q4, a closed 2026-Q3, an ended 2026-Q2, an
empty 2026-Q1 and a 2027-Q1 still to come)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import Okr, golden, without_q3

CYCLES = """cycles:
  - id: 2026-Q1
    start: 2026-01-01
    end: 2026-03-31
  - id: 2026-Q2
    start: 2026-04-01
    end: 2026-06-30
  - id: 2026-Q3
    start: 2026-07-01
    end: 2026-09-30
    closed: 2026-10-09
"""

LATER = """  - id: 2027-Q1
    start: 2027-01-01
    end: 2027-03-31
"""

FILES = {
    # sales: grades 0.725 (0.65 and the team's 0.8 for a milestone done: score 1.0) and
    # 0.3 (no grade written: its score) -> 0.5125; scores 0.825 and 0.3 -> 0.5625
    "2026-Q3/sales.yaml": """owner: sales
cycle: 2026-Q3
objectives:
  - id: channels
    title: 打通线上分销渠道
    key_results:
      - id: dealers
        title: 签约经销商20家
        start: 0
        target: 20
        checkins:
          - date: 2026-09-20
            value: 13
        grade: 0.65
      - id: pilot
        title: 上线分销小程序
        kind: milestone
        checkins:
          - date: 2026-09-10
            value: true
        grade: 0.8
    outcome: partial
  - id: retention
    title: 老客户复购
    key_results:
      - id: repeat
        title: 复购客户10家
        start: 0
        target: 10
        checkins:
          - date: 2026-09-25
            value: 3
""",
    # marketing: 90 at the end, 95 in the grace days before the close (2026-10-09)
    "2026-Q3/marketing.yaml": """owner: marketing
cycle: 2026-Q3
objectives:
  - id: brand
    title: 品牌曝光
    key_results:
      - id: posts
        title: 发布100篇内容
        start: 0
        target: 100
        checkins:
          - date: 2026-09-28
            value: 90
          - date: 2026-10-05
            value: 95
""",
    # company: 0.2 (red)
    "2026-Q3/company.yaml": """owner: company
cycle: 2026-Q3
objectives:
  - id: revenue
    title: 收入增长
    key_results:
      - id: gmv
        title: GMV 1000万
        start: 0
        target: 10
        checkins:
          - date: 2026-09-30
            value: 2
""",
    # 2026-Q2 ended without a close: sales 1.0, scored on its end (the July check-in is
    # after it)
    "2026-Q2/sales.yaml": """owner: sales
cycle: 2026-Q2
objectives:
  - id: first
    title: 首批客户
    key_results:
      - id: signed
        title: 签约4家
        start: 0
        target: 4
        checkins:
          - date: 2026-06-20
            value: 4
          - date: 2026-07-03
            value: 2
""",
    "2027-Q1/sales.yaml": """owner: sales
cycle: 2027-Q1
objectives:
  - id: later
    title: 明年的目标
    key_results:
      - id: one
        title: 一个关键结果
        start: 0
        target: 1
""",
}


def build(root: Path) -> Path:
    without_q3(root)  # the example's own 2026-Q3 out: this one is built to measure
    config = root / "okr.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("cycles:\n", CYCLES, 1)
    text = text.replace("    end: 2026-12-31\n", "    end: 2026-12-31\n" + LATER, 1)
    config.write_text(text, encoding="utf-8")
    for name, body in FILES.items():
        path = root / "okrs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


@pytest.fixture
def cycles(example: Path) -> Path:
    return build(example)


@pytest.fixture
def hist(cycles: Path) -> Okr:
    return Okr(cycles)


def data(okr: Okr, *args: str, **kw) -> dict:
    result = okr("history", *args, "--format", "json", **kw)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def owner(found: dict, name: str) -> dict:
    return next(o for o in found["owners"] if o["owner"] == name)


def test_the_workspace_is_clean(hist: Okr):
    result = hist("check")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_cycles_started_with_files_oldest_first(hist: Okr):
    found = data(hist)
    assert [c["id"] for c in found["cycles"]] == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert found["cycles"][1] == {"id": "2026-Q3", "start": "2026-07-01",
                                  "end": "2026-09-30", "closed": "2026-10-09"}
    assert found["cycles"][2]["closed"] is None
    assert found["today"] == "2026-11-26"
    # the year after: 2027-Q1 has started and joins
    later = data(hist, env={"OKR_TODAY": "2027-01-05"})
    assert [c["id"] for c in later["cycles"]][-1] == "2027-Q1"


def test_the_arithmetic(hist: Okr):
    found = data(hist)
    sales = owner(found, "sales")
    q2, q3, q4 = sales["cycles"]
    # ended, not closed: as okr grade has it today, the grace days' check-in (2026-07-03,
    # 2 of 4) counting as the value at the end
    assert q2 == {"cycle": "2026-Q2", "score": 0.5, "grade": 0.5, "band": "yellow",
                  "closed": False, "running": False}
    assert q3["score"] == pytest.approx(0.5625)
    assert q3["grade"] == pytest.approx(0.5125)
    assert (q3["band"], q3["closed"], q3["running"]) == ("yellow", True, False)
    assert (q4["cycle"], q4["closed"], q4["running"]) == ("2026-Q4", False, True)
    # 2026-Q4 as okr status and okr grade have it today
    status = json.loads(hist("status", "--format", "json").stdout)
    grade = json.loads(hist("grade", "--format", "json").stdout)
    assert q4["score"] == pytest.approx(owner(status, "sales")["score"])
    assert q4["grade"] == pytest.approx(owner(grade, "sales")["grade"])
    assert sales["trend"] == pytest.approx(0.5125 - 0.5)  # ended cycles only: Q2 to Q3
    # the closed cycle is read on its close: the check-in of the grace days counts
    brand = owner(found, "marketing")["cycles"][0]
    assert (brand["cycle"], brand["score"], brand["band"]) == ("2026-Q3", 0.95, "green")
    assert owner(found, "company")["cycles"][0]["band"] == "red"


def test_an_owner_missing_in_a_cycle(hist: Okr):
    found = data(hist)
    service = owner(found, "service")
    assert [c["cycle"] for c in service["cycles"]] == ["2026-Q4"]
    assert service["trend"] is None
    marketing = owner(found, "marketing")
    assert [c["cycle"] for c in marketing["cycles"]] == ["2026-Q3", "2026-Q4"]


def test_owners_in_the_order_of_okr_yaml(hist: Okr):
    found = data(hist)
    assert [o["owner"] for o in found["owners"]] == [
        "company", "purchasing", "sales", "marketing", "service", "engineering", "li.na",
        "wang.qiang"]


def test_one_owner(hist: Okr):
    found = data(hist, "sales")
    assert [o["owner"] for o in found["owners"]] == ["sales"]
    assert owner(found, "sales") == owner(data(hist), "sales")
    text = hist("history", "sales")
    assert text.exit_code == 0
    assert "销售部 sales" in text.stdout and "marketing" not in text.stdout


def test_one_owner_whose_objectives_roll_up(hist: Okr):
    """The company's objectives without key results of their own take the roll-up of
    those aligned to them: the owner alone needs their files too."""
    alone = owner(data(hist, "company"), "company")
    assert alone == owner(data(hist), "company")


def test_an_unknown_owner(hist: Okr):
    result = hist("history", "salse")
    assert result.exit_code == 1
    assert "unknown owner 'salse' (did you mean 'sales'?)" in result.stderr
    assert result.stdout == ""


def test_a_known_owner_with_nothing_yet(hist: Okr):
    result = hist("history", "zhang.wei", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["owners"] == [
        {"owner": "zhang.wei", "name": "张伟", "cycles": [], "trend": None}]


def test_json_golden(hist: Okr):
    golden("history.json", hist("history", "--format", "json").stdout)


@pytest.mark.parametrize("width", [80, 120])
def test_table_golden(hist: Okr, width: int):
    result = hist("history", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert all(len(line) <= width and line == line.rstrip() for line in
               result.stdout.splitlines())
    golden(f"history-{width}.txt", result.stdout)


def test_table_golden_zh(hist: Okr):
    result = hist("--lang", "zh-CN", "history", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "已关闭" in result.stdout and "进行中" in result.stdout
    assert "已结束" in result.stdout
    golden("history-80.zh-CN.txt", result.stdout)


def many(root: Path, n: int) -> Path:
    """A workspace with ``n`` quarters before 2026-Q4, each with a sales file."""
    without_q3(root)
    config = root / "okr.yaml"
    text = config.read_text(encoding="utf-8")
    quarters = []
    year, q = 2026, 4
    for _ in range(n):
        q -= 1
        if q == 0:
            year, q = year - 1, 4
        quarters.append((year, q))
    lines = "cycles:\n"
    for year, q in reversed(quarters):
        start = f"{year}-{3 * q - 2:02d}-01"
        end = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[q]
        lines += f"  - id: {year}-Q{q}\n    start: {start}\n    end: {year}-{end}\n"
        folder = root / "okrs" / f"{year}-Q{q}"
        folder.mkdir(parents=True)
        (folder / "sales.yaml").write_text(
            f"owner: sales\ncycle: {year}-Q{q}\nobjectives:\n  - id: o\n    title: 目标\n"
            f"    key_results:\n      - id: k\n        title: 关键结果\n        start: 0\n"
            f"        target: 10\n        checkins:\n          - date: {start}\n"
            f"            value: {(year * 4 + q) % 10}\n", encoding="utf-8")
    config.write_text(text.replace("cycles:\n", lines, 1), encoding="utf-8")
    return root


def test_many_cycles_at_80_columns_keep_the_latest(example: Path):
    okr = Okr(many(example, 11))
    result = okr("history", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = next(line for line in lines if line.startswith("Owner"))
    shown = re.findall(r"\d{4}-Q\d", header)
    assert shown[-1] == "2026-Q4" and 1 < len(shown) < 12
    assert f"the latest {len(shown)} of 12 cycles, from {shown[0]}" in result.stdout
    sales = next(line for line in lines if "sales" in line)
    assert re.search(f"[▁▂▃▄▅▆▇█·]{{{len(shown)}}}", sales)
    wide = okr("history", env={"COLUMNS": "200"})
    assert "the latest" not in wide.stdout
    assert len(re.findall(r"\d{4}-Q\d", wide.stdout.splitlines()[1])) == 12
    assert len(data(okr)["cycles"]) == 12


def test_a_broken_file_is_named_and_the_rest_shown(hist: Okr, cycles: Path):
    (cycles / "okrs" / "2026-Q3" / "company.yaml").write_text("owner: company\ncycle: 2026-Q3\n"
                                                              "objectives: [\n")
    result = hist("history", "--format", "json")
    assert result.exit_code == 1
    assert "company.yaml" in result.stderr
    found = json.loads(result.stdout)
    assert [c["cycle"] for c in owner(found, "company")["cycles"]] == ["2026-Q4"]


def test_no_cycle_started_yet(hist: Okr):
    result = hist("history", env={"OKR_TODAY": "2025-06-01"})
    assert result.exit_code == 0
    assert "no cycle with OKR files has started by 2025-06-01" in result.stderr


# --- the chart -----------------------------------------------------------------------


def result_of(root: Path, today: str = "2026-11-26"):
    import datetime as dt

    from okrcli.services import history, open_session

    return history.history(open_session(root), None, dt.date.fromisoformat(today))


def test_the_chart(cycles: Path):
    from xml.etree import ElementTree

    from okrcli.render.history import history_svg

    svg = history_svg(result_of(cycles))
    tree = ElementTree.fromstring(svg)  # well-formed XML
    assert tree.get("viewBox", "").startswith("0 0 360 ")
    assert 'style="width:100%' in svg and "<script" not in svg and "href" not in svg
    ns = "{http://www.w3.org/2000/svg}"
    # sales: three cycles, one line; service: one cycle, a point and no line
    titles = [t.text for t in tree.iter(f"{ns}title")]
    assert "销售部 · 2026-Q3: 51%" in titles
    assert sum(1 for t in titles if t and t.startswith("客服部 ·")) == 1
    hollow = [c for c in tree.iter(f"{ns}circle") if c.get("fill") == "#fff"]
    assert len(hollow) == 8  # 2026-Q4 runs: every owner's point there


def sales_lines(svg: str) -> list[str]:
    """The points of the polylines of sales (the third owner: the third colour)."""
    return re.findall(r'<polyline points="([^"]*)" stroke="#009e73"', svg)


def test_the_chart_breaks_a_line_where_an_owner_is_missing(example: Path):
    from okrcli.render.history import history_svg

    root = build(example)
    assert [len(p.split()) for p in sales_lines(history_svg(result_of(root)))] == [3]
    (root / "okrs" / "2026-Q3" / "sales.yaml").unlink()
    svg = history_svg(result_of(root))
    # sales: 2026-Q2, nothing in Q3, 2026-Q4: two points, no line between them
    assert sales_lines(svg) == []
    assert svg.count("<title>销售部 · ") == 2


def test_the_chart_escapes_hostile_names(cycles: Path):
    from okrcli.render.history import history_svg

    config = cycles / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "name: 销售部", "name: '<script>alert(1)</script>&\"x'"), encoding="utf-8")
    svg = history_svg(result_of(cycles))
    assert "<script" not in svg and "&lt;script&gt;" in svg
    from xml.etree import ElementTree

    ElementTree.fromstring(svg)


def test_the_table_escapes_hostile_names(hist: Okr, cycles: Path):
    config = cycles / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "name: 销售部", "name: \"[red]x[/red]\\e[31m::warning\""), encoding="utf-8")
    result = hist("history")
    assert result.exit_code == 0, result.stderr
    assert "[red]x[/red]␛[31m:\u200b:warning" in result.stdout


# --- the hostile corpus ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Okr:
    from tests.test_hostile_output import hostile_workspace

    return Okr(hostile_workspace(tmp_path_factory.mktemp("hostile") / "ws"))


@pytest.mark.parametrize("env", [{"COLUMNS": "80"}, {"COLUMNS": "120"},
                                 {"COLUMNS": "100", "FORCE_COLOR": "1"}], ids=str)
def test_hostile_names_in_the_table_are_inert(hostile: Okr, env: dict[str, str]):
    from tests.test_hostile_output import NAME, assert_plain, decoded

    result = hostile("history", env=env)
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout, colour="FORCE_COLOR" in env)
    assert_plain(result.stderr, colour="FORCE_COLOR" in env)
    if "FORCE_COLOR" not in env:
        from okrcli.render.escape import visible

        assert visible(decoded(NAME))[:8] in result.stdout


def test_hostile_names_in_json_and_the_chart(hostile: Okr):
    from xml.etree import ElementTree

    from tests.test_hostile_output import NAME, assert_plain, decoded, strict_json

    from okrcli.render.history import history_svg

    result = hostile("history", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert_plain(result.stdout)
    found = strict_json(result.stdout)
    assert decoded(NAME) in {o["name"] for o in found["owners"]}  # the data as it is
    assert hostile.root is not None
    svg = history_svg(result_of(hostile.root))
    ElementTree.fromstring(svg)
    assert_plain(svg)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
