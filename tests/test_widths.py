"""Status that reads right at any width (issue 9, points 1, 2, 3, 6 and 8 on the terminal):
snapshots of status, show, tree and grade with the Chinese example at 80, 100, 120 and
160 columns and piped, and the properties every width must keep: no number, word or ref
cut across lines, Chinese broken only between characters or after punctuation, "◆"
with its title, no trailing space, nothing wider than the terminal. The properties hold
in both languages (issue 10: in zh-CN the tool's own words are Chinese too, two cells a
character); the zh-CN snapshots are in test_zh_screens.py."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len
from rich.text import Text

from conftest import golden
from okrcli.render.layout import Column, Grid, Row, wrap

WIDTHS = ("80", "100", "120", "160")
SCREENS = {
    "status": ("status",),
    "show-objective": ("show", "sales/growth"),
    "show-kr": ("show", "sales/growth/new-customers"),
    "tree": ("tree",),
    "grade": ("grade",),
}
# Numbers, percentages and refs of the example that a meeting must never misread.
UNITS = ("22%", "12%", "10%", "99.5%", "2000", "6000", "1500", "95%", "90", "50%", "120",
         "purchasing/suppliers", "service/satisfaction", "engineering/platform",
         "sales/growth/southwest-agents", "marketing/awareness/followers")
KINSOKU = "，。、；：！？）」』】》"
LANGS = ("en", "zh-CN")
# What each language says where the grid hides columns, and how the status header starts.
HIDDEN = {"en": " hidden", "zh-CN": "已隐藏"}
HEADER = {"en": "Objective / key result", "zh-CN": "目标 / 关键结果"}
STALE = {"en": " · stale", "zh-CN": " · 久未更新"}


def lang_env(lang: str, **env: str | None) -> dict[str, str | None]:
    """The environment of a run in ``lang`` (the suite speaks English by default)."""
    return {"OKR_LANG": lang, **env}


@pytest.fixture(autouse=True)
def _english_after():
    """A command run in-process leaves its language on: the next test starts in English."""
    yield
    from okrcli import i18n

    i18n.use(i18n.ENGLISH)


def lines_of(out: str) -> list[str]:
    return out.splitlines()


def assert_reads_right(out: str, width: int) -> None:
    for line in lines_of(out):
        assert not line.endswith(" "), repr(line)
        assert cell_len(line) <= width, (width, line)
        assert not line.rstrip().endswith("◆"), line
        assert not line.lstrip().startswith(tuple(KINSOKU)), line


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", SCREENS)
def test_each_screen_at_each_width_is_its_snapshot(okr, screen, width):
    result = okr(*SCREENS[screen], env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    assert_reads_right(result.stdout, int(width))
    golden(f"widths/{screen}-{width}.txt", result.stdout)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", SCREENS)
def test_piped_without_columns_is_the_documented_120(okr, screen, lang):
    piped = okr(*SCREENS[screen], env=lang_env(lang, COLUMNS=None))
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == okr(*SCREENS[screen], env=lang_env(lang, COLUMNS="120")).stdout
    assert_reads_right(piped.stdout, 120)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", ["40", "60", *WIDTHS])
@pytest.mark.parametrize("screen", SCREENS)
def test_no_number_word_or_ref_is_cut(okr, screen, width, lang):
    """Each unit appears as often at this width as on a line with room for everything
    (where a column is hidden, at least once where it appears there)."""
    out = okr(*SCREENS[screen], env=lang_env(lang, COLUMNS=width)).stdout
    wide = okr(*SCREENS[screen], env=lang_env(lang, COLUMNS="1000")).stdout
    assert_reads_right(out, int(width))
    hidden = HIDDEN[lang] in out
    for unit in UNITS:
        if hidden:
            assert (unit in out) == (unit in wide), (unit, width)
        else:
            assert out.count(unit) == wide.count(unit), (unit, width)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", ["40", "60", *WIDTHS])
def test_every_key_result_ref_is_visible_whole(okr, width, lang):
    data = json.loads(okr("status", "--format", "json").stdout)
    refs = [kr["ref"] for o in data["owners"] for obj in o["objectives"]
            for kr in obj["key_results"]]
    out = okr("status", env=lang_env(lang, COLUMNS=width)).stdout
    shown = {line.split()[0] for line in lines_of(out) if line.strip()}
    assert len(refs) == 20 and set(refs) <= shown, set(refs) - shown


def test_columns_shrink_before_the_title_and_confidence_goes_last(okr):
    def header(width: str, *args: str) -> str:
        out = okr("status", *args, env={"COLUMNS": width}).stdout
        return next(line for line in lines_of(out) if line.startswith("Objective"))

    assert header("160").split()[-2:] == ["Conf.", "Last"]
    assert "Last" in header("80") and "Conf." in header("80")  # shorter, all there
    assert "2026-11-20" in okr("status", env={"COLUMNS": "120"}).stdout
    at80 = okr("status", env={"COLUMNS": "80"}).stdout
    assert "2026-11-20" not in at80 and "11-20" in at80  # the date shortened first
    out = okr("status", env={"COLUMNS": "60"}).stdout
    assert "\nValue, Exp. and Last hidden at 60 columns: see --format json\nObjective" in out
    assert "Conf." in header("60") and "Exp." not in header("60")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("since", [(), ("--since", "2026-11-01")])
def test_the_hidden_columns_are_announced_in_one_line(okr, since, lang):
    seen = set()
    for width in range(56, 101, 2):
        lines = lines_of(okr("status", *since, env=lang_env(lang, COLUMNS=str(width))).stdout)
        notice = [i for i, line in enumerate(lines) if HIDDEN[lang] in line]
        if not notice:
            continue
        at = notice[0]
        assert len(notice) == 1 and at in (1, 2), (width, lines[:4])  # under the title
        assert lines[at + 1].startswith(HEADER[lang]), (width, lines[at:at + 2])
        assert cell_len(lines[at]) <= width
        seen.add(lines[at])
    assert len(seen) >= 3  # several widths hid columns
    if not since and lang == "en":
        assert "Last hidden at 74 columns: widen the terminal or use --format json" in seen
        assert "Exp. and Last hidden at 70 columns: see --format json" in seen
    elif not since:
        assert "已隐藏最近更新列（终端宽 74 列）：请加宽终端或使用 --format json" in seen
        assert "已隐藏预期和最近更新列（终端宽 66 列）：见 --format json" in seen
        assert "已隐藏当前值、预期和最近更新列（终端宽 60 列）" in seen  # no room for advice


@pytest.mark.parametrize(("lang", "conf"), [("en", "conf. 80%"), ("zh-CN", "信心指数 80%")])
def test_a_narrow_terminal_gets_two_lines_per_key_result(okr, lang, conf):
    out = okr("status", env=lang_env(lang, COLUMNS="40")).stdout
    assert HEADER[lang] not in out  # no table fits: the narrow layout
    at = out.index("活跃供应商从20家增加到35家")
    assert "28 → 35 家 · ███" in out[at:] and conf in out[at:]
    assert_reads_right(out, 40)


def test_titles_wrap_at_chinese_characters_and_punctuation(okr):
    out = okr("status", env={"COLUMNS": "80"}).stdout
    assert "  华东区域市场占有率提" in out and "  高10%,从12%升至22%" in out
    # an objective's title runs on over its empty Value cell rather than wrap early
    assert "◆\u00a0拓展优质供应商网络,保障货源稳定" in out
    assert "◆\u00a0吸引并留住一批活跃客户" in out
    assert "  11800 → 15000 粉丝" in okr("status", env={"COLUMNS": "120"}).stdout
    assert "11800 →" in out and "15000 粉丝" in out  # a value over two lines, whole
    show = okr("show", "engineering/platform", env={"COLUMNS": "60"}).stdout
    assert "99.5%" in show


# --- the line breaker -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("平台可用性保持在99.5%以上", 16, ["平台可用性保持", "在99.5%以上"]),
    ("小红书账号粉丝从2000增加到6000", 16, ["小红书账号粉丝", "从2000增加到6000"]),
    ("拓展优质供应商网络,保障货源稳定", 20, ["拓展优质供应商网络,", "保障货源稳定"]),
    ("让平台稳定、顺畅、少靠人工", 6, ["让平台", "稳定、", "顺畅、", "少靠人", "工"]),
    ("◆\u00a0建立稳定、多样且可靠", 6, ["◆\u00a0建立", "稳定、", "多样且", "可靠"]),
    ("◆\u00a0建立", 2, ["◆\u00a0", "建", "立"]),  # only a unit wider than the line is cut
    # a run wider than the line is cut after its last / - . _ that fits, the separator
    # ending the line; by character only where none fits, never before a separator
    ("see purchasing/suppliers now", 12, ["see", "purchasing/", "suppliers", "now"]),
    ("service/satisfaction/a-very-long-key-result-identifier-that-goes-on", 56,
     ["service/satisfaction/a-very-long-key-result-identifier-", "that-goes-on"]),
    ("见 https://example.com/some/long/path/segment 文档", 25,
     ["见", "https://example.com/some/", "long/path/segment 文档"]),
    ("see release-2026-11-26", 14, ["see", "release-", "2026-11-26"]),  # a date whole
    ("aaaaaaaaaa-b", 5, ["aaaaa", "aaaa", "a-b"]),
    ("国国国", 1, ["国", "国", "国"]),
    ("Win loyal customers", 10, ["Win loyal", "customers"]),
    ("（括号）测试，标点。", 6, ["（括", "号）测", "试，标", "点。"]),
    ("（括号）测试，标点。", 4, ["（括", "号）", "测", "试，", "标", "点。"]),
])
def test_wrap(text, width, expected):
    assert [line.plain for line in wrap(Text(text), width)] == expected


LONG_REF = "service/satisfaction/a-very-long-key-result-identifier-that-goes-on"
URL = "https://example.com/some/long/path/segment"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", ["40", "60", "80", "100"])
def test_a_long_ref_or_url_is_cut_after_a_separator(okr, example, width, lang):
    path = example / "okrs" / "2026-Q4" / "service.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        f"      - id: {LONG_REF.rsplit('/', 1)[1]}\n"
        f"        title: 回访流程见 {URL} 文档\n"
        "        start: 0\n        target: 10\n        unit: 次\n"), encoding="utf-8")
    for args in (("status", "service"), ("show", LONG_REF)):
        out = okr(*args, env=lang_env(lang, COLUMNS=width)).stdout
        assert_reads_right(out, int(width))
        for whole in (LONG_REF, URL):  # its pieces, in order, each ending in a separator
            pieces = [word for line in lines_of(out) for word in line.split()
                      if word in whole and len(word) > 1
                      and (set(word) & set("/-._") or (whole.endswith(word) and len(word) > 3))
                      and not "service/satisfaction".startswith(word)]
            assert "".join(pieces) == whole, (args, width, pieces)
            assert all(p[-1] in "/-._" for p in pieces[:-1]), (args, width, pieces)
    at60 = okr("status", "service", env=lang_env(lang, COLUMNS="60")).stdout
    assert f"    {LONG_REF[:55]}\n    {LONG_REF[55:]}{STALE[lang]}\n" in at60
    assert LONG_REF[55:] == "that-goes-on"


def test_wrap_cuts_only_a_unit_wider_than_the_line():
    long = "x" * 500
    lines = [line.plain for line in wrap(Text(f"a {long} b"), 80)]
    assert lines[0] == "a" and "".join(lines[1:]) == long + " b"
    assert [cell_len(line) for line in lines] == [1, 80, 80, 80, 80, 80, 80, 22]
    cjk = wrap(Text("国" * 300), 41)  # an odd width: a CJK character never half shown
    assert all(cell_len(line.plain) <= 41 for line in cjk)
    assert "".join(line.plain for line in cjk) == "国" * 300


def test_wrap_keeps_styles_and_drops_trailing_spaces():
    text = Text("abc ")
    text.append("def ghi", style="bold")
    lines = wrap(text, 5)
    assert [line.plain for line in lines] == ["abc", "def", "ghi"]
    assert lines[1].spans and lines[1].spans[0].style == "bold"


def test_a_grid_hides_in_order_and_says_so():
    columns = [Column("Title", flex=True), Column("A", hide=2), Column("B", hide=1),
               Column("C")]
    rows = [Row([Text("一二三四五六七八九十"), Text("aaaaaaaa"), Text("bbbbbbbb"),
                 Text("cccc")])]
    grid = Grid(columns, rows, least=20)
    assert grid.lines(60)[0].plain.startswith("Title")
    assert grid.lines(38)[0].plain == "B hidden at 38 columns"  # one line, the advice out
    assert grid.lines(38)[1].plain.startswith("Title")
    assert grid.lines(28)[0].plain.startswith("A and B hidden at 28")
    narrow = [ln.plain for ln in grid.lines(12)]
    assert narrow == ["一二三四五六", "七八九十", "  aaaaaaaa ·", "  bbbbbbbb ·", "  cccc"]


# --- what a row says --------------------------------------------------------------------


def test_a_dropped_key_result_is_visibly_out(okr):
    out = okr("status", "sales").stdout
    line = next(ln for ln in lines_of(out) if "西南区域签约代理商5家" in ln)
    assert "— dropped 11-05" in line and "█" not in line and "░" not in line
    assert "sales/growth/southwest-agents · dropped 2026-11-05: 市场变化,资源集中到华东" in out
    coloured = okr("status", "sales", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    row = next(ln for ln in lines_of(coloured.stdout) if "西南区域" in ln)
    assert "\x1b[2" in row  # dim
    show = okr("show", "sales/growth/southwest-agents").stdout
    assert "2026-11-05: 市场变化,资源集中到华东" in show and "when dropped" in show
    assert "━" not in next(ln for ln in lines_of(show) if ln.startswith("score"))


def test_thresholds_and_milestones_draw_no_expected_marker(okr):
    out = okr("status", "engineering", "purchasing").stdout
    for title in ("平台可用性保持在99.5%以上", "供应商自助入驻系统上线",
                  "供应商准时交货率保持在95%以上"):
        line = next(ln for ln in lines_of(out) if title in ln)
        assert "┃" not in line and "—" in line, line
    metric = next(ln for ln in lines_of(out) if "订单处理自动化率" in ln)
    assert "┃" in metric
    show = okr("show", "engineering/platform/uptime").stdout
    assert "··" not in show and "expected" not in show


def test_status_person_shows_what_they_drive_in_other_files(okr, example):
    out = okr("status", "li.na").stdout
    assert "marketing/awareness · objective of 市场部" in out
    assert "marketing/awareness/followers · driven by 李娜" in out
    assert "举办三场线下推广活动" not in out  # marketing's own key results stay out
    sales = example / "okrs" / "2026-Q4" / "sales.yaml"
    sales.write_text(sales.read_text(encoding="utf-8").replace(
        "        start: 12\n", "        start: 12\n        owner: zhang.wei\n"), encoding="utf-8")
    out = okr("status", "zhang.wei").stdout
    assert "张伟 zhang.wei" in out and "sales/growth/east-share · driven by 张伟" in out
    assert "新签约客户达到120家" not in out
    team = okr("status", "sales", "--members").stdout
    assert "销售部 sales" in team and "张伟 zhang.wei" in team
    assert "李娜" in okr("status", "marketing", "--members").stdout
    assert "李娜" not in okr("status", "marketing").stdout.replace("driven by 李娜", "")


def test_members_takes_teams(okr):
    result = okr("status", "li.na", "--members")
    assert result.exit_code == 2 and "'li.na' is not a team" in result.stderr
    result = okr("status", "--members")
    assert result.exit_code == 2 and "--members needs a team" in result.stderr


def test_key_result_owners_are_shown_by_name(okr):
    out = okr("status").stdout
    assert "driven by 王强" in out and "driven by 李娜" in out
    assert "driven by wang.qiang" not in out
    show = okr("show", "purchasing/suppliers").stdout
    assert "driven by 王强" in show


def test_since_adds_a_change_column_good_or_bad_by_direction(okr):
    out = okr("status", "--since", "2026-11-01", env={"COLUMNS": "160"}).stdout
    assert "changes since 2026-11-01" in out and "Change" in out

    def row(title: str) -> str:
        return next(ln for ln in lines_of(out) if title in ln)

    assert "▲ -9" in row("订单平均处理时长")  # a falling target going down: good
    assert "▼ -0.11" in row("平台可用性保持在99.5%以上")  # closer to the line: bad
    assert "▲ +900" in row("三个月内社交媒体粉丝增长50%") and "▲ done" in row("品牌官网上线")
    assert "▲ +51 pts" in row("◆\u00a0提高分销平台的市场知名度")
    assert "▲ good news, ▼ bad news" in out
    coloured = okr("status", "--since", "2026-11-01", env={
        "COLUMNS": "160", "FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    order = next(ln for ln in lines_of(coloured) if "订单平均处理时长" in ln)
    uptime = next(ln for ln in lines_of(coloured) if "平台可用性保持" in ln)
    assert re.search(r"\x1b\[32m▲ -9", order) and re.search(r"\x1b\[31m▼ -0\.11", uptime)
    narrow = okr("status", "--since", "2026-11-01", env={"COLUMNS": "80"}).stdout
    assert "Exp. and Last hidden at 80 columns" in narrow and "▲ -9" in narrow
    md = okr("status", "--format", "markdown", "--since", "2026-11-01").stdout
    assert "| Change |" in md and "▲ -9 |" in md


def test_since_is_checked(okr):
    assert okr("status", "--since", "2026-11-26").exit_code == 2
    assert okr("status", "--since", "2026-13-01").exit_code == 2
    result = okr("status", "--since", "2026-11-01", "--format", "json")
    assert result.exit_code == 2 and "okr report --since" in result.stderr


def test_scores_are_percent_and_the_rollup_is_explained(okr):
    tree = okr("tree").stdout
    assert not re.search(r"\b0\.\d\d\b", tree)
    assert "36% at risk  roll-up 42% (mean of 3 aligned objectives)" in tree
    for args in (("grade",), ("status", "--format", "markdown"), ("status",)):
        assert not re.search(r"(score|roll-up|grade) 0\.\d", okr(*args).stdout), args


def test_grade_before_the_end_is_provisional(okr):
    out = okr("grade").stdout
    assert out.startswith("Provisional: 2026-Q4 runs until 2026-12-31")
    assert "Provisional" not in okr("grade", "--today", "2027-01-05").stdout
    data = json.loads(okr("grade", "--format", "json").stdout)
    assert data["provisional"] is True and data["today"] == "2026-11-26"
    golden("grade.json", okr("grade", "--format", "json").stdout)
    golden("grade.md", okr("grade", "--format", "markdown").stdout)
    final = json.loads(okr("grade", "--format", "json", "--today", "2027-01-05").stdout)
    assert final["provisional"] is False
    assert set(final) == {"cycle", "today", "provisional", "objectives", "owners", "commit",
                          "uncommitted"}
    assert set(final["objectives"][0]) == {"ref", "owner", "title", "committed", "grade",
                                           "band", "flag", "outcome"}
    assert set(final["owners"][0]) == {"owner", "name", "grade", "note"}
    assert "_Provisional:" not in okr("grade", "-f", "markdown", "--today", "2027-01-05").stdout


@pytest.mark.parametrize(("lang", "off", "pending"), [
    ("en", "off track", "status      pending · stale\n"),
    ("zh-CN", "落后", "状态      待更新 · 久未更新\n")])
@pytest.mark.parametrize("width", ["100", "120", "160"])
def test_stale_stays_with_its_row_never_alone_under_the_status(okr, width, lang, off, pending):
    lines = lines_of(okr("status", env=lang_env(lang, COLUMNS=width)).stdout)
    assert not any(line.strip() == STALE[lang].strip() for line in lines)
    at = next(i for i, line in enumerate(lines) if "客户满意度评分保持在90分以上" in line)
    assert off in lines[at]
    assert next(ln for ln in lines[at + 1:] if "service/satisfaction/csat" in ln).endswith(
        "service/satisfaction/csat" + STALE[lang])
    show = okr("show", "engineering/platform/onboarding", env=lang_env(lang, COLUMNS=width))
    assert pending in show.stdout


@pytest.mark.parametrize(("lang", "title", "none", "date"), [
    ("en", "Check-ins", "no check-ins yet", "Date"), ("zh-CN", "进展更新", "尚无进展更新", "日期")])
def test_show_of_a_key_result_without_check_ins_says_so_without_a_table(okr, lang, title,
                                                                        none, date):
    out = okr("show", "engineering/platform/onboarding", env=lang_env(lang)).stdout
    assert out.endswith(f"\n{title}\n{none}\n")
    assert "\n" + date not in out and "━" not in out and out.count(none) == 1


@pytest.mark.parametrize(("lang", "committed"), [("en", "committed"), ("zh-CN", "承诺型")])
def test_grade_says_committed_once_a_row(okr, lang, committed):
    for width in ("80", "100", "120"):
        lines = lines_of(okr("grade", env=lang_env(lang, COLUMNS=width)).stdout)
        at = next(i for i, line in enumerate(lines) if "构建顺畅高效的运营体系" in line)
        row = " ".join(lines[at:at + 3])
        assert row.count(committed) == 1, (width, row)


def test_what_a_person_drives_is_found_by_a_scan_not_by_parsing_every_file(example, okr,
                                                                          monkeypatch):
    """okr status PERSON parses only the files that name the person (or hold an escape
    that could): a workspace of thousands stays as fast as its handful."""
    from okrcli import pipeline

    parsed = []
    real = pipeline.read
    monkeypatch.setattr(pipeline, "read", lambda path, *a, **k: (
        parsed.append(path.name), real(path, *a, **k))[1])
    # a cache of its own: another test's readings of the same files would answer for them
    result = okr("status", "li.na", env={"COLUMNS": "120",
                                         "OKR_CACHE_DIR": str(example.parent / "cache")})
    assert result.exit_code == 0, result.stderr
    assert "driven by 李娜" in result.stdout or "李娜" in result.stdout
    assert "marketing.yaml" in parsed  # she drives marketing/awareness/followers
    assert "engineering.yaml" not in parsed and "sales.yaml" not in parsed


def test_trimming_piped_lines_is_linear_in_a_long_run_of_spaces():
    """A deep tree indents by thousands of spaces: the pipe's trimming must not retry
    each of them (a regex did, and a 1,200-level tree took a minute)."""
    import io
    import time

    from okrcli.cli.common import _Trimmed

    out = io.StringIO()
    trimmed = _Trimmed(out)
    began = time.perf_counter()
    trimmed.write("a" + " " * 200_000 + "b   \n" + " " * 100_000)
    trimmed.write("c  \n")
    assert time.perf_counter() - began < 2  # quadratic: minutes
    assert out.getvalue() == "a" + " " * 200_000 + "b\n" + " " * 100_000 + "c\n"


def _lines() -> list[Text]:
    styled = Text("一二三 ", style="bold")
    styled.append("[red]markup[/] ", style="cyan")
    styled.append("done", style="green on black")
    spans_only = Text("plain ")
    spans_only.append("bold", style="bold")
    return [Text("plain"), Text("x" * 40), Text("x" * 41), Text("国" * 20),
            Text("国" * 21), Text("whole line styled", style="yellow"), styled, spans_only,
            Text("two\nlines", style="dim"), Text("a\ttab"), Text("centred", justify="center"),
            Text("no end", end=""), Text(""), Text("ends in spaces   ")]


@pytest.mark.parametrize("colour", [False, True])
def test_lines_already_laid_out_print_as_rich_prints_them(colour):
    """Fit and Grid hand Rich a line that fits as its segments (render/layout.py
    ``drawn``): every byte the same as Rich's own drawing of it, styles included; what does
    not fit, or holds a line break or a tab, or is centred, goes through Rich."""
    import io

    from rich.console import Console, ConsoleOptions, RenderResult

    from okrcli.render.layout import Fit

    class ByRich:  # the lines handed to Rich one by one, as Fit did before
        def __init__(self, lines: list[Text]) -> None:
            self.lines = lines

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            yield from self.lines

    def printed(renderable: object) -> str:
        out = io.StringIO()
        Console(file=out, width=40, color_system="truecolor" if colour else None,
                force_terminal=colour, highlight=False).print(renderable)
        return out.getvalue()

    expected = printed(ByRich(_lines()))
    assert printed(Fit(lambda width: _lines())) == expected
    assert ("\x1b[" in expected) is colour
    assert "markup[/]" in expected and "  centred  " in expected
    grid = Grid([Column("", flex=True)], [Row([line]) for line in _lines()[:8]],
                header=False)
    assert printed(grid) == printed(ByRich(grid.lines(40)))


def _random_tree(seed: int):
    import random

    from rich.tree import Tree

    from okrcli.render.layout import Wrapped

    rng = random.Random(seed)
    words = ["提高", "市场知名度", "distribution", "platform", "sales/growth/new-customers",
             "22%", "◆", "（第一项）", "ab", "x" * 30, "[red]markup[/]"]

    def label() -> Wrapped:
        text = Text(" ".join(rng.choice(words) for _ in range(rng.randint(0, 9))),
                    style=rng.choice(["", "bold", "dim"]))
        if rng.random() < 0.5:
            text.append(f"  {rng.randint(0, 100)}% ", style="cyan")
        return Wrapped(text, indent=rng.choice([0, 2]))

    root = Tree(label())
    nodes = [root]
    for _ in range(rng.randint(0, 40)):
        nodes.append(rng.choice(nodes).add(label()))
    return root


@pytest.mark.parametrize("seed", range(12))
def test_a_tree_is_drawn_as_rich_draws_it(seed):
    """``okr tree`` draws its guides and wrapped labels itself (``layout.tree_lines``,
    without Rich's cost per line): the same bytes as Rich's ``Tree`` at every width, in
    colour or not, with ASCII guides where the console has no Unicode; where a label would
    get too little room, Rich draws it."""
    import io

    from rich.console import Console

    from okrcli.render.layout import Drawn, tree_lines

    def printed(renderable: object, width: int, colour: bool, encoding: str) -> str:
        out = type("Out", (io.StringIO,), {"encoding": encoding})()
        Console(file=out, width=width, highlight=False,
                color_system="truecolor" if colour else None,
                force_terminal=colour).print(renderable)
        return out.getvalue()

    tree = _random_tree(seed)
    for width in (12, 30, 57, 80, 120):
        for colour in (False, True):
            for encoding in ("utf-8", "ascii"):
                how = (width, colour, encoding)
                assert printed(Drawn(tree), *how) == printed(tree, *how), how
    assert tree_lines(tree, 120) is not None or not tree.children


@pytest.mark.parametrize("head", ["", "  ", "├── ", "│   └── "])
@pytest.mark.parametrize("text", [
    Text(""), Text("", style="bold"), Text("plain"), Text("全部 bold", style="bold"),
    Text.assemble(("◆ ", "bold"), "目标", (" (committed)", "italic")),
])
def test_a_prefixed_line_is_the_one_rich_adds_up(head, text):
    """``layout.prefixed`` (and ``padded``) make at once what ``Text(head) + text`` makes:
    the same text and spans, so the same line on every terminal."""
    from okrcli.render.layout import padded, prefixed

    made, added = prefixed(head, text), Text(head) + text
    assert made.plain == added.plain and made.spans == added.spans
    assert made.style == added.style and made.end == added.end
    if not head.strip():
        assert padded(text, len(head)).spans == added.spans


def test_a_cell_is_what_it_was_made_of():
    """A bar cell is one Text, as its parts added up were (the value cell's two-line form
    is held by the snapshots of each width)."""
    from okrcli.render import bar, pct
    from okrcli.render.cells import progress_cell

    for args in ((0.5, None, 0.3), (None, None, None), (1.0, 1.42, 0.9), (0.0, -0.2, None),
                 (0.5, 0.3, None)):
        fraction, progress, expected = args
        cell = progress_cell(*args)
        added = Text(bar(fraction, expected=expected), style="cyan")
        shown = progress if progress is not None and not 0 <= progress <= 1 else fraction
        added.append(" " + pct(shown).rjust(4))
        assert (cell.plain, cell.style, cell.spans) == (added.plain, added.style, added.spans)
    assert progress_cell(0.5, expected=0.3).plain == "███┃█░░░░░  50%"


def test_cells_are_the_widths_rich_measures():
    """render/cellwidth.cells is rich.cells.cell_len, faster: the same width for every
    character (a CJK one two cells, a combining one or a control none), for mixed text,
    and for emoji sequences (a zero-width joiner or a variation selector: Rich's own)."""
    from okrcli.render.cellwidth import cells

    # the whole of the BMP and of the emoji plane; the starts of the CJK, tag and private
    # planes
    points = [p for p in (*range(0x10000), *range(0x1F000, 0x20000), *range(0x20000, 0x20400),
                          *range(0x30000, 0x30400), *range(0xE0000, 0xE0200),
                          *range(0xF0000, 0xF0100), 0x10FFFF) if not 0xD800 <= p < 0xE000]
    assert [cells(chr(p)) for p in points] == [cell_len(chr(p)) for p in points]
    for text in ("", "abc", "p0001 · 提高复购率", "a\u0301b", "tab\there", "\x1b[31m红\x00",
                 "全角ＡＢＣ，。", "👩\u200d💻 dev", "❤\ufe0f ok", "한국어 テキスト", "𠀀𠀁"):
        assert cells(text) == cell_len(text), text


@pytest.mark.parametrize("system", ["standard", "256", "truecolor", None])
def test_lines_written_at_once_are_the_bytes_rich_prints(system, monkeypatch):
    """``okr tree`` and ``status --all`` write their laid-out lines in colour themselves
    (``layout.written``, a few thousand at a time): every byte as ``Console.print`` writes
    them, escape codes included; without colours (or with NO_COLOR), Rich's own way."""
    import io

    from rich.console import Console

    from okrcli.cli.read import write_lines
    from okrcli.render.layout import tree_lines, written

    def console(out: io.StringIO, **more: object) -> Console:
        return Console(file=out, width=60, color_system=system, force_terminal=True,
                       highlight=False, **more)  # type: ignore[arg-type]

    styled = Text("一二三 ", style="bold")
    styled.append("[red]markup[/] ", style="cyan")
    styled.append("done", style="green on black")
    lines = [Text("plain"), Text("国" * 20), Text("whole line styled", style="yellow"), styled,
             Text(""), Text("dim strike", style="dim strike"), Text("end", end="")]
    for seed in range(6):
        lines += tree_lines(_random_tree(seed), 60) or []
    by_rich, ours, in_threes = io.StringIO(), io.StringIO(), io.StringIO()
    console(by_rich).print(*lines, sep="\n", soft_wrap=True)
    write_lines(console(ours), lines)
    monkeypatch.setattr("okrcli.cli.read._CHUNK", 3)  # a few at a time: the same bytes
    write_lines(console(in_threes), lines)
    assert ours.getvalue() == by_rich.getvalue() == in_threes.getvalue()
    assert ("\x1b[" in by_rich.getvalue()) is (system is not None)
    assert (written(lines, console(io.StringIO())) is None) is (system is None)
    assert written(lines, console(io.StringIO(), no_color=True)) is None
