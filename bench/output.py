"""What the reading commands cost, and how much they write, at a size (issue 13, point 3).

    python bench/output.py [--okr PATH] [--sizes 100,1000] [--runs 3] [--work /tmp/okr-output]

For each size: a workspace from gen_workspace.py (made once under --work), one `okr check`
to fill the cache, then `okr status` (the top of the tree), `okr status --all`,
`okr status --format json`, `okr tree` and `okr report` run round-robin --runs times,
piped (stdout to a file), with OKR_TODAY pinned. Prints each command's median seconds,
its ratio to the JSON of the same workspace, and the bytes it wrote. Time a regular
(non-editable) install: --okr /tmp/venv/bin/okr. Public tools only: python.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_workspace import generate

COMMANDS = {
    "status (top)": ["status"],
    "status --all": ["status", "--all"],
    "status --format json": ["status", "--format", "json"],
    "tree": ["tree"],
    "report": ["report"],
}


def run(okr: str, args: list[str], root: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds and bytes written on stdout by one run."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        subprocess.run([okr, *args, "--root", str(root)], stdout=out,
                       stderr=subprocess.DEVNULL, env=env, check=False)
        took = time.perf_counter() - start
        return took, out.seek(0, os.SEEK_END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--okr", default="okr")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "okr-output")
    args = parser.parse_args()
    env = {**os.environ, "OKR_TODAY": "2026-11-26", "OKR_LANG": "en",
           "OKR_CACHE_DIR": str(args.work / "cache")}
    env.pop("COLUMNS", None)
    for size in (int(s) for s in args.sizes.split(",")):
        root = args.work / f"ws-{size}"
        if not (root / "okr.yaml").exists():
            generate(root, size)
        subprocess.run([args.okr, "check", "--root", str(root)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env, check=False)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        sizes: dict[str, int] = {}
        for _ in range(args.runs):  # round-robin: the machine's noise falls on all alike
            for name, command in COMMANDS.items():
                took, wrote = run(args.okr, command, root, env)
                times[name].append(took)
                sizes[name] = wrote
        json = statistics.median(times["status --format json"])
        print(f"## {size} files ({args.runs} runs, medians)")
        print("| command | seconds | × json | bytes |")
        print("|---|---:|---:|---:|")
        for name in COMMANDS:
            median = statistics.median(times[name])
            print(f"| okr {name} | {median:.2f} | {median / json:.2f} | {sizes[name]:,} |")
        print()


if __name__ == "__main__":
    main()
