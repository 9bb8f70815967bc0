"""One-owner commands in a large workspace against a small one: the owner index.

    python bench/index.py [--sizes 100,1000] [--big] [--runs 3] [--keep DIR]

For each size (``--big`` adds 10,000), a workspace from bench/gen_workspace.py
(``--owners N``), then, interleaved, medians of ``--runs``: ``okr status p0001`` (the
table, which also looks for the key results p0001 drives in the others' files: the index
names the files that can hold one; its JSON does not look), ``okr show p0001/o1`` and
``okr checkin p0001/o1/k1 --amend`` (the same value each time: the file is rewritten),
warm (the index cache filled once: files older than two seconds) and cold
(``OKR_NO_CACHE=1``: every file's head scanned, and every file's alignments read).
Prints each median wall time and CPU time (user + system of the child: steadier on a
shared machine) and their ratios to the same command at the smallest size (target: at
most 1.2x at 10,000 against 100).

Run it from an environment where okr is installed (``pip install .``).
"""

from __future__ import annotations

import argparse
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
SCRIPT = Path(sys.executable).with_name("okr")
OKR = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "okrcli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--big", action="store_true", help="also 10,000 files (minutes)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="reuse (or keep) the workspaces here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="okr-index-"))
    sizes = [int(n) for n in args.sizes.split(",")] + ([10_000] if args.big else [])
    env = {**os.environ, "OKR_CACHE_DIR": str(work / "cache"), "OKR_TODAY": "2026-11-26",
           "OKR_LANG": "en", "COLUMNS": "120"}
    env.pop("OKR_NO_CACHE", None)
    cases: dict[str, tuple[list[str], dict[str, str]]] = {}
    for n in sizes:
        ws = work / f"ws-{n}"
        if not ws.exists():
            subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(ws),
                            "--owners", str(n)], check=True, stdout=subprocess.DEVNULL)
        for what in (["status", "p0001"], ["status", "p0001", "--format", "json"],
                     ["show", "p0001/o1"], ["checkin", "p0001/o1/k1", "1300", "--amend"]):
            argv = [*OKR, *what, "--root", str(ws)]
            cases[f"{' '.join(what)} warm {n}"] = (argv, env)
            cases[f"{' '.join(what)} cold {n}"] = (argv, {**env, "OKR_NO_CACHE": "1"})
    time.sleep(2.1)  # the files settle: the cache keeps no file younger than 2 s
    for argv, case_env in cases.values():
        subprocess.run(argv, env=case_env, stdout=subprocess.DEVNULL, check=False)
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (argv, case_env) in cases.items():
            used = _children()
            start = time.perf_counter()
            subprocess.run(argv, env=case_env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - start)
            cpu[name].append(_children() - used)
    print(f"{'':52} {'wall':>9} {'ratio':>6} {'cpu':>9} {'ratio':>6}")
    for name in cases:
        small = name.rsplit(" ", 1)[0] + f" {sizes[0]}"
        wall, spent = statistics.median(times[name]), statistics.median(cpu[name])
        print(f"okr {name:48} {wall:7.3f} s {wall / statistics.median(times[small]):5.2f}x"
              f" {spent:7.3f} s {spent / statistics.median(cpu[small]):5.2f}x")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def _children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


if __name__ == "__main__":
    main()
