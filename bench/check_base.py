"""What `okr check --base REV` costs on top of `okr check`.

    python bench/check_base.py [--runs 7] [--owners 1000] [--keep DIR]

Two workspaces (10 files and --owners files, bench/gen_workspace.py) are each committed
into a git repository; then 10 files are changed in the working tree (a target moved
without a reason, a check-in appended, one rewritten). Each workspace is checked with and
without `--base HEAD`, the commands interleaved, the cache off (OKR_NO_CACHE=1). The
history rules read only the files that differ, so the added time should be about the
same in both workspaces, and small against the check itself.
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

OKR = [sys.executable, "-m", "okrcli"]
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True,
                   capture_output=True)


def workspace(root: Path, owners: int) -> None:
    names = generate(root, owners, objectives=2, krs=3, checkins=6)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plan")
    for owner in names[-10:]:
        path = root / "okrs" / "2026-Q4" / f"{owner}.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("        target: 1500\n", "        target: 1600\n", 1)
        text = text.replace("            value: ", "            value: 9", 1)
        path.write_text(text, encoding="utf-8")


def timed(cmd: list[str], root: Path) -> float:
    env = {**os.environ, **GIT_ENV, "OKR_NO_CACHE": "1", "OKR_TODAY": "2026-11-26",
           "OKR_LANG": "en"}
    start = time.perf_counter()
    proc = subprocess.run([*cmd, "--root", str(root)], env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr.decode())
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    top = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-base-"))
    sizes = {"10 files": 10, f"{args.owners} files": args.owners}
    roots = {}
    for name, owners in sizes.items():
        roots[name] = top / name.replace(" ", "-")
        if not roots[name].exists():
            workspace(roots[name], owners)
    commands = {"check": [*OKR, "check"], "check --base HEAD": [*OKR, "check", "--base", "HEAD"]}
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.runs):
        for name, root in roots.items():
            for label, cmd in commands.items():
                times.setdefault((name, label), []).append(timed(cmd, root))
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    extra = {}
    for name in roots:
        plain, base = med[(name, "check")], med[(name, "check --base HEAD")]
        extra[name] = base - plain
        print(f"{name}: check {plain:.0f} ms, check --base HEAD {base:.0f} ms "
              f"= {base / plain:.2f}x, +{extra[name]:.0f} ms for the history rules")
    small, big = extra.values()
    print(f"added time, {args.owners} files / 10 files: {big:.0f} / {small:.0f} ms"
          f" = {big / small:.2f}x" if small > 0 else "")
    if args.keep is None:
        shutil.rmtree(top)


if __name__ == "__main__":
    main()
