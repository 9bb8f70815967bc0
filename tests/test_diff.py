"""okr diff on a real repository built commit by commit (tests/history.py): each form of
its arguments, each kind of change, the effects up the alignment tree, the working tree,
the formats (golden files) and hostile text in each."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import Okr, golden
from history import build, commit, git


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):
    return build(tmp_path_factory.mktemp("diff"))


@pytest.fixture
def fresh(tmp_path: Path):
    """A story of its own, for a test that edits the working tree."""
    return build(tmp_path)


def run(story, *args: str, env: dict[str, str] | None = None):
    return Okr(story.root)("diff", *args, env=env)


def data(story, *args: str) -> dict:
    result = run(story, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def kinds(found: dict) -> list[tuple]:
    return [(c["ref"], c["kind"], c["field"]) for c in found["changes"]]


def test_two_revisions_a_range_and_a_merge_base(story):
    c = story.commits
    two = data(story, c["week2"], c["raise"])
    assert (two["from"], two["to"]) == (c["week2"], c["raise"])
    assert data(story, f"{c['week2']}..{c['raise']}") == two
    # A...B: from the merge base of A and B to B (the pull request of a branch)
    base = data(story, f"{c['main']}...{c['branch']}")
    assert (base["from"], base["to"]) == (c["rename"], c["branch"])
    assert kinds(base) == [("sales/revenue/deals", "checkin", "checkins")]


def test_no_revision_and_one_revision_against_the_working_tree(story):
    clean = data(story)
    assert (clean["from"], clean["to"], clean["changes"]) == (story.commits["merge"], None, [])
    one = data(story, story.commits["rename"])
    assert one["to"] is None
    assert {c["new"]["value"] for c in one["changes"]} == {9, 41}


def test_each_kind_of_change(story):
    c = story.commits
    moved = data(story, c["week2"], c["raise"])["changes"][0]
    assert (moved["kind"], moved["old"], moved["new"], moved["reason"]) == (
        "moved", 100, 120, "新增华东渠道")
    silent = [x for x in data(story, c["raise"], c["silent"])["changes"] if x["kind"] == "moved"]
    assert silent[0]["reason"] is None
    rewritten = data(story, c["silent"], c["rewrite"])["changes"]
    assert [(x["kind"], x["old"]["value"], x["new"]["value"]) for x in rewritten] == [
        ("rewritten", 20, 25)]
    assert kinds(data(story, c["rewrite"], c["delete"])) == [
        ("sales/revenue/churn", "deleted", None)]
    created = data(story, c["plan"] + "~0", c["plan"])  # nothing: the same commit
    assert created["changes"] == []


def test_a_renamed_file_is_one_line_per_file(story):
    """Not a change of any objective: one ``renamed`` change per file, ref its owner."""
    found = data(story, story.commits["delete"], story.commits["rename"])
    assert found["effects"] == []
    assert found["changes"] == [{
        "ref": "sales", "kind": "renamed", "field": "file", "old": "okrs/2026-Q4/sales.yaml",
        "new": "okrs/2026-Q4/sales-team.yaml", "reason": None, "owner": "sales",
        "path": "okrs/2026-Q4/sales-team.yaml", "line": None}]
    args = [story.commits["delete"], story.commits["rename"]]
    text = run(story, *args).stdout.splitlines()
    assert text[2:] == ["销售部 (sales)", "  file renamed: okrs/2026-Q4/sales.yaml → "
                        "okrs/2026-Q4/sales-team.yaml"]
    markdown = run(story, *args, "--format", "markdown").stdout
    assert "file renamed: `okrs/2026-Q4/sales.yaml` → `okrs/2026-Q4/sales-team.yaml`" \
        in markdown and "| Ref |" not in markdown
    github = run(story, *args, "--format", "github").stdout
    assert github.startswith("::notice file=okr/okrs/2026-Q4/sales-team.yaml,title=")


def test_a_file_moved_without_git_mv_in_the_working_tree(fresh):
    """git sees a file deleted and an untracked one: the same owner and cycle, one line."""
    (fresh.root / "okrs/sales").mkdir()
    fresh.sales.rename(fresh.root / "okrs/sales/q4.yaml")
    found = data(fresh)
    assert kinds(found) == [("sales", "renamed", "file")]
    assert (found["changes"][0]["old"], found["changes"][0]["new"]) == (
        "okrs/2026-Q4/sales-team.yaml", "okrs/sales/q4.yaml")


def test_a_rewritten_checkin_says_only_what_differs(story):
    c = story.commits
    out = run(story, c["silent"], c["rewrite"]).stdout
    assert "rewritten: check-in 2026-10-16: value 20 → 25, changed after it was committed" \
        in out
    assert out.count("两家大客户续约") == 0  # the note did not change: not said
    zh = run(story, c["silent"], c["rewrite"], env={"OKR_LANG": "zh-CN"}).stdout
    assert "重写：进展更新 2026-10-16：当前值 20 → 25，在提交后被修改" in zh


def test_rewritten_history_is_a_warning_as_in_check_base(fresh):
    """What okr check --base fails on (the history rules) is ⚠️ in markdown and a warning on
    GitHub: a rewrite, a drop taken back, a deletion once the cycle began."""
    c = fresh.commits
    github = run(fresh, c["silent"], c["delete"], "--format", "github").stdout.splitlines()
    levels = {line.split("title=okr diff%3A ")[1].split("::")[0]: line.split(" ")[0]
              for line in github if "title=okr diff%3A" in line}
    assert levels == {"sales/revenue/gmv rewritten": "::warning",
                      "sales/revenue/churn deleted%2C not dropped": "::warning"}
    markdown = run(fresh, c["silent"], c["delete"], "--format", "markdown").stdout
    assert "| rewritten | ⚠️ **check-in 2026-10-16" in markdown
    assert "| deleted, not dropped | ⚠️ **客户流失率降至5%** |" in markdown
    assert "⚠️ 2 rewrites of committed history (okr check --base\\: errors)" in markdown
    # before the cycle starts a plan may still lose a line (deleted-not-dropped): no warning
    early = run(fresh, c["rewrite"], c["delete"], "--format", "github", "--today",
                "2026-09-30").stdout
    assert early.startswith("::notice ") and "::warning" not in early
    # a drop taken back (rewritten-change)
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "        unit: 家\n",
               "        unit: 家\n        dropped: {date: 2026-11-14, reason: 合并}\n")
    assert "dropped: on 2026-11-14, reason: 合并" in run(fresh).stdout  # said once
    effects = {e["ref"]: e for e in data(fresh)["effects"]}  # dropped, not some status
    assert (effects["sales/revenue/deals"]["dropped_before"],
            effects["sales/revenue/deals"]["dropped_after"]) == (False, True)
    assert re.search(r"sales/revenue/deals +[^\n]*→ dropped", run(fresh).stdout)
    commit(fresh.repo, "drop deals", "2026-11-14")
    fresh.edit("okrs/2026-Q4/sales-team.yaml",
               "        dropped: {date: 2026-11-14, reason: 合并}\n", "")
    restored = run(fresh, "--format", "github").stdout
    assert restored.startswith("::warning ") and "restored" in restored
    assert "⚠️ **no longer dropped (was\\: 2026-11-14\\: 合并)**" in run(
        fresh, "--format", "markdown").stdout


def test_a_rewritten_check_in_is_pointed_at_where_check_base_places_it(fresh):
    """At what changed in it, its value here (OKR121's place), in every format."""
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "            value: 2\n",
               "            value: 3\n")
    [change] = data(fresh)["changes"]
    check = Okr(fresh.root)("check", "--base", "HEAD", "--format", "json")
    [finding] = [f for f in json.loads(check.stdout) if f["code"] == "OKR121"]
    assert (change["line"], change["kind"]) == (finding["line"], "rewritten")
    assert f"line={finding['line']},col={finding['col']}," in run(
        fresh, "--format", "github").stdout


def test_a_note_or_confidence_edited_is_no_rewrite_of_history(fresh):
    """As okr check --base has it (OKR121: removed, redated or a new value): a check-in
    whose note or confidence changed is shown, not warned."""
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "            value: 2\n",
               "            value: 2\n            confidence: 0.4\n")
    found = data(fresh)
    assert [(c["kind"], c["old"]["value"], c["new"]["confidence"])
            for c in found["changes"]] == [("rewritten", 2, 0.4)]
    assert run(fresh, "--format", "github").stdout.startswith("::notice ")
    markdown = run(fresh, "--format", "markdown").stdout
    assert "⚠️" not in markdown and "rewrites of committed history" not in markdown
    check = Okr(fresh.root)("check", "--base", "HEAD")
    assert "OKR121" not in check.stdout + check.stderr


def test_a_file_that_cannot_be_read_is_one_change_not_every_objective_deleted(fresh):
    """Conflict markers left in a file (or any YAML error): one ``unreadable`` change at
    the error, a warning; its objectives neither deleted on that side nor created on the
    other."""
    sales = "okrs/2026-Q4/sales-team.yaml"
    fresh.edit(sales, "        unit: 家\n", "<<<<<<< ours\n        unit: 家\n=======\n")
    found = data(fresh)
    assert [(c["ref"], c["kind"], c["field"], c["path"]) for c in found["changes"]] == [
        ("sales", "unreadable", "file", sales)]
    assert found["changes"][0]["reason"] and found["changes"][0]["line"]
    github = run(fresh, "--format", "github").stdout
    assert github.startswith(f"::warning file=okr/{sales},line=") and "deleted" not in github
    text = run(fresh).stdout
    assert "cannot be read" in text and "deleted" not in text
    zh = run(fresh, env={"OKR_LANG": "zh-CN"}).stdout
    assert "无法读取" in zh
    assert [c["kind"] for c in data(fresh, "--cycle", "2027-Q1")["changes"]] == []
    # renamed as well: the file it was is compared with nothing either
    git(fresh.repo, "add", "-A")
    git(fresh.repo, "mv", f"okr/{sales}", "okr/okrs/2026-Q4/sales2.yaml")
    moved = data(fresh)
    assert [(c["kind"], c["path"]) for c in moved["changes"]] == [
        ("unreadable", "okrs/2026-Q4/sales2.yaml")]
    git(fresh.repo, "mv", "okr/okrs/2026-Q4/sales2.yaml", f"okr/{sales}")
    # the other way round: the old side cannot be read, the new one can
    commit(fresh.repo, "a broken commit", "2026-11-20")
    fresh.edit(sales, "<<<<<<< ours\n        unit: 家\n=======\n", "        unit: 家\n")
    back = data(fresh)
    assert [(c["kind"], c["line"]) for c in back["changes"]] == [("unreadable", None)]
    fresh.edit(sales, "        unit: 家\n", "        unit: 家\n  - {oops\n")  # both sides
    both = data(fresh)
    assert [(c["kind"], c["line"] is not None) for c in both["changes"]] == [
        ("unreadable", True)]


def test_the_commit_that_brings_the_workspace_creates_everything(tmp_path: Path):
    """A pull request that starts tracking OKRs: the base has no workspace (no okr.yaml),
    so everything is created; the other way round, everything is deleted."""
    from conftest import EXAMPLE
    from history import init

    repo = tmp_path / "repo"
    init(repo)
    (repo / "README").write_text("x\n")
    before = commit(repo, "first", "2026-11-20")
    shutil.copytree(EXAMPLE, repo / "okr")
    after = commit(repo, "okr", "2026-11-21")
    okr = Okr(repo / "okr")
    found = okr("diff", before, after, "--format", "json")
    assert found.exit_code == 0, found.stderr
    changes = json.loads(found.stdout)["changes"]
    assert changes and {c["kind"] for c in changes} == {"created"}
    gone = okr("diff", after, before, "--format", "json")
    assert gone.exit_code == 0, gone.stderr
    assert {c["kind"] for c in json.loads(gone.stdout)["changes"]} == {"deleted"}
    neither = okr("diff", before, before)
    assert neither.exit_code == 1 and "holds okr.yaml here: no workspace" in neither.stderr
    at = okr("status", "--at", before)  # --at a commit before it: said as such
    assert at.exit_code == 1 and f"({before[:7]}" in at.stderr
    assert "holds no okr.yaml here: the workspace is not in that commit" in at.stderr


def _cells(line: str) -> int:
    from rich.cells import cell_len
    return cell_len(line)


LONG_NOTE = ("华东渠道的两家大客户已经续约，另有三家在谈；the Q4 pipeline review moved to "
             "2026-11-27 because the regional team needs more time, 预计月底前完成签约")


@pytest.mark.parametrize("columns", ["80", "50", None])
def test_long_changes_wrap_under_their_start(fresh, columns):
    """Piped without COLUMNS the text is 120 wide; every line fits and each continuation
    starts under the change it continues (a hanging indent), never at column 0."""
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "            value: 41",
               f"            value: 41\n          - date: 2026-11-20\n            value: 50\n"
               f"            note: {LONG_NOTE}")
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "target: 25", "target: 30")
    env = {"COLUMNS": columns} if columns else {}
    out = Okr(fresh.root)("diff", env=env).stdout
    width = int(columns or 120)
    body = out.split("\n\n")[1].splitlines()  # the owner and its changes
    assert all(_cells(line) <= width for line in body)
    first = next(line for line in body if line.startswith("  sales/"))
    at = len(re.match(r"  \S+ +", first).group())  # where a change starts after its ref
    continued = [line for line in body[1:] if not line.startswith("  sales/")]
    assert len(continued) >= (1 if width == 120 else 3)
    assert all(line.startswith(" " * at) and line[at] != " " for line in continued), at
    assert "预计月底前完成签约" in "".join(line.strip() for line in body)


def test_field_names_in_chinese(story):
    c = story.commits
    zh = {"OKR_LANG": "zh-CN"}
    out = run(story, c["week2"], c["silent"], env=zh).stdout
    assert "目标值调整：目标值 100 → 120，原因：新增华东渠道" in out
    assert "target" not in out
    week1 = run(story, c["plan"], c["week1"], env=zh).stdout
    assert "进展更新：2026-10-09 10（信心指数 80%）" in week1  # no space before （
    assert "10 (confidence 80%)" in run(story, c["plan"], c["week1"]).stdout
    # JSON keeps the keys
    assert data(story, c["week2"], c["silent"])["changes"][0]["field"] == "target"
    show = Okr(story.root)("show", "sales/revenue/gmv", env={**zh, "COLUMNS": "100"}).stdout
    assert "2026-10-20  目标值" in show


def test_the_effects_go_up_to_the_company(story):
    """company/customers has no key results: its score is the roll-up of sales/revenue."""
    effects = data(story, story.commits["week2"], story.commits["raise"])["effects"]
    table = {e["ref"]: (round(e["score_before"], 4), round(e["score_after"], 4))
             for e in effects}
    assert list(table) == ["sales/revenue/gmv", "sales/revenue", "company/customers",
                           "sales", "company"]
    assert table["sales/revenue/gmv"] == (0.2, round(20 / 120, 4))
    assert table["sales/revenue"] == table["company/customers"] == table["company"]
    assert table["company"][1] < table["company"][0]  # a raised target: the company falls
    assert {e["kind"] for e in effects} == {"key_result", "objective", "owner"}


def test_the_working_tree_with_an_edit_and_an_untracked_file(fresh):
    fresh.edit("okrs/2026-Q4/sales-team.yaml", "target: 25", "target: 30")
    (fresh.root / "okrs/2026-Q4/zhao.yaml").write_text(
        "owner: zhao.lei\ncycle: 2026-Q4\nobjectives:\n  - id: pipeline\n    title: 新客户\n"
        "    aligns_to: sales/revenue\n    key_results:\n      - id: calls\n"
        "        title: 拜访客户\n        start: 0\n        target: 10\n", encoding="utf-8")
    found = data(fresh)
    assert kinds(found) == [("sales/revenue/deals", "moved", "target"),
                            ("zhao.lei/pipeline", "created", None),
                            ("zhao.lei/pipeline/calls", "created", None)]
    assert found["changes"][0]["line"] == 32
    assert "zhao.lei" in {e["ref"] for e in found["effects"]}


def test_outside_a_repository_and_an_unknown_revision(story, tmp_path: Path):
    shutil.copy(story.root / "okr.yaml", tmp_path / "okr.yaml")
    outside = Okr(tmp_path)("diff")
    assert outside.exit_code == 1 and "not in a git repository" in outside.stderr
    unknown = run(story, "nope")
    assert unknown.exit_code == 1 and "unknown revision 'nope'" in unknown.stderr
    assert "Traceback" not in unknown.stderr + outside.stderr
    assert run(story, "a", "b", "c").exit_code == 2


def _golden_args(story) -> list[str]:
    return [story.commits["week2"], story.commits["rename"]]


@pytest.mark.parametrize("fmt,name,lang,columns", [
    ("text", "diff/text.txt", "en", "100"), ("text", "diff/text.zh-CN.txt", "zh-CN", "100"),
    ("text", "diff/text.80.txt", "en", "80"), ("text", "diff/text.zh-CN.60.txt", "zh-CN", "60"),
    ("markdown", "diff/diff.md", "en", "100"),
    ("markdown", "diff/diff.zh-CN.md", "zh-CN", "100"),
    ("json", "diff/diff.json", "en", "100"), ("github", "diff/github.txt", "en", "100"),
    ("github", "diff/github.zh-CN.txt", "zh-CN", "100")])
def test_golden(story, fmt, name, lang, columns):
    result = run(story, *_golden_args(story), "--format", fmt,
                 env={"OKR_LANG": lang, "COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


HOSTILE_TITLE = "A | <script>alert(1)</script> \\e[31m ::error::x"
HOSTILE_NOTE = "line\\none ::warning file=x::y *b* [l](http://x) @all %0A"


@pytest.fixture
def hostile(tmp_path: Path):
    story = build(tmp_path)
    sales = story.root / "okrs/2026-Q4/sales-team.yaml"
    text = sales.read_text(encoding="utf-8")
    text = text.replace("title: 扩大核心客户的销售规模", f'title: "{HOSTILE_TITLE}"')
    text = text.replace("            value: 41", f'            value: 41\n'
                        f'          - date: 2026-11-20\n            value: 50\n'
                        f'            note: "{HOSTILE_NOTE}"')
    text = text.replace("        target: 25\n", '        target: 30\n        changes:\n'
                        '          - date: 2026-11-20\n            field: target\n'
                        '            old: 25\n            new: 30\n'
                        f'            reason: "{HOSTILE_NOTE}"\n')
    sales.write_text(text, encoding="utf-8")
    commit(story.repo, "hostile", "2026-11-20")
    return story


def test_hostile_text_stays_inert_in_every_format(hostile):
    args = ["HEAD~1", "HEAD"]
    for fmt in ("text", "markdown", "github"):
        out = run(hostile, *args, "--format", fmt).stdout
        assert "\x1b" not in out, (fmt, out[out.find("\x1b") - 60:out.find("\x1b") + 20])
        lines = out.splitlines()
        commands = [line for line in lines if line.startswith("::")]
        if fmt == "github":
            assert all(line.startswith(("::notice ", "::warning ")) for line in commands)
            assert len(lines) == len(commands)
        else:
            assert not commands and not any("::" in line for line in lines)
        if fmt == "markdown":
            assert "<script>" not in out and "\\<script\\>" in out
            assert "\\|" in out and "@\u200ball" in out
    found = data(hostile, *args)
    note = next(c for c in found["changes"] if c["kind"] == "checkin")["new"]["note"]
    assert note == HOSTILE_NOTE.replace("\\n", "\n")
    assert found["changes"][0]["ref"] == "sales/revenue"


def test_the_commits_are_the_storys(story):
    assert git(story.repo, "rev-parse", "HEAD").strip() == story.commits["merge"]


def test_a_roll_up_reads_one_level_below_it_not_the_whole_tree(tmp_path, monkeypatch):
    """The company's objective takes its roll-up, a team's has key results of its own: a
    change to the team is scored with the files aligned to the company (the teams), not
    with the people aligned to the teams."""
    from history import init
    from okrcli import pipeline

    repo = tmp_path / "tree"
    init(repo)
    people = [f"p{i}" for i in range(6)]
    (repo / "okrs").mkdir()
    (repo / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\nteams:\n"
        "  - id: company\n  - {id: t1, parent: company}\n  - {id: t2, parent: company}\n"
        "people:\n" + "".join(f"  - {{id: {p}, team: t1}}\n" for p in people),
        encoding="utf-8")

    def okrs(owner: str, aligns: str | None, krs: bool, target: int = 100) -> str:
        text = f"owner: {owner}\ncycle: 2026-Q4\nobjectives:\n  - id: o\n    title: 扩大销售\n"
        text += f"    aligns_to: {aligns}\n" if aligns else ""
        if krs:
            text += ("    key_results:\n      - id: k\n        title: 成交额\n"
                     f"        start: 0\n        target: {target}\n        unit: 元\n"
                     "        checkins:\n          - {date: 2026-10-20, value: 50}\n")
        return text

    (repo / "okrs" / "company.yaml").write_text(okrs("company", None, False), encoding="utf-8")
    for team in ("t1", "t2"):
        (repo / "okrs" / f"{team}.yaml").write_text(okrs(team, "company/o", True),
                                                    encoding="utf-8")
    for p in people:
        (repo / "okrs" / f"{p}.yaml").write_text(okrs(p, "t1/o", True), encoding="utf-8")
    commit(repo, "plan", "2026-10-01")
    (repo / "okrs" / "t1.yaml").write_text(okrs("t1", "company/o", True, 200), encoding="utf-8")
    commit(repo, "raise t1", "2026-10-21")
    read: list[str] = []
    real = pipeline.read
    monkeypatch.setattr(pipeline, "read", lambda path, raw, model: read.append(path.name)
                        or real(path, raw, model))
    found = json.loads(Okr(repo)("diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    company = next(e for e in found["effects"] if e["ref"] == "company/o")
    assert company["score_before"] > company["score_after"]
    assert not {f"{p}.yaml" for p in people} & set(read), read


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_a_file_git_does_not_compare_with_the_disk_is_read_from_git(story, tmp_path, flag):
    """Between two commits, a file marked assume-unchanged or skip-worktree is read from
    git's objects: its bytes on disk are no commit's."""
    copy = tmp_path / "copy"
    shutil.copytree(story.repo, copy, symlinks=True)
    twin = type(story)(copy, copy / "okr")
    git(copy, "update-index", flag, "okr/okrs/2026-Q4/sales-team.yaml")
    twin.edit("okrs/2026-Q4/sales-team.yaml", "            value: 9", "            value: 77")
    found = data(twin, "HEAD~1", "HEAD")  # the merge brought the deals check-in of 9
    [added] = [c for c in found["changes"] if c["kind"] == "checkin"]
    assert added["new"]["value"] == 9
