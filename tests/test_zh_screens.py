"""The terminal screens in zh-CN (issue 10): every word the tool adds is Chinese, and the
screens read right at 80 and 120 columns and piped, CJK counting two cells.

Snapshots of status, tree, show (objective, a metric, a threshold, a milestone, a dropped
key result), grade, kr list, check --list-rules, team list and the guided check-in, in
tests/golden/widths/zh-CN/. The width properties of tests/test_widths.py run in both
languages there; here what only Chinese has: its headers, status words, bands, kinds, the
hidden-columns note, and no English word of the tool left on a screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from ruamel.yaml import YAML

from conftest import golden

ZH = {"OKR_LANG": "zh-CN"}
WIDTHS = ("80", "120")
SCREENS = {
    "status": ("status",),
    "status-since": ("status", "--since", "2026-11-01"),
    "tree": ("tree",),
    "show-objective": ("show", "sales/growth"),
    "show-kr": ("show", "sales/growth/new-customers"),
    "show-threshold": ("show", "engineering/platform/uptime"),
    "show-milestone": ("show", "marketing/awareness/website"),
    "show-dropped": ("show", "sales/growth/southwest-agents"),
    "grade": ("grade",),
    "kr-list": ("kr", "list", "--format", "table"),
    "list-rules": ("check", "--list-rules"),
    "team-list": ("team", "list"),
}
KINSOKU = "，。、；：！？）」』】》"
# Latin words a Chinese screen may hold besides the workspace's own text: the product,
# options and keys named in backticks, and what --list-rules and the prompts of other
# modules say (their words are theirs to translate).
LATIN = {"OKR", "format", "json", "all", "Enter", "Ctrl-C", "id"}


@pytest.fixture(autouse=True)
def _english_after():
    """A command run in-process leaves its language on: the next test starts in English."""
    yield
    from okrcli import i18n

    i18n.use(i18n.ENGLISH)


@pytest.fixture
def terminal(monkeypatch):
    """Pretend a person sits at a terminal (the guided check-in asks only there)."""
    from okrcli.cli import checkin

    monkeypatch.setattr(checkin, "interactive", lambda: True)


def reads_right(out: str, width: int) -> None:
    for line in out.splitlines():
        prompt = line.startswith("  ") and line.endswith(": ")  # where an answer is typed
        assert prompt or not line.endswith(" "), repr(line)
        assert cell_len(line) <= width, (width, line)
        assert not line.lstrip().startswith(tuple(KINSOKU)), line
        assert not line.rstrip().endswith("◆"), line


def workspace_words(root: Path) -> set[str]:
    """Every Latin word of the workspace's own text (ids, refs, units, titles, notes, the
    fields a change names): what a screen shows as it is."""
    words: set[str] = set()
    stack: list[object] = []
    for path in root.rglob("*.yaml"):
        stack.append(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += item.values()
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, str):
            words |= set(re.findall(r"[A-Za-z][\w.-]*", item))
    return words


def english_left(out: str, allowed: set[str]) -> list[str]:
    """The Latin words of ``out`` that are neither the workspace's nor known names: the
    tool's own English left on a Chinese screen. A ref counts as its parts."""
    found = []
    for token in re.findall(r"[A-Za-z][\w./-]*", out):
        parts = [p for p in re.split(r"[/]", token.rstrip(".-")) if p]
        if not all(p in allowed or p in LATIN for p in parts):
            found.append(token)
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", SCREENS)
def test_each_chinese_screen_is_its_snapshot(okr, screen, width):
    result = okr(*SCREENS[screen], env={**ZH, "COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    reads_right(result.stdout, int(width))
    golden(f"widths/zh-CN/{screen}-{width}.txt", result.stdout)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_chinese_screen_piped_is_the_documented_120(okr, screen):
    piped = okr(*SCREENS[screen], env={**ZH, "COLUMNS": None})
    assert piped.exit_code == 0, piped.stderr
    reads_right(piped.stdout, 120)
    golden(f"widths/zh-CN/{screen}-120.txt", piped.stdout)


def test_kr_list_piped_is_the_same_in_both_languages(okr):
    """Piped, kr list is REF<TAB>TITLE: the workspace's words only."""
    piped = okr("kr", "list", env={**ZH, "COLUMNS": None})
    assert piped.exit_code == 0 and "\t" in piped.stdout
    assert piped.stdout == okr("kr", "list", env={"COLUMNS": None}).stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", [s for s in SCREENS if s != "list-rules"])
def test_no_english_word_of_the_tool_is_left(okr, example, screen, width):
    """Every Latin word on a Chinese screen is the workspace's own (an id, a ref, a unit,
    a title) or a name that stays (OKR, --format json). The grade's flags and notes come
    from the service that grades: their words are allowed here (checked where written)."""
    allowed = workspace_words(example)
    grades = json.loads(okr("grade", "--format", "json", env=ZH).stdout)
    for row in [*grades["objectives"], *grades["owners"]]:
        allowed |= set(re.findall(r"[A-Za-z][\w.-]*", row.get("flag") or row.get("note")
                                  or ""))
    out = okr(*SCREENS[screen], env={**ZH, "COLUMNS": width}).stdout
    assert english_left(out, allowed) == [], screen


def test_list_rules_speaks_chinese_around_the_codes(okr):
    out = okr("check", "--list-rules", env={**ZH, "COLUMNS": "80"}).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["代码", "名称", "级别", "说明"]
    rows = [line.split() for line in lines[1:] if line.startswith("OKR")]
    assert rows and all(row[2] in ("错误", "警告", "提示") for row in rows)
    reads_right(out, 80)


def test_the_status_words_bands_and_kinds_are_the_glossarys(okr):
    status = okr("status", env=ZH).stdout
    for word in ("正常", "有风险", "落后", "待更新", "已放弃", "已完成", "久未更新", "（承诺型）"):
        assert word in status, word
    header = next(ln for ln in status.splitlines() if ln.startswith("目标 / 关键结果"))
    assert header.split()[-6:] == ["当前值", "得分", "预期", "状态", "信心", "最近更新"]
    grade = okr("grade", env=ZH).stdout
    assert grade.startswith("暂定：2026-Q4 周期到 2026-12-31 结束；")
    bands = {line.split()[-1] for line in grade.splitlines()
             if re.search(r"\d%\s+[红黄绿]$", line)}
    assert bands == {"红", "黄", "绿"}
    kinds = okr("kr", "list", "--format", "table", env=ZH).stdout
    assert {"数值型", "阈值型", "里程碑型"} <= set(kinds.split())
    show = okr("show", "sales/growth/new-customers", env=ZH).stdout
    for label in ("关键结果", "引用", "类型", "当前值", "得分", "预期", "状态", "信心指数",
                  "截止日期"):
        assert re.search(rf"^{label} +\S", show, re.M), label
    assert "（共 3 次进展更新）" in show and "██ 进度   ·· 当时的预期进度" in show


def test_all_columns_stay_at_80_and_the_hidden_note_is_chinese(okr):
    """Short Chinese headers: at 80 columns status keeps every column, as in English;
    narrower, the note names the hidden ones in Chinese, on one line."""
    at80 = okr("status", env={**ZH, "COLUMNS": "80"}).stdout
    assert "已隐藏" not in at80 and "最近更新" in at80.splitlines()[1]
    at70 = okr("status", env={**ZH, "COLUMNS": "70"}).stdout.splitlines()
    assert at70[1] == "已隐藏最近更新列（终端宽 70 列）：请加宽终端或使用 --format json"
    since = okr("status", "--since", "2026-11-01", env={**ZH, "COLUMNS": "80"}).stdout
    assert "已隐藏预期和最近更新列（终端宽 80 列）" in since and "▲ -9" in since
    assert "▲ +51 个百分点" in since and "▲ 好消息，▼ 坏消息" in since


def test_rollups_and_drops_are_said_in_chinese(okr):
    tree = okr("tree", env=ZH).stdout
    assert "36% 有风险  下级汇总 42%（3 个对齐目标的平均得分）" in tree
    assert not re.search(r"\b0\.\d\d\b", tree)
    status = okr("status", "sales", env=ZH).stdout
    assert "— 11-05 已放弃" in status
    assert "sales/growth/southwest-agents · 2026-11-05 已放弃：市场变化,资源集中到华东" in status
    person = okr("status", "li.na", env=ZH).stdout
    assert "marketing/awareness · 负责人：市场部" in person
    assert "marketing/awareness/followers · 推进人：李娜" in person
    dropped = okr("show", "sales/growth/southwest-agents", env=ZH).stdout
    assert "得分      — 已放弃：放弃时得分 20%" in dropped
    assert "已放弃    2026-11-05：市场变化,资源集中到华东" in dropped


def test_the_earlier_check_ins_note_is_chinese(okr, example):
    path = example / "okrs" / "2026-Q4" / "sales.yaml"
    text = path.read_text(encoding="utf-8")
    days = [f"2026-10-{d}" for d in range(17, 32)] + [f"2026-11-0{d}" for d in range(1, 6)]
    extra = "".join(f"          - {{date: {day}, value: {20 + i}}}\n"
                    for i, day in enumerate(days))
    anchor = "          - date: 2026-11-06\n            value: 41\n"
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, extra + anchor), encoding="utf-8")
    out = okr("show", "sales/growth/new-customers", env={**ZH, "COLUMNS": "80"})
    assert out.exit_code == 0, out.stderr
    assert "另有 3 次更早的进展更新未显示（--all 显示全部）" in out.stdout
    assert "（共 23 次进展更新，显示 20 次）" in out.stdout
    reads_right(out.stdout, 80)


def walk(okr, owner: str, typed: str, width: str):
    from okrcli.cli import app

    return okr.runner.invoke(app, ["checkin", "--owner", owner, "--root", str(okr.root)],
                             input=typed, catch_exceptions=False,
                             env={**ZH, "OKR_TODAY": "2026-11-26", "COLUMNS": width,
                                  "NO_COLOR": None})


WALKS = {  # owner, what is typed
    "checkin-li.na": ("li.na", "4300\n0.5\n稳步\n30\n\n\n12100\n\n双十二预热\n"),
    "checkin-engineering": ("engineering", "\n\n\n"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", WALKS)
def test_the_guided_check_in_is_its_snapshot(okr, terminal, screen, width):
    owner, typed = WALKS[screen]
    result = walk(okr, owner, typed, width)
    assert result.exit_code == 0, result.stderr
    reads_right(result.stdout, int(width))
    golden(f"widths/zh-CN/{screen}-{width}.txt", result.stdout)


def test_the_guided_check_in_speaks_chinese(okr, example, terminal):
    out = walk(okr, "li.na", WALKS["checkin-li.na"][1], "120").stdout
    assert "每周进展更新 · 李娜 (li.na) · 2026-Q4 · 2026-11-26\n3 个关键结果待更新进展\n" in out
    assert ("最近更新 2026-11-20：4150 粉丝 · 目标值 6000 粉丝（起始值 2000） · 截至今天预期 "
            "4462 粉丝 · 信心指数 80% · 正常") in out
    assert "按回车跳过当前关键结果；按 Ctrl-C 停止，不写入任何文件。" in out
    table = out[out.index("已更新进展"):]
    assert "关键结果                       原值 → 新值              得分  状态" in table
    assert "marketing/awareness/followers  11800 粉丝 → 12100 粉丝   42%  正常" in table
    sales = walk(okr, "sales", "\n\n", "80").stdout
    assert "2 个关键结果待更新进展（跳过 1 个已放弃的关键结果）" in sales
    marketing = walk(okr, "marketing", "\n", "80").stdout
    assert "1 个关键结果待更新进展（跳过 1 个已完成的关键结果）" in marketing
    engineering = walk(okr, "engineering", "\n\n\n", "80").stdout
    assert "保持 ≥ 99.5 %" in engineering
    assert "尚无进展更新 · 里程碑型，截止日期 2026-12-20" in engineering


def test_the_render_words_of_the_walk_leave_no_english(okr, example):
    """What render/checkin.py says, without the prompts of the command around it."""
    import datetime as dt
    import io

    from rich.console import Console

    from okrcli import i18n
    from okrcli.render import checkin as view
    from okrcli.services import checkin as service
    from okrcli.services import open_session

    i18n.use(i18n.CHINESE)
    work = open_session(example)
    allowed = workspace_words(example)
    for owner in ("li.na", "sales", "engineering", "marketing"):
        walked = service.walk(work, dt.date(2026, 11, 26), owner=owner, email=None,
                              cycle_id=None)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(view.header(walked))
        for index, item in enumerate(walked.items, 1):
            console.print(view.item(item, index, len(walked.items), 80))
        out = console.export_text()
        assert english_left(out, allowed) == [], (owner, out)
