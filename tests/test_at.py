"""``--at REV`` on the reading commands (the workspace as committed, read from git's
objects) and the commit every report names (``commit``, ``uncommitted``, the line of the
review and the dashboard), on a real repository built commit by commit (tests/history.py):
its object names are the same on every machine, so the golden files can show them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import Okr, golden
from history import build, commit, git, init

GMV = "sales/revenue/gmv"
COMMANDS = [("status",), ("tree",), ("grade",), ("show", GMV), ("report",)]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):
    story = build(tmp_path_factory.mktemp("story"))
    git(story.repo, "tag", "v-week2", story.commits["week2"])
    return story


@pytest.fixture
def fresh(tmp_path: Path):
    """A repository of its own, for a test that changes the working tree."""
    return build(tmp_path)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    from okrcli import i18n

    i18n.use(i18n.ENGLISH)


def run(root: Path, *args: str, code: int = 0, **env: str | None):
    result = Okr(root)(*args, env=env)
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


def data(root: Path, *args: str, **env: str | None):
    return json.loads(run(root, *args, "--format", "json", **env).stdout)


def key_results(status: dict) -> dict[str, dict]:
    return {kr["ref"]: kr for o in status["owners"] for s in o["objectives"]
            for kr in s["key_results"]}


# --- each commit's numbers ------------------------------------------------------------------


@pytest.mark.parametrize(("step", "gmv", "target", "deals", "churn"), [
    ("plan", 0, 100, 0, True),
    ("week1", 10, 100, 2, True),
    ("week2", 20, 100, 2, True),
    ("raise", 20, 120, 2, True),
    ("silent", 20, 120, 6, True),
    ("rewrite", 25, 120, 6, True),
    ("delete", 25, 120, 6, False),
    ("rename", 25, 120, 6, False),
    ("merge", 41, 120, 9, False),
])
def test_status_at_each_commit_gives_that_commits_numbers(story, step, gmv, target, deals,
                                                         churn):
    found = key_results(data(story.root, "status", "--at", story.commits[step]))
    assert found[GMV]["current"] == gmv and found[GMV]["target"] == target
    assert found["sales/revenue/deals"]["current"] == deals
    assert ("sales/revenue/churn" in found) is churn


def test_any_revision_git_understands(story):
    c = story.commits
    for rev, step in [("HEAD", "merge"), ("HEAD~3", "delete"), ("v-week2", "week2"),
                      ("main@{2026-10-10}", "week1"), (c["week1"][:7], "week1"),
                      ("deals-week", "branch"), ("main^2", "branch")]:
        assert data(story.root, "status", "--at", rev)["commit"] == c[step], rev


def test_today_is_the_commits_day_unless_today_is_given(story):
    week1 = story.commits["week1"]
    assert data(story.root, "status", "--at", week1, OKR_TODAY=None)["today"] == "2026-10-09"
    assert data(story.root, "status", "--at", week1)["today"] == "2026-11-26"  # OKR_TODAY
    assert data(story.root, "status", "--at", week1, "--today", "2026-10-12",
                OKR_TODAY=None)["today"] == "2026-10-12"
    assert data(story.root, "grade", "--at", week1, OKR_TODAY=None)["today"] == "2026-10-09"
    report = data(story.root, "report", "--at", story.commits["raise"], OKR_TODAY=None)
    assert (report["since"], report["until"]) == ("2026-10-13", "2026-10-20")


def test_tree_show_grade_and_report_read_the_commit(story):
    c = story.commits
    tree = data(story.root, "tree", "--at", c["plan"])
    assert [r["ref"] for r in tree["roots"]] == ["company/customers"]
    assert tree["roots"][0]["children"][0]["ref"] == "sales/revenue"
    shown = data(story.root, "show", GMV, "--at", c["week1"])
    assert shown["path"] == "okrs/2026-Q4/sales.yaml"  # before the rename
    assert [(k["date"], k["value"]) for k in shown["key_result"]["checkins"]] == [
        ("2026-10-09", 10)]
    assert data(story.root, "show", GMV)["path"] == "okrs/2026-Q4/sales-team.yaml"
    rewritten = data(story.root, "show", GMV, "--at", c["rewrite"])["key_result"]
    assert [k["value"] for k in rewritten["checkins"]] == [10, 25]
    assert rewritten["changes"] == [{"date": "2026-10-20", "field": "target", "old": 100,
                                     "new": 120, "reason": "新增华东渠道"}]
    churn = data(story.root, "show", "sales/revenue/churn", "--at", c["silent"])
    assert churn["key_result"]["target"] == 5
    gone = run(story.root, "show", "sales/revenue/churn", "--at", c["delete"], code=1)
    assert "no key result 'sales/revenue/churn'" in gone.stderr
    assert "`okr log sales/revenue/churn` shows its history" in " ".join(gone.stderr.split())
    grades = data(story.root, "grade", "--at", c["week1"])
    assert [r["ref"] for r in grades["objectives"]] == ["company/customers", "sales/revenue"]
    report = data(story.root, "report", "--at", c["raise"], OKR_TODAY=None)
    assert [(g["ref"], g["old"], g["new"], g["reason"]) for g in report["goalposts"]] == [
        (GMV, 100, 120, "新增华东渠道")]
    assert report["commit"] == c["raise"] and report["uncommitted"] is False


def test_a_table_under_at_says_which_commit_on_stderr_and_is_the_same_table(story):
    week1 = story.commits["week1"]
    result = run(story.root, "status", "--at", week1)
    assert result.stderr == "as committed at 756377f on 2026-10-09\n"
    for args in (("tree",), ("grade",), ("show", GMV)):
        assert run(story.root, *args, "--at", week1).stderr.startswith("as committed at 756377f")
    assert run(story.root, "status").stderr == ""


# --- the working tree is neither read nor touched -------------------------------------------


def test_the_working_tree_does_not_matter_under_at(fresh):
    root, head = fresh.root, fresh.commits["merge"]
    before = {args: run(root, *args, "--at", head, "--format", "json").stdout
              for args in COMMANDS}
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "value: 41", "value: 99")
    (root / "okrs/2026-Q4/company.yaml").write_text("owner: [broken\n", encoding="utf-8")
    (root / "okrs/2026-Q4/new.yaml").write_text("owner: sales\ncycle: 2026-Q4\nobjectives: []\n",
                                                encoding="utf-8")
    status = git(fresh.repo, "status", "--porcelain")
    for args in COMMANDS:
        assert run(root, *args, "--at", head, "--format", "json").stdout == before[args]
    assert git(fresh.repo, "status", "--porcelain") == status  # nothing written
    assert run(root, "status", code=1).stderr  # the working tree itself is broken now
    # okr.yaml and the whole OKR folder gone from disk: the commit still has them
    shutil.rmtree(root / "okrs")
    (root / "okr.yaml").unlink()
    assert run(root, "status", "--at", head, "--format", "json").stdout == before[("status",)]
    nearby = Okr(None)("status", "--at", head, "--format", "json", "--root", str(root / "okrs"),
                       env={})
    assert nearby.exit_code == 1 and "no okr.yaml in" in nearby.stderr


def test_a_folder_without_okr_yaml_on_disk_finds_the_committed_one_above(fresh, monkeypatch):
    (fresh.root / "okr.yaml").unlink()
    monkeypatch.chdir(fresh.root / "okrs" / "2026-Q4")
    result = Okr(None)("status", "--at", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["commit"] == fresh.commits["merge"]
    monkeypatch.chdir(fresh.repo)  # above the workspace: nothing to find
    result = Okr(None)("status", "--at", "HEAD")
    assert result.exit_code == 1 and "no okr.yaml here or in any parent" in result.stderr


# --- the commit every output names ----------------------------------------------------------


def test_every_json_names_its_commit_clean_and_dirty(fresh):
    root, head = fresh.root, fresh.commits["merge"]
    for args in COMMANDS:
        found = data(root, *args)
        assert (found["commit"], found["uncommitted"]) == (head, False), args
    (fresh.repo / "README.md").write_text("outside the workspace\n", encoding="utf-8")
    assert data(root, "status")["uncommitted"] is False
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "value: 41", "value: 42")
    for args in COMMANDS:
        found = data(root, *args)
        assert (found["commit"], found["uncommitted"]) == (head, True), args
        at = data(root, *args, "--at", fresh.commits["rename"])
        assert (at["commit"], at["uncommitted"]) == (fresh.commits["rename"], False), args


@pytest.mark.parametrize("change", ["config", "untracked", "staged", "deleted"])
def test_uncommitted_is_any_change_to_okr_yaml_or_an_okr_file(fresh, change):
    root = fresh.root
    if change == "config":
        fresh.edit("okr.yaml", "organization: 星链分销", "organization: 星链")
    elif change == "untracked":
        (root / "okrs/2026-Q4/new.yml").write_text("owner: x\n", encoding="utf-8")
    elif change == "staged":
        fresh.edit("okrs/2026-Q4/company.yaml", "customers", "customers  # x")
        git(fresh.repo, "add", "-A")
    else:
        (root / "okrs/2026-Q4/company.yaml").unlink()
    result = Okr(root)("status", "--format", "json")
    assert json.loads(result.stdout)["uncommitted"] is True


def test_a_hidden_file_okr_never_reads_is_no_uncommitted_change(fresh):
    hidden = fresh.root / "okrs" / ".drafts"
    hidden.mkdir()
    (hidden / "idea.yaml").write_text("owner: x\n", encoding="utf-8")
    (fresh.root / "okrs" / "2026-Q4" / ".swap.yaml").write_text("x\n", encoding="utf-8")
    result = Okr(fresh.root)("status", "--format", "json")
    assert json.loads(result.stdout)["uncommitted"] is False


def test_outside_git_the_commit_is_null(okr):
    for args in COMMANDS:
        found = json.loads(okr(*args[:1], *(["marketing/awareness"] if args[0] == "show"
                                            else []), "--format", "json").stdout)
        assert (found["commit"], found["uncommitted"]) == (None, None), args
    assert "built from" not in okr("report").stdout
    assert "built from" not in okr("report", "--format", "html").stdout


def test_a_repository_without_a_commit_yet(tmp_path):
    from history import COMPANY, CONFIG

    repo = tmp_path / "new"
    init(repo)
    (repo / "okrs").mkdir()
    (repo / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    (repo / "okrs" / "company.yaml").write_text(COMPANY, encoding="utf-8")
    found = data(repo, "status")
    assert (found["commit"], found["uncommitted"]) == (None, True)
    assert "_built from files not committed yet_\n" in run(repo, "report").stdout
    result = run(repo, "status", "--at", "HEAD", code=1)
    assert result.stderr == "okr: unknown revision 'HEAD'\n"
    commit(repo, "first", "2026-10-01")
    assert data(repo, "status")["uncommitted"] is False


def test_the_review_and_the_dashboard_say_which_commit(fresh):
    root = fresh.root
    review = run(root, "report").stdout
    assert review.splitlines()[2] == "_built from commit 5ceb641_"
    page = run(root, "report", "--format", "html").stdout
    assert ('<p class="muted commit" data-commit="5ceb6417cf02edd929c606f82ac434dbfa197132">'
            "built from commit <code>5ceb641</code></p>") in page
    for fmt in ("markdown",):
        assert "_built from commit 5ceb641_" in run(root, "status", "--format", fmt).stdout
        assert "_built from commit 5ceb641_" in run(root, "grade", "--format", fmt).stdout
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "value: 41", "value: 42")
    assert "_built from commit 5ceb641 + uncommitted changes_" in run(root, "report").stdout
    assert "built from commit <code>5ceb641</code> + uncommitted changes" in run(
        root, "report", "--format", "html").stdout
    zh = run(root, "report", OKR_LANG="zh-CN").stdout
    assert "_基于提交 5ceb641 及未提交的修改生成_" in zh
    zh = run(root, "report", "--at", "HEAD", OKR_LANG="zh-CN").stdout
    assert zh.splitlines()[2] == "_基于提交 5ceb641 生成_"


def test_a_dashboard_rebuilt_at_a_commit_is_the_same_file(story):
    raise_ = story.commits["raise"]
    one = run(story.root, "report", "--at", raise_, "--format", "html", OKR_TODAY=None).stdout
    two = run(story.root, "report", "--at", raise_, "--format", "html", OKR_TODAY=None).stdout
    assert one == two
    assert '<p class="muted generated">generated at 2026-10-20 10:00 UTC+08:00</p>' in one


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", COMMANDS)
def test_an_unknown_or_option_like_revision_is_one_message(story, args):
    for rev, message in [("nope", "okr: unknown revision 'nope'\n"),
                         ("--output=x", "okr: '--output=x' is not a revision\n"),
                         ("HEAD~40", "okr: unknown revision 'HEAD~40'\n")]:
        result = run(story.root, *args, f"--at={rev}", code=1)
        assert (result.stdout, result.stderr) == ("", message), (args, rev)


def test_outside_a_repository_at_is_one_message(okr):
    result = okr("status", "--at", "HEAD")
    assert result.exit_code == 1 and result.stdout == ""
    assert "is not in a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_table_asks_git_nothing_and_the_outputs_that_name_the_commit_ask_it(story,
                                                                              monkeypatch):
    from okrcli import gitrepo

    calls: list[tuple[str, ...]] = []
    real = gitrepo._run

    def counted(cwd, *args, **kwargs):
        calls.append(args)
        return real(cwd, *args, **kwargs)

    monkeypatch.setattr(gitrepo, "_run", counted)
    for args in (("status",), ("tree",), ("grade",), ("show", GMV)):
        run(story.root, *args)
    assert calls == []
    for args in (("status", "--format", "json"), ("status", "--format", "markdown"),
                 ("report",)):
        run(story.root, *args)
        # where the repository is, HEAD with its short name, whether the tree differs
        assert [c[0] for c in calls] == ["rev-parse", "log", "status"]
        calls.clear()


# --- golden files ---------------------------------------------------------------------------


def test_golden_files_at_a_commit(story):
    c = story.commits
    golden("at/status-week1.json", run(story.root, "status", "--at", c["week1"], "--format",
                                       "json").stdout)
    golden("at/show-rewrite.json", run(story.root, "show", GMV, "--at", c["rewrite"],
                                       "--format", "json").stdout)
    golden("at/report-raise.md", run(story.root, "report", "--at", c["raise"],
                                     OKR_TODAY=None).stdout)
    golden("at/report-raise.zh-CN.md", run(story.root, "report", "--at", c["raise"],
                                           OKR_TODAY=None, OKR_LANG="zh-CN").stdout)
