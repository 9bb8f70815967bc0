"""Every rule's docstring is its documentation, and its examples are tests: each FAIL
example must raise the rule exactly where its `^` markers say, each PASS example must not
raise it at all (beancount runs its docstring examples the same way).

An example is read in the workspace of tests/data/rule-examples (see checks.EXAMPLES,
which ``okr check --explain`` prints): ``# file: PATH`` starts a file (the first one is
``okrs/example.yaml`` unless it says otherwise), ``# today: DATE`` and ``# encoding: NAME``
set the day and the file's encoding, ``# link: TARGET`` makes the file a symbolic link to
TARGET (relative to the file's folder; the file's lines are written there), ``# pad: N``
pads the file with a comment line to N bytes, and a line ``^ CODE`` marks the column of
the line above it (counted in terminal cells, as a reader sees it) where the finding is
reported.

History rules (``okr check --base``) compare with a commit: ``# base: PATH`` starts a
file as it was committed. An example with such files is built into a git repository:
its ``# base:`` files committed, then the working tree made of the ``# file:`` ones (a
committed file not written again is deleted), and checked with ``--base HEAD``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.cells import cell_len

import history
from conftest import DATA, session
from okrcli import checks
from okrcli.diagnostics import Rule, Severity
from okrcli.services import check

BASE = DATA / "rule-examples"
TODAY = dt.date(2026, 11, 26)
SECTION = re.compile(r"^(PASS|FAIL):\s*$")
CARET = re.compile(r"^(\s*)\^ (OKR\d{3})\s*$")
DIRECTIVE = re.compile(r"^#\s*(file|base|today|encoding|link|pad):\s*(\S+)\s*$")


@dataclass
class Example:
    kind: str  # PASS or FAIL
    files: dict[str, list[str]] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    pads: dict[str, int] = field(default_factory=dict)
    today: dt.date = TODAY
    marks: set[tuple[str, int, int, str]] = field(default_factory=set)
    base: dict[str, list[str]] = field(default_factory=dict)  # the files at the commit


def examples(rule: Rule) -> list[Example]:
    """The PASS and FAIL examples of a rule's docstring, parsed."""
    found: list[Example] = []
    lines = inspect.cleandoc(rule.doc).splitlines()
    i = 0
    while i < len(lines):
        match = SECTION.match(lines[i])
        i += 1
        if not match:
            continue
        block = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
            block.append(lines[i][4:])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        found.append(_example(match.group(1), block))
    return found


def _example(kind: str, block: list[str]) -> Example:
    example = Example(kind)
    current = "okrs/example.yaml"
    files = example.files
    for line in block:
        directive = DIRECTIVE.match(line)
        caret = CARET.match(line)
        if directive:
            name, value = directive.groups()
            if name in ("file", "base"):
                current = value
                files = example.files if name == "file" else example.base
            elif name == "today":
                example.today = dt.date.fromisoformat(value)
            elif name == "link":
                example.links[current] = value
            elif name == "pad":
                example.pads[current] = int(value)
            else:
                example.encodings[current] = value
            continue
        lines = files.setdefault(current, [])
        if caret:
            assert lines, f"a ^ marker with no line above it: {line!r}"
            above, cells = lines[-1], len(caret.group(1))
            col = next((n for n in range(len(above) + 1) if cell_len(above[:n]) >= cells),
                       len(above))
            example.marks.add((current, len(lines), col + 1, caret.group(2)))
            continue
        lines.append(line)
    return example


def run(example: Example, root: Path) -> list[tuple[str, int, int, str, Severity]]:
    shutil.copytree(BASE, root)
    if example.base:
        history.init(root)
        for name, lines in example.base.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        history.commit(root, "the example's base", "2026-11-01")
        for name in example.base:
            (root / name).unlink()
    for name, lines in example.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(lines) + "\n"
        data = text.encode(example.encodings.get(name, "utf-8"))
        pad = example.pads.get(name, 0) - len(data)
        if pad > 0:
            data += b"#" * (pad - 1) + b"\n"
        link = example.links.get(name)
        if link is not None:
            path.symlink_to(link)
            path = path.parent / link
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    result = check.run(session(root), example.today, use_cache=False,
                       base="HEAD" if example.base else None)
    return [(d.path, d.line, d.col, d.code, d.severity) for d in result.diagnostics]


CASES = [(rule, n, ex) for rule in checks.RULES for n, ex in enumerate(examples(rule))]


def test_every_rule_has_a_pass_and_a_fail_example_with_its_place():
    for rule in checks.RULES:
        kinds = [ex.kind for ex in examples(rule)]
        assert "PASS" in kinds and "FAIL" in kinds, rule.code
        for ex in examples(rule):
            if ex.kind == "FAIL":
                assert ex.marks, f"{rule.code}: a FAIL example without a ^ marker"
                assert {code for *_, code in ex.marks} == {rule.code}, rule.code


@pytest.mark.parametrize(("rule", "n", "example"), CASES,
                         ids=[f"{r.code}-{e.kind.lower()}{n}" for r, n, e in CASES])
def test_docstring_example(tmp_path, rule, n, example):
    everything = run(example, tmp_path / "ws")
    found = sorted(item[:4] for item in everything if item[3] == rule.code)
    if example.kind == "FAIL":
        assert found == sorted(example.marks)  # each mark once: no finding twice
    else:
        assert found == []
        # A PASS example is a good file: one that does not even read would pass above.
        assert [i for i in everything if i[4] is Severity.ERROR] == []


def test_the_base_workspace_is_clean(tmp_path):
    assert run(Example("PASS"), tmp_path / "ws") == []
