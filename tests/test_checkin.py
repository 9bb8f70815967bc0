"""okr checkin: negative values, misspelt options, drops, --amend, the same date, --force,
and the guided weekly check-in."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import model_of

LOSS = "sales/growth/loss"
TODAY_DATE = dt.date(2026, 11, 26)


def _kr(example, owner, obj, kr_id):
    path = example / "okrs" / "2026-Q4" / f"{owner}.yaml"
    objective = next(o for o in model_of(path).objectives if o.id == obj)
    return next(k for k in objective.key_results if k.id == kr_id)


def answering(okr, *args, input: str):
    """The CLI as ``okr`` runs it, with ``input`` typed at the prompts."""
    from conftest import TODAY
    from okrcli.cli import app

    return okr.runner.invoke(app, [*args, "--root", str(okr.root)], input=input,
                             env={"OKR_TODAY": TODAY, "COLUMNS": "120", "NO_COLOR": None},
                             catch_exceptions=False)


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
    (["checkin", LOSS, "-5", "--nte", "x"], "--nte", "--date, --note or --owner"),
    (["kr", "add", "sales/growth", "t", "--targte", "-3"], "--targte", "--start or --target"),
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


# --- a dropped key result takes no check-ins --------------------------------------------

DROPPED = "sales/growth/southwest-agents"  # dropped on 2026-11-05 in the example


def test_a_checkin_on_a_dropped_key_result_is_refused(okr, example):
    before = _files(example)
    # every check-in, an amend and one dated before the drop included
    for args in ([DROPPED, "3"], [DROPPED, "3", "--date", "2026-11-05"],
                 [DROPPED, "3", "--force"], [DROPPED, "2", "--amend"],
                 [DROPPED, "3", "--date", "2026-11-01"], [DROPPED, "3", "--date", "2026-11-04"],
                 [DROPPED, "2", "--amend", "--date", "2026-10-20"]):
        result = okr("checkin", *args)
        assert result.exit_code == 1, (args, result.stdout)
        assert (f"okr: {DROPPED} was dropped on 2026-11-05 (市场变化,资源集中到华东): a dropped "
                "key result takes no check-ins (amended or back-dated ones included); "
                "nothing was written") in result.stderr, args
        assert result.stdout == ""
        assert _files(example) == before


def _drop_objective_by_hand(example, date="2026-11-25"):
    """sales/growth dropped on the objective only (its key results do not say so)."""
    path = example / "okrs" / "2026-Q4" / "sales.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    title: 扩大客户规模,打开区域市场\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + f"    dropped:\n      date: {date}\n"
                                 "      reason: 销售重组\n", 1), encoding="utf-8")


@pytest.mark.parametrize("how", ["command", "by hand"])
def test_a_checkin_on_a_key_result_of_a_dropped_objective_is_refused(okr, example, how,
                                                                       terminal):
    if how == "command":
        result = okr("objective", "drop", "sales/growth", "--reason", "销售重组",
                     env={"OKR_TODAY": "2026-11-25"})
        assert result.exit_code == 0, result.stderr
    else:
        _drop_objective_by_hand(example)
    before = _files(example)
    for args in (["sales/growth/east-share", "14"], ["sales/growth/east-share", "13", "--amend"],
                 ["sales/growth/east-share", "13", "--date", "2026-11-01"]):
        result = okr("checkin", *args)
        assert result.exit_code == 1, (args, result.stdout)
        if how == "by hand":
            assert ("okr: sales/growth/east-share: its objective sales/growth was dropped on "
                    "2026-11-25 (销售重组): a key result of a dropped objective takes no "
                    "check-ins") in result.stderr
        assert "2026-11-25 (销售重组)" in result.stderr
        assert _files(example) == before
    # the guided check-in does not ask about them (counted as dropped)
    result = answering(okr, "checkin", "--owner", "sales", input="\n")
    assert result.exit_code == 0, result.stderr
    assert "0 key results to check in (3 dropped skipped)" in result.stdout
    assert _files(example) == before


def test_checkin_after_an_objectives_drop_is_reported(okr, example):
    _drop_objective_by_hand(example, "2026-11-15")  # east-share has a check-in of 11-20
    result = okr("check")
    assert result.exit_code == 1
    assert ("OKR117 check-in of 2026-11-20 is after its objective was dropped on 2026-11-15"
            in result.stdout)


# --- correcting a check-in: --amend and the same date ---------------------------------

FOLLOWERS = "marketing/awareness/followers"
MARKETING = ("okrs", "2026-Q4", "marketing.yaml")


def _changed_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    import difflib

    a, b = old.decode().splitlines(), new.decode().splitlines()
    diff = [d for d in difflib.ndiff(a, b) if d[:1] in "+-"]
    return [d[2:] for d in diff if d[0] == "-"], [d[2:] for d in diff if d[0] == "+"]


def test_amend_replaces_the_latest_checkin_and_only_its_lines(okr, example):
    path = example.joinpath(*MARKETING)
    assert okr("checkin", FOLLOWERS, "72", "-c", "0.5", "-n", "周报").exit_code == 0
    typo = path.read_bytes()
    result = okr("checkin", FOLLOWERS, "12100", "--amend")
    assert result.exit_code == 0, result.stderr
    assert "corrected marketing/awareness/followers = 12100" in result.stdout
    assert _changed_lines(typo, path.read_bytes()) == (["            value: 72"],
                                                       ["            value: 12100"])
    last = _kr(example, "marketing", "awareness", "followers").checkins[-1]
    assert (str(last.date), last.value, last.confidence, last.note) == (
        "2026-11-26", 12100, 0.5, "周报")  # the date, the confidence and the note stay
    assert len(_kr(example, "marketing", "awareness", "followers").checkins) == 5
    result = okr("checkin", FOLLOWERS, "12200", "--amend", "-c", "0.6", "-n", "修正",
                 "--date", "2026-11-25")
    assert result.exit_code == 0, result.stderr
    last = _kr(example, "marketing", "awareness", "followers").checkins[-1]
    assert (str(last.date), last.value, last.confidence, last.note) == (
        "2026-11-25", 12200, 0.6, "修正")


def test_amend_takes_the_latest_by_date_not_the_last_in_the_file(okr, example):
    path = example.joinpath(*MARKETING)
    assert okr("checkin", FOLLOWERS, "11000", "--date", "2026-10-30").exit_code == 0
    before = path.read_bytes()
    assert okr("checkin", FOLLOWERS, "11900", "--amend").exit_code == 0
    assert _changed_lines(before, path.read_bytes()) == (["            value: 11800"],
                                                         ["            value: 11900"])


def test_amending_a_check_in_of_an_earlier_day_says_it_rewrites_history(okr, example):
    today = okr("checkin", FOLLOWERS, "72")
    assert today.exit_code == 0
    same_day = okr("checkin", FOLLOWERS, "12100", "--amend")
    assert "earlier day" not in same_day.stdout  # a typo of today: nothing to say
    later = okr("checkin", FOLLOWERS, "12200", "--amend", env={"OKR_TODAY": "2026-11-30"})
    assert later.exit_code == 0, later.stderr
    assert "the check-in of 2026-11-26 is from an earlier day" in later.stdout
    assert "okr check --base" in later.stdout
    # today's check-in moved to an earlier day: it was today's, nothing to say of history
    moved = okr("checkin", FOLLOWERS, "12300", "--amend", "--date", "2026-11-29",
                env={"OKR_TODAY": "2026-12-01"})
    assert moved.exit_code == 0 and "earlier day" in moved.stdout  # it was the 26th's
    fresh = okr("checkin", FOLLOWERS, "12400", env={"OKR_TODAY": "2026-12-01"})
    assert fresh.exit_code == 0
    redated = okr("checkin", FOLLOWERS, "12500", "--amend", "--date", "2026-11-30",
                  env={"OKR_TODAY": "2026-12-01"})
    assert redated.exit_code == 0 and "earlier day" not in redated.stdout
    assert "the check-in of 2026-12-01 is now dated 2026-11-30" in redated.stdout


def test_amend_in_flow_style_changes_only_that_item(okr, example):
    path = example.joinpath(*MARKETING)
    before = path.read_bytes()
    result = okr("checkin", "marketing/awareness/website", "not-done", "--amend", "-n", "回退")
    assert result.exit_code == 0, result.stderr
    assert _changed_lines(before, path.read_bytes()) == (
        ["          - {date: 2026-11-02, value: true}"],
        ["          - {date: 2026-11-02, value: false, note: 回退}"])


def test_amend_without_a_checkin_is_refused(okr, example):
    assert okr("kr", "add", "sales/growth", "新品类", "--id", "fresh", "--target", "3"
               ).exit_code == 0
    before = _files(example)
    result = okr("checkin", "sales/growth/fresh", "1", "--amend")
    assert result.exit_code == 1
    assert "sales/growth/fresh has no check-in to amend; nothing was written" in result.stderr
    assert _files(example) == before


def test_a_second_checkin_on_a_date_is_refused_without_a_terminal(okr, example):
    assert okr("checkin", FOLLOWERS, "72").exit_code == 0
    before = _files(example)
    result = okr("checkin", FOLLOWERS, "27")
    assert result.exit_code == 1
    assert (f"okr: {FOLLOWERS} already has a check-in on 2026-11-26 (72): use --amend to "
            "replace it; nothing was written") in result.stderr
    assert _files(example) == before
    # a back-filled check-in on a date that has one is the same question
    result = okr("checkin", FOLLOWERS, "11000", "--date", "2026-11-06")
    assert result.exit_code == 1 and "check-in on 2026-11-06 (11400)" in result.stderr
    assert _files(example) == before


@pytest.fixture
def terminal(monkeypatch):
    """Pretend a person sits at a terminal."""
    from okrcli.cli import checkin

    monkeypatch.setattr(checkin, "interactive", lambda: True)


def test_a_second_checkin_on_a_date_asks_on_a_terminal(okr, example, terminal):
    path = example.joinpath(*MARKETING)
    assert okr("checkin", FOLLOWERS, "72", "-n", "周报").exit_code == 0
    before = _files(example)
    result = answering(okr, "checkin", FOLLOWERS, "27", input="n\n")
    assert result.exit_code == 1
    assert (f"{FOLLOWERS} already has a check-in on 2026-11-26 (72): replace it? [y/N]"
            in result.stdout)
    assert "nothing was written" in result.stderr
    assert _files(example) == before
    typo = path.read_bytes()
    result = answering(okr, "checkin", FOLLOWERS, "12000", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "corrected marketing/awareness/followers = 12000" in result.stdout
    assert _changed_lines(typo, path.read_bytes()) == (["            value: 72"],
                                                       ["            value: 12000"])
    assert _kr(example, "marketing", "awareness", "followers").checkins[-1].note == "周报"


# --- a value far outside the key result's range needs --force -------------------------


@pytest.mark.parametrize(("ref", "value", "bounds"), [
    ("company/supply/active-suppliers", "1e9", "(-130 to 185 家"),  # 20 -> 35
    ("company/supply/active-suppliers", "-131", "(-130 to 185 家"),
    ("engineering/platform/uptime", "9950", "(-895.5 to 1094.5 %"),  # above 99.5
    ("sales/growth/loss", "-200", "(-190 to 167"),  # -20 -> -3
])
def test_a_value_far_outside_the_range_needs_force(okr, example, loss, ref, value, bounds):
    before = _files(example)
    result = okr("checkin", ref, value)
    assert result.exit_code == 1, result.stdout
    assert f"okr: {value} is far outside the range of {ref} {bounds}" in result.stderr
    assert "pass --force to record it; nothing was written" in result.stderr
    assert _files(example) == before
    result = okr("checkin", ref, value, "--force")
    assert result.exit_code == 0, result.stderr


def test_values_inside_the_range_need_no_force(okr, example, loss):
    for ref, value in (("company/supply/active-suppliers", "185"),
                       ("engineering/platform/uptime", "-895"), ("sales/growth/loss", "167"),
                       ("engineering/platform/onboarding", "done")):
        result = okr("checkin", ref, value)
        assert result.exit_code == 0, (ref, result.stderr)


def test_a_block_scalar_note_is_replaced_with_its_line_end():
    from okrcli.edit import TextEdit

    text = ("a:\n  - date: 2026-11-26\n    value: 1\n    note: |\n      two\n      lines\n"
            "  - date: 2026-11-27\n    value: 2\n")
    edit = TextEdit(text)
    edit.set_value(("a", 0), "note", "one")
    assert edit.text == ("a:\n  - date: 2026-11-26\n    value: 1\n    note: one\n"
                         "  - date: 2026-11-27\n    value: 2\n")


def test_amend_in_every_style_changes_only_the_replaced_checkin(tmp_path):
    """Each style file's key results with a check-in: the amend's changed text lies inside
    the replaced check-in's lines, and every other key result reads as before."""
    from conftest import read
    from okrcli.edit import TextEdit
    from okrcli.services.checkin import checkin
    from test_edits import CASES, make_workspace

    ws = make_workspace(tmp_path)
    done = 0
    for path, ref in CASES:
        target = tmp_path / "okrs" / path.name
        _, obj_id, kr_id = ref.split("/")
        old = model_of(target)
        oi = next(i for i, o in enumerate(old.objectives) if o.id == obj_id)
        ki = next(i for i, k in enumerate(old.objectives[oi].key_results) if k.id == kr_id)
        kr = old.objectives[oi].key_results[ki]
        if not kr.checkins:
            continue
        latest = max(range(len(kr.checkins)), key=lambda i: (kr.checkins[i].date, i))
        before = read(target).source.text
        node = TextEdit(before).node(("objectives", oi, "key_results", ki, "checkins", latest))
        first, last = node.start_mark.index, before.find("\n", node.end_mark.index - 1) + 1
        value = "not-done" if kr.kind == "milestone" else "7"
        checkin(ws, ref, value, TODAY_DATE, amend=True, note="改 #1", force=True)
        after = read(target).source.text
        head = next(i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b)
        tail = next(i for i, (a, b) in enumerate(zip(before[::-1], after[::-1], strict=False))
                    if a != b)
        assert first <= head and len(before) - tail <= last, (ref, before[first:last], after)
        new = model_of(target)
        for o_old, o_new in zip(old.objectives, new.objectives, strict=True):
            for k_old, k_new in zip(o_old.key_results, o_new.key_results, strict=True):
                if k_old is not kr:
                    assert k_new == k_old
                    continue
                assert k_new.checkins[:latest] == k_old.checkins[:latest]
                assert k_new.checkins[latest + 1:] == k_old.checkins[latest + 1:]
                amended = k_new.checkins[latest]
                assert (amended.date, amended.note) == (k_old.checkins[latest].date, "改 #1")
                assert amended.value == (False if kr.kind == "milestone" else 7)
        done += 1
    assert done >= 7


# --- the guided weekly check-in -------------------------------------------------------


def _email(example, person="li.na", email="Li.Na@example.cn", git="li.na@example.cn"):
    """li.na's email in okr.yaml, and git's user.email in the workspace."""
    import subprocess

    config = example / "okr.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        f"  - id: {person}\n", f"  - id: {person}\n    email: {email}\n"), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(example)], check=True)
    if git is not None:
        subprocess.run(["git", "-C", str(example), "config", "user.email", git], check=True)


def test_the_guided_checkin_walks_an_owners_key_results(okr, example, terminal, monkeypatch):
    from okrcli import store

    _email(example)
    before = _files(example)
    writes: list[str] = []
    real = store.Workspace.replace

    def counted(self, path, old, new):
        writes.append(path.name)
        real(self, path, old, new)

    monkeypatch.setattr(store.Workspace, "replace", counted)
    result = answering(okr, "checkin", input="\n30\n0.5\n稳步\n12100\n\n双十二预热\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Weekly check-in · 李娜 (li.na) · 2026-Q4 · 2026-11-26" in out
    assert "3 key results to check in" in out and "skipped" not in out
    # li.na's own file (no owner on the key result), then the one she drives elsewhere
    refs = ["li.na/reach/xiaohongshu", "li.na/reach/content", FOLLOWERS]
    assert [out.index(f"] {r} ") for r in refs] == sorted(out.index(f"] {r} ") for r in refs)
    assert ("last 4150 粉丝 on 2026-11-20 · target 6000 粉丝 (from 2000) · expected by now "
            "4462 粉丝" in out)
    assert "confidence 80% · on track" in out
    assert "confidence 0..1 (Enter keeps 60%)" in out and "confidence 0..1 (Enter: none)" in out
    assert "li.na/reach/content            23 篇 → 30 篇" in out
    assert "marketing/awareness/followers  11800 粉丝 → 12100 粉丝    42%  on track" in out
    table = out[out.index("Checked in"):]
    assert all(line == line.rstrip(" ") for line in table.splitlines()), table
    assert ("wrote 2 check-ins in okrs/2026-Q4/li.na.yaml, okrs/2026-Q4/marketing.yaml"
            in out)
    assert sorted(writes) == ["li.na.yaml", "marketing.yaml"]  # each file written once
    content = _kr(example, "li.na", "reach", "content").checkins[-1]
    assert (str(content.date), content.value, content.confidence, content.note) == (
        "2026-11-26", 30, 0.5, "稳步")
    followers = _kr(example, "marketing", "awareness", "followers").checkins[-1]
    assert (followers.value, followers.confidence, followers.note) == (12100, None, "双十二预热")
    changed = {p.name for p, raw in _files(example).items() if before[p] != raw}
    assert changed == {"li.na.yaml", "marketing.yaml"}


def test_the_guided_checkin_skips_dropped_and_done_ones(okr, example, terminal):
    result = answering(okr, "checkin", "--owner", "sales", input="\n\n")
    assert result.exit_code == 0, result.stderr
    assert "2 key results to check in (1 dropped skipped)" in result.stdout
    assert "southwest-agents" not in result.stdout
    assert "nothing to write: every key result was skipped" in result.stdout
    result = answering(okr, "checkin", "--owner", "marketing", input="\n")
    assert "1 key result to check in (1 done skipped)" in result.stdout
    assert "marketing/awareness/events" in result.stdout
    assert FOLLOWERS not in result.stdout  # driven by li.na


def test_a_value_in_percent_for_a_key_result_counted_in_percent(okr, example):
    """``14.5%`` is 14.5 for a key result whose unit is %; for another unit, no number."""
    result = okr("checkin", "sales/growth/east-share", "14.5%")
    assert result.exit_code == 0, result.stderr
    assert _kr(example, "sales", "growth", "east-share").checkins[-1].value == 14.5
    other = okr("checkin", "sales/growth/new-customers", "72%")
    assert other.exit_code == 2 and "'72%' is not a number" in other.stderr


def test_a_wrong_answer_asks_again(okr, example, terminal):
    assert okr("checkin", "sales/growth/new-customers", "72").exit_code == 0
    before = _files(example)
    typed = ["abc", "27", "y", "2", "70%", "修正",  # same date: replace it
             "1e9", "n", "1e9", "y", "", ""]  # far out: not, then yes
    result = answering(okr, "checkin", "--owner", "sales", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "'abc' is not a number" in out
    assert ("sales/growth/new-customers already has a check-in on 2026-11-26 (72): replace "
            "it? [y/N]") in out
    assert "'2' is not a confidence: a number between 0 and 1 (or 0% to 100%)" in out
    assert out.count("1e9 is far outside the range of sales/growth/east-share (-88 to 122 "
                     "%: ten times its span beyond either end): record it anyway? [y/N]") == 2
    assert "Traceback" not in out + result.stderr
    kr = _kr(example, "sales", "growth", "new-customers")
    assert len(kr.checkins) == len(_kr_before(before, example, "new-customers").checkins)
    last = kr.checkins[-1]
    assert (last.value, last.confidence, last.note) == (27, 0.7, "修正")
    assert _kr(example, "sales", "growth", "east-share").checkins[-1].value == 1e9


def _kr_before(files, example, kr_id):
    from conftest import read

    path = example / "okrs" / "2026-Q4" / "sales.yaml"
    reading = read(path, files[path])
    return next(k for o in reading.model.objectives for k in o.key_results if k.id == kr_id)


@pytest.mark.parametrize("typed", ["12100\n0.6\n", "", "\n\n"])
def test_stopping_before_the_end_writes_nothing(okr, example, terminal, typed):
    _email(example)
    before = _files(example)
    result = answering(okr, "checkin", input=typed)
    assert result.exit_code == 1
    assert "stopped before the end: nothing was written" in result.stderr
    assert _files(example) == before


def test_a_file_changed_during_the_walk_refuses_every_answer(okr, example, terminal,
                                                              monkeypatch):
    from okrcli.cli import checkin

    _email(example)
    before = _files(example)
    real = checkin._prompt
    marketing = example.joinpath(*MARKETING)

    def prompt_while_someone_edits(text):
        if "note" in text and not marketing.read_bytes().endswith(b"# meanwhile\n"):
            marketing.write_bytes(marketing.read_bytes() + b"# meanwhile\n")
        return real(text)

    monkeypatch.setattr(checkin, "_prompt", prompt_while_someone_edits)
    result = answering(okr, "checkin", input="4200\n\n\n\n12000\n\n\n")
    assert result.exit_code == 1
    assert ("okrs/2026-Q4/marketing.yaml changed while you were checking in; nothing was "
            "written: run okr checkin again") in result.stderr
    after = _files(example)
    assert after[marketing] == before[marketing] + b"# meanwhile\n"
    assert all(after[p] == raw for p, raw in before.items() if p != marketing)


def test_the_guided_checkin_needs_a_terminal_and_an_owner(okr, example, monkeypatch):
    result = okr("checkin")
    assert result.exit_code == 2
    assert "Usage: okr checkin" in result.stderr and "on a terminal only" in result.stderr
    result = okr("checkin", "--amend")
    assert result.exit_code == 2 and "--amend needs OWNER/OBJ/KR and VALUE" in result.stderr
    result = okr("checkin", FOLLOWERS)
    assert result.exit_code == 2 and "missing VALUE" in result.stderr
    result = okr("checkin", FOLLOWERS, "1", "--owner", "li.na")
    assert result.exit_code == 2 and "--owner is for the guided check-in" in result.stderr
    from okrcli.cli import checkin

    monkeypatch.setattr(checkin, "interactive", lambda: True)
    _email(example, git="someone.else@example.cn")
    result = okr("checkin")
    assert result.exit_code == 2
    assert ("no person in okr.yaml has the email 'someone.else@example.cn' (git config "
            "user.email): pass --owner ID") in result.stderr
    result = okr("checkin", "--owner", "li.nа")  # a Cyrillic а
    assert result.exit_code == 1 and "unknown owner" in result.stderr


# --- issue 9 follow-ups: refused answers, ranges, dates, messages ---------------------


def test_a_refused_confidence_never_reaches_the_write(okr, example, terminal):
    """61, 0.5, a note; then 2, 150% (refused), Enter: the second has no confidence."""
    typed = ["61", "0.5", "周报", "2", "150%", "", "", ""]
    result = answering(okr, "checkin", "--owner", "sales", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "'150%' is not a confidence" in result.stdout
    assert "confidence is between 0 and 1" not in result.stdout + result.stderr
    assert "wrote 2 check-ins in okrs/2026-Q4/sales.yaml" in result.stdout
    first = _kr(example, "sales", "growth", "new-customers").checkins[-1]
    assert (str(first.date), first.value, first.confidence, first.note) == (
        "2026-11-26", 61, 0.5, "周报")
    second = _kr(example, "sales", "growth", "east-share").checkins[-1]
    assert (str(second.date), second.value, second.confidence) == ("2026-11-26", 2, None)


def test_an_answer_refused_at_the_end_is_named_and_every_answer_kept(okr, example, terminal,
                                                                     monkeypatch):
    from okrcli.services import checkin as service

    monkeypatch.setattr(service, "try_answer", lambda *args: None)  # as if the file moved
    before = _files(example)
    typed = ["61", "70%", "周报 一", "1e9", "", ""]
    result = answering(okr, "checkin", "--owner", "sales", input="\n".join(typed) + "\n")
    assert result.exit_code == 1
    assert ("okr: the answer for sales/growth/east-share (1e9) was refused: 1e9 is far "
            "outside the range of sales/growth/east-share") in result.stderr
    assert "nothing was written, none of the answers (okr writes them all or none)" in (
        result.stderr)
    assert "okr checkin sales/growth/new-customers 61 -c 0.7 -n '周报 一'" in result.stderr
    assert "okr checkin sales/growth/east-share 1e9\n" in result.stderr
    assert _files(example) == before


@pytest.mark.parametrize(("line", "value"), [("below", "0"), ("above", "0"), ("below", "5")])
def test_a_threshold_at_zero_or_met_exactly_still_has_a_range(okr, example, line, value):
    assert okr("kr", "add", "sales/growth", "投诉为零", "--id", "zero", f"--{line}", value
               ).exit_code == 0
    ref = "sales/growth/zero"
    if value != "0":  # the last value on the line: no distance
        assert okr("checkin", ref, value, "--date", "2026-11-20").exit_code == 0
    before = _files(example)
    result = okr("checkin", ref, "1000000000")
    assert result.exit_code == 1, result.stdout
    assert "is far outside the range of sales/growth/zero" in result.stderr
    assert _files(example) == before
    assert okr("checkin", ref, "3").exit_code == 0  # within ten times 1 (or the line)


def test_a_thresholds_range_follows_the_latest_checkin_by_date(okr, example):
    """uptime (above 99.5): its latest check-in by date is 99.71 (11-20); one back-dated to
    11-01 far from the line comes later in the file and must not widen the range."""
    ref = "engineering/platform/uptime"
    assert okr("checkin", ref, "500", "--date", "2026-11-01", "--force").exit_code == 0
    result = okr("checkin", ref, "2000")
    assert result.exit_code == 1, result.stdout
    assert "(-895.5 to 1094.5 %" in result.stderr


def test_amend_keeps_the_latest_checkin_the_latest(okr, example):
    path = example.joinpath(*MARKETING)
    assert okr("checkin", FOLLOWERS, "12000").exit_code == 0
    before = path.read_bytes()
    for date in ("2026-11-20", "2026-11-06"):  # on and before the previous one (11-20)
        result = okr("checkin", FOLLOWERS, "12100", "--amend", "--date", date)
        assert result.exit_code == 1, result.stdout
        assert (f"the amended check-in would be dated {date}, on or before the previous one "
                "(2026-11-20: 11800)") in result.stderr
        assert path.read_bytes() == before
    result = okr("checkin", FOLLOWERS, "12100", "--amend", "--date", "2026-11-27")
    assert result.exit_code == 1 and "after today" in result.stderr
    result = okr("checkin", FOLLOWERS, "12100", "--amend", "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    assert str(_kr(example, "marketing", "awareness", "followers").checkins[-1].date) == (
        "2026-11-21")


def test_a_back_dated_checkin_says_the_latest_one_sets_the_score(okr, example):
    result = okr("checkin", "sales/growth/east-share", "14", "--date", "2026-11-10")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert ("checked in sales/growth/east-share = 14 on 2026-11-10 in okrs/2026-Q4/sales.yaml; "
            "the latest check-in (2026-11-20: 13.4) still sets the score: 14%, off track"
            ) in out
    result = okr("checkin", "sales/growth/east-share", "14")
    assert "still sets" not in result.stdout


@pytest.mark.parametrize(("typed", "shown", "value"), [
    ("y", "done", True), ("OK", "done", True), ("是", "done", True), ("已完成", "done", True),
    ("1", "done", True), ("Yes", "done", True), ("n", "not done", False),
    ("not_done", "not done", False), ("UNDONE", "not done", False), ("否", "not done", False),
    ("未完成", "not done", False), ("0", "not done", False), ("not done", "not done", False),
])
def test_milestone_answers(okr, example, typed, shown, value):
    ref = "engineering/platform/onboarding"
    result = okr("checkin", ref, typed)
    assert result.exit_code == 0, result.stderr
    assert f"checked in {ref} = {shown} in" in result.stdout
    assert _kr(example, "engineering", "platform", "onboarding").checkins[-1].value is value


def test_a_milestone_refuses_other_words(okr, example):
    before = _files(example)
    result = okr("checkin", "engineering/platform/onboarding", "maybe")
    assert result.exit_code == 2 and "not 'maybe'" in result.stderr
    assert _files(example) == before


def test_confidence_takes_a_percent(okr, example):
    assert okr("checkin", FOLLOWERS, "12000", "-c", "80%").exit_code == 0
    assert _kr(example, "marketing", "awareness", "followers").checkins[-1].confidence == 0.8
    assert okr("checkin", FOLLOWERS, "12100", "--amend", "--confidence", "0.65").exit_code == 0
    assert _kr(example, "marketing", "awareness", "followers").checkins[-1].confidence == 0.65
    before = _files(example)
    for bad in ("150%", "abc", "1.5", "-0.1"):
        result = okr("checkin", FOLLOWERS, "12200", "--amend", "-c", bad)
        assert result.exit_code == 2, (bad, result.stdout)
        assert f"{bad!r} is not a confidence: a number between 0 and 1 (or 0% to 100%)" in (
            " ".join(result.stderr.split())), bad
        assert _files(example) == before


@pytest.mark.parametrize("columns", range(60, 121, 3))
def test_the_confirmation_keeps_the_status_on_one_line(okr, example, columns):
    result = okr("checkin", "sales/growth/new-customers", "46", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    assert "\u00a0" not in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.endswith("on track") or line.endswith("at risk")
               or line.endswith("off track") for line in lines), lines
    assert all(len(line) <= columns for line in lines)
    assert "track" not in [line.strip() for line in lines]
