"""The fields of a cycle's end in the models: closed, reopened, outcome, retro,
carried_from and corrections; and the outcome derived from a grade."""

from __future__ import annotations

import pytest
from tests.conftest import located, read

from okrcli import grading

FILE = """\
owner: sales
cycle: 2026-Q3
objectives:
  - id: channels
    title: 打通线上分销渠道
    carried_from: {carried}
    key_results:
      - id: dealers
        title: 签约经销商 40 家
        start: 0
        target: 40
        grade: 0.65
        changes:
          - {{date: 2026-10-12, field: grade, old: 0.6, new: 0.65, reason: 补录}}
          - {{date: 2026-10-12, field: grade_note, old: null, new: 区域试点, reason: 补录}}
    outcome: {outcome}
    retro: 渠道招募比预期慢
    changes:
      - {{date: 2026-10-12, field: outcome, old: missed, new: {new}, reason: 复核}}
"""


def findings(tmp_path, **values):
    path = tmp_path / "f.yaml"
    text = FILE.format(**{"carried": "2026-Q2/sales/channels", "outcome": "partial",
                          "new": "partial", **values})
    path.write_text(text, encoding="utf-8")
    return [(line, col, code) for line, col, code, _message in located(read(path))]


def test_a_closed_objective_with_its_records_is_valid(tmp_path):
    assert findings(tmp_path) == []


@pytest.mark.parametrize(("values", "where"), [
    ({"carried": "sales/channels"}, (6, 19, "OKR005")),
    ({"carried": "2026-Q2/sales/a b"}, (6, 19, "OKR005")),
    ({"outcome": "won"}, (16, 14, "OKR005")),
    ({"new": "won"}, (19, 62, "OKR005")),
])
def test_wrong_values_are_located(tmp_path, values, where):
    assert findings(tmp_path, **values) == [where]


def test_a_cycle_closed_before_it_starts_is_refused(tmp_path):
    path = tmp_path / "okr.yaml"
    path.write_text("cycles:\n  - {id: q, start: 2026-07-01, end: 2026-09-30, "
                    "closed: 2026-06-30}\n", encoding="utf-8")
    assert [code for _l, _c, code, _m in located(read(path))] == ["OKR006"]
    path.write_text("cycles:\n  - id: q\n    start: 2026-07-01\n    end: 2026-09-30\n"
                    "    closed: 2026-10-09\n    reopened:\n      - {date: 2026-10-12, "
                    "closed: 2026-10-09, reason: 补录}\n", encoding="utf-8")
    assert located(read(path)) == []


@pytest.mark.parametrize(("committed", "grade", "dropped", "outcome"), [
    (False, 0.7, False, "achieved"), (False, 0.69, False, "partial"),
    (False, 0.4, False, "partial"), (False, 0.39, False, "missed"),
    (False, None, False, "missed"), (True, 1.0, False, "achieved"),
    (True, 0.99, False, "partial"), (True, 0.2, False, "missed"),
    (True, 1.0, True, "dropped"),
])
def test_the_outcome_of_a_grade(committed, grade, dropped, outcome):
    assert grading.outcome_of(committed, grade, dropped) == outcome
