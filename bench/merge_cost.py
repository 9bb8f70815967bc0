"""The merge driver against git's own line merge and against `okr check` of the same file.

    python bench/merge_cost.py [--runs 9] [--krs 20] [--checkins 40]

Generates one OKR file (--krs key results with --checkins check-ins each, block style),
ours with a new check-in on every even key result and theirs on every odd one (lines
apart: git's line merge is clean too), and races, round robin, `okr merge-file`, `git
merge-file` and `okr check FILE` (each run restores OURS first, with `cp`, in all three).
Run it where okr is installed normally (`pip install .`).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import TODAY, okr_command, race

CONFIG = """cycles:
  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
teams:
  - {id: company}
"""


def okr_file(krs: int, checkins: int, extra: set[int]) -> str:
    lines = ["owner: company", "cycle: 2026-Q4", "objectives:", "  - id: growth",
             "    title: Grow", "    key_results:"]
    for k in range(krs):
        lines += [f"      - id: kr{k}", f"        title: Key result {k}", "        start: 0",
                  "        target: 1000", "        unit: units", "        checkins:"]
        days = [(10, 1 + d % 28) if d < 28 else (11, 1 + d % 28) for d in range(checkins)]
        if k in extra:
            days.append((12, 1 + k % 28))
        for n, (month, day) in enumerate(days):
            lines += [f"          - date: 2026-{month:02d}-{day:02d}", f"            value: {n}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--krs", type=int, default=20)
    parser.add_argument("--checkins", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="okr-merge-bench-"))
    (work / "okrs").mkdir()
    (work / "okr.yaml").write_text(CONFIG, encoding="utf-8")
    files = {"base": set(), "ours.orig": set(range(0, args.krs, 2)),
             "theirs": set(range(1, args.krs, 2))}
    for name, extra in files.items():
        (work / name).write_text(okr_file(args.krs, args.checkins, extra), encoding="utf-8")
    (work / "okrs" / "company.yaml").write_text(okr_file(args.krs, args.checkins, set()),
                                                encoding="utf-8")
    okr = shlex.join(okr_command())
    restore = f"cd {shlex.quote(str(work))} && cp ours.orig ours && "
    commands = {
        "okr merge-file": ["sh", "-c", restore + f"{okr} merge-file base ours theirs"],
        "git merge-file": ["sh", "-c", restore + "git merge-file ours base theirs"],
        "okr check FILE": ["sh", "-c", restore + f"{okr} check okrs/company.yaml"],
    }
    env = {**os.environ, "OKR_TODAY": TODAY, "OKR_ROOT": str(work)}
    times = race(commands, args.runs, env)
    size = (work / "base").stat().st_size
    print(f"one file of {args.krs} key results x {args.checkins} check-ins ({size} bytes), "
          f"{args.runs} runs")
    for name, seconds in times.items():
        print(f"  {name:16} {seconds * 1000:8.1f} ms")
    print(f"  okr merge-file / git merge-file = "
          f"{times['okr merge-file'] / times['git merge-file']:.2f}x")
    print(f"  okr merge-file / okr check FILE = "
          f"{times['okr merge-file'] / times['okr check FILE']:.2f}x")


if __name__ == "__main__":
    main()
