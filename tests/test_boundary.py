"""The workspace is a boundary: only its own regular files are read, each up to a limit,
okr_dir stays inside, nothing is written through a link out of it, and every file name
can be shown. Each example of the issue's "the workspace is not a boundary" is here."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import TODAY as TODAY_TEXT
from conftest import Okr, session, without_q3
from okrcli import store
from okrcli.services import check
from okrcli.store import MAX_CONFIG, MAX_OKR_FILE, Refused, Workspace

TODAY = dt.date(2026, 11, 26)
Q4 = Path("okrs") / "2026-Q4"
# A file that would be a finding, and name where it is, if okr ever read it.
STRANGER = "owner: stranger\ncycle: 2026-Q4\nobjectives: [\n"


def findings(okr: Okr, *args: str) -> tuple[int, list[dict]]:
    result = okr("check", "--format", "json", *args, env={"OKR_NO_CACHE": "1"})
    return result.exit_code, json.loads(result.stdout)


def errors(found: list[dict]) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["col"], f["code"]) for f in found
            if f["severity"] == "error"]


def cli(root: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: a read that blocks fails by the timeout."""
    env = {**os.environ, "OKR_TODAY": TODAY_TEXT, "OKR_NO_CACHE": "1", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "okrcli", *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def set_okr_dir(example: Path, value: str) -> None:
    config = example / "okr.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  okr_dir: okrs\n" in text
    config.write_text(text.replace("  okr_dir: okrs\n", f"  okr_dir: {value!r}\n"),
                      encoding="utf-8")


def okr_dir_line(example: Path) -> int:
    lines = (example / "okr.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("  okr_dir:"))


# --- okr_dir ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../../elsewhere", "okrs/../../elsewhere"])
def test_an_okr_dir_with_dots_reads_and_writes_nothing_outside(okr, example, tmp_path, bad):
    elsewhere = tmp_path / "elsewhere"  # example is tmp_path/ws: ../../elsewhere from okrs/
    (elsewhere / "2026-Q4").mkdir(parents=True)
    (elsewhere / "2026-Q4" / "stranger.yaml").write_text(STRANGER, encoding="utf-8")
    set_okr_dir(example, bad)
    code, found = findings(okr)
    assert code == 1
    assert {f["path"] for f in found if f["severity"] == "error"} == {"okr.yaml"}
    assert all(f["line"] == okr_dir_line(example) for f in found if f["path"] == "okr.yaml")
    assert not any("stranger" in f["path"] or "stranger" in f["message"] for f in found)
    result = okr("objective", "add", "sales", "新目标")
    assert result.exit_code == 1
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["2026-Q4", "stranger.yaml"]


def test_okr_dir_slash_never_walks_the_filesystem(okr, example):
    assert Workspace(example).okr_paths("/") == []
    set_okr_dir(example, "/")
    started = time.perf_counter()
    result = cli(example, "check", "--format", "json")
    assert time.perf_counter() - started < 20
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert {f["path"] for f in found} <= {"okr.yaml"} | {
        p.relative_to(example).as_posix() for p in (example / "okrs").rglob("*.yaml")}
    assert ("okr.yaml", okr_dir_line(example)) in {(f["path"], f["line"]) for f in errors_of(
        found)}


def errors_of(found: list[dict]) -> list[dict]:
    return [f for f in found if f["severity"] == "error"]


def test_an_okr_dir_linked_out_of_the_workspace_is_a_located_error(okr, example, tmp_path):
    outside = tmp_path / "outside"
    (outside / "2026-Q4").mkdir(parents=True)
    (outside / "2026-Q4" / "stranger.yaml").write_text(STRANGER, encoding="utf-8")
    (example / "linked").symlink_to(outside)
    set_okr_dir(example, "linked")
    code, found = findings(okr)
    assert code == 1
    assert errors(found) == [("okr.yaml", okr_dir_line(example), 12, "OKR015")]
    assert "leads out of the workspace" in found[0]["message"]
    assert [f for f in found if "stranger" in f["path"]] == []
    status = okr("status")
    assert status.exit_code == 1 and "OKR015" in status.stderr
    result = okr("objective", "add", "sales", "新目标")
    assert result.exit_code == 1 and "OKR015" in result.stderr
    assert sorted(p.name for p in outside.rglob("*")) == ["2026-Q4", "stranger.yaml"]


@pytest.mark.parametrize("value", [".", "./okrs", "okrs/", "okrs/2026-Q4"])
def test_an_okr_dir_inside_the_workspace_works_as_ever(okr, example, value):
    without_q3(example)  # okrs/2026-Q4 alone would leave out what Q4's carried_from names
    set_okr_dir(example, value)
    code, found = findings(okr)
    assert code == 0, errors(found)
    files = okr("check", "--format", "junit", env={"OKR_NO_CACHE": "1"}).stdout
    assert files.count('name="okrs/2026-Q4/') == 8  # okr.yaml is never an OKR file
    assert okr("status", "marketing").exit_code == 0


def test_an_okr_dir_linked_inside_the_workspace_is_read(okr, example):
    (example / "okrs").rename(example / "data")
    (example / "okrs").symlink_to("data")
    code, found = findings(okr)
    assert code == 0, errors(found)
    assert okr("status", "marketing").exit_code == 0


# --- only regular files are read ----------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/etc/passwd", "/dev/null"])
def test_a_link_out_of_the_workspace_is_never_read(example, target):
    (example / Q4 / "x.yaml").symlink_to(target)
    result = cli(example, "check", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert errors(found) == [("okrs/2026-Q4/x.yaml", 1, 1, "OKR015")]
    assert "leads out of the workspace" in errors_of(found)[0]["message"]


def test_no_excerpt_shows_a_line_of_another_file(example):
    (example / Q4 / "x.yaml").symlink_to("/etc/passwd")
    ws = session(example)
    found = check.run(ws, TODAY, use_cache=False).diagnostics
    assert [d.code for d in found if d.path.endswith("x.yaml")] == ["OKR015"]
    assert "okrs/2026-Q4/x.yaml" not in check.sources(ws, found)


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero"])
def test_okr_yaml_linked_out_of_the_workspace_is_refused(example, target):
    config = example / "okr.yaml"
    config.unlink()
    config.symlink_to(target)
    result = cli(example, "check", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert errors(found) == [("okr.yaml", 1, 1, "OKR015")]
    ws = session(example)
    assert "okr.yaml" not in check.sources(ws, check.run(ws, TODAY, use_cache=False)
                                           .diagnostics)
    status = cli(example, "status")
    assert status.returncode == 1 and "okr.yaml:1:1: OKR015" in status.stderr
    assert "root:" not in status.stdout + status.stderr


def test_okr_yaml_found_upwards_is_the_one_that_is_not_a_file(example):
    config = example / "okr.yaml"
    config.unlink()
    config.symlink_to("/dev/zero")
    assert store.find_root(start=example / "okrs") == example.resolve()


@pytest.mark.parametrize("command", [["check"], ["status"], ["tree"]])
def test_a_fifo_never_hangs_a_command(example, command):
    os.mkfifo(example / Q4 / "pipe.yaml")
    result = cli(example, *command)  # a hang fails by subprocess's timeout
    assert result.returncode == 1, result.stderr
    assert "okrs/2026-Q4/pipe.yaml:1:1: OKR015 a FIFO" in result.stdout + result.stderr


def test_a_fifo_never_hangs_an_edit(example):
    os.mkfifo(example / Q4 / "pipe.yaml")  # another file's problem: the edit goes through
    result = cli(example, "checkin", "marketing/awareness/followers", "1")
    assert result.returncode == 0, result.stderr


def test_okr_yaml_as_a_fifo_never_hangs(example):
    config = example / "okr.yaml"
    config.unlink()
    os.mkfifo(config)
    result = cli(example, "check")
    assert result.returncode == 1 and "okr.yaml:1:1: OKR015 a FIFO" in result.stdout


def test_a_socket_is_not_read(okr, example, monkeypatch):
    monkeypatch.chdir(example / Q4)  # a socket's path has a short length limit
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("s.yaml")
        code, found = findings(okr)
    assert code == 1
    assert errors(found) == [("okrs/2026-Q4/s.yaml", 1, 1, "OKR015")]
    assert errors_of(found)[0]["message"].startswith("a socket")


def test_links_inside_the_workspace_are_read_as_their_files(okr, example):
    (example / "people").mkdir()
    (example / Q4 / "li.na.yaml").rename(example / "people" / "li.na.yaml")
    (example / Q4 / "li.na.yaml").symlink_to("../../people/li.na.yaml")
    code, found = findings(okr)
    assert code == 0, errors(found)


def test_a_dangling_link_is_a_finding(okr, example):
    (example / Q4 / "gone.yaml").symlink_to("nothing-here.yaml")
    code, found = findings(okr)
    assert code == 1 and errors(found) == [("okrs/2026-Q4/gone.yaml", 1, 1, "OKR015")]


def test_a_linked_folder_is_a_finding(okr, example):
    (example / "okrs" / "next").mkdir()
    (example / "okrs" / "2027-Q1").symlink_to("next")
    code, found = findings(okr)
    assert code == 1 and errors(found) == [("okrs/2027-Q1", 1, 1, "OKR015")]
    assert "linked folder" in errors_of(found)[0]["message"]


def test_a_folder_linked_out_of_the_workspace_is_not_read(okr, example, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stranger.yaml").write_text(STRANGER, encoding="utf-8")
    (example / "okrs" / "2026-Q1").symlink_to(outside)
    code, found = findings(okr)
    assert code == 1
    assert errors(found) == [("okrs/2026-Q1", 1, 1, "OKR015")]


def test_a_file_read_through_a_folder_linked_out_is_refused(example, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stranger.yaml").write_text(STRANGER, encoding="utf-8")
    (example / "inbox").symlink_to(outside)
    refused = Workspace(example).read(example / "inbox" / "stranger.yaml")
    assert isinstance(refused, Refused) and refused.reason == "not-a-file"


# --- size limits --------------------------------------------------------------------------


def test_a_file_over_the_limit_is_a_finding_and_never_read_whole(okr, example):
    big = example / Q4 / "big.yaml"
    with open(big, "wb") as handle:  # sparse: 4 GiB that cost nothing to make
        handle.truncate(4 << 30)
    started = time.perf_counter()
    code, found = findings(okr)
    assert time.perf_counter() - started < 10
    assert code == 1 and errors(found) == [("okrs/2026-Q4/big.yaml", 1, 1, "OKR016")]
    assert "larger than 1 MiB" in errors_of(found)[0]["message"]


def test_the_limits_are_exact(example):
    path = example / Q4 / "sales.yaml"
    text = path.read_bytes()
    ws = Workspace(example)
    path.write_bytes(text + b"#" * (MAX_OKR_FILE - len(text) - 1) + b"\n")
    assert ws.read(path) == path.read_bytes()
    path.write_bytes(path.read_bytes() + b"\n")
    refused = ws.read(path)
    assert isinstance(refused, Refused) and refused.reason == "too-large"
    config = example / "okr.yaml"
    config.write_bytes(config.read_bytes() + b"#" * (MAX_OKR_FILE * 2) + b"\n")
    assert isinstance(ws.read(config), bytes)  # okr.yaml has the larger limit
    config.write_bytes(config.read_bytes() + b"#" * MAX_CONFIG + b"\n")
    refused = ws.read(config)
    assert isinstance(refused, Refused) and refused.reason == "too-large"


def test_a_read_asks_for_no_more_than_the_limit(example, monkeypatch):
    path = example / Q4 / "sales.yaml"
    path.write_bytes(path.read_bytes() + b"#" * MAX_OKR_FILE + b"\n")
    ws = Workspace(example)
    asked: list[int] = []
    real = os.read

    def read(fd, size):
        asked.append(size)
        return real(fd, size)

    monkeypatch.setattr(store.os, "read", read)
    assert isinstance(ws.read(path), Refused)
    assert asked == []  # its size says it all: not a byte is read
    (example / "okr.yaml").write_bytes(b"#" * (MAX_OKR_FILE * 3) + b"\n")
    assert isinstance(ws.read(ws.config_path), bytes)
    assert 0 < sum(asked) <= MAX_CONFIG + 1


def test_okr_yaml_over_its_limit_is_a_finding(okr, example):
    config = example / "okr.yaml"
    with open(config, "ab") as handle:
        handle.write(b"#" * (MAX_CONFIG + 1) + b"\n")
    code, found = findings(okr)
    assert code == 1 and errors(found) == [("okr.yaml", 1, 1, "OKR016")]
    assert "larger than 8 MiB" in errors_of(found)[0]["message"]


# --- file names that are not UTF-8 ---------------------------------------------------------


BAD_NAME = os.fsdecode(b"bad\xff.yaml")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
@pytest.mark.parametrize("cached", [False, True])
def test_a_file_name_that_is_not_utf8_is_a_finding_in_every_format(example, fmt, cached):
    (example / Q4 / BAD_NAME).write_text("owner: x\n", encoding="utf-8")
    env = {} if cached else {"OKR_NO_CACHE": "1"}
    for _ in range(2 if cached else 1):  # the second run answers from the cache
        result = Okr(example)("check", "--format", fmt, env=env)
        assert result.exit_code == 1, result.stderr
    out = result.stdout
    out.encode("utf-8")  # no lone surrogate anywhere
    assert "OKR010" in out
    if fmt == "json":
        found = json.loads(out)
        assert [(f["path"], f["code"], f["message"]) for f in errors_of(found)] == [
            ("okrs/2026-Q4/bad\\xff.yaml", "OKR010",
             "the file name is not UTF-8: rename it")]
    else:
        assert "bad\\xff" in out
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif fmt == "text":
        assert ":1:1: OKR010 the file name is not UTF-8: rename it" in out


@pytest.mark.parametrize("command", [["status"], ["tree"], ["grade"], ["report"],
                                     ["checkin", "marketing/awareness/followers", "1"]])
def test_a_file_name_that_is_not_utf8_breaks_no_command(example, command):
    (example / Q4 / BAD_NAME).write_text("owner: x\n", encoding="utf-8")
    result = Okr(example)(*command)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if command[0] == "checkin":  # another file's problem does not block an edit
        assert result.exit_code == 0, result.stderr
    else:  # a file that could be anyone's is named by every reading command
        assert result.exit_code == 1
        assert "bad\\xff" in result.stderr and "OKR010" in result.stderr


def test_a_named_path_that_is_not_utf8_is_shown_printably(example, monkeypatch):
    path = example / Q4 / BAD_NAME
    path.write_text("owner: x\n", encoding="utf-8")
    monkeypatch.chdir(example)
    result = Okr(example)("check", str(path), "--format", "json")
    assert result.exit_code == 1
    assert [f["path"] for f in json.loads(result.stdout)] == ["okrs/2026-Q4/bad\\xff.yaml"]


def test_the_path_shown_is_printable_utf8():
    assert store.shown(os.fsdecode(b"a\xffb/c\xc3\xa9.yaml")) == "a\\xffb/cé.yaml"
    assert store.shown("plain/名字.yaml") == "plain/名字.yaml"


# --- writes ------------------------------------------------------------------------------


def add_cycle(example: Path, cycle: str) -> None:
    config = example / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "cycles:\n", f"cycles:\n  - {{id: {cycle}, start: 2027-01-01, end: 2027-03-31}}\n"),
        encoding="utf-8")


def test_an_edit_through_a_link_inside_the_workspace_keeps_the_link(okr, example):
    (example / "people").mkdir()
    (example / Q4 / "li.na.yaml").rename(example / "people" / "li.na.yaml")
    (example / Q4 / "li.na.yaml").symlink_to("../../people/li.na.yaml")
    assert okr("checkin", "li.na/reach/xiaohongshu", "4500").exit_code == 0
    assert (example / Q4 / "li.na.yaml").is_symlink()
    assert b"4500" in (example / "people" / "li.na.yaml").read_bytes()


def test_nothing_is_written_through_a_linked_folder(okr, example):
    add_cycle(example, "2027-Q1")
    (example / "okrs" / "next").mkdir()
    (example / "okrs" / "2027-Q1").symlink_to("next")
    result = okr("objective", "add", "sales", "新目标", "--cycle", "2027-Q1")
    assert result.exit_code == 1
    assert "okrs/2027-Q1 is a linked folder that okr does not list" in result.stderr
    assert list((example / "okrs" / "next").iterdir()) == []


def test_nothing_is_written_through_a_folder_linked_out(okr, example, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (example / "okrs" / "2026-Q1").symlink_to(outside)
    with pytest.raises(store.OkrError, match="leads out of the workspace"):
        Workspace(example).create(example / "okrs" / "2026-Q1" / "x.yaml", b"owner: x\n")
    (example / "okrs" / "2026-Q1").unlink()
    add_cycle(example, "2027-Q1")
    (example / ".okr").symlink_to(outside)  # where a new file's schema goes
    result = okr("objective", "add", "sales", "新目标", "--cycle", "2027-Q1")
    assert result.exit_code == 1, result.stdout
    assert ".okr is a linked folder that leads out of the workspace" in result.stderr
    assert list(outside.iterdir()) == []


def test_an_okr_dir_with_dots_writes_nothing_outside(example):
    ws = Workspace(example)
    with pytest.raises(store.OkrError, match="outside the workspace"):
        ws.create(example / ".." / "elsewhere" / "x.yaml", b"owner: x\n")
    assert not (example.parent / "elsewhere").exists()


# --- -o -------------------------------------------------------------------------------------


def test_output_never_follows_a_committed_link_out_of_the_checkout(okr, example, tmp_path,
                                                                  monkeypatch):
    outside = tmp_path / "www"
    outside.mkdir()
    (example / "site").symlink_to(outside)
    monkeypatch.chdir(example)
    result = okr("report", "-o", "site/index.html")
    assert result.exit_code == 1
    assert "site is a linked folder that leads out of the current folder" in result.stderr
    assert list(outside.iterdir()) == []
    result = okr("report", "-o", str(example / "site" / "index.html"))  # the user's choice
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in outside.iterdir()] == ["index.html"]


def test_output_may_go_anywhere_that_no_link_takes_it(okr, example, tmp_path, monkeypatch):
    (example / "inside").mkdir()
    (example / "site").symlink_to("inside")
    monkeypatch.chdir(example)
    assert okr("report", "-o", "site/index.md").exit_code == 0
    assert (example / "inside" / "index.md").exists()
    assert okr("report", "-o", "../up.md").exit_code == 0
    assert (tmp_path / "up.md").exists()
    assert okr("check", "--format", "json", "-o", "new/dir/found.json").exit_code == 0
    assert isinstance(json.loads((example / "new" / "dir" / "found.json").read_text()), list)
