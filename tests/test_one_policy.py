"""One check pipeline and one lint policy: okr check, the edits and the reading commands
agree about every file. Regression tests for the wrong answers okr check used to give."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, golden, model_of, session
from okrcli import cache, checks
from okrcli.checks.policy import Policy
from okrcli.diagnostics import Diagnostic, OkrError, Severity
from okrcli.model import LintSettings
from okrcli.services import check, write

TODAY = dt.date(2026, 11, 26)
Q4 = Path("okrs") / "2026-Q4"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(result) -> set[tuple[str, int, int, str]]:
    return {(d.path, d.line, d.col, d.code) for d in result.diagnostics}


def test_a_broken_okr_yaml_does_not_turn_a_broken_file_into_a_pass(ws):
    (ws / "okr.yaml").write_text((ws / "okr.yaml").read_text() + "cycles: [\n")
    edit(ws / Q4 / "sales.yaml", "    title: 扩大", "    titel: 扩大")
    result = Okr(ws)("check", str(ws / Q4 / "sales.yaml"), env={"OKR_NO_CACHE": "1"})
    assert result.exit_code == 1
    out = result.stdout
    assert "okrs/2026-Q4/sales.yaml:5:5: OKR003 unknown key 'titel'" in out
    assert "okrs/2026-Q4/sales.yaml:4:5: OKR004 missing required field 'title'" in out
    assert "okr.yaml:" in out and "OKR001" in out  # okr.yaml's own errors, always
    assert "okrs/2026-Q4/sales.yaml:1:1: OKR114 not checked: okr.yaml could not be read" \
        in out
    assert "marketing.yaml" not in out  # only the file asked for, and okr.yaml


def test_a_broken_okr_yaml_still_checks_what_needs_no_okr_yaml(ws):
    (ws / "okr.yaml").write_text((ws / "okr.yaml").read_text() + "cycles: [\n")
    edit(ws / Q4 / "service.yaml", "kind: threshold", "kind: threshold\n        target: 3")
    found = codes(check.run(session(ws), TODAY))
    assert any(path == "okrs/2026-Q4/service.yaml" and code == "OKR013"
               for path, _, _, code in found)
    assert not any(code == "OKR209" for *_, code in found)  # needs okr.yaml's settings


def test_a_relaxed_rule_is_relaxed_for_check_and_status_alike(ws):
    edit(ws / "okr.yaml", "settings:\n", "settings:\n  lint:\n    ignore: [metric-without-units]\n"
         "    severity: {unknown-rule: warning}\n")
    okr = Okr(ws)
    result = okr("check")
    assert result.exit_code == 0 and "okr.yaml:42:14: OKR113" in result.stdout
    assert okr("status").exit_code == 0
    assert okr("checkin", "sales/growth/new-customers", "70").exit_code == 0
    edit(ws / "okr.yaml", "severity: {unknown-rule: warning}", "severity: {}")
    assert okr("check").exit_code == 1
    result = okr("status")
    assert result.exit_code == 1 and "okr.yaml has errors" in result.stderr
    assert okr("checkin", "sales/growth/new-customers", "71").exit_code == 1


def test_loader_and_schema_findings_cannot_be_relaxed(ws):
    """A file with such a finding has no model: no command could read it, so nothing may
    let okr check pass it."""
    edit(ws / Q4 / "sales.yaml", "    title: 扩大", "    titel: 扩大")
    edit(ws / Q4 / "sales.yaml", "  - id: growth", "  - id: growth  # okr: ignore[OKR004]")
    edit(ws / "okr.yaml", "settings:\n", "settings:\n  lint: {ignore: [unknown-key], severity: "
         "{missing-field: off}}\n")
    okr = Okr(ws)
    result = okr("check", "--ignore", "OKR003,OKR004")
    assert result.exit_code == 1
    assert "OKR003" in result.stdout and "OKR004" in result.stdout
    result = okr("status")
    assert result.exit_code == 1 and "sales.yaml:5:5: OKR003" in result.stderr


def test_two_findings_at_one_place_are_both_reported(ws):
    edit(ws / Q4 / "li.na.yaml", "    key_results:\n", "    key_results:\n"
         "      - {start: 0, target: 10, unit: 家}\n")
    messages = {d.message for d in check.run(session(ws), TODAY).diagnostics
                if d.code == "OKR004"}
    assert messages == {"missing required field 'id': add it",
                        "missing required field 'title': add it"}
    a = Diagnostic("x", 1, 1, "OKR004", "one")
    assert a != Diagnostic("x", 1, 1, "OKR004", "two") and len({a, a}) == 1


def test_no_practice_finding_about_a_part_cut_from_a_broken_file(ws):
    (ws / Q4 / "li.na.yaml").write_text(
        "owner: li.na\ncycle: 2026-Q4\nobjectives:\n"
        "  - id: second\n    title: 让老客户推荐新客户\n    aligns_to: marketing/awareness\n"
        "    key_results:\n      - {id: k, start: 0, target: 10}\n", encoding="utf-8")
    found = codes(check.run(session(ws), TODAY))
    mine = {(line, code) for path, line, _, code in found if path.endswith("li.na.yaml")}
    assert mine == {(8, "OKR004")}  # not OKR202 (its key result is broken), not OKR208


def test_what_follows_only_from_an_unreadable_file_is_one_not_checked_line(ws):
    edit(ws / Q4 / "marketing.yaml", "  - id: awareness", "  - id: [awareness")
    found = codes(check.run(session(ws), TODAY))
    assert ("okrs/2026-Q4/li.na.yaml", 6, 16, "OKR114") in found
    assert not any(code == "OKR103" for *_, code in found)
    # A company objective measured only through objectives in a broken file.
    edit(ws / Q4 / "company.yaml", "  - id: supply", "  - id: brand\n    title: 建立品牌\n"
         "  - id: supply")
    edit(ws / Q4 / "marketing.yaml", "aligns_to: company/customers", "aligns_to: company/brand")
    found = codes(check.run(session(ws), TODAY))
    assert ("okrs/2026-Q4/company.yaml", 5, 5, "OKR114") in found
    assert not any(code == "OKR202" for *_, code in found)


def test_paths_that_are_not_workspace_files_are_usage_errors(ws, monkeypatch):
    monkeypatch.chdir(ws)
    okr = Okr(ws)
    result = okr("check", "nonexist.yaml")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    (ws / "notes.yaml").write_text("a: [\n")
    result = okr("check", "notes.yaml")
    assert result.exit_code == 2 and "notes.yaml is not a file of the workspace" in result.stderr
    assert "under okrs/" in result.stderr
    (ws / "okrs" / ".drafts").mkdir()
    (ws / "okrs" / ".drafts" / "x.yaml").write_text("owner: x\n")
    assert okr("check", "okrs/.drafts/x.yaml").exit_code == 2
    result = okr("check", "okrs/2026-Q4", "--format", "json")  # a folder: its files
    assert result.exit_code == 0 and "service.yaml" in result.stdout
    assert okr("check", "okrs/.drafts").exit_code == 2  # a folder without OKR files
    result = okr("check", str(ws.parent), "--format", "json")  # a folder around it: all
    assert result.exit_code == 0 and "service.yaml" in result.stdout
    assert okr("check", "okr.yaml").exit_code == 0


def test_an_edit_goes_through_problems_it_does_not_touch_and_names_them(ws):
    lina = ws / Q4 / "li.na.yaml"
    edit(lina, "aligns_to: marketing/awareness/followers", "aligns_to: marketing/awarenes")
    edit(lina, "          - date: 2026-10-16\n            value: 8",
         "          - date: 2026-09-16\n            value: 8")
    okr = Okr(ws)
    result = okr("checkin", "li.na/reach/xiaohongshu", "4300")
    assert result.exit_code == 0, result.stderr
    assert "checked in li.na/reach/xiaohongshu = 4300" in result.stdout
    assert "okrs/2026-Q4/li.na.yaml:6:16: OKR103 aligns_to 'marketing/awarenes' names no " \
        "objective" in result.stderr
    assert "okrs/2026-Q4/li.na.yaml:30:19: OKR106 check-in dated 2026-09-16" in result.stderr
    assert model_of(lina).objectives[0].key_results[0].checkins[-1].value == 4300
    before = lina.read_bytes()
    result = okr("objective", "add", "li.na", "新目标", "--aligns-to", "sales/nothing")
    assert result.exit_code == 1
    assert "okr: the edit would make the file invalid (OKR103 aligns_to 'sales/nothing' " \
        "names no objective in cycle 2026-Q4); nothing was written" in result.stderr
    assert "li.na.yaml:36" not in result.stderr  # a line of text that was never written
    assert lina.read_bytes() == before


def test_an_edit_resolves_references_in_other_files(ws):
    """The edited file is checked among the files it aligns to, and theirs in turn."""
    written = write.objective_add(session(ws), "li.na", "再上一层楼", TODAY,
                                  aligns_to="li.na/reach/xiaohongshu")
    assert written.ref == "li.na/o2" and written.problems == []
    with pytest.raises(OkrError) as err:
        write.objective_add(session(ws), "li.na", "不存在的", TODAY,
                            aligns_to="marketing/awareness/nothing")
    assert "(OKR103 aligns_to 'marketing/awareness/nothing': objective marketing/awareness " \
        "has no key result 'nothing'); nothing was written" in err.value.message


def test_the_policy_compares_severities_as_members():
    lint = LintSettings(ignore=["OKR208"], severity={"stale-key-result": "error",
                                                     "OKR207": "off", "okr206": "info"})
    policy = Policy.of(lint)
    assert policy.severity(checks.rule("OKR208")) is None
    assert policy.severity(checks.rule("OKR209")) is Severity.ERROR
    assert policy.severity(checks.rule("OKR207")) is None
    assert policy.severity(checks.rule("OKR206")) is Severity.INFO
    assert policy.severity(checks.rule("OKR003")) is Severity.ERROR
    warning = Diagnostic("x", 1, 1, "OKR201", "m", Severity.WARNING)
    assert not Policy().blocks([warning]) and Policy(strict=True).blocks([warning])
    assert Policy().silenced(checks.rule("OKR208"), "id: k  # okr: ignore[metric-without-unit]")
    assert not Policy().silenced(checks.rule("OKR004"), "id: k  # okr: ignore[OKR004]")


def test_a_changed_rule_is_never_answered_from_the_cache(ws, monkeypatch):
    first = check.run(session(ws), TODAY)
    monkeypatch.setattr(cache, "code_hash", lambda: "another version of okr")
    from okrcli import pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("parsed")

    real = pipeline.read
    monkeypatch.setattr(pipeline, "read", lambda path, *a, **k: real(path, *a, **k)
                        if path.name == "okr.yaml" else refuse())
    with pytest.raises(AssertionError, match="parsed"):
        check.run(session(ws), TODAY)  # the same files: a miss all the same
    assert first.diagnostics


def test_the_code_hash_changes_with_any_module(tmp_path, monkeypatch):
    copy = tmp_path / "okrcli"
    shutil.copytree(cache.PACKAGE, copy)
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.code_hash.cache_clear()
    try:
        first = cache.code_hash()
        rule = copy / "checks" / "rules" / "too_safe.py"
        rule.write_text(rule.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
        cache.code_hash.cache_clear()
        assert cache.code_hash() != first
    finally:
        cache.code_hash.cache_clear()


def test_a_missing_golden_file_fails(monkeypatch):
    monkeypatch.delenv("OKR_UPDATE_GOLDEN", raising=False)
    with pytest.raises(AssertionError, match="missing"):
        golden("no-such-golden-file.txt", "anything")


def test_show_names_the_errors_of_the_file_it_cannot_read(ws):
    edit(ws / Q4 / "marketing.yaml", "    title: 提高分销", "    titel: 提高分销")
    result = Okr(ws)("show", "marketing/awareness/followers")
    assert result.exit_code == 1
    assert "okrs/2026-Q4/marketing.yaml:5:5: OKR003 unknown key 'titel'" in result.stderr
    assert "no objective" not in result.stderr


def test_a_file_outside_every_workspace_is_a_usage_error_of_the_current_one(ws, tmp_path,
                                                                            monkeypatch):
    (tmp_path / "other.yaml").write_text("a: 1\n")
    monkeypatch.chdir(ws)
    result = Okr(None)("check", str(tmp_path / "other.yaml"), root=False)
    assert result.exit_code == 2
    assert "other.yaml is not a file of the workspace at" in result.stderr


def test_a_file_no_command_can_place_is_named_by_every_reading_command(ws):
    edit(ws / Q4 / "sales.yaml", "cycle: 2026-Q4", "cylce: 2026-Q4")
    okr = Okr(ws)
    assert okr("check").exit_code == 1
    for command in (["status"], ["status", "marketing"], ["tree"], ["report"], ["grade"]):
        result = okr(*command)
        assert result.exit_code == 1, command
        assert "okrs/2026-Q4/sales.yaml:2:1: OKR003 unknown key 'cylce'" in result.stderr


def test_the_cache_gives_the_answer_a_fresh_check_gives(ws, tmp_path):
    edit(ws / "okr.yaml", "    team: sales", "    team: saless")
    edit(ws / "okr.yaml", "settings:\n", "settings:\n  lint: {severity: {unknown-team: warning}}\n")
    okr, sales = Okr(ws), str(ws / Q4 / "sales.yaml")
    cached = {"OKR_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["check", sales], ["check", "--strict", sales], ["check", "--strict"]):
        fresh = okr(*args, env={"OKR_NO_CACHE": "1"})
        assert okr(*args, env=cached).exit_code == fresh.exit_code, args
        assert okr(*args, env=cached).stdout == fresh.stdout, args
    assert okr("check", "--strict").exit_code == 1  # the okr.yaml warning fails it


def test_status_takes_an_owners_first_file_as_check_does(ws):
    second = ws / Q4 / "sales2.yaml"
    second.write_text((ws / Q4 / "sales.yaml").read_text().replace("target: 120",
                                                                     "target: 12"))
    okr = Okr(ws)
    check = okr("check")
    assert "okrs/2026-Q4/sales2.yaml:1:8: OKR104 a second file for owner 'sales'" \
        in check.stdout
    status = okr("status", "sales", "--format", "json")
    assert status.exit_code == 1 and "sales2.yaml:1:8: OKR104" in status.stderr
    targets = [kr["target"] for o in __import__("json").loads(status.stdout)["owners"]
               for obj in o["objectives"] for kr in obj["key_results"]]
    assert 120 in targets and 12 not in targets


def test_the_index_reads_owner_and_cycle_as_yaml_does():
    from okrcli.sniff import scan_aligns_to, sniff_key

    assert sniff_key(b"owner: sales\ncycle: 2026-Q4\t# this quarter\n", b"cycle") == "2026-Q4"
    assert sniff_key(b"cycle: '2026-Q4'  # q\n", b"cycle") == "2026-Q4"
    assert scan_aligns_to(b"  - {id: a, aligns_to: [company/brand]}\n"
                          b"    aligns_to: \"sales/growth\"\t# up\n") == [
        "company/brand", "sales/growth"]


def test_an_edit_may_fix_its_files_problems_and_goes_through_those_it_leaves(ws):
    edit(ws / "okr.yaml", "    team: sales", "    team: saless")
    okr = Okr(ws)
    assert okr("status").exit_code == 1  # okr.yaml fails: OKR110
    result = okr("team", "add", "saless", "--parent", "company")
    assert result.exit_code == 0, result.stderr
    assert okr("status").exit_code == 0
    lina = ws / Q4 / "li.na.yaml"
    edit(lina, "            value: 8\n", "            value: true\n")  # OKR108
    result = okr("checkin", "li.na/reach/xiaohongshu", "4300")
    assert result.exit_code == 0, result.stderr
    assert "OKR108" in result.stderr
    result = okr("kr", "edit", "li.na/reach/xiaohongshu", "--target", "2000", "--reason", "x")
    assert result.exit_code == 1 and "OKR013 start and target are equal" in result.stderr


def test_a_broken_file_is_not_told_that_it_could_not_be_read(ws):
    (ws / Q4 / "li.na.yaml").write_text(
        "owner: li.na\ncycle: 2026-Q4\nobjectives:\n"
        "  - id: first\n    aligns_to: marketing/awareness\n"
        "  - id: second\n    title: 第二\n    aligns_to: li.na/first\n"
        "    key_results: [{id: k, title: 粉丝达到6000, kind: milestone}]\n", encoding="utf-8")
    found = codes(check.run(session(ws), TODAY))
    mine = {code for path, *_, code in found if path.endswith("li.na.yaml")}
    assert mine == {"OKR004", "OKR209"}  # not OKR103 for li.na/first, nor OKR114 from itself


def test_an_alignment_in_a_cut_flow_list_still_counts(ws):
    edit(ws / Q4 / "company.yaml", "  - id: supply", "  - id: brand\n    title: 建立品牌\n"
         "  - id: supply")
    edit(ws / Q4 / "marketing.yaml", "aligns_to: company/customers", "aligns_to: [company/brand]")
    found = codes(check.run(session(ws), TODAY))
    assert ("okrs/2026-Q4/company.yaml", 5, 5, "OKR114") in found
    assert not any(code == "OKR202" for *_, code in found)


def test_a_linked_file_is_checked_by_the_name_it_has_in_the_workspace(ws):
    shared = ws / "shared"  # inside the workspace: a link out of it is not read (OKR015)
    shared.mkdir()
    (ws / Q4 / "li.na.yaml").rename(shared / "li.na.yaml")
    (ws / Q4 / "li.na.yaml").symlink_to(shared / "li.na.yaml")
    result = Okr(ws)("check", str(ws / Q4 / "li.na.yaml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
