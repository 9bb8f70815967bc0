"""The cycle's end at size: `okr report --retro`, `okr history` and `okr cycle close`
against `okr grade` of the same workspace, at two sizes (linear cost: each ratio stays
flat as the workspace grows).

    python bench/cycle_end.py [--sizes 100 400] [--runs 3]

Generates the workspaces with bench/gen_workspace.py (one owner a file, 2026-Q4) and runs
every command after the quarter's end (OKR_TODAY=2027-01-05), medians of ``--runs``,
interleaved. `okr cycle close` runs on a fresh copy each time (it writes). Run it from an
environment where okr is installed (`pip install .`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
COMMANDS = {
    "grade": ["grade", "--format", "json"],
    "report --retro": ["report", "--retro", "--format", "json"],
    "report --retro html": ["report", "--retro", "--format", "html"],
    "history": ["history", "--format", "json"],
}


def timed(args: list[str], root: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(["okr", *args, "--root", str(root)], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="okr-bench-end-"))
    env = {**os.environ, "OKR_TODAY": "2027-01-05", "OKR_LANG": "en",
           "OKR_CACHE_DIR": str(tmp / "cache")}
    try:
        for size in opts.sizes:
            root = tmp / f"ws{size}"
            subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(root),
                            "--owners", str(size)], check=True, stdout=subprocess.DEVNULL)
            found: dict[str, list[float]] = {name: [] for name in [*COMMANDS, "cycle close"]}
            for run in range(opts.runs):
                for name, args in COMMANDS.items():
                    found[name].append(timed(args, root, env))
                copy = tmp / f"close{size}-{run}"
                shutil.copytree(root, copy)
                found["cycle close"].append(timed(["cycle", "close", "2026-Q4", "--no-input"],
                                                  copy, env))
                shutil.rmtree(copy)
            base = statistics.median(found["grade"])
            print(f"{size} files:")
            for name, times in found.items():
                median = statistics.median(times)
                print(f"  okr {name:<22} {median:6.2f} s  {median / base:4.2f}x grade")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
