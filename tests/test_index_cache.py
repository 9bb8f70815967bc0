"""The owner index kept between commands (indexcache.py): a warm index scans no file the
command does not read, answers as a cold one does, and a changed, young, stale or foreign
entry never changes a result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import test_index
from conftest import Okr, session
from okrcli import indexcache, private
from okrcli.store import Workspace

Q4 = Path("okrs") / "2026-Q4"


@pytest.fixture
def settled(monkeypatch):
    """Files made a moment ago count as settled (else the cache keeps none of them)."""
    monkeypatch.setattr(indexcache, "SETTLED_NS", 0)


@pytest.fixture
def scans(monkeypatch):
    """The files the store's index scans (heads) and reads whole, by name."""
    seen: dict[str, list[str]] = {"sniff": [], "read": []}
    sniff, read = Workspace._sniff, Workspace._read

    def counted_sniff(self, path):
        seen["sniff"].append(path.name)
        return sniff(self, path)

    def counted_read(self, path):
        seen["read"].append(path.name)
        return read(self, path)

    monkeypatch.setattr(Workspace, "_sniff", counted_sniff)
    monkeypatch.setattr(Workspace, "_read", counted_read)
    return seen


def cache_file(root: Path) -> Path:
    folder = private.folder()
    assert folder is not None
    return folder / indexcache.IndexCache(root, 4096, 1 << 20).name


def status(root: Path, *args: str):
    result = Okr(root)("status", *args, "--format", "json")
    return result.exit_code, result.stdout, result.stderr


def test_a_warm_index_scans_only_the_files_the_command_reads(example, settled, scans):
    cold = status(example, "company")
    assert cold[0] == 0 and cache_file(example).is_file()
    assert len(scans["sniff"]) >= 8  # every file of the workspace
    scans["sniff"].clear()
    scans["read"].clear()
    warm = status(example, "company")
    assert warm == cold
    assert scans["sniff"] == []
    # okr.yaml and the files of the roll-up; no file is read for its alignments
    assert "okr.yaml" in scans["read"]
    assert len(scans["read"]) < len(cold[1]) and "wang.qiang.yaml" in scans["read"]


def test_a_file_changed_since_is_scanned_again(example, settled, scans):
    status(example, "marketing")
    path = example / Q4 / "marketing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: marketing\n",
                                                             "owner: sales\n", 1),
                    encoding="utf-8")
    scans["sniff"].clear()
    code, out, err = status(example, "marketing")
    assert scans["sniff"] == ["marketing.yaml"]
    # the answer a cold index gives
    cold = Okr(example)("status", "marketing", "--format", "json", env={"OKR_NO_CACHE": "1"})
    assert (cold.exit_code, cold.stdout, cold.stderr) == (code, out, err)


def test_a_file_younger_than_the_clock_can_tell_apart_is_not_kept(example, scans):
    status(example, "company")
    scans["sniff"].clear()
    status(example, "company")  # the example was copied a moment ago: all young
    assert len(scans["sniff"]) >= 8


def test_a_stale_entry_is_caught_when_its_file_is_read_and_mended(example, settled):
    status(example, "company")
    status(example, "company")  # the alignments are kept too
    path = cache_file(example)
    data = json.loads(path.read_bytes())
    row = data["files"]["okrs/2026-Q4/marketing.yaml"]
    assert row[5:7] == ["marketing", "2026-Q4"] and row[7] == ["company"]
    row[5] = "sales"  # as if the file said another owner than the entry
    private.replace(path, json.dumps(data).encode())
    result = Okr(example)("status", "sales", "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "okr's cached index of okrs/2026-Q4/marketing.yaml was out of date" in result.stderr
    assert status(example, "sales") == status(example, "sales") == tuple(
        getattr(r, a) for r in [Okr(example)("status", "sales", "--format", "json",
                                             env={"OKR_NO_CACHE": "1"})]
        for a in ("exit_code", "stdout", "stderr"))


@pytest.mark.parametrize("content", [
    b"not json", b"[]", b'{"version": 1, "root": "/elsewhere", "files": {}}',
    b'{"version": 1, "root": "ROOT", "files": {"okrs/2026-Q4/sales.yaml": [1, 2]}}',
    b'{"version": 1, "root": "ROOT", "files": {"okrs/2026-Q4/sales.yaml": '
    b'[1, 2, 3, 4, 5, {"owner": "x"}, "2026-Q4", null]}}',
])
def test_a_cache_of_another_workspace_or_shape_is_no_cache(example, settled, content):
    expected = status(example, "sales")
    path = cache_file(example)
    private.replace(path, content.replace(b"ROOT", os.path.realpath(example).encode()))
    assert status(example, "sales") == expected
    assert json.loads(path.read_bytes())["root"] == os.path.realpath(example)


def test_no_cache_writes_no_index(example, settled):
    result = Okr(example)("status", "sales", env={"OKR_NO_CACHE": "1"})
    assert result.exit_code == 0
    assert not cache_file(example).exists()


def test_the_index_refuses_what_it_refused_with_a_warm_cache(example, settled):
    """The tests of the index and of OKR-file sniffing, each run on a warm cache too."""
    test_index.test_such_a_file_is_indexed_under_its_own_owner_and_blocks_no_one(example)
    for _ in range(2):
        owners = {e.path.name: (e.owner, e.cycle) for e in session(example).index()}
        assert owners["wang.qiang.yaml"] == ("wang.qiang", "2026-Q4")
        assert owners["marketing.yaml"] == ("marketing", "2026-Q4")
        result = Okr(example)("status", "marketing", "--format", "json")
        assert result.exit_code == 0 and "OKR009" not in result.stderr


@pytest.mark.parametrize("layout", [
    "{rest}owner: {owner}\ncycle: {cycle}\n",
    "{{owner: {owner}, cycle: {cycle}, objectives: []}}\n",
    "owner:\n  {owner}\ncycle: {cycle}\n{rest}",
])
def test_every_layout_is_indexed_as_parsed_with_a_warm_cache(example, settled, layout):
    for _ in range(2):
        test_index.test_every_layout_that_check_passes_is_indexed_as_parsed(example, layout)


def test_two_files_of_one_owner_are_refused_with_a_warm_cache(example, settled):
    twin = example / Q4 / "sales-twin.yaml"
    twin.write_bytes((example / Q4 / "sales.yaml").read_bytes())
    first = Okr(example)("checkin", "sales/growth/new-customers", "5")
    for _ in range(2):
        again = Okr(example)("checkin", "sales/growth/new-customers", "5")
        assert (again.exit_code, again.stderr) == (first.exit_code, first.stderr)
    assert first.exit_code == 1 and "has 2 files in cycle 2026-Q4" in first.stderr


def test_an_index_written_by_other_scans_is_no_cache(example, settled, scans, monkeypatch):
    """An upgrade that scans owners, cycles or alignments otherwise starts cold: the cache
    holds the hash of the scanning code, not only a version number."""
    cold = status(example, "company")
    assert json.loads(cache_file(example).read_bytes())["version"] == indexcache.version()
    scans["sniff"].clear()
    monkeypatch.setattr(indexcache, "version", lambda: "2-other-scanners")
    assert status(example, "company") == cold
    assert len(scans["sniff"]) >= 8  # every file scanned again
    assert json.loads(cache_file(example).read_bytes())["version"] == "2-other-scanners"


def test_a_check_reads_only_the_files_changed_since_a_command_read_them(example, settled,
                                                                        scans):
    """The index keeps the digest of each file read whole (store.digest): the next check
    takes it for a file whose lstat is unchanged, and reads only the file edited; its
    findings are a cold check's."""
    first = Okr(example)("check", "--format", "json")
    assert first.exit_code == 0
    path = example / Q4 / "marketing.yaml"
    path.write_bytes(path.read_bytes() + b"# edited\n")
    scans["read"].clear()
    warm = Okr(example)("check", "--format", "json")
    assert set(scans["read"]) == {"okr.yaml", "marketing.yaml"}
    cold = Okr(example)("check", "--format", "json", env={"OKR_NO_CACHE": "1"})
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    scans["read"].clear()
    assert Okr(example)("check", "--format", "json").stdout == cold.stdout
    assert scans["read"] == ["okr.yaml"]  # all known now: the answer kept for these bytes


def test_a_warm_tree_reads_no_okr_file(example, settled, scans):
    """A reading command whose lean files are in the cache reads okr.yaml alone: each
    file's digest is the index's, its lean form the cache's."""
    first = Okr(example)("tree")
    assert first.exit_code == 0
    scans["read"].clear()
    again = Okr(example)("tree")
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert scans["read"] == ["okr.yaml"]


def test_an_entry_with_another_digest_than_its_file_is_caught_by_no_result(example, settled):
    """A digest is believed only for the lstat it was kept with: a row whose lstat no
    longer matches is read again, whatever digest it holds."""
    Okr(example)("check")
    path = cache_file(example)
    data = json.loads(path.read_bytes())
    rel = "okrs/2026-Q4/marketing.yaml"
    assert len(data["files"][rel][9]) == 40
    data["files"][rel][9] = data["files"]["okrs/2026-Q4/sales.yaml"][9]
    data["files"][rel][1] += 1  # as if the file had been written since
    private.replace(path, json.dumps(data).encode())
    warm = Okr(example)("check", "--format", "json")
    cold = Okr(example)("check", "--format", "json", env={"OKR_NO_CACHE": "1"})
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    assert json.loads(path.read_bytes())["files"][rel][1] == os.lstat(
        example / rel).st_mtime_ns
