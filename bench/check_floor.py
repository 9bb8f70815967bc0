"""A cold `okr check` against its floor, mid-cycle and after the cycle's end.

    python bench/check_floor.py [--sizes 100 1000] [--big] [--runs 5] [--keep DIR]

For each size (a workspace from bench/gen_workspace.py: one owner a file, 2026-Q4;
``--big`` adds 10,000 files, which takes minutes) runs, round-robin after one warm-up
each, in separate processes:

- ``CSafeLoader``: a bare single-process PyYAML load of every file (libyaml, C);
- ``floor``: yaml-rs load + ``OkrFile.model_validate`` of every file, in one process
  (what a check costs at least: reading and validating, no rule, no position);
- ``check mid``: ``okr check`` cold (OKR_NO_CACHE=1) with OKR_TODAY=2026-11-26;
- ``check end``: the same with OKR_TODAY=2027-01-05, after 2026-Q4's end (2026-12-31),
  when the ended-cycle rules (OKR210, OKR211) run;
- ``check mid 1 job``: ``check mid`` with ``OKR_JOBS=1`` (one process: what the
  machine's other cores save, forked.py).

and prints the medians and the ratios of issue 13 (targets: check / CSafeLoader at most
0.2x, check / floor at most 1.5x, end / mid at most 1.1x, at every size; and the check
linear in files: the ratio of sizes' check times near the ratio of their file counts).
Each ratio is given for wall time and for CPU time (user + system of the process): on a
shared machine the CPU ratios are the steadier ones.

Run it from an environment where okr is installed normally (`pip install . pyyaml`, not
`-e`: with PYTHONDONTWRITEBYTECODE set, a source checkout is recompiled on every start).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
MID, END = "2026-11-26", "2027-01-05"

CSAFE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1], "okrs").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

FLOOR = """
import sys, yaml_rs
from pathlib import Path
from okrcli.model import OkrFile
for path in sorted(Path(sys.argv[1], "okrs").rglob("*.yaml")):
    OkrFile.model_validate(yaml_rs.loads(path.read_bytes().decode("utf-8")))
"""


def okr_command() -> list[str]:
    script = Path(sys.executable).with_name("okr")
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrcli"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 1: findings, still a full check
        raise SystemExit(f"failed: {' '.join(argv)}\n{result.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def measure(root: Path, runs: int, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    okr = [*okr_command(), "check", "--root", str(root)]
    commands = {
        "CSafeLoader": ([sys.executable, "-c", CSAFE, str(root)], env),
        "floor": ([sys.executable, "-c", FLOOR, str(root)], env),
        "check mid": (okr, {**env, "OKR_TODAY": MID}),
        "check end": (okr, {**env, "OKR_TODAY": END}),
        # the same on one core: what the children of forked.py save
        "check mid 1 job": (okr, {**env, "OKR_TODAY": MID, "OKR_JOBS": "1"}),
    }
    for argv, cmd_env in commands.values():  # warm-up: the page cache, the bytecode
        timed(argv, cmd_env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, cmd_env) in commands.items():
            samples[name].append(timed(argv, cmd_env))
    return {name: (statistics.median(w for w, _ in values),
                   statistics.median(c for _, c in values))
            for name, values in samples.items()}


def ratios(label: str, med: dict[str, float]) -> None:
    print(f"  {label}: " + "  ".join(f"{name} {value:.2f} s" for name, value in med.items()))
    for over, under, target in (("check mid", "CSafeLoader", "0.2x"),
                                ("check mid", "floor", "1.5x"),
                                ("check end", "CSafeLoader", ""),
                                ("check end", "check mid", "1.1x"),
                                ("check mid", "check mid 1 job", "")):
        print(f"    {over} / {under:<12} {med[over] / med[under]:5.2f}x"
              + (f"  (target {target})" if target else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--big", action="store_true", help="add 10,000 files (minutes)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate workspaces here and keep them")
    opts = parser.parse_args()
    try:
        import yaml  # noqa: F401
    except ImportError:
        raise SystemExit("pip install pyyaml: the CSafeLoader load is the baseline") from None
    sizes = [*opts.sizes, *([10_000] if opts.big else [])]
    folder = opts.keep or Path(tempfile.mkdtemp(prefix="okr-bench-floor-"))
    env = {**os.environ, "OKR_LANG": "en", "OKR_NO_CACHE": "1",
           "OKR_CACHE_DIR": str(folder / "cache")}
    checks: dict[int, tuple[float, float]] = {}
    try:
        for size in sizes:
            root = folder / f"ws{size}"
            if not root.exists():
                subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(root),
                                "--owners", str(size)], check=True, stdout=subprocess.DEVNULL)
            med = measure(root, opts.runs, env)
            checks[size] = med["check mid"]
            print(f"{size} files (medians of {opts.runs}):")
            ratios("wall", {name: wall for name, (wall, _cpu) in med.items()})
            ratios("cpu ", {name: cpu for name, (_wall, cpu) in med.items()})
        for small, large in itertools.pairwise(sizes):
            (wall, cpu), (wall0, cpu0) = checks[large], checks[small]
            print(f"check mid {large} / {small} files: wall {wall / wall0:.2f}x, cpu "
                  f"{cpu / cpu0:.2f}x, for {large / small:g}x the files")
    finally:
        if opts.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
