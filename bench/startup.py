"""Start-up of every okr command against an empty Python start.

    python bench/startup.py [--runs 5] [--only check,status] [--imports 8]

Times, interleaved (round-robin), medians of ``--runs``: ``python -c pass``, ``okr
--help``, ``okr CMD --help`` for every command and sub-command, and ``okr check`` /
``okr status company`` on a 2-file workspace (bench/gen_workspace.py --owners 1: the
company and one team): each run again on unchanged files (answered by okr's kept answers,
``src/okrcli/replay.py``), with its caches filled but a new environment variable each
time (``BENCH_RUN``: the key of a kept answer holds the environment, the check cache's
does not, so this is the warm start of before), and cold (``OKR_NO_CACHE=1``: no cache
at all). Prints each as a ratio to ``python -c pass`` (target: at most 8x), wall and CPU
time (user + system of the child: less disturbed by a busy machine), then for a few
commands the imports that cost most under ``-X importtime`` (cumulative, top level of each package).

Run it from an environment where okr is installed (``pip install .``, not editable: an
editable install compiles the source on every start).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
SCRIPT = Path(sys.executable).with_name("okr")  # the installed command, as a user runs it
OKR = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "okrcli"]


def commands() -> list[tuple[str, ...]]:
    """Every command path of the app: ("check",), ("kr", "add"), ..."""
    import typer.main

    from okrcli.cli import app

    found: list[tuple[str, ...]] = []
    todo = [((), typer.main.get_command(app))]
    while todo:
        path, cmd = todo.pop(0)
        if path:
            found.append(path)
        todo += [((*path, name), sub) for name, sub in getattr(cmd, "commands", {}).items()]
    return found


def run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def imports(argv: list[str], env: dict[str, str], cwd: Path, top: int) -> list[str]:
    """The costliest imports of a command: cumulative microseconds of each package's
    outermost import."""
    argv = [sys.executable, "-m", "okrcli", *argv[len(OKR):]]
    result = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], env=env,
                            cwd=cwd, capture_output=True, text=True, check=False)
    costs: dict[str, int] = {}
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if found:
            name = found[3]
            key = ".".join(name.split(".")[:2]) if name.startswith("okrcli.") else \
                name.split(".")[0]
            costs[key] = max(costs.get(key, 0), int(found[1]))
    ranked = sorted(costs.items(), key=lambda kv: -kv[1])[:top]
    return [f"{name} {us / 1000:.0f} ms" for name, us in ranked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="commands to time (comma-separated)")
    parser.add_argument("--imports", type=int, default=8, help="imports shown per command")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="okr-startup-"))
    ws = work / "ws"
    subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(ws), "--owners", "1"],
                   check=True, stdout=subprocess.DEVNULL)
    env = {**os.environ, "OKR_CACHE_DIR": str(work / "cache"), "OKR_TODAY": "2026-11-26",
           "OKR_LANG": "en", "COLUMNS": "100"}
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "OKR_NO_CACHE", "OKR_ROOT"):
        env.pop(name, None)
    only = {c for c in args.only.split(",") if c}
    cases: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"],
                                   "okr --help": [*OKR, "--help"]}
    for path in commands():
        if not only or path[0] in only:
            cases[f"okr {' '.join(path)} --help"] = [*OKR, *path, "--help"]
    cold = {**env, "OKR_NO_CACHE": "1"}
    envs: dict[str, dict[str, str]] = {}
    for verb in (["check"], ["status", "company"]):
        name = f"okr {' '.join(verb)} (2 files"
        cases[f"{name}, again)"] = [*OKR, *verb]
        cases[f"{name}, warm)"] = [*OKR, *verb]
        cases[f"{name}, cold)"] = [*OKR, *verb]
        envs[f"{name}, cold)"] = cold
    time.sleep(2.5)  # files changed in the last two seconds are never answered again
    for name, argv in cases.items():  # fills the caches, keeps the answers
        run(argv, envs.get(name, env), ws)
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for number in range(args.runs):
        for name, argv in cases.items():
            again = {**env, "BENCH_RUN": str(number)} if name.endswith("warm)") else None
            w, c = run(argv, again or envs.get(name, env), ws)
            wall[name].append(w)
            cpu[name].append(c)
    base_wall = statistics.median(wall["python -c pass"])
    base_cpu = statistics.median(cpu["python -c pass"])
    print(f"{'command':44} {'wall':>8} {'ratio':>6} {'cpu':>8} {'ratio':>6}")
    for name in cases:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:44} {w * 1000:6.0f}ms {w / base_wall:5.1f}x {c * 1000:6.0f}ms "
              f"{c / base_cpu:5.1f}x")
    print("\nimports (-X importtime, cumulative):")
    for name in ("okr check --help", "okr status --help", "okr check (2 files, again)",
                 "okr status company (2 files, warm)"):
        if name in cases:
            print(f"  {name}: " + ", ".join(imports(cases[name], env, ws, args.imports)))


if __name__ == "__main__":
    main()
