"""okr diff on a real repository built commit by commit (tests/history.py): each form of
its arguments, each kind of change, the effects up the alignment tree, the working tree,
the formats (golden files) and hostile text in each."""

from __future__ import annotations

import json
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


def test_a_renamed_file_is_no_change(story):
    found = data(story, story.commits["delete"], story.commits["rename"])
    assert found["changes"] == [] and found["effects"] == []


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
    return [story.commits["week2"], story.commits["delete"]]


@pytest.mark.parametrize("fmt,name,lang", [
    ("text", "diff/text.txt", "en"), ("text", "diff/text.zh-CN.txt", "zh-CN"),
    ("markdown", "diff/diff.md", "en"), ("markdown", "diff/diff.zh-CN.md", "zh-CN"),
    ("json", "diff/diff.json", "en"), ("github", "diff/github.txt", "en")])
def test_golden(story, fmt, name, lang):
    result = run(story, *_golden_args(story), "--format", fmt,
                 env={"OKR_LANG": lang, "COLUMNS": "100"})
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
