"""Every file under examples/ passes `okr check`, and the seed shows what it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, Okr

WORKSPACES = sorted(p.parent for p in (ROOT / "examples").rglob("okr.yaml"))


@pytest.mark.parametrize("workspace", WORKSPACES, ids=lambda p: p.name)
def test_every_example_passes_check(workspace: Path):
    okr = Okr(workspace)
    result = okr("check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    errors = [d for d in json.loads(result.stdout) if d["severity"] == "error"]
    assert errors == []
    files = {p.relative_to(workspace).as_posix() for p in workspace.rglob("*.yaml")}
    assert "okr.yaml" in files and len(files) > 1


def test_the_seed_is_what_design_promises(example):
    okr = Okr(example)
    data = json.loads(okr("status", "--format", "json").stdout)
    teams = [o["owner"] for o in data["owners"]]
    assert teams[:6] == ["company", "purchasing", "sales", "marketing", "service",
                         "engineering"]
    assert len(teams) >= 8  # and at least two people
    krs = [kr for o in data["owners"] for obj in o["objectives"] for kr in obj["key_results"]]
    assert len(krs) >= 15
    assert {kr["kind"] for kr in krs} == {"metric", "threshold", "milestone"}
    statuses = {kr["status"] for kr in krs if not kr["dropped"]}
    assert statuses >= {"done", "on_track", "at_risk", "off_track", "pending"}
    for owner in data["owners"][1:]:
        for objective in owner["objectives"]:
            assert objective["aligns_to"], objective["ref"]
    checkin_weeks = {kr["last_checkin"] for kr in krs if kr["last_checkin"]}
    assert len(checkin_weeks) >= 3
    titles = " ".join(kr["title"] for kr in krs)
    for phrase in ("十家", "环保", "50%", "500人", "90分", "5%", "10%"):
        assert phrase in titles, phrase


def test_the_closed_quarter_is_what_issue_12_promises(example):
    """2026-Q3, the platform's first quarter, closed on 2026-10-09: graded, every objective
    with an outcome, two of them carried into 2026-Q4 with their ids and last values."""
    from okrcli.grading import outcome_of
    from okrcli.yamlio import safe_yaml

    config = safe_yaml().load((example / "okr.yaml").read_text(encoding="utf-8"))
    assert [c["id"] for c in config["cycles"]] == ["2026-Q3", "2026-Q4"]
    assert str(config["cycles"][0]["closed"]) == "2026-10-09"
    okr = Okr(example)
    q3 = json.loads(okr("status", "--cycle", "2026-Q3", "--format", "json").stdout)
    q4 = json.loads(okr("status", "--format", "json").stdout)
    grades = json.loads(okr("grade", "--cycle", "2026-Q3", "--format", "json").stdout)
    assert [o["owner"] for o in q3["owners"]] == ["company", "purchasing", "sales",
                                                  "marketing", "li.na"]
    objectives = {o["ref"]: o for owner in q3["owners"] for o in owner["objectives"]}
    krs = [kr for o in objectives.values() for kr in o["key_results"]]
    assert {kr["kind"] for kr in krs} == {"metric", "threshold", "milestone"}
    assert all(kr["grade"] is not None for kr in krs if not kr["dropped"])
    assert [kr["ref"] for kr in krs if kr["dropped"]] == ["sales/growth/chain-stores"]
    judged = [kr for kr in krs if kr["grade_note"]]
    assert len(judged) >= 2 and any(kr["grade"] != round(kr["score"], 2) for kr in judged)
    for kr in krs:  # the others are what okr cycle close writes: the score, rounded
        if not kr["dropped"] and not kr["grade_note"]:
            assert kr["grade"] == round(kr["score"], 2), kr["ref"]
    for row in grades["objectives"]:  # outcomes as close derives them, but the carried
        derived = outcome_of(row["committed"], row["grade"], False)
        assert row["outcome"] in (derived, "carried"), row["ref"]
    assert {r["outcome"] for r in grades["objectives"]} == {"achieved", "partial", "missed",
                                                            "carried"}
    assert [r["ref"] for r in grades["objectives"] if r["committed"]] == ["company/supply"]
    assert {r["band"] for r in grades["objectives"] if not r["committed"]} == {
        "red", "yellow", "green"}
    assert sum(o["retro"] is not None for o in objectives.values()) >= len(objectives) - 1
    for ref, o in objectives.items():  # aligned within the quarter, to the company
        assert ref.startswith("company/") or o["aligns_to"], ref
    # Carried into 2026-Q4: the same id, carried_from, each metric starting at Q3's end.
    carried = sorted(r["ref"] for r in grades["objectives"] if r["outcome"] == "carried")
    assert carried == ["marketing/awareness", "sales/growth"]
    q4_objectives = {o["ref"]: o for owner in q4["owners"] for o in owner["objectives"]}
    assert sorted(r for r, o in q4_objectives.items() if o["carried_from"]) == carried
    for ref in carried:
        assert q4_objectives[ref]["carried_from"] == f"2026-Q3/{ref}"
        before = {kr["ref"]: kr for kr in objectives[ref]["key_results"]}
        unfinished = {r for r, kr in before.items() if not kr["dropped"] and kr["grade"] < 1}
        assert unfinished <= {kr["ref"] for kr in q4_objectives[ref]["key_results"]}
        for kr in q4_objectives[ref]["key_results"]:
            if kr["ref"] in before and kr["kind"] == "metric":
                assert kr["start"] == before[kr["ref"]]["current"], kr["ref"]
    # The example passes okr check: nothing in a closed cycle dated after its close.
    found = json.loads(okr("check", "--format", "json").stdout)
    assert not [f for f in found if "2026-Q3" in f["path"]]
