"""okr check --base REV: the history rules (OKR120-OKR124) in real repositories built
commit by commit (tests/history.py), each with its line and column, its PASS case, the
formats' golden files, the policy, the cache and the errors of git."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import history
from conftest import EXAMPLE, Okr, golden, session
from okrcli.services import check

TODAY = dt.date(2026, 11, 26)
SALES = "okrs/2026-Q4/sales-team.yaml"
HISTORY_CODES = {"OKR120", "OKR121", "OKR122", "OKR123", "OKR124"}


@pytest.fixture
def story(tmp_path: Path) -> history.Story:
    return history.build(tmp_path)


def found(root: Path, base: str | None, today: dt.date = TODAY, *, use_cache: bool = False,
          paths: list[Path] | None = None) -> list[tuple[str, int, int, str, str]]:
    """The history rules' findings of a check against ``base``."""
    result = check.run(session(root), today, paths, base=base, use_cache=use_cache)
    return [(d.path, d.line, d.col, d.code, d.severity.value) for d in result.diagnostics
            if d.code in HISTORY_CODES]


# --- the story: every rule in one pull request --------------------------------------------


def test_since_week2_each_rule_at_its_place(story):
    # Since week 2: the deals target moved without a reason (OKR120; gmv's move has one),
    # gmv's check-in of 2026-10-16 rewritten on 2026-10-30 (OKR121, an error: not on its
    # own date), churn deleted (OKR122), and the file renamed (no deletion of the rest).
    assert found(story.root, story.commits["week2"]) == [
        (SALES, 7, 5, "OKR122", "error"),  # at `key_results:`
        (SALES, 19, 20, "OKR121", "error"),
        (SALES, 32, 17, "OKR120", "error"),
    ]


def test_a_clean_history_has_no_finding(story):
    assert found(story.root, "HEAD") == []
    assert found(story.root, story.commits["rename"]) == []  # a rename, a merge: nothing


def test_a_plan_before_the_cycle_may_move_and_lose_lines(story):
    # Before 2026-10-01 a moved goalpost and a deleted key result are a plan being written.
    assert [f for f in found(story.root, story.commits["plan"], dt.date(2026, 9, 30))
            if f[3] in ("OKR120", "OKR122")] == []
    assert {f[3] for f in found(story.root, story.commits["plan"])} >= {"OKR120", "OKR122"}


def test_a_reason_recorded_passes_and_its_record_rewritten_fails(story):
    assert found(story.root, story.commits["week2"])[2][3] == "OKR120"  # deals only
    story.edit(SALES, "reason: 新增华东渠道", "reason: 客户要求")
    assert found(story.root, "HEAD") == [(SALES, 24, 13, "OKR124", "error")]
    story.edit(SALES, "        changes:\n          - date: 2026-10-20\n            field: target\n"
               "            old: 100\n            new: 120\n            reason: 客户要求\n", "")
    assert found(story.root, "HEAD") == [(SALES, 8, 9, "OKR124", "error")]
    # Since week 2, the record gone: gmv's target move is silent too (deals' always was).
    assert [f for f in found(story.root, story.commits["week2"]) if f[3] == "OKR120"] == [
        (SALES, 11, 17, "OKR120", "error"), (SALES, 26, 17, "OKR120", "error")]


def test_an_appended_checkin_is_no_rewrite_and_a_note_edit_neither(story):
    story.edit(SALES, "            value: 41", "            value: 41\n"
               "          - date: 2026-11-20\n            value: 50")
    story.edit(SALES, "note: 两家大客户续约", "note: 两家大客户续约（含华东）")
    assert found(story.root, "HEAD") == []


def test_a_checkin_removed_is_rewritten(story):
    story.edit(SALES, "          - date: 2026-10-23\n            value: 6\n", "")
    assert found(story.root, "HEAD") == [(SALES, 34, 9, "OKR121", "error")]


def test_the_latest_checkin_amended_on_its_own_date_is_a_warning(story):
    story.edit(SALES, "            value: 41", "            value: 42")
    on_the_day = found(story.root, "HEAD", dt.date(2026, 11, 13))
    assert on_the_day == [(SALES, 22, 20, "OKR121", "warning")]
    assert found(story.root, "HEAD") == [(SALES, 22, 20, "OKR121", "error")]  # 13 days on
    story.edit(SALES, "          - date: 2026-11-13\n            value: 42",
               "          - date: 2026-11-14\n            value: 41")
    assert found(story.root, "HEAD", dt.date(2026, 11, 14)) == [
        (SALES, 21, 19, "OKR121", "error")]  # redated: an error on any day


def test_dropped_instead_of_deleted_passes(story):
    story.edit(SALES, "        target: 25\n        unit: 家\n",
               "        target: 25\n        unit: 家\n        dropped:\n"
               "          date: 2026-11-20\n          reason: 并入公司级目标\n")
    assert found(story.root, "HEAD") == []


def test_a_file_deleted_whole_is_reported_where_its_objective_was(story):
    (story.root / "okrs/2026-Q4/company.yaml").unlink()
    assert found(story.root, "HEAD") == [("okrs/2026-Q4/company.yaml", 4, 5, "OKR122", "error")]


def test_backdated_checkins_and_grace_days(story):
    repo = story.repo
    # committed on 2026-11-20, dated 2026-10-30: 21 days
    story.edit(SALES, "            value: 9", "            value: 9\n"
               "          - date: 2026-11-20\n            value: 11")
    story.edit(SALES, "            value: 41", "            value: 41\n"
               "          - date: 2026-11-20\n            value: 44")
    history.commit(repo, "week 7", "2026-11-20")
    story.edit(SALES, "            value: 10\n            confidence: 0.8",
               "            value: 10\n            confidence: 0.8\n"
               "          - date: 2026-10-12\n            value: 12")  # not committed: today
    base = story.commits["merge"]
    # inserted between two (no rewrite: the others stand), not committed: added today
    assert found(story.root, base) == [(SALES, 18, 19, "OKR123", "warning")]
    # gone again, and one committed late
    story.edit(SALES, "          - date: 2026-10-12\n            value: 12\n", "")
    story.edit(SALES, "          - date: 2026-11-20\n            value: 11",
               "          - date: 2026-11-20\n            value: 11\n"
               "          - date: 2026-10-30\n            value: 10")
    history.commit(repo, "late", "2026-11-20")
    assert found(story.root, base) == [(SALES, 45, 19, "OKR123", "warning")]
    # A pull request does not widen its own allowance: REV's grace_days is the one.
    okr_yaml = story.root / "okr.yaml"
    okr_yaml.write_text(okr_yaml.read_text(encoding="utf-8")
                        + "settings:\n  grace_days: 21\n", encoding="utf-8")
    assert found(story.root, base) == [(SALES, 45, 19, "OKR123", "warning")]
    agreed = history.commit(repo, "a wider grace", "2026-11-21")
    story.edit(SALES, "          - date: 2026-11-20\n            value: 44",
               "          - date: 2026-11-20\n            value: 44\n"
               "          - date: 2026-10-31\n            value: 45")
    history.commit(repo, "a late report", "2026-11-21")  # 21 days
    assert found(story.root, agreed) == []
    assert found(story.root, base) == [(SALES, 25, 19, "OKR123", "warning"),
                                       (SALES, 47, 19, "OKR123", "warning")]


def test_a_checkin_is_added_on_its_author_date(story):
    # A rebase (or an amend, or "rebase and merge") gives the commit a new committer
    # date; the check-in was written on its author date.
    story.edit(SALES, "            value: 41", "            value: 41\n"
               "          - date: 2026-11-06\n            value: 44")
    history.git(story.repo, "add", "-A")
    history.git(story.repo, "commit", "-q", "-m", "gmv", env={
        "GIT_AUTHOR_DATE": "2026-11-06T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-11-25T10:00:00+08:00"})
    base = story.commits["merge"]
    assert found(story.root, base) == []  # by the committer date: 19 days late
    story.edit(SALES, "            value: 44", "            value: 44\n            note: 华东")
    history.git(story.repo, "commit", "-q", "-a", "--amend", "--no-edit", env={
        "GIT_COMMITTER_DATE": "2026-11-26T10:00:00+08:00"})
    assert found(story.root, base) == []  # an amend keeps the author date
    # Written on 2026-11-25 (its author date reset): 19 days after its date.
    history.git(story.repo, "commit", "-q", "--amend", "--no-edit", "--reset-author", env={
        "GIT_AUTHOR_DATE": "2026-11-25T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-11-25T10:00:00+08:00"})
    assert found(story.root, base) == [(SALES, 23, 19, "OKR123", "warning")]


def _settings(story: history.Story, text: str) -> None:
    okr_yaml = story.root / "okr.yaml"
    okr_yaml.write_text(okr_yaml.read_text(encoding="utf-8") + text, encoding="utf-8")


def _pull_request(story: history.Story) -> None:
    """A moved goalpost (OKR120), a rewritten check-in (OKR121), an objective deleted
    (OKR122), none of them committed."""
    story.edit(SALES, "        target: 25\n", "        target: 30\n")
    story.edit(SALES, "            value: 41", "            value: 99")
    (story.root / "okrs/2026-Q4/company.yaml").unlink()


def test_the_policy_of_the_base_switches_the_rules(story):
    _settings(story, "settings:\n  lint:\n    severity: {silent-goalpost: off, OKR121: warning}\n"
                     "    ignore: [OKR122]\n")
    history.commit(story.repo, "what the team agreed", "2026-11-20")
    _pull_request(story)
    assert found(story.root, "HEAD") == [(SALES, 22, 20, "OKR121", "warning")]
    result = check.run(session(story.root), TODAY, base="HEAD", use_cache=False,
                       ignore=[check.rule("rewritten-checkin")])  # the runner's choice
    assert [d for d in result.diagnostics if d.code in HISTORY_CODES] == []


@pytest.mark.parametrize("settings", [
    "settings:\n  lint:\n    severity: {rewritten-checkin: off, OKR120: info}\n",
    "settings:\n  lint:\n    ignore: [OKR121, silent-goalpost, OKR122]\n"])
def test_a_pull_request_cannot_switch_off_its_own_rules(story, settings):
    every = [("okrs/2026-Q4/company.yaml", 4, 5, "OKR122", "error"),
             (SALES, 22, 20, "OKR121", "error"), (SALES, 32, 17, "OKR120", "error")]
    _pull_request(story)
    assert found(story.root, "HEAD") == every
    _settings(story, settings)  # in the same pull request: REV's okr.yaml judges it
    assert found(story.root, "HEAD") == every
    result = Okr(story.root)("check", "--base", "HEAD")
    assert result.exit_code == 1 and "OKR121" in result.stdout
    # Without --base the working tree's settings stand, as for every other rule.
    plain = check.run(session(story.root), TODAY, use_cache=False)
    assert not any(d.code in HISTORY_CODES for d in plain.diagnostics)


# --- okr.yaml moved the OKR files -------------------------------------------------------


def test_the_files_at_rev_are_read_by_revs_okr_dir(story):
    # The pull request moves the folder (settings.okr_dir) and rewrites a check-in in it.
    story.edit(SALES, "            value: 41", "            value: 99")
    _settings(story, "settings:\n  okr_dir: q4\n")
    history.git(story.repo, "mv", "okr/okrs", "okr/q4")
    moved = "q4/2026-Q4/sales-team.yaml"
    assert found(story.root, "HEAD") == [(moved, 22, 20, "OKR121", "error")]
    result = Okr(story.root)("check", "--base", "HEAD")
    assert result.exit_code == 1
    assert "OKR123" not in result.stdout  # its check-ins are old ones, not added today
    history.commit(story.repo, "q4", "2026-11-20")
    assert found(story.root, story.commits["merge"]) == [(moved, 22, 20, "OKR121", "error")]


def test_a_folder_left_behind_by_okr_dir_is_compared_too(story):
    # okr_dir now names a copy; the old folder, untouched in git, is no OKR file any more.
    shutil.copytree(story.root / "okrs", story.root / "q4")
    (story.root / "q4/2026-Q4/company.yaml").unlink()
    _settings(story, "settings:\n  okr_dir: q4\n")
    assert found(story.root, "HEAD") == [("okrs/2026-Q4/company.yaml", 4, 5, "OKR122", "error")]
    shutil.copy(story.root / "okrs/2026-Q4/company.yaml", story.root / "q4/2026-Q4/")
    assert found(story.root, "HEAD") == []


def test_an_ignore_comment_silences_a_warning_never_an_error(story):
    story.edit(SALES, "            value: 9", "            value: 9\n"
               "          - date: 2026-10-30  # okr: ignore[backdated-checkin]\n"
               "            value: 10")
    story.edit(SALES, "            value: 6", "            value: 7  # okr: ignore[OKR121]")
    assert found(story.root, "HEAD") == [(SALES, 38, 20, "OKR121", "error")]


# --- the cache --------------------------------------------------------------------------


def test_the_cache_never_answers_for_another_base(story):
    week2, head = story.commits["week2"], "HEAD"
    first = found(story.root, week2, use_cache=True)
    assert found(story.root, head, use_cache=True) == []
    assert found(story.root, week2, use_cache=True) == first
    assert found(story.root, None, use_cache=True) == []
    # The same bytes and the same revision's name, another commit: HEAD moved.
    story.edit(SALES, "        target: 25\n", "        target: 30\n")
    assert found(story.root, head, use_cache=True) == [(SALES, 32, 17, "OKR120", "error")]
    history.commit(story.repo, "more deals", "2026-11-20")
    assert found(story.root, head, use_cache=True) == []


# --- git's errors -------------------------------------------------------------------------


def test_outside_a_repository_one_message(tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    result = Okr(root)("check", "--base", "main")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("rev", ["no-such-branch", "--output=x", "HEAD~40"])
def test_an_unknown_revision_one_message(story, rev):
    result = Okr(story.root)("check", "--base", rev)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("okr: ") and "Traceback" not in result.stderr
    assert rev in result.stderr


# --- the formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("text", "text.txt"), ("json", "json.json"),
                                           ("github", "github.txt"), ("junit", "junit.xml")])
def test_each_format_golden(story, fmt, name):
    result = Okr(story.root)("check", "--base", story.commits["week2"], "--format", fmt)
    assert result.exit_code == 1
    golden(f"check-base/{name}", result.stdout)
    if fmt == "json":
        assert {d["code"] for d in json.loads(result.stdout)} == {"OKR120", "OKR121", "OKR122"}


def test_text_golden_in_chinese(story):
    result = Okr(story.root)("check", "--base", story.commits["week2"],
                             env={"OKR_LANG": "zh-CN"})
    assert result.exit_code == 1
    golden("check-base/text.zh-CN.txt", result.stdout + result.stderr)
