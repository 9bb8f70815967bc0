"""`--at REV` against the working tree on a 1,000-file workspace (target: at most 1.5x),
and what naming the commit costs a workspace outside git.

    python bench/at.py [--owners 1000] [--runs 5]

Generates the workspace (bench/gen_workspace.py) into a fresh git repository, commits
it, and races, round robin in one run, each reading command on the working tree against
the same command `--at HEAD` (every file then comes from git's objects: `git ls-tree`,
one `git cat-file --batch`): `okr status`, `okr report --format json`, `okr tree`. Then
times, in-process, what `commit`/`uncommitted` cost (`Session.origin()`): outside any
repository (one failing `git rev-parse`) and inside one (rev-parse, HEAD, status of the
workspace's files, the short name). Run it where okr is installed normally (`pip install .`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_workspace import generate
from run import TODAY, okr_command, race

GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "bench",
       "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
       "GIT_COMMITTER_EMAIL": "bench@example.com"}
COMMANDS = {"status": ["status"], "report json": ["report", "--format", "json"],
            "tree": ["tree"]}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, **GIT})


def origin_ms(root: Path, loops: int) -> float:
    """Median milliseconds of one Session.origin() (a new session each time)."""
    from okrcli.services.common import Session
    from okrcli.store import Workspace

    samples = []
    for _ in range(loops):
        session = Session(Workspace(root))
        started = time.perf_counter()
        session.origin()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    okr = okr_command()
    env = {**os.environ, **GIT, "OKR_TODAY": TODAY, "NO_COLOR": "1"}
    env.pop("OKR_ROOT", None)
    with tempfile.TemporaryDirectory(prefix="okr-bench-at-") as tmp:
        repo = Path(tmp) / "repo"
        root = repo / "okr"
        generate(root, args.owners)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "the quarter")
        env["OKR_CACHE_DIR"] = str(Path(tmp) / "cache")
        print(f"{args.owners} files in a git repository; median of {args.runs} runs, "
              "round robin")
        for name, argv in COMMANDS.items():
            base = [*okr, *argv, "--root", str(root)]
            times = race({"tree": base, "at": [*base, "--at", "HEAD"]}, args.runs, env)
            print(f"  okr {name:<12} working tree {times['tree']:6.2f} s   --at HEAD "
                  f"{times['at']:6.2f} s   ratio {times['at'] / times['tree']:.2f}x "
                  "(target <= 1.5x)")
        outside = Path(tmp) / "outside"
        outside.mkdir()
        (outside / "okr.yaml").write_text("cycles: []\n", encoding="utf-8")
        os.environ.update(GIT)
        print(f"  commit/uncommitted outside git: {origin_ms(outside, 20):.1f} ms; "
              f"in the repository: {origin_ms(root, 20):.1f} ms (per command that names it)")


if __name__ == "__main__":
    main()
