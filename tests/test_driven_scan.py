"""The scan of the owners a file's key results name (``sniff.scan_drivers``), which lets
``okr status PERSON`` read only the files that can hold a key result PERSON drives: it
never misses one that a full read finds (it says "read me" where it cannot be sure), the
status it gives is the one a read of every file gives, and a warm index reads no other
file."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from ruamel.yaml import YAML

from conftest import Okr, read
from okrcli import indexcache, sniff
from okrcli.pipeline import Valid
from okrcli.services import read as read_service
from okrcli.store import Workspace

Q4 = Path("okrs") / "2026-Q4"

HEAD = "owner: marketing\ncycle: 2026-Q4\nobjectives:\n  - id: o1\n    title: t\n" \
       "    key_results:\n"
KR = "      - id: k1\n        title: k\n        start: 0\n        target: 10\n"

# A key result whose driver is li.na, spelled every way YAML allows (and some it refuses).
SPELLINGS: dict[str, str] = {
    "block": KR + "        owner: li.na\n",
    "first key": "      - owner: li.na\n        id: k1\n        title: k\n        start: 0\n"
                 "        target: 10\n",
    "comment": KR + "        owner: li.na   # she drives it\n",
    "commented out too": KR + "        # owner: zhang.wei\n        owner: li.na\n",
    "single quoted": KR + "        owner: 'li.na'\n",
    "double quoted": KR + '        owner: "li.na"\n',
    "quoted key": KR + '        "owner": li.na\n',
    "single quoted key": KR + "        'owner': li.na\n",
    "spaces before the colon": KR + "        owner   : li.na\n",
    "tab after the colon": KR + "        owner:\tli.na\n",
    "tag": KR + "        owner: !!str li.na\n",
    "tagged key": KR + "        !!str owner: li.na\n",
    "flow": "      - {id: k1, title: k, start: 0, target: 10, owner: li.na}\n",
    "flow first": "      - {owner: li.na, id: k1, title: k, start: 0, target: 10}\n",
    "flow json": '      - {"id": "k1", "title": "k", "start": 0, "target": 10, "owner":"li.na"}\n',
    "flow over lines": "      - {id: k1, title: k, start: 0, target: 10,\n         owner:\n"
                       "           li.na}\n",
    "flow key over lines": "      - {id: k1, title: k, start: 0, target: 10,\n         owner\n"
                           "           : li.na}\n",
    "flow quoted key over lines": "      - {id: k1, title: k, start: 0, target: 10,\n"
                                  '         "owner"\n           : li.na}\n',
    "value below": KR + "        owner:\n          li.na\n",
    "value below a comment": KR + "        owner: # who\n          li.na\n",
    "folded": KR + "        owner: >-\n          li.na\n",
    "literal": KR + "        owner: |-\n          li.na\n",
    "escape in the value": KR + '        owner: "li\\x2ena"\n',
    "unicode escape": KR + '        owner: "\\u006ci.na"\n',
    "escaped key": KR + '        "\\x6fwner": li.na\n',
    "line continued": KR + '        owner: "li.\\\n          na"\n',
    "anchor and alias": KR + "        note_: &who li.na\n        owner: *who\n",
    "aliased key": "      - {id: k1, title: &k owner, start: 0, target: 10, *k : li.na}\n",
    "merge": "      - &base {owner: li.na, id: k0, title: k, start: 0, target: 10}\n"
             "      - <<: *base\n        id: k1\n",
    "explicit key": KR + "        ? owner\n        : li.na\n",
    "explicit quoted key": KR + '        ? "owner"\n        : li.na\n',
    "a number": KR + "        owner: 1234\n",
    "a hex number": KR + "        owner: 0x4d2\n",
    "a signed number": KR + "        owner: +1234\n",
    "chinese id": KR + "        owner: 李娜\n",
    "a line separator": KR + "        owner: li.na\u2028x\n",
    "no driver, a note naming the owner": KR + "        checkins:\n"
                                               "          - date: 2026-10-09\n"
                                               "            value: 1\n"
                                               '            note: "ask the owner"\n',
    "owners, co_owner": KR + "        co_owner: zhang.wei\n        owners: li.na\n",
}
# Spellings a scan must be sure of (else it would read every file of a real workspace).
SURE = {"block", "first key", "comment", "commented out too", "single quoted",
        "double quoted", "quoted key", "single quoted key", "spaces before the colon",
        "tab after the colon", "flow", "flow first", "flow json", "chinese id",
        "a line separator", "no driver, a note naming the owner", "owners, co_owner"}


def _owners(node: Any) -> set[str]:
    """Every value of an ``owner`` key in a loaded YAML document."""
    if isinstance(node, dict):
        found = {str(v) for k, v in node.items() if k == "owner" and v is not None}
        return found.union(*(_owners(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_owners(v) for v in node))
    return set()


def full_reads(text: bytes) -> set[str]:
    """What full reads find: the pipeline's key results' drivers, and every ``owner``
    value a YAML 1.1 (PyYAML) and a YAML 1.2 (ruamel) reader load, anchors and all."""
    found: set[str] = set()
    reading = read(Path("f.yaml"), text)
    if isinstance(reading, Valid):
        found |= {kr.owner for o in reading.model.objectives for kr in o.key_results
                  if kr.owner}
    for load in (yaml.safe_load, YAML(typ="safe", pure=True).load):
        with contextlib.suppress(Exception):  # a reader that refuses it finds nothing
            found |= _owners(load(io.StringIO(text.decode("utf-8-sig"))))
    return found


def variants(body: str) -> dict[str, bytes]:
    text = HEAD + body
    return {"lf": text.encode(), "crlf": text.replace("\n", "\r\n").encode(),
            "bom": b"\xef\xbb\xbf" + text.encode()}


@pytest.mark.parametrize("name", SPELLINGS)
def test_the_scan_never_misses_a_driver_a_full_read_finds(name):
    for form, data in variants(SPELLINGS[name]).items():
        scanned = sniff.scan_drivers(data)
        truth = full_reads(data)
        assert scanned is None or truth <= scanned, (name, form, scanned, truth)
        if name in SURE:
            assert scanned is not None, (name, form)


def test_every_valid_spelling_reads_as_a_driver():
    """The table means something: the spellings okr accepts give the driver li.na."""
    valid = [name for name in SPELLINGS
             if isinstance(read(Path("f.yaml"), variants(SPELLINGS[name])["lf"]), Valid)
             and "li.na" in full_reads(variants(SPELLINGS[name])["lf"])]
    assert {"block", "flow", "double quoted", "folded", "escape in the value"} <= set(valid)


def test_the_example_files_are_scanned_sure_and_right(example):
    for path in sorted((example / "okrs").rglob("*.yaml")):
        data = path.read_bytes()
        scanned = sniff.scan_drivers(data)
        assert scanned is not None and full_reads(data) <= scanned, path


# --- status PERSON: the same answer, fewer files -----------------------------------------

def _old_naming(session, paths, ids):
    """The byte scan of every file it replaced (a superset of the files needed)."""
    keys = [i.encode() for i in ids] + [b"\\"]
    return [p for p in paths
            if isinstance(raw := session.ws.read(p), bytes) and any(k in raw for k in keys)]


def cross_owner_workspace(example: Path) -> Path:
    """The example, with key results driven across owners in many spellings, a broken file
    naming a driver, and an owner with two files."""
    files = example / Q4
    sales = files / "sales.yaml"
    text = sales.read_text(encoding="utf-8")
    text = text.replace("      - id: ", "      - owner: 'wang.qiang'\n        id: ", 1)
    sales.write_text(text, encoding="utf-8")
    (files / "flow.yaml").write_text(
        "owner: zhang.wei\ncycle: 2026-Q4\nobjectives:\n"
        "  - {id: f1, title: flow, aligns_to: company/customers, key_results: [\n"
        "      {id: k1, title: k, start: 0, target: 10, owner: li.na},\n"
        '      {id: k2, title: k, start: 0, target: 10, "owner": "wang.qiang"}]}\n',
        encoding="utf-8")
    engineering = files / "engineering.yaml"
    engineering.write_text(engineering.read_text(encoding="utf-8") + (
        "  - id: escaped\n    title: e\n    key_results:\n      - id: k1\n        title: k\n"
        '        start: 0\n        target: 10\n        owner: "li\\x2ena"\n'), encoding="utf-8")
    return example


def _all_owners(root: Path) -> list[str]:
    config = yaml.safe_load((root / "okr.yaml").read_text(encoding="utf-8"))
    return [t["id"] for t in config.get("teams", [])] + [p["id"] for p in config["people"]]


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_status_of_each_owner_is_what_a_scan_of_every_file_gives(example, monkeypatch, fmt):
    root = cross_owner_workspace(example)
    for owner in _all_owners(root):
        new = Okr(root)("status", owner, "--format", fmt, env={"OKR_NO_CACHE": "1"})
        with monkeypatch.context() as m:
            m.setattr(read_service, "_naming", _old_naming)
            old = Okr(root)("status", owner, "--format", fmt, env={"OKR_NO_CACHE": "1"})
        assert (new.exit_code, new.stdout, new.stderr) == (old.exit_code, old.stdout,
                                                           old.stderr), owner
        warm = Okr(root)("status", owner, "--format", fmt)  # the index cache filled, used
        assert (warm.exit_code, warm.stdout) == (new.exit_code, new.stdout), owner


def test_the_cross_owner_workspace_shows_what_each_person_drives(example):
    root = cross_owner_workspace(example)
    out = json.loads(Okr(root)("status", "li.na", "--format", "json").stdout)
    assert "li.na" in json.dumps(out, ensure_ascii=False)
    shown = Okr(root)("status", "li.na").stdout
    assert "k1" in shown or "flow" in shown  # the flow file's key result she drives


@pytest.fixture
def reads(monkeypatch):
    """The files read whole (``Workspace._read``: every read goes through it), by name."""
    seen: list[str] = []
    real = Workspace._read

    def counted(self, path):
        seen.append(path.name)
        return real(self, path)

    monkeypatch.setattr(Workspace, "_read", counted)
    monkeypatch.setattr(indexcache, "SETTLED_NS", 0)
    return seen


def test_a_warm_status_reads_only_the_files_that_can_hold_what_she_drives(example, reads):
    root = cross_owner_workspace(example)
    cold = Okr(root)("status", "li.na")
    assert cold.exit_code == 0
    reads.clear()
    warm = Okr(root)("status", "li.na")
    assert warm.stdout == cold.stdout
    # okr.yaml, her file, the files that name her (marketing, flow) and the one a scan
    # cannot be sure of (an escape: engineering); no file that names someone else only
    assert set(reads) == {"okr.yaml", "li.na.yaml", "marketing.yaml", "flow.yaml",
                          "engineering.yaml"}, reads
    assert len(reads) == len(set(reads))  # each once


def test_a_warm_show_and_checkin_read_only_what_they_need(example, reads):
    assert Okr(example)("show", "sales/growth").exit_code == 0
    reads.clear()
    assert Okr(example)("show", "sales/growth/new-customers").exit_code == 0
    assert set(reads) == {"okr.yaml", "sales.yaml"}, reads
    reads.clear()
    done = Okr(example)("checkin", "sales/growth/new-customers", "30")
    assert done.exit_code == 0, done.output
    # its file, and what its objectives align to (for the references it must keep)
    assert set(reads) == {"okr.yaml", "sales.yaml", "company.yaml"}, reads


def test_a_changed_file_is_scanned_again_for_its_drivers(example, reads):
    root = cross_owner_workspace(example)
    before = Okr(root)("status", "wang.qiang").stdout
    path = root / Q4 / "marketing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: li.na",
                                                             "owner: wang.qiang"),
                    encoding="utf-8")
    reads.clear()
    warm = Okr(root)("status", "wang.qiang")
    assert "marketing.yaml" in reads and warm.stdout != before
    assert warm.stdout == Okr(root)("status", "wang.qiang", env={"OKR_NO_CACHE": "1"}).stdout
