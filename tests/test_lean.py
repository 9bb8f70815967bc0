"""Reading a whole workspace in a tenth of the memory (issue 13, point 2: no command over
500 MB at 10,000 files). ``status``, ``tree`` and ``grade`` of everyone read lean
(``Session.lean``): each file, once read, keeps its model without check-ins and its key
results' states on the days shown, not its bytes; ``okr status --format json`` writes
its owners as it makes them (``machine.Streamed``). Every answer is the one a full read
gives: the same states, the same problems at the same line and column, the same bytes
out."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, Okr, session
from okrcli import scoring
from okrcli.pipeline import Valid
from okrcli.render import machine
from okrcli.services import read

TODAY = dt.date(2026, 11, 20)
SINCE = dt.date(2026, 11, 1)
Q4 = Path("okrs") / "2026-Q4"


def _states(result) -> dict[str, tuple]:
    return {ref: (s.score, s.status, s.rollup, s.dropped,
                  [(kr.id, kr.title, st.score, st.status, st.current, st.confidence,
                    st.last_checkin, st.stale, st.expected) for kr, st in s.key_results])
            for ref, s in result.states.items()}


def test_a_lean_status_is_the_full_one_without_check_ins_or_bytes_held(example):
    full = read.status(session(example), None, TODAY, since=SINCE)
    opened = session(example)
    lean = read.status(opened, None, TODAY, since=SINCE, lean=True)
    assert _states(lean) == _states(full) and len(lean.states) >= 10
    assert {ref: s.score for ref, s in lean.before.items()} == {
        ref: s.score for ref, s in full.before.items()}
    assert [(o.owner, o.score, o.score_before) for o in lean.owners] == [
        (o.owner, o.score, o.score_before) for o in full.owners]
    assert any(kr.checkins for s in full.states.values() for kr, _ in s.key_results)
    held = [r for r in opened._readings.values() if isinstance(r, Valid)
            and r.model.cycle == lean.cycle.id]
    assert len(held) >= 5
    for reading in held:
        assert reading.source.raw == b""
        assert all(not kr.checkins for o in reading.model.objectives for kr in o.key_results)
    assert all(not st.checkins for s in lean.states.values() for _, st in s.key_results)
    # again in the same session: the same answer from what it kept; for other days, the
    # files are read again
    assert _states(read.status(opened, None, TODAY, since=SINCE, lean=True)) == _states(full)
    other = dt.date(2026, 10, 20)
    assert _states(read.status(opened, None, other, lean=True)) == _states(
        read.status(session(example), None, other))
    assert _states(read.status(opened, None, TODAY)) == _states(full)  # a full read after


@pytest.mark.parametrize("args", [("status",), ("status", "--format", "json"),
                                  ("status", "--format", "markdown"),
                                  ("status", "--since", "2026-11-01"), ("tree",),
                                  ("tree", "--format", "json"), ("grade",),
                                  ("grade", "--format", "json")])
def test_a_second_file_of_an_owner_is_named_at_its_place_as_before(tmp_path, args):
    """The first file of an owner is made lean as it is read; a second one keeps its
    bytes, so its finding (OKR104) is placed where a full read places it: the same
    output as for one owner's status, which reads in full."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    second = root / Q4 / "sales2.yaml"
    second.write_text("# the same owner again\n\n" + (root / Q4 / "sales.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    okr = Okr(root)
    result = okr(*args)
    assert result.exit_code == 1, result.output
    assert "okrs/2026-Q4/sales2.yaml:3:8: OKR104" in result.stderr
    one = okr("status", "sales")
    assert [line for line in result.stderr.splitlines() if "OKR104" in line] == [
        line for line in one.stderr.splitlines() if "OKR104" in line]


def test_the_json_of_everyones_status_is_written_as_it_is_made(example, monkeypatch):
    """The same text as one ``json.dumps`` of it, in pieces however small; a string with
    a workflow command or a bidi control is escaped wherever the pieces fall."""
    from okrcli.model import Objective

    result = read.status(session(example), None, TODAY, lean=True)
    state = next(iter(result.states.values()))
    title = "##[error]x\u202e" * 3
    state.objective = Objective.model_validate({**state.objective.model_dump(),
                                                "title": title})
    data = machine.status(result)
    owners = list(data["owners"])
    assert len(owners) == len(result.owners) > 5
    whole = json.dumps({**data, "owners": owners}, ensure_ascii=False, indent=2,
                       allow_nan=False)
    expected = whole.replace("\u202e", "\\u202e").replace("##[", "\\u0023#[") + "\n"
    monkeypatch.setattr(machine, "_SOME", 1)
    pieces = list(machine.pieces(machine.status(result)))
    assert len(pieces) > 100 and "".join(pieces) == expected
    monkeypatch.setattr(machine, "_SOME", 1 << 16)
    assert machine.dumps(machine.status(result)) == expected
    assert "##[" not in expected and json.loads(expected)["owners"][0]["objectives"]


def test_a_status_of_no_owner_is_an_empty_list(example):
    for path in (example / Q4).glob("*.yaml"):
        path.unlink()
    text = machine.dumps(machine.status(read.status(session(example), None, TODAY,
                                                    lean=True)))
    assert json.loads(text)["owners"] == [] and '"owners": []' in text


@pytest.mark.parametrize("until,since", [(TODAY, None), (TODAY, SINCE),
                                         (dt.date(2026, 12, 31), dt.date(2026, 10, 1)),
                                         (dt.date(2026, 10, 20), dt.date(2026, 10, 14))])
def test_a_lean_review_is_the_full_one(example, until, since):
    """The Markdown and JSON review keep of each key result only the check-ins it reads
    (``review.Needed``): after the window's start, the one before them, the last two with
    a confidence. The same review as from every check-in, in every window."""
    from okrcli.render import review

    full = read.report(session(example), None, until, since, origin=False)
    opened = session(example)
    lean = read.report(opened, None, until, since, origin=False, lean=True)
    assert review.markdown(lean, people=True) == review.markdown(full, people=True)
    assert machine.dumps(machine.report(lean)) == machine.dumps(machine.report(full))
    assert full.moved or full.attention  # the window holds news
    kept = [len(st.checkins) for s in lean.status.states.values() for _, st in s.key_results]
    every = [len(st.checkins) for s in full.status.states.values() for _, st in s.key_results]
    assert sum(kept) <= sum(every)
    if until == TODAY:  # check-ins weeks before the window are not kept
        assert sum(kept) < sum(every)


def test_the_review_needs_the_check_ins_around_its_window():
    from okrcli.model import Checkin
    from okrcli.services.review import Needed

    days = [dt.date(2026, 10, d) for d in (1, 8, 15, 22, 29)]
    checkins = tuple(Checkin(date=d, value=i, confidence=0.5 if i in (0, 1) else None)
                     for i, d in enumerate(days))
    keep = Needed(dt.date(2026, 10, 31), dt.date(2026, 10, 20))
    assert [c.value for c in keep(dt.date(2026, 10, 31), checkins)] == [0, 1, 2, 3, 4]
    assert [c.value for c in keep(dt.date(2026, 10, 31), checkins[2:])] == [2, 3, 4]
    assert keep(dt.date(2026, 10, 20), checkins) == ()  # the window's start: states only
    later = Needed(dt.date(2026, 10, 31), dt.date(2026, 10, 30))
    assert [c.value for c in later(dt.date(2026, 10, 31), checkins)] == [0, 1, 4]


def test_the_review_keeps_its_check_ins_small_and_their_notes_in_its_window():
    """What ``Needed`` keeps is a ``Seen`` each (no model: 64 bytes against 264), equal to
    the check-in it stands for, its note only after the window's start (the review shows
    no other: ``_moves``)."""
    import sys

    from okrcli.model import Checkin
    from okrcli.scoring import Seen
    from okrcli.services.review import Needed

    checkins = tuple(Checkin(date=dt.date(2026, 10, d), value=d, confidence=0.5, note=f"第{d}天")
                     for d in (1, 8, 15, 22, 29))
    kept = Needed(dt.date(2026, 10, 31), dt.date(2026, 10, 20))(dt.date(2026, 10, 31), checkins)
    assert all(type(c) is Seen for c in kept)
    assert [c.note for c in kept] == [None, "第22天", "第29天"]
    assert kept[1:] == checkins[3:] and kept[0] != checkins[2]  # its note left out
    assert [(c.date, c.value, c.confidence) for c in kept] == [
        (c.date, c.value, c.confidence) for c in checkins[2:]]
    assert sys.getsizeof(kept[0]) < sys.getsizeof(checkins[0]) + sys.getsizeof(
        checkins[0].__dict__)


def test_the_sites_pages_draw_every_check_in_from_each_owner_read_again(example):
    """The site's report is lean (the review's check-ins); each owner's page reads its
    file whole again for its charts: every page the same as from a whole report."""
    from okrcli.render import site as pages
    from okrcli.results import Site
    from okrcli.services import site

    made = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    opened = session(example)
    lean = site.site(opened, None, TODAY, SINCE)
    assert lean.whole is not None
    full = site.site(session(example), None, TODAY, SINCE)
    full = Site(read.report(session(example), None, TODAY, SINCE, origin=True),
                full.parents)
    ours, theirs = dict(pages.pages(lean, made)), dict(pages.pages(full, made))
    assert ours == theirs and len(ours) >= 10
    kept = [len(st.checkins) for s in lean.report.status.states.values()
            for _, st in s.key_results]
    every = [len(st.checkins) for s in full.report.status.states.values()
             for _, st in s.key_results]
    assert sum(kept) < sum(every)
    assert 'class="chart' in ours["owners/sales.html"] or "<svg" in ours["owners/sales.html"]


@pytest.mark.parametrize("args", [("status", "--format", "json"), ("tree",), ("grade",),
                                  ("report",), ("report", "--format", "json"),
                                  ("status", "--since", "2026-11-01")])
def test_read_lean_on_every_core_the_same_answer(example, monkeypatch, args):
    """Above a few dozen files the lean reads run in children (``forked``), each sending
    its lean files back pickled: the same output as read here, and none read again."""

    _second_sales(example)
    okr = Okr(example)
    alone = okr(*args, env={"OKR_JOBS": "1", "OKR_NO_CACHE": "1"})
    sent, loaded = _on_every_core(monkeypatch)
    both = okr(*args, env={"OKR_JOBS": "2", "OKR_NO_CACHE": "1"})
    assert (both.exit_code, both.stdout, both.stderr) == (
        alone.exit_code, alone.stdout, alone.stderr)
    assert sent and sent[0] >= 9 and "OKR104" in both.stderr
    assert loaded and None not in loaded  # every file a child sent was taken


def _second_sales(root: Path) -> None:
    """A second file of sales, sorting after its first, with other values: read in full
    where it is named (OKR104), never shown as sales'."""
    text = (root / Q4 / "sales.yaml").read_text(encoding="utf-8")
    (root / Q4 / "sales2.yaml").write_text(text.replace("value: 60", "value: 99"),
                                           encoding="utf-8")


def _on_every_core(monkeypatch) -> tuple[list[int], list[object]]:
    """Lean reads forked from two files on, with the items mapped and what each payload
    a child sent became (None: it did not load, the file was read again)."""
    from okrcli import forked
    from okrcli.services.lean import Lean

    monkeypatch.setattr(forked, "LEAST", 2)
    sent: list[int] = []
    loaded: list[object] = []
    real_mapped, real_attached = forked.mapped, Lean.attached

    def mapped(fn, items, **kwargs):
        sent.append(len(items))
        return real_mapped(fn, items, **kwargs)

    def attached(self, path, payload):
        loaded.append(real_attached(self, path, payload))
        return loaded[-1]

    monkeypatch.setattr(forked, "mapped", mapped)
    monkeypatch.setattr(Lean, "attached", attached)
    return sent, loaded


def test_the_sites_page_of_an_owner_with_two_files_is_its_first_on_every_core(
        example, monkeypatch):
    """The site's page of an owner draws the file its objectives come from (the first),
    however many cores read the workspace."""
    from okrcli.render import site as pages
    from okrcli.services import site

    _second_sales(example)
    made = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setenv("OKR_NO_CACHE", "1")
    monkeypatch.setenv("OKR_JOBS", "1")
    alone = dict(pages.pages(site.site(session(example), None, TODAY, SINCE), made))
    monkeypatch.setenv("OKR_JOBS", "2")
    _sent, loaded = _on_every_core(monkeypatch)
    both = dict(pages.pages(site.site(session(example), None, TODAY, SINCE), made))
    assert loaded and None not in loaded
    assert both == alone
    page = both["owners/sales.html"]
    assert "60 → 120" in page and "99 → 120" not in page, page


def test_a_lean_file_that_does_not_load_is_read_here(example):
    from okrcli.services.lean import Lean

    opened = session(example)
    cycle = opened.config.cycle("2026-Q4")
    lean = Lean(cycle, [TODAY], scoring.thresholds(opened.config.settings))
    assert lean.attached(example / Q4 / "sales.yaml", b"not a pickle") is None
    from okrcli import pickling, pipeline
    from okrcli.model import OkrFile

    path = example / Q4 / "sales.yaml"
    doc = pipeline.read(path, path.read_bytes(), OkrFile).model
    states = ((tuple(() for _ in doc.objectives)),)  # no state for any key result
    sums = (tuple((None, scoring.Status.PENDING) for _ in doc.objectives),)
    assert lean.attached(path, pickling.dumps((doc, (), False, "\n", states, sums))) is None
    # the right states, sums of another shape (or none): read here too
    good = (tuple(tuple(scoring.evaluate_kr(kr, cycle, TODAY, lean.th) for kr in o.key_results)
                  for o in doc.objectives),)
    assert lean.attached(path, pickling.dumps((doc, (), False, "\n", good))) is None
    for bad in ((), (sums[0][:-1],), ((("0.5", scoring.Status.DONE),) * len(doc.objectives),),
                (((0.5, "done"),) * len(doc.objectives),)):
        assert lean.attached(path, pickling.dumps((doc, (), False, "\n", good, bad))) is None
    assert lean.known[TODAY] == {} and not lean.ids
    assert lean.attached(path, pickling.dumps((doc, (), False, "\n", good, sums))) is not None


def test_a_lean_file_sent_back_is_the_one_made_here(example):
    """What a child sends (``Lean.detached``) loads as the lean file made here, its
    states alike, sharing again the lists and words a lean copy shares."""
    from okrcli import pipeline
    from okrcli.model import OkrFile
    from okrcli.services.lean import Lean

    opened = session(example)
    cycle = opened.config.cycle("2026-Q4")
    th = scoring.thresholds(opened.config.settings)
    here, there = Lean(cycle, [TODAY, SINCE], th), Lean(cycle, [TODAY, SINCE], th)
    path = example / Q4 / "sales.yaml"
    reading = pipeline.read(path, path.read_bytes(), OkrFile)
    made = here.made(reading)
    sent = there.attached(path, there.detached(reading))
    assert sent is not None and sent.model == made.model and sent.source.raw == b""
    for day in (TODAY, SINCE):
        ours = [[(kr.id, st) for kr, st in here.known[day][id(o)]] for o in made.model.objectives]
        theirs = [[(kr.id, st) for kr, st in there.known[day][id(o)]]
                  for o in sent.model.objectives]
        assert ours == theirs
        # what each objective's key results come to, kept with them: what a full
        # evaluation computes from them
        full = scoring.evaluate_objectives([("sales", o) for o in reading.model.objectives],
                                           cycle, day, th)
        for lean, doc in ((here, made.model), (there, sent.model)):
            for o in doc.objectives:
                kept = lean.known[day][id(o)]
                assert type(kept) is scoring.Scored
                assert (kept.own, kept.worst) == scoring.summed(kept)
                assert kept.own == full[f"sales/{o.id}"].own_score
    for model in (made.model, sent.model):
        krs = [kr for o in model.objectives for kr in o.key_results]
        assert len({id(kr.checkins) for kr in krs}) == 1
        assert len({id(kr.changes) for kr in krs if not kr.changes}) == 1
        assert len({id(kr.kind) for kr in krs}) == 1


def test_a_lean_file_from_the_cache_holds_its_models_in_key_sharing_dicts(example, tmp_path,
                                                                         monkeypatch):
    """Loaded in a process that validated no file (a reading command on a warm cache), a
    lean file's models keep their values in dicts that share their class's keys: a key
    result in 200 bytes against 464 for a dict of its own (a fifth of 10,000 lean files
    held). Where the sharing is gone, each gets the dict it came with, equal."""
    import platform
    import subprocess
    import sys

    from okrcli import pipeline, slim
    from okrcli.model import Checkin, KeyResult, OkrFile
    from okrcli.services.lean import Lean

    opened = session(example)
    th = scoring.thresholds(opened.config.settings)
    lean = Lean(opened.config.cycle("2026-Q4"), [TODAY], th)
    path = example / Q4 / "sales.yaml"
    payload = tmp_path / "lean.bin"
    payload.write_bytes(lean.detached(pipeline.read(path, path.read_bytes(), OkrFile)))
    probe = (
        "import sys; from pathlib import Path; from okrcli import pickling\n"
        f"doc = pickling.loads(Path({str(payload)!r}).read_bytes())[0]\n"
        "krs = [kr for o in doc.objectives for kr in o.key_results]\n"
        "print(len(krs), sum(sys.getsizeof(kr.__dict__) for kr in krs),"
        " sum(sys.getsizeof(dict(kr.__dict__)) for kr in krs))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    count, shared, own = map(int, done.stdout.split())
    assert count >= 3
    if platform.python_implementation() == "CPython":
        assert shared * 4 < own * 3  # 200 against 464 bytes from a few dozen on
    # a class whose instances share no keys: the values given, as they are
    given = KeyResult(id="k1", title="三个客户")
    values = dict(given.__dict__)
    monkeypatch.setattr(slim, "_UNSHARED", {KeyResult})
    monkeypatch.setattr(slim, "_PROTO", {})
    copy = object.__new__(KeyResult)
    assert slim.filled(copy, values) is values and copy.__dict__ is values
    object.__setattr__(copy, "__pydantic_fields_set__", given.__pydantic_fields_set__)
    object.__setattr__(copy, "__pydantic_extra__", None)
    object.__setattr__(copy, "__pydantic_private__", None)
    assert copy == given
    # sharing gone (the dict filled is no smaller): found out once, then the values given
    monkeypatch.setattr(slim, "_UNSHARED", set())
    monkeypatch.setattr(slim, "_SHARES", True)
    monkeypatch.setattr(slim, "_PROTO", {})
    fresh = dict(given.__dict__)
    monkeypatch.setattr(sys, "getsizeof", lambda d: 1 if d is fresh else 2)
    again = object.__new__(KeyResult)
    assert slim.filled(again, fresh) is fresh and again.__dict__ is fresh
    assert KeyResult in slim._UNSHARED and len(slim._UNSHARED) == 1
    monkeypatch.undo()
    # after the first, a copy of the first dict with the values put in; values that lack
    # a name of it keep none of the first's (the values given, as they are)
    monkeypatch.setattr(slim, "_UNSHARED", set())
    monkeypatch.setattr(slim, "_PROTO", {})
    first, second = object.__new__(KeyResult), object.__new__(KeyResult)
    slim.filled(first, dict(given.__dict__))
    other_values = {**given.__dict__, "title": "四个客户"}
    assert slim.filled(second, dict(other_values)) == other_values == second.__dict__
    assert second.__dict__ is not first.__dict__ and first.__dict__["title"] == "三个客户"
    short = {k: v for k, v in given.__dict__.items() if k != "title"}
    third = object.__new__(KeyResult)
    assert slim.filled(third, short) is short and "title" not in third.__dict__
    # a name that is no field of the model is never set as an attribute
    monkeypatch.setattr(slim, "_UNSHARED", set())
    monkeypatch.setattr(slim, "_PROTO", {})
    odd = {**given.__dict__, "__class__": Checkin}
    other = object.__new__(KeyResult)
    assert slim.filled(other, odd) is odd and type(other) is KeyResult


def test_a_reader_that_stops_early_gets_no_error_and_141(tmp_path):
    """The JSON of everyone's status is written as it is made, like the table of
    ``--all``: a reader that stops (``| head``) ends it quietly with 141, as git does."""
    import os
    import subprocess
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from gen_workspace import generate

    root = tmp_path / "big"
    generate(root, 150, objectives=2, krs=2, checkins=3)
    env = {**os.environ, "OKR_TODAY": "2026-11-26", "OKR_NO_CACHE": "1", "NO_COLOR": "1"}
    for args in (["status", "--format", "json"], ["status", "--all"]):
        run = subprocess.Popen([sys.executable, "-m", "okrcli", *args, "--root", str(root)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert run.stdout is not None and run.stderr is not None
        head = run.stdout.read(10)
        run.stdout.close()
        error = run.stderr.read()
        assert run.wait(timeout=120) == 141, (args, error)
        assert head and error == b"", args


def _parses(monkeypatch) -> list[str]:
    """The OKR files made lean from here on (read, from the disk or from the readings
    cache, not loaded lean from the user's cache)."""
    from okrcli.services.lean import Lean

    seen: list[str] = []
    real = Lean._made

    def counted(self, reading):
        seen.append(reading.path.name)
        return real(self, reading)

    monkeypatch.setattr(Lean, "_made", counted)
    return seen


def test_lean_files_of_the_same_day_load_from_the_users_cache(example, monkeypatch, tmp_path):
    """A command of the same day, for the same days, loads each unchanged file's lean
    form from the user's cache (``<cache>/lean/``, kept two days), not from its reading:
    the same answer; a changed file, another day or another okr.yaml is read again."""
    from okrcli import readcache

    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OKR_NO_CACHE", raising=False)
    first = read.status(session(example), None, TODAY, since=SINCE, lean=True)
    lean_folder = tmp_path / "cache" / readcache.LEAN
    assert len([p for p in lean_folder.iterdir() if not p.name.startswith(".")]) >= 8
    parsed = _parses(monkeypatch)
    again = read.status(session(example), None, TODAY, since=SINCE, lean=True)
    assert _states(again) == _states(first) and parsed == []
    edit = example / Q4 / "sales.yaml"
    edit.write_text(edit.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _states(read.status(session(example), None, TODAY, since=SINCE, lean=True)) \
        == _states(first)
    assert parsed == ["sales.yaml"]
    parsed.clear()
    other = dt.date(2026, 11, 21)
    assert _states(read.status(session(example), None, other, lean=True)) == _states(
        read.status(session(example), None, other))
    assert len(parsed) >= 8  # every file made lean again for that day
    parsed.clear()
    report = read.report(session(example), None, TODAY, SINCE, lean=True)
    parsed.clear()
    from okrcli.render import review
    again_report = read.report(session(example), None, TODAY, SINCE, lean=True)
    assert parsed == [] and review.markdown(again_report) == review.markdown(report)
    config = example / "okr.yaml"  # the thresholds, the policy, the cycles: read again
    config.write_text(config.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    read.status(session(example), None, TODAY, since=SINCE, lean=True)
    assert len(parsed) >= 8


def test_a_file_kept_lean_stores_no_whole_reading_beside_it(example, monkeypatch, tmp_path):
    """A whole-workspace read keeps each file lean in the cache and no whole reading
    (okr.yaml's only); a command that reads one file whole stores that one's."""
    from okrcli import readcache

    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OKR_NO_CACHE", raising=False)

    def entries(sub: str) -> list[Path]:
        folder = tmp_path / "cache" / sub
        return [p for p in folder.iterdir() if not p.name.startswith(".")] \
            if folder.is_dir() else []

    first = read.status(session(example), None, TODAY, since=SINCE, lean=True)
    assert len(entries(readcache.LEAN)) >= 8 and len(entries(readcache.FOLDER)) == 1
    assert _states(read.status(session(example), None, TODAY, since=SINCE)) == _states(first)
    assert len(entries(readcache.FOLDER)) >= 9  # read whole: stored whole
    for entry in entries(readcache.FOLDER):
        entry.unlink()
    (example / Q4 / "broken.yaml").write_text("owner: [x\n", encoding="utf-8")
    read.status(session(example), None, TODAY, since=SINCE, lean=True)
    assert len(entries(readcache.FOLDER)) == 2  # okr.yaml's, and the file that does not read


def test_a_lean_entry_not_ours_is_read_again(example, monkeypatch, tmp_path):
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OKR_NO_CACHE", raising=False)
    first = read.status(session(example), None, TODAY, lean=True)
    folder = tmp_path / "cache" / "lean"
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]) if n % 2 else b"junk\n" + data)
    parsed = _parses(monkeypatch)
    assert _states(read.status(session(example), None, TODAY, lean=True)) == _states(first)
    assert len(parsed) == len(entries)


@pytest.mark.parametrize("command", ["report", "status", "grade"])
def test_git_is_asked_for_the_commit_before_any_file_is_read(example, monkeypatch, command):
    """The commit an output names is asked of git before the files are read: git's
    process is forked from a process that holds no file yet (a fork's peak is counted as
    the command's, by ``/usr/bin/time`` as by a CI runner's limit)."""
    from okrcli.services.common import Session

    held: list[int] = []
    origin = Session.origin

    def asked(self):
        held.append(len(self._readings))
        return origin(self)

    monkeypatch.setattr(Session, "origin", asked)
    opened = session(example)
    if command == "report":
        out = read.report(opened, None, TODAY, SINCE, origin=True, lean=True)
        assert out.status.owners
    elif command == "status":
        assert read.status(opened, None, TODAY, origin=True, lean=True).owners
    else:
        assert read.grade(opened, None, TODAY, origin=True).rows
    assert held and held[0] == 0


def test_lean_key_results_share_their_keys_even_where_files_were_validated(example):
    """A lean copy's key results are of a class pydantic-core never validates
    (``slim.LeanKeyResult``): made in a process that validated files (a cold read's
    parent, every child), they still hold their values in key-sharing dicts, and each is
    equal to the key result it copies, either way round; in a list, so are the objectives
    and files that hold them."""
    import platform
    import sys

    from okrcli import pipeline, slim
    from okrcli.model import KeyResult, OkrFile

    path = example / Q4 / "sales.yaml"
    for _ in range(40):  # pydantic-core's models: their class's keys no longer shared
        doc = pipeline.read(path, path.read_bytes(), OkrFile).model
    lean = slim.without(doc)
    pairs = [(kr, whole) for o, w in zip(lean.objectives, doc.objectives, strict=True)
             for kr, whole in zip(o.key_results, w.key_results, strict=True)]
    assert pairs and all(type(kr) is slim.LeanKeyResult for kr, _ in pairs)
    assert all(isinstance(kr, KeyResult) for kr, _ in pairs)
    emptied = [whole.model_copy(update={"checkins": []}) for _, whole in pairs]
    assert [kr for kr, _ in pairs] == emptied and emptied == [kr for kr, _ in pairs]
    assert all(kr != whole for kr, whole in pairs if whole.checkins)
    assert lean == doc.model_copy(update={"objectives": [o.model_copy(update={
        "key_results": [kr.model_copy(update={"checkins": []}) for kr in o.key_results]})
        for o in doc.objectives]})
    if platform.python_implementation() == "CPython":
        own = [sys.getsizeof(whole.__dict__) for _, whole in pairs]
        shared = [sys.getsizeof(kr.__dict__) for kr, _ in pairs]
        assert sum(shared) * 4 < sum(own) * 3


def test_a_big_read_leaves_the_collectors_reach(example, monkeypatch):
    """From ``collector.KEPT_FROM`` files read lean, what was read is frozen out of the
    cyclic collector's reach (a collection during the drawing would walk it all again);
    below, nothing is. The same answer either way."""
    import gc

    from okrcli import collector

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    small = read.status(session(example), None, TODAY, lean=True)
    assert frozen == []
    monkeypatch.setattr(collector, "KEPT_FROM", 2)
    big = read.status(session(example), None, TODAY, lean=True)
    assert frozen == [True]
    assert _states(big) == _states(small)
