"""The services speak the reader's language: a refused edit, a refused `okr init` and a
refused change of okr.yaml say why in Chinese under zh-CN, in English otherwise, with the
same exit code, and write nothing in either."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from conftest import ROOT, Okr
from okrcli import checks, i18n
from okrcli.diagnostics import OkrError
from okrcli.services.checkin import AnswerRefused, Entry

ZH = {"OKR_LANG": "zh-CN"}
EN = {"OKR_LANG": "en"}
PO = ROOT / "src" / "okrcli" / "locale" / "zh_CN" / "LC_MESSAGES" / "okr.po"


def files(root: Path) -> dict[str, bytes]:
    """Every file of the workspace, byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def squeezed(text: str) -> str:
    """``text`` without its spaces and line breaks (the terminal wraps Chinese anywhere)."""
    return re.sub(r"\s+", "", text)


# (the command, its exit code, what English says, what Chinese says)
REFUSED = [
    pytest.param(
        ["checkin", "sales/growth/southwest-agents", "2"], 1,
        "okr: sales/growth/southwest-agents was dropped on 2026-11-05 (市场变化,资源集中到华东): "
        "a dropped key result takes no check-ins",
        "okr: sales/growth/southwest-agents 已于 2026-11-05 放弃（市场变化,资源集中到华东）："
        "已放弃的关键结果不再接受进展更新（修改的和补记的也不接受）；未写入任何文件",
        id="checkin-on-a-dropped-kr"),
    pytest.param(
        ["checkin", "sales/growth/southwest-agents", "2", "--amend"], 1,
        "a dropped key result takes no check-ins (amended or back-dated ones included); "
        "nothing was written",
        "已放弃的关键结果不再接受进展更新（修改的和补记的也不接受）；未写入任何文件",
        id="amend-on-a-dropped-kr"),
    pytest.param(
        ["checkin", "sales/growth/new-customers", "99999"], 1,
        "99999 is far outside the range of sales/growth/new-customers",
        "99999 远远超出 sales/growth/new-customers 的范围（-1200 至 1320 家：两端各外延 10 倍"
        "跨度）",
        id="checkin-far-out"),
    pytest.param(
        ["checkin", "sales/growth/new-customers", "many"], 2,
        "okr: 'many' is not a number", "okr: 'many' 不是数字", id="checkin-not-a-number"),
    pytest.param(
        ["kr", "add", "sales/growht", "新客户", "--target", "5"], 1,
        "okr: no objective sales/growht in cycle 2026-Q4 (did you mean 'growth'?)",
        "okr: 2026-Q4 周期中没有目标 sales/growht（你是不是想用 'growth'？）",
        id="kr-add-to-an-unknown-objective"),
    pytest.param(
        ["kr", "edit", "sales/growth/new-customers", "--target", "200"], 1,
        "okr: cycle 2026-Q4 has started: changing target needs --reason",
        "okr: 2026-Q4 周期已经开始：修改 target 需要 --reason，原因会记录在关键结果的 changes 中",
        id="kr-edit-without-reason"),
    pytest.param(
        ["checkin", "sales", "5"], 2,
        "okr: 'sales' is not a reference of the form OWNER/OBJECTIVE/KR",
        "okr: 'sales' 不是 OWNER/OBJECTIVE/KR 形式的引用", id="not-a-ref"),
    pytest.param(
        ["objective", "add", "slaes", "新目标"], 1,
        "okr: unknown owner 'slaes' (did you mean 'sales'?): add it with okr team add",
        "okr: 未知的负责人 'slaes'（你是不是想用 'sales'？）：用 okr team add / okr person add"
        " 添加",
        id="objective-add-unknown-owner"),
    pytest.param(
        ["objective", "drop", "sales/growth", "--reason", " "], 2,
        "okr: --reason cannot be empty", "okr: --reason 不能为空：请写明原因", id="empty-reason"),
    pytest.param(
        ["status", "--cycle", "2027-Q1"], 1,
        "okr: unknown cycle '2027-Q1' (known: 2026-Q3, 2026-Q4)",
        "okr: 未知的周期 '2027-Q1'（已有：2026-Q3, 2026-Q4）", id="unknown-cycle"),
    pytest.param(
        ["cycle", "add", "2026-Q4", "--start", "2026-10-01", "--end", "2026-12-31"], 1,
        "okr: '2026-Q4' exists already in okr.yaml", "okr: okr.yaml 中已有 '2026-Q4'",
        id="cycle-add-existing"),
    pytest.param(
        ["team", "add", "ops", "--parent", "compnay"], 1,
        "okr: unknown parent team 'compnay' (did you mean 'company'?)",
        "okr: 未知的上级团队 'compnay'（你是不是想用 'company'？）", id="team-add-unknown-parent"),
    pytest.param(
        ["person", "rename", "sales", "销售"], 1,
        "okr: 'sales' is a team, not a person: okr team rename",
        "okr: 'sales' 是团队，不是成员：请用 okr team rename", id="person-rename-a-team"),
    pytest.param(
        ["check", "--explain", "OKR999"], 2,
        "okr: unknown rule 'OKR999': okr check --list-rules lists them",
        "okr: 未知的规则 'OKR999'：okr check --list-rules 列出所有规则", id="unknown-rule"),
]


@pytest.mark.parametrize(("args", "code", "english", "chinese"), REFUSED)
def test_a_refusal_is_said_in_the_readers_language(okr: Okr, example: Path, args: list[str],
                                                   code: int, english: str, chinese: str):
    before = files(example)
    en = okr(*args, env=EN)
    zh = okr(*args, env=ZH)
    assert (en.exit_code, zh.exit_code) == (code, code), (en.output, zh.output)
    assert english in " ".join(en.stderr.split())
    assert squeezed(chinese) in squeezed(zh.stderr), zh.stderr
    assert squeezed(english) not in squeezed(zh.stderr)
    assert files(example) == before


def test_init_into_a_workspace_writes_nothing_in_either_language(okr: Okr, example: Path):
    before = files(example)
    for env, said in ((EN, "okr.yaml exists already: nothing was written"),
                      (ZH, "okr.yaml 已存在：未写入任何文件")):
        result = okr("init", str(example), env=env, root=False)
        assert result.exit_code == 1, result.output
        assert squeezed(said) in squeezed(result.stderr)
    assert files(example) == before


def test_an_edit_that_goes_through_says_so_in_chinese(okr: Okr, example: Path):
    result = okr("team", "add", "ops", "--parent", "company", env=ZH)
    assert result.exit_code == 0, result.output
    assert "已添加团队 ops" in result.output
    assert "ops" in (example / "okr.yaml").read_text(encoding="utf-8")
    result = okr("team", "rename", "ops", "运营部", env=ZH)
    assert result.exit_code == 0, result.output
    assert "已把团队 ops 改名为 运营部" in result.output


def test_explain_reads_its_examples_note_in_chinese(okr: Okr):
    zh = okr("check", "--explain", "OKR209", env=ZH)
    en = okr("check", "--explain", "OKR209", env=EN)
    assert zh.exit_code == en.exit_code == 0
    assert "示例在这样一个工作区中读取" in zh.stdout and "`# today:`" in zh.stdout
    assert en.stdout.endswith(checks.EXAMPLES)


def test_a_refused_answer_of_the_walk_keeps_one_nothing_written():
    """A refused answer's reason loses its "nothing was written" before the walk says it
    once for all the answers: in Chinese too."""
    item = type("Item", (), {"ref": "sales/growth/new-customers"})()
    try:
        i18n.use(i18n.CHINESE)
        inner = OkrError(i18n._("{ref} has no check-in to amend; nothing was written").format(
            ref="sales/growth/new-customers"))
        message = AnswerRefused(item, Entry("5"), inner).message  # type: ignore[arg-type]
    finally:
        i18n.use(i18n.ENGLISH)
    assert message.count("未写入任何文件") == 1, message
    assert message.startswith("sales/growth/new-customers 的回答（5）已拒绝：")


def test_every_refusal_ends_in_the_words_the_walk_takes_off():
    """AnswerRefused strips the translation of "; nothing was written" from the refusal it
    wraps: each of the services' messages that ends so in English ends so in Chinese."""
    catalogue = polib.pofile(str(PO))
    suffix = catalogue.find("; nothing was written")
    assert suffix is not None and suffix.msgstr
    ours = [e for e in catalogue if any(o[0].startswith("src/okrcli/services/")
                                        for o in e.occurrences)]
    ending = [e for e in ours if e.msgid.endswith("; nothing was written") and e is not suffix]
    assert len(ending) >= 8
    for entry in ending:
        assert entry.msgstr.endswith(suffix.msgstr), entry.msgid


def test_machine_words_of_grade_and_review_stay_english(okr: Okr):
    """The flags and reasons a result carries are English (JSON reads them), in every
    language; a renderer translates them where a person reads them."""
    zh = okr("grade", "--format", "json", env=ZH)
    en = okr("grade", "--format", "json", env=EN)
    assert zh.exit_code == en.exit_code == 0
    assert zh.stdout == en.stdout
    assert not re.search(r"[\u4e00-\u9fff]", "".join(
        line for line in zh.stdout.splitlines() if '"flag"' in line or '"reasons"' in line))
