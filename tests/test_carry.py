"""okr carry: unfinished objectives into a later cycle, byte by byte; the source's only
changed lines; a second run that writes nothing; the refusals that write nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, Okr, golden, without_q3

JANUARY = {"OKR_TODAY": "2027-01-05"}
Q1 = "  - id: 2027-Q1\n    start: 2027-01-01\n    end: 2027-03-31\n"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """The example with the next quarter, 2027-Q1, after its 2026-Q4."""
    root = tmp_path / "ws"
    without_q3(shutil.copytree(EXAMPLE, root))  # its carry-overs would be in the way
    config = root / "okr.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    end: 2026-12-31\n", "    end: 2026-12-31\n" + Q1, 1),
                      encoding="utf-8")
    return root


def run(root: Path, *args: str, lang: str = "en"):
    return Okr(root)("--lang", lang, "carry", *args, env=JANUARY)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def added_lines(before: bytes, after: bytes) -> list[str]:
    """The lines ``after`` adds to ``before``, which it must keep whole and in order."""
    old, new = before.decode().splitlines(), after.decode().splitlines()
    out, i = [], 0
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        else:
            out.append(line)
    assert i == len(old), "a line of the source was changed or removed"
    return out


def q1(root: Path, owner: str) -> str:
    return (root / "okrs" / "2027-Q1" / f"{owner}.yaml").read_text(encoding="utf-8")


def test_an_objective_is_carried_into_a_new_file(ws):
    before = files(ws)
    result = run(ws, "sales/growth", "--to", "2027-Q1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden("carry-sales.txt", result.stdout)
    # the dropped key result stays behind; the metrics start at their last values
    golden("carry-sales.yaml", q1(ws, "sales"))
    after = files(ws)
    source = "okrs/2026-Q4/sales.yaml"
    assert added_lines(before[source], after[source]) == ["    outcome: carried"]
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed - {source, "okrs/2027-Q1/sales.yaml"} <= {  # the schemas of .okr/
        ".okr/okr-file.schema.json", ".okr/okr.schema.json"}  # (a new file names one)


def test_a_second_run_writes_nothing(ws):
    assert run(ws, "sales", "--to", "2027-Q1").exit_code == 0
    before = files(ws)
    again = run(ws, "sales", "--to", "2027-Q1")
    assert again.exit_code == 0
    assert files(ws) == before
    assert again.stdout == (
        "sales/growth is in 2027-Q1 already (as sales/growth): nothing to do\n"
        "nothing was written: no objective to carry from 2026-Q4 to 2027-Q1\n")
    data = json.loads(run(ws, "sales/growth", "--to", "2027-Q1", "-f", "json").stdout)
    assert data["carried"] == [] and data["marked"] == []
    assert data["skipped"] == [{"ref": "sales/growth", "reason": "already_carried",
                                "carried_as": "sales/growth"}]


def test_an_owner_carries_each_unfinished_objective_into_its_file(ws):
    """The second carry appends to the file the first one made, one objective already
    there; from and to the owner's files, in one transaction."""
    assert run(ws, "company/supply", "--to", "2027-Q1").exit_code == 0
    made = files(ws)
    result = run(ws, "company", "--to", "2027-Q1")
    assert result.exit_code == 0, result.stderr
    golden("carry-company.txt", result.stdout)
    text = q1(ws, "company")
    assert text.startswith(made["okrs/2027-Q1/company.yaml"].decode())  # appended
    golden("carry-company.yaml", text)
    assert added_lines(made["okrs/2026-Q4/company.yaml"],
                       files(ws)["okrs/2026-Q4/company.yaml"]) == ["    outcome: carried"] * 2


def test_achieved_objectives_stay_unless_included(ws):
    before = files(ws)
    left = run(ws, "purchasing", "--to", "2027-Q1")
    assert left.exit_code == 0
    assert "purchasing/suppliers was achieved: not carried" in left.stdout
    assert files(ws) == before
    named = run(ws, "purchasing/suppliers", "--to", "2027-Q1")
    assert named.exit_code == 1
    assert "give --include-done" in named.stderr
    result = run(ws, "purchasing", "--to", "2027-Q1", "--include-done", "-f", "json")
    assert result.exit_code == 0, result.stderr
    golden("carry-purchasing.json", result.stdout)
    # the only unfinished key result goes; its due date moves by the same 60 days
    golden("carry-purchasing.yaml", q1(ws, "purchasing"))


def test_alignment_is_kept_when_the_parent_is_in_the_cycle(ws):
    """wang.qiang/sourcing aligns to purchasing/suppliers: kept once that is carried;
    li.na/reach aligns to a key result, kept when the key result went with it."""
    alone = json.loads(run(ws, "wang.qiang", "--to", "2027-Q1", "--include-done",
                           "-f", "json").stdout)
    assert alone["carried"][0]["aligns_to"] is None
    assert alone["carried"][0]["alignment_dropped"] == "purchasing/suppliers"
    assert "aligns_to" not in q1(ws, "wang.qiang")

    assert run(ws, "marketing", "--to", "2027-Q1").exit_code == 0
    result = run(ws, "li.na/reach", "--to", "2027-Q1")
    assert result.exit_code == 0, result.stderr
    assert "  aligned to marketing/awareness/followers, as before\n" in result.stdout
    assert "    aligns_to: marketing/awareness/followers\n" \
           "    carried_from: 2026-Q4/li.na/reach\n" in q1(ws, "li.na")


def test_the_dropped_alignment_is_reported(ws):
    result = run(ws, "sales", "--to", "2027-Q1")
    assert ("  aligned to company/customers, which is not in 2027-Q1: align it with okr "
            "objective edit --aligns-to\n") in result.stdout


def test_a_closed_source_records_the_outcome_it_corrects(ws):
    config = ws / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    end: 2026-12-31\n", "    end: 2026-12-31\n    closed: 2027-01-04\n"),
        encoding="utf-8")
    source = ws / "okrs/2026-Q4/sales.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "    outcome: missed\n"
                      "    retro: 华东竞品让利\n", encoding="utf-8")
    before = source.read_bytes()
    result = run(ws, "sales", "--to", "2027-Q1")
    assert result.exit_code == 0, result.stderr
    assert added_lines(before.replace(b"    outcome: missed\n", b""), source.read_bytes()) == [
        "    outcome: carried", "    changes:", "      - date: 2027-01-05",
        "        field: outcome", "        old: missed", "        new: carried",
        "        reason: carried to 2027-Q1"]
    assert b"    outcome: carried\n    retro: " in source.read_bytes()


def test_a_due_date_moves_with_the_cycle(ws):
    """60 days after the start stays 60 days after the new start; a due that would fall
    after the new end, or was the old end, is the new cycle's end (no due line)."""
    path = ws / "okrs/2026-Q4/purchasing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("due: 2026-10-31", "due: 2026-12-31").replace(
        "target: 10\n        unit: 家\n        due: 2026-11-30",
        "target: 10\n        unit: 家\n        due: 2026-12-30"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("value: 3\n            "
                                                             "confidence: 1", "value: 2"),
                    encoding="utf-8")
    result = run(ws, "purchasing", "--to", "2027-Q1", "--include-done", "-f", "json")
    assert result.exit_code == 0, result.stderr
    krs = json.loads(result.stdout)["carried"][0]["krs"]
    assert [(k["id"], k["due"]) for k in krs] == [("new-suppliers", None),
                                                  ("eco-suppliers", None)]
    assert "due:" not in q1(ws, "purchasing")


def _closed_target(ws: Path) -> None:
    config = ws / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    end: 2027-03-31\n", "    end: 2027-03-31\n    closed: 2027-01-02\n"),
        encoding="utf-8")


def _broken_source(ws: Path) -> None:
    path = ws / "okrs/2026-Q4/sales.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: 120", "target: lots"),
                    encoding="utf-8")


def _taken_id(ws: Path) -> None:
    folder = ws / "okrs/2027-Q1"
    folder.mkdir()
    (folder / "sales.yaml").write_text(
        "owner: sales\ncycle: 2027-Q1\nobjectives:\n  - id: growth\n    title: 新的增长\n"
        "    key_results:\n      - id: k\n        title: 新签约客户达到200家\n"
        "        start: 0\n        target: 200\n        unit: 家\n", encoding="utf-8")


def _dropped(ws: Path) -> None:
    path = ws / "okrs/2026-Q4/sales.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    aligns_to: company/customers\n", "    aligns_to: company/customers\n"
        "    dropped: {date: 2026-11-30, reason: 换方向}\n"), encoding="utf-8")


@pytest.mark.parametrize(("prepare", "args", "code", "message"), [
    (_closed_target, ("sales", "--to", "2027-Q1"), 1,
     "okr: cycle 2027-Q1 is closed (on 2027-01-02): nothing can be carried into it"),
    (None, ("sales", "--to", "2027-Q2"), 1, "okr: unknown cycle '2027-Q2' (known: "),
    (None, ("sales", "--to", "2026-Q4", "--from", "2027-Q1"), 1,
     "okr: cycle 2026-Q4 does not start after 2027-Q1"),
    (None, ("sales", "--to", "2026-Q4"), 1, "okr: no cycle starts before 2026-Q4"),
    (_broken_source, ("sales", "--to", "2027-Q1"), 1,
     "okr: okrs/2026-Q4/sales.yaml has errors: fix them before carrying from it"),
    (_taken_id, ("sales", "--to", "2027-Q1"), 1,
     "okr: sales/growth exists in 2027-Q1 already and was not carried from "
     "2026-Q4/sales/growth: give one of them another id first; nothing was written"),
    (_dropped, ("sales/growth", "--to", "2027-Q1"), 1,
     "okr: sales/growth was dropped: a dropped objective is not carried"),
    (None, ("sales/grow", "--to", "2027-Q1"), 1, "(did you mean 'growth'?)"),
    (None, ("zhang.wei", "--to", "2027-Q1"), 1,
     "okr: zhang.wei has no OKR file in cycle 2026-Q4: nothing to carry"),
    (None, ("nobody", "--to", "2027-Q1"), 1, "okr: unknown owner 'nobody'"),
    (None, ("sales/growth/new-customers", "--to", "2027-Q1"), 2, "OWNER or OWNER/OBJECTIVE"),
])
def test_refusals_write_nothing(ws, prepare, args, code, message):
    if prepare:
        prepare(ws)
    before = files(ws)
    result = run(ws, *args)
    assert result.exit_code == code, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert files(ws) == before


def test_a_dropped_objective_of_an_owner_is_skipped(ws):
    _dropped(ws)
    before = files(ws)
    result = run(ws, "sales", "--to", "2027-Q1")
    assert result.exit_code == 0
    assert result.stdout.startswith("sales/growth was dropped: not carried\n")
    assert files(ws) == before


def test_in_chinese(ws):
    result = run(ws, "sales", "--to", "2027-Q1", lang="zh-CN")
    assert result.exit_code == 0, result.stderr
    golden("carry-sales.zh-CN.txt", result.stdout)
    again = run(ws, "sales/growth", "--to", "2026-Q4", "--from", "2027-Q1", lang="zh-CN")
    assert again.stderr == ("okr: 2026-Q4 周期并不在 2027-Q1 之后开始：目标只能结转到之后的"
                            "周期\n")


def test_the_carried_files_pass_check(ws):
    """Carried top-down, every new file keeps its alignment and okr check passes."""
    for args in (("company",), ("purchasing", "--include-done"), ("sales",),
                 ("wang.qiang", "--include-done")):
        assert run(ws, *args, "--to", "2027-Q1").exit_code == 0
    check = Okr(ws)("--lang", "en", "check", env=JANUARY)
    assert check.exit_code == 0, check.stdout
    assert "2027-Q1/" not in check.stdout + check.stderr  # not even a warning:
    # the company went first, so each department kept its alignment
    assert "    aligns_to: company/supply\n" in q1(ws, "purchasing")
    assert "    aligns_to: company/customers\n" in q1(ws, "sales")


def test_a_carry_cut_short_is_finished_by_the_next_run(ws):
    """The target has the objective (carried_from the source) but the source's outcome
    does not say carried: the next run marks it and writes nothing else."""
    assert run(ws, "sales", "--to", "2027-Q1").exit_code == 0
    source = ws / "okrs/2026-Q4/sales.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("    outcome: carried\n", ""),
                      encoding="utf-8")
    before = files(ws)
    result = run(ws, "sales", "--to", "2027-Q1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "marked 1 objective carried in okrs/2026-Q4/sales.yaml: sales/growth\n")
    after = files(ws)
    assert added_lines(before["okrs/2026-Q4/sales.yaml"],
                       after["okrs/2026-Q4/sales.yaml"]) == ["    outcome: carried"]
    assert {k for k in after if after[k] != before.get(k)} == {"okrs/2026-Q4/sales.yaml"}


def test_a_narrow_terminal_keeps_what_went_indented(ws):
    result = Okr(ws)("--lang", "zh-CN", "carry", "company", "--to", "2027-Q1",
                     env={**JANUARY, "COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 60
    golden("carry-company.zh-CN.txt", result.stdout)
