"""The git reader (``gitrepo.py``) and the OKR comparison (``okrdiff.py``) on a real
repository built commit by commit (tests/history.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from history import build, git
from okrcli import okrdiff, pipeline
from okrcli.gitbatch import BlobReader
from okrcli.gitrepo import GitError, Repo
from okrcli.model import OkrFile
from okrcli.snapshot import Snapshot


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):
    return build(tmp_path_factory.mktemp("story"))


def model(data: bytes) -> OkrFile:
    reading = pipeline.read(Path("x.yaml"), data, OkrFile)
    assert isinstance(reading, pipeline.Valid), reading
    return reading.model


def test_the_story_is_the_same_repository_everywhere(story):
    # fixed authors and dates: the same object names on every machine
    assert story.commits["plan"].startswith("2b62671")
    assert story.commits["merge"].startswith("5ceb641")


def test_a_folder_outside_any_repository_gets_one_clear_message(tmp_path: Path):
    with pytest.raises(GitError, match="is not in a git repository"):
        Repo.around(tmp_path)


def test_revisions_are_resolved_and_option_like_ones_refused(story):
    repo = Repo.around(story.root)
    assert repo.commit("HEAD") == story.commits["merge"]
    assert repo.commit("main~1") == story.commits["main"]
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        repo.commit("nope")
    with pytest.raises(GitError, match="is not a revision"):
        repo.commit("--output=/tmp/x")
    assert repo.prefix(story.root) == "okr"


def test_the_log_follows_a_file_through_its_rename(story):
    repo = Repo.around(story.root)
    commits = repo.log(["okr/okrs/2026-Q4/sales-team.yaml"], follow=True)
    assert [c.sha for c in commits][-1] == story.commits["plan"]
    rename = next(c for c in commits if c.sha == story.commits["rename"])
    assert rename.touches[0].status == "R"
    assert rename.touches[0].old_path == "okr/okrs/2026-Q4/sales.yaml"
    # the merge changed the file against both its parents: one combined record, the
    # first parent's blob as the old one and the other parent's beside it
    assert commits[0].sha == story.commits["merge"] and len(commits[0].touches[0].others) == 1
    assert commits[1].date == dt.datetime(2026, 11, 13, 10, 0,
                                          tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert {c.author for c in commits} == {"Li Na", "Zhao Lei"}


def test_a_snapshot_is_the_workspace_as_committed(story):
    repo = Repo.around(story.root)
    snap = Snapshot(story.root, repo, story.commits["week2"])
    paths = [p.relative_to(story.root).as_posix() for p in snap.okr_paths("okrs")]
    assert paths == ["okrs/2026-Q4/company.yaml", "okrs/2026-Q4/sales.yaml"]
    doc = model(snap.read(story.root / "okrs/2026-Q4/sales.yaml"))  # type: ignore[arg-type]
    assert [c.value for c in doc.objectives[0].key_results[0].checkins] == [10, 20]
    assert not (story.root / "okrs/2026-Q4/sales.yaml").exists()  # the disk is not read
    with pytest.raises(FileNotFoundError):
        snap.read(story.root / "okrs/2026-Q4/sales-team.yaml")
    with pytest.raises(Exception, match="nothing can be written"):
        snap.replace(story.root / "okr.yaml", b"", b"x")


def test_a_snapshot_refuses_links_and_lists_as_the_disk_does(tmp_path: Path):
    repo_dir = tmp_path / "r"
    repo_dir.mkdir()
    git(repo_dir, "init", "-q", "-b", "main")
    (repo_dir / "okrs" / "b").mkdir(parents=True)
    (repo_dir / "okr.yaml").write_text("cycles: []\n")
    for rel in ("okrs/z.yaml", "okrs/b/a.yaml", "okrs/a.yml", "okrs/.hidden.yaml",
                "okrs/notes.txt"):
        (repo_dir / rel).write_text("owner: x\n")
    (repo_dir / "okrs" / "link.yaml").symlink_to("/etc/passwd")
    git(repo_dir, "add", "-A")
    git(repo_dir, "commit", "-q", "-m", "x", date="2026-10-01")
    snap = Snapshot(repo_dir, Repo.around(repo_dir), "HEAD")
    listed = [p.relative_to(repo_dir).as_posix() for p in snap.okr_paths("okrs")]
    on_disk = [p.relative_to(repo_dir).as_posix()
               for p in __import__("okrcli.store", fromlist=["Workspace"]).Workspace(
                   repo_dir).okr_paths("okrs")]
    assert listed == on_disk == ["okrs/a.yml", "okrs/link.yaml", "okrs/z.yaml",
                                 "okrs/b/a.yaml"]
    refused = snap.read(repo_dir / "okrs/link.yaml")
    assert getattr(refused, "reason", None) == "not-a-file"
    assert snap.okr_folder("../up") is not None


def test_changes_between_commits_in_okr_terms(story):
    repo = Repo.around(story.root)

    def at(name: str) -> OkrFile:
        snap = Snapshot(story.root, repo, story.commits[name])
        rel = "okrs/2026-Q4/sales-team.yaml" if snap.has(story.sales) else \
            "okrs/2026-Q4/sales.yaml"
        return model(snap.read(story.root / rel))  # type: ignore[arg-type]

    def changes(a: str, b: str) -> list[dict]:
        return [d.to_json() for d in okrdiff.one_file(
            at(a), at(b), cycle_end=lambda cycle: dt.date(2026, 12, 31))]

    assert changes("week1", "week2") == [
        {"ref": "sales/revenue/gmv", "kind": "checkin", "field": "checkins", "old": None,
         "new": {"date": "2026-10-16", "value": 20, "confidence": None,
                 "note": "两家大客户续约"}, "reason": None}]
    assert changes("week2", "raise")[0] == {
        "ref": "sales/revenue/gmv", "kind": "moved", "field": "target", "old": 100,
        "new": 120, "reason": "新增华东渠道"}
    assert changes("raise", "silent")[0]["reason"] is None
    rewritten = changes("silent", "rewrite")
    assert [(d["kind"], d["old"]["value"], d["new"]["value"]) for d in rewritten] == [
        ("rewritten", 20, 25)]
    assert changes("rewrite", "delete") == [
        {"ref": "sales/revenue/churn", "kind": "deleted", "field": None,
         "old": "客户流失率降至5%", "new": None, "reason": None}]
    assert changes("delete", "rename") == []  # a rename changes nothing in OKR terms


def test_check_ins_removed_reordered_and_rewritten():
    from okrcli.model import Checkin

    def c(day: int, value: float) -> Checkin:
        return Checkin(date=dt.date(2026, 10, day), value=value)

    def kinds(old: list[Checkin], new: list[Checkin]) -> list[tuple]:
        return [(d.kind, d.old and d.old["value"], d.new and d.new["value"])
                for d in okrdiff._records("r", "checkins", old, new, None, ())]

    assert kinds([c(1, 1), c(8, 2)], [c(1, 1), c(8, 2), c(15, 3)]) == [("checkin", None, 3)]
    assert kinds([c(1, 1), c(8, 2)], [c(8, 2)]) == [("rewritten", 1, None)]
    assert kinds([c(1, 1), c(8, 2)], [c(1, 1), c(9, 2)]) == [("rewritten", 2, 2)]
    assert kinds([c(1, 1), c(8, 2)], [c(8, 2), c(1, 1)]) == []  # the same check-ins
    assert kinds([c(1, 1)], [c(1, 5), c(2, 6)]) == [("rewritten", 1, 5), ("checkin", None, 6)]
    # one removed and the next edited: each old entry finds its own date first, then a
    # place (the removed one is not the edited one's old self because it came first)
    edited = Checkin(date=dt.date(2026, 10, 8), value=2, confidence=0.5)
    assert [(d.old["date"], d.new and d.new["date"]) for d in okrdiff._records(
        "r", "checkins", [c(1, 1), c(8, 2)], [edited], None, ())] == [
        ("2026-10-01", None), ("2026-10-08", "2026-10-08")]
    assert kinds([c(1, 1), c(8, 2)], [c(2, 1), c(8, 2)]) == [("rewritten", 1, 1)]  # redated


def test_an_unset_due_moves_from_the_cycles_end():
    from okrcli.model import KeyResult

    old = KeyResult(id="k", title="t", start=0, target=1)
    new = KeyResult(id="k", title="t", start=0, target=1, due=dt.date(2026, 11, 30))
    [delta] = okrdiff.key_result("o/x/k", old, new, dt.date(2026, 12, 31), dt.date(2026, 12, 31))
    assert (delta.kind, delta.field, delta.old, delta.new) == ("moved", "due", "2026-12-31",
                                                               "2026-11-30")


def test_a_commit_has_its_short_name_as_git_shows_it(story):
    repo = Repo.around(story.root)
    [newest, *_] = repo.log(["okr/okr.yaml"])
    assert newest.short == git(story.repo, "rev-parse", "--short", newest.sha).strip()
    assert len(newest.short) < len(newest.sha)


def test_no_text_of_a_commit_can_pass_for_the_start_of_another(story, tmp_path):
    """A subject or an author name may hold any byte but NUL: the separator between
    commits starts with one."""
    import shutil

    repo_dir = tmp_path / "copy"
    shutil.copytree(story.repo, repo_dir, symlinks=True)
    fake = "\x1e" + "0123456789abcdef" * 2 + "01234567"
    (repo_dir / "okr" / "okr.yaml").write_text("cycles: []\n", encoding="utf-8")
    git(repo_dir, "commit", "-qam", f"gmv{fake}", date="2026-11-20",
        env={"GIT_AUTHOR_NAME": f"Mal{fake}"})
    [newest, *_] = Repo.around(repo_dir).log(["okr/okr.yaml"])
    assert newest.subject == f"gmv{fake}" and newest.author == f"Mal{fake}"
    assert newest.touches[0].new_path == "okr/okr.yaml"


def test_a_blob_over_the_limit_is_never_read(story):
    repo = Repo.around(story.root)
    entries = repo.tree(story.commits["plan"], "okr")
    sha = entries["okrs/2026-Q4/sales.yaml"].sha
    size = entries["okrs/2026-Q4/sales.yaml"].size
    assert repo.sizes([sha]) == {sha: size}
    assert repo.blobs([sha], limit=size) and repo.blobs([sha], limit=size - 1) == {}


def test_one_process_answers_blobs_one_at_a_time(story):
    """gitbatch.BlobReader: a blob's bytes; a blob over the limit only its size (its bytes
    read past, so the next answer is still the next blob's); a missing one None; closed,
    it starts again when asked."""
    repo = Repo.around(story.root)
    entries = repo.tree(story.commits["plan"], "okr")
    sha = entries["okrs/2026-Q4/sales.yaml"].sha
    size = entries["okrs/2026-Q4/sales.yaml"].size
    config = entries["okr.yaml"].sha
    whole = repo.blobs([sha, config], limit=None)
    with BlobReader(repo.top) as reader:
        assert reader.get(sha, size) == whole[sha]
        assert reader.get(sha, size - 1) == size
        assert reader.get("0" * 40, size) is None
        assert reader.get(config, size) == whole[config]
        first = reader._proc
        reader.close()
        assert first is not None and first.returncode == 0 and reader._proc is None
        assert reader.get(sha, size) == whole[sha]
    assert reader._proc is None
    with BlobReader(repo.top) as reader:  # an answer left unread (an error in a get)
        proc = reader._start()
        assert proc.stdin is not None
        for _ in range(200):  # more than a pipe holds
            proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
    assert proc.returncode is not None  # stopped, never left writing

def test_a_snapshot_refuses_a_file_name_that_is_not_utf8(tmp_path: Path):
    import os

    repo_dir = tmp_path / "r"
    repo_dir.mkdir()
    git(repo_dir, "init", "-q", "-b", "main")
    (repo_dir / "okrs").mkdir()
    (repo_dir / "okr.yaml").write_text("cycles: []\n")
    name = os.fsdecode(b"okrs/\xffbad.yaml")
    (repo_dir / name).write_text("owner: x\n")
    git(repo_dir, "add", "-A")
    git(repo_dir, "commit", "-q", "-m", "x", date="2026-10-01")
    snap = Snapshot(repo_dir, Repo.around(repo_dir), "HEAD")
    [path] = snap.okr_paths("okrs")
    assert getattr(snap.read(path), "reason", None) == "name"
