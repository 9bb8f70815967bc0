"""The two check-in rules of issue 9, through the CLI in the example workspace: OKR117
(a check-in after its key result's drop: an error of the file) and OKR212 (two check-ins
of one key result on one date: a practice warning)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Okr

SALES = "okrs/2026-Q4/sales.yaml"
# The dropped key result of the example (dropped on 2026-11-05) and its one check-in.
AGENTS = "        checkins:\n          - date: 2026-10-16\n            value: 1\n"
# The latest check-in of marketing/awareness/followers.
FOLLOWERS = "          - date: 2026-11-20\n            value: 11800\n"


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return new


def _last_line(path: Path, line: str) -> int:
    """The number of the last line of the file that is ``line``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(n for n, text in enumerate(lines, 1) if text == line)


def _findings(okr: Okr, *args: str) -> tuple[int, list[dict]]:
    result = okr("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_checkin_after_drop_is_an_error_at_its_date(okr: Okr, example: Path):
    path = example / SALES
    _edit(path, AGENTS, AGENTS + "          - date: 2026-11-20\n            value: 3\n")
    code, found = _findings(okr)
    assert code == 1
    [finding] = [f for f in found if f["code"] == "OKR117"]
    assert finding["path"] == SALES
    assert (finding["line"], finding["col"]) == (_last_line(path, "          - date: 2026-11-20"),
                                                 19)
    assert finding["severity"] == "error"
    assert finding["message"] == ("check-in of 2026-11-20 is after the key result was "
                                  "dropped on 2026-11-05")
    # An error of the file's own: reading commands refuse the file and name the finding.
    result = okr("status", "sales")
    assert result.exit_code == 1 and "OKR117" in result.stderr


def test_a_checkin_on_the_drop_date_is_allowed(okr: Okr, example: Path):
    _edit(example / SALES, AGENTS, AGENTS + "          - date: 2026-11-05\n            value: 2\n")
    code, found = _findings(okr)
    assert code == 0
    assert not [f for f in found if f["code"] == "OKR117"]


def test_two_checkins_on_one_date_warn_at_the_second(okr: Okr, example: Path):
    path = example / "okrs/2026-Q4/marketing.yaml"
    _edit(path, FOLLOWERS, FOLLOWERS + "          - date: 2026-11-20\n            value: 11900\n")
    code, found = _findings(okr)
    assert code == 0  # a warning: only --strict fails on it
    [finding] = [f for f in found if f["code"] == "OKR212"]
    assert (finding["line"], finding["col"]) == (_last_line(path, "          - date: 2026-11-20"),
                                                 19)
    assert finding["severity"] == "warning"
    assert "the later written one counts" in finding["message"]
    assert "okr checkin marketing/awareness/followers VALUE --amend" in finding["message"]
    assert okr("check", "--strict").exit_code == 1
    # The later written value is the one the scores read.
    status = json.loads(okr("status", "marketing", "--format", "json").stdout)
    assert "11900" in json.dumps(status) and "11800" not in json.dumps(status)


def test_the_rules_are_listed_and_explained(okr: Okr):
    listing = okr("check", "--list-rules").stdout
    assert "OKR117" in listing and "checkin-after-drop" in listing
    assert "OKR212" in listing and "same-day-checkins" in listing
    explained = okr("check", "--explain", "same-day-checkins").stdout
    assert explained.startswith("OKR212 same-day-checkins (warning)")
    assert "--amend" in explained
