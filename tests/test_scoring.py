"""The numbers, table-driven: every case names its inputs and the expected result."""

from __future__ import annotations

import datetime as dt

import pytest

from okrcli import cycles, grading, scoring
from okrcli.model import Cycle, KeyResult, Objective

D = dt.date.fromisoformat
Q4 = Cycle(id="q4", start=D("2026-10-01"), end=D("2026-12-31"))
TH = scoring.Thresholds()
MID = D("2026-11-15")  # expected = 45/91


def kr(checkins=(), **fields) -> KeyResult:
    data = {"id": "k", "title": "t", "start": 0, "target": 100, **fields}
    if fields.get("kind") in ("threshold", "milestone"):
        data.pop("start", None)
        data.pop("target", None)
    data["checkins"] = [{"date": D(d), "value": v, **extra} for d, v, *rest in checkins
                        for extra in [rest[0] if rest else {}]]
    return KeyResult.model_validate(data)


@pytest.mark.parametrize(
    ("name", "key_result", "today", "current", "progress", "score", "status"),
    [
        ("no check-ins", kr(), MID, 0, 0.0, 0.0, "pending"),
        ("rising", kr([("2026-10-10", 40)]), MID, 40, 0.4, 0.4, "on_track"),
        ("falling target", kr([("2026-11-01", 6.5)], start=8, target=5), MID, 6.5, 0.5, 0.5,
         "on_track"),
        ("overachieved", kr([("2026-11-01", 130)]), MID, 130, 1.3, 1.0, "done"),
        ("below start", kr([("2026-11-01", -20)]), MID, -20, -0.2, 0.0, "off_track"),
        ("falling, worse than start", kr([("2026-11-01", 9)], start=8, target=5), MID, 9,
         -1 / 3, 0.0, "off_track"),
        ("latest by date, not by order",
         kr([("2026-11-01", 70), ("2026-10-01", 10)]), MID, 70, 0.7, 0.7, "on_track"),
        ("two on one day: the later written wins",
         kr([("2026-11-01", 30), ("2026-11-01", 35)]), MID, 35, 0.35, 0.35, "on_track"),
        ("check-in after today ignored", kr([("2026-10-05", 20), ("2026-12-01", 90)]), MID,
         20, 0.2, 0.2, "at_risk"),
        ("threshold holds", kr([("2026-11-01", 99.7)], kind="threshold", above=99.5), MID,
         99.7, None, 1.0, "on_track"),
        ("threshold broken", kr([("2026-11-01", 99.1)], kind="threshold", above=99.5), MID,
         99.1, None, 0.0, "off_track"),
        ("threshold below", kr([("2026-11-01", 4)], kind="threshold", below=5), MID, 4, None,
         1.0, "on_track"),
        ("threshold pending", kr(kind="threshold", below=5), MID, None, None, 0.0, "pending"),
        ("milestone done", kr([("2026-11-01", True)], kind="milestone"), MID, True, None, 1.0,
         "done"),
        # A milestone not done is on track until its due date (not judged by the share
        # of time passed), off track after it; pending while it has no check-in.
        ("milestone undone again", kr([("2026-10-01", True), ("2026-11-01", False)],
                                      kind="milestone"), MID, False, None, 0.0, "on_track"),
        ("milestone not done, 90% of its time gone",
         kr([("2026-11-01", False)], kind="milestone"), D("2026-12-22"), False, None, 0.0,
         "on_track"),
        ("milestone not done on its due date",
         kr([("2026-11-01", False)], kind="milestone", due=D("2026-11-15")), MID, False,
         None, 0.0, "on_track"),
        ("milestone not done after its due date",
         kr([("2026-11-01", False)], kind="milestone", due=D("2026-11-14")), MID, False,
         None, 0.0, "off_track"),
        ("milestone pending", kr(kind="milestone"), MID, None, None, 0.0, "pending"),
        ("milestone without a check-in, past due",
         kr(kind="milestone", due=D("2026-11-14")), MID, None, None, 0.0, "off_track"),
        ("milestone done late is done",
         kr([("2026-11-15", True)], kind="milestone", due=D("2026-11-01")), MID, True, None,
         1.0, "done"),
    ],
)
def test_key_result_numbers(name, key_result, today, current, progress, score, status):
    st = scoring.evaluate_kr(key_result, Q4, today, TH)
    assert st.current == current
    assert st.progress == pytest.approx(progress) if progress is not None else \
        st.progress is None
    assert st.score == pytest.approx(score)
    assert st.status == status


EXPECTED_AT = [
    ("before the cycle", "2026-09-01", 0.0),
    ("first day", "2026-10-01", 0.0),
    ("middle", "2026-11-15", 45 / 91),
    ("last day", "2026-12-31", 1.0),
    ("after the end", "2027-01-10", 1.0),
]


@pytest.mark.parametrize(("name", "day", "expected"), EXPECTED_AT)
def test_expected_progress(name, day, expected):
    assert scoring.expected_progress(Q4.start, Q4.end, D(day)) == pytest.approx(expected)


def test_expected_uses_due_date():
    assert scoring.expected_progress(Q4.start, D("2026-10-31"), D("2026-10-16")) == \
        pytest.approx(15 / 30)


# gap = score - expected; expected is 0.5 on 2026-10-16 for a KR due 2026-10-31.
@pytest.mark.parametrize(
    ("value", "status"),
    [
        (50, "on_track"),   # gap 0
        (30, "on_track"),   # gap -0.2 exactly: on track
        (29, "at_risk"),    # gap -0.21
        (10, "at_risk"),    # gap -0.4 exactly: at risk
        (9, "off_track"),   # gap -0.41
        (100, "done"),
    ],
)
def test_status_boundaries(value, status):
    key_result = kr([("2026-10-16", value)], due=D("2026-10-31"))
    assert scoring.evaluate_kr(key_result, Q4, D("2026-10-16"), TH).status == status


def test_custom_thresholds():
    key_result = kr([("2026-10-16", 30)], due=D("2026-10-31"))
    strict = scoring.Thresholds(on_track_gap=-0.1, at_risk_gap=-0.15)
    assert scoring.evaluate_kr(key_result, Q4, D("2026-10-16"), strict).status == "off_track"


@pytest.mark.parametrize(
    ("name", "checkins", "today", "stale"),
    [
        ("fresh", [("2026-11-10", 10)], D("2026-11-20"), False),
        ("exactly 14 days", [("2026-11-06", 10)], D("2026-11-20"), False),
        ("15 days", [("2026-11-05", 10)], D("2026-11-20"), True),
        ("none, cycle young", [], D("2026-10-10"), False),
        ("none, cycle old", [], D("2026-10-20"), True),
        ("cycle not started", [], D("2026-09-20"), False),
        ("cycle ended", [("2026-10-05", 10)], D("2027-01-05"), False),
        ("done is never stale", [("2026-10-05", 100)], D("2026-12-01"), False),
    ],
)
def test_stale(name, checkins, today, stale):
    assert scoring.evaluate_kr(kr(checkins), Q4, today, TH).stale is stale


def test_cycle_not_started_is_pending_with_nothing_expected():
    st = scoring.evaluate_kr(kr(), Q4, D("2026-09-15"), TH)
    assert (st.expected, st.status, st.stale) == (0.0, "pending", False)


def test_cycle_ended_expects_everything():
    st = scoring.evaluate_kr(kr([("2026-12-20", 80)]), Q4, D("2027-01-05"), TH)
    assert st.expected == 1.0
    assert st.status == "on_track"  # gap -0.2
    st = scoring.evaluate_kr(kr([("2026-12-20", 50)]), Q4, D("2027-01-05"), TH)
    assert st.status == "off_track"


def test_as_of_undoes_later_changes_and_drops():
    key_result = KeyResult.model_validate({
        "id": "k", "title": "t", "start": 0, "target": 80, "due": D("2026-11-30"),
        "changes": [{"date": D("2026-11-01"), "field": "target", "old": 100, "new": 80,
                     "reason": "r"},
                    {"date": D("2026-11-02"), "field": "due", "old": None,
                     "new": D("2026-11-30"), "reason": "r"}],
        "dropped": {"date": D("2026-11-20"), "reason": "r"},
        "checkins": [{"date": D("2026-10-20"), "value": 40}],
    })
    before = scoring.evaluate_kr(key_result, Q4, D("2026-10-25"), TH)
    assert (before.target, before.due, before.score, before.dropped) == (
        100, Q4.end, 0.4, False)
    after = scoring.evaluate_kr(key_result, Q4, D("2026-11-25"), TH)
    assert (after.target, after.due, after.score, after.dropped) == (
        80, D("2026-11-30"), 0.5, True)


def _objective(oid, krs=(), aligns_to=None, weights=None):
    items = []
    for i, value in enumerate(krs):
        items.append({"id": f"k{i}", "title": "t", "start": 0, "target": 100,
                      "weight": (weights or [1] * len(krs))[i],
                      "checkins": [{"date": D("2026-10-10"), "value": value}]})
    return Objective.model_validate({"id": oid, "title": "t", "aligns_to": aligns_to,
                                     "key_results": items})


def test_weights_rollup_and_owner_mean():
    items = [
        ("company", _objective("c")),  # no key results: takes its roll-up
        ("company", _objective("d", [50])),
        ("sales", _objective("s", [20, 80], "company/c", weights=[1, 3])),  # (20+240)/4 = 65
        ("ops", _objective("o", [30], "company/c/k0")),  # aligned to a KR of c: counts for c
        ("li", _objective("l", [90], "sales/s")),
    ]
    states = scoring.evaluate_objectives(items, Q4, MID, TH)
    assert states["sales/s"].score == pytest.approx(0.65)
    assert states["sales/s"].rollup == pytest.approx(0.9)
    assert states["company/c"].rollup == pytest.approx((0.65 + 0.3) / 2)
    assert states["company/c"].score == states["company/c"].rollup
    assert states["company/d"].rollup is None
    empty = scoring.evaluate_objectives([("x", _objective("e"))], Q4, MID, TH)["x/e"]
    assert (empty.score, empty.rollup, empty.status) == (None, None, "pending")
    assert scoring.mean([0.5, None, 1.0]) == 0.75


def test_dropped_key_results_count_in_no_score():
    objective = Objective.model_validate({"id": "o", "title": "t", "key_results": [
        {"id": "a", "title": "t", "start": 0, "target": 10,
         "checkins": [{"date": D("2026-10-10"), "value": 10}]},
        {"id": "b", "title": "t", "start": 0, "target": 10,
         "dropped": {"date": D("2026-10-11"), "reason": "r"}},
    ]})
    state = scoring.evaluate_objectives([("x", objective)], Q4, MID, TH)["x/o"]
    assert state.score == 1.0
    assert state.status == "done"


def test_alignment_loop_does_not_hang():
    items = [("a", _objective("x", aligns_to="b/y")), ("b", _objective("y", aligns_to="a/x"))]
    states = scoring.evaluate_objectives(items, Q4, MID, TH)
    assert states["a/x"].score is None


def test_objective_status_is_the_worst():
    S = scoring.Status
    assert scoring.worst_status([S.DONE, S.ON_TRACK, S.AT_RISK]) is S.AT_RISK
    assert scoring.worst_status([S.DONE, S.PENDING]) is S.PENDING
    assert scoring.worst_status([S.OFF_TRACK, S.PENDING]) is S.OFF_TRACK
    assert scoring.worst_status([]) is S.PENDING


@pytest.mark.parametrize(
    ("score", "band"),
    [(0.0, "red"), (0.39, "red"), (0.4, "yellow"), (0.69, "yellow"), (0.7, "green"),
     (1.0, "green"), (None, None)],
)
def test_grade_bands(score, band):
    assert grading.band(score) == band


def test_current_cycle():
    q3 = Cycle(id="q3", start=D("2026-07-01"), end=D("2026-09-30"))
    q1 = Cycle(id="q1", start=D("2027-01-01"), end=D("2027-03-31"))
    assert cycles.current_cycle([q3, Q4, q1], D("2026-11-01")) is Q4
    assert cycles.current_cycle([q3, q1], D("2026-11-01")) is q3  # started last
    assert cycles.current_cycle([q1], D("2026-11-01")) is q1
    assert cycles.current_cycle([], D("2026-11-01")) is None


@pytest.mark.parametrize(
    ("name", "key_result", "value", "previous", "better"),
    [
        ("metric up to a higher target", kr(), 40, 30, True),
        ("metric down from a higher target", kr(), 30, 40, False),
        ("falling target, down", kr(start=30, target=24), 29, 30, True),
        ("falling target, up: a delivery time from 29 to 30 hours", kr(start=30, target=24),
         30, 29, False),
        ("no move", kr(), 30, 30, None),
        ("first check-in of a threshold", kr(kind="threshold", above=99.5), 99.7, None, None),
        ("threshold above, up", kr(kind="threshold", above=99.5), 99.7, 99.4, True),
        ("threshold below, up", kr(kind="threshold", below=5), 6, 4, False),
        ("milestone done", kr(kind="milestone"), True, False, True),
        ("milestone undone", kr(kind="milestone"), False, True, False),
    ],
)
def test_better(name, key_result, value, previous, better):
    st = scoring.evaluate_kr(key_result, Q4, MID, TH)
    assert scoring.better(key_result.kind, st, value, previous) is better


def test_expected_marker_only_for_metrics():
    assert scoring.shows_expected("metric")
    assert not scoring.shows_expected("threshold")
    assert not scoring.shows_expected("milestone")


def test_an_objective_measured_by_its_roll_up_takes_its_status_and_counts_scored_ones():
    """A company objective without key results of its own: its status is the worst of
    the objectives aligned to it (not "pending" for ever); a dropped one of them counts
    in neither the roll-up's mean nor its status, and rollup_of says how many did."""
    dropped = Objective.model_validate({
        **_objective("x", [0], "company/c").model_dump(),
        "dropped": {"date": D("2026-11-01"), "reason": "r"}})
    items = [
        ("company", _objective("c")),
        ("sales", _objective("s", [40], "company/c")),  # on track at MID (expected 0.49)
        ("ops", _objective("o", [5], "company/c")),  # off track
        ("hr", dropped),
    ]
    states = scoring.evaluate_objectives(items, Q4, MID, TH)
    company = states["company/c"]
    assert states["hr/x"].dropped and states["hr/x"].score is None
    assert company.rollup == pytest.approx((0.4 + 0.05) / 2)
    assert company.rollup_of == 2
    assert company.status == "off_track"
    only_good = scoring.evaluate_objectives(items[:2], Q4, MID, TH)
    assert only_good["company/c"].status == "on_track"
    assert grading.objective_grades(states)["hr/x"] is None


def test_two_changes_of_one_day_are_undone_last_written_first():
    """target 150 -> 120 -> 100 on one day: before that day the target was 150, and the
    first goalposts (the retro's "against the original") say 150 too."""
    import datetime as dt

    from okrcli import grading
    from okrcli.model import Cycle, KeyResult

    kr = KeyResult.model_validate({
        "id": "k", "title": "t", "start": 0, "target": 100, "changes": [
            {"date": "2026-11-05", "field": "target", "old": 150, "new": 120, "reason": "a"},
            {"date": "2026-11-05", "field": "target", "old": 120, "new": 100, "reason": "b"}]})
    cycle = Cycle.model_validate({"id": "q", "start": "2026-10-01", "end": "2026-12-31"})
    assert scoring.effective(kr, cycle, dt.date(2026, 11, 4))["target"] == 150
    assert scoring.effective(kr, cycle, dt.date(2026, 11, 5))["target"] == 100
    assert grading.first_goalposts(kr)["target"] == 150
