"""Writes are atomic, validated, locked, and never clobber someone else's change."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import model_of, session
from okrcli.diagnostics import OkrError
from okrcli.services import checkin, write
from okrcli.store import Workspace

TODAY = dt.date(2026, 11, 26)
FOLLOWERS = "marketing/awareness/followers"


def marketing(example):
    return example / "okrs" / "2026-Q4" / "marketing.yaml"


def test_mode_is_kept_and_no_temporary_file_is_left(example):
    path = marketing(example)
    os.chmod(path, 0o640)
    checkin.checkin(session(example), FOLLOWERS, "12000", TODAY)
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


def test_an_invalid_result_writes_nothing(example):
    path = marketing(example)
    before = path.read_bytes()
    with pytest.raises(OkrError) as err:
        write.kr_edit(session(example), FOLLOWERS, TODAY, {"target": 10000},
                         reason="same as start")
    assert "would make the file invalid (OKR013 start and target are equal" in err.value.message
    assert err.value.diagnostics == []  # no line and column in a file that lacks them
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_file_changed_on_disk_is_not_overwritten(example):
    ws = Workspace(example)
    path = marketing(example)
    read = path.read_bytes()
    other = read + b"# edited by hand meanwhile\n"
    path.write_bytes(other)
    with pytest.raises(OkrError, match="changed on disk"):
        ws.replace(path, read, read.replace(b"11800", b"11900"))
    assert path.read_bytes() == other


def test_an_edit_does_not_overwrite_a_change_made_while_it_ran(example, monkeypatch):
    from okrcli.services import editing

    path = marketing(example)
    real = editing.pipeline.read
    meanwhile = b"# edited by hand meanwhile\n"

    def read_then_someone_writes(where, raw, *args, **kwargs):
        reading = real(where, raw, *args, **kwargs)
        if where == path and not path.read_bytes().endswith(meanwhile):
            path.write_bytes(path.read_bytes() + meanwhile)
        return reading

    monkeypatch.setattr(editing.pipeline, "read", read_then_someone_writes)
    with pytest.raises(OkrError, match="changed on disk"):
        checkin.checkin(session(example), FOLLOWERS, "12000", TODAY)
    assert path.read_bytes().endswith(meanwhile) and b"12000" not in path.read_bytes()


def test_a_broken_file_refuses_a_checkin_and_stays_byte_identical(example):
    path = marketing(example)
    broken = path.read_bytes().replace(b"start: 10000", b"start: [10000")
    path.write_bytes(broken)
    with pytest.raises(OkrError) as err:
        checkin.checkin(session(example), FOLLOWERS, "12000", TODAY)
    assert "fix them before editing" in err.value.message
    assert err.value.diagnostics and err.value.diagnostics[0].path.endswith("marketing.yaml")
    assert path.read_bytes() == broken


def test_errors_in_other_files_do_not_block_an_edit(example):
    other = example / "okrs" / "2026-Q4" / "sales.yaml"
    other.write_text("owner: sales\ncycle: 2026-Q4\nobjectives: [\n")
    checkin.checkin(session(example), FOLLOWERS, "12000", TODAY)
    model = model_of(marketing(example))
    assert model.objectives[0].key_results[0].checkins[-1].value == 12000


WORKER = textwrap.dedent("""
    import datetime as dt, sys
    from pathlib import Path
    from okrcli.services import checkin, open_session
    root, tag = Path(sys.argv[1]), int(sys.argv[2])
    ref = "marketing/awareness/" + ("followers" if tag == 1 else "events")
    taken = {"2026-10-09", "2026-10-23", "2026-11-06", "2026-11-20", "2026-10-25",
             "2026-11-15"}
    days = [d for d in (dt.date(2026, 10, 1) + dt.timedelta(n) for n in range(57))
            if str(d) not in taken]
    for i in range(50):  # one check-in a date: a second one on a date is a correction
        checkin.checkin(open_session(root), ref, str(tag * 1000 + i), dt.date(2026, 11, 26),
                        day=days[i])
""")


def test_two_processes_checking_in_at_once_all_land(example):
    """Two processes write check-ins into one file at once (one key result each): every
    one lands, each process's in its own order."""
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(example), str(tag)],
                              stderr=subprocess.PIPE) for tag in (1, 2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    krs = model_of(marketing(example)).objectives[0].key_results
    for tag, kr in ((1, krs[0]), (2, krs[1])):
        mine = [c.value for c in kr.checkins if 1000 <= c.value < 3000]
        assert mine == [tag * 1000 + i for i in range(50)]


def test_a_change_that_lands_after_the_temporary_file_is_written_is_kept(example, monkeypatch):
    """The last comparison is made after the new bytes are written and fsynced, right
    before the rename: a write in that window is found, and kept."""
    from okrcli import store

    path = marketing(example)
    meanwhile = b"# edited by hand meanwhile\n"
    real = os.fsync
    synced: list[int] = []

    def fsync_then_someone_writes(fd):
        real(fd)
        synced.append(fd)
        if not path.read_bytes().endswith(meanwhile):
            with open(path, "ab") as handle:
                handle.write(meanwhile)

    monkeypatch.setattr(store.os, "fsync", fsync_then_someone_writes)
    with pytest.raises(OkrError, match="changed on disk"):
        checkin.checkin(session(example), FOLLOWERS, "12000", TODAY)
    assert synced  # the temporary file was written and fsynced before the refusal
    assert path.read_bytes().endswith(meanwhile) and b"12000" not in path.read_bytes()
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_stale_temporary_files_of_interrupted_writes_are_removed(example):
    folder = marketing(example).parent
    stale = [".marketing.yaml.abcd_123.tmp", ".sales.yaml.0a1b2c3d.tmp"]
    fresh = [".marketing.yaml.zz9_x0aq.tmp"]  # another process may be writing it
    foreign = [".marketing.yaml.tmp", ".marketing.yaml.ABCD1234.tmp", "notes.abcd1234.tmp",
               ".marketing.yaml.abcd123.tmp", ".marketing.yaml.abcd12345.tmp",
               ".marketing.yaml.abcd1234.tmp.bak"]
    for name in stale + fresh + foreign:
        (folder / name).write_bytes(b"half a file")
    (folder / ".linked.yaml.abcd1234.tmp").symlink_to("marketing.yaml")
    (folder / ".folder.yaml.abcd1234.tmp").mkdir()
    long_ago = os.stat(folder / stale[0]).st_mtime - 120
    for name in [*stale, *foreign, ".folder.yaml.abcd1234.tmp"]:
        os.utime(folder / name, (long_ago, long_ago))
    os.utime(folder / ".linked.yaml.abcd1234.tmp", (long_ago, long_ago),
             follow_symlinks=False)
    checkin.checkin(session(example), FOLLOWERS, "12000", TODAY)
    left = sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)
    assert left == sorted([*fresh, *foreign, ".linked.yaml.abcd1234.tmp",
                           ".folder.yaml.abcd1234.tmp"])
