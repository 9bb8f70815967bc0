"""Edits touch only their own lines: every other byte of the file stays as it was."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, model_of, read
from okrcli.edit import TextEdit, format_scalar
from okrcli.model import MIN_NUMBER
from okrcli.pipeline import Valid
from okrcli.services import Session, open_session
from okrcli.services.checkin import checkin

STYLES = sorted((DATA / "styles").glob("*.yaml"))
TODAY = dt.date(2026, 11, 26)


def make_workspace(root: Path) -> Session:
    owners = [p.stem for p in STYLES]
    teams = "".join(f"  - id: {o}\n" for o in owners)
    (root / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\nteams:\n" + teams,
        encoding="utf-8",
    )
    (root / "okrs").mkdir()
    for path in STYLES:
        shutil.copy(path, root / "okrs" / path.name)
    return open_session(root)


def key_results(path: Path) -> list[str]:
    doc = model_of(path)
    return [f"{doc.owner}/{o.id}/{k.id}" for o in doc.objectives for k in o.key_results]


def single_insertion(old: bytes, new: bytes) -> bytes:
    """The bytes inserted, asserting that nothing else changed."""
    prefix = 0
    while prefix < len(old) and prefix < len(new) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < len(old) - prefix and suffix < len(new) - prefix
           and old[-1 - suffix] == new[-1 - suffix]):
        suffix += 1
    assert prefix + suffix == len(old), "bytes of the old file were changed or removed"
    return new[prefix : len(new) - suffix]


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_every_style_file_is_valid(path):
    loaded = read(path)
    assert isinstance(loaded, Valid) and not loaded.findings, loaded.findings


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_untouched_file_saves_byte_identical(path):
    raw = path.read_bytes()
    loaded = read(path, raw)
    assert loaded.source.encode(TextEdit(loaded.source.text).text) == raw


CASES = [(p, ref) for p in STYLES for ref in key_results(p)]


@pytest.mark.parametrize(("path", "ref"), CASES, ids=[f"{p.stem}:{r}" for p, r in CASES])
def test_checkin_adds_only_its_own_lines(tmp_path, path, ref):
    ws = make_workspace(tmp_path)
    target = tmp_path / "okrs" / path.name
    before = target.read_bytes()
    old_model = model_of(target)
    kind = next(k.kind for o in old_model.objectives for k in o.key_results
                if f"{old_model.owner}/{o.id}/{k.id}" == ref)
    value = "done" if kind == "milestone" else "-5"
    checkin(ws, ref, value, TODAY, confidence=0.5, note="周报: 进展 #3")
    after = target.read_bytes()
    inserted = single_insertion(before, after)
    assert b"\xe5\x91\xa8\xe6\x8a\xa5" in inserted  # the note is in the inserted bytes
    if b"\r\n" in before:
        assert b"\n" not in inserted.replace(b"\r\n", b"")  # CRLF kept
    new_model = model_of(target)
    _, obj_id, kr_id = ref.split("/")
    for o_old, o_new in zip(old_model.objectives, new_model.objectives, strict=True):
        for k_old, k_new in zip(o_old.key_results, o_new.key_results, strict=True):
            if (o_old.id, k_old.id) == (obj_id, kr_id):
                assert k_new.checkins[:-1] == k_old.checkins
                last = k_new.checkins[-1]
                assert (last.date, last.confidence, last.note) == (TODAY, 0.5, "周报: 进展 #3")
                assert last.value == (True if kind == "milestone" else -5)
            else:
                assert k_new == k_old


def test_first_checkin_starts_a_list_in_the_files_style(tmp_path):
    ws = make_workspace(tmp_path)
    checkin(ws, "flush/o1/k2", "2", TODAY)
    text = (tmp_path / "okrs" / "flush.yaml").read_text()
    assert "  - id: k2\n    title: Fresh\n    start: 0\n    target: 3\n    checkins:\n" \
           "    - date: 2026-11-26\n      value: 2\n" in text
    checkin(ws, "four/o1/k2", "4", TODAY)
    text = (tmp_path / "okrs" / "four.yaml").read_text()
    assert "                target: 0\n                checkins:\n" \
           "                    -   date: 2026-11-26\n" \
           "                        value: 4\n" in text
    checkin(ws, "flow/o1/k3", "1", TODAY)
    checkin(ws, "flow/o1/k5", "1", TODAY)
    text = (tmp_path / "okrs" / "flow.yaml").read_text()
    assert "{id: k3, title: None yet, start: 0, target: 10, checkins: [{date: 2026-11-26, " \
           "value: 1}]}" in text
    assert "        checkins: [{date: 2026-11-26, value: 1}]\n" in text


def test_flow_list_keeps_its_spacing_and_comments(tmp_path):
    ws = make_workspace(tmp_path)
    checkin(ws, "flow/o1/k4", "4", TODAY)
    text = (tmp_path / "okrs" / "flow.yaml").read_text()
    assert "{ date: 2026-10-16, value: 3 }, { date: 2026-11-26, value: 4 }\n        ]" in text
    assert "},  # first\n" in text


@pytest.mark.parametrize(
    "value",
    ["plain", "周报", "a: b", "x #y", "#lead", "- dash", "true", "null", "12", "2026-01-01",
     "[x]", "{y}", "'q'", '"dq"', " pad ", "", "tab\there", "line\nbreak", "1e3", "~",
     "*star", "&amp", "!bang", "%pct", "@at", "`tick", "yes", "é\u0000", "\\back", "0?",
     "a?b", "x:y", "?"],
)
def test_scalars_read_back_as_written(value):
    from okrcli.yamlio import safe_yaml

    for flow in (False, True):
        text = format_scalar(value, flow=flow)
        doc = ("k: {a: " + text + "}\n") if flow else ("k: " + text + "\n")
        loaded = safe_yaml().load(doc)
        assert (loaded["k"]["a"] if flow else loaded["k"]) == value


NOTES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def numbers(low: float, high: float) -> st.SearchStrategy[float]:
    """Floats the model takes: 0, or at least MIN_NUMBER in size (see model.py)."""
    return st.floats(low, high, allow_nan=False).filter(
        lambda x: x == 0 or abs(x) >= MIN_NUMBER)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(
    st.tuples(st.sampled_from([r for p, r in CASES]),
              st.integers(-10**6, 10**6) | numbers(-1e6, 1e6),
              st.none() | numbers(0, 1),
              st.none() | NOTES),
    min_size=1, max_size=4))
def test_any_sequence_of_checkins_keeps_every_other_byte(tmp_path_factory, steps):
    root = tmp_path_factory.mktemp("ws")
    ws = make_workspace(root)
    for step, (ref, value, confidence, note) in enumerate(steps):
        owner = ref.split("/")[0]
        target = root / "okrs" / f"{owner}.yaml"
        before = target.read_bytes()
        milestone = ref in ("two/o1/k3",)
        # One date per step (a second check-in on a date is a correction, --amend), and
        # any value, however far from the key result's range (--force).
        checkin(ws, ref, ("done" if value > 0 else "not-done") if milestone
                else repr(value), TODAY, confidence=confidence, note=note,
                day=TODAY - dt.timedelta(days=step), force=True)
        single_insertion(before, target.read_bytes())
        kr = next(k for o in model_of(target).objectives
                  for k in o.key_results if f"{owner}/{o.id}/{k.id}" == ref)
        assert kr.checkins[-1].note == (note or None)
        if not milestone:
            assert kr.checkins[-1].value == pytest.approx(value)
