"""The merge driver through real `git merge` in temporary repositories (and its service on
texts): check-ins of both branches kept in date order, independent changes merged, a
field changed two ways a real conflict, anything else git's own line merge."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Okr, golden
from history import GIT_ENV, commit, git, init
from okrcli.model import OkrFile
from okrcli.services.merging import Unmergeable, merge

BASE = """\
owner: sales
cycle: 2026-Q4
objectives:
  - id: revenue
    title: 扩大核心客户的销售规模
    key_results:
      - id: gmv
        title: 季度成交额达到120万元
        start: 0
        target: 100
        unit: 万元
        # the weekly numbers
        checkins:
          - date: 2026-10-09
            value: 10
      - id: deals
        title: 新签约客户达到20家
        start: 0
        target: 20
        unit: 家
        checkins:
          - {date: 2026-10-09, value: 2}
"""
CONFIG = """\
organization: 星链分销
cycles:
  - id: 2026-Q4
    start: 2026-10-01
    end: 2026-12-31
teams:
  - id: company
  - id: sales
    parent: company
"""
FILE = "okr/okrs/2026-Q4/sales.yaml"
ENV = {"OKR_TODAY": "2026-11-26"}


def driver() -> str:
    return f"{sys.executable} -m okrcli merge-file %O %A %B --marker-size %L --path %P"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the workspace in okr/, the driver set up, the sales file at BASE
    on main, and a branch `theirs` started from it."""
    repo = tmp_path / "repo"
    init(repo)
    (repo / "okr/okrs/2026-Q4").mkdir(parents=True)
    (repo / "okr/okr.yaml").write_text(CONFIG, encoding="utf-8")
    (repo / FILE).write_text(BASE, encoding="utf-8")
    result = Okr(repo / "okr")("git-setup", "--command", f"{sys.executable} -m okrcli")
    assert result.exit_code == 0, result.stderr
    assert git(repo, "config", "merge.okr.driver").strip() == driver()
    commit(repo, "plan", "2026-10-01")
    git(repo, "branch", "theirs")
    return repo


def edit(repo: Path, branch: str, *pairs: str, name: str = FILE) -> None:
    git(repo, "checkout", "-q", branch)
    path = repo / name
    text = path.read_text(encoding="utf-8")
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_bytes(text.encode("utf-8"))
    commit(repo, f"on {branch}", "2026-11-20")


def merged(repo: Path) -> tuple[int, str]:
    """`git merge theirs` on main: (its exit code, the sales file after it)."""
    git(repo, "checkout", "-q", "main")
    proc = git(repo, "merge", "-q", "-m", "merge", "theirs", check=False, date="2026-11-21")
    status = git(repo, "status", "--porcelain")
    code = 1 if "UU " in status else 0
    assert code == 0 or proc is not None
    return code, (repo / FILE).read_text(encoding="utf-8")


GMV = "            value: 10\n"


def test_the_same_key_result_checked_in_on_both_branches(repo: Path) -> None:
    edit(repo, "theirs", GMV, GMV + "          - date: 2026-10-16\n            value: 18\n"
         "          - date: 2026-10-30\n            value: 31\n")
    edit(repo, "main", GMV, GMV + "          - date: 2026-10-23\n            value: 25\n"
         "            confidence: 0.7\n")
    code, text = merged(repo)
    assert code == 0
    assert GMV + ("          - date: 2026-10-16\n            value: 18\n"
                  "          - date: 2026-10-23\n            value: 25\n"
                  "            confidence: 0.7\n"
                  "          - date: 2026-10-30\n            value: 31\n") in text
    assert git(repo, "status", "--porcelain") == ""
    assert "merge" in git(repo, "log", "-1", "--format=%s")
    check = Okr(repo / "okr")("check", env=ENV)
    assert check.exit_code == 0, check.stdout


def test_different_key_results_and_a_flow_list(repo: Path) -> None:
    """Theirs checks in deals (a block list of flow items), ours gmv; then both deals."""
    edit(repo, "theirs", "          - {date: 2026-10-09, value: 2}\n",
         "          - {date: 2026-10-09, value: 2}\n          - {date: 2026-10-16, value: 4}\n")
    edit(repo, "main", GMV, GMV + "          - date: 2026-10-23\n            value: 20\n")
    code, text = merged(repo)
    assert code == 0
    assert "          - {date: 2026-10-09, value: 2}\n          - {date: 2026-10-16, value: 4}\n" \
        in text
    assert GMV + "          - date: 2026-10-23\n            value: 20\n" in text
    edit(repo, "theirs", "value: 4}\n", "value: 4}\n          - {date: 2026-10-30, value: 7}\n")
    edit(repo, "main", "value: 4}\n", "value: 4}\n          - {date: 2026-10-23, value: 5}\n")
    code, text = merged(repo)
    assert code == 0
    assert ("          - {date: 2026-10-16, value: 4}\n          - {date: 2026-10-23, value: 5}\n"
            "          - {date: 2026-10-30, value: 7}\n") in text


def test_a_flow_list_of_check_ins_takes_theirs_in_its_place() -> None:
    base = BASE.replace("          - {date: 2026-10-09, value: 2}\n",
                        "          [{date: 2026-10-09, value: 2}]\n")
    ours = base.replace("value: 2}]", "value: 2}, {date: 2026-10-30, value: 8}]")
    theirs = base.replace("value: 2}]", "value: 2}, {date: 2026-10-16, value: 4}]")
    text = _merge(base, ours, theirs).text
    assert ("[{date: 2026-10-09, value: 2}, {date: 2026-10-16, value: 4}, "
            "{date: 2026-10-30, value: 8}]") in text


def test_a_check_in_against_a_target_moved_on_the_other_branch(repo: Path) -> None:
    edit(repo, "theirs", "        target: 100\n", "        target: 120\n",
         GMV, GMV + "        changes:\n          - date: 2026-10-20\n            field: target\n"
         "            old: 100\n            new: 120\n            reason: 新增华东渠道\n")
    edit(repo, "main", GMV, GMV + "          - date: 2026-10-23\n            value: 25\n")
    code, text = merged(repo)
    assert code == 0
    assert "        target: 120\n" in text
    assert (GMV + "          - date: 2026-10-23\n            value: 25\n        changes:\n"
            "          - date: 2026-10-20\n            field: target\n            old: 100\n"
            "            new: 120\n            reason: 新增华东渠道\n") in text
    check = Okr(repo / "okr")("check", env=ENV)
    assert check.exit_code == 0, check.stdout


def test_the_same_target_changed_two_ways_is_a_conflict(repo: Path) -> None:
    edit(repo, "theirs", "        target: 100\n", "        target: 130\n",
         GMV, GMV + "          - date: 2026-10-30\n            value: 31\n")
    edit(repo, "main", "        target: 100\n", "        target: 120\n")
    code, text = merged(repo)
    assert code == 1
    assert "UU okr/okrs/2026-Q4/sales.yaml" in git(repo, "status", "--porcelain")
    assert ("        start: 0\n<<<<<<< ours\n        target: 120\n=======\n"
            "        target: 130\n>>>>>>> theirs\n        unit: 万元\n") in text
    # what merged cleanly is in too
    assert GMV + "          - date: 2026-10-30\n            value: 31\n" in text
    golden("merge/conflict.yaml", text)


@pytest.mark.parametrize("recorded", ["both", "theirs"])
def test_a_target_moved_two_ways_with_its_record_leaves_no_record_unsaid(
        repo: Path, recorded: str) -> None:
    """Both moved the target, with a changes: record of the move (okr kr edit --reason):
    git's line merge, whose conflict holds both records; with one side's record alone,
    keeping the other side's target is a silent move that okr check --base reports."""
    import re

    def record(new: int, reason: str) -> str:
        return (f"        changes:\n          - date: 2026-11-20\n            field: target\n"
                f"            old: 100\n            new: {new}\n            reason: {reason}\n")

    edit(repo, "theirs", "        target: 100\n", "        target: 90\n",
         GMV, GMV + record(90, "B"))
    edit(repo, "main", "        target: 100\n", "        target: 110\n",
         *((GMV, GMV + record(110, "A")) if recorded == "both" else ()))
    code, text = merged(repo)
    assert code == 1
    assert "UU okr/okrs/2026-Q4/sales.yaml" in git(repo, "status", "--porcelain")
    theirs_sides = [part.split("=======\n", 1)[1].split(">>>>>>> ", 1)[0]
                    for part in text.split("<<<<<<< ")[1:]]
    assert any("target: 90" in side for side in theirs_sides), text
    if recorded == "both":
        assert any("reason: B" in side for side in theirs_sides), text
    ours = re.sub(r"<<<<<<< [^\n]*\n(.*?)=======\n.*?>>>>>>> [^\n]*\n", r"\1", text,
                  flags=re.S)  # every conflict resolved to ours
    (repo / FILE).write_text(ours, encoding="utf-8")
    kept = _model(ours).objectives[0].key_results[0]
    assert kept.target == 110
    check = Okr(repo / "okr")("check", "--base", "theirs~1", env=ENV)
    if recorded == "both":
        assert [c.reason for c in kept.changes] == ["A"]
        assert "OKR120" not in check.stdout
    else:
        assert "OKR120" in check.stdout  # 100 -> 110 with no record of it: not silent


GMV_KR = "      - id: gmv\n" + BASE.split("      - id: gmv\n")[1].split("      - id: deals")[0]
CHECKIN = GMV + "          - date: 2026-10-16\n            value: 18\n"


@pytest.mark.parametrize("deleter", ["main", "theirs"])
def test_a_key_result_deleted_on_one_branch_and_checked_in_on_the_other(
        repo: Path, deleter: str) -> None:
    """Whichever branch deleted it by hand, the check-in is not merged away: git's line
    merge, and its conflict."""
    other = "theirs" if deleter == "main" else "main"
    edit(repo, deleter, GMV_KR, "")
    edit(repo, other, GMV, CHECKIN)
    code, text = merged(repo)
    assert code == 1
    assert "UU okr/okrs/2026-Q4/sales.yaml" in git(repo, "status", "--porcelain")
    assert "<<<<<<< ours\n" in text and "            value: 18\n" in text


DROP = ("        unit: 家\n", "        unit: 家\n        dropped:\n          date: 2026-11-01\n"
        "          reason: 渠道调整\n")
DEALS = "          - {date: 2026-10-09, value: 2}\n"


@pytest.mark.parametrize("dropper", ["main", "theirs"])
def test_a_key_result_dropped_on_one_branch_and_checked_in_on_the_other(
        repo: Path, dropper: str) -> None:
    """A drop and a check-in dated up to the drop merge: nothing is lost, and the number
    recorded before the key result went is its last one (OKR117 allows it)."""
    other = "theirs" if dropper == "main" else "main"
    edit(repo, dropper, *DROP)
    edit(repo, other, DEALS, DEALS + "          - {date: 2026-10-30, value: 6}\n")
    code, text = merged(repo)
    assert code == 0
    deals = _model(text).objectives[0].key_results[1]
    assert deals.dropped.reason == "渠道调整" and [c.value for c in deals.checkins] == [2, 6]
    check = Okr(repo / "okr")("check", env=ENV)
    assert check.exit_code == 0, check.stdout


@pytest.mark.parametrize("dropper", ["main", "theirs"])
def test_a_check_in_after_the_drop_on_the_other_branch_is_a_conflict(
        repo: Path, dropper: str) -> None:
    """Merged, it would be a check-in after the drop (OKR117): not by meaning, and not
    either when git's line merge of the two is clean (the lines are apart here)."""
    other = "theirs" if dropper == "main" else "main"
    edit(repo, dropper, *DROP)
    edit(repo, other, DEALS, DEALS + "          - {date: 2026-11-06, value: 7}\n")
    code, text = merged(repo)
    assert code == 1
    assert "UU okr/okrs/2026-Q4/sales.yaml" in git(repo, "status", "--porcelain")
    deals = _model(text).objectives[0].key_results[1]
    assert deals.dropped is not None and deals.checkins[-1].value == 7


def test_the_driver_speaks_the_language_of_the_files_workspace(repo: Path) -> None:
    """git runs the driver in the repository's top folder, above the workspace (okr/):
    the okr.yaml above the merged file (--path) chooses the language."""
    config = repo / "okr/okr.yaml"
    config.write_text(CONFIG + "settings:\n  language: zh-CN\n", encoding="utf-8")
    commit(repo, "zh", "2026-10-02")
    git(repo, "checkout", "-q", "theirs")
    git(repo, "merge", "-q", "main")
    edit(repo, "theirs", GMV, CHECKIN)
    edit(repo, "main", GMV, GMV + "          - date: 2026-10-16\n            value: 19\n")
    proc = subprocess.run(["git", "merge", "-q", "-m", "merge", "theirs"], cwd=repo,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **GIT_ENV, "OKR_LANG": ""})
    assert proc.returncode == 1
    golden("merge/same-day.zh-CN.txt", proc.stderr.split("\n", 1)[0] + "\n")
    assert "okr merge-file：okr/okrs/2026-Q4/sales.yaml 有冲突" in proc.stderr
    git(repo, "merge", "--abort")
    english = subprocess.run(["git", "merge", "-q", "-m", "merge", "theirs"], cwd=repo,
                             capture_output=True, text=True, check=False,
                             env={**os.environ, **GIT_ENV, "OKR_LANG": "en"})
    assert "okr merge-file: conflict in okr/okrs/2026-Q4/sales.yaml: sales/revenue/gmv: " \
        "a check-in of the same day on both sides" in english.stderr


def test_a_broken_side_falls_back_to_the_line_merge(repo: Path) -> None:
    edit(repo, "theirs", "        unit: 家\n", "        unit: [家\n")
    edit(repo, "main", "        target: 100\n", "        target: 120\n")
    code, text = merged(repo)
    assert code == 0  # git's line merge: the changes are lines apart
    assert "        target: 120\n" in text and "        unit: [家\n" in text


def test_a_broken_side_and_the_same_line_is_gits_conflict(repo: Path, tmp_path: Path) -> None:
    edit(repo, "theirs", "        target: 100\n", "        target: [130\n")
    edit(repo, "main", "        target: 100\n", "        target: 120\n")
    code, text = merged(repo)
    assert code == 1
    assert "<<<<<<< ours\n        target: 120\n=======\n        target: [130\n>>>>>>> theirs\n" \
        in text


def test_everything_not_merged_stays_byte_for_byte() -> None:
    ours = BASE.replace("# the weekly numbers", "# the weekly numbers  (kept)").replace(
        "        target: 20\n", "        target: 20      # agreed on 2026-09-30\n")
    theirs = BASE.replace(GMV, GMV + "          - date: 2026-10-16\n            value: 17\n")
    text = _merge(BASE, ours, theirs).text
    assert text == ours.replace(GMV, GMV + "          - date: 2026-10-16\n            value: 17\n")


# --- the service on texts -------------------------------------------------------------


def _model(text: str) -> OkrFile:
    from ruamel.yaml import YAML

    return OkrFile.model_validate(YAML(typ="safe").load(text))


def _merge(base: str, ours: str, theirs: str, newline: str = "\n"):
    return merge(_model(base), _model(ours), ours, _model(theirs), theirs, newline)


def test_independent_fields_key_results_and_objectives_merge() -> None:
    title = "    title: 扩大核心客户的销售规模\n"
    ours = BASE.replace("        target: 20\n", "        target: 25\n").replace(
        title, title + "    committed: true\n")
    theirs = BASE.replace("        unit: 万元\n", "        unit: 万元\n        weight: 2\n") + (
        "      - id: nps\n        title: 客户净推荐值达到40\n        start: 20\n"
        "        target: 40\n        unit: 分\n"
        "  - id: people\n    title: 建成稳定的销售团队\n    key_results:\n"
        "      - id: hires\n        title: 招聘5名销售\n        start: 0\n        target: 5\n"
        "        unit: 人\n")
    result = _merge(BASE, ours, theirs)
    assert result.conflicts == []
    doc = _model(result.text)
    revenue = doc.objectives[0]
    assert revenue.committed and [k.id for k in revenue.key_results] == ["gmv", "deals", "nps"]
    assert revenue.key_results[0].weight == 2 and revenue.key_results[1].target == 25
    assert doc.objectives[1].id == "people" and doc.objectives[1].key_results[0].target == 5
    assert result.text.startswith(ours.split("      - id: deals")[0].replace(
        "        unit: 万元\n", "        unit: 万元\n        weight: 2\n"))


def test_a_drop_and_a_deletion_on_one_side() -> None:
    theirs = BASE.replace("        unit: 家\n", "        unit: 家\n        dropped:\n"
                          "          date: 2026-11-01\n          reason: 渠道调整\n")
    ours = BASE.replace(GMV, GMV + "          - date: 2026-10-16\n            value: 17\n")
    doc = _model(_merge(BASE, ours, theirs).text)
    assert doc.objectives[0].key_results[1].dropped.reason == "渠道调整"
    deleted = BASE.split("      - id: deals")[0]
    assert [k.id for k in _model(_merge(BASE, ours, deleted).text).objectives[0].key_results] \
        == ["gmv"]


def test_deleted_on_one_side_changed_on_the_other_is_for_the_line_merge() -> None:
    deleted = BASE.split("      - id: deals")[0]
    ours = BASE.replace("        target: 20\n", "        target: 25\n")
    with pytest.raises(Unmergeable):
        _merge(BASE, ours, deleted)


PEOPLE = ("  - id: people\n    title: 建成稳定的销售团队\n    key_results:\n"
          "      - id: hires\n        title: 招聘5名销售\n        start: 0\n        target: 5\n"
          "        unit: 人\n        checkins:\n          - {date: 2026-10-09, value: 1}\n")
HIRES = "          - {date: 2026-10-09, value: 1}\n"
KR_CHANGES = {
    "a check-in": (GMV, GMV + "          - date: 2026-10-16\n            value: 17\n"),
    "a field": ("        target: 100\n", "        target: 120\n"),
    "a record": (GMV, GMV + "        changes:\n          - date: 2026-10-20\n"
                 "            field: target\n            old: 100\n"
                 "            new: 100\n            reason: 复核后不变\n"),
    "a drop": ("        unit: 万元\n", "        unit: 万元\n        dropped:\n"
               "          date: 2026-11-01\n          reason: 渠道调整\n"),
}


def _without(text: str, block: str) -> str:
    assert block in text
    return text.replace(block, "")


@pytest.mark.parametrize("change", KR_CHANGES)
@pytest.mark.parametrize("deleter", ["ours", "theirs"])
def test_a_key_result_deleted_on_either_side_and_changed_on_the_other(change: str,
                                                                       deleter: str) -> None:
    deleted = _without(BASE, GMV_KR)
    changed = BASE.replace(*KR_CHANGES[change])
    ours, theirs = (deleted, changed) if deleter == "ours" else (changed, deleted)
    with pytest.raises(Unmergeable, match="sales/revenue/gmv was deleted on one side"):
        _merge(BASE, ours, theirs)


OBJECTIVE_CHANGES = {
    "a check-in": (HIRES, HIRES + "          - {date: 2026-10-16, value: 2}\n"),
    "a field of a key result": ("        target: 5\n", "        target: 6\n"),
    "its title": ("    title: 建成稳定的销售团队\n", "    title: 建成稳定、可复制的销售团队\n"),
    "a key result added": (HIRES, HIRES + "      - id: coach\n        title: 每人每月陪访2次\n"
                           "        start: 0\n        target: 2\n"),
}


@pytest.mark.parametrize("change", OBJECTIVE_CHANGES)
@pytest.mark.parametrize("deleter", ["ours", "theirs"])
def test_an_objective_deleted_on_either_side_and_changed_on_the_other(change: str,
                                                                       deleter: str) -> None:
    base = BASE + PEOPLE
    deleted, changed = BASE, base.replace(*OBJECTIVE_CHANGES[change])
    ours, theirs = (deleted, changed) if deleter == "ours" else (changed, deleted)
    with pytest.raises(Unmergeable, match=r"sales/people(/hires)? was deleted on one side"):
        _merge(base, ours, theirs)


@pytest.mark.parametrize("deleter", ["ours", "theirs"])
def test_deleted_on_one_side_and_a_part_of_it_deleted_on_the_other_merges(deleter: str) -> None:
    base = BASE + PEOPLE + "      - id: coach\n        title: 每人每月陪访2次\n        start: 0\n" \
        "        target: 2\n"
    objective_gone = BASE
    kr_gone = base.split("      - id: coach")[0]
    ours, theirs = (objective_gone, kr_gone) if deleter == "ours" else (kr_gone, objective_gone)
    result = _merge(base, ours, theirs)
    assert result.conflicts == [] and [o.id for o in _model(result.text).objectives] == [
        "revenue"]


def test_a_rewritten_check_in_is_for_the_line_merge() -> None:
    ours = BASE.replace(GMV, GMV + "          - date: 2026-10-16\n            value: 17\n")
    theirs = BASE.replace(GMV, "            value: 11\n")
    with pytest.raises(Unmergeable):
        _merge(BASE, ours, theirs)


def test_the_same_check_in_on_both_sides_is_kept_once_and_the_same_day_twice_conflicts() -> None:
    added = BASE.replace(GMV, GMV + "          - date: 2026-10-16\n            value: 17\n")
    assert _merge(BASE, added, added).text == added
    other = BASE.replace(GMV, GMV + "          - date: 2026-10-16\n            value: 19\n")
    result = _merge(BASE, added, other)
    assert [(c.kind, c.ref) for c in result.conflicts] == [("same-day", "sales/revenue/gmv")]
    assert ("<<<<<<< ours\n          - date: 2026-10-16\n            value: 17\n=======\n"
            "          - date: 2026-10-16\n            value: 19\n>>>>>>> theirs\n") in result.text


def test_crlf_files_stay_crlf() -> None:
    base = BASE.replace("\n", "\r\n")
    theirs = base.replace(GMV.replace("\n", "\r\n"), (GMV + "          - date: 2026-10-16\n"
                                                      "            value: 17\n").replace(
        "\n", "\r\n"))
    ours = base.replace("        target: 20\r\n", "        target: 25\r\n")
    text = _merge(base, ours, theirs, "\r\n").text
    assert "\n" not in text.replace("\r\n", "")
    assert "          - date: 2026-10-16\r\n            value: 17\r\n" in text


# --- the command ----------------------------------------------------------------------


def _files(tmp_path: Path, base: bytes, ours: bytes, theirs: bytes) -> list[str]:
    paths = []
    for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    return paths


def test_the_command_says_a_conflict_on_stderr(tmp_path: Path) -> None:
    ours = BASE.replace("        target: 100\n", "        target: 120\n")
    theirs = BASE.replace("        target: 100\n", "        target: 130\n")
    args = _files(tmp_path, BASE.encode(), ours.encode(), theirs.encode())
    result = Okr(None)("merge-file", *args, "--path", FILE, "--marker-size", "9")
    assert result.exit_code == 1 and result.stdout == ""
    golden("merge/conflict.en.txt", result.stderr)
    assert "<<<<<<<<< ours\n" in (tmp_path / "ours").read_text(encoding="utf-8")
    _files(tmp_path, BASE.encode(), ours.encode(), theirs.encode())
    zh = Okr(None)("merge-file", *args, "--path", FILE, env={"OKR_LANG": "zh-CN"})
    golden("merge/conflict.zh-CN.txt", zh.stderr)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    args = _files(tmp_path, BASE.encode(), BASE.encode(), b"owner: \xff\n")
    missing = Okr(None)("merge-file", args[0], args[1], str(tmp_path / "nothing"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr
    fallback = Okr(None)("merge-file", *args)
    assert fallback.exit_code == 0  # git's line merge: only theirs changed
    assert (tmp_path / "ours").read_bytes() == b"owner: \xff\n"
    assert "merged line by line by git" in fallback.stderr


def test_a_merge_that_would_be_invalid_is_a_conflict(tmp_path: Path) -> None:
    """Each side valid, the merge not: ours drops deals, theirs checks it in later."""
    ours = BASE + "        dropped:\n          date: 2026-10-20\n          reason: 渠道调整\n"
    theirs = BASE + "          - {date: 2026-10-30, value: 7}\n"
    args = _files(tmp_path, BASE.encode(), ours.encode(), theirs.encode())
    result = Okr(None)("merge-file", *args)
    assert result.exit_code == 1, result.stderr
    assert "not a valid OKR file" in result.stderr
    assert "<<<<<<< ours\n" in (tmp_path / "ours").read_text(encoding="utf-8")


# --- okr init and okr git-setup ----------------------------------------------------------


def test_init_writes_gitattributes_once(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    (target / ".gitattributes").write_text("*.png binary", encoding="utf-8")
    assert Okr(None)("init", str(target), env=ENV).exit_code == 0
    text = (target / ".gitattributes").read_text(encoding="utf-8")
    assert text.startswith("*.png binary\n# okr:")
    assert text.endswith("okrs/**/*.yaml merge=okr\nokrs/**/*.yml merge=okr\n")
    init(tmp_path)
    setup = Okr(target)("git-setup")
    assert setup.exit_code == 0, setup.stderr
    assert (target / ".gitattributes").read_text(encoding="utf-8") == text
    assert "already sends OKR files" in setup.stdout
    assert git(tmp_path, "config", "merge.okr.driver").strip() == (
        "okr merge-file %O %A %B --marker-size %L --path %P")


def test_git_setup_follows_okr_dir_and_adds_the_lines(tmp_path: Path) -> None:
    init(tmp_path)
    (tmp_path / "okr.yaml").write_text(CONFIG + "settings:\n  okr_dir: team goals\n",
                                       encoding="utf-8")
    result = Okr(tmp_path)("git-setup", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    golden("merge/git-setup.en.txt", result.stdout)
    zh = Okr(tmp_path)("git-setup", env={"OKR_LANG": "zh-CN"})
    golden("merge/git-setup.zh-CN.txt", zh.stdout)
    lines = (tmp_path / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ['"team goals/**/*.yaml" merge=okr', '"team goals/**/*.yml" merge=okr']
    (tmp_path / "team goals" / "q4").mkdir(parents=True)
    checked = git(tmp_path, "check-attr", "merge", "--", "team goals/q4/sales.yaml")
    assert checked.strip().endswith("merge: okr")


def test_git_setup_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    result = Okr(tmp_path)("git-setup", env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert result.exit_code == 1
    assert "not in a git repository" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / ".gitattributes").exists()


@pytest.mark.parametrize("kind", ["link", "latin1", "folder"])
def test_git_setup_refuses_a_gitattributes_it_should_not_write(tmp_path: Path, kind: str) -> None:
    """A committed `.gitattributes -> /etc/hostname` is never followed out of the
    workspace (nor copied in); a file that is not UTF-8 gets a message, not a traceback;
    and git's config is left as it was."""
    init(tmp_path)
    (tmp_path / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    target = tmp_path / ".gitattributes"
    outside = tmp_path.parent / f"outside-{kind}"
    if kind == "link":
        outside.write_text("secret\n", encoding="utf-8")
        target.symlink_to(outside)
    elif kind == "latin1":
        target.write_bytes(b"caf\xe9 merge=okr\n")
    else:
        target.mkdir()
    result = Okr(tmp_path)("git-setup")
    assert result.exit_code == 1, result.stdout
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert git(tmp_path, "config", "--get", "merge.okr.driver", check=False) == ""
    if kind == "link":
        assert outside.read_text(encoding="utf-8") == "secret\n" and target.is_symlink()
