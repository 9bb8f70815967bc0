"""Start-up and large-workspace benchmarks, as ratios measured in one run.

    python bench/run.py [--runs 15] [--owners 1000] [--keep DIR]

Measures, interleaving the commands so that machine noise hits them alike:

1. `okr --version` and `okr --help` against `python -c pass` (targets: 6x and 8x);
2. `okr checkin` and `okr status OWNER` in a generated workspace of 1,000 owner files
   against the same commands in a two-file workspace (target: 1.5x).

Run it from an environment where okr is installed normally (`pip install .`, not `-e`):
with PYTHONDONTWRITEBYTECODE set, a source checkout is recompiled on every start.
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

sys.path.insert(0, str(Path(__file__).parent))
from gen_workspace import generate

TODAY = "2026-11-26"


def okr_command() -> list[str]:
    script = Path(sys.executable).with_name("okr")
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrcli"]


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{result.stderr.decode()}")
    return elapsed


def race(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds of each command, run round-robin after one warm-up each."""
    for argv in commands.values():
        timed(argv, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(timed(argv, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def small_copy(big: Path, small: Path, person: str, team: str) -> None:
    (small / "okrs" / "2026-Q4").mkdir(parents=True)
    for owner in (team, person):
        shutil.copy(big / "okrs" / "2026-Q4" / f"{owner}.yaml", small / "okrs" / "2026-Q4")
    (small / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\n"
        f"teams:\n  - {{id: company}}\n  - {{id: {team}, parent: company}}\n"
        f"people:\n  - {{id: {person}, team: {team}}}\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="generate the workspaces here and keep them")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_")}
    env.update({"OKR_TODAY": TODAY, "NO_COLOR": "1"})
    okr = okr_command()
    print(f"okr: {' '.join(okr)}; python: {sys.version.split()[0]}; runs: {args.runs}")

    startup = race({
        "python -c pass": [sys.executable, "-c", "pass"],
        "okr --version": [*okr, "--version"],
        "okr --help": [*okr, "--help"],
    }, args.runs, env)
    base = startup["python -c pass"]
    print("\nstart-up (median ms, ratio to python -c pass)")
    for name, seconds in startup.items():
        print(f"  {name:<16} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-"))
    try:
        big, small = folder / "big", folder / "small"
        if not big.exists():
            generate(big, args.owners)
        person, team = "p0001", "team002"
        if not small.exists():
            small_copy(big, small, person, team)
        ref = f"{person}/o1/k1"
        commands = {}
        for label, root in (("2 files", small), (f"{args.owners} files", big)):
            commands[f"checkin, {label}"] = [*okr, "checkin", ref, "1234", "--root", str(root)]
            commands[f"status {person}, {label}"] = [*okr, "status", person, "--root",
                                                     str(root)]
        large = race(commands, args.runs, env)
        print(f"\nlarge workspace (median ms; ratio {args.owners} files / 2 files)")
        for verb in ("checkin", f"status {person}"):
            a, b = large[f"{verb}, 2 files"], large[f"{verb}, {args.owners} files"]
            print(f"  {verb:<14} {a * 1000:7.1f} ms vs {b * 1000:7.1f} ms  {b / a:5.2f}x")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
