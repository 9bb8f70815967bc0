"""okr check: every rule with its line and column, control, formats, paths, schema."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLE, Okr, golden, session
from okrcli import checks
from okrcli.diagnostics import Severity
from okrcli.services import Session
from okrcli.services import check as service

TODAY = dt.date(2026, 11, 26)
BAD = DATA / "bad-workspace"
CONFIG = """\
cycles:
  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
  - {id: 2026-Q3, start: 2026-07-01, end: 2026-09-30}
teams:
  - {id: company}
  - {id: sales, parent: company}
  - {id: marketing, parent: company}
people:
  - {id: li.na, team: marketing}
settings:
  lint: {max_objectives: 2, max_key_results: 2}
"""
COMPANY = """\
owner: company
cycle: 2026-Q4
objectives:
  - id: customers
    title: 吸引活跃客户
    key_results:
      - {id: active, title: 活跃客户1500家, start: 800, target: 1500, unit: 家,
         checkins: [{date: 2026-11-20, value: 1000}]}
"""


def workspace(tmp_path: Path, files: dict[str, str], config: str = CONFIG) -> Session:
    (tmp_path / "okr.yaml").write_text(config, encoding="utf-8")
    for name, text in {"company.yaml": COMPANY, **files}.items():
        path = tmp_path / "okrs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return session(tmp_path)


def found(ws: Session, today: dt.date = TODAY) -> set[tuple[str, int, int, str]]:
    return {(d.path, d.line, d.col, d.code) for d in service.run(ws, today).diagnostics}


def one_kr(kr: str, objective: str = "  - id: o\n    title: 好目标\n    aligns_to: "
           "company/customers\n", owner: str = "sales") -> str:
    return (f"owner: {owner}\ncycle: 2026-Q4\nobjectives:\n{objective}    key_results:\n"
            + textwrap.indent(textwrap.dedent(kr).strip("\n"), " " * 6) + "\n")


GOOD_KR = """\
- id: k
  title: 新签约客户120家
  start: 0
  target: 120
  unit: 家
  checkins: [{date: 2026-11-20, value: 60}]
"""


def test_a_good_workspace_is_clean(tmp_path):
    assert found(workspace(tmp_path, {"sales.yaml": one_kr(GOOD_KR)})) == set()


PRACTICE_CASES = [
    ("OKR201 too many objectives",
     "owner: sales\ncycle: 2026-Q4\nobjectives:\n"
     + "".join(f"  - id: o{i}\n    title: 目标\n    aligns_to: company/customers\n"
               f"    key_results: [{{id: k, title: 粉丝, start: 0, target: 1, unit: 个,"
               f" checkins: [{{date: 2026-11-20, value: 1}}]}}]\n" for i in range(3)),
     (12, 5, "OKR201")),
    ("OKR202 no key result",
     "owner: sales\ncycle: 2026-Q4\nobjectives:\n  - id: o\n    title: 目标\n"
     "    aligns_to: company/customers\n", (4, 5, "OKR202")),
    ("OKR203 too many key results",
     one_kr(GOOD_KR + GOOD_KR.replace("id: k", "id: k2") + GOOD_KR.replace("id: k", "id: k3")),
     (20, 9, "OKR203")),
    ("OKR204 due outside the cycle", one_kr(GOOD_KR + "  due: 2027-01-15\n"), (14, 14, "OKR204")),
    ("OKR205 unaligned", one_kr(GOOD_KR, "  - id: o\n    title: 好目标\n"), (4, 5, "OKR205")),
    ("OKR206 number in title",
     one_kr(GOOD_KR, "  - id: o\n    title: 粉丝增长５０%\n    aligns_to: company/customers\n"),
     (5, 12, "OKR206")),
    ("OKR207 activity", one_kr(GOOD_KR.replace("新签约客户120家", "Support the sales team")),
     (9, 16, "OKR207")),
    ("OKR208 no unit", one_kr(GOOD_KR.replace("  unit: 家\n", "")), (8, 9, "OKR208")),
    ("OKR209 stale", one_kr(GOOD_KR.replace("2026-11-20", "2026-11-01")), (8, 9, "OKR209")),
    ("OKR103 aligns to nothing",
     one_kr(GOOD_KR, "  - id: o\n    title: 好目标\n    aligns_to: company/custmers\n"),
     (6, 16, "OKR103")),
    ("OKR103 aligns to a missing key result",
     one_kr(GOOD_KR, "  - id: o\n    title: 好目标\n    aligns_to: company/customers/x\n"),
     (6, 16, "OKR103")),
    ("OKR106 check-in before the cycle", one_kr(GOOD_KR.replace("2026-11-20", "2026-09-20")),
     (13, 27, "OKR106")),
    ("OKR107 check-in in the future", one_kr(GOOD_KR.replace("2026-11-20", "2026-11-27")),
     (13, 27, "OKR107")),
    ("OKR111 unknown kr owner", one_kr(GOOD_KR + "  owner: nobody\n"), (14, 16, "OKR111")),
    ("OKR101 unknown owner", one_kr(GOOD_KR, owner="nobody"), (1, 8, "OKR101")),
]


@pytest.mark.parametrize(("name", "text", "expected"), PRACTICE_CASES,
                         ids=[c[0] for c in PRACTICE_CASES])
def test_rule_is_found_at_its_line_and_column(tmp_path, name, text, expected):
    result = found(workspace(tmp_path, {"x.yaml": text}))
    assert ("okrs/x.yaml", *expected) in result, sorted(result)


def test_ended_cycle_rules(tmp_path):
    text = """\
        owner: sales
        cycle: 2026-Q4
        objectives:
          - id: o
            title: 签约更多客户
            committed: true
            aligns_to: company/customers
            key_results:
              - {id: k, title: 新签约客户120家, start: 0, target: 120, unit: 家,
                 checkins: [{date: 2026-12-30, value: 60}]}
          - id: easy
            title: 容易的目标
            aligns_to: company/customers
            key_results:
              - {id: k, title: 老客户回访100家, start: 0, target: 100, unit: 家,
                 checkins: [{date: 2026-12-30, value: 100}]}
        """
    ws = workspace(tmp_path, {"x.yaml": text})
    later = found(ws, dt.date(2027, 1, 5))
    assert ("okrs/x.yaml", 6, 16, "OKR210") in later
    assert ("okrs/x.yaml", 1, 8, "OKR211") in later
    assert not {c for *_, c in found(ws, dt.date(2026, 12, 30))} & {"OKR210", "OKR211"}


def test_cross_file_rules(tmp_path):
    loop_a = one_kr(GOOD_KR, "  - id: o\n    title: 好目标\n    aligns_to: marketing/o\n")
    loop_b = one_kr(GOOD_KR, "  - id: o\n    title: 好目标\n    aligns_to: sales/o\n",
                    owner="marketing")
    twin = loop_a.replace("id: o\n", "id: other\n").replace("aligns_to: marketing/o",
                                                              "aligns_to: company/customers")
    sideways = one_kr(GOOD_KR, "  - id: o\n    title: 好目标\n    aligns_to: sales/o\n",
                      owner="li.na")
    ws = workspace(tmp_path, {"a.yaml": loop_a, "b.yaml": loop_b, "z/twin.yaml": twin,
                              "q.yaml": one_kr(GOOD_KR).replace("2026-Q4", "2026-Q5"),
                              "s.yaml": sideways})
    result = found(ws)
    assert ("okrs/a.yaml", 6, 16, "OKR105") in result
    assert ("okrs/b.yaml", 6, 16, "OKR105") in result
    assert ("okrs/z/twin.yaml", 1, 8, "OKR104") in result
    assert ("okrs/q.yaml", 2, 8, "OKR102") in result
    assert ("okrs/s.yaml", 6, 16, "OKR109") in result


def test_config_findings_and_broken_config(tmp_path):
    ws = workspace(tmp_path, {}, CONFIG.replace("parent: company}\n  - {id: marketing",
                                                "parent: compny}\n  - {id: marketing"))
    assert ("okr.yaml", 6, 25, "OKR110") in found(ws)
    ws = workspace(tmp_path, {}, CONFIG + "setings: {}\n")
    assert ("okr.yaml", 12, 1, "OKR003") in found(ws)
    result = Okr(tmp_path)("check")
    assert result.exit_code == 1 and "okr.yaml:12:1: OKR003" in result.stdout


def test_every_rule_is_documented_with_pass_and_fail():
    codes = [r.code for r in checks.RULES]
    assert len(codes) == len(set(codes))
    names = [r.name for r in checks.RULES]
    assert len(names) == len(set(names))
    for rule in checks.RULES:
        assert rule.code[:3] == "OKR" and rule.name == rule.name.lower()
        doc = inspect.cleandoc(rule.doc)
        assert "PASS:" in doc and "FAIL:" in doc, rule.code
    assert {m.RULE.code for m in checks.PRACTICE} >= {f"OKR2{n:02d}" for n in range(1, 13)}


def test_explain_and_list_rules():
    okr = Okr(None)
    result = okr("check", "--explain", "OKR207", root=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("OKR207 activity-key-result (warning)")
    assert "PASS:" in result.stdout and "协助" in result.stdout
    assert okr("check", "--explain", "unknown-key", root=False).stdout.startswith("OKR003")
    result = okr("check", "--explain", "OKR999", root=False)
    assert result.exit_code == 2 and "unknown rule" in result.stderr
    listing = okr("check", "--list-rules", root=False).stdout
    for rule in checks.RULES:
        assert rule.code in listing and rule.name in listing


def test_severity_and_ignore_in_settings(tmp_path):
    text = one_kr(GOOD_KR.replace("  unit: 家\n", ""))
    config = CONFIG.replace("settings:\n  lint: {max_objectives: 2, max_key_results: 2}",
                            "settings:\n  lint:\n    severity: {metric-without-unit: error}")
    ws = workspace(tmp_path, {"x.yaml": text}, config)
    diagnostics = service.run(ws, TODAY).diagnostics
    assert [d.severity for d in diagnostics if d.code == "OKR208"] == [Severity.ERROR]
    (tmp_path / "okr.yaml").write_text(config.replace(
        "severity: {metric-without-unit: error}", "ignore: [OKR208]"))
    assert "OKR208" not in {c for *_, c in found(session(tmp_path))}


def test_ignore_comment_silences_one_line(tmp_path):
    text = one_kr(GOOD_KR.replace("  unit: 家\n", "") + GOOD_KR.replace("id: k", "id: k2")
                  .replace("  unit: 家\n", ""))
    text = text.replace("- id: k\n", "- id: k  # okr: ignore[OKR208]\n", 1)
    result = found(workspace(tmp_path, {"x.yaml": text}))
    assert [(line, code) for _, line, _, code in result if code == "OKR208"] == [(13, "OKR208")]


def test_strict_select_and_ignore_on_the_command_line(tmp_path):
    workspace(tmp_path, {"x.yaml": one_kr(GOOD_KR.replace("  unit: 家\n", ""))})
    okr = Okr(tmp_path)
    assert okr("check").exit_code == 0  # a warning passes
    assert okr("check", "--strict").exit_code == 1
    assert okr("check", "--strict", "--ignore", "OKR208").exit_code == 0
    result = okr("check", "--select", "unknown-key,OKR101", "--strict")
    assert result.exit_code == 0 and "OKR208" not in result.stdout
    assert okr("check", "--select", "OKR208", "--format", "json").stdout.count("OKR208") == 1
    result = okr("check", "--ignore", "nope")
    assert result.exit_code == 2 and "unknown rule 'nope'" in result.stderr


def bad_copy(tmp_path: Path) -> Path:
    target = tmp_path / "bad"
    shutil.copytree(BAD, target)
    return target


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json"),
                                            ("github", "txt"), ("junit", "xml")])
def test_each_format_golden(tmp_path, fmt, suffix):
    okr = Okr(bad_copy(tmp_path))
    result = okr("check", "--format", fmt)
    assert result.exit_code == 1
    golden(f"check-{fmt}.{suffix}", result.stdout)


def test_json_is_an_empty_list_when_clean(tmp_path):
    workspace(tmp_path, {"x.yaml": one_kr(GOOD_KR)})
    result = Okr(tmp_path)("check", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_github_is_the_default_in_actions_and_paths_are_repo_relative(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(BAD, repo / "okr")
    result = Okr(repo / "okr")("check", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert "::error file=okr/okrs/sales.yaml,line=12,col=9,title=OKR003 unknown-key::" \
        in result.stdout


def test_github_caps_at_ten_errors_and_ten_warnings_and_escapes():
    from okrcli.diagnostics import Diagnostic, Severity
    from okrcli.render.findings import github

    found_ = [Diagnostic("a,b.yaml", i, 1, "OKR003", f"bad %{i}\nline", Severity.ERROR,
                         "unknown-key") for i in range(1, 15)]
    found_ += [Diagnostic("c.yaml", i, 1, "OKR208", "w", Severity.WARNING, "x")
               for i in range(1, 13)]
    out = github(sorted(found_)).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::warning ") for line in out) == 10
    assert out[-1].startswith("::notice::okr check: 6 more finding(s)")
    assert "file=a%2Cb.yaml" in out[0] and "::bad %251%0Aline" in out[0]


def test_output_file(tmp_path):
    okr = Okr(bad_copy(tmp_path))
    target = tmp_path / "reports" / "okr.xml"
    result = okr("check", "--format", "junit", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert target.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_text_on_a_terminal_shows_the_source_line_with_a_marker():
    from okrcli.diagnostics import Diagnostic, Severity
    from okrcli.render.findings import text

    d = Diagnostic("x.yaml", 2, 8, "OKR003", "m", Severity.ERROR, "unknown-key")
    out = text([d], {"x.yaml": ["owner: a", "标题: 目标 x"]}).plain.splitlines()
    assert out[0] == "x.yaml:2:8: OKR003 m [unknown-key]"
    assert out[1] == "    2 | 标题: 目标 x"
    assert out[2] == "      | " + " " * 11 + "^"  # two cells per wide character


def test_paths_report_only_those_files(tmp_path, monkeypatch):
    root = bad_copy(tmp_path)
    okr = Okr(None)
    monkeypatch.chdir(tmp_path)
    result = okr("check", str(root / "okrs" / "li.na.yaml"), root=False)
    assert result.exit_code == 0  # li.na has warnings only
    assert "li.na.yaml" in result.stdout and "sales.yaml" not in result.stdout
    result = okr("check", str(root / "okrs" / "sales.yaml"), root=False)
    assert result.exit_code == 1 and "OKR103" in result.stdout  # needs the other files


def test_pre_commit_hooks_file():
    from okrcli.yamlio import safe_yaml

    hooks = safe_yaml().load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml")
                             .read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["okr-check"]["entry"] == "okr check"
    assert by_id["okr-check"].get("pass_filenames", True) is True
    assert by_id["okr-check-all"]["pass_filenames"] is False


def test_example_stays_clean_of_errors_and_warnings():
    diagnostics = service.run(session(EXAMPLE), TODAY).diagnostics
    assert {d.severity for d in diagnostics} <= {Severity.INFO}


def test_a_second_run_with_nothing_changed_answers_from_the_cache(tmp_path, monkeypatch):
    """Nothing changed: no file parsed, no rule run. Another day: the rules run again over
    the readings of the files (no file parsed). One byte changed: that file alone is
    parsed again."""
    from okrcli import pipeline

    root = bad_copy(tmp_path)
    first = service.run(session(root), TODAY)
    assert first.diagnostics

    parsed: list[str] = []
    checked: list[int] = []
    real_read, real_check = pipeline.read, pipeline.check

    def read(path, *args, **kwargs):
        parsed.append(path.name)
        return real_read(path, *args, **kwargs)

    def check(*args, **kwargs):
        checked.append(1)
        return real_check(*args, **kwargs)

    from okrcli.services import incremental

    real_parts = incremental.check  # the miss path without --base: the rules run there

    def parts(*args, **kwargs):
        checked.append(1)
        return real_parts(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read", read)
    monkeypatch.setattr(pipeline, "check", check)
    monkeypatch.setattr(incremental, "check", parts)
    again = service.run(session(root), TODAY)
    assert again.diagnostics == first.diagnostics and again.files == first.files
    assert (parsed, checked) == ([], [])
    service.run(session(root), TODAY + dt.timedelta(days=1))  # another day
    assert (parsed, checked) == ([], [1])
    path = root / "okrs" / "li.na.yaml"
    path.write_bytes(path.read_bytes().replace(b"40\n", b"41\n"))
    service.run(session(root), TODAY)  # one byte changed
    assert (parsed, checked) == (["li.na.yaml"], [1, 1])


def test_the_cache_is_outside_the_workspace_and_can_be_turned_off(tmp_path, monkeypatch):
    root = bad_copy(tmp_path)
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache"))
    before = sorted(p for p in root.rglob("*"))
    service.run(session(root), TODAY)
    assert sorted(p for p in root.rglob("*")) == before
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 1
    entries[0].write_text("{damaged")
    assert service.run(session(root), TODAY).diagnostics  # a damaged entry is a miss
    monkeypatch.setenv("OKR_NO_CACHE", "1")
    monkeypatch.setenv("OKR_CACHE_DIR", str(tmp_path / "cache2"))
    service.run(session(root), TODAY)
    assert not (tmp_path / "cache2").exists()


def test_an_unknown_rule_in_settings_is_a_located_error(tmp_path):
    config = CONFIG.replace("  lint: {max_objectives: 2, max_key_results: 2}",
                            "  lint:\n    ignore: [metric-without-units]\n"
                            "    severity: {OKR999: error, okr208: warning}")
    ws = workspace(tmp_path, {}, config)
    result = found(ws)
    assert ("okr.yaml", 12, 14, "OKR113") in result
    assert ("okr.yaml", 13, 16, "OKR113") in result
    assert Okr(tmp_path)("check").exit_code == 1


def test_the_readme_lists_every_rule():
    """README.md's table of rules is every rule with its default severity."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0][2:]: line for line in readme.splitlines()
            if line.startswith("| OKR")}
    assert sorted(rows) == sorted(r.code for r in checks.RULES)
    for rule in checks.RULES:
        assert rows[rule.code].startswith(
            f"| {rule.code} | `{rule.name}` | {rule.severity.value} | "), rule.code
