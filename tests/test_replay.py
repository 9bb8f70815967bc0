"""A reading command run again on an unchanged workspace answers with the output it gave
(replay.py), and only then: any change to what it read, to how it was run or to the code
is a miss; what may not be kept never is; an entry that is not ours is never believed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from okrcli import disksig, entry, replay, seal

EXAMPLE_FILE = "okrs/2026-Q4/sales.yaml"


@pytest.fixture
def kept(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example, in a cache folder of its own, with the margin off (files just copied
    would never be kept: their ctime is now)."""
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OKR_TODAY", "2026-11-26")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(replay, "MARGIN_NS", 0)
    monkeypatch.chdir(example)
    return example


class Ran:
    def __init__(self, out: str, err: str, code: int, computed: bool) -> None:
        self.out, self.err, self.code, self.computed = out, err, code, computed


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        *args: str) -> Ran:
    """``okr ARGS`` through the executable's own entry, in this process; ``computed`` says
    whether the command ran (False: answered from an entry)."""
    answers: list[bool] = []
    real = replay.Plan.answer

    def counted(self: replay.Plan) -> bool:
        answers.append(real(self))
        return answers[-1]

    monkeypatch.setattr(replay.Plan, "answer", counted)
    monkeypatch.setattr(sys, "argv", ["okr", *args])
    capsys.readouterr()
    code: Any = 0  # a saved help returns (entry.saved_help); a command exits
    try:
        entry.main()
    except SystemExit as done:
        code = done.code or 0
    out, err = capsys.readouterr()
    return Ran(out, err, code, answers != [True])


def entries(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "cache" / replay.SUB
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_second_run_is_answered_with_the_same_output(kept, tmp_path, monkeypatch, capsys):
    first = run(monkeypatch, capsys, "status", "sales")
    assert first.computed and first.code == 0 and "sales" in first.out
    assert len(entries(tmp_path)) == 1
    second = run(monkeypatch, capsys, "status", "sales")
    assert not second.computed
    assert (second.out, second.err, second.code) == (first.out, first.err, first.code)


def test_a_failing_check_is_answered_with_its_findings_and_exit_code(kept, tmp_path,
                                                                       monkeypatch, capsys):
    path = kept / EXAMPLE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1),
                    encoding="utf-8")
    first = run(monkeypatch, capsys, "check")
    assert first.computed and first.code == 1 and "sales.yaml" in first.out + first.err
    second = run(monkeypatch, capsys, "check")
    assert not second.computed
    assert (second.out, second.err, second.code) == (first.out, first.err, 1)


@pytest.mark.parametrize("change", ["same size", "new file", "removed", "okr.yaml"])
def test_a_change_to_what_was_read_is_a_miss(kept, monkeypatch, capsys, change):
    run(monkeypatch, capsys, "tree")
    path = kept / EXAMPLE_FILE
    if change == "same size":  # one character for another: the size stays, ctime moves
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("confidence: 0.", "confidence: 1.", 1), encoding="utf-8")
    elif change == "new file":
        (kept / "okrs/2026-Q4/x-new.yaml").write_text(
            "owner: zhang-wei\ncycle: 2026-Q4\nobjectives: []\n", encoding="utf-8")
    elif change == "removed":
        path.unlink()
    else:
        config = kept / "okr.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = run(monkeypatch, capsys, "tree")
    assert after.computed
    fresh = run(monkeypatch, capsys, "tree")  # kept again: the answer of the new files
    assert not fresh.computed and fresh.out == after.out


def test_another_environment_width_or_argument_is_another_entry(kept, tmp_path,
                                                                 monkeypatch, capsys):
    run(monkeypatch, capsys, "status", "sales")
    monkeypatch.setenv("COLUMNS", "80")
    assert run(monkeypatch, capsys, "status", "sales").computed
    monkeypatch.setenv("OKR_LANG", "zh-CN")
    chinese = run(monkeypatch, capsys, "status", "sales")
    assert chinese.computed
    assert run(monkeypatch, capsys, "status", "sales").out == chinese.out
    assert run(monkeypatch, capsys, "status", "sales", "--format", "json").computed
    assert len(entries(tmp_path)) == 4


@pytest.mark.parametrize("args", [
    ("report", "-o", "r.md"), ("report", "--output=r.md"), ("report", "--format", "html"),
    ("status", "--at", "HEAD"), ("check", "--base", "HEAD"), ("check", "--strict", "--help"),
    ("status", "--no-such-option"), ("check", "-"), ("cycle", "list")])
def test_what_may_not_be_kept_never_is(kept, tmp_path, monkeypatch, capsys, args):
    run(monkeypatch, capsys, *args)
    assert entries(tmp_path) == []


def test_nothing_is_kept_with_okr_no_cache_or_git_moved(kept, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OKR_NO_CACHE", "1")
    run(monkeypatch, capsys, "tree")
    monkeypatch.delenv("OKR_NO_CACHE")
    monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "index"))  # as in a pre-commit hook
    run(monkeypatch, capsys, "tree")
    assert entries(tmp_path) == []


def test_files_changed_within_the_margin_are_not_kept(kept, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(replay, "MARGIN_NS", 60 * 10**9)  # the copy was made seconds ago
    run(monkeypatch, capsys, "tree")
    assert entries(tmp_path) == []


def test_a_file_changed_during_the_run_is_not_kept(kept, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(replay, "MARGIN_NS", 0)
    path = kept / EXAMPLE_FILE
    real = disksig.signature

    def touched(*args, **kwargs):
        if kwargs.get("since") is not None:
            time.sleep(0.01)
            path.write_bytes(path.read_bytes())  # a save while the command ran
            kwargs["since"] = kwargs["since"] + 5 * 10**6
        return real(*args, **kwargs)

    monkeypatch.setattr(disksig, "signature", touched)
    run(monkeypatch, capsys, "tree")
    assert entries(tmp_path) == []


def test_an_entry_not_sealed_with_the_secret_is_a_miss(kept, tmp_path, monkeypatch, capsys):
    first = run(monkeypatch, capsys, "status", "sales")
    [path] = entries(tmp_path)
    mac, _, payload = path.read_bytes().partition(b"\n")
    data = json.loads(payload)
    data["out"] = [[1, "forged\n"]]
    path.write_bytes(mac + b"\n" + json.dumps(data).encode())  # the old MAC: wrong now
    again = run(monkeypatch, capsys, "status", "sales")
    assert again.computed and again.out == first.out


def test_an_entry_of_another_shape_is_a_miss_even_when_sealed(kept, tmp_path, monkeypatch,
                                                              capsys):
    run(monkeypatch, capsys, "status", "sales")
    [path] = entries(tmp_path)
    found = seal.place(replay.SUB, create=False)
    assert found is not None
    _, secret = found
    for bad in ({"v": replay.FORMAT}, {**json.loads(path.read_bytes().partition(b"\n")[2]),
                                       "code": 2}, [1, 2]):
        path.write_bytes(seal.sealed(secret, json.dumps(bad).encode()))
        assert run(monkeypatch, capsys, "status", "sales").computed


def test_a_new_commit_is_a_miss(kept, monkeypatch, capsys):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=kept, check=True)
    subprocess.run([*git, "add", "-A"], cwd=kept, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=kept, check=True)
    run(monkeypatch, capsys, "check")
    assert not run(monkeypatch, capsys, "check").computed
    subprocess.run([*git, "commit", "-qm", "two", "--allow-empty"], cwd=kept, check=True)
    assert run(monkeypatch, capsys, "check").computed


def test_at_most_keep_entries_are_kept(kept, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(replay, "KEEP", 2)
    for width in ("90", "91", "92"):
        monkeypatch.setenv("COLUMNS", width)
        run(monkeypatch, capsys, "tree")
        os.utime(entries(tmp_path)[-1], None)
    assert len(entries(tmp_path)) == 2


def test_the_executable_answers_a_second_run_without_importing_the_libraries(example,
                                                                              tmp_path):
    """The real thing, in a process of its own: the second `okr status` imports neither
    Typer nor Pydantic nor Rich, and prints the same bytes."""
    env = {**os.environ, "OKR_CACHE_DIR": str(tmp_path / "cache"), "OKR_TODAY": "2026-11-26"}
    time.sleep(replay.MARGIN_NS / 1e9 + 0.1)  # the copy's files settle
    command = [sys.executable, "-X", "importtime", "-m", "okrcli", "status", "sales"]
    first = subprocess.run(command, cwd=example, env=env, capture_output=True, text=True)
    second = subprocess.run(command, cwd=example, env=env, capture_output=True, text=True)
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout and "sales" in first.stdout
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines()}
    assert "typer" in {line.split("|")[-1].strip() for line in first.stderr.splitlines()}
    assert not imported & {"typer", "pydantic", "rich", "ruamel.yaml", "yaml_rs"}


def test_a_refused_okr_dir_pointed_back_inside_is_a_miss(kept, tmp_path, monkeypatch, capsys):
    """okr_dir a link out of the workspace is refused and never walked; the link itself is
    signed, so turning it to a folder inside is seen (a review's finding)."""
    outside = tmp_path / "outside"
    (kept / "okrs").rename(kept / "data")
    (outside / "okrs").parent.mkdir()
    import shutil

    shutil.copytree(kept / "data", outside / "okrs")
    (kept / "okrs").symlink_to(outside / "okrs")
    refused = run(monkeypatch, capsys, "check")
    assert refused.code == 1 and "OKR015" in refused.out + refused.err
    assert not run(monkeypatch, capsys, "check").computed
    (kept / "okrs").unlink()
    (kept / "okrs").symlink_to(kept / "data")
    inside = run(monkeypatch, capsys, "check")
    assert inside.computed and inside.code == 0


def test_what_git_says_of_the_working_tree_is_asked_again(kept, monkeypatch, capsys):
    """`uncommitted` depends on git's ignore rules, which no key holds: a kept answer that
    asked `git status` asks it again (a review's and a trial's finding)."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    (kept / ".gitignore").write_text("okrs/drafts/\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=kept, check=True)
    subprocess.run([*git, "add", "-A"], cwd=kept, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=kept, check=True)
    (kept / "okrs/drafts").mkdir()
    (kept / "okrs/drafts/x.yaml").write_text("owner: sales\ncycle: 2026-Q4\nobjectives: []\n",
                                            encoding="utf-8")
    first = run(monkeypatch, capsys, "status", "sales", "--format", "json")
    assert json.loads(first.out)["uncommitted"] is False
    assert not run(monkeypatch, capsys, "status", "sales", "--format", "json").computed
    (kept / ".gitignore").write_text("", encoding="utf-8")  # the draft is untracked now
    after = run(monkeypatch, capsys, "status", "sales", "--format", "json")
    assert after.computed and json.loads(after.out)["uncommitted"] is True


def test_an_answer_longer_than_the_limit_is_not_kept(kept, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(replay, "MAX_ANSWER", 100)  # what the recording holds is dropped
    first = run(monkeypatch, capsys, "status", "sales")
    assert len(first.out) > 100 and entries(tmp_path) == []


def test_writes_to_one_stream_are_kept_as_one_in_order():
    chunks = [(1, "a"), (1, "b"), (2, "c"), (1, "d"), (1, "e")]
    assert replay._joined(chunks) == [[1, "ab"], [2, "c"], [1, "de"]]
    many = [(1, "x" * 100)] * 100_000  # joined once, not copied line by line
    started = time.perf_counter()
    assert replay._joined(many) == [[1, "x" * 10_000_000]]
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("failure", ["abort", KeyboardInterrupt, OSError, RuntimeError])
def test_an_interrupted_or_failed_run_is_never_kept(kept, tmp_path, monkeypatch, capsys,
                                                     failure):
    """Ctrl-C ("Aborted!", exit 1), a read the machine failed or an internal error (exit 1)
    are no answers of the files: the next run runs (a review's question, found on reading)."""
    import typer

    from okrcli.services import read

    def broken(*args, **kwargs):
        if failure == "abort":  # what Click makes of Ctrl-C at a prompt: "Aborted!", exit 1
            raise typer.Abort()
        raise failure(5, "Input/output error") if failure is OSError else failure()

    monkeypatch.setattr(read, "tree", broken)
    stopped = run(monkeypatch, capsys, "tree")
    assert stopped.code != 0 and entries(tmp_path) == []
    assert run(monkeypatch, capsys, "tree").computed


def _history(folder: Path) -> list[str]:
    """The example as a repository of two commits: the workspace, then a check-in."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=folder, check=True)
    path = folder / EXAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("checkins:\n", "checkins:\n          - {date: 2026-11-20, "
                                 "value: 1}\n", 1), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "two"], cwd=folder, check=True)
    return git


def test_okr_log_is_kept_until_history_or_the_working_tree_moves(kept, monkeypatch, capsys):
    git = _history(kept)
    first = run(monkeypatch, capsys, "log", "sales", "-n", "5")
    assert first.computed and first.code == 0 and "two" in first.out
    again = run(monkeypatch, capsys, "log", "sales", "-n", "5")
    assert not again.computed and again.out == first.out
    # a check-in not committed yet: the working tree's file changed
    path = kept / EXAMPLE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "value: 1}", "value: 2}", 1), encoding="utf-8")
    assert run(monkeypatch, capsys, "log", "sales", "-n", "5").computed
    subprocess.run([*git, "commit", "-qam", "three"], cwd=kept, check=True)  # HEAD moved
    third = run(monkeypatch, capsys, "log", "sales", "-n", "5")
    assert third.computed and "three" in third.out
    assert not run(monkeypatch, capsys, "log", "sales", "-n", "5").computed


@pytest.mark.parametrize("change", ["replace", "shallow", "pack", "user config",
                                    "included config"])
def test_what_rewrites_history_as_git_shows_it_is_a_miss(kept, tmp_path, monkeypatch, capsys,
                                                         change):
    """HEAD unchanged, yet git's log of it changes: a replace ref or grafts, a shallow
    boundary, a new pack (short names may grow), the user's configuration."""
    config, included = tmp_path / "gitconfig", tmp_path / "included"
    config.write_text(f"[include]\n\tpath = {included}\n", encoding="utf-8")
    included.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    _history(kept)
    first = run(monkeypatch, capsys, "log", "sales", "--format", "json")
    assert not run(monkeypatch, capsys, "log", "sales", "--format", "json").computed
    if change == "replace":  # the first commit made the parent of none: history is cut
        subprocess.run(["git", "replace", "--graft", "HEAD"], cwd=kept, check=True)
    elif change == "shallow":
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=kept, check=True,
                              capture_output=True, text=True).stdout
        (kept / ".git" / "shallow").write_text(head, encoding="ascii")
    elif change == "pack":
        subprocess.run(["git", "repack", "-q", "-a", "-d"], cwd=kept, check=True)
    elif change == "user config":
        config.write_text("[core]\n\tabbrev = 12\n", encoding="utf-8")
    else:  # a file the user's configuration includes: no key holds it, the entry signs it
        included.write_text("[core]\n\tabbrev = 12\n", encoding="utf-8")
    after = run(monkeypatch, capsys, "log", "sales", "--format", "json")
    assert after.computed
    if change in ("replace", "shallow"):
        assert len(json.loads(after.out)) < len(json.loads(first.out))
    if change in ("user config", "included config"):
        assert all(len(e["short"]) == 12 for e in json.loads(after.out))


def test_log_with_short_options_but_n_is_not_kept(kept, tmp_path, monkeypatch, capsys):
    _history(kept)
    run(monkeypatch, capsys, "log", "sales", "-n5")
    assert entries(tmp_path) == []


def test_what_git_says_of_the_working_tree_against_head_is_asked_again(kept, monkeypatch,
                                                                        capsys):
    """`okr log` asks `git diff HEAD` for uncommitted changes: an answer that depends on
    git's attributes and filters, which nothing signed holds."""
    _history(kept)
    subprocess.run(["git", "config", "filter.upper.clean", "tr a-z A-Z"], cwd=kept, check=True)
    run(monkeypatch, capsys, "log", "sales")
    assert not run(monkeypatch, capsys, "log", "sales").computed
    (kept / ".gitattributes").write_text("okrs/** filter=upper\n", encoding="utf-8")
    assert run(monkeypatch, capsys, "log", "sales").computed


def test_no_home_folder_or_a_key_that_fails_is_a_run_not_kept(kept, tmp_path, monkeypatch,
                                                              capsys):
    """As git, no HOME means no user's configuration (a review's finding: the key's
    ``Path("~").expanduser()`` raised RuntimeError for a uid with no passwd entry); and
    anything else that fails while the key is made only costs the keeping."""
    _history(kept)
    for name in ("HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "expanduser", lambda self: (_ for _ in ()).throw(
        RuntimeError("Could not determine home directory.")))
    first = run(monkeypatch, capsys, "status", "sales")
    assert first.code == 0 and "sales" in first.out
    assert not run(monkeypatch, capsys, "status", "sales").computed

    def broken(root):
        raise RuntimeError("no")

    monkeypatch.setattr(disksig, "git_state", broken)
    again = run(monkeypatch, capsys, "tree")
    assert again.computed and again.code == 0 and len(entries(tmp_path)) == 1


def test_a_file_the_walk_signed_is_not_signed_again(tmp_path, monkeypatch):
    """disksig.signature signs a file named both below a walked tree and on its own once
    (okr check names each of its files both ways); a file the walk leaves out (hidden) is
    signed on its own, and a change to either changes the signature."""
    tree = tmp_path / "okrs"
    tree.mkdir()
    (tree / "a.yaml").write_text("a")
    (tree / ".hidden.yaml").write_text("h")
    files = [str(tree / "a.yaml"), str(tree / ".hidden.yaml"), str(tmp_path / "okr.yaml")]
    real, asked = disksig._entry, []

    def counted(path: str):
        asked.append(path)
        return real(path)

    monkeypatch.setattr(disksig, "_entry", counted)
    first = disksig.signature([str(tree)], files, since=None)
    assert sorted(asked) == sorted([str(tree), *files])  # each once
    for name, text in (("a.yaml", "changed"), (".hidden.yaml", "changed too")):
        time.sleep(0.01)
        (tree / name).write_text(text)
        again = disksig.signature([str(tree)], files, since=None)
        assert again != first
        first = again
