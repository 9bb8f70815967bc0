"""The weekly review, the dashboard and okr check in Chinese (zh-CN): their golden files on
the example, the dashboard in a real browser at a phone's width, none of their own English
words left, the machine formats (JSON, github, junit) the same in both languages but for a
finding's message, and the hostile corpus still escaped for each medium in Chinese."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import polib
import pytest

import test_hostile_output as hostile_tests
from conftest import DATA, EXAMPLE, ROOT, Okr, golden
from test_dashboard import MEASURE, Tree, browse  # noqa: F401 (browse: a fixture)
from test_report import png_ink

ZH = {"OKR_LANG": "zh-CN"}
BAD = DATA / "bad-workspace"
CATALOGUE = ROOT / "src" / "okrcli" / "locale" / "zh_CN" / "LC_MESSAGES" / "okr.po"
OURS = ("render/markdown.py", "render/review.py", "render/html.py", "render/chart.py",
        "render/findings.py")


@pytest.fixture(autouse=True)
def _english_after():
    """A command run in-process keeps its language: the tests after these speak English."""
    yield
    from okrcli import i18n

    i18n.use(i18n.ENGLISH)


def zh(okr, *args: str):
    result = okr(*args, env=ZH)
    assert result.exit_code in (0, 1), result.stderr
    return result


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("## ")]


# --- golden files -------------------------------------------------------------------------


def test_the_review_in_chinese_golden(okr):
    out = zh(okr, "report").stdout
    assert out.startswith("# OKR 周报 · 星链分销 · 2026-Q4 · 2026-11-19 → 2026-11-26\n")
    assert headings(out) == ["## 概要", "## 本周进展", "## 本周未更新", "## 需要关注",
                             "## 目标值调整", "## 已放弃", "## 未来 14 天内到期", "## 各负责人"]
    assert "- 公司得分：**48%**（较 2026-11-19 " in out
    assert "- 关键结果：已完成 2，正常 9，有风险 5，落后 2，待更新 1\n" in out
    assert "| 日期 | 关键结果 | 当前值 | 变化 | 信心指数 | 备注 |" in out
    assert "| 落后，信心指数下降 |" in out and "| 待更新 | 0% | — | — | 久未更新 |" in out
    assert ("- **技术部**：`engineering/platform/onboarding` 供应商自助入驻系统上线"
            "（尚无进展更新）\n") in out
    golden("report.zh-CN.md", out)


def test_the_dashboard_in_chinese_golden(okr):
    html = zh(okr, "report", "--format", "html").stdout
    tree = Tree(html)
    assert tree.root.one("html").attrs["lang"] == "zh-CN"
    assert [h.text for h in tree.root.all("h2")] == ["本周", "对齐视图", "目标与关键结果"]
    assert "需要关注" in [h.text for h in tree.root.all("h3")]
    assert 'content: "信心指数 "' in html  # the labels of stacked rows on a phone
    footer = list(tree.root.all("p", "muted"))[-1].text
    assert footer.startswith("由 okr 生成。得分：数值型为从起始值到目标值")
    golden("report.zh-CN.html", html)


def test_check_text_in_chinese_golden(okr):
    result = zh(okr, "check")
    assert result.exit_code == 0 and result.stderr == "okr check: 2 个提示\n"
    golden("check-text.zh-CN.txt", result.stdout)


def test_the_summary_of_check_counts_each_severity_in_chinese(tmp_path):
    result = Okr(_copy(BAD, tmp_path))("check", env=ZH)
    assert result.exit_code == 1
    assert result.stderr == "okr check: 3 个错误，5 个警告，2 个提示\n"
    clean = tmp_path / "clean"
    shutil.copytree(EXAMPLE, clean)
    for path in (clean / "okrs").rglob("*.yaml"):
        path.unlink()
    assert Okr(clean)("check", env=ZH).stderr == "okr check: 未发现问题\n"


# --- nothing of ours left in English --------------------------------------------------------


def _english(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}


def _our_words() -> set[str]:
    """The English words of this module's messages that their translations do not keep
    (``okr check``, ``OKR`` and placeholders stay)."""
    words: set[str] = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if not any(f.endswith(OURS) for f, _ in entry.occurrences):
            continue
        source = re.sub(r"\{[^}]*\}", " ", entry.msgid + " " + entry.msgid_plural)
        kept = entry.msgstr or " ".join(entry.msgstr_plural.values())
        words |= _english(source) - _english(kept)
    return words


def _data_words() -> set[str]:
    """What the example's files say: ids, refs, YAML keys (``target`` of a change), user
    text. Shown as they are in every language."""
    return set().union(*(_english(p.read_text(encoding="utf-8"))
                         for p in EXAMPLE.rglob("*.yaml")))


def _visible(html: str) -> str:
    """A page's text as a reader meets it: text, titles, labels, the CSS labels."""
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    labels = re.findall(r'content: "([^"]*)"', html)
    attrs = re.findall(r'(?:title|aria-label)="([^"]*)"', body)
    return " ".join([Tree(body).root.text, *labels, *attrs])


def test_the_review_and_the_dashboard_keep_none_of_their_english_words(okr, example):
    """In Chinese, no English word of this module's messages is left in the review, the
    dashboard or the markdown of status and grade (ids, refs, YAML keys and user text
    aside)."""
    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "换用NPS衡量").exit_code == 0
    ours = _our_words()
    assert {"moved", "attention", "confidence", "expected", "dropped", "stale"} <= ours
    allowed = _data_words()
    shown = [zh(okr, "report").stdout, zh(okr, "report", "--since", "2026-11-01").stdout,
             zh(okr, "status", "--format", "markdown", "--since", "2026-11-01").stdout,
             zh(okr, "grade", "--format", "markdown").stdout,
             _visible(zh(okr, "report", "--format", "html", "--since", "2026-11-01").stdout)]
    for text in shown:
        left = (_english(text) & ours) - allowed
        assert not left, left


# --- machines read the same in both languages --------------------------------------------


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


@pytest.mark.parametrize("args", [
    ("status", "--format", "json"),
    ("tree", "--format", "json"), ("report", "--format", "json"),
    ("report", "--format", "json", "--since", "2026-11-01"), ("grade", "--format", "json"),
], ids=" ".join)
def test_json_is_byte_identical_in_both_languages(okr, args):
    """No word of the tool's is in the JSON: keys, enumerated values, and reasons and
    flags kept in English, whatever the reader's language."""
    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "换用NPS衡量").exit_code == 0
    english, chinese = okr(*args), okr(*args, env=ZH)
    assert english.exit_code == chinese.exit_code == 0
    assert chinese.stdout == english.stdout
    if args[0] == "report":
        attention = json.loads(chinese.stdout)["attention"]
        assert {r for a in attention for r in a["reasons"]} <= {
            "at risk", "off track", "confidence dropped", "stale"}


FINDING = re.compile(r"(?P<where>[^ ]+:\d+:\d+: OKR\d{3}) (?P<message>.*) (?P<name>\[[a-z-]+\])")


def _without_message(line: str) -> tuple[str, str]:
    match = FINDING.fullmatch(line)
    assert match, line
    return match["where"], match["name"]


def _checks(tmp_path: Path, *args: str) -> tuple[str, str]:
    okr = Okr(_copy(BAD, tmp_path))
    english, chinese = okr("check", *args), okr("check", *args, env=ZH)
    assert english.exit_code == chinese.exit_code == 1
    return english.stdout, chinese.stdout


def test_check_json_is_the_same_but_for_the_messages(tmp_path):
    english, chinese = (json.loads(out) for out in _checks(tmp_path, "--format", "json"))
    assert len(english) == len(chinese) > 5
    for en, cn in zip(english, chinese, strict=True):
        assert list(en) == list(cn)  # the same keys in the same order
        assert {k: v for k, v in en.items() if k != "message"} == \
            {k: v for k, v in cn.items() if k != "message"}
    assert {f["severity"] for f in chinese} == {"error", "warning", "info"}


def test_check_github_is_the_same_but_for_the_messages(tmp_path):
    english, chinese = _checks(tmp_path, "--format", "github")
    command = re.compile(r"::(error|warning|notice) (file=[^,]*,line=\d+,col=\d+,title=[^:]*)::.*")

    def structure(out: str) -> list[tuple[str, str]]:
        lines = out.splitlines()
        assert lines and all(command.fullmatch(line) for line in lines), lines
        return [command.fullmatch(line).groups() for line in lines]  # type: ignore[union-attr]

    assert structure(english) == structure(chinese)


def test_check_github_notice_counts_the_rest_in_chinese():
    """Past ten annotations: one notice, its words in the reader's language, its form
    (``::notice::``, one line) the same."""
    from okrcli import i18n
    from okrcli.diagnostics import Diagnostic, Severity
    from okrcli.render.findings import github

    found = sorted(Diagnostic("a.yaml", i, 1, "OKR003", "m", Severity.ERROR, "unknown-key")
                   for i in range(1, 15))
    i18n.use(i18n.ENGLISH)
    english = github(found).splitlines()
    try:
        i18n.use(i18n.CHINESE)
        chinese = github(found).splitlines()
    finally:
        i18n.use(i18n.ENGLISH)
    assert english[:-1] == chinese[:-1]
    assert english[-1] == ("::notice::okr check: 4 more finding(s) not shown (14 errors in "
                           "all); run okr check locally to see them")
    assert chinese[-1] == ("::notice::okr check: 另有 4 个问题未显示（共 14 个错误）；"
                           "在本地运行 okr check 查看")


def test_check_junit_is_the_same_but_for_the_messages(tmp_path):
    english, chinese = (ET.fromstring(out) for out in _checks(tmp_path, "--format", "junit"))
    pairs = list(zip(english.iter(), chinese.iter(), strict=True))
    assert len(pairs) > 3
    for en, cn in pairs:
        assert en.tag == cn.tag and list(en.attrib) == list(cn.attrib)
        if en.tag == "failure":
            assert en.get("type") == cn.get("type")
            assert re.fullmatch(r"\d+ finding\(s\)", en.get("message", ""))
            assert re.fullmatch(r"\d+ 个问题", cn.get("message", ""))
            assert en.get("message", "").split()[0] == cn.get("message", "").split(" ")[0]
            assert [_without_message(line) for line in (en.text or "").splitlines()] == \
                [_without_message(line) for line in (cn.text or "").splitlines()]
        else:
            assert en.attrib == cn.attrib and (en.text or "").strip() == (cn.text or "").strip()


def test_check_text_is_the_same_but_for_the_messages(tmp_path):
    english, chinese = _checks(tmp_path)
    assert [_without_message(line) for line in english.splitlines()] == \
        [_without_message(line) for line in chinese.splitlines()]


# --- the dashboard in a real browser ------------------------------------------------------

LABELS = """(() => JSON.stringify({
  lang: document.documentElement.lang,
  review: document.querySelector('#review').textContent,
  stacked: getComputedStyle(document.querySelector('table.moves td:nth-child(6)'),
                            '::before').content,
  header: [...document.querySelectorAll('table.moves th')].map(e => e.textContent),
}))()"""


@pytest.mark.parametrize(("width", "mobile"), [(390, True), (1280, False)],
                         ids=["phone-390", "laptop-1280"])
def test_the_chinese_dashboard_fits_a_phone_in_a_real_browser(okr, tmp_path, browse,  # noqa: F811
                                                              width, mobile):
    """lang="zh-CN"; no sideways scrolling; one card per row on a phone; names and dates
    on one line; the labels Chinese, those of stacked cells too; nothing fetched."""
    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "换用NPS衡量").exit_code == 0
    html = tmp_path / "site" / "index.html"
    assert okr("report", "--format", "html", "-o", str(html), env=ZH).exit_code == 0
    tools = browse(html, width, mobile)
    seen = json.loads(tools.evaluate(MEASURE))
    assert seen["scrollWidth"] <= width and seen["bodyWidth"] <= width, seen
    assert tools.evaluate("window.innerWidth") == width
    assert len(seen["cardLefts"]) == 1 if width < 640 else len(seen["cardLefts"]) >= 3, seen
    assert seen["nameLines"] == 1 and seen["dateLines"] == 1, seen
    labels = json.loads(tools.evaluate(LABELS))
    assert labels["lang"] == "zh-CN" and labels["review"] == "本周"
    assert labels["header"] == ["负责人", "日期", "关键结果", "当前值", "变化", "信心指数", "备注"]
    if width < 640:  # the header row is hidden: each cell says what it is
        assert labels["stacked"] == '"信心指数 "'
    shot = tmp_path / f"shot-zh-{width}.png"
    tools.screenshot(shot)
    assert png_ink(shot) > 0.02
    assert tools.requests() == [html.as_uri()]
    assert tools.complaints() == []


# --- the hostile corpus, in Chinese -------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_zh(tmp_path_factory: pytest.TempPathFactory):
    okr = Okr(hostile_tests.hostile_workspace(tmp_path_factory.mktemp("hostile-zh") / "ws"))

    def run(*args: str, env: dict[str, str] | None = None):
        return okr(*args, env={**ZH, **(env or {})})

    return run


@pytest.mark.parametrize("args", [("status", "-f", "markdown"), ("report",),
                                  ("report", "--since", "2026-10-01")], ids=" ".join)
def test_chinese_markdown_renders_user_text_as_text(hostile_zh, args):
    hostile_tests.test_markdown_renders_user_text_as_text(hostile_zh, args)
    assert "得分" in hostile_zh(*args).stdout


def test_chinese_review_starts_no_line_from_a_title(hostile_zh):
    hostile_tests.test_a_line_break_in_a_title_starts_no_line_of_the_review(hostile_zh)


def test_chinese_dashboard_shows_user_text_as_text(hostile_zh):
    hostile_tests.test_dashboard_shows_user_text_as_text(hostile_zh)
    assert '<html lang="zh-CN">' in hostile_zh("report", "--format", "html").stdout


def test_chinese_check_formats_stay_inert(hostile_zh):
    for args in (("check", "-f", "json"), ("report", "-f", "json"), ("status", "-f", "json")):
        hostile_tests.test_json_is_strict_and_inert(hostile_zh, args)
    hostile_tests.test_junit_parses_and_names_the_file(hostile_zh)
    hostile_tests.test_github_annotations_are_the_only_workflow_commands(hostile_zh)
    for args in hostile_tests.TERMINAL:
        hostile_tests.test_terminal_output_is_inert(hostile_zh, args, "80")
