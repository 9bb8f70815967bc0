"""okr check for closed cycles and carry-overs: closed-cycle-change (OKR118),
unknown-carried-from (OKR119) and, with --base, closed-cycle-rewritten (OKR125); where
they are reported in each format, the edit they refuse, and their explanations.

The workspace is a copy of the example with a closed 2026-Q3 (closed on 2026-10-09)
before it: sales's Q3 file, graded, and its objective carried into 2026-Q4."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

import history
from conftest import EXAMPLE, Okr, golden, session
from okrcli.services import check

TODAY = dt.date(2026, 11, 26)
Q3 = "okrs/2026-Q3/sales.yaml"
Q4 = "okrs/2026-Q4/sales.yaml"
CODES = {"OKR114", "OKR118", "OKR119", "OKR125"}

CLOSED = """\
  - id: 2026-Q3
    start: 2026-07-01
    end: 2026-09-30
    closed: 2026-10-09
"""

SALES_Q3 = """\
owner: sales
cycle: 2026-Q3
objectives:
  - id: channels
    title: 打通线上分销渠道
    aligns_to: company/reach
    key_results:
      - id: dealers
        title: 签约经销商30家
        start: 0
        target: 30
        unit: 家
        checkins:
          - date: 2026-09-25
            value: 18
          - date: 2026-10-09
            value: 19
        grade: 0.63
    outcome: carried
    retro: 渠道招募比预期慢，下季度先做区域试点
  - id: stores
    title: 开通线上门店
    aligns_to: company/reach
    key_results:
      - id: opened
        title: 开通线上门店20家
        start: 0
        target: 20
        unit: 家
        checkins:
          - date: 2026-09-20
            value: 20
        grade: 1.0
    outcome: achieved
"""

COMPANY_Q3 = """\
owner: company
cycle: 2026-Q3
objectives:
  - id: reach
    title: 让更多客户找到我们
    key_results:
      - id: visits
        title: 平台月访问量达到10万
        start: 20000
        target: 100000
        checkins:
          - date: 2026-09-28
            value: 90000
        grade: 0.88
    outcome: partial
"""

CARRIED = """\
  - id: channels
    title: 打通线上分销渠道
    aligns_to: company/customers
    carried_from: 2026-Q3/sales/channels
    key_results:
      - id: dealers
        title: 签约经销商30家
        start: 19
        target: 30
        unit: 家
"""


def closed_workspace(target: Path) -> Path:
    """The example with the closed 2026-Q3 and sales's channels carried into 2026-Q4."""
    shutil.copytree(EXAMPLE, target)
    # the example's own closed 2026-Q3 out: this one is built to the rules' measure
    shutil.rmtree(target / "okrs/2026-Q3")
    for path in (target / "okrs/2026-Q4").glob("*.yaml"):
        path.write_text(re.sub(r"(?m)^    carried_from: 2026-Q3/.*\n", "",
                               path.read_text(encoding="utf-8")), encoding="utf-8")
    config = target / "okr.yaml"
    config.write_text(re.sub(r"  - id: 2026-Q3\n(    .*\n)+", "",
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("cycles:\n",
                                                                 "cycles:\n" + CLOSED, 1),
                      encoding="utf-8")
    (target / "okrs/2026-Q3").mkdir()
    (target / Q3).write_text(SALES_Q3, encoding="utf-8")
    (target / "okrs/2026-Q3/company.yaml").write_text(COMPANY_Q3, encoding="utf-8")
    edit(target, Q4, "objectives:\n", "objectives:\n" + CARRIED)
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(root: Path, base: str | None = None, today: dt.date = TODAY
          ) -> list[tuple[str, int, int, str]]:
    result = check.run(session(root), today, base=base, use_cache=False)
    return [(d.path, d.line, d.col, d.code) for d in result.diagnostics if d.code in CODES]


def errors(root: Path) -> list[str]:
    result = check.run(session(root), TODAY, use_cache=False)
    return [f"{d.path}:{d.line}:{d.col} {d.code}" for d in result.diagnostics
            if d.severity.value == "error"]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return closed_workspace(tmp_path / "ws")


# --- the clean case ------------------------------------------------------------------------


def test_a_closed_cycle_and_a_carried_objective_are_clean(ws):
    assert errors(ws) == []


def test_corrections_after_the_close_are_allowed(ws):
    edit(ws, Q3, "        grade: 0.63\n", "        grade: 0.7\n        changes:\n"
         "          - {date: 2026-10-20, field: grade, old: 0.63, new: 0.7, reason: 补录}\n"
         "          - {date: 2026-10-20, field: grade_note, old: null, new: 补录, "
         "reason: 补录}\n")
    edit(ws, Q3, "    outcome: achieved\n", "    outcome: partial\n    changes:\n"
         "      - {date: 2026-10-21, field: outcome, old: achieved, new: partial, "
         "reason: 门店验收未过}\n")
    assert errors(ws) == []


# --- OKR118 closed-cycle-change -----------------------------------------------------------


def test_a_checkin_after_the_close_is_an_error_at_its_date(ws):
    edit(ws, Q3, "            value: 19\n",
         "            value: 19\n          - date: 2026-10-10\n            value: 20\n")
    assert found(ws) == [(Q3, 18, 19, "OKR118")]
    # the same check-in while the cycle is open (reopened): nothing
    edit(ws, "okr.yaml", "    closed: 2026-10-09\n", "    reopened:\n"
         "      - {date: 2026-10-12, closed: 2026-10-09, reason: 补录销售数据}\n")
    assert found(ws) == []


def test_a_goalpost_change_and_drops_after_the_close(ws):
    edit(ws, Q3, "        target: 30\n", "        target: 25\n        changes:\n"
         "          - {date: 2026-10-15, field: target, old: 30, new: 25, reason: 调整}\n")
    edit(ws, Q3, "    outcome: achieved\n", "    dropped: {date: 2026-10-16, reason: 并入渠道}\n"
         "    outcome: dropped\n")
    edit(ws, Q3, "        grade: 1.0\n",
         "        grade: 1.0\n        dropped: {date: 2026-10-16, reason: 并入渠道}\n")
    # the KR's drop of its objective's day is said once, at the objective's
    assert found(ws) == [(Q3, 13, 20, "OKR118"), (Q3, 37, 21, "OKR118")]


def test_a_kr_drop_of_its_own_after_the_close(ws):
    edit(ws, Q3, "        grade: 1.0\n",
         "        grade: 1.0\n        dropped:\n          date: 2026-10-10\n"
         "          reason: 并入渠道\n")
    assert found(ws) == [(Q3, 35, 17, "OKR118")]


def test_okr118_message_names_the_cycle_the_close_and_what_is_allowed(ws):
    edit(ws, Q3, "            value: 19\n",
         "            value: 19\n          - date: 2026-10-10\n            value: 20\n")
    result = Okr(ws)("check")
    assert result.exit_code == 1
    assert (f"{Q3}:18:19: OKR118 check-in of 2026-10-10 is after cycle 2026-Q3 was closed "
            "on 2026-10-09: after a close only grades, grade notes, outcomes and retro "
            "notes may be corrected, each with a changes: record (okr cycle reopen 2026-Q3 "
            "--reason TEXT to change more) [closed-cycle-change]") in result.stdout


# --- OKR119 unknown-carried-from ----------------------------------------------------------


@pytest.mark.parametrize(("link", "says"), [
    ("2026-Q3/sales/chanels", "sales has no objective 'chanels' in cycle 2026-Q3"),
    ("2026-Q3/marketing/channels", "names owner marketing, not this file's owner sales"),
    ("2026-Q4/sales/growth", "names cycle 2026-Q4, which does not start before this "
                             "file's cycle 2026-Q4"),
    ("2026-Q2/sales/channels", "names cycle 2026-Q2, which is not in okr.yaml"),
])
def test_a_carried_from_that_names_nothing(ws, link, says):
    edit(ws, Q4, "carried_from: 2026-Q3/sales/channels", f"carried_from: {link}")
    assert found(ws) == [(Q4, 7, 19, "OKR119")]
    result = Okr(ws)("check", "--format", "json")
    [item] = [i for i in json.loads(result.stdout) if i["code"] == "OKR119"]
    assert says in item["message"] and item["name"] == "unknown-carried-from"


def test_an_owner_without_a_file_in_the_earlier_cycle(ws):
    (ws / Q3).unlink()
    assert found(ws) == [(Q4, 7, 19, "OKR119")]


def test_an_unreadable_earlier_file_is_not_checked_not_an_error(ws):
    (ws / Q3).write_text(SALES_Q3 + "  - id: [broken\n", encoding="utf-8")
    codes = [f[3] for f in found(ws) if f[0] == Q4]
    assert codes == ["OKR114"]


def test_an_edit_of_a_carried_objectives_file_is_not_refused_for_files_it_did_not_read(ws):
    # An edit checks a file among the files its alignments need (2026-Q4's): the
    # earlier cycle's are not read, and a link to them is not judged there.
    result = Okr(ws)("checkin", "sales/channels/dealers", "21")
    assert result.exit_code == 0, result.stderr
    assert "value: 21" in (ws / Q4).read_text(encoding="utf-8")


# --- the edit pipeline refuses a check-in after the close ---------------------------------


def test_okr_checkin_into_a_closed_cycle_is_refused(ws):
    before = (ws / Q3).read_bytes()
    result = Okr(ws)("checkin", "sales/channels/dealers", "21", "--cycle", "2026-Q3",
                     "--date", "2026-10-12")
    assert result.exit_code == 1
    assert "OKR118" in result.stderr or "closed" in result.stderr
    assert (ws / Q3).read_bytes() == before


def test_the_edit_pipeline_alone_refuses_a_checkin_after_the_close(ws):
    # Without any guard of a command: the rule, run by every edit, refuses it.
    from okrcli.diagnostics import OkrError
    from okrcli.edit import TextEdit
    from okrcli.model import OkrFile
    from okrcli.services.editing import edit_file

    def change(reading):
        text = TextEdit(reading.source.text)
        text.append(("objectives", 0, "key_results", 0), "checkins",
                    {"date": dt.date(2026, 10, 20), "value": 21})
        return text.text

    before = (ws / Q3).read_bytes()
    with pytest.raises(OkrError) as refused:
        edit_file(session(ws), ws / Q3, OkrFile, TODAY, change)
    assert "OKR118" in refused.value.message and "2026-Q3" in refused.value.message
    assert (ws / Q3).read_bytes() == before


# --- the formats ----------------------------------------------------------------------------


def broken(ws: Path) -> Path:
    edit(ws, Q3, "            value: 19\n",
         "            value: 19\n          - date: 2026-10-10\n            value: 20\n")
    edit(ws, Q4, "carried_from: 2026-Q3/sales/channels", "carried_from: 2026-Q3/sales/chanels")
    return ws


def test_text_golden_en_and_zh(ws):
    okr = Okr(broken(ws))
    result = okr("check", "--select", "OKR118,OKR119")
    assert result.exit_code == 1
    golden("closed-rules-check.txt", result.stdout)
    zh = okr("--lang", "zh-CN", "check", "--select", "OKR118,OKR119")
    assert zh.exit_code == 1
    golden("closed-rules-check.zh-CN.txt", zh.stdout)


@pytest.mark.parametrize("fmt", ["json", "github", "junit"])
def test_every_format_places_them(ws, fmt):
    result = Okr(broken(ws))("check", "--format", fmt, "--select", "OKR118,OKR119")
    assert result.exit_code == 1
    out = result.stdout
    if fmt == "json":
        places = {(i["path"], i["line"], i["col"], i["code"]) for i in json.loads(out)}
        assert places == {(Q3, 18, 19, "OKR118"), (Q4, 7, 19, "OKR119")}
    elif fmt == "github":
        assert f"::error file={Q3},line=18,col=19,title=OKR118 closed-cycle-change::" in out
        assert f"::error file={Q4},line=7,col=19,title=OKR119 unknown-carried-from::" in out
    else:
        assert "OKR118" in out and "OKR119" in out and f"{Q3}:18:19: OKR118" in out
    golden(f"closed-rules-check-{fmt}.{'xml' if fmt == 'junit' else 'txt'}", out)


@pytest.mark.parametrize("code", ["OKR118", "OKR119", "OKR125"])
def test_explain_in_both_languages(ws, code):
    okr = Okr(ws)
    en = okr("check", "--explain", code)
    assert en.exit_code == 0 and "PASS" in en.stdout and "FAIL" in en.stdout
    zh = okr("--lang", "zh-CN", "check", "--explain", code.lower())
    assert zh.exit_code == 0 and ("已关闭" in zh.stdout or "结转" in zh.stdout)


# --- OKR125 closed-cycle-rewritten (okr check --base) -------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = closed_workspace(tmp_path / "repo")
    history.init(root)
    history.commit(root, "2026-Q3 closed, channels carried", "2026-10-12")
    return root


def test_nothing_changed_since_the_close_is_clean(repo):
    assert found(repo, "HEAD") == []


def test_recorded_corrections_pass_and_unrecorded_ones_fail(repo):
    edit(repo, Q3, "        grade: 0.63\n", "        grade: 0.7\n        changes:\n"
         "          - {date: 2026-10-20, field: grade, old: 0.63, new: 0.7, reason: 补录}\n")
    edit(repo, Q3, "    retro: 渠道招募比预期慢，下季度先做区域试点\n",
         "    retro: 渠道招募比预期慢\n    changes:\n"
         "      - {date: 2026-10-20, field: retro, old: x, new: 渠道招募比预期慢, reason: 精简}\n")
    assert found(repo, "HEAD") == []
    # a second grade change, recorded by no record of its value
    edit(repo, Q3, "        grade: 0.7\n", "        grade: 0.75\n")
    edit(repo, Q3, "    outcome: achieved\n", "    outcome: partial\n")
    assert found(repo, "HEAD") == [(Q3, 18, 16, "OKR125"), (Q3, 38, 14, "OKR125")]


def test_a_backdated_checkin_a_new_kr_a_title_and_a_deleted_kr(repo):
    edit(repo, Q3, "            value: 19\n",
         "            value: 19\n          - date: 2026-09-30\n            value: 19.5\n")
    edit(repo, Q3, "    title: 打通线上分销渠道\n", "    title: 打通全部线上分销渠道\n")
    edit(repo, Q3, "        grade: 1.0\n", "        grade: 1.0\n"
         "      - id: late\n        title: 补一个关键结果\n        start: 0\n"
         "        target: 1\n")
    edit(repo, "okrs/2026-Q3/company.yaml", "        grade: 0.88\n", "        grade: 0.88\n"
         "    outcome: partial\n  - id: new\n    title: 新目标\n", )
    edit(repo, "okrs/2026-Q3/company.yaml", "    outcome: partial\n  - id: new\n",
         "  - id: new\n")
    assert found(repo, "HEAD") == [
        ("okrs/2026-Q3/company.yaml", 4, 5, "OKR125"),  # the outcome, gone
        ("okrs/2026-Q3/company.yaml", 15, 5, "OKR125"),  # objective new: once
        (Q3, 5, 12, "OKR125"),  # the title
        (Q3, 18, 13, "OKR125"),  # the check-in, added (backdated: no OKR118)
        (Q3, 36, 9, "OKR125"),  # the new key result
    ]
    edit(repo, Q3, "      - id: late\n        title: 补一个关键结果\n        start: 0\n"
         "        target: 1\n", "")
    edit(repo, Q3, """      - id: opened
        title: 开通线上门店20家
        start: 0
        target: 20
        unit: 家
        checkins:
          - date: 2026-09-20
            value: 20
        grade: 1.0
""", "")
    assert (Q3, 26, 5, "OKR125") in found(repo, "HEAD")  # at stores' `key_results:`


def test_a_cycle_reopened_since_the_base_is_not_judged(repo):
    edit(repo, Q3, "    title: 打通线上分销渠道\n", "    title: 打通全部线上分销渠道\n")
    assert [f[3] for f in found(repo, "HEAD")] == ["OKR125"]
    edit(repo, "okr.yaml", "    closed: 2026-10-09\n", "    reopened:\n"
         "      - {date: 2026-10-12, closed: 2026-10-09, reason: 补录销售数据}\n")
    assert found(repo, "HEAD") == []
    # reopened and closed again since the base: the changes between are the team's
    edit(repo, "okr.yaml", "    reopened:\n", "    closed: 2026-10-20\n    reopened:\n")
    assert found(repo, "HEAD") == []


def test_the_close_itself_is_not_judged(tmp_path):
    root = closed_workspace(tmp_path / "repo")
    edit(root, "okr.yaml", "    closed: 2026-10-09\n", "")
    edit(root, Q3, "        grade: 0.63\n", "")
    history.init(root)
    base = history.commit(root, "2026-Q3 ended", "2026-10-05")
    edit(root, "okr.yaml", "    end: 2026-09-30\n", "    end: 2026-09-30\n"
         "    closed: 2026-10-09\n")
    edit(root, Q3, "            value: 19\n", "            value: 19\n        grade: 0.63\n")
    assert found(root, base) == []


def test_okr125_message_and_the_formats(repo):
    edit(repo, Q3, "            value: 19\n",
         "            value: 19\n          - date: 2026-09-30\n            value: 19.5\n")
    short = history.git(repo, "rev-parse", "--short", "HEAD").strip()
    result = Okr(repo)("check", "--base", "HEAD", "--select", "OKR125")
    assert result.exit_code == 1
    assert (f"{Q3}:18:13: OKR125 sales/channels/dealers: a check-in of 2026-09-30 was added "
            f"since {short}, in cycle 2026-Q3 closed on 2026-10-09: after a close only") \
        in result.stdout
    zh = Okr(repo)("--lang", "zh-CN", "check", "--base", "HEAD", "--select", "OKR125")
    assert f"新增了 2026-09-30 的进展更新（自 {short} 以来；2026-Q3 周期已于 2026-10-09 关闭）" \
        in zh.stdout
    github = Okr(repo)("check", "--base", "HEAD", "--select", "OKR125", "--format", "github")
    assert f"::error file={Q3},line=18,col=13,title=OKR125 closed-cycle-rewritten::" \
        in github.stdout


def test_a_rewritten_correction_of_an_objective_is_a_finding_not_a_traceback(tmp_path):
    # okrdiff reads an objective's `changes:` records as JSON like a key result's
    root = closed_workspace(tmp_path / "repo")
    edit(root, Q3, "    outcome: achieved\n", "    outcome: partial\n    changes:\n"
         "      - {date: 2026-10-21, field: outcome, old: achieved, new: partial, "
         "reason: 门店验收未过}\n")
    history.init(root)
    history.commit(root, "a correction", "2026-10-22")
    edit(root, Q3, "reason: 门店验收未过", "reason: 改写")
    result = check.run(session(root), TODAY, base="HEAD", use_cache=False)
    assert {(d.line, d.code) for d in result.diagnostics if d.path == Q3} == {
        (36, "OKR124"), (36, "OKR125")}
