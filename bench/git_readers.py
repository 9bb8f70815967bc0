"""How to read git: the git command against the two Python bindings, on the jobs okr does.

    python bench/git_readers.py [--owners 1000] [--commits 500] [--runs 7]

Builds a repository holding a generated workspace (bench/gen_workspace.py) and one file
with ``--commits`` commits of history, then times, each in a fresh process (as a command
pays it), medians of ``--runs`` interleaved runs:

- start: importing the reader (nothing for the git command);
- tree: every blob of the workspace at HEAD (``git ls-tree -r`` + ``git cat-file --batch``
  against dulwich's and pygit2's object readers);
- history: the blob of every version of the one file through its history (``git log --raw``
  against dulwich's walker with ``follow``; pygit2 has no rename following).

dulwich and pygit2 are timed when installed (``pip install dulwich pygit2``), else skipped.
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

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
       "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}

TREE = {
    "git": """
import subprocess
out = subprocess.run(["git", "ls-tree", "-r", "-z", "HEAD"], capture_output=True).stdout
shas = [r.split()[2] for r in out.split(b"\\0") if r]
data = subprocess.run(["git", "cat-file", "--batch"], input=b"\\n".join(shas) + b"\\n",
                      capture_output=True).stdout
assert len(data) > 0
""",
    "dulwich": """
from dulwich.repo import Repo
from dulwich.object_store import iter_tree_contents
repo = Repo(".")
tree = repo[repo.head()].tree
total = sum(len(repo[e.sha].data) for e in iter_tree_contents(repo.object_store, tree))
assert total > 0
repo.close()
""",
    "pygit2": """
import pygit2
repo = pygit2.Repository(".")
total = 0
def walk(tree):
    global total
    for entry in tree:
        if entry.type_str == "tree":
            walk(repo[entry.id])
        else:
            total += len(repo[entry.id].data)
walk(repo.head.peel().tree)
assert total > 0
""",
}

HISTORY = {
    "git": """
import subprocess
out = subprocess.run(["git", "log", "-z", "--raw", "--no-abbrev", "--follow", "--format=%H",
                      "--", "history.yaml"], capture_output=True).stdout
shas = [p.split()[3] for p in out.split(b"\\0") if p.startswith(b":")]
data = subprocess.run(["git", "cat-file", "--batch"], input=b"\\n".join(shas) + b"\\n",
                      capture_output=True).stdout
assert len(data) > 0
""",
    "dulwich": """
from dulwich.repo import Repo
repo = Repo(".")
walker = repo.get_walker(paths=[b"history.yaml"], follow=True)
total = 0
for entry in walker:
    for change in entry.changes():
        if change.new.sha:
            total += len(repo[change.new.sha].data)
assert total > 0
repo.close()
""",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True)


def build(folder: Path, owners: int, commits: int) -> Path:
    repo = folder / "repo"
    subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(repo),
                    "--owners", str(owners)], check=True, capture_output=True)
    git(repo, "init", "-q", "-b", "main")
    path = repo / "history.yaml"
    path.write_text("checkins:\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    # many commits quickly: fast-import, one commit per check-in
    stream = []
    text = "checkins:\n"
    for i in range(commits):
        text += f"  - {{date: 2026-10-{1 + i % 28:02d}, value: {i}}}\n"
        blob = text.encode()
        stream.append(f"commit refs/heads/main\ncommitter bench <b@e> {1790000000 + i} +0000\n"
                      f"data 6\ncommit\nfrom refs/heads/main^0\n"
                      f"M 100644 inline history.yaml\ndata {len(blob)}\n".encode() + blob
                      + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, env=ENV, check=True,
                   input=b"".join(stream))
    git(repo, "reset", "-q", "--hard", "main")
    return repo


def timed(repo: Path, code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=repo, env=ENV, check=True)
    return time.perf_counter() - start


def available(name: str) -> bool:
    if name == "git":
        return True
    return subprocess.run([sys.executable, "-c", f"import {name}"],
                          capture_output=True).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = build(Path(tmp), args.owners, args.commits)
        jobs = {"start": {"git": "pass", "dulwich": "import dulwich.repo",
                          "pygit2": "import pygit2"},
                "tree": TREE, "history": HISTORY}
        for job, codes in jobs.items():
            codes = {k: v for k, v in codes.items() if available(k)}
            times: dict[str, list[float]] = {k: [] for k in codes}
            for _ in range(args.runs):
                for name, code in codes.items():
                    times[name].append(timed(repo, code))
            medians = {k: statistics.median(v) for k, v in times.items()}
            line = ", ".join(f"{k} {v * 1000:.0f} ms ({v / medians['git']:.2f}x)"
                             for k, v in medians.items())
            print(f"{job:8} {line}")


if __name__ == "__main__":
    main()
