"""okr checkin: negative values, misspelt options, drops, --amend, the same date, --force,
and the guided weekly check-in."""

from __future__ import annotations

import pytest

from conftest import model_of

LOSS = "sales/growth/loss"


def _kr(example, owner, obj, kr_id):
    path = example / "okrs" / "2026-Q4" / f"{owner}.yaml"
    objective = next(o for o in model_of(path).objectives if o.id == obj)
    return next(k for k in objective.key_results if k.id == kr_id)


def _files(example):
    return {p: p.read_bytes() for p in (example / "okrs").rglob("*.yaml")}


@pytest.fixture
def loss(okr, example):
    """A metric that starts and ends below zero."""
    result = okr("kr", "add", "sales/growth", "毛利亏损收窄", "--id", "loss", "--start", "-20",
                 "--target", "-3")
    assert result.exit_code == 0, result.stderr
    kr = _kr(example, "sales", "growth", "loss")
    assert (kr.start, kr.target) == (-20, -3)
    return LOSS


# --- negative numbers and misspelt options --------------------------------------------


def test_negative_values_are_values_and_options_still_parse(okr, example, loss):
    assert okr("checkin", loss, "-5", "--date", "2026-11-20").exit_code == 0
    result = okr("checkin", loss, "-0.5", "-c", "0.7")
    assert result.exit_code == 0, result.stderr
    assert "checked in sales/growth/loss = -0.5" in result.stdout
    result = okr("checkin", "-n", "-4 是备注", loss, "-4", "--date=2026-11-25")
    assert result.exit_code == 0, result.stderr
    got = [(str(c.date), c.value, c.confidence, c.note)
           for c in _kr(example, "sales", "growth", "loss").checkins]
    assert got == [("2026-11-20", -5, None, None), ("2026-11-26", -0.5, 0.7, None),
                   ("2026-11-25", -4, None, "-4 是备注")]
    result = okr("kr", "edit", loss, "--target", "-2", "--start", "-1e1", "--reason", "x")
    assert result.exit_code == 0, result.stderr
    kr = _kr(example, "sales", "growth", "loss")
    assert (kr.start, kr.target) == (-10, -2)


@pytest.mark.parametrize(("args", "wrong", "right"), [
    (["checkin", LOSS, "5", "--confidance", "0.8"], "--confidance", "--confidence"),
    (["checkin", LOSS, "-5", "--nte", "x"], "--nte", "--note"),
    (["kr", "add", "sales/growth", "t", "--targte", "-3"], "--targte", "--target"),
    (["kr", "edit", LOSS, "--reasn", "x", "--start", "-4"], "--reasn", "--reason"),
])
def test_a_misspelt_option_gets_did_you_mean(okr, example, loss, args, wrong, right):
    before = _files(example)
    result = okr(*args)
    assert result.exit_code == 2, result.stdout
    assert f"No such option: {wrong}. Did you mean {right}?" in result.stderr
    assert "unexpected extra argument" not in result.stderr
    assert _files(example) == before


def test_an_unknown_option_is_named(okr, example, loss):
    result = okr("checkin", loss, "-5", "--zzz")
    assert result.exit_code == 2 and "No such option: --zzz\n" in result.stderr
