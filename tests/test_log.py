"""okr log REF: the history of a key result, an objective or an owner, read from a real
repository built commit by commit (tests/history.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import Okr, golden
from history import Story, build, commit, git

SALES = "okrs/2026-Q4/sales-team.yaml"
KEYS = ["commit", "author", "date", "ref", "kind", "field", "old", "new", "reason"]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return build(tmp_path_factory.mktemp("log"))


@pytest.fixture(scope="module")
def more(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """The story, then a week of other edits: a key result's title, weight, driver and due
    changed, one dropped, an objective's title changed."""
    story = build(tmp_path_factory.mktemp("more"))
    story.edit(SALES, "        title: 新签约客户达到20家\n",
               "        title: 新签约客户达到25家\n        weight: 2\n        owner: zhao.lei\n"
               "        due: 2026-12-15\n")
    story.commits["fields"] = commit(story.repo, "deals: title, weight, driver, due",
                                     "2026-11-16", "Zhao Lei <zhao.lei@example.com>")
    story.edit(SALES, "        owner: zhao.lei\n        checkins:",
               "        owner: zhao.lei\n        dropped: {date: 2026-11-18, reason: 渠道调整}\n"
               "        checkins:")
    story.edit(SALES, "    title: 扩大核心客户的销售规模\n", "    title: 扩大重点客户的销售规模\n")
    story.commits["drop"] = commit(story.repo, "drop GMV", "2026-11-18")
    return story


def run(story: Story, *args: str, **env: str):
    return Okr(story.root)("log", *args, env=env or None)


def entries(story: Story, *args: str) -> list[dict]:
    result = run(story, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def kinds(found: list[dict]) -> list[tuple[str, str, str | None]]:
    return [(e["short"], e["kind"], e["field"]) for e in found]


def test_a_key_results_history_newest_first_with_who_and_when(story):
    found = entries(story, "sales/revenue/gmv")
    c = {name: sha for name, sha in story.commits.items()}
    assert [(e["commit"], e["kind"]) for e in found] == [
        (c["main"], "checkin"), (c["rename"], "renamed"), (c["rewrite"], "rewritten"),
        (c["raise"], "moved"), (c["week2"], "checkin"), (c["week1"], "checkin"),
        (c["plan"], "created")]
    assert {e["ref"] for e in found} == {"sales/revenue/gmv"}
    week1 = found[5]
    assert (week1["author"], week1["email"], week1["date"], week1["subject"]) == (
        "Zhao Lei", "zhao.lei@example.com", "2026-10-09T10:00:00+08:00", "check-in week 1")
    assert week1["new"] == {"date": "2026-10-09", "value": 10, "confidence": 0.8, "note": None}
    assert found[0]["short"] == c["main"][:7] and found[0]["author"] == "Li Na"


def test_the_json_shape(story):
    found = entries(story, "sales/revenue/gmv")
    for entry in found:
        assert list(entry)[:9] == KEYS
        assert set(entry) == {*KEYS, "short", "email", "subject", "path"}
    golden("log/gmv.json", run(story, "sales/revenue/gmv", "--format", "json").stdout)


def test_a_moved_goalpost_with_its_reason_and_one_without(story):
    raised = next(e for e in entries(story, "sales/revenue/gmv") if e["kind"] == "moved")
    assert (raised["field"], raised["old"], raised["new"], raised["reason"]) == (
        "target", 100, 120, "新增华东渠道")
    silent = next(e for e in entries(story, "sales/revenue/deals") if e["kind"] == "moved")
    assert (silent["commit"], silent["old"], silent["new"], silent["reason"]) == (
        story.commits["silent"], 20, 25, None)
    table = run(story, "sales/revenue/deals").stdout
    assert "target moved 20 → 25: no reason recorded" in table
    assert "target moved 100 → 120, reason: 新增华东渠道" in run(story, "sales/revenue/gmv").stdout


def test_a_check_in_rewritten_after_it_was_committed_is_marked(story):
    rewrite = next(e for e in entries(story, "sales/revenue/gmv") if e["kind"] == "rewritten")
    assert rewrite["commit"] == story.commits["rewrite"]
    assert (rewrite["old"]["value"], rewrite["new"]["value"]) == (20, 25)
    assert "check-in 2026-10-16 rewritten after it was committed: value 20 → 25" in \
        run(story, "sales/revenue/gmv").stdout


def test_the_file_is_followed_through_its_rename(story):
    found = entries(story, "sales/revenue/gmv")
    renamed = next(e for e in found if e["kind"] == "renamed")
    assert (renamed["old"], renamed["new"]) == ("okrs/2026-Q4/sales.yaml", SALES)
    assert found[-1]["path"] == "okrs/2026-Q4/sales.yaml"  # before the rename
    assert found[-1]["commit"] == story.commits["plan"]


def test_a_deleted_key_result_still_has_its_history(story):
    found = entries(story, "sales/revenue/churn")
    assert [(e["commit"], e["kind"], e["old"], e["new"]) for e in found] == [
        (story.commits["delete"], "deleted", "客户流失率降至5%", None),
        (story.commits["plan"], "created", None, "客户流失率降至5%")]


def test_an_objective_and_an_owner(story):
    objective = entries(story, "sales/revenue")
    assert {e["ref"] for e in objective} == {
        "sales/revenue", "sales/revenue/gmv", "sales/revenue/deals", "sales/revenue/churn"}
    branch = [e for e in objective if e["commit"] == story.commits["branch"]]
    assert [(e["ref"], e["kind"]) for e in branch] == [("sales/revenue/deals", "checkin")]
    owner = entries(story, "sales")
    assert [e for e in owner if e["kind"] != "renamed"] == [
        e for e in objective if e["kind"] != "renamed"]
    assert next(e for e in owner if e["kind"] == "renamed")["ref"] == "sales"
    assert [(e["ref"], e["kind"]) for e in entries(story, "company")] == [
        ("company/customers", "created")]


def test_other_kinds_of_change(more):
    found = entries(more, "sales/revenue")
    fields = [(e["ref"], e["kind"], e["field"], e["old"], e["new"]) for e in found
              if e["commit"] == more.commits["fields"]]
    assert fields == [
        ("sales/revenue/deals", "moved", "due", "2026-12-31", "2026-12-15"),
        ("sales/revenue/deals", "changed", "title", "新签约客户达到20家", "新签约客户达到25家"),
        ("sales/revenue/deals", "changed", "weight", 1, 2),
        ("sales/revenue/deals", "changed", "owner", None, "zhao.lei")]
    drop = [(e["ref"], e["kind"], e["field"], e["new"], e["reason"]) for e in found
            if e["commit"] == more.commits["drop"]]
    assert drop == [
        ("sales/revenue", "changed", "title", "扩大重点客户的销售规模", None),
        ("sales/revenue/gmv", "dropped", "dropped", "2026-11-18", "渠道调整")]
    out = run(more, "sales/revenue").stdout
    assert "due moved 2026-12-31 → 2026-12-15: no reason recorded" in out
    assert "weight changed: 1 → 2" in out and "driver changed: — → zhao.lei" in out
    assert "dropped 2026-11-18: 渠道调整" in out


def test_since_until_and_the_newest_n(story):
    since = entries(story, "sales/revenue/gmv", "--since", "2026-10-20")
    assert [e["short"] for e in since] == [story.commits[n][:7] for n in
                                           ("main", "rename", "rewrite", "raise")]
    until = entries(story, "sales/revenue/gmv", "--until", "2026-10-16")
    assert [e["commit"] for e in until] == [story.commits[n] for n in
                                            ("week2", "week1", "plan")]
    newest = entries(story, "sales/revenue", "-n", "3")
    assert newest == entries(story, "sales/revenue")[:3]
    table = run(story, "sales/revenue", "-n", "3").stdout
    assert "only the newest 3 entries are shown (-n)" in table
    assert run(story, "sales", "-n", "0").exit_code == 2
    crossed = run(story, "sales", "--since", "2026-12-10", "--until", "2026-12-01")
    assert crossed.exit_code == 2 and "2026-12-10 is after --until 2026-12-01" in crossed.stderr


def test_the_table_en_and_zh(story):
    golden("log/revenue.txt", run(story, "sales/revenue", COLUMNS="100").stdout)
    golden("log/gmv.zh-CN.txt", run(story, "sales/revenue/gmv", COLUMNS="100",
                                    OKR_LANG="zh-CN").stdout)
    golden("log/revenue.zh-CN.80.txt", run(story, "sales/revenue", COLUMNS="80",
                                           OKR_LANG="zh-CN").stdout)
    narrow = run(story, "sales/revenue", COLUMNS="60").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_uncommitted_changes_come_first(tmp_path: Path, story):
    copy = tmp_path / "repo"
    shutil.copytree(story.repo, copy)
    mine = Story(copy, copy / "okr")
    mine.edit(SALES, "            value: 41", "            value: 45")
    mine.edit(SALES, "        target: 25\n", "        target: 30\n")
    found = entries(mine, "sales/revenue")
    assert [(e["commit"], e["author"], e["date"], e["ref"], e["kind"]) for e in found[:2]] == [
        (None, None, None, "sales/revenue/gmv", "rewritten"),
        (None, None, None, "sales/revenue/deals", "moved")]
    assert found[2]["commit"] == story.commits["main"]
    assert "uncommitted changes in the working tree" in run(mine, "sales/revenue").stdout
    assert entries(mine, "sales/revenue", "--until", "2026-11-30")[0]["commit"] is not None


def test_unknown_refs_get_did_you_mean(story):
    result = run(story, "sales/revenue/gvm")
    assert result.exit_code == 1
    assert "no key result 'sales/revenue/gvm' (did you mean 'gmv'?)" in result.stderr
    result = run(story, "sales/revenu")
    assert result.exit_code == 1 and "did you mean 'sales/revenue'?" in result.stderr
    result = run(story, "sale")
    assert result.exit_code == 1 and "unknown owner 'sale' (did you mean 'sales'?)" in \
        result.stderr
    assert run(story, "zhao.lei").exit_code == 1  # an owner with no file in the cycle
    assert "Traceback" not in result.output


def test_outside_a_git_repository(tmp_path: Path, story):
    plain = tmp_path / "ws"
    shutil.copytree(story.root, plain)
    result = Okr(plain)("log", "sales")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.stderr and result.stdout == ""


def test_a_shallow_clone_says_where_its_history_starts(tmp_path: Path, story):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{story.repo}", str(clone))
    shallow = Story(clone, clone / "okr")
    found = entries(shallow, "sales/revenue")
    assert "created" not in {e["kind"] for e in found}  # the clone's start is no creation
    table = run(shallow, "sales/revenue", COLUMNS="200").stdout
    assert "shallow clone: history starts at" in table
    assert "git fetch --unshallow" in table


def test_a_version_that_cannot_be_read_is_one_entry(tmp_path: Path, story):
    copy = tmp_path / "repo"
    shutil.copytree(story.repo, copy)
    mine = Story(copy, copy / "okr")
    text = (mine.root / SALES).read_text(encoding="utf-8")
    (mine.root / SALES).write_text(text + "  - id: [broken\n", encoding="utf-8")
    broken = commit(copy, "oops", "2026-11-20")
    (mine.root / SALES).write_text(text.replace("value: 41", "value: 41\n"
                                                "          - date: 2026-11-20\n"
                                                "            value: 60"), encoding="utf-8")
    fixed = commit(copy, "fixed, and a check-in", "2026-11-21")
    found = entries(mine, "sales/revenue/gmv")
    assert [(e["commit"], e["kind"]) for e in found[:3]] == [
        (fixed, "checkin"), (broken, "unreadable"), (story.commits["main"], "checkin")]
    assert found[0]["new"]["value"] == 60  # compared with the last readable version
    assert found[1]["reason"]
    assert "this version cannot be read" in run(mine, "sales/revenue/gmv").stdout


def test_hostile_text_does_not_act_on_the_terminal(tmp_path: Path, story):
    copy = tmp_path / "repo"
    shutil.copytree(story.repo, copy)
    mine = Story(copy, copy / "okr")
    mine.edit(SALES, "            value: 41",
              '            value: 41\n          - date: 2026-11-20\n            value: 50\n'
              '            note: "[bold]note[/bold] \\e[2J\\e]8;;http://x\\a"')
    commit(copy, "[red]subject[/red] \x1b[31mred", "2026-11-20",
           "[bold]Mal\x1b[5m <mal@example.com>")
    for lang in ("en", "zh-CN"):
        out = run(mine, "sales/revenue/gmv", OKR_LANG=lang).stdout
        assert "\x1b" not in out and "\x07" not in out
        assert "[red]subject[/red] ␛[31mred" in out and "[bold]Mal␛[5m" in out
        assert "[bold]note[/bold] ␛[2J␛]8;;http://x␇" in out
    raw = run(mine, "sales/revenue/gmv", "--format", "json").stdout
    assert "\x1b" not in raw
    assert json.loads(raw)[0]["author"] == "[bold]Mal\x1b[5m"


def _weeks(path: Path) -> Path:
    """A file with a long history of every shape a commit takes: check-ins appended to one
    key result or to two at once, inserted between others, with a multi-line note, after a
    comment, into a flow list, the first one of a list; a target moved; a CRLF line."""
    from history import init

    repo = path / "weeks"
    init(repo)
    (repo / "okrs").mkdir()
    (repo / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\nteams:\n"
        "  - id: sales\n", encoding="utf-8")
    body = ("owner: sales\ncycle: 2026-Q4\nobjectives:\n  - id: o\n    title: 扩大销售\n"
            "    key_results:\n      - id: a\n        title: 成交额\n        start: 0\n"
            "        target: 100\n        checkins:\n          - date: 2026-10-01\n"
            "            value: 1\n      - id: b\n        title: 客户数\n        start: 0\n"
            "        target: 50\n        checkins: [{date: 2026-10-01, value: 1}]\n"
            "      - id: c\n        title: 里程碑\n        kind: milestone\n")
    file = repo / "okrs" / "sales.yaml"
    file.write_text(body, encoding="utf-8")
    commit(repo, "start", "2026-10-01")

    def add(after: str, text: str, day: int, message: str) -> None:
        content = file.read_text(encoding="utf-8")
        assert after in content, after
        file.write_text(content.replace(after, after + text, 1), encoding="utf-8")
        commit(repo, message, f"2026-10-{day:02d}")

    a_last = "            value: 1\n"
    for day in range(2, 14):  # appended to a, one a commit
        add(a_last, f"          - date: 2026-10-{day:02d}\n            value: {day}\n", day,
            f"a {day}")
        a_last = f"            value: {day}\n"
    add(a_last, "          - date: 2026-10-14\n            value: 14\n            note: |\n"
        "              两行\n              备注\n", 14, "a multi-line note")
    a_last = "              备注\n"
    # two key results in one commit: a's block list and b's flow list
    content = file.read_text(encoding="utf-8")
    content = content.replace(a_last, a_last + "          - date: 2026-10-15\n"
                              "            value: 15\n", 1)
    content = content.replace("value: 1}]", "value: 1}, {date: 2026-10-15, value: 3}]")
    file.write_text(content, encoding="utf-8")
    commit(repo, "two at once", "2026-10-15")
    a_last = "            value: 15\n"
    add("          - date: 2026-10-02\n            value: 2\n",
        "          - date: 2026-10-03\n            value: 2.5\n", 16, "inserted between")
    add(a_last, "          # a comment\n          - date: 2026-10-16\n            value: 16\n",
        16, "after a comment")
    a_last = "            value: 16\n"
    add("        kind: milestone\n", "        checkins:\n          - date: 2026-10-17\n"
        "            value: true\n", 17, "the first of a list")
    content = file.read_text(encoding="utf-8").replace("        target: 100\n",
                                                       "        target: 120\n", 1)
    file.write_text(content, encoding="utf-8")
    commit(repo, "target moved", "2026-10-18")
    for day in range(19, 28):
        add(a_last, f"          - date: 2026-10-{day:02d}\n            value: {day}\n", day,
            f"a {day}")
        a_last = f"            value: {day}\n"
    return repo


def test_versions_derived_from_newer_ones_read_as_reading_each(tmp_path, monkeypatch):
    """The fast path (an older version derived from a newer one when a commit only added
    whole check-ins) gives exactly what reading every version in full gives."""
    from okrcli.services import log as service

    repo = _weeks(tmp_path)
    okr = Okr(repo)
    reads: list[int] = []
    full = service._History._read
    monkeypatch.setattr(service._History, "_read",
                        lambda self, raw: reads.append(1) or full(self, raw))
    asked: list[str] = []  # the blobs asked of git: those read in full, no others
    get = service.BlobReader.get
    monkeypatch.setattr(service.BlobReader, "get",
                        lambda self, sha, limit: asked.append(sha) or get(self, sha, limit))
    fast = okr("log", "sales", "--format", "json")
    assert fast.exit_code == 0, fast.output
    assert len(asked) == len(set(asked)) <= len(reads)
    fast_reads, reads[:] = len(reads), []
    monkeypatch.setattr(service, "_FAST_AFTER", 10_000)
    slow = okr("log", "sales", "--format", "json")
    assert json.loads(fast.stdout) == json.loads(slow.stdout)
    assert len(reads) == 28 and fast_reads <= 6, (fast_reads, len(reads))  # versions read
    found = json.loads(slow.stdout)
    assert len([e for e in found if e["kind"] == "checkin"]) == 27
    assert [e["new"]["value"] for e in found if e["subject"] == "two at once"] == [15, 3]


def test_a_derived_version_is_the_version_git_holds():
    from okrcli import pipeline, versions
    from okrcli.model import OkrFile

    new = ("owner: s\ncycle: q\nobjectives:\n  - id: o\n    title: t\n    key_results:\n"
           "      - id: a\n        title: t\n        start: 0\n        target: 9\n"
           "        checkins:\n          - date: 2026-10-01\n            value: 1\n"
           "          - date: 2026-10-08\n            value: 2\n      - id: b\n"
           "        title: t\n        start: 0\n        target: 9\n")
    old = new.replace("          - date: 2026-10-08\n            value: 2\n", "")
    model = pipeline.read(Path("x.yaml"), new.encode(), OkrFile).model
    version = versions.anchor(new, model)
    assert version is not None
    derived = versions.older(version, [(13, 0, 14, 2)])
    assert derived is not None
    expected = pipeline.read(Path("x.yaml"), old.encode(), OkrFile).model
    assert derived[0].model == expected
    assert [(oi, ki, c.value) for oi, ki, c in derived[1]] == [(0, 0, 2)]
    assert versions.older(version, [(13, 1, 14, 1)]) is None  # a changed line: read it
    assert versions.older(version, [(12, 0, 13, 1)]) is None  # half of an item: read it


def test_a_rename_staged_but_not_committed_keeps_the_history(story, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(story.repo, copy, symlinks=True)
    git(copy, "mv", "okr/okrs/2026-Q4/sales-team.yaml", "okr/okrs/2026-Q4/sales2.yaml")
    found = entries(Story(copy, copy / "okr"), "sales/revenue/gmv")
    assert found[0]["commit"] is None and found[0]["kind"] == "renamed"
    assert [e["kind"] for e in found if e["commit"]][-1] == "created"
    assert len(found) > 5


def _unlike(text: str) -> str:
    """The same file, so much longer that git's rename detection no longer pairs it."""
    return "".join(f"# 整理格式 {n:03d} " + "说明" * 30 + "\n" for n in range(60)) + text


def test_a_move_git_does_not_pair_and_a_deleted_file_keep_their_history(story, tmp_path):
    """A file moved and rewritten in one commit (long comments around it: git's rename
    detection sees a new file) goes on with the history of the one it deleted, as
    okr diff pairs them; an owner's file deleted is followed from its deletion back."""
    copy = tmp_path / "copy"
    shutil.copytree(story.repo, copy, symlinks=True)
    mine = Story(copy, copy / "okr")
    whole = entries(mine, "sales/revenue/gmv")
    old = copy / "okr/okrs/2026-Q4/sales-team.yaml"
    text = old.read_text(encoding="utf-8")
    old.unlink()
    (copy / "okr/okrs/2026-Q4/moved.yaml").write_text(_unlike(text), encoding="utf-8")
    commit(copy, "moved and re-indented", "2026-11-27")
    assert "R" not in git(copy, "show", "--stat", "--format=", "-M", "HEAD")  # not paired
    moved = entries(mine, "sales/revenue/gmv")
    assert [(e["kind"], e["old"], e["new"]) for e in moved[:1]] == [
        ("renamed", "okrs/2026-Q4/sales-team.yaml", "okrs/2026-Q4/moved.yaml")]
    assert [e["commit"] for e in moved[1:]] == [e["commit"] for e in whole]
    # --until before the move: the history before it, from the file it moved from
    assert entries(mine, "sales/revenue/gmv", "--until", "2026-11-20") == [
        e for e in moved[1:]]
    (copy / "okr/okrs/2026-Q4/moved.yaml").unlink()  # deleted, not committed yet
    uncommitted = entries(mine, "sales/revenue/gmv")
    assert (uncommitted[0]["commit"], uncommitted[0]["kind"]) == (None, "deleted")
    assert [e["commit"] for e in uncommitted[1:]] == [e["commit"] for e in moved]
    commit(copy, "sales leaves", "2026-11-28")
    gone = entries(mine, "sales/revenue/gmv")
    assert gone[0]["kind"] == "deleted" and gone[0]["subject"] == "sales leaves"
    assert [e["commit"] for e in gone[1:]] == [e["commit"] for e in moved]
    assert "deleted: " in run(mine, "sales").stdout


def test_a_long_history_before_a_move_git_did_not_pair_is_derived_too(tmp_path, monkeypatch):
    """The weekly commits of the file it moved from are derived, not each read in full."""
    from okrcli.services import log as service

    repo = _weeks(tmp_path)
    old = repo / "okrs" / "sales.yaml"
    text = old.read_text(encoding="utf-8")
    old.unlink()
    (repo / "okrs" / "moved.yaml").write_text(_unlike(text), encoding="utf-8")
    commit(repo, "moved", "2026-11-27")
    reads: list[int] = []
    full = service._History._read
    monkeypatch.setattr(service._History, "_read",
                        lambda self, raw: reads.append(1) or full(self, raw))
    found = json.loads(Okr(repo)("log", "sales", "--format", "json").stdout)
    assert found[0]["kind"] == "renamed"
    assert len([e for e in found if e["kind"] == "checkin"]) == 27 and len(reads) <= 8


def test_a_version_over_the_size_limit_is_one_entry_never_read(tmp_path):
    from history import init

    repo = tmp_path / "big"
    init(repo)
    (repo / "okrs").mkdir()
    (repo / "okr.yaml").write_text("cycles:\n  - {id: 2026-Q4, start: 2026-10-01, "
                                   "end: 2026-12-31}\nteams:\n  - id: sales\n")
    small = ("owner: sales\ncycle: 2026-Q4\nobjectives:\n  - id: o\n    title: 扩大销售\n"
             "    key_results:\n      - id: a\n        title: 成交额\n        start: 0\n"
             "        target: 100\n")
    file = repo / "okrs" / "sales.yaml"
    file.write_text(small, encoding="utf-8")
    commit(repo, "start", "2026-10-01")
    file.write_text(small + "# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    commit(repo, "huge", "2026-10-02")
    file.write_text(small.replace("target: 100", "target: 90"), encoding="utf-8")
    commit(repo, "back", "2026-10-03")
    found = json.loads(Okr(repo)("log", "sales", "--format", "json").stdout)
    huge = [e for e in found if e["subject"] == "huge"]
    assert [e["kind"] for e in huge] == ["unreadable"]
    assert "larger than 1 MiB" in huge[0]["reason"]


def test_a_merge_shows_what_it_changed_itself_not_what_it_brought(story, tmp_path):
    """A conflict resolved by a new value is the merge's own change; the check-ins the
    branches brought are their commits' entries, not the merge's."""
    copy = tmp_path / "copy"
    shutil.copytree(story.repo, copy, symlinks=True)
    git(copy, "checkout", "-q", "-b", "other", story.commits["main"])
    twin = Story(copy, copy / "okr")
    twin.edit(SALES, "            value: 41", "            value: 42")
    commit(copy, "GMV corrected on a branch", "2026-11-15")
    git(copy, "checkout", "-q", "main")
    git(copy, "merge", "-q", "--no-commit", "other")
    twin.edit(SALES, "            value: 42", "            value: 44")  # resolved anew
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "merge other: 44", date="2026-11-16")
    found = entries(twin, "sales/revenue/gmv")
    merge = [e for e in found if e["subject"] == "merge other: 44"]
    assert [(e["kind"], e["old"]["value"], e["new"]["value"]) for e in merge] == [
        ("rewritten", 41, 44)]
    assert not [e for e in found if e["subject"] == "merge deals-week"]  # a clean merge
