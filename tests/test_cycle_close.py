"""A cycle's lifecycle: okr cycle add --next, list, close, reopen; the closed cycle's guard
and the corrections it allows. Every edit changes only its own lines (compared with
difflib); every refusal leaves every file as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path

import pytest

from conftest import Okr, golden, model_of, session

AFTER = {"OKR_TODAY": "2027-01-05"}  # after 2026-Q4's end


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def changed_lines(before: dict[str, bytes], root: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Per file: the lines removed and the lines added."""
    out = {}
    for name, raw in snapshot(root).items():
        old = before.get(name, b"").decode().splitlines()
        new = raw.decode().splitlines()
        diff = list(difflib.unified_diff(old, new, lineterm="", n=0))
        removed = [d[1:] for d in diff[2:] if d.startswith("-")]
        added = [d[1:] for d in diff[2:] if d.startswith("+")]
        if removed or added:
            out[name] = (removed, added)
    return out


def close_q4(okr: Okr, *args: str, env: dict[str, str] | None = None):
    return okr("cycle", "close", "2026-Q4", *args, env=AFTER if env is None else env)


# --- the next cycle and the list -----------------------------------------------------------


@pytest.mark.parametrize(("cycle", "start", "end", "after", "first", "last"), [
    ("2026-Q4", "2026-10-01", "2026-12-31", "2027-Q1", "2027-01-01", "2027-03-31"),
    ("2027-Q1", "2027-01-01", "2027-03-31", "2027-Q2", "2027-04-01", "2027-06-30"),
    ("2026-H2", "2026-07-01", "2026-12-31", "2027-H1", "2027-01-01", "2027-06-30"),
    ("2026-H1", "2026-01-01", "2026-06-30", "2026-H2", "2026-07-01", "2026-12-31"),
    ("2026-11", "2026-11-01", "2026-11-30", "2026-12", "2026-12-01", "2026-12-31"),
    ("2026-12", "2026-12-01", "2026-12-31", "2027-01", "2027-01-01", "2027-01-31"),
    ("2026", "2026-01-01", "2026-12-31", "2027", "2027-01-01", "2027-12-31"),
    ("FY2026-Q4", "2026-10-01", "2026-12-31", "FY2027-Q1", "2027-01-01", "2027-03-31"),
    ("2026-Q4", "2026-10-05", "2026-12-27", "2027-Q1", "2026-12-28", "2027-03-21"),  # weeks
])
def test_next_cycle_follows_the_latest_one(cycle, start, end, after, first, last):
    from okrcli.model import Config
    from okrcli.services.cycle import next_cycle

    config = Config.model_validate({"cycles": [
        {"id": "2020-Q1", "start": "2020-01-01", "end": "2020-03-31"},
        {"id": cycle, "start": start, "end": end}]})
    assert next_cycle(config) == {"id": after, "start": dt.date.fromisoformat(first),
                                  "end": dt.date.fromisoformat(last)}


def test_cycle_add_next_appends_only_its_lines(okr, example: Path):
    before = snapshot(example)
    result = okr("cycle", "add", "--next")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "added cycle 2027-Q1\n"
    assert changed_lines(before, example) == {"okr.yaml": ([], [
        "  - id: 2027-Q1", "    start: 2027-01-01", "    end: 2027-03-31"])}


def test_cycle_add_next_refuses_an_unknown_pattern_and_extra_arguments(okr, example: Path):
    text = (example / "okr.yaml").read_text(encoding="utf-8")
    (example / "okr.yaml").write_text(text.replace("- id: 2026-Q4", "- id: winter"),
                                      encoding="utf-8")
    before = snapshot(example)
    result = okr("cycle", "add", "--next")
    assert result.exit_code == 1
    assert "cannot tell the id after winter" in result.stderr
    assert "give ID --start --end" in result.stderr
    for args in (["2027-Q1", "--next"], ["--next", "--start", "2027-01-01"], []):
        result = okr("cycle", "add", *args)
        assert result.exit_code == 2, args
    assert okr("cycle", "add", "2027-Q1", "--start", "2027-01-01",
               "--end", "2027-03-31").exit_code == 0
    assert changed_lines(before, example) == {"okr.yaml": ([], [
        "  - id: 2027-Q1", "    start: 2027-01-01", "    end: 2027-03-31"])}


def test_cycle_list_shows_each_state(okr, example: Path):
    text = (example / "okr.yaml").read_text(encoding="utf-8")
    text = text.replace("cycles:\n", "cycles:\n  - id: 2026-Q2\n    start: 2026-04-01\n"
                        "    end: 2026-06-30\n").replace("  - id: 2026-Q3\n",
                                                      "  - id: 2026-Q3\n    name: 三季度\n")
    (example / "okr.yaml").write_text(text, encoding="utf-8")
    assert okr("cycle", "add", "--next").exit_code == 0
    result = okr("cycle", "list")
    assert result.exit_code == 0, result.stderr
    golden("cycle-list.txt", result.stdout)
    zh = okr("--lang", "zh-CN", "cycle", "list", env={"COLUMNS": "80"})
    golden("cycle-list.zh-CN.txt", zh.stdout)
    data = okr("cycle", "list", "--format", "json")
    golden("cycle-list.json", data.stdout)
    assert [row["state"] for row in json.loads(data.stdout)] == [
        "ended", "closed", "running", "upcoming"]
    assert okr("--lang", "zh-CN", "cycle", "list", "-f", "json").stdout == data.stdout


# --- close ---------------------------------------------------------------------------------


def test_close_writes_grades_outcomes_notes_and_the_mark_only(okr, example: Path):
    before = snapshot(example)
    result = close_q4(okr, "--note", "sales/growth=渠道招募比预期慢，下季度先做区域试点",
                      "--outcome", "company/customers=partial")
    assert result.exit_code == 0, result.stderr
    golden("cycle-close.txt", result.stdout)
    changes = changed_lines(before, example)
    assert changes["okr.yaml"] == ([], ["    closed: 2027-01-05"])
    for name, (removed, added) in changes.items():
        assert removed == [], name
        for line in added:
            assert re.fullmatch(r" +(grade: [\d.]+|outcome: \w+|retro: .+|closed: 2027-01-05)",
                                line), (name, line)
    sales = model_of(example / "okrs/2026-Q4/sales.yaml").objectives[0]
    assert sales.retro == "渠道招募比预期慢，下季度先做区域试点"
    grades = {kr.id: kr.grade for kr in sales.key_results}
    assert grades == {"new-customers": 0.5, "east-share": 0.14, "southwest-agents": None}  # dropped
    company = {o.id: o.outcome for o in model_of(example / "okrs/2026-Q4/company.yaml").objectives}
    assert company["customers"] == "partial"  # given; the grade (0.36) would say missed
    engineering = model_of(example / "okrs/2026-Q4/engineering.yaml")
    assert [kr.grade for kr in engineering.objectives[0].key_results] == [1, 0.3, 0]
    assert "grade: 1\n" in (example / "okrs/2026-Q4/engineering.yaml").read_text()
    # The team's own grades and outcomes stay: a second close has nothing to write.
    assert okr("cycle", "reopen", "2026-Q4", "--reason", "补录", env=AFTER).exit_code == 0
    again = close_q4(okr, "--format", "json")
    assert json.loads(again.stdout)["grades_written"] == 0
    assert json.loads(again.stdout)["outcomes_written"] == 0


def test_close_json(okr, example: Path):
    result = close_q4(okr, "--format", "json", "--note", "marketing/awareness=官网上线顺利")
    assert result.exit_code == 0, result.stderr
    golden("cycle-close.json", result.stdout)
    data = json.loads(result.stdout)
    assert data["notes_written"] == 1 and sum(data["by_outcome"].values()) == 10


def test_close_in_chinese(okr):
    zh = okr("--lang", "zh-CN", "cycle", "close", "2026-Q4", "--note",
             "service/satisfaction=物流是短板", env={**AFTER, "COLUMNS": "80"})
    assert zh.exit_code == 0, zh.stderr
    golden("cycle-close.zh-CN.txt", zh.stdout)


def test_close_asks_for_retro_notes_through_its_callback(example: Path):
    from okrcli.services import cycle

    asked = []

    def ask(ref: str, title: str) -> str:
        asked.append(ref)
        return "问过了" if ref == "service/satisfaction" else "  "

    result = cycle.close(session(example), "2026-Q4", dt.date(2027, 1, 5),
                         notes=["sales/growth=给过了"], ask=ask)
    assert "sales/growth" not in asked and "service/satisfaction" in asked
    assert result.notes == 2
    service = model_of(example / "okrs/2026-Q4/service.yaml").objectives[0]
    assert service.retro == "问过了"
    assert model_of(example / "okrs/2026-Q4/company.yaml").objectives[0].retro is None


@pytest.mark.parametrize(("args", "env", "code", "said"), [
    ((), {"OKR_TODAY": "2026-12-31"}, 1, "runs until 2026-12-31: close it after its end, or "
                                         "pass --early"),
    (("--note", "sales/growth"), AFTER, 2, "--note takes OWNER/OBJ=TEXT"),
    (("--outcome", "sales/growth=great"), AFTER, 2, "the outcome is one of achieved"),
    (("--note", "sales/nope=x"), AFTER, 1, "no objective sales/nope in cycle 2026-Q4"),
    (("--note", "sales/growth=a", "--note", "sales/growth=b"), AFTER, 2, "names sales/growth "
                                                                         "twice"),
])
def test_close_refusals_write_nothing(okr, example: Path, args, env, code, said):
    before = snapshot(example)
    result = close_q4(okr, *args, env=env)
    assert result.exit_code == code, result.stderr
    assert said in result.stderr
    assert result.stdout == ""
    assert snapshot(example) == before


def test_close_early_and_twice(okr, example: Path):
    assert close_q4(okr, "--early", env={}).exit_code == 0
    before = snapshot(example)
    result = close_q4(okr)
    assert result.exit_code == 1
    assert "cycle 2026-Q4 is closed already (on 2026-11-26)" in result.stderr
    assert snapshot(example) == before


def test_close_is_refused_while_the_cycle_has_errors(okr, example: Path):
    path = example / "okrs/2026-Q4/service.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - id: satisfaction\n", "  - id: satisfaction\n    colour: red\n", 1),
        encoding="utf-8")
    before = snapshot(example)
    result = close_q4(okr)
    assert result.exit_code == 1
    assert "okrs/2026-Q4/service.yaml:" in result.stderr and "colour" in result.stderr
    assert "cannot be closed while okr check fails on its files" in result.stderr
    assert snapshot(example) == before


# --- the closed cycle --------------------------------------------------------------------

KR = "sales/growth/east-share"


@pytest.mark.parametrize(("args", "what"), [
    (("checkin", KR, "15", "--cycle", "2026-Q4"), "a check-in"),
    (("objective", "add", "sales", "新目标", "--cycle", "2026-Q4"), "a new objective"),
    (("objective", "edit", "sales/growth", "--title", "新", "--cycle", "2026-Q4"),
     "an edit of an objective"),
    (("objective", "drop", "sales/growth", "--reason", "x", "--cycle", "2026-Q4"),
     "dropping an objective"),
    (("kr", "add", "sales/growth", "新", "--target", "3", "--cycle", "2026-Q4"),
     "a new key result"),
    (("kr", "edit", KR, "--title", "新", "--cycle", "2026-Q4"), "an edit of a key result"),
    (("kr", "drop", KR, "--reason", "x", "--cycle", "2026-Q4"), "dropping a key result"),
])
def test_a_closed_cycle_refuses_changes(okr, example: Path, args, what):
    assert close_q4(okr).exit_code == 0
    before = snapshot(example)
    result = okr(*args, env=AFTER)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"okr: cycle 2026-Q4 is closed (on 2027-01-05): {what}")
    assert "reopen it first (okr cycle reopen 2026-Q4 --reason ...)" in result.stderr
    assert snapshot(example) == before


def test_the_guard_speaks_chinese(okr, example: Path):
    assert close_q4(okr).exit_code == 0
    result = okr("--lang", "zh-CN", "checkin", KR, "15", "--cycle", "2026-Q4", env=AFTER)
    assert result.exit_code == 1
    assert "周期 2026-Q4 已关闭（于 2027-01-05）：不能更新进展；请先重新打开" in result.stderr


def test_corrections_in_a_closed_cycle_are_recorded(okr, example: Path):
    assert close_q4(okr).exit_code == 0
    before = snapshot(example)
    refused = okr("kr", "edit", KR, "--grade", "0.2", "--cycle", "2026-Q4", env=AFTER)
    assert refused.exit_code == 1 and "needs --reason" in refused.stderr
    for bad in (("kr", "edit", KR, "--grade", "1.5", "--reason", "x"),
                ("objective", "edit", "sales/growth", "--outcome", "great", "--reason", "x"),
                ("kr", "edit", KR, "--grade", "0.2", "--title", "x", "--reason", "x")):
        assert okr(*bad, "--cycle", "2026-Q4", env=AFTER).exit_code == 2, bad
    assert snapshot(example) == before
    kr = okr("kr", "edit", KR, "--grade", "0.2", "--grade-note", "竞品让利", "--reason",
             "复核", "--cycle", "2026-Q4", env=AFTER)
    assert kr.exit_code == 0, kr.stderr
    assert "corrected sales/growth/east-share" in kr.stdout
    objective = okr("objective", "edit", "sales/growth", "--outcome", "partial", "--retro",
                    "下季度先做试点", "--reason", "复核", "--cycle", "2026-Q4", env=AFTER)
    assert objective.exit_code == 0, objective.stderr
    removed, added = changed_lines(before, example)["okrs/2026-Q4/sales.yaml"]
    assert removed == ["        grade: 0.14", "    outcome: missed"]
    assert added == [
        "        grade: 0.2", "        grade_note: 竞品让利", "        changes:",
        "          - date: 2027-01-05", "            field: grade", "            old: 0.14",
        "            new: 0.2", "            reason: 复核", "          - date: 2027-01-05",
        "            field: grade_note", "            old: null", "            new: 竞品让利",
        "            reason: 复核",
        "    outcome: partial", "    retro: 下季度先做试点", "    changes:",
        "      - date: 2027-01-05", "        field: outcome", "        old: missed",
        "        new: partial", "        reason: 复核", "      - date: 2027-01-05",
        "        field: retro", "        old: null", "        new: 下季度先做试点",
        "        reason: 复核"]
    growth = model_of(example / "okrs/2026-Q4/sales.yaml").objectives[0]
    assert [c.field for c in growth.changes] == ["outcome", "retro"]
    assert okr("check", env=AFTER).exit_code == 0


def test_in_an_ended_cycle_not_closed_the_fields_are_just_set(okr, example: Path):
    before = snapshot(example)
    ended = {"OKR_TODAY": "2027-01-05"}
    result = okr("kr", "edit", KR, "--grade", "0.3", env=ended)
    assert result.exit_code == 0, result.stderr
    result = okr("objective", "edit", "sales/growth", "--outcome", "partial", env=ended)
    assert result.exit_code == 0, result.stderr
    assert changed_lines(before, example) == {"okrs/2026-Q4/sales.yaml": (
        [], ["        grade: 0.3", "    outcome: partial"])}


def test_a_running_cycle_takes_no_grade_and_names_the_cycle_that_ended(okr, example: Path):
    """A grade given while the cycle runs would land in the new quarter unnoticed: refused,
    naming the last cycle that ended."""
    before = snapshot(example)
    for args in (("kr", "edit", KR, "--grade", "0.8", "--reason", "复核"),
                 ("objective", "edit", "sales/growth", "--outcome", "achieved")):
        result = okr(*args)
        assert result.exit_code == 1
        assert "cycle 2026-Q4 runs until 2026-12-31" in result.stderr
        assert "add --cycle 2026-Q3" in result.stderr
    assert snapshot(example) == before


# --- reopen ----------------------------------------------------------------------------


def test_closing_again_after_a_reopen_grades_again_what_the_tool_wrote(okr, example: Path):
    """A late check-in is why a cycle is reopened: the second close writes again the grades
    and outcomes the first one derived, and keeps the ones the team wrote."""
    assert okr("kr", "edit", KR, "--grade", "0.1", "--grade-note", "团队评估",
               env=AFTER).exit_code == 0
    assert close_q4(okr, "--no-input").exit_code == 0
    first = model_of(example / "okrs/2026-Q4/sales.yaml").objectives[0]
    grades = {kr.id: kr.grade for kr in first.key_results}
    assert okr("cycle", "reopen", "2026-Q4", "--reason", "漏记了12月的进展",
               env={"OKR_TODAY": "2027-01-06"}).exit_code == 0
    late = {"OKR_TODAY": "2027-01-06"}
    assert okr("checkin", "sales/growth/new-customers", "120", "--cycle", "2026-Q4",
               "--date", "2026-12-30", env=late).exit_code == 0
    result = close_q4(okr, "--no-input", env=late)
    assert result.exit_code == 0, result.stderr
    again = model_of(example / "okrs/2026-Q4/sales.yaml").objectives[0]
    now = {kr.id: kr.grade for kr in again.key_results}
    assert now["new-customers"] == 1 != grades["new-customers"]  # the late check-in counts
    assert now[KR.rsplit("/", 1)[1]] == 0.1  # the team's grade stays
    assert (first.outcome, again.outcome) == ("missed", "partial")  # derived again


def test_reopen_records_the_close_it_undid(okr, example: Path):
    before = snapshot(example)
    assert okr("cycle", "reopen", "2026-Q4", "--reason", "x").exit_code == 1
    assert okr("cycle", "reopen", "2026-Q4", "--reason", " ").exit_code == 2
    assert snapshot(example) == before
    assert close_q4(okr).exit_code == 0
    closed = snapshot(example)
    result = okr("cycle", "reopen", "2026-Q4", "--reason", "补录销售数据",
                 env={"OKR_TODAY": "2027-01-08"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "reopened cycle 2026-Q4 (closed on 2027-01-05)\n"
    assert changed_lines(closed, example) == {"okr.yaml": (["    closed: 2027-01-05"], [
        "    reopened:", "      - date: 2027-01-08", "        closed: 2027-01-05",
        "        reason: 补录销售数据"])}
    zh = okr("--lang", "zh-CN", "cycle", "reopen", "2026-Q4", "--reason", "x")
    assert zh.exit_code == 1 and "周期 2026-Q4 未关闭" in zh.stderr
    assert okr("checkin", KR, "15", "--cycle", "2026-Q4",
               env={"OKR_TODAY": "2027-01-08"}).exit_code == 0


def test_an_objective_whose_key_results_were_all_dropped_is_dropped_not_missed(okr, example):
    for kr in ("new-customers", "east-share"):  # southwest-agents is dropped already
        assert okr("kr", "drop", f"sales/growth/{kr}", "--reason", "渠道调整").exit_code == 0
    assert close_q4(okr, "--no-input").exit_code == 0
    assert model_of(example / "okrs/2026-Q4/sales.yaml").objectives[0].outcome == "dropped"


@pytest.mark.parametrize("name", ["sales.yaml", "company.yaml", "marketing.yaml", "li.na.yaml"])
def test_edits_made_backwards_on_one_tree_write_what_one_at_a_time_would(example, name):
    """Close writes a file's grades and outcomes from its end to its start on one node
    tree (TextEdit.backwards): the same bytes as reading the tree again for each edit."""
    from okrcli.edit import TextEdit

    text = (example / "okrs/2026-Q4" / name).read_text(encoding="utf-8")
    doc = model_of(example / "okrs/2026-Q4" / name)
    fast, slow = TextEdit(text), TextEdit(text)
    fast.backwards()
    for edit in (fast, slow):
        for oi in reversed(range(len(doc.objectives))):
            edit.set_value(("objectives", oi), "retro", "复盘：下季度先做区域试点",
                           before=("changes",))
            edit.set_value(("objectives", oi), "outcome", "partial", before=("retro", "changes"))
            for ki in reversed(range(len(doc.objectives[oi].key_results))):
                edit.set_value(("objectives", oi, "key_results", ki), "grade", 0.5,
                               before=("grade_note",))
    assert fast.text == slow.text != text
