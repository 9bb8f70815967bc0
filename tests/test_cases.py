"""The case folder: one file per problem with its expected (line, col, code); plus the
hostile files generated here, and a fuzz test that mutates valid files at random."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, EXAMPLE, session
from okrcli.diagnostics import Severity
from okrcli.services import check

CASES = DATA / "cases"
TODAY = dt.date(2026, 11, 26)
EXPECT = re.compile(r"# expect: (?:(\d+):(\d+) (OKR\d+)|clean)")


def case_files() -> list[Path]:
    return sorted(p for p in CASES.rglob("*.yaml") if p.name != "okr.yaml")


def expected(path: Path) -> set[tuple[int, int, str]]:
    head = path.read_bytes()[:400].decode("utf-8", "replace")
    marks = EXPECT.findall(head)
    assert marks, f"{path.name} has no '# expect:' line"
    return {(int(a), int(b), c) for a, b, c in marks if c}


def run_case(tmp_path: Path, files: list[Path]) -> dict[str, set[tuple[int, int, str]]]:
    shutil.copy(CASES / "okr.yaml", tmp_path / "okr.yaml")
    (tmp_path / "okrs").mkdir()
    for path in files:
        shutil.copy(path, tmp_path / "okrs" / path.name)
    result = check.run(session(tmp_path), TODAY)
    found: dict[str, set[tuple[int, int, str]]] = {p.name: set() for p in files}
    for d in result.diagnostics:
        if d.severity is Severity.ERROR:
            found[d.path.split("/")[-1]].add((d.line, d.col, d.code))
    return found


GROUPS = [[p] for p in case_files() if p.parent == CASES] + [
    sorted(folder.glob("*.yaml")) for folder in sorted(CASES.iterdir()) if folder.is_dir()]


@pytest.mark.parametrize("files", GROUPS, ids=lambda g: "+".join(
    p.relative_to(CASES).as_posix() for p in g))
def test_case_is_reported_exactly(tmp_path, files):
    found = run_case(tmp_path, files)
    for path in files:
        assert found[path.name] == expected(path), path.name


def test_the_case_folder_covers_the_issue():
    names = {p.relative_to(CASES).as_posix() for p in case_files()}
    for needed in ("tab.yaml", "bom.yaml", "nul.yaml", "invalid-utf8.yaml", "anchor.yaml",
                   "alias.yaml", "duplicate-key.yaml", "yaml11.yaml", "two-documents.yaml",
                   "empty.yaml", "top-level-list.yaml", "nan-target.yaml", "inf-target.yaml",
                   "bool-target2.yaml", "string-target.yaml", "impossible-date.yaml",
                   "unknown-key.yaml", "unknown-owner.yaml", "unknown-cycle.yaml",
                   "loop/a.yaml", "two-files/second.yaml"):
        assert needed in names


def bomb(levels: int = 10) -> str:
    lines = ["owner: sales", "cycle: 2026-Q4", 'l0: &l0 ["lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "text", "where"), [
    ("billion-laughs", bomb(), (3, 5, "OKR008")),
    ("5000-deep", "owner: sales\ncycle: 2026-Q4\nx: " + "[" * 5000 + "]" * 5000 + "\n",
     (3, 67, "OKR009")),
])
def test_hostile_files_are_refused_in_under_a_second_without_expansion(tmp_path, name, text,
                                                                       where):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    started = time.perf_counter()
    found = run_case(tmp_path / "ws" if (tmp_path / "ws").mkdir() is None else tmp_path,
                     [path])
    assert time.perf_counter() - started < 1.0
    assert found[path.name] == {where}


MUTATIONS = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace"]),
                               st.integers(0, 10**6),
                               st.sampled_from(list(":-[]{}#&*!|>'\"%@` \t\n\r\x00é目\\,?0.")),
                               ), min_size=1, max_size=6)
SOURCES = [*sorted((EXAMPLE / "okrs").rglob("*.yaml")), EXAMPLE / "okr.yaml"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(SOURCES), edits=MUTATIONS)
def test_check_only_ever_reports_findings(tmp_path_factory, source, edits):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(EXAMPLE, root, dirs_exist_ok=True)
    target = root / source.relative_to(EXAMPLE)
    data = bytearray(target.read_bytes())
    for op, at, ch in edits:
        at = at % (len(data) + 1)
        raw = ch.encode()
        if op == "insert":
            data[at:at] = raw
        elif op == "delete":
            del data[at : at + 1]
        else:
            data[at : at + 1] = raw
    target.write_bytes(bytes(data))
    result = check.run(session(root), TODAY)  # must not raise
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.code.startswith("OKR")
