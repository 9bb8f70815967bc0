"""`okr log REF` over a file with a long history, against git's own log of that file.

    python bench/log.py [--commits 500] [--runs 9] [--keep DIR]

Builds a repository (with `git fast-import`, one process) whose one OKR file gets
``--commits`` commits: a check-in each, and now and then another edit (a target moved
with its reason, a title changed, a check-in rewritten, the file renamed once). Then
times, interleaved, medians of ``--runs``:

- `okr log sales/revenue/gmv` (a key result: every version compared, one entry in two)
- `okr log sales` (the owner: every entry), and with `--format json` and `-n 10` (the
  newest ten entries: the versions are read newest first, as far as needed)
- `okr status sales --format json`: okr's start and one read of the newest version, no
  history (the floor under every okr log)
- `git log -p --follow -- FILE > /dev/null` (the target: okr log at most 3x this)
- the floor: `python -c` importing what any okr log that validates what it reads must
  (yaml_rs, Rich's console, the models) and building the models' validators, no work;
  and `python -c pass`

Each okr command runs two ways: again, as a person runs it a second time (its answer kept,
replay.py: what it read and git's HEAD unchanged), and computed, with ``OKR_NO_CACHE=1``
(no kept answer, no cached reading: the whole cost of a first run).

Run it from an environment where okr is installed (`pip install .`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
cycles:
  - id: 2026-Q4
    start: 2026-10-01
    end: 2026-12-31
teams:
  - id: sales
"""

HEAD = """\
owner: sales
cycle: 2026-Q4
objectives:
  - id: revenue
    title: {title}
    key_results:
      - id: gmv
        title: 季度成交额
        start: 0
        target: {target}
        unit: 万元
{changes}        checkins:
{gmv}      - id: deals
        title: 新签约客户
        start: 0
        target: 1000
        checkins:
{deals}"""

FLOOR = ("import yaml_rs, rich.console\n"
         "from okrcli import model, validation\n"
         "validation.native_validator(model.Config)\n"
         "validation.native_validator(model.OkrFile)\n")

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_TERMINAL_PROMPT": "0"}


def versions(count: int) -> list[tuple[str, str, str]]:
    """(path, message, text) of each commit."""
    out = []
    gmv: list[str] = []
    deals: list[str] = []
    target, title, changes = 100, "扩大销售规模", ""
    path = "okr/okrs/sales.yaml"
    day = dt.date(2026, 10, 1)
    for i in range(count):
        when = day + dt.timedelta(days=i % 90)
        line = f"          - {{date: {when}, value: {i}, confidence: 0.7, note: 第{i}周}}\n"
        (gmv if i % 2 == 0 else deals).append(line)
        message = f"check-in {i}"
        if i % 50 == 49:
            changes += (f"          - {{date: {when}, field: target, old: {target}, "
                        f"new: {target + 10}, reason: 第{i}次调整}}\n")
            target += 10
            message = f"raise the target ({i})"
        if i % 97 == 96:
            title = f"扩大销售规模（第{i}版）"
        if i % 71 == 70 and gmv:
            gmv[0] = gmv[0].replace("value: 0,", f"value: {i},")  # a rewrite
        if i == count // 2:
            path = "okr/okrs/sales-team.yaml"
        text = HEAD.format(title=title, target=target, gmv="".join(gmv), deals="".join(deals),
                           changes="        changes:\n" + changes if changes else "")
        out.append((path, message, text))
    return out


def build(folder: Path, count: int) -> Path:
    repo = folder / "repo"
    repo.mkdir(parents=True)
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    stream: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode()
        stream.append(b"data %d\n" % len(raw) + raw + b"\n")

    previous = None
    stamp = 1790000000
    for n, (path, message, text) in enumerate([("okr/okr.yaml", "workspace", CONFIG),
                                                *versions(count)]):
        stream.append(b"commit refs/heads/main\nmark :%d\n" % (n + 1))
        stream.append(b"committer Li Na <li.na@example.com> %d +0800\n" % (stamp + n * 3600))
        data(message)
        if n:
            stream.append(b"from :%d\n" % n)
        if previous and previous != path:
            stream.append(f"D {previous}\n".encode())
        stream.append(f"M 100644 inline {path}\n".encode())
        data(text)
        if path != "okr/okr.yaml":
            previous = path
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream),
                   check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True, env=env)
    return repo


def okr_command() -> list[str]:
    script = Path(sys.executable).with_name("okr")
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrcli"]


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{result.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-log-"))
    try:
        started = time.perf_counter()
        repo = build(folder, args.commits)
        print(f"{args.commits} commits of one file built in "
              f"{time.perf_counter() - started:.1f} s ({repo})")
        env = {**os.environ, **GIT_ENV, "OKR_TODAY": "2026-11-26", "OKR_LANG": "en",
               "COLUMNS": "120", "OKR_CACHE_DIR": str(folder / "cache")}
        cold = {**env, "OKR_NO_CACHE": "1"}
        time.sleep(2.1)  # files written less than two seconds ago are never kept
        okr = okr_command()
        runs = {
            "okr log sales/revenue/gmv": [*okr, "log", "sales/revenue/gmv"],
            "okr log sales": [*okr, "log", "sales"],
            "okr log sales --format json": [*okr, "log", "sales", "--format", "json"],
            "okr log sales -n 10": [*okr, "log", "sales", "-n", "10"],
            # the floor: okr's start and one read of the file, no history at all
            "okr status (no history)": [*okr, "status", "sales", "--format", "json"],
        }
        # each okr command twice: run again (its answer kept) and computed, with no cache
        commands = {**{f"{name} (again)": (argv, env) for name, argv in runs.items()},
                    **{f"{name} (computed)": (argv, cold) for name, argv in runs.items()},
                    "git log -p --follow": (["git", "log", "-p", "--follow", "--",
                                             "okr/okrs/sales-team.yaml"], env),
                    # the floor of any okr log that validates what it reads: Python, the
                    # YAML reader, Rich's console, the models and their validators built
                    "floor (start-up, no work)": ([sys.executable, "-c", FLOOR], env),
                    "python -c pass": ([sys.executable, "-c", "pass"], env)}
        where = {name: repo if name.startswith("git") else repo / "okr" for name in commands}
        for name, (argv, run_env) in commands.items():  # warm up (and keep the answers)
            timed(argv, where[name], run_env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (argv, run_env) in commands.items():
                samples[name].append(timed(argv, where[name], run_env))
        medians = {name: statistics.median(s) for name, s in samples.items()}
        base = medians["git log -p --follow"]
        for name, value in medians.items():
            print(f"{name:43} {value * 1000:8.1f} ms  {value / base:5.2f}x")
        print("target: okr log at most 3x git log -p --follow; the floor line is what "
              "starting okr's validating reader costs before any work")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
