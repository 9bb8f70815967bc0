"""Organising OKRs without hand-editing YAML (issue 9, point 6): okr kr list, okr objective
edit and drop, okr team rename and okr person rename. Every edit changes its own lines
only, and a refused one leaves every file as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
from pathlib import Path

import pytest
from rich.text import Text

from conftest import DATA, TODAY, Okr, golden, model_of, session
from okrcli.edit import TextEdit
from okrcli.render.layout import wrap
from okrcli.schema import okr_file_schema
from okrcli.services import read
from okrcli.services.write import objective_drop, objective_edit
from test_hostile_output import WORDS, assert_plain, hostile_workspace

Q4 = Path("okrs") / "2026-Q4"
WIDTHS = (40, 60, 80, 100, 120, 160)


def files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*.yaml")}


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The lines an edit removed and the lines it added."""
    diff = list(difflib.ndiff(before.decode().splitlines(True), after.decode().splitlines(True)))
    return ([d[2:] for d in diff if d.startswith("- ")],
            [d[2:] for d in diff if d.startswith("+ ")])


def objective(example: Path, ref: str):
    owner, obj = ref.split("/")
    return next(o for o in model_of(example / Q4 / f"{owner}.yaml").objectives if o.id == obj)


# --- okr kr list -----------------------------------------------------------------------


def test_kr_list_piped_is_one_ref_a_line_with_its_title(okr, example):
    result = okr("kr", "list")
    assert result.exit_code == 0, result.stderr
    golden("kr-list.tsv", result.stdout)
    lines = result.stdout.splitlines()
    refs = [f"{doc.owner}/{o.id}/{k.id}" for p in sorted((example / Q4).glob("*.yaml"))
            for doc in [model_of(p)] for o in doc.objectives for k in o.key_results]
    assert sorted(line.split("\t")[0] for line in lines) == sorted(refs)
    assert "sales/growth/east-share\t华东区域市场占有率提高10%,从12%升至22%" in lines
    assert "sales/growth/southwest-agents\t西南区域签约代理商5家" in lines  # dropped: listed
    assert result.stderr == ""


def test_kr_list_of_a_person_adds_what_they_drive_elsewhere(okr):
    lines = okr("kr", "list", "li.na").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "marketing/awareness/followers", "li.na/reach/xiaohongshu", "li.na/reach/content"]
    team = okr("kr", "list", "marketing").stdout.splitlines()
    assert [line.split("\t")[0] for line in team] == [
        "marketing/awareness/followers", "marketing/awareness/events",
        "marketing/awareness/website"]


def test_kr_list_of_an_owner_without_key_results_says_so(okr):
    result = okr("kr", "list", "zhang.wei")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no key results of zhang.wei in cycle 2026-Q4" in result.stderr


def test_kr_list_of_an_unknown_owner_suggests_one(okr):
    result = okr("kr", "list", "li.nna")
    assert result.exit_code == 1 and result.stdout == ""
    assert "unknown owner 'li.nna' (did you mean 'li.na'?)" in result.stderr


@pytest.mark.parametrize("width", (80, 100, 120))
def test_kr_list_table_snapshot(okr, width):
    result = okr("kr", "list", "--format", "table", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    golden(f"kr-list-{width}.txt", result.stdout)


@pytest.mark.parametrize("width", WIDTHS)
def test_kr_list_table_fits_and_breaks_nothing_a_reader_reads(okr, example, width):
    from rich.cells import cell_len

    out = okr("kr", "list", "-f", "table", env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines), width
    assert all(line == line.rstrip() for line in lines)
    words = {line.split(None, 1)[0] for line in lines if line.strip()}
    data = json.loads(okr("status", "--format", "json").stdout)
    for owner in data["owners"]:
        for o in owner["objectives"]:
            for kr in o["key_results"]:
                assert kr["ref"] in words  # every ref whole, first on its line
                # every number and Latin word of the title on one line
                for run in re.findall(r"[!-~]+", kr["title"]):
                    assert any(run in line for line in lines), (width, run)
    assert "driven by" in out.lower() if width >= 100 else "李娜" in out


def test_kr_list_table_on_a_terminal_by_default(okr):
    result = okr("kr", "list", "li.na", env={"TTY_COMPATIBLE": "1"})
    shown = re.sub("\x1b\\[[0-9;]*m", "", result.stdout)
    assert shown.startswith("Key results · 2026-Q4 · li.na\nKey result ")
    assert "Driven by" in shown and "\t" not in shown
    coloured = okr("kr", "list", "li.na", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1mKey results · 2026-Q4 · li.na\x1b[0m\n" in coloured
    assert "\x1b[1mli.na/reach" not in coloured  # only the heading and the header are bold


def test_kr_list_breaks_a_title_as_status_does(okr):
    """One line breaker for kr list and status: a number stays with its unit (24小时),
    a percentage whole, and the two commands break the same title alike."""
    env = {"COLUMNS": "100", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    lines = okr("kr", "list", env=env).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "company/operations/order-time" in line)
    assert "订单平均处理时长从48小时降  " in lines[at] and lines[at + 1] == " " * 36 + "至24小时"
    at = next(i for i, line in enumerate(lines) if "sales/growth/east-share" in line)
    assert "华东区域市场占有率提高10%,  " in lines[at]
    assert lines[at + 1] == " " * 36 + "从12%升至22%"
    status = okr("status", env={"COLUMNS": "80"}).stdout
    title = "订单平均处理时长从48小时降至24小时"
    assert all(line.plain in status for line in wrap(Text(title), 22))  # its column at 80


def test_kr_list_shows_hostile_text_inert(tmp_path):
    hostile = Okr(hostile_workspace(tmp_path / "ws"))
    for args in (("kr", "list"), ("kr", "list", "-f", "table")):
        for width in ("40", "120", "2000"):
            result = hostile(*args, env={"COLUMNS": width})
            assert result.exit_code == 0, result.stderr
            assert_plain(result.stdout.replace("\t", " "))  # the tab of tsv is ours
            assert_plain(result.stderr)
    tsv = hostile("kr", "list").stdout
    assert [line.count("\t") for line in tsv.splitlines()] == [1, 1, 1]  # one line each
    wide = hostile("kr", "list", "-f", "table", env={"COLUMNS": "2000"}).stdout
    for word in WORDS:
        assert word in wide, word


# --- okr objective edit ----------------------------------------------------------------


def test_objective_edit_changes_only_its_lines(okr, example):
    path = example / Q4 / "sales.yaml"
    before = path.read_bytes()
    result = okr("objective", "edit", "sales/growth", "--title", "扩大客户规模,深耕华东市场",
                 "--committed")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("changed sales/growth: title = 扩大客户规模,深耕华东市场, "
                             "committed in okrs/2026-Q4/sales.yaml\n")
    carried = "    carried_from: 2026-Q3/sales/growth\n"  # committed goes before it
    expected = before.replace(
        f"    title: 扩大客户规模,打开区域市场\n    aligns_to: company/customers\n{carried}"
        .encode(), f"    title: 扩大客户规模,深耕华东市场\n    aligns_to: company/customers\n"
        f"    committed: true\n{carried}".encode())
    assert path.read_bytes() == expected != before
    assert objective(example, "sales/growth").committed is True


def test_objective_edit_aligns_adds_changes_and_removes_the_line(okr, example):
    company, li_na, eng = (example / Q4 / f"{n}.yaml" for n in ("company", "li.na",
                                                                 "engineering"))
    old = {p: p.read_bytes() for p in (company, li_na, eng)}
    assert okr("objective", "edit", "company/supply", "--aligns-to",
               "company/customers/monthly-active").exit_code == 0
    assert company.read_bytes() == old[company].replace(
        "    title: 建立稳定、多样且可靠的供应链\n".encode(),
        "    title: 建立稳定、多样且可靠的供应链\n"
        "    aligns_to: company/customers/monthly-active\n".encode())
    # A comment at the end of the line stays with its line.
    assert okr("objective", "edit", "li.na/reach", "--aligns-to", "marketing/awareness"
               ).exit_code == 0
    assert li_na.read_bytes() == old[li_na].replace(
        b"aligns_to: marketing/awareness/followers   #", b"aligns_to: marketing/awareness   #")
    result = okr("objective", "edit", "engineering/platform", "--aligns-to", "",
                 "--aspirational")
    assert result.exit_code == 0, result.stderr
    assert "aligns to nothing, aspirational" in result.stdout
    assert eng.read_bytes() == old[eng].replace(
        b"    committed: true\n    aligns_to: company/operations\n", b"    committed: false\n")
    assert okr("check").exit_code == 0


def test_objective_edit_with_the_values_it_has_writes_nothing(okr, example):
    before = files(example)
    result = okr("objective", "edit", "company/supply", "--aligns-to", "", "--aspirational",
                 "--title", "建立稳定、多样且可靠的供应链")
    assert result.exit_code == 0, result.stderr
    assert "company/supply has these values already" in result.stdout
    assert files(example) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (["company/customers"], 2, "nothing to change: give --title, --aligns-to or "
     "--committed/--aspirational"),
    (["company/customers", "--title", " "], 2, "the title cannot be empty"),
    (["company/customers/monthly-active", "--title", "x"], 2,
     "is not a reference of the form OWNER/OBJECTIVE"),
    (["company/customers", "--aligns-to", "sales"], 2,
     "'sales' is not a reference of the form OWNER/OBJECTIVE or OWNER/OBJECTIVE/KR"),
    (["company/custmers", "--title", "x"], 1, "no objective company/custmers in cycle 2026-Q4 "
     "(did you mean 'customers'?)"),
    (["nobody/x", "--title", "x"], 1, "owner 'nobody' has no OKR file in cycle 2026-Q4"),
    # an alignment that names nothing, or closes a loop (through another file, or itself)
    (["company/customers", "--aligns-to", "sales/nope"], 1,
     "OKR103 aligns_to 'sales/nope' names no objective in cycle 2026-Q4"),
    (["company/customers", "--aligns-to", "sales/growth/east-share"], 1,
     "OKR105 alignment loop: company/customers -> sales/growth -> company/customers"),
    (["company/customers", "--aligns-to", "company/customers/monthly-active"], 1,
     "OKR105 alignment loop: company/customers -> company/customers"),
    (["company/customers", "--aligns-to", "li.na/reach", "--cycle", "2027-Q1"], 1,
     "unknown cycle '2027-Q1'"),
])
def test_objective_edit_refusals_change_nothing(okr, example, args, code, message):
    before = files(example)
    result = okr("objective", "edit", *args)
    assert result.exit_code == code, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert files(example) == before


def test_an_edit_of_a_file_with_errors_is_refused(okr, example):
    path = example / Q4 / "sales.yaml"
    path.write_bytes(path.read_bytes().replace(b"    aligns_to:", b"    align_to:"))
    before = files(example)
    for args in (["objective", "edit", "sales/growth", "--title", "x"],
                 ["objective", "drop", "sales/growth", "--reason", "x"]):
        result = okr(*args)
        assert result.exit_code == 1
        assert "unknown key 'align_to'" in result.stderr
        assert "has errors: fix them before editing it; nothing was written" in result.stderr
    assert files(example) == before


STYLES = sorted((DATA / "styles").glob("*.yaml"))


def style_workspace(root: Path):
    owners = [p.stem for p in STYLES]
    (root / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\nteams:\n"
        + "".join(f"  - id: {o}\n" for o in owners), encoding="utf-8")
    (root / "okrs").mkdir()
    for path in STYLES:
        shutil.copy(path, root / "okrs" / path.name)
    return session(root)


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_objective_edit_in_every_style(tmp_path, path):
    ws = style_workspace(tmp_path)
    target = tmp_path / "okrs" / path.name
    before, old = target.read_bytes(), model_of(target)
    other = "two/o1" if path.stem != "two" else "flow/o1"
    first = old.objectives[0]
    objective_edit(ws, f"{path.stem}/o1", dt.date(2026, 11, 26), title="新的标题: #1",
                   aligns_to=other, committed=not first.committed)
    after, new = target.read_bytes(), model_of(target)
    assert new.objectives[0] == first.model_copy(update={
        "title": "新的标题: #1", "aligns_to": other, "committed": not first.committed})
    assert new.objectives[1:] == old.objectives[1:]
    removed, added = changed_lines(before, after)
    keys = re.compile(r"\s*(-\s+)?(title|aligns_to|committed):")
    assert all(keys.match(line) for line in removed + added), (removed, added)
    assert (b"\r\n" in before) == (b"\r\n" in after)
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    objective_edit(ws, f"{path.stem}/o1", dt.date(2026, 11, 26), aligns_to="")
    assert model_of(target).objectives[0].aligns_to is None


# --- okr objective drop ----------------------------------------------------------------


def test_objective_drop_drops_it_and_each_live_key_result(okr, example):
    path = example / Q4 / "sales.yaml"
    before = path.read_bytes()
    result = okr("objective", "drop", "sales/growth", "--reason", "销售重组,目标并入公司级")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("dropped objective sales/growth and its 3 key results (1 dropped "
                             "before) in okrs/2026-Q4/sales.yaml\n")
    removed, added = changed_lines(before, path.read_bytes())
    assert removed == []
    assert added == ["    dropped:\n", "      date: 2026-11-26\n",
                     "      reason: 销售重组,目标并入公司级\n"] + [
        "        dropped:\n", "          date: 2026-11-26\n",
        "          reason: 销售重组,目标并入公司级\n"] * 2
    growth = objective(example, "sales/growth")
    today = dt.date.fromisoformat(TODAY)
    assert (growth.dropped.date, growth.dropped.reason) == (today, "销售重组,目标并入公司级")
    assert [(k.dropped.date, k.dropped.reason) for k in growth.key_results] == [
        (today, "销售重组,目标并入公司级"), (today, "销售重组,目标并入公司级"),
        (dt.date(2026, 11, 5), "市场变化,资源集中到华东")]  # its own drop stays
    # the objective's `dropped` sits with its fields, before its key results
    assert "    carried_from: 2026-Q3/sales/growth\n    dropped:\n" in path.read_text()
    assert okr("check").exit_code == 0


def test_a_dropped_objective_is_out_of_every_score(okr, example):
    before = json.loads(okr("status", "--format", "json").stdout)
    assert okr("objective", "drop", "sales/growth", "--reason", "重组").exit_code == 0
    data = json.loads(okr("status", "--format", "json").stdout)
    sales = next(o for o in data["owners"] if o["owner"] == "sales")
    assert all(kr["dropped"] for kr in sales["objectives"][0]["key_results"])
    assert sales["objectives"][0]["score"] is None and sales["score"] is None
    company = {o["ref"]: o for o in next(
        o for o in data["owners"] if o["owner"] == "company")["objectives"]}
    old = {o["ref"]: o for o in before["owners"][0]["objectives"]}
    assert company["company/customers"]["rollup"] != old["company/customers"]["rollup"]
    report = read.report(session(example), None, dt.date.fromisoformat(TODAY))
    assert {d.ref for d in report.drops} == {"sales/growth/new-customers",
                                             "sales/growth/east-share"}
    listing = okr("kr", "list", "sales", "-f", "table").stdout
    assert listing.count("dropped") == 3


def test_objective_drop_refusals_change_nothing(okr, example):
    assert okr("objective", "drop", "sales/growth", "--reason", "重组").exit_code == 0
    before = files(example)
    for args, code, message in [
        (["objective", "drop", "sales/growth", "--reason", "x"], 1,
         "sales/growth is dropped already (on 2026-11-26)"),
        (["objective", "drop", "company/supply", "--reason", " "], 2,
         "--reason cannot be empty"),
        (["objective", "drop", "company/suply", "--reason", "x"], 1,
         "no objective company/suply in cycle 2026-Q4 (did you mean 'supply'?)"),
        (["objective", "drop", "company", "--reason", "x"], 2,
         "'company' is not a reference of the form OWNER/OBJECTIVE"),
        (["kr", "add", "sales/growth", "新KR", "--target", "5"], 1,
         "sales/growth is dropped: a key result added to it would count for nothing"),
        (["kr", "drop", "company/supply/active-suppliers", "--reason", ""], 2,
         "--reason cannot be empty"),
    ]:
        result = okr(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert files(example) == before


def test_objective_drop_without_key_results(tmp_path):
    okr = Okr(tmp_path / "w")
    assert okr("init", str(tmp_path / "w"), root=False).exit_code == 0
    assert okr("objective", "add", "company", "赢得客户", "--id", "win").exit_code == 0
    result = okr("objective", "drop", "company/win", "--reason", "换方向")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("dropped objective company/win in ")
    path = next((tmp_path / "w" / "okrs").rglob("company.yaml"))
    assert path.read_text().endswith(
        "  - id: win\n    title: 赢得客户\n    dropped:\n      date: 2026-11-26\n"
        "      reason: 换方向\n")


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_objective_drop_in_every_style_only_inserts(tmp_path, path):
    ws = style_workspace(tmp_path)
    target = tmp_path / "okrs" / path.name
    before, old = target.read_bytes(), model_of(target)
    objective_drop(ws, f"{path.stem}/o1", dt.date(2026, 11, 26), "换方向 #2")
    after, new = target.read_bytes(), model_of(target)
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}  # not one old byte changed
    dropped = new.objectives[0].dropped
    assert (dropped.date, dropped.reason) == (dt.date(2026, 11, 26), "换方向 #2")
    for k_old, k_new in zip(old.objectives[0].key_results, new.objectives[0].key_results,
                            strict=True):
        assert k_new == k_old.model_copy(update={"dropped": k_old.dropped or dropped})


def test_the_schema_knows_a_dropped_objective():
    schema = okr_file_schema()
    prop = schema["definitions"]["Objective"]["properties"]["dropped"]
    assert prop["$ref"] == "#/definitions/Dropped"  # typed plainly: no anyOf with null
    assert "key results" in prop["description"]


# --- okr team rename, okr person rename --------------------------------------------------


def test_rename_changes_the_name_line_only(okr, example):
    path = example / "okr.yaml"
    before = path.read_bytes()
    result = okr("team", "rename", "sales", "销售中心")
    assert result.exit_code == 0 and result.stdout == "renamed team sales to 销售中心\n"
    result = okr("person", "rename", "zhang.wei", "张伟 (Wei): #1")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == before.replace(
        "  - id: sales\n    name: 销售部\n".encode(),
        "  - id: sales\n    name: 销售中心\n".encode()).replace(
        "    name: 张伟\n".encode(), '    name: "张伟 (Wei): #1"\n'.encode())
    data = json.loads(okr("status", "sales", "--format", "json").stdout)
    assert data["owners"][0]["name"] == "销售中心"
    assert okr("person", "rename", "zhang.wei", "张伟 (Wei): #1").stdout == (
        "person zhang.wei is named 张伟 (Wei): #1 already\n")


def test_rename_adds_a_missing_name_after_the_id(tmp_path):
    root = tmp_path / "w"
    root.mkdir()
    (root / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\n"
        "teams:\n  - id: company\n  - {id: sales, parent: company}\n"
        "people:\n  - id: li.na\n    # her team\n    team: sales\n  - id: bo\n",
        encoding="utf-8")
    okr = Okr(root)
    for args in (["team", "rename", "company", "公司"], ["team", "rename", "sales", "销售部"],
                 ["person", "rename", "li.na", "李娜"], ["person", "rename", "bo", "Bo"]):
        result = okr(*args)
        assert result.exit_code == 0, (args, result.stderr)
    assert (root / "okr.yaml").read_text() == (
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\n"
        "teams:\n  - id: company\n    name: 公司\n  - {id: sales, name: 销售部, parent: company}\n"
        "people:\n  - id: li.na\n    name: 李娜\n    # her team\n    team: sales\n"
        "  - id: bo\n    name: Bo\n")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["team", "rename", "salse", "x"], 1, "unknown team 'salse' (did you mean 'sales'?)"),
    (["person", "rename", "li.nna", "x"], 1, "unknown person 'li.nna' (did you mean 'li.na'?)"),
    (["team", "rename", "li.na", "x"], 1, "'li.na' is a person, not a team: okr person rename"),
    (["person", "rename", "sales", "x"], 1, "'sales' is a team, not a person: okr team rename"),
    (["team", "rename", "sales", ""], 2, "the name cannot be empty"),
    (["person", "rename", "li.na", " "], 2, "the name cannot be empty"),
    (["team", "rename", "sales", "x" * 1000], 1, "nothing was written"),
])
def test_rename_refusals_change_nothing(okr, example, args, code, message):
    before = files(example)
    result = okr(*args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and result.stdout == ""
    assert files(example) == before


def test_rename_in_a_broken_okr_yaml_is_refused(okr, example):
    path = example / "okr.yaml"
    path.write_bytes(path.read_bytes().replace(b"stale_after_days", b"stale_days"))
    before = files(example)
    result = okr("team", "rename", "sales", "x")
    assert result.exit_code == 1 and "okr.yaml has errors" in result.stderr
    assert files(example) == before


# --- the edits underneath ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "path", "key", "expected"), [
    ("a:\n  x: 1  # one\n  # about y\n  y: 2\n", ("a",), "x", "a:\n  # about y\n  y: 2\n"),
    ("a:\n  x: 1\n  y: |\n    two\n    lines\n  z: 3\n", ("a",), "y", "a:\n  x: 1\n  z: 3\n"),
    ("l:\n  - x: 1\n    y: 2\n", ("l", 0), "x", "l:\n  - y: 2\n"),
    ("a: {x: 1, y: 2, z: 3}\n", ("a",), "y", "a: {x: 1, z: 3}\n"),
    ("a: {x: 1, y: 2}\n", ("a",), "x", "a: {y: 2}\n"),
    ("a: {x: 1}\n", ("a",), "x", "a: {}\n"),
    ("a:\n  x: 1\n  y: 2", ("a",), "y", "a:\n  x: 1\n"),
    ("a:\n  x: 1\n", ("a",), "q", "a:\n  x: 1\n"),  # nothing to remove
])
def test_remove_key(text, path, key, expected):
    edit = TextEdit(text)
    edit.remove_key(path, key)
    assert edit.text == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("o:\n  id: a\n  # the results\n  krs: []\n",
     "o:\n  id: a\n  new: 1\n  # the results\n  krs: []\n"),
    ("o: {id: a, krs: []}\n", "o: {id: a, new: 1, krs: []}\n"),
    ("l:\n  - krs: []\n    id: a\n", "l:\n  - krs: []\n    id: a\n    new: 1\n"),  # after a dash
    ("o:\n  id: a\n", "o:\n  id: a\n  new: 1\n"),  # no such key: last
])
def test_a_new_key_goes_before_the_key_named(text, expected):
    edit = TextEdit(text)
    path = ("l", 0) if text.startswith("l:") else ("o",)
    edit.set_value(path, "new", 1, before=("krs",))
    assert edit.text == expected


def test_a_dropped_objective_with_aligned_children_counts_in_no_roll_up(okr, example):
    """marketing/awareness has li.na/reach aligned to it: dropped, it takes no roll-up
    score of its own, counts in no roll-up above it, and every screen says it is out;
    li.na/reach keeps its own score."""
    before = json.loads(okr("status", "--format", "json").stdout)
    assert okr("objective", "drop", "marketing/awareness", "--reason", "预算取消"
               ).exit_code == 0
    data = json.loads(okr("status", "--format", "json").stdout)
    objectives = {o["ref"]: o for owner in data["owners"] for o in owner["objectives"]}
    old = {o["ref"]: o for owner in before["owners"] for o in owner["objectives"]}
    awareness = objectives["marketing/awareness"]
    assert awareness["dropped"] is True and awareness["score"] is None
    assert not old["marketing/awareness"]["dropped"]
    assert objectives["li.na/reach"]["score"] == old["li.na/reach"]["score"]
    assert objectives["company/customers"]["rollup"] != old["company/customers"]["rollup"]
    tree = json.loads(okr("tree", "--format", "json").stdout)
    stack, seen = list(tree["roots"]), {}
    while stack:
        node = stack.pop()
        seen[node["ref"]] = node
        stack += node["children"]
    assert seen["marketing/awareness"]["dropped"] is True
    status = okr("status", "marketing", env={"COLUMNS": "120"}).stdout
    assert "dropped 2026-11-26: 预算取消" in status
    assert "dropped" in okr("show", "marketing/awareness").stdout
    assert "dropped" in okr("tree").stdout
    grade = json.loads(okr("grade", "--format", "json").stdout)
    graded = {o["ref"]: o for o in grade["objectives"]}
    assert graded["marketing/awareness"]["grade"] is None
    html = okr("report", "--format", "html").stdout
    head = html.split('id="obj-marketing/awareness"', 1)[1].split("</div>", 2)[:2]
    assert "badge dropped" in "".join(head) and "预算取消" in "".join(head)
