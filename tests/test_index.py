"""The index reads owner and cycle as the parser does, or falls back on parsing; and a line
that a line reader takes for another owner is a finding, so that what check passes is
indexed under its own owner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import Okr, read, session
from okrcli.pipeline import Valid
from okrcli.sniff import sniff_head

TODAY = dt.date(2026, 11, 26)
Q4 = Path("okrs") / "2026-Q4"
# The example: a double-quoted title whose continuation line reads like an owner.
HIDDEN_OWNER = """\
objectives:
  - id: sneaky
    title: "发展新的
owner: marketing
      渠道伙伴"
    aligns_to: company/customers
    key_results:
      - {id: k1, title: 签约三家渠道伙伴, start: 0, target: 3, unit: 家,
         checkins: [{date: 2026-11-20, value: 1}]}
owner: wang.qiang
cycle: 2026-Q4
"""


@pytest.mark.parametrize(("text", "whole", "expected"), [
    (b"owner: a\ncycle: b\n", True, ("a", "b")),
    (b"# yaml-language-server: $schema=x\n\nowner: a  # us\ncycle: 'b'\nobjectives:\n  - x\n",
     True, ("a", "b")),
    (b"\xef\xbb\xbfowner: \"a\"\r\ncycle: b\r\n", True, ("a", "b")),
    (b"owner: a\ncycle: b", True, ("a", "b")),
    (b"owner: a\ncycle: b", False, ("a", None)),  # the head of a file: the line may go on
    (b"owner: mark\n  eting\ncycle: b\n", True, (None, None)),  # a plain text goes on
    (b"owner: \"mark\n eting\"\ncycle: b\n", True, (None, None)),
    (b"owner: \"m\\x61rk\"\ncycle: b\n", True, (None, None)),  # an escape only YAML decodes
    (b"owner: 'it''s'\ncycle: b\n", True, (None, None)),
    (b"{owner: a, cycle: b}\n", True, (None, None)),
    (b"objectives: []\nowner: a\ncycle: b\n", True, (None, None)),  # flow: not plain
    (b"objectives:\n  - id: o\nowner: a\ncycle: b\n", True, (None, None)),
    (b"owner: &x a\ncycle: b\n", True, (None, None)),
    (b"owner: a\nowner: c\ncycle: b\n", True, ("a", "b")),  # a duplicate key is an error
    (HIDDEN_OWNER.encode(), True, (None, None)),
])
def test_the_index_trusts_only_the_plain_lines_at_the_top(text, whole, expected):
    assert sniff_head(text, whole) == expected


def test_a_line_that_looks_like_an_owner_inside_a_text_is_refused(example):
    (example / Q4 / "wang.qiang.yaml").write_text(HIDDEN_OWNER, encoding="utf-8")
    reading = read(example / Q4 / "wang.qiang.yaml")
    assert isinstance(reading, Valid) and reading.model.owner == "wang.qiang"
    result = Okr(example)("check", "--format", "json")
    assert result.exit_code == 1
    found = [(f["path"], f["line"], f["col"], f["code"]) for f in json.loads(result.stdout)
             if f["severity"] == "error"]
    assert found == [("okrs/2026-Q4/wang.qiang.yaml", 4, 1, "OKR009")]
    message = next(f["message"] for f in json.loads(result.stdout) if f["code"] == "OKR009")
    assert message.startswith("this line looks like the file's owner ('marketing') to a "
                              "line reader but is inside a text (the owner is 'wang.qiang')")


def test_such_a_file_is_indexed_under_its_own_owner_and_blocks_no_one(example):
    (example / Q4 / "wang.qiang.yaml").write_text(HIDDEN_OWNER, encoding="utf-8")
    owners = {e.path.name: e.owner for e in session(example).index()}
    assert owners["wang.qiang.yaml"] == "wang.qiang"
    assert owners["marketing.yaml"] == "marketing"
    result = Okr(example)("checkin", "marketing/awareness/followers", "12000")
    assert result.exit_code == 0, result.stderr
    status = Okr(example)("status", "marketing", "--format", "json")
    assert "OKR009" not in status.stderr  # not marketing's file


def test_an_owner_written_with_escapes_is_refused_and_indexed_as_parsed(example):
    path = example / Q4 / "wang.qiang.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("owner: wang.qiang\n")
    path.write_text(text.replace("owner: wang.qiang\n", 'owner: "w\\x61ng.qiang"\n', 1),
                    encoding="utf-8")
    assert {e.path.name: e.owner for e in session(example).index()}[
        "wang.qiang.yaml"] == "wang.qiang"
    result = Okr(example)("check", "--format", "json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert [(f["line"], f["col"], f["code"]) for f in found] == [(1, 1, "OKR009")]
    assert found[0]["message"] == ("owner reads 'w\\\\x61ng.qiang' to a line reader but "
                                   "'wang.qiang' to YAML: write it plainly, as owner: "
                                   "wang.qiang")


@pytest.mark.parametrize("layout", [
    "owner: {owner}\ncycle: {cycle}\n{rest}",
    "# the team's OKRs\n\nowner: '{owner}'   # who\ncycle: \"{cycle}\"\n{rest}",
    "{rest}owner: {owner}\ncycle: {cycle}\n",
    "cycle: {cycle}\n{rest}owner: {owner}\n",
    "{{owner: {owner}, cycle: {cycle}, objectives: []}}\n",
    "owner:\n  {owner}\ncycle: {cycle}\n{rest}",
])
def test_every_layout_that_check_passes_is_indexed_as_parsed(example, layout):
    path = example / Q4 / "wang.qiang.yaml"
    rest = "objectives:\n  - id: o1\n    title: 想法\n    aligns_to: company/customers\n" \
           "    key_results: [{id: k, title: 完成, kind: milestone}]\n"
    path.write_text(layout.format(owner="wang.qiang", cycle="2026-Q4", rest=rest),
                    encoding="utf-8")
    result = Okr(example)("check", str(path), "--format", "json")
    assert [f for f in json.loads(result.stdout) if f["severity"] == "error"] == []
    entry = next(e for e in session(example).index() if e.path == path)
    assert (entry.owner, entry.cycle) == ("wang.qiang", "2026-Q4")


def test_the_listing_is_the_same_paths_with_or_without_pythons_child_helper(example,
                                                                            monkeypatch):
    """store.okr_paths makes each listed path as ``Path.iterdir`` does where Python has
    the helper for it (``_make_child_relpath``), else by ``joinpath``: the same paths,
    equal to those parsed from their text, and the same text."""
    from pathlib import Path, PosixPath

    from okrcli.store import Workspace

    listed = Workspace(example).okr_paths("okrs")
    assert listed and all(p == Path(str(p)) and str(p) == str(Path(str(p))) for p in listed)
    for cls in PosixPath.__mro__:  # wherever this Python defines it: gone
        if "_make_child_relpath" in vars(cls):
            monkeypatch.delattr(cls, "_make_child_relpath")
    assert not hasattr(Path(example), "_make_child_relpath")
    assert Workspace(example).okr_paths("okrs") == listed
