"""Work on both cores (forked.py): the same results as one run, in order, whatever a child
does; and `okr check` split among children finds what it finds alone, mid-cycle and
after the cycle's end, on the case folder, the example and a generated workspace."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from conftest import Okr
from okrcli import forked, parts
from test_rule_scope import WORKSPACES

PARENT = os.getpid()


def sketches_lost(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose sketch, sent by a child or kept in the pack, did not load (and
    which were read again): none, when what travels is what was sent."""
    lost: list[Path] = []
    real = parts.Stored.sketch

    def sketch(self: parts.Stored, path: Path):
        found = real(self, path)
        if found is None:
            lost.append(path)
        return found

    monkeypatch.setattr(parts.Stored, "sketch", sketch)
    return lost


@pytest.fixture
def two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKR_JOBS", "2")


def square(n: int) -> int:
    return n * n


def test_the_items_split_give_what_one_run_gives_in_order(two):
    assert forked.jobs() == 2
    items = list(range(101))
    assert forked.mapped(square, items, least=1) == [n * n for n in items]


def test_the_children_really_run_the_other_half(two):
    pids = forked.mapped(lambda _n: os.getpid(), list(range(40)), least=1)
    assert pids[:20] == [PARENT] * 20
    assert len(set(pids[20:])) == 1 and pids[20] != PARENT


@pytest.mark.parametrize("how", ["raises", "killed", "exits", "unpicklable"])
def test_a_child_that_fails_costs_its_run_done_here(two, how):
    def fn(n: int) -> object:
        if os.getpid() != PARENT:
            if how == "raises":
                raise ValueError("in the child")
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            if how == "exits":
                os._exit(3)
            return lambda: n  # a result pickle cannot send
        return n

    assert forked.mapped(fn, list(range(10)), least=1) == list(range(10))


@pytest.mark.parametrize("call", ["fork", "pipe"])
def test_no_process_or_pipe_to_be_had_runs_the_chunk_here(two, monkeypatch, call):
    """EAGAIN under a process limit, EMFILE: the work is done here (a review's finding:
    okr check failed with 'Resource temporarily unavailable')."""
    def refused(*_args):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, call, refused)
    assert forked.mapped(lambda n: (n, os.getpid()), list(range(40)), least=1) == [
        (n, PARENT) for n in range(40)]


def test_sigchld_ignored_by_whoever_started_okr_changes_nothing(two):
    """An ignored SIGCHLD (inherited through exec) lets the kernel reap the children
    before they are waited for: it is set back to the default for the call."""
    before = forked.REDONE[0]
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        pids = forked.mapped(lambda _n: os.getpid(), list(range(40)), least=1)
        assert signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    assert pids[20] != PARENT and forked.REDONE[0] == before


def test_results_larger_than_a_pipe_holds_arrive_whole(two):
    before = forked.REDONE[0]
    got = forked.mapped(lambda n: str(n) * 100_000, list(range(8)), least=1)
    assert got == [str(n) * 100_000 for n in range(8)] and forked.REDONE[0] == before


def test_a_process_with_other_threads_does_not_fork(two):
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert set(forked.mapped(lambda _n: os.getpid(), list(range(40)), least=1)) == {
            PARENT}
    finally:
        stop.set()
        other.join()


def test_an_error_of_the_callers_run_leaves_no_child(two):
    def fn(n: int) -> int:
        if os.getpid() == PARENT and n == 0:
            raise KeyError(n)
        return n

    with pytest.raises(KeyError):
        forked.mapped(fn, list(range(10)), least=1)
    with pytest.raises(ChildProcessError):  # every child was waited for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("value, want", [("1", 1), ("3", 3), ("0", None), ("x", None),
                                         ("", None), ("99", forked.MOST), ("²", None)])
def test_okr_jobs_sets_the_runs(monkeypatch, value, want):
    monkeypatch.setenv("OKR_JOBS", value)
    cores = len(os.sched_getaffinity(0))
    assert forked.jobs() == (want if want is not None else min(cores, forked.MOST))


def test_few_items_or_one_job_run_here(monkeypatch):
    monkeypatch.setenv("OKR_JOBS", "1")
    assert set(forked.mapped(lambda _n: os.getpid(), list(range(100)), least=1)) == {PARENT}
    monkeypatch.setenv("OKR_JOBS", "2")
    assert set(forked.mapped(lambda _n: os.getpid(), list(range(5)))) == {PARENT}


@pytest.mark.parametrize("day", ["2026-11-26", "2027-01-20"])
@pytest.mark.parametrize("where", WORKSPACES)
def test_okr_check_on_both_cores_finds_what_it_finds_alone(tmp_path, monkeypatch, where, day):
    root = WORKSPACES[where](tmp_path)
    monkeypatch.setattr(forked, "LEAST", 1)
    lost = sketches_lost(monkeypatch)
    before = forked.REDONE[0]
    okr = Okr(root)
    runs = {}
    for jobs in ("1", "2"):
        result = okr("check", "--format", "json", env={"OKR_JOBS": jobs, "OKR_TODAY": day,
                                                       "OKR_NO_CACHE": "1"})
        runs[jobs] = (result.exit_code, result.stdout)
    assert runs["1"] == runs["2"]
    assert forked.REDONE[0] == before and lost == []  # every child's part was used
    code, out = runs["2"]
    assert code in (0, 1) and isinstance(json.loads(out), list | dict)
    if where == "the case folder":
        assert code == 1 and "OKR" in out


@pytest.mark.parametrize("day", ["2026-11-26", "2027-01-20"])
def test_an_empty_cache_filled_on_both_cores_answers_as_alone(tmp_path, monkeypatch, day):
    """The children write the readings and the parent the pack: the next check, with
    one file changed, finds what a check with no cache finds, from the pack's parts
    (an ended cycle's key results' states among them) with none read again."""
    root = WORKSPACES["an ended cycle's grades"](tmp_path)
    monkeypatch.setattr(forked, "LEAST", 1)
    lost = sketches_lost(monkeypatch)
    okr = Okr(root)
    env = {"OKR_JOBS": "2", "OKR_CACHE_DIR": str(tmp_path / "cache"), "OKR_TODAY": day}
    first = okr("check", "--format", "json", env=env)
    assert list((tmp_path / "cache").rglob("*"))  # the caches were written
    path = sorted(Path(root, "okrs").rglob("*.yaml"))[0]
    path.write_bytes(path.read_bytes() + b"# one more line\n")
    again = okr("check", "--format", "json", env=env)
    alone = okr("check", "--format", "json", env={"OKR_JOBS": "1", "OKR_NO_CACHE": "1",
                                                  "OKR_TODAY": day})
    assert first.exit_code == again.exit_code == alone.exit_code == 1
    assert json.loads(again.stdout) == json.loads(alone.stdout)
    assert lost == []
    if day == "2027-01-20":
        assert {"OKR210", "OKR211"} <= {d["code"] for d in json.loads(again.stdout)}
