"""Every command through CliRunner: stdout, stderr and exit code asserted separately."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import EXAMPLE, TODAY, Okr, golden, model_of

ANSI = re.compile(r"\x1b\[")


def test_version_and_help():
    okr = Okr(None)
    result = okr("--version", root=False)
    assert result.exit_code == 0 and re.fullmatch(r"okr \d+\.\d+\.\d+\n", result.stdout)
    result = okr("--help", root=False)
    assert result.exit_code == 0
    for command in ("init", "checkin", "status", "tree", "show", "grade", "check", "kr",
                    "objective", "cycle", "team", "person"):
        assert command in result.stdout


def test_status_json_golden(okr):
    result = okr("status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cycle"] == "2026-Q4" and data["today"] == TODAY
    golden("status.json", result.stdout)


def test_status_json_shape_is_the_contract(okr):
    data = json.loads(okr("status", "marketing", "--format", "json").stdout)
    (owner,) = data["owners"]
    assert set(owner) >= {"owner", "name", "score", "objectives"}
    (objective,) = owner["objectives"]
    assert set(objective) >= {"ref", "title", "committed", "aligns_to", "score", "status",
                              "rollup", "key_results"}
    followers = objective["key_results"][0]
    assert set(followers) >= {
        "ref", "title", "kind", "start", "target", "current", "unit", "progress", "score",
        "expected", "status", "confidence", "last_checkin", "stale", "owner", "dropped",
        "grade"}
    assert followers["ref"] == "marketing/awareness/followers"
    assert (followers["start"], followers["target"], followers["current"]) == (
        10000, 15000, 11800)
    assert followers["progress"] == pytest.approx(0.36)
    assert followers["status"] == "at_risk"
    assert objective["rollup"] == pytest.approx(
        json.loads(okr("status", "li.na", "--format", "json").stdout)["owners"][0]["score"])
    website = objective["key_results"][2]
    assert website["kind"] == "milestone" and website["current"] is True
    assert website["progress"] is None and website["status"] == "done"


def test_threshold_json_has_above_and_null_target(okr):
    data = json.loads(okr("status", "service", "--format", "json").stdout)
    csat = data["owners"][0]["objectives"][0]["key_results"][0]
    assert csat["kind"] == "threshold" and csat["above"] == 90
    assert csat["start"] is None and csat["target"] is None and csat["progress"] is None


def test_status_markdown_golden(okr):
    result = okr("status", "--format", "markdown")
    assert result.exit_code == 0
    assert "| 三个月内社交媒体粉丝增长50% |" in result.stdout
    golden("status.md", result.stdout)


def test_status_table_is_plain_when_piped_and_aligned_with_chinese(okr):
    result = okr("status")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not ANSI.search(out)
    for word in ("done", "on track", "at risk", "off track", "pending", "dropped"):
        assert word in out
    assert "█" in out and "░" in out and " 36%" in out  # every bar has its number
    assert "████░░┃░░░  36%" in out  # the expected mark: 62% expected, 36% scored
    bars = [line for line in out.splitlines() if "█" in line or "░" in line]
    starts = {cell_len(line[:min(i for i in (line.find("█"), line.find("░")) if i >= 0)])
              for line in bars}
    assert len(bars) > 20 and len(starts) == 1, starts  # every bar in one column: CJK aligned
    assert not [line for line in out.splitlines() if line.endswith(" ")]  # piped: trimmed


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;[0-9;]+)m")


def test_status_in_colour_on_a_terminal_and_not_with_no_color(okr):
    result = okr("status", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert COLOUR.search(result.stdout)
    result = okr("status", env={"FORCE_COLOR": "1", "TERM": "xterm-256color",
                                "NO_COLOR": "1"})
    assert not COLOUR.search(result.stdout)
    assert "█" in result.stdout and "36%" in result.stdout


def test_user_text_is_not_markup(okr, example):
    result = okr("objective", "add", "marketing", "[draft] 目标 [/x]", "--id", "draft")
    assert result.exit_code == 0, result.stderr
    out = okr("status", "marketing").stdout
    assert "[draft] 目标 [/x]" in out


def test_status_for_one_owner_and_unknown_owner(okr):
    result = okr("status", "li.na")
    assert result.exit_code == 0 and "李娜" in result.stdout
    # her own objective, and the key result she drives in marketing's, no other of theirs
    assert "让更多潜在客户认识我们的平台" in result.stdout
    assert "三个月内社交媒体粉丝增长50%" in result.stdout and "品牌官网上线" not in result.stdout
    result = okr("status", "lina")
    assert result.exit_code == 1
    assert "unknown owner 'lina'" in result.stderr and "li.na" in result.stderr
    assert result.stdout == ""


def test_as_of_shows_an_earlier_state(okr):
    now = json.loads(okr("status", "marketing", "--format", "json").stdout)
    then = json.loads(okr("status", "marketing", "--format", "json", "--as-of",
                          "2026-10-15").stdout)
    assert then["today"] == "2026-10-15"
    followers = then["owners"][0]["objectives"][0]["key_results"][0]
    assert followers["current"] == 10300 and followers["last_checkin"] == "2026-10-09"
    assert now["owners"][0]["score"] != then["owners"][0]["score"]


def test_malformed_date_is_a_usage_error(okr):
    result = okr("status", "--as-of", "2026-13-01")
    assert result.exit_code == 2 and "not a date" in result.stderr


def test_unknown_option_is_a_usage_error(okr):
    result = okr("status", "--formt", "json")
    assert result.exit_code == 2


def test_tree(okr):
    result = okr("tree")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    company = next(i for i, line in enumerate(lines) if "吸引并留住一批活跃客户" in line)
    marketing = next(i for i, line in enumerate(lines) if "提高分销平台的市场知名度" in line)
    person = next(i for i, line in enumerate(lines) if "让更多潜在客户认识我们的平台" in line)
    assert company < marketing < person
    indent = [len(lines[i]) - len(lines[i].lstrip("│├└─ ")) for i in (company, marketing,
                                                                      person)]
    assert indent[0] < indent[1] < indent[2]
    data = json.loads(okr("tree", "--format", "json").stdout)
    roots = {r["ref"]: r for r in data["roots"]}
    assert set(roots) == {"company/supply", "company/customers", "company/operations"}
    children = {c["ref"] for c in roots["company/customers"]["children"]}
    assert children == {"marketing/awareness", "sales/growth", "service/satisfaction"}


def test_show_key_result_and_objective(okr):
    result = okr("show", "sales/growth/new-customers")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "华南市场推迟到明年进入" in out and "150" in out  # the moved goalpost
    assert "██" in out and "2026-11-20" in out  # chart and history
    assert "driven by" not in out  # no owner on this key result
    assert "start value  0 家\nvalue        60 → 120 家" in out  # what the score counts from
    followers = okr("show", "marketing/awareness/followers").stdout
    assert "driven by    李娜 (li.na)" in followers and "start value  10000 粉丝" in followers
    threshold = okr("show", "engineering/platform/uptime")
    assert threshold.exit_code == 0 and "kind        threshold" in threshold.stdout
    assert "start value" not in threshold.stdout  # a threshold has a line, not a start
    result = okr("show", "marketing/awareness")
    assert result.exit_code == 0
    assert "品牌官网上线" in result.stdout
    result = okr("show", "marketing/awareness/folowers")
    assert result.exit_code == 1 and "did you mean 'followers'" in result.stderr
    result = okr("show", "marketing")
    assert result.exit_code == 2 and "OWNER/OBJECTIVE" in result.stderr


def test_grade(okr):
    result = okr("grade", "--today", "2027-01-05")
    assert result.exit_code == 0, result.stderr
    assert "committed objective graded under 100%" in " ".join(result.stdout.split())
    assert "red" in result.stdout and "yellow" in result.stdout


def test_check_clean_and_broken(okr, example):
    result = okr("check")
    assert result.exit_code == 0 and "OKR0" not in result.stdout and "OKR1" not in result.stdout
    path = example / "okrs" / "2026-Q4" / "sales.yaml"
    path.write_text(path.read_text().replace("    title: 扩大", "    titel: 扩大"))
    result = okr("check")
    assert result.exit_code == 1
    assert "okrs/2026-Q4/sales.yaml:5:5: OKR003 unknown key 'titel' (did you mean 'title'?)" \
        in result.stdout
    assert "okrs/2026-Q4/sales.yaml:4:5: OKR004 missing required field 'title'" in result.stdout
    data = json.loads(okr("check", "--format", "json").stdout)
    assert {"path": "okrs/2026-Q4/sales.yaml", "line": 5, "col": 5, "code": "OKR003",
            "name": "unknown-key", "severity": "error",
            "message": "unknown key 'titel' (did you mean 'title'?)"} in data


def test_checkin_writes_and_reports(okr, example):
    result = okr("checkin", "marketing/awareness/followers", "12100", "--confidence", "0.7",
                 "--note", "双十二预热")
    assert result.exit_code == 0, result.stderr
    assert "checked in marketing/awareness/followers = 12100" in result.stdout
    data = json.loads(okr("status", "marketing", "--format", "json").stdout)
    followers = data["owners"][0]["objectives"][0]["key_results"][0]
    assert (followers["current"], followers["confidence"], followers["last_checkin"]) == (
        12100, 0.7, TODAY)


def test_checkin_negative_value_and_milestone(okr, example):
    okr("kr", "add", "sales/growth", "毛利亏损收窄", "--id", "loss", "--start", "-20",
        "--target", "0")
    result = okr("checkin", "sales/growth/loss", "-5")
    assert result.exit_code == 0, result.stderr
    kr = _kr(example, "sales", "growth", "loss")
    assert kr.start == -20 and kr.checkins[-1].value == -5
    result = okr("checkin", "engineering/platform/onboarding", "done")
    assert result.exit_code == 0
    assert _kr(example, "engineering", "platform", "onboarding").checkins[-1].value is True
    result = okr("checkin", "engineering/platform/onboarding", "12")
    assert result.exit_code == 2 and "done or not-done" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["marketing/awareness/nope", "1"], 1, "known: followers, events, website"),
        (["marketing/awareness", "1"], 2, "OWNER/OBJECTIVE/KR"),
        (["marketing/awareness/followers", "abc"], 2, "not a number"),
        (["marketing/awareness/followers", "1", "--date", "2026-12-01"], 1, "after today"),
        (["marketing/awareness/followers", "1", "--date", "2026-09-01"], 1, "outside cycle"),
        (["marketing/awareness/followers", "1", "--confidence", "2"], 2, "between 0 and 1"),
        (["nobody/x/y", "1"], 1, "no OKR file"),
    ],
)
def test_checkin_refusals_change_nothing(okr, example, args, code, message):
    before = {p: p.read_bytes() for p in (example / "okrs").rglob("*.yaml")}
    result = okr("checkin", *args)
    assert result.exit_code == code, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert before == {p: p.read_bytes() for p in (example / "okrs").rglob("*.yaml")}


def _kr(example, owner, obj, kr_id):
    path = example / "okrs" / "2026-Q4" / f"{owner}.yaml"
    doc = model_of(path)
    objective = next(o for o in doc.objectives if o.id == obj)
    return next(k for k in objective.key_results if k.id == kr_id)


def test_kr_edit_needs_a_reason_after_the_start_and_records_it(okr, example):
    result = okr("kr", "edit", "marketing/awareness/events", "--target", "600")
    assert result.exit_code == 1 and "--reason" in result.stderr
    assert _kr(example, "marketing", "awareness", "events").target == 500
    result = okr("kr", "edit", "marketing/awareness/events", "--target", "600", "--due",
                 "2026-12-20", "--title", "四场活动", "--reason", "加开南京站")
    assert result.exit_code == 0, result.stderr
    kr = _kr(example, "marketing", "awareness", "events")
    assert (kr.target, kr.due, kr.title) == (600, __import__("datetime").date(2026, 12, 20),
                                             "四场活动")
    assert [(c.field, c.old, c.new, c.reason) for c in kr.changes] == [
        ("target", 500, 600, "加开南京站"),
        ("due", __import__("datetime").date(2026, 12, 31),
         __import__("datetime").date(2026, 12, 20), "加开南京站")]
    result = okr("kr", "edit", "marketing/awareness/events", "--title", "只改标题")
    assert result.exit_code == 0  # titles change freely
    before = (example / "okrs/2026-Q4/marketing.yaml").read_bytes()
    same = okr("kr", "edit", "marketing/awareness/events", "--target", "600", "--title",
               "只改标题")  # what it says already: nothing to change, nothing written
    assert same.exit_code == 0 and "nothing to change" in same.stdout + same.stderr
    assert (example / "okrs/2026-Q4/marketing.yaml").read_bytes() == before


def test_kr_edit_before_the_cycle_needs_no_reason(okr, example):
    result = okr("kr", "edit", "marketing/awareness/events", "--target", "450",
                 "--cycle", "2026-Q4", env={"OKR_TODAY": "2026-09-20"})
    assert result.exit_code == 0, result.stderr
    kr = _kr(example, "marketing", "awareness", "events")
    assert kr.target == 450 and kr.changes == []


def test_kr_drop(okr, example):
    result = okr("kr", "drop", "service/satisfaction/csat", "--reason", "改用NPS")
    assert result.exit_code == 0, result.stderr
    kr = _kr(example, "service", "satisfaction", "csat")
    assert kr.dropped.reason == "改用NPS"
    data = json.loads(okr("status", "service", "--format", "json").stdout)
    objective = data["owners"][0]["objectives"][0]
    assert objective["key_results"][0]["dropped"] is True
    assert objective["score"] == pytest.approx(objective["key_results"][1]["score"])
    assert okr("kr", "drop", "service/satisfaction/csat", "--reason", "x").exit_code == 1


def test_building_a_workspace_from_scratch(tmp_path):
    okr = Okr(tmp_path / "acme")
    assert okr("init", str(tmp_path / "acme"), root=False).exit_code == 0
    assert okr("init", str(tmp_path / "acme"), root=False).exit_code == 1  # never overwrites
    steps = [
        ["cycle", "add", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31"],
        ["team", "add", "市场部", "--name", "市场部", "--parent", "company"],
        ["person", "add", "li.na", "--name", "李娜", "--team", "市场部"],
        ["objective", "add", "company", "Win loyal customers", "--id", "customers",
         "--committed"],
        ["objective", "add", "市场部", "提高知名度", "--aligns-to", "company/customers"],
        ["kr", "add", "市场部/o1", "粉丝增长50%", "--start", "10000", "--target", "15000",
         "--unit", "粉丝"],
        ["kr", "add", "市场部/o1", "可用性", "--above", "99.5", "--unit", "%"],
        ["kr", "add", "市场部/o1", "官网上线", "--milestone", "--due", "2026-12-01"],
        ["checkin", "市场部/o1/kr1", "10800", "-c", "0.8"],
    ]
    for step in steps:
        result = okr(*step)
        assert result.exit_code == 0, (step, result.stderr)
    listing = okr("cycle", "list").stdout
    assert "2026-Q4" in listing and "2027-Q1" in listing
    assert "市场部" in okr("team", "list").stdout
    assert "李娜" in okr("person", "list").stdout
    data = json.loads(okr("status", "--format", "json").stdout)
    assert [o["owner"] for o in data["owners"]] == ["company", "市场部"]
    krs = data["owners"][1]["objectives"][0]["key_results"]
    assert [k["kind"] for k in krs] == ["metric", "threshold", "milestone"]
    assert okr("check").exit_code == 0
    result = okr("team", "add", "x", "--parent", "nope")
    assert result.exit_code == 1 and "unknown parent team" in result.stderr
    result = okr("objective", "add", "nobody", "t")
    assert result.exit_code == 1 and "unknown owner" in result.stderr
    result = okr("kr", "add", "市场部/o1", "t", "--target", "1", "--milestone")
    assert result.exit_code == 2 and "exactly one" in result.stderr


def test_init_example_copies_the_seed(tmp_path):
    okr = Okr(tmp_path / "demo")
    result = okr("init", str(tmp_path / "demo"), "--example", "distribution-platform",
                 root=False)
    assert result.exit_code == 0, result.stderr
    copied = sorted(p.relative_to(tmp_path / "demo") for p in (tmp_path / "demo").rglob("*")
                    if p.is_file())
    original = sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    assert copied == sorted([*original, Path(".gitattributes"),  # the merge driver
                             Path(".okr/okr-file.schema.json"), Path(".okr/okr.schema.json")])
    for rel in original:  # each copy is the seed's bytes under its modeline
        first, rest = (tmp_path / "demo" / rel).read_bytes().split(b"\n", 1)
        assert first.startswith(b"# yaml-language-server: $schema=")
        assert rest == (EXAMPLE / rel).read_bytes()
    assert okr("status").exit_code == 0
    result = okr("init", str(tmp_path / "x"), "--example", "nope", root=False)
    assert result.exit_code == 2 and "distribution-platform" in result.stderr


def test_workspace_found_by_walking_up_and_by_env(example, monkeypatch):
    okr = Okr(None)
    monkeypatch.chdir(example / "okrs" / "2026-Q4")
    assert okr("status", "li.na", root=False).exit_code == 0
    monkeypatch.chdir(example.parent)
    result = okr("status", root=False)
    assert result.exit_code == 1 and "okr init" in result.stderr
    assert okr("status", "li.na", root=False, env={"OKR_ROOT": str(example)}).exit_code == 0


def test_a_reader_that_stops_early_gets_no_error(example: Path):
    """`okr status --format json | head -0`: the pipe closes; okr stops quietly with the
    shell's code for it (128 + SIGPIPE), as git does."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "okrcli", "status", "--format", "json",
                             "--root", str(example)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "OKR_TODAY": TODAY})
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 141, err
    assert err == b""
