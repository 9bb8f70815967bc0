"""bench/run.py --table runs end to end on a tiny workspace, so that the bench cannot rot:
every row of issue 13's table and every target is printed (n/a for what the installed okr
does not offer), and no command of it fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from run import okr_command  # noqa: E402
from table import ROWS, Fixed, subcommands  # noqa: E402
from targets import ratios  # noqa: E402


def test_the_table_runs_and_prints_every_row(tmp_path: Path) -> None:
    markdown = tmp_path / "table.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--table", "--sizes", "10", "--runs", "1",
         "--startup-runs", "1", "--helps", "check,status",
         "--keep", str(tmp_path / "ws"), "--markdown", str(markdown)],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    written = markdown.read_text(encoding="utf-8")
    assert written in done.stdout
    lines = written.splitlines()
    for row in ROWS:
        line = next(x for x in lines if x.startswith(f"| {row.label} |"))
        assert "failed" not in line, line
        assert line.count("|") == 3  # the label and one size
    for ratio in ratios({}, Fixed()):
        assert any(x.startswith(f"| {ratio.what}") for x in lines), ratio.what
    for command in ("`python -c pass`", "`okr check --help`", "`okr status --help`",
                    "`okr status team001`, 2 files", "`okr status ONE`, 10 files"):
        assert any(x.startswith(f"| {command} |") for x in lines), command
    assert "Failed:" not in written
    assert (tmp_path / "ws" / "ws-10.done").exists()  # --keep keeps the workspace


def test_the_targets_say_na_without_figures() -> None:
    assert {r.verdict for r in ratios({}, Fixed())} == {"n/a"}


def test_every_sub_command_is_found_in_the_help() -> None:
    found = subcommands(okr_command())
    assert {"check", "status", "tree", "report", "grade", "show", "checkin"} <= set(found)
