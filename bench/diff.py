"""`okr diff HEAD~1 HEAD` of a commit that changes 10 files, in a 1,000-file workspace
against a 10-file one (target: at most 1.5x), measured in one run.

    python bench/diff.py [--runs 9] [--owners 1000] [--keep DIR]

Each workspace (bench/gen_workspace.py) is committed in a git repository of its own; a
second commit adds a check-in to every key result of 10 people's files and raises one
target in each, with its reason. The commands are interleaved (bench/run.py's `race`),
so machine noise hits both alike. Run it where okr is installed normally (`pip install .`).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_workspace import generate
from run import TODAY, okr_command, race

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True,
                   capture_output=True)


def change(path: Path) -> None:
    """A check-in on every key result and a raised target (with its reason) on the first."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("        checkins:\n", "        checkins:\n"
                        "          - date: 2026-11-25\n            value: 9999\n")
    text = re.sub(r"target: (\d+)\n", lambda m: f"target: {int(m.group(1)) + 100}\n"
                  "        changes:\n          - date: 2026-11-25\n            field: target\n"
                  f"            old: {m.group(1)}\n            new: {int(m.group(1)) + 100}\n"
                  "            reason: 渠道扩大\n", text, count=1)
    path.write_text(text, encoding="utf-8")


def repository(folder: Path, owners: int) -> Path:
    """A repository holding a generated workspace of ``owners`` files, then a commit that
    changes 10 of them (people's files: each aligns to a team, which aligns to the company)."""
    folder.mkdir(parents=True)
    made = generate(folder, owners)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "plan")
    people = [o for o in made if o.startswith("p")] or made
    for owner in (people * 10)[:10] if len(people) < 10 else people[:10]:
        change(folder / "okrs" / "2026-Q4" / f"{owner}.yaml")
    git(folder, "commit", "-q", "-a", "-m", "check-ins")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-diff-"))
    big, small = folder / "big", folder / "small"
    if not big.exists():
        repository(big, args.owners)
        repository(small, 10)
    okr = okr_command()
    env = {**os.environ, **GIT_ENV, "OKR_TODAY": TODAY, "OKR_LANG": "en",
           "OKR_CACHE_DIR": str(folder / "cache")}
    med = race({
        "big": [*okr, "diff", "HEAD~1", "HEAD", "--root", str(big)],
        "small": [*okr, "diff", "HEAD~1", "HEAD", "--root", str(small)],
    }, args.runs, env)
    print(f"okr diff HEAD~1 HEAD, 10 files changed (median of {args.runs}, interleaved)")
    print(f"  {args.owners} files: {med['big'] * 1000:7.1f} ms")
    print(f"  10 files:   {med['small'] * 1000:7.1f} ms")
    print(f"  ratio:      {med['big'] / med['small']:5.2f}x  (target 1.5x)")
    print(f"  workspaces in {folder}" if args.keep else "")


if __name__ == "__main__":
    main()
