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
