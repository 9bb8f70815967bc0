"""The file formats: strict models, each refusal located at its line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import located, read
from okrcli.model import Config, OkrFile
from okrcli.pipeline import Broken, Valid

HEAD = "owner: marketing\ncycle: 2026-Q4\n"


def findings(text: str, model=OkrFile) -> list[tuple[int, int, str, str]]:
    return located(read(Path("f.yaml"), textwrap.dedent(text).encode(), model))


def kr_file(kr: str) -> str:
    body = textwrap.indent(textwrap.dedent(kr).strip("\n"), " " * 6)
    return HEAD + "objectives:\n  - id: o\n    title: t\n    key_results:\n" + body + "\n"


def test_valid_file_has_no_findings():
    assert findings(kr_file("""
        - id: k
          title: x
          start: 0
          target: 10
          checkins:
            - {date: 2026-10-09, value: 3, confidence: 0.5, note: hi}
    """)) == []


@pytest.mark.parametrize(
    ("kr", "line", "col", "code", "needle"),
    [
        ("- id: k\n  title: x\n  start: 0\n  targt: 10\n", 10, 9, "OKR003",
         "did you mean 'target'"),
        ("- id: k\n  title: x\n  start: true\n  target: 10\n", 9, 16, "OKR005", "boolean"),
        ("- id: k\n  title: x\n  start: '0'\n  target: 10\n", 9, 16, "OKR005", "number"),
        ("- id: k\n  title: x\n  start: 0\n  target: .nan\n", 10, 17, "OKR007", "finite"),
        ("- id: k\n  title: x\n  start: 0\n  target: .inf\n", 10, 17, "OKR007", "finite"),
        ("- id: k\n  title: x\n  start: 0\n  target: 5\n  weight: 0\n", 11, 17, "OKR007",
         "greater than 0"),
        ("- id: k\n  title: x\n  start: 0\n  target: 5\n  due: 2026-02-30\n", 11, 14, "OKR006",
         "not a real date"),
        ("- id: k\n  title: x\n  start: 0\n  target: 5\n  due: 2026-10-01 10:00:00\n", 11, 14,
         "OKR005", "without a time"),
        ("- id: k\n  title: x\n  start: 0\n  target: 5\n  checkins:\n"
         "    - {date: 2026-10-02, value: 1, confidence: 1.5}\n", 12, 54, "OKR007", "between 0"),
        ("- id: k\n  title: x\n  start: 0\n  target: 5\n  checkins:\n"
         "    - {date: 2026-10-02, value: true}\n", 12, 39, "OKR108", "number"),
        ("- id: k\n  title: x\n  start: 0\n  target: 0\n", 10, 9, "OKR013", "equal"),
        ("- id: k\n  title: x\n  target: 5\n", 7, 9, "OKR013", "'start'"),
        ("- id: k\n  title: x\n  kind: threshold\n", 7, 9, "OKR013", "exactly one"),
        ("- id: k\n  title: x\n  kind: milestone\n  target: 3\n", 10, 9, "OKR013", "milestone"),
        ("- id: k\n  title: x\n  kind: meter\n", 9, 15, "OKR005", "'metric'"),
        ("- id: k k\n  title: x\n  kind: milestone\n", 7, 13, "OKR011", "invalid id"),
        ("- id: k\n  kind: milestone\n", 7, 9, "OKR004", "'title'"),
        ("- id: k\n  title: x\n  kind: milestone\n- id: k\n  title: y\n  kind: milestone\n",
         10, 13, "OKR012", "duplicate"),
    ],
)
def test_refusals_are_located(kr, line, col, code, needle):
    found = findings(kr_file(kr))
    assert any((ln, c, k) == (line, col, code) and needle in m for ln, c, k, m in found), found


def test_chinese_ids_and_integer_ids_are_ids():
    text = HEAD + "objectives:\n  - id: 市场\n    title: 目标\n  - id: 2\n    title: t\n"
    loaded = read(Path("f.yaml"), text.encode(), OkrFile)
    assert isinstance(loaded, Valid) and not loaded.findings
    assert [o.id for o in loaded.model.objectives] == ["市场", "2"]


def test_config_shares_one_id_space_and_checks_parents():
    assert (3, 5, "OKR006") in {(ln, c, k) for ln, c, k, _ in findings("""
        cycles:
          - {id: q, start: 2026-10-01, end: 2026-09-30}
    """, Config)}  # ends before it starts
    found = findings("""
        cycles:
          - {id: q, start: 2026-10-01, end: 2026-12-31}
        teams:
          - {id: company}
          - {id: sales, parent: compnay}
        people:
          - {id: sales, team: company}
    """, Config)
    codes = {(ln, c, k) for ln, c, k, _ in found}
    assert (6, 25, "OKR110") in codes  # unknown parent
    assert (8, 10, "OKR012") in codes  # person id taken by a team
    typo = findings("settings:\n  lint: {max_objectivs: 3}\n", Config)
    assert typo[0][:3] == (2, 10, "OKR003") and "max_objectives" in typo[0][3]


def test_empty_config_is_valid_and_has_defaults():
    loaded = read(Path("okr.yaml"), b"", Config)
    assert isinstance(loaded, Valid) and not loaded.findings
    assert loaded.model.settings.stale_after_days == 14
    assert loaded.model.settings.lint.max_key_results == 5


def test_a_broken_item_does_not_hide_the_rest_of_the_file():
    text = HEAD + """objectives:
  - id: a
  - id: b
    title: 标题
    key_results:
      - {id: k, title: t, start: 0, target: 0}
"""
    loaded = read(Path("f.yaml"), text.encode(), OkrFile)
    assert isinstance(loaded, Broken) and loaded.partial is not None
    assert [o.id for o in loaded.partial.objectives] == ["b"]
    codes = [(line, col, code) for line, col, code, _ in located(loaded)]
    assert codes == [(4, 5, "OKR004"), (8, 37, "OKR013")]  # b, not a: the file's index
