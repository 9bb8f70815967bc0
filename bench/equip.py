"""What equipping a workspace for editors costs (issue 14, point 1), as ratios in one run.

    python bench/equip.py [--owners 1000] [--runs 5]

In a generated workspace of --owners files (bench/gen_workspace.py), round robin:

1. `okr checkin REF --amend` in the workspace equipped (`.okr/` holds current schemas,
   which every write reads to see whether they are stale) against the same workspace
   without `.okr/`: the stamp check on each write (target: 1.0x);
2. `okr schema --install` on an equipped workspace (reads every file, writes nothing)
   against `okr check` warm;
3. the first `okr schema --install` (both schemas, a modeline into every file), on a
   fresh copy each run, against the same `okr check` warm.

Run it where okr is installed normally (`pip install .`, not `-e`); the check cache lives
in a temporary folder (OKR_CACHE_DIR).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_workspace import generate
from run import TODAY, okr_command, race, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    okr = okr_command()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = {**os.environ, "OKR_TODAY": TODAY, "OKR_LANG": "en",
               "OKR_CACHE_DIR": str(base / "cache")}
        bare, equipped = base / "bare", base / "equipped"
        generate(bare, args.owners)
        shutil.copytree(bare, equipped)
        timed([*okr, "schema", "--install", "--root", str(equipped)], env)
        ref = "p0001/o1/k1"
        commands = {
            "checkin, equipped": [*okr, "checkin", ref, "1234", "--amend", "--root",
                                  str(equipped)],
            "checkin, no .okr/": [*okr, "checkin", ref, "1234", "--amend", "--root", str(bare)],
            "install again": [*okr, "schema", "--install", "--root", str(equipped)],
            "check, warm": [*okr, "check", "--root", str(equipped)],
        }
        for argv in commands.values():  # a first check-in on the day, then corrections
            if argv[1] == "checkin":
                timed([*argv[:4], *argv[5:]], env)
        found = race(commands, args.runs, env)
        first = []
        for i in range(args.runs):
            copy = base / f"fresh-{i}"
            shutil.copytree(bare, copy)
            started = time.perf_counter()
            timed([*okr, "schema", "--install", "--root", str(copy)], env)
            first.append(time.perf_counter() - started)
            shutil.rmtree(copy)
        found["install, first"] = statistics.median(first)
    check = found["check, warm"]
    print(f"{args.owners} files, medians of {args.runs}:")
    for name, seconds in found.items():
        print(f"  {name:<20} {seconds * 1000:8.0f} ms")
    print(f"  checkin equipped / no .okr/: "
          f"{found['checkin, equipped'] / found['checkin, no .okr/']:.2f}x (target 1.0x)")
    print(f"  install again / check warm:  {found['install again'] / check:.2f}x")
    print(f"  install first / check warm:  {found['install, first'] / check:.2f}x")


if __name__ == "__main__":
    main()
