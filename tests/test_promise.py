"""One promise, tested as such: what `okr check` passes, every reading command reads and
renders without an internal error, in every format (issue 8, item 1).

A property test generates hostile workspaces (tests/hostile.py), keeps those that check
passes, and runs every reading command in every format on them. The regression tests
below are the examples of the issue, one each: each asserts only the promise, either
check refuses with a located error or it passes and every command then works, never
which of the two (the limits are the tool's to choose)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from hostile import (
    BIG,
    NULL,
    Case,
    Raw,
    broken,
    dq,
    emit,
    gate,
    holds,
    okr,
    printable,
    promise,
    same_draws,
    workspaces,
)

OKR_YAML = """\
cycles:
  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
teams:
  - {id: company, name: Company}
  - {id: sales, name: Sales, parent: company}
  - {id: marketing, name: Marketing, parent: company}
people:
  - {id: li.na, name: Li Na, team: marketing}
"""


def company(kr: str = "", objective: str = "") -> str:
    """company.yaml: one objective with one metric key result, plus extra lines."""
    return f"""\
owner: company
cycle: 2026-Q4
objectives:
  - id: customers
    title: Win and keep active customers{objective}
    key_results:
      - id: active
        title: Grow monthly active customers from 800 to 1500
        start: 800
        target: 1500
        unit: customers
        checkins:
          - {{date: 2026-11-20, value: 1100}}{kr}
"""


def workspace(root: Path, **files: str) -> Path:
    """okr.yaml and the given OKR files (name without .yaml: text) under okrs/."""
    (root / "okrs").mkdir(parents=True)
    (root / "okr.yaml").write_text(OKR_YAML, encoding="utf-8")
    for name, text in files.items():
        (root / "okrs" / f"{name}.yaml").write_bytes(text.encode("utf-8"))
    return root


ACTIVE = ("company", "company/customers", "company/customers/active")


# --- the property -----------------------------------------------------------------------


# Each profile is wild in the ways it names (tests/hostile.py WILD), tame in the others,
# with the number of workspaces it gets. The budget: the whole file well under a minute on
# two cores (15 s of CPU in December 2026); a workspace check passes costs 0.1 to 3 s
# through its 25 commands, most in Rich's tables (a 200-row one takes about a second).
PROFILES = {"tame": 6, "numbers": 4, "long": 3, "controls": 4, "many": 3, "chain": 4,
            "values": 3, "numbers+controls": 2, "long+many": 2, "controls+values": 2,
            "controls+chain": 1}


@pytest.mark.parametrize("name", PROFILES)
def test_what_check_passes_every_reading_command_renders(tmp_path_factory, name):
    """A failure is not shrunk (each step would run every command again): its message
    names the folder the workspace is kept in, and every failing command with its error."""
    wild = frozenset(name.split("+")) - {"tame"}
    passed: list[Path] = []

    @settings(max_examples=PROFILES[name], deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.large_base_example])
    @given(case=workspaces(wild))
    def every_command(case: Case) -> None:
        root = case.write(tmp_path_factory.mktemp(name))
        if gate(root):
            passed.append(root)
            failures = promise(root, case.owner, case.objective, case.key_result)
            assert not failures, f"check passed on {root}, then:\n" + "\n".join(failures)

    with same_draws():
        every_command()
    if not wild:  # else the property could hold by check refusing everything
        assert len(passed) >= PROFILES[name] // 2, f"check passed only {passed}"


# --- the examples, one test each ------------------------------------------------


def test_a_checkin_of_one_followed_by_400_zeros(tmp_path):
    kr = f"\n          - {{date: 2026-11-21, value: {BIG}}}"
    holds(workspace(tmp_path, company=company(kr)), *ACTIVE)


def test_start_and_target_at_the_ends_of_the_floats(tmp_path):
    """Their distance is infinite: progress is inf/inf, NaN, unless something stops it."""
    kr = "\n          - {date: 2026-11-21, value: 1.0e308}"
    text = company(kr).replace("start: 800", "start: -1.0e308").replace(
        "target: 1500", "target: 1.0e308")
    holds(workspace(tmp_path, company=text), *ACTIVE)


def test_a_change_whose_old_value_is_a_word(tmp_path):
    kr = """
        changes:
          - {date: 2026-11-24, field: target, old: lots, new: 1500, reason: Board asked}"""
    holds(workspace(tmp_path, company=company(kr)), *ACTIVE)


def test_a_unit_that_is_rich_markup_in_a_file(tmp_path):
    text = company().replace("unit: customers", 'unit: "[/x]"')
    holds(workspace(tmp_path, company=text), *ACTIVE)


def test_a_unit_that_is_rich_markup_written_by_kr_add(tmp_path):
    root = workspace(tmp_path, company=company())
    added = okr(root, "kr", "add", "company/customers", "Reach 5 partners", "--id", "partners",
                "--target", "5", "--unit", "[/x]")
    assert added.exception is None and "internal error" not in added.stderr, str(added)
    assert added.exit_code in (0, 1), str(added)
    if added.exit_code == 0:
        holds(root, "company", "company/customers", "company/customers/partners")


@pytest.mark.parametrize("days", ["3000000", "99999999999", BIG], ids=["3e6", "1e11", "1e400"])
@pytest.mark.parametrize("setting", ["grace_days", "stale_after_days"])
def test_settings_of_more_days_than_the_calendar_has(tmp_path, setting, days):
    """Found by the property: the cycle's end plus grace_days past 9999-12-31."""
    root = workspace(tmp_path, company=company())
    with (root / "okr.yaml").open("a", encoding="utf-8") as config:
        config.write(f"settings:\n  {setting}: {days}\n")
    holds(root, *ACTIVE)


def test_an_alignment_chain_of_900_objectives(tmp_path):
    owners = ["company", "sales", "marketing", "li.na"]
    docs: dict[str, list[str]] = {o: [] for o in owners}
    for i in range(900):
        owner = owners[i * len(owners) // 900]  # four files, the chain runs through them
        aligns = "" if i == 0 else f"\n    aligns_to: {owners[(i - 1) * 4 // 900]}/o{i - 1}"
        docs[owner].append(f"""\
  - id: o{i}
    title: Link{aligns}
    key_results:
      - {{id: k, title: Reach 10 users, start: 0, target: 10, unit: users}}
""")
    files = {o: f"owner: {o}\ncycle: 2026-Q4\nobjectives:\n" + "".join(d)
             for o, d in docs.items()}
    holds(workspace(tmp_path, **files), "li.na", "li.na/o899", "li.na/o899/k")


@pytest.mark.parametrize("raw", ["\x1b]0;pwned\x07 \x1b[2J", "\x7f", "\x85", "\x9b31m", "\u2028",
                                 "\u202e", "\ufeff", "\x0c"],
                         ids=["esc", "del", "nel", "csi", "ls", "rlo", "bom", "ff"])
def test_a_raw_control_character_in_a_title(tmp_path, raw):
    """The gate refuses it, or every command accepts it, a check-in included: the edit
    reads the file with the careful reader, the gate may have used the fast one."""
    root = workspace(tmp_path, company=company(objective=raw))
    if holds(root, *ACTIVE):
        run = okr(root, "checkin", "company/customers/active", "1200")
        assert run.exit_code == 0 and broken(run, "text") is None, str(run)
        assert "value: 1200" in (root / "okrs" / "company.yaml").read_text(encoding="utf-8")
        assert gate(root)


@pytest.mark.parametrize("text", [
    company().replace("      - id: active\n        title: Grow monthly active customers from 800"
                      " to 1500\n", "      - id: active  # okr: ignore[OKR004]\n"),
    company().replace("owner: company\ncycle: 2026-Q4\n",
                      "owner: company  # okr: ignore[OKR004, missing-field]\n"),
], ids=["title", "cycle"])
def test_an_ignore_comment_does_not_silence_a_missing_field(tmp_path, text):
    root = workspace(tmp_path, company=text)
    assert not gate(root)
    run = okr(root, "check", "--format", "json")
    assert any(f["path"].endswith("company.yaml") and f["severity"] == "error"
               for f in json.loads(run.stdout)), run.stdout


def _continued(indent: int) -> str:
    """sales.yaml, its owner last, a double-quoted title whose next line reads like the
    top-level owner key of another team."""
    pad = " " * indent
    return f"""\
cycle: 2026-Q4
objectives:
  - id: pipeline
    title: "Fill the pipeline
{pad}owner: marketing
{pad}  with real leads"
    aligns_to: company/customers
    key_results:
      - {{id: deals, title: Close 20 deals, start: 0, target: 20, unit: deals}}
owner: sales
"""


def test_a_title_continued_on_a_line_that_reads_owner(tmp_path):
    for indent in (0, 6):
        root = workspace(tmp_path / str(indent), company=company(), sales=_continued(indent))
        if holds(root, "sales", "sales/pipeline", "sales/pipeline/deals"):
            run = okr(root, "status", "sales", "--format", "json")
            refs = [o["ref"] for owner in json.loads(run.stdout)["owners"]
                    for o in owner["objectives"]]
            assert refs == ["sales/pipeline"], (indent, run.stdout[:400])
            run = okr(root, "status", "marketing", "--format", "json")
            assert "sales/pipeline" not in run.stdout, (indent, run.stdout[:400])
            sales = (root / "okrs" / "sales.yaml").read_bytes()
            run = okr(root, "objective", "add", "marketing", "Be known for quality", "--id",
                      "brand", "--aligns-to", "company/customers")
            assert run.exit_code == 0 and broken(run, "text") is None, (indent, str(run))
            assert (root / "okrs" / "sales.yaml").read_bytes() == sales, indent
            run = okr(root, "status", "marketing", "--format", "json")
            assert "marketing/brand" in run.stdout, (indent, run.stdout[:400])


def test_the_emitter_writes_yaml_both_readers_read_back():
    """The bytes the property test writes mean what the generator meant: every escape
    reads back as its character, in both readers; numbers as written."""
    from okrcli import yamlio

    title = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]) + (
        "\u2028\u2029\u202e\ufeff\ufffe\U0010ffff\U0001f600 [/x] \\ \" 目")
    doc = {"title": title, "big": Raw(BIG), "tiny": Raw("5e-324"), "zero": Raw("-0.0"),
           "empty": [], "map": {}, "list": [Raw("1"), "x", {"a": NULL}]}
    text = emit(doc)
    expected = {"title": title, "big": 10**400, "tiny": 5e-324, "zero": -0.0, "empty": [],
                "map": {}, "list": [1, "x", {"a": None}]}
    careful, findings = yamlio.careful_load(text)
    assert findings == [] and careful == expected
    assert yamlio.fast_loads(text) == expected
    raw = {ch for ch in text if ch != "\n"}  # every control, C1 and separator escaped
    assert all(printable(ord(ch)) for ch in raw) and not raw & {"\x85", "\u2028", "\u2029"}
    assert dq("\x1b\n\x85\x00\u2028") == '"\\e\\n\\N\\0\\L"'
